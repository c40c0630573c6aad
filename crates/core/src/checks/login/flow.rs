//! The login test's steps, in order: discovery, listener, authorize URL, browser,
//! callback, code exchange, ID token.

use super::super::discovery;
use super::super::http::{redact_url, Request};
use super::super::idtoken::{self, Claims};
use super::super::jwks;
use super::super::result::{CheckResult, CheckStatus, Diagnosis, Evidence};
use super::super::{CheckOptions, Http};
use super::listener::{CallbackListener, WaitError};
use super::verdict::{
    assess_claims, authorize_fix, exchange_failure, fail, settings, verify_failure,
};
use super::{cancelled, pkce_challenge, random_b64, LoginInput};
use tokio_util::sync::CancellationToken;
use url::Url;

/// A step either gives what the next one needs or ends the test with its result.
type Step<T> = Result<T, Box<CheckResult>>;

fn stop<T>(r: CheckResult) -> Step<T> {
    Err(Box::new(r))
}

/// The discovery document's endpoints the login test uses.
struct Endpoints {
    authorize: String,
    token: String,
    jwks_uri: String,
    issuer: String,
}

/// What one login attempt sends and must get back.
struct Attempt {
    redirect_uri: String,
    verifier: String,
    state: String,
    nonce: String,
}

pub(super) async fn flow(
    input: &LoginInput,
    opts: &CheckOptions,
    cancel: &CancellationToken,
    evidence: &mut Vec<Evidence>,
) -> (CheckResult, Option<Claims>) {
    let mut f = match Flow::new(input, opts, evidence) {
        Ok(f) => f,
        Err(r) => return (*r, None),
    };
    match f.steps(cancel).await {
        Ok(claims) => (assess_claims(&claims, input), Some(claims)),
        Err(r) => (*r, None),
    }
}

struct Flow<'a> {
    http: Http,
    input: &'a LoginInput,
    evidence: &'a mut Vec<Evidence>,
}

impl<'a> Flow<'a> {
    fn new(
        input: &'a LoginInput,
        opts: &CheckOptions,
        evidence: &'a mut Vec<Evidence>,
    ) -> Step<Self> {
        let scrub = input.client_secret.iter().map(|s| s.expose().to_owned());
        match Http::new(opts) {
            Ok(h) => Ok(Flow {
                http: h.with_scrubbed(scrub),
                input,
                evidence,
            }),
            Err(e) => stop(fail(e.diagnosis(), e.to_string(), e.fix())),
        }
    }

    async fn steps(&mut self, cancel: &CancellationToken) -> Step<Claims> {
        let ep = self.endpoints().await?;
        // The one-shot listener, before the browser goes anywhere.
        let state = random_b64(24);
        let mut listener = self.listen(&state).await?;
        let attempt = Attempt {
            redirect_uri: listener.redirect_uri(),
            verifier: random_b64(32),
            state,
            nonce: random_b64(24),
        };
        let url = self.authorize_url(&ep.authorize, &attempt)?;
        self.open_browser(&url)?;
        let code = self.callback(&mut listener, &attempt, cancel).await?;
        drop(listener);
        let id_token = self.exchange(&ep.token, code, &attempt).await?;
        self.verify(&ep, &id_token, &attempt.nonce).await
    }

    /// 1. Discovery: the endpoints and the live issuer.
    async fn endpoints(&mut self) -> Step<Endpoints> {
        let d = discovery::fetch(&self.http, &self.input.domain).await;
        self.evidence.extend(d.discovery.evidence.iter().cloned());
        for r in [&d.reachability, &d.discovery] {
            if r.status == CheckStatus::Fail {
                let fix = r.fix.clone().unwrap_or_default();
                return stop(fail(r.diagnosis, r.detail.clone(), fix));
            }
        }
        let doc = d.doc.unwrap_or_default();
        let (Some(authorize), Some(token), Some(jwks_uri), Some(live_iss)) = (
            doc.authorization_endpoint,
            doc.token_endpoint,
            doc.jwks_uri,
            doc.issuer,
        ) else {
            return stop(fail(
                Diagnosis::MissingFields,
                "The discovery document lacks endpoints.",
                "Use the Auth0 domain itself.",
            ));
        };
        let issuer = self
            .input
            .expected_issuer
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(live_iss);
        Ok(Endpoints {
            authorize,
            token,
            jwks_uri,
            issuer,
        })
    }

