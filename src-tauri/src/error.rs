//! The one error type of the commands: every failure of the core, the store
//! or the platform, serialized as the core's `ErrorPayload {code, message,
//! issues}`, so a command just uses `?`.

use auth0_wizard_core::mgmt::{MgmtError, MgmtFailure};
use auth0_wizard_core::validate::Report;
use auth0_wizard_core::{CoreError, ErrorPayload};
use auth0_wizard_store::StoreError;
use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// What only the desktop does: dialogs, the browser, files it writes.
    #[error("{message}")]
    Platform { code: &'static str, message: String },
    /// The Management API flow: `{code, message}` and the fix, scopes, drift, cleanup.
    #[error("{}", .0.message)]
    Mgmt(Box<MgmtFailure>),
}

impl AppError {
    pub fn platform(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Platform {
            code,
            message: message.into(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            AppError::Core(e) => e.payload(),
            AppError::Store(e) => e.payload(),
            AppError::Platform { code, message } => ErrorPayload::new(code, message.clone()),
            AppError::Mgmt(f) => ErrorPayload::new(&f.code, f.message.clone()),
        }
    }
}

/// Settings that do not validate: the report, field by field.
impl From<Report> for AppError {
    fn from(r: Report) -> Self {
        AppError::Core(r.into())
    }
}

impl From<MgmtFailure> for AppError {
    fn from(f: MgmtFailure) -> Self {
        AppError::Mgmt(Box::new(f))
    }
}

impl From<MgmtError> for AppError {
    fn from(e: MgmtError) -> Self {
        AppError::Mgmt(Box::new(e.into()))
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // A superset of the payload: the page shows the fix at its place.
            AppError::Mgmt(f) => f.serialize(s),
            _ => self.payload().serialize(s),
        }
    }
}
