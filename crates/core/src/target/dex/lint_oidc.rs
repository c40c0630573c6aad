//! The lint of an `oidc` connector's config object, shared by Dex and by
//! Pachyderm (whose Dex fork reads the same keys, fewer of them): keys the
//! release does not read, values of the wrong type, placeholders left in, the
//! issuer's form, groups and scopes.

use super::connector::Cfg;
use super::keys::{oidc_key, Kind};
use super::read::is_placeholder;
use super::types::{self, Scalar};
use crate::doctor::tree::Value;
use crate::doctor::{did_you_mean, Finding, KeyPath, Level, Node};

/// What a release (or the fork) does with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Known,
    /// No release reads it.
    Unknown,
    /// Another release reads it, this one ignores it: why.
    Ignored(String),
    /// This release refuses it: the connector fails to open. Why.
    Fails(String),
    /// The release is not known and the key needs a newer one than the oldest: which.
    Newer(String),
}

/// The keys one flavour of Dex reads.
pub trait KeyRules {
    fn status(&self, path: &str) -> Status;
    /// Every key path it reads, for "did you mean".
    fn known(&self) -> Vec<&'static str>;
    /// In messages: "Dex 2.45", "pachd's Dex fork (Pachyderm 2.7 and later)".
    fn label(&self) -> String;
}

/// The config keys without which the connector cannot log anyone in.
const REQUIRED: [&str; 4] = ["issuer", "clientID", "clientSecret", "redirectURI"];

/// Every finding about the config object `cfg`, codes under `prefix`.
pub fn lint_config(cfg: &Cfg, prefix: &str, rules: &dyn KeyRules) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut misspelled = Vec::new();
    walk(cfg, &cfg.node, "", &cfg.path, prefix, rules, &mut out, &mut misspelled);
    missing(cfg, prefix, &misspelled, &mut out);
    placeholders(cfg, &cfg.node, &cfg.path, prefix, &mut out);
    super::lint_values::issuer(cfg, prefix, &mut out);
    super::lint_values::groups(cfg, prefix, &mut out);
    super::lint_values::scopes(cfg, prefix, &mut out);
    out
}

#[allow(clippy::too_many_arguments)]
fn walk(
    cfg: &Cfg,
    map: &Node,
    parent: &str,
    path: &KeyPath,
    prefix: &str,
    rules: &dyn KeyRules,
    out: &mut Vec<Finding>,
    misspelled: &mut Vec<(String, Finding)>,
) {
    let Some(entries) = map.as_map() else { return };
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in entries {
        let Some(key) = k.as_str() else { continue };
        let norm = if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") };
        let at = path.key(key);
        let loc = cfg.text.location(&at, k);
        if seen.contains(&key) {
            out.push(Finding::new(&format!("{prefix}.key.duplicate"), Level::Warning, loc.clone(),
                format!("{key} is given twice; readers disagree on which one wins (some refuse the file)."),
                format!("Keep one {key}.")));
        }
        seen.push(key);
        let (finding, known) = key_finding(&norm, key, v, parent, prefix, rules, loc);
        if let Some(f) = finding {
            match did_you_mean(key, siblings(rules, parent)) {
                Some(s) if f.code.ends_with(".key.unknown") => misspelled.push((s.to_owned(), f)),
                _ => out.push(f),
            }
        }
        if !known {
            continue;
        }
        let Some(spec) = oidc_key(&norm) else { continue };
        if let Some(f) = types::check(spec.kind, v, &at, key, &cfg.text, prefix) {
            out.push(f);
            continue;
        }
        match spec.kind {
            Kind::Map => walk(cfg, v, &norm, &at, prefix, rules, out, misspelled),
            Kind::MapList => {
                for (i, item) in v.as_seq().unwrap_or(&[]).iter().enumerate() {
                    walk(cfg, item, &format!("{norm}[]"), &at.index(i), prefix, rules, out, misspelled);
                }
            }
            _ => {}
        }
    }
}

