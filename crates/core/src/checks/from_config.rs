//! The checks' inputs for a validated configuration: what the desktop app
//! and the CLI run against the settings the user typed, built in one place.

use super::login::LoginInput;
use super::{MgmtCredentials, SuiteInput};
use crate::model::Config;
use crate::secret::Secret;
use serde::Deserialize;
use ts_rs::TS;

/// The Machine to Machine application of "Audit my app settings"
/// (Management API, read:clients), as the window hands it in.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditCredentials {
    pub client_id: String,
    #[ts(type = "string")]
    pub client_secret: Option<Secret>,
}

impl AuditCredentials {
    /// The credentials, when both the client ID and the secret were given.
    pub fn credentials(self) -> Option<MgmtCredentials> {
        let id = self.client_id.trim();
        match self.client_secret {
            Some(secret) if !id.is_empty() && !secret.expose().trim().is_empty() => {
                Some(MgmtCredentials {
                    domain: None,
                    client_id: id.to_owned(),
                    client_secret: secret,
                    audience: None,
                })
            }
            _ => None,
        }
    }
}

impl SuiteInput {
    /// Every check of `cfg`: its domain, application and issuer, the
    /// application's audit when `audit` holds usable credentials, and the
    /// login test's callback when `login_test_port` is set.
    pub fn for_config(
        cfg: Config,
        audit: Option<AuditCredentials>,
        login_test_port: Option<u16>,
    ) -> Self {
        let mut input = SuiteInput::new(
            cfg.domain.clone(),
            cfg.client_id.clone(),
            cfg.client_secret.clone(),
        );
        input.login_test_port = login_test_port;
        input.mgmt = audit.and_then(AuditCredentials::credentials);
        input.config = Some(cfg);
        input
    }
}

impl LoginInput {
    /// The login test of `cfg`: its application, the issuer its exports
    /// write, its groups claim and its target's rules.
    pub fn for_config(cfg: &Config) -> Self {
        let mut input = LoginInput::new(
            cfg.domain.clone(),
            cfg.client_id.clone(),
            cfg.client_secret.clone(),
        );
        input.expected_issuer = Some(cfg.issuer.clone());
        input.groups_claim = cfg.groups_claim.clone();
        input.target = Some(cfg.target);
        input
    }
}
