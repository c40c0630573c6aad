//! The corrected file: the original text, edited only at the spots of the
//! values the wizard owns ([`Imported::spots`]), through the layers around
//! them (a JSON text in a string, a YAML text in a string, base64). Every
//! value written comes from a serializer in the file's style (serde_json for
//! a double-quoted or JSON scalar, serde_yaml_ng for a plain one, the env
//! quoting of [`crate::export::env`]); everything else (comments, other keys,
//! other connectors, formatting) stays byte for byte.
//!
//! Secrets are never written: a secret in the file stays as it is, and a
//! reference or placeholder where a secret belongs is left to the
//! administrator (the lint says so).

mod apply;
mod plan;
mod save;
mod site;
mod wants;
mod write;

pub use plan::{plan, plan_for, Plan};
pub use save::{backup_path, save, SaveError};
pub use site::{current, Current};
pub use wants::{correct, wants_from_analysis, wants_from_config};

use super::import::{claims, ImportOptions, Imported, Source};
use crate::target::TargetId;
use std::collections::BTreeMap;

/// A value to write at a spot, as the settings hold it (the public URL as
/// the public URL: the fixer writes the callback where the file holds one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    Text(String),
    /// A number written as a number (Pachyderm 1.x's `live_config_version`).
    Int(i64),
    /// A list written as a list (OpenMetadata's `adminPrincipals`).
    List(Vec<String>),
}

/// The values to write, by settings field (`issuer`, `extras.secretName`, ...).
pub type Wants = BTreeMap<String, Want>;

/// One value changed in the corrected file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Edit {
    /// The settings field (`issuer`, `publicUrl`, `extras.adminPrincipals`).
    pub field: String,
    /// The key path as findings name it.
    pub path: String,
    /// The line in the original file (of the outermost layer).
    pub line: usize,
    /// The value before and after (never a secret: secrets are not written).
    pub before: String,
    pub after: String,
}

/// The corrected text and what changed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub edits: Vec<Edit>,
}

/// Why the corrected file cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("{path}: the value is not where the import found it")]
    Lost { path: String },
    #[error("{path}: the value cannot be rewritten in place ({why})")]
    Unwritable { path: String, why: String },
    #[error("{field} is a secret: the corrected file never writes secrets")]
    Secret { field: String },
    #[error("the corrected file does not read back as written: {0}")]
    ReadBack(String),
}

/// Fields whose values are secrets (never written by the fixer).
pub fn is_secret_field(imported: &Imported, field: &str) -> bool {
    field == "clientSecret"
        || field.strip_prefix("extras.").is_some_and(|k| {
            imported.settings.extra_secrets.contains_key(k) || SECRET_EXTRAS.contains(&k)
        })
}

/// Extra fields that hold secrets in some target (catalog keys).
const SECRET_EXTRAS: [&str; 5] = [
    "cookieSecret",
    "sharedSecret",
    "serviceAccountSecret",
    "botJwt",
    "m2mClientSecret",
];

/// The text a spot must hold for `want`: the public URL of a Dex-based
/// target stands in the file as its callback (`redirectURI`).
pub fn spot_text(target: TargetId, field: &str, want: &Want) -> Want {
    match (field, want) {
        ("publicUrl", Want::Text(base)) if callback_form(target) => {
            let base = base.trim_end_matches('/');
            Want::Text(format!("{base}{}", target.rules().callback_path))
        }
        _ => want.clone(),
    }
}

/// Whether the target's files hold the public URL as the callback URL.
fn callback_form(target: TargetId) -> bool {
    matches!(
        target,
        TargetId::Pachyderm | TargetId::Pachyderm1x | TargetId::Dex
    )
}

/// `src` with every spot of `imported` that `wants` names set to the wanted
/// value; spots that already hold it are left alone (so fixing twice changes
/// nothing). The result is read back and checked before it is returned.
pub fn fix(src: &Source, imported: &Imported, wants: &Wants) -> Result<Fixed, FixError> {
    let target = imported.detected.target;
    let mut todo = Vec::new();
    for (field, want) in wants {
        let Some(spot) = imported.spots.get(field) else {
            continue;
        };
        if is_secret_field(imported, field) {
            return Err(FixError::Secret {
                field: field.clone(),
            });
        }
        todo.push(apply::Job {
            field: field.clone(),
            spot: spot.clone(),
            want: spot_text(target, field, want),
        });
    }
    let (text, edits) = apply::apply(src, &todo)?;
    if !edits.is_empty() {
        read_back(&text, imported, &todo, &edits)?;
    }
    Ok(Fixed { text, edits })
}

/// The corrected text imports again as the same target and format, and each
/// edited spot holds what was written.
fn read_back(
    text: &str,
    imported: &Imported,
    todo: &[apply::Job],
    edits: &[Edit],
) -> Result<(), FixError> {
    let src = Source::read(text.as_bytes()).map_err(|e| FixError::ReadBack(e.to_string()))?;
    let d = &imported.detected;
    let opts = reimport_options(imported, edits);
    let again = claims(&src, &opts)
        .into_iter()
        .next()
        .ok_or_else(|| FixError::ReadBack(format!("it is no longer a {} file", d.target)))?;
    for e in edits {
        let job = todo
            .iter()
            .find(|j| j.field == e.field)
            .expect("an edit has its job");
        let spot = again.imported.spots.get(&e.field).ok_or_else(|| {
            FixError::ReadBack(format!("{} is no longer found at {}", e.field, e.path))
        })?;
        let now = site::current(&src, spot, matches!(job.want, Want::List(_)))?;
        if !site::holds(&now, &job.want) {
            return Err(FixError::ReadBack(format!(
                "{} reads back as {now:?}, not {:?}",
                e.path, job.want
            )));
        }
    }
    Ok(())
}

/// How to read the corrected file as the original was read: the same
/// target, format and version, and the connector by its (new) id.
pub(super) fn reimport_options(imported: &Imported, edits: &[Edit]) -> ImportOptions {
    let d = &imported.detected;
    let s = &imported.settings;
    let connector = edits
        .iter()
        .find(|e| e.field == "connectorId")
        .map(|e| e.after.clone())
        .unwrap_or_else(|| s.connector_id.clone());
    ImportOptions {
        target: Some(d.target),
        format: Some(d.format.clone()),
        version: Some(s.version.clone()).filter(|v| !v.is_empty()),
        connector: Some(connector).filter(|c| !c.is_empty()),
    }
}

/// A unified diff of `old` (the file `from`) to `new` (the file `to`);
/// empty when nothing changed.
pub fn diff(old: &str, new: &str, from: &str, to: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(from, to)
        .to_string()
}
