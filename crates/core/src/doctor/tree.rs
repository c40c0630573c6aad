//! A configuration file as a tree of values that remember where they stand
//! in the text: YAML (and so JSON, which YAML reads) through saphyr-parser's
//! spanned events. Aliases are expanded within a budget, so a file of
//! nested aliases (an "alias bomb") is refused instead of followed.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use std::collections::HashMap;
use std::fmt;

/// Where a value stands in the text: byte offsets (for edits) and the line
/// and column where it starts (for people, 1-based both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub col: usize,
}

/// How a scalar was written: plain, quoted or a block (`|`, `>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The scalar's text after YAML's unquoting, and how it was written.
    Scalar(String, Style),
    Seq(Vec<Node>),
    /// Keys in file order (a duplicate key stays: the linter reports it).
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// Why a text is not a tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text is not YAML (or JSON): where, and what the parser expected.
    #[error("line {line}, column {col}: {problem}")]
    Syntax {
        line: usize,
        col: usize,
        problem: String,
    },
    /// Expanding its aliases would make more than the budget's nodes.
    #[error("line {line}: the aliases expand to more than {budget} values; the file is refused")]
    AliasBudget { line: usize, budget: usize },
    /// An alias to an anchor that is not defined before it.
    #[error("line {line}: alias to an anchor that is not defined")]
    UnknownAlias { line: usize },
}

/// The most values a file may expand to: real configurations have hundreds.
pub const NODE_BUDGET: usize = 100_000;

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value at `key` of a map (the first, if the key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The value at a dotted path of map keys: `oidc.upstreamIDPs`.
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |n, k| n.get(k))
    }

    /// The scalar at a dotted path.
    pub fn str_at(&self, path: &str) -> Option<&str> {
        self.at(path)?.as_str()
    }
}

/// Every document of a YAML stream (a JSON text is one document).
pub fn parse(text: &str) -> Result<Vec<Node>, ParseError> {
    let offsets = ByteOffsets::new(text);
    let mut b = Builder {
        anchors: HashMap::new(),
        stack: Vec::new(),
        docs: Vec::new(),
        made: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| syntax(&e))?;
        let span = offsets.span(span);
        b.on(event, span)?;
    }
    Ok(b.docs)
}

fn syntax(e: &ScanError) -> ParseError {
    ParseError::Syntax {
        line: e.marker().line(),
        col: e.marker().col() + 1,
        problem: e.info().to_owned(),
    }
}

/// saphyr counts characters; edits need bytes.
struct ByteOffsets {
    bytes: Vec<usize>,
}

impl ByteOffsets {
    fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        ByteOffsets { bytes }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.bytes
            .get(char_index)
            .copied()
            .unwrap_or(*self.bytes.last().unwrap_or(&0))
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        Span {
            start: self.byte(s.start.index()),
            end: self.byte(s.end.index()),
            line: s.start.line(),
            col: s.start.col() + 1,
        }
    }
}

enum Open {
    Seq(Vec<Node>, Span, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Span, usize),
}

struct Builder {
    anchors: HashMap<usize, Node>,
    stack: Vec<Open>,
    docs: Vec<Node>,
    made: usize,
}

impl Builder {
    fn on(&mut self, event: Event<'_>, span: Span) -> Result<(), ParseError> {
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    value: Value::Scalar(text.into_owned(), style_of(style)),
                    span,
                };
                self.count(1, span)?;
                self.remember(anchor, &node);
                self.push(node)
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or(ParseError::UnknownAlias { line: span.line })?;
                self.count(size(&node), span)?;
                self.push(node)
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::Seq(Vec::new(), span, anchor));
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map(Vec::new(), None, span, anchor));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            _ => Ok(()),
        }
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), ParseError> {
        self.made = self.made.saturating_add(n);
        if self.made > NODE_BUDGET {
            return Err(ParseError::AliasBudget {
                line: span.line,
                budget: NODE_BUDGET,
            });
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn close(&mut self, end: Span) -> Result<(), ParseError> {
        let (value, start, anchor) = match self.stack.pop() {
            Some(Open::Seq(items, start, anchor)) => (Value::Seq(items), start, anchor),
            Some(Open::Map(entries, _, start, anchor)) => (Value::Map(entries), start, anchor),
            None => return Ok(()),
        };
        let span = Span {
            end: end.end.max(start.end),
            ..start
        };
        let node = Node { value, span };
        self.count(1, span)?;
        self.remember(anchor, &node);
        self.push(node)
    }

    fn push(&mut self, node: Node) -> Result<(), ParseError> {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Open::Seq(items, ..)) => items.push(node),
            Some(Open::Map(entries, key, ..)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// How many values a node stands for once expanded.
fn size(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(..) => 1,
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| size(k) + size(v))
                .sum::<usize>()
        }
    }
}

fn style_of(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    }
}

/// A path to a value, as findings name it: `oidc.upstreamIDPs[0].config.issuer`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyPath(Vec<Seg>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

impl KeyPath {
    pub fn root() -> Self {
        KeyPath::default()
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_owned()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse(text).unwrap();
        assert_eq!(docs.len(), 1, "{text}");
        docs.remove(0)
    }

    #[test]
    fn values_know_their_place_in_bytes_and_lines() {
        let text = "# é comment\noidc:\n  issuer: \"https://x/\"\n  ids: [a, 'b']\n";
        let doc = one(text);
        let issuer = doc.at("oidc.issuer").unwrap();
        assert_eq!(issuer.as_str(), Some("https://x/"));
        assert_eq!(&text[issuer.span.start..issuer.span.end], "\"https://x/\"");
        assert_eq!((issuer.span.line, issuer.span.col), (3, 11));
        let ids = doc.at("oidc.ids").unwrap().as_seq().unwrap();
        assert_eq!(&text[ids[1].span.start..ids[1].span.end], "'b'");
        assert!(matches!(
            ids[1].value,
            Value::Scalar(_, Style::SingleQuoted)
        ));
    }

    #[test]
    fn json_is_read_as_yaml_with_places() {
        let text = "{\n  \"clientID\": \"abc\",\n  \"n\": 1\n}";
        let doc = one(text);
        let id = doc.get("clientID").unwrap();
        assert_eq!(&text[id.span.start..id.span.end], "\"abc\"");
        assert_eq!(id.span.line, 2);
    }

    #[test]
    fn a_syntax_error_says_where_and_what() {
        // The Pachyderm 1.x guide's example: a trailing comma and a comment, not JSON.
        let e = parse("{\n  \"a\": 1,\n  \"b\": [\n}\n").unwrap_err();
        let ParseError::Syntax { line, col, problem } = e else {
            panic!("{e:?}")
        };
        assert!(line >= 3, "{line}:{col} {problem}");
        assert!(!problem.is_empty());
    }

    #[test]
    fn aliases_expand_but_a_bomb_is_refused() {
        let doc = one("a: &x {k: v}\nb: *x\n");
        assert_eq!(doc.str_at("b.k"), Some("v"));
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert!(matches!(parse(&bomb), Err(ParseError::AliasBudget { .. })));
        assert!(matches!(
            parse("a: *nothing\n"),
            Err(ParseError::UnknownAlias { line: 1 }) | Err(ParseError::Syntax { .. })
        ));
    }

    #[test]
    fn paths_print_as_findings_name_them() {
        let p = KeyPath::root()
            .key("oidc")
            .key("upstreamIDPs")
            .index(0)
            .key("config");
        assert_eq!(p.to_string(), "oidc.upstreamIDPs[0].config");
    }
}
