//! What only the desktop does for the commands: the first step's data for
//! the page, the save dialog, the browser, the results channel, the
//! benchmark's ready file. The logic of the wizard stays in the core.

use crate::error::AppError;
use crate::state::{AppState, Env};
use auth0_wizard_core::checks::login::{LoginInput, UrlSink};
use auth0_wizard_core::checks::{self, CheckResult, SuiteInput};
use auth0_wizard_core::target::Syntax;
use auth0_wizard_core::{catalog, fsutil, TargetInfo};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

/// What the first step needs, handed to the page before it loads (an
/// initialization script, see `lib.rs`) so that the first paint waits on no
/// IPC round trip. `profiles` is `None` when they cannot be listed: the page
/// then asks `profile_list`, which reports the error.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Boot {
    pub catalog: Vec<TargetInfo>,
    pub profiles: Option<Vec<String>>,
}

pub fn boot(state: &AppState) -> Boot {
    Boot {
        catalog: catalog(),
        profiles: state.profiles().list().ok(),
    }
}

/// The initialization script that hands `boot` to the page.
pub fn boot_script(boot: &Boot) -> String {
    // JSON is a JavaScript expression; serializing typed data cannot fail.
    let json = serde_json::to_string(boot).expect("Boot serializes");
    format!("Object.defineProperty(window, \"__AUTH0_WIZARD_BOOT__\", {{ value: Object.freeze({json}), configurable: true }});")
}

/// Where to save: AUTH0_WIZARD_E2E_SAVE_PATH, or the save dialog's answer
/// (`None`: the user cancelled).
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    env: &Env,
    file_name: &str,
    syntax: Syntax,
) -> Result<Option<PathBuf>, AppError> {
    save_path_for(app, env, "Save export", file_name, filter_for(syntax)).await
}

/// The save dialog's filter (name, extensions) for a file in `syntax`.
pub fn filter_for(syntax: Syntax) -> (&'static str, &'static [&'static str]) {
    match syntax {
        Syntax::Yaml => ("YAML", &["yaml", "yml"]),
        Syntax::Json => ("JSON", &["json"]),
        Syntax::Env => ("Environment file", &["env"]),
    }
}

/// [`save_path`] with the dialog's title and filter (name, extensions).
pub async fn save_path_for<R: Runtime>(
    app: &AppHandle<R>,
    env: &Env,
    title: &str,
    file_name: &str,
    (filter, exts): (&str, &[&str]),
) -> Result<Option<PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(p) = &env.e2e_save_path {
        return Ok(Some(p.clone()));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter, exts)
        .save_file(move |p| {
            let _ = tx.send(p);
        });
    dialog_answer(rx, "save").await
}

/// What a dialog answered on `rx` (`None`: the user cancelled); `which`
/// names the dialog (`save`, `open`) in the errors.
pub async fn dialog_answer(
    rx: tokio::sync::oneshot::Receiver<Option<tauri_plugin_dialog::FilePath>>,
    which: &str,
) -> Result<Option<PathBuf>, AppError> {
    let dialog_failed = |m: String| AppError::platform("dialog_failed", m);
    let picked = rx
        .await
        .map_err(|_| dialog_failed(format!("The {which} dialog closed unexpectedly.")))?;
    picked
        .map(|p| p.into_path())
        .transpose()
        .map_err(|e| dialog_failed(format!("The chosen file is not a local file: {e}")))
}

/// Write `contents` to `path` atomically with mode 0600; the path written.
pub fn write_file(path: &std::path::Path, contents: &str) -> Result<String, AppError> {
    fsutil::write_atomic(path, contents.as_bytes()).map_err(|e| {
        AppError::platform(
            "save_failed",
            format!("Could not write {}: {e}", path.display()),
        )
    })?;
    Ok(path.display().to_string())
}

/// Only pages of the Auth0 dashboard: `https://manage.auth0.com/...`.
pub fn dashboard_url(url: &str) -> Result<url::Url, AppError> {
    let refuse = || {
        AppError::platform(
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

/// Open `url` in the system browser (the `open` crate, as the CLI does: no
/// plugin, no D-Bus stack in the app).
pub fn open_url(url: &str) -> Result<(), AppError> {
    open::that_detached(url)
        .map_err(|e| AppError::platform("open_failed", format!("Could not open the browser: {e}")))
}

/// `input` sending its authorize URL to the browser, or (with
/// AUTH0_WIZARD_LOGIN_URL_FILE) to a file an end-to-end test reads.
pub fn with_url_sink(mut input: LoginInput, env: &Env) -> LoginInput {
    input.open_browser = false;
    input.url_sink = Some(url_sink(env));
    input
}

fn url_sink(env: &Env) -> UrlSink {
    match env.login_url_file.clone() {
        Some(file) => Arc::new(move |url: &str| {
            let _ = fsutil::write_atomic(&file, url.as_bytes());
        }),
        None => Arc::new(move |url: &str| {
            let _ = open_url(url);
        }),
    }
}

/// Run the suite (cancelling one still running), sending each result on
/// `channel` as it finishes.
pub async fn stream_checks(
    state: &AppState,
    input: SuiteInput,
    channel: Channel<CheckResult>,
) -> Vec<CheckResult> {
    let (opts, cancel) = (state.check_options(), state.start_checks());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let forward = async move {
        while let Some(r) = rx.recv().await {
            let _ = channel.send(r);
        }
    };
    tokio::join!(checks::run_suite(input, opts, Some(tx), cancel), forward).0
}

/// Writes the time (ns since the epoch) to AUTH0_WIZARD_BENCH_READY_FILE when
/// set (scripts/bench-app.sh measures launch time), then one line per launch
/// mark the page sends (`name epoch-ms`).
pub fn write_ready(env: &Env, marks: Option<BTreeMap<String, f64>>) {
    let Some(path) = &env.ready_file else { return };
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
