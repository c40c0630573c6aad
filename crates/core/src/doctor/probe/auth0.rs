//! What the running system uses against Auth0: the tenant's discovery
//! document, and the application's settings when Management API credentials
//! are given (through [`crate::checks::audit`], unchanged). Findings say
//! which side is wrong: `probe.auth0.*` (fix it in Auth0), `probe.system.*`,
//! `probe.file.*`.

use super::compare::{at_field, file_callback};
use super::{Finding, Level, Location, Observed, ProbeKind, ProbeResult, ProbeStatus, Probed};
use crate::checks::audit::{self, AuditInput};
use crate::checks::discovery::{self, Discovery};
use crate::checks::{self, CheckResult, CheckStatus, Diagnosis, Http, MgmtCredentials};
use crate::doctor::import::Imported;
use crate::model::{Domain, Release};
use crate::requirements::{self, AppRequirements, DomainUse, RequirementsInput};
use crate::target::TargetId;
use std::time::Duration;

/// What asking Auth0 added.
#[derive(Debug, Clone, Default)]
pub struct Auth0Side {
    pub results: Vec<ProbeResult>,
    pub findings: Vec<Finding>,
}

/// Ask Auth0 about what the system uses: its discovery document (from the
/// domain the system sends users to, else the file's), and with `mgmt`, the
/// application the system uses (else the file's).
pub async fn against_auth0(
    http: &Http,
    probed: &Probed,
    imported: &Imported,
    mgmt: Option<&MgmtCredentials>,
) -> Auth0Side {
    let mut side = Auth0Side::default();
    let Some(domain) = auth0_domain(&probed.observed, imported) else {
        return side;
    };
    let out = discovery::fetch(http, &domain).await;
    side.results.push(discovery_result(&domain, &out));
    if let Some(doc) = &out.doc {
        side.findings
            .extend(against_discovery(probed, imported, doc));
    }
    let client_id =
        probed.observed.client_id().map(str::to_owned).or_else(|| {
            Some(imported.settings.client_id.trim().to_owned()).filter(|c| !c.is_empty())
        });
    if let (Some(m), Some(client_id)) = (mgmt, client_id) {
        let reqs = app_requirements(probed, imported);
        let mgmt_domain = m.domain.clone().unwrap_or_else(|| domain.clone());
        let secret_used = reqs.token_endpoint_auth_method != "none";
        let input = AuditInput {
            mgmt_domain: &mgmt_domain,
            mgmt: m,
            client_id: &client_id,
            requirements: Some(&reqs),
            login_test_callback: None,
            secret_used,
            max_retries: 2,
            max_retry_wait: Duration::from_secs(5),
        };
        let (r, _) = audit::check(http, input).await;
        let from_system = probed.observed.client_id() == Some(client_id.as_str());
        side.findings
            .extend(from_audit(&r, &client_id, from_system, imported));
        let url = format!("{}/api/v2/clients/{client_id}", mgmt_domain.base_url());
        side.results.push(result_of(ProbeKind::Auth0App, url, &r));
    }
    side
}

/// The Auth0 domain the system uses, else the file's.
fn auth0_domain(o: &Observed, imported: &Imported) -> Option<Domain> {
    o.auth0_host()
        .and_then(|h| checks::parse_domain(&h).ok())
        .or_else(|| checks::parse_domain(imported.settings.domain.trim()).ok())
}

fn discovery_result(domain: &Domain, out: &discovery::DiscoveryOutcome) -> ProbeResult {
    let url = discovery::discovery_url(domain).to_string();
    let r = if out.reachable() {
        &out.discovery
    } else {
        &out.reachability
    };
    let mut p = result_of(ProbeKind::Auth0Discovery, url, r);
    if !out.reachable() {
        p.status = ProbeStatus::Unreachable;
    }
    p
}

fn result_of(kind: ProbeKind, url: String, r: &CheckResult) -> ProbeResult {
    let status = match r.status {
        CheckStatus::Pass => ProbeStatus::Ok,
        CheckStatus::Warn | CheckStatus::Skipped => ProbeStatus::Warning,
        CheckStatus::Fail => ProbeStatus::Failed,
    };
    let detail = match &r.fix {
        Some(fix) if status != ProbeStatus::Ok => format!("{} {fix}", r.detail),
        _ => r.detail.clone(),
    };
    ProbeResult {
        kind,
        system: "auth0".to_owned(),
        url,
        status,
        detail,
        evidence: r.evidence.clone(),
    }
}

