//! The one HTTP client every check uses: rustls with verification always on,
//! connect and total timeouts, a response size cap, no silent redirects, and
//! every exchange kept as redacted [`Evidence`].

use super::result::{Diagnosis, Evidence, Header};
use super::CheckOptions;
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use std::error::Error as StdError;
use std::io;
use std::time::{Duration, Instant};
use url::Url;

/// Keys whose values are secrets wherever they appear: query, form or JSON.
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "code",
    "code_verifier",
    "access_token",
    "id_token",
    "refresh_token",
    "password",
    "client_assertion",
    "assertion",
    "token",
];

/// Response headers worth keeping as evidence.
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "location",
    "retry-after",
    "www-authenticate",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
];

const EXCERPT_CHARS: usize = 2048;
const REDACTED: &str = "[redacted]";

/// What went wrong with one request, by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("could not read the CA file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("no such host: {host} does not resolve (DNS)")]
    NoSuchHost { host: String },
    #[error("connection refused by {host}")]
    Refused { host: String },
    #[error("the connection to {host} was reset or closed before the response was complete")]
    Reset { host: String },
    #[error("timed out after {secs} s waiting for {host}")]
    Timeout { host: String, secs: u64 },
    #[error("the TLS certificate of {host} is not trusted (unknown issuer)")]
    TlsUntrusted { host: String },
    #[error("the TLS certificate of {host} has expired")]
    TlsExpired { host: String },
    #[error("the TLS certificate presented by {host} is not valid for that name")]
    TlsWrongHost { host: String },
    #[error("TLS with {host} failed: {reason}")]
    Tls { host: String, reason: String },
    #[error("could not connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("refusing a non-https URL: {url}")]
    InsecureUrl { url: String },
    #[error("{url} redirects to {location}")]
    Redirect {
        url: String,
        location: String,
        other_host: bool,
        to_itself: bool,
    },
    #[error("the response from {url} is larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("request to {url} failed: {reason}")]
    Other { url: String, reason: String },
}

impl HttpError {
    pub fn diagnosis(&self) -> Diagnosis {
        match self {
            HttpError::CaFile { .. } => Diagnosis::CaFile,
            HttpError::NoSuchHost { .. } => Diagnosis::NoSuchHost,
            HttpError::Refused { .. } => Diagnosis::ConnectionRefused,
            HttpError::Reset { .. } => Diagnosis::ConnectionReset,
            HttpError::Timeout { .. } => Diagnosis::Timeout,
            HttpError::TlsUntrusted { .. } => Diagnosis::TlsUntrusted,
            HttpError::TlsExpired { .. } => Diagnosis::TlsExpired,
            HttpError::TlsWrongHost { .. } => Diagnosis::TlsWrongHost,
            HttpError::Tls { .. } => Diagnosis::TlsError,
            HttpError::Connect { .. } | HttpError::Other { .. } => Diagnosis::ConnectFailed,
            HttpError::InsecureUrl { .. } => Diagnosis::InsecureUrl,
            HttpError::Redirect {
                other_host: true, ..
            } => Diagnosis::RedirectOtherHost,
            HttpError::Redirect {
                to_itself: true, ..
            } => Diagnosis::RedirectLoop,
            HttpError::Redirect { .. } => Diagnosis::Redirect,
            HttpError::TooLarge { .. } => Diagnosis::BodyTooLarge,
        }
    }

