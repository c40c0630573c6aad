//! The app audit: read the application through the Management API and compare
//! it field by field with what the target needs. Read only.

use super::client_secret::{ClientLookup, TokenError};
use super::http::{HttpError, Request, Response};
use super::result::{CheckId, CheckResult, CheckStatus, Diagnosis, Evidence, Finding};
use super::Http;
use crate::model::Domain;
use crate::requirements::{AppRequirements, AppType};
use crate::secret::Secret;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
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

async fn run(
    http: &Http,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
) -> (CheckResult, ClientLookup) {
    let base = input.mgmt_domain.base_url();
    let audience = input
        .mgmt
        .audience
        .clone()
        .unwrap_or_else(|| format!("{base}/api/v2/"));
    // 1. A Management API token.
    let token_url = Url::parse(&format!("{base}/oauth/token")).expect("valid domain");
    let form = vec![
        ("grant_type".to_owned(), "client_credentials".to_owned()),
        ("client_id".to_owned(), input.mgmt.client_id.clone()),
        (
            "client_secret".to_owned(),
            input.mgmt.client_secret.expose().to_owned(),
        ),
        ("audience".to_owned(), audience.clone()),
    ];
    let resp =
        match send_with_retry(http, Request::post_form(token_url, form), input, evidence).await {
            Err(e) => {
                return (
                    http_fail("getting a Management API token", &e),
                    ClientLookup::Unknown,
                )
            }
            Ok(r) => r,
        };
    let token = match token_of(&resp) {
        Ok(t) => t,
        Err(r) => return (r, ClientLookup::Unknown),
    };
    // 2. The application.
    let mut url = Url::parse(&format!("{base}/api/v2/clients/")).expect("valid domain");
    url.path_segments_mut()
        .expect("https URL")
        .pop_if_empty()
        .push(input.client_id);
    url.query_pairs_mut()
        .append_pair("fields", FIELDS)
        .append_pair("include_fields", "true");
    let resp = match send_with_retry(http, Request::get(url).bearer(token), input, evidence).await {
        Err(e) => {
            return (
                http_fail("reading the application", &e),
                ClientLookup::Unknown,
            )
        }
        Ok(r) => r,
    };
    match resp.status {
        200 => {}
        404 => {
            return (
                fail(
                    Diagnosis::ClientNotFound,
                    format!("The tenant has no application with the client ID {} (HTTP 404).", input.client_id),
                    "Copy Client ID from Applications > Applications > (your app) > Settings > Basic Information, on the tenant the Management API credentials belong to.",
                ),
                ClientLookup::NotFound,
            )
        }
        429 => return (rate_limited(&resp), ClientLookup::Unknown),
        401 => return (fail(Diagnosis::MgmtTokenRejected, "The Management API refused the token (HTTP 401).", "Check that the Management API domain and audience are the tenant's (https://{tenant}/api/v2/)."), ClientLookup::Unknown),
        403 => {
            return (
                fail(Diagnosis::MgmtMissingScope, format!("The Management API refused to read the application (HTTP 403: {}).", resp.text_excerpt(200)), MGMT_APP_FIX),
                ClientLookup::Unknown,
            )
        }
        s => return (fail(Diagnosis::HttpStatus, format!("Reading the application answered HTTP {s}."), "Try again; a 5xx may be a passing outage (status.auth0.com)."), ClientLookup::Unknown),
    }
    let app = match resp.json() {
        Ok(v) if v.is_object() => v,
        Ok(_) => {
            return (
                fail(
                    Diagnosis::MalformedJson,
                    "The application record is not a JSON object.",
                    "Check the Management API domain.",
                ),
                ClientLookup::Found,
            )
        }
        Err(e) => {
            return (
                fail(
                    e.diagnosis(),
                    e.to_string(),
                    "Check the Management API domain.",
                ),
                ClientLookup::Found,
            )
        }
    };
    if app.get("callbacks").is_none()
        && app.get("grant_types").is_none()
        && app.get("token_endpoint_auth_method").is_none()
    {
        // Without read:clients Auth0 returns only client_id, app_type, name and description.
        return (fail(Diagnosis::MgmtMissingScope, "The Management API returned only the application's name and type: the M2M application lacks the read:clients scope.", MGMT_APP_FIX), ClientLookup::Found);
    }
    (compare(&app, input), ClientLookup::Found)
}

