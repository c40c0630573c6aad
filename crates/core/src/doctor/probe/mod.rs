//! Asking the running system what it really uses (reference B), without
//! credentials, read only, and comparing that with the file and with Auth0.
//!
//! In the openidconnect-rs style, what to ask and how to read the answers are
//! plain data and plain functions, free of any network: each target gives a
//! [`ProbePlan`] ([`crate::target::Target::probe_plan`]) of GET [`Step`]s from
//! its public URL, each with the [`Reader`] that turns an [`Answer`] into what
//! the system uses ([`Observed`]) and may ask for a next step. One async
//! runner ([`run`]) makes the requests with [`crate::checks::Http`] (timeouts,
//! body cap, no redirects: a redirect is read, never followed, and a step off
//! the public URL's host is refused). Then [`compare::against_file`] and
//! [`auth0::against_auth0`] turn differences into [`Finding`]s that say which
//! side is wrong (`probe.<side>.<problem>`, side = `system`, `file` or `auth0`).
//!
//! Call sequence for the CLI and the window:
//! ```text
//! let base = probe::base_url(&imported.settings, url_flag)?;
//! let probed = probe::run(&http, target, &base, &imported.settings).await;
//! let mut findings = probe::compare::against_file(target, &probed.observed, &imported);
//! let auth0 = probe::auth0::against_auth0(&http, target, &probed.observed, &imported.settings, mgmt).await;
//! // probed.results + auth0.results are the JSON's "probes"; findings + auth0.findings join the lint's.
//! ```

pub mod answer;
pub mod auth0;
pub mod compare;
mod examine;
mod run;

pub use answer::Answer;
pub use examine::{examine, Examined};
pub use run::{base_url, run, run_plan, BaseUrlError, Probed};

use crate::checks::Evidence;
use crate::model::RawSettings;
use serde::Serialize;
use ts_rs::TS;
use url::Url;

/// The findings' type, for the comparisons.
pub use super::finding::{Finding, Level, Location};

/// How a probe went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ProbeStatus {
    Ok,
    /// Something to look at, or a probe that could not see what it wanted.
    Warning,
    /// The system answered, and the answer shows a problem.
    Failed,
    /// Nothing HTTP came back (DNS, TCP, TLS, timeout): a warning, not a failure.
    Unreachable,
}

impl ProbeStatus {
    /// Its name in JSON and in reports: `ok`, `warning`, `failed`, `unreachable`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeStatus::Ok => "ok",
            ProbeStatus::Warning => "warning",
            ProbeStatus::Failed => "failed",
            ProbeStatus::Unreachable => "unreachable",
        }
    }
}

/// What a probe asks, so that a symptom can name the probe that confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// No request: the target has nothing to probe (the result says why).
    Plan,
    /// The system's own OpenID discovery document (Dex).
    Discovery,
    /// The login page and its connectors (Dex's `/auth`).
    LoginPage,
    /// The redirect the system sends browsers to Auth0 with.
    Auth0Redirect,
    /// Pomerium's `/.well-known/pomerium`.
    WellKnown,
    /// OpenMetadata's `/api/v1/system/version`.
    Version,
    /// OpenMetadata's `/api/v1/system/config/auth`.
    AuthConfig,
    /// Auth0's discovery document.
    Auth0Discovery,
    /// The Auth0 application, read through the Management API.
    Auth0App,
}

/// One probe's outcome, as the CLI's JSON and the report show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProbeResult {
    /// What was asked (for symptoms and the window; not in the JSON).
    #[serde(skip)]
    #[ts(skip)]
    pub kind: ProbeKind,
    /// The system asked: a target id, or `auth0`.
    pub system: String,
    /// The URL asked (secrets redacted).
    pub url: String,
    pub status: ProbeStatus,
    /// What was found, in a sentence or two, and what the probe left behind.
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

impl ProbeResult {
    /// A failed probe makes `doctor` exit 1; an unreachable one does not.
    pub fn failed(&self) -> bool {
        self.status == ProbeStatus::Failed
    }
}

/// Reads one answer: records what the system uses in `p.observed`, may ask
/// for a next step with [`Probing::then`], and says how it went.
pub type Reader = fn(&Answer, &mut Probing<'_>) -> Reading;

/// One GET to make.
#[derive(Debug, Clone)]
pub struct Step {
    pub kind: ProbeKind,
    pub url: Url,
    pub read: Reader,
    /// What this request leaves in the running system, if anything.
    pub leaves: Option<&'static str>,
}

impl Step {
    pub fn new(kind: ProbeKind, url: Url, read: Reader) -> Self {
        Step {
            kind,
            url,
            read,
            leaves: None,
        }
    }

    pub fn leaving(mut self, what: &'static str) -> Self {
        self.leaves = Some(what);
        self
    }
}

/// What a target asks its running system, from the public URL.
#[derive(Debug, Clone, Default)]
pub struct ProbePlan {
    /// The first requests; readers may add more (on the same host only).
    pub steps: Vec<Step>,
    /// Why there is nothing to ask, when `steps` is empty.
    pub none_because: Option<&'static str>,
    /// What it means on this system that the file's connector is not on the login page.
    pub missing_connector: Option<&'static str>,
    /// The target's own comparisons of what was seen with the file.
    pub compare: Option<compare::Comparer>,
}

impl ProbePlan {
    /// No probe for this target, and why.
    pub fn none(because: &'static str) -> Self {
        ProbePlan {
            none_because: Some(because),
            ..ProbePlan::default()
        }
    }
}

/// How one answer was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub status: ProbeStatus,
    pub detail: String,
}

