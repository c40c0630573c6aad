//! Whether a value has the JSON type a Go struct field needs. The files go
//! through YAML then JSON (`ghodss/yaml`, Helm, `serde.Decode`) and then
//! `encoding/json` into the field: a quoted `"true"` is a string and cannot
//! fill a bool, `scopes: openid profile` is one string and cannot fill a list,
//! and the connector fails to open.

use super::keys::Kind;
use super::text::Text;
use crate::doctor::tree::{Style, Value};
use crate::doctor::{Finding, KeyPath, Level, Node};

/// What a scalar is once YAML has read it (YAML 1.2 core schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Number,
    Str,
}

pub fn scalar(node: &Node) -> Option<Scalar> {
    let Value::Scalar(text, style) = &node.value else {
        return None;
    };
    if *style != Style::Plain {
        return Some(Scalar::Str);
    }
    Some(match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        t if is_number(t) => Scalar::Number,
        _ => Scalar::Str,
    })
}

fn is_number(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty() {
        return false;
    }
    let hex = body.strip_prefix("0x").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
    let octal = body.strip_prefix("0o").is_some_and(|o| !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c)));
    let special = [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(&body);
    hex || octal || special || (body.parse::<f64>().is_ok() && body.chars().all(|c| c.is_ascii_digit() || ".eE-+".contains(c)))
}

/// `yes`, `no`, `on`, `off`: YAML 1.1 readers (Helm, ghodss/yaml) take them
/// as booleans, YAML 1.2 readers as strings.
fn yaml11_bool(node: &Node) -> bool {
    matches!(&node.value, Value::Scalar(t, Style::Plain)
        if ["yes", "no", "on", "off", "y", "n"].contains(&t.to_ascii_lowercase().as_str()))
}

/// The finding when `node` (at `path`, key `key`) is not of `kind`, with
/// codes under `prefix` (`dex`, `pachyderm`, `pachyderm-1x`).
pub fn check(kind: Kind, node: &Node, path: &KeyPath, key: &str, text: &Text, prefix: &str) -> Option<Finding> {
    let breaks = consequence(prefix);
    let shown = node.as_str().map(|s| format!("{s:?}"));
    let got = describe(node);
    let loc = text.location(path, node);
    let f = |problem: &str, level: Level, msg: String, fix: String| {
        Some(Finding::new(&format!("{prefix}.type.{problem}"), level, loc.clone(), msg, fix))
    };
    match (kind, scalar(node)) {
        (_, Some(Scalar::Null)) => None,
        (Kind::Bool, Some(Scalar::Bool(_))) => None,
        (Kind::Bool, _) if yaml11_bool(node) => f(
            "yaml11_bool",
            Level::Warning,
            format!("{key}: {} is a boolean for some YAML readers and a string for others.", shown.unwrap_or_default()),
            format!("Write {key}: true or {key}: false."),
        ),
        (Kind::Bool, _) => {
            let s = node.as_str().unwrap_or("");
            let comma = s.trim_end().strip_suffix(',').map(str::trim);
            let fix = match comma {
                Some(b @ ("true" | "false")) => format!("Remove the trailing comma: {key}: {b} (a comma ends a value only in JSON)."),
                _ => format!("Write {key}: true or {key}: false, without quotes."),
            };
            f("not_bool", Level::Error, format!("{key} must be a boolean, but it is {got}: {breaks}."), fix)
        }
        (Kind::Str, Some(Scalar::Str)) => None,
        (Kind::Str, Some(_)) => f(
            "not_string",
            Level::Error,
            format!("{key} must be a string, but {} is read as {got}: {breaks}.", shown.unwrap_or_default()),
            format!("Quote the value: {key}: \"{}\".", node.as_str().unwrap_or("")),
        ),
        (Kind::List | Kind::MapList, _) if node.as_seq().is_some() => None,
        (Kind::List, Some(_)) => f(
            "not_list",
            Level::Error,
            format!("{key} must be a list, but it is {got}: {breaks}."),
            format!("Write a list, one item per entry: {key}: [{}].", list_hint(node)),
        ),
        (Kind::Map, _) if node.as_map().is_some() => None,
        (Kind::Map, _) => f(
            "not_map",
            Level::Error,
            format!("{key} must be an object of keys and values, but it is {got}."),
            format!("Write {key} as keys under it."),
        ),
        _ => f(
            "wrong",
            Level::Error,
            format!("{key} has the wrong type: {got}; {breaks}."),
            format!("Give {key} the type the connector expects."),
        ),
    }
}

/// What a value of the wrong type breaks, by who reads it.
fn consequence(prefix: &str) -> &'static str {
    match prefix {
        "pachyderm.entry" => "pachd cannot parse the entries and does not start",
        "pachyderm.idp_file" => "pachctl cannot read the file",
        "pachyderm-1x" => "pachctl auth set-config cannot read the config",
        _ => "the connector cannot be read and fails to open",
    }
}

/// The words of a string offered as a list.
fn list_hint(node: &Node) -> String {
    let s = node.as_str().unwrap_or("");
    let words: Vec<&str> = s.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    words.join(", ")
}

/// The value's type in words.
pub fn describe(node: &Node) -> String {
    match (&node.value, scalar(node)) {
        (Value::Seq(_), _) => "a list".into(),
        (Value::Map(_), _) => "an object".into(),
        (_, Some(Scalar::Bool(_))) => "a boolean".into(),
        (_, Some(Scalar::Number)) => "a number".into(),
        (_, Some(Scalar::Null)) => "empty".into(),
        (Value::Scalar(s, _), _) => format!("the string {s:?}"),
    }
}
