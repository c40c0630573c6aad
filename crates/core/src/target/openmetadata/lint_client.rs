//! The client type and its oidcConfiguration (C16, C22), the principals,
//! placeholders, inline secrets and the database copy of the settings (C18).

use super::import::host_range;
use super::keys::DB_CONFIG_SINCE;
use super::read::{Origin, Server, Shape, Value};
use super::rows::{Section, ROWS};
use crate::doctor::values::{all_from, env_reference, is_placeholder};
use crate::doctor::{Finding, Level, Location};
use crate::version::VersionRange;

pub(super) fn check(s: &Server, format: &str, r: &VersionRange, out: &mut Vec<Finding>) {
    client_type(s, out);
    oidc(s, out);
    principals(s, out);
    placeholders(s, out);
    secrets(s, format, out);
    stored_in_database(format, r, out);
}

fn f(code: &str, level: Level, v: &Value, message: String, fix: impl Into<String>) -> Finding {
    Finding::new(code, level, v.loc(), message, fix)
}

/// The secret is there (a value or a reference to one).
fn has_secret(s: &Server) -> bool {
    s.get("oidc.secret").is_some_and(|v| v.reference.is_some() || v.filled().is_some())
}

fn client_type(s: &Server, out: &mut Vec<Finding>) {
    let Some(v) = s.get("clientType") else {
        if s.has_section(Section::Oidc) && has_secret(s) {
            out.push(Finding::new("openmetadata.client_type.missing", Level::Error, Location::whole_file(),
                "There is an oidcConfiguration with a secret but no clientType: OpenMetadata's default is public, so it ignores oidcConfiguration and runs the login in the browser.",
                "Add clientType: confidential."));
        }
        return;
    };
    let ct = v.filled().unwrap_or("");
    let path = &v.path;
    match ct {
        "confidential" => {
            if s.shape == Shape::Helm && s.get("oidc.enabled").and_then(Value::filled) != Some("true") {
                let e = s.get("oidc.enabled").unwrap_or(v);
                out.push(f("openmetadata.helm.oidc_disabled", Level::Error, e,
                    format!("clientType is confidential but `{}` is not true{}: the chart then passes none of the OIDC_* settings, and OpenMetadata falls back to its defaults (callback http://localhost:8585/callback, no client secret).", e.path, e.how()),
                    format!("Set `{}` to true.", e.path)));
            } else if s.shape == Shape::Yaml && !s.has_section(Section::Oidc) {
                out.push(f("openmetadata.client_type.confidential_without_oidc", Level::Error, v,
                    format!("`{path}` is confidential but there is no oidcConfiguration: OpenMetadata has no client secret or discovery URI for the server-side login."),
                    "Add oidcConfiguration (id, secret, discoveryUri, callbackUrl, serverUrl, tenant: \"\"), or use clientType public with an Auth0 Single Page Application."));
            }
            if !has_secret(s) && s.shape != Shape::Helm {
                let e = s.get("oidc.secret").unwrap_or(v);
                let maybe = s.shape == Shape::Env || matches!(e.origin, Origin::EnvDefault(_));
                let level = if maybe { Level::Warning } else { Level::Error };
                let unless = if s.shape == Shape::Env { " (unless OIDC_CLIENT_SECRET is set in the shell that runs docker compose)" } else { "" };
                out.push(f("openmetadata.client_type.confidential_without_secret", level, e,
                    format!("clientType is confidential but no client secret is given{}{unless}: Auth0 refuses the token exchange (access_denied: Unauthorized).", e.how()),
                    "Set the client secret (OIDC_CLIENT_SECRET), or use clientType public with an Auth0 Single Page Application."));
            }
        }
        "public" => {
            let oidc_on = s.shape == Shape::Helm && s.get("oidc.enabled").and_then(Value::filled) == Some("true");
            let secret = s.get("oidc.secret").filter(|x| x.origin != Origin::Default && (x.reference.is_some() || x.filled().is_some()));
            if let Some(e) = secret.filter(|_| s.shape != Shape::Helm).or(oidc_on.then_some(v)) {
                out.push(f("openmetadata.client_type.public_with_secret", Level::Warning, e,
                    format!("clientType is public{} but a client secret is configured: OpenMetadata does not use it, the login runs in the browser, and it needs an Auth0 Single Page Application (a Regular Web Application answers \"Oops... unauthorized\").", v.how()),
                    "Use clientType confidential for a Regular Web Application with its secret, or remove the secret for a Single Page Application."));
            }
        }
        _ => out.push(f("openmetadata.client_type.invalid", Level::Error, v,
            format!("`{path}` is {ct:?}: OpenMetadata knows only public and confidential."),
            "Write public or confidential.")),
    }
}

