//! Reading an OpenMetadata file: which one it is (server SSO settings in
//! one of four shapes, or an ingestion workflow), which releases it fits,
//! the settings it carries and where each stands.

use super::keys::{self, Key};
use super::read::{self, Origin, Server, Shape, Value};
use super::rows::Section;
use crate::doctor::values::{env_reference, is_placeholder, plain_spot, sub_span};
use crate::doctor::{Claim, Detected, Finding, ImportOptions, Imported, Level, Location, Source, Spot};
use crate::model::RawSettings;
use crate::secret::Secret;
use crate::target::TargetId;
use crate::version::Version;
use std::collections::BTreeMap;

pub(super) fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    if let Some(c) = super::import_ingestion::import(src, opts) {
        return Some(c);
    }
    let s = read::read(src)?;
    let (format, how) = format(&s, opts);
    if opts.format.as_deref().is_some_and(|f| f != format) {
        return None;
    }
    let (since, key) = newest_key(&s);
    let version = opts.version.clone().or_else(|| since.filter(|v| *v >= keys::JWT_INGESTION_SINCE).map(|_| "1.3+".to_owned()));
    let mut why = how;
    if let (Some(v), Some(k)) = (since, key) {
        why.push_str(&format!("; {k} is known from {v} on: {v} or later"));
    }
    if let Some(v) = &opts.version {
        why.push_str(&format!("; version {v} as given"));
    }
    let mut im = new_imported(format, version, why);
    fill(&s, &mut im);
    Some(Claim { score: 90, imported: im })
}

pub(super) fn new_imported(format: &str, version: Option<String>, why: String) -> Imported {
    Imported {
        detected: Detected { target: TargetId::Openmetadata, version: version.clone(), format: format.to_owned(), why },
        settings: RawSettings {
            target: TargetId::Openmetadata.as_str().to_owned(),
            version: version.unwrap_or_default(),
            ..RawSettings::default()
        },
        spots: BTreeMap::new(),
        choices: Vec::new(),
        findings: Vec::new(),
    }
}

/// The format id and a sentence saying how it was told.
fn format(s: &Server, opts: &ImportOptions) -> (&'static str, String) {
    match s.shape {
        Shape::Helm => ("helm-values", "openmetadata.config.authentication/authorizer: the OpenMetadata Helm chart's values".into()),
        Shape::Env => ("server-env", "AUTHENTICATION_*/OIDC_*/AUTHORIZER_* variables: OpenMetadata's Docker environment".into()),
        Shape::Yaml => {
            let comments = s.src.text.lines().filter(|l| l.trim_start().starts_with('#'));
            let ops = comments.clone().any(|l| l.contains("update-security-config"));
            let env = s.values.values().any(|v| matches!(v.origin, Origin::EnvDefault(_)));
            let doc = s.src.docs.iter().find(|d| d.as_map().is_some());
            let others = doc.and_then(|d| d.as_map()).is_some_and(|m| {
                m.iter().any(|(k, _)| !matches!(k.as_str(), Some("authenticationConfiguration" | "authorizerConfiguration")))
            });
            let given = opts.format.as_deref();
            if given == Some("security-config") || (given.is_none() && ops) {
                ("security-config", "authenticationConfiguration/authorizerConfiguration for openmetadata-ops.sh update-security-config".into())
            } else if given == Some("openmetadata-yaml") || (given.is_none() && (env || others)) {
                ("openmetadata-yaml", "authenticationConfiguration/authorizerConfiguration among other server settings: OpenMetadata's openmetadata.yaml".into())
            } else {
                ("server-yaml", "authenticationConfiguration/authorizerConfiguration alone: the SSO sections of openmetadata.yaml (the security config of openmetadata-ops.sh has the same shape: --format security-config)".into())
            }
        }
    }
}