impl Reading {
    pub fn ok(detail: impl Into<String>) -> Self {
        Reading {
            status: ProbeStatus::Ok,
            detail: detail.into(),
        }
    }

    pub fn warning(detail: impl Into<String>) -> Self {
        Reading {
            status: ProbeStatus::Warning,
            detail: detail.into(),
        }
    }

    pub fn failed(detail: impl Into<String>) -> Self {
        Reading {
            status: ProbeStatus::Failed,
            detail: detail.into(),
        }
    }
}

/// The readers' state: the public URL, the file's settings, what was seen so far.
pub struct Probing<'a> {
    pub base: &'a Url,
    pub settings: &'a RawSettings,
    pub observed: Observed,
    next: Vec<Step>,
}

impl<'a> Probing<'a> {
    pub fn new(base: &'a Url, settings: &'a RawSettings) -> Self {
        Probing {
            base,
            settings,
            observed: Observed::default(),
            next: Vec::new(),
        }
    }

    /// Ask this next (the runner refuses it when it leaves the public URL's host).
    pub fn then(&mut self, step: Step) {
        self.next.push(step);
    }

    /// The connector id the file configures (`auth0` when it names none).
    pub fn connector_id(&self) -> &str {
        match self.settings.connector_id.trim() {
            "" => "auth0",
            id => id,
        }
    }

    /// The steps the readers asked for so far (and forgets them).
    pub fn take_next(&mut self) -> Vec<Step> {
        std::mem::take(&mut self.next)
    }
}

/// `path` under the base URL's path (`https://h/dex` + `/auth` = `https://h/dex/auth`).
pub fn under(base: &Url, path: &str) -> Url {
    let mut u = base.clone();
    let joined = format!("{}{path}", base.path().trim_end_matches('/'));
    u.set_path(&joined);
    u.set_query(None);
    u
}

/// A connector on Dex's login page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Connector {
    pub id: String,
    /// The button's name, when the page lists several.
    pub name: Option<String>,
    /// The connector type (`oidc`), when the page lists several.
    pub kind: Option<String>,
}

/// The authorization request a system sends browsers to Auth0 with (read
/// from its redirect, never followed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct AuthorizeRequest {
    /// The redirect as sent (secrets redacted).
    pub url: String,
    /// The Auth0 host (and port) it goes to.
    pub host: String,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
}

impl AuthorizeRequest {
    /// The request a redirect's location carries.
    pub fn from_location(loc: &Url) -> Self {
        let get = |key: &str| {
            loc.query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
                .filter(|v| !v.is_empty())
        };
        AuthorizeRequest {
            url: crate::checks::http::redact_url(loc),
            host: crate::checks::http::host_of(loc).to_ascii_lowercase(),
            client_id: get("client_id"),
            redirect_uri: get("redirect_uri"),
            scope: get("scope"),
        }
    }
}

/// What OpenMetadata's `/api/v1/system/config/auth` says (every key optional:
/// the shape depends on the version, reference B.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct OmAuth {
    pub provider: Option<String>,
    pub client_type: Option<String>,
    pub client_id: Option<String>,
    pub authority: Option<String>,
    pub callback_url: Option<String>,
    /// Only older versions return it.
    pub public_key_urls: Option<Vec<String>>,
}

/// What the running system really uses, as far as the probes saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Observed {
    /// Dex's issuer, exactly as its discovery document has it.
    pub issuer: Option<String>,
    /// The connectors on Dex's login page, when it was read.
    pub connectors: Option<Vec<Connector>>,
    /// pachd answered `unable to start Dex server, check logs`.
    pub dex_down: bool,
    /// Dex refused to build the Auth0 redirect (`Login error.`).
    pub login_error: Option<String>,
    /// The redirect to Auth0, when a probe saw it.
    pub authorize: Option<AuthorizeRequest>,
    /// The callback URL the system has Auth0 send browsers back to.
    pub callback: Option<String>,
    /// The logout URL Auth0 must allow (Pomerium's `/.pomerium/signed_out`).
    pub logout_url: Option<String>,
    /// Pomerium uses the hosted authenticate service (authenticate.pomerium.app).
    pub hosted_authenticate: bool,
    /// Pomerium's authenticate service failed to start a sign-in (HTTP 500).
    pub sign_in_failed: Option<String>,
    pub openmetadata: Option<OmAuth>,
    /// The system's version, when it tells (OpenMetadata).
    pub version: Option<String>,
}

impl Observed {
    /// The Auth0 client ID the system uses.
    pub fn client_id(&self) -> Option<&str> {
        let from_redirect = self.authorize.as_ref().and_then(|a| a.client_id.as_deref());
        let from_om = self
            .openmetadata
            .as_ref()
            .and_then(|o| o.client_id.as_deref());
        from_redirect.or(from_om).filter(|s| !s.is_empty())
    }

    /// The Auth0 host (and port) the system sends users to.
    pub fn auth0_host(&self) -> Option<String> {
        if let Some(a) = &self.authorize {
            return Some(a.host.clone());
        }
        let authority = self.openmetadata.as_ref()?.authority.as_deref()?;
        Url::parse(authority)
            .ok()
            .map(|u| crate::checks::http::host_of(&u))
    }
}
