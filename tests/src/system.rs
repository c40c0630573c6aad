//! Loopback HTTPS servers that answer as a running pachd, Dex, Pomerium or
//! OpenMetadata does, per reference B (statuses, headers and bodies quoted
//! there and read in the projects' source), healthy or broken in one way.

use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::any;
use axum::Router;

use crate::ca::TestCa;
use crate::system_pages as page;
use crate::tls::{server_config, spawn_server, ConnMode, ServerHandle};

/// Declares [`Answers`] and [`Answers::ALL`] from one list, so that every
/// mode added to the enum is in `ALL` too.
macro_rules! answers {
    ($(#[$doc:meta])* pub enum Answers { $($(#[$vdoc:meta])* $name:ident,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Answers { $($(#[$vdoc])* $name,)* }

        impl Answers {
            /// Every mode, once: a test that goes through them all cannot miss one added later.
            pub const ALL: &'static [Answers] = &[$(Answers::$name),*];
        }
    };
}

answers! {
    /// How a [`SystemServer`] answers.
    pub enum Answers {
        /// pachd behind its proxy (B.2): Dex's issuer `https://HOST/dex`, one connector
        /// `auth0` (so `/dex/auth` redirects to it), and a redirect to Auth0 with the app's
        /// client_id and `https://HOST/dex/callback`.
        PachdOk,
        /// As `PachdOk`, with the internal issuer `http://pachd:30658/dex` (legitimate).
        PachdInternalIssuer,
        /// Every `/dex` URL: 500 `unable to start Dex server, check logs`.
        PachdDexDown,
        /// No connector stored: only pachd's placeholder, "No IDPs Configured".
        PachdNoConnector,
        /// The redirect to Auth0 carries another client_id, [`OTHER_CLIENT_ID`].
        PachdOtherClientId,
        /// The connector's redirectURI lacks `/dex/`: `https://HOST/callback` (C3).
        PachdRedirectWithoutDex,
        /// `/dex/auth/auth0` answers 500 "Login error." (redirectURI is not issuer + /callback).
        PachdLoginError,
        /// Plain Dex with issuer `https://HOST/dex` and two connectors, `auth0` and `github`.
        DexTwoConnectors,
        /// Dex 2.44+ that dropped the broken `auth0` connector: only `github` is left.
        DexConnectorMissing,
        /// Pomerium's authenticate service on HOST (B.4): `/.well-known/pomerium`, and
        /// `/.pomerium/` redirecting to Auth0.
        PomeriumOk,
        /// Pomerium using the hosted authenticate service (authenticate.pomerium.app).
        PomeriumHosted,
        /// `/.pomerium/` answers 500: the identity provider's discovery failed (C8).
        PomeriumSignInFails,
        /// OpenMetadata 1.5.6 (B.5), the newest `/config/auth` shape, a public client.
        OpenMetadataOk,
        /// As `OpenMetadataOk`, with `authority` ending in `/` (C14).
        OpenMetadataTrailingSlash,
        /// An older `/config/auth` shape with `publicKeyUrls` that lack Auth0's JWKS (C11).
        OpenMetadataOldShape,
        /// Accepts the connection and the TLS handshake, then never answers.
        Hung,
    }
}

/// The client_id of [`Answers::PachdOtherClientId`].
pub const OTHER_CLIENT_ID: &str = "other-client-id-0000000000000000";

/// The Auth0 application the running system is set up with.
#[derive(Clone, Debug)]
pub struct Auth0App {
    /// "host:port" of the Auth0 tenant (a MgmtStub's, or a name that is never asked).
    pub domain: String,
    pub client_id: String,
}

/// An HTTPS server on 127.0.0.1 that answers as one running system.
pub struct SystemServer {
    /// "127.0.0.1:PORT"
    pub host: String,
    pub ca_file: std::path::PathBuf,
    pub ca_pem: String,
    pub answers: Answers,
    requests: Arc<Mutex<Vec<String>>>,
    _server: ServerHandle,
    _ca: TestCa,
}

#[derive(Clone)]
pub(crate) struct Ctx {
    pub answers: Answers,
    pub host: String,
    pub auth0: Auth0App,
}

impl SystemServer {
    pub async fn start(answers: Answers, auth0: Auth0App) -> anyhow::Result<Self> {
        let ca = TestCa::new()?;
        let tls = server_config(&ca.leaf()?)?;
        let host_cell: Arc<OnceLock<String>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (cell, log) = (host_cell.clone(), requests.clone());
        let router = Router::new().fallback(any(move |req: Request| {
            let ctx = Ctx {
                answers,
                host: cell.get().cloned().unwrap_or_default(),
                auth0: auth0.clone(),
            };
            let log = log.clone();
            async move {
                let line = format!("{} {}", req.method(), req.uri());
                log.lock().unwrap_or_else(|e| e.into_inner()).push(line);
                let path = req.uri().path().to_owned();
                let query = req.uri().query().unwrap_or("").to_owned();
                answer(&ctx, &path, &query).await
            }
        }));
        let server = spawn_server(tls, ConnMode::Http(router))?;
        let host = format!("127.0.0.1:{}", server.addr.port());
        host_cell.set(host.clone()).expect("set once, here");
        Ok(Self {
            host,
            ca_file: ca.ca_file.clone(),
            ca_pem: ca.ca_pem.clone(),
            answers,
            requests,
            _server: server,
            _ca: ca,
        })
    }

    /// The URL the system is reached on, as its configuration names it: the proxy
    /// (pachd), Dex's issuer (`/dex`), the authenticate service, OpenMetadata's server.
    pub fn public_url(&self) -> String {
        match self.answers {
            Answers::DexTwoConnectors | Answers::DexConnectorMissing => {
                format!("https://{}/dex", self.host)
            }
            _ => format!("https://{}", self.host),
        }
    }

    /// Every request received so far, as `METHOD /path?query`, oldest first.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// An https URL on 127.0.0.1 where nothing listens (connection refused).
pub fn refused_url() -> anyhow::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    drop(listener);
    Ok(format!("https://127.0.0.1:{port}"))
}

async fn answer(ctx: &Ctx, path: &str, query: &str) -> Response {
    use Answers as A;
    match ctx.answers {
        A::Hung => std::future::pending().await,
        A::PachdDexDown if path.starts_with("/dex") => page::go_http_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "unable to start Dex server, check logs",
        ),
        A::PachdOk
        | A::PachdInternalIssuer
        | A::PachdDexDown
        | A::PachdNoConnector
        | A::PachdOtherClientId
        | A::PachdRedirectWithoutDex
        | A::PachdLoginError
        | A::DexTwoConnectors
        | A::DexConnectorMissing => page::dex(ctx, path, query),
        A::PomeriumOk | A::PomeriumHosted | A::PomeriumSignInFails => page::pomerium(ctx, path),
        A::OpenMetadataOk | A::OpenMetadataTrailingSlash | A::OpenMetadataOldShape => {
            page::openmetadata(ctx, path)
        }
    }
}
