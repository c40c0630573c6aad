//! One request to make, and the response read in full (within the cap).

use super::super::result::Diagnosis;
use super::sanitize::Sanitizer;
use reqwest::header::HeaderMap;
use url::Url;

/// A response whose body was read in full (within the cap). Its text reaches
/// the checks only through the accessors, cleaned by the client's [`Sanitizer`].
#[derive(Debug, Clone)]
pub struct Response {
    pub url: Url,
    pub status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    clean: Sanitizer,
}

impl Response {
    pub(super) fn new(
        url: Url,
        status: u16,
        headers: HeaderMap,
        body: Vec<u8>,
        clean: Sanitizer,
    ) -> Self {
        Response {
            url,
            status,
            headers,
            body,
            clean,
        }
    }

    /// A header's value, cleaned; `None` when absent or not text.
    pub fn header(&self, name: &str) -> Option<String> {
        let v = self.headers.get(name).and_then(|v| v.to_str().ok())?;
        Some(self.clean.clean(v))
    }

    pub fn content_type(&self) -> String {
        self.header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// The body's first `max` characters as text, cleaned.
    pub fn text_excerpt(&self, max: usize) -> String {
        let s = String::from_utf8_lossy(&self.body);
        let s = s.trim();
        let cut = match s.char_indices().nth(max) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s.to_owned(),
        };
        self.clean.clean(&cut)
    }

    /// Whether the body is empty or only white space.
    pub fn body_is_blank(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// How many bytes the body has.
    pub fn body_len(&self) -> usize {
        self.body.len()
    }

    /// The body as JSON with every string cleaned, or why it is not JSON.
    pub fn json(&self) -> Result<serde_json::Value, BodyError> {
        self.raw_json().map(|v| self.clean.clean_json(v))
    }

    /// The body as JSON exactly as sent: only to test values (never to show them).
    pub(crate) fn raw_json(&self) -> Result<serde_json::Value, BodyError> {
        serde_json::from_slice::<serde_json::Value>(&self.body).map_err(|e| self.body_error(&e))
    }

    fn body_error(&self, e: &serde_json::Error) -> BodyError {
        let ct = self.content_type();
        let looks_html = ct.contains("html")
            || self.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if looks_html
            || !(ct.contains("json") || self.body.first().is_some_and(|b| *b == b'{' || *b == b'['))
        {
            BodyError::NotJson {
                url: self.url.to_string(),
                content_type: if ct.is_empty() {
                    "no content type".to_owned()
                } else {
                    ct
                },
            }
        } else {
            BodyError::Malformed {
                url: self.url.to_string(),
                reason: e.to_string(),
            }
        }
    }
}

/// Why a body is not the JSON a check expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("{url} answered with {content_type}, not JSON")]
    NotJson { url: String, content_type: String },
    #[error("{url} answered with malformed JSON: {reason}")]
    Malformed { url: String, reason: String },
}

impl BodyError {
    pub fn diagnosis(&self) -> Diagnosis {
        match self {
            BodyError::NotJson { .. } => Diagnosis::NotJson,
            BodyError::Malformed { .. } => Diagnosis::MalformedJson,
        }
    }
}

/// One request to make.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: reqwest::Method,
    pub url: Url,
    /// A bearer token for `Authorization` (never recorded).
    pub bearer: Option<String>,
    /// `application/x-www-form-urlencoded` body.
    pub form: Option<Vec<(String, String)>>,
    /// `application/json` body (the Management API's writes).
    pub json: Option<serde_json::Value>,
}

impl Request {
    pub fn get(url: Url) -> Self {
        Request {
            method: reqwest::Method::GET,
            url,
            bearer: None,
            form: None,
            json: None,
        }
    }

    /// A request with any method and no body yet.
    pub fn new(method: reqwest::Method, url: Url) -> Self {
        Request {
            method,
            ..Request::get(url)
        }
    }

    pub fn post_form(url: Url, form: Vec<(String, String)>) -> Self {
        Request {
            method: reqwest::Method::POST,
            url,
            bearer: None,
            form: Some(form),
            json: None,
        }
    }

    /// This request with a JSON body.
    pub fn with_json(mut self, body: serde_json::Value) -> Self {
        self.json = Some(body);
        self
    }

    pub fn bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_classification_names_html_and_malformed_json() {
        let mk = |ct: &str, body: &str| {
            let mut h = HeaderMap::new();
            h.insert("content-type", ct.parse().unwrap());
            let url = Url::parse("https://h/x").unwrap();
            Response::new(url, 200, h, body.as_bytes().to_vec(), Sanitizer::default())
        };
        assert!(matches!(
            mk("text/html", "<html>hi</html>").json(),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            mk("application/json", "{\"a\": ").json(),
            Err(BodyError::Malformed { .. })
        ));
        assert!(mk("application/json", "{\"a\": 1}").json().is_ok());
    }
}
