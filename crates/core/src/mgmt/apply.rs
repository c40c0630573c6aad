//! Applying a plan the user agreed to: each write saved to the undo record
//! before it is sent; a create that fails halfway removes what it made.

use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::fix::{current, read_client};
use super::plan::{Change, Consent, Plan, PlanAction, PlanStep};
use super::progress::Progress;
use super::revert::revert;
use super::undo::{EntryState, FieldWrite, UndoEntry, UndoJournal, UndoRecord, Write};
use crate::secret::Secret;
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

/// An application `create` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreatedClient {
    pub client_id: String,
    pub name: String,
    /// The plan step that made it: `client` (the login application) or `m2m-N`.
    pub step: String,
}

/// What was applied. The secrets of created applications are here for the
/// caller to hand on (the Credentials step, the keyring), never serialized.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Applied {
    pub action: PlanAction,
    pub client_id: Option<String>,
    /// The changes written (with the values Auth0 stored).
    pub changes: Vec<Change>,
    pub applied: bool,
    pub undo_id: Option<String>,
    pub created: Vec<CreatedClient>,
    /// Client ID → client secret of each created application.
    #[serde(skip)]
    #[ts(skip)]
    pub secrets: Vec<(String, Secret)>,
}

impl Applied {
    /// The secret of the login application `create` made.
    pub fn client_secret(&self) -> Option<&Secret> {
        let id = self.client_id.as_deref()?;
        self.secrets.iter().find(|(c, _)| c == id).map(|(_, s)| s)
    }
}

/// What a failed apply left in the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cleanup {
    /// Nothing was written.
    NothingWritten,
    /// What was written is removed again.
    RolledBack { removed: Vec<String> },
    /// This is left (the undo record names it too).
    Left { left: Vec<String>, undo_id: String },
}

/// An apply that failed, and what it left.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{error}{}", cleanup_sentence(.cleanup))]
pub struct ApplyError {
    pub error: MgmtError,
    pub cleanup: Cleanup,
}

fn cleanup_sentence(c: &Cleanup) -> String {
    match c {
        Cleanup::NothingWritten => " Nothing was changed.".to_owned(),
        Cleanup::RolledBack { removed } if removed.is_empty() => " Nothing was left.".to_owned(),
        Cleanup::RolledBack { removed } => format!(" Removed again: {}; nothing was left.", removed.join("; ")),
        Cleanup::Left { left, undo_id } => format!(" Left in the tenant: {}. `auth0-wizard app undo --undo-id {undo_id}` (or Undo in the window) removes it once the cause is fixed.", left.join("; ")),
    }
}

impl From<MgmtError> for ApplyError {
    fn from(error: MgmtError) -> Self {
        ApplyError {
            error,
            cleanup: Cleanup::NothingWritten,
        }
    }
}

/// A JSON object from dotted fields: `jwt_configuration.alg` becomes nested.
pub(crate) fn body_of<'a>(fields: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    let mut root = Map::new();
    for (field, value) in fields {
        let mut parts: Vec<&str> = field.split('.').collect();
        let last = parts.pop().unwrap_or(field);
        let mut obj = &mut root;
        for p in parts {
            let entry = obj
                .entry(p.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            obj = entry.as_object_mut().expect("just made an object");
        }
        obj.insert(last.to_owned(), value);
    }
    Value::Object(root)
}

/// The undo record and its journal: every write is saved before it is sent.
pub(crate) struct Journaled<'a> {
    pub record: UndoRecord,
    journal: &'a dyn UndoJournal,
}

impl<'a> Journaled<'a> {
    pub fn new(record: UndoRecord, journal: &'a dyn UndoJournal) -> Self {
        Journaled { record, journal }
    }

    /// Save `write` as planned, before it is sent; its index.
    pub fn plan(&mut self, write: Write) -> Result<usize, MgmtError> {
        self.record.entries.push(UndoEntry {
            state: EntryState::Planned,
            write,
        });
        if let Err(e) = self.save() {
            // Not sent: the record must not claim it may have been.
            self.record.entries.pop();
            return Err(e);
        }
        Ok(self.record.entries.len() - 1)
    }

