//! The Tauri shell of auth0-wizard. Every command is a thin adapter over
//! `auth0_wizard_core` and `auth0_wizard_store`; errors cross to the UI as
//! `ErrorPayload {code, message, issues}`. See main.rs for the environment
//! variables the app reads.

pub mod commands;
pub mod display;
pub mod doctor;
pub mod error;
pub mod mgmt;
pub mod platform;
pub mod state;

pub use error::AppError;
pub use state::{AppState, Env};

use tauri::{Manager, Runtime};

/// `builder` with every command, without plugins or state: `run` adds them,
/// tests use it on the mock runtime (`tauri::test::mock_builder()`) with their own state.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .manage(mgmt::MgmtState::default())
        .invoke_handler(tauri::generate_handler![
            commands::catalog,
            commands::validate,
            commands::requirements,
            commands::export,
            commands::save_export,
            commands::profile_list,
            commands::profile_save,
            commands::profile_load,
            commands::profile_delete,
            commands::open_dashboard,
            commands::run_checks,
            commands::cancel_checks,
            commands::login_test,
            commands::cancel_login,
            commands::ready,
            mgmt::mgmt_plan,
            mgmt::mgmt_apply,
            mgmt::mgmt_undo,
            mgmt::mgmt_cancel,
            commands::doctor::doctor_open_file,
            commands::doctor::doctor_open_dropped,
            commands::doctor::doctor_open_text,
            commands::doctor::doctor_choose,
            commands::doctor::doctor_symptom,
            commands::doctor::doctor_probe,
            commands::doctor::doctor_cancel_probe,
            commands::doctor::doctor_corrected,
            commands::doctor::doctor_save_corrected,
            commands::doctor::doctor_save_report,
        ])
}

/// WebKitGTK's variable that makes its web process paint on the CPU.
pub const CPU_RENDERING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Paint the page on the CPU unless the user said otherwise (set
/// `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0` for the GPU). WebKitGTK paints with the
/// GPU (Skia over OpenGL) whenever OpenGL is there, also when it is a software
/// rasterizer (llvmpipe: virtual machines, remote desktops, CI), where painting
/// this app's first frame then took twice as long and the web process held
/// about 40 MB more than painting on the CPU (scripts/bench-app.sh, README). A
/// form does not need the GPU. Call it before any thread starts: the web
/// process inherits the environment.
pub fn paint_on_the_cpu() {
    if cfg!(target_os = "linux") && std::env::var_os(CPU_RENDERING_VAR).is_none() {
        std::env::set_var(CPU_RENDERING_VAR, "1");
    }
}

/// Run the desktop app.
pub fn run() -> anyhow::Result<()> {
    use anyhow::Context;
    with_commands(tauri::Builder::default())
        // The only plugin: the save dialog. The browser is opened with the `open`
        // crate (as the CLI does) and the page copies with the web view's own
        // Clipboard API: the opener and clipboard plugins made up a sixth of the
        // binary (a D-Bus stack, X11 and Wayland clipboard clients, PNG codecs)
        // and the clipboard one connected to X at start.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dir = app
                .path()
                .app_data_dir()
                .context("no app data directory (set HOME or XDG_DATA_HOME)")?;
            let state = AppState::new(dir.join("profiles"), Env::from_process());
            let script = platform::boot_script(&platform::boot(&state));
            app.manage(state);
            // The window is created here, not from tauri.conf.json ("create": false),
            // to hand the first step's data to the page before it loads.
            let config = app
                .config()
                .app
                .windows
                .first()
                .context("no window in tauri.conf.json")?
                .clone();
            let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(&script)
                .build()?;
            doctor::listen_for_drops(&window);
            Ok(())
        })
        .run(tauri::generate_context!())
        .context("the Tauri application failed")
}
