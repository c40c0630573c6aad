//! `doctor --check`: the live Auth0 checks of `check`, on the values read
//! from the file. The secret is the file's, or `--secret-env` /
//! `--secret-stdin`'s when the file has none (or only a reference).

use super::Args;
use crate::cmd::check::runtime;
use crate::error::CliError;
use crate::live::{app_of, other_domain, validate_live};
use crate::output::Output;
use crate::settings::env_secret;
use auth0_wizard_core::checks::{self, CheckOptions, CheckResult, MgmtCredentials, SuiteInput};
use auth0_wizard_core::doctor::redact::Redactor;
use auth0_wizard_core::doctor::Imported;
use auth0_wizard_core::validate::analyze;
use auth0_wizard_core::{Report, Secret};
use std::time::Duration;

pub fn checks(
    args: &Args,
    imported: &Imported,
    redactor: &mut Redactor,
    out: &Output,
) -> Result<Vec<CheckResult>, CliError> {
    let mut raw = imported.settings.clone();
    if raw.client_secret.is_none() {
        raw.client_secret = args.secret.read()?;
    } else if args.secret.secret_env.is_some() || args.secret.secret_stdin {
        out.note("--check: the file holds the client secret; it is the one checked (the flag's is not used).");
    }
    redactor.add(raw.client_secret.as_ref());
    let mgmt_secret = args
        .mgmt_secret_env
        .as_deref()
        .map(|var| env_secret("--mgmt-secret-env", var))
        .transpose()?;
    redactor.add(mgmt_secret.as_ref());
    let Some(mut input) = suite_input(&raw, out) else {
        return Ok(Vec::new());
    };
    input.mgmt = mgmt(args, mgmt_secret, out);
    if args.mgmt_token_env.is_some() && input.mgmt.is_none() {
        out.note("--check: the app audit needs --mgmt-client-id and --mgmt-secret-env; a token (--mgmt-token-env) is only used by --probe.");
    }
    let mut opts = CheckOptions::default().with_timeout(Duration::from_secs(args.timeout.max(1)));
    opts.ca_file = args.ca_file.clone();
    Ok(runtime()?.block_on(checks::run_suite(input, opts, None, checks::Cancel::new())))
}

/// The checks of the whole configuration when it is valid; else of the
/// application alone (domain, client ID, secret), when those are.
fn suite_input(raw: &auth0_wizard_core::RawSettings, out: &Output) -> Option<SuiteInput> {
    let a = analyze(raw, &mut |_| Secret::default());
    if let Some(cfg) = a.config {
        return Some(SuiteInput::for_config(cfg, None, None));
    }
    match validate_live(raw, &[]) {
        Ok((a, _)) => {
            let (domain, client_id, secret) = app_of(&a)?;
            let mut input = SuiteInput::new(domain, client_id, secret);
            input.expected_issuer = a.issuer.clone().filter(|i| !i.is_empty());
            Some(input)
        }
        Err(report) => {
            let codes = report
                .errors()
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            out.note(&format!(
                "--check: not run: the file's Auth0 application is not valid ({codes}); see the findings."
            ));
            None
        }
    }
}

fn mgmt(args: &Args, secret: Option<Secret>, out: &Output) -> Option<MgmtCredentials> {
    let mut report = Report::default();
    let domain = args
        .mgmt_domain
        .as_deref()
        .and_then(|d| other_domain(d, "mgmtDomain", &mut report));
    if report.has_errors() {
        out.note(&format!(
            "--mgmt-domain: {}",
            report
                .errors()
                .map(|i| i.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    Some(MgmtCredentials {
        domain,
        client_id: args.mgmt_client_id.clone()?,
        client_secret: secret?,
        audience: None,
    })
}
