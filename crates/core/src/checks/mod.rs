//! Live checks against Auth0: reachability, discovery and issuer, JWKS, the
//! client secret, the app audit (Management API) and the login test.
//!
//! Everything is async (tokio + reqwest with rustls). [`run_suite`] runs the
//! non-interactive checks as soon as their inputs exist (discovery first,
//! then JWKS and the secret; the app audit from the start), streams each
//! [`CheckResult`] as it finishes, and can be cancelled. The login test is
//! interactive and runs on its own: [`login::run`].

pub mod audit;
pub mod client_secret;
pub mod discovery;
mod from_config;
pub mod http;
pub mod idtoken;
pub mod jwks;
pub mod login;
mod options;
pub mod result;
mod suite;

pub use audit::MgmtCredentials;
pub use discovery::{discover_issuer, Discovery};
pub use from_config::AuditCredentials;
pub use http::{Http, HttpError};
pub use login::{LoginInput, LoginOutcome};
pub use options::{CheckOptions, DEFAULT_TIMEOUT, MAX_BODY};
pub use result::{CheckId, CheckResult, CheckStatus, Diagnosis, Evidence, Finding, Header};
pub use suite::{run_suite, SuiteInput};

use crate::model::Domain;

pub use tokio_util::sync::CancellationToken as Cancel;

/// A failed check as an error, for callers that need one value (`export --discover`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CheckFailure {
    pub diagnosis: Diagnosis,
    pub message: String,
    pub fix: String,
}

impl CheckFailure {
    pub fn from_http(e: &HttpError) -> Self {
        CheckFailure {
            diagnosis: e.diagnosis(),
            message: e.to_string(),
            fix: e.fix(),
        }
    }

    pub fn from_result(r: &CheckResult) -> Self {
        CheckFailure {
            diagnosis: r.diagnosis,
            message: r.detail.clone(),
            fix: r.fix.clone().unwrap_or_default(),
        }
    }
}

/// Parse a domain as the user typed it (`tenant.auth0.com`, `https://host:port/`)
/// by validation's own rules (one parse); the error lists validation's messages.
pub fn parse_domain(input: &str) -> Result<Domain, String> {
    crate::validate::parse_domain(input)
        .map(|(domain, _)| domain)
        .map_err(|report| {
            let errors: Vec<String> = report
                .errors()
                .map(|i| format!("{} {}", i.message, i.fix))
                .collect();
            errors.join(" ")
        })
}

/// Does any result fail? (Warnings and skipped checks do not.)
pub fn any_failed(results: &[CheckResult]) -> bool {
    results.iter().any(CheckResult::is_failure)
}
