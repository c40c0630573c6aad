//! YAML that YAML 1.1 readers read as it was written. Helm, Kubernetes and Dex
//! (Go's yaml.v2 and its forks) and PyYAML read YAML 1.1, where `yes`, `no`,
//! `on`, `off`, `y`, `n`, `=`, `<<`, `0777`, `12:30`, `1_000` or `2001-12-14`
//! are not strings. serde_yaml_ng quotes what YAML 1.2 would misread; this
//! quotes, in its output, every plain scalar that YAML 1.2 reads as a string
//! but a YAML 1.1 reader might not (a few harmless strings more, never less).
//!
//! The output of serde_yaml_ng is regular: block style, one scalar per key or
//! item, no line folding (unlimited width), multi-line strings as block
//! scalars (left as they are). Each line is `indent ("- ")* (key ": " value |
//! key ":" | value)`; a plain key cannot hold ": " and a plain value neither.

/// `doc` (serde_yaml_ng output) with its YAML-1.1-ambiguous plain scalars quoted.
pub fn quote_for_yaml11(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len() + 16);
    // Inside a block scalar: its lines are indented more than this column.
    let mut block: Option<usize> = None;
    for line in doc.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let indent = text.len() - text.trim_start_matches(' ').len();
        if block.is_some_and(|node| text.is_empty() || indent > node) {
            out.push_str(line);
            continue;
        }
        let (fixed, opens) = quote_line(text, indent);
        out.push_str(&fixed);
        out.push_str(&line[text.len()..]);
        block = opens;
    }
    out
}

/// The line with its scalars quoted where needed, and, when a block scalar
/// starts on it, the column of the node it belongs to.
fn quote_line(text: &str, indent: usize) -> (String, Option<usize>) {
    let mut out = String::from(&text[..indent]);
    let mut rest = &text[indent..];
    let mut node = indent;
    while let Some(r) = rest.strip_prefix("- ") {
        out.push_str("- ");
        rest = r;
        node += 2;
    }
    let value = match split_key(rest) {
        Some((key, value)) => {
            out.push_str(&quote_scalar(key));
            out.push(':');
            if !value.is_empty() {
                out.push(' ');
            }
            value
        }
        None => rest,
    };
    out.push_str(&quote_scalar(value));
    let opens = value.starts_with(['|', '>']).then_some(node);
    (out, opens)
}

/// `key: value` (or `key:`) split at the key's end; `None` for a lone value.
fn split_key(rest: &str) -> Option<(&str, &str)> {
    let end = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => quoted_end(rest, q)?,
        _ => match rest.find(": ") {
            Some(i) => i,
            None => rest.strip_suffix(':').map(str::len)?,
        },
    };
    let after = &rest[end..];
    if after == ":" {
        Some((&rest[..end], ""))
    } else {
        after.strip_prefix(": ").map(|v| (&rest[..end], v))
    }
}

/// The byte just after a quoted scalar that starts `s` (`''` and `\"` stay inside).
fn quoted_end(s: &str, q: char) -> Option<usize> {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if q == '"' => {
                chars.next();
            }
            c if c == q => {
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A plain scalar single-quoted when YAML 1.1 may read it as other than the
/// string YAML 1.2 reads; everything else (quoted, block, `[]`) as it is.
fn quote_scalar(s: &str) -> String {
    if s.is_empty() || s.starts_with(['\'', '"', '|', '>', '[', '{']) || !ambiguous(s) {
        return s.to_owned();
    }
    // A plain scalar YAML 1.2 reads as null, a boolean or a number is a typed
    // value (serde_yaml_ng quotes strings of that form): YAML 1.1 agrees.
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(s) {
        Ok(serde_yaml_ng::Value::String(_)) => format!("'{}'", s.replace('\'', "''")),
        _ => s.to_owned(),
    }
}

/// Could a YAML 1.1 reader take this plain scalar for a boolean, null, number,
/// timestamp, merge key or value key? (A superset of YAML 1.1's resolvers.)
fn ambiguous(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<", ".inf",
        "-.inf", "+.inf", ".nan",
    ];
    if WORDS.contains(&s.to_ascii_lowercase().as_str()) {
        return true;
    }
    // Numbers in any base, sexagesimal numbers and timestamps.
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let numeric = |c: char| c.is_ascii_hexdigit() || "xXoObB_:.+- tTzZ".contains(c);
    unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') && s.chars().all(numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_yaml_1_1_misreads_is_quoted() {
        let doc = "a: yes\nb: true\nc: 5\nd: null\nlist:\n- on\n- 12:30\n- 1.2.3.4\n- 1h\n- - n\nm:\n  =: <<\n  '0777': x\n- k: |\n    yes\n    no\n  v: off\ne: []\nf:\n";
        let want = "a: 'yes'\nb: true\nc: 5\nd: null\nlist:\n- 'on'\n- '12:30'\n- '1.2.3.4'\n- 1h\n- - 'n'\nm:\n  '=': '<<'\n  '0777': x\n- k: |\n    yes\n    no\n  v: 'off'\ne: []\nf:\n";
        assert_eq!(quote_for_yaml11(doc), want);
    }
}
