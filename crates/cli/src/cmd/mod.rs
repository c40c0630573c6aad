//! The subcommands: one module each, with `Args` (clap) and
//! `run(Args, &Output) -> Result<Status, CliError>`.
//!
//! To add a subcommand, write its module and add one line to `commands!` below.

use crate::error::{CliError, EXIT_FAILED, EXIT_OK};
use crate::output::Output;

pub mod app;
pub mod check;
pub mod doctor;
pub mod export;
pub mod generate;
pub mod login_test;
pub mod requirements;
pub mod targets;
pub mod validate;

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Ok,
    /// Exit 1: the settings are not valid (the command has already said why).
    Failed,
}

impl Status {
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Ok => EXIT_OK,
            Status::Failed => EXIT_FAILED,
        }
    }
}

/// Declares the `Command` enum and its dispatch: one line per subcommand,
/// `Variant(module)` with the doc comment clap shows in `--help`.
macro_rules! commands {
    ($($(#[$meta:meta])* $variant:ident($module:ident),)*) => {
        #[derive(Debug, clap::Subcommand)]
        pub enum Command {
            $($(#[$meta])* $variant($module::Args),)*
        }

        impl Command {
            pub fn run(self, out: &Output) -> Result<Status, CliError> {
                match self {
                    $(Command::$variant(args) => $module::run(args, out),)*
                }
            }
        }
    };
}

commands! {
    /// List the targets, their versions, export formats and target-specific flags.
    Targets(targets),
    /// Show what to set in the Auth0 dashboard for a target (application type,
    /// callback and logout URLs, grant types, post-login Action, ...).
    Requirements(requirements),
    /// Check the settings and list every problem with its fix (exit 1 on any error).
    Validate(validate),
    /// Write the target's configuration file (to stdout, or with -o to a file with mode 0600).
    Export(export),
    /// Check the Auth0 side live: reachability, discovery and issuer, signing keys, the client
    /// secret, and (with Management API credentials) the application's settings.
    Check(check),
    /// Troubleshoot an existing setup: read its config file, name every problem at its place
    /// with the fix, check Auth0 and the running system, write the corrected file and a report.
    Doctor(doctor),
    /// Log in once through the browser and verify the ID token (authorization code + PKCE).
    LoginTest(login_test),
    /// Create or fix the Auth0 application through the Management API, after a yes; undo it.
    App(app),
    /// Manual pages and shell completions, made from this definition (for packagers).
    #[command(hide = true)]
    Generate(generate),
}
