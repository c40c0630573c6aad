//! The commands the UI invokes (only through ui/src/api.ts). Each is a thin
//! adapter over the core; every error is an `ErrorPayload {code, message}`.

use crate::state::AppState;
use auth0_wizard_core::checks::{
    self, CheckResult, LoginInput, LoginOutcome, MgmtCredentials, SuiteInput,
};
use auth0_wizard_core::requirements::{input_from_raw, DomainUse, DEFAULT_LOGIN_PORT};
use auth0_wizard_core::store::{LoadedProfile, ProfileInput};
use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{
    catalog as core_catalog, export as core_export, fsutil, target_info, Config, CoreError,
    ErrorPayload, RawSettings, Report, Requirements, Secret, TargetInfo,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

/// One rendered export: a format of the target and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub format: String,
    pub label: String,
    pub file_name: String,
    pub syntax: String,
    pub apply_command: String,
    pub content: String,
}

/// The Machine to Machine app of "Audit my app settings" (Management API, read:clients).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditCredentials {
    pub client_id: String,
    #[ts(type = "string")]
    pub client_secret: Option<Secret>,
}

/// Settings that do not validate, as one error.
pub fn invalid(report: &Report) -> ErrorPayload {
    let errors: Vec<String> = report
        .errors()
        .map(|i| format!("{} {}", i.message, i.fix))
        .collect();
    CoreError::Invalid(errors.join(" ")).payload()
}

fn error(code: &str, message: impl Into<String>) -> ErrorPayload {
    ErrorPayload {
        code: code.to_owned(),
        message: message.into(),
    }
}

/// Build the configuration, with this session's generated secrets.
pub fn build(state: &AppState, settings: &RawSettings) -> Result<Config, ErrorPayload> {
    build_with(settings, &mut |k| state.generated(k)).map_err(|r| invalid(&r))
}

/// What the first step needs, handed to the page before it loads (an
/// initialization script, see `lib.rs`) so that the first paint waits on no
/// IPC round trip. `profiles` is `None` when they cannot be listed: the page
/// then asks `profile_list`, which reports the error.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Boot {
    // The core's type, already in ui/src/bindings: not generated twice.
    #[ts(type = "Array<import(\"../bindings/TargetInfo\").TargetInfo>")]
    pub catalog: Vec<TargetInfo>,
    pub profiles: Option<Vec<String>>,
}

pub fn boot(state: &AppState) -> Boot {
    Boot {
        catalog: core_catalog(),
        profiles: state.profiles().list().ok(),
    }
}

/// The initialization script that hands `boot` to the page.
pub fn boot_script(boot: &Boot) -> String {
    // JSON is a JavaScript expression; serializing typed data cannot fail.
    let json = serde_json::to_string(boot).expect("Boot serializes");
    format!("Object.defineProperty(window, \"__AUTH0_WIZARD_BOOT__\", {{ value: Object.freeze({json}), configurable: true }});")
}

#[tauri::command]
pub fn catalog() -> Vec<TargetInfo> {
    core_catalog()
}

#[tauri::command]
pub fn validate(settings: RawSettings) -> Report {
    auth0_wizard_core::validate(&settings)
}

/// What to set in Auth0. Needs only the target fields (step 1); the domain
/// improves the dashboard link when it is valid. Includes the login test's callback.
pub fn requirements_for(raw: &RawSettings) -> Result<Requirements, Report> {
    let (input, _) = input_from_raw(raw, Some(DEFAULT_LOGIN_PORT), DomainUse::IfValid)?;
    Ok(auth0_wizard_core::requirements(&input))
}

#[tauri::command]
pub fn requirements(settings: RawSettings) -> Result<Requirements, ErrorPayload> {
    requirements_for(&settings).map_err(|r| invalid(&r))
}

/// Every format of the settings' target, rendered from one configuration.
/// `handoff` leaves every secret out.
pub fn export_all(cfg: &Config, handoff: bool) -> Result<Vec<ExportedFile>, ErrorPayload> {
    let cfg = if handoff { cfg.redacted() } else { cfg.clone() };
    target_info(cfg.target)
        .formats
        .iter()
        .map(|f| {
            Ok(ExportedFile {
                format: f.id.to_owned(),
                label: f.label.to_owned(),
                file_name: f.file_name.to_owned(),
                syntax: f.syntax.to_owned(),
                apply_command: f.apply_command.to_owned(),
                content: core_export::export(&cfg, f.id).map_err(|e| e.payload())?,
            })
        })
        .collect()
}

#[tauri::command]
pub fn export(
    state: State<'_, AppState>,
    settings: RawSettings,
    handoff: bool,
) -> Result<Vec<ExportedFile>, ErrorPayload> {
    export_all(&build(&state, &settings)?, handoff)
}

