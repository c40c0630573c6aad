//! Fixed configurations for the export tests and the export benchmark: built
//! through `validate::build_with` from `RawSettings`, with a fixed secret
//! generator, so every export is byte-stable.
#![allow(dead_code)]

use auth0_wizard_core::catalog::target_info;
use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{Config, RawSettings, Secret, TargetId};

pub const DOMAIN: &str = "dev-abc123.us.auth0.com";
pub const CLIENT_ID: &str = "Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0";
pub const CLIENT_SECRET: &str = "GoldenClientSecret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
/// base64 of 32 bytes of 0x01 / 0x02: what the fixed generator hands out.
pub const COOKIE_SECRET: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
pub const SHARED_SECRET: &str = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";
pub const BOT_JWT: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmdlc3Rpb24tYm90In0.R29sZGVuQm90U2lnbmF0dXJl";
pub const M2M_CLIENT_ID: &str = "M2mClientId0123456789abcdefGHIJK";
pub const M2M_SECRET: &str = "GoldenM2mSecret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM";
pub const SA_CLIENT_ID: &str = "SvcAcctClientId0123456789abcdefG";
pub const SA_SECRET: &str = "GoldenServiceAccountSecret-0123456789abcdefghijklmnopqrstuvwxyzAB";
pub const GROUPS_CLAIM: &str = "https://example.com/groups";

/// Every secret value the fixtures contain.
pub const ALL_SECRETS: [&str; 6] = [
    CLIENT_SECRET,
    COOKIE_SECRET,
    SHARED_SECRET,
    BOT_JWT,
    M2M_SECRET,
    SA_SECRET,
];

fn fixed_generator(key: &str) -> Secret {
    match key {
        "cookieSecret" => Secret::new(COOKIE_SECRET),
        "sharedSecret" => Secret::new(SHARED_SECRET),
        other => panic!("unexpected generated secret {other}"),
    }
}

/// One fixture: a name (the golden file's variant, "" for the plain one), the
/// formats it is exported in, and the configuration.
pub struct Fixture {
    pub target: TargetId,
    pub variant: String,
    pub formats: Vec<&'static str>,
    pub config: Config,
}

fn raw(target: &str, version: &str, public_url: &str) -> RawSettings {
    RawSettings {
        target: target.to_owned(),
        version: version.to_owned(),
        domain: DOMAIN.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: Some(Secret::new(CLIENT_SECRET)),
        public_url: public_url.to_owned(),
        ..RawSettings::default()
    }
}

/// `raw` changed by `edit`.
fn with(mut raw: RawSettings, edit: impl FnOnce(&mut RawSettings)) -> RawSettings {
    edit(&mut raw);
    raw
}

pub fn build(raw: &RawSettings) -> Config {
    build_with(raw, &mut fixed_generator)
        .unwrap_or_else(|r| panic!("fixture does not validate: {:?}", r.codes()))
}

/// The settings of each fixture: (variant, the formats it is exported in (empty: all of
/// its target's), settings).
fn settings() -> Vec<(&'static str, Vec<&'static str>, RawSettings)> {
    let pachyderm = with(raw("pachyderm", "", "https://pachyderm.example.com"), |r| {
        r.groups_claim = GROUPS_CLAIM.to_owned();
    });
    let pachd = with(
        raw("pachyderm-1x", "", "https://pachd.example.com:30657"),
        |r| {
            r.extras.insert("liveConfigVersion".into(), "3".into());
        },
    );
    let pomerium = raw("pomerium", "", "https://authenticate.example.com");
    let pomerium_legacy = with(raw("pomerium", "<0.20", &pomerium.public_url), |r| {
        r.extras
            .insert("serviceAccountClientId".into(), SA_CLIENT_ID.into());
        r.extra_secrets
            .insert("serviceAccountSecret".into(), Secret::new(SA_SECRET));
    });
    let om = with(
        raw("openmetadata", "", "https://openmetadata.example.com"),
        |r| {
            r.extras
                .insert("adminPrincipals".into(), "alice, bob".into());
            r.extras
                .insert("principalDomain".into(), "example.com".into());
            r.extra_secrets
                .insert("botJwt".into(), Secret::new(BOT_JWT));
        },
    );
    let om_public = with(om.clone(), |r| {
        r.client_secret = None;
        r.extras.insert("clientType".into(), "public".into());
    });
    let om_legacy = with(om.clone(), |r| {
        r.version = "<=1.2".into();
        r.extra_secrets.clear();
        r.extras.insert("m2mClientId".into(), M2M_CLIENT_ID.into());
        r.extra_secrets
            .insert("m2mClientSecret".into(), Secret::new(M2M_SECRET));
    });
    let dex_plain = with(raw("dex", "", "https://dex.example.com/dex"), |r| {
        r.client_secret = None;
    });
    let dex = with(raw("dex", "", &dex_plain.public_url), |r| {
        r.groups_claim = GROUPS_CLAIM.to_owned();
    });
    let om_public_formats = vec![
        "server-yaml",
        "server-env",
        "helm-values",
        "security-config",
    ];
    vec![
        ("", vec![], pachyderm),
        ("", vec![], pachd),
        ("", vec![], pomerium),
        ("legacy", vec![], pomerium_legacy),
        ("", vec![], om),
        ("public", om_public_formats, om_public),
        ("legacy", vec!["ingestion-yaml"], om_legacy),
        ("", vec![], dex),
        ("nogroups-nosecret", vec![], dex_plain),
    ]
}

/// The fixtures, each also in handoff mode (variant suffix `handoff`).
pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for (variant, formats, raw) in settings() {
        let target: TargetId = raw.target.parse().unwrap();
        let formats = if formats.is_empty() {
            target_info(target).formats.iter().map(|f| f.id).collect()
        } else {
            formats
        };
        let config = build(&raw);
        let handoff = if variant.is_empty() {
            "handoff".to_owned()
        } else {
            format!("{variant}.handoff")
        };
        out.push(Fixture {
            target,
            variant: variant.to_owned(),
            formats: formats.clone(),
            config: config.clone(),
        });
        out.push(Fixture {
            target,
            variant: handoff,
            formats,
            config: config.redacted(),
        });
    }
    out
}

/// The configuration of the fixture `variant` of `target`.
pub fn fixture(target: TargetId, variant: &str) -> Config {
    fixtures()
        .into_iter()
        .find(|f| f.target == target && f.variant == variant)
        .unwrap_or_else(|| panic!("no fixture {target} {variant:?}"))
        .config
}

/// The golden file's path relative to `tests/golden`.
pub fn golden_name(f: &Fixture, format: &str) -> String {
    let info = target_info(f.target);
    let syntax = info.format(format).unwrap().syntax;
    let variant = if f.variant.is_empty() {
        String::new()
    } else {
        format!(".{}", f.variant)
    };
    format!("{}/{format}{variant}.{syntax}", f.target)
}
