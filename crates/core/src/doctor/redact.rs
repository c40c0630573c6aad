//! Keeping secrets out of what is shown and handed over: the report, the
//! diff printed to the terminal. A secret may stand in a file as it is, in a
//! JSON string (escaped), or inside base64 (a Secret's `data`, Pomerium's
//! `idp_service_account`); a line holding one in any of these forms is
//! replaced as a whole.

use crate::model::RawSettings;
use crate::secret::Secret;
use base64::Engine;

/// What replaces a secret, or a line holding one.
pub const REDACTED: &str = "[redacted]";

/// The secrets to keep out.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// Shorter values are not looked for: they would match ordinary text.
const SHORTEST: usize = 4;

impl Redactor {
    /// The secrets of `settings` (the client secret and every secret extra).
    pub fn of(settings: &RawSettings) -> Self {
        let mut r = Redactor::default();
        r.add_settings(settings);
        r
    }

    /// Also keep out every secret `settings` hold.
    pub fn add_settings(&mut self, settings: &RawSettings) {
        for (_, s) in settings.secrets_by_field() {
            self.add(Some(s));
        }
    }

    /// Also keep `secret` out (one given with --secret-env, a Management API secret).
    pub fn add(&mut self, secret: Option<&Secret>) {
        let Some(s) = secret.map(Secret::expose).map(str::trim) else {
            return;
        };
        if s.len() >= SHORTEST && !self.secrets.iter().any(|x| x == s) {
            self.secrets.push(s.to_owned());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` with every secret (as it is, or JSON-escaped) replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            out = out.replace(s.as_str(), REDACTED);
            let escaped = serde_json::to_string(s).expect("a string serializes");
            let inner = &escaped[1..escaped.len() - 1];
            if inner != s {
                out = out.replace(inner, REDACTED);
            }
        }
        out
    }

    /// Whether `line` holds a secret in any form this module knows.
    pub fn holds_secret(&self, line: &str) -> bool {
        !self.is_empty() && (self.text(line) != line || self.in_base64(line))
    }

    /// `text` with every line that holds a secret replaced as a whole (its
    /// indentation kept), for a diff that shows where a secret is, not what.
    pub fn lines(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            if self.holds_secret(body) {
                let indent = body.len() - body.trim_start().len();
                out.push_str(&body[..indent]);
                out.push_str(REDACTED);
                out.push_str(&line[body.len()..]);
            } else {
                out.push_str(line);
            }
        }
        out
    }

    /// A base64 word in `line` that decodes to text holding a secret.
    fn in_base64(&self, line: &str) -> bool {
        let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_');
        line.split(|c: char| !word(c))
            .filter(|w| w.len() >= 8)
            .filter_map(decode)
            .any(|decoded| self.text(&decoded) != decoded)
    }
}

fn decode(word: &str) -> Option<String> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    let padded = word.trim_end_matches('=');
    [
        STANDARD.decode(word).ok(),
        URL_SAFE.decode(word).ok(),
        URL_SAFE_NO_PAD.decode(padded).ok(),
    ]
    .into_iter()
    .flatten()
    .find_map(|b| String::from_utf8(b).ok())
}

/// A unified diff of `old` to `new` in which every line holding a secret
/// shows as [`REDACTED`].
pub fn diff(redactor: &Redactor, old: &str, new: &str, from: &str, to: &str) -> String {
    super::fix::diff(&redactor.lines(old), &redactor.lines(new), from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_kept_out_in_every_form() {
        let mut r = Redactor::default();
        r.add(Some(&Secret::new("s3cr\"et-value")));
        r.add(Some(&Secret::new("ab")));
        assert_eq!(r.text("x: s3cr\"et-value"), "x: [redacted]");
        assert_eq!(
            r.text("{\"k\": \"s3cr\\\"et-value\"}"),
            "{\"k\": \"[redacted]\"}"
        );
        assert_eq!(
            r.text("ab stays: too short to look for"),
            "ab stays: too short to look for"
        );
        let b64 =
            base64::engine::general_purpose::STANDARD.encode("clientSecret: s3cr\"et-value\n");
        let text = format!("data:\n  upstream-idps: {b64}\n  other: x\n");
        assert_eq!(r.lines(&text), "data:\n  [redacted]\n  other: x\n");
    }
}
