//! auth0-wizard-app: the desktop wizard (Tauri 2). The logic lives in
//! `auth0_wizard_core`; this binary only starts the window.
//!
//! Environment variables the app reads (all optional):
//!
//! - `AUTH0_WIZARD_E2E_SAVE_PATH`: test-only. When set, "Save as..." on the
//!   Export step writes the previewed file to this path without showing the
//!   save dialog (a native dialog cannot be driven over WebDriver). The file is
//!   still written atomically with mode 0600. The troubleshooting saves (the
//!   corrected file, the report) write there too.
//! - `AUTH0_WIZARD_E2E_OPEN_PATH`: test-only. When set, "Open a file..." on the
//!   troubleshooting view opens this file without showing the open dialog.
//! - `AUTH0_WIZARD_LOGIN_URL_FILE`: test-only. When set, "Test a real login"
//!   writes the authorize URL to this file instead of opening a browser, so an
//!   end-to-end test can play the user.
//! - `AUTH0_WIZARD_CA_FILE`: extra CA certificates (PEM) that the live checks
//!   and the login test trust besides the built-in roots (a test provider, or a
//!   TLS-inspecting proxy).
//! - `AUTH0_WIZARD_BENCH_READY_FILE`: when set, the app writes there the launch
//!   marks the page sends once it is interactive (scripts/bench-app.sh).
//! - `WEBKIT_SKIA_ENABLE_CPU_RENDERING`: WebKitGTK's own. Unless it is set, the
//!   app sets it to 1: the page is painted on the CPU (see `paint_on_the_cpu`).
//!
//! Profiles are stored in `$XDG_DATA_HOME/dev.auth0wizard.app/profiles/`
//! (default `~/.local/share/...`); their secrets only in the system keyring
//! (Secret Service, service "auth0-wizard"), and only when the user asks.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> anyhow::Result<()> {
    // Before any thread starts: it sets an environment variable.
    auth0_wizard_app::paint_on_the_cpu();
    if let Err(why) = auth0_wizard_app::display::open() {
        eprintln!("auth0-wizard-app: {why}");
        std::process::exit(1);
    }
    auth0_wizard_app::run()
}
