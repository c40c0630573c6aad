//! Values as the file writes them, each from a serializer: serde_json for
//! a double-quoted scalar (a JSON string is a YAML double-quoted scalar too)
//! and for numbers and flow lists, serde_yaml_ng (read the same by YAML 1.1
//! readers, [`crate::export::to_yaml`]) for plain scalars and block lists,
//! the env quoting of [`crate::export::env`] in an env file. The scalar keeps
//! its quoting where the value allows it.

use crate::doctor::tree::{Span, Style};
use crate::export::{env, to_yaml};

/// How the text around a scalar reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// A value of an env file.
    Env,
    /// YAML (or JSON); `flow` inside `{...}` or `[...]`.
    Yaml { flow: bool },
}

/// `value` as a scalar written in `style` where it can be; `raw` is the
/// scalar as written now, at `span` (a block scalar keeps its indentation).
pub(super) fn scalar(value: &str, style: Style, ctx: Ctx, raw: &str, span: Span) -> String {
    let flow = match ctx {
        Ctx::Env => return env::quote(value),
        Ctx::Yaml { flow } => flow,
    };
    match style {
        Style::DoubleQuoted => json_string(value),
        Style::SingleQuoted => single_quoted(value).unwrap_or_else(|| json_string(value)),
        Style::Literal | Style::Folded => block(value, raw, span.col.saturating_sub(1)),
        Style::Plain => plain(value, flow).unwrap_or_else(|| json_string(value)),
    }
}

/// A number, as JSON and YAML both write it.
pub(super) fn int(n: i64) -> String {
    serde_json::to_string(&n).expect("an integer serializes")
}

pub(super) fn json_string(value: &str) -> String {
    serde_json::to_string(value).expect("a string serializes")
}

/// A list written `[...]`: a JSON array, which YAML reads as a flow sequence.
pub(super) fn flow_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serializes")
}

/// A list written as `- ` lines, each line after the first indented by
/// `indent` columns (the first starts where the old list started).
pub(super) fn block_list(items: &[String], indent: usize) -> String {
    let yaml = to_yaml(&items);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (i, line) in yaml.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// serde_yaml_ng's scalar, when it is one line and fits where it stands.
fn plain(value: &str, flow: bool) -> Option<String> {
    let s = to_yaml(&value);
    let s = s.trim_end_matches('\n');
    let multi_line = s.contains('\n') || s.starts_with(['|', '>']);
    let breaks_flow = flow && s.contains([',', '[', ']', '{', '}']);
    (!multi_line && !breaks_flow).then(|| s.to_owned())
}

/// YAML's single-quoted form (a quote is doubled), for a value on one line
/// without control characters.
fn single_quoted(value: &str) -> Option<String> {
    if value.chars().any(char::is_control) {
        return None;
    }
    Some(format!("'{}'", value.replace('\'', "''")))
}

/// A block scalar's content (after its `|` or `>` line): the value's lines,
/// each after the first indented like the old ones, ending as the old
/// content ended (its line breaks belong to the chomping indicator).
fn block(value: &str, raw: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (i, line) in value.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out.push_str(&raw[raw.trim_end().len()..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Span = Span {
        start: 0,
        end: 0,
        line: 1,
        col: 5,
    };

    #[test]
    fn each_style_keeps_its_quotes_where_the_value_allows() {
        let y = Ctx::Yaml { flow: false };
        assert_eq!(scalar("https://t/", Style::Plain, y, "", AT), "https://t/");
        assert_eq!(scalar("yes", Style::Plain, y, "", AT), "'yes'");
        assert_eq!(scalar("a: b", Style::Plain, y, "", AT), "'a: b'");
        assert_eq!(scalar("a\"b", Style::DoubleQuoted, y, "", AT), "\"a\\\"b\"");
        assert_eq!(scalar("it's", Style::SingleQuoted, y, "", AT), "'it''s'");
        assert_eq!(scalar("a\nb", Style::SingleQuoted, y, "", AT), "\"a\\nb\"");
        let f = Ctx::Yaml { flow: true };
        assert_eq!(scalar("a,b", Style::Plain, f, "", AT), "\"a,b\"");
        assert_eq!(scalar("a b", Style::Plain, Ctx::Env, "", AT), "'a b'");
    }

    #[test]
    fn a_block_keeps_its_indentation_and_its_end() {
        let raw = "{\"a\": 1,\n    \"b\": 2}\n\n";
        let got = block("{\"a\": 1,\n\"b\": 3}\n", raw, 4);
        assert_eq!(got, "{\"a\": 1,\n    \"b\": 3}\n\n");
        assert_eq!(block_list(&["a".into(), "yes".into()], 2), "- a\n  - 'yes'");
        assert_eq!(flow_list(&["a".into()]), "[\"a\"]");
    }
}
