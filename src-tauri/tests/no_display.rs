//! Started without a display (no desktop session), the app says so in one line
//! and exits 1, instead of GTK's panic and its backtrace.

use std::process::Command;

fn run_app(display: Option<&str>) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auth0-wizard-app"));
    cmd.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_BACKTRACE", "1")
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", home.path());
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    let out = cmd.output().expect("run auth0-wizard-app");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_line_about_the_display(code: Option<i32>, stderr: &str, names: &str) {
    assert_eq!(code, Some(1), "exit status; stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("desktop session"), "{stderr}");
    assert!(stderr.contains(names), "names {names}: {stderr}");
}

#[test]
fn without_a_display_the_app_says_so_in_one_line() {
    let (code, stderr) = run_app(None);
    assert_one_line_about_the_display(code, &stderr, "neither DISPLAY nor WAYLAND_DISPLAY");
}

#[test]
fn with_a_display_that_does_not_answer_the_app_names_it_in_one_line() {
    // An X display number nothing listens on.
    let (code, stderr) = run_app(Some(":4093"));
    assert_one_line_about_the_display(code, &stderr, "DISPLAY=:4093");
}
