//! The lint of a plain Dex file: Dex's own keys, the chosen connector's
//! entry and config against the keys of the Dex release, and its redirect
//! URI against Dex's issuer.

use super::connector::{Cfg, Conn};
use super::import::{locate, READER};
use super::keys::{oidc_key, CONFIG_KEYS, CONNECTOR_KEYS, HOSTED_DOMAINS_FAILS_SINCE, OIDC_KEYS, OLDEST};
use super::lint_oidc::{lint_config, KeyRules, Status};
use super::lint_values::{redirect_https, redirect_url, secret, SecretRefs};
use crate::doctor::{did_you_mean, Finding, Imported, KeyPath, Level, Node, Source};
use crate::version::Version;

/// The keys of upstream Dex at a release (`None`: not known, lint against
/// the newest and say which keys need a newer release than 2.36).
pub struct DexKeys {
    pub version: Option<Version>,
}

impl KeyRules for DexKeys {
    fn status(&self, path: &str) -> Status {
        let Some(key) = oidc_key(path) else { return Status::Unknown };
        let Some(since) = key.since else {
            return Status::Ignored("it is a key of Pachyderm's Dex fork only.".into());
        };
        if path == "hostedDomains" {
            return match self.version {
                Some(v) if v < HOSTED_DOMAINS_FAILS_SINCE => Status::Ignored("Dex 2.36 does not read it (Google's hosted domains moved to the google connector).".into()),
                _ => Status::Fails("since Dex 2.37 a non-empty hostedDomains makes the connector fail to open (\"support for the Hosted domains option had been deprecated and removed, consider switching to the Google connector\").".into()),
            };
        }
        // A nested key as new as the object it is in: the object says it.
        let parent = path.rsplit_once('.').map(|(p, _)| p.trim_end_matches("[]"));
        let told = parent.and_then(oidc_key).and_then(|p| p.since).is_some_and(|p| p >= since);
        match self.version {
            Some(v) if since > v => Status::Ignored(format!("it was added in Dex {since}.")),
            None if since > OLDEST && !told => Status::Newer(format!("needs Dex {since} or later; older releases silently ignore it.")),
            _ => Status::Known,
        }
    }

    fn known(&self) -> Vec<&'static str> {
        OIDC_KEYS
            .iter()
            .filter(|k| k.path != "hostedDomains")
            .filter(|k| k.since.is_some_and(|s| self.version.is_none_or(|v| s <= v)))
            .map(|k| k.path)
            .collect()
    }

    fn label(&self) -> String {
        match self.version {
            Some(v) => format!("Dex {v}"),
            None => "Dex".into(),
        }
    }
}

pub fn lint(src: &Source, imported: &Imported) -> Vec<Finding> {
    let Some(located) = locate(src) else { return Vec::new() };
    let mut out = Vec::new();
    if located.found.format == "dex-config" {
        top_level_keys(&located.doc, &mut out);
    }
    let s = &imported.settings;
    let wanted = (!s.connector_id.is_empty()).then_some(s.connector_id.as_str());
    let (chosen, _, _) = READER.choose(&located.found.conns, wanted);
    duplicate_ids(&located.found.conns, &mut out);
    let Some(conn) = chosen.map(|i| &located.found.conns[i]) else { return out };
    entry_keys(conn, &mut out);
    let Some(cfg) = &conn.config else { return out };
    let rules = DexKeys { version: s.version.parse().ok() };
    out.extend(lint_config(cfg, "dex", &rules));
    secret(cfg, "clientSecret", "dex", SecretRefs::DexEnv, &mut out);
    let issuer = located.dex_issuer.as_ref().and_then(|(_, n)| n.as_str());
    redirect(cfg, issuer, &mut out);
    out
}

/// Dex ignores top-level keys it does not know (`connector:` for
/// `connectors:` leaves Dex without the Auth0 connector).
fn top_level_keys(doc: &Node, out: &mut Vec<Finding>) {
    for (k, _) in doc.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        if CONFIG_KEYS.contains(&key) {
            continue;
        }
        let fix = match did_you_mean(key, CONFIG_KEYS.iter().copied()) {
            Some(s) => format!("Did you mean {s}?"),
            None => format!("Remove {key}."),
        };
        out.push(Finding::new("dex.config.unknown_key", Level::Warning, crate::doctor::Location::at(&KeyPath::root().key(key), k),
            format!("Dex's config.yaml has no key {key}: Dex ignores it."), fix));
    }
}

fn entry_keys(conn: &Conn, out: &mut Vec<Finding>) {
    for (k, _) in conn.node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        if CONNECTOR_KEYS.contains(&key) {
            continue;
        }
        let fix = match did_you_mean(key, CONNECTOR_KEYS.iter().copied()) {
            Some(s) => format!("Did you mean {s}? Keys are case-sensitive."),
            None => format!("Remove {key}, or move it under config:."),
        };
        out.push(Finding::new("dex.connector.unknown_key", Level::Warning, conn.text.location(&conn.path.key(key), k),
            format!("A connector entry has only type, id, name and config: Dex ignores {key}."), fix));
    }
    match conn.kind() {
        Some("oidc") => {}
        other => out.push(Finding::new("dex.connector.type", Level::Error, conn.text.location(&conn.path, &conn.node),
            format!("The connector's type is {}, not oidc: Auth0 is reached through Dex's oidc connector (another type reads other keys, an unknown one stops Dex: unknown connector type).", other.map_or("missing".to_owned(), |t| format!("{t:?}"))),
            "Write type: oidc.")),
    }
}

fn duplicate_ids(conns: &[Conn], out: &mut Vec<Finding>) {
    for (i, c) in conns.iter().enumerate() {
        let Some(id) = c.id() else { continue };
        if conns[..i].iter().any(|o| o.id() == Some(id)) {
            out.push(Finding::new("dex.connector.duplicate_id", Level::Warning, c.text.location(&c.path.key("id"), &c.node),
                format!("Two connectors have the id {id:?}: only one of them can be used."),
                "Give each connector its own id."));
        }
    }
}

/// Dex's callback is `<issuer>/callback`: the oidc connector refuses any
/// other redirectURI at login ("Login error.", log: expected callback URL ...
/// did not match the URL in the config).
fn redirect(cfg: &Cfg, dex_issuer: Option<&str>, out: &mut Vec<Finding>) {
    let Some((path, node, url)) = redirect_url(cfg, "redirectURI", "dex", out) else { return };
    redirect_https(cfg, &path, &node, &url, "dex", out);
    let loc = cfg.text.location(&path, &node);
    let value = url.as_str();
    let given = node.as_str().unwrap_or(value).trim();
    match dex_issuer {
        Some(issuer) => {
            let expected = format!("{}/callback", issuer.trim().trim_end_matches('/'));
            if given != expected {
                out.push(Finding::new("dex.redirect.not_issuer_callback", Level::Error, loc,
                    format!("redirectURI is {given:?} but Dex's issuer is {issuer:?}: Dex only accepts <issuer>/callback and answers \"Login error.\" at login (expected callback URL ... did not match the URL in the config)."),
                    format!("Write redirectURI: {expected} (and register exactly that URL in the Auth0 application's Allowed Callback URLs).")));
            }
        }
        None if !url.path().ends_with("/callback") => out.push(Finding::new("dex.redirect.not_callback", Level::Warning, loc,
            format!("redirectURI {given:?} does not end in /callback: Dex's callback is always <Dex issuer>/callback."),
            "Write redirectURI: <Dex issuer>/callback.")),
        None => {}
    }
}