fn http_fail(doing: &str, e: &HttpError) -> CheckResult {
    fail(e.diagnosis(), format!("Failed {doing}: {e}."), e.fix())
}

fn rate_limited(resp: &Response) -> CheckResult {
    let reset = resp
        .header("x-ratelimit-reset")
        .or(resp.header("retry-after"))
        .unwrap_or("unknown");
    CheckResult::warn(
        CheckId::AppAudit,
        Diagnosis::RateLimited,
        TITLE,
        format!("The Management API rate-limited the audit (HTTP 429, reset {reset}) and retries did not get through; the application was not audited."),
        "Free and trial tenants allow 2 requests per second to the Management API. Wait a minute and run the check again.",
    )
}

#[allow(clippy::result_large_err)] // a CheckResult is the natural error here, made once per audit
fn token_of(resp: &Response) -> Result<String, CheckResult> {
    if resp.status == 200 {
        match resp.json() {
            Err(e) => {
                return Err(fail(
                    e.diagnosis(),
                    format!("The Management API token answer is not JSON: {e}."),
                    "Check the Management API domain: something other than Auth0 answers there.",
                ))
            }
            Ok(v) => {
                if let Some(t) = v.get("access_token").and_then(|t| t.as_str()) {
                    return Ok(t.to_owned());
                }
            }
        }
        return Err(fail(
            Diagnosis::UnexpectedTokenResponse,
            "The Management API token answer has no access_token.",
            "Check the Management API domain.",
        ));
    }
    if resp.status == 429 {
        return Err(rate_limited(resp));
    }
    if resp.status >= 500 {
        return Err(fail(
            Diagnosis::HttpStatus,
            format!(
                "The Management API token request answered HTTP {}.",
                resp.status
            ),
            "A 5xx is a server-side failure: see status.auth0.com and try again.",
        ));
    }
    match TokenError::from_response(resp) {
        Some(te) if te.is_rejected_credentials() => Err(fail(
            Diagnosis::MgmtTokenRejected,
            format!("Auth0 rejected the Management API client ID or secret ({}).", te.summary()),
            "Copy Client ID and Client Secret of the Machine to Machine application from Applications > Applications > (M2M app) > Settings.",
        )),
        Some(te) if te.status == 403 => Err(fail(Diagnosis::MgmtNotAuthorized, format!("The M2M application may not call the Management API ({}).", te.summary()), MGMT_APP_FIX)),
        Some(te) => Err(fail(Diagnosis::UnexpectedTokenResponse, format!("The Management API token request failed ({}).", te.summary()), MGMT_APP_FIX)),
        None => match resp.json() {
            Err(e) => Err(fail(e.diagnosis(), format!("The token endpoint answered HTTP {}: {e}.", resp.status), "Check the Management API domain.")),
            Ok(_) => Err(fail(Diagnosis::HttpStatus, format!("The token endpoint answered HTTP {}.", resp.status), "Check the Management API domain; try again later.")),
        },
    }
}

/// How long the rate-limit headers say to wait.
fn retry_wait(resp: &Response) -> Duration {
    if let Some(secs) = resp
        .header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Duration::from_secs(secs);
    }
    if let Some(reset) = resp
        .header("x-ratelimit-reset")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Duration::from_secs(reset.saturating_sub(now));
    }
    Duration::from_secs(1)
}

async fn send_with_retry(
    http: &Http,
    req: Request,
    input: &AuditInput<'_>,
    evidence: &mut Vec<Evidence>,
) -> Result<Response, HttpError> {
    let mut attempt = 0;
    loop {
        let (res, ev) = http.send(req.clone()).await;
        evidence.push(ev);
        let resp = res?;
        if resp.status != 429 || attempt >= input.max_retries {
            return Ok(resp);
        }
        let wait = retry_wait(&resp);
        if wait > input.max_retry_wait {
            return Ok(resp);
        }
        tokio::time::sleep(wait.max(Duration::from_millis(100))).await;
        attempt += 1;
    }
}

fn strs(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn app_type_api(t: &AppType) -> &'static str {
    match t {
        AppType::RegularWeb => "regular_web",
        AppType::Spa => "spa",
        AppType::Native => "native",
        AppType::NonInteractive => "non_interactive",
    }
}

