//! What the suite checks, and what it derives from that.

use super::super::MgmtCredentials;
use crate::model::{Config, Domain};
use crate::requirements::{requirements, Requirements, RequirementsInput};
use crate::secret::Secret;

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

    /// The secrets this run knows, to scrub from anything a server sends back.
    pub(super) fn secrets(&self) -> Vec<String> {
        let mgmt = self.mgmt.iter().map(|m| &m.client_secret);
        self.client_secret
            .iter()
            .chain(mgmt)
            .map(|s| s.expose().to_owned())
            .collect()
    }

    /// The issuer the exports write: the config's, else the one given.
    pub(super) fn expected_issuer(&self) -> Option<String> {
        self.config
            .as_ref()
            .map(|c| c.issuer.clone())
            .or_else(|| self.expected_issuer.clone())
    }

    /// What the app must look like, with the login test's callback when it is used.
    pub(super) fn app_requirements(&self) -> Option<Requirements> {
        let port = self.login_test_port;
        match (&self.config, &self.requirements) {
            (Some(c), _) => Some(requirements(&RequirementsInput::from_config(c, port))),
            (None, Some(r)) => Some(requirements(&RequirementsInput {
                login_test_port: port,
                ..r.clone()
            })),
            (None, None) => None,
        }
    }

    pub(super) fn secret_used(&self) -> bool {
        self.client_secret.as_ref().is_some_and(|s| !s.is_empty())
            || self
                .config
                .as_ref()
                .is_some_and(|c| c.client_secret.is_some())
    }
}