    /// True when nothing HTTP came back at all (DNS, TCP, TLS, timeout).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            HttpError::NoSuchHost { .. }
                | HttpError::Refused { .. }
                | HttpError::TlsUntrusted { .. }
                | HttpError::TlsExpired { .. }
                | HttpError::TlsWrongHost { .. }
                | HttpError::Tls { .. }
                | HttpError::Connect { .. }
                | HttpError::CaFile { .. }
        )
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        match self {
            HttpError::CaFile { .. } => "Give the extra CA certificate as a readable PEM file (one or more -----BEGIN CERTIFICATE----- blocks): --ca-file in the CLI, AUTH0_WIZARD_CA_FILE for the app.".to_owned(),
            HttpError::NoSuchHost { host } => format!("Check the domain {host}: copy Domain from Applications > Applications > (your app) > Settings > Basic Information in the Auth0 dashboard. A custom domain must be set up under Branding > Custom Domains and exist in DNS."),
            HttpError::Refused { host } => format!("Nothing accepts connections on {host}. Check the domain and port; Auth0 serves https on port 443."),
            HttpError::Reset { host } => format!("The connection to {host} was cut mid-request. A proxy or firewall may interfere (check HTTPS_PROXY and NO_PROXY); try again."),
            HttpError::Timeout { host, secs } => format!("{host} did not answer within {secs} s. Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the firewall, or allow more time (--timeout in the CLI)."),
            HttpError::TlsUntrusted { host } => format!("The certificate of {host} is not signed by a trusted authority. If a company proxy or a private CA intercepts TLS, add its CA certificate (--ca-file in the CLI, AUTH0_WIZARD_CA_FILE for the app); otherwise check that {host} is really your Auth0 domain."),
            HttpError::TlsExpired { host } => format!("The certificate of {host} has expired. For a custom domain with your own certificate, renew it (Branding > Custom Domains); also check the computer's clock."),
            HttpError::TlsWrongHost { host } => format!("{host} presents a certificate for another name. Check the domain; for a custom domain, check that its certificate covers {host} (Branding > Custom Domains)."),
            HttpError::Tls { host, .. } => format!("Check that {host} is your Auth0 domain and that nothing between you and it alters TLS."),
            HttpError::Connect { host, .. } => format!("Check the domain {host} and the network."),
            HttpError::InsecureUrl { .. } => "Auth0 serves everything over https; use the https URL.".to_owned(),
            HttpError::Redirect { location, other_host: true, .. } => format!("Auth0 answers this endpoint directly, without redirects; this one sends you to another host ({location}). Check that the domain is your Auth0 tenant or custom domain (Settings > Basic Information > Domain), not a web site or a proxy in front of it."),
            HttpError::Redirect { to_itself: true, .. } => "The URL redirects to itself (a redirect loop): something other than Auth0 answers on this domain. Use the Domain shown under Applications > (your app) > Settings.".to_owned(),
            HttpError::Redirect { location, .. } => format!("Auth0 answers this endpoint directly, without redirects; this one redirects to {location}. Check the domain, or a proxy in front of it."),
            HttpError::TooLarge { limit, .. } => format!("Auth0's answers are small; one over {} KiB is not from Auth0. Check the domain and any proxy in front of it.", limit / 1024),
            HttpError::Other { .. } => "Check the domain and the network.".to_owned(),
        }
    }
}

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
}

impl Request {
    pub fn get(url: Url) -> Self {
        Request {
            method: reqwest::Method::GET,
            url,
            bearer: None,
            form: None,
        }
    }

    pub fn post_form(url: Url, form: Vec<(String, String)>) -> Self {
        Request {
            method: reqwest::Method::POST,
            url,
            bearer: None,
            form: Some(form),
        }
    }

    pub fn bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }
}

/// The shared client. Cheap to clone.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    timeout: Duration,
    max_body: usize,
    /// Strings scrubbed from any evidence (the secrets this run knows).
    scrub: Vec<String>,
}

