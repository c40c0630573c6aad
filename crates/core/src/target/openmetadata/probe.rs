//! Probing OpenMetadata (reference B.5): two endpoints its JWT filter leaves
//! public, the version and the authentication configuration the UI logs in with.

use crate::doctor::probe::answer::host_of_text;
use crate::doctor::probe::compare::at_field;
use crate::doctor::probe::{under, Answer, Observed, OmAuth, ProbeKind, ProbePlan, Probing, Reading, Step};
use crate::doctor::{Finding, Imported, Level};
use serde_json::Value;
use url::Url;

pub fn plan(base: &Url) -> ProbePlan {
    ProbePlan {
        steps: vec![
            Step::new(ProbeKind::Version, under(base, "/api/v1/system/version"), read_version),
            Step::new(ProbeKind::AuthConfig, under(base, "/api/v1/system/config/auth"), read_auth),
        ],
        compare: Some(compare),
        ..ProbePlan::default()
    }
}

fn read_version(a: &Answer, p: &mut Probing<'_>) -> Reading {
    match (a.status, a.json_str("version")) {
        (200, Some(v)) => {
            let revision = a.json_str("revision").map(|r| format!(" (revision {r})")).unwrap_or_default();
            let detail = format!("OpenMetadata {v}{revision}.");
            p.observed.version = Some(v);
            Reading::ok(detail)
        }
        (404, _) => Reading::failed(format!("{} answers 404: this is not OpenMetadata 1.x (every 1.x server answers it without a login).", a.url)),
        (200, None) => Reading::failed(format!("{} answered, but without a version: this is not OpenMetadata.", a.url)),
        _ => Reading::failed(format!("The version did not come back: {}.", a.status_line())),
    }
}

/// `AuthenticationConfiguration` (camelCase keys, every one optional).
fn read_auth(a: &Answer, p: &mut Probing<'_>) -> Reading {
    if a.status != 200 {
        return Reading::failed(format!("The authentication configuration did not come back: {}. OpenMetadata serves it without a login.", a.status_line()));
    }
    let Some(v) = a.json.as_ref().filter(|v| v.is_object()) else {
        return Reading::failed(format!("{} answered, but not with a JSON object: this is not OpenMetadata's authentication configuration.", a.url));
    };
    let auth = om_auth(v);
    let none = || "(none)".to_owned();
    let detail = format!(
        "OpenMetadata logs in with provider {}, clientType {}, client ID {}, authority {} and callback {}.",
        auth.provider.clone().unwrap_or_else(none),
        auth.client_type.clone().unwrap_or_else(none),
        auth.client_id.clone().unwrap_or_else(none),
        auth.authority.clone().unwrap_or_else(none),
        auth.callback_url.clone().unwrap_or_else(none),
    );
    p.observed.callback = auth.callback_url.clone();
    p.observed.openmetadata = Some(auth);
    Reading::ok(detail)
}

pub fn om_auth(v: &Value) -> OmAuth {
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
    };
    OmAuth {
        provider: s("provider"),
        client_type: s("clientType"),
        client_id: s("clientId"),
        authority: s("authority"),
        callback_url: s("callbackUrl"),
        public_key_urls: v.get("publicKeyUrls").and_then(Value::as_array).map(|a| {
            a.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }),
    }
}

fn compare(o: &Observed, imported: &Imported) -> Vec<Finding> {
    let Some(auth) = &o.openmetadata else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(provider) = auth.provider.as_deref().filter(|p| !p.eq_ignore_ascii_case("auth0")) {
        found.push(at_field("probe.system.not_auth0", Level::Error, imported, "domain",
            format!("The running OpenMetadata logs in with provider {provider}, not auth0."),
            "Set provider: auth0 in the authentication configuration and restart OpenMetadata (from 1.9 on, with openmetadata-ops.sh update-security-config: the database copy wins)."));
    }
    if let Some(authority) = auth.authority.as_deref().filter(|a| a.ends_with('/')) {
        found.push(at_field("probe.system.authority_trailing_slash", Level::Error, imported, "domain",
            format!("The running OpenMetadata's authority is {authority}, with a trailing slash. The UI passes it to the Auth0 SDK as the domain and then expects the issuer {authority}/, so the login fails with \"Issuer (iss) claim mismatch\" (C14)."),
            format!("Set authority to {} (no trailing slash) and restart OpenMetadata.", authority.trim_end_matches('/'))));
    }
    let file_type = imported.settings.extras.get("clientType").map(|t| t.trim().to_ascii_lowercase());
    if let (Some(seen), Some(file)) = (auth.client_type.as_deref(), file_type.filter(|t| !t.is_empty())) {
        if !seen.eq_ignore_ascii_case(&file) {
            found.push(at_field("probe.system.client_type_differs", Level::Warning, imported, "extras.clientType",
                format!("The running OpenMetadata uses clientType {seen}, but the file has {file}: a public client needs a Single Page Application with no secret, a confidential one a Regular Web Application with its secret."),
                format!("Apply the file (clientType {file}) or write {seen} into it, and make the Auth0 application match.")));
        }
    }
    found.extend(jwks(auth, imported));
    found
}

/// Older versions return `publicKeyUrls`: Auth0's JWKS must be there, over https (C11, C13).
fn jwks(auth: &OmAuth, imported: &Imported) -> Vec<Finding> {
    let Some(urls) = &auth.public_key_urls else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let host = auth.authority.as_deref().and_then(host_of_text)
        .or_else(|| host_of_text(&format!("https://{}", imported.settings.domain.trim())));
    if let Some(host) = host.filter(|h| !h.is_empty()) {
        let want = format!("https://{host}/.well-known/jwks.json");
        if !urls.iter().any(|u| u.trim() == want) {
            found.push(at_field("probe.system.jwks_missing", Level::Error, imported, "domain",
                format!("The running OpenMetadata's publicKeyUrls ({}) lack Auth0's key set {want}: it rejects every Auth0 token (\"No key found … with kid\", C11).", urls.join(", ")),
                format!("Add {want} to publicKeyUrls and restart OpenMetadata.")));
        }
    }
    for u in urls.iter().filter(|u| u.trim().starts_with("http://")) {
        found.push(at_field("probe.system.jwks_http", Level::Warning, imported, "domain",
            format!("publicKeyUrls has {u}, over http: behind a TLS ingress it answers a redirect, which OpenMetadata cannot read (\"Unrecognized token 'Moved'\", C13)."),
            format!("Use the https URL: {}.", u.trim().replacen("http://", "https://", 1))));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_of_the_auth_config_is_read_and_all_keys_are_optional() {
        let newest = serde_json::json!({"provider":"auth0","providerName":"","clientType":"public","enableSelfSignup":true,
            "jwtPrincipalClaims":["email","preferred_username","sub"],"clientId":"abc","authority":"https://t.us.auth0.com",
            "callbackUrl":"https://om.example.com/callback","ldapConfiguration":null,"oidcConfiguration":null});
        let a = om_auth(&newest);
        assert_eq!(a.client_id.as_deref(), Some("abc"));
        assert_eq!(a.public_key_urls, None);
        let older = serde_json::json!({"provider":"auth0","publicKeyUrls":["http://om:8585/api/v1/system/config/jwks"],"responseType":"id_token"});
        assert_eq!(om_auth(&older).public_key_urls.map(|u| u.len()), Some(1));
        assert_eq!(om_auth(&serde_json::json!({})), OmAuth::default());
    }
}
