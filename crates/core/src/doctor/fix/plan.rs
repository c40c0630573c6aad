//! The whole fix in one call, for the CLI and the window: correct the
//! settings, validate them, write the owned values back, and say which
//! findings the corrected file no longer has (and which are left).

use super::{correct, diff, fix, wants_from_analysis, Edit, FixError, Fixed};
use crate::doctor::finding::Finding;
use crate::doctor::import::{claims, lint, Imported, Source};
use crate::model::RawSettings;
use crate::secret::Secret;
use crate::target::TargetId;
use crate::validate::analyze;

/// A corrected file and what it resolves.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The corrected text (the original's when nothing changed).
    pub text: String,
    /// A unified diff of the original to the corrected text.
    pub diff: String,
    pub edits: Vec<Edit>,
    /// The settings the corrected file carries.
    pub settings: RawSettings,
    /// Findings of the original that the corrected file no longer has.
    pub resolved: Vec<Finding>,
    /// Findings the corrected file still has: the administrator's to fix.
    pub left: Vec<Finding>,
}

/// Correct `src`, imported as `imported`, whose findings (the import's and
/// the lint's) are `findings`. `name` names the file in the diff.
pub fn plan(
    src: &Source,
    imported: &Imported,
    findings: &[Finding],
    name: &str,
) -> Result<Plan, FixError> {
    let corrected = correct(imported, findings);
    finish(src, imported, findings, name, corrected)
}

/// The corrected file for `settings`, the values the administrator now
/// holds for this file (the window's, after putting right in the wizard
/// what the file had wrong, such as the public URL its redirect URI is
/// under): each value the wizard owns as validation normalizes it. Settings
/// of another target than the file's give [`plan`]'s file.
pub fn plan_for(
    src: &Source,
    imported: &Imported,
    findings: &[Finding],
    name: &str,
    settings: &RawSettings,
) -> Result<Plan, FixError> {
    if settings.target != imported.detected.target.as_str() {
        return plan(src, imported, findings, name);
    }
    finish(src, imported, findings, name, settings.clone())
}

fn finish(
    src: &Source,
    imported: &Imported,
    findings: &[Finding],
    name: &str,
    corrected: RawSettings,
) -> Result<Plan, FixError> {
    let analysis = analyze(&corrected, &mut |_| Secret::default());
    let mut wants = wants_from_analysis(&analysis, &corrected);
    if guessed_public_url(src, imported) {
        wants.remove("publicUrl");
    }
    let Fixed { text, edits } = fix(src, imported, &wants)?;
    let after = if edits.is_empty() {
        findings.to_vec()
    } else {
        relint(&text, imported, &edits)?
    };
    let same = |a: &Finding, b: &Finding| a.code == b.code && a.location.path == b.location.path;
    let resolved = findings
        .iter()
        .filter(|f| !after.iter().any(|g| same(f, g)))
        .cloned()
        .collect();
    Ok(Plan {
        diff: diff(&src.text, &text, name, name),
        text,
        edits,
        settings: corrected,
        resolved,
        left: after,
    })
}

/// Dex's public URL is its issuer, with a path the redirect URI only shows
/// when it ends in `/callback`: otherwise (and without Dex's own issuer in
/// the file) the importer only guessed its origin, and the fixer does not
/// write a guess.
fn guessed_public_url(src: &Source, imported: &Imported) -> bool {
    let d = &imported.detected;
    if d.target != TargetId::Dex || matches!(d.format.as_str(), "dex-config" | "dex-helm-values") {
        return false;
    }
    let Some(spot) = imported.spots.get("publicUrl") else {
        return false;
    };
    !matches!(super::site::current(src, spot, false),
        Ok(super::site::Current::Text(t)) if t.trim().trim_end_matches('/').ends_with("/callback"))
}

/// Every finding of the corrected text, read as the original was.
fn relint(text: &str, imported: &Imported, edits: &[Edit]) -> Result<Vec<Finding>, FixError> {
    let src = Source::read(text.as_bytes()).map_err(|e| FixError::ReadBack(e.to_string()))?;
    let d = &imported.detected;
    let opts = super::reimport_options(imported, edits);
    let claim = claims(&src, &opts)
        .into_iter()
        .next()
        .ok_or_else(|| FixError::ReadBack(format!("it is no longer a {} file", d.target)))?;
    let mut all = claim.imported.findings.clone();
    all.extend(lint(d.target, &src, &claim.imported));
    Ok(all)
}