/// The finding for one key, and whether its value is read.
#[allow(clippy::too_many_arguments)]
fn key_finding(
    norm: &str,
    key: &str,
    value: &Node,
    parent: &str,
    prefix: &str,
    rules: &dyn KeyRules,
    loc: crate::doctor::Location,
) -> (Option<Finding>, bool) {
    let code = |p: &str| format!("{prefix}.key.{p}");
    match rules.status(norm) {
        Status::Known => (None, true),
        Status::Newer(why) => (Some(Finding::new(&code("needs_version"), Level::Info, loc, format!("{key}: {why}"),
            "Check your release; pass --version to lint against it.")), true),
        Status::Ignored(why) => (Some(Finding::new(&code("ignored"), Level::Warning, loc,
            format!("{key} is ignored by {}: {why}", rules.label()), format!("Remove {key}, or use a release that reads it."))), false),
        // An empty list is not refused (hostedDomains: []).
        Status::Fails(_) if value.as_seq().is_some_and(<[Node]>::is_empty) || types::scalar(value) == Some(Scalar::Null) => (None, false),
        Status::Fails(why) => (Some(Finding::new(&code("removed"), Level::Error, loc, format!("{key}: {why}"),
            format!("Remove {key}."))), false),
        Status::Unknown => {
            let hint = match did_you_mean(key, siblings(rules, parent)) {
                Some(s) => format!("Did you mean {s}? Keys are case-sensitive."),
                None => format!("Remove {key}, or check the spelling against the connector's documentation."),
            };
            (Some(Finding::new(&code("unknown"), Level::Warning, loc,
                format!("{} does not know {key} and silently ignores it.", rules.label()), hint)), false)
        }
    }
}

/// The last segments of the known keys under `parent`.
fn siblings(rules: &dyn KeyRules, parent: &str) -> Vec<&'static str> {
    rules
        .known()
        .into_iter()
        .filter_map(|p| match p.rsplit_once('.') {
            Some((par, last)) if par == parent => Some(last),
            None if parent.is_empty() => Some(p),
            _ => None,
        })
        .collect()
}

/// A required key that is absent: an error, said at the misspelling when
/// there is one (which is then an error too).
fn missing(cfg: &Cfg, prefix: &str, misspelled: &[(String, Finding)], out: &mut Vec<Finding>) {
    let present = |k: &str| cfg.node.as_map().unwrap_or(&[]).iter().any(|(n, _)| n.as_str() == Some(k));
    for (suggested, f) in misspelled {
        let mut f = f.clone();
        if REQUIRED.contains(&suggested.as_str()) && !present(suggested) {
            f.severity = Level::Error;
            f.message = format!("{}; so {suggested} is missing and the connector cannot log anyone in.", f.message.trim_end_matches('.'));
        }
        out.push(f);
    }
    for key in REQUIRED {
        if present(key) || misspelled.iter().any(|(s, _)| s == key) {
            continue;
        }
        out.push(Finding::new(&format!("{prefix}.config.missing"), Level::Error,
            cfg.text.location(&cfg.path, &cfg.node),
            format!("The connector's config has no {key}: it cannot log anyone in through Auth0."),
            format!("Add {key} (the wizard fills it in the corrected file).")));
    }
}

/// Every string value still holding a guide's placeholder.
pub fn placeholders(cfg: &Cfg, node: &Node, path: &KeyPath, prefix: &str, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if let Some(key) = k.as_str() {
                    placeholders(cfg, v, &path.key(key), prefix, out);
                }
            }
        }
        Value::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                placeholders(cfg, v, &path.index(i), prefix, out);
            }
        }
        Value::Scalar(s, _) if types::scalar(node) == Some(Scalar::Str) && is_placeholder(s) => {
            out.push(Finding::new(&format!("{prefix}.value.placeholder"), Level::Error,
                cfg.text.location(path, node),
                format!("{path} still holds the placeholder {s:?} from a guide: the login cannot work with it."),
                "Replace it with the real value (the wizard fills in the values it knows in the corrected file)."));
        }
        _ => {}
    }
}
