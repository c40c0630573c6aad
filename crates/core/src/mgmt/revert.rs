//! Undo: read everything the record wrote again; if every field still holds
//! what the wizard wrote, write the previous values back (or delete what it
//! created), newest first; if anyone changed any of it since, change nothing
//! and name each such field with its value now.

use super::action::{read_bindings, write_bindings};
use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::fix::current;
use super::plan::{Change, Resource};
use super::progress::Progress;
use super::undo::{
    now_secs, rfc3339, BindingRef, Drift, EntryState, UndoEntry, UndoJournal, UndoRecord, Write,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;

/// What undoing a record does (or did): each change back, and anything
/// changed since, which stops it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UndoReport {
    pub undo_id: String,
    pub client_id: Option<String>,
    /// From what the wizard wrote back to what was there before (`to: null`: deleted).
    pub changes: Vec<Change>,
    /// Fields changed since the wizard wrote them: undo refuses while any is here.
    pub drift: Vec<Drift>,
    /// It was undone already: nothing to do.
    pub already_undone: bool,
    pub notes: Vec<String>,
}

/// What undoing one write would take.
enum Verdict {
    Revert(Vec<Change>),
    Skip(Option<String>),
    Drifted(Vec<Drift>),
}

/// Read the tenant and say what undoing `record` would change, and what
/// stops it. Writes nothing.
pub async fn undo_check(
    client: &MgmtClient,
    record: &UndoRecord,
    progress: Progress<'_>,
) -> Result<UndoReport, MgmtError> {
    let ctx = Ctx::new(client, progress);
    ctx_check(&ctx, record).await.map(|(report, _)| report)
}

/// Undo `record`, after checking it (as [`undo_check`]); refuses with
/// [`MgmtError::Changed`] and writes nothing if anything changed since.
/// The record is marked (and saved) entry by entry.
pub async fn undo(
    client: &MgmtClient,
    record: &mut UndoRecord,
    journal: &dyn UndoJournal,
    progress: Progress<'_>,
) -> Result<UndoReport, MgmtError> {
    let mut ctx = Ctx::new(client, progress);
    ctx.step("undo");
    revert(&ctx, record, journal).await
}

async fn ctx_check(
    ctx: &Ctx<'_>,
    record: &UndoRecord,
) -> Result<(UndoReport, Vec<Verdict>), MgmtError> {
    let mut report = UndoReport {
        undo_id: record.id.clone(),
        client_id: record.client_id.clone(),
        changes: Vec::new(),
        drift: Vec::new(),
        already_undone: record.undone_at.is_some(),
        notes: Vec::new(),
    };
    let mut verdicts = Vec::new();
    if record.domain != ctx.client.domain() {
        return Err(MgmtError::Consent(format!(
            "undo {} was made on {}, not on {}: use that tenant's Management API",
            record.id,
            record.domain,
            ctx.client.domain()
        )));
    }
    for entry in record.entries.iter().rev() {
        let v = assess(ctx, entry).await?;
        match &v {
            Verdict::Revert(c) => report.changes.extend(c.iter().cloned()),
            Verdict::Skip(note) => report.notes.extend(note.clone()),
            Verdict::Drifted(d) => report.drift.extend(d.iter().cloned()),
        }
        verdicts.push(v);
    }
    Ok((report, verdicts))
}

/// Check, then revert newest first. Used by [`undo`] and by a create that
/// fails halfway.
pub(crate) async fn revert(
    ctx: &Ctx<'_>,
    record: &mut UndoRecord,
    journal: &dyn UndoJournal,
) -> Result<UndoReport, MgmtError> {
    let (report, verdicts) = ctx_check(ctx, record).await?;
    if !report.drift.is_empty() {
        return Err(MgmtError::Changed {
            drift: report.drift,
        });
    }
    let n = record.entries.len();
    for (k, v) in verdicts.into_iter().enumerate() {
        let i = n - 1 - k;
        if let Verdict::Revert(_) = v {
            revert_one(ctx, &record.entries[i].write).await?;
        }
        if record.entries[i].state != EntryState::Undone {
            record.entries[i].state = EntryState::Undone;
            journal.save(record).map_err(MgmtError::Journal)?;
        }
    }
    record.undone_at = Some(rfc3339(now_secs()));
    journal.save(record).map_err(MgmtError::Journal)?;
    Ok(report)
}

