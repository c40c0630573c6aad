//! Undo records as files: saved whole and private, found again by id or as
//! the newest change to an application.

use auth0_wizard_core::mgmt::{EntryState, FieldWrite, PlanAction, UndoEntry, UndoRecord, Write};
use auth0_wizard_store::{data_dir, UndoStore, APP_IDENTIFIER, DATA_DIR_ENV};
use serde_json::json;

fn record(id: &str, client: &str, domain: &str) -> UndoRecord {
    UndoRecord {
        id: id.to_owned(),
        created_at: "2026-09-21T10:15:00Z".to_owned(),
        domain: domain.to_owned(),
        action: PlanAction::Fix,
        client_id: Some(client.to_owned()),
        name: "App".to_owned(),
        entries: vec![UndoEntry {
            state: EntryState::Done,
            write: Write::ClientPatched {
                client_id: client.to_owned(),
                fields: vec![FieldWrite {
                    field: "callbacks".to_owned(),
                    before: json!(["https://a/cb"]),
                    written: json!(["https://a/cb", "https://b/cb"]),
                }],
            },
        }],
        undone_at: None,
        profile: None,
    }
}

#[test]
fn records_round_trip_privately_and_the_newest_undone_one_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = UndoStore::in_data_dir(dir.path());
    assert!(
        store.list().unwrap().is_empty(),
        "a missing folder is no record"
    );
    let older = record("20260921T101500Z-aaaaaa", "app1", "t.auth0.com");
    let newer = record("20260921T111500Z-bbbbbb", "app1", "t.auth0.com");
    let other_app = record("20260921T121500Z-cccccc", "app2", "t.auth0.com");
    let other_tenant = record("20260921T131500Z-dddddd", "app1", "u.auth0.com");
    for r in [&newer, &older, &other_app, &other_tenant] {
        store.save(r).unwrap();
    }
    assert_eq!(store.load(&older.id).unwrap(), older);
    let path = dir.path().join("undo").join(format!("{}.json", older.id));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_eq!(
        store.latest("t.auth0.com", "app1").unwrap().unwrap().id,
        newer.id
    );
    let mut undone = newer.clone();
    undone.undone_at = Some("2026-09-21T12:00:00Z".to_owned());
    store.save(&undone).unwrap();
    assert_eq!(
        store.latest("t.auth0.com", "app1").unwrap().unwrap().id,
        older.id
    );
    assert!(store.latest("t.auth0.com", "app3").unwrap().is_none());
}

#[test]
fn ids_are_file_names_and_a_missing_record_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = UndoStore::new(dir.path());
    assert_eq!(
        store.load("../../etc/passwd").unwrap_err().code(),
        "undo.invalid_id"
    );
    let e = store.load("20260921T101500Z-aaaaaa").unwrap_err();
    assert_eq!(e.code(), "undo.not_found");
    assert!(e.to_string().contains("20260921T101500Z-aaaaaa"), "{e}");
    std::fs::write(dir.path().join("20260921T101500Z-bbbbbb.json"), "{").unwrap();
    assert_eq!(
        store.load("20260921T101500Z-bbbbbb").unwrap_err().code(),
        "undo.corrupt"
    );
    assert!(
        store.list().unwrap().is_empty(),
        "a corrupt record is skipped in lists"
    );
}

#[test]
fn the_data_dir_is_the_windows_unless_overridden() {
    std::env::set_var(DATA_DIR_ENV, "/tmp/wizard-data");
    assert_eq!(
        data_dir().unwrap(),
        std::path::PathBuf::from("/tmp/wizard-data")
    );
    std::env::remove_var(DATA_DIR_ENV);
    if cfg!(target_os = "linux") {
        let d = data_dir().unwrap();
        assert!(d.ends_with(APP_IDENTIFIER), "{}", d.display());
    }
}
