//! The TypeScript types in ui/src/bindings are generated from the Rust types
//! the page receives or sends (the core's, the store's and the app's own) with
//! ts-rs, and committed. This is the one test that fails when they are stale.
//! Regenerate with: UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test bindings
//! (`make bindings`).

use auth0_wizard_app::platform::Boot;
use auth0_wizard_core as core;
use auth0_wizard_store as store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Every type the UI uses (their dependencies are exported with them).
fn export_all(dir: &Path) {
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all_to(dir).unwrap_or_else(|e| panic!("export {}: {e}", stringify!($t))); )* };
    }
    export!(
        core::RawSettings,
        core::TargetInfo,
        core::Report,
        core::Requirements,
        core::ErrorPayload,
        core::checks::CheckResult,
        core::checks::LoginOutcome,
        core::checks::AuditCredentials,
        core::export::ExportedFile,
        core::doctor::session::Troubleshoot,
        core::doctor::session::Corrected,
        core::doctor::session::ReportFormat,
        store::ProfileSettings,
        store::ProfileInput,
        store::LoadedProfile,
        Boot,
        core::mgmt::PlanRequest,
        core::mgmt::Plan,
        core::mgmt::Consent,
        core::mgmt::ProgressEvent,
        core::mgmt::WindowApplied,
        core::mgmt::UndoReport,
        core::mgmt::MgmtFailure,
    );
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ts") {
            let text = std::fs::read_to_string(&p).unwrap();
            out.insert(p.strip_prefix(dir).unwrap().to_owned(), text);
        }
    }
    out
}

#[test]
fn typescript_bindings_are_fresh() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        export_all(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let want = read_tree(fresh.path());
    let have = read_tree(&committed);
    assert!(want.contains_key(Path::new("Boot.ts")), "{:?}", want.keys());
    let stale: Vec<String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .map(|k| k.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({}): run UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test bindings",
        stale.join(", ")
    );
}
