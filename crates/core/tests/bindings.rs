//! The TypeScript types in ui/src/bindings are generated from the core's Rust
//! types with ts-rs and committed. This test fails when they are stale.
//! Regenerate with: UPDATE_BINDINGS=1 cargo test -p auth0-wizard-core --test bindings

use auth0_wizard_core as core;
use std::collections::{BTreeMap, BTreeSet};
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
        core::OmClientType,
        core::checks::CheckResult,
        core::checks::LoginOutcome,
    );
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|x| x == "ts") {
                out.insert(
                    p.strip_prefix(base).unwrap().to_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn typescript_bindings_are_fresh() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
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
    assert!(!want.is_empty());
    let stale: BTreeSet<String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .map(|k| k.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({}). Regenerate: UPDATE_BINDINGS=1 cargo test -p auth0-wizard-core --test bindings",
        stale.into_iter().collect::<Vec<_>>().join(", ")
    );
}
