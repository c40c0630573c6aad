//! The values of Pomerium's identity provider options: placeholders, the
//! provider and its URL (reference C8), the authenticate URL and callback,
//! the secrets, and values of the wrong type.

use super::read::{Entry, Options};
use crate::doctor::values::{env_reference, is_placeholder};
use crate::doctor::{Finding, Level};
use base64::Engine;
use url::Url;

/// `pkg/identity` registry names (targets.md §3.1); anything else is
/// "identity: unknown provider".
const PROVIDERS: [&str; 11] = [
    "auth0", "oidc", "okta", "azure", "google", "github", "gitlab", "onelogin", "ping", "cognito", "apple",
];
const SECRETS: [&str; 3] = ["idp_client_secret", "cookie_secret", "shared_secret"];
/// Options read as booleans (strconv.ParseBool), top level or per route.
const BOOLS: [&str; 11] = [
    "insecure_server", "pass_identity_headers", "allow_any_authenticated_user",
    "allow_public_unauthenticated_access", "allow_websockets", "preserve_host_header",
    "tls_skip_verify", "cookie_http_only", "autocert", "skip_xff_append", "use_proxy_protocol",
];

pub(super) fn check(o: &Options, out: &mut Vec<Finding>) {
    for e in &o.entries {
        placeholder(o, e, out);
    }
    provider(o, out);
    provider_url(o, out);
    authenticate_url(o, out);
    secrets(o, out);
    types(o, out);
}

fn finding(code: &str, level: Level, e: &Entry, message: impl Into<String>, fix: impl Into<String>) -> Finding {
    Finding::new(code, level, e.location(), message, fix)
}

fn placeholder(o: &Options, e: &Entry, out: &mut Vec<Finding>) {
    let Some(v) = e.text() else { return };
    if !o.env && env_reference(v).is_some() {
        let upper = e.name.to_ascii_uppercase();
        out.push(finding("pomerium.value.env_reference", Level::Warning, e,
            format!("`{}` is {v:?}: Pomerium does not expand environment references in config.yaml, so this text itself would be the value.", e.written()),
            format!("Remove the line and set {upper} (or {upper}_FILE) in Pomerium's environment.")));
        return;
    }
    if !is_placeholder(v) {
        return;
    }
    let (effect, fix) = match e.name.as_str() {
        "idp_client_id" => ("Auth0 refuses the login (unknown client)", "the Client ID of the Auth0 application"),
        "idp_client_secret" => ("the token exchange fails (access_denied: Unauthorized)", "the Client Secret of the Auth0 application, better through idp_client_secret_file"),
        "idp_provider_url" => ("sign-in fails", "your Auth0 issuer, https://<tenant>/"),
        "cookie_secret" | "shared_secret" => ("Pomerium refuses to start (not base64 of 32 bytes)", "the output of head -c32 /dev/urandom | base64"),
        "idp_service_account" => ("directory sync fails (and Pomerium 0.20 and later refuse to start with the option)", "base64 of {\"client_id\":…,\"secret\":…}, or remove it on 0.20 and later"),
        _ => ("Pomerium uses it as it is", "the real value"),
    };
    out.push(finding("pomerium.value.placeholder", Level::Error, e,
        format!("`{}` is still the placeholder {v:?}: {effect}.", e.written()),
        format!("Replace it with {fix}.")));
}

fn provider(o: &Options, out: &mut Vec<Finding>) {
    let has_idp = ["idp_client_id", "idp_provider_url"].iter().any(|k| o.get(k).is_some());
    match o.get("idp_provider") {
        None if has_idp => out.push(Finding::new("pomerium.idp_provider.missing", Level::Error, crate::doctor::Location::whole_file(),
            format!("`{}` is not set: Pomerium cannot sign anyone in (\"identity: provider is not defined\").", o.name("idp_provider")),
            format!("Add {}.", if o.env { "IDP_PROVIDER=auth0" } else { "idp_provider: auth0" }))),
        Some(e) => {
            let p = e.text().unwrap_or("").trim();
            if is_placeholder(p) {
                return;
            }
            if !PROVIDERS.contains(&p) {
                out.push(finding("pomerium.idp_provider.unknown", Level::Error, e,
                    format!("`{}` is {p:?}, which Pomerium does not know (\"identity: unknown provider: {p}\"; names are lower case).", e.written()),
                    "Use auth0."));
            } else if p != "auth0" && p != "oidc" {
                out.push(finding("pomerium.idp_provider.not_auth0", Level::Warning, e,
                    format!("`{}` is {p}: these settings sign users in with {p}, not Auth0.", e.written()),
                    "Use auth0 to sign in with Auth0."));
            }
        }
        None => {}
    }
}

