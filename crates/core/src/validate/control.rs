//! Control characters (a line break, NUL, an escape sequence) inside any text
//! field: no Auth0 value or URL has one, and written into a configuration file
//! or shown on a terminal one could split a line or act on the terminal.
//! Spaces and line breaks around a value are trimmed elsewhere, so only what is
//! inside counts. The message names the field, never its value.

use super::Report;
use crate::model::RawSettings;
use crate::target::TargetInfo;

/// What the character is, in words.
fn describe(c: char) -> String {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break".to_owned(),
        '\0' => "a NUL character".to_owned(),
        '\t' => "a tab".to_owned(),
        '\u{1b}' => "an escape character (ESC, the start of a terminal escape sequence)".to_owned(),
        c => format!("the control character U+{:04X}", c as u32),
    }
}

/// The first character that must not be inside a field's value.
fn first_control(value: &str) -> Option<char> {
    let is_bad = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    value.trim().chars().find(|&c| is_bad(c))
}

/// Report every field with a control character inside; true when there is none.
pub(super) fn check(raw: &RawSettings, info: Option<&TargetInfo>, r: &mut Report) -> bool {
    let url_label = info.map_or("Public URL", |i| i.url_label);
    let secret = raw.client_secret.as_ref().map_or("", |s| s.expose());
    // (field, code, the field's name as the user knows it, value)
    let mut fields: Vec<(String, &str, &str, &str)> = vec![
        ("target".into(), "target.control", "Target", &raw.target),
        ("version".into(), "version.control", "Version", &raw.version),
        (
            "domain".into(),
            "domain.control",
            "Auth0 domain",
            &raw.domain,
        ),
        (
            "clientId".into(),
            "client_id.control",
            "Client ID",
            &raw.client_id,
        ),
        (
            "clientSecret".into(),
            "client_secret.control",
            "Client secret",
            secret,
        ),
        (
            "publicUrl".into(),
            "public_url.control",
            url_label,
            &raw.public_url,
        ),
        (
            "connectorId".into(),
            "connector_id.control",
            "Connector ID",
            &raw.connector_id,
        ),
        (
            "connectorName".into(),
            "connector_name.control",
            "Connector name",
            &raw.connector_name,
        ),
        (
            "groupsClaim".into(),
            "groups_claim.control",
            "Groups claim",
            &raw.groups_claim,
        ),
        ("issuer".into(), "issuer.control", "Issuer", &raw.issuer),
    ];
    let extras = raw.extras.iter().map(|(k, v)| (k, v.as_str()));
    let extra_secrets = raw.extra_secrets.iter().map(|(k, v)| (k, v.expose()));
    for (key, value) in extras.chain(extra_secrets) {
        let label = info
            .and_then(|i| i.extra(key))
            .map_or(key.as_str(), |f| f.label);
        fields.push((format!("extras.{key}"), "extras.control", label, value));
    }
    let mut clean = true;
    for (field, code, label, value) in fields {
        if let Some(c) = first_control(value) {
            clean = false;
            r.error(
                &field,
                code,
                format!("{label} contains {}; no such value has one.", describe(c)),
                "Enter it again as one line of plain text (copy it again from its source).",
            );
        }
    }
    clean
}

/// Messages may quote what was typed: no control character in them stays raw.
pub(super) fn escape_messages(r: &mut Report) {
    for i in &mut r.issues {
        i.message = crate::text::escape_controls(&i.message);
        i.fix = crate::text::escape_controls(&i.fix);
    }
}
