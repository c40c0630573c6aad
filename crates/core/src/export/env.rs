//! A tiny typed serializer for environment files (`KEY=value` lines).
//!
//! Quoting scheme, chosen so that every value reads back unchanged with the
//! `dotenvy` crate and, for the first two forms, with Docker Compose's
//! `--env-file` / `.env` parser (compose-go `dotenv`) too:
//!
//! 1. **Bare**, `KEY=value`, when the value is empty or made only of ASCII
//!    letters, digits and `_ - . / : @ + = , % [ ]`. No parser changes such a
//!    value, so it also works with `docker run --env-file` and systemd's
//!    `EnvironmentFile=`, which do not understand quotes at all. Every value the
//!    wizard normally writes (URLs, client IDs, base64 secrets) takes this form.
//! 2. **Single quotes**, `KEY='value'`, otherwise, when the value contains no
//!    `'`, no line feed and does not end in `\`. Both dotenvy and compose-go
//!    take the text between single quotes literally: no `$` expansion, no
//!    escapes, `#` is not a comment.
//! 3. **Double quotes** as the last resort (a value with a `'`, a line feed, or
//!    ending in `\`): `\` `"` `$` are escaped with a backslash and a line feed
//!    is written as `\n`. dotenvy reads this back exactly. Docker Compose reads
//!    it the same way unless the value also contains `$` (Compose wants `$$`) or
//!    ends in `"`; no value the wizard produces from Auth0 data needs this form.
//!
//! So a value never spans lines: no reader, not even one that knows nothing of
//! quotes (`docker run --env-file`), can take part of a value for another
//! variable. (A carriage return stays inside its quotes: no reader ends a line
//! there, and dotenvy has no escape for it. Validation rejects both anyway.)

use std::fmt::Write as _;

/// One line (or logical line) of an env file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvLine {
    /// `KEY=value`. Keys are fixed by the exporters: `[A-Z_][A-Z0-9_]*`.
    Var { key: &'static str, value: String },
    /// `# text`: static text written by the exporters, never user input.
    Comment(&'static str),
    /// An empty line.
    Blank,
}

/// An env file: a list of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvFile {
    pub lines: Vec<EnvLine>,
}

impl EnvFile {
    pub fn var(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        debug_assert!(key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
        self.lines.push(EnvLine::Var {
            key,
            value: value.into(),
        });
        self
    }

    pub fn comment(&mut self, text: &'static str) -> &mut Self {
        self.lines.push(EnvLine::Comment(text));
        self
    }

    pub fn blank(&mut self) -> &mut Self {
        self.lines.push(EnvLine::Blank);
        self
    }

    /// The file's text; every line ends with `\n`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            match line {
                EnvLine::Var { key, value } => {
                    let _ = writeln!(out, "{key}={}", quote(value));
                }
                EnvLine::Comment(text) => {
                    for l in text.lines() {
                        if l.is_empty() {
                            out.push_str("#\n");
                        } else {
                            let _ = writeln!(out, "# {l}");
                        }
                    }
                }
                EnvLine::Blank => out.push('\n'),
            }
        }
        out
    }
}

fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '-' | '.' | '/' | ':' | '@' | '+' | '=' | ',' | '%' | '[' | ']'
        )
}

/// The value as it must appear after `KEY=` (see the module docs).
pub fn quote(value: &str) -> String {
    if value.chars().all(is_bare) {
        return value.to_owned();
    }
    if !value.contains(['\'', '\n']) && !value.ends_with('\\') {
        return format!("'{value}'");
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' | '"' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_picks_the_simplest_safe_form() {
        assert_eq!(quote(""), "");
        assert_eq!(quote("https://a.example.com/x"), "https://a.example.com/x");
        assert_eq!(quote("abc+/=="), "abc+/==");
        assert_eq!(quote("openid email profile"), "'openid email profile'");
        assert_eq!(quote("[\"a\",\"b\"]"), "'[\"a\",\"b\"]'");
        assert_eq!(quote("$HOME#x"), "'$HOME#x'");
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(quote("a\\"), "\"a\\\\\"");
        assert_eq!(quote("it's $5\n\"x\""), "\"it's \\$5\\n\\\"x\\\"\"");
    }

    /// Hostile values: each variable stays on its own line, and reads back whole.
    #[test]
    fn no_value_spans_lines_or_makes_another_variable() {
        let hostile = [
            "a\nEVIL=1",
            "a\r\nEVIL=1",
            "line\n",
            "\nEVIL='x'",
            "it's\nEVIL=\"y\"",
            "a\\\nB=c",
            "x\rEVIL=2",
        ];
        let mut f = EnvFile::default();
        for v in hostile {
            f.var("V", v);
        }
        let text = f.render();
        assert_eq!(text.lines().count(), hostile.len(), "{text}");
        assert!(text.lines().all(|l| l.starts_with("V=")), "{text}");
        for (line, want) in text.lines().zip(hostile) {
            let (_, got) = dotenvy::from_read_iter(format!("{line}\n").as_bytes())
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn comments_prefix_every_line() {
        let mut f = EnvFile::default();
        f.comment("one\n\ntwo").var("A", "b");
        assert_eq!(f.render(), "# one\n#\n# two\nA=b\n");
    }
}
