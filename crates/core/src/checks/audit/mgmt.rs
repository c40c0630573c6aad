//! Talking to the Management API: its token, rate limits and retries.

use super::super::client_secret::TokenError;
use super::super::http::{HttpError, Request, Response};
use super::super::result::{CheckId, CheckResult, Diagnosis, Evidence};
use super::super::Http;
use super::{fail, AuditInput, MGMT_APP_FIX, TITLE};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub(super) fn http_fail(doing: &str, e: &HttpError) -> CheckResult {
    fail(e.diagnosis(), format!("Failed {doing}: {e}."), e.fix())
}

pub(super) fn rate_limited(resp: &Response) -> CheckResult {
    let reset = resp
        .header("x-ratelimit-reset")
        .or(resp.header("retry-after"))
        .unwrap_or_else(|| "unknown".to_owned());
    CheckResult::warn(
        CheckId::AppAudit,
        Diagnosis::RateLimited,
        TITLE,
        format!("The Management API rate-limited the audit (HTTP 429, reset {reset}) and retries did not get through; the application was not audited."),
        "Free and trial tenants allow 2 requests per second to the Management API. Wait a minute and run the check again.",
    )
}

/// The access token of a token answer, or the result that explains why there is none.
pub(super) fn token_of(resp: &Response) -> Result<String, Box<CheckResult>> {
    match resp.status {
        200 => token_granted(resp),
        429 => Err(Box::new(rate_limited(resp))),
        s if s >= 500 => Err(Box::new(fail(
            Diagnosis::HttpStatus,
            format!("The Management API token request answered HTTP {s}."),
            "A 5xx is a server-side failure: see status.auth0.com and try again.",
        ))),
        _ => Err(Box::new(token_refused(resp))),
    }
}

fn token_granted(resp: &Response) -> Result<String, Box<CheckResult>> {
    let v = resp.json().map_err(|e| {
        Box::new(fail(
            e.diagnosis(),
            format!("The Management API token answer is not JSON: {e}."),
            "Check the Management API domain: something other than Auth0 answers there.",
        ))
    })?;
    match v.get("access_token").and_then(|t| t.as_str()) {
        Some(t) => Ok(t.to_owned()),
        None => Err(Box::new(fail(
            Diagnosis::UnexpectedTokenResponse,
            "The Management API token answer has no access_token.",
            "Check the Management API domain.",
        ))),
    }
}

fn token_refused(resp: &Response) -> CheckResult {
    let status = resp.status;
    match TokenError::from_response(resp) {
        Some(te) if te.is_rejected_credentials() => fail(
            Diagnosis::MgmtTokenRejected,
            format!("Auth0 rejected the Management API client ID or secret ({}).", te.summary()),
            "Copy Client ID and Client Secret of the Machine to Machine application from Applications > Applications > (M2M app) > Settings.",
        ),
        Some(te) if te.status == 403 => fail(Diagnosis::MgmtNotAuthorized, format!("The M2M application may not call the Management API ({}).", te.summary()), MGMT_APP_FIX),
        Some(te) => fail(Diagnosis::UnexpectedTokenResponse, format!("The Management API token request failed ({}).", te.summary()), MGMT_APP_FIX),
        None => match resp.json() {
            Err(e) => fail(e.diagnosis(), format!("The token endpoint answered HTTP {status}: {e}."), "Check the Management API domain."),
            Ok(_) => fail(Diagnosis::HttpStatus, format!("The token endpoint answered HTTP {status}."), "Check the Management API domain; try again later."),
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

pub(super) async fn send_with_retry(
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
