//! The lint of the values of an `oidc` connector's config that Dex (and the
//! Pachyderm fork) compare or need in a given form: the issuer, the groups
//! settings, the scopes, the redirect URI and the client secret.

use super::connector::{get, Cfg, Keys};
use super::read::{is_placeholder, secret_form, SecretForm};
use super::types::{scalar, Scalar};
use crate::doctor::{Finding, KeyPath, Level, Node};
use url::Url;

fn at<'a>(cfg: &'a Cfg, key: &str) -> Option<(KeyPath, &'a Node)> {
    get(&cfg.node, key, Keys::Exact).map(|(_, v)| (cfg.path.key(key), v))
}

fn string_at<'a>(cfg: &'a Cfg, key: &str) -> Option<(KeyPath, &'a Node, &'a str)> {
    let (p, v) = at(cfg, key)?;
    let s = v.as_str().filter(|_| scalar(v) == Some(Scalar::Str))?;
    Some((p, v, s))
}

/// Dex fetches `<issuer>/.well-known/openid-configuration` and then compares
/// the document's `issuer` with this one letter by letter; Auth0's is
/// `https://DOMAIN/` (targets.md §1.3, reference C2).
pub fn issuer(cfg: &Cfg, prefix: &str, out: &mut Vec<Finding>) {
    let Some((path, node, value)) = string_at(cfg, "issuer") else { return };
    if is_placeholder(value) {
        return;
    }
    let loc = cfg.text.location(&path, node);
    let code = |p: &str| format!("{prefix}.issuer.{p}");
    let v = value.trim();
    let host = super::read::domain_of(v);
    let auth0_form = format!("https://{host}/");
    let Some(rest) = v.strip_prefix("https://") else {
        let (msg, fix) = if v.starts_with("http://") {
            ("uses http://; Auth0's issuer is https://", "Use https://")
        } else {
            ("has no https:// in front: the discovery document cannot even be fetched", "Write the full URL with https://")
        };
        out.push(Finding::new(&code("not_https"), Level::Error, loc,
            format!("The issuer {v:?} {msg}, so the connector fails to open (failed to get provider)."),
            format!("{fix}: issuer: {auth0_form}")));
        return;
    };
    let path_part = rest.split_once('/').map_or("", |(_, p)| p);
    if !path_part.is_empty() {
        out.push(Finding::new(&code("has_path"), Level::Error, loc,
            format!("The issuer {v:?} has a path; Auth0's issuer is the bare domain with a slash, and Dex compares it letter by letter."),
            format!("Write issuer: {auth0_form}")));
    } else if !v.ends_with('/') {
        out.push(Finding::new(&code("no_trailing_slash"), Level::Error, loc,
            format!("The issuer {v:?} has no trailing slash. Auth0's discovery document says {auth0_form:?} and Dex compares them letter by letter: \"oidc: issuer did not match the issuer returned by provider\", the connector fails to open."),
            format!("Write issuer: {auth0_form}")));
    }
}

/// Groups need `insecureEnableGroups: true` and `claimMapping.groups`
/// pointing at the namespaced claim of the post-login Action (§1.4, §5.6).
pub fn groups(cfg: &Cfg, prefix: &str, out: &mut Vec<Finding>) {
    let enable = at(cfg, "insecureEnableGroups");
    let enabled = enable.as_ref().is_some_and(|(_, v)| scalar(v) == Some(Scalar::Bool(true)));
    // A value of the wrong type is already an error of its own.
    if enable.as_ref().is_some_and(|(_, v)| !matches!(scalar(v), Some(Scalar::Bool(_) | Scalar::Null))) {
        return;
    }
    let claim = get(&cfg.node, "claimMapping", Keys::Exact)
        .and_then(|(_, m)| get(m, "groups", Keys::Exact))
        .and_then(|(_, v)| v.as_str().map(|s| (cfg.path.key("claimMapping").key("groups"), v, s)))
        .filter(|(_, _, s)| !s.trim().is_empty());
    let code = |p: &str| format!("{prefix}.groups.{p}");
    match (&claim, enabled) {
        (Some((p, v, s)), false) => out.push(Finding::new(&code("not_enabled"), Level::Warning, cfg.text.location(p, v),
            format!("claimMapping.groups is {s:?} but insecureEnableGroups is not true: Dex ignores the groups claim, users log in without groups."),
            "Add insecureEnableGroups: true to the connector's config.")),
        (None, true) => {
            let (p, v) = enable.expect("enabled implies present");
            out.push(Finding::new(&code("no_claim"), Level::Warning, cfg.text.location(&p, v),
                "insecureEnableGroups is true but claimMapping.groups is not set: Dex reads a claim named groups, which Auth0 cannot send (custom claims must be namespaced).",
                "Add claimMapping: {groups: https://example.com/groups}, the claim your post-login Action sets."));
        }
        _ => {}
    }
    if let Some((p, v, s)) = claim {
        if !s.contains('/') && !is_placeholder(s) {
            out.push(Finding::new(&code("not_namespaced"), Level::Warning, cfg.text.location(&p, v),
                format!("claimMapping.groups is {s:?}, not a namespaced claim: Auth0 drops or refuses custom claims that are not namespaced, so no groups arrive."),
                format!("Use the namespaced claim your post-login Action sets, e.g. https://example.com/{s}.")));
        }
    }
}

