//! What the running system uses against what the file says: each difference
//! a [`Finding`] whose code names the side that is wrong
//! (`probe.system.*`: the running system does not do what the file says or
//! what it must; `probe.file.*`: the file is wrong). Pure: no network.

use super::answer::host_of_text;
use super::{Finding, Level, Location, Observed, Probed};
use crate::doctor::import::{Imported, Layer};
use crate::target::TargetId;

/// Target-specific comparisons a plan adds (in the target's `probe.rs`).
pub type Comparer = fn(&Observed, &Imported) -> Vec<Finding>;

/// Every difference between what the probes saw and the imported file.
pub fn against_file(probed: &Probed, imported: &Imported) -> Vec<Finding> {
    let o = &probed.observed;
    let mut found = Vec::new();
    found.extend(connector(o, imported, probed.missing_connector));
    found.extend(client_id(o, imported));
    found.extend(callback(probed.target, o, imported));
    found.extend(domain(o, imported));
    if let Some(extra) = probed.compare {
        found.extend(extra(o, imported));
    }
    crate::doctor::finding::sort(&mut found);
    found
}

/// A finding located where the file holds `field` (a key of
/// [`Imported::spots`]: `clientId`, `publicUrl`, ...), else on the whole file.
pub fn at_field(
    code: &str,
    severity: Level,
    imported: &Imported,
    field: &str,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Finding {
    Finding::new(
        code,
        severity,
        field_location(imported, field),
        message,
        fix,
    )
}

/// Where the file holds `field`: its key path, and the line of the outermost
/// text (the `jsonConfig` string's line for a value inside it).
pub fn field_location(imported: &Imported, field: &str) -> Location {
    let Some(spot) = imported.spots.get(field) else {
        return Location::whole_file();
    };
    let line = match spot.layers.first() {
        Some(Layer::JsonString(s) | Layer::YamlString(s) | Layer::Base64(s)) => s.line,
        None => spot.span.line,
    };
    Location {
        path: spot.path.to_string(),
        line: Some(line),
    }
}

/// Written as Auth0 writes its issuer: `https://…/` (empty is not).
pub fn in_auth0_form(issuer: &str) -> bool {
    issuer.starts_with("https://") && issuer.ends_with('/')
}

/// The callback URL the file implies: its public URL and the target's callback path.
pub fn file_callback(target: TargetId, imported: &Imported) -> Option<String> {
    let base = imported.settings.public_url.trim().trim_end_matches('/');
    (!base.is_empty()).then(|| format!("{base}{}", target.rules().callback_path))
}

fn connector(o: &Observed, imported: &Imported, meaning: Option<&str>) -> Option<Finding> {
    let listed = o.connectors.as_ref()?;
    let wanted = match imported.settings.connector_id.trim() {
        "" => "auth0",
        id => id,
    };
    if listed.iter().any(|c| c.id == wanted) {
        return None;
    }
    let ids: Vec<&str> = listed.iter().map(|c| c.id.as_str()).collect();
    let seen = match ids.as_slice() {
        [] => "no connector at all".to_owned(),
        ["placeholder"] => {
            "only pachd's placeholder \"No IDPs Configured\": no connector is configured".to_owned()
        }
        _ => format!("only {}", ids.join(", ")),
    };
    Some(at_field(
        "probe.system.connector_missing",
        Level::Error,
        imported,
        "connectorId",
        format!("The running system's login page does not offer the file's connector {wanted}: it lists {seen}. Users cannot log in through Auth0. {}", meaning.unwrap_or("")).trim_end().to_owned(),
        format!("Apply the file's connector {wanted} to the running system, then check its log for why the connector does not open."),
    ))
}

fn client_id(o: &Observed, imported: &Imported) -> Option<Finding> {
    let seen = o.client_id()?;
    let file = imported.settings.client_id.trim();
    if file.is_empty() || file == seen {
        return None;
    }
    Some(at_field(
        "probe.system.client_id_differs",
        Level::Warning,
        imported,
        "clientId",
        format!("The running system sends the client ID {seen} to Auth0, but the file has {file}: the system does not run this file (not applied yet, or another configuration is deployed)."),
        format!("Decide which application is meant. If it is the file's {file}, apply the file and restart the system; if it is {seen}, write {seen} into the file."),
    ))
}

fn callback(target: TargetId, o: &Observed, imported: &Imported) -> Vec<Finding> {
    let Some(seen) = o.callback.as_deref().filter(|_| !o.hosted_authenticate) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let loopback = |u: &str| {
        host_of_text(u).is_some_and(|h| h.starts_with("localhost") || h.starts_with("127.0.0.1"))
    };
    // A loopback callback is a default left in place, unless the system itself is on loopback.
    let local = loopback(seen) && !loopback(&imported.settings.public_url);
    if local {
        found.push(at_field(
            "probe.system.callback_localhost",
            Level::Error,
            imported,
            "publicUrl",
            format!("The running system has Auth0 send browsers back to {seen}, this machine's own address as seen from each user's browser: a default left in place. Auth0 answers \"Callback URL mismatch\" unless it is allowed, and users never reach the system."),
            "Set the callback to the system's public URL, register exactly that URL in Auth0, and restart the system.",
        ));
    }
    let path = target.rules().callback_path;
    let wrong_path = !path.is_empty()
        && !url::Url::parse(seen).is_ok_and(|u| u.path().trim_end_matches('/') == path);
    match file_callback(target, imported) {
        Some(file) if file != seen && !local => found.push(at_field(
            "probe.system.callback_differs",
            if wrong_path { Level::Error } else { Level::Warning },
            imported,
            "publicUrl",
            format!("The running system has Auth0 send browsers back to {seen}, but the file's callback is {file}.{}", if wrong_path { format!(" The system's callback path is not {path}, where it receives the login.") } else { String::new() }),
            format!("Make the system use {file} (apply the file), and register exactly that URL in the Auth0 application's Allowed Callback URLs."),
        )),
        _ => {}
    }
    found
}

fn domain(o: &Observed, imported: &Imported) -> Option<Finding> {
    let seen = o.auth0_host()?;
    let file = imported.settings.domain.trim();
    let file_host = host_of_text(file)
        .or_else(|| host_of_text(&format!("https://{file}")))
        .unwrap_or_default();
    if file.is_empty() || file_host == seen.to_ascii_lowercase() {
        return None;
    }
    Some(at_field(
        "probe.system.domain_differs",
        Level::Warning,
        imported,
        "domain",
        format!("The running system sends users to the Auth0 domain {seen}, but the file names {file}. A custom domain and the tenant's own domain are different issuers: tokens carry the domain the login went through."),
        format!("Use one domain everywhere: apply the file ({file}), or write {seen} into it."),
    ))
}
