//! A Pomerium file as its options, whatever its syntax: config.yaml keys or
//! environment variables (the same names in upper case, targets.md §3.1).

use super::keys::{self, Key};
use crate::doctor::import::SourceKind;
use crate::doctor::tree::{KeyPath, Node};
use crate::doctor::{Location, Source};

/// One option as written.
pub struct Entry<'a> {
    /// The option's name in lower case (`idp_provider`).
    pub name: String,
    pub key: &'a Node,
    pub value: &'a Node,
}

impl Entry<'_> {
    /// The key as written in the file: `idp_provider` or `IDP_PROVIDER`.
    pub fn written(&self) -> &str {
        self.key.as_str().unwrap_or("")
    }

    pub fn path(&self) -> KeyPath {
        KeyPath::root().key(self.written())
    }

    pub fn location(&self) -> Location {
        Location::at(&self.path(), self.key)
    }

    /// The value, when it is a scalar.
    pub fn text(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// The options of a Pomerium file.
pub struct Options<'a> {
    pub src: &'a Source,
    pub env: bool,
    pub entries: Vec<Entry<'a>>,
}

impl<'a> Options<'a> {
    /// The top-level options of `src` (its first mapping document).
    pub fn read(src: &'a Source) -> Option<Options<'a>> {
        let doc = src.docs.iter().find(|d| d.as_map().is_some())?;
        let entries = doc
            .as_map()?
            .iter()
            .filter_map(|(k, v)| {
                Some(Entry {
                    name: k.as_str()?.to_ascii_lowercase(),
                    key: k,
                    value: v,
                })
            })
            .collect();
        Some(Options {
            src,
            env: src.kind == SourceKind::Env,
            entries,
        })
    }

    /// The first entry for `option` (lower case).
    pub fn get(&self, option: &str) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.name == option)
    }

    /// The scalar value of `option`, trimmed, when it is not empty.
    pub fn text(&self, option: &str) -> Option<&str> {
        self.get(option)?
            .text()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// How the file writes `option`: `idp_client_secret` or `IDP_CLIENT_SECRET`.
    pub fn name(&self, option: &str) -> String {
        if self.env {
            option.to_ascii_uppercase()
        } else {
            option.to_owned()
        }
    }

    /// The entries that are Pomerium options of some release, with their key.
    pub fn known(&self) -> impl Iterator<Item = (&Entry<'a>, &'static Key)> {
        self.entries
            .iter()
            .filter_map(|e| keys::find(keys::OPTIONS, &e.name).map(|k| (e, k)))
    }

    /// The route entries (`routes[]`, or `policy[]` of older files) as maps.
    pub fn routes(&self) -> Vec<(KeyPath, &'a Node)> {
        let mut out = Vec::new();
        for e in self.entries.iter().filter(|e| matches!(e.name.as_str(), "routes" | "policy")) {
            for (i, r) in e.value.as_seq().unwrap_or(&[]).iter().enumerate() {
                if r.as_map().is_some() {
                    out.push((e.path().index(i), r));
                }
            }
        }
        out
    }
}
