//! What the wizard would do, as plain data: the window and the CLI show it,
//! the user consents to all of it or to some changes, then it is applied.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Create the application (and what else the target needs).
    Create,
    /// Change the settings the audit found wrong.
    Fix,
    /// Revert what the wizard wrote.
    Undo,
}

impl PlanAction {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanAction::Create => "create",
            PlanAction::Fix => "fix",
            PlanAction::Undo => "undo",
        }
    }
}

/// What a change is made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Client,
    ClientGrant,
    Action,
    Binding,
}

/// One field of one resource, from its value now to the value wanted
/// (`null`: absent). Arrays are whole lists, as the Management API replaces them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Change {
    /// Stable within a plan, for consent: `client.callbacks`, `m2m-0.client_grant.scope`.
    pub id: String,
    pub resource: Resource,
    /// The Management API's name, dotted for nested fields: `jwt_configuration.alg`.
    pub field: String,
    #[ts(type = "unknown")]
    pub from: Value,
    #[ts(type = "unknown")]
    pub to: Value,
}

/// A Management API scope a step needs, and whether the reference could
/// confirm which endpoint needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScopeNeed {
    pub scope: String,
    /// What it is for, e.g. `create the application`.
    pub why: String,
    /// `false` where Auth0's per-endpoint scope table could not be read (reference F).
    pub verified: bool,
}

impl ScopeNeed {
    pub(crate) fn new(scope: &str, why: &str) -> Self {
        ScopeNeed {
            scope: scope.to_owned(),
            why: why.to_owned(),
            verified: true,
        }
    }

    pub(crate) fn unverified(scope: &str, why: &str) -> Self {
        ScopeNeed {
            verified: false,
            ..Self::new(scope, why)
        }
    }

    /// Each `(scope, why)`, verified.
    pub(crate) fn all(v: &[(&str, &str)]) -> Vec<Self> {
        v.iter().map(|(s, w)| Self::new(s, w)).collect()
    }

    /// Each `(scope, why)`, unverified.
    pub(crate) fn all_unverified(v: &[(&str, &str)]) -> Vec<Self> {
        v.iter().map(|(s, w)| Self::unverified(s, w)).collect()
    }
}

/// A group of calls applied together (one consent per step for create).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PlanStep {
    /// `client`, `m2m-0`, `action`.
    pub id: String,
    pub title: String,
    /// The calls it makes, e.g. `POST /api/v2/clients`.
    pub calls: Vec<String>,
    pub scopes: Vec<ScopeNeed>,
    pub changes: Vec<Change>,
}

/// Something in the tenant with the name the plan would give a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Existing {
    pub resource: Resource,
    pub id: String,
    pub name: String,
}

/// A finding the Management API cannot fix, with what to do by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Unfixable {
    pub field: String,
    pub message: String,
    pub fix: String,
    /// A failing finding (the login cannot work) rather than a warning.
    pub failing: bool,
}

/// Everything the wizard would do, before it does any of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Plan {
    pub action: PlanAction,
    /// The Management API's domain (`host` or `host:port`).
    pub domain: String,
    /// The application fixed (`None` for create).
    pub client_id: Option<String>,
    /// The application's name.
    pub name: String,
    pub steps: Vec<PlanStep>,
    /// Every scope the plan's reads and writes need.
    pub scopes: Vec<ScopeNeed>,
    /// What undoing it will need.
    pub undo_scopes: Vec<ScopeNeed>,
    /// Same-named applications or Actions already in the tenant (create):
    /// applying needs [`Consent::existing_ok`].
    pub existing: Vec<Existing>,
    /// Findings the Management API cannot fix (fix).
    pub unfixable: Vec<Unfixable>,
    pub notes: Vec<String>,
}

impl Plan {
    /// Every change of every step, in order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.steps.iter().flat_map(|s| s.changes.iter())
    }

    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes().next().is_none()
    }
}

/// The user's yes: to every change, or to the changes named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Consent {
    pub all: bool,
    /// With `all` false: the [`Change::id`]s accepted.
    pub change_ids: Vec<String>,
    /// Create even though an application or Action of that name exists.
    pub existing_ok: bool,
}

impl Consent {
    pub fn all() -> Self {
        Consent {
            all: true,
            ..Consent::default()
        }
    }

    pub fn only<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Consent {
            change_ids: ids.into_iter().map(Into::into).collect(),
            ..Consent::default()
        }
    }

    pub fn accepts(&self, c: &Change) -> bool {
        self.all || self.change_ids.contains(&c.id)
    }
}

/// The scopes of `needs`, each once (the first reason kept).
pub(crate) fn union(needs: impl IntoIterator<Item = ScopeNeed>) -> Vec<ScopeNeed> {
    let mut out: Vec<ScopeNeed> = Vec::new();
    for n in needs {
        if !out.iter().any(|o| o.scope == n.scope) {
            out.push(n);
        }
    }
    out
}
