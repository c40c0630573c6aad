//! The wizard's settings from one connector: the values it owns, where each
//! stands, and what a value's form says (a secret reference, a placeholder).

use super::connector::{get, Conn, Keys};
use super::text::Text;
use crate::doctor::{Finding, KeyPath, Level, Node, Spot};
use crate::model::RawSettings;
use crate::secret::Secret;
use std::collections::BTreeMap;
use url::Url;

/// The keys a connector format uses for the values the wizard owns.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    /// Entry keys for the connector id and display name.
    pub id: &'static str,
    pub name: &'static str,
    /// Config keys.
    pub issuer: &'static str,
    pub client_id: &'static str,
    pub secret: &'static str,
    pub redirect: &'static str,
    /// `claimMapping.groups`, where the format has one.
    pub groups: Option<(&'static str, &'static str)>,
}

/// Dex's `oidc` connector (upstream and the Pachyderm fork).
pub const DEX_NAMES: Names = Names {
    id: "id",
    name: "name",
    issuer: "issuer",
    client_id: "clientID",
    secret: "clientSecret",
    redirect: "redirectURI",
    groups: Some(("claimMapping", "groups")),
};

/// What one connector gives the wizard.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub settings: RawSettings,
    pub spots: BTreeMap<String, Spot>,
    pub findings: Vec<Finding>,
}

/// How a secret is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretForm {
    Value,
    /// `$NAME` or `${NAME}`: an environment variable.
    Env(String),
    Placeholder,
    Empty,
}

pub fn secret_form(v: &str) -> SecretForm {
    let t = v.trim();
    if t.is_empty() {
        return SecretForm::Empty;
    }
    if let Some(name) = env_name(t) {
        return SecretForm::Env(name.to_owned());
    }
    if is_placeholder(t) {
        return SecretForm::Placeholder;
    }
    SecretForm::Value
}

fn env_name(t: &str) -> Option<&str> {
    let rest = t.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(r) => r.strip_suffix('}')?,
        None => rest,
    };
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// A value left as the guide wrote it: `<insert-...>`, `REPLACE_ME`,
/// `REPLACE_WITH_...`, `{your_client_id}`, `xxx`, `http(s)://`, `YOUR_DOMAIN`.
pub fn is_placeholder(v: &str) -> bool {
    let t = v.trim();
    let lower = t.to_ascii_lowercase();
    let angle = t
        .find('<')
        .is_some_and(|i| t[i + 1..].find('>').is_some_and(|j| j > 0));
    let braces = lower
        .find('{')
        .is_some_and(|i| lower[i..].starts_with("{your") || lower[i..].starts_with("{ your"));
    angle
        || braces
        || lower.contains("replace_me")
        || lower.contains("replace-me")
        || lower.contains("replace_with")
        || lower.contains("changeme")
        || lower.contains("change_me")
        || lower.contains("http(s)")
        || t.contains("YOUR_")
        || t.contains("YOUR-")
        || (t.len() >= 3 && lower.chars().all(|c| c == 'x'))
        || ["...", "todo", "tbd", "fixme"].contains(&lower.as_str())
}

/// The host (and port) of an issuer URL; one without a scheme is read as https.
pub fn domain_of(issuer: &str) -> String {
    let t = issuer.trim();
    let full = if t.contains("://") {
        t.to_owned()
    } else {
        format!("https://{t}")
    };
    Url::parse(&full)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(match u.port() {
                Some(p) => format!("{host}:{p}"),
                None => host,
            })
        })
        .unwrap_or_default()
}

/// The public URL a callback URL is under: the callback without
/// `callback_path` (or without `/callback`), else its origin.
pub fn public_of(redirect: &str, callback_path: &str) -> String {
    let r = redirect.trim();
    if let Some(base) = r.strip_suffix(callback_path) {
        return base.to_owned();
    }
    if let Some(base) = r.strip_suffix("/callback") {
        return base.to_owned();
    }
    match Url::parse(r) {
        Ok(u) if u.has_host() => u.origin().ascii_serialization(),
        _ => r.to_owned(),
    }
}

