//! The provider, the authority (C14, C15), the public keys (C11 to C13) and
//! the callback (C22) of OpenMetadata's server SSO settings.

use super::import::host_range;
use super::keys::{HELM_PROVIDERS, PROVIDERS};
use super::read::{Origin, Server, Shape, Value};
use crate::doctor::{Finding, Level, Location};
use url::Url;

pub(super) fn check(s: &Server, out: &mut Vec<Finding>) {
    let auth0 = provider(s, out);
    if auth0 {
        authority(s, out);
        public_keys(s, out);
    }
    callback(s, auth0, out);
}

fn f(code: &str, level: Level, v: &Value, message: String, fix: String) -> Finding {
    Finding::new(code, level, v.loc(), message, fix)
}

/// Whether the provider is Auth0; findings when it is not.
fn provider(s: &Server, out: &mut Vec<Finding>) -> bool {
    let Some(v) = s.get("provider") else {
        return true;
    };
    let p = v.filled().unwrap_or("");
    if p == "auth0" {
        return true;
    }
    let path = &v.path;
    let known: &[&str] = if s.shape == Shape::Helm { &HELM_PROVIDERS } else { &PROVIDERS };
    if p.eq_ignore_ascii_case("auth0") {
        out.push(f("openmetadata.provider.case", Level::Error, v,
            format!("`{path}` is {p:?}: OpenMetadata knows only the lower-case auth0 and refuses the configuration."),
            "Write auth0.".into()));
        return true;
    }
    if !known.contains(&p) {
        out.push(f("openmetadata.provider.unknown", Level::Error, v,
            format!("`{path}` is {p:?}{}, which OpenMetadata does not know: the configuration is refused.", v.how()),
            "Write auth0.".into()));
    } else {
        out.push(f("openmetadata.provider.not_auth0", Level::Warning, v,
            format!("`{path}` is {p}{}: OpenMetadata does not sign users in with Auth0.", v.how()),
            format!("Set `{path}` to auth0.")));
    }
    false
}

fn authority(s: &Server, out: &mut Vec<Finding>) {
    let Some(v) = s.get("authority") else {
        if s.has_section(super::rows::Section::Authentication) {
            out.push(Finding::new("openmetadata.authority.missing", Level::Error, Location::whole_file(),
                "No authority: OpenMetadata does not know the Auth0 domain.".to_owned(),
                "Add authority: https://<your tenant> (no trailing slash).".to_owned()));
        }
        return;
    };
    let Some(a) = v.filled() else { return };
    let path = &v.path;
    if v.origin == Origin::Default {
        out.push(f("openmetadata.authority.missing", Level::Error, v,
            format!("`{path}` is not set, so OpenMetadata uses {a}, not your Auth0 domain."),
            format!("Set `{path}` to https://<your tenant> (no trailing slash).")));
        return;
    }
    let host = host_range(a).map(|r| a[r].to_owned()).unwrap_or_else(|| a.trim_end_matches('/').to_owned());
    if !a.starts_with("https://") {
        out.push(f("openmetadata.authority.not_https", Level::Error, v,
            format!("`{path}` {a:?} is not https: OpenMetadata's Auth0 check refuses it (\"Auth0 issuers must use HTTPS\") and the browser login cannot use it."),
            format!("Write https://{host}.")));
    } else if a.ends_with('/') && a.matches('/').count() == 3 {
        out.push(f("openmetadata.authority.trailing_slash", Level::Warning, v,
            format!("`{path}` {a:?} ends with a slash: the login page hands it to the Auth0 SDK as the domain, which then expects the issuer {a}/ and rejects Auth0's {a} (\"Issuer (iss) claim mismatch\"), and OpenMetadata's check fetches {a}/.well-known/…."),
            format!("Write https://{host} (no trailing slash).")));
    } else if Url::parse(a).is_ok_and(|u| !matches!(u.path(), "" | "/")) {
        out.push(f("openmetadata.authority.path", Level::Warning, v,
            format!("`{path}` {a:?} has a path: OpenMetadata appends /.well-known/openid-configuration to it, which Auth0 serves only at the domain's root."),
            format!("Write https://{host}.")));
    }
}

