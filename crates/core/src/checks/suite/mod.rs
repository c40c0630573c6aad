//! The non-interactive suite: discovery first, then the JWKS and the client
//! secret; the app audit from the start. Each result is emitted as it finishes.

mod input;

pub use input::SuiteInput;

use super::client_secret::{self, ClientLookup};
use super::discovery::{self, Discovery};
use super::result::{CheckId, CheckResult, Diagnosis};
use super::{audit, jwks, CheckOptions, Http, HttpError};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

/// What the discovery request found, for the checks that need the document.
#[derive(Debug, Clone)]
enum Found {
    /// The host did not answer (or the request was stopped).
    Unreachable,
    /// The document broke a rule that makes nothing in it believable.
    Untrusted,
    /// The document (possibly partial, or empty when it was not JSON).
    Doc(Discovery),
}

/// `None` until the discovery request has finished.
type DocSlot = Option<Found>;

/// Sends each result as it finishes and keeps them all, in that order.
struct Emitter {
    tx: Option<mpsc::UnboundedSender<CheckResult>>,
    results: Mutex<Vec<CheckResult>>,
}

impl Emitter {
    fn emit(&self, r: CheckResult) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(r.clone());
        }
        self.results.lock().expect("not poisoned").push(r);
    }

    fn into_results(self) -> Vec<CheckResult> {
        self.results.into_inner().expect("not poisoned")
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
    let out = Emitter {
        tx,
        results: Mutex::new(Vec::new()),
    };
    match Http::new(&opts) {
        Ok(http) => {
            let suite = Suite {
                http: http.with_scrubbed(input.secrets()),
                input: &input,
                opts: &opts,
                cancel: &cancel,
                out: &out,
            };
            suite.run().await;
        }
        Err(e) => no_client(&out, &e),
    }
    out.into_results()
}

/// Without an HTTP client nothing runs: the first check names why.
fn no_client(out: &Emitter, e: &HttpError) {
    out.emit(CheckResult::fail(
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
        out.emit(CheckResult::skipped(
            id,
            Diagnosis::DependencyFailed,
            title,
            "Not run: the HTTP client could not be set up.",
        ));
    }
}

struct Suite<'a> {
    http: Http,
    input: &'a SuiteInput,
    opts: &'a CheckOptions,
    cancel: &'a CancellationToken,
    out: &'a Emitter,
}