/// What the wizard needs from `conn`. `secret_env` is the finding code
/// for a secret read from the environment when the system expands it there
/// (Dex), `None` where nothing expands it (pachd: the lint says so).
pub fn read_conn(conn: &Conn, names: &Names, callback_path: &str, secret_env: Option<&str>) -> Read {
    let mut r = Read::default();
    let entry_keys = Keys::AnyCase;
    if let Some((k, v)) = get(&conn.node, names.id, entry_keys) {
        r.take("connectorId", &conn.text, &conn.path.key(key_name(k, names.id)), v);
    }
    if let Some((k, v)) = get(&conn.node, names.name, entry_keys) {
        r.take("connectorName", &conn.text, &conn.path.key(key_name(k, names.name)), v);
    }
    let Some(cfg) = &conn.config else {
        return r;
    };
    let at = |key: &str| get(&cfg.node, key, Keys::Exact).map(|(_, v)| (cfg.path.key(key), v));
    if let Some((p, v)) = at(names.issuer) {
        if let Some(issuer) = r.take("issuer", &cfg.text, &p, v) {
            r.settings.domain = domain_of(&issuer);
        }
    }
    if let Some((p, v)) = at(names.client_id) {
        r.take("clientId", &cfg.text, &p, v);
    }
    if let Some((p, v)) = at(names.redirect) {
        if let Some(redirect) = r.spot_only("publicUrl", &cfg.text, &p, v) {
            r.settings.public_url = public_of(&redirect, callback_path);
        }
    }
    if let Some((p, v)) = at(names.secret) {
        r.read_secret(&cfg.text, &p, v, secret_env);
    }
    if let Some((map, key)) = names.groups {
        if let Some((_, m)) = get(&cfg.node, map, Keys::Exact) {
            if let Some((_, v)) = get(m, key, Keys::Exact) {
                r.take("groupsClaim", &cfg.text, &cfg.path.key(map).key(key), v);
            }
        }
    }
    r
}

fn key_name<'a>(k: &'a Node, default: &'a str) -> &'a str {
    k.as_str().unwrap_or(default)
}

impl Read {
    /// Records where `field` stands and sets it from the scalar `v`.
    fn take(&mut self, field: &str, text: &Text, path: &KeyPath, v: &Node) -> Option<String> {
        let value = self.spot_only(field, text, path, v)?;
        let s = &mut self.settings;
        match field {
            "connectorId" => s.connector_id = value.clone(),
            "connectorName" => s.connector_name = value.clone(),
            "issuer" => s.issuer = value.clone(),
            "clientId" => s.client_id = value.clone(),
            "groupsClaim" => s.groups_claim = value.clone(),
            _ => {}
        }
        Some(value)
    }

    /// Records where `field` stands; its scalar's text.
    pub fn spot_only(&mut self, field: &str, text: &Text, path: &KeyPath, v: &Node) -> Option<String> {
        let value = v.as_str()?.to_owned();
        self.spots.insert(field.to_owned(), text.spot(path, v));
        Some(value)
    }

    fn read_secret(&mut self, text: &Text, path: &KeyPath, v: &Node, env_code: Option<&str>) {
        let Some(value) = self.spot_only("clientSecret", text, path, v) else {
            return;
        };
        match (secret_form(&value), env_code) {
            (SecretForm::Value, _) => self.settings.client_secret = Some(Secret::new(value)),
            (SecretForm::Env(name), Some(code)) => self.findings.push(Finding::new(
                code,
                Level::Info,
                text.location(path, v),
                format!("The client secret is read from the environment variable {name} when Dex starts; it is not in this file."),
                format!("To run the live checks, give the secret with --secret-env {name} (or --secret-stdin)."),
            )),
            _ => {}
        }
    }
}
