//! `auth0-wizard`: the wizard's core as a command-line tool.

mod cmd;
mod error;
mod flags;
mod live;
mod output;
mod settings;
mod tty;

use clap::Parser;
use error::EXIT_USAGE;
use std::process::ExitCode;

/// Configure Pachyderm, Pomerium, OpenMetadata or Dex to log in through Auth0:
/// what to set in Auth0, whether your settings are right, and the finished config file.
#[derive(Debug, Parser)]
#[command(
    name = "auth0-wizard",
    version,
    after_help = "\
Typical use:
  auth0-wizard targets                                   # what can be configured
  auth0-wizard requirements --target pomerium --url https://authenticate.example.com
  auth0-wizard validate --target pomerium --domain ... --client-id ... --secret-env VAR --url ...
  auth0-wizard export --target pomerium --format config-yaml ... -o config.yaml

Secrets are read from an environment variable (--secret-env VAR) or standard input (--secret-stdin),
never from the command line.

Exit status: 0 success, 1 the settings are not valid (or the file could not be written),
2 wrong command line (unknown target, format or version, missing environment variable, ...)."
)]
struct Cli {
    #[command(subcommand)]
    command: cmd::Command,

    /// Machine-readable output: one JSON document on standard output, also for errors ({code, message}).
    #[arg(long, global = true)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let out = output::Output { json: cli.json };
    match cli.command.run(&out) {
        Ok(status) => ExitCode::from(status.exit_code()),
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's own errors: `--help` and `--version` exit 0 as usual; a wrong command
/// line exits 2, as `{code: "usage", message}` on stdout when `--json` was asked for.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args_os().any(|a| a == "--json");
    let is_usage = !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if wants_json && is_usage {
        let message = e.render().to_string();
        let message = message.trim().trim_start_matches("error: ").to_owned();
        let out = output::Output { json: true };
        out.error(&error::CliError::Usage(message));
        return ExitCode::from(EXIT_USAGE);
    }
    // Prints help/version to stdout (exit 0) or the usage error to stderr (exit 2).
    let _ = e.print();
    ExitCode::from(if is_usage { EXIT_USAGE } else { error::EXIT_OK })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
