//! A stateful fake of Auth0's token endpoint and Management API v2, in process, built
//! from the shapes and recorded exchanges in shared/reference/troubleshoot-and-registration.md
//! section A (and targets.md §5.4): clients (list, get with `fields`, create, PATCH that
//! replaces arrays and merges objects, delete), client grants, Actions that build and
//! deploy over a few polls, post-login bindings replaced as a whole, scopes enforced with
//! Auth0's `insufficient_scope` message, 401, 404, 409, 429 with rate-limit headers.
//! Every request is recorded.

mod actions;
mod answers;
mod clients;
mod config;
mod grants;
mod router;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::Request;
use axum::routing::any;
use axum::Router;
use serde_json::Value;

use crate::auth0::ClientCreds;
use crate::ca::TestCa;
use crate::tls::{server_config, spawn_server, ConnMode, ServerHandle};
pub use config::{ActionBuild, MgmtConfig, StubClient, ALL_SCOPES};

/// One request the stub received.
#[derive(Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The Authorization header, if any.
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The raw body (may hold a client secret: never print it).
    pub body: String,
}

impl RecordedRequest {
    /// A request that may change the tenant: anything but GET, to `/api/v2/`.
    pub fn is_write(&self) -> bool {
        self.method != "GET" && self.path.starts_with("/api/v2/")
    }
}

impl std::fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// An Action in the tenant, and how far its build and deployment are.
#[derive(Clone, Debug)]
pub(crate) struct FakeAction {
    pub record: Value,
    pub looks: u32,
    pub deploy: Deploy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deploy {
    No,
    Requested,
    Done,
}

/// The tenant: everything the Management API can change.
pub(crate) struct Tenant {
    pub clients: Vec<StubClient>,
    pub grants: Vec<Value>,
    pub actions: Vec<FakeAction>,
    /// The post-login trigger's bindings, in order (as `GET .../bindings` lists them).
    pub bindings: Vec<Value>,
    pub m2m_scopes: Vec<String>,
    pub m2m_granted: bool,
    pub action_build: ActionBuild,
}

pub(crate) struct StubState {
    pub domain: OnceLock<String>,
    pub m2m: ClientCreds,
    pub tenant: Mutex<Tenant>,
    /// Issued access token → its scopes.
    pub tokens: Mutex<HashMap<String, String>>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub limited_left: AtomicU32,
}

impl StubState {
    pub fn tenant(&self) -> std::sync::MutexGuard<'_, Tenant> {
        self.tenant.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Auth0's token endpoint and Management API, plus the discovery document and JWKS,
/// on `https://127.0.0.1:PORT`. The Management API audience is `https://<domain>/api/v2/`.
pub struct MgmtStub {
    /// "127.0.0.1:PORT"
    pub domain: String,
    pub ca_file: PathBuf,
    pub ca_pem: String,
    /// The M2M application allowed client_credentials for the Management API.
    pub m2m_client: ClientCreds,
    state: Arc<StubState>,
    _server: ServerHandle,
    _ca: TestCa,
}

impl MgmtStub {
    pub async fn start(cfg: MgmtConfig) -> anyhow::Result<Self> {
        let ca = TestCa::new()?;
        let tls = server_config(&ca.leaf()?)?;
        let m2m = ClientCreds::random();
        let state = Arc::new(StubState {
            domain: OnceLock::new(),
            m2m: m2m.clone(),
            limited_left: AtomicU32::new(cfg.rate_limited_requests),
            tenant: Mutex::new(Tenant {
                clients: cfg.clients,
                grants: Vec::new(),
                actions: Vec::new(),
                bindings: Vec::new(),
                m2m_scopes: cfg.m2m_scopes,
                m2m_granted: cfg.m2m_granted,
                action_build: cfg.action_build,
            }),
            tokens: Mutex::default(),
            requests: Mutex::default(),
        });
        let st = state.clone();
        let router =
            Router::new().fallback(any(move |req: Request| router::handle(st.clone(), req)));
        let server = spawn_server(tls, ConnMode::Http(router))?;
        let domain = format!("127.0.0.1:{}", server.addr.port());
        let _ = state.domain.set(domain.clone());
        Ok(Self {
            domain,
            ca_file: ca.ca_file.clone(),
            ca_pem: ca.ca_pem.clone(),
            m2m_client: m2m,
            state,
            _server: server,
            _ca: ca,
        })
    }

