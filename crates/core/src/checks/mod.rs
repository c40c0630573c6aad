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
pub mod result;

pub use audit::MgmtCredentials;
pub use discovery::{discover_issuer, Discovery};
pub use from_config::AuditCredentials;
pub use http::{Http, HttpError};
pub use login::{LoginInput, LoginOutcome};
pub use result::{CheckId, CheckResult, CheckStatus, Diagnosis, Evidence, Finding, Header};

use crate::model::{Config, Domain, RawSettings};
use crate::requirements::{requirements, RequirementsInput};
use crate::secret::Secret;
use client_secret::ClientLookup;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

pub use tokio_util::sync::CancellationToken as Cancel;

/// Default connect and total timeout of one request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body read.
pub const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Connect and total timeout of one request.
    pub timeout: Duration,
    /// Overall timeout of one check; default: derived from `timeout`.
    pub check_timeout: Option<Duration>,
    /// Extra CA certificates (PEM) to trust besides the built-in roots.
    pub ca_file: Option<PathBuf>,
    pub max_body: usize,
    /// Management API 429s retried at most this often...
    pub max_retries: u32,
    /// ...and only when the rate-limit headers ask for at most this wait.
    pub max_retry_wait: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            timeout: DEFAULT_TIMEOUT,
            check_timeout: None,
            ca_file: None,
            max_body: MAX_BODY,
            max_retries: 2,
            max_retry_wait: Duration::from_secs(5),
        }
    }
}

impl CheckOptions {
    pub fn with_timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn with_ca_file(mut self, p: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(p.into());
        self
    }

    /// A check that makes `requests` requests (plus retry waits) may take this long.
    fn budget(&self, requests: u32, retries: bool) -> Duration {
        if let Some(t) = self.check_timeout {
            return t;
        }
        let mut b = (self.timeout + Duration::from_millis(500)) * requests + Duration::from_secs(1);
        if retries {
            b += (self.max_retry_wait + self.timeout) * self.max_retries;
        }
        b
    }
}

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

/// Parse a domain as the user typed it (`tenant.auth0.com`, `https://host:port/`),
/// with the same rules as validation; the error lists validation's messages.
pub fn parse_domain(input: &str) -> Result<Domain, String> {
    let report = crate::validate::validate(&RawSettings {
        domain: input.to_owned(),
        ..Default::default()
    });
    let errors: Vec<String> = report
        .for_field("domain")
        .filter(|i| i.severity == crate::validate::Severity::Error)
        .map(|i| format!("{} {}", i.message, i.fix))
        .collect();
    if !errors.is_empty() {
        return Err(errors.join(" "));
    }
    let s = input.trim();
    let s = s
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(s)
        .trim_end_matches('/');
    let url = url::Url::parse(&format!("https://{s}/")).map_err(|e| e.to_string())?;
    let host = url
        .host_str()
        .ok_or("the domain has no host name")?
        .to_owned();
    Ok(Domain {
        host,
        port: url.port(),
    })
}

/// What the suite checks.
#[derive(Debug, Clone)]
pub struct SuiteInput {
    pub domain: Domain,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// Audience of the client-credentials test; default `https://{domain}/api/v2/`.
    pub audience: Option<String>,
    /// The target's configuration: its issuer and what the app must look like.
    pub config: Option<Config>,
    /// The issuer the exports write, when there is no `config` (else `config.issuer`).
    pub expected_issuer: Option<String>,
    /// What the app must look like, when there is no `config` (else derived from it).
    pub requirements: Option<RequirementsInput>,
    /// The login test's port, when its callback should be registered too.
    pub login_test_port: Option<u16>,
    /// Management API credentials for the app audit; `None` skips it.
    pub mgmt: Option<MgmtCredentials>,
}

impl SuiteInput {
    pub fn new(
        domain: Domain,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        SuiteInput {
            domain,
            client_id: client_id.into(),
            client_secret,
            audience: None,
            config: None,
            expected_issuer: None,
            requirements: None,
            login_test_port: None,
            mgmt: None,
        }
    }
}