fn compare(app: &serde_json::Value, input: &AuditInput<'_>) -> CheckResult {
    let name = app
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or("(your app)")
        .to_owned();
    let settings = format!("Applications > Applications > {name} > Settings");
    let mut f: Vec<Finding> = Vec::new();
    let mut add = |diagnosis, status, field: &str, message: String, fix: String| {
        f.push(Finding {
            diagnosis,
            status,
            field: field.to_owned(),
            message,
            fix,
        })
    };
    let s = |k: &str| app.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
    let req = input.requirements;

    // Application type.
    let app_type = s("app_type");
    match req {
        Some(r) if app_type != app_type_api(&r.app_type) => add(
            Diagnosis::AppTypeMismatch,
            CheckStatus::Fail,
            "app_type",
            format!("The application is of type {app_type:?}; this target needs a {} ({}).", r.app_type_label, app_type_api(&r.app_type)),
            format!("The type cannot be changed on every app: create a new application of type {} (Applications > Applications > Create Application) and use its client ID and secret.", r.app_type_label),
        ),
        None if app_type == "non_interactive" => add(
            Diagnosis::AppTypeMismatch,
            CheckStatus::Fail,
            "app_type",
            "The application is a Machine to Machine application: users cannot log in through it.".to_owned(),
            "Use a Regular Web Application (Applications > Applications > Create Application).".to_owned(),
        ),
        _ => {}
    }

    // Callbacks: exact and case-sensitive.
    let callbacks = strs(app, "callbacks");
    let mut wanted: Vec<(String, bool)> = req
        .map(|r| {
            r.callbacks
                .iter()
                .map(|c| (c.clone(), Some(c.as_str()) == input.login_test_callback))
                .collect()
        })
        .unwrap_or_default();
    if let Some(t) = input.login_test_callback {
        if !wanted.iter().any(|(c, _)| c == t) {
            wanted.push((t.to_owned(), true));
        }
    }
    for (cb, test_only) in wanted {
        if callbacks.contains(&cb) {
            continue;
        }
        let status = if test_only {
            CheckStatus::Warn
        } else {
            CheckStatus::Fail
        };
        let purpose = if test_only {
            " (needed only for the wizard's login test)"
        } else {
            ""
        };
        if let Some(near) = callbacks.iter().find(|c| c.eq_ignore_ascii_case(&cb)) {
            add(
                Diagnosis::CallbackCaseMismatch,
                status,
                "callbacks",
                format!("Allowed Callback URLs has {near} but not {cb}{purpose}: Auth0 compares callbacks case-sensitively, so the login fails with \"Callback URL mismatch\"."),
                format!("In {settings} > Application URIs > Allowed Callback URLs, replace {near} with {cb} exactly, then Save."),
            );
        } else {
            add(
                Diagnosis::CallbackMissing,
                status,
                "callbacks",
                format!("Allowed Callback URLs does not contain {cb}{purpose}; Auth0 would show \"Callback URL mismatch\" instead of returning to the target."),
                format!("In {settings} > Application URIs > Allowed Callback URLs, add {cb} (comma-separated from the others), then Save."),
            );
        }
    }

    // Logout URLs.
    let logouts = strs(app, "allowed_logout_urls");
    for url in req.map(|r| r.logout_urls.clone()).unwrap_or_default() {
        if !logouts.contains(&url) {
            add(Diagnosis::LogoutUrlMissing, CheckStatus::Warn, "allowed_logout_urls", format!("Allowed Logout URLs does not contain {url}; signing out would end on an Auth0 error page."), format!("In {settings} > Application URIs > Allowed Logout URLs, add {url}, then Save."));
        }
    }

    // Grant types.
    let grants = strs(app, "grant_types");
    let wanted_grants = req
        .map(|r| r.grant_types.clone())
        .unwrap_or_else(|| vec!["authorization_code".to_owned()]);
    for g in wanted_grants {
        if !grants.contains(&g) {
            let status = if g == "authorization_code" {
                CheckStatus::Fail
            } else {
                CheckStatus::Warn
            };
            add(
                Diagnosis::GrantTypeMissing,
                status,
                "grant_types",
                format!(
                    "Grant type {g} is not enabled (enabled: {}).",
                    if grants.is_empty() {
                        "none".to_owned()
                    } else {
                        grants.join(", ")
                    }
                ),
                format!(
                    "In {settings} > Advanced Settings > Grant Types, tick {}, then Save.",
                    grant_label(&g)
                ),
            );
        }
    }

    // Authentication method.
    let method = s("token_endpoint_auth_method");
    let wants_none = req.is_some_and(|r| r.token_endpoint_auth_method == "none");
    if input.secret_used && !wants_none && method == "none" {
        add(
            Diagnosis::AuthMethodNone,
            CheckStatus::Fail,
            "token_endpoint_auth_method",
            "The application's Authentication Method is None (a public client), but a client secret is configured: Auth0 refuses the code exchange with the secret.".to_owned(),
            format!("In {settings} > Credentials > Authentication Method, choose Client Secret (Post), then Save. (A Single Page or Native app cannot: use a Regular Web Application.)"),
        );
    } else if wants_none && method != "none" && !method.is_empty() {
        add(Diagnosis::AuthMethodMismatch, CheckStatus::Warn, "token_endpoint_auth_method", format!("The target uses a public client (no secret), but the Authentication Method is {method}."), format!("In {settings} > Credentials > Authentication Method, choose None, or use a confidential client."));
    }

    // JWT signature algorithm.
    let alg = app
        .get("jwt_configuration")
        .and_then(|j| j.get("alg"))
        .and_then(|a| a.as_str())
        .unwrap_or("");
    if alg.is_empty() {
        add(Diagnosis::JwtAlgNotRs256, CheckStatus::Warn, "jwt_configuration.alg", "The application does not state its JWT signature algorithm; targets need RS256.".to_owned(), format!("In {settings} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save."));
    } else if alg != "RS256" {
        add(
            Diagnosis::JwtAlgNotRs256,
            CheckStatus::Fail,
            "jwt_configuration.alg",
            format!("ID tokens are signed with {alg}; targets verify them with RS256 through the JWKS and reject {alg}."),
            format!("In {settings} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save."),
        );
    }

    // OIDC conformant.
    if app.get("oidc_conformant").and_then(|b| b.as_bool()) != Some(true) {
        add(
            Diagnosis::NotOidcConformant,
            CheckStatus::Warn,
            "oidc_conformant",
            "OIDC Conformant is off: Auth0 then uses legacy, non-standard flows.".to_owned(),
            format!(
                "In {settings} > Advanced Settings > OAuth, switch OIDC Conformant on, then Save."
            ),
        );
    }

    // Application Login URI.
    let login_uri = s("initiate_login_uri");
    if !login_uri.is_empty() && !login_uri.starts_with("https://") {
        add(Diagnosis::LoginUriNotHttps, CheckStatus::Fail, "initiate_login_uri", format!("Application Login URI is {login_uri}; Auth0 accepts only https there."), format!("In {settings} > Application URIs > Application Login URI, enter an https URL or leave it empty, then Save."));
    }

    // Third-party applications need consent and explicit grants.
    if app.get("is_first_party").and_then(|b| b.as_bool()) == Some(false)
        || input.client_id.starts_with("tpc_")
    {
        add(Diagnosis::ThirdPartyApp, CheckStatus::Warn, "is_first_party", "This is a third-party application: users see a consent screen and it needs explicit grants.".to_owned(), "Use a first-party application created under Applications > Applications.".to_owned());
    }

    let worst = f
        .iter()
        .map(|x| x.status)
        .max()
        .unwrap_or(CheckStatus::Pass);
    let mut r = if worst == CheckStatus::Pass {
        CheckResult::pass(
            CheckId::AppAudit,
            TITLE,
            format!("{name} ({app_type}) has the callbacks, grant types, authentication method ({method}), RS256 and OIDC conformance the target needs."),
        )
    } else {
        let first = f
            .iter()
            .find(|x| x.status == worst)
            .expect("worst comes from a finding");
        let n = f.iter().filter(|x| x.status >= CheckStatus::Warn).count();
        let detail = format!(
            "{n} setting(s) of {name} need attention: {}",
            f.iter()
                .map(|x| x.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let fix = f
            .iter()
            .map(|x| x.fix.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        CheckResult::new(CheckId::AppAudit, worst, first.diagnosis, TITLE, detail).with_fix(fix)
    };
    r.findings = f;
    r
}

fn grant_label(g: &str) -> &str {
    match g {
        "authorization_code" => "Authorization Code",
        "refresh_token" => "Refresh Token",
        "implicit" => "Implicit",
        "client_credentials" => "Client Credentials",
        other => other,
    }
}
