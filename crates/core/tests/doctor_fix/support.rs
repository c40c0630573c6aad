//! What the fixer tests share: reading the fixtures and exports, settings
//! other than a file's, and the checks on a corrected text.

use crate::export_fixtures::fixtures;
use auth0_wizard_core::doctor::fix::{current, fix, plan, spot_text, Edit, Want, Wants};
use auth0_wizard_core::doctor::{claims, lint, Finding, ImportOptions, Imported, Layer, Source};
use auth0_wizard_core::export::export;
use auth0_wizard_core::RawSettings;
use std::path::Path;

pub fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/doctor")
}

/// Every fixture, as `target/file`.
pub fn fixture_files() -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root()).unwrap() {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            out.push(format!(
                "{}/{name}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    out.sort();
    out
}

/// The surest claim, with the first connector when the file asks which.
pub fn top_import(src: &Source) -> Option<(Imported, ImportOptions)> {
    let mut opts = ImportOptions::default();
    let mut c = claims(src, &opts).into_iter().next()?;
    if let Some(first) = c
        .imported
        .choices
        .first()
        .filter(|_| c.imported.spots.is_empty())
    {
        opts.connector = Some(first.split_whitespace().next().unwrap_or(first).to_owned());
        c = claims(src, &opts).into_iter().next()?;
    }
    Some((c.imported, opts))
}

/// A fixture read, imported and linted (`None` when it does not parse or
/// no target claims it).
pub fn import_file(file: &str) -> Option<(Source, Imported, Vec<Finding>)> {
    let src = Source::read(&std::fs::read(root().join(file)).unwrap()).ok()?;
    let (imported, _) = top_import(&src)?;
    let mut findings = imported.findings.clone();
    findings.extend(lint(imported.detected.target, &src, &imported));
    Some((src, imported, findings))
}

/// Every export of the fixtures' configurations, plain and handoff.
pub fn exports() -> Vec<(String, Source)> {
    let mut out = Vec::new();
    for f in fixtures() {
        for handoff in [false, true] {
            let cfg = if handoff {
                f.config.redacted()
            } else {
                f.config.clone()
            };
            for format in &f.formats {
                let text = export(&cfg, format).unwrap();
                let name = format!(
                    "export {} {} {format} handoff={handoff}",
                    f.target, f.variant
                );
                out.push((name, Source::read(text.as_bytes()).unwrap()));
            }
        }
    }
    out
}

/// Settings that differ from `s` in every owned value but its secrets
/// (which the fixer never writes) and the client type (which decides
/// which values the file has).
pub fn other_settings(s: &RawSettings) -> RawSettings {
    let mut o = s.clone();
    o.domain = "other-tenant.eu.auth0.com".into();
    o.issuer = String::new();
    o.client_id = "OtherClientId0123456789abcdefGHIJ".into();
    if let Ok(mut u) = url::Url::parse(&s.public_url) {
        let _ = u.set_host(Some("changed.example.org"));
        o.public_url = u.as_str().trim_end_matches('/').to_owned();
    }
    o.connector_id = if s.connector_id.is_empty() {
        String::new()
    } else {
        "auth0-other".into()
    };
    o.connector_name = if s.connector_name.is_empty() {
        String::new()
    } else {
        "Other SSO".into()
    };
    if !s.groups_claim.is_empty() {
        o.groups_claim = "https://other.example.org/roles".into();
    }
    for (k, v) in [
        ("secretName", "other-secret"),
        ("liveConfigVersion", "7"),
        ("principalDomain", "other.example.org"),
        ("adminPrincipals", "carol, dave"),
        ("serviceAccountClientId", "OtherServiceAccount0123456789abc"),
        ("m2mClientId", "OtherM2mClientId0123456789abcdef"),
    ] {
        if o.extras.contains_key(k) {
            o.extras.insert(k.into(), v.into());
        }
    }
    o
}

fn want_text(w: &Want) -> String {
    match w {
        Want::Text(t) => t.clone(),
        Want::Int(n) => n.to_string(),
        Want::List(items) => items.join(", "),
    }
}

/// The setting `field` of `s`, as text.
fn setting(s: &RawSettings, field: &str) -> String {
    match field {
        "domain" => s.domain.clone(),
        "issuer" => s.issuer.clone(),
        "clientId" => s.client_id.clone(),
        "publicUrl" => s.public_url.trim_end_matches('/').to_owned(),
        "connectorId" => s.connector_id.clone(),
        "connectorName" => s.connector_name.clone(),
        "groupsClaim" => s.groups_claim.clone(),
        f => s
            .extras
            .get(f.trim_start_matches("extras."))
            .cloned()
            .unwrap_or_default(),
    }
}

/// The corrected text reads back, as the original was read, to the values
/// written: each edited spot holds its text, and the settings carry them
/// (but Dex's public URL in a config.yaml, which is Dex's own issuer).
pub fn reads_back(
    text: &str,
    imported: &Imported,
    wants: &Wants,
    edits: &[Edit],
) -> Result<(), String> {
    let again = reimport(text, imported, edits)?;
    let d = &imported.detected;
    for e in edits {
        let want = &wants[&e.field];
        let spot = again
            .spots
            .get(&e.field)
            .ok_or_else(|| format!("{} has no spot after the fix", e.field))?;
        let now = current(
            &Source::read(text.as_bytes()).unwrap(),
            spot,
            matches!(want, Want::List(_)),
        )
        .map_err(|x| x.to_string())?;
        let spot_want = want_text(&spot_text(d.target, &e.field, want));
        let now = match now {
            auth0_wizard_core::doctor::fix::Current::Text(t) => t,
            auth0_wizard_core::doctor::fix::Current::List(l) => l.join(", "),
        };
        if now != spot_want {
            return Err(format!("{} holds {now:?}, not {spot_want:?}", e.path));
        }
        let dex_own =
            e.field == "publicUrl" && matches!(d.format.as_str(), "dex-config" | "dex-helm-values");
        if !dex_own && setting(&again.settings, &e.field) != want_text(want) {
            return Err(format!(
                "{} reads back as {:?}, not {:?}",
                e.field,
                setting(&again.settings, &e.field),
                want_text(want)
            ));
        }
    }
    Ok(())
}

fn reimport(text: &str, imported: &Imported, edits: &[Edit]) -> Result<Imported, String> {
    let src = Source::read(text.as_bytes())
        .map_err(|e| format!("the fixed text does not read: {e}\n{text}"))?;
    let new_id = edits
        .iter()
        .find(|e| e.field == "connectorId")
        .map(|e| e.after.clone());
    let opts = ImportOptions {
        target: Some(imported.detected.target),
        format: Some(imported.detected.format.clone()),
        version: Some(imported.settings.version.clone()).filter(|v| !v.is_empty()),
        connector: new_id
            .or(Some(imported.settings.connector_id.clone()))
            .filter(|c| !c.is_empty()),
    };
    claims(&src, &opts)
        .into_iter()
        .next()
        .map(|c| c.imported)
        .ok_or_else(|| "the fixed text is not claimed".to_owned())
}

/// The lines of the original a spot's outermost span covers.
fn lines_of(text: &str, imported: &Imported, field: &str) -> std::ops::RangeInclusive<usize> {
    let spot = &imported.spots[field];
    let span = match spot.layers.first() {
        Some(Layer::JsonString(s) | Layer::YamlString(s) | Layer::Base64(s)) => *s,
        None => spot.span,
    };
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count();
    line(span.start)..=line(span.end.saturating_sub(1).max(span.start))
}

/// Only the lines of the edited spots differ (0-based line numbers).
pub fn only_spots_changed(
    src: &Source,
    imported: &Imported,
    new: &str,
    edits: &[Edit],
) -> Result<(), String> {
    let allowed: Vec<_> = edits
        .iter()
        .map(|e| lines_of(&src.text, imported, &e.field))
        .collect();
    let changed: Vec<usize> = if src.text.lines().count() == new.lines().count() {
        // In place: line by line (a diff may align repeated lines elsewhere).
        src.text
            .lines()
            .zip(new.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, _)| i)
            .collect()
    } else {
        let diff = similar::TextDiff::from_lines(src.text.as_str(), new);
        diff.ops()
            .iter()
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .flat_map(|op| {
                let old = op.old_range();
                if old.is_empty() {
                    vec![old.start.saturating_sub(1)]
                } else {
                    old.collect()
                }
            })
            .collect()
    };
    match changed
        .iter()
        .find(|l| !allowed.iter().any(|r| r.contains(l)))
    {
        Some(l) => Err(format!(
            "line {} changed, which holds no edited value:\n{}",
            l + 1,
            auth0_wizard_core::doctor::fix::diff(&src.text, new, "a", "b")
        )),
        None => Ok(()),
    }
}

/// Every comment line of the original is in the corrected text, in order.
pub fn comments_kept(old: &str, new: &str) -> Result<(), String> {
    let comments = |t: &str| {
        t.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    (comments(old) == comments(new))
        .then_some(())
        .ok_or_else(|| "a comment changed".to_owned())
}

/// The corrected text, fixed again to the same values, does not change.
pub fn again_unchanged(
    text: &str,
    imported: &Imported,
    wants: &Wants,
    edits: &[Edit],
) -> Result<(), String> {
    let again = reimport(text, imported, edits)?;
    let src = Source::read(text.as_bytes()).unwrap();
    let twice = fix(&src, &again, wants).map_err(|e| format!("second fix: {e}"))?;
    (twice.text == text && twice.edits.is_empty())
        .then_some(())
        .ok_or_else(|| format!("the second fix changed {:?}", twice.edits))
}

/// `plan` on the corrected text changes nothing.
pub fn fixed_twice_is_unchanged(text: &str, imported: &Imported, name: &str) -> Result<(), String> {
    let again = reimport(text, imported, &[])?;
    let src = Source::read(text.as_bytes()).unwrap();
    let mut findings = again.findings.clone();
    findings.extend(lint(again.detected.target, &src, &again));
    let p = plan(&src, &again, &findings, name).map_err(|e| format!("{name}: second plan: {e}"))?;
    p.edits
        .is_empty()
        .then_some(())
        .ok_or_else(|| format!("{name}: the second plan edits {:?}", p.edits))
}
