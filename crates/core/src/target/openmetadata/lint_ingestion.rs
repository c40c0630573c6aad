//! An ingestion workflow's `workflowConfig` (targets.md §4.2): keys the
//! release does not know, the security config of the release, the server URL.

use super::import_ingestion::{is_legacy, server};
use super::keys::{self, Key, JWT_INGESTION_SINCE};
use crate::doctor::tree::{KeyPath, Node};
use crate::doctor::values::{all_before, all_from, is_placeholder};
use crate::doctor::{did_you_mean, Finding, Level, Location, Source};
use crate::version::VersionRange;

pub(super) fn check(src: &Source, r: &VersionRange) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some((path, srv)) = server(src) else { return out };
    if let Some(wc) = src.docs.iter().find_map(|d| d.get("workflowConfig")) {
        keys_of(wc, &KeyPath::root().key("workflowConfig"), keys::WORKFLOW_CONFIG, r, &mut out);
    }
    keys_of(srv, &path, keys::SERVER_CONNECTION, r, &mut out);
    placeholders(srv, &path, &mut out);
    host_port(srv, &path, &mut out);
    security(srv, &path, r, &mut out);
    out
}

fn keys_of(map: &Node, path: &KeyPath, set: &[Key], r: &VersionRange, out: &mut Vec<Finding>) {
    for (k, _) in map.as_map().unwrap_or(&[]) {
        let Some(name) = k.as_str() else { continue };
        let at = path.key(name);
        match keys::find(set, name) {
            None => {
                let best = did_you_mean(name, set.iter().map(|k| k.name));
                out.push(Finding::new("openmetadata.key.unknown", Level::Error, Location::at(&at, k),
                    format!("`{name}` is not a key of {path}{}: the workflow refuses the configuration (extra keys are forbidden).", best.map(|b| format!("; did you mean `{b}`")).unwrap_or_default()),
                    best.map_or(format!("Remove `{name}`."), |b| format!("Rename it to `{b}`."))));
            }
            Some(key) => {
                if let Some(s) = key.since.filter(|s| all_before(r, *s)) {
                    out.push(Finding::new("openmetadata.key.too_new", Level::Error, Location::at(&at, k),
                        format!("`{name}` is known from OpenMetadata {s} on: the release this workflow is for refuses it."),
                        format!("Remove `{name}`, or upgrade to {s} or later.")));
                }
            }
        }
    }
}

fn placeholders(map: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    for (k, v) in map.as_map().unwrap_or(&[]) {
        let Some(name) = k.as_str() else { continue };
        if let Some(t) = v.as_str().filter(|t| is_placeholder(t)) {
            out.push(Finding::new("openmetadata.value.placeholder", Level::Error, Location::at(&path.key(name), v),
                format!("`{}` is still the placeholder {t:?}: the workflow uses it as it is.", path.key(name)),
                "Replace it with the real value."));
        } else if v.as_map().is_some() {
            placeholders(v, &path.key(name), out);
        }
    }
}

fn host_port(srv: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let at = path.key("hostPort");
    let Some(v) = srv.get("hostPort") else {
        out.push(Finding::new("openmetadata.ingestion.host_port_missing", Level::Error, Location::at(path, srv),
            format!("{path} has no hostPort: the workflow does not know where OpenMetadata is."),
            "Add hostPort: https://<your OpenMetadata host>/api."));
        return;
    };
    let t = v.as_str().unwrap_or("").trim().trim_end_matches('/');
    if t.is_empty() || is_placeholder(t) {
        return;
    }
    if !t.ends_with("/api") {
        out.push(Finding::new("openmetadata.ingestion.host_port_api", Level::Warning, Location::at(&at, v),
            format!("`{at}` {t:?} does not end in /api: the workflow's requests miss OpenMetadata's API."),
            format!("Write {t}/api.")));
    }
    let host = url::Url::parse(t).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
    if matches!(host.as_str(), "localhost" | "127.0.0.1") {
        out.push(Finding::new("openmetadata.ingestion.host_port_localhost", Level::Info, Location::at(&at, v),
            format!("`{at}` is {t}: the workflow reaches OpenMetadata only when it runs on the same machine (a guide's example value)."),
            "Use the URL the ingestion machine reaches OpenMetadata on, e.g. https://openmetadata.example.com/api."));
    }
}

fn security(srv: &Node, path: &KeyPath, r: &VersionRange, out: &mut Vec<Finding>) {
    let provider = srv.get("authProvider").and_then(Node::as_str).unwrap_or("");
    let sp = path.key("securityConfig");
    let Some(sec) = srv.get("securityConfig").filter(|n| n.as_map().is_some()) else {
        if !matches!(provider, "" | "no-auth" | "basic") {
            out.push(Finding::new("openmetadata.ingestion.security_missing", Level::Error, Location::at(path, srv),
                format!("{path} has authProvider {provider} but no securityConfig: the workflow cannot authenticate."),
                "Add securityConfig: {jwtToken: <ingestion-bot JWT from Settings > Bots>}."));
        }
        return;
    };
    let at_provider = || srv.get("authProvider").map_or(Location::at(path, srv), |n| Location::at(&path.key("authProvider"), n));
    let at_security = key_of(srv, "securityConfig").map_or(Location::at(&sp, sec), |k| Location::at(&sp, k));
    if is_legacy(sec) {
        keys_of(sec, &sp, keys::AUTH0_SECURITY, r, out);
        let (level, when) = if all_from(r, JWT_INGESTION_SINCE) { (Level::Error, "") } else { (Level::Warning, " and later") };
        out.push(Finding::new("openmetadata.ingestion.client_credentials", level, at_security,
            format!("securityConfig has Auth0 client credentials (clientId, secretKey, domain): OpenMetadata 1.3{when} refuses them (\"securityConfig.jwtToken Field required\"); ingestion authenticates with the ingestion-bot JWT."),
            "Use authProvider: openmetadata and securityConfig: {jwtToken: <token from Settings > Bots > ingestion-bot>}."));
        if let Some(d) = sec.get("domain").filter(|d| d.as_str().is_some_and(|t| t.contains("://") || t.ends_with('/'))) {
            let t = d.as_str().unwrap_or("");
            let host = t.split("://").last().unwrap_or(t).trim_end_matches('/');
            out.push(Finding::new("openmetadata.ingestion.domain_form", Level::Error, Location::at(&sp.key("domain"), d),
                format!("`{}` is {t:?}: ingestion builds https://{{domain}}/oauth/token from it, so it must be the bare host.", sp.key("domain")),
                format!("Write {host}.")));
        }
        if provider != "auth0" {
            out.push(Finding::new("openmetadata.ingestion.auth_provider", Level::Error, at_provider(),
                format!("authProvider is {provider:?} but securityConfig holds Auth0 client credentials: the workflow picks how to get its token by authProvider."),
                "Write authProvider: auth0 (1.2 and earlier)."));
        }
    } else {
        keys_of(sec, &sp, keys::JWT_SECURITY, r, out);
        if provider != "openmetadata" {
            out.push(Finding::new("openmetadata.ingestion.auth_provider", Level::Warning, at_provider(),
                format!("authProvider is {provider:?} with a jwtToken: from 1.3 on, the ingestion-bot JWT goes with authProvider openmetadata."),
                "Write authProvider: openmetadata."));
        }
    }
}

/// The key node of `name` in a map (for findings about a whole section).
fn key_of<'n>(map: &'n Node, name: &str) -> Option<&'n Node> {
    map.as_map()?.iter().find(|(k, _)| k.as_str() == Some(name)).map(|(k, _)| k)
}
