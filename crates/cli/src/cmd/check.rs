//! `auth0-wizard check`: the live checks against Auth0 (no browser), each
//! printed as it finishes.

use super::Status;
use crate::error::CliError;
use crate::flags::{ExtraArgs, ForRequirements};
use crate::output::Output;
use crate::settings::flag_for_field;
use crate::settings::{env_secret, SecretArgs};
use auth0_wizard_core::checks::{
    self, CheckOptions, CheckResult, CheckStatus, MgmtCredentials, SuiteInput,
};
use auth0_wizard_core::requirements::{input_from_raw, DomainUse, RequirementsInput};
use auth0_wizard_core::{target_info, Domain, RawSettings};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Checks, as soon as their inputs exist: reachability (DNS, TCP, TLS), the discovery document and
its issuer, the signing keys (JWKS), the client ID and secret (a client-credentials request; no
browser), and with --mgmt-client-id the application's settings through the Management API (read only).
Each check prints one line as it finishes; a failure or warning adds what is wrong and what to
click in Auth0. --json prints one JSON object per check, one per line.

Exit status: 0 every check passed (warnings allowed), 1 a check failed, 2 wrong command line.

Example:
  read -rs AUTH0_CLIENT_SECRET && export AUTH0_CLIENT_SECRET
  auth0-wizard check --domain dev-abc123.us.auth0.com --client-id <CLIENT_ID> \\
      --secret-env AUTH0_CLIENT_SECRET --target pomerium --url https://authenticate.example.com")]
pub struct Args {
    #[command(flatten)]
    pub live: LiveArgs,

    /// The system to configure (pachyderm, pachyderm-1x, pomerium, openmetadata, dex): the
    /// app audit then compares the application with what this target needs. Needs --url.
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
}

/// Flags shared by `check` and `login-test`.
#[derive(Debug, Clone, clap::Args)]
pub struct LiveArgs {
    /// The Auth0 domain, e.g. dev-abc123.us.auth0.com (or your custom domain).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: String,

    /// Client ID of the application users log in through.
    #[arg(long, value_name = "ID")]
    pub client_id: String,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// The issuer your exports write (exactly). Default: https://DOMAIN/.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// Extra CA certificates to trust (PEM), e.g. a company proxy's.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
}

impl LiveArgs {
    pub fn domain(&self) -> Result<Domain, CliError> {
        parse_domain("--domain", &self.domain)
    }

    /// Options with this connect and total timeout per request, in seconds.
    pub fn options(&self, request_timeout: u64) -> CheckOptions {
        let mut o =
            CheckOptions::default().with_timeout(Duration::from_secs(request_timeout.max(1)));
        o.ca_file = self.ca_file.clone();
        o
    }
}

pub fn parse_domain(flag: &str, s: &str) -> Result<Domain, CliError> {
    checks::parse_domain(s).map_err(|e| CliError::Usage(format!("{flag} {s:?}: {e}")))
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

fn target_requirements(
    args: &Args,
    domain: &Domain,
) -> Result<Option<RequirementsInput>, CliError> {
    let Some(t) = &args.target else {
        return Ok(None);
    };
    let version = args.version.clone().unwrap_or_default();
    target_info(t.parse()?).version(&version)?;
    let raw = RawSettings {
        target: t.clone(),
        version,
        public_url: args.url.clone().unwrap_or_default(),
        extras: args.extras.read()?.0,
        ..RawSettings::default()
    };
    let (mut input, _) = input_from_raw(&raw, None, DomainUse::IfValid).map_err(|report| {
        let problems: Vec<String> = report
            .errors()
            .map(|i| {
                let flag = flag_for_field(&i.field).unwrap_or(&i.field);
                format!("{flag}: {} {}", i.message, i.fix)
            })
            .collect();
        CliError::Usage(problems.join(" "))
    })?;
    input.domain = Some(domain.clone());
    Ok(Some(input))
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    let domain = args.live.domain()?;
    let reqs = target_requirements(&args, &domain)?;
    let mgmt_domain = args
        .mgmt_domain
        .as_deref()
        .map(|d| parse_domain("--mgmt-domain", d))
        .transpose()?;
    let mgmt = match (&args.mgmt_client_id, &args.mgmt_secret_env) {
        (Some(id), Some(var)) => Some(MgmtCredentials {
            domain: mgmt_domain,
            client_id: id.clone(),
            client_secret: env_secret("--mgmt-secret-env", var)?,
            audience: None,
        }),
        _ => None,
    };
    let secret = args.live.secret.read()?;
    let mut input = SuiteInput::new(domain.clone(), args.live.client_id.clone(), secret);
    input.audience = args.audience.clone();
    input.expected_issuer = args
        .live
        .issuer
        .clone()
        .or_else(|| reqs.as_ref().map(|_| domain.issuer()));
    input.requirements = reqs;
    input.login_test_port = args.login_port;
    input.mgmt = mgmt;
    let opts = args.live.options(args.timeout);

    let rt = runtime()?;
    let results = rt.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let suite = tokio::spawn(checks::run_suite(
            input,
            opts,
            Some(tx),
            checks::Cancel::new(),
        ));
        while let Some(r) = rx.recv().await {
            let line = if out.json { json_line(&r)? } else { render(&r) };
            out.stdout(&line)?;
        }
        suite
            .await
            .map_err(|e| CliError::Output(std::io::Error::other(e)))
    })?;
    if !out.json {
        let count = |s| results.iter().filter(|r| r.status == s).count();
        out.stdout(&format!(
            "{} passed, {} warnings, {} failed, {} skipped\n",
            count(CheckStatus::Pass),
            count(CheckStatus::Warn),
            count(CheckStatus::Fail),
            count(CheckStatus::Skipped)
        ))?;
    }
    Ok(if checks::any_failed(&results) {
        Status::Failed
    } else {
        Status::Ok
    })
}

/// `export --discover`: the issuer exactly as the live discovery document states it.
pub fn discover_issuer(domain: &str, ca_file: Option<PathBuf>) -> Result<String, CliError> {
    let domain = parse_domain("--domain", domain)?;
    let opts = CheckOptions {
        ca_file,
        ..CheckOptions::default()
    };
    runtime()?
        .block_on(checks::discover_issuer(&domain, &opts))
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
