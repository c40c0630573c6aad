//! A pasted message made comparable (case, quotes, entities, escapes,
//! percent-encoding, white space) and safe to show back (no secret, no
//! control character, bounded length).

/// More than this is not one message: the rest is ignored.
pub const MAX_CHARS: usize = 16 * 1024;
/// How much of the pasted text a symptom shows back.
const SHOWN_CHARS: usize = 2000;

/// The pasted text, normalized for matching and extracting.
#[derive(Debug, Clone)]
pub struct Pasted {
    /// Quotes, entities and escapes unified, white space collapsed, case kept.
    pub text: String,
    /// `text` in lower case (ASCII), for matching.
    pub lower: String,
}

impl Pasted {
    pub fn new(raw: &str) -> Self {
        let capped: String = raw.chars().take(MAX_CHARS).collect();
        let decoded = percent_decode(&capped);
        let unified = decoded
            .replace("\\\"", "\"")
            .replace("\\u0022", "\"")
            .replace("\\u0027", "'")
            .replace(
                ['\u{201C}', '\u{201D}', '\u{201E}', '\u{00AB}', '\u{00BB}'],
                "\"",
            )
            .replace(['\u{2018}', '\u{2019}', '\u{0060}'], "'");
        let unified = crate::doctor::probe::answer::unescape_html(&unified);
        let text = unified.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = text.to_ascii_lowercase();
        Pasted { text, lower }
    }

    /// Every fragment appears, in any case.
    pub fn has_all(&self, fragments: &[&str]) -> bool {
        fragments.iter().all(|f| self.lower.contains(f))
    }

    /// The first quoted value (`"…"` or `'…'`) after `marker` (any case).
    pub fn quoted_after(&self, marker: &str) -> Option<String> {
        let at = self.lower.find(&marker.to_ascii_lowercase())? + marker.len();
        let rest = self.text.get(at..)?;
        let (start, quote) = rest.char_indices().find(|(_, c)| *c == '"' || *c == '\'')?;
        // Only a quote that opens right after the marker (a few characters) counts.
        if rest[..start]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':' && *c != '=')
            .count()
            > 2
        {
            return None;
        }
        let value = rest[start + 1..].split(quote).next()?;
        Some(value.to_owned()).filter(|v| !v.is_empty() && v.len() < 2048)
    }

    /// The word after `marker` (up to white space, a quote or `&`), any case.
    pub fn word_after(&self, marker: &str) -> Option<String> {
        let at = self.lower.find(&marker.to_ascii_lowercase())? + marker.len();
        let word: String = self
            .text
            .get(at..)?
            .trim_start()
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '&' | ',' | ')'))
            .collect();
        let word = word.trim_end_matches(['.', ';']).to_owned();
        (!word.is_empty()).then_some(word)
    }
}

/// `%XX` sequences decoded when the result is text; `+` is left alone.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// The pasted text as it may be shown back: secret values (after a secret
/// key, a JWT, the `known` secrets) replaced, control characters written as
/// escapes, at most a couple of thousand characters.
pub fn shown(raw: &str, known: &[&str]) -> String {
    let mut s: String = raw.trim().chars().take(SHOWN_CHARS).collect();
    for secret in known.iter().filter(|k| k.len() >= 4) {
        s = s.replace(secret, "[redacted]");
    }
    for key in crate::secret::SECRET_KEYS {
        s = redact_after_key(&s, key);
    }
    // Tabs read as spaces; every other unsafe character is written escaped.
    let mut out = crate::text::escape_controls(&redact_jwts(&s).replace('\t', " "));
    if raw.trim().chars().count() > SHOWN_CHARS {
        out.push('…');
    }
    out
}

/// `key=VALUE` and `"key": "VALUE"` with the value replaced, where `key` is
/// a whole word (`errorCode` is not `code`).
fn redact_after_key(s: &str, key: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(key).map(|p| p + from) {
        from = pos + key.len();
        let before = lower[..pos].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &s[from..];
        let skip = rest.len() - rest.trim_start_matches(['"', '\'', ' ', ':', '=']).len();
        let sep = &rest[..skip];
        if !(sep.contains('=') || sep.contains(':')) {
            continue;
        }
        let value_len = rest[skip..]
            .find(|c: char| c.is_whitespace() || matches!(c, '&' | '"' | '\'' | ',' | '}' | ';'))
            .unwrap_or(rest.len() - skip);
        if value_len == 0 {
            continue;
        }
        out.push_str(&s[last..from + skip]);
        out.push_str("[redacted]");
        last = from + skip + value_len;
        from = last;
    }
    out.push_str(&s[last..]);
    out
}

/// Anything shaped like a JWT (`eyJ….….…`) replaced.
fn redact_jwts(s: &str) -> String {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    s.split_inclusive(|c: char| !(is_b64(c) || c == '.'))
        .map(|piece| {
            let word = piece.trim_end_matches(|c: char| !(is_b64(c) || c == '.'));
            let tail = &piece[word.len()..];
            let parts: Vec<&str> = word.split('.').collect();
            if word.starts_with("eyJ") && parts.len() == 3 && parts.iter().all(|p| p.len() >= 4) {
                format!("[redacted]{tail}")
            } else {
                piece.to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_entities_escapes_and_percent_encoding_are_unified() {
        let p = Pasted::new("Error=\u{201C}x\u{201D}  &#34;y&#34; \\\"z\\\" error_description=Service%20not%20found%3A%20https%3A%2F%2Fapi");
        assert_eq!(
            p.text,
            "Error=\"x\" \"y\" \"z\" error_description=Service not found: https://api"
        );
        assert!(p.has_all(&["service not found", "error="]));
        let q = Pasted::new("oidc: issuer did not match the issuer returned by provider, expected \"https://t.auth0.com\" got \"https://t.auth0.com/\"");
        assert_eq!(
            q.quoted_after("expected").as_deref(),
            Some("https://t.auth0.com")
        );
        assert_eq!(
            q.quoted_after("got").as_deref(),
            Some("https://t.auth0.com/")
        );
        assert_eq!(
            Pasted::new("Grant type 'authorization_code' not allowed")
                .quoted_after("grant type")
                .as_deref(),
            Some("authorization_code")
        );
        assert_eq!(
            Pasted::new("Service not found: https://api.example.com/ (x)")
                .word_after("service not found:")
                .as_deref(),
            Some("https://api.example.com/")
        );
        assert_eq!(Pasted::new("100%").text, "100%");
    }

    #[test]
    fn shown_text_keeps_no_secret_and_no_control_character() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let raw = format!("GET /cb?code=abc123&state=s1 {{\"client_secret\": \"s3cr3t\", \"errorCode\": \"inexistent_client\"}} token {jwt}\u{1b}[31m mine");
        let s = shown(&raw, &["mine"]);
        for gone in ["abc123", "s3cr3t", jwt, "\u{1b}", "mine"] {
            assert!(!s.contains(gone), "{gone} in {s}");
        }
        assert!(
            s.contains("state=s1") && s.contains("inexistent_client") && s.contains("\\u{1b}[31m"),
            "{s}"
        );
        assert!(shown(&"x".repeat(5000), &[]).ends_with('…'));
    }
}
