//! A bare Tauri window with one static page. The only code: when the page has
//! painted, it calls `ready`, which writes the time (ns since the epoch) to the
//! file named by AUTH0_WIZARD_BENCH_READY_FILE, the same marker the real app writes.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::{SystemTime, UNIX_EPOCH};

#[tauri::command]
fn ready() {
    if let Some(path) = std::env::var_os("AUTH0_WIZARD_BENCH_READY_FILE") {
        let ns = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let _ = std::fs::write(path, ns.to_string());
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("error while running the bench app");
}
