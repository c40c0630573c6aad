//! `auth0-wizard check`: the live checks against Auth0 (no browser), each
//! printed as it finishes.

use super::Status;
use crate::error::CliError;
use crate::flags::{ExtraArgs, ForRequirements};
use crate::live::{app_of, other_domain, validate_live, LiveArgs, TARGET_FIELDS};
use crate::output::Output;
use crate::settings::env_secret;
use auth0_wizard_core::checks::{
    self, CheckOptions, CheckResult, CheckStatus, MgmtCredentials, SuiteInput,
};
use auth0_wizard_core::requirements::RequirementsInput;
use auth0_wizard_core::{target_info, Domain, RawSettings, Report, Secret};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Checks, as soon as their inputs exist: reachability (DNS, TCP, TLS), the discovery document and
its issuer, the signing keys (JWKS), the client ID and secret (a client-credentials request; no
browser), and with --mgmt-client-id the application's settings through the Management API (read only).
Each check prints one line as it finishes; a failure or warning adds what is wrong and what to
click in Auth0. --json prints one JSON document at the end ({\"summary\": ..., \"checks\": [...]});
--json-lines prints one JSON object per check as it finishes.

The flags are checked as `validate` checks them, with the same messages.

Exit status: 0 every check passed (warnings allowed), 1 a check failed or the settings are not
valid, 2 wrong command line.

Example:
  read -rs AUTH0_CLIENT_SECRET && export AUTH0_CLIENT_SECRET
  auth0-wizard check --domain dev-abc123.us.auth0.com --client-id <CLIENT_ID> \\
      --secret-env AUTH0_CLIENT_SECRET --target pomerium --url https://authenticate.example.com")]
pub struct Args {
    #[command(flatten)]
    pub live: LiveArgs,

    /// The system to configure (`auth0-wizard targets` lists them): the app audit then
    /// compares the application with what this target needs. Needs --url.
    #[arg(long, value_name = "TARGET", requires = "url")]
    pub target: Option<String>,

    /// The target's version: a release number (0.19) or a range ("<0.20", "<=1.2").
    #[arg(long, value_name = "VERSION", requires = "target")]
    pub version: Option<String>,

    /// The system's public URL (as for `export`), for the callback URLs the app must allow.
    #[arg(long, value_name = "URL", requires = "target")]
    pub url: Option<String>,

    #[command(flatten)]
    pub extras: ExtraArgs<ForRequirements>,

    /// Audience of the client-credentials test. Default: https://DOMAIN/api/v2/.
    #[arg(long, value_name = "URL")]
    pub audience: Option<String>,

    /// Client ID of a Machine to Machine application authorized for the Management API
    /// with read:clients: enables the app audit (read only).
    #[arg(long, value_name = "ID", requires = "mgmt_secret_env")]
    pub mgmt_client_id: Option<String>,

    /// Environment variable holding that Machine to Machine application's secret.
    #[arg(long, value_name = "VAR", requires = "mgmt_client_id")]
    pub mgmt_secret_env: Option<String>,

    /// The domain to call the Management API on. Default: --domain.
    #[arg(long, value_name = "DOMAIN")]
    pub mgmt_domain: Option<String>,

    /// Connect and total timeout of each request, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10)]
    pub timeout: u64,

    /// Also require the login test's callback http://127.0.0.1:PORT/callback (a warning if missing).
    #[arg(long, value_name = "PORT")]
    pub login_port: Option<u16>,

    /// One JSON object per check, on its own line, as each check finishes.
    #[arg(long, conflicts_with = "json")]
    pub json_lines: bool,
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    let out = Output {
        json: out.json || args.json_lines,
    };
    let raw = raw(&args)?;
    let mgmt_secret = args
        .mgmt_secret_env
        .as_deref()
        .map(|var| env_secret("--mgmt-secret-env", var))
        .transpose()?;
    let (input, report) = match suite_input(&args, &raw, mgmt_secret) {
        Ok(v) => v,
        Err(report) => {
            out.invalid(&report)?;
            return Ok(Status::Failed);
        }
    };
    out.warnings(&report);
    let opts = args.live.options(args.timeout);
    let results = runtime()?.block_on(stream(input, opts, &out, args.json_lines))?;
    match (out.json, args.json_lines) {
        (true, false) => out.json(&JsonReport::of(&results))?,
        (false, _) => out.stdout(&format!("{}\n", Summary::of(&results)))?,
        (true, true) => {}
    }
    Ok(if checks::any_failed(&results) {
        Status::Failed
    } else {
        Status::Ok
    })
}

/// Run the suite, printing each result as it finishes (a line, or a JSON
/// line with `--json-lines`; nothing until the end with `--json`).
async fn stream(
    input: SuiteInput,
    opts: CheckOptions,
    out: &Output,
    json_lines: bool,
) -> Result<Vec<CheckResult>, CliError> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let suite = tokio::spawn(checks::run_suite(
        input,
        opts,
        Some(tx),
        checks::Cancel::new(),
    ));
    while let Some(r) = rx.recv().await {
        match (out.json, json_lines) {
            (false, _) => out.stdout(&render(&r))?,
            (true, true) => out.stdout(&json_line(&r)?)?,
            (true, false) => {}
        }
    }
    suite
        .await
        .map_err(|e| CliError::Output(std::io::Error::other(e)))
}

/// How many checks ended how.
#[derive(Debug, Serialize)]
struct Summary {
    passed: usize,
    warnings: usize,
    failed: usize,
    skipped: usize,
}

impl Summary {
    fn of(results: &[CheckResult]) -> Self {
        let count = |s| results.iter().filter(|r| r.status == s).count();
        Summary {
            passed: count(CheckStatus::Pass),
            warnings: count(CheckStatus::Warn),
            failed: count(CheckStatus::Fail),
            skipped: count(CheckStatus::Skipped),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} passed, {} warnings, {} failed, {} skipped",
            self.passed, self.warnings, self.failed, self.skipped
        )
    }
}

