//! The app audit: read the application through the Management API and compare
//! it field by field with what the target needs. Read only.

mod compare;
mod mgmt;

use super::client_secret::ClientLookup;
use super::http::{Request, Response};
use super::result::{CheckId, CheckResult, Diagnosis, Evidence};
use super::Http;
use crate::model::Domain;
use crate::requirements::AppRequirements;
use crate::secret::Secret;
pub(crate) use compare::compare;
use mgmt::{http_fail, rate_limited, send_with_retry, token_of};
use std::time::{Duration, Instant};
use url::Url;

pub const TITLE: &str = "Application settings (Management API)";

/// The fields the audit reads (`read:clients`).
pub const FIELDS: &str = "client_id,name,app_type,callbacks,allowed_logout_urls,grant_types,token_endpoint_auth_method,oidc_conformant,jwt_configuration,initiate_login_uri,is_first_party";

/// A Machine to Machine application authorized for the Management API with `read:clients`.
#[derive(Debug, Clone)]
pub struct MgmtCredentials {
    /// The domain to call the Management API on; default: the Auth0 domain.
    pub domain: Option<Domain>,
    pub client_id: String,
    pub client_secret: Secret,
    /// Default: `https://{management domain}/api/v2/`.
    pub audience: Option<String>,
}

pub struct AuditInput<'a> {
    pub mgmt_domain: &'a Domain,
    pub mgmt: &'a MgmtCredentials,
    /// The application users log in through.
    pub client_id: &'a str,
    /// What the target needs; `None` audits only what every target needs.
    pub requirements: Option<&'a AppRequirements>,
    /// The login test's loopback callback, if the login test will be used.
    pub login_test_callback: Option<&'a str>,
    /// A client secret is configured (so the auth method must not be `none`).
    pub secret_used: bool,
    pub max_retries: u32,
    pub max_retry_wait: Duration,
}

/// Run the audit. The lookup says whether the client ID exists, for the secret check.
pub async fn check(http: &Http, input: AuditInput<'_>) -> (CheckResult, ClientLookup) {
    let started = Instant::now();
    let mut evidence = Vec::new();
    let (mut r, lookup) = run(http, &input, &mut evidence).await;
    r.evidence = evidence;
    r.elapsed_ms = started.elapsed().as_millis() as u64;
    (r, lookup)
}

fn fail(d: Diagnosis, detail: impl Into<String>, fix: impl Into<String>) -> CheckResult {
    CheckResult::fail(CheckId::AppAudit, d, TITLE, detail, fix)
}

const MGMT_APP_FIX: &str = "In Auth0: Applications > APIs > Auth0 Management API > Machine To Machine Applications: switch your M2M application on and tick read:clients, then Update.";

/// A step either gives what the next one needs or ends the audit with its result.
type Step<T> = Result<T, Box<(CheckResult, ClientLookup)>>;

fn stop<T>(r: CheckResult, lookup: ClientLookup) -> Step<T> {
    Err(Box::new((r, lookup)))
}

async fn run(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
) -> (CheckResult, ClientLookup) {
    match audit(http, input, evidence).await {
        Ok(r) => (r, ClientLookup::Found),
        Err(stopped) => *stopped,
    }
}

async fn audit(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
) -> Step<CheckResult> {
    let token = mgmt_token(http, input, evidence).await?;
    let app = read_app(http, input, evidence, token).await?;
    Ok(compare(&app, input))
}

/// One request (retried on 429); a failure names what it was for.
async fn send(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
    req: Request,
    doing: &str,
) -> Step<Response> {
    let sent = send_with_retry(http, req, input, evidence).await;
    sent.or_else(|e| stop(http_fail(doing, &e), ClientLookup::Unknown))
}

/// 1. A Management API token (client credentials of the M2M application).
async fn mgmt_token(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
) -> Step<String> {
    let base = input.mgmt_domain.base_url();
    let audience = input
        .mgmt
        .audience
        .clone()
        .unwrap_or_else(|| format!("{base}/api/v2/"));
    let token_url = Url::parse(&format!("{base}/oauth/token")).expect("valid domain");
    let form = vec![
        ("grant_type".to_owned(), "client_credentials".to_owned()),
        ("client_id".to_owned(), input.mgmt.client_id.clone()),
        (
            "client_secret".to_owned(),
            input.mgmt.client_secret.expose().to_owned(),
        ),
        ("audience".to_owned(), audience),
    ];
    let req = Request::post_form(token_url, form);
    let resp = send(http, input, evidence, req, "getting a Management API token").await?;
    token_of(&resp).or_else(|r| stop(*r, ClientLookup::Unknown))
}

/// 2. The application's record, as a JSON object with the fields `read:clients` gives.
async fn read_app(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
    token: String,
) -> Step<serde_json::Value> {
    let base = input.mgmt_domain.base_url();
    let mut url = Url::parse(&format!("{base}/api/v2/clients/")).expect("valid domain");
    url.path_segments_mut()
        .expect("https URL")
        .pop_if_empty()
        .push(input.client_id);
    url.query_pairs_mut()
        .append_pair("fields", FIELDS)
        .append_pair("include_fields", "true");
    let req = Request::get(url).bearer(token);
    let resp = send(http, input, evidence, req, "reading the application").await?;
    let unknown = |r| stop(r, ClientLookup::Unknown);
    match resp.status {
        200 => {}
        404 => {
            return stop(
                fail(
                    Diagnosis::ClientNotFound,
                    format!("The tenant has no application with the client ID {} (HTTP 404).", input.client_id),
                    "Copy Client ID from Applications > Applications > (your app) > Settings > Basic Information, on the tenant the Management API credentials belong to.",
                ),
                ClientLookup::NotFound,
            )
        }
        429 => return unknown(rate_limited(&resp)),
        401 => return unknown(fail(Diagnosis::MgmtTokenRejected, "The Management API refused the token (HTTP 401).", "Check that the Management API domain and audience are the tenant's (https://{tenant}/api/v2/).")),
        403 => return unknown(fail(Diagnosis::MgmtMissingScope, format!("The Management API refused to read the application (HTTP 403: {}).", resp.text_excerpt(200)), MGMT_APP_FIX)),
        s => return unknown(fail(Diagnosis::HttpStatus, format!("Reading the application answered HTTP {s}."), "Try again; a 5xx may be a passing outage (status.auth0.com).")),
    }
    app_record(resp.json()).or_else(|r| stop(r, ClientLookup::Found))
}

/// The record must be an object with more than the name and type.
#[allow(clippy::result_large_err)] // made once per audit, and turned into the result
fn app_record(
    body: Result<serde_json::Value, super::http::BodyError>,
) -> Result<serde_json::Value, CheckResult> {
    let domain_fix = "Check the Management API domain.";
    let app = match body {
        Ok(v) if v.is_object() => v,
        Ok(_) => {
            return Err(fail(
                Diagnosis::MalformedJson,
                "The application record is not a JSON object.",
                domain_fix,
            ))
        }
        Err(e) => return Err(fail(e.diagnosis(), e.to_string(), domain_fix)),
    };
    if app.get("callbacks").is_none()
        && app.get("grant_types").is_none()
        && app.get("token_endpoint_auth_method").is_none()
    {
        // Without read:clients Auth0 returns only client_id, app_type, name and description.
        return Err(fail(Diagnosis::MgmtMissingScope, "The Management API returned only the application's name and type: the M2M application lacks the read:clients scope.", MGMT_APP_FIX));
    }
    Ok(app)
}
