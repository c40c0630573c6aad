//! The Auth0 application's fields: client ID and secret, and the Dex
//! connector and groups claim that every target may use.

use super::{Report, TargetCtx};
use crate::secret::Secret;

/// The claim names Auth0 silently drops from tokens.
const RESTRICTED_CLAIMS: &[&str] = &[
    "groups",
    "roles",
    "permissions",
    "sub",
    "iss",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "azp",
    "nonce",
    "auth_time",
    "at_hash",
    "c_hash",
    "acr",
    "amr",
    "sub_jwk",
    "cnf",
    "sip_from_tag",
    "sip_date",
    "sip_callid",
    "sip_cseq_num",
    "sip_via_branch",
    "orig",
    "dest",
    "mky",
    "events",
    "toe",
    "txn",
    "rph",
    "sid",
    "vot",
    "vtm",
    "org_id",
    "org_name",
    "gty",
    "scope",
];

pub(super) fn check_client_id(input: &str, t: &TargetCtx, r: &mut Report) -> Option<String> {
    const F: &str = "clientId";
    let id = input.trim();
    if id.is_empty() {
        r.error(
            F,
            "client_id.empty",
            "The client ID is empty.",
            "Copy Client ID from the application's Settings tab in the Auth0 dashboard.",
        );
        return None;
    }
    if id != input {
        r.warn(
            F,
            "client_id.whitespace",
            "The client ID has spaces around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if id.chars().any(char::is_whitespace) {
        r.error(
            F,
            "client_id.spaces",
            "The client ID contains spaces.",
            "Copy Client ID again with the copy button next to it in the Auth0 dashboard.",
        );
        return None;
    }
    if id.len() != 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        r.warn(
            F,
            "client_id.format",
            format!(
                "Auth0 client IDs are usually 32 letters and digits; this one has {} characters.",
                id.chars().count()
            ),
            "Check that you copied Client ID, not the name or the secret.",
        );
    }
    if let Some(min) = t.rules.min_client_id.as_ref() {
        if id.chars().count() < min.chars {
            r.error(
                F,
                min.code,
                format!(
                    "{} rejects client IDs shorter than {} characters.",
                    t.name, min.chars
                ),
                "Copy the full Client ID from the Auth0 dashboard.",
            );
            return None;
        }
    }
    Some(id.to_owned())
}

/// `Some(None)` is "valid, no secret given" (or not used); `None` is "invalid".
pub(super) fn check_secret(
    input: Option<&Secret>,
    client_id: Option<&str>,
    t: &TargetCtx,
    r: &mut Report,
) -> Option<Option<Secret>> {
    const F: &str = "clientSecret";
    let Some(secret) = input else {
        if t.secret_unused.is_none() {
            r.warn(F, "client_secret.missing", "No client secret was given: exports carry a named placeholder instead.", "Copy Client Secret from the application's Settings tab, or fill in the placeholder later.");
        }
        return Some(None);
    };
    let value = secret.expose();
    let trimmed = value.trim();
    if trimmed.is_empty() {
        r.error(F, "client_secret.empty", "The client secret is empty.", "Copy Client Secret from the application's Settings tab in the Auth0 dashboard (click the eye, then the copy button).");
        return None;
    }
    if trimmed != value {
        r.warn(
            F,
            "client_secret.whitespace",
            "The client secret has spaces or a line break around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if trimmed.chars().any(char::is_whitespace) {
        r.error(
            F,
            "client_secret.spaces",
            "The client secret contains spaces or line breaks.",
            "Copy Client Secret again with the copy button in the Auth0 dashboard.",
        );
        return None;
    }
    if client_id == Some(trimmed) {
        r.error(F, "client_secret.equals_client_id", "The client secret is the same as the client ID.", "Copy Client Secret, not Client ID: it is the longer value under it, hidden behind the eye icon.");
        return None;
    }
    check_secret_length(trimmed.chars().count(), t, r)?;
    if let Some(unused) = t.secret_unused {
        r.warn(F, "client_secret.unused", unused.message, unused.fix);
        return Some(None);
    }
    Some(Some(Secret::new(trimmed)))
}

/// Shorter than the target accepts (an error, unless the secret is unused)
/// or than Auth0 issues (a warning).
fn check_secret_length(n: usize, t: &TargetCtx, r: &mut Report) -> Option<()> {
    const F: &str = "clientSecret";
    if let (Some(min), None) = (t.rules.min_client_secret.as_ref(), t.secret_unused) {
        if n < min.chars {
            r.error(
                F,
                min.code,
                format!(
                    "{} rejects client secrets shorter than {} characters; this one has {n}.",
                    t.name, min.chars
                ),
                "Copy the full Client Secret from the Auth0 dashboard.",
            );
            return None;
        }
    }
    if n < 32 {
        r.warn(
            F,
            "client_secret.short",
            format!("The client secret has only {n} characters; Auth0 secrets are usually 64."),
            "Check that you copied the whole Client Secret.",
        );
    }
    Some(())
}

pub(super) fn check_connector_id(input: &str, r: &mut Report) -> Option<String> {
    let id = input.trim();
    if id.is_empty() {
        return Some("auth0".to_owned());
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        r.error("connectorId", "connector_id.invalid", format!("The connector ID {id:?} has characters other than letters, digits, '-', '_' and '.'; Dex puts it in URLs and user IDs."), "Use a short word such as auth0.");
        return None;
    }
    Some(id.to_owned())
}

pub(super) fn check_groups_claim(input: &str, r: &mut Report) -> Option<String> {
    const F: &str = "groupsClaim";
    let c = input.trim();
    if c.is_empty() {
        return None;
    }
    if c.chars().any(char::is_whitespace) {
        r.error(
            F,
            "groups_claim.spaces",
            "The claim name contains spaces.",
            "Use a namespaced name such as https://example.com/groups.",
        );
        return None;
    }
    if RESTRICTED_CLAIMS.contains(&c.to_ascii_lowercase().as_str()) {
        r.error(F, "groups_claim.restricted", format!("Auth0 silently drops a custom claim named {c:?}: it is a restricted claim name."), "Namespace it, e.g. https://example.com/groups, and set that name in the post-login Action.");
        return None;
    }
    let lower = c.to_ascii_lowercase();
    if ["auth0.com", "webtask.io", "webtask.run"]
        .iter()
        .any(|d| lower.contains(d))
    {
        r.error(
            F,
            "groups_claim.auth0_namespace",
            "Auth0 does not allow auth0.com, webtask.io or webtask.run in a claim namespace.",
            "Use a domain you own, e.g. https://example.com/groups.",
        );
        return None;
    }
    if !c.contains('/') {
        r.warn(F, "groups_claim.not_namespaced", format!("{c:?} is not namespaced; Auth0 drops it from access tokens for its own APIs and it may collide with standard claims."), format!("Prefer a namespaced name such as https://example.com/{c}."));
    }
    Some(c.to_owned())
}
