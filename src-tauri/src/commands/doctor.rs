//! The troubleshooting commands (issue 9, section 6): open a file (the open
//! dialog, a drop, a paste), choose the connector, read a pasted error,
//! probe the running system, show and save the corrected file, save the
//! report. Each a one-line adapter over `crate::doctor` and the core.

use crate::doctor;
use crate::error::AppError;
use crate::state::AppState;
use auth0_wizard_core::checks::{AuditCredentials, CheckResult};
use auth0_wizard_core::doctor::session::{Corrected, ReportFormat, Troubleshoot};
use auth0_wizard_core::RawSettings;
use tauri::{AppHandle, Runtime, State};

type Result<T> = std::result::Result<T, AppError>;

/// The open dialog (or AUTH0_WIZARD_E2E_OPEN_PATH), then the file read
/// here. `None`: the user cancelled.
#[tauri::command]
pub async fn doctor_open_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Troubleshoot>> {
    let path = doctor::open_path(&app, &state.env).await?;
    path.map(|p| state.doctor.open_path(&p)).transpose()
}

/// The file last dropped on the window; `None` when there is none.
#[tauri::command]
pub fn doctor_open_dropped(state: State<'_, AppState>) -> Result<Option<Troubleshoot>> {
    state.doctor.open_dropped()
}

/// Pasted text, read as a file.
#[tauri::command]
pub fn doctor_open_text(state: State<'_, AppState>, text: String) -> Result<Troubleshoot> {
    state.doctor.open_text(&text)
}

/// Take `connector` from a file with several.
#[tauri::command]
pub fn doctor_choose(state: State<'_, AppState>, connector: String) -> Result<Troubleshoot> {
    state.doctor.choose(&connector)
}

/// What a pasted error message means for this setup (empty: none).
#[tauri::command]
pub fn doctor_symptom(state: State<'_, AppState>, text: String) -> Result<Troubleshoot> {
    state.doctor.symptom(&text)
}

/// Ask the running system what it uses (read only, no credentials but the
/// optional Management API application's, to compare the Auth0 app).
#[tauri::command]
pub async fn doctor_probe(
    state: State<'_, AppState>,
    url: Option<String>,
    audit: Option<AuditCredentials>,
) -> Result<Troubleshoot> {
    state.doctor.probe(&state.check_options(), url, audit).await
}

#[tauri::command]
pub fn doctor_cancel_probe(state: State<'_, AppState>) {
    state.doctor.cancel_probe()
}

/// The corrected file for the wizard's `settings` and its diff against
/// the original, secrets shown as `[redacted]`.
#[tauri::command]
pub fn doctor_corrected(state: State<'_, AppState>, settings: RawSettings) -> Result<Corrected> {
    state.doctor.corrected(&settings)
}

/// Save the corrected file (the save dialog; atomic, 0600, an existing file kept as `.orig`).
#[tauri::command]
pub async fn doctor_save_corrected<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: RawSettings,
) -> Result<Option<String>> {
    state
        .doctor
        .save_corrected(&app, &state.env, &settings)
        .await
}

/// Save the report with the Test step's `checks`; no secret of the file or of `settings`.
#[tauri::command]
pub async fn doctor_save_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: ReportFormat,
    checks: Vec<CheckResult>,
    settings: RawSettings,
) -> Result<Option<String>> {
    let d = &state.doctor;
    d.save_report(&app, &state.env, format, checks, settings)
        .await
}
