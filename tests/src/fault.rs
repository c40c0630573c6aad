//! An Auth0-like discovery / JWKS / token server with one fault injected.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures_util::StreamExt;
use serde_json::Value;

use crate::auth0::{
    auth0_discovery, json_response, public_jwks, token_endpoint, ClientCreds, TokenClient,
};
use crate::ca::TestCa;
use crate::hold::{Gate, Held};
use crate::hostile;
use crate::tls::{server_config, spawn_server, ConnMode, ServerHandle};

/// Declares [`Fault`] and [`Fault::ALL`] from one list, so that a fault added
/// to the enum is in `ALL` too (a fault that carries a value, with an example).
macro_rules! faults {
    ($(#[$doc:meta])* pub enum Fault {
        $($(#[$vdoc:meta])* $name:ident $(($ty:ty) = $example:expr)?,)*
    }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Fault {
            $($(#[$vdoc])* $name $(($ty))?,)*
        }

        impl Fault {
            /// Every fault, once: tests that go through them all cannot miss one added later.
            pub const ALL: &'static [Fault] = &[$(Fault::$name $(($example))?),*];
        }
    };
}

faults! {
    /// The fault a [`FaultServer`] injects into every response (or connection).
    pub enum Fault {
        /// No fault: Auth0's discovery document (issuer with a trailing slash), JWKS and token endpoint.
        Ok,
        /// Like `Ok`, with this much added latency before every response (for benchmarks).
        Delay(Duration) = Duration::from_millis(20),
        /// Every path answers 500.
        Status500,
        /// 200 and headers, then the body never comes.
        HangAfterHeaders,
        /// The correct body, one byte per second.
        SlowBody,
        /// 200 `application/json` whose body is cut-off JSON.
        MalformedJson,
        /// 200 `text/html` (a login/landing page) instead of JSON.
        HtmlInsteadOfJson,
        /// TLS handshake, the request is read, then the connection is reset (RST).
        ConnectionReset,
        /// The discovery `issuer` is another tenant (`https://wrong-tenant.example.com/`).
        WrongIssuer,
        /// The discovery `issuer` lacks the trailing slash (`https://127.0.0.1:PORT`).
        IssuerWithoutTrailingSlash,
        /// The discovery document has only `issuer`; the JWKS is `{}`.
        MissingFields,
        /// The JWKS is `{"keys": []}`.
        EmptyJwks,
        /// The certificate is from a CA not in `ca_file`.
        UntrustedCert,
        /// The certificate (from the trusted CA) expired in 2021.
        ExpiredCert,
        /// The certificate (from the trusted CA) names `other.invalid`, not 127.0.0.1.
        WrongHostCert,
        /// 200 with a 100 MiB body, streamed (never held in memory), no Content-Length.
        HugeBody,
        /// 302 to `https://other.invalid<same path>`.
        RedirectOtherHost,
        /// 302 to the same URL, forever.
        RedirectLoop,
        /// client_credentials is refused with Auth0's newer wording for a missing API grant:
        /// 403 `Service not enabled within domain: https://<domain>/api/v2/` (reference E.2).
        ServiceNotEnabled,
        /// The discovery `token_endpoint` is on `localhost` (the same server under another
        /// host name, which the certificate covers): anything sent there is logged.
        EndpointOtherHost,
        /// The discovery `userinfo_endpoint` is `http://` on the domain.
        EndpointNotHttps,
        /// The discovery `userinfo_endpoint` carries an escape sequence and a line break.
        ControlCharsInDiscovery,
        /// The token endpoint answers 401 with the client's secret in `error_description`
        /// (once as is, once JSON-escaped) and terminal escape sequences.
        EchoSecretInErrorDescription,
        /// Tokens are issued, but reading an application answers a 403 HTML page with the
        /// M2M secret and terminal escape sequences in it.
        EchoSecretInHtml,
        /// The token endpoint redirects to a URL with the secret in it and names the
        /// secret in `WWW-Authenticate`.
        EchoSecretInHeader,
    }
}

/// Size of the [`Fault::HugeBody`] body.
pub const HUGE_BODY_BYTES: u64 = 100 * 1024 * 1024;

/// An HTTPS server on 127.0.0.1 that serves `/.well-known/openid-configuration`,
/// `/.well-known/jwks.json` and `POST /oauth/token` with one [`Fault`].
pub struct FaultServer {
    /// "127.0.0.1:PORT"
    pub domain: String,
    /// The CA to trust (PEM file); for `UntrustedCert` the server's certificate is not from it.
    pub ca_file: PathBuf,
    pub ca_pem: String,
    /// A client allowed client_credentials for `https://<domain>/api/v2/` (for `Ok` and `Delay`).
    pub m2m_client: ClientCreds,
    pub fault: Fault,
    gate: Gate,
    log: Log,
    _server: ServerHandle,
    _ca: TestCa,
}

#[derive(Clone)]
struct Ctx {
    fault: Fault,
    gate: Gate,
    log: Log,
    domain: String,
    clients: Arc<Vec<TokenClient>>,
}

/// One request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The Host header, e.g. `127.0.0.1:PORT` or `localhost:PORT`.
    pub host: String,
    pub method: String,
    pub path: String,
}

type Log = Arc<std::sync::Mutex<Vec<Seen>>>;

impl FaultServer {
    pub async fn start(fault: Fault) -> anyhow::Result<Self> {
        let ca = TestCa::new()?;
        let leaf = match fault {
            Fault::UntrustedCert => ca.untrusted_leaf()?,
            Fault::ExpiredCert => ca.expired_leaf()?,
            Fault::WrongHostCert => ca.wrong_host_leaf()?,
            _ => ca.leaf()?,
        };
        let tls = server_config(&leaf)?;
        let m2m_client = ClientCreds::random();
        // The port is known only once bound, and the documents name it: the router reads
        // the domain from shared state set right after binding.
        let domain_cell: Arc<std::sync::OnceLock<String>> = Arc::default();
        let gate = Gate::default();
        let log = Log::default();
        let mode = if fault == Fault::ConnectionReset {
            ConnMode::Reset
        } else {
            let cell = domain_cell.clone();
            let fault = fault.clone();
            let m2m = m2m_client.clone();
            let gate = gate.clone();
            let log = log.clone();
            let router = Router::new().fallback(any(move |req: Request| {
                let cell = cell.clone();
                let fault = fault.clone();
                let m2m = m2m.clone();
                let gate = gate.clone();
                let log = log.clone();
                async move {
                    let domain = cell.get().cloned().unwrap_or_default();
                    let ctx = Ctx {
                        fault,
                        gate,
                        log,
                        clients: Arc::new(vec![m2m_token_client(&m2m, &domain)]),
                        domain,
                    };
                    handle(ctx, req).await
                }
            }));
            ConnMode::Http(router)
        };
        let server = spawn_server(tls, mode)?;
        let domain = format!("127.0.0.1:{}", server.addr.port());
        domain_cell
            .set(domain.clone())
            .expect("the domain is set once, here");
        Ok(Self {
            domain,
            ca_file: ca.ca_file.clone(),
            ca_pem: ca.ca_pem.clone(),
            m2m_client,
            fault,
            gate,
            log,
            _server: server,
            _ca: ca,
        })
    }

    /// `https://<domain>/`
    pub fn base_url(&self) -> String {
        format!("https://{}/", self.domain)
    }

    /// Holds every request to `path` (e.g. `/.well-known/jwks.json`), before its
    /// fault applies, until the returned [`Held`] is released or dropped.
    /// (No effect with [`Fault::ConnectionReset`]: no request is ever served.)
    pub fn hold(&self, path: &str) -> Held {
        self.gate.hold(path)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn m2m_token_client(m2m: &ClientCreds, domain: &str) -> TokenClient {
    TokenClient {
        creds: m2m.clone(),
        grant_types: vec!["client_credentials".into()],
        granted: vec![format!("https://{domain}/api/v2/")],
        scope: "read:clients".into(),
    }
}

async fn handle(ctx: Ctx, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| path.clone());
    let method = req.method().clone();
    let authority = req.uri().authority().map(|a| a.to_string());
    let headers = req.headers().clone();
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or(authority)
        .unwrap_or_default();
    ctx.log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Seen {
            host,
            method: method.to_string(),
            path: path.clone(),
        });
    ctx.gate.pass(&path).await;
    let secret = &ctx.clients[0].creds.secret;
    if let Some(resp) = hostile::answer(&ctx.fault, &ctx.domain, method.as_str(), &path, secret) {
        return resp;
    }

    match &ctx.fault {
        Fault::Delay(d) => tokio::time::sleep(*d).await,
        Fault::Status500 => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain")],
                "Internal Server Error",
            )
                .into_response()
        }
        Fault::RedirectOtherHost => {
            return redirect(&format!("https://other.invalid{path_and_query}"));
        }
        Fault::RedirectLoop => {
            return redirect(&format!("https://{}{path_and_query}", ctx.domain));
        }
        Fault::HtmlInsteadOfJson => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><head><title>Sign In</title></head><body><h1>Welcome</h1></body></html>",
            )
                .into_response();
        }
        Fault::MalformedJson => {
            let doc = auth0_discovery(&ctx.domain).to_string();
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                doc[..doc.len() / 2].to_string(),
            )
                .into_response();
        }
        Fault::HangAfterHeaders => {
            let stream = futures_util::stream::pending::<Result<Bytes, Infallible>>();
            return json_stream(Body::from_stream(stream));
        }
        Fault::HugeBody => {
            const CHUNK: usize = 64 * 1024;
            let chunks = HUGE_BODY_BYTES / CHUNK as u64;
            let head = Bytes::from_static(b"{\"padding\":\"");
            let filler = Bytes::from(vec![b'a'; CHUNK]);
            let stream = futures_util::stream::iter(
                std::iter::once(head).chain((0..chunks).map(move |_| filler.clone())),
            )
            .map(Ok::<_, Infallible>);
            return json_stream(Body::from_stream(stream));
        }
        _ => {}
    }

    let (status, doc) = match (method.as_str(), path.as_str()) {
        ("GET", "/.well-known/openid-configuration") => (StatusCode::OK, discovery(&ctx)),
        ("GET", "/.well-known/jwks.json") => (StatusCode::OK, jwks(&ctx)),
        ("POST", "/oauth/token") => {
            let served = vec![format!("https://{}/api/v2/", ctx.domain)];
            let (resp, _) = token_endpoint(&ctx.domain, &served, &ctx.clients, &headers, &body);
            return resp;
        }
        _ => {
            return json_response(
                StatusCode::NOT_FOUND,
                serde_json::json!({"error": "not_found", "error_description": "Not found"}),
            )
        }
    };
    if ctx.fault == Fault::SlowBody {
        let bytes = doc.to_string().into_bytes();
        let stream = futures_util::stream::unfold(0usize, move |i| {
            let bytes = bytes.clone();
            async move {
                if i >= bytes.len() {
                    return None;
                }
                if i > 0 {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Some((
                    Ok::<_, Infallible>(Bytes::copy_from_slice(&bytes[i..i + 1])),
                    i + 1,
                ))
            }
        });
        return json_stream(Body::from_stream(stream));
    }
    json_response(status, doc)
}