/// When `scopes` is set, Dex asks for `openid` and the list only, so
/// `profile` and `email` must be in it (§1.2).
pub fn scopes(cfg: &Cfg, prefix: &str, out: &mut Vec<Finding>) {
    let Some((path, node)) = at(cfg, "scopes") else { return };
    let Some(items) = node.as_seq() else { return };
    let listed: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
    let has_name_key = get(&cfg.node, "userNameKey", Keys::Exact).is_some();
    let mut lacking: Vec<&str> = Vec::new();
    if !listed.contains(&"email") {
        lacking.push("email");
    }
    if !listed.contains(&"profile") && !has_name_key {
        lacking.push("profile");
    }
    let loc = cfg.text.location(&path, node);
    if !lacking.is_empty() {
        // Without profile Auth0 sends no name: the login fails (missing "name"
        // claim). Without email it goes on, for users without an e-mail.
        let (level, what) = if lacking.contains(&"profile") {
            (Level::Error, "Auth0 then sends no name claim and the login fails (missing \"name\" claim)")
        } else {
            (Level::Warning, "Auth0 then sends no e-mail and users log in without one (pachd and most of Dex's clients know users by their e-mail)")
        };
        out.push(Finding::new(&format!("{prefix}.scopes.missing_profile_email"), level, loc.clone(),
            format!("scopes is set without {}: Dex asks Auth0 for openid and this list only, so {what}.", lacking.join(" and ")),
            format!("Add {} to scopes, or remove scopes (Dex then asks for openid profile email).", lacking.join(" and "))));
    }
    if listed.contains(&"groups") {
        out.push(Finding::new(&format!("{prefix}.scopes.groups"), Level::Info, loc,
            "scopes asks Auth0 for a groups scope, which Auth0 does not have: it is ignored. The groups come from the namespaced claim your post-login Action adds.",
            "Remove groups from the connector's scopes (Dex's own clients still request the groups scope from Dex)."));
    }
}

/// How a target can keep the secret out of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretRefs {
    /// Dex expands `$VAR` in connector config (DEX_EXPAND_ENV, on by default).
    DexEnv,
    /// Nothing expands it (pachd); the fix names a reference that would do,
    /// or `None` where there is none (a `pachctl idp` file, a Secret).
    None(Option<&'static str>),
}

/// The client secret: inline (info: a reference would do), an environment
/// reference where nothing expands it, `$` inside a secret Dex expands.
pub fn secret(cfg: &Cfg, key: &str, prefix: &str, refs: SecretRefs, out: &mut Vec<Finding>) {
    let Some((path, node, value)) = string_at(cfg, key) else { return };
    let loc = cfg.text.location(&path, node);
    let code = |p: &str| format!("{prefix}.secret.{p}");
    match (secret_form(value), refs) {
        (SecretForm::Value, SecretRefs::DexEnv) if value.contains('$') => out.push(Finding::new(&code("dollar"), Level::Warning, loc,
            "The client secret contains '$': Dex expands $NAME in connector config from its environment (DEX_EXPAND_ENV, on by default), so it sends a different secret and Auth0 answers 401 Unauthorized.",
            "Put the secret in an environment variable and write clientSecret: $AUTH0_CLIENT_SECRET.")),
        (SecretForm::Value, SecretRefs::DexEnv) => out.push(Finding::new(&code("inline"), Level::Info, loc,
            "The client secret is written in the file; anyone who can read the file can use it.",
            "Write clientSecret: $AUTH0_CLIENT_SECRET and set AUTH0_CLIENT_SECRET in Dex's environment.")),
        (SecretForm::Value, SecretRefs::None(Some(hint))) => out.push(Finding::new(&code("inline"), Level::Info, loc,
            "The client secret is written in the file; anyone who can read the file can use it.", hint)),
        (SecretForm::Env(name), SecretRefs::None(_)) => out.push(Finding::new(&code("env_not_expanded"), Level::Error, loc,
            format!("{key} is {value:?}, but pachd does not expand environment variables in connector config: it sends the text {value:?} as the secret and Auth0 answers 401 Unauthorized ({name} is never read)."),
            "Write the secret itself here, and keep the file itself secret: a Kubernetes Secret with oidc.upstreamIDPsSecretName.")),
        _ => {}
    }
}

/// The redirect URI as a URL, with the finding when it is not one.
pub fn redirect_url(cfg: &Cfg, key: &str, prefix: &str, out: &mut Vec<Finding>) -> Option<(KeyPath, Node, Url)> {
    let (path, node, value) = string_at(cfg, key)?;
    if is_placeholder(value) {
        return None;
    }
    match Url::parse(value.trim()) {
        Ok(u) if u.has_host() => Some((path, node.clone(), u)),
        _ => {
            out.push(Finding::new(&format!("{prefix}.redirect.not_url"), Level::Error, cfg.text.location(&path, node),
                format!("{key} {value:?} is not an absolute URL: Auth0 answers invalid_request: The redirect_uri parameter is not valid."),
                "Write the full callback URL, with https:// and the host."));
            None
        }
    }
}

/// http to a host other than this machine: Auth0 and TLS setups refuse it.
pub fn redirect_https(cfg: &Cfg, path: &KeyPath, node: &Node, u: &Url, prefix: &str, out: &mut Vec<Finding>) {
    let local = matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if u.scheme() == "http" && !local {
        out.push(Finding::new(&format!("{prefix}.redirect.not_https"), Level::Warning, cfg.text.location(path, node),
            format!("The callback URL {:?} uses http to a host other than this machine: with TLS (which the guides require for every non-localhost redirect URI) the URL users come back to is https, and Auth0 then reports a callback URL mismatch.", u.as_str()),
            "Use https:// for the callback URL (and register exactly that URL in Auth0)."));
    }
}
