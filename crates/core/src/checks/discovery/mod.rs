//! Reachability, the discovery document, and the issuer comparison.

mod document;
mod issuer;

pub use document::Discovery;
pub use issuer::check_issuer;

use super::http::{host_of, HttpError, Request, Response};
use super::result::{CheckId, CheckResult, CheckStatus, Diagnosis};
use super::{CheckFailure, CheckOptions, Http};
use crate::model::Domain;
use std::time::Instant;
use url::Url;

pub const REACHABILITY_TITLE: &str = "Auth0 domain reachable";
pub const DISCOVERY_TITLE: &str = "OpenID discovery document";
pub const ISSUER_TITLE: &str = "Issuer matches the exports";

/// What fetching the discovery document found.
#[derive(Debug, Clone)]
pub struct DiscoveryOutcome {
    pub reachability: CheckResult,
    pub discovery: CheckResult,
    /// The document's fields (possibly incomplete) when it was JSON and trusted.
    pub doc: Option<Discovery>,
    /// False when the document broke a rule that makes nothing in it believable
    /// (its issuer, an endpoint off the domain, control characters).
    pub trusted: bool,
}

impl DiscoveryOutcome {
    pub fn reachable(&self) -> bool {
        self.reachability.status == CheckStatus::Pass
    }
}

/// `https://{domain}/.well-known/openid-configuration`.
pub fn discovery_url(domain: &Domain) -> Url {
    Url::parse(&format!(
        "{}/.well-known/openid-configuration",
        domain.base_url()
    ))
    .expect("a valid domain makes a valid URL")
}

/// Fetch and check the discovery document; reachability comes from the same request.
pub async fn fetch(http: &Http, domain: &Domain) -> DiscoveryOutcome {
    let started = Instant::now();
    let url = discovery_url(domain);
    let host = host_of(&url);
    let (res, ev) = http.send(Request::get(url.clone())).await;
    let ms = started.elapsed().as_millis() as u64;
    let got_http = ev.status.is_some();
    let (mut reach, read) = match res {
        Err(e) if !got_http && !matches!(e, HttpError::TooLarge { .. }) => {
            let reach = CheckResult::fail(
                CheckId::Reachability,
                e.diagnosis(),
                REACHABILITY_TITLE,
                e.to_string(),
                e.fix(),
            );
            let skipped = CheckResult::skipped(
                CheckId::Discovery,
                Diagnosis::DependencyFailed,
                DISCOVERY_TITLE,
                format!("Not checked: {host} is not reachable."),
            );
            (reach, Read::failed(skipped))
        }
        Err(e) => {
            let disc = fail(e.diagnosis(), e.to_string(), e.fix());
            (reachable(&host, ms), Read::failed(disc))
        }
        Ok(resp) => (reachable(&host, ms), read(&resp, &url, domain)),
    };
    let mut disc = read.result;
    reach.elapsed_ms = ms;
    disc.elapsed_ms = ms;
    reach.evidence = vec![ev];
    disc.evidence = reach.evidence.clone();
    DiscoveryOutcome {
        reachability: reach,
        discovery: disc,
        doc: read.doc,
        trusted: read.trusted,
    }
}

/// What the answer says about the document.
struct Read {
    result: CheckResult,
    doc: Option<Discovery>,
    trusted: bool,
}

impl Read {
    fn failed(result: CheckResult) -> Self {
        Read {
            result,
            doc: None,
            trusted: true,
        }
    }
}

fn fail(d: Diagnosis, detail: impl Into<String>, fix: impl Into<String>) -> CheckResult {
    CheckResult::fail(CheckId::Discovery, d, DISCOVERY_TITLE, detail, fix)
}

/// The answer as a discovery document: a JSON object, trusted, complete.
fn read(resp: &Response, url: &Url, domain: &Domain) -> Read {
    if resp.status != 200 {
        let outage = if resp.status >= 500 {
            " A 5xx answer may also be a passing outage: see status.auth0.com and try again."
        } else {
            ""
        };
        return Read::failed(fail(
            Diagnosis::HttpStatus,
            format!("{url} answered HTTP {} instead of the discovery document.", resp.status),
            format!("Check the domain: every Auth0 tenant and verified custom domain serves this document. Copy Domain from Applications > Applications > (your app) > Settings.{outage}"),
        ));
    }
    let (raw, v) = match resp.raw_json().and_then(|raw| Ok((raw, resp.json()?))) {
        Err(e) => return Read::failed(fail(e.diagnosis(), e.to_string(), "Something other than Auth0 answers on this domain (a web site, a login page or a proxy). Use the Domain shown under Applications > Applications > (your app) > Settings.")),
        Ok((_, v)) if !v.is_object() => return Read::failed(fail(Diagnosis::MalformedJson, format!("{url} answered JSON that is not an object."), "Use the Domain shown under Applications > Applications > (your app) > Settings.")),
        Ok(both) => both,
    };
    let d = Discovery::from_json(&v);
    match document::distrust(&raw, &d, url, domain) {
        Some(result) => Read {
            result,
            doc: None,
            trusted: false,
        },
        None => Read {
            result: document::assess(&d, url),
            doc: Some(d),
            trusted: true,
        },
    }
}

fn reachable(host: &str, ms: u64) -> CheckResult {
    CheckResult::pass(
        CheckId::Reachability,
        REACHABILITY_TITLE,
        format!("{host} answered over verified TLS in {ms} ms."),
    )
}

/// For `export --discover`: the issuer exactly as the live discovery document
/// has it; never one the document may not name (another host than the domain).
pub async fn discover_issuer(domain: &Domain, opts: &CheckOptions) -> Result<String, CheckFailure> {
    let http = Http::new(opts).map_err(|e| CheckFailure::from_http(&e))?;
    let outcome = fetch(&http, domain).await;
    for r in [&outcome.reachability, &outcome.discovery] {
        if r.status == CheckStatus::Fail {
            return Err(CheckFailure::from_result(r));
        }
    }
    outcome
        .doc
        .and_then(|d| d.issuer)
        .ok_or_else(|| CheckFailure {
            diagnosis: Diagnosis::MissingFields,
            message: "the discovery document has no issuer".to_owned(),
            fix: "Use the Domain shown under Applications > Applications > (your app) > Settings."
                .to_owned(),
        })
}
