//! Reading what an administrator already has: the file as text and trees,
//! the target that claims it, the settings it carries, and where each of
//! those settings stands (so the corrected file changes only them).

use super::envfile;
use super::finding::Finding;
use super::tree::{self, KeyPath, Node, ParseError, Span};
use crate::model::RawSettings;
use crate::target::{ForTarget, Target, TargetId};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// YAML, or JSON (which YAML reads).
    Yaml,
    /// `KEY=value` lines.
    Env,
}

/// A file as read: its text and its documents.
#[derive(Debug, Clone)]
pub struct Source {
    pub text: String,
    pub kind: SourceKind,
    /// The YAML stream's documents; one map for an env file.
    pub docs: Vec<Node>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text (UTF-8)")]
    NotText,
    #[error("the file is neither YAML, JSON nor an environment file: {yaml}")]
    Unparsable {
        /// Why it is not YAML/JSON (line, column, what was expected).
        yaml: ParseError,
        /// Why it is not an env file (line, problem).
        env: (usize, String),
    },
    #[error("{0}")]
    Refused(ParseError),
}

impl Source {
    /// Read `bytes` as YAML/JSON, or else as an env file.
    pub fn read(bytes: &[u8]) -> Result<Source, ReadError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotText)?;
        if text.trim().is_empty() {
            return Err(ReadError::Empty);
        }
        let text = text.to_owned();
        match tree::parse(&text) {
            Ok(docs) if docs.iter().any(is_structured) => Ok(Source {
                text,
                kind: SourceKind::Yaml,
                docs,
            }),
            Err(e @ (ParseError::AliasBudget { .. } | ParseError::UnknownAlias { .. })) => {
                Err(ReadError::Refused(e))
            }
            yaml => match envfile::parse(&text) {
                Ok(doc) => Ok(Source {
                    text,
                    kind: SourceKind::Env,
                    docs: vec![doc],
                }),
                Err(env) => Err(ReadError::Unparsable {
                    yaml: yaml.err().unwrap_or(ParseError::Syntax {
                        line: 1,
                        col: 1,
                        problem: "expected a mapping of keys to values".into(),
                    }),
                    env,
                }),
            },
        }
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// A mapping, or a list of mappings (the text of a Secret's `upstream-idps`
/// on its own is a list of connector entries): not a scalar, which is what
/// any env file also is to YAML.
fn is_structured(doc: &Node) -> bool {
    doc.as_map().is_some()
        || doc
            .as_seq()
            .is_some_and(|s| s.iter().any(|i| i.as_map().is_some()))
}

/// One encoding a value sits inside, from the file's text inward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// A string scalar holding a JSON text (Pachyderm's `jsonConfig`).
    JsonString(Span),
    /// A string scalar holding a YAML text (a Secret's `stringData.upstream-idps`).
    YamlString(Span),
    /// A base64 scalar holding a YAML text (a Secret's `data.upstream-idps`).
    Base64(Span),
}

/// Where a value the wizard owns stands: the layers around it and its span
/// in the innermost text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub path: KeyPath,
    pub layers: Vec<Layer>,
    pub span: Span,
}

/// What was detected, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Detected {
    pub target: TargetId,
    /// The catalog version id, when the file tells.
    pub version: Option<String>,
    /// What kind of file: one of the target's export formats, or a file
    /// only administrators write (`dex-config`, `openmetadata-yaml`, ...).
    pub format: String,
    /// How the wizard decided, in a sentence.
    pub why: String,
}

/// A file read as one target's.
#[derive(Debug, Clone)]
pub struct Imported {
    pub detected: Detected,
    /// The values found, to fill the wizard's settings.
    pub settings: RawSettings,
    /// Where each field of `settings` stands (`domain`, `clientId`,
    /// `extras.<key>`, ...), for the corrected file.
    pub spots: BTreeMap<String, Spot>,
    /// The connectors of a file that holds several (Dex's config.yaml), when
    /// none was chosen: the caller asks which.
    pub choices: Vec<String>,
    /// Problems found while reading (not the lint's).
    pub findings: Vec<Finding>,
}

/// What the caller says about the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub target: Option<TargetId>,
    /// A format id the importer must read the file as.
    pub format: Option<String>,
    /// A catalog version id or release number.
    pub version: Option<String>,
    /// The connector to take from a file with several.
    pub connector: Option<String>,
}

/// A target's claim on a file: how sure it is (0 to 100), and what it read.
#[derive(Debug, Clone)]
pub struct Claim {
    pub score: u8,
    pub imported: Imported,
}

/// The claim of each target that recognizes the file, surest first.
pub fn claims(src: &Source, opts: &ImportOptions) -> Vec<Claim> {
    struct C<'a>(&'a Source, &'a ImportOptions);
    impl ForTarget for C<'_> {
        type Out = Option<Claim>;
        fn run<T: Target>(self) -> Option<Claim> {
            (T::DOCTOR.import)(self.0, self.1)
        }
    }
    let targets = match opts.target {
        Some(t) => vec![t],
        None => TargetId::ALL.to_vec(),
    };
    let mut found: Vec<Claim> = targets
        .into_iter()
        .filter_map(|t| t.run(C(src, opts)))
        .collect();
    found.sort_by_key(|c| std::cmp::Reverse(c.score));
    found
}

/// Every problem of a file that `target` imported.
pub fn lint(target: TargetId, src: &Source, imported: &Imported) -> Vec<Finding> {
    struct L<'a>(&'a Source, &'a Imported);
    impl ForTarget for L<'_> {
        type Out = Vec<Finding>;
        fn run<T: Target>(self) -> Vec<Finding> {
            (T::DOCTOR.lint)(self.0, self.1)
        }
    }
    let mut findings = target.run(L(src, imported));
    super::finding::sort(&mut findings);
    findings
}