/// The key of the file that the fewest releases know, and since when.
fn newest_key(s: &Server) -> (Option<Version>, Option<String>) {
    let mut best: (Option<Version>, Option<String>) = (None, None);
    let mut see = |since: Option<Version>, name: String| {
        if since.is_some_and(|v| best.0.is_none_or(|b| v > b)) {
            best = (since, Some(name));
        }
    };
    for (section, path, node) in &s.sections {
        let set = key_set(s.shape, *section);
        for (k, _) in node.as_map().unwrap_or(&[]) {
            if let Some(key) = k.as_str().and_then(|n| keys::find(set, n)) {
                see(key.since, path.key(key.name).to_string());
            }
        }
    }
    if s.shape == Shape::Env {
        for v in s.values.values().filter(|v| v.origin == Origin::Written) {
            let oidc = v.path.to_string().starts_with("OIDC_") || v.path.to_string() == "AUTHENTICATION_CLIENT_TYPE";
            if oidc {
                see(keys::find(keys::AUTHENTICATION, "clientType").and_then(|k| k.since), v.path.to_string());
            }
        }
    }
    best
}

pub(super) fn key_set(shape: Shape, section: Section) -> &'static [Key] {
    match (shape == Shape::Helm, section) {
        (false, Section::Authentication) => keys::AUTHENTICATION,
        (false, Section::Oidc) => keys::OIDC,
        (false, Section::Authorizer) => keys::AUTHORIZER,
        (true, Section::Authentication) => keys::HELM_AUTHENTICATION,
        (true, Section::Oidc) => keys::HELM_OIDC,
        (true, Section::Authorizer) => keys::HELM_AUTHORIZER,
    }
}

/// A value the wizard can take: written (or the default of a `${VAR:-…}`),
/// not a placeholder, not a reference.
fn owned<'v>(s: &'v Server, key: &str) -> Option<(&'v Value, &'v str)> {
    let v = s.get(key).filter(|v| v.origin != Origin::Default)?;
    let t = v.filled().filter(|t| !is_placeholder(t) && env_reference(t).is_none())?;
    Some((v, t))
}

/// The spot of `text[part]` in value `v` (whose whole text is `text`).
fn spot(s: &Server, v: &Value, text: &str, part: std::ops::Range<usize>) -> Option<Spot> {
    if !v.placed {
        return None;
    }
    let span = sub_span(&s.src.text, v.node.span, v.node.as_str()?, part.start + offset(v, text)..part.end + offset(v, text))?;
    Some(plain_spot(v.path.clone(), span))
}

/// Where the trimmed `text` starts in the value's own text.
fn offset(v: &Value, text: &str) -> usize {
    v.node.as_str().and_then(|raw| raw.find(text)).unwrap_or(0)
}

/// The byte range of `host[:port]` in an URL.
pub(super) fn host_range(url: &str) -> Option<std::ops::Range<usize>> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let end = start + rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (end > start && !url[start..end].contains('@')).then_some(start..end)
}

fn fill(s: &Server, im: &mut Imported) {
    let put = |im: &mut Imported, field: &str, found: Option<(String, Option<Spot>)>| {
        if let Some((value, spot)) = found {
            if let Some(sp) = spot {
                im.spots.insert(field.to_owned(), sp);
            }
            set(&mut im.settings, field, value);
        }
    };
    let domain = ["authority", "oidc.discoveryUri"].into_iter().find_map(|k| {
        let (v, t) = owned(s, k)?;
        let r = host_range(t)?;
        Some((t[r.clone()].to_owned(), spot(s, v, t, r)))
    });
    put(im, "domain", domain);
    put(im, "clientId", owned(s, "clientId").map(|(v, t)| (t.to_owned(), spot(s, v, t, 0..t.len()))));
    let public = ["callbackUrl", "oidc.callbackUrl", "oidc.serverUrl"].into_iter().find_map(|k| {
        let (v, t) = owned(s, k)?;
        let end = t.strip_suffix("/callback").map(str::len).or_else(|| host_range(t).map(|r| r.end))?;
        Some((t[..end].to_owned(), spot(s, v, t, 0..end)))
    });
    put(im, "publicUrl", public);
    let client_type = s.get("clientType").and_then(Value::filled).unwrap_or("public");
    im.settings.extras.insert("clientType".into(), client_type.to_owned());
    if let Some(sp) = owned(s, "clientType").and_then(|(v, t)| spot(s, v, t, 0..t.len())) {
        im.spots.insert("extras.clientType".into(), sp);
    }
    if let Some((v, t)) = owned(s, "authz.principalDomain") {
        im.settings.extras.insert("principalDomain".into(), t.to_owned());
        if let Some(sp) = spot(s, v, t, 0..t.len()) {
            im.spots.insert("extras.principalDomain".into(), sp);
        }
    }
    if let Some(v) = s.get("authz.adminPrincipals").filter(|v| v.origin != Origin::Default) {
        if let Some(list) = v.list() {
            im.settings.extras.insert("adminPrincipals".into(), list.join(", "));
            if let Some(span) = v.placed.then(|| list_span(&s.src.text, &v.node)).flatten() {
                im.spots.insert("extras.adminPrincipals".into(), plain_spot(v.path.clone(), span));
            }
        }
    }
    secret(s, im);
    env_notes(s, im);
}

