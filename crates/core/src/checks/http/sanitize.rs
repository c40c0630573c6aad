//! The one place server text is made safe before it can become part of a
//! result, an error or evidence: the secrets this run knows are replaced by
//! `[redacted]` (also where the server wrote them percent- or JSON-escaped),
//! and control characters (escape sequences included) are shown escaped.

use super::redact::REDACTED;
pub use crate::text::{escape_controls, is_unsafe_char};
use serde_json::Value;

/// Secrets shorter than this are not scrubbed (they would match everywhere).
const MIN_SECRET_CHARS: usize = 4;

#[derive(Debug, Clone, Default)]
pub struct Sanitizer {
    /// Every secret, in each form a server may echo it in.
    forms: Vec<String>,
}

impl Sanitizer {
    /// Also scrub these secrets (values shorter than four characters are ignored).
    pub fn add_secrets<I: IntoIterator<Item = String>>(&mut self, secrets: I) {
        for s in secrets.into_iter().filter(|s| s.len() >= MIN_SECRET_CHARS) {
            let percent: String = url::form_urlencoded::byte_serialize(s.as_bytes()).collect();
            let json = serde_json::to_string(&s).unwrap_or_default();
            let json = json.trim_matches('"').to_owned();
            for form in [s, percent, json] {
                if !self.forms.contains(&form) {
                    self.forms.push(form);
                }
            }
        }
        // Longest first: a form that contains another is replaced whole.
        self.forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    /// Server text as it may be shown: no secret, no raw control character.
    pub fn clean(&self, text: &str) -> String {
        let mut s = text.to_owned();
        for form in &self.forms {
            if s.contains(form.as_str()) {
                s = s.replace(form.as_str(), REDACTED);
            }
        }
        escape_controls(&s)
    }

    /// Every string of a JSON value (keys too), cleaned.
    pub fn clean_json(&self, v: Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.clean(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|x| self.clean_json(x)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, x)| (self.clean(&k), self.clean_json(x)))
                    .collect(),
            ),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_any_form_and_control_characters_do_not_survive() {
        let mut s = Sanitizer::default();
        s.add_secrets(["s3cr/t+x".to_owned(), "abc".to_owned()]);
        assert_eq!(
            s.clean("a s3cr/t+x b s3cr%2Ft%2Bx c"),
            "a [redacted] b [redacted] c"
        );
        assert_eq!(s.clean("abc"), "abc", "too short to scrub");
        assert_eq!(
            s.clean("red\u{1b}[31m\r\nnext\u{7}\u{202e}"),
            "red\\u{1b}[31m\\r\\nnext\\u{7}\\u{202e}"
        );
        let v = s.clean_json(serde_json::json!({"k\u{1b}": ["s3cr/t+x", 1]}));
        assert_eq!(v, serde_json::json!({"k\\u{1b}": ["[redacted]", 1]}));
    }
}
