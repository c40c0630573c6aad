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
//! - [`SystemServer`]: a running pachd, Dex, Pomerium or OpenMetadata as the troubleshooter
//!   probes it, healthy or broken one way ([`Answers`]).
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
mod probe_rig;
mod system;
mod system_pages;
mod tls;

pub use auth0::{auth0_discovery, public_jwks, ClientCreds};
pub use ca::{LeafCert, TestCa};
pub use fault::{for_every_fault, Fault, FaultServer, Seen};
pub use hold::Held;
pub use idp::{IdpOptions, PlayOptions, TestIdp};
pub use mgmt::{ActionBuild, MgmtConfig, MgmtStub, RecordedRequest, StubClient, ALL_SCOPES};
pub use probe_rig::{file_for, mgmt_credentials, target_of, tenant, ProbeRig};
pub use system::{refused_url, Answers, Auth0App, SystemServer, OTHER_CLIENT_ID};

/// One PEM file trusting every CA in `pems` (a probe talks to the system and to Auth0).
pub fn ca_bundle(pems: &[&str]) -> anyhow::Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let mut f = tempfile::NamedTempFile::new()?;
    for pem in pems {
        writeln!(f, "{}", pem.trim())?;
    }
    f.flush()?;
    Ok(f)
}

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