/// What the system uses against Auth0's discovery document.
pub fn against_discovery(probed: &Probed, imported: &Imported, doc: &Discovery) -> Vec<Finding> {
    let Some(live) = doc.issuer.as_deref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let o = &probed.observed;
    // OpenMetadata's authority is the issuer without its slash (C14 covers the slash itself).
    if let Some(authority) = o.openmetadata.as_ref().and_then(|a| a.authority.as_deref()) {
        if authority.trim_end_matches('/') != live.trim_end_matches('/') {
            found.push(at_field("probe.system.authority_differs", Level::Error, imported, "domain",
                format!("The running OpenMetadata's authority is {authority}, but the tenant's issuer is {live}: the Auth0 SDK checks the token's issuer against the authority, so the login fails."),
                format!("Set authority to {} and restart OpenMetadata.", live.trim_end_matches('/'))));
        }
    }
    // A system that cannot start a login with an issuer that is not Auth0's, letter for letter (C2, C8).
    let file = imported.settings.issuer.trim();
    if (o.dex_down || o.sign_in_failed.is_some()) && !file.is_empty() && file != live {
        found.push(at_field("probe.file.issuer_differs", Level::Error, imported, "issuer",
            format!("The file's issuer {file} is not Auth0's {live} letter for letter, and the running system cannot start a login: go-oidc refuses an issuer that differs from the discovery document's (\"issuer did not match the issuer returned by provider\")."),
            format!("Write the issuer exactly as {live}.")));
    }
    found
}

/// The application Auth0 must have for what the system uses: the target's
/// needs from the file, with the callback and logout URL the system really uses.
pub fn app_requirements(probed: &Probed, imported: &Imported) -> AppRequirements {
    let o = &probed.observed;
    let mut raw = imported.settings.clone();
    raw.target = probed.target.as_str().to_owned();
    if let Some(t) = o.openmetadata.as_ref().and_then(|a| a.client_type.clone()) {
        raw.extras
            .insert("clientType".to_owned(), t.to_ascii_lowercase());
    }
    let mut app = requirements::from_raw(&raw, None, DomainUse::IfValid)
        .map(|r| r.application)
        .unwrap_or_else(|_| fallback(probed.target, &raw.public_url));
    let callback = o
        .callback
        .clone()
        .or_else(|| file_callback(probed.target, imported));
    app.callbacks = callback.into_iter().collect();
    app.logout_urls = o.logout_url.clone().into_iter().collect();
    app
}

fn fallback(target: TargetId, public_url: &str) -> AppRequirements {
    let base = public_url.trim().trim_end_matches('/');
    let base = if base.is_empty() {
        "https://example.invalid"
    } else {
        base
    };
    requirements::requirements(&RequirementsInput::new(target, Release::Current, base)).application
}

/// The audit's findings that concern what the system uses, each saying the side.
pub fn from_audit(
    r: &CheckResult,
    client_id: &str,
    from_system: bool,
    imported: &Imported,
) -> Vec<Finding> {
    if r.diagnosis == Diagnosis::ClientNotFound {
        let (code, whose) = if from_system {
            ("probe.system.client_id_unknown", "the running system uses")
        } else {
            ("probe.file.client_id_unknown", "the file has")
        };
        return vec![at_field(code, Level::Error, imported, "clientId",
            format!("The tenant has no application with the client ID {client_id}, which {whose}: Auth0 refuses the login."),
            "Use the Client ID of the application in this tenant (Applications > Applications > (your app) > Settings), or check that the Management API credentials belong to the same tenant.")];
    }
    r.findings
        .iter()
        .filter_map(|f| {
            let code = match f.diagnosis {
                Diagnosis::CallbackMissing | Diagnosis::CallbackCaseMismatch => {
                    "probe.auth0.callback_missing"
                }
                Diagnosis::LogoutUrlMissing => "probe.auth0.logout_url_missing",
                Diagnosis::AppTypeMismatch => "probe.auth0.app_type",
                Diagnosis::AuthMethodNone | Diagnosis::AuthMethodMismatch => {
                    "probe.auth0.auth_method"
                }
                _ => return None,
            };
            let severity = if f.status == CheckStatus::Fail {
                Level::Error
            } else {
                Level::Warning
            };
            let location = Location {
                path: format!("auth0:{}", f.field),
                line: None,
            };
            Some(Finding::new(
                code,
                severity,
                location,
                format!("Auth0: {}", f.message),
                f.fix.clone(),
            ))
        })
        .collect()
}
