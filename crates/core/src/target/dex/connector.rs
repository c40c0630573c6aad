//! A connector entry as found in a file (Dex's `connectors[]`, pachd's
//! `upstreamIDPs[]`, a `pachctl idp` file, a Pachyderm 1.x `id_providers[]`),
//! its config object (inline, or the JSON text of `jsonConfig`), and the
//! choice of the Auth0 one among several.

use super::text::{InnerError, Text, Wrap};
use crate::doctor::{KeyPath, Node};
use std::rc::Rc;

/// One connector entry.
#[derive(Debug, Clone)]
pub struct Conn {
    /// The entry's path and node, in `text`.
    pub path: KeyPath,
    pub node: Node,
    pub text: Rc<Text>,
    /// Its config object, when it has one that can be read.
    pub config: Option<Cfg>,
    /// Why the `jsonConfig` text could not be read.
    pub config_error: Option<(Node, InnerError)>,
    /// The entry key of the connector's id (`id`; `name` in Pachyderm 1.x).
    pub id_key: &'static str,
}

/// A config object: its path, node and the text it stands in.
#[derive(Debug, Clone)]
pub struct Cfg {
    pub path: KeyPath,
    pub node: Node,
    pub text: Rc<Text>,
}

/// How an entry's keys are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Exactly (Dex, pachd's protojson).
    Exact,
    /// Ignoring case (a `pachctl idp` file: Go's encoding/json into a struct).
    AnyCase,
}

/// The value of `key` in the map `node` (the first, if it repeats).
pub fn get<'a>(node: &'a Node, key: &str, keys: Keys) -> Option<(&'a Node, &'a Node)> {
    node.as_map()?.iter().find_map(|(k, v)| {
        let name = k.as_str()?;
        let hit = match keys {
            Keys::Exact => name == key,
            Keys::AnyCase => name.eq_ignore_ascii_case(key),
        };
        hit.then_some((k, v))
    })
}

/// The string at `key`, if it is a scalar.
pub fn str_of<'a>(node: &'a Node, key: &str, keys: Keys) -> Option<&'a str> {
    get(node, key, keys).and_then(|(_, v)| v.as_str())
}

impl Conn {
    /// The entry at `path` in `text`. `config_key` names the config object
    /// (`config`, or `oidc` for Pachyderm 1.x); with `json_config`, an entry
    /// without one may hold it as a `jsonConfig` JSON string (pachd).
    pub fn read(
        node: &Node,
        path: KeyPath,
        text: &Rc<Text>,
        config_key: &str,
        json_config: bool,
        keys: Keys,
    ) -> Conn {
        let mut conn = Conn {
            path: path.clone(),
            node: node.clone(),
            text: Rc::clone(text),
            config: None,
            config_error: None,
            id_key: "id",
        };
        match get(node, config_key, keys) {
            Some((k, v)) if v.as_map().is_some() => {
                let name = k.as_str().unwrap_or(config_key);
                conn.config = Some(Cfg {
                    path: path.key(name),
                    node: v.clone(),
                    text: Rc::clone(text),
                });
            }
            _ if json_config => conn.read_json_config(),
            _ => {}
        }
        conn
    }

    fn read_json_config(&mut self) {
        let Some((_, v)) = get(&self.node, "jsonConfig", Keys::Exact) else {
            return;
        };
        if v.as_str().is_none() {
            return;
        }
        match self.text.inner(v, Wrap::Json) {
            Ok(inner) => {
                let inner = Rc::new(inner);
                if let Some(doc) = inner.docs.first().filter(|d| d.as_map().is_some()) {
                    self.config = Some(Cfg {
                        path: self.path.key("jsonConfig"),
                        node: doc.clone(),
                        text: Rc::clone(&inner),
                    });
                }
            }
            Err(e) => self.config_error = Some((v.clone(), e)),
        }
    }

    pub fn id(&self) -> Option<&str> {
        str_of(&self.node, self.id_key, Keys::AnyCase)
    }

    pub fn name(&self) -> Option<&str> {
        str_of(&self.node, "name", Keys::AnyCase)
    }

    pub fn kind(&self) -> Option<&str> {
        str_of(&self.node, "type", Keys::AnyCase)
    }

    /// The string at `key` of the config object.
    pub fn config_str(&self, key: &str) -> Option<&str> {
        self.config
            .as_ref()
            .and_then(|c| str_of(&c.node, key, Keys::Exact))
    }

    /// An `oidc` connector whose issuer is on auth0.com or whose id or name
    /// says Auth0.
    pub fn looks_auth0(&self, issuer_key: &str) -> bool {
        let says = |s: Option<&str>| s.is_some_and(|s| s.to_ascii_lowercase().contains("auth0"));
        let host = self
            .config_str(issuer_key)
            .map(|i| super::read::domain_of(i).to_ascii_lowercase())
            .unwrap_or_default();
        let host = host.split(':').next().unwrap_or("");
        host == "auth0.com" || host.ends_with(".auth0.com") || says(self.id()) || says(self.name())
    }

    /// The connector as the user knows it: its id, or its place.
    pub fn label(&self) -> String {
        match self.id() {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => self.path.to_string(),
        }
    }
}

/// Which connector of a file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    One(usize),
    /// Several could be Auth0's: the caller asks which (their ids).
    Ask(Vec<String>),
    /// The connector asked for is not in the file.
    NotFound(String),
    /// No OIDC connector at all.
    None,
}

/// The connector `wanted`, or else the one Auth0 connector: an OIDC one that
/// looks like Auth0's, or the only OIDC one.
pub fn pick(conns: &[Conn], wanted: Option<&str>, issuer_key: &str, oidc: fn(&Conn) -> bool) -> Pick {
    if let Some(w) = wanted.filter(|w| !w.is_empty()) {
        return match conns.iter().position(|c| c.id() == Some(w)) {
            Some(i) => Pick::One(i),
            None => Pick::NotFound(w.to_owned()),
        };
    }
    let oidc: Vec<usize> = (0..conns.len()).filter(|&i| oidc(&conns[i])).collect();
    let auth0: Vec<usize> = oidc
        .iter()
        .copied()
        .filter(|&i| conns[i].looks_auth0(issuer_key))
        .collect();
    // No OIDC connector: one that says Auth0 is still the one meant (the
    // lint then says its type is wrong).
    let named: Vec<usize> = (0..conns.len()).filter(|&i| conns[i].looks_auth0(issuer_key)).collect();
    let candidates = match (auth0.is_empty(), oidc.is_empty()) {
        (false, _) => auth0,
        (true, false) => oidc,
        (true, true) => named,
    };
    match candidates.as_slice() {
        [] => Pick::None,
        [one] => Pick::One(*one),
        many => Pick::Ask(many.iter().map(|&i| conns[i].label()).collect()),
    }
}

/// A Dex connector of type `oidc` (the type Auth0 needs).
pub fn is_oidc(c: &Conn) -> bool {
    c.kind() == Some("oidc")
}
