//! Reading a Pomerium config.yaml or environment file: is it one, which
//! releases it fits, the settings it carries and where each stands.

use super::keys;
use super::DIRECTORY_SYNC_REMOVED as DIRECTORY_SYNC_GONE;
use super::read::Options;
use crate::doctor::import::SourceKind;
use crate::doctor::values::{env_reference, is_placeholder};
use crate::doctor::{Claim, Detected, Finding, ImportOptions, Imported, Level, Source};
use crate::model::RawSettings;
use crate::target::TargetId;
use crate::version::Version;
use std::collections::BTreeMap;

/// Options that only a Pomerium file has; one of them makes it Pomerium's.
const TELLING: [&str; 5] = [
    "idp_provider",
    "idp_provider_url",
    "idp_client_id",
    "authenticate_service_url",
    "idp_service_account",
];

pub(super) fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    let format = match src.kind {
        SourceKind::Yaml => "config-yaml",
        SourceKind::Env => "env",
    };
    if opts.format.as_deref().is_some_and(|f| f != format) {
        return None;
    }
    let o = Options::read(src)?;
    let mut telling: Vec<&str> = Vec::new();
    for e in o.entries.iter().filter(|e| TELLING.contains(&e.name.as_str())) {
        if !telling.contains(&e.written()) {
            telling.push(e.written());
        }
    }
    let known = o.known().count();
    let score = match (telling.len(), known) {
        (1.., _) => 90,
        (0, 2..) if o.get("cookie_secret").is_some() || !o.routes().is_empty() => 50,
        _ if opts.target == Some(TargetId::Pomerium) => 1,
        _ => return None,
    };
    let (version, range_why) = detect_version(&o);
    let version_id = opts.version.clone().or_else(|| version.map(str::to_owned));
    let mut why = if telling.is_empty() {
        format!("read as Pomerium's {format} ({known} Pomerium options, none of its identity provider options)")
    } else {
        let what = if o.env { "environment variables" } else { "config.yaml options" };
        format!("{} are Pomerium {what}", telling.join(", "))
    };
    why.push_str(&range_why);
    if let Some(v) = &opts.version {
        why.push_str(&format!("; version {v} as given"));
    }
    let mut imported = Imported {
        detected: Detected {
            target: TargetId::Pomerium,
            version: version_id.clone(),
            format: format.to_owned(),
            why,
        },
        settings: RawSettings {
            target: TargetId::Pomerium.as_str().to_owned(),
            version: version_id.unwrap_or_default(),
            ..RawSettings::default()
        },
        spots: BTreeMap::new(),
        choices: Vec::new(),
        findings: Vec::new(),
    };
    super::settings::fill(&o, &mut imported);
    Some(Claim { score, imported })
}

/// The catalog version the options fit, and a sentence saying why (empty
/// when they do not tell). Each option bounds the releases: from the one
/// that added it, until the one that dropped it (keys.rs).
fn detect_version(o: &Options) -> (Option<&'static str>, String) {
    let mut from: Option<(Version, String)> = None;
    let mut until: Option<(Version, String)> = None;
    let route_keys = o.routes().into_iter().flat_map(|(_, r)| {
        r.as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|(k, _)| keys::find(keys::ROUTE_OPTIONS, k.as_str()?))
            .map(|k| (format!("routes.{}", k.name), k))
    });
    let top = o.known().map(|(e, k)| (o.name(&e.name), k));
    for (name, k) in top.chain(route_keys) {
        if let Some(s) = k.since.filter(|s| from.as_ref().is_none_or(|(f, _)| s > f)) {
            from = Some((s, name.clone()));
        }
        if let Some(g) = k.gone.filter(|g| until.as_ref().is_none_or(|(u, _)| g < u)) {
            until = Some((g, name));
        }
    }
    let mut why = String::new();
    if let Some((s, name)) = &from {
        why.push_str(&format!("; {name} is new in {s}: {s} or later"));
    }
    if let Some((g, name)) = &until {
        let last = Version::new(g.major, g.minor.saturating_sub(1));
        why.push_str(&format!("; {name} is gone in {g}: {last} or earlier"));
    }
    if let (Some((s, _)), Some((g, _))) = (&from, &until) {
        if s >= g {
            why.push_str(" (these contradict each other: no release has both)");
            return (None, why);
        }
    }
    let version = match (&from, &until) {
        (_, Some((g, _))) if *g <= DIRECTORY_SYNC_GONE => Some("<0.20"),
        (Some((s, _)), _) if *s >= DIRECTORY_SYNC_GONE => Some("0.20+"),
        _ => None,
    };
    (version, why)
}

/// A value that is only a stand-in: a placeholder, or a reference to the
/// environment. Says which in a finding when it is a secret's.
pub(super) fn usable(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !is_placeholder(v) && env_reference(v).is_none())
}

/// The info finding for a secret that is not in the file.
pub(super) fn secret_elsewhere(code: &str, loc: crate::doctor::Location, what: &str, where_: String) -> Finding {
    Finding::new(
        code,
        Level::Info,
        loc,
        format!("The {what} is not in this file: {where_}."),
        "Give it to the wizard (--secret-env VAR or --secret-stdin) to run the checks with it.",
    )
}
