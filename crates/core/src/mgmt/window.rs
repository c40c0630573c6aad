//! What the window needs around the Management API flow, as plain data and
//! pure functions: the credentials it asks for, the requirements a plan is
//! made from, the new application's credentials for the Credentials step,
//! and every failure with its fix in one shape. The flow itself is in
//! [`super::session`].

use super::apply::Applied;
use super::error::MgmtError;
use super::failure::{ApplyError, Cleanup};
use super::token::MgmtAuth;
use super::undo::Drift;
use crate::model::{Domain, RawSettings};
use crate::requirements::{from_raw, DomainUse, Requirements, DEFAULT_LOGIN_PORT};
use crate::secret::Secret;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The Management API credentials the window asks for: a Machine to Machine
/// application's client ID and secret, or a token pasted from the API Explorer.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MgmtLogin {
    /// The tenant's domain (`host` or `host:port`); empty: the settings' domain.
    pub domain: String,
    /// The Machine to Machine application's client ID.
    pub client_id: String,
    #[ts(type = "string | null")]
    pub client_secret: Option<Secret>,
    /// A pasted API Explorer token; when given, the client ID and secret are not used.
    #[ts(type = "string | null")]
    pub token: Option<Secret>,
}

fn input(field: &str, message: &str, fix: &str) -> MgmtError {
    MgmtError::Input {
        field: field.to_owned(),
        message: message.to_owned(),
        fix: fix.to_owned(),
    }
}

fn blank(s: &Option<Secret>) -> bool {
    s.as_ref().is_none_or(|s| s.expose().trim().is_empty())
}

impl MgmtLogin {
    /// How to get the token: the pasted token when there is one, else the
    /// client credentials (both needed).
    pub fn auth(&self) -> Result<MgmtAuth, MgmtError> {
        if !blank(&self.token) {
            return Ok(MgmtAuth::Token(self.token.clone().unwrap_or_default()));
        }
        let id = self.client_id.trim();
        if id.is_empty() {
            return Err(input("mgmtClientId", "Enter the Machine to Machine application's client ID, or paste a Management API token.", "Applications > Applications > (your Machine to Machine app) > Settings > Client ID; or Applications > APIs > Auth0 Management API > API Explorer > Copy Token."));
        }
        if blank(&self.client_secret) {
            return Err(input("mgmtClientSecret", "Enter the Machine to Machine application's client secret.", "Applications > Applications > (your Machine to Machine app) > Settings > Client Secret."));
        }
        Ok(MgmtAuth::ClientCredentials {
            client_id: id.to_owned(),
            client_secret: self.client_secret.clone().unwrap_or_default(),
        })
    }

    /// The tenant: the domain typed here, else the settings' domain.
    pub fn domain(&self, settings: &RawSettings) -> Result<Domain, MgmtError> {
        let typed = match self.domain.trim() {
            "" => settings.domain.trim(),
            d => d,
        };
        if typed.is_empty() {
            return Err(input(
                "mgmtDomain",
                "Enter your Auth0 tenant's domain.",
                "e.g. dev-abc123.us.auth0.com: Settings > General > Tenant, or any application's Settings > Domain.",
            ));
        }
        crate::checks::parse_domain(typed).map_err(|m| {
            input(
                "mgmtDomain",
                &m,
                "Use the tenant's domain (dev-abc123.us.auth0.com), not a custom domain.",
            )
        })
    }
}

/// What the page asks a plan for: create or fix, for these settings, with these credentials.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRequest {
    pub settings: RawSettings,
    pub login: MgmtLogin,
    pub kind: PlanKind,
}

/// Create the application, or fix the one in the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    Create,
    Fix,
}

/// The requirements a plan is made from: the Register step's values (with
/// the login test's callback, as its checklist shows them) for the settings'
/// target, with the tenant's domain (the step comes before the domain is typed).
pub fn plan_requirements(
    settings: &RawSettings,
    tenant: &Domain,
) -> Result<Requirements, MgmtError> {
    let mut raw = settings.clone();
    if raw.domain.trim().is_empty() {
        raw.domain = tenant.authority();
    }
    from_raw(&raw, Some(DEFAULT_LOGIN_PORT), DomainUse::IfValid).map_err(|r| {
        let first = r.errors().next();
        input(
            first.map(|i| i.field.as_str()).unwrap_or("target"),
            &first
                .map(|i| i.message.clone())
                .unwrap_or_else(|| "The settings are not complete.".to_owned()),
            "Go back to the Target step and fix it.",
        )
    })
}