    /// `https://<domain>/api/v2/`
    pub fn audience(&self) -> String {
        format!("https://{}/api/v2/", self.domain)
    }

    /// Credentials of the first configured application (see [`MgmtConfig::clients`]).
    pub fn web_client(&self) -> Option<ClientCreds> {
        self.state.tenant().clients.first().map(StubClient::creds)
    }

    /// Adds an application, or replaces the one with the same `client_id`.
    pub fn put_client(&self, client: StubClient) {
        let mut t = self.state.tenant();
        let id = client.client_id();
        t.clients.retain(|c| c.client_id() != id);
        t.clients.push(client);
    }

    /// The record of the application `client_id` as stored (no secret), if it exists.
    pub fn client(&self, client_id: &str) -> Option<Value> {
        let t = self.state.tenant();
        let c = t.clients.iter().find(|c| c.client_id() == client_id)?;
        Some(c.record.clone())
    }

    /// The secret of the application `client_id`.
    pub fn client_secret(&self, client_id: &str) -> Option<String> {
        let t = self.state.tenant();
        let c = t.clients.iter().find(|c| c.client_id() == client_id)?;
        Some(c.secret.clone())
    }

    /// Every application's record, in creation order.
    pub fn clients(&self) -> Vec<Value> {
        self.state
            .tenant()
            .clients
            .iter()
            .map(|c| c.record.clone())
            .collect()
    }

    /// Every client grant (`{id, client_id, audience, scope}`).
    pub fn grants(&self) -> Vec<Value> {
        self.state.tenant().grants.clone()
    }

    /// Every Action's record.
    pub fn actions(&self) -> Vec<Value> {
        self.state
            .tenant()
            .actions
            .iter()
            .map(|a| a.record.clone())
            .collect()
    }

    /// A built and deployed post-login Action named `name`, as if made in the dashboard; its id.
    pub fn put_action(&self, name: &str) -> String {
        let mut a = actions::new_action(name, "exports.onExecutePostLogin = async () => {};");
        a.looks = u32::MAX / 2;
        a.deploy = Deploy::Done;
        actions::refresh(&mut a, ActionBuild::After(0));
        let id = a.record["id"].as_str().unwrap_or_default().to_string();
        self.state.tenant().actions.push(a);
        id
    }

    /// The post-login bindings: `(action id, display name)` in execution order.
    pub fn bindings(&self) -> Vec<(String, String)> {
        self.state
            .tenant()
            .bindings
            .iter()
            .map(actions::binding_pair)
            .collect()
    }

    /// Replace the post-login bindings with these Actions (ids), as the dashboard would.
    pub fn set_bindings(&self, action_ids: &[&str]) {
        let mut t = self.state.tenant();
        let list: Vec<Value> = action_ids
            .iter()
            .filter_map(|id| t.actions.iter().find(|a| a.record["id"] == *id))
            .map(|a| actions::binding_of(&a.record, a.record["name"].as_str().unwrap_or_default()))
            .collect();
        t.bindings = list;
    }

    /// Sets one field of the application `client_id` (someone else's change in the dashboard).
    pub fn set_client_field(&self, client_id: &str, field: &str, value: Value) {
        let mut t = self.state.tenant();
        if let Some(c) = t.clients.iter_mut().find(|c| c.client_id() == client_id) {
            c.record[field] = value;
        }
    }

    /// A Management API token with these scopes, as the API Explorer gives one.
    pub fn token(&self, scopes: &[&str]) -> String {
        let token = format!("explorer-{}", ClientCreds::random().secret);
        self.state
            .tokens
            .lock()
            .expect("tokens lock")
            .insert(token.clone(), scopes.join(" "));
        token
    }

    /// Makes the next `n` requests to `/api/v2/...` answer 429.
    pub fn rate_limit_next(&self, n: u32) {
        self.state.limited_left.store(n, Ordering::SeqCst);
    }

    /// How the next Actions build.
    pub fn set_action_build(&self, b: ActionBuild) {
        self.state.tenant().action_build = b;
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().expect("requests lock").clone()
    }

    /// The requests that may have changed the tenant (see [`RecordedRequest::is_write`]).
    pub fn writes(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(RecordedRequest::is_write)
            .collect()
    }
}
