//! The store's keyring code against the real Secret Service (GNOME Keyring), not
//! the mock: tests/e2e/run.sh runs these inside its D-Bus session, where
//! gnome-keyring-daemon is unlocked (`make e2e`). Every write is checked with
//! secret-tool (libsecret), which reads the Secret Service on its own.

use auth0_wizard_core::Secret;
use auth0_wizard_store::{
    Keyring, ProfileInput, ProfileSettings, ProfileStore, SecretStore, CLIENT_SECRET_FIELD,
    KEYRING_SERVICE,
};
use std::collections::BTreeMap;
use std::process::Command;

/// What the Secret Service holds for `profile`/`field`, as secret-tool reads it.
fn secret_tool_lookup(profile: &str, field: &str) -> Option<String> {
    let user = format!("{profile}/{field}");
    let out = Command::new("secret-tool")
        .args(["lookup", "service", KEYRING_SERVICE, "username", &user])
        .output()
        .expect("secret-tool (libsecret-tools; scripts/bootstrap.sh installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => Some(String::from_utf8(out.stdout).expect("a UTF-8 secret")),
        // Exit 1 and nothing said: no such item.
        Some(1) if out.stdout.is_empty() && stderr.trim().is_empty() => None,
        _ => panic!("secret-tool lookup {user}: {:?} {stderr}", out.status),
    }
}

/// A profile name and a secret of this run only.
fn unique(what: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let id = format!("{}-{nanos}", std::process::id());
    (format!("keyring-test-{what}-{id}"), format!("s3cret-{id}"))
}

#[test]
#[ignore = "needs the Secret Service: run with make e2e (tests/e2e/run.sh)"]
fn a_secret_is_stored_read_and_deleted_in_the_system_keyring() {
    let (profile, value) = unique("entry");
    let keyring = Keyring::system();
    assert_eq!(secret_tool_lookup(&profile, CLIENT_SECRET_FIELD), None);
    assert!(keyring
        .get(&profile, CLIENT_SECRET_FIELD)
        .unwrap()
        .is_none());

    keyring
        .set(&profile, CLIENT_SECRET_FIELD, &Secret::new(value.clone()))
        .unwrap();
    assert_eq!(
        secret_tool_lookup(&profile, CLIENT_SECRET_FIELD).as_deref(),
        Some(value.as_str()),
        "the Secret Service does not hold what was stored"
    );
    // A fresh instance reads it from the service, not from the first one's handles.
    let read = Keyring::system()
        .get(&profile, CLIENT_SECRET_FIELD)
        .unwrap();
    assert_eq!(read.as_ref().map(Secret::expose), Some(value.as_str()));

    keyring.delete(&profile, CLIENT_SECRET_FIELD).unwrap();
    assert_eq!(secret_tool_lookup(&profile, CLIENT_SECRET_FIELD), None);
    assert!(Keyring::system()
        .get(&profile, CLIENT_SECRET_FIELD)
        .unwrap()
        .is_none());
    // Deleting what is not there is not an error.
    keyring.delete(&profile, CLIENT_SECRET_FIELD).unwrap();
}

#[test]
#[ignore = "needs the Secret Service: run with make e2e (tests/e2e/run.sh)"]
fn a_remembered_profile_keeps_its_secret_in_the_system_keyring() {
    let (name, value) = unique("profile");
    let dir = tempfile::tempdir().unwrap();
    let input = ProfileInput {
        name: name.clone(),
        settings: ProfileSettings {
            target: "dex".into(),
            domain: "dev-abc.us.auth0.com".into(),
            client_id: "abcdefghijklmnopqrstuvwxyz012345".into(),
            ..ProfileSettings::default()
        },
        secrets: BTreeMap::from([(CLIENT_SECRET_FIELD.to_owned(), Secret::new(value.clone()))]),
        remember: true,
    };
    let keyring = Keyring::system();
    ProfileStore::new(dir.path(), &keyring)
        .save(&input)
        .unwrap();
    assert_eq!(
        secret_tool_lookup(&name, CLIENT_SECRET_FIELD).as_deref(),
        Some(value.as_str())
    );

    // As after a restart: a new store over a new keyring instance.
    let fresh = Keyring::system();
    let store = ProfileStore::new(dir.path(), &fresh);
    let loaded = store.load(&name).unwrap();
    assert!(loaded.remember);
    assert_eq!(
        loaded
            .secrets
            .0
            .get(CLIENT_SECRET_FIELD)
            .map(Secret::expose),
        Some(value.as_str())
    );

    store.delete(&name).unwrap();
    assert_eq!(secret_tool_lookup(&name, CLIENT_SECRET_FIELD), None);
}