impl Http {
    pub fn new(opts: &CheckOptions) -> Result<Self, HttpError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            .timeout(opts.timeout)
            .pool_idle_timeout(Duration::from_secs(30));
        if let Some(path) = &opts.ca_file {
            let ca_err = |reason: String| HttpError::CaFile {
                path: path.display().to_string(),
                reason,
            };
            let pem = std::fs::read(path).map_err(|e| ca_err(e.to_string()))?;
            let certs =
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ca_err(e.to_string()))?;
            if certs.is_empty() {
                return Err(ca_err("no certificate in the file".to_owned()));
            }
            for c in certs {
                builder = builder.add_root_certificate(c);
            }
        }
        let client = builder.build().map_err(|e| HttpError::Other {
            url: String::new(),
            reason: e.to_string(),
        })?;
        Ok(Http {
            client,
            timeout: opts.timeout,
            max_body: opts.max_body,
            scrub: Vec::new(),
        })
    }

    /// Also scrub these values from evidence (empty values are ignored).
    pub fn with_scrubbed<I: IntoIterator<Item = String>>(mut self, secrets: I) -> Self {
        self.scrub
            .extend(secrets.into_iter().filter(|s| s.len() >= 4));
        self
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Send one request; never follows a redirect; the body is read up to the cap.
    pub async fn send(&self, req: Request) -> (Result<Response, HttpError>, Evidence) {
        let started = Instant::now();
        let mut ev = Evidence {
            method: req.method.to_string(),
            url: redact_url(&req.url),
            request_headers: Vec::new(),
            request_body: req.form.as_ref().map(|f| redact_form(f)),
            status: None,
            response_headers: Vec::new(),
            body_excerpt: None,
            error: None,
            elapsed_ms: 0,
        };
        ev.request_headers.push(Header {
            name: "accept".into(),
            value: "application/json".into(),
        });
        if req.bearer.is_some() {
            ev.request_headers.push(Header {
                name: "authorization".into(),
                value: format!("Bearer {REDACTED}"),
            });
        }
        if req.form.is_some() {
            ev.request_headers.push(Header {
                name: "content-type".into(),
                value: "application/x-www-form-urlencoded".into(),
            });
        }
        let host = host_of(&req.url);
        // The client's own timeout covers connect, headers and body; this is a backstop.
        let backstop = self.timeout + Duration::from_millis(500);
        let result = match tokio::time::timeout(backstop, self.exchange(&req, &host, &mut ev)).await
        {
            Ok(r) => r,
            Err(_) => Err(HttpError::Timeout {
                host: host.clone(),
                secs: self.timeout.as_secs().max(1),
            }),
        };
        if let Err(e) = &result {
            ev.error = Some(e.to_string());
        }
        ev.elapsed_ms = started.elapsed().as_millis() as u64;
        self.scrub_evidence(&mut ev);
        (result, ev)
    }

    async fn exchange(
        &self,
        req: &Request,
        host: &str,
        ev: &mut Evidence,
    ) -> Result<Response, HttpError> {
        if req.url.scheme() != "https" {
            return Err(HttpError::InsecureUrl {
                url: redact_url(&req.url),
            });
        }
        let mut rb = self
            .client
            .request(req.method.clone(), req.url.clone())
            .header(ACCEPT, "application/json")
            .header(
                USER_AGENT,
                concat!("auth0-wizard/", env!("CARGO_PKG_VERSION")),
            );
        if let Some(t) = &req.bearer {
            rb = rb.bearer_auth(t);
        }
        if let Some(f) = &req.form {
            rb = rb
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .form(f);
        }
        let mut resp = rb
            .send()
            .await
            .map_err(|e| classify(&e, &req.url, host, self.timeout))?;
        let status = resp.status().as_u16();
        ev.status = Some(status);
        ev.response_headers = kept_headers(resp.headers());
        let headers = resp.headers().clone();
        if (300..400).contains(&status) {
            if let Some(loc) = headers.get("location").and_then(|v| v.to_str().ok()) {
                let target = req.url.join(loc).ok();
                let other_host = target.as_ref().is_some_and(|t| {
                    t.host_str() != req.url.host_str()
                        || t.port_or_known_default() != req.url.port_or_known_default()
                });
                let to_itself = target.as_ref().is_some_and(|t| t.path() == req.url.path());
                return Err(HttpError::Redirect {
                    url: redact_url(&req.url),
                    location: target
                        .as_ref()
                        .map(redact_url)
                        .unwrap_or_else(|| loc.to_owned()),
                    other_host,
                    to_itself: to_itself && !other_host,
                });
            }
        }
        if let Some(len) = resp.content_length() {
            if len as usize > self.max_body {
                return Err(HttpError::TooLarge {
                    url: redact_url(&req.url),
                    limit: self.max_body,
                });
            }
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_body {
                        return Err(HttpError::TooLarge {
                            url: redact_url(&req.url),
                            limit: self.max_body,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(classify(&e, &req.url, host, self.timeout)),
            }
        }
        let response = Response {
            url: req.url.clone(),
            status,
            headers,
            body,
        };
        ev.body_excerpt = Some(redact_body(&response));
        Ok(response)
    }

    fn scrub_evidence(&self, ev: &mut Evidence) {
        let scrub = |s: &mut String| {
            for secret in &self.scrub {
                if s.contains(secret.as_str()) {
                    *s = s.replace(secret.as_str(), REDACTED);
                }
            }
        };
        scrub(&mut ev.url);
        if let Some(b) = ev.request_body.as_mut() {
            scrub(b);
        }
        if let Some(b) = ev.body_excerpt.as_mut() {
            scrub(b);
        }
        if let Some(b) = ev.error.as_mut() {
            scrub(b);
        }
        for h in &mut ev.response_headers {
            scrub(&mut h.value);
        }
    }
}

/// `host` or `host:port` as the user would recognize it.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.to_string(),
    }
}

fn kept_headers(h: &HeaderMap) -> Vec<Header> {
    KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            h.get(*name).map(|v| Header {
                name: (*name).to_owned(),
                value: v.to_str().unwrap_or("(not text)").to_owned(),
            })
        })
        .collect()
}

fn is_secret_key(k: &str) -> bool {
    SECRET_KEYS.contains(&k.to_ascii_lowercase().as_str())
}

