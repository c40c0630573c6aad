//! The one HTTP client every check uses: rustls with verification always on,
//! connect and total timeouts, a response size cap, no silent redirects, and
//! every exchange kept as redacted [`Evidence`].

mod classify;
mod error;
mod redact;
mod response;
mod sanitize;

pub use error::HttpError;
use redact::secret_values;
pub use redact::{redact_form, redact_json, redact_url};
pub use response::{BodyError, Request, Response};
pub use sanitize::{escape_controls, is_unsafe_char, Sanitizer};

use super::result::{Evidence, Header};
use super::CheckOptions;
use classify::{classify, first_cause};
use redact::{redact_body, REDACTED};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, USER_AGENT};
use std::sync::{Arc, RwLock};
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

/// The shared client. Cheap to clone; clones share what they have learned to scrub.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    /// The proxies reqwest takes from the environment, to name one that fails.
    proxies: Arc<hyper_util::client::proxy::matcher::Matcher>,
    timeout: Duration,
    max_body: usize,
    /// Cleans everything the server sends: the secrets this run knows (given, or
    /// sent in any request so far) and control characters.
    clean: Arc<RwLock<Sanitizer>>,
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
        let client = builder.build().map_err(|e| match &opts.ca_file {
            // The certificates are parsed only now: a block that is PEM but no certificate.
            Some(path) => HttpError::CaFile {
                path: path.display().to_string(),
                reason: format!("a certificate in it is not valid ({})", first_cause(&e)),
            },
            None => HttpError::Other {
                url: String::new(),
                reason: e.to_string(),
            },
        })?;
        Ok(Http {
            client,
            proxies: Arc::new(hyper_util::client::proxy::matcher::Matcher::from_system()),
            timeout: opts.timeout,
            max_body: opts.max_body,
            clean: Arc::default(),
        })
    }

    /// Also scrub these secrets from everything the server sends (values
    /// shorter than four characters are ignored).
    pub fn with_scrubbed<I: IntoIterator<Item = String>>(self, secrets: I) -> Self {
        self.learn(secrets);
        self
    }

    fn learn<I: IntoIterator<Item = String>>(&self, secrets: I) {
        let mut clean = self.clean.write().unwrap_or_else(|e| e.into_inner());
        clean.add_secrets(secrets);
    }

    /// What cleans server text for this client now; also for text that arrives
    /// another way (the login test's callback).
    pub fn sanitizer(&self) -> Sanitizer {
        self.clean.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Send one request; never follows a redirect; the body is read up to the cap.
    pub async fn send(&self, req: Request) -> (Result<Response, HttpError>, Evidence) {
        let started = Instant::now();
        // Whatever secret goes out must not come back in anything shown.
        self.learn(secret_values(&req.form.clone().unwrap_or_default()));
        self.learn(req.bearer.clone());
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
        let result = result.map_err(|e| self.through_proxy(&req.url, e));
        let clean = self.sanitizer();
        if let Err(e) = &result {
            ev.error = Some(e.to_string());
        }
        ev.elapsed_ms = started.elapsed().as_millis() as u64;
        scrub_evidence(&clean, &mut ev);
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
                // The location is server text: cleaned before it is in any message.
                return Err(redirect_error(&req.url, &self.sanitizer().clean(loc)));
            }
        }
        let body = self.read_body(&mut resp, &req.url, host).await?;
        ev.body_excerpt = Some(redact_body(&body));
        let clean = self.sanitizer();
        Ok(Response::new(req.url.clone(), status, headers, body, clean))
    }

    /// A connection that failed through a proxy failed at the proxy: name it, not the host.
    fn through_proxy(&self, url: &Url, e: HttpError) -> HttpError {
        let uri = url.as_str().parse::<hyper::Uri>().ok();
        let Some(proxy) = uri.and_then(|u| self.proxies.intercept(&u)) else {
            return e;
        };
        let p = proxy.uri();
        let proxy = format!(
            "{}://{}",
            p.scheme_str().unwrap_or("http"),
            p.authority()
                .map_or("", |a| a.as_str().rsplit('@').next().unwrap_or(""))
        );
        let reason = match e {
            HttpError::Refused { .. } => "refused the connection".to_owned(),
            HttpError::NoSuchHost { .. } => "does not resolve (DNS)".to_owned(),
            HttpError::Connect { reason, .. } => format!("failed: {reason}"),
            other => return other,
        };
        HttpError::Proxy {
            proxy,
            host: host_of(url),
            reason,
        }
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
}

/// Evidence holds server text too: every field is cleaned.
fn scrub_evidence(sanitizer: &Sanitizer, ev: &mut Evidence) {
    let clean = |s: &mut String| *s = sanitizer.clean(s);
    clean(&mut ev.url);
    ev.request_body.as_mut().map(clean);
    ev.body_excerpt.as_mut().map(clean);
    ev.error.as_mut().map(clean);
    for h in &mut ev.response_headers {
        clean(&mut h.value);
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