/// `check --json`: one document.
#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    checks: &'a [CheckResult],
}

impl<'a> JsonReport<'a> {
    fn of(results: &'a [CheckResult]) -> Self {
        JsonReport {
            summary: Summary::of(results),
            checks: results,
        }
    }
}

/// The settings the flags describe, as `validate` would read them. An unknown
/// target or version is a wrong command line (exit 2), as for `validate`.
fn raw(args: &Args) -> Result<RawSettings, CliError> {
    let mut raw = args.live.raw()?;
    if let Some(t) = &args.target {
        let version = args.version.clone().unwrap_or_default();
        target_info(t.parse()?).version(&version)?;
        raw.target = t.clone();
        raw.version = version;
        raw.public_url = args.url.clone().unwrap_or_default();
        raw.extras = args.extras.read()?.0;
    }
    Ok(raw)
}

/// The suite's input and the flags' warnings, or their problems (validation's own).
fn suite_input(
    args: &Args,
    raw: &RawSettings,
    mgmt_secret: Option<Secret>,
) -> Result<(SuiteInput, Report), Report> {
    let fields: &[&str] = if args.target.is_some() {
        &TARGET_FIELDS
    } else {
        &[]
    };
    let (a, mut report) = validate_live(raw, fields)?;
    let mgmt_domain = args
        .mgmt_domain
        .as_deref()
        .map(|d| other_domain(d, "mgmtDomain", &mut report));
    let (Some((domain, client_id, secret)), false) = (app_of(&a), report.has_errors()) else {
        return Err(report);
    };
    let mut input = SuiteInput::new(domain.clone(), client_id, secret);
    input.audience = args.audience.clone();
    input.requirements = RequirementsInput::from_analysis(&a, None).map(|r| RequirementsInput {
        domain: Some(domain),
        ..r
    });
    // The issuer the exports would write: as given, or Auth0's form when a target is checked.
    let compared = args.live.issuer.is_some() || input.requirements.is_some();
    input.expected_issuer = a.issuer.clone().filter(|_| compared);
    input.login_test_port = args.login_port;
    input.mgmt = mgmt(args, mgmt_domain.flatten(), mgmt_secret);
    Ok((input, report))
}

fn mgmt(args: &Args, domain: Option<Domain>, secret: Option<Secret>) -> Option<MgmtCredentials> {
    Some(MgmtCredentials {
        domain,
        client_id: args.mgmt_client_id.clone()?,
        client_secret: secret?,
        audience: None,
    })
}

pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Output)
}

/// One check as a line (plus what is wrong and the fix when it is not a pass).
pub fn render(r: &CheckResult) -> String {
    let tag = match r.status {
        CheckStatus::Pass => "PASS",
        CheckStatus::Warn => "WARN",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Skipped => "SKIP",
    };
    let mut s = format!("{tag}  {:<13} {}: {}", r.id.as_str(), r.title, r.detail);
    if matches!(r.status, CheckStatus::Fail | CheckStatus::Warn) {
        s.push_str(&format!(
            "\n      diagnosis: {}",
            serde_json::to_value(r.diagnosis)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ));
        for f in r.findings.iter().filter(|f| f.status >= CheckStatus::Warn) {
            s.push_str(&format!("\n      - {}\n        fix: {}", f.message, f.fix));
        }
        if r.findings.is_empty() {
            if let Some(fix) = &r.fix {
                s.push_str(&format!("\n      fix: {fix}"));
            }
        }
    }
    s.push('\n');
    s
}

/// A check result as one JSON line.
pub fn json_line(r: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string(r)
        .map(|l| l + "\n")
        .map_err(|e| CliError::Output(std::io::Error::other(e)))
}

/// `export --discover`: the issuer exactly as the live discovery document states it.
pub fn discover_issuer(domain: &Domain, ca_file: Option<PathBuf>) -> Result<String, CliError> {
    let opts = CheckOptions {
        ca_file,
        ..CheckOptions::default()
    };
    runtime()?
        .block_on(checks::discover_issuer(domain, &opts))
        .map_err(|e| {
            CliError::Discover(format!(
                "{} ({}) {}",
                e.message,
                serde_json::to_value(e.diagnosis)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                e.fix
            ))
        })
}
