//! The target catalog as the UI has it at build time: ui/src/generated/catalog.json,
//! generated from `auth0_wizard_core::catalog()` and committed, so that the
//! first step (heading and target cards) is pre-rendered into index.html and
//! painted before any script runs. Fails when the file is stale.
//! Regenerate with: UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test ui_catalog

use std::path::Path;

fn fresh() -> String {
    let json = serde_json::to_string_pretty(&auth0_wizard_core::catalog())
        .expect("the catalog serializes");
    format!("{json}\n")
}

#[test]
fn ui_catalog_is_fresh() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/catalog.json");
    let want = fresh();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
        std::fs::write(&committed, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run UPDATE_BINDINGS=1 cargo test -p auth0-wizard-app --test ui_catalog (or make bindings)",
        committed.display()
    );
}
