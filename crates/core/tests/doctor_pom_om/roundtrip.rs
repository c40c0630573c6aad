//! Every export of Pomerium and OpenMetadata, plain and handoff, imports
//! back as its own target and format, with the settings it carries (a
//! withheld secret is no secret; the ingestion JWT form carries only the
//! server URL and the token).

use crate::export_fixtures::fixtures;
use auth0_wizard_core::doctor::{claims, ImportOptions, Source};
use auth0_wizard_core::export::export;
use auth0_wizard_core::{Config, OmClientType, RawSettings, TargetId, TargetOptions};
use std::collections::BTreeMap;

/// The settings a file carries, comparable.
#[derive(Debug, Default, PartialEq)]
pub struct Carried {
    domain: String,
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    public_url: String,
    version: String,
    extras: BTreeMap<String, String>,
    secrets: BTreeMap<String, String>,
}

fn actual(s: &RawSettings) -> Carried {
    Carried {
        domain: s.domain.clone(),
        issuer: s.issuer.clone(),
        client_id: s.client_id.clone(),
        client_secret: s.client_secret.as_ref().map(|x| x.expose().to_owned()),
        public_url: s.public_url.clone(),
        version: s.version.clone(),
        extras: s.extras.clone(),
        secrets: s
            .extra_secrets
            .iter()
            .map(|(k, v)| (k.clone(), v.expose().to_owned()))
            .collect(),
    }
}

fn shown(cfg: &Config, s: Option<&auth0_wizard_core::Secret>) -> Option<String> {
    (!cfg.handoff)
        .then(|| s.map(|x| x.expose().to_owned()))
        .flatten()
}

fn pomerium(cfg: &Config, text: &str) -> Carried {
    let TargetOptions::Pomerium(o) = &cfg.options else {
        unreachable!()
    };
    let mut c = Carried {
        domain: cfg.domain.authority(),
        issuer: cfg.issuer.clone(),
        client_id: cfg.client_id.clone(),
        client_secret: shown(cfg, cfg.client_secret.as_ref()),
        public_url: cfg.public_base(),
        ..Carried::default()
    };
    for (k, v) in [
        ("cookieSecret", &o.cookie_secret),
        ("sharedSecret", &o.shared_secret),
    ] {
        c.secrets
            .extend(shown(cfg, Some(v)).map(|v| (k.to_owned(), v)));
    }
    if text.to_ascii_lowercase().contains("idp_service_account:")
        || text.contains("IDP_SERVICE_ACCOUNT=")
    {
        c.version = "<0.20".into();
        c.extras.insert(
            "serviceAccountClientId".into(),
            o.service_account_client_id.clone().unwrap(),
        );
        c.secrets.extend(
            shown(cfg, o.service_account_secret.as_ref())
                .map(|v| ("serviceAccountSecret".to_owned(), v)),
        );
    }
    c
}

fn openmetadata(cfg: &Config, format: &str) -> Carried {
    let TargetOptions::Openmetadata(o) = &cfg.options else {
        unreachable!()
    };
    let mut c = Carried {
        public_url: cfg.public_base(),
        version: "1.3+".into(),
        ..Carried::default()
    };
    if format == "ingestion-yaml" {
        if let Some(jwt) = shown(cfg, o.bot_jwt.as_ref()) {
            c.secrets.insert("botJwt".into(), jwt);
        }
        if cfg.release == auth0_wizard_core::Release::Legacy {
            c.version = "<=1.2".into();
            c.domain = cfg.domain.authority();
            c.extras
                .insert("m2mClientId".into(), o.m2m_client_id.clone().unwrap());
            c.secrets.extend(
                shown(cfg, o.m2m_client_secret.as_ref()).map(|v| ("m2mClientSecret".to_owned(), v)),
            );
        }
        return c;
    }
    let confidential = o.client_type == OmClientType::Confidential;
    c.domain = cfg.domain.authority();
    c.client_id = cfg.client_id.clone();
    c.client_secret = if confidential && format != "helm-values" {
        shown(cfg, cfg.client_secret.as_ref())
    } else {
        None
    };
    let client_type = if confidential {
        "confidential"
    } else {
        "public"
    };
    c.extras.insert("clientType".into(), client_type.into());
    c.extras
        .insert("adminPrincipals".into(), o.admin_principals.join(", "));
    c.extras
        .insert("principalDomain".into(), o.principal_domain.clone());
    c
}

/// One export of a fixture.
pub struct Exported {
    pub target: TargetId,
    pub variant: String,
    pub config: Config,
    pub format: &'static str,
    pub text: String,
}

/// Every export of the two targets' fixtures, plain and handoff.
pub fn exports() -> Vec<Exported> {
    let mut out = Vec::new();
    for f in fixtures()
        .into_iter()
        .filter(|f| matches!(f.target, TargetId::Pomerium | TargetId::Openmetadata))
    {
        for format in f.formats.iter().copied() {
            let text = export(&f.config, format).unwrap();
            out.push(Exported {
                target: f.target,
                variant: f.variant.clone(),
                config: f.config.clone(),
                format,
                text,
            });
        }
    }
    out
}

#[test]
fn every_export_imports_back_to_its_settings() {
    let mut failures = Vec::new();
    let all = exports();
    assert!(all.len() >= 20, "{} exports", all.len());
    for f in all {
        let (format, text) = (f.format, &f.text);
        let src = Source::read(text.as_bytes()).unwrap();
        let first = claims(&src, &ImportOptions::default())
            .into_iter()
            .next()
            .expect("claimed");
        let d = &first.imported.detected;
        let want = match f.target {
            TargetId::Pomerium => pomerium(&f.config, text),
            _ => openmetadata(&f.config, format),
        };
        let got = actual(&first.imported.settings);
        if (d.target, d.format.as_str()) != (f.target, format) || got != want {
            failures.push(format!(
                "{}/{format} {}: detected {} {} ({})\n got  {got:?}\n want {want:?}",
                f.target, f.variant, d.target, d.format, d.why
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
