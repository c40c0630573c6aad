//! Keys OpenMetadata (or its Helm chart) does not know at the release,
//! required keys left out, and values of the wrong type.

use super::import::key_set;
use super::keys::{self, Key, Kind};
use super::read::{Server, Shape};
use super::rows::{self, Section, ROWS};
use crate::doctor::tree::{KeyPath, Node};
use crate::doctor::values::all_before;
use crate::doctor::{did_you_mean, Finding, Level, Location};
use crate::version::VersionRange;
use std::collections::HashSet;

const ENV_PREFIXES: [&str; 4] = ["AUTHENTICATION_", "OIDC_", "AUTHORIZER_", "CUSTOM_OIDC_"];

pub(super) fn check(s: &Server, format: &str, r: &VersionRange, out: &mut Vec<Finding>) {
    if s.shape == Shape::Env {
        env_names(s, out);
    }
    for (section, path, node) in &s.sections {
        let set = key_set(s.shape, *section);
        let mut seen = HashSet::new();
        for (k, v) in node.as_map().unwrap_or(&[]) {
            let Some(name) = k.as_str() else { continue };
            let at = path.key(name);
            if !seen.insert(name) {
                out.push(Finding::new("openmetadata.key.duplicate", Level::Warning, Location::at(&at, k),
                    format!("`{name}` is set twice in {path}: the tools that read the file disagree on which one wins."),
                    format!("Keep one `{name}`.")));
            }
            match keys::find(set, name) {
                None => out.push(unknown(s.shape, name, &at, k, set)),
                Some(key) => {
                    too_new(key, &at, k, r, out);
                    if section_row(*section, name, s.shape).is_none() {
                        if let Some(v) = substituted(v) {
                            kind(s.shape, key.kind, &at, &v, out);
                        }
                    }
                }
            }
        }
    }
    for row in ROWS {
        if let (Some(v), Some(key)) = (s.get(row.key), row_key(s.shape, row)) {
            if v.origin == super::read::Origin::Written || matches!(v.origin, super::read::Origin::EnvDefault(_)) {
                let path = v.path.clone();
                let env = s.shape == Shape::Env;
                if env && key.kind == Kind::List && v.node.as_seq().is_none() && v.reference.is_none() {
                    out.push(Finding::new("openmetadata.type.list_expected", Level::Warning, v.loc(),
                        format!("`{path}` is not written as a list: OpenMetadata puts the variable's text into openmetadata.yaml, where a list is written [a, b]."),
                        format!("Write {path}=[{}].", v.text().unwrap_or("…"))));
                } else if !env && v.reference.is_none() {
                    kind(s.shape, key.kind, &path, &v.node, out);
                }
            }
        }
    }
    if s.shape == Shape::Yaml && format != "helm-values" {
        required(s, out);
    }
}

/// The value OpenMetadata reads: a `${VAR:-default}` is its default (as
/// YAML); a `${VAR}` is unknown here.
fn substituted(v: &Node) -> Option<Node> {
    let Some((_, default)) = v.as_str().and_then(super::read::env_form) else {
        return Some(v.clone());
    };
    let mut docs = crate::doctor::tree::parse(default?).ok()?;
    let mut n = if docs.is_empty() { return None } else { docs.remove(0) };
    n.span = v.span;
    Some(n)
}

fn row_key(shape: Shape, row: &rows::Row) -> Option<&'static Key> {
    let name = if shape == Shape::Helm { row.helm?.0 } else { row.yaml? };
    let set = key_set(if shape == Shape::Env { Shape::Yaml } else { shape }, row.section);
    keys::find(set, name)
}

fn section_row(section: Section, name: &str, shape: Shape) -> Option<&'static rows::Row> {
    ROWS.iter().find(|r| r.section == section && (if shape == Shape::Helm { r.helm.map(|h| h.0) } else { r.yaml }) == Some(name))
}

