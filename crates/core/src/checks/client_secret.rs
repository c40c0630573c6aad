//! The client ID and secret, tested without a browser: a client-credentials
//! request, read the way Auth0 answers it (targets.md §5.2).

use super::http::{HttpError, Request, Response};
use super::result::{CheckId, CheckResult, CheckStatus, Diagnosis};
use super::Http;
use crate::secret::Secret;
use std::time::Instant;
use url::Url;

pub const TITLE: &str = "Client ID and secret";

const WHERE_CREDENTIALS: &str =
    "Applications > Applications > (your app) > Settings > Basic Information";

/// An OAuth error answer from the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError {
    pub status: u16,
    pub error: String,
    pub description: String,
}

impl TokenError {
    pub fn from_response(r: &Response) -> Option<TokenError> {
        let v = r.json().ok()?;
        let error = v.get("error")?.as_str()?.to_owned();
        let description = v
            .get("error_description")
            .and_then(|d| d.as_str())
            .unwrap_or("")
            .to_owned();
        Some(TokenError {
            status: r.status,
            error,
            description,
        })
    }

    /// 401 `access_denied` / `invalid_client`: the client was not authenticated.
    pub fn is_rejected_credentials(&self) -> bool {
        self.error == "invalid_client" || (self.status == 401 && self.error == "access_denied")
    }

    /// 403 after authentication: the grant type or the audience was refused.
    /// Auth0 words a missing API grant in two ways (reference, section E.2).
    pub fn is_refused_after_auth(&self) -> bool {
        const AUDIENCE_REFUSED: &[&str] = &[
            "Service not found",
            "not authorized to access",
            "Service not enabled within domain",
        ];
        let audience_refused = || {
            AUDIENCE_REFUSED
                .iter()
                .any(|w| self.description.contains(w))
        };
        self.status == 403
            && (self.error == "unauthorized_client"
                || (self.error == "access_denied" && audience_refused()))
    }

    pub fn summary(&self) -> String {
        if self.description.is_empty() {
            format!("HTTP {} {}", self.status, self.error)
        } else {
            format!("HTTP {} {}: {}", self.status, self.error, self.description)
        }
    }
}

/// What the app audit learned about the client ID, for telling a wrong ID from a wrong secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientLookup {
    Found,
    NotFound,
    Unknown,
}

pub struct SecretCheckInput<'a> {
    pub token_endpoint: &'a str,
    pub client_id: &'a str,
    pub client_secret: Option<&'a Secret>,
    /// Default: the tenant's Management API, `https://{domain}/api/v2/`.
    pub audience: &'a str,
}

