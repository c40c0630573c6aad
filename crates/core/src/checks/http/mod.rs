//! The one HTTP client every check uses: rustls with verification always on,
//! connect and total timeouts, a response size cap, no silent redirects, and
//! every exchange kept as redacted [`Evidence`].

mod classify;
mod error;
mod redact;
mod response;

pub use error::HttpError;
pub use redact::{redact_form, redact_json, redact_url};
pub use response::{BodyError, Request, Response};

use super::result::{Evidence, Header};
use super::CheckOptions;
use classify::classify;
use redact::{redact_body, REDACTED};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use std::time::{Duration, Instant};
use url::Url;

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
            for c in read_ca_file(path)? {
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
        let mut ev = request_evidence(&req);
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
        let mut resp = self
            .build(req)
            .send()
            .await
            .map_err(|e| classify(&e, &req.url, host, self.timeout))?;
        let status = resp.status().as_u16();
        ev.status = Some(status);
        ev.response_headers = kept_headers(resp.headers());
        let headers = resp.headers().clone();
        if (300..400).contains(&status) {
            if let Some(loc) = headers.get("location").and_then(|v| v.to_str().ok()) {
                return Err(redirect_error(&req.url, loc));
            }
        }
        let body = self.read_body(&mut resp, &req.url, host).await?;
        let response = Response {
            url: req.url.clone(),
            status,
            headers,
            body,
        };
        ev.body_excerpt = Some(redact_body(&response));
        Ok(response)
    }

    fn build(&self, req: &Request) -> reqwest::RequestBuilder {
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
        if let Some(j) = &req.json {
            rb = rb.json(j);
        }
        rb
    }

    /// The body, chunk by chunk, refused as soon as it passes the cap.
    async fn read_body(
        &self,
        resp: &mut reqwest::Response,
        url: &Url,
        host: &str,
    ) -> Result<Vec<u8>, HttpError> {
        let too_large = || HttpError::TooLarge {
            url: redact_url(url),
            limit: self.max_body,
        };
        if resp
            .content_length()
            .is_some_and(|l| l as usize > self.max_body)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_body {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(body),
                Err(e) => return Err(classify(&e, url, host, self.timeout)),
            }
        }
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

/// The certificates of a PEM bundle, or why the file cannot be used.
fn read_ca_file(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, HttpError> {
    let ca_err = |reason: String| HttpError::CaFile {
        path: path.display().to_string(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| ca_err(e.to_string()))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ca_err(e.to_string()))?;
    if certs.is_empty() {
        return Err(ca_err("no certificate in the file".to_owned()));
    }
    Ok(certs)
}

/// The request as evidence, before anything is sent (secrets redacted).
fn request_evidence(req: &Request) -> Evidence {
    let header = |name: &str, value: String| Header {
        name: name.into(),
        value,
    };
    let mut request_headers = vec![header("accept", "application/json".into())];
    if req.bearer.is_some() {
        request_headers.push(header("authorization", format!("Bearer {REDACTED}")));
    }
    if req.form.is_some() {
        let form = "application/x-www-form-urlencoded";
        request_headers.push(header("content-type", form.into()));
    }
    if req.json.is_some() {
        request_headers.push(header("content-type", "application/json".into()));
    }
    let json_body = req.json.as_ref().map(|j| {
        let mut j = j.clone();
        redact_json(&mut j);
        j.to_string()
    });
    Evidence {
        method: req.method.to_string(),
        url: redact_url(&req.url),
        request_headers,
        request_body: req.form.as_ref().map(|f| redact_form(f)).or(json_body),
        status: None,
        response_headers: Vec::new(),
        body_excerpt: None,
        error: None,
        elapsed_ms: 0,
    }
}

/// A redirect is never followed: say where it went.
fn redirect_error(url: &Url, location: &str) -> HttpError {
    let target = url.join(location).ok();
    let other_host = target.as_ref().is_some_and(|t| {
        t.host_str() != url.host_str() || t.port_or_known_default() != url.port_or_known_default()
    });
    let to_itself = target.as_ref().is_some_and(|t| t.path() == url.path());
    HttpError::Redirect {
        url: redact_url(url),
        location: target
            .as_ref()
            .map(redact_url)
            .unwrap_or_else(|| location.to_owned()),
        other_host,
        to_itself: to_itself && !other_host,
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
