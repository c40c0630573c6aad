//! OpenMetadata's server SSO settings as one model, whatever the file:
//! openmetadata.yaml (a `${VAR:-default}` value is its default, and VAR
//! overrides it) or the security config, Helm values (a key left out takes
//! the chart's default), or a Docker env file (a variable left out takes
//! openmetadata.yaml's default).

use super::rows::{Row, Section, ROWS};
use crate::doctor::import::SourceKind;
use crate::doctor::tree::{self, KeyPath, Node, Span, Style, Value as V};
use crate::doctor::{Location, Source};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// openmetadata.yaml, or the security config (the same two sections).
    Yaml,
    Helm,
    Env,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Written,
    /// `${VAR:-default}` in openmetadata.yaml: the default, unless VAR is set.
    EnvDefault(String),
    /// Not in the file: OpenMetadata's (or the chart's) default.
    Default,
}

/// One setting as OpenMetadata will see it.
#[derive(Debug, Clone)]
pub struct Value {
    pub node: Node,
    pub path: KeyPath,
    pub line: Option<usize>,
    pub origin: Origin,
    /// `${VAR}` with no default, or a Kubernetes Secret: the value is elsewhere.
    pub reference: Option<String>,
    /// The node's spans are places in the file's text.
    pub placed: bool,
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        self.reference.is_none().then(|| self.node.as_str()).flatten()
    }

    /// The non-empty text.
    pub fn filled(&self) -> Option<&str> {
        self.text().map(str::trim).filter(|s| !s.is_empty())
    }

    pub fn list(&self) -> Option<Vec<&str>> {
        Some(self.node.as_seq()?.iter().filter_map(Node::as_str).collect())
    }

    pub fn loc(&self) -> Location {
        Location {
            path: self.path.to_string(),
            line: self.line,
        }
    }

    /// "" or " (the default of VAR)" for messages.
    pub fn how(&self) -> String {
        match &self.origin {
            Origin::Written => String::new(),
            Origin::EnvDefault(var) => format!(" (the default of ${{{var}}})"),
            Origin::Default => " (not set: the default)".to_owned(),
        }
    }
}

/// The server settings of one file.
pub struct Server<'a> {
    pub src: &'a Source,
    pub shape: Shape,
    pub values: BTreeMap<&'static str, Value>,
    /// The section maps present, for the keys the schema does not know.
    pub sections: Vec<(Section, KeyPath, &'a Node)>,
}

impl Server<'_> {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key)?.filled()
    }

    pub fn has_section(&self, s: Section) -> bool {
        self.sections.iter().any(|(x, ..)| *x == s)
    }
}

pub fn read(src: &Source) -> Option<Server<'_>> {
    let doc = src.docs.iter().find(|d| d.as_map().is_some())?;
    let mut s = Server { src, shape: Shape::Yaml, values: BTreeMap::new(), sections: Vec::new() };
    if src.kind == SourceKind::Env {
        s.shape = Shape::Env;
        for r in ROWS {
            if let Some((var, default)) = r.env {
                s.values.insert(r.key, env_value(src, doc, r, var, default));
            }
        }
        return ROWS.iter().any(|r| r.env.is_some_and(|(v, _)| doc.get(v).is_some())).then_some(s);
    }
    let (base, authn_key, authz_key) = if doc.get("authenticationConfiguration").is_some() || doc.get("authorizerConfiguration").is_some() {
        (KeyPath::root(), "authenticationConfiguration", "authorizerConfiguration")
    } else if doc.at("openmetadata.config.authentication").is_some() || doc.at("openmetadata.config.authorizer").is_some() {
        s.shape = Shape::Helm;
        (KeyPath::root().key("openmetadata").key("config"), "authentication", "authorizer")
    } else {
        return None;
    };
    let root = if s.shape == Shape::Helm { doc.at("openmetadata.config")? } else { doc };
    let authn = root.get(authn_key).filter(|n| n.as_map().is_some());
    let oidc = authn.and_then(|a| a.get("oidcConfiguration")).filter(|n| n.as_map().is_some());
    let authz = root.get(authz_key).filter(|n| n.as_map().is_some());
    let authn_path = base.key(authn_key);
    let paths = [
        (Section::Authentication, authn_path.clone(), authn),
        (Section::Oidc, authn_path.key("oidcConfiguration"), oidc),
        (Section::Authorizer, base.key(authz_key), authz),
    ];
    for (section, path, node) in &paths {
        if let Some(n) = node {
            s.sections.push((*section, path.clone(), n));
        }
    }
    for r in ROWS {
        let (path, node) = paths.iter().find(|(x, ..)| *x == r.section).map(|(_, p, n)| (p, n)).expect("every section");
        let name = if s.shape == Shape::Helm { r.helm.map(|h| h.0) } else { r.yaml };
        let Some(name) = name else { continue };
        let here = path.key(name);
        match node.and_then(|n| n.get(name)) {
            Some(v) if s.shape == Shape::Helm => {
                s.values.insert(r.key, helm_value(v, here));
            }
            Some(v) => {
                s.values.insert(r.key, yaml_value(src, v, here));
            }
            None if s.shape == Shape::Helm && authn.is_some() => {
                if let Some((_, default)) = r.helm.filter(|h| !h.1.is_empty()) {
                    s.values.insert(r.key, default_value(default, here));
                }
            }
            None => {}
        }
    }
    Some(s)
}

