//! The login test: authorization code + PKCE (S256) with state and nonce,
//! a one-shot loopback listener for the callback, the code exchange with the
//! client secret, and ID token verification.

use super::client_secret::TokenError;
use super::discovery;
use super::http::{redact_url, Request};
use super::idtoken::{self, Claims, IdTokenError};
use super::jwks;
use super::result::{CheckId, CheckResult, CheckStatus, Diagnosis, Evidence};
use super::{CheckOptions, Http};
use crate::model::Domain;
use crate::requirements::action_code;
use crate::secret::Secret;
use crate::target::TargetId;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;
use url::Url;

pub const TITLE: &str = "Test login";
pub const CALLBACK_PATH: &str = "/callback";
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

/// What came back on the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackParams {
    pub url: Url,
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    #[error("no callback within {0} s")]
    Timeout(u64),
    #[error("cancelled")]
    Cancelled,
}

const PAGE_OK: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>auth0-wizard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Login received</h1><p>Return to auth0-wizard for the result. You can close this tab.</p></body></html>";
const PAGE_USED: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>auth0-wizard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Already used</h1><p>This login test has already received its callback. Return to auth0-wizard.</p></body></html>";

/// A loopback listener that accepts exactly one `/callback` request; any later
/// one is refused (410), other paths get 404. Dropping it closes the port.
pub struct CallbackListener {
    port: u16,
    rx: mpsc::Receiver<CallbackParams>,
    task: tokio::task::JoinHandle<()>,
}

impl CallbackListener {
    /// Bind `127.0.0.1:port` (0 picks a free port).
    pub async fn bind(port: u16) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let port = listener.local_addr()?.port();
        let (tx, rx) = mpsc::channel(1);
        let used = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let tx = tx.clone();
                let used = used.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(10),
                        serve(stream, port, tx, used),
                    )
                    .await;
                });
            }
        });
        Ok(CallbackListener { port, rx, task })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Wait for the one callback.
    pub async fn wait(
        &mut self,
        timeout: Duration,
        cancel: &CancellationToken,
    ) -> Result<CallbackParams, WaitError> {
        tokio::select! {
            p = self.rx.recv() => p.ok_or(WaitError::Cancelled),
            _ = tokio::time::sleep(timeout) => Err(WaitError::Timeout(timeout.as_secs())),
            _ = cancel.cancelled() => Err(WaitError::Cancelled),
        }
    }
}

