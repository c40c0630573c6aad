//! What stands at a spot's span in one text (the file's, or one a layer
//! holds): a whole scalar, a part of one (the host in an issuer, the value
//! of a `${VAR:-value}`), or a list; and the value it holds now.

use super::{FixError, Want};
use crate::doctor::import::{Layer, Source, SourceKind, Spot};
use crate::doctor::tree::{self, Node, Span, Value};
use base64::Engine;
use std::ops::Range;

/// One text a spot is in: its text, whether it is an env file (only the
/// file's own text can be), and its documents.
pub(super) struct Level {
    pub text: String,
    pub env: bool,
    pub docs: Vec<Node>,
}

impl Level {
    pub fn file(src: &Source) -> Level {
        Level {
            text: src.text.clone(),
            env: src.kind == SourceKind::Env,
            docs: src.docs.clone(),
        }
    }

    /// The text the scalar at `layer`'s span holds, parsed.
    pub fn inner(&self, layer: &Layer, path: &str) -> Result<(Level, &Node), FixError> {
        let lost = || FixError::Lost {
            path: path.to_owned(),
        };
        let span = layer_span(layer);
        let Some(Site::Whole { node, .. }) = self.locate(span) else {
            return Err(lost());
        };
        let value = node.as_str().ok_or_else(lost)?;
        let text = match layer {
            Layer::Base64(_) => decode_base64(value).ok_or_else(lost)?,
            _ => value.to_owned(),
        };
        let docs = tree::parse(&text).map_err(|_| lost())?;
        let inner = Level {
            text,
            env: false,
            docs,
        };
        Ok((inner, node))
    }

    /// What stands at `span`.
    pub fn locate(&self, span: Span) -> Option<Site<'_>> {
        self.docs.iter().find_map(|d| self.walk(d, span, false))
    }

    fn walk<'a>(&'a self, n: &'a Node, span: Span, flow: bool) -> Option<Site<'a>> {
        match &n.value {
            Value::Scalar(value, _) => {
                if (n.span.start, n.span.end) == (span.start, span.end) {
                    return Some(Site::Whole { node: n, flow });
                }
                let inside = n.span.start <= span.start && span.end <= n.span.end;
                inside.then(|| self.part(n, value, span, flow)).flatten()
            }
            Value::Seq(items) => {
                if is_list_at(n, items, span) {
                    let raw = self.text.get(n.span.start..).unwrap_or("");
                    return Some(Site::List {
                        node: n,
                        flow: raw.starts_with('['),
                        span,
                    });
                }
                let flow = flow || self.opens_flow(n);
                items.iter().find_map(|i| self.walk(i, span, flow))
            }
            Value::Map(entries) => {
                let flow = flow || self.opens_flow(n);
                entries.iter().find_map(|(_, v)| self.walk(v, span, flow))
            }
        }
    }

    fn opens_flow(&self, n: &Node) -> bool {
        !self.env
            && self
                .text
                .get(n.span.start..)
                .is_some_and(|t| t.starts_with(['[', '{']))
    }

    /// A part of the scalar `n`: only where the scalar shows its value
    /// verbatim (plain, or quoted without escapes, on one line).
    fn part<'a>(&self, n: &'a Node, value: &str, span: Span, flow: bool) -> Option<Site<'a>> {
        let raw = self.text.get(n.span.start..n.span.end)?;
        let q = if raw == value {
            0
        } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
            1
        } else {
            return Some(Site::Escaped { node: n });
        };
        let start = span.start - n.span.start;
        let range = start.checked_sub(q)?..(span.end - n.span.start).checked_sub(q)?;
        let ok = range.end <= value.len()
            && value.is_char_boundary(range.start)
            && value.is_char_boundary(range.end);
        ok.then_some(Site::Part {
            node: n,
            range,
            flow,
        })
    }
}

/// A list spot: from its first `- ` (or `[`) to the end of its last item.
fn is_list_at(n: &Node, items: &[Node], span: Span) -> bool {
    match (items.first(), items.last()) {
        (Some(first), Some(last)) => {
            span.start <= first.span.start
                && last.span.end <= span.end
                && first.span.start - span.start <= 2
                && span.end <= n.span.end.max(last.span.end) + 1
        }
        _ => n.span.start == span.start,
    }
}

/// What stands at a spot.
pub(super) enum Site<'a> {
    Whole {
        node: &'a Node,
        /// Inside a flow collection (`{...}`, `[...]`).
        flow: bool,
    },
    Part {
        node: &'a Node,
        /// The part's bytes in the scalar's value.
        range: Range<usize>,
        flow: bool,
    },
    /// A part of a scalar written with escapes: cannot be edited in place.
    Escaped { node: &'a Node },
    List {
        node: &'a Node,
        /// Written `[a, b]` rather than as `- ` lines.
        flow: bool,
        span: Span,
    },
}

/// The value a spot holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Current {
    Text(String),
    List(Vec<String>),
}

impl Site<'_> {
    pub fn current(&self, list_wanted: bool) -> Option<Current> {
        match self {
            Site::Whole { node, .. } => text_or_list(node.as_str()?, list_wanted),
            Site::Part { node, range, .. } => {
                text_or_list(node.as_str()?.get(range.clone())?, list_wanted)
            }
            Site::Escaped { node } => node.as_str().map(|s| Current::Text(s.to_owned())),
            Site::List { node, .. } => Some(Current::List(items(node))),
        }
    }
}

/// A list in an env value (`[a, b]`) is read as YAML, as OpenMetadata reads it.
fn text_or_list(t: &str, list: bool) -> Option<Current> {
    if list {
        return list_of_text(t).map(Current::List);
    }
    Some(Current::Text(t.to_owned()))
}

fn items(n: &Node) -> Vec<String> {
    n.as_seq()
        .unwrap_or(&[])
        .iter()
        .filter_map(|i| i.as_str().map(str::to_owned))
        .collect()
}

/// A list written as YAML text (`[a, b]`, as an env value holds it).
fn list_of_text(t: &str) -> Option<Vec<String>> {
    let docs = tree::parse(t).ok()?;
    let doc = docs.first()?;
    doc.as_seq()?;
    Some(items(doc))
}

/// Whether `now` is what `want` asks for.
pub(super) fn holds(now: &Current, want: &Want) -> bool {
    match (now, want) {
        (Current::Text(t), Want::Text(w)) => t == w,
        (Current::Text(t), Want::Int(i)) => t.trim().parse::<i64>().ok() == Some(*i),
        (Current::List(l), Want::List(w)) => l == w,
        _ => false,
    }
}

pub(super) fn layer_span(layer: &Layer) -> Span {
    match layer {
        Layer::JsonString(s) | Layer::YamlString(s) | Layer::Base64(s) => *s,
    }
}

pub(super) fn decode_base64(value: &str) -> Option<String> {
    let compact: String = value.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// The value `spot` holds in `src`, through its layers; `list`: read it as
/// a list (a list in an env value is text to the file).
pub fn current(src: &Source, spot: &Spot, list: bool) -> Result<Current, FixError> {
    let path = spot.path.to_string();
    let mut level = Level::file(src);
    for layer in &spot.layers {
        level = level.inner(layer, &path)?.0;
    }
    let lost = || FixError::Lost { path: path.clone() };
    let site = level.locate(spot.span).ok_or_else(lost)?;
    site.current(list).ok_or_else(lost)
}
