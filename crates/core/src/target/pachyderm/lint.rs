//! The lint of a Pachyderm file: pachd's strict entry keys (or the `pachctl
//! idp` file's), where the Secret holds the entries, the Helm values around
//! them, and the Auth0 connector's config against the keys of pachd's Dex fork.

use super::import::{locate, Odd, READER};
use super::keys::{Fork, ENTRY_KEYS, IDP_FILE_KEYS, SECRET_KEY};
use super::lint_helm::{helm_file, redirect};
use crate::doctor::{did_you_mean, Finding, Imported, Level, Source};
use crate::target::dex::connector::{get, Conn, Keys};
use crate::target::dex::keys::Kind;
use crate::target::dex::lint_oidc::lint_config;
use crate::target::dex::lint_values::{secret, SecretRefs};
use crate::target::dex::types::{self, scalar, Scalar};

pub fn lint(src: &Source, imported: &Imported) -> Vec<Finding> {
    let Some(l) = locate(src) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(odd) = &l.odd {
        odd_place(odd, &mut out);
    }
    for c in &l.found.conns {
        if l.strict {
            entry(c, &mut out);
        } else {
            idp_file(c, &mut out);
        }
        json_config(c, &mut out);
    }
    let helm = (l.found.format == "helm-values").then_some(&l.doc);
    if let Some(doc) = helm {
        helm_file(doc, &mut out);
    }
    let s = &imported.settings;
    let wanted = (!s.connector_id.is_empty()).then_some(s.connector_id.as_str());
    let (chosen, _, _) = READER.choose(&l.found.conns, wanted);
    let Some(conn) = chosen.map(|i| &l.found.conns[i]) else { return out };
    if conn.kind() != Some("oidc") {
        out.push(Finding::new("pachyderm.connector.type", Level::Error, conn.text.location(&conn.path, &conn.node),
            format!("The connector's type is {:?}, not oidc: Auth0 is reached through Dex's oidc connector.", conn.kind().unwrap_or("")),
            "Write type: oidc."));
    }
    let Some(cfg) = &conn.config else { return out };
    let rules = Fork { version: s.version.parse().ok() };
    out.extend(lint_config(cfg, "pachyderm", &rules));
    let refs = match l.found.format {
        "helm-values" => SecretRefs::None(Some("Keep the connectors in a Kubernetes Secret (key upstream-idps) and set oidc.upstreamIDPsSecretName to its name instead of oidc.upstreamIDPs.")),
        _ => SecretRefs::None(None),
    };
    secret(cfg, "clientSecret", "pachyderm", refs, &mut out);
    redirect(cfg, helm, &mut out);
    out
}

fn odd_place(odd: &Odd, out: &mut Vec<Finding>) {
    match odd {
        Odd::SecretKey(path, k) => out.push(Finding::new("pachyderm.secret.key_name", Level::Error, crate::doctor::Location::at(path, k),
            format!("The Secret's key is {:?}, but pachd reads the key {SECRET_KEY} exactly: the pod cannot start (couldn't find key {SECRET_KEY} in Secret).", k.as_str().unwrap_or("")),
            format!("Rename the key to {SECRET_KEY}."))),
        Odd::Misplaced(path, k) => out.push(Finding::new("pachyderm.secret.misplaced", Level::Error, crate::doctor::Location::at(path, k),
            format!("{SECRET_KEY} is not indented under stringData: it is a top-level key of the Secret, and the Secret has no {SECRET_KEY} for pachd."),
            format!("Indent {SECRET_KEY}: | (and its text) under stringData:."))),
        // Reported with the other oidc keys (helm_file).
        Odd::HelmKey => {}
    }
}

