//! What the app keeps and does for the troubleshooting commands
//! (`commands/doctor.rs`): the one session (the core's
//! [`Session`]), the file last dropped on the window, the open dialog, the
//! probes' cancel token. The logic is the core's.

use crate::error::AppError;
use crate::platform;
use crate::state::{CancelSlot, Env};
use auth0_wizard_core::checks::{AuditCredentials, CheckOptions, CheckResult, Http};
use auth0_wizard_core::doctor::session::{Corrected, ReportFormat, Session, Troubleshoot};
use auth0_wizard_core::doctor::{fix, probe, read_file, OpenError};
use auth0_wizard_core::target::Syntax;
use auth0_wizard_core::RawSettings;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};

/// The name a pasted text goes by (in the findings, the diff, the report).
pub const PASTED: &str = "pasted text";

impl From<OpenError> for AppError {
    fn from(e: OpenError) -> Self {
        AppError::platform(e.code(), e.to_string())
    }
}

impl From<fix::FixError> for AppError {
    fn from(e: fix::FixError) -> Self {
        AppError::platform(
            "fix_failed",
            format!("The corrected file cannot be made: {e}"),
        )
    }
}

fn no_session() -> AppError {
    AppError::platform(
        "no_file",
        "No file is open: open, drop or paste the configuration first.",
    )
}

#[derive(Default)]
pub struct DoctorState {
    session: Mutex<Option<Session>>,
    dropped: Mutex<Option<PathBuf>>,
    probe: CancelSlot,
}

impl DoctorState {
    fn set(&self, s: Session) -> Troubleshoot {
        let view = s.view();
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) = Some(s);
        view
    }

    /// `f` on the open session.
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> T) -> Result<T, AppError> {
        let mut g = self.session.lock().unwrap_or_else(|e| e.into_inner());
        g.as_mut().map(f).ok_or_else(no_session)
    }

    /// Open the file at `path` (read here, bounded).
    pub fn open_path(&self, path: &Path) -> Result<Troubleshoot, AppError> {
        let name = path.display().to_string();
        Ok(self.set(Session::open(&name, &read_file(path)?, None)?))
    }

    pub fn open_text(&self, text: &str) -> Result<Troubleshoot, AppError> {
        Ok(self.set(Session::open(PASTED, text.as_bytes(), None)?))
    }

    /// A file was dropped on the window: kept until the page asks for it.
    pub fn dropped(&self, path: PathBuf) {
        *self.dropped.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    }

    /// Open the file last dropped; `None` when there is none.
    pub fn open_dropped(&self) -> Result<Option<Troubleshoot>, AppError> {
        let path = self
            .dropped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        path.map(|p| self.open_path(&p)).transpose()
    }

    pub fn choose(&self, connector: &str) -> Result<Troubleshoot, AppError> {
        let s = self.with(|s| s.choose(connector))??;
        Ok(self.set(s))
    }

    pub fn symptom(&self, text: &str) -> Result<Troubleshoot, AppError> {
        self.with(|s| {
            s.symptom(text);
            s.view()
        })
    }

    /// The corrected file for the wizard's `settings`.
    pub fn corrected(&self, settings: &RawSettings) -> Result<Corrected, AppError> {
        self.with(|s| s.corrected(Some(settings)))?
            .map_err(Into::into)
    }

    /// Probe the running system (cancelling a run still going); the audit
    /// credentials, when given, compare the Auth0 application too.
    pub async fn probe(
        &self,
        opts: &CheckOptions,
        url: Option<String>,
        audit: Option<AuditCredentials>,
    ) -> Result<Troubleshoot, AppError> {
        let imported = self.with(|s| s.opened().imported.clone())?;
        let cancel = self.probe.start();
        let http =
            Http::new(opts).map_err(|e| AppError::platform("probe_failed", e.to_string()))?;
        let mgmt = audit.and_then(AuditCredentials::credentials);
        let run = probe::examine(&http, &imported, url.as_deref(), mgmt.as_ref());
        let examined = tokio::select! {
            r = run => r.map_err(|e| AppError::platform("probe_refused", e.to_string()))?,
            () = cancel.cancelled() => return Err(AppError::platform("cancelled", "The probes were cancelled.")),
        };
        self.with(|s| {
            s.probed(examined);
            s.view()
        })
    }

    pub fn cancel_probe(&self) {
        self.probe.cancel()
    }

    /// Save the corrected file for the wizard's `settings` where the user
    /// says (an existing file is kept as `.orig`).
    pub async fn save_corrected<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        env: &Env,
        settings: &RawSettings,
    ) -> Result<Option<String>, AppError> {
        let (name, text) =
            self.with(|s| s.plan(Some(settings)).map(|p| (s.fixed_name(), p.text)))??;
        let filter = file_filter(&name);
        let Some(path) =
            platform::save_path_for(app, env, "Save the corrected file", &name, filter).await?
        else {
            return Ok(None);
        };
        fix::save(&path, &text).map_err(|e| AppError::platform("save_failed", e.to_string()))?;
        let shown = path.display().to_string();
        self.with(|s| s.saved_fix(&shown))?;
        Ok(Some(shown))
    }

    /// Save the report (no secret of the file or of `settings`).
    pub async fn save_report<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        env: &Env,
        format: ReportFormat,
        checks: Vec<CheckResult>,
        settings: RawSettings,
    ) -> Result<Option<String>, AppError> {
        let text = self.with(|s| s.report_text(format, checks, Some(&settings)))?;
        let filter = match format {
            ReportFormat::Markdown => ("Markdown", &["md"][..]),
            ReportFormat::Json => ("JSON", &["json"][..]),
        };
        let title = "Save the troubleshooting report";
        let path = platform::save_path_for(app, env, title, format.file_name(), filter).await?;
        path.map(|p| platform::write_file(&p, &text)).transpose()
    }
}

