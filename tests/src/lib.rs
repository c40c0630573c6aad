//! Test harness for auth0-wizard: loopback HTTPS servers that answer like Auth0.
//!
//! - [`TestCa`]: a throwaway CA and leaf certificates (valid, expired, wrong host, untrusted).
//! - [`TestIdp`]: a real OpenID provider (`oidc-provider` under Node) with Auth0's routes,
//!   issuer and token-endpoint errors, and a scripted user ([`TestIdp::play_user`]).
//! - [`MgmtStub`]: an in-process, stateful fake of Auth0's token endpoint and Management API
//!   (clients, client grants, Actions and their bindings), with scopes, rate limiting and
//!   a request log.
//! - [`FaultServer`]: an Auth0-like discovery/JWKS/token server with one fault injected,
//!   whose answer to a path can be held until the test releases it ([`FaultServer::hold`]).
//!
//! Every server listens on 127.0.0.1 port 0, over HTTPS from a CA the harness makes, and runs
//! on its own thread and Tokio runtime: it works from any test, async or not, and stops on Drop.

mod auth0;
mod ca;
mod fault;
mod hold;
mod hostile;
mod idp;
mod mgmt;
mod tls;

pub use auth0::{auth0_discovery, public_jwks, ClientCreds};
pub use ca::{LeafCert, TestCa};
pub use fault::{for_every_fault, Fault, FaultServer, Seen};
pub use hold::Held;
pub use idp::{IdpOptions, PlayOptions, TestIdp};
pub use mgmt::{ActionBuild, MgmtConfig, MgmtStub, RecordedRequest, StubClient, ALL_SCOPES};

/// A reqwest client (rustls) that trusts only `ca_pem`, follows no redirects, and has a cookie store.
pub fn https_client(ca_pem: &str) -> anyhow::Result<reqwest::Client> {
    let cert = reqwest::Certificate::from_pem(ca_pem.as_bytes())?;
    Ok(reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(cert)
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()?)
}