fn oidc(s: &Server, out: &mut Vec<Finding>) {
    if s.text("clientType") != Some("confidential") {
        return;
    }
    if let (Some(id), Some(c)) = (s.get("oidc.id"), s.text("clientId")) {
        if let Some(t) = id.filled().filter(|t| *t != c && !is_placeholder(t) && env_reference(t).is_none()) {
            out.push(f("openmetadata.oidc.client_id_mismatch", Level::Error, id,
                format!("`{}` is {t} but clientId is {c}: the server-side login and the login page use different Auth0 applications.", id.path),
                format!("Use {c} in both.")));
        }
    }
    let Some(d) = s.get("oidc.discoveryUri") else { return };
    let uri = d.filled().unwrap_or("");
    let domain = s.text("authority").and_then(|a| host_range(a).map(|r| a[r].to_owned()));
    let want = domain.as_ref().map_or("https://<your tenant>/.well-known/openid-configuration".to_owned(), |h| format!("https://{h}/.well-known/openid-configuration"));
    if uri.is_empty() {
        if d.reference.is_none() {
            out.push(f("openmetadata.oidc.discovery_missing", Level::Error, d,
                format!("`{}` is empty{}: the server-side login cannot find Auth0.", d.path, d.how()),
                format!("Set it to {want}.")));
        }
    } else if !uri.ends_with("/.well-known/openid-configuration") {
        out.push(f("openmetadata.oidc.discovery_path", Level::Error, d,
            format!("`{}` {uri:?} is not a discovery document URL.", d.path),
            format!("Use {want}.")));
    } else if let Some(h) = &domain {
        if host_range(uri).is_some_and(|r| &uri[r] != h) {
            out.push(f("openmetadata.oidc.discovery_host", Level::Error, d,
                format!("`{}` is on another host than the authority ({h}): the two logins would use different Auth0 tenants or domains, and the issuer check fails.", d.path),
                format!("Use {want}.")));
        }
    }
}

fn principals(s: &Server, out: &mut Vec<Finding>) {
    if let Some(v) = s.get("authz.adminPrincipals").filter(|v| v.origin != Origin::Default) {
        for p in v.list().unwrap_or_default().into_iter().filter(|p| p.contains('@')) {
            out.push(f("openmetadata.admin_principals.email", Level::Warning, v,
                format!("`{}` has {p:?}: OpenMetadata's principals are user names, the part of the e-mail before @, so this admin never matches.", v.path),
                format!("Write {}.", p.split('@').next().unwrap_or(p))));
        }
    }
    let Some(v) = s.get("jwtPrincipalClaimsMapping").filter(|v| v.origin != Origin::Default) else { return };
    let items = v.list().unwrap_or_default();
    let bad: Vec<&str> = items.iter().copied().filter(|m| !mapping_ok(m)).collect();
    let has = |p: &str| items.iter().any(|m| m.starts_with(p));
    let complete = items.is_empty() || (has("username:") && has("email:"));
    if !bad.is_empty() || !complete {
        out.push(f("openmetadata.jwt_claims_mapping.form", Level::Error, v,
            format!("`{}` must hold both username:<claim> and email:<claim> and nothing else{}: OpenMetadata refuses the configuration.", v.path,
                if bad.is_empty() { String::new() } else { format!(" (not allowed: {})", bad.join(", ")) }),
            "Write [username:sub, email:email], or leave it empty."));
    }
}

/// `^(username|email):[a-zA-Z0-9_-]+$` (the schema's pattern).
fn mapping_ok(m: &str) -> bool {
    let rest = m.strip_prefix("username:").or_else(|| m.strip_prefix("email:"));
    rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')))
}

fn placeholders(s: &Server, out: &mut Vec<Finding>) {
    for row in ROWS {
        let Some(v) = s.get(row.key).filter(|v| v.origin != Origin::Default) else { continue };
        let texts: Vec<&str> = v.list().unwrap_or_else(|| v.text().into_iter().collect());
        if let Some(p) = texts.into_iter().find(|t| is_placeholder(t)) {
            out.push(f("openmetadata.value.placeholder", Level::Error, v,
                format!("`{}` is still the placeholder {p:?}{}: OpenMetadata uses it as it is.", v.path, v.how()),
                "Replace it with the real value."));
        }
    }
}

fn secrets(s: &Server, format: &str, out: &mut Vec<Finding>) {
    let Some(v) = s.get("oidc.secret").filter(|v| v.origin == Origin::Written) else { return };
    if s.shape == Shape::Helm {
        if v.reference.is_none() {
            out.push(f("openmetadata.helm.secret_inline", Level::Error, v,
                format!("`{}` is a plain value: the chart reads the client secret from a Kubernetes Secret ({{secretRef, secretKey}}) and its schema refuses anything else.", v.path),
                "Create the Secret (kubectl create secret generic oidc-secrets …) and write secretRef: oidc-secrets, secretKey: openmetadata-oidc-client-secret."));
        }
    } else if s.shape == Shape::Yaml && format != "security-config" && v.filled().is_some_and(|t| !is_placeholder(t) && env_reference(t).is_none()) {
        out.push(f("openmetadata.secret.inline", Level::Info, v,
            format!("`{}` holds the client secret in the file: whoever reads it (or a copy) has it.", v.path),
            "Write secret: ${OIDC_CLIENT_SECRET} and set OIDC_CLIENT_SECRET in OpenMetadata's environment."));
    }
}

/// Reference C18: from about 1.9, the settings saved in the database win.
fn stored_in_database(format: &str, r: &VersionRange, out: &mut Vec<Finding>) {
    if format == "security-config" {
        return;
    }
    let level = if all_from(r, DB_CONFIG_SINCE) { Level::Warning } else { Level::Info };
    out.push(Finding::new("openmetadata.config.stored_in_database", level, Location::whole_file(),
        "OpenMetadata 1.9 and later keep the SSO settings in their database once they are saved there (from the UI or openmetadata-ops.sh), and then ignore this file: changes here may have no effect.",
        "Check with ./bootstrap/openmetadata-ops.sh get-security-config; apply changes with update-security-config (the wizard's security-config export)."));
}
