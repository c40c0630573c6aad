//! A bare Tauri window with one static page. The only code: when the page has
//! painted, it calls `ready`, which writes the time (ns since the epoch) to the
//! file named by AUTH0_WIZARD_BENCH_READY_FILE, the same marker the real app writes
//! (and the same launch marks, as far as a page with no code has them).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::{SystemTime, UNIX_EPOCH};

#[tauri::command]
fn ready(marks: Option<std::collections::BTreeMap<String, f64>>) {
    if let Some(path) = std::env::var_os("AUTH0_WIZARD_BENCH_READY_FILE") {
        let ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut text = format!("{ns}\n");
        for (name, ms) in marks.iter().flatten() {
            text.push_str(&format!("{name} {ms:.1}\n"));
        }
        let _ = std::fs::write(path, text);
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("error while running the bench app");
}
