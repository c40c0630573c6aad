//! `auth0-wizard export`: the target's configuration file.

use super::Status;
use crate::error::CliError;
use crate::output::Output;
use crate::settings::SettingsArgs;
use auth0_wizard_core::export::export;
use auth0_wizard_core::fsutil::write_atomic;
use auth0_wizard_core::validate::{generate_secret, parse_domain};
use auth0_wizard_core::{analyze, Analysis, Issue};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The file goes to standard output unless -o is given. With -o it is written whole or not at all
(a temporary file in the same directory, then renamed) and readable only by you (mode 0600).

Examples:
  read -rs AUTH0_CLIENT_SECRET && export AUTH0_CLIENT_SECRET
  auth0-wizard export --target pachyderm --format helm-values --domain dev-abc123.us.auth0.com \\
      --client-id <CLIENT_ID> --secret-env AUTH0_CLIENT_SECRET --url https://pachyderm.example.com \\
      -o values.yaml
  auth0-wizard export ... --redact    # for handing to someone else: no secret in the file

`auth0-wizard targets` lists every target's formats.")]
pub struct Args {
    /// The export format, e.g. helm-values or dex-yaml (`auth0-wizard targets` lists them).
    #[arg(long, value_name = "FORMAT")]
    pub format: String,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Handoff mode: leave every secret out of the file and put a named placeholder in its place.
    #[arg(long)]
    pub redact: bool,

    /// Take the issuer verbatim from the live discovery document (https://DOMAIN/.well-known/openid-configuration).
    #[arg(long, conflicts_with = "issuer")]
    pub discover: bool,

    /// With --discover: extra CA certificates to trust (PEM).
    #[arg(long, value_name = "FILE", requires = "discover")]
    pub ca_file: Option<PathBuf>,

    /// Write to FILE (mode 0600, replaced atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonResult<'a> {
    target: &'a str,
    format: &'a str,
    /// The suggested file name.
    file_name: &'a str,
    apply_command: &'a str,
    redacted: bool,
    /// Where the file was written (with -o).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// The file's content (without -o).
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    issues: &'a [Issue],
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    // Unknown target, version or format: a wrong command line (exit 2), checked before any secret is read.
    let (info, _) = args.settings.target.resolve()?;
    let format = info.format(&args.format)?;
    let mut raw = args.settings.raw()?;
    if args.discover {
        // The domain is checked as validation checks it before it is asked anything.
        let domain = match parse_domain(&raw.domain) {
            Ok((domain, _)) => domain,
            Err(report) => {
                out.invalid(&report)?;
                return Ok(Status::Failed);
            }
        };
        raw.issuer = super::check::discover_issuer(&domain, args.ca_file.clone())?;
    }
    // One pass: the report (warnings included) and the configuration.
    let Analysis { report, config, .. } = analyze(&raw, &mut generate_secret);
    let Some(cfg) = config.filter(|_| !report.has_errors()) else {
        out.invalid(&report)?;
        return Ok(Status::Failed);
    };
    let cfg = if args.redact { cfg.redacted() } else { cfg };
    let content = export(&cfg, format.id)?;

    if !out.json {
        out.warnings(&report);
    }
    let path = match &args.output {
        Some(path) => {
            write_atomic(path, content.as_bytes()).map_err(|source| CliError::Write {
                path: path.clone(),
                source,
            })?;
            out.note(&format!(
                "Wrote {} (mode 0600). Apply it with: {}",
                path.display(),
                format.apply_command
            ));
            Some(path.display().to_string())
        }
        None => None,
    };
    if out.json {
        out.json(&JsonResult {
            target: info.id.as_str(),
            format: format.id,
            file_name: format.file_name,
            apply_command: format.apply_command,
            redacted: args.redact,
            content: path.is_none().then_some(content.as_str()),
            path,
            issues: &report.issues,
        })?;
    } else if path.is_none() {
        out.stdout(&content)?;
        out.note(&format!("Apply it with: {}", format.apply_command));
    }
    Ok(Status::Ok)
}
