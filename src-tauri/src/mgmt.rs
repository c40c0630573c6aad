//! The Register step's Management API commands: plan (read only), apply
//! after the user's yes, undo, cancel; each a few lines over the core's
//! `mgmt` flow. The session (its token) stays in memory between a plan and
//! its apply; undo records are kept by the store, shared with the CLI.

use crate::error::AppError;
use crate::state::{AppState, CancelSlot};
use auth0_wizard_core::checks::{Cancel, Http};
use auth0_wizard_core::mgmt::{
    self, Consent, MgmtError, MgmtOptions, Plan, PlanRequest, ProgressEvent, UndoReport,
    WindowApplied, WindowSession,
};
use auth0_wizard_store::UndoStore;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::State;

type Result<T> = std::result::Result<T, AppError>;

/// Connect, read the tenant, and say what the request would do; writes nothing.
#[tauri::command]
pub async fn mgmt_plan(
    state: State<'_, AppState>,
    mgmt: State<'_, MgmtState>,
    request: PlanRequest,
    on_progress: Channel<ProgressEvent>,
) -> Result<Plan> {
    let (http, progress) = (mgmt_http(&state)?, forward(on_progress));
    let run = mgmt::window_plan(&http, &request, MgmtOptions::default(), &progress);
    let session = mgmt::cancellable(&mgmt.start(), run).await?;
    Ok(mgmt.keep(session))
}

/// Apply the last plan as far as the user agreed; every write saved to an undo record first.
#[tauri::command]
pub async fn mgmt_apply(
    mgmt: State<'_, MgmtState>,
    consent: Consent,
    on_progress: Channel<ProgressEvent>,
) -> Result<WindowApplied> {
    let (session, journal, progress) = (mgmt.session()?, undo_store()?, forward(on_progress));
    Ok(mgmt::window_apply(&session, &consent, &journal, &progress, &mgmt.start()).await?)
}

/// Revert an apply if nobody changed what it wrote since (else name each such field).
#[tauri::command]
pub async fn mgmt_undo(
    mgmt: State<'_, MgmtState>,
    undo_id: String,
    on_progress: Channel<ProgressEvent>,
) -> Result<UndoReport> {
    let (s, journal, progress) = (mgmt.session()?, undo_store()?, forward(on_progress));
    let mut record = journal.load(&undo_id)?;
    Ok(mgmt::window_undo(&s, &mut record, &journal, &progress, &mgmt.start()).await?)
}

#[tauri::command]
pub fn mgmt_cancel(mgmt: State<'_, MgmtState>) -> Result<()> {
    mgmt.cancel();
    Ok(())
}

/// The Management API session of the window and the cancel token of what runs.
#[derive(Default)]
pub struct MgmtState {
    session: Mutex<Option<WindowSession>>,
    cancel: CancelSlot,
}

impl MgmtState {
    /// A fresh cancel token; whatever still runs is cancelled.
    fn start(&self) -> Cancel {
        self.cancel.start()
    }

    fn cancel(&self) {
        self.cancel.cancel()
    }

    /// Keep the session; its plan for the page.
    fn keep(&self, s: WindowSession) -> Plan {
        let plan = s.plan.clone();
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) = Some(s);
        plan
    }

    fn session(&self) -> Result<WindowSession> {
        let s = self.session.lock().unwrap_or_else(|e| e.into_inner());
        s.clone().ok_or_else(|| {
            AppError::platform(
                "mgmt.no_session",
                "Nothing was planned in this window yet: enter the Management API credentials and show the plan first.",
            )
        })
    }
}

/// HTTP for the Management API, trusting AUTH0_WIZARD_CA_FILE as the checks do.
fn mgmt_http(state: &AppState) -> Result<Http> {
    Http::new(&state.check_options()).map_err(|source| {
        AppError::from(MgmtError::Http {
            doing: "preparing HTTPS".to_owned(),
            source,
        })
    })
}

/// The undo records in the wizard's data directory (the CLI's too).
fn undo_store() -> Result<UndoStore> {
    let dir = auth0_wizard_store::data_dir().ok_or_else(|| {
        AppError::platform(
            "data_dir",
            "No data directory for the wizard's undo records: set HOME (or AUTH0_WIZARD_DATA_DIR).",
        )
    })?;
    Ok(UndoStore::in_data_dir(&dir))
}

/// Progress events to the page, as they happen.
fn forward(channel: Channel<ProgressEvent>) -> impl Fn(&ProgressEvent) + Send + Sync {
    move |e: &ProgressEvent| {
        let _ = channel.send(e.clone());
    }
}