fn discovery(ctx: &Ctx) -> Value {
    let mut doc = auth0_discovery(&ctx.domain);
    match ctx.fault {
        Fault::WrongIssuer => doc["issuer"] = "https://wrong-tenant.example.com/".into(),
        Fault::IssuerWithoutTrailingSlash => {
            doc["issuer"] = format!("https://{}", ctx.domain).into()
        }
        Fault::MissingFields => {
            doc = serde_json::json!({ "issuer": format!("https://{}/", ctx.domain) })
        }
        _ => hostile::discovery(&ctx.fault, &ctx.domain, &mut doc),
    }
    doc
}

fn jwks(ctx: &Ctx) -> Value {
    match ctx.fault {
        Fault::MissingFields => serde_json::json!({}),
        Fault::EmptyJwks => serde_json::json!({ "keys": [] }),
        _ => public_jwks(),
    }
}

fn redirect(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, location.to_string())],
        "",
    )
        .into_response()
}

fn json_stream(body: Body) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        "application/json".parse().expect("static"),
    );
    (StatusCode::OK, headers, body).into_response()
}

/// Runs `test` for every fault in [`Fault::ALL`], all at once, each on its own
/// task; then panics naming every fault whose run panicked, with its message.
pub async fn for_every_fault<F, Fut>(test: F)
where
    F: Fn(Fault) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let runs: Vec<_> = Fault::ALL
        .iter()
        .map(|f| (f.clone(), tokio::spawn(test(f.clone()))))
        .collect();
    let mut failed = Vec::new();
    for (fault, run) in runs {
        if let Err(e) = run.await {
            let why = match e.try_into_panic() {
                Ok(p) => p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "(a panic without a message)".into()),
                Err(e) => e.to_string(),
            };
            failed.push(format!("{fault:?}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} faults failed:\n{}",
        failed.len(),
        Fault::ALL.len(),
        failed.join("\n")
    );
}
