//! auth0-wizard's core: the model, validation, one module per target
//! (catalog entry, options, requirements, exporters), live checks. No GUI,
//! no Tauri: the CLI and the desktop shell are thin layers over this crate.

pub mod checks;
pub mod doctor;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod mgmt;
pub mod model;
pub mod requirements;
pub mod secret;
pub mod target;
pub mod text;
pub mod validate;
pub mod version;

/// The catalog's types and functions, under their historic path.
pub mod catalog {
    pub use crate::target::info::*;
    pub use crate::target::{catalog, target_info};
}

pub use error::{CoreError, ErrorPayload};
pub use model::{Config, Domain, RawSettings, Release};
pub use requirements::{requirements, Requirements};
pub use secret::Secret;
pub use target::openmetadata::ClientType as OmClientType;
pub use target::{catalog, target_info, FormatInfo, TargetId, TargetInfo, TargetOptions};
pub use validate::{analyze, build, validate, Analysis, Issue, Report, Severity};
pub use version::{Version, VersionRange};