fn provider_url(o: &Options, out: &mut Vec<Finding>) {
    let provider = o.text("idp_provider").unwrap_or("");
    let Some(e) = o.get("idp_provider_url") else {
        if matches!(provider, "auth0" | "oidc") {
            out.push(Finding::new("pomerium.idp_provider_url.missing", Level::Error, crate::doctor::Location::whole_file(),
                format!("`{}` is not set: the {provider} provider needs it and sign-in fails (\"missing provider url\").", o.name("idp_provider_url")),
                "Add your Auth0 issuer, https://<tenant>/ (the discovery document's issuer)."));
        }
        return;
    };
    let v = e.text().unwrap_or("").trim();
    if v.is_empty() || is_placeholder(v) || env_reference(v).is_some() {
        return;
    }
    let w = e.written();
    let url = Url::parse(v).ok().filter(|u| u.scheme() == "https" && u.host_str().is_some());
    let Some(u) = url else {
        let host = v.split("://").last().unwrap_or(v).trim_end_matches('/');
        out.push(finding("pomerium.idp_provider_url.scheme", Level::Error, e,
            format!("`{w}` {v:?} is not an https URL: Pomerium fetches <it>/.well-known/openid-configuration and compares the issuer there with it."),
            format!("Write https://{host}/ (Auth0's issuer).")));
        return;
    };
    let host = u.host_str().unwrap_or("");
    let origin = match u.port() {
        Some(p) => format!("https://{host}:{p}"),
        None => format!("https://{host}"),
    };
    if !matches!(u.path(), "" | "/") || u.query().is_some() {
        out.push(finding("pomerium.idp_provider_url.path", Level::Error, e,
            format!("`{w}` {v:?} is not the issuer: Pomerium appends /.well-known/openid-configuration to it and expects Auth0's issuer {origin}/ back, so sign-in fails (500, \"issuer did not match\")."),
            format!("Use {origin}/.")));
    } else if provider == "oidc" && !v.ends_with('/') {
        let auth0 = host.ends_with(".auth0.com");
        let (level, cond) = if auth0 { (Level::Error, "") } else { (Level::Warning, "If this is an Auth0 custom domain: ") };
        out.push(finding("pomerium.idp_provider_url.no_trailing_slash", level, e,
            format!("{cond}with idp_provider oidc, Pomerium compares {v} with Auth0's issuer {v}/ letter by letter: sign-in fails with 500 (\"oidc: issuer did not match the issuer returned by provider\")."),
            format!("Use idp_provider auth0 (it adds the slash), or write {v}/.")));
    }
}

fn authenticate_url(o: &Options, out: &mut Vec<Finding>) {
    let Some(e) = o.get("authenticate_service_url") else {
        if o.get("idp_client_id").is_some() {
            out.push(Finding::new("pomerium.authenticate_service_url.missing", Level::Warning, crate::doctor::Location::whole_file(),
                format!("`{}` is not set: Pomerium uses the hosted authenticate service (https://authenticate.pomerium.app), and these Auth0 settings are not used for sign-in.", o.name("authenticate_service_url")),
                "Set it to your authenticate URL, e.g. https://authenticate.example.com, and register that URL + /oauth2/callback in Auth0."));
        }
        return;
    };
    let v = e.text().unwrap_or("").trim();
    let Some(u) = Url::parse(v).ok().filter(|u| u.host_str().is_some()) else { return };
    let origin = u.origin().ascii_serialization();
    if u.host_str() == Some("authenticate.pomerium.app") {
        out.push(finding("pomerium.authenticate_service_url.hosted", Level::Warning, e,
            "This is Pomerium's hosted authenticate service: it signs users in itself, and these Auth0 settings are not used.",
            "Run your own authenticate service and put its URL here to sign in with Auth0."));
    } else if !matches!(u.path(), "" | "/") {
        out.push(finding("pomerium.authenticate_service_url.path", Level::Warning, e,
            format!("Pomerium replaces the path of `{}`: the callback it sends to Auth0 is {origin}/oauth2/callback, not {}/oauth2/callback.", e.written(), v.trim_end_matches('/')),
            format!("Use {origin} and register {origin}/oauth2/callback in Auth0.")));
    }
}

