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
        let value_at = key_at + key.len() + 1;
        let (value, style) = unquote(raw);
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
                span: span(value_at, raw.len()),
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

/// The value as the shell would read it: quotes removed; a trailing ` # comment`
/// of an unquoted value is dropped.
fn unquote(raw: &str) -> (String, Style) {
    let t = raw.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = &t[1..t.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match (c, chars.clone().next()) {
                ('\\', Some(n @ ('"' | '\\' | '$' | '`'))) => {
                    out.push(n);
                    chars.next();
                }
                ('\\', Some('n')) => {
                    out.push('\n');
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        return (out, Style::DoubleQuoted);
    }
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return (t[1..t.len() - 1].to_owned(), Style::SingleQuoted);
    }
    let value = match t.find(" #") {
        Some(i) => t[..i].trim_end(),
        None => t,
    };
    (value.to_owned(), Style::Plain)
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
    fn a_line_that_is_not_an_assignment_is_an_error_with_its_number() {
        assert_eq!(parse("A=1\nnot an assignment\n").unwrap_err().0, 2);
        assert_eq!(parse("A B=1\n").unwrap_err().0, 1);
    }
}
