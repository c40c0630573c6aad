//! The discovery document: its fields, and what makes it usable and trusted.
//!
//! Trusted means: no control characters anywhere, the issuer is the URL the
//! document was fetched from (OpenID Connect Discovery 1.0, section 4.3), and
//! every endpoint is https on the domain itself. A document that breaks one
//! of these is not used at all: nothing is sent to its endpoints.

use super::super::http::is_unsafe_char;
use super::super::result::{CheckId, CheckResult, Diagnosis};
use super::DISCOVERY_TITLE;
use crate::model::Domain;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;
use url::Url;

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
    pub(super) fn from_json(v: &Value) -> Discovery {
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

    /// The endpoints the checks call, by their names in the document.
    fn endpoints(&self) -> [(&'static str, &Option<String>); 4] {
        [
            ("authorization_endpoint", &self.authorization_endpoint),
            ("token_endpoint", &self.token_endpoint),
            ("jwks_uri", &self.jwks_uri),
            ("userinfo_endpoint", &self.userinfo_endpoint),
        ]
    }

    fn missing(&self) -> Vec<&'static str> {
        let issuer = [("issuer", &self.issuer)];
        let fields = issuer.into_iter().chain(self.endpoints());
        fields
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| n)
            .collect()
    }

    /// The token endpoint, or Auth0's own path on the domain.
    pub fn token_endpoint_or_default(&self, domain: &Domain) -> String {
        self.token_endpoint
            .clone()
            .unwrap_or_else(|| format!("{}/oauth/token", domain.base_url()))
    }
}

/// Is `url` https on the domain's own host and port, with no user name?
fn on_domain(url: &Url, domain: &Domain) -> bool {
    url.scheme() == "https"
        && url.host_str() == Some(domain.host.as_str())
        && url.port_or_known_default() == Some(domain.port.unwrap_or(443))
        && url.username().is_empty()
        && url.password().is_none()
}

/// Is `issuer` the URL the document was fetched from (with or without the trailing slash)?
pub(super) fn is_domain_issuer(issuer: &str, domain: &Domain) -> bool {
    Url::parse(issuer).is_ok_and(|u| {
        on_domain(&u, domain) && u.path() == "/" && u.query().is_none() && u.fragment().is_none()
    })
}

fn fail(d: Diagnosis, detail: String, fix: String) -> CheckResult {
    CheckResult::fail(CheckId::Discovery, d, DISCOVERY_TITLE, detail, fix)
}

/// Why the document must not be believed, if it must not: the first broken rule.
pub(super) fn distrust(
    raw: &Value,
    d: &Discovery,
    url: &Url,
    domain: &Domain,
) -> Option<CheckResult> {
    let elsewhere = format!("Check the Auth0 domain ({domain}): copy Domain from Applications > Applications > (your app) > Settings > Basic Information. Something other than Auth0 (a proxy or another service) answers on {domain}.");
    if let Some(field) = field_with_control_chars(raw) {
        return Some(fail(Diagnosis::ControlCharacters, format!("The discovery document's {field} contains control characters (a line break, NUL or an escape sequence); Auth0's never does. Nothing in this document is used."), elsewhere));
    }
    if let Some(live) = d.issuer.as_deref().filter(|i| !is_domain_issuer(i, domain)) {
        let expected = domain.issuer();
        return Some(fail(
            Diagnosis::IssuerNotDiscoveryUrl,
            format!("The discovery document at {url} names the issuer {live}, but an issuer must be the URL its document is fetched from, here {expected} (OpenID Connect Discovery 1.0, section 4.3). Nothing in this document is used."),
            format!("{elsewhere} A custom domain's own document names the custom domain; if {live} is your tenant, enter its domain as the Auth0 domain."),
        ));
    }
    for (name, value) in d.endpoints() {
        let Some(value) = value else { continue };
        let parsed = Url::parse(value).ok();
        if parsed.as_ref().is_some_and(|u| u.scheme() != "https") {
            return Some(fail(Diagnosis::InsecureUrl, format!("The discovery document's {name} is {value}: not https. Nothing in this document is used."), "Auth0 serves every endpoint over https: the domain does not point at Auth0.".to_owned()));
        }
        if !parsed.as_ref().is_some_and(|u| on_domain(u, domain)) {
            return Some(fail(Diagnosis::EndpointOtherHost, format!("The discovery document's {name} is {value}: not on {domain}, where Auth0 serves every endpoint. Nothing in this document is used, and nothing was sent there."), elsewhere));
        }
    }
    None
}

/// The first top-level field with a control character anywhere in its value.
fn field_with_control_chars(raw: &Value) -> Option<String> {
    fn unsafe_in(v: &Value) -> bool {
        match v {
            Value::String(s) => s.chars().any(is_unsafe_char),
            Value::Array(a) => a.iter().any(unsafe_in),
            Value::Object(m) => m
                .iter()
                .any(|(k, v)| k.chars().any(is_unsafe_char) || unsafe_in(v)),
            _ => false,
        }
    }
    let map = raw.as_object()?;
    map.iter()
        .find(|(k, v)| k.chars().any(is_unsafe_char) || unsafe_in(v))
        .map(|(k, _)| crate::checks::http::escape_controls(k))
}

/// A trusted document: complete, and offering RS256?
pub(super) fn assess(d: &Discovery, url: &Url) -> CheckResult {
    let missing = d.missing();
    if !missing.is_empty() {
        return fail(
            Diagnosis::MissingFields,
            format!("The discovery document at {url} lacks {}.", missing.join(", ")),
            "Auth0's document always has these fields: the domain does not point at Auth0. Use the Domain shown under Applications > Applications > (your app) > Settings.".to_owned(),
        );
    }
    if !d
        .id_token_signing_alg_values_supported
        .iter()
        .any(|a| a == "RS256")
    {
        return fail(
            Diagnosis::Rs256NotSupported,
            format!("id_token_signing_alg_values_supported is [{}]: RS256 is not offered, and every target verifies ID tokens with RS256 through the JWKS.", d.id_token_signing_alg_values_supported.join(", ")),
            "Use the Auth0 domain itself. In Auth0, set Applications > (your app) > Settings > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm to RS256.".to_owned(),
        );
    }
    CheckResult::pass(CheckId::Discovery, DISCOVERY_TITLE, format!("The document has the issuer {}, the authorization, token, JWKS and userinfo endpoints, and offers RS256.", d.issuer.as_deref().unwrap_or("")))
}