impl Drop for CallbackListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    port: u16,
    tx: mpsc::Sender<CallbackParams>,
    used: Arc<AtomicBool>,
) {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 16 * 1024 {
            let _ = respond(&mut stream, "431 Request Header Fields Too Large", "").await;
            return;
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let Ok(url) = Url::parse(&format!("http://127.0.0.1:{port}")).and_then(|b| b.join(target))
    else {
        let _ = respond(&mut stream, "400 Bad Request", "").await;
        return;
    };
    if method != "GET" || url.path() != CALLBACK_PATH {
        let _ = respond(&mut stream, "404 Not Found", "").await;
        return;
    }
    if used.swap(true, Ordering::SeqCst) {
        let _ = respond(&mut stream, "410 Gone", PAGE_USED).await;
        return;
    }
    let q = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    let params = CallbackParams {
        code: q("code"),
        state: q("state"),
        error: q("error"),
        error_description: q("error_description"),
        url: url.clone(),
    };
    let _ = respond(&mut stream, "200 OK", PAGE_OK).await;
    let _ = tx.send(params).await;
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> io::Result<()> {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
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

fn fail(d: Diagnosis, detail: impl Into<String>, fix: impl Into<String>) -> CheckResult {
    CheckResult::fail(CheckId::Login, d, TITLE, detail, fix)
}

fn settings(domain: &Domain) -> String {
    format!(
        "{} > Applications > (your app) > Settings",
        crate::requirements::dashboard_url(Some(domain))
    )
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
        _ = cancel.cancelled() => (CheckResult::skipped(CheckId::Login, Diagnosis::Cancelled, TITLE, "The login test was cancelled."), None),
    };
    result.evidence = evidence;
    result.elapsed_ms = started.elapsed().as_millis() as u64;
    LoginOutcome { result, claims }
}

async fn flow(
    input: &LoginInput,
    opts: &CheckOptions,
    cancel: &CancellationToken,
    evidence: &mut Vec<Evidence>,
) -> (CheckResult, Option<Claims>) {
    let scrub = input.client_secret.iter().map(|s| s.expose().to_owned());
    let http = match Http::new(opts) {
        Ok(h) => h.with_scrubbed(scrub),
        Err(e) => return (fail(e.diagnosis(), e.to_string(), e.fix()), None),
    };
    // 1. Discovery.
    let d = discovery::fetch(&http, &input.domain).await;
    evidence.extend(d.discovery.evidence.iter().cloned());
    for r in [&d.reachability, &d.discovery] {
        if r.status == CheckStatus::Fail {
            return (
                fail(
                    r.diagnosis,
                    r.detail.clone(),
                    r.fix.clone().unwrap_or_default(),
                ),
                None,
            );
        }
    }
    let doc = d.doc.unwrap_or_default();
    let (Some(authz), Some(token_ep), Some(jwks_uri), Some(live_iss)) = (
        doc.authorization_endpoint.clone(),
        doc.token_endpoint.clone(),
        doc.jwks_uri.clone(),
        doc.issuer.clone(),
    ) else {
        return (
            fail(
                Diagnosis::MissingFields,
                "The discovery document lacks endpoints.",
                "Use the Auth0 domain itself.",
            ),
            None,
        );
    };
    let expected_issuer = input
        .expected_issuer
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(live_iss);

    // 2. The one-shot listener, before the browser goes anywhere.
    let mut listener = match CallbackListener::bind(input.port).await {
        Ok(l) => l,
        Err(e) => {
            return (
                fail(Diagnosis::PortInUse, format!("Cannot listen on 127.0.0.1:{}: {e}.", input.port), format!("Stop what uses port {} or choose another with --port (and add http://127.0.0.1:PORT/callback to Allowed Callback URLs).", input.port)),
                None,
            )
        }
    };
    let redirect_uri = listener.redirect_uri();
    let verifier = random_b64(32);
    let state = random_b64(24);
    let nonce = random_b64(24);
    let mut url = match Url::parse(&authz) {
        Ok(u) => u,
        Err(e) => {
            return (
                fail(
                    Diagnosis::MissingFields,
                    format!("authorization_endpoint {authz:?} is not a URL: {e}"),
                    "Use the Auth0 domain itself.",
                ),
                None,
            )
        }
    };
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &input.client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("scope", &input.scopes.join(" "))
        .append_pair("state", &state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &pkce_challenge(&verifier))
        .append_pair("code_challenge_method", "S256");
    evidence.push(Evidence {
        method: "GET (browser)".into(),
        url: url.to_string(),
        request_headers: vec![],
        request_body: None,
        status: None,
        response_headers: vec![],
        body_excerpt: None,
        error: None,
        elapsed_ms: 0,
    });
    if let Some(sink) = &input.url_sink {
        sink(url.as_str());
    }
    if input.open_browser {
        if let Err(e) = open::that_detached(url.as_str()) {
            return (fail(Diagnosis::BrowserOpenFailed, format!("Could not open a browser ({e}). The login URL is: {url}"), "Open the URL yourself in a browser, or run with --no-browser, which prints it."), None);
        }
    }

    // 3. The callback.
    let cb = match listener.wait(input.timeout, cancel).await {
        Ok(p) => p,
        Err(WaitError::Cancelled) => return (CheckResult::skipped(CheckId::Login, Diagnosis::Cancelled, TITLE, "The login test was cancelled."), None),
        Err(WaitError::Timeout(secs)) => {
            return (
                fail(
                    Diagnosis::NoCallback,
                    format!("The browser did not come back to {redirect_uri} within {secs} s. Most likely Auth0 showed its own \"Callback URL mismatch\" page (it never redirects then), or the login was not finished."),
                    format!("Add {redirect_uri} exactly to Allowed Callback URLs in {} > Application URIs, Save, and run the login test again.", settings(&input.domain)),
                ),
                None,
            )
        }
    };
    evidence.push(Evidence {
        method: "GET (callback)".into(),
        url: redact_url(&cb.url),
        request_headers: vec![],
        request_body: None,
        status: Some(200),
        response_headers: vec![],
        body_excerpt: None,
        error: None,
        elapsed_ms: 0,
    });
    if let Some(err) = &cb.error {
        let desc = cb.error_description.clone().unwrap_or_default();
        return (
            fail(
                Diagnosis::AuthorizeError,
                format!("Auth0 sent the browser back with error={err}: {desc}"),
                authorize_fix(err, &desc, &input.domain),
            ),
            None,
        );
    }
    if cb.state.as_deref() != Some(state.as_str()) {
        return (fail(Diagnosis::StateMismatch, "The callback's state does not match the one sent: it comes from another login attempt (an old tab) or was forged; it was not used.", "Run the login test again and finish the login only in the tab it opens."), None);
    }
    let Some(code) = cb.code.clone().filter(|c| !c.is_empty()) else {
        return (fail(Diagnosis::MissingCode, "The callback has neither a code nor an error.", "Check that the application's grant types include Authorization Code, then run again."), None);
    };
    drop(listener);

    // 4. The code exchange.
    let mut form = vec![
        ("grant_type".to_owned(), "authorization_code".to_owned()),
        ("client_id".to_owned(), input.client_id.clone()),
        ("code".to_owned(), code),
        ("redirect_uri".to_owned(), redirect_uri.clone()),
        ("code_verifier".to_owned(), verifier),
    ];
    if let Some(s) = &input.client_secret {
        form.push(("client_secret".to_owned(), s.expose().to_owned()));
    }
    let token_url = match Url::parse(&token_ep) {
        Ok(u) => u,
        Err(e) => {
            return (
                fail(
                    Diagnosis::MissingFields,
                    format!("token_endpoint {token_ep:?} is not a URL: {e}"),
                    "Use the Auth0 domain itself.",
                ),
                None,
            )
        }
    };
    let (res, ev) = http.send(Request::post_form(token_url, form)).await;
    evidence.push(ev);
    let resp = match res {
        Ok(r) => r,
        Err(e) => {
            return (
                fail(
                    e.diagnosis(),
                    format!("The code exchange failed: {e}."),
                    e.fix(),
                ),
                None,
            )
        }
    };
    if resp.status != 200 {
        return (exchange_failure(&resp, &input.domain), None);
    }
    let id_token = match resp.json().ok().and_then(|v| v.get("id_token").and_then(|t| t.as_str()).map(str::to_owned)) {
        Some(t) => t,
        None => return (fail(Diagnosis::IdTokenMissing, "The token answer has no id_token.", "Keep the openid scope; check that the application is OIDC Conformant (Advanced Settings > OAuth)."), None),
    };

    // 5. Verify the ID token with the JWKS.
    let (jr, set) = jwks::check(&http, &jwks_uri).await;
    evidence.extend(jr.evidence.iter().cloned());
    let Some(set) = set else {
        return (
            fail(jr.diagnosis, jr.detail, jr.fix.unwrap_or_default()),
            None,
        );
    };
    let claims = match idtoken::verify(&id_token, &set, &expected_issuer, &input.client_id, &nonce)
    {
        Ok(c) => c,
        Err(e) => return (verify_failure(&e, &expected_issuer, &input.domain), None),
    };
    (assess_claims(&claims, input), Some(claims))
}

fn authorize_fix(err: &str, desc: &str, domain: &Domain) -> String {
    let lower = desc.to_ascii_lowercase();
    if lower.contains("callback") {
        return format!("Add the login test's callback URL to Allowed Callback URLs in {} > Application URIs, then Save.", settings(domain));
    }
    match err {
        "access_denied" => "The user or a rule/Action refused the login. See Monitoring > Logs in the Auth0 dashboard for the reason.".to_owned(),
        "unauthorized_client" => format!("Enable the Authorization Code grant in {} > Advanced Settings > Grant Types.", settings(domain)),
        "invalid_request" | "invalid_scope" => "Auth0's message says which parameter it refused; see Monitoring > Logs in the Auth0 dashboard.".to_owned(),
        _ => "See Auth0's message above and Monitoring > Logs in the Auth0 dashboard.".to_owned(),
    }
}

fn exchange_failure(resp: &super::http::Response, domain: &Domain) -> CheckResult {
    match TokenError::from_response(resp) {
        Some(te) if te.is_rejected_credentials() => fail(
            Diagnosis::SecretRejected,
            format!("Auth0 refused the code exchange: the client secret was rejected ({}).", te.summary()),
            format!("Copy Client Secret from {} > Basic Information.", settings(domain)),
        ),
        Some(te) => fail(Diagnosis::CodeExchangeFailed, format!("The code exchange failed ({}).", te.summary()), format!("Check the application's Authentication Method ({} > Credentials) and grant types; Monitoring > Logs in the dashboard shows Auth0's side.", settings(domain))),
        None => fail(Diagnosis::CodeExchangeFailed, format!("The code exchange answered HTTP {}.", resp.status), "Try again; see Monitoring > Logs in the Auth0 dashboard."),
    }
}

fn verify_failure(e: &IdTokenError, expected_issuer: &str, domain: &Domain) -> CheckResult {
    let fix = match e {
        IdTokenError::Issuer { found, .. } => format!("Tokens carry {found}; write exactly that issuer everywhere, and use one domain (tenant or custom) for discovery and logins. Expected was {expected_issuer}."),
        IdTokenError::Audience { .. } => "The token was issued to another application: check the client ID (Applications > Applications > (your app) > Settings > Basic Information).".to_owned(),
        IdTokenError::Algorithm(_) => format!("In {} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save.", settings(domain)),
        IdTokenError::UnknownKey(_) | IdTokenError::Signature => "The token is not signed by a key of this tenant's JWKS: check that the domain is the one the login went through, and that nothing between you and Auth0 alters tokens.".to_owned(),
        IdTokenError::Expired => "The token arrived expired: check this computer's clock.".to_owned(),
        IdTokenError::Nonce => "The token was not issued for this login (a replay or another login): run the test again.".to_owned(),
        IdTokenError::Malformed(_) => "The token endpoint did not return a valid ID token: check the domain.".to_owned(),
    };
    fail(
        e.diagnosis(),
        format!("The ID token was rejected: {e}."),
        fix,
    )
}

fn assess_claims(claims: &Claims, input: &LoginInput) -> CheckResult {
    let who = claims
        .get("email")
        .and_then(|v| v.as_str())
        .or_else(|| claims.get("sub").and_then(|v| v.as_str()))
        .unwrap_or("(unknown user)");
    let iss = claims.get("iss").and_then(|v| v.as_str()).unwrap_or("");
    let mut keys: Vec<&str> = claims.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let base = format!("Logged in as {who}. The ID token is signed with the tenant's RS256 key, issued by {iss} for {}, unexpired, with the nonce sent. Claims: {}.", input.client_id, keys.join(", "));
    if let Some(claim) = &input.groups_claim {
        match claims.get(claim) {
            None => {
                return CheckResult::fail(
                    CheckId::Login,
                    Diagnosis::GroupsClaimMissing,
                    TITLE,
                    format!("{base} The groups claim {claim} is missing, so the target sees no groups."),
                    format!("Add a post-login Action (Actions > Library > Build Custom, trigger Login / Post Login) with this code, Deploy it, and drag it into Actions > Triggers > post-login:\n{}Also give the user a role (User Management > Users > (user) > Roles).", action_code(claim)),
                )
            }
            Some(v) if v.as_array().is_some_and(|a| a.is_empty()) => {
                return CheckResult::warn(CheckId::Login, Diagnosis::GroupsClaimMissing, TITLE, format!("{base} The groups claim {claim} is there but empty: the user has no roles."), "Give the user a role: User Management > Users > (user) > Roles > Assign Roles.")
            }
            Some(_) => {}
        }
    }
    if claims.get("email_verified").and_then(|v| v.as_bool()) == Some(false) {
        let dex = input
            .target
            .is_some_and(|t| t.rules().requires_verified_email);
        let status = if dex {
            CheckStatus::Fail
        } else {
            CheckStatus::Warn
        };
        return CheckResult::new(CheckId::Login, status, Diagnosis::EmailNotVerified, TITLE, format!("{base} The user's e-mail is not verified (email_verified: false); Dex refuses such logins."))
            .with_fix("Verify the e-mail (User Management > Users > (user) > Send Verification Email), or in the Dex connector set insecureSkipEmailVerified: true.");
    }
    CheckResult::pass(CheckId::Login, TITLE, base)
}