/// Run the request; `lookup` is awaited only when Auth0 rejects the credentials.
pub async fn check<F>(http: &Http, input: SecretCheckInput<'_>, lookup: F) -> CheckResult
where
    F: std::future::Future<Output = ClientLookup>,
{
    let started = Instant::now();
    let Some(secret) = input.client_secret.filter(|s| !s.is_empty()) else {
        return CheckResult::skipped(CheckId::ClientSecret, Diagnosis::NotConfigured, TITLE, "No client secret given (a public client has none); the login test checks the client ID.");
    };
    let url = match Url::parse(input.token_endpoint) {
        Ok(u) => u,
        Err(e) => {
            return CheckResult::fail(
                CheckId::ClientSecret,
                Diagnosis::MissingFields,
                TITLE,
                format!(
                    "The token endpoint {:?} is not a URL: {e}.",
                    input.token_endpoint
                ),
                "Use the Auth0 domain itself.",
            )
        }
    };
    let form = vec![
        ("grant_type".to_owned(), "client_credentials".to_owned()),
        ("client_id".to_owned(), input.client_id.to_owned()),
        ("client_secret".to_owned(), secret.expose().to_owned()),
        ("audience".to_owned(), input.audience.to_owned()),
    ];
    let (res, ev) = http.send(Request::post_form(url, form)).await;
    let mut r = match res {
        Err(e) => http_failure(&e),
        Ok(resp) => read_answer(&resp, &input, lookup).await,
    };
    r.evidence = vec![ev];
    r.elapsed_ms = started.elapsed().as_millis() as u64;
    r
}

fn http_failure(e: &HttpError) -> CheckResult {
    CheckResult::fail(
        CheckId::ClientSecret,
        e.diagnosis(),
        TITLE,
        format!("The token request failed: {e}."),
        e.fix(),
    )
}

async fn read_answer<F>(resp: &Response, input: &SecretCheckInput<'_>, lookup: F) -> CheckResult
where
    F: std::future::Future<Output = ClientLookup>,
{
    if resp.status == 200 {
        return match resp.json() {
            Ok(v) if v.get("access_token").and_then(|t| t.as_str()).is_some() => CheckResult::new(
                CheckId::ClientSecret,
                CheckStatus::Pass,
                Diagnosis::SecretAccepted,
                TITLE,
                format!("Auth0 issued a token for {}: the client ID and secret are right (certain).", input.audience),
            ),
            Ok(_) => CheckResult::fail(CheckId::ClientSecret, Diagnosis::UnexpectedTokenResponse, TITLE, "The token endpoint answered 200 without an access_token.", "Check that the domain is your Auth0 domain."),
            Err(e) => CheckResult::fail(CheckId::ClientSecret, e.diagnosis(), TITLE, e.to_string(), "Something other than Auth0 answers for the token endpoint. Use the Auth0 domain itself."),
        };
    }
    if resp.status == 429 {
        return CheckResult::warn(
            CheckId::ClientSecret,
            Diagnosis::RateLimited,
            TITLE,
            "Auth0 rate-limited the token request (HTTP 429); the secret was not tested.",
            "Wait a minute and run the check again.",
        );
    }
    if resp.status >= 500 {
        return CheckResult::fail(CheckId::ClientSecret, Diagnosis::HttpStatus, TITLE, format!("The token endpoint answered HTTP {}; the secret was not tested.", resp.status), "A 5xx is a server-side failure: see status.auth0.com and try again; check the domain if it persists.");
    }
    let Some(te) = TokenError::from_response(resp) else {
        return match resp.json() {
            Err(e) => CheckResult::fail(CheckId::ClientSecret, e.diagnosis(), TITLE, format!("The token endpoint answered HTTP {}: {e}.", resp.status), "Something other than Auth0 answers for the token endpoint. Use the Auth0 domain itself."),
            Ok(_) => CheckResult::fail(CheckId::ClientSecret, Diagnosis::HttpStatus, TITLE, format!("The token endpoint answered HTTP {} without an OAuth error.", resp.status), "Check the domain. A 5xx may be a passing outage: see status.auth0.com and try again."),
        };
    };
    if te.is_refused_after_auth() {
        let what = if te.error == "unauthorized_client" {
            "refused the Client Credentials grant for this application"
        } else {
            "refused the audience for this application"
        };
        return CheckResult::new(
            CheckId::ClientSecret,
            CheckStatus::Pass,
            Diagnosis::SecretAcceptedGrantRefused,
            TITLE,
            format!("The client ID and secret were accepted: Auth0 {what} ({}). Auth0 refuses a grant only after it has authenticated the client, so the secret is right (high confidence, not certainty: the order is observed, not documented). Logins do not need this grant.", te.summary()),
        );
    }
    if te.is_rejected_credentials() {
        let base = format!(
            "Auth0 rejected the client ID or the secret ({}). Auth0 does not say which.",
            te.summary()
        );
        return match lookup.await {
            ClientLookup::NotFound => CheckResult::fail(
                CheckId::ClientSecret,
                Diagnosis::WrongClientId,
                TITLE,
                format!("{base} The app audit found no application with the client ID {}, so the client ID is wrong.", input.client_id),
                format!("Copy Client ID from {WHERE_CREDENTIALS} (the application users log in through, on the same tenant)."),
            ),
            ClientLookup::Found => CheckResult::fail(
                CheckId::ClientSecret,
                Diagnosis::SecretRejected,
                TITLE,
                format!("{base} The app audit found the application, so the client ID is right and the secret is wrong."),
                format!("Copy Client Secret from {WHERE_CREDENTIALS} (it may have been rotated: then use the new one)."),
            ),
            ClientLookup::Unknown => CheckResult::fail(
                CheckId::ClientSecret,
                Diagnosis::SecretRejected,
                TITLE,
                base,
                format!("Copy both Client ID and Client Secret again from {WHERE_CREDENTIALS}. To tell which one is wrong, give Management API credentials for the app audit: it then looks the client ID up."),
            ),
        };
    }
    CheckResult::fail(
        CheckId::ClientSecret,
        Diagnosis::UnexpectedTokenResponse,
        TITLE,
        format!("The token endpoint refused the request: {}.", te.summary()),
        "Check the client ID and the audience; Auth0's message above says what it refused.",
    )
}
