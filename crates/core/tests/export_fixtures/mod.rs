//! Fixed configurations for the export tests and the export benchmark: built
//! through `validate::build_with` from `RawSettings`, with a fixed secret
//! generator, so every export is byte-stable.
#![allow(dead_code)]

use auth0_wizard_core::catalog::target_info;
use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{Config, RawSettings, Secret, TargetId};
use std::collections::BTreeMap;

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

pub fn build(raw: &RawSettings) -> Config {
    build_with(raw, &mut fixed_generator)
        .unwrap_or_else(|r| panic!("fixture does not validate: {:?}", r.codes()))
}

fn all_formats(target: TargetId) -> Vec<&'static str> {
    target_info(target).formats.iter().map(|f| f.id).collect()
}

/// The fixtures, each also in handoff mode (variant suffix `handoff`).
pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut add =
        |target: TargetId, variant: &'static str, formats: Vec<&'static str>, config: Config| {
            let handoff_variant = if variant.is_empty() {
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
                variant: handoff_variant,
                formats,
                config: config.redacted(),
            });
        };

    let mut pach = raw("pachyderm", "", "https://pachyderm.example.com");
    pach.groups_claim = GROUPS_CLAIM.to_owned();
    add(
        TargetId::Pachyderm,
        "",
        all_formats(TargetId::Pachyderm),
        build(&pach),
    );

    let mut p1 = raw("pachyderm-1x", "", "https://pachd.example.com:30657");
    p1.extras.insert("liveConfigVersion".into(), "3".into());
    add(
        TargetId::Pachyderm1x,
        "",
        all_formats(TargetId::Pachyderm1x),
        build(&p1),
    );

    let pom = raw("pomerium", "", "https://authenticate.example.com");
    add(
        TargetId::Pomerium,
        "",
        all_formats(TargetId::Pomerium),
        build(&pom),
    );
    let mut pom_legacy = raw("pomerium", "<0.20", "https://authenticate.example.com");
    pom_legacy
        .extras
        .insert("serviceAccountClientId".into(), SA_CLIENT_ID.into());
    pom_legacy
        .extra_secrets
        .insert("serviceAccountSecret".into(), Secret::new(SA_SECRET));
    add(
        TargetId::Pomerium,
        "legacy",
        all_formats(TargetId::Pomerium),
        build(&pom_legacy),
    );

    let mut om = raw("openmetadata", "", "https://openmetadata.example.com");
    om.extras = BTreeMap::from([
        ("adminPrincipals".into(), "alice, bob".into()),
        ("principalDomain".into(), "example.com".into()),
    ]);
    om.extra_secrets
        .insert("botJwt".into(), Secret::new(BOT_JWT));
    add(
        TargetId::Openmetadata,
        "",
        all_formats(TargetId::Openmetadata),
        build(&om),
    );
    let mut om_public = om.clone();
    om_public.client_secret = None;
    om_public
        .extras
        .insert("clientType".into(), "public".into());
    add(
        TargetId::Openmetadata,
        "public",
        vec![
            "server-yaml",
            "server-env",
            "helm-values",
            "security-config",
        ],
        build(&om_public),
    );
    let mut om_legacy = om.clone();
    om_legacy.version = "<=1.2".into();
    om_legacy.extra_secrets.clear();
    om_legacy
        .extras
        .insert("m2mClientId".into(), M2M_CLIENT_ID.into());
    om_legacy
        .extra_secrets
        .insert("m2mClientSecret".into(), Secret::new(M2M_SECRET));
    add(
        TargetId::Openmetadata,
        "legacy",
        vec!["ingestion-yaml"],
        build(&om_legacy),
    );

    let mut dex = raw("dex", "", "https://dex.example.com/dex");
    dex.groups_claim = GROUPS_CLAIM.to_owned();
    add(TargetId::Dex, "", all_formats(TargetId::Dex), build(&dex));
    let mut dex_plain = raw("dex", "", "https://dex.example.com/dex");
    dex_plain.client_secret = None;
    add(
        TargetId::Dex,
        "nogroups-nosecret",
        all_formats(TargetId::Dex),
        build(&dex_plain),
    );

    out
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
