//! `auth0-wizard validate`: every problem with the settings, each with its fix.

use super::Status;
use crate::error::CliError;
use crate::output::{render_issues, summary, Output};
use crate::settings::SettingsArgs;
use auth0_wizard_core::{validate, Issue};
use serde::Serialize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 valid (warnings are allowed), 1 at least one error, 2 wrong command line.

Example:
  read -rs AUTH0_CLIENT_SECRET && export AUTH0_CLIENT_SECRET
  auth0-wizard validate --target pomerium --domain dev-abc123.us.auth0.com \\
      --client-id <CLIENT_ID> --secret-env AUTH0_CLIENT_SECRET --url https://authenticate.example.com")]
pub struct Args {
    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    ok: bool,
    issues: &'a [Issue],
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    // An unknown target or version is a wrong command line (exit 2), not invalid settings.
    args.settings.target.resolve()?;
    let raw = args.settings.raw()?;
    let report = validate(&raw);
    let ok = !report.has_errors();
    if out.json {
        out.json(&JsonResult {
            ok,
            issues: &report.issues,
        })?;
    } else {
        out.stdout(&format!(
            "{}{}\n",
            render_issues(&report.issues),
            summary(&report)
        ))?;
    }
    Ok(if ok { Status::Ok } else { Status::Failed })
}
