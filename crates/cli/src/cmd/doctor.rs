//! `auth0-wizard doctor FILE`: troubleshoot an existing setup. Import the
//! file, lint it, optionally probe the running system, run the live Auth0
//! checks, read a pasted error, write the corrected file and a report.

mod input;
mod live;
mod render;
mod seam;
mod write;

use super::Status;
use crate::error::CliError;
use crate::output::Output;
use crate::settings::SecretArgs;
use auth0_wizard_core::doctor::fix::plan;
use auth0_wizard_core::doctor::redact::Redactor;
use auth0_wizard_core::doctor::report::DoctorReport;
use auth0_wizard_core::doctor::symptom;
use std::path::PathBuf;

pub use seam::{run_probes, ProbeOptions};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Reads the file (YAML, JSON or KEY=value; - for standard input), detects the target, its version
and the kind of file and says how it decided, and lists every problem at its place (key path and
line) with the fix, errors first.

--check also runs the live Auth0 checks (as `check` does) on the values read: the client secret from
the file, or from --secret-env / --secret-stdin when the file has none or only a reference.
--probe asks the running system (at the file's public URL, or --url) what it really uses.
--symptom TEXT says what an error message you saw means for this setup.
--fix -o OUT writes the corrected file: only the values the wizard owns change, comments and every
other setting stay as they were. OUT must be a new file, or --yes (or a yes at the terminal) lets it
replace an existing one, whose old content is kept as OUT.orig. The diff is printed; lines that hold
a secret show as [redacted]. Secrets are never written by the fixer.
--report FILE.md or FILE.json writes a report to hand over (no secrets in it).
--json prints one document: {detected, findings, symptoms, probes, checks, fix}.

Exit status: 0 no error finding and no failed probe or check (warnings and unreachable systems
allowed), 1 at least one, 2 wrong command line, or a file that cannot be read or parsed.

Example:
  auth0-wizard doctor values.yaml --fix -o values.fixed.yaml --report doctor.md")]
pub struct Args {
    /// The configuration file to troubleshoot; - reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// Read the file as this target's (default: detected).
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,

    /// Read the file as this kind of file, e.g. helm-values, dex-config (default: detected).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// The target's version, when the file does not tell (a release number or a catalog range).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,

    /// The connector to take from a file with several (its id).
    #[arg(long, value_name = "ID")]
    pub connector: Option<String>,

    /// The running system's public URL, for --probe (default: the one in the file).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Ask the running system what it uses (read only, no credentials).
    #[arg(long)]
    pub probe: bool,

    /// Run the live Auth0 checks on the values read.
    #[arg(long)]
    pub check: bool,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Client ID of a Machine to Machine application with read:clients, for the app audit.
    #[arg(
        long,
        value_name = "ID",
        requires = "mgmt_secret_env",
        conflicts_with = "mgmt_token_env"
    )]
    pub mgmt_client_id: Option<String>,

    /// Environment variable holding that application's secret.
    #[arg(long, value_name = "VAR", requires = "mgmt_client_id")]
    pub mgmt_secret_env: Option<String>,

    /// Environment variable holding a Management API token (for the probes' comparison with the app).
    #[arg(long, value_name = "VAR")]
    pub mgmt_token_env: Option<String>,

    /// The domain to call the Management API on (default: the file's Auth0 domain).
    #[arg(long, value_name = "DOMAIN")]
    pub mgmt_domain: Option<String>,

    /// Extra CA certificates to trust (PEM), e.g. a company proxy's.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Connect and total timeout of each request, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10)]
    pub timeout: u64,

    /// An error message you saw (Auth0's error page, a log line), to explain.
    #[arg(long, value_name = "TEXT")]
    pub symptom: Option<String>,

    /// Write the corrected file to -o OUT.
    #[arg(long, requires = "output")]
    pub fix: bool,

    /// Where --fix writes the corrected file (mode 0600).
    #[arg(short = 'o', long = "output", value_name = "OUT", requires = "fix")]
    pub output: Option<PathBuf>,

    /// Let --fix replace an existing OUT without asking (its old content is kept as OUT.orig).
    #[arg(long, requires = "fix")]
    pub yes: bool,

    /// Write a report to hand over: FILE.md (Markdown) or FILE.json.
    #[arg(long, value_name = "FILE.md|FILE.json")]
    pub report: Option<PathBuf>,
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    input::check_flags(&args)?;
    let read = input::read(&args)?;
    let (src, imported) = (&read.src, &read.imported);
    let mut report = DoctorReport::new(&read.name, imported, read.findings.clone());
    let mut redactor = Redactor::of(&imported.settings);
    // A pasted message is read first: what confirms it runs with the rest.
    let (symptoms, confirm) = match &args.symptom {
        Some(text) => symptom::for_import(text, imported),
        None => Default::default(),
    };
    report.symptoms = symptoms;
    if args.probe || confirm.all || !confirm.probes.is_empty() {
        let (probes, found) = run_probes(imported, &ProbeOptions::of(&args)?)?;
        report.probes = probes;
        report.findings.extend(found);
        auth0_wizard_core::doctor::finding::sort(&mut report.findings);
    }
    if args.check || confirm.all || !confirm.checks.is_empty() {
        report.checks = live::checks(&args, imported, &mut redactor, out)?;
    }
    let mut written = None;
    if args.fix {
        let p = plan(src, imported, &read.findings, &read.name)
            .map_err(|e| CliError::Fix(e.to_string()))?;
        let path = args.output.as_deref().expect("clap requires -o with --fix");
        write::corrected(path, &p.text, args.yes, &args.file)?;
        report.with_fix(&src.text, &p, Some(&path.display().to_string()), &redactor);
        written = Some(p);
    }
    if let Some(path) = &args.report {
        write::report(path, &report, &redactor)?;
    }
    if out.json {
        out.json(&render::Document::of(&report))?;
    } else {
        out.stdout(&render::human(
            &report,
            written.as_ref(),
            args.report.as_deref(),
        ))?;
    }
    Ok(if report.failed() {
        Status::Failed
    } else {
        Status::Ok
    })
}