fn is_404(e: &MgmtError) -> bool {
    matches!(e, MgmtError::Api { status: 404, .. })
}

fn drift(resource: Resource, id: &str, field: &str, written: &Value, now: &Value) -> Drift {
    Drift {
        resource,
        id: id.to_owned(),
        field: field.to_owned(),
        written: written.clone(),
        now: now.clone(),
        gone: false,
    }
}

fn gone(resource: Resource, id: &str) -> Drift {
    Drift {
        gone: true,
        ..drift(resource, id, "", &Value::Null, &Value::Null)
    }
}

fn change(resource: Resource, field: &str, from: Value, to: Value) -> Change {
    let kind = super::undo::resource_name(resource)
        .replace(' ', "_")
        .to_lowercase();
    Change {
        id: format!("undo.{kind}.{field}"),
        resource,
        field: field.to_owned(),
        from,
        to,
    }
}

/// A client's record with the top-level fields of `fields`; `None` if it is gone.
async fn read_client(ctx: &Ctx<'_>, id: &str, fields: &[&str]) -> Result<Option<Value>, MgmtError> {
    let mut top: Vec<&str> = fields
        .iter()
        .map(|f| f.split('.').next().unwrap_or(f))
        .collect();
    top.push("client_id");
    top.sort_unstable();
    top.dedup();
    let list = top.join(",");
    let got = ctx
        .get(
            &["clients", id],
            &[("fields", &list), ("include_fields", "true")],
            "reading the application again",
        )
        .await;
    match got {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_404(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn assess(ctx: &Ctx<'_>, entry: &UndoEntry) -> Result<Verdict, MgmtError> {
    if entry.state == EntryState::Undone {
        return Ok(Verdict::Skip(None));
    }
    let planned = entry.state == EntryState::Planned;
    match &entry.write {
        Write::ClientCreated { client_id: None, name, .. } => Ok(Verdict::Skip(Some(format!(
            "The application {name:?} may have been created (its answer never arrived): look for it under Applications > Applications."
        )))),
        Write::ClientCreated { client_id: Some(id), name, written } => {
            let fields: Vec<&str> = written.keys().map(String::as_str).collect();
            let Some(now) = read_client(ctx, id, &fields).await? else {
                return Ok(Verdict::Skip(Some(format!("The application {name:?} ({id}) was already deleted."))));
            };
            let d = compare_map(Resource::Client, id, written, &now);
            Ok(if d.is_empty() {
                Verdict::Revert(vec![change(Resource::Client, "client_id", json!(id), Value::Null)])
            } else {
                Verdict::Drifted(d)
            })
        }
        Write::ClientPatched { client_id, fields } => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            let Some(now) = read_client(ctx, client_id, &names).await? else {
                return Ok(Verdict::Drifted(vec![gone(Resource::Client, client_id)]));
            };
            if planned && fields.iter().all(|f| current(&now, &f.field) == f.before) {
                return Ok(Verdict::Skip(None));
            }
            let d: Vec<Drift> = fields
                .iter()
                .filter(|f| current(&now, &f.field) != f.written)
                .map(|f| drift(Resource::Client, client_id, &f.field, &f.written, &current(&now, &f.field)))
                .collect();
            Ok(if d.is_empty() {
                Verdict::Revert(fields.iter().map(|f| change(Resource::Client, &f.field, f.written.clone(), f.before.clone())).collect())
            } else {
                Verdict::Drifted(d)
            })
        }
        Write::GrantCreated { grant_id: None, .. } => Ok(Verdict::Skip(Some(
            "A client grant may have been created (its answer never arrived): look under Applications > APIs > (the API) > Machine To Machine Applications.".to_owned(),
        ))),
        Write::GrantCreated { grant_id: Some(gid), client_id, audience, scope } => {
            let v = ctx
                .get(&["client-grants"], &[("client_id", client_id), ("audience", audience)], "reading the client grant again")
                .await?;
            let list = v.get("client_grants").unwrap_or(&v).as_array().cloned().unwrap_or_default();
            let Some(g) = list.iter().find(|g| g.get("id").and_then(Value::as_str) == Some(gid)) else {
                return Ok(Verdict::Skip(None));
            };
            let now = g.get("scope").cloned().unwrap_or(Value::Null);
            Ok(if now == json!(scope) {
                Verdict::Revert(vec![change(Resource::ClientGrant, "scope", now, Value::Null)])
            } else {
                Verdict::Drifted(vec![drift(Resource::ClientGrant, gid, "scope", &json!(scope), &now)])
            })
        }
        Write::ActionCreated { action_id: None, name, .. } => Ok(Verdict::Skip(Some(format!(
            "The Action {name:?} may have been created (its answer never arrived): look under Actions > Library."
        )))),
        Write::ActionCreated { action_id: Some(aid), name, code } => {
            let got = ctx.get(&["actions", "actions", aid], &[], "reading the Action again").await;
            let now = match got {
                Ok(v) => v,
                Err(e) if is_404(&e) => return Ok(Verdict::Skip(None)),
                Err(e) => return Err(e),
            };
            let written: Map<String, Value> = [("name".to_owned(), json!(name)), ("code".to_owned(), json!(code))].into_iter().collect();
            let d = compare_map(Resource::Action, aid, &written, &now);
            Ok(if d.is_empty() {
                Verdict::Revert(vec![change(Resource::Action, "name", json!(name), Value::Null)])
            } else {
                Verdict::Drifted(d)
            })
        }
        Write::BindingsReplaced { trigger, before, written } => {
            let now = read_bindings(ctx).await?;
            let labels = |l: &[BindingRef]| json!(l.iter().map(|b| b.display_name.clone()).collect::<Vec<_>>());
            if now == *written {
                Ok(Verdict::Revert(vec![change(Resource::Binding, trigger, labels(written), labels(before))]))
            } else if planned && now == *before {
                Ok(Verdict::Skip(None))
            } else {
                Ok(Verdict::Drifted(vec![drift(Resource::Binding, trigger, "bindings", &labels(written), &labels(&now))]))
            }
        }
    }
}

/// The fields of `written` whose value in `now` differs.
fn compare_map(
    resource: Resource,
    id: &str,
    written: &Map<String, Value>,
    now: &Value,
) -> Vec<Drift> {
    written
        .iter()
        .filter(|(f, w)| current(now, f) != **w)
        .map(|(f, w)| drift(resource, id, f, w, &current(now, f)))
        .collect()
}

async fn revert_one(ctx: &Ctx<'_>, w: &Write) -> Result<(), MgmtError> {
    let tolerate_404 = |r: Result<(), MgmtError>| match r {
        Err(e) if is_404(&e) => Ok(()),
        other => other,
    };
    match w {
        Write::ClientCreated {
            client_id: Some(id),
            ..
        } => tolerate_404(
            ctx.delete(&["clients", id], "deleting the application")
                .await,
        ),
        Write::ClientPatched { client_id, fields } => {
            let body =
                super::apply::body_of(fields.iter().map(|f| (f.field.as_str(), f.before.clone())));
            ctx.patch(
                &["clients", client_id],
                body,
                "writing the previous values back",
            )
            .await
            .map(|_| ())
        }
        Write::GrantCreated {
            grant_id: Some(gid),
            ..
        } => tolerate_404(
            ctx.delete(&["client-grants", gid], "deleting the client grant")
                .await,
        ),
        Write::ActionCreated {
            action_id: Some(aid),
            ..
        } => tolerate_404(
            ctx.delete(&["actions", "actions", aid], "deleting the Action")
                .await,
        ),
        Write::BindingsReplaced { before, .. } => {
            write_bindings(ctx, before, "restoring the post-login bindings").await
        }
        _ => Ok(()),
    }
}
