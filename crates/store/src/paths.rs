//! Where the wizard keeps its files: the same directory for the window and
//! the CLI, so that a profile (and its keyring entries) or an undo record
//! made by one is found by the other.

use std::path::PathBuf;

/// The desktop app's identifier (tauri.conf.json): the data directory's name.
pub const APP_IDENTIFIER: &str = "dev.auth0wizard.app";

/// Overrides the data directory (tests, or several setups on one machine).
pub const DATA_DIR_ENV: &str = "AUTH0_WIZARD_DATA_DIR";

/// The wizard's data directory: `$AUTH0_WIZARD_DATA_DIR` if set, otherwise
/// the one Tauri's `app_data_dir` gives the window: `$XDG_DATA_HOME` (or
/// `~/.local/share`) on Linux, `~/Library/Application Support` on macOS,
/// `%APPDATA%` on Windows, each followed by [`APP_IDENTIFIER`].
pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = var(DATA_DIR_ENV) {
        return Some(d);
    }
    let base = if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Application Support"))
    } else if cfg!(windows) {
        var("APPDATA")
    } else {
        var("XDG_DATA_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join(APP_IDENTIFIER))
}

/// The profiles' directory under the data directory (the window's too).
pub fn profiles_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("profiles")
}
