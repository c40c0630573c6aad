//! What the corrected file holds: the imported settings with the forms the
//! targets compare letter by letter put right ([`correct`]), then each
//! owned value as validation normalizes it ([`wants_from_analysis`]).

use super::{Want, Wants};
use crate::doctor::finding::Finding;
use crate::doctor::import::Imported;
use crate::model::{Config, RawSettings};
use crate::target::TargetOptions;
use crate::validate::{validate, Analysis};

/// Findings about the issuer's form whose fix is Auth0's issuer,
/// `https://DOMAIN/` (the code's end; the target is its start).
const ISSUER_FORM: [&str; 6] = [
    ".issuer.no_trailing_slash",
    ".issuer.not_https",
    ".issuer.has_path",
    "pomerium.idp_provider_url.no_trailing_slash",
    "pomerium.idp_provider_url.scheme",
    "pomerium.idp_provider_url.path",
];

/// Validation's codes for the same problems.
const ISSUER_ISSUES: [&str; 2] = ["issuer.scheme", "issuer.trailing_slash"];

/// The imported settings with what the fixer corrects beyond validation's
/// normalization: an issuer in a form the target refuses becomes Auth0's
/// issuer for the domain (`https://DOMAIN/`). The public URL is already the
/// public URL (the callback form is written back from it).
pub fn correct(imported: &Imported, findings: &[Finding]) -> RawSettings {
    let mut s = imported.settings.clone();
    let by_lint = findings
        .iter()
        .any(|f| ISSUER_FORM.iter().any(|c| f.code.ends_with(c)));
    let by_validation = !s.issuer.trim().is_empty()
        && validate(&s)
            .issues
            .iter()
            .any(|i| ISSUER_ISSUES.contains(&i.code.as_str()));
    if (by_lint || by_validation) && !s.domain.trim().is_empty() {
        if let Ok((domain, _)) = crate::validate::parse_domain(&s.domain) {
            s.issuer = domain.issuer();
        }
    }
    s
}

/// Every owned value of a valid configuration.
pub fn wants_from_config(cfg: &Config) -> Wants {
    let mut w = Wants::new();
    let text = |s: &str| Want::Text(s.to_owned());
    w.insert("domain".into(), text(&cfg.domain.authority()));
    w.insert("issuer".into(), text(&cfg.issuer));
    w.insert("clientId".into(), text(&cfg.client_id));
    w.insert("publicUrl".into(), text(&cfg.public_base()));
    w.insert("connectorId".into(), text(&cfg.connector_id));
    w.insert("connectorName".into(), text(&cfg.connector_name));
    if let Some(g) = &cfg.groups_claim {
        w.insert("groupsClaim".into(), text(g));
    }
    extras(&cfg.options, &mut w);
    w
}

/// Every owned value that validates, even when others do not (a
/// placeholder left for the administrator does not stop the issuer's fix).
/// `raw` is what was analyzed (for the connector's id and name, which
/// validation keeps as given).
pub fn wants_from_analysis(a: &Analysis, raw: &RawSettings) -> Wants {
    if let Some(cfg) = &a.config {
        return wants_from_config(cfg);
    }
    let mut w = Wants::new();
    let text = |s: &str| Want::Text(s.to_owned());
    if let Some(d) = &a.domain {
        w.insert("domain".into(), text(&d.authority()));
    }
    if let Some(i) = a.issuer.as_deref().filter(|i| !i.is_empty()) {
        w.insert("issuer".into(), text(i));
    }
    if let Some(c) = &a.client_id {
        w.insert("clientId".into(), text(c));
    }
    if let Some(u) = &a.public_url {
        w.insert("publicUrl".into(), text(u.as_str().trim_end_matches('/')));
    }
    let issues = |f: &str| a.report.for_field(f).next().is_some();
    for (field, value) in [
        ("connectorId", &raw.connector_id),
        ("connectorName", &raw.connector_name),
    ] {
        if !value.trim().is_empty() && !issues(field) {
            w.insert(field.into(), text(value.trim()));
        }
    }
    if let Some(g) = &a.groups_claim {
        w.insert("groupsClaim".into(), text(g));
    }
    if let Some(o) = &a.options {
        extras(o, &mut w);
    }
    w
}

/// The target's own settings that are not secrets.
fn extras(options: &TargetOptions, w: &mut Wants) {
    let text = |s: &str| Want::Text(s.to_owned());
    match options {
        TargetOptions::Pachyderm(o) => {
            w.insert("extras.secretName".into(), text(&o.secret_name));
        }
        TargetOptions::Pachyderm1x(o) => {
            w.insert(
                "extras.liveConfigVersion".into(),
                Want::Int(o.live_config_version),
            );
        }
        TargetOptions::Pomerium(o) => {
            if let Some(id) = &o.service_account_client_id {
                w.insert("extras.serviceAccountClientId".into(), text(id));
            }
        }
        TargetOptions::Openmetadata(o) => {
            let client_type = match o.client_type {
                crate::target::openmetadata::ClientType::Public => "public",
                crate::target::openmetadata::ClientType::Confidential => "confidential",
            };
            w.insert("extras.clientType".into(), text(client_type));
            w.insert("extras.principalDomain".into(), text(&o.principal_domain));
            w.insert(
                "extras.adminPrincipals".into(),
                Want::List(o.admin_principals.clone()),
            );
            if let Some(id) = &o.m2m_client_id {
                w.insert("extras.m2mClientId".into(), text(id));
            }
        }
        TargetOptions::Dex(_) => {}
    }
}
