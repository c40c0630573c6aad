//! The running system: `--probe` asks the system what it really uses and
//! compares it with the file and with Auth0 (the core's `probe::examine`).

use super::Args;
use crate::cmd::check::runtime;
use crate::error::CliError;
use crate::settings::env_secret;
use auth0_wizard_core::checks::{CheckOptions, Http, MgmtCredentials};
use auth0_wizard_core::doctor::probe::{self, Examined, ProbeResult};
use auth0_wizard_core::doctor::{Finding, Imported, Level, Location};
use auth0_wizard_core::Secret;
use std::path::PathBuf;
use std::time::Duration;

/// What the probes need besides the imported settings.
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

    /// The audit's credentials (an M2M application; a pasted token cannot
    /// run the audit's client-credentials exchange).
    fn mgmt(&self) -> Option<MgmtCredentials> {
        let (client_id, client_secret) = self.mgmt_client.clone()?;
        let domain = self
            .mgmt_domain
            .as_deref()
            .and_then(|d| auth0_wizard_core::checks::parse_domain(d).ok());
        Some(MgmtCredentials {
            domain,
            client_id,
            client_secret,
            audience: None,
        })
    }
}

/// `--probe`: what the running system really uses, each probe with its
/// evidence, and the differences with the file and Auth0 as findings.
pub fn run_probes(
    imported: &Imported,
    opts: &ProbeOptions,
) -> Result<(Vec<ProbeResult>, Vec<Finding>), CliError> {
    let check_opts = CheckOptions {
        timeout: opts.timeout,
        ca_file: opts.ca_file.clone(),
        ..CheckOptions::default()
    };
    let http = Http::new(&check_opts).map_err(|e| CliError::Usage(format!("--probe: {e}")))?;
    let mgmt = opts.mgmt();
    let found = runtime()?.block_on(probe::examine(
        &http,
        imported,
        opts.url.as_deref(),
        mgmt.as_ref(),
    ));
    let Examined {
        results,
        mut findings,
    } = found.map_err(|e| CliError::Usage(format!("--probe: {e}")))?;
    if opts.mgmt_token.is_some() && mgmt.is_none() {
        findings.push(Finding::new(
            "probe.auth0.token_not_used",
            Level::Info,
            Location::whole_file(),
            "The application's settings were not compared with what the system uses: the audit reads them with a Machine to Machine application, and a pasted token cannot run it.",
            "Give --mgmt-client-id ID and --mgmt-secret-env VAR of an application authorized for the Management API with read:clients.",
        ));
    }
    Ok((results, findings))
}