/// Ask where to save (or take AUTH0_WIZARD_E2E_SAVE_PATH), then write
/// `contents` atomically with mode 0600. `None`: the user cancelled.
#[tauri::command]
pub async fn save_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    file_name: String,
    syntax: String,
    contents: String,
) -> Result<Option<String>, ErrorPayload> {
    let path = match &state.env.e2e_save_path {
        Some(p) => Some(p.clone()),
        None => ask_save_path(&app, &file_name, &syntax).await?,
    };
    let Some(path) = path else { return Ok(None) };
    fsutil::write_atomic(&path, contents.as_bytes()).map_err(|e| {
        error(
            "save_failed",
            format!("Could not write {}: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}

async fn ask_save_path<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    syntax: &str,
) -> Result<Option<PathBuf>, ErrorPayload> {
    use tauri_plugin_dialog::DialogExt;
    let (filter, exts): (&str, &[&str]) = match syntax {
        "yaml" => ("YAML", &["yaml", "yml"]),
        "json" => ("JSON", &["json"]),
        "env" => ("Environment file", &["env"]),
        _ => ("All files", &["*"]),
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save export")
        .set_file_name(file_name)
        .add_filter(filter, exts)
        .save_file(move |p| {
            let _ = tx.send(p);
        });
    let picked = rx
        .await
        .map_err(|_| error("dialog_failed", "The save dialog closed unexpectedly."))?;
    match picked {
        None => Ok(None),
        Some(p) => p.into_path().map(Some).map_err(|e| {
            error(
                "dialog_failed",
                format!("The chosen location is not a local file: {e}"),
            )
        }),
    }
}

#[tauri::command]
pub async fn profile_list(state: State<'_, AppState>) -> Result<Vec<String>, ErrorPayload> {
    state.profiles().list().map_err(|e| e.payload())
}

#[tauri::command]
pub async fn profile_save(
    state: State<'_, AppState>,
    input: ProfileInput,
) -> Result<(), ErrorPayload> {
    state.profiles().save(&input).map_err(|e| e.payload())
}

#[tauri::command]
pub async fn profile_load(
    state: State<'_, AppState>,
    name: String,
) -> Result<LoadedProfile, ErrorPayload> {
    state.profiles().load(&name).map_err(|e| e.payload())
}

#[tauri::command]
pub async fn profile_delete(state: State<'_, AppState>, name: String) -> Result<(), ErrorPayload> {
    state.profiles().delete(&name).map_err(|e| e.payload())
}

/// Only pages of the Auth0 dashboard: `https://manage.auth0.com/...`.
pub fn dashboard_url(url: &str) -> Result<url::Url, ErrorPayload> {
    let refuse = || {
        error(
            "url_refused",
            format!("Only https://manage.auth0.com/ pages are opened, not {url:?}."),
        )
    };
    let u = url::Url::parse(url).map_err(|_| refuse())?;
    let ok = u.scheme() == "https"
        && u.host_str() == Some("manage.auth0.com")
        && u.port().is_none()
        && u.username().is_empty()
        && u.password().is_none();
    ok.then_some(u).ok_or_else(refuse)
}

#[tauri::command]
pub fn open_dashboard(url: String) -> Result<(), ErrorPayload> {
    let u = dashboard_url(&url)?;
    open::that_detached(u.as_str())
        .map_err(|e| error("open_failed", format!("Could not open the browser: {e}")))
}

/// The suite's input from the settings (and the optional audit credentials).
pub fn suite_input(cfg: Config, audit: Option<AuditCredentials>) -> SuiteInput {
    let mut input = SuiteInput::new(
        cfg.domain.clone(),
        cfg.client_id.clone(),
        cfg.client_secret.clone(),
    );
    input.login_test_port = Some(DEFAULT_LOGIN_PORT);
    input.mgmt = audit.and_then(|a| match (a.client_id.trim(), a.client_secret) {
        (id, Some(secret)) if !id.is_empty() && !secret.expose().trim().is_empty() => {
            Some(MgmtCredentials {
                domain: None,
                client_id: id.to_owned(),
                client_secret: secret,
                audience: None,
            })
        }
        _ => None,
    });
    input.config = Some(cfg);
    input
}

/// Run the live checks; each result is sent on `on_result` as it finishes.
#[tauri::command]
pub async fn run_checks(
    state: State<'_, AppState>,
    settings: RawSettings,
    audit: Option<AuditCredentials>,
    on_result: Channel<CheckResult>,
) -> Result<Vec<CheckResult>, ErrorPayload> {
    let input = suite_input(build(&state, &settings)?, audit);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let forward = async move {
        while let Some(r) = rx.recv().await {
            let _ = on_result.send(r);
        }
    };
    let suite = checks::run_suite(input, state.check_options(), Some(tx), state.start_checks());
    Ok(tokio::join!(suite, forward).0)
}

#[tauri::command]
pub fn cancel_checks(state: State<'_, AppState>) {
    state.cancel_checks()
}

/// The interactive login test. The browser opens at the authorize URL (or,
/// with AUTH0_WIZARD_LOGIN_URL_FILE, the URL is written to that file).
#[tauri::command]
pub async fn login_test(
    state: State<'_, AppState>,
    settings: RawSettings,
) -> Result<LoginOutcome, ErrorPayload> {
    let cfg = build(&state, &settings)?;
    let mut input = LoginInput::new(
        cfg.domain.clone(),
        cfg.client_id.clone(),
        cfg.client_secret.clone(),
    );
    input.expected_issuer = Some(cfg.issuer.clone());
    input.groups_claim = cfg.groups_claim.clone();
    input.target = Some(cfg.target);
    input.open_browser = false;
    input.url_sink = Some(match state.env.login_url_file.clone() {
        Some(file) => Arc::new(move |url: &str| {
            let _ = fsutil::write_atomic(&file, url.as_bytes());
        }),
        None => Arc::new(move |url: &str| {
            let _ = open::that_detached(url);
        }),
    });
    Ok(checks::login::run(input, &state.check_options(), state.start_login()).await)
}

#[tauri::command]
pub fn cancel_login(state: State<'_, AppState>) {
    state.cancel_login()
}

/// The page has painted: writes the time (ns since the epoch) to
/// AUTH0_WIZARD_BENCH_READY_FILE when set (scripts/bench-app.sh measures launch
/// time), then one line per launch mark the page sends (`name epoch-ms`).
#[tauri::command]
pub fn ready(state: State<'_, AppState>, marks: Option<BTreeMap<String, f64>>) {
    if let Some(path) = &state.env.ready_file {
        let ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut text = format!("{ns}\n");
        for (name, ms) in marks.iter().flatten() {
            text.push_str(&format!("{name} {ms:.1}\n"));
        }
        let _ = std::fs::write(path, text);
    }
}