impl Suite<'_> {
    async fn run(&self) {
        let (disc_tx, disc_rx) = watch::channel::<DocSlot>(None);
        let (look_tx, look_rx) = watch::channel::<Option<ClientLookup>>(None);
        tokio::join!(
            self.discovery(disc_tx),
            self.jwks(disc_rx.clone()),
            self.secret(disc_rx, look_rx),
            self.audit(look_tx),
        );
    }

    /// Reachability, discovery and the issuer, from one request.
    async fn discovery(&self, doc_tx: watch::Sender<DocSlot>) {
        let fetch = discovery::fetch(&self.http, &self.input.domain);
        let budget = self.opts.budget(1, false);
        let found = guarded(
            CheckId::Discovery,
            discovery::DISCOVERY_TITLE,
            budget,
            self.cancel,
            fetch,
        )
        .await;
        let o = match found {
            Ok(o) => o,
            Err(r) => {
                self.discovery_stopped(r);
                let _ = doc_tx.send(Some(Found::Unreachable));
                return;
            }
        };
        let found = match (o.reachable(), o.trusted) {
            (false, _) => Found::Unreachable,
            (true, false) => Found::Untrusted,
            (true, true) => Found::Doc(o.doc.clone().unwrap_or_default()),
        };
        self.out.emit(o.reachability);
        self.out.emit(o.discovery);
        let expected = self.input.expected_issuer();
        self.out.emit(discovery::check_issuer(
            o.doc.as_ref(),
            &self.input.domain,
            expected.as_deref(),
        ));
        let _ = doc_tx.send(Some(found));
    }

    /// Timed out or cancelled: the three results of the discovery request say so.
    fn discovery_stopped(&self, r: CheckResult) {
        let d = r.diagnosis;
        let detail = r.detail.clone();
        self.out.emit(CheckResult {
            id: CheckId::Reachability,
            title: discovery::REACHABILITY_TITLE.into(),
            ..r
        });
        for (id, title) in [
            (CheckId::Discovery, discovery::DISCOVERY_TITLE),
            (CheckId::Issuer, discovery::ISSUER_TITLE),
        ] {
            self.out
                .emit(CheckResult::skipped(id, d, title, detail.clone()));
        }
    }

    async fn jwks(&self, doc_rx: watch::Receiver<DocSlot>) {
        let uri = match wait_for_doc(doc_rx).await {
            Found::Doc(d) => d.jwks_uri,
            Found::Untrusted => return self.out.emit(untrusted(CheckId::Jwks, jwks::TITLE)),
            Found::Unreachable => None,
        };
        let Some(uri) = uri else {
            return self.out.emit(CheckResult::skipped(
                CheckId::Jwks,
                Diagnosis::DependencyFailed,
                jwks::TITLE,
                "Not checked: no jwks_uri (the discovery check says why).",
            ));
        };
        let budget = self.opts.budget(1, false);
        let fetch = jwks::check(&self.http, &uri);
        let r = guarded(CheckId::Jwks, jwks::TITLE, budget, self.cancel, fetch).await;
        self.out.emit(r.map(|(r, _)| r).unwrap_or_else(|r| r));
    }

    async fn secret(
        &self,
        doc_rx: watch::Receiver<DocSlot>,
        look_rx: watch::Receiver<Option<ClientLookup>>,
    ) {
        let r = match wait_for_doc(doc_rx).await {
            Found::Doc(doc) => self.secret_with(&doc, look_rx).await,
            Found::Untrusted => untrusted(CheckId::ClientSecret, client_secret::TITLE),
            Found::Unreachable if self.cancel.is_cancelled() => CheckResult::skipped(
                CheckId::ClientSecret,
                Diagnosis::Cancelled,
                client_secret::TITLE,
                "Cancelled.",
            ),
            Found::Unreachable => CheckResult::skipped(
                CheckId::ClientSecret,
                Diagnosis::DependencyFailed,
                client_secret::TITLE,
                format!("Not checked: {} is not reachable.", self.input.domain),
            ),
        };
        self.out.emit(r);
    }

    async fn secret_with(
        &self,
        doc: &Discovery,
        look_rx: watch::Receiver<Option<ClientLookup>>,
    ) -> CheckResult {
        let input = self.input;
        let endpoint = doc.token_endpoint_or_default(&input.domain);
        let audience = input
            .audience
            .clone()
            .unwrap_or_else(|| format!("{}/api/v2/", input.domain.base_url()));
        let has_audit = input.mgmt.is_some();
        // The audit's lookup is awaited only when Auth0 rejects the credentials.
        let lookup = async move {
            if !has_audit {
                return ClientLookup::Unknown;
            }
            wait_for_lookup(look_rx).await
        };
        let mut budget = self.opts.budget(1, false);
        if has_audit {
            budget += self.opts.budget(2, true);
        }
        let check = client_secret::check(
            &self.http,
            client_secret::SecretCheckInput {
                token_endpoint: &endpoint,
                client_id: &input.client_id,
                client_secret: input.client_secret.as_ref(),
                audience: &audience,
            },
            lookup,
        );
        let title = client_secret::TITLE;
        let r = guarded(CheckId::ClientSecret, title, budget, self.cancel, check).await;
        r.unwrap_or_else(|r| r)
    }

    async fn audit(&self, look_tx: watch::Sender<Option<ClientLookup>>) {
        let input = self.input;
        let Some(mgmt) = &input.mgmt else {
            let _ = look_tx.send(Some(ClientLookup::Unknown));
            return self.out.emit(CheckResult::skipped(CheckId::AppAudit, Diagnosis::NotConfigured, audit::TITLE, "Not run: no Management API credentials were given (a Machine to Machine application authorized for the Management API with read:clients)."));
        };
        let reqs = input.app_requirements();
        let test_cb = input
            .login_test_port
            .map(|p| format!("http://127.0.0.1:{p}/callback"));
        let mgmt_domain = mgmt.domain.clone().unwrap_or_else(|| input.domain.clone());
        let ai = audit::AuditInput {
            mgmt_domain: &mgmt_domain,
            mgmt,
            client_id: &input.client_id,
            requirements: reqs.as_ref().map(|r| &r.application),
            login_test_callback: test_cb.as_deref(),
            secret_used: input.secret_used(),
            max_retries: self.opts.max_retries,
            max_retry_wait: self.opts.max_retry_wait,
        };
        let budget = self.opts.budget(2, true);
        let check = audit::check(&self.http, ai);
        let (r, lookup) = guarded(CheckId::AppAudit, audit::TITLE, budget, self.cancel, check)
            .await
            .unwrap_or_else(|r| (r, ClientLookup::Unknown));
        let _ = look_tx.send(Some(lookup));
        self.out.emit(r);
    }
}

async fn wait_for_doc(mut rx: watch::Receiver<DocSlot>) -> Found {
    match rx.wait_for(|v| v.is_some()).await {
        Ok(v) => v.clone().unwrap_or(Found::Unreachable),
        Err(_) => Found::Unreachable,
    }
}

/// Nothing from an untrusted document is used: not its endpoints, not the secret.
fn untrusted(id: CheckId, title: &str) -> CheckResult {
    CheckResult::skipped(
        id,
        Diagnosis::DependencyFailed,
        title,
        "Not checked: the discovery document is not trusted (the discovery check says why); nothing was sent to its endpoints.",
    )
}

async fn wait_for_lookup(mut rx: watch::Receiver<Option<ClientLookup>>) -> ClientLookup {
    match rx.wait_for(|v| v.is_some()).await {
        Ok(v) => v.unwrap_or(ClientLookup::Unknown),
        Err(_) => ClientLookup::Unknown,
    }
}
