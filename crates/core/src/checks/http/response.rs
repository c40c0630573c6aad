//! One request to make, and the response read in full (within the cap).

use super::super::result::Diagnosis;
use reqwest::header::HeaderMap;
use url::Url;

/// A response whose body was read in full (within the cap).
#[derive(Debug, Clone)]
pub struct Response {
    pub url: Url,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    pub fn text_excerpt(&self, max: usize) -> String {
        let s = String::from_utf8_lossy(&self.body);
        let s = s.trim();
        match s.char_indices().nth(max) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s.to_owned(),
        }
    }

    /// The body as JSON, or why it is not.
    pub fn json(&self) -> Result<serde_json::Value, BodyError> {
        match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(v) => Ok(v),
            Err(e) => {
                let ct = self.content_type();
                let looks_html = ct.contains("html")
                    || self.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
                if looks_html
                    || !(ct.contains("json")
                        || self.body.first().is_some_and(|b| *b == b'{' || *b == b'['))
                {
                    Err(BodyError::NotJson {
                        url: self.url.to_string(),
                        content_type: if ct.is_empty() {
                            "no content type".to_owned()
                        } else {
                            ct
                        },
                    })
                } else {
                    Err(BodyError::Malformed {
                        url: self.url.to_string(),
                        reason: e.to_string(),
                    })
                }
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
        let mk = |ct: &str, body: &str| Response {
            url: Url::parse("https://h/x").unwrap(),
            status: 200,
            headers: {
                let mut h = HeaderMap::new();
                h.insert("content-type", ct.parse().unwrap());
                h
            },
            body: body.as_bytes().to_vec(),
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
