//! Typed errors, and the `{code, message}` shape they take on their way to the UI.

use crate::validate::{Issue, Report};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("unknown target {0:?}: expected one of {ids}", ids = crate::target::id_list())]
    UnknownTarget(String),
    #[error("unknown version {version:?} for {target}: expected one of {expected}{}", other_target.map(|t| format!("; {version} is a release of {} (target {t})", t.info().name)).unwrap_or_default())]
    UnknownVersion {
        target: String,
        version: String,
        expected: String,
        /// Another target of the same product that has this release.
        other_target: Option<crate::target::TargetId>,
    },
    #[error("unknown format {format:?} for {target}: expected one of {expected}")]
    UnknownFormat {
        target: String,
        format: String,
        expected: String,
    },
    #[error("the settings are not valid: {0}")]
    Invalid(String),
    /// Settings with errors: the report says what, field by field.
    #[error("{}", summary(.0))]
    InvalidSettings(Report),
    #[error("could not serialize the export: {0}")]
    Serialize(String),
}

impl CoreError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::UnknownTarget(_) => "unknown_target",
            CoreError::UnknownVersion { .. } => "unknown_version",
            CoreError::UnknownFormat { .. } => "unknown_format",
            CoreError::Invalid(_) | CoreError::InvalidSettings(_) => "invalid_settings",
            CoreError::Serialize(_) => "serialize",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let issues = match self {
            CoreError::InvalidSettings(r) => Some(r.issues.clone()),
            _ => None,
        };
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            issues,
        }
    }
}

impl From<Report> for CoreError {
    fn from(r: Report) -> Self {
        CoreError::InvalidSettings(r)
    }
}

/// The errors of a report in one sentence each, for a one-line message.
fn summary(r: &Report) -> String {
    let errors: Vec<String> = r
        .errors()
        .map(|i| format!("{} {}", i.message, i.fix))
        .collect();
    format!("The settings are not valid: {}", errors.join(" "))
}

/// What an error looks like to the UI and in `--json` output. `issues` holds
/// every problem field by field when the settings are not valid (else null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub issues: Option<Vec<Issue>>,
}

impl ErrorPayload {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorPayload {
            code: code.to_owned(),
            message: message.into(),
            issues: None,
        }
    }
}