/// pachd's entry: `protojson` with default options, so every key must be a
/// field of IDPConnector with the right type (reference C1, targets.md §2.2).
fn entry(c: &Conn, out: &mut Vec<Finding>) {
    for (k, v) in c.node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let at = c.path.key(key);
        let loc = c.text.location(&at, k);
        let kind = match key {
            "id" | "name" | "type" | "jsonConfig" => Some(Kind::Str),
            "config" => Some(Kind::Map),
            "configVersion" => None,
            "version" => {
                out.push(Finding::new("pachyderm.entry.version", Level::Error, loc,
                    "version is not a field of pachd's connector entry (only pachctl idp files have it): pachd cannot parse the entries (unmarshal connector: proto: unknown field \"version\") and goes into CrashLoopBackOff.",
                    "Remove version from this entry."));
                continue;
            }
            _ => {
                let hint = match did_you_mean(key, ENTRY_KEYS.iter().copied()) {
                    Some(s) => format!("Did you mean {s}? If {key} is a connector setting, move it under config:."),
                    None => format!("Remove {key}, or move it under config: if it is a connector setting."),
                };
                out.push(Finding::new("pachyderm.entry.unknown_key", Level::Error, loc,
                    format!("{key} is not a field of pachd's connector entry (id, name, type, configVersion, jsonConfig, config): pachd cannot parse the entries (proto: unknown field) and does not start."),
                    hint));
                continue;
            }
        };
        let bad_version = key == "configVersion" && (v.as_map().is_some() || v.as_seq().is_some());
        if bad_version {
            out.push(Finding::new("pachyderm.entry.type.wrong", Level::Error, loc, "configVersion must be a number.", "Remove configVersion: pachd manages it."));
        }
        if let Some(f) = kind.and_then(|kind| types::check(kind, v, &at, key, &c.text, "pachyderm.entry")) {
            out.push(f);
        }
    }
    let config = get(&c.node, "config", Keys::Exact).is_some_and(|(_, v)| v.as_map().is_some());
    let json = get(&c.node, "jsonConfig", Keys::Exact).is_some_and(|(_, v)| v.as_str().is_some_and(|s| !s.is_empty() && s != "null"));
    let loc = c.text.location(&c.path, &c.node);
    match (config, json) {
        (false, false) => out.push(Finding::new("pachyderm.entry.no_config", Level::Error, loc,
            format!("The connector {} has neither config nor jsonConfig: pachd cannot use it (no configs are defined).", c.label()),
            "Add the connector's settings under config:.")),
        (true, true) => out.push(Finding::new("pachyderm.entry.both_configs", Level::Warning, loc,
            format!("The connector {} has both config and jsonConfig: pachd uses config and ignores jsonConfig.", c.label()),
            "Keep one: config (jsonConfig is only kept for old files).")),
        _ => {}
    }
}

/// The `pachctl idp` file: Go's encoding/json into {ID, Name, Type,
/// Version, Config}: any case, other keys ignored, `jsonConfig` dropped.
fn idp_file(c: &Conn, out: &mut Vec<Finding>) {
    for (k, v) in c.node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let at = c.path.key(key);
        let loc = c.text.location(&at, k);
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "id" | "name" | "type" => out.extend(types::check(Kind::Str, v, &at, key, &c.text, "pachyderm.idp_file")),
            "config" => out.extend(types::check(Kind::Map, v, &at, key, &c.text, "pachyderm.idp_file")),
            "version" => {
                let whole = matches!(scalar(v), Some(Scalar::Null)) || (scalar(v) == Some(Scalar::Number) && v.as_str().is_some_and(|s| !s.contains(['.', 'e', 'E'])));
                if !whole {
                    out.push(Finding::new("pachyderm.idp_file.version_type", Level::Error, c.text.location(&at, v),
                        format!("version must be a whole number, but it is {}: pachctl cannot read the file.", types::describe(v)),
                        "Write version: 0 for create-connector, or the current version + 1 for update-connector."));
                }
            }
            "jsonconfig" => out.push(Finding::new("pachyderm.idp_file.json_config", Level::Error, loc,
                "pachctl idp reads only id, name, type, version and config: it drops jsonConfig, and the connector is created with an empty config that cannot open.",
                "Move the settings from jsonConfig (as an object) to config:.")),
            _ => {
                let hint = match (lower.as_str(), did_you_mean(key, IDP_FILE_KEYS.iter().copied())) {
                    ("configversion", _) => "Write version: instead (configVersion is pachd's name for it).".to_owned(),
                    (_, Some(s)) => format!("Did you mean {s}?"),
                    _ => format!("Remove {key}, or move it under config: if it is a connector setting."),
                };
                out.push(Finding::new("pachyderm.idp_file.unknown_key", Level::Warning, loc,
                    format!("pachctl idp files have only id, name, type, version and config: pachctl ignores {key}."), hint));
            }
        }
    }
}

/// `jsonConfig` must be JSON (Dex decodes it with encoding/json): the tree
/// reader is YAML and forgives trailing commas and comments, this does not.
fn json_config(c: &Conn, out: &mut Vec<Finding>) {
    let Some((_, v)) = get(&c.node, "jsonConfig", Keys::Exact) else { return };
    let Some(text) = v.as_str() else { return };
    let at = c.path.key("jsonConfig");
    let problem = match (&c.config_error, serde_json::from_str::<serde_json::Value>(text)) {
        (Some((_, e)), _) => Some((e.describe("jsonConfig"), e.line().unwrap_or_else(|| c.text.line(v.span.line)))),
        (None, Err(e)) => Some((
            format!("jsonConfig is not valid JSON: line {}, column {} of its text: {e}.", e.line(), e.column()),
            c.text.inner_line(v, e.line()),
        )),
        _ => None,
    };
    if let Some((msg, line)) = problem {
        let loc = crate::doctor::Location { path: at.to_string(), line: Some(line) };
        out.push(Finding::new("pachyderm.json_config.invalid", Level::Error, loc,
            format!("{msg} pachd's Dex cannot read the connector's config and does not start (unable to start Dex server)."),
            "Fix the JSON, or write the settings as an object under config: instead."));
    }
}