/// The name of an application the window creates: `auth0-wizard TARGET`.
pub fn app_name(settings: &RawSettings) -> String {
    match settings.target.trim() {
        "" => "auth0-wizard".to_owned(),
        t => format!("auth0-wizard {t}"),
    }
}

/// The client ID of the application a fix is for.
pub fn fix_client_id(settings: &RawSettings) -> Result<String, MgmtError> {
    match settings.client_id.trim() {
        "" => Err(input("clientId", "There is no application to fix: enter its client ID on the Credentials step, run the checks, then come back.", "Or use “Create it for me”.")),
        id => Ok(id.to_owned()),
    }
}

/// The created application's credentials, for the Credentials step: the
/// only serialization of these secrets (keys as a profile's: `clientSecret`,
/// `extras.KEY`), to the page that puts them in password fields.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandOver {
    pub domain: String,
    pub client_id: String,
    /// The target's extra fields the created M2M applications fill (their client IDs).
    pub extras: BTreeMap<String, String>,
    #[ts(type = "Record<string, string>")]
    pub secrets: HandedSecrets,
}

/// Secrets on their way to the page's password fields: the only map of them that serializes.
#[derive(Debug, Clone, Default)]
pub struct HandedSecrets(pub BTreeMap<String, Secret>);

impl Serialize for HandedSecrets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v.expose())))
    }
}

/// The hand-over of what `applied` created (`None` for a fix).
pub fn hand_over(applied: &Applied, reqs: &Requirements, tenant: &Domain) -> Option<HandOver> {
    let client_id = applied.client_id.clone()?;
    let secret = applied.client_secret()?.clone();
    let (extras, extra_secrets) = applied.m2m_extras(reqs);
    let mut secrets = BTreeMap::from([("clientSecret".to_owned(), secret)]);
    secrets.extend(
        extra_secrets
            .into_iter()
            .map(|(k, v)| (format!("extras.{k}"), v)),
    );
    Some(HandOver {
        domain: tenant.authority(),
        client_id,
        extras,
        secrets: HandedSecrets(secrets),
    })
}

/// An apply as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowApplied {
    pub applied: Applied,
    /// What `create` made, for the Credentials step.
    pub hand_over: Option<HandOver>,
}

/// Any failure of the flow, with what the window shows at its place: the
/// fix, the missing scopes, the fields changed since, what a failed create left.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MgmtFailure {
    pub code: String,
    pub message: String,
    pub fix: String,
    /// The input it is about (`mgmtDomain`, `mgmtClientId`, ...), if any.
    pub field: Option<String>,
    /// The scopes Auth0 said the token lacks (HTTP 403 insufficient_scope).
    pub scopes: Vec<String>,
    /// Fields someone changed since the wizard read or wrote them.
    pub drift: Vec<Drift>,
    /// What a failed apply left in the tenant.
    pub cleanup: Option<Cleanup>,
    /// The undo record that removes what was written, when something may be.
    pub undo_id: Option<String>,
}

impl From<&MgmtError> for MgmtFailure {
    fn from(e: &MgmtError) -> Self {
        let mut f = MgmtFailure {
            code: e.code().to_owned(),
            message: e.to_string(),
            fix: e.fix(),
            field: None,
            scopes: Vec::new(),
            drift: Vec::new(),
            cleanup: None,
            undo_id: None,
        };
        match e {
            MgmtError::InsufficientScope { scopes, .. } => f.scopes = scopes.clone(),
            MgmtError::Changed { drift } => f.drift = drift.clone(),
            MgmtError::Input { field, .. } => f.field = Some(field.clone()),
            _ => {}
        }
        f
    }
}

impl From<MgmtError> for MgmtFailure {
    fn from(e: MgmtError) -> Self {
        MgmtFailure::from(&e)
    }
}

impl From<ApplyError> for MgmtFailure {
    fn from(e: ApplyError) -> Self {
        let mut f = MgmtFailure::from(&e.error);
        f.message = e.to_string();
        if let Cleanup::Left { undo_id, .. } = &e.cleanup {
            f.undo_id = Some(undo_id.clone());
        }
        f.cleanup = Some(e.cleanup);
        f
    }
}

#[cfg(test)]
#[path = "window_tests.rs"]
mod tests;