/// The URL with secret query values replaced.
pub fn redact_url(url: &Url) -> String {
    if url.query().is_none() {
        return url.to_string();
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_secret_key(&k) {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    let mut u = url.clone();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}

/// A form body as text, with secret values replaced.
pub fn redact_form(form: &[(String, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        ser.append_pair(k, if is_secret_key(k) { REDACTED } else { v });
    }
    ser.finish()
}

/// Replace the values of secret keys anywhere in a JSON value.
pub fn redact_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_key(k) {
                    *val = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(val);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn redact_body(r: &Response) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(&r.body) {
        Ok(mut v) => {
            redact_json(&mut v);
            v.to_string()
        }
        Err(_) => String::from_utf8_lossy(&r.body).into_owned(),
    };
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &text[..i], r.body.len()),
        None => text,
    }
}

/// Name what went wrong with a request, walking the error's causes.
fn classify(e: &reqwest::Error, url: &Url, host: &str, timeout: Duration) -> HttpError {
    let host = host.to_owned();
    let secs = timeout.as_secs().max(1);
    let mut chain_text = String::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        chain_text.push_str(&err.to_string());
        chain_text.push_str(" | ");
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return classify_tls(tls, host);
        }
        if let Some(ioe) = err.downcast_ref::<io::Error>() {
            if let Some(tls) = ioe
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return classify_tls(tls, host);
            }
            match ioe.kind() {
                io::ErrorKind::ConnectionRefused => return HttpError::Refused { host },
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => return HttpError::Reset { host },
                io::ErrorKind::TimedOut => return HttpError::Timeout { host, secs },
                _ => {}
            }
        }
        cur = err.source();
    }
    if e.is_timeout() {
        return HttpError::Timeout { host, secs };
    }
    let lower = chain_text.to_ascii_lowercase();
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        return HttpError::NoSuchHost { host };
    }
    if lower.contains("url scheme is not allowed") {
        return HttpError::InsecureUrl {
            url: redact_url(url),
        };
    }
    if lower.contains("connection closed")
        || lower.contains("incomplete")
        || lower.contains("connection reset")
        || lower.contains("end of file")
    {
        return HttpError::Reset { host };
    }
    if lower.contains("certificate expired")
        || lower.contains("certificate: expired")
        || lower.contains("notvalidyet")
        || lower.contains("not valid yet")
    {
        return HttpError::TlsExpired { host };
    }
    if lower.contains("not valid for name") || lower.contains("notvalidforname") {
        return HttpError::TlsWrongHost { host };
    }
    if lower.contains("unknownissuer")
        || lower.contains("unknown issuer")
        || lower.contains("badsignature")
    {
        return HttpError::TlsUntrusted { host };
    }
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return HttpError::Tls {
            host,
            reason: first_cause(e),
        };
    }
    if e.is_connect() {
        return HttpError::Connect {
            host,
            reason: first_cause(e),
        };
    }
    HttpError::Other {
        url: redact_url(url),
        reason: first_cause(e),
    }
}

fn classify_tls(tls: &rustls::Error, host: String) -> HttpError {
    if let rustls::Error::InvalidCertificate(ce) = tls {
        // Variant names are stable across rustls 0.23 releases; some carry context.
        let name = format!("{ce:?}");
        if name.starts_with("Expired") || name.starts_with("NotValidYet") {
            return HttpError::TlsExpired { host };
        }
        if name.starts_with("NotValidForName") {
            return HttpError::TlsWrongHost { host };
        }
        if name.starts_with("UnknownIssuer")
            || name.starts_with("BadSignature")
            || name.starts_with("UnhandledCriticalExtension")
        {
            return HttpError::TlsUntrusted { host };
        }
    }
    HttpError::Tls {
        host,
        reason: tls.to_string(),
    }
}

/// The innermost cause's message (reqwest's outer message is generic).
fn first_cause(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(err) = cur {
        msg = err.to_string();
        cur = err.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_forms_and_json_lose_their_secrets() {
        let u = Url::parse("https://h/cb?code=abc123&state=xyz&access_token=t0k").unwrap();
        let r = redact_url(&u);
        assert!(!r.contains("abc123") && !r.contains("t0k"), "{r}");
        assert!(r.contains("state=xyz"), "{r}");
        let f = redact_form(&[
            ("client_id".into(), "cid".into()),
            ("client_secret".into(), "s3cr3t".into()),
        ]);
        assert!(f.contains("client_id=cid") && !f.contains("s3cr3t"), "{f}");
        let mut j = serde_json::json!({"access_token": "a", "nested": [{"id_token": "b"}], "scope": "openid"});
        redact_json(&mut j);
        assert_eq!(
            j,
            serde_json::json!({"access_token": REDACTED, "nested": [{"id_token": REDACTED}], "scope": "openid"})
        );
    }

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
