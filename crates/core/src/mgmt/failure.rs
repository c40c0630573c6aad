//! A failed apply: what it left in the tenant, and the cleanup that decides it.

use super::apply::Journaled;
use super::client::{Ctx, MgmtClient};
use super::error::MgmtError;
use super::plan::PlanAction;
use super::progress::Progress;
use super::revert::revert;
use super::undo::{now_secs, rfc3339, EntryState, Write};
use serde::Serialize;
use ts_rs::TS;

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

/// After a failure: nothing written, or everything removed again, or what is left.
pub(crate) async fn clean_up(
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
            j.record.undone_at = Some(rfc3339(now_secs()));
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
