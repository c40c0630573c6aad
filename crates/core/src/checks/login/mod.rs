//! The login test: authorization code + PKCE (S256) with state and nonce,
//! a one-shot loopback listener for the callback, the code exchange with the
//! client secret, and ID token verification.

mod flow;
mod listener;
mod verdict;

pub use listener::{CallbackListener, CallbackParams, WaitError, CALLBACK_PATH, MAX_CONNECTIONS};

use super::idtoken::Claims;
use super::result::{CheckId, CheckResult, Diagnosis};
use super::CheckOptions;
use crate::model::Domain;
use crate::secret::Secret;
use crate::target::TargetId;
use base64::Engine;
use flow::flow;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

pub const TITLE: &str = "Test login";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// Receives the authorize URL (the CLI prints it; tests play the user with it).
pub type UrlSink = Arc<dyn Fn(&str) + Send + Sync>;

pub struct LoginInput {
    pub domain: Domain,
    pub client_id: String,
    /// The secret for the code exchange; `None` for a public client (PKCE only).
    pub client_secret: Option<Secret>,
    /// The issuer the exports write; default: the live discovery document's.
    pub expected_issuer: Option<String>,
    /// Loopback port; the callback is `http://127.0.0.1:{port}/callback`.
    pub port: u16,
    pub scopes: Vec<String>,
    /// The namespaced claim the post-login Action should add.
    pub groups_claim: Option<String>,
    pub target: Option<TargetId>,
    /// How long to wait for the browser to come back.
    pub timeout: Duration,
    pub url_sink: Option<UrlSink>,
    /// Open the system browser at the authorize URL.
    pub open_browser: bool,
}

impl LoginInput {
    pub fn new(
        domain: Domain,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        LoginInput {
            domain,
            client_id: client_id.into(),
            client_secret,
            expected_issuer: None,
            port: crate::requirements::DEFAULT_LOGIN_PORT,
            scopes: vec!["openid".into(), "profile".into(), "email".into()],
            groups_claim: None,
            target: None,
            timeout: DEFAULT_TIMEOUT,
            url_sink: None,
            open_browser: true,
        }
    }
}

/// The login test's result, and the verified ID token's claims when it got that far.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LoginOutcome {
    pub result: CheckResult,
    #[ts(type = "Record<string, unknown> | null")]
    pub claims: Option<Claims>,
}

fn random_b64(n: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The PKCE S256 challenge for a verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Run the login test. Nothing is changed in Auth0.
pub async fn run(
    input: LoginInput,
    opts: &CheckOptions,
    cancel: CancellationToken,
) -> LoginOutcome {
    let started = Instant::now();
    let mut evidence = Vec::new();
    let (mut result, claims) = tokio::select! {
        r = flow(&input, opts, &cancel, &mut evidence) => r,
        _ = cancel.cancelled() => (cancelled(), None),
    };
    result.evidence = evidence;
    result.elapsed_ms = started.elapsed().as_millis() as u64;
    LoginOutcome { result, claims }
}

fn cancelled() -> CheckResult {
    CheckResult::skipped(
        CheckId::Login,
        Diagnosis::Cancelled,
        TITLE,
        "The login test was cancelled.",
    )
}
