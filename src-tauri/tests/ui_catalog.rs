//! The target catalog as the UI has it at build time: ui/src/generated/catalog.json,
//! generated from `auth0_wizard_core::catalog()` and committed, so that the
//! first step (heading and target cards) is pre-rendered into index.html and
//! painted before any script runs. Fails when the file is stale, or when the
//! built page (ui/dist, which the app embeds) lacks the pre-rendered step.
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

/// The page the app embeds holds the first step as markup: the heading and a
/// card per target of the catalog, so the first frame needs no script.
#[test]
fn built_page_holds_the_first_step() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist/index.html");
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (build the UI: make ui)", path.display()));
    let app = html
        .split_once("<div id=\"app\">")
        .map(|(_, rest)| rest)
        .expect("index.html has the #app element");
    for needle in [
        "data-testid=\"step-1\"",
        "id=\"step-heading\"",
        ">Target</h1>",
    ] {
        assert!(app.contains(needle), "no {needle} in the built page");
    }
    for t in auth0_wizard_core::catalog() {
        let card = format!(
            "data-testid=\"target-{}\"",
            serde_json::to_value(t.id).unwrap().as_str().unwrap()
        );
        assert!(
            app.contains(card.as_str()),
            "no card {card} in the built page"
        );
        assert!(app.contains(t.name), "no {} in the built page", t.name);
    }
}
