//! The commands the UI invokes (only through ui/src/api.ts): each a one-line
//! adapter over the core, the store or `platform`, failing with [`AppError`],
//! which reaches the page as `{code, message, issues}`.

pub mod doctor;

use crate::error::AppError;
use crate::platform;
use crate::state::AppState;
use auth0_wizard_core::checks::login::{self, LoginInput};
use auth0_wizard_core::checks::{AuditCredentials, CheckResult, LoginOutcome, SuiteInput};
use auth0_wizard_core::export::{export_all, ExportedFile};
use auth0_wizard_core::requirements::{self, DomainUse, DEFAULT_LOGIN_PORT};
use auth0_wizard_core::target::Syntax;
use auth0_wizard_core::{RawSettings, Report, Requirements, TargetInfo};
use auth0_wizard_store::{LoadedProfile, ProfileInput};
use std::collections::BTreeMap;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

type Result<T> = std::result::Result<T, AppError>;

#[tauri::command]
pub fn catalog() -> Vec<TargetInfo> {
    auth0_wizard_core::catalog()
}

#[tauri::command]
pub fn validate(settings: RawSettings) -> Report {
    auth0_wizard_core::validate(&settings)
}

/// What to set in Auth0. Needs only the target fields (step 1); the domain
/// improves the dashboard link when it is valid. Includes the login test's callback.
#[tauri::command]
pub fn requirements(settings: RawSettings) -> Result<Requirements> {
    Ok(requirements::from_raw(
        &settings,
        Some(DEFAULT_LOGIN_PORT),
        DomainUse::IfValid,
    )?)
}

/// Every format of the target; `handoff` leaves every secret out.
#[tauri::command]
pub fn export(
    state: State<'_, AppState>,
    settings: RawSettings,
    handoff: bool,
) -> Result<Vec<ExportedFile>> {
    Ok(export_all(&state.build(&settings)?, handoff)?)
}

/// Ask where to save (or take AUTH0_WIZARD_E2E_SAVE_PATH), then write
/// `contents` atomically with mode 0600. `None`: the user cancelled.
#[tauri::command]
pub async fn save_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    file_name: String,
    syntax: Syntax,
    contents: String,
) -> Result<Option<String>> {
    let path = platform::save_path(&app, &state.env, &file_name, syntax).await?;
    path.map(|p| platform::write_file(&p, &contents))
        .transpose()
}

#[tauri::command]
pub async fn profile_list(state: State<'_, AppState>) -> Result<Vec<String>> {
    Ok(state.profiles().list()?)
}

#[tauri::command]
pub async fn profile_save(state: State<'_, AppState>, input: ProfileInput) -> Result<()> {
    Ok(state.profiles().save(&input)?)
}

#[tauri::command]
pub async fn profile_load(state: State<'_, AppState>, name: String) -> Result<LoadedProfile> {
    Ok(state.profiles().load(&name)?)
}

#[tauri::command]
pub async fn profile_delete(state: State<'_, AppState>, name: String) -> Result<()> {
    Ok(state.profiles().delete(&name)?)
}

/// Opens a page of the Auth0 dashboard (anything else is refused).
#[tauri::command]
pub fn open_dashboard(url: String) -> Result<()> {
    platform::open_url(platform::dashboard_url(&url)?.as_str())
}

/// Run the live checks; each result is sent on `on_result` as it finishes.
#[tauri::command]
pub async fn run_checks(
    state: State<'_, AppState>,
    settings: RawSettings,
    audit: Option<AuditCredentials>,
    on_result: Channel<CheckResult>,
) -> Result<Vec<CheckResult>> {
    let input = SuiteInput::for_config(state.build(&settings)?, audit, Some(DEFAULT_LOGIN_PORT));
    Ok(platform::stream_checks(&state, input, on_result).await)
}

#[tauri::command]
pub fn cancel_checks(state: State<'_, AppState>) {
    state.cancel_checks()
}

/// The interactive login test: the browser opens at the authorize URL (or,
/// with AUTH0_WIZARD_LOGIN_URL_FILE, the URL is written to that file).
#[tauri::command]
pub async fn login_test(state: State<'_, AppState>, settings: RawSettings) -> Result<LoginOutcome> {
    let input = LoginInput::for_config(&state.build(&settings)?);
    let input = platform::with_url_sink(input, &state.env);
    Ok(login::run(input, &state.check_options(), state.start_login()).await)
}

#[tauri::command]
pub fn cancel_login(state: State<'_, AppState>) {
    state.cancel_login()
}

/// The page has painted (scripts/bench-app.sh measures launch time).
#[tauri::command]
pub fn ready(state: State<'_, AppState>, marks: Option<BTreeMap<String, f64>>) {
    platform::write_ready(&state.env, marks)
}