/// Run `fut` within `budget`, unless cancelled; name what stopped it.
async fn guarded<T>(
    id: CheckId,
    title: &str,
    budget: Duration,
    cancel: &CancellationToken,
    fut: impl Future<Output = T>,
) -> Result<T, CheckResult> {
    tokio::select! {
        r = tokio::time::timeout(budget, fut) => r.map_err(|_| CheckResult::fail(id, Diagnosis::CheckTimeout, title, format!("The check did not finish within {} s.", budget.as_secs_f32()), "Check the network and the proxy settings, or allow more time (--timeout in the CLI).")),
        _ = cancel.cancelled() => Err(CheckResult::skipped(id, Diagnosis::Cancelled, title, "Cancelled.")),
    }
}

/// Run every non-interactive check. Each result is sent on `tx` (if any) as it
/// finishes; all of them are returned at the end, in the order they finished.
pub async fn run_suite(
    input: SuiteInput,
    opts: CheckOptions,
    tx: Option<mpsc::UnboundedSender<CheckResult>>,
    cancel: CancellationToken,
) -> Vec<CheckResult> {
    let results = std::sync::Mutex::new(Vec::new());
    let emit = |r: CheckResult| {
        if let Some(tx) = &tx {
            let _ = tx.send(r.clone());
        }
        results.lock().expect("not poisoned").push(r);
    };
    let mut scrub: Vec<String> = input
        .client_secret
        .iter()
        .map(|s| s.expose().to_owned())
        .collect();
    scrub.extend(
        input
            .mgmt
            .iter()
            .map(|m| m.client_secret.expose().to_owned()),
    );
    let http = match Http::new(&opts) {
        Ok(h) => h.with_scrubbed(scrub),
        Err(e) => {
            emit(CheckResult::fail(
                CheckId::Reachability,
                e.diagnosis(),
                discovery::REACHABILITY_TITLE,
                e.to_string(),
                e.fix(),
            ));
            for (id, title) in [
                (CheckId::Discovery, discovery::DISCOVERY_TITLE),
                (CheckId::Issuer, discovery::ISSUER_TITLE),
                (CheckId::Jwks, jwks::TITLE),
                (CheckId::ClientSecret, client_secret::TITLE),
                (CheckId::AppAudit, audit::TITLE),
            ] {
                emit(CheckResult::skipped(
                    id,
                    Diagnosis::DependencyFailed,
                    title,
                    "Not run: the HTTP client could not be set up.",
                ));
            }
            return results.into_inner().expect("not poisoned");
        }
    };

    let (disc_tx, disc_rx) = watch::channel::<Option<Option<Discovery>>>(None);
    let (look_tx, look_rx) = watch::channel::<Option<ClientLookup>>(None);
    let wait_disc = |mut rx: watch::Receiver<Option<Option<Discovery>>>| async move {
        match rx.wait_for(|v| v.is_some()).await {
            Ok(v) => v.clone().flatten(),
            Err(_) => None,
        }
    };
    let expected_issuer = input
        .config
        .as_ref()
        .map(|c| c.issuer.clone())
        .or_else(|| input.expected_issuer.clone());

    let discovery_task = async {
        match guarded(
            CheckId::Discovery,
            discovery::DISCOVERY_TITLE,
            opts.budget(1, false),
            &cancel,
            discovery::fetch(&http, &input.domain),
        )
        .await
        {
            Ok(o) => {
                let reachable = o.reachable();
                emit(o.reachability);
                emit(o.discovery);
                emit(discovery::check_issuer(
                    o.doc.as_ref(),
                    &input.domain,
                    expected_issuer.as_deref(),
                ));
                // Downstream checks get the document (possibly partial) only when the host answered.
                let _ = disc_tx.send(Some(if reachable {
                    o.doc.or(Some(Discovery::default()))
                } else {
                    None
                }));
            }
            Err(r) => {
                let d = r.diagnosis;
                emit(CheckResult {
                    id: CheckId::Reachability,
                    title: discovery::REACHABILITY_TITLE.into(),
                    ..r.clone()
                });
                emit(CheckResult::skipped(
                    CheckId::Discovery,
                    d,
                    discovery::DISCOVERY_TITLE,
                    r.detail.clone(),
                ));
                emit(CheckResult::skipped(
                    CheckId::Issuer,
                    d,
                    discovery::ISSUER_TITLE,
                    r.detail,
                ));
                let _ = disc_tx.send(Some(None));
            }
        }
    };

    let jwks_task = async {
        let doc = wait_disc(disc_rx.clone()).await;
        let r = match doc.as_ref().and_then(|d| d.jwks_uri.clone()) {
            None => CheckResult::skipped(
                CheckId::Jwks,
                Diagnosis::DependencyFailed,
                jwks::TITLE,
                "Not checked: no jwks_uri (the discovery check says why).",
            ),
            Some(uri) => guarded(
                CheckId::Jwks,
                jwks::TITLE,
                opts.budget(1, false),
                &cancel,
                jwks::check(&http, &uri),
            )
            .await
            .map(|(r, _)| r)
            .unwrap_or_else(|r| r),
        };
        emit(r);
    };

    let secret_task = async {
        let doc = wait_disc(disc_rx.clone()).await;
        let r = match doc {
            None if cancel.is_cancelled() => CheckResult::skipped(
                CheckId::ClientSecret,
                Diagnosis::Cancelled,
                client_secret::TITLE,
                "Cancelled.",
            ),
            None => CheckResult::skipped(
                CheckId::ClientSecret,
                Diagnosis::DependencyFailed,
                client_secret::TITLE,
                format!("Not checked: {} is not reachable.", input.domain),
            ),
            Some(doc) => {
                let endpoint = doc.token_endpoint_or_default(&input.domain);
                let audience = input
                    .audience
                    .clone()
                    .unwrap_or_else(|| format!("{}/api/v2/", input.domain.base_url()));
                let has_audit = input.mgmt.is_some();
                let mut look_rx = look_rx.clone();
                let lookup = async move {
                    if !has_audit {
                        return ClientLookup::Unknown;
                    }
                    match look_rx.wait_for(|v| v.is_some()).await {
                        Ok(v) => v.unwrap_or(ClientLookup::Unknown),
                        Err(_) => ClientLookup::Unknown,
                    }
                };
                let budget = opts.budget(1, false)
                    + if has_audit {
                        opts.budget(2, true)
                    } else {
                        Duration::ZERO
                    };
                let fut = client_secret::check(
                    &http,
                    client_secret::SecretCheckInput {
                        token_endpoint: &endpoint,
                        client_id: &input.client_id,
                        client_secret: input.client_secret.as_ref(),
                        audience: &audience,
                    },
                    lookup,
                );
                guarded(
                    CheckId::ClientSecret,
                    client_secret::TITLE,
                    budget,
                    &cancel,
                    fut,
                )
                .await
                .unwrap_or_else(|r| r)
            }
        };
        emit(r);
    };

    let audit_task = async {
        let Some(mgmt) = &input.mgmt else {
            let _ = look_tx.send(Some(ClientLookup::Unknown));
            emit(CheckResult::skipped(CheckId::AppAudit, Diagnosis::NotConfigured, audit::TITLE, "Not run: no Management API credentials were given (a Machine to Machine application authorized for the Management API with read:clients)."));
            return;
        };
        let reqs = match (&input.config, &input.requirements) {
            (Some(c), _) => Some(requirements(&RequirementsInput::from_config(
                c,
                input.login_test_port,
            ))),
            (None, Some(r)) => Some(requirements(&RequirementsInput {
                login_test_port: input.login_test_port,
                ..r.clone()
            })),
            (None, None) => None,
        };
        let test_cb = input
            .login_test_port
            .map(|p| format!("http://127.0.0.1:{p}/callback"));
        let mgmt_domain = mgmt.domain.clone().unwrap_or_else(|| input.domain.clone());
        let secret_used = input.client_secret.as_ref().is_some_and(|s| !s.is_empty())
            || input
                .config
                .as_ref()
                .is_some_and(|c| c.client_secret.is_some());
        let ai = audit::AuditInput {
            mgmt_domain: &mgmt_domain,
            mgmt,
            client_id: &input.client_id,
            requirements: reqs.as_ref().map(|r| &r.application),
            login_test_callback: test_cb.as_deref(),
            secret_used,
            max_retries: opts.max_retries,
            max_retry_wait: opts.max_retry_wait,
        };
        let (r, lookup) = match guarded(
            CheckId::AppAudit,
            audit::TITLE,
            opts.budget(2, true),
            &cancel,
            audit::check(&http, ai),
        )
        .await
        {
            Ok(x) => x,
            Err(r) => (r, ClientLookup::Unknown),
        };
        let _ = look_tx.send(Some(lookup));
        emit(r);
    };

    tokio::join!(discovery_task, jwks_task, secret_task, audit_task);
    results.into_inner().expect("not poisoned")
}

/// Does any result fail? (Warnings and skipped checks do not.)
pub fn any_failed(results: &[CheckResult]) -> bool {
    results.iter().any(CheckResult::is_failure)
}