fn public_keys(s: &Server, out: &mut Vec<Finding>) {
    let Some(v) = s.get("publicKeyUrls") else { return };
    let Some(urls) = v.list() else { return };
    let path = &v.path;
    let domain = s.text("authority").and_then(|a| host_range(a).map(|r| a[r].to_owned()));
    let auth0: Vec<&str> = urls.iter().copied().filter(|u| u.ends_with("/.well-known/jwks.json")).collect();
    let want = domain.as_ref().map_or("https://<your tenant>/.well-known/jwks.json".to_owned(), |d| format!("https://{d}/.well-known/jwks.json"));
    if auth0.is_empty() {
        out.push(f("openmetadata.public_keys.missing_auth0", Level::Error, v,
            format!("`{path}`{} has no Auth0 JWKS: OpenMetadata cannot check the tokens Auth0 signs and answers 401 (\"No key found … with kid\", or \"JWT Token keyID doesn't match the configured keyID\").", v.how()),
            format!("Add {want}.")));
    } else if let Some(d) = &domain {
        if !auth0.iter().any(|u| host_range(u).is_some_and(|r| &u[r] == d)) {
            out.push(f("openmetadata.public_keys.wrong_host", Level::Error, v,
                format!("`{path}` has {} but the authority is on {d}: tokens from {d} are signed with keys from {want}, so OpenMetadata rejects them (\"No key found … with kid\").", auth0.join(", ")),
                format!("Use {want}.")));
        }
    }
    let own: Vec<&str> = urls.iter().copied().filter(|u| u.contains("/api/v1/system/config/jwks")).collect();
    if own.is_empty() {
        out.push(f("openmetadata.public_keys.missing_om", Level::Warning, v,
            format!("`{path}` does not list OpenMetadata's own JWKS: older releases then reject the tokens of bots and ingestion (\"No key found … with kid\"); newer ones check their own key first."),
            "Add https://<your OpenMetadata host>/api/v1/system/config/jwks.".into()));
    }
    let public = s.text("callbackUrl").and_then(|c| Url::parse(c).ok()).filter(|u| u.scheme() == "https");
    for u in own.iter().filter(|u| u.starts_with("http://")) {
        let host = Url::parse(u).ok().and_then(|x| x.host_str().map(str::to_owned));
        if let (Some(p), Some(h)) = (&public, host) {
            if p.host_str() == Some(h.as_str()) {
                out.push(f("openmetadata.public_keys.http", Level::Error, v,
                    format!("`{path}` has {u} while OpenMetadata is served over https on {h}: the ingress answers with a redirect and OpenMetadata fails to read the keys (JsonParseException: Unrecognized token 'Moved')."),
                    format!("Use https://{h}/api/v1/system/config/jwks.")));
            }
        }
    }
}

fn is_local(url: &str) -> bool {
    Url::parse(url).ok().and_then(|u| u.host_str().map(|h| matches!(h, "localhost" | "127.0.0.1" | "[::1]"))).unwrap_or(false)
}

fn origin(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| u.origin().ascii_serialization())
}

fn callback(s: &Server, auth0: bool, out: &mut Vec<Finding>) {
    let Some(cb) = s.get("callbackUrl") else {
        if auth0 && s.has_section(super::rows::Section::Authentication) {
            out.push(Finding::new("openmetadata.callback.missing", Level::Error, Location::whole_file(),
                "No callbackUrl: Auth0 cannot send the browser back to OpenMetadata.",
                "Add callbackUrl: https://<your OpenMetadata host>/callback, and register exactly that in Auth0."));
        }
        return;
    };
    let path = &cb.path;
    let url = cb.filled().unwrap_or("");
    if url.is_empty() {
        if auth0 && cb.reference.is_none() {
            out.push(f("openmetadata.callback.missing", Level::Error, cb,
                format!("`{path}` is empty{}: Auth0 cannot send the browser back to OpenMetadata.", cb.how()),
                format!("Set `{path}` to https://<your OpenMetadata host>/callback, and register exactly that in Auth0.")));
        }
        return;
    }
    if !url.trim_end_matches('/').ends_with("/callback") {
        out.push(f("openmetadata.callback.path", Level::Warning, cb,
            format!("`{path}` {url:?} does not end in /callback, the path OpenMetadata's login page handles."),
            "Use https://<your OpenMetadata host>/callback.".into()));
    }
    if is_local(url) {
        out.push(f("openmetadata.callback.localhost", Level::Warning, cb,
            format!("`{path}` is {url}{}: the login works only in a browser on the OpenMetadata machine.", cb.how()),
            format!("Set `{path}` to https://<your OpenMetadata host>/callback.")));
    }
    if s.text("clientType") != Some("confidential") {
        return;
    }
    if let Some(o) = s.get("oidc.callbackUrl").filter(|o| o.filled().is_some_and(|t| t != url)) {
        let t = o.filled().unwrap_or("");
        out.push(f("openmetadata.oidc.callback_mismatch", Level::Error, o,
            format!("`{}` is {t}{} but `{path}` is {url}: OpenMetadata supports one callback URL, and Auth0 answers \"Callback URL mismatch\" for the one it does not list.", o.path, o.how()),
            format!("Set both to {url} and register exactly that in Auth0.")));
    }
    if let Some(o) = s.get("oidc.serverUrl").filter(|o| o.filled().is_some_and(|t| origin(t) != origin(url))) {
        let t = o.filled().unwrap_or("");
        out.push(f("openmetadata.oidc.server_url_mismatch", Level::Error, o,
            format!("`{}` is {t}{}, not where the callback {url} points: the login returns to the wrong place (or loops).", o.path, o.how()),
            format!("Set it to {}.", origin(url).unwrap_or_default())));
    }
}