/// Where a list stands as a whole: a flow list `[a, b]` from bracket to
/// bracket; a block list from the first `- ` to the end of its last item (the
/// tree's span of a block list starts at its first item).
fn list_span(text: &str, node: &crate::doctor::Node) -> Option<crate::doctor::Span> {
    let items = node.as_seq()?;
    let raw = text.get(node.span.start..node.span.end)?;
    if raw.starts_with('[') {
        let end = node.span.start + raw.trim_end().len();
        return Some(crate::doctor::Span { end, ..node.span });
    }
    let (first, last) = (items.first()?, items.last()?);
    let before = text.get(..first.span.start)?.trim_end_matches(' ');
    let dash = before.strip_suffix('-')?.len();
    Some(crate::doctor::Span {
        start: dash,
        end: last.span.end,
        line: first.span.line,
        col: first.span.col - (first.span.start - dash),
    })
}

fn set(raw: &mut RawSettings, field: &str, value: String) {
    match field {
        "domain" => raw.domain = value,
        "clientId" => raw.client_id = value,
        "publicUrl" => raw.public_url = value,
        _ => {}
    }
}

fn secret(s: &Server, im: &mut Imported) {
    if let Some((v, t)) = owned(s, "oidc.secret") {
        im.settings.client_secret = Some(Secret::new(t));
        if let Some(sp) = spot(s, v, t, 0..t.len()) {
            im.spots.insert("clientSecret".into(), sp);
        }
        return;
    }
    let Some(v) = s.get("oidc.secret").filter(|v| v.origin != Origin::Default) else { return };
    let elsewhere = v.reference.clone().or_else(|| v.text().and_then(env_reference).map(|r| format!("${{{r}}}")));
    if let Some(r) = elsewhere {
        im.findings.push(Finding::new("openmetadata.secret.reference", Level::Info, v.loc(),
            format!("The client secret is not in this file: it is {r}."),
            "Give it to the wizard (--secret-env VAR or --secret-stdin) to run the checks with it."));
    }
}

/// One note for the settings openmetadata.yaml takes from the environment.
fn env_notes(s: &Server, im: &mut Imported) {
    let owned_keys = ["authority", "clientId", "callbackUrl", "clientType", "oidc.secret", "oidc.callbackUrl", "authz.principalDomain", "authz.adminPrincipals"];
    let vars: Vec<String> = owned_keys
        .iter()
        .filter_map(|k| match (&s.get(k)?.origin, &s.get(k)?.reference) {
            (_, Some(r)) if r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => Some(format!("{} = ${{{r}}} (no default)", s.get(k)?.path)),
            (Origin::EnvDefault(var), _) => Some(format!("{} ← {var}", s.get(k)?.path)),
            _ => None,
        })
        .collect();
    if vars.is_empty() {
        return;
    }
    let line = s.sections.first().map(|(_, _, n)| n.span.line);
    im.findings.push(Finding::new("openmetadata.value.from_environment", Level::Info,
        Location { path: s.sections.first().map(|(_, p, _)| p.to_string()).unwrap_or_default(), line },
        format!("These settings come from environment variables where OpenMetadata runs, which win over the defaults read here: {}.", vars.join("; ")),
        "Check the variables' values in OpenMetadata's environment (docker compose env file, Helm values or the service's environment)."));
}
