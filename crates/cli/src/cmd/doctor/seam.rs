//! Where the probes of the running system and the reader of pasted error
//! messages plug in. Until they are merged, `--probe` runs no probe and
//! `--symptom` says the message is not (yet) known; each is one call that
//! the real one replaces, with the same inputs and outputs.

use super::Args;
use crate::error::CliError;
use crate::settings::env_secret;
use auth0_wizard_core::doctor::{Imported, ProbeResult, SymptomResult};
use auth0_wizard_core::Secret;
use std::path::PathBuf;
use std::time::Duration;

/// What the probes need besides the imported settings (read by the probes
/// once they are merged).
#[allow(dead_code)]
#[derive(Debug, Clone, Default)]
pub struct ProbeOptions {
    /// `--url`: the running system's public URL (default: the file's).
    pub url: Option<String>,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    /// Management API access, to compare with the Auth0 application:
    /// an M2M application's client ID and secret, or a token.
    pub mgmt_client: Option<(String, Secret)>,
    pub mgmt_token: Option<Secret>,
    pub mgmt_domain: Option<String>,
}

impl ProbeOptions {
    pub fn of(args: &Args) -> Result<Self, CliError> {
        let mgmt_client = match (&args.mgmt_client_id, &args.mgmt_secret_env) {
            (Some(id), Some(var)) => Some((id.clone(), env_secret("--mgmt-secret-env", var)?)),
            _ => None,
        };
        let mgmt_token = args
            .mgmt_token_env
            .as_deref()
            .map(|var| env_secret("--mgmt-token-env", var))
            .transpose()?;
        Ok(ProbeOptions {
            url: args.url.clone(),
            timeout: Duration::from_secs(args.timeout.max(1)),
            ca_file: args.ca_file.clone(),
            mgmt_client,
            mgmt_token,
            mgmt_domain: args.mgmt_domain.clone(),
        })
    }
}

/// `--probe`: what the running system really uses, each probe with its
/// evidence. The probes are not merged yet: none runs.
pub fn run_probes(_imported: &Imported, _opts: &ProbeOptions) -> Vec<ProbeResult> {
    Vec::new()
}

/// `--symptom TEXT`: what the message means for this setup. The
/// recognizer is not merged yet: every message is unknown.
pub fn read_symptom(text: &str, _imported: &Imported) -> SymptomResult {
    SymptomResult {
        text: text.to_owned(),
        known: false,
        meaning: "This message is not one the wizard recognizes yet.".to_owned(),
        fix: "Run the full checks (--check, and --probe for the running system) and look at every finding."
            .to_owned(),
    }
}
