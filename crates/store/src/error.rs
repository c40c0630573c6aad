//! What can go wrong with a profile or the keyring, with stable codes.

use auth0_wizard_core::ErrorPayload;
use std::io;

/// How to unlock the system keyring (the Secret Service) on a Linux desktop.
pub const UNLOCK_KEYRING: &str = "To unlock it, open Passwords and Keys (Seahorse) and unlock the \"Login\" keyring, or run `gnome-keyring-daemon --unlock` in your desktop session (on KDE, open KWallet); then try again.";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0:?} is not a usable profile name: use 1 to 64 letters, digits, spaces, '-', '_' or '.', not starting with '.' or a space")]
    InvalidName(String),
    #[error("there is no profile named {0:?}")]
    NotFound(String),
    #[error("profile {name:?} could not be read: {reason}")]
    Corrupt { name: String, reason: String },
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("there is no undo record {0:?} on this machine")]
    UndoNotFound(String),
    #[error("{0:?} is not an undo id (letters, digits and '-')")]
    InvalidUndoId(String),
    #[error("undo record {id:?} could not be read: {reason}")]
    UndoCorrupt { id: String, reason: String },
    /// Says how to unlock the keyring ([`UNLOCK_KEYRING`]); the window and
    /// the CLI add which of their controls needed it.
    #[error("the system keyring cannot be reached or is locked ({0}). {UNLOCK_KEYRING}")]
    KeyringUnavailable(String),
    #[error("the system keyring refused the {field} of profile {profile:?}: {reason}")]
    Keyring {
        profile: String,
        field: String,
        reason: String,
    },
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::InvalidName(_) => "profile.invalid_name",
            StoreError::NotFound(_) => "profile.not_found",
            StoreError::Corrupt { .. } => "profile.corrupt",
            StoreError::Io { .. } => "profile.io",
            StoreError::UndoNotFound(_) => "undo.not_found",
            StoreError::InvalidUndoId(_) => "undo.invalid_id",
            StoreError::UndoCorrupt { .. } => "undo.corrupt",
            StoreError::KeyringUnavailable(_) => "keyring.unavailable",
            StoreError::Keyring { .. } => "keyring.failed",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload::new(self.code(), self.to_string())
    }
}
