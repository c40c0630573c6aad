//! An environment file (`KEY=value` lines, as Docker's `--env-file` and
//! docker compose read them) as a tree: a map of keys to scalars, each with
//! its place in the text, comments and blank lines skipped.

use super::tree::{Node, Span, Style, Value};

/// Lines of `KEY=value` (an `export ` prefix is allowed, values may be
/// quoted). A line that is none of these is an error with its number.
pub fn parse(text: &str) -> Result<Node, (usize, String)> {
    let mut entries = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = body.len() - trimmed.len();
        let decl = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let key_at = start + lead + (trimmed.len() - decl.len());
        let Some((key, raw)) = decl.split_once('=') else {
            return Err((n + 1, format!("expected KEY=value, found {body:?}")));
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((n + 1, format!("{key:?} is not a variable name")));
        }
        let lead = raw.len() - raw.trim_start().len();
        let value_at = key_at + key.len() + 1 + lead;
        let (value, style, token) = unquote(raw.trim_start());
        let span = |at: usize, len: usize| Span {
            start: at,
            end: at + len,
            line: n + 1,
            col: at - start + 1,
        };
        entries.push((
            Node {
                value: Value::Scalar(key.to_owned(), Style::Plain),
                span: span(key_at, key.len()),
            },
            Node {
                value: Value::Scalar(value, style),
                span: span(value_at, token),
            },
        ));
    }
    Ok(Node {
        value: Value::Map(entries),
        span: Span {
            start: 0,
            end: text.len(),
            line: 1,
            col: 1,
        },
    })
}

/// The value as the shell would read it, how it was written, and how many
/// bytes of `raw` (already trimmed at the start) the value's text takes:
/// quotes removed; a ` # comment` after an unquoted value, or after the
/// closing quote of a quoted one, is not part of it.
fn unquote(raw: &str) -> (String, Style, usize) {
    let t = raw.trim_end();
    if let Some(q) = quoted(t) {
        return q;
    }
    let value = match t.find(" #") {
        Some(i) => t[..i].trim_end(),
        None => t,
    };
    (value.to_owned(), Style::Plain, value.len())
}

/// A value in double or single quotes, possibly followed by a comment.
fn quoted(t: &str) -> Option<(String, Style, usize)> {
    let quote = t.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let mut out = String::new();
    let mut chars = t.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == quote {
            let rest = t[i + 1..].trim_start();
            if !(rest.is_empty() || rest.starts_with('#')) {
                return None;
            }
            let style = if quote == '"' {
                Style::DoubleQuoted
            } else {
                Style::SingleQuoted
            };
            return Some((out, style, i + 1));
        }
        if quote == '"' && c == '\\' {
            match t[i + 1..].chars().next() {
                Some(n @ ('"' | '\\' | '$' | '`')) => {
                    out.push(n);
                    chars.next();
                    continue;
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_with_their_places() {
        let text = "# Pomerium\nexport IDP_PROVIDER=auth0\nIDP_CLIENT_SECRET=\"a\\\"b\"\n\nCOOKIE_SECRET='x y' \nURL=https://a # note\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.str_at("IDP_PROVIDER"), Some("auth0"));
        assert_eq!(doc.str_at("IDP_CLIENT_SECRET"), Some("a\"b"));
        assert_eq!(doc.str_at("COOKIE_SECRET"), Some("x y"));
        assert_eq!(doc.str_at("URL"), Some("https://a"));
        let v = doc.get("IDP_PROVIDER").unwrap();
        assert_eq!(&text[v.span.start..v.span.end], "auth0");
        assert_eq!((v.span.line, v.span.col), (2, 21));
        let k = &doc.as_map().unwrap()[0].0;
        assert_eq!(&text[k.span.start..k.span.end], "IDP_PROVIDER");
    }

    #[test]
    fn a_comment_after_a_quoted_value_is_not_part_of_it() {
        // Pomerium's Auth0 guide (seeds/003, line 97).
        let text = "IDP_CLIENT_ID=\"REPLACE_ME\" # from the web application\nB= 'x' \n";
        let doc = parse(text).unwrap();
        let v = doc.get("IDP_CLIENT_ID").unwrap();
        assert_eq!(v.as_str(), Some("REPLACE_ME"));
        assert_eq!(&text[v.span.start..v.span.end], "\"REPLACE_ME\"");
        let b = doc.get("B").unwrap();
        assert_eq!(b.as_str(), Some("x"));
        assert_eq!(&text[b.span.start..b.span.end], "'x'");
        assert_eq!(b.span.col, 4);
    }

    #[test]
    fn a_line_that_is_not_an_assignment_is_an_error_with_its_number() {
        assert_eq!(parse("A=1\nnot an assignment\n").unwrap_err().0, 2);
        assert_eq!(parse("A B=1\n").unwrap_err().0, 1);
    }
}