/// The save dialog's filter for a file named like `name`.
fn file_filter(name: &str) -> (&'static str, &'static [&'static str]) {
    platform::filter_for(match name.rsplit_once('.').map(|(_, e)| e) {
        Some("json") => Syntax::Json,
        Some("env") => Syntax::Env,
        _ => Syntax::Yaml,
    })
}

/// Which file to open: AUTH0_WIZARD_E2E_OPEN_PATH, or the open dialog's
/// answer (`None`: the user cancelled).
pub async fn open_path<R: Runtime>(
    app: &AppHandle<R>,
    env: &Env,
) -> Result<Option<PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(p) = &env.e2e_open_path {
        return Ok(Some(p.clone()));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Open the configuration to troubleshoot")
        .add_filter(
            "Configuration",
            &["yaml", "yml", "json", "env", "conf", "txt"],
        )
        .pick_file(move |p| {
            let _ = tx.send(p);
        });
    platform::dialog_answer(rx, "open").await
}

/// A file dropped on the window is kept for the page, which is told with a
/// DOM event (`auth0-wizard-drop`; `auth0-wizard-drag` with `detail` true
/// or false while one is dragged over): no event permission, no plugin.
pub fn listen_for_drops<R: Runtime>(window: &WebviewWindow<R>) {
    let w = window.clone();
    window.on_window_event(move |event| {
        let tauri::WindowEvent::DragDrop(d) = event else {
            return;
        };
        let script = match d {
            tauri::DragDropEvent::Drop { paths, .. } => {
                let Some(p) = paths.first() else { return };
                w.state::<crate::AppState>().doctor.dropped(p.clone());
                "window.dispatchEvent(new CustomEvent('auth0-wizard-drop'))"
            }
            tauri::DragDropEvent::Enter { .. } => {
                "window.dispatchEvent(new CustomEvent('auth0-wizard-drag', { detail: true }))"
            }
            tauri::DragDropEvent::Leave => {
                "window.dispatchEvent(new CustomEvent('auth0-wizard-drag', { detail: false }))"
            }
            _ => return,
        };
        let _ = w.eval(script);
    });
}
