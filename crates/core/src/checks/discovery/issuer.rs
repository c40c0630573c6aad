//! The live issuer against the one the exports write, exactly as Dex and go-oidc compare them.

use super::super::http::host_of;
use super::super::result::{CheckId, CheckResult, CheckStatus, Diagnosis};
use super::{Discovery, ISSUER_TITLE};
use crate::model::Domain;
use url::Url;

/// Compare the live issuer with the one the exports write (exactly, as Dex and go-oidc do).
/// Without an expected issuer, Auth0's own form for the domain (`https://{domain}/`) is used.
pub fn check_issuer(
    doc: Option<&Discovery>,
    domain: &Domain,
    expected: Option<&str>,
) -> CheckResult {
    let Some(live) = doc.and_then(|d| d.issuer.as_deref()) else {
        return CheckResult::skipped(
            CheckId::Issuer,
            Diagnosis::DependencyFailed,
            ISSUER_TITLE,
            "Not checked: no usable issuer from the discovery document (the discovery check says why).",
        );
    };
    let (expected, from_exports) = match expected {
        Some(e) if !e.trim().is_empty() => (e.trim().to_owned(), true),
        _ => (domain.issuer(), false),
    };
    if live == expected {
        return CheckResult::pass(
            CheckId::Issuer,
            ISSUER_TITLE,
            format!("The live issuer is exactly {live}, as the exports write it."),
        );
    }
    let what = if from_exports {
        "the exports write"
    } else {
        "the domain gives"
    };
    let fix_use_live = format!("Write the issuer exactly as the discovery document has it: {live} (`auth0-wizard export --discover` takes it from the live document).");
    let (diag, detail, fix) = if expected.trim_end_matches('/') == live.trim_end_matches('/')
        && live.ends_with('/')
    {
        (
            Diagnosis::IssuerMissingTrailingSlash,
            format!("The live issuer is {live} (with a trailing slash) but {what} {expected}. Dex and other go-oidc clients compare the two letter by letter and refuse to start (\"issuer did not match the issuer returned by provider\")."),
            format!("Add the trailing slash: use {live}."),
        )
    } else if expected.trim_end_matches('/') == live.trim_end_matches('/') {
        (
            Diagnosis::IssuerExtraTrailingSlash,
            format!("The live issuer is {live} (without a trailing slash) but {what} {expected}. Clients compare the two letter by letter, so they do not match."),
            format!("Write the issuer exactly as the live document has it: {live}."),
        )
    } else if expected
        .strip_prefix("http://")
        .is_some_and(|rest| Some(rest) == live.strip_prefix("https://"))
    {
        (Diagnosis::IssuerHttpScheme, format!("{what} the issuer {expected} with http://, but Auth0's issuer is {live} (https). Tokens carry the https issuer, so verification fails."), format!("Use https: {live}."))
    } else if host_part(&expected) != host_part(live) {
        (
            Diagnosis::IssuerOtherDomain,
            format!("{what} the issuer {expected}, but the document at {domain} says {live}: another domain. Auth0 puts the domain the login went through into tokens (custom domain vs tenant domain), so the two must be the same everywhere."),
            format!("Use one domain everywhere: either enter the domain of {live} as the Auth0 domain, or write {live} as the issuer. Custom domains are under Branding > Custom Domains in the Auth0 dashboard."),
        )
    } else {
        (Diagnosis::IssuerMismatch, format!("{what} the issuer {expected}, but the live issuer is {live}; they must match exactly."), fix_use_live.clone())
    };
    // Without a target the exports' issuer is unknown: a difference is a warning.
    let status = if from_exports {
        CheckStatus::Fail
    } else {
        CheckStatus::Warn
    };
    CheckResult::new(CheckId::Issuer, status, diag, ISSUER_TITLE, detail).with_fix(fix)
}

fn host_part(issuer: &str) -> String {
    Url::parse(issuer)
        .ok()
        .map(|u| host_of(&u).to_ascii_lowercase())
        .unwrap_or_else(|| issuer.to_owned())
}
