//! The wizard is a window: without a display it says so in one line instead of
//! the panic deep inside the windowing library (tao) that starting GTK there gives.

/// Opens the display GTK will use (what the window toolkit does first anyway,
/// on this thread, which stays the main thread), or says in one sentence why not.
pub fn open() -> Result<(), String> {
    if gtk::init().is_ok() {
        return Ok(());
    }
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let which = match (var("WAYLAND_DISPLAY"), var("DISPLAY")) {
        (None, None) => "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)".to_owned(),
        (Some(w), Some(x)) => format!("cannot open the display (WAYLAND_DISPLAY={w}, DISPLAY={x})"),
        (Some(w), None) => format!("cannot open the display (WAYLAND_DISPLAY={w})"),
        (None, Some(x)) => format!("cannot open the display (DISPLAY={x})"),
    };
    Err(format!(
        "{which}: run it in a desktop session (the CLI, auth0-wizard, needs none)"
    ))
}
