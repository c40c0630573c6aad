//! Options the release does not know: misspelled, removed (fatal since
//! 0.20), dropped (ignored), or newer than the release (keys.rs).

use super::keys::{self, Key};
use super::read::{Entry, Options};
use crate::doctor::{did_you_mean, Finding, Level, Location};
use crate::doctor::values::{all_before, all_from};
use crate::version::{Version, VersionRange};
use std::collections::HashSet;

/// Where the callback path became fixed (reference E.1: gone in v0.31.0).
const CALLBACK_PATH_GONE: Version = Version::new(0, 31);
const DEFAULT_CALLBACK_PATH: &str = "/oauth2/callback";

/// Env variables that are surely meant for Pomerium even when misspelled.
const ENV_PREFIXES: [&str; 6] = ["IDP_", "AUTHENTICATE_", "AUTHORIZE_", "COOKIE_", "SHARED_", "DATABROKER_"];

pub(super) fn check(o: &Options, r: &VersionRange, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for e in &o.entries {
        if !seen.insert(e.name.clone()) {
            out.push(duplicate(o, e));
        }
        if e.name == "authenticate_callback_path" && callback_path(o, e, r, out) {
            continue;
        }
        match keys::find(keys::OPTIONS, &e.name) {
            Some(k) => out.extend(life(e.written(), e.location(), k, r)),
            None => out.extend(unknown(o, e.written(), e.location(), keys::OPTIONS)),
        }
    }
    for (path, route) in o.routes() {
        for (k, _) in route.as_map().unwrap_or(&[]) {
            let Some(name) = k.as_str() else { continue };
            let loc = Location::at(&path.key(name), k);
            match keys::find(keys::ROUTE_OPTIONS, name) {
                Some(key) => out.extend(life(name, loc, key, r)),
                None => out.extend(unknown(o, name, loc, keys::ROUTE_OPTIONS)),
            }
        }
    }
}

fn duplicate(o: &Options, e: &Entry) -> Finding {
    let (what, effect) = if o.env {
        ("variable", "the last one wins")
    } else {
        ("option", "Pomerium's YAML reader refuses a mapping key that is already defined")
    };
    Finding::new(
        "pomerium.key.duplicate",
        Level::Warning,
        e.location(),
        format!("`{}` is set twice: {effect}.", e.written()),
        format!("Keep one `{}` {what}.", e.written()),
    )
}

/// Findings for an option Pomerium knows only in some releases.
fn life(written: &str, loc: Location, k: &Key, r: &VersionRange) -> Option<Finding> {
    if let Some(g) = k.gone {
        if k.fatal {
            let hint = removal_hint(k.name);
            return Some(if all_from(r, g) {
                Finding::new("pomerium.key.removed", Level::Error, loc,
                    format!("`{written}` was removed in Pomerium {g}: Pomerium {g} and later refuse to start with it (\"config option was removed\", then \"some configuration options are no longer supported\")."),
                    format!("Remove `{written}`.{hint}"))
            } else {
                Finding::new("pomerium.key.removed", Level::Warning, loc,
                    format!("`{written}` was removed in Pomerium {g}: releases before {g} read it, {g} and later refuse to start with it."),
                    format!("Remove `{written}` before upgrading to {g} or later.{hint}"))
            });
        }
        if all_from(r, g) {
            return Some(Finding::new("pomerium.key.dropped", Level::Warning, loc,
                format!("`{written}` is not an option of Pomerium {g} and later (dropped in {g}): Pomerium logs \"unknown config option\" and ignores it."),
                format!("Remove `{written}`.")));
        }
        if !all_before(r, g) {
            return Some(Finding::new("pomerium.key.dropped", Level::Warning, loc,
                format!("`{written}` was dropped in Pomerium {g}: from {g} on it is ignored (\"unknown config option\")."),
                format!("Remove `{written}` when you upgrade to {g} or later.")));
        }
    }
    let s = k.since?;
    all_before(r, s).then(|| {
        Finding::new("pomerium.key.too_new", Level::Warning, loc,
            format!("`{written}` is new in Pomerium {s}: the release this file is for ignores it (\"unknown config option\")."),
            format!("Remove `{written}`, or upgrade Pomerium to {s} or later."))
    })
}

