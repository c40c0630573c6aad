//! TypeScript types for what only the app's commands carry (exports, audit
//! credentials, profiles), generated with ts-rs into ui/src/bindings-app and
//! committed (the core's own types are in ui/src/bindings). Fails when stale.
//! Regenerate with: UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test bindings

use auth0_wizard_app::commands::{AuditCredentials, Boot, ExportedFile};
use auth0_wizard_store::{LoadedProfile, ProfileInput, ProfileSettings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

fn export_all(dir: &Path) {
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all_to(dir).unwrap_or_else(|e| panic!("export {}: {e}", stringify!($t))); )* };
    }
    export!(
        ExportedFile,
        AuditCredentials,
        Boot,
        ProfileSettings,
        ProfileInput,
        LoadedProfile
    );
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn app_typescript_bindings_are_fresh() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings-app");
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
    assert!(
        want.contains_key(Path::new("ExportedFile.ts")),
        "{:?}",
        want.keys()
    );
    let stale: Vec<String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .map(|k| k.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings-app is stale ({stale:?}): run UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test bindings"
    );
}
