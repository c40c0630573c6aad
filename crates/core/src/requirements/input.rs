//! The requirements' input from raw settings, before any credentials exist.

use super::RequirementsInput;
use crate::model::RawSettings;
use crate::secret::Secret;
use crate::target::TargetId;
use crate::validate::{analyze, Analysis, Report, Severity};

/// What to do with the domain when [`input_from_raw`] reads raw settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainUse {
    /// A domain that was typed must be valid (the CLI: the user asked for it).
    Strict,
    /// Use the domain when it is valid, ignore it otherwise (the wizard: the
    /// user may still be typing it).
    IfValid,
}

/// The requirements for raw settings (see [`input_from_raw`]).
pub fn from_raw(
    raw: &RawSettings,
    login_test_port: Option<u16>,
    domain_use: DomainUse,
) -> Result<super::Requirements, Report> {
    let (input, _) = input_from_raw(raw, login_test_port, domain_use)?;
    Ok(super::requirements(&input))
}

/// The common fields `requirements` reads; problems elsewhere do not concern it.
const REQUIREMENT_FIELDS: [&str; 4] = ["target", "version", "publicUrl", "groupsClaim"];

/// The [`RequirementsInput`] for raw settings, with the problems of the fields
/// it reads (warnings included), or those problems when any is an error.
///
/// Only the target, version, public URL, groups claim, the target's extras
/// that the requirements depend on and (optionally) the domain are read: the
/// requirements are wanted before the user has any credentials. They are
/// normalized exactly as the exports will normalize them: one validation pass.
pub fn input_from_raw(
    raw: &RawSettings,
    login_test_port: Option<u16>,
    domain_use: DomainUse,
) -> Result<(RequirementsInput, Report), Report> {
    let a = analyze(&requirement_fields(raw), &mut |_| Secret::default());
    let domain_typed = !raw.domain.trim().is_empty();
    let domain_bad = a
        .report
        .for_field("domain")
        .any(|i| i.severity == Severity::Error);
    let use_domain = domain_typed && (domain_use == DomainUse::Strict || !domain_bad);
    let report = Report {
        issues: a
            .report
            .issues
            .iter()
            .filter(|i| {
                REQUIREMENT_FIELDS.contains(&i.field.as_str())
                    || i.field.starts_with("extras.")
                    || (use_domain && i.field == "domain")
            })
            .cloned()
            .collect(),
    };
    if report.has_errors() {
        return Err(report);
    }
    // Without an error in the fields read, each of them has its value.
    let Some(mut input) = RequirementsInput::from_analysis(&a, login_test_port) else {
        return Err(report);
    };
    input.domain = input.domain.filter(|_| use_domain);
    Ok((input, report))
}

impl RequirementsInput {
    /// The input from one validation pass, when the fields it reads are valid
    /// (target, version, public URL, the target's options; the domain when valid).
    pub fn from_analysis(a: &Analysis, login_test_port: Option<u16>) -> Option<Self> {
        Some(RequirementsInput {
            release: a.release?,
            public_base: a
                .public_url
                .as_ref()?
                .as_str()
                .trim_end_matches('/')
                .to_owned(),
            domain: a.domain.clone(),
            groups_claim: a.groups_claim.clone(),
            options: a.options.clone()?,
            login_test_port,
        })
    }
}

/// `raw` with only what the requirements read: the target's other extras and
/// every secret are left out (their problems do not concern the requirements).
fn requirement_fields(raw: &RawSettings) -> RawSettings {
    let info = raw
        .target
        .trim()
        .parse::<TargetId>()
        .ok()
        .map(TargetId::info);
    // Fields the target does not have stay, so that validation says so.
    let wanted = |key: &str| {
        info.as_ref()
            .and_then(|i| i.extra(key))
            .is_none_or(|e| e.for_requirements)
    };
    RawSettings {
        target: raw.target.clone(),
        version: raw.version.clone(),
        domain: raw.domain.clone(),
        public_url: raw.public_url.clone(),
        groups_claim: raw.groups_claim.clone(),
        extras: raw
            .extras
            .iter()
            .filter(|(k, _)| wanted(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..RawSettings::default()
    }
}
