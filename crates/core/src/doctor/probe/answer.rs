//! One answer of the running system, as the readers see it: its status, where
//! a redirect points (never followed), and its body as text and JSON, both
//! taken through [`crate::checks::http::Response`]'s accessors (which clean
//! server text) rather than from the raw bytes.

use crate::checks::http::{host_of, Response};
use serde_json::Value;
use url::Url;

/// How much of a body the readers see (Dex's login page is a few KiB).
pub const TEXT_MAX: usize = 256 * 1024;

/// A complete HTTP answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub url: Url,
    pub status: u16,
    /// Where a redirect points, resolved against `url` (never followed).
    pub location: Option<Url>,
    pub content_type: String,
    /// The body as text (trimmed, at most [`TEXT_MAX`] characters).
    pub text: String,
    /// The body as JSON, when it is JSON.
    pub json: Option<Value>,
}

impl Answer {
    /// An answer with no body (tests and redirects build on it).
    pub fn new(url: Url, status: u16) -> Self {
        Answer {
            url,
            status,
            location: None,
            content_type: String::new(),
            text: String::new(),
            json: None,
        }
    }

    /// A redirect that was read, not followed.
    pub fn redirect(url: Url, status: u16, location: &str) -> Self {
        let location = url.join(location).ok();
        Answer {
            location,
            ..Answer::new(url, status)
        }
    }

    /// This body (the JSON is parsed from it): for tests. The runner's answers
    /// come from [`Answer::from_response`], through the client's cleaning accessors.
    pub fn with_body(mut self, content_type: &str, text: &str) -> Self {
        self.content_type = content_type.to_ascii_lowercase();
        self.text = text.trim().to_owned();
        self.json = serde_json::from_str(text).ok();
        self
    }

    /// A response of the shared client, through its cleaning accessors.
    pub fn from_response(r: &Response) -> Self {
        let location = r
            .header("location")
            .map(|v| v.to_string())
            .and_then(|l| r.url.join(&l).ok());
        Answer {
            url: r.url.clone(),
            status: r.status,
            location,
            content_type: r.content_type(),
            text: r.text_excerpt(TEXT_MAX),
            json: r.json().ok(),
        }
    }

    /// A non-empty string under `key` of a JSON object body.
    pub fn json_str(&self, key: &str) -> Option<String> {
        let v = self.json.as_ref()?.get(key)?.as_str()?.trim();
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// The body mentions `needle` (case-insensitive).
    pub fn says(&self, needle: &str) -> bool {
        self.text
            .to_ascii_lowercase()
            .contains(&needle.to_ascii_lowercase())
    }

    /// The start of the body on one line, for a detail.
    pub fn excerpt(&self, max: usize) -> String {
        let one_line = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        match one_line.char_indices().nth(max) {
            Some((i, _)) => format!("{}…", &one_line[..i]),
            None => one_line,
        }
    }

    /// A query parameter of the redirect's location.
    pub fn location_param(&self, key: &str) -> Option<String> {
        let loc = self.location.as_ref()?;
        loc.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    /// The redirect stays on the host (and port) that was asked.
    pub fn redirect_stays(&self) -> bool {
        self.location
            .as_ref()
            .is_some_and(|l| same_origin(l, &self.url))
    }

    /// `"HTTP 500: unable to start Dex server…"` for details.
    pub fn status_line(&self) -> String {
        match self.excerpt(200) {
            e if e.is_empty() => format!("HTTP {}", self.status),
            e => format!("HTTP {}: {e}", self.status),
        }
    }
}

/// Same scheme, host and port.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// `host` or `host:port` of a URL text, when it is one.
pub fn host_of_text(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .map(|u| host_of(&u).to_ascii_lowercase())
}

/// The text of HTML with the entities Go's `html/template` writes turned back.
pub fn unescape_html(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_redirect_is_resolved_and_its_parameters_read() {
        let a = Answer::redirect(
            url("https://h.example/dex/auth"),
            302,
            "/dex/auth/auth0?x=1",
        );
        assert_eq!(
            a.location.as_ref().map(Url::as_str),
            Some("https://h.example/dex/auth/auth0?x=1")
        );
        assert!(a.redirect_stays());
        assert_eq!(a.location_param("x").as_deref(), Some("1"));
        let off = Answer::redirect(
            url("https://h.example/x"),
            302,
            "https://t.auth0.com/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fh.example%2Fcb",
        );
        assert!(!off.redirect_stays());
        assert_eq!(
            off.location_param("redirect_uri").as_deref(),
            Some("https://h.example/cb")
        );
        let other_port =
            Answer::redirect(url("https://h.example/x"), 302, "https://h.example:8443/x");
        assert!(!other_port.redirect_stays());
    }

    #[test]
    fn bodies_are_read_as_json_and_text() {
        let a = Answer::new(url("https://h/v"), 200)
            .with_body("Application/JSON", r#"{"version": "1.5.6", "empty": " "}"#);
        assert_eq!(a.json_str("version").as_deref(), Some("1.5.6"));
        assert_eq!(a.json_str("empty"), None);
        let t = Answer::new(url("https://h/d"), 500)
            .with_body("text/plain", "unable to start Dex server, check logs\n");
        assert!(t.says("Unable to start dex server"));
        assert_eq!(
            t.status_line(),
            "HTTP 500: unable to start Dex server, check logs"
        );
        assert_eq!(
            unescape_html("Invalid client_id (&#34;x&#34;)."),
            "Invalid client_id (\"x\")."
        );
    }
}