    /// 2. The loopback listener, for this attempt's state only.
    async fn listen(&self, state: &str) -> Step<CallbackListener> {
        let port = self.input.port;
        match CallbackListener::bind(port, state).await {
            Ok(l) => Ok(l),
            Err(e) => stop(fail(Diagnosis::PortInUse, format!("Cannot listen on 127.0.0.1:{port}: {e}."), format!("Stop what uses port {port} or choose another with --port (and add http://127.0.0.1:PORT/callback to Allowed Callback URLs)."))),
        }
    }

    /// 3. The authorize URL, with PKCE, state and nonce.
    fn authorize_url(&mut self, authorize: &str, a: &Attempt) -> Step<Url> {
        let mut url = parse_endpoint("authorization_endpoint", authorize)?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.input.client_id)
            .append_pair("redirect_uri", &a.redirect_uri)
            .append_pair("scope", &self.input.scopes.join(" "))
            .append_pair("state", &a.state)
            .append_pair("nonce", &a.nonce)
            .append_pair("code_challenge", &pkce_challenge(&a.verifier))
            .append_pair("code_challenge_method", "S256");
        self.evidence
            .push(bare_evidence("GET (browser)", url.to_string(), None));
        Ok(url)
    }

    /// 4. Hand the URL to the sink and (if asked) the system browser.
    fn open_browser(&self, url: &Url) -> Step<()> {
        if let Some(sink) = &self.input.url_sink {
            sink(url.as_str());
        }
        if self.input.open_browser {
            if let Err(e) = open::that_detached(url.as_str()) {
                return stop(fail(Diagnosis::BrowserOpenFailed, format!("Could not open a browser ({e}). The login URL is: {url}"), "Open the URL yourself in a browser, or run with --no-browser, which prints it."));
            }
        }
        Ok(())
    }

    /// 5. The callback: an error, the wrong state, or the code.
    async fn callback(
        &mut self,
        listener: &mut CallbackListener,
        a: &Attempt,
        cancel: &CancellationToken,
    ) -> Step<String> {
        let cb = match listener.wait(self.input.timeout, cancel).await {
            Ok(p) => p,
            Err(WaitError::Cancelled) => return stop(cancelled()),
            Err(WaitError::Timeout(secs)) => {
                let uri = &a.redirect_uri;
                return stop(fail(
                    Diagnosis::NoCallback,
                    format!("The browser did not come back to {uri} within {secs} s. Most likely Auth0 showed its own \"Callback URL mismatch\" page (it never redirects then), or the login was not finished."),
                    format!("Add {uri} exactly to Allowed Callback URLs in {} > Application URIs, Save, and run the login test again.", settings(&self.input.domain)),
                ));
            }
        };
        // The callback's text comes from the provider, through the browser.
        let sanitizer = self.http.sanitizer();
        let clean = |s: &str| sanitizer.clean(s);
        let url = clean(&redact_url(&cb.url));
        self.evidence
            .push(bare_evidence("GET (callback)", url, Some(200)));
        if let Some(err) = cb.error.as_deref().map(clean) {
            let desc = clean(cb.error_description.as_deref().unwrap_or_default());
            return stop(fail(
                Diagnosis::AuthorizeError,
                format!("Auth0 sent the browser back with error={err}: {desc}"),
                authorize_fix(&err, &desc, &self.input.domain),
            ));
        }
        if cb.state.as_deref() != Some(a.state.as_str()) {
            return stop(fail(Diagnosis::StateMismatch, "The callback's state does not match the one sent: it comes from another login attempt (an old tab) or was forged; it was not used.", "Run the login test again and finish the login only in the tab it opens."));
        }
        match cb.code.filter(|c| !c.is_empty()) {
            Some(code) => Ok(code),
            None => stop(fail(Diagnosis::MissingCode, "The callback has neither a code nor an error.", "Check that the application's grant types include Authorization Code, then run again.")),
        }
    }

    /// 6. The code exchange, with the verifier and the secret; returns the ID token.
    async fn exchange(&mut self, token_ep: &str, code: String, a: &Attempt) -> Step<String> {
        let mut form = vec![
            ("grant_type".to_owned(), "authorization_code".to_owned()),
            ("client_id".to_owned(), self.input.client_id.clone()),
            ("code".to_owned(), code),
            ("redirect_uri".to_owned(), a.redirect_uri.clone()),
            ("code_verifier".to_owned(), a.verifier.clone()),
        ];
        if let Some(s) = &self.input.client_secret {
            form.push(("client_secret".to_owned(), s.expose().to_owned()));
        }
        let token_url = parse_endpoint("token_endpoint", token_ep)?;
        let (res, ev) = self.http.send(Request::post_form(token_url, form)).await;
        self.evidence.push(ev);
        let resp = match res {
            Ok(r) => r,
            Err(e) => {
                let detail = format!("The code exchange failed: {e}.");
                return stop(fail(e.diagnosis(), detail, e.fix()));
            }
        };
        if resp.status != 200 {
            return stop(exchange_failure(&resp, &self.input.domain));
        }
        let id_token = resp.json().ok().and_then(|v| {
            v.get("id_token")
                .and_then(|t| t.as_str())
                .map(str::to_owned)
        });
        match id_token {
            Some(t) => Ok(t),
            None => stop(fail(Diagnosis::IdTokenMissing, "The token answer has no id_token.", "Keep the openid scope; check that the application is OIDC Conformant (Advanced Settings > OAuth).")),
        }
    }

    /// 7. The ID token, verified with the JWKS.
    async fn verify(&mut self, ep: &Endpoints, id_token: &str, nonce: &str) -> Step<Claims> {
        let (jr, set) = jwks::check(&self.http, &ep.jwks_uri).await;
        self.evidence.extend(jr.evidence.iter().cloned());
        let Some(set) = set else {
            return stop(fail(jr.diagnosis, jr.detail, jr.fix.unwrap_or_default()));
        };
        let client_id = &self.input.client_id;
        // The token's payload is server text too: its claims and what a failure quotes.
        let clean = self.http.sanitizer();
        match idtoken::verify(id_token, &set, &ep.issuer, client_id, nonce) {
            Ok(claims) => Ok(claims
                .into_iter()
                .map(|(k, v)| (clean.clean(&k), clean.clean_json(v)))
                .collect()),
            Err(e) => {
                let mut r = verify_failure(&e, &ep.issuer, &self.input.domain);
                r.detail = clean.clean(&r.detail);
                r.fix = r.fix.map(|f| clean.clean(&f));
                stop(r)
            }
        }
    }
}

fn parse_endpoint(name: &str, value: &str) -> Step<Url> {
    Url::parse(value).or_else(|e| {
        stop(fail(
            Diagnosis::MissingFields,
            format!("{name} {value:?} is not a URL: {e}"),
            "Use the Auth0 domain itself.",
        ))
    })
}

/// A step outside the HTTP client (the browser's): only its method, URL and status.
fn bare_evidence(method: &str, url: String, status: Option<u16>) -> Evidence {
    Evidence {
        method: method.into(),
        url,
        request_headers: vec![],
        request_body: None,
        status,
        response_headers: vec![],
        body_excerpt: None,
        error: None,
        elapsed_ms: 0,
    }
}
