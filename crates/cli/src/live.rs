//! What `check` and `login-test` share: the Auth0 application's flags, and
//! their validation, which is `validate`'s own (same messages, same codes,
//! exit 1 for input that is not valid).

use crate::error::CliError;
use crate::settings::SecretArgs;
use auth0_wizard_core::checks::CheckOptions;
use auth0_wizard_core::validate::{analyze, parse_domain, Analysis, Report, Severity};
use auth0_wizard_core::{Domain, Issue, RawSettings, Secret};
use std::path::PathBuf;
use std::time::Duration;

/// Flags shared by `check` and `login-test`.
#[derive(Debug, Clone, clap::Args)]
pub struct LiveArgs {
    /// The Auth0 domain, e.g. dev-abc123.us.auth0.com (or your custom domain).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: String,

    /// Client ID of the application users log in through.
    #[arg(long, value_name = "ID")]
    pub client_id: String,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// The issuer your exports write (exactly). Default: https://DOMAIN/.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// Extra CA certificates to trust (PEM), e.g. a company proxy's.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
}

impl LiveArgs {
    /// The application's settings as typed, the secret read from where the flags say.
    pub fn raw(&self) -> Result<RawSettings, CliError> {
        Ok(RawSettings {
            domain: self.domain.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.secret.read()?,
            issuer: self.issuer.clone().unwrap_or_default(),
            ..RawSettings::default()
        })
    }

    /// Options with this connect and total timeout per request, in seconds.
    pub fn options(&self, request_timeout: u64) -> CheckOptions {
        let mut o =
            CheckOptions::default().with_timeout(Duration::from_secs(request_timeout.max(1)));
        o.ca_file = self.ca_file.clone();
        o
    }
}

/// The application's fields every live command reads.
const APP_FIELDS: [&str; 4] = ["domain", "clientId", "clientSecret", "issuer"];
/// The target's fields, for the requirements (`check --target`); `extras.`
/// stands for every extra field.
pub const TARGET_FIELDS: [&str; 4] = ["target", "version", "publicUrl", "extras."];

/// The fields of `raw` that a live command reads, validated in one pass as
/// `validate` does: the analysis with the warnings of those fields, or their
/// problems. `more` names the fields the command reads besides the application's.
pub fn validate_live(raw: &RawSettings, more: &[&str]) -> Result<(Analysis, Report), Report> {
    let a = analyze(raw, &mut |_| Secret::default());
    let read = |i: &Issue| {
        let f = i.field.as_str();
        APP_FIELDS.contains(&f)
            || more.contains(&f)
            || (f.starts_with("extras.") && more.contains(&"extras."))
    };
    // Nothing is exported here: a missing secret only skips the secret check.
    let report = Report {
        issues: a
            .report
            .issues
            .iter()
            .filter(|i| read(i) && i.code != "client_secret.missing")
            .cloned()
            .collect(),
    };
    if report.has_errors() {
        Err(report)
    } else {
        Ok((a, report))
    }
}

/// The validated application: domain, client ID and secret.
pub fn app_of(a: &Analysis) -> Option<(Domain, String, Option<Secret>)> {
    Some((
        a.domain.clone()?,
        a.client_id.clone()?,
        a.client_secret.clone()?,
    ))
}

/// `--mgmt-domain`, checked as the domain is, its problems under `field`.
pub fn other_domain(input: &str, field: &str, report: &mut Report) -> Option<Domain> {
    let (domain, found) = match parse_domain(input) {
        Ok((d, r)) => (Some(d), r),
        Err(r) => (None, r),
    };
    report
        .issues
        .extend(found.issues.into_iter().map(|i| Issue {
            field: field.to_owned(),
            ..i
        }));
    domain.filter(|_| !report.issues.iter().any(|i| i.severity == Severity::Error))
}
