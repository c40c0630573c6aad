//! Validation: every problem at once, each with the field, a stable code, the
//! severity, what is wrong and how to fix it. One pass, [`analyze`], yields
//! both the report and, when the settings are valid, the [`Config`].

mod control;
mod domain;
mod extras;
mod fields;
mod url;

use crate::model::{Config, Domain, RawSettings, Release};
use crate::secret::Secret;
use crate::target::{Extras, Rules, SecretUnused, TargetId, TargetInfo, TargetOptions};
use crate::version::Version;
use base64::Engine;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Issue {
    /// The field's key: `domain`, `clientId`, `clientSecret`, `publicUrl`,
    /// `connectorId`, `connectorName`, `groupsClaim`, `issuer`, `target`,
    /// `version`, or `extras.<key>`.
    pub field: String,
    /// Stable, machine-readable, e.g. `domain.scheme`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Issue> {
        self.issues.iter().filter(move |i| i.field == field)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.issues.iter().map(|i| i.code.as_str()).collect()
    }

    pub(crate) fn push(
        &mut self,
        field: &str,
        code: &str,
        severity: Severity,
        message: String,
        fix: impl Into<String>,
    ) {
        self.issues.push(Issue {
            field: field.to_owned(),
            code: code.to_owned(),
            severity,
            message,
            fix: fix.into(),
        });
    }

    pub(crate) fn error(
        &mut self,
        field: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(field, code, Severity::Error, message.into(), fix);
    }

    pub(crate) fn warn(
        &mut self,
        field: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(field, code, Severity::Warning, message.into(), fix);
    }
}

/// Every problem with `raw`, at once. Pure: no network, no randomness.
pub fn validate(raw: &RawSettings) -> Report {
    analyze(raw, &mut |_| Secret::default()).report
}

/// Valid settings as a [`Config`], or the report that says why not.
/// Pomerium secrets left empty are generated here with the OS's CSPRNG.
pub fn build(raw: &RawSettings) -> Result<Config, Report> {
    build_with(raw, &mut generate_secret)
}

/// [`build`] with a caller-chosen secret generator (tests, benchmarks).
pub fn build_with(
    raw: &RawSettings,
    gen: &mut dyn FnMut(&str) -> Secret,
) -> Result<Config, Report> {
    let a = analyze(raw, gen);
    match a.config {
        Some(config) if !a.report.has_errors() => Ok(config),
        _ => Err(a.report),
    }
}

/// base64 of 32 bytes from the OS CSPRNG, as Pomerium's docs generate them.
pub fn generate_secret(_key: &str) -> Secret {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The domain as the user typed it, checked by the same rules as the settings'
/// domain: the domain and its warnings, or the problems that make it invalid.
pub fn parse_domain(input: &str) -> Result<(Domain, Report), Report> {
    let mut r = Report::default();
    match domain::check_domain(input, &mut r) {
        Some(d) => Ok((d, r)),
        None => Err(r),
    }
}

/// The result of one pass over the settings: every problem, each field's
/// value where it is valid, and the configuration when all of them are.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub report: Report,
    pub target: Option<TargetId>,
    pub release: Option<Release>,
    /// The release number, when the version was given as one (`0.19`).
    pub version: Option<Version>,
    pub domain: Option<Domain>,
    pub client_id: Option<String>,
    /// `Some(None)`: valid, and no secret (or one the target does not use).
    pub client_secret: Option<Option<Secret>>,
    pub public_url: Option<::url::Url>,
    /// The issuer to write: as given, or Auth0's form for the domain.
    pub issuer: Option<String>,
    pub groups_claim: Option<String>,
    pub options: Option<TargetOptions>,
    /// `Some` only when every field is valid (warnings allowed).
    pub config: Option<Config>,
}

/// What the common fields' checks need to know about the target: its names
/// for messages and its rules; defaults when no valid target was chosen.
pub(crate) struct TargetCtx {
    name: &'static str,
    url_label: &'static str,
    url_placeholder: &'static str,
    rules: Rules,
    secret_unused: Option<SecretUnused>,
}