fn written(node: &Node, path: KeyPath) -> Value {
    Value { line: Some(node.span.line), node: node.clone(), path, origin: Origin::Written, reference: None, placed: true }
}

/// A value of openmetadata.yaml: `${VAR:-default}` is the default, `${VAR}`
/// a reference (Dropwizard's substitution).
fn yaml_value(src: &Source, node: &Node, path: KeyPath) -> Value {
    let Some((var, default)) = node.as_str().and_then(env_form) else {
        return written(node, path);
    };
    let Some(d) = default else {
        return Value { reference: Some(var.to_owned()), node: empty(node.span), ..written(node, path) };
    };
    let raw = src.slice(node.span);
    let at = raw.find(&format!("${{{var}:-{d}}}")).map(|i| i + var.len() + 4);
    let mut v = parsed(d, node.span, at.map(|i| (i, raw)));
    v.path = path;
    v.line = Some(node.span.line);
    v.origin = Origin::EnvDefault(var.to_owned());
    v
}

/// A Helm value: `{secretRef, secretKey}` is a reference to a Kubernetes Secret.
fn helm_value(node: &Node, path: KeyPath) -> Value {
    match (node.get("secretRef").and_then(Node::as_str), node.get("secretKey").and_then(Node::as_str)) {
        (Some(name), Some(key)) => Value {
            reference: Some(format!("Kubernetes Secret {name}, key {key}")),
            ..written(node, path)
        },
        _ => written(node, path),
    }
}

fn default_value(default: &str, path: KeyPath) -> Value {
    let mut v = parsed(default, Span::default(), None);
    v.path = path;
    v.origin = Origin::Default;
    v
}

/// A variable of a Docker env file: its text goes into openmetadata.yaml,
/// so a list is written `[a, b]`; absent, openmetadata.yaml's default holds.
fn env_value(src: &Source, doc: &Node, r: &Row, var: &str, default: &str) -> Value {
    let path = KeyPath::root().key(var);
    let Some(node) = doc.get(var) else {
        return default_value(default, path);
    };
    if !r.list {
        return written(node, path);
    }
    let text = node.as_str().unwrap_or("");
    let raw = src.slice(node.span);
    let at = if raw == text { Some(0) } else if raw.len() == text.len() + 2 && raw.get(1..raw.len() - 1) == Some(text) { Some(1) } else { None };
    let mut v = parsed(text, node.span, at.map(|i| (i, raw)));
    v.path = path;
    v.line = Some(node.span.line);
    v
}

/// `${NAME}` or `${NAME:-default}` as the whole value.
pub fn env_form(s: &str) -> Option<(&str, Option<&str>)> {
    let inner = s.trim().strip_prefix("${")?.strip_suffix('}')?;
    let (name, default) = match inner.split_once(":-") {
        Some((n, d)) => (n, Some(d)),
        None => (inner, None),
    };
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some((name, default))
}

fn empty(span: Span) -> Node {
    Node { value: V::Scalar(String::new(), Style::Plain), span }
}

/// `text` read as YAML (as OpenMetadata substitutes it), placed at byte
/// `at` of `raw` (the scalar written at `outer`) when it stands there verbatim.
fn parsed(text: &str, outer: Span, at: Option<(usize, &str)>) -> Value {
    let node = match tree::parse(text) {
        Ok(mut docs) if docs.len() == 1 && !text.contains('\n') => docs.remove(0),
        Ok(docs) if docs.is_empty() => empty(Span::default()),
        _ => Node { value: V::Scalar(text.to_owned(), Style::Plain), span: Span { start: 0, end: text.len(), line: 1, col: 1 } },
    };
    let placed = at.is_some();
    let node = match at {
        Some((i, raw)) => shift(node, outer.start + i, outer.line, outer.col + raw[..i].chars().count()),
        None => node,
    };
    Value { node, path: KeyPath::root(), line: None, origin: Origin::Written, reference: None, placed }
}

fn shift(mut n: Node, by: usize, line: usize, col: usize) -> Node {
    n.span = Span { start: n.span.start + by, end: n.span.end + by, line, col: col + n.span.col - 1 };
    n.value = match n.value {
        V::Seq(items) => V::Seq(items.into_iter().map(|i| shift(i, by, line, col)).collect()),
        V::Map(m) => V::Map(m.into_iter().map(|(k, v)| (shift(k, by, line, col), shift(v, by, line, col))).collect()),
        s => s,
    };
    n
}