    /// The write went through: what it wrote, as Auth0 answered.
    pub fn done(&mut self, i: usize, write: Write) -> Result<(), MgmtError> {
        self.record.entries[i] = UndoEntry {
            state: EntryState::Done,
            write,
        };
        self.save()
    }

    pub fn save(&self) -> Result<(), MgmtError> {
        self.journal.save(&self.record).map_err(MgmtError::Journal)
    }
}

/// The steps accepted, each with its accepted changes. A create needs each
/// step accepted whole (or not at all) and the application's step accepted.
fn accepted<'p>(
    plan: &'p Plan,
    consent: &Consent,
) -> Result<Vec<(&'p PlanStep, Vec<Change>)>, MgmtError> {
    let mut out = Vec::new();
    for step in &plan.steps {
        let yes: Vec<Change> = step
            .changes
            .iter()
            .filter(|c| consent.accepts(c))
            .cloned()
            .collect();
        if plan.action == PlanAction::Create && !yes.is_empty() && yes.len() != step.changes.len() {
            return Err(MgmtError::Consent(format!(
                "step {:?} of a create is applied whole: accept all of its changes or none",
                step.id
            )));
        }
        if !yes.is_empty() {
            out.push((step, yes));
        }
    }
    if plan.action == PlanAction::Create && !out.is_empty() && out[0].0.id != "client" {
        return Err(MgmtError::Consent(
            "a create needs the application itself accepted (step \"client\")".to_owned(),
        ));
    }
    Ok(out)
}

/// Apply `plan` as far as `consent` goes. Every write is saved to `journal`
/// first; the result names the undo record. Nothing is written when the
/// consent accepts nothing.
pub async fn apply(
    client: &MgmtClient,
    plan: &Plan,
    consent: &Consent,
    journal: &dyn UndoJournal,
    progress: Progress<'_>,
) -> Result<Applied, ApplyError> {
    if plan.domain != client.domain() {
        return Err(MgmtError::Consent(format!(
            "the plan is for {}, not {}",
            plan.domain,
            client.domain()
        ))
        .into());
    }
    if plan.action == PlanAction::Create && !plan.existing.is_empty() && !consent.existing_ok {
        let names: Vec<String> = plan
            .existing
            .iter()
            .map(|e| format!("{} ({})", e.name, e.id))
            .collect();
        return Err(MgmtError::Consent(format!("the tenant already has {}: confirm creating another one of the same name, or choose another name", names.join(", "))).into());
    }
    let steps = accepted(plan, consent)?;
    let mut applied = Applied {
        action: plan.action,
        client_id: plan.client_id.clone(),
        changes: Vec::new(),
        applied: false,
        undo_id: None,
        created: Vec::new(),
        secrets: Vec::new(),
    };
    if steps.is_empty() {
        return Ok(applied);
    }
    let record = UndoRecord::new(
        plan.action,
        client.domain(),
        plan.client_id.clone(),
        plan.name.clone(),
    );
    let mut j = Journaled::new(record, journal);
    let mut ctx = Ctx::new(client, progress);
    let result = match plan.action {
        PlanAction::Create => super::made::create(&mut ctx, &steps, &mut j, &mut applied).await,
        PlanAction::Fix => fix(&mut ctx, plan, &steps, &mut j, &mut applied).await,
        PlanAction::Undo => Err(MgmtError::Consent(
            "an undo is applied with mgmt::undo".to_owned(),
        )),
    };
    match result {
        Ok(()) => {
            applied.applied = true;
            applied.undo_id = Some(j.record.id.clone());
            Ok(applied)
        }
        Err(error) => Err(ApplyError {
            cleanup: clean_up(client, &error, j, progress).await,
            error,
        }),
    }
}

