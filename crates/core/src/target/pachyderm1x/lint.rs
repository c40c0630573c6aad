//! The lint of a Pachyderm 1.x auth config: keys `pachctl auth set-config`
//! ignores (it matches them in any case and drops the rest), the version
//! check, the providers, and the OIDC provider's values.

use super::import::{locate, READER};
use super::keys::{OidcKind, CONFIG_KEYS, OIDC_KEYS, PROVIDER_KEYS, REQUIRED};
use crate::doctor::{did_you_mean, Finding, Imported, KeyPath, Level, Location, Node, Source};
use crate::target::dex::connector::{get, Cfg, Conn, Keys};
use crate::target::dex::keys::Kind;
use crate::target::dex::lint_oidc::placeholders;
use crate::target::dex::lint_values::{issuer, redirect_url, secret, SecretRefs};
use crate::target::dex::types::{self, scalar, Scalar};

const P: &str = "pachyderm-1x";

pub fn lint(src: &Source, imported: &Imported) -> Vec<Finding> {
    let Some(l) = locate(src) else { return Vec::new() };
    let mut out = Vec::new();
    unknown_keys(&l.doc, &KeyPath::root(), CONFIG_KEYS, "key.unknown", "The auth config", &mut out);
    live_config_version(&l.doc, &mut out);
    for c in &l.found.conns {
        unknown_keys(&c.node, &c.path, PROVIDER_KEYS, "provider.unknown_key", "An identity provider", &mut out);
        if c.id().is_none_or(|n| n.trim().is_empty()) {
            out.push(Finding::new(&format!("{P}.provider.no_name"), Level::Error, c.text.location(&c.path, &c.node),
                "An identity provider has no name: pachd refuses the config (all ID providers must have a name specified).",
                "Give the provider a name, e.g. name: auth0."));
        }
    }
    let oidc: Vec<&Conn> = l.found.conns.iter().filter(|c| c.config.is_some()).collect();
    if let [first, second, ..] = oidc.as_slice() {
        out.push(Finding::new(&format!("{P}.provider.two_oidc"), Level::Error, second.text.location(&second.path, &second.node),
            format!("Two OIDC providers ({} and {}): pachd accepts only one (two OIDC providers found in config).", first.label(), second.label()),
            "Keep one OIDC provider."));
    }
    let s = &imported.settings;
    let wanted = (!s.connector_id.is_empty()).then_some(s.connector_id.as_str());
    let (chosen, _, _) = READER.choose(&l.found.conns, wanted);
    let Some(cfg) = chosen.and_then(|i| l.found.conns[i].config.as_ref()) else { return out };
    oidc_keys(cfg, &mut out);
    placeholders(cfg, &cfg.node, &cfg.path, P, &mut out);
    issuer(cfg, P, &mut out);
    secret(cfg, "client_secret", P, SecretRefs::None(None), &mut out);
    redirect(cfg, &mut out);
    out
}

fn unknown_keys(node: &Node, base: &KeyPath, known: &[&str], code: &str, what: &str, out: &mut Vec<Finding>) {
    for (k, _) in node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        if known.iter().any(|n| n.eq_ignore_ascii_case(key)) {
            continue;
        }
        let fix = match did_you_mean(key, known.iter().copied()) {
            Some(s) => format!("Did you mean {s}?"),
            None => format!("Remove {key}."),
        };
        out.push(Finding::new(&format!("{P}.{code}"), Level::Warning, Location::at(&base.key(key), k),
            format!("{what} has no {key}: pachctl auth set-config silently ignores it."), fix));
    }
}

/// pachd writes the config only if `live_config_version` is the cluster's
/// current one; 0 (or missing) is a blind write over whatever is there.
fn live_config_version(doc: &Node, out: &mut Vec<Finding>) {
    match get(doc, "live_config_version", Keys::AnyCase) {
        None => out.push(Finding::new(&format!("{P}.live_config_version.missing"), Level::Warning, Location::whole_file(),
            "live_config_version is missing: pachd then overwrites the live config blindly, whatever changed since you read it.",
            "Add live_config_version with the value pachctl auth get-config shows (1 on a fresh cluster).")),
        Some((k, v)) => {
            let whole = scalar(v) == Some(Scalar::Number) && v.as_str().is_some_and(|s| s.chars().all(|c| c.is_ascii_digit()));
            if !whole {
                out.push(Finding::new(&format!("{P}.live_config_version.type"), Level::Error, Location::at(&KeyPath::root().key(k.as_str().unwrap_or("")), v),
                    format!("live_config_version must be a whole number, but it is {}: pachctl cannot read the config.", types::describe(v)),
                    "Write the number without quotes, e.g. live_config_version: 1."))
            }
        }
    }
}

fn oidc_keys(cfg: &Cfg, out: &mut Vec<Finding>) {
    let known: Vec<&str> = OIDC_KEYS.iter().map(|(k, _)| *k).collect();
    let present = |k: &str| get(&cfg.node, k, Keys::AnyCase).is_some();
    let mut misspelled = Vec::new();
    for (k, v) in cfg.node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let at = cfg.path.key(key);
        match OIDC_KEYS.iter().find(|(n, _)| n.eq_ignore_ascii_case(key)) {
            Some((_, kind)) => {
                let kind = match kind {
                    OidcKind::Str => Kind::Str,
                    OidcKind::List => Kind::List,
                    OidcKind::Bool => Kind::Bool,
                };
                out.extend(types::check(kind, v, &at, key, &cfg.text, P));
            }
            None => {
                let suggestion = did_you_mean(key, known.iter().copied());
                let lost = suggestion.filter(|s| REQUIRED.contains(s) && !present(s));
                if let Some(s) = lost {
                    misspelled.push(s);
                }
                let (level, msg) = match lost {
                    Some(s) => (Level::Error, format!("The OIDC options have no {key}: pachctl ignores it, so {s} is missing.")),
                    None => (Level::Warning, format!("The OIDC options have no {key}: pachctl auth set-config silently ignores it.")),
                };
                let fix = suggestion.map_or(format!("Remove {key}."), |s| format!("Did you mean {s}? (1.x keys are snake_case)"));
                out.push(Finding::new(&format!("{P}.oidc.unknown_key"), level, cfg.text.location(&at, k), msg, fix));
            }
        }
    }
    for key in REQUIRED {
        if !present(key) && !misspelled.contains(key) {
            out.push(Finding::new(&format!("{P}.oidc.missing"), Level::Error, cfg.text.location(&cfg.path, &cfg.node),
                format!("The OIDC options have no {key}: pachd cannot log anyone in through Auth0."),
                format!("Add {key} (the wizard fills it in the corrected file).")));
        }
    }
}

/// pachd 1.x serves the OIDC callback at `/authorization-code/callback` on
/// its OIDC port (30657).
fn redirect(cfg: &Cfg, out: &mut Vec<Finding>) {
    // http to pachd's port is what the 1.x guide does: validation warns about it.
    let Some((path, node, url)) = redirect_url(cfg, "redirect_uri", P, out) else { return };
    if url.path() != "/authorization-code/callback" {
        let given = node.as_str().unwrap_or("");
        out.push(Finding::new(&format!("{P}.redirect.not_callback"), Level::Error, cfg.text.location(&path, &node),
            format!("redirect_uri {given:?} is not pachd's OIDC callback: pachd 1.x serves it at /authorization-code/callback."),
            format!("Write redirect_uri: {}/authorization-code/callback (and register exactly that URL in Auth0).", url.origin().ascii_serialization())));
    }
}
