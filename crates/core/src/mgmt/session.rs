//! The window's flow: connect and plan (read only), apply after the user's
//! yes, undo; each cancellable. A cancelled apply names its undo record.

use super::client::{MgmtClient, MgmtOptions};
use super::error::MgmtError;
use super::plan::{Consent, Plan};
use super::progress::Progress;
use super::revert::UndoReport;
use super::undo::{EntryState, UndoJournal, UndoRecord};
use super::window::{
    app_name, fix_client_id, hand_over, plan_requirements, MgmtFailure, PlanKind, PlanRequest,
    WindowApplied,
};
use crate::checks::{Cancel, Http};
use crate::model::Domain;
use crate::requirements::Requirements;
use std::future::Future;
use std::sync::Mutex;

/// A plan and what applying it needs: the session (its token stays in
/// memory), the requirements it was made from, the tenant.
#[derive(Clone)]
pub struct WindowSession {
    pub client: MgmtClient,
    pub reqs: Requirements,
    pub tenant: Domain,
    pub plan: Plan,
}

/// `fut`, unless `cancel` fires first.
pub async fn cancellable<T>(
    cancel: &Cancel,
    fut: impl Future<Output = Result<T, MgmtError>>,
) -> Result<T, MgmtError> {
    tokio::select! {
        r = fut => r,
        _ = cancel.cancelled() => Err(MgmtError::Cancelled { written: false }),
    }
}

/// Connect with the request's credentials and plan what it asks. Writes nothing.
pub async fn window_plan(
    http: &Http,
    req: &PlanRequest,
    opts: MgmtOptions,
    progress: Progress<'_>,
) -> Result<WindowSession, MgmtError> {
    let (login, settings) = (&req.login, &req.settings);
    let tenant = login.domain(settings)?;
    let reqs = plan_requirements(settings, &tenant)?;
    let fix_id = match req.kind {
        PlanKind::Fix => Some(fix_client_id(settings)?),
        PlanKind::Create => None,
    };
    let client = super::connect(http, &tenant, login.auth()?, opts, progress).await?;
    let plan = match fix_id {
        Some(id) => super::plan_fix(&client, &reqs, &id, progress).await?,
        None => super::plan_create(&client, &reqs, &app_name(settings), progress).await?,
    };
    Ok(WindowSession {
        client,
        reqs,
        tenant,
        plan,
    })
}

/// A journal that remembers the last record it saved (a cancelled apply
/// still names its undo record).
pub struct Recording<'a> {
    inner: &'a dyn UndoJournal,
    last: Mutex<Option<UndoRecord>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn UndoJournal) -> Self {
        Recording {
            inner,
            last: Mutex::new(None),
        }
    }

    /// The id of the last record saved, if any entry of it may have been written.
    pub fn written(&self) -> Option<String> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.as_ref()
            .filter(|r| r.entries.iter().any(|e| e.state != EntryState::Undone))
            .map(|r| r.id.clone())
    }
}

impl UndoJournal for Recording<'_> {
    fn save(&self, record: &UndoRecord) -> Result<(), String> {
        self.inner.save(record)?;
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(record.clone());
        Ok(())
    }
}

/// Apply the session's plan as far as `consent` goes; cancelled, it says
/// whether anything may have been written and which undo record removes it.
pub async fn window_apply(
    s: &WindowSession,
    consent: &Consent,
    journal: &dyn UndoJournal,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<WindowApplied, MgmtFailure> {
    let recording = Recording::new(journal);
    let run = super::apply(&s.client, &s.plan, consent, &recording, progress);
    let applied = tokio::select! {
        r = run => r?,
        _ = cancel.cancelled() => {
            let undo_id = recording.written();
            let mut f = MgmtFailure::from(MgmtError::Cancelled { written: undo_id.is_some() });
            f.undo_id = undo_id;
            return Err(f);
        }
    };
    Ok(WindowApplied {
        hand_over: hand_over(&applied, &s.reqs, &s.tenant),
        applied,
    })
}

/// Undo `record` with the session's client, if nobody changed what it wrote
/// since (else [`MgmtError::Changed`] names each such field, nothing written).
pub async fn window_undo(
    s: &WindowSession,
    record: &mut UndoRecord,
    journal: &dyn UndoJournal,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<UndoReport, MgmtError> {
    cancellable(cancel, super::undo(&s.client, record, journal, progress)).await
}
