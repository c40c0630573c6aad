//! A running system ([`SystemServer`]), the file it runs, and a client that
//! trusts it: what a probe test (or a `doctor` test) starts from.

use std::collections::BTreeMap;
use std::time::Duration;

use auth0_wizard_core::checks::{self, CheckOptions, Http, MgmtCredentials};
use auth0_wizard_core::doctor::probe::{self, Probed};
use auth0_wizard_core::doctor::{Detected, Imported};
use auth0_wizard_core::{RawSettings, Secret, TargetId};

use crate::mgmt::{MgmtConfig, MgmtStub, StubClient};
use crate::system::{Answers, Auth0App, SystemServer};

/// The target whose probe reads a mode's answers.
pub fn target_of(a: Answers) -> TargetId {
    use Answers as A;
    match a {
        A::DexTwoConnectors | A::DexConnectorMissing => TargetId::Dex,
        A::PomeriumOk | A::PomeriumHosted | A::PomeriumSignInFails => TargetId::Pomerium,
        A::OpenMetadataOk | A::OpenMetadataTrailingSlash | A::OpenMetadataOldShape => {
            TargetId::Openmetadata
        }
        _ => TargetId::Pachyderm,
    }
}

/// The file a healthy system of this kind runs: the same app, domain and URL.
pub fn file_for(a: Answers, sys: &SystemServer, app: &Auth0App) -> Imported {
    let target = target_of(a);
    let mut extras = BTreeMap::new();
    if target == TargetId::Openmetadata {
        extras.insert("clientType".to_owned(), "public".to_owned());
    }
    let settings = RawSettings {
        target: target.as_str().to_owned(),
        domain: app.domain.clone(),
        client_id: app.client_id.clone(),
        public_url: sys.public_url(),
        issuer: format!("https://{}/", app.domain),
        extras,
        ..RawSettings::default()
    };
    Imported {
        detected: Detected {
            target,
            version: None,
            format: "test".to_owned(),
            why: "made by the test".to_owned(),
        },
        settings,
        spots: BTreeMap::new(),
        choices: vec![],
        findings: vec![],
    }
}

/// A system answering one way, its file, and a client (2 s timeout) that
/// trusts the system's CA and `other_ca` (the tenant's).
pub struct ProbeRig {
    pub sys: SystemServer,
    pub http: Http,
    pub imported: Imported,
    _bundle: tempfile::NamedTempFile,
}

impl ProbeRig {
    pub async fn start(a: Answers, app: &Auth0App, other_ca: Option<&str>) -> anyhow::Result<Self> {
        let sys = SystemServer::start(a, app.clone()).await?;
        let mut pems = vec![sys.ca_pem.as_str()];
        pems.extend(other_ca);
        let bundle = crate::ca_bundle(&pems)?;
        let opts = CheckOptions::default()
            .with_timeout(Duration::from_secs(2))
            .with_ca_file(bundle.path());
        let imported = file_for(a, &sys, app);
        Ok(ProbeRig {
            http: Http::new(&opts)?,
            sys,
            imported,
            _bundle: bundle,
        })
    }

    /// Probe the system from the file's public URL.
    pub async fn probe(&self) -> anyhow::Result<Probed> {
        let s = &self.imported.settings;
        let base = probe::base_url(s, None)?;
        Ok(probe::run(&self.http, self.imported.detected.target, &base, s).await)
    }
}

/// A MgmtStub as the tenant the system sends users to, with `client` in it
/// (default: the stub's own web application), and that application.
pub async fn tenant(client: Option<StubClient>) -> anyhow::Result<(MgmtStub, Auth0App)> {
    let stub = MgmtStub::start(MgmtConfig::default()).await?;
    let id = match client {
        Some(c) => {
            let id = c.client_id();
            stub.put_client(c);
            id
        }
        None => stub.web_client().map(|c| c.id).unwrap_or_default(),
    };
    let app = Auth0App {
        domain: stub.domain.clone(),
        client_id: id,
    };
    Ok((stub, app))
}

/// The stub's Management API credentials.
pub fn mgmt_credentials(stub: &MgmtStub) -> anyhow::Result<MgmtCredentials> {
    let domain = checks::parse_domain(&stub.domain).map_err(anyhow::Error::msg)?;
    Ok(MgmtCredentials {
        domain: Some(domain),
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    })
}
