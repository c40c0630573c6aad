//! Applying a plan the user agreed to: each write saved to the undo record
//! before it is sent; a create that fails halfway removes what it made.

use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::failure::{clean_up, ApplyError};
use super::fix::{current, read_client};
use super::plan::{Change, Consent, Plan, PlanAction, PlanStep};
use super::progress::Progress;
use super::undo::{EntryState, FieldWrite, UndoEntry, UndoJournal, UndoRecord, Write};
use crate::secret::Secret;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
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
    /// The created M2M applications' client IDs and secrets under the target's
    /// extra fields they fill (see `M2mRequirement::extras`), as the settings
    /// take them: `(extras, extra_secrets)`.
    pub fn m2m_extras(
        &self,
        reqs: &crate::requirements::Requirements,
    ) -> (BTreeMap<String, String>, BTreeMap<String, Secret>) {
        let mut ids = BTreeMap::new();
        let mut secrets = BTreeMap::new();
        for c in &self.created {
            let Some(keys) = c
                .step
                .strip_prefix("m2m-")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| reqs.m2m.get(i)?.extras.as_ref())
            else {
                continue;
            };
            ids.insert(keys.client_id.clone(), c.client_id.clone());
            if let Some((_, s)) = self.secrets.iter().find(|(id, _)| *id == c.client_id) {
                secrets.insert(keys.client_secret.clone(), s.clone());
            }
        }
        (ids, secrets)
    }

    /// The secret of the login application `create` made.
    pub fn client_secret(&self) -> Option<&Secret> {
        let id = self.client_id.as_deref()?;
        self.secrets.iter().find(|(c, _)| c == id).map(|(_, s)| s)
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
    pub journal: &'a dyn UndoJournal,
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
