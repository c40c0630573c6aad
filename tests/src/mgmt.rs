//! A fake of Auth0's token endpoint and Management API v2 (targets.md §5.4), in process.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::auth0::{
    auth0_discovery, json_response, public_jwks, token_endpoint, ClientCreds, TokenClient,
};
use crate::ca::TestCa;
use crate::tls::{server_config, spawn_server, ConnMode, ServerHandle};

/// An application the stub knows: its Management API record and its secret.
#[derive(Clone, Debug)]
pub struct StubClient {
    /// What `GET /api/v2/clients/{id}` returns (before field filtering). Must have `client_id`.
    /// Its `grant_types` also decide what the token endpoint allows the client.
    pub record: Value,
    pub secret: String,
    /// Audiences (APIs) the client has a client grant for; each is also served by the stub.
    pub granted_audiences: Vec<String>,
}

impl StubClient {
    /// A well-configured Auth0 "Regular Web Application" with a random id and secret,
    /// no callbacks, grant types authorization_code + refresh_token, RS256, OIDC conformant.
    pub fn regular_web() -> Self {
        let creds = ClientCreds::random();
        Self {
            record: json!({
                "client_id": creds.id,
                "name": "Test Web App",
                "description": "",
                "app_type": "regular_web",
                "callbacks": [],
                "allowed_logout_urls": [],
                "grant_types": ["authorization_code", "refresh_token"],
                "token_endpoint_auth_method": "client_secret_post",
                "oidc_conformant": true,
                "jwt_configuration": { "alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false },
                "is_first_party": true,
            }),
            secret: creds.secret,
            granted_audiences: vec![],
        }
    }

    /// Sets one field of the record (builder style).
    pub fn with(mut self, field: &str, value: Value) -> Self {
        self.record[field] = value;
        self
    }

    pub fn client_id(&self) -> String {
        self.record["client_id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn creds(&self) -> ClientCreds {
        ClientCreds {
            id: self.client_id(),
            secret: self.secret.clone(),
        }
    }
}

/// What the stub serves.
#[derive(Clone, Debug)]
pub struct MgmtConfig {
    /// The applications `GET /api/v2/clients/{id}` knows (default: one [`StubClient::regular_web`]).
    pub clients: Vec<StubClient>,
    /// Scopes of the Management API token the M2M client gets (default `read:clients`).
    /// Without `read:clients`/`read:client_keys` the client record shows only
    /// `client_id, app_type, name, description`; `read:client_keys` adds `client_secret`.
    pub m2m_scopes: Vec<String>,
    /// Whether the M2M client has a client grant for the Management API (default true);
    /// false gives 403 `Client is not authorized to access ...`.
    pub m2m_granted: bool,
    /// The first N requests to `/api/v2/...` answer 429 with rate-limit headers (default 0).
    pub rate_limited_requests: u32,
}

impl Default for MgmtConfig {
    fn default() -> Self {
        Self {
            clients: vec![StubClient::regular_web()],
            m2m_scopes: vec!["read:clients".into()],
            m2m_granted: true,
            rate_limited_requests: 0,
        }
    }
}

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

struct StubState {
    domain: OnceLock<String>,
    m2m: ClientCreds,
    cfg: Mutex<MgmtConfig>,
    tokens: Mutex<HashMap<String, String>>,
    requests: Mutex<Vec<RecordedRequest>>,
    limited_left: AtomicU32,
}

/// Auth0's token endpoint and `GET /api/v2/clients/{id}`, plus the discovery document and JWKS,
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
            cfg: Mutex::new(cfg),
            tokens: Mutex::default(),
            requests: Mutex::default(),
        });
        let st = state.clone();
        let router = Router::new().fallback(any(move |req: Request| handle(st.clone(), req)));
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
        self.lock_cfg().clients.first().map(StubClient::creds)
    }

    /// Adds an application, or replaces the one with the same `client_id`.
    pub fn put_client(&self, client: StubClient) {
        let mut cfg = self.lock_cfg();
        let id = client.client_id();
        cfg.clients.retain(|c| c.client_id() != id);
        cfg.clients.push(client);
    }

    /// Makes the next `n` requests to `/api/v2/...` answer 429.
    pub fn rate_limit_next(&self, n: u32) {
        self.state.limited_left.store(n, Ordering::SeqCst);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().expect("requests lock").clone()
    }

    fn lock_cfg(&self) -> std::sync::MutexGuard<'_, MgmtConfig> {
        self.state.cfg.lock().expect("config lock")
    }
}

