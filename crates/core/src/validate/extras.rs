//! Extra fields that the chosen target does not have, or not for this
//! version, or given as the wrong kind; the target checks its own values.

use super::Report;
use crate::model::{RawSettings, Release};
use crate::target::{ExtraKind, TargetInfo};

pub(super) fn check_extra_keys(
    info: &TargetInfo,
    release: Release,
    raw: &RawSettings,
    r: &mut Report,
) {
    for key in raw.extras.keys().chain(raw.extra_secrets.keys()) {
        let field = format!("extras.{key}");
        match info.extra(key) {
            None => r.warn(
                &field,
                "extras.unknown",
                format!("{} has no setting {key:?}; it is ignored.", info.name),
                "Remove it.",
            ),
            Some(f) if !f.releases.contains(&release) => r.warn(
                &field,
                "extras.other_version",
                format!(
                    "{} applies to another version of {}; it is ignored.",
                    f.label, info.name
                ),
                "Remove it, or pick the version it belongs to.",
            ),
            Some(f)
                if (f.kind == ExtraKind::Secret) != raw.extra_secrets.contains_key(key)
                    && !raw.extras.get(key).is_some_and(|v| v.trim().is_empty()) =>
            {
                r.warn(
                    &field,
                    "extras.kind",
                    format!("{} was given as the wrong kind (secret or not).", f.label),
                    "Enter it in its own field.",
                )
            }
            Some(_) => {}
        }
    }
}