fn unknown(shape: Shape, name: &str, at: &KeyPath, k: &Node, set: &'static [Key]) -> Finding {
    let renamed = keys::HELM_NAMES.iter().find_map(|(yaml, helm)| match shape {
        Shape::Helm if *yaml == name => Some(*helm),
        Shape::Helm => None,
        _ if *helm == name => Some(*yaml),
        _ => None,
    });
    let (what, effect) = if shape == Shape::Helm {
        ("the OpenMetadata chart's", "helm refuses the values (the chart's schema allows no other keys)")
    } else {
        ("OpenMetadata's", "OpenMetadata refuses the configuration (the schema allows no other keys) and the server does not start")
    };
    let best = renamed.or_else(|| did_you_mean(name, set.iter().map(|k| k.name)));
    let (hint, fix) = match (renamed, best) {
        (Some(n), _) => (format!("; {} calls it `{n}`", if shape == Shape::Helm { "the chart" } else { "openmetadata.yaml" }), format!("Rename it to `{n}`.")),
        (None, Some(n)) => (format!("; did you mean `{n}`"), format!("Rename it to `{n}`.")),
        (None, None) => (String::new(), format!("Remove `{name}`.")),
    };
    Finding::new("openmetadata.key.unknown", Level::Error, Location::at(at, k),
        format!("`{name}` is not a key of {what} {} settings{hint}: {effect}.", at.to_string().rsplit_once('.').map_or("", |(p, _)| p)),
        fix)
}

fn too_new(key: &Key, at: &KeyPath, k: &Node, r: &VersionRange, out: &mut Vec<Finding>) {
    if let Some(s) = key.since.filter(|s| all_before(r, *s)) {
        out.push(Finding::new("openmetadata.key.too_new", Level::Error, Location::at(at, k),
            format!("`{}` is known from OpenMetadata {s} on: the release this file is for refuses it as an unknown key.", key.name),
            format!("Remove `{}`, or upgrade OpenMetadata to {s} or later.", key.name)));
    }
}

/// A value of the wrong type: a string where a list or a boolean belongs.
fn kind(shape: Shape, kind: Kind, at: &KeyPath, v: &Node, out: &mut Vec<Finding>) {
    let Some(text) = v.as_str() else { return };
    let plain = matches!(v.value, crate::doctor::tree::Value::Scalar(_, crate::doctor::tree::Style::Plain));
    match kind {
        Kind::List => out.push(Finding::new("openmetadata.type.list_expected", Level::Error, Location::at(at, v),
            format!("`{at}` is the string {text:?}, where a list belongs: OpenMetadata cannot read it."),
            format!("Write a list: [{text}]."))),
        Kind::Bool if !(matches!(text, "true" | "false") && (plain || shape != Shape::Helm)) => {
            let why = if shape == Shape::Helm { "the chart's schema wants a boolean (unquoted true or false)" } else { "OpenMetadata reads only true or false here" };
            out.push(Finding::new("openmetadata.type.bool_expected", Level::Error, Location::at(at, v),
                format!("`{at}` is {text:?}: {why}."), "Write true or false, without quotes."))
        }
        _ => {}
    }
}

/// Keys the schema requires (targets.md §4.1, §7.7).
fn required(s: &Server, out: &mut Vec<Finding>) {
    let need = |section: Section, names: &[&'static str], out: &mut Vec<Finding>| {
        let Some((_, path, node)) = s.sections.iter().find(|(x, ..)| *x == section) else { return };
        for name in names.iter().filter(|n| node.get(n).is_none()) {
            let code = match *name {
                "providerName" => "openmetadata.provider_name.missing",
                "tenant" => "openmetadata.oidc.tenant_missing",
                _ => "openmetadata.key.missing",
            };
            out.push(Finding::new(code, Level::Error, Location::at(path, node),
                format!("{path} has no `{name}`, which OpenMetadata requires (even for Auth0, where it is empty): the configuration is refused."),
                format!("Add {name}: \"\"{}.", if matches!(*name, "providerName" | "tenant") { "" } else { " with its value" })));
        }
    };
    need(Section::Authentication, &["provider", "providerName", "jwtPrincipalClaims"], out);
    need(Section::Oidc, &["tenant"], out);
    need(Section::Authorizer, &["className", "containerRequestFilter", "adminPrincipals", "principalDomain", "enforcePrincipalDomain", "enableSecureSocketConnection"], out);
}

/// Variables of an env file that openmetadata.yaml does not read.
fn env_names(s: &Server, out: &mut Vec<Finding>) {
    let known = rows::env_names();
    let Some(doc) = s.src.docs.first() else { return };
    for (k, _) in doc.as_map().unwrap_or(&[]) {
        let Some(name) = k.as_str() else { continue };
        if known.contains(&name) {
            continue;
        }
        let best = did_you_mean(name, known.iter().copied());
        if best.is_none() && !ENV_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let hint = best.map(|b| format!("; did you mean `{b}`")).unwrap_or_default();
        out.push(Finding::new("openmetadata.key.unknown", Level::Warning, Location::at(&KeyPath::root().key(name), k),
            format!("openmetadata.yaml reads no variable `{name}`{hint}: it has no effect."),
            best.map_or(format!("Remove `{name}`."), |b| format!("Rename it to `{b}`."))));
    }
}
