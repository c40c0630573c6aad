//! A profile keeps the values the wizard uses, not the keystrokes: each field
//! as the core's validation normalizes it (the domain without `https://` or a
//! trailing slash and in lower case, the public URL without its trailing slash
//! or the suffix the target adds itself, every value trimmed). A field that is
//! not valid is kept as typed, trimmed, so that loading the profile shows the
//! same problem again.

use crate::profiles::ProfileSettings;
use auth0_wizard_core::{analyze, RawSettings, Secret};

/// `settings` with every valid field in the form validation reports it.
pub fn normalized(settings: &ProfileSettings) -> ProfileSettings {
    let s = settings;
    let raw = RawSettings {
        target: s.target.clone(),
        version: s.version.clone(),
        domain: s.domain.clone(),
        client_id: s.client_id.clone(),
        public_url: s.public_url.clone(),
        connector_id: s.connector_id.clone(),
        connector_name: s.connector_name.clone(),
        groups_claim: s.groups_claim.clone(),
        extras: s.extras.clone(),
        ..RawSettings::default()
    };
    let a = analyze(&raw, &mut |_| Secret::default());
    let or_trimmed = |v: Option<String>, typed: &str| v.unwrap_or_else(|| typed.trim().to_owned());
    ProfileSettings {
        target: or_trimmed(a.target.map(|t| t.to_string()), &s.target),
        version: s.version.trim().to_owned(),
        domain: or_trimmed(a.domain.map(|d| d.authority()), &s.domain),
        client_id: or_trimmed(a.client_id, &s.client_id),
        public_url: or_trimmed(
            a.public_url
                .map(|u| u.as_str().trim_end_matches('/').to_owned()),
            &s.public_url,
        ),
        connector_id: s.connector_id.trim().to_owned(),
        connector_name: s.connector_name.trim().to_owned(),
        groups_claim: or_trimmed(a.groups_claim, &s.groups_claim),
        extras: s
            .extras
            .iter()
            .map(|(k, v)| (k.clone(), v.trim().to_owned()))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        audit_client_id: s.audit_client_id.trim().to_owned(),
    }
}
