//! Registering and fixing the Auth0 application through the Management API,
//! with consent and undo (reference A): plain data for the window and the CLI.
//!
//! The sequence, for the window or the CLI:
//!
//! 1. [`connect`] with a Machine to Machine application's credentials or a
//!    pasted token ([`MgmtAuth`]);
//! 2. [`plan_create`] (from the target's [`crate::requirements::Requirements`])
//!    or [`plan_fix`] (the audit's findings on the application as it is now):
//!    a [`Plan`] of [`Change`]s, the [`ScopeNeed`]s of each step, anything of
//!    the same name already there. Nothing is written.
//! 3. The user agrees ([`Consent`]: all, or some changes); [`apply`] writes,
//!    saving each write to an [`UndoJournal`] first, reporting each call to a
//!    [`Progress`] callback; [`Applied`] names the undo record and holds the
//!    created application's secret (never serialized).
//! 4. [`undo_check`] then [`undo`] revert a record if nobody changed what it
//!    wrote since; otherwise they name each such field ([`Drift`]).
//!
//! Waits (429s, Action builds) count against [`MgmtOptions::timeout`].
//!
//! ```ignore
//! let journal = auth0_wizard_store::UndoStore::in_data_dir(&data_dir);
//! let client = mgmt::connect(&http, &mgmt_domain, MgmtAuth::Token(pasted), MgmtOptions::default(), &mgmt::quiet).await?;
//! let plan = mgmt::plan_create(&client, &requirements, "Pomerium", &mgmt::quiet).await?;
//! // show plan.steps (changes, scopes), plan.existing, plan.undo_scopes; the user says yes
//! let applied = mgmt::apply(&client, &plan, &Consent::all(), &journal, &|e: &ProgressEvent| channel.send(e.clone())).await?;
//! let secret = applied.client_secret();          // to the Credentials step, never serialized
//! let mut record = journal.load(applied.undo_id.as_deref().unwrap())?;
//! let check = mgmt::undo_check(&client, &record, &mgmt::quiet).await?;   // check.changes, check.drift
//! mgmt::undo(&client, &mut record, &journal, &mgmt::quiet).await?;       // refuses with MgmtError::Changed
//! ```

mod action;
mod apply;
mod client;
mod create;
mod error;
mod failure;
mod fix;
mod made;
mod plan;
mod progress;
mod revert;
mod session;
mod token;
mod undo;
mod window;

pub use apply::{apply, Applied, CreatedClient};
pub use client::{MgmtClient, MgmtOptions};
pub use create::plan_create;
pub use error::{scope_fix, scopes_in_message, Grantee, MgmtError};
pub use failure::{ApplyError, Cleanup};
pub use fix::plan_fix;
pub use plan::{
    Change, Consent, Existing, Plan, PlanAction, PlanStep, Resource, ScopeNeed, Unfixable,
};
pub use progress::{quiet, Progress, ProgressEvent, ProgressKind};
pub use revert::{undo, undo_check, UndoReport};
pub use session::{cancellable, window_apply, window_plan, window_undo, Recording, WindowSession};
pub use token::{connect, MgmtAuth};
pub use undo::{
    rfc3339, BindingRef, Drift, EntryState, FieldWrite, NoJournal, UndoEntry, UndoJournal,
    UndoRecord, Write,
};
pub use window::{
    app_name, fix_client_id, hand_over, plan_requirements, HandOver, HandedSecrets, MgmtFailure,
    MgmtLogin, PlanKind, PlanRequest, WindowApplied,
};

#[cfg(test)]
mod tests {
    use super::*;
    use ts_rs::TS;

    /// The window receives these as they are: each must have a TypeScript form.
    #[test]
    fn the_windows_types_export_to_typescript() {
        let dir = tempfile::tempdir().unwrap();
        Plan::export_all_to(dir.path()).unwrap();
        Consent::export_all_to(dir.path()).unwrap();
        Applied::export_all_to(dir.path()).unwrap();
        Cleanup::export_all_to(dir.path()).unwrap();
        UndoReport::export_all_to(dir.path()).unwrap();
        UndoRecord::export_all_to(dir.path()).unwrap();
        ProgressEvent::export_all_to(dir.path()).unwrap();
        MgmtLogin::export_all_to(dir.path()).unwrap();
        PlanRequest::export_all_to(dir.path()).unwrap();
        WindowApplied::export_all_to(dir.path()).unwrap();
        MgmtFailure::export_all_to(dir.path()).unwrap();
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        let progress = read("ProgressEvent.ts");
        assert!(progress.contains("step: string"), "{progress}");
        assert!(
            progress.contains("{ \"kind\": \"waiting\", what: string, seconds: number, }"),
            "{progress}"
        );
        let applied = read("Applied.ts");
        assert!(!applied.contains("secrets:"), "{applied}");
        let hand_over = read("HandOver.ts");
        assert!(
            hand_over.contains("secrets: Record<string, string>"),
            "{hand_over}"
        );
    }
}
