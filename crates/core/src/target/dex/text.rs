//! A text inside the file being read: the file's own, or one that a string
//! scalar holds (Pachyderm's `jsonConfig`, a Secret's
//! `stringData.upstream-idps`) or that base64 holds (`data.upstream-idps`),
//! with the layers around it and the way back to the file's lines.

use crate::doctor::tree::{self, ParseError, Style};
use crate::doctor::{KeyPath, Layer, Location, Node, Source, Spot};
use base64::Engine;

/// A parsed text and where it stands in the file.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    /// The encodings around it, from the file's text inward.
    pub layers: Vec<Layer>,
    lines: Lines,
    pub docs: Vec<Node>,
}

/// How a line of this text maps to a line of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// The text's line `n` is the file's line `n + lines`, and its columns are
    /// shifted by `cols` (a literal block scalar keeps the lines).
    Shift { lines: usize, cols: usize },
    /// Every line of the text is on this line of the file (a quoted or
    /// folded string, base64).
    At(usize),
}

/// How a scalar holds the inner text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// A string holding JSON (`jsonConfig`).
    Json,
    /// A string holding YAML (`stringData.upstream-idps`).
    Yaml,
    /// base64 of a YAML text (`data.upstream-idps`).
    Base64,
}

/// Why the inner text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InnerError {
    NotBase64,
    NotUtf8,
    /// Not YAML/JSON: the file line, the column in the file when known, and
    /// the place in the inner text.
    Syntax {
        line: usize,
        col: Option<usize>,
        inner: (usize, usize),
        problem: String,
    },
    /// Refused (alias budget) or empty.
    Refused(String),
}

impl Text {
    pub fn file(src: &Source) -> Text {
        Text {
            text: src.text.clone(),
            layers: Vec::new(),
            lines: Lines::Shift { lines: 0, cols: 0 },
            docs: src.docs.clone(),
        }
    }

    /// The file line of this text's line `n`.
    pub fn line(&self, n: usize) -> usize {
        match self.lines {
            Lines::Shift { lines, .. } => n + lines,
            Lines::At(l) => l,
        }
    }

    /// Where `node`, reached by `path`, stands for a finding.
    pub fn location(&self, path: &KeyPath, node: &Node) -> Location {
        Location {
            path: path.to_string(),
            line: Some(self.line(node.span.line)),
        }
    }

    /// Where `node` stands for the corrected file.
    pub fn spot(&self, path: &KeyPath, node: &Node) -> Spot {
        Spot {
            path: path.clone(),
            layers: self.layers.clone(),
            span: node.span,
        }
    }

    /// The file line of line `n` of the text `scalar` holds (a literal block
    /// keeps its lines; any other string stands on the scalar's line).
    pub fn inner_line(&self, scalar: &Node, n: usize) -> usize {
        match (&scalar.value, self.lines) {
            (tree::Value::Scalar(_, Style::Literal), Lines::Shift { .. }) => self.line(scalar.span.line) + n - 1,
            _ => self.line(scalar.span.line),
        }
    }

    /// The text `scalar` (a node of this text) holds, parsed.
    pub fn inner(&self, scalar: &Node, wrap: Wrap) -> Result<Text, InnerError> {
        let (value, style) = match &scalar.value {
            tree::Value::Scalar(v, s) => (v.as_str(), *s),
            _ => return Err(InnerError::Refused("not a string".into())),
        };
        let (text, layer) = match wrap {
            Wrap::Json => (value.to_owned(), Layer::JsonString(scalar.span)),
            Wrap::Yaml => (value.to_owned(), Layer::YamlString(scalar.span)),
            Wrap::Base64 => (decode_base64(value)?, Layer::Base64(scalar.span)),
        };
        let lines = match (wrap, style) {
            (Wrap::Json | Wrap::Yaml, Style::Literal) => self.literal_lines(scalar),
            _ => Lines::At(self.line(scalar.span.line)),
        };
        let mut layers = self.layers.clone();
        layers.push(layer);
        let docs = tree::parse(&text).map_err(|e| self.syntax(lines, e))?;
        if docs.is_empty() {
            return Err(InnerError::Refused("it is empty".into()));
        }
        Ok(Text {
            text,
            layers,
            lines,
            docs,
        })
    }

    /// A literal block keeps its lines. Its span starts at its first
    /// character (after the `|` line and the indentation).
    fn literal_lines(&self, scalar: &Node) -> Lines {
        match self.lines {
            Lines::Shift { lines, cols } => Lines::Shift {
                lines: lines + scalar.span.line - 1,
                cols: cols + scalar.span.col - 1,
            },
            at @ Lines::At(_) => at,
        }
    }

    fn syntax(&self, lines: Lines, e: ParseError) -> InnerError {
        match e {
            ParseError::Syntax { line, col, problem } => {
                let (file_line, file_col) = match lines {
                    Lines::Shift { lines, cols } => (line + lines, Some(col + cols)),
                    Lines::At(l) => (l, None),
                };
                InnerError::Syntax {
                    line: file_line,
                    col: file_col,
                    inner: (line, col),
                    problem,
                }
            }
            other => InnerError::Refused(other.to_string()),
        }
    }
}

fn decode_base64(value: &str) -> Result<String, InnerError> {
    let compact: String = value.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| InnerError::NotBase64)?;
    String::from_utf8(bytes).map_err(|_| InnerError::NotUtf8)
}

impl InnerError {
    /// In words, for a finding about `what` (`jsonConfig`, `upstream-idps`).
    pub fn describe(&self, what: &str) -> String {
        match self {
            InnerError::NotBase64 => format!("{what} is not valid base64."),
            InnerError::NotUtf8 => format!("{what} does not decode to text (UTF-8)."),
            InnerError::Syntax {
                inner: (l, c),
                problem,
                ..
            } => format!("{what} cannot be parsed: line {l}, column {c} of its text: {problem}."),
            InnerError::Refused(why) => format!("{what} cannot be read: {why}."),
        }
    }

    /// The file line of the problem, when it is known better than the scalar's.
    pub fn line(&self) -> Option<usize> {
        match self {
            InnerError::Syntax { line, .. } => Some(*line),
            _ => None,
        }
    }
}