impl TargetCtx {
    fn new(info: Option<&TargetInfo>, options: Option<&TargetOptions>) -> Self {
        TargetCtx {
            name: info.map_or("", |i| i.name),
            url_label: info.map_or("public URL", |i| i.url_label),
            url_placeholder: info.map_or("https://app.example.com", |i| i.url_placeholder),
            rules: info.map(|i| i.id.rules()).unwrap_or_default(),
            secret_unused: options.and_then(TargetOptions::secret_unused),
        }
    }
}

/// Validate `raw` in one pass; `gen` makes the secrets left empty that the
/// target generates (Pomerium's cookie and shared secrets).
pub fn analyze(raw: &RawSettings, gen: &mut dyn FnMut(&str) -> Secret) -> Analysis {
    let mut r = Report::default();
    let target = check_target(&raw.target, &mut r);
    let info = target.map(TargetId::info);
    let version = info
        .as_ref()
        .and_then(|i| check_version(i, &raw.version, &mut r));
    let release = version.map(|(release, _)| release);

    // The target's extras first (the client secret's rules depend on them),
    // reported after the common fields.
    let mut extras_report = Report::default();
    let parsed = match (&info, release) {
        (Some(info), Some(release)) => {
            extras::check_extra_keys(info, release, raw, &mut extras_report);
            let mut x = Extras::new(raw, release, gen, &mut extras_report);
            let options = info.id.options(&mut x);
            Some((options, x.valid()))
        }
        _ => None,
    };
    let t = TargetCtx::new(info.as_ref(), parsed.as_ref().map(|(o, _)| o));
    let options = parsed.and_then(|(o, valid)| valid.then_some(o));

    let no_control = control::check(raw, info.as_ref(), &mut r);
    let domain = domain::check_domain(&raw.domain, &mut r);
    let client_id = fields::check_client_id(&raw.client_id, &t, &mut r);
    let client_secret =
        fields::check_secret(raw.client_secret.as_ref(), client_id.as_deref(), &t, &mut r);
    let public_url = url::check_public_url(&raw.public_url, &t, &mut r);
    let issuer = url::check_issuer(&raw.issuer, domain.as_ref(), &t, &mut r);
    let connector_id = fields::check_connector_id(&raw.connector_id, &mut r);
    let connector_name = match raw.connector_name.trim() {
        "" => "Auth0".to_owned(),
        n => n.to_owned(),
    };
    let groups_claim = fields::check_groups_claim(&raw.groups_claim, &mut r);
    r.issues.append(&mut extras_report.issues);
    control::escape_messages(&mut r);

    let config = (|| {
        no_control.then_some(())?;
        Some(Config {
            target: target?,
            release: release?,
            version: version?.1,
            domain: domain.clone()?,
            issuer: issuer.clone()?,
            client_id: client_id.clone()?,
            client_secret: client_secret.clone()?,
            public_url: public_url.clone()?,
            connector_id: connector_id?,
            connector_name,
            groups_claim: groups_claim.clone(),
            options: options.clone()?,
            handoff: false,
        })
    })();
    Analysis {
        report: r,
        target,
        release,
        version: version.and_then(|(_, v)| v),
        domain,
        client_id,
        client_secret,
        public_url,
        issuer,
        groups_claim,
        options,
        config,
    }
}

fn check_target(input: &str, r: &mut Report) -> Option<TargetId> {
    match input.trim().parse::<TargetId>() {
        Ok(t) => Some(t),
        Err(e) => {
            let code = if input.trim().is_empty() {
                "target.empty"
            } else {
                "target.unknown"
            };
            let fix = format!("Choose one of: {}.", crate::target::id_list());
            r.error("target", code, e.to_string(), fix);
            None
        }
    }
}

/// The release, and the release number when one was given instead of an entry id.
fn check_version(
    info: &TargetInfo,
    input: &str,
    r: &mut Report,
) -> Option<(Release, Option<Version>)> {
    match info.resolve_version(input) {
        Ok((v, number)) => Some((v.release, number)),
        Err(e) => {
            r.error(
                "version",
                "version.unknown",
                e.to_string(),
                "Pick a version from the list, or leave it empty for the default.",
            );
            None
        }
    }
}