fn secrets(o: &Options, out: &mut Vec<Finding>) {
    for name in ["cookie_secret", "shared_secret"] {
        let Some(e) = o.get(name) else { continue };
        let v = e.text().unwrap_or("");
        if v.is_empty() || is_placeholder(v) || env_reference(v).is_some() {
            continue;
        }
        let decoded = base64::engine::general_purpose::STANDARD.decode(v);
        let what = match decoded {
            Ok(b) if b.len() == 32 => continue,
            Ok(b) => format!("base64 of {} bytes", b.len()),
            Err(_) => "not base64".to_owned(),
        };
        out.push(finding("pomerium.secret.not_32_bytes", Level::Error, e,
            format!("`{}` is {what}, not base64 of 32 bytes: Pomerium refuses to start ('{}' invalid).", e.written(), name.to_ascii_uppercase()),
            "Generate one with head -c32 /dev/urandom | base64."));
    }
    if !o.env {
        for name in SECRETS {
            let Some(e) = o.get(name).filter(|e| e.text().is_some_and(|v| !v.trim().is_empty() && !is_placeholder(v) && env_reference(v).is_none())) else { continue };
            out.push(finding("pomerium.secret.inline", Level::Info, e,
                format!("`{}` holds the secret in config.yaml: whoever reads the file (or a copy of it) has it.", e.written()),
                format!("Put it in a file and use `{name}_file`, or set {} in Pomerium's environment.", name.to_ascii_uppercase())));
        }
    }
    if o.get("idp_client_id").is_some() && o.get("cookie_secret").is_none() && o.get("cookie_secret_file").is_none() {
        out.push(Finding::new("pomerium.cookie_secret.missing", Level::Info, crate::doctor::Location::whole_file(),
            "No cookie secret: an all-in-one Pomerium makes a random one at each start (users are signed out on restart), and split services refuse to start.",
            format!("Set {} to the output of head -c32 /dev/urandom | base64.", o.name("cookie_secret"))));
    }
}

fn types(o: &Options, out: &mut Vec<Finding>) {
    if let Some(e) = o.get("idp_scopes") {
        if let Some(v) = e.text().filter(|v| v.trim().contains(' ') && !v.contains(',')) {
            out.push(finding("pomerium.type.list_expected", Level::Warning, e,
                format!("`{}` is the single string {v:?}: Pomerium reads a comma-separated list, so this is one scope with spaces in it.", e.written()),
                if o.env { "Separate the scopes with commas: openid,profile,email,offline_access." } else { "Write a list: [openid, profile, email, offline_access]." }));
        }
        let scopes: Vec<&str> = match e.value.as_seq() {
            Some(items) => items.iter().filter_map(|n| n.as_str()).collect(),
            None => e.text().unwrap_or("").split([',', ' ']).collect(),
        };
        if !scopes.iter().any(|s| s.trim() == "openid") {
            out.push(finding("pomerium.idp_scopes.no_openid", Level::Error, e,
                format!("`{}` has no openid scope: Auth0 returns no ID token and sign-in fails.", e.written()),
                "Add openid (Pomerium's default is openid profile email offline_access)."));
        }
    }
    for e in o.entries.iter().filter(|e| BOOLS.contains(&e.name.as_str())) {
        bool_value(e, out);
    }
}

fn bool_value(e: &Entry, out: &mut Vec<Finding>) {
    const OK: [&str; 12] = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"];
    if let Some(v) = e.text().filter(|v| !OK.contains(&v.trim())) {
        out.push(finding("pomerium.type.bool_expected", Level::Warning, e,
            format!("`{}` is {v:?}, which Pomerium does not read as true or false.", e.written()),
            "Write true or false."));
    }
}
