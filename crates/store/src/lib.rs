//! Named profiles: the non-secret settings as a JSON file per profile in a
//! directory the caller chooses (the desktop app passes its app data dir), and
//! the secrets, only when the user asks, in the system keyring.
//!
//! Nothing secret is ever written to a profile file: [`ProfileSettings`] has no
//! secret field, and secrets travel separately as [`Secret`]s straight to the
//! [`SecretStore`]. The keyring sits behind that small trait; [`Keyring`] is the
//! real one (Secret Service on Linux through the `keyring` crate's pure-Rust
//! D-Bus client, so no system library is needed to build it) and takes any
//! `keyring` credential builder, so tests run it on `keyring::mock`.
//!
//! Undo records of the Management API writes ([`UndoStore`]) live beside the
//! profiles, in the wizard's data directory ([`data_dir`]).
//!
//! [`Secret`]: auth0_wizard_core::Secret

mod error;
mod keyring;
mod normalize;
mod paths;
mod profiles;
mod undo;

pub use error::{StoreError, UNLOCK_KEYRING};
pub use keyring::{known_secret_fields, Keyring, SecretStore, KEYRING_SERVICE};
pub use normalize::normalized;
pub use paths::{data_dir, profiles_dir, APP_IDENTIFIER, DATA_DIR_ENV};
pub use profiles::{
    check_name, HandedBack, LoadedProfile, ProfileInput, ProfileSettings, ProfileStore, INDEX_FIELD,
};
pub use undo::UndoStore;

/// The keyring field of the Auth0 client secret.
pub const CLIENT_SECRET_FIELD: &str = "clientSecret";
/// The keyring field of the "Audit my app settings" Machine to Machine secret.
pub const AUDIT_SECRET_FIELD: &str = "auditClientSecret";
