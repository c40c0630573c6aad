//! The CLI's errors: each has a stable code (for `--json`) and an exit code.
//!
//! A validation failure is not an error here: it is a result (the report),
//! rendered by the command, with exit code 1.

use auth0_wizard_core::mgmt::{ApplyError, MgmtError};
use auth0_wizard_core::{CoreError, ErrorPayload};
use std::path::PathBuf;

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: the settings are not valid, or the command could not finish (e.g. writing the file).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: the command line is wrong (unknown target/format/version, missing environment variable, ...).
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A flag that names an environment variable, and that variable is not set.
    #[error("{flag} {var}: the environment variable {var} is not set (export it first, e.g. read -rs {var} && export {var})")]
    MissingEnv { flag: &'static str, var: String },
    #[error("{flag} {var}: the environment variable {var} is not valid UTF-8")]
    EnvNotUnicode { flag: &'static str, var: String },
    #[error("--secret-stdin: could not read standard input: {0}")]
    Stdin(std::io::Error),
    /// A flag combination that is wrong in a way clap cannot express.
    #[error("{0}")]
    Usage(String),
    #[error("could not write {}: {source} (nothing was written; any existing file is unchanged)", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write the output: {0}")]
    Output(std::io::Error),
    /// `--discover`: the live discovery document could not be read.
    #[error("--discover: {0}")]
    Discover(String),
    /// Refused or failed with a code of its own (`app`: the Management API, the undo records).
    #[error("{message}")]
    Failed { code: &'static str, message: String },
    /// `doctor`: the file cannot be read, or is no target's file.
    #[error("{0}")]
    File(String),
    /// `doctor`: the file has several connectors that could be Auth0's.
    #[error("{file} has several connectors that could be the Auth0 one: {}. Choose one with --connector ID.", choices.join(", "))]
    ChooseConnector { file: String, choices: Vec<String> },
    /// `doctor --fix`: the corrected file cannot be made.
    #[error("--fix: {0} (nothing was written)")]
    Fix(String),
}

impl From<MgmtError> for CliError {
    fn from(e: MgmtError) -> Self {
        CliError::Failed {
            code: e.code(),
            message: format!("{e}\n  fix: {}", e.fix()),
        }
    }
}

impl From<ApplyError> for CliError {
    fn from(e: ApplyError) -> Self {
        CliError::Failed {
            code: e.error.code(),
            message: format!("{e}\n  fix: {}", e.error.fix()),
        }
    }
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::MissingEnv { .. } => "missing_env",
            CliError::EnvNotUnicode { .. } => "env_not_unicode",
            CliError::Stdin(_) => "stdin",
            CliError::Usage(_) => "usage",
            CliError::Write { .. } => "write_failed",
            CliError::Output(_) => "output",
            CliError::Discover(_) => "discover_failed",
            CliError::Failed { code, .. } => code,
            CliError::File(_) => "unreadable_file",
            CliError::ChooseConnector { .. } => "choose_connector",
            CliError::Fix(_) => "fix_failed",
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(
                CoreError::UnknownTarget(_)
                | CoreError::UnknownVersion { .. }
                | CoreError::UnknownFormat { .. },
            ) => EXIT_USAGE,
            CliError::Core(_) => EXIT_FAILED,
            CliError::MissingEnv { .. }
            | CliError::EnvNotUnicode { .. }
            | CliError::Usage(_)
            | CliError::File(_)
            | CliError::ChooseConnector { .. } => EXIT_USAGE,
            CliError::Stdin(_)
            | CliError::Write { .. }
            | CliError::Output(_)
            | CliError::Discover(_)
            | CliError::Fix(_)
            | CliError::Failed { .. } => EXIT_FAILED,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload::new(self.code(), self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_usage_errors_and_others_are_failures() {
        let e = CliError::from(CoreError::UnknownTarget("x".into()));
        assert_eq!((e.code(), e.exit_code()), ("unknown_target", EXIT_USAGE));
        let e = CliError::from(CoreError::Serialize("x".into()));
        assert_eq!(e.exit_code(), EXIT_FAILED);
        let e = CliError::MissingEnv {
            flag: "--secret-env",
            var: "MY_VAR".into(),
        };
        assert_eq!(e.exit_code(), EXIT_USAGE);
        assert!(e.to_string().contains("MY_VAR is not set"), "{e}");
        let e = CliError::Write {
            path: "/x/y".into(),
            source: std::io::Error::other("boom"),
        };
        assert_eq!(e.payload().code, "write_failed");
        assert_eq!(e.exit_code(), EXIT_FAILED);
    }
}
