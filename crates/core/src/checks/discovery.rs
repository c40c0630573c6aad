//! Reachability, the discovery document, and the issuer comparison.

use super::http::{host_of, HttpError, Request};
use super::result::{CheckId, CheckResult, CheckStatus, Diagnosis};
use super::{CheckFailure, CheckOptions, Http};
use crate::model::Domain;
use serde::Serialize;
use std::time::Instant;
use ts_rs::TS;
use url::Url;

pub const REACHABILITY_TITLE: &str = "Auth0 domain reachable";
pub const DISCOVERY_TITLE: &str = "OpenID discovery document";
pub const ISSUER_TITLE: &str = "Issuer matches the exports";

/// The parts of the discovery document the checks use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Discovery {
    pub issuer: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub id_token_signing_alg_values_supported: Vec<String>,
}

impl Discovery {
    fn from_json(v: &serde_json::Value) -> Discovery {
        let s = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
        };
        Discovery {
            issuer: s("issuer"),
            authorization_endpoint: s("authorization_endpoint"),
            token_endpoint: s("token_endpoint"),
            jwks_uri: s("jwks_uri"),
            userinfo_endpoint: s("userinfo_endpoint"),
            id_token_signing_alg_values_supported: v
                .get("id_token_signing_alg_values_supported")
                .and_then(|a| a.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        for (name, v) in [
            ("issuer", &self.issuer),
            ("authorization_endpoint", &self.authorization_endpoint),
            ("token_endpoint", &self.token_endpoint),
            ("jwks_uri", &self.jwks_uri),
            ("userinfo_endpoint", &self.userinfo_endpoint),
        ] {
            if v.is_none() {
                m.push(name);
            }
        }
        m
    }

    /// The token endpoint, or Auth0's own path on the domain.
    pub fn token_endpoint_or_default(&self, domain: &Domain) -> String {
        self.token_endpoint
            .clone()
            .unwrap_or_else(|| format!("{}/oauth/token", domain.base_url()))
    }
}

/// What fetching the discovery document found.
#[derive(Debug, Clone)]
pub struct DiscoveryOutcome {
    pub reachability: CheckResult,
    pub discovery: CheckResult,
    /// The document's fields (possibly incomplete) when it was JSON.
    pub doc: Option<Discovery>,
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
    let evidence = vec![ev];
    let mut reach;
    let mut disc;
    let mut doc = None;
    match res {
        Err(e) if !got_http && !matches!(e, HttpError::TooLarge { .. }) => {
            reach = CheckResult::fail(
                CheckId::Reachability,
                e.diagnosis(),
                REACHABILITY_TITLE,
                e.to_string(),
                e.fix(),
            );
            disc = CheckResult::skipped(
                CheckId::Discovery,
                Diagnosis::DependencyFailed,
                DISCOVERY_TITLE,
                format!("Not checked: {host} is not reachable."),
            );
        }
        Err(e) => {
            reach = reachable(&host, ms);
            disc = CheckResult::fail(
                CheckId::Discovery,
                e.diagnosis(),
                DISCOVERY_TITLE,
                e.to_string(),
                e.fix(),
            );
        }
        Ok(resp) => {
            reach = reachable(&host, ms);
            if resp.status != 200 {
                disc = CheckResult::fail(
                    CheckId::Discovery,
                    Diagnosis::HttpStatus,
                    DISCOVERY_TITLE,
                    format!("{url} answered HTTP {} instead of the discovery document.", resp.status),
                    format!("Check the domain: every Auth0 tenant and verified custom domain serves this document. Copy Domain from Applications > Applications > (your app) > Settings. {}", if resp.status >= 500 { "A 5xx answer may also be a passing outage: see status.auth0.com and try again." } else { "" }).trim_end().to_owned(),
                );
            } else {
                match resp.json() {
                    Err(e) => {
                        disc = CheckResult::fail(CheckId::Discovery, e.diagnosis(), DISCOVERY_TITLE, e.to_string(), "Something other than Auth0 answers on this domain (a web site, a login page or a proxy). Use the Domain shown under Applications > Applications > (your app) > Settings.")
                    }
                    Ok(v) if !v.is_object() => {
                        disc = CheckResult::fail(CheckId::Discovery, Diagnosis::MalformedJson, DISCOVERY_TITLE, format!("{url} answered JSON that is not an object."), "Use the Domain shown under Applications > Applications > (your app) > Settings.")
                    }
                    Ok(v) => {
                        let d = Discovery::from_json(&v);
                        disc = assess(&d, &url);
                        doc = Some(d);
                    }
                }
            }
        }
    }
    reach.elapsed_ms = ms;
    disc.elapsed_ms = ms;
    reach.evidence = evidence.clone();
    disc.evidence = evidence;
    DiscoveryOutcome {
        reachability: reach,
        discovery: disc,
        doc,
    }
}

fn reachable(host: &str, ms: u64) -> CheckResult {
    CheckResult::pass(
        CheckId::Reachability,
        REACHABILITY_TITLE,
        format!("{host} answered over verified TLS in {ms} ms."),
    )
}

fn assess(d: &Discovery, url: &Url) -> CheckResult {
    let missing = d.missing();
    if !missing.is_empty() {
        return CheckResult::fail(
            CheckId::Discovery,
            Diagnosis::MissingFields,
            DISCOVERY_TITLE,
            format!("The discovery document at {url} lacks {}.", missing.join(", ")),
            "Auth0's document always has these fields: the domain does not point at Auth0. Use the Domain shown under Applications > Applications > (your app) > Settings.",
        );
    }
    let insecure: Vec<&str> = [
        &d.authorization_endpoint,
        &d.token_endpoint,
        &d.jwks_uri,
        &d.userinfo_endpoint,
    ]
    .into_iter()
    .flatten()
    .filter(|u| !u.starts_with("https://"))
    .map(String::as_str)
    .collect();
    if !insecure.is_empty() {
        return CheckResult::fail(
            CheckId::Discovery,
            Diagnosis::InsecureUrl,
            DISCOVERY_TITLE,
            format!(
                "The discovery document names endpoints that are not https: {}.",
                insecure.join(", ")
            ),
            "Auth0 serves every endpoint over https: the domain does not point at Auth0.",
        );
    }
    if !d
        .id_token_signing_alg_values_supported
        .iter()
        .any(|a| a == "RS256")
    {
        return CheckResult::fail(
            CheckId::Discovery,
            Diagnosis::Rs256NotSupported,
            DISCOVERY_TITLE,
            format!("id_token_signing_alg_values_supported is [{}]: RS256 is not offered, and every target verifies ID tokens with RS256 through the JWKS.", d.id_token_signing_alg_values_supported.join(", ")),
            "Use the Auth0 domain itself. In Auth0, set Applications > (your app) > Settings > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm to RS256.",
        );
    }
    CheckResult::pass(CheckId::Discovery, DISCOVERY_TITLE, format!("The document has the issuer {}, the authorization, token, JWKS and userinfo endpoints, and offers RS256.", d.issuer.as_deref().unwrap_or("")))
}

/// Compare the live issuer with the one the exports write (exactly, as Dex and go-oidc do).
/// Without an expected issuer, Auth0's own form for the domain (`https://{domain}/`) is used.
pub fn check_issuer(
    doc: Option<&Discovery>,
    domain: &Domain,
    expected: Option<&str>,
) -> CheckResult {
    let Some(live) = doc.and_then(|d| d.issuer.as_deref()) else {
        return CheckResult::skipped(
            CheckId::Issuer,
            Diagnosis::DependencyFailed,
            ISSUER_TITLE,
            "Not checked: no issuer from the discovery document.",
        );
    };
    let (expected, from_exports) = match expected {
        Some(e) if !e.trim().is_empty() => (e.trim().to_owned(), true),
        _ => (domain.issuer(), false),
    };
    if live == expected {
        return CheckResult::pass(
            CheckId::Issuer,
            ISSUER_TITLE,
            format!("The live issuer is exactly {live}, as the exports write it."),
        );
    }
    let what = if from_exports {
        "the exports write"
    } else {
        "the domain gives"
    };
    let fix_use_live = format!("Write the issuer exactly as the discovery document has it: {live} (`auth0-wizard export --discover` takes it from the live document).");
    let (diag, detail, fix) = if expected.trim_end_matches('/') == live.trim_end_matches('/')
        && live.ends_with('/')
    {
        (
            Diagnosis::IssuerMissingTrailingSlash,
            format!("The live issuer is {live} (with a trailing slash) but {what} {expected}. Dex and other go-oidc clients compare the two letter by letter and refuse to start (\"issuer did not match the issuer returned by provider\")."),
            format!("Add the trailing slash: use {live}."),
        )
    } else if expected.trim_end_matches('/') == live.trim_end_matches('/') {
        (
            Diagnosis::IssuerExtraTrailingSlash,
            format!("The live issuer is {live} (without a trailing slash) but {what} {expected}. Clients compare the two letter by letter, so they do not match."),
            format!("Write the issuer exactly as the live document has it: {live}."),
        )
    } else if expected
        .strip_prefix("http://")
        .is_some_and(|rest| Some(rest) == live.strip_prefix("https://"))
    {
        (Diagnosis::IssuerHttpScheme, format!("{what} the issuer {expected} with http://, but Auth0's issuer is {live} (https). Tokens carry the https issuer, so verification fails."), format!("Use https: {live}."))
    } else if host_part(&expected) != host_part(live) {
        (
            Diagnosis::IssuerOtherDomain,
            format!("{what} the issuer {expected}, but the document at {domain} says {live}: another domain. Auth0 puts the domain the login went through into tokens (custom domain vs tenant domain), so the two must be the same everywhere."),
            format!("Use one domain everywhere: either enter the domain of {live} as the Auth0 domain, or write {live} as the issuer. Custom domains are under Branding > Custom Domains in the Auth0 dashboard."),
        )
    } else {
        (Diagnosis::IssuerMismatch, format!("{what} the issuer {expected}, but the live issuer is {live}; they must match exactly."), fix_use_live.clone())
    };
    // Without a target the exports' issuer is unknown: a difference is a warning.
    let status = if from_exports {
        CheckStatus::Fail
    } else {
        CheckStatus::Warn
    };
    CheckResult::new(CheckId::Issuer, status, diag, ISSUER_TITLE, detail).with_fix(fix)
}

fn host_part(issuer: &str) -> String {
    Url::parse(issuer)
        .ok()
        .map(|u| host_of(&u).to_ascii_lowercase())
        .unwrap_or_else(|| issuer.to_owned())
}

/// For `export --discover`: the issuer exactly as the live discovery document has it.
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
