//! `auth0-wizard app plan|create|fix|undo`: register or fix the Auth0
//! application through the Management API, after a yes, with undo.

mod args;
mod flows;
mod render;
mod secret;

use super::Status;
use crate::error::CliError;
use crate::output::Output;
use args::AppArgs;
use auth0_wizard_core::checks::{CheckOptions, Http};
use auth0_wizard_core::mgmt::{self, MgmtClient, MgmtOptions, Progress};
use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

const AFTER_HELP: &str = "\
plan changes nothing: it prints what create (without --client-id) or fix (with it) would do, the
Management API scopes each step needs, and what undo will need. create makes the application with
every setting the target needs (RS256 and OIDC conformant always set), and what else the target needs
(a Machine to Machine application and its client grant; with --groups-claim the post-login Action,
built, deployed and added to the Login flow after every existing Action). fix changes exactly the
settings the audit finds wrong; lists are merged (your other callbacks and logout URLs stay).

create and fix show the plan and ask on a terminal; without a terminal they need --yes. An
application of the same name asks first (--name picks another name). Every write is saved first in
an undo record (no secrets) in the wizard's data directory ($AUTH0_WIZARD_DATA_DIR, else
~/.local/share/dev.auth0wizard.app/undo on Linux, shared with the window). undo reverts the last
change this machine made to --client-id (or the one --undo-id names): only if every field it wrote
still holds what it wrote; otherwise it changes nothing and names each field changed since.

The new application's client secret is never printed: --keyring stores it in the system keyring with
a profile named after the application (--name, default \"auth0-wizard TARGET\"), as the window's
\"Remember secrets in the system keyring\" does; --secret-out FILE writes it (mode 0600). create refuses
without either. The Machine to Machine application's secret stays in the dashboard.

--timeout bounds each part of the command (getting a token and reading the tenant; after your yes,
writing), waits for rate limits (HTTP 429) and the Action's build included; each wait is shown. AUTH0_WIZARD_POLL_INTERVAL_MS sets how often the Action's build is looked at
(default 1000).

--json prints one document: {\"action\", \"client_id\", \"changes\": [{\"resource\", \"field\", \"from\",
\"to\"}], \"applied\", \"undo_id\"}; an error is {\"code\", \"message\"}.

Exit status: 0 done (or nothing to do), 1 refused or failed, 2 wrong command line.

Example:
  read -rs AUTH0_MGMT_SECRET && export AUTH0_MGMT_SECRET
  auth0-wizard app create --domain dev-abc123.us.auth0.com --target pomerium \\
      --url https://authenticate.example.com --mgmt-client-id <M2M_CLIENT_ID> \\
      --mgmt-secret-env AUTH0_MGMT_SECRET --keyring";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Print what create or fix would do, and the scopes it needs; change nothing.
    #[command(after_help = AFTER_HELP)]
    Plan(AppArgs),
    /// Create the application (and what else the target needs), after a yes.
    #[command(after_help = AFTER_HELP)]
    Create(AppArgs),
    /// Change the settings the audit finds wrong (lists merged), after a yes.
    #[command(after_help = AFTER_HELP)]
    Fix(AppArgs),
    /// Revert the last change this machine made to the application, if nobody changed it since.
    #[command(after_help = AFTER_HELP)]
    Undo(AppArgs),
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    let (cmd, a) = match args.action {
        Action::Plan(a) => ("plan", a),
        Action::Create(a) => ("create", a),
        Action::Fix(a) => ("fix", a),
        Action::Undo(a) => ("undo", a),
    };
    a.check_for(cmd)?;
    let r = match a.resolve()? {
        Ok(r) => r,
        Err(report) => {
            out.invalid(&report)?;
            return Ok(Status::Failed);
        }
    };
    out.warnings(&r.warnings);
    let rt = super::check::runtime()?;
    rt.block_on(async {
        match cmd {
            "plan" => flows::plan(&a, &r, out).await,
            "create" => flows::create(&a, &r, out).await,
            "fix" => flows::fix(&a, &r, out).await,
            _ => flows::undo(&a, &r, out).await,
        }
    })
}

/// Where progress goes: stderr, or nowhere with `--json`.
pub(crate) fn sink(out: &Output) -> Progress<'static> {
    if out.json {
        &mgmt::quiet
    } else {
        &render::progress
    }
}

/// A Management API session for the flags.
async fn session(a: &AppArgs, r: &args::Resolved, out: &Output) -> Result<MgmtClient, CliError> {
    let per_request = Duration::from_secs(a.timeout.clamp(1, 30));
    let mut opts = CheckOptions::default().with_timeout(per_request);
    opts.ca_file = a.ca_file.clone();
    let http = Http::new(&opts).map_err(|e| CliError::Failed {
        code: "ca_file",
        message: format!("{e}\n  fix: {}", e.fix()),
    })?;
    let poll = std::env::var("AUTH0_WIZARD_POLL_INTERVAL_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1000);
    let mopts = MgmtOptions {
        timeout: Duration::from_secs(a.timeout.max(1)),
        poll_interval: Duration::from_millis(poll.max(1)),
    };
    mgmt::connect(&http, &r.mgmt_domain, a.auth()?, mopts, sink(out))
        .await
        .map_err(CliError::from)
}

/// Both ends of a conversation are a terminal.
fn on_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask on the terminal; `true` for yes.
fn ask(question: &str) -> Result<bool, CliError> {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(CliError::Stdin)?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// The user's yes: `--yes`, or asked on a terminal; refused otherwise.
fn agree(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !on_terminal() {
        return Err(secret::refused(
            "refused",
            "nothing was changed: confirm on a terminal, or pass --yes to agree to the plan"
                .to_owned(),
        ));
    }
    if ask(question)? {
        Ok(())
    } else {
        Err(secret::refused(
            "refused",
            "you said no: nothing was changed".to_owned(),
        ))
    }
}