/// After a failure: nothing written, or everything removed again, or what is left.
async fn clean_up(
    client: &MgmtClient,
    error: &MgmtError,
    mut j: Journaled<'_>,
    progress: Progress<'_>,
) -> Cleanup {
    let written: Vec<String> = j
        .record
        .entries
        .iter()
        .filter(|e| e.state == EntryState::Done)
        .map(|e| describe(&e.write))
        .collect();
    let maybe = j
        .record
        .entries
        .iter()
        .any(|e| e.state == EntryState::Planned);
    let refused = matches!(
        error,
        MgmtError::Api { .. } | MgmtError::InsufficientScope { .. }
    );
    if written.is_empty() && (!maybe || refused) {
        if !j.record.entries.is_empty() {
            // Refused: the record has nothing to undo.
            j.record
                .entries
                .iter_mut()
                .for_each(|e| e.state = EntryState::Undone);
            j.record.undone_at = Some(super::undo::rfc3339(super::undo::now_secs()));
            let _ = j.save();
        }
        return Cleanup::NothingWritten;
    }
    // A fix is one call: what it may have written stays, for undo to judge.
    if j.record.action == PlanAction::Fix {
        return Cleanup::Left {
            left: vec![format!("possibly the changes to {}", j.record.name)],
            undo_id: j.record.id.clone(),
        };
    }
    let mut ctx = Ctx::new(client, progress);
    ctx.step("rollback");
    match revert(&ctx, &mut j.record, j.journal).await {
        Ok(report) => Cleanup::RolledBack {
            removed: written.into_iter().chain(report.notes).collect(),
        },
        Err(_) => Cleanup::Left {
            left: j
                .record
                .entries
                .iter()
                .filter(|e| e.state != EntryState::Undone)
                .map(|e| describe(&e.write))
                .collect(),
            undo_id: j.record.id.clone(),
        },
    }
}

/// A write, named for a person.
pub(crate) fn describe(w: &Write) -> String {
    match w {
        Write::ClientCreated {
            client_id, name, ..
        } => format!(
            "the application {name:?} ({})",
            client_id.as_deref().unwrap_or("client ID unknown")
        ),
        Write::ClientPatched { client_id, fields } => {
            format!("{} setting(s) of application {client_id}", fields.len())
        }
        Write::GrantCreated {
            audience,
            client_id,
            ..
        } => format!("the client grant of {client_id} for {audience}"),
        Write::ActionCreated {
            name, action_id, ..
        } => format!(
            "the Action {name:?} ({})",
            action_id.as_deref().unwrap_or("id unknown")
        ),
        Write::BindingsReplaced { trigger, .. } => format!("the {trigger} bindings"),
    }
}

/// A fix: re-read the application; if any planned field changed since the
/// plan, refuse; else one PATCH with the accepted fields.
async fn fix(
    ctx: &mut Ctx<'_>,
    plan: &Plan,
    steps: &[(&PlanStep, Vec<Change>)],
    j: &mut Journaled<'_>,
    applied: &mut Applied,
) -> Result<(), MgmtError> {
    let client_id = plan
        .client_id
        .clone()
        .ok_or_else(|| MgmtError::Consent("a fix plan names its application".to_owned()))?;
    ctx.step("client");
    let now = read_client(ctx, &client_id).await?;
    let changes: Vec<Change> = steps.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
    let drift: Vec<_> = changes
        .iter()
        .filter(|c| current(&now, &c.field) != c.from)
        .map(|c| super::undo::Drift {
            resource: c.resource,
            id: client_id.clone(),
            field: c.field.clone(),
            written: c.from.clone(),
            now: current(&now, &c.field),
            gone: false,
        })
        .collect();
    if !drift.is_empty() {
        return Err(MgmtError::Changed { drift });
    }
    let fields = |written: &dyn Fn(&Change) -> Value| -> Vec<FieldWrite> {
        changes
            .iter()
            .map(|c| FieldWrite {
                field: c.field.clone(),
                before: c.from.clone(),
                written: written(c),
            })
            .collect()
    };
    let i = j.plan(Write::ClientPatched {
        client_id: client_id.clone(),
        fields: fields(&|c| c.to.clone()),
    })?;
    let body = body_of(changes.iter().map(|c| (c.field.as_str(), c.to.clone())));
    let answer = ctx
        .patch(
            &["clients", &client_id],
            body,
            "changing the application's settings",
        )
        .await?;
    let stored = |c: &Change| match current(&answer, &c.field) {
        Value::Null => c.to.clone(),
        v => v,
    };
    j.done(
        i,
        Write::ClientPatched {
            client_id: client_id.clone(),
            fields: fields(&stored),
        },
    )?;
    applied.changes = changes
        .iter()
        .map(|c| Change {
            to: stored(c),
            ..c.clone()
        })
        .collect();
    Ok(())
}