async fn handle(st: Arc<StubState>, req: Request) -> Response {
    let domain = st.domain.get().cloned().unwrap_or_default();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();
    let hv = |h: header::HeaderName| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    st.requests
        .lock()
        .expect("requests lock")
        .push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            authorization: hv(header::AUTHORIZATION),
            content_type: hv(header::CONTENT_TYPE),
            body: String::from_utf8_lossy(&body).into_owned(),
        });

    match (method.as_str(), path.as_str()) {
        ("GET", "/.well-known/openid-configuration") => {
            return json_response(StatusCode::OK, auth0_discovery(&domain))
        }
        ("GET", "/.well-known/jwks.json") => return json_response(StatusCode::OK, public_jwks()),
        ("POST", "/oauth/token") => {
            let api = format!("https://{domain}/api/v2/");
            let (clients, served) = {
                let cfg = st.cfg.lock().expect("config lock");
                let mut clients = vec![TokenClient {
                    creds: st.m2m.clone(),
                    grant_types: vec!["client_credentials".into()],
                    granted: if cfg.m2m_granted {
                        vec![api.clone()]
                    } else {
                        vec![]
                    },
                    scope: cfg.m2m_scopes.join(" "),
                }];
                let mut served = vec![api.clone()];
                for c in &cfg.clients {
                    let grant_types = c.record["grant_types"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|g| g.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    served.extend(c.granted_audiences.iter().cloned());
                    clients.push(TokenClient {
                        creds: c.creds(),
                        grant_types,
                        granted: c.granted_audiences.clone(),
                        scope: String::new(),
                    });
                }
                (clients, served)
            };
            let (resp, issued) = token_endpoint(&domain, &served, &clients, &headers, &body);
            if let Some(t) = issued {
                st.tokens
                    .lock()
                    .expect("tokens lock")
                    .insert(t.access_token, t.scope);
            }
            return resp;
        }
        _ => {}
    }

    if !path.starts_with("/api/v2/") {
        return json_response(StatusCode::NOT_FOUND, json!({"error": "not_found"}));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let limited = st
        .limited_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if limited {
        let mut r = json_response(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached."}),
        );
        rate_headers(&mut r, 0, now + 1);
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    }

    let bearer =
        hv(header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer ").map(str::to_string));
    let Some(token) = bearer else {
        return mgmt_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Missing authentication",
            None,
        );
    };
    let Some(scope) = st.tokens.lock().expect("tokens lock").get(&token).cloned() else {
        return mgmt_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Invalid token",
            None,
        );
    };

    let mut resp = match (method.as_str(), path.strip_prefix("/api/v2/clients/")) {
        ("GET", Some(id)) if !id.is_empty() && !id.contains('/') => {
            let cfg = st.cfg.lock().expect("config lock");
            match cfg.clients.iter().find(|c| c.client_id() == id) {
                None => mgmt_error(
                    StatusCode::NOT_FOUND,
                    "Not Found",
                    "The client does not exist",
                    Some("inexistent_client"),
                ),
                Some(c) => json_response(StatusCode::OK, client_view(c, &scope, query.as_deref())),
            }
        }
        _ => mgmt_error(StatusCode::NOT_FOUND, "Not Found", "Not Found", None),
    };
    rate_headers(&mut resp, 9, now + 1);
    resp
}

/// The record as Auth0 shows it to a token with `scope`, filtered by `fields`/`include_fields`.
fn client_view(c: &StubClient, scope: &str, query: Option<&str>) -> Value {
    let scopes: Vec<&str> = scope.split_whitespace().collect();
    let full = scopes.contains(&"read:clients") || scopes.contains(&"read:client_keys");
    let mut record = c.record.as_object().cloned().unwrap_or_default();
    if scopes.contains(&"read:client_keys") {
        record.insert("client_secret".into(), Value::String(c.secret.clone()));
    }
    if !full {
        record
            .retain(|k, _| ["client_id", "app_type", "name", "description"].contains(&k.as_str()));
    }
    let (mut fields, mut include) = (None::<Vec<String>>, true);
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "fields" => fields = Some(v.split(',').map(|s| s.trim().to_string()).collect()),
            "include_fields" => include = v != "false",
            _ => {}
        }
    }
    if let Some(fields) = fields {
        record.retain(|k, _| fields.contains(k) == include);
    }
    Value::Object(record)
}

fn mgmt_error(status: StatusCode, error: &str, message: &str, code: Option<&str>) -> Response {
    let mut body = Map::new();
    body.insert("statusCode".into(), json!(status.as_u16()));
    body.insert("error".into(), json!(error));
    body.insert("message".into(), json!(message));
    if let Some(code) = code {
        body.insert("errorCode".into(), json!(code));
    }
    json_response(status, Value::Object(body))
}

fn rate_headers(r: &mut Response, remaining: u32, reset: u64) {
    let h = r.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
    h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(reset));
}