fn removal_hint(name: &str) -> &'static str {
    if name.starts_with("idp_") || name == "allowed_groups" {
        " For groups, add a post-login Action that sets a namespaced claim and use claim/<claim> in route policies."
    } else {
        ""
    }
}

/// A name no release knows, with the closest option that some release knows.
fn unknown(o: &Options, written: &str, loc: Location, set: &'static [Key]) -> Option<Finding> {
    let cased = |n: &str| if o.env { n.to_ascii_uppercase() } else { n.to_owned() };
    let names: Vec<String> = set.iter().map(|k| cased(k.name)).collect();
    let best = did_you_mean(written, names.iter().map(String::as_str))
        .and_then(|n| keys::find(set, n).map(|k| (n.to_owned(), k)));
    if o.env && best.is_none() && !ENV_PREFIXES.iter().any(|p| written.starts_with(p)) {
        return None;
    }
    let (hint, fix) = match &best {
        Some((n, k)) => suggestion(n, k),
        None => (String::new(), format!("Remove `{written}`, or check its name in Pomerium's configuration reference.")),
    };
    Some(Finding::new(
        "pomerium.key.unknown",
        Level::Warning,
        loc,
        format!("`{written}` is not a Pomerium option{hint}: Pomerium logs \"unknown config option\" and ignores it, so this setting has no effect."),
        fix,
    ))
}

fn suggestion(n: &str, k: &Key) -> (String, String) {
    match (k.gone, k.since) {
        (Some(g), _) if k.fatal => (
            format!("; did you mean `{n}`, which Pomerium removed in {g}"),
            format!("Remove it: Pomerium {g} and later refuse to start with `{n}`; before {g}, spell it `{n}`.{}", removal_hint(k.name)),
        ),
        (Some(g), _) => (
            format!("; did you mean `{n}`, which Pomerium dropped in {g}"),
            format!("Remove it; before {g}, spell it `{n}`."),
        ),
        (None, Some(s)) => (format!("; did you mean `{n}` (Pomerium {s} and later)"), format!("Rename it to `{n}`.")),
        (None, None) => (format!("; did you mean `{n}`"), format!("Rename it to `{n}`.")),
    }
}

/// `authenticate_callback_path` (reference C7). True when handled here.
fn callback_path(o: &Options, e: &Entry, r: &VersionRange, out: &mut Vec<Finding>) -> bool {
    let value = e.text().map(str::trim).unwrap_or("");
    let custom = value != DEFAULT_CALLBACK_PATH;
    let auth = o.text("authenticate_service_url").unwrap_or("<authenticate_service_url>").trim_end_matches('/');
    let w = e.written();
    if all_from(r, CALLBACK_PATH_GONE) {
        let mismatch = if custom {
            format!(", so an Auth0 application registered with {auth}{value} now gets \"Callback URL mismatch\"")
        } else {
            String::new()
        };
        out.push(Finding::new("pomerium.authenticate_callback_path.removed", Level::Warning, e.location(),
            format!("Pomerium 0.31 and later do not know `{w}` (\"unknown config option\"): the callback is always {auth}{DEFAULT_CALLBACK_PATH}{mismatch}."),
            format!("Remove `{w}` and make {auth}{DEFAULT_CALLBACK_PATH} an Allowed Callback URL of the Auth0 application.")));
        return true;
    }
    if custom {
        out.push(Finding::new("pomerium.authenticate_callback_path.custom", Level::Warning, e.location(),
            format!("The callback is {auth}{value}, not {auth}{DEFAULT_CALLBACK_PATH}: the Auth0 application must list exactly that, and Pomerium 0.31 drops `{w}` (the callback then becomes {DEFAULT_CALLBACK_PATH})."),
            format!("Remove `{w}` and register {auth}{DEFAULT_CALLBACK_PATH} in Auth0.")));
        return true;
    }
    false
}
