//! The JWKS: reachable, with at least one RSA key usable for RS256.

use super::http::Request;
use super::result::{CheckId, CheckResult, Diagnosis};
use super::Http;
use jsonwebtoken::jwk::JwkSet;
use std::time::Instant;
use url::Url;

pub const TITLE: &str = "Signing keys (JWKS)";

/// Is this JWK (as JSON) usable to verify RS256 signatures?
pub fn usable_for_rs256(k: &serde_json::Value) -> bool {
    let s = |name: &str| k.get(name).and_then(|v| v.as_str());
    s("kty") == Some("RSA")
        && matches!(s("use"), None | Some("sig"))
        && matches!(s("alg"), None | Some("RS256"))
        && match (s("n"), s("e")) {
            (Some(n), Some(e)) => jsonwebtoken::DecodingKey::from_rsa_components(n, e).is_ok(),
            _ => false,
        }
}

/// Fetch `jwks_uri` and check it; returns the key set when it has a usable key.
pub async fn check(http: &Http, jwks_uri: &str) -> (CheckResult, Option<JwkSet>) {
    let started = Instant::now();
    let url = match Url::parse(jwks_uri) {
        Ok(u) => u,
        Err(e) => {
            return (CheckResult::fail(CheckId::Jwks, Diagnosis::MissingFields, TITLE, format!("jwks_uri {jwks_uri:?} is not a URL: {e}."), "Use the Auth0 domain itself; its discovery document names https://{domain}/.well-known/jwks.json."), None);
        }
    };
    let (res, ev) = http.send(Request::get(url.clone())).await;
    let (mut result, set) = match res {
        Err(e) => (CheckResult::fail(CheckId::Jwks, e.diagnosis(), TITLE, e.to_string(), e.fix()), None),
        Ok(resp) if resp.status != 200 => (
            CheckResult::fail(CheckId::Jwks, Diagnosis::HttpStatus, TITLE, format!("{url} answered HTTP {} instead of the key set.", resp.status), "Check the domain; Auth0 always serves /.well-known/jwks.json. A 5xx may be a passing outage: try again."),
            None,
        ),
        Ok(resp) => match resp.json() {
            Err(e) => (CheckResult::fail(CheckId::Jwks, e.diagnosis(), TITLE, e.to_string(), "Something other than Auth0 answers for the JWKS. Use the Auth0 domain itself."), None),
            Ok(v) => assess(&url, &v),
        },
    };
    result.elapsed_ms = started.elapsed().as_millis() as u64;
    result.evidence = vec![ev];
    (result, set)
}

fn assess(url: &Url, v: &serde_json::Value) -> (CheckResult, Option<JwkSet>) {
    let keys = v.get("keys").and_then(|k| k.as_array());
    let Some(keys) = keys.filter(|k| !k.is_empty()) else {
        return (CheckResult::fail(CheckId::Jwks, Diagnosis::NoKeys, TITLE, format!("{url} has no keys."), "Auth0 always publishes its signing keys. Check the domain; in Auth0, Settings > Signing Keys (tenant settings) must list a current key."), None);
    };
    let usable: Vec<&serde_json::Value> = keys.iter().filter(|k| usable_for_rs256(k)).collect();
    if usable.is_empty() {
        return (
            CheckResult::fail(CheckId::Jwks, Diagnosis::NoRs256Key, TITLE, format!("{url} has {} key(s), none an RSA signing key usable for RS256.", keys.len()), "Targets verify ID tokens with RS256. Check the domain; in Auth0, Settings > Signing Keys must have an RS256 key."),
            None,
        );
    }
    // Keep only the usable keys: a key of another type must not break the set.
    let set: Option<JwkSet> = serde_json::from_value(serde_json::json!({ "keys": usable })).ok();
    let kids: Vec<&str> = usable
        .iter()
        .filter_map(|k| k.get("kid").and_then(|x| x.as_str()))
        .collect();
    (
        CheckResult::pass(
            CheckId::Jwks,
            TITLE,
            format!(
                "{} RS256 signing key(s) ({}).",
                usable.len(),
                if kids.is_empty() {
                    "no kid".to_owned()
                } else {
                    kids.join(", ")
                }
            ),
        ),
        set,
    )
}
