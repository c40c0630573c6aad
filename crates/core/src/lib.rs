//! auth0-wizard's core: the model, validation, target catalog, requirements,
//! and exporters. No GUI, no Tauri: the CLI and the desktop shell are thin
//! layers over this crate.

pub mod catalog;
pub mod checks;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod model;
pub mod requirements;
pub mod secret;
pub mod store;
pub mod validate;

pub use catalog::{catalog, target_info, FormatInfo, TargetInfo};
pub use error::{CoreError, ErrorPayload};
pub use model::{Config, Domain, OmClientType, RawSettings, Release, TargetId, TargetOptions};
pub use requirements::{requirements, Requirements};
pub use secret::Secret;
pub use validate::{build, validate, Issue, Report, Severity};
