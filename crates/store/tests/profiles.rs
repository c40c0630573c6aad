//! Profiles on real files, secrets in the `keyring` crate's mock store.

use auth0_wizard_core::Secret;
use auth0_wizard_store::{
    check_name, known_secret_fields, Keyring, ProfileInput, ProfileSettings, ProfileStore,
    SecretStore, StoreError, AUDIT_SECRET_FIELD, CLIENT_SECRET_FIELD, INDEX_FIELD,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CLIENT_SECRET: &str = "s3cr3t-CLIENT-value-that-must-never-hit-disk-0123456789";
const COOKIE_SECRET: &str = "c00kie-SECRET-value-never-on-disk-abcdefghijklmnop";
const AUDIT_SECRET: &str = "audit-M2M-secret-never-on-disk-qrstuvwxyz";

/// A fresh directory and a keyring in the `keyring` crate's mock store.
struct Fixture {
    dir: tempfile::TempDir,
    kr: Keyring,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            kr: Keyring::with_builder(keyring::mock::default_credential_builder()),
        }
    }

    /// The profile store in the directory itself.
    fn store(&self) -> ProfileStore<'_> {
        ProfileStore::new(self.dir.path(), &self.kr)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }
}

fn input(name: &str, remember: bool) -> ProfileInput {
    let mut extras = BTreeMap::new();
    extras.insert("clientType".to_owned(), "confidential".to_owned());
    // A secret extra smuggled in with the plain extras must not reach the file.
    extras.insert("cookieSecret".to_owned(), COOKIE_SECRET.to_owned());
    let mut secrets = BTreeMap::new();
    secrets.insert(CLIENT_SECRET_FIELD.to_owned(), Secret::new(CLIENT_SECRET));
    secrets.insert("extras.cookieSecret".to_owned(), Secret::new(COOKIE_SECRET));
    secrets.insert(AUDIT_SECRET_FIELD.to_owned(), Secret::new(AUDIT_SECRET));
    secrets.insert("extras.sharedSecret".to_owned(), Secret::new("  "));
    ProfileInput {
        name: name.to_owned(),
        settings: ProfileSettings {
            target: "pomerium".into(),
            domain: "dev-abc.us.auth0.com".into(),
            client_id: "abcdefghijklmnopqrstuvwxyz012345".into(),
            public_url: "https://authenticate.example.com".into(),
            extras,
            audit_client_id: "m2m-client".into(),
            ..ProfileSettings::default()
        },
        secrets,
        remember,
    }
}

fn assert_no_secret_in(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for s in [CLIENT_SECRET, COOKIE_SECRET, AUDIT_SECRET] {
        assert!(
            !text.contains(s),
            "secret found in {}: {text}",
            path.display()
        );
    }
}

#[test]
fn the_profile_file_never_contains_a_secret_with_or_without_the_keyring() {
    let f = Fixture::new();
    let store = f.store();
    for remember in [true, false] {
        store.save(&input("work", remember)).unwrap();
        let path = f.path("work.json");
        assert_no_secret_in(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("dev-abc.us.auth0.com"), "{text}");
        assert!(text.contains("m2m-client"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}

#[test]
fn remembered_secrets_round_trip_through_the_keyring() {
    let f = Fixture::new();
    let store = f.store();
    store.save(&input("work", true)).unwrap();
    let loaded = store.load("work").unwrap();
    assert!(loaded.remember);
    assert_eq!(loaded.settings.domain, "dev-abc.us.auth0.com");
    assert_eq!(
        loaded.settings.extras.get("clientType").map(String::as_str),
        Some("confidential")
    );
    assert!(!loaded.settings.extras.contains_key("cookieSecret"));
    let got: BTreeMap<&str, &str> = loaded
        .secrets
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), v.expose()))
        .collect();
    assert_eq!(
        got,
        BTreeMap::from([
            (AUDIT_SECRET_FIELD, AUDIT_SECRET),
            (CLIENT_SECRET_FIELD, CLIENT_SECRET),
            ("extras.cookieSecret", COOKIE_SECRET),
        ]),
        "blank secrets are not stored"
    );
    // The UI gets the values back as plain strings.
    let json = serde_json::to_value(&loaded).unwrap();
    assert_eq!(json["secrets"]["clientSecret"], CLIENT_SECRET);
    assert_eq!(
        f.kr.get("work", CLIENT_SECRET_FIELD)
            .unwrap()
            .unwrap()
            .expose(),
        CLIENT_SECRET
    );
}

/// A profile keeps what the wizard uses, as validation normalizes it (issue 7,
/// section 4): the window shows and exports `dev-abc.us.auth0.com`, so loading
/// the profile gives that back, not the `HTTPS://DEV-abc...auth0.com/` typed.
#[test]
fn a_saved_profile_keeps_the_normalized_values_not_the_typed_ones() {
    let f = Fixture::new();
    let store = f.store();
    let mut typed = input("typed", false);
    let s = &mut typed.settings;
    s.target = " pomerium ".into();
    s.domain = "  HTTPS://Dev-ABC.us.Auth0.com/ ".into();
    s.client_id = " abcdefghijklmnopqrstuvwxyz012345\t".into();
    s.public_url = " https://Authenticate.Example.com/ ".into();
    s.groups_claim = " https://example.com/groups ".into();
    s.audit_client_id = " m2m-client ".into();
    s.extras
        .insert("clientType".into(), " confidential ".into());
    store.save(&typed).unwrap();
    let got = store.load("typed").unwrap().settings;
    assert_eq!(got.target, "pomerium");
    assert_eq!(got.domain, "dev-abc.us.auth0.com");
    assert_eq!(got.client_id, "abcdefghijklmnopqrstuvwxyz012345");
    assert_eq!(got.public_url, "https://authenticate.example.com");
    assert_eq!(got.groups_claim, "https://example.com/groups");
    assert_eq!(got.audit_client_id, "m2m-client");
    assert_eq!(got.extras["clientType"], "confidential");
    // A value that is not valid stays as typed (trimmed): loading shows the same error again.
    typed.settings.domain = " https://x.auth0.com/foo ".into();
    store.save(&typed).unwrap();
    assert_eq!(
        store.load("typed").unwrap().settings.domain,
        "https://x.auth0.com/foo"
    );
}

#[test]
fn saving_without_remember_removes_what_was_remembered() {
    let f = Fixture::new();
    let store = f.store();
    store.save(&input("work", true)).unwrap();
    store.save(&input("work", false)).unwrap();
    assert!(f.kr.get("work", CLIENT_SECRET_FIELD).unwrap().is_none());
    assert!(f.kr.get("work", "extras.cookieSecret").unwrap().is_none());
    let loaded = store.load("work").unwrap();
    assert!(!loaded.remember);
    assert!(loaded.secrets.0.is_empty());
}

#[test]
fn list_load_delete_and_delete_clears_the_keyring() {
    let f = Fixture::new();
    let store = ProfileStore::new(f.path("profiles"), &f.kr);
    assert!(
        store.list().unwrap().is_empty(),
        "a missing directory is no profiles"
    );
    store.save(&input("b-staging", true)).unwrap();
    store.save(&input("a prod", false)).unwrap();
    std::fs::write(f.path("profiles/notes.txt"), "x").unwrap();
    std::fs::write(f.path("profiles/.work.json.123.tmp"), "x").unwrap();
    assert_eq!(store.list().unwrap(), ["a prod", "b-staging"]);

    store.delete("b-staging").unwrap();
    assert_eq!(store.list().unwrap(), ["a prod"]);
    for field in known_secret_fields() {
        assert!(
            f.kr.get("b-staging", &field).unwrap().is_none(),
            "{field} left in the keyring"
        );
    }
    assert_eq!(
        store.load("b-staging").unwrap_err().code(),
        "profile.not_found"
    );
    assert_eq!(
        store.delete("b-staging").unwrap_err().code(),
        "profile.not_found"
    );
}

#[test]
fn names_that_are_not_plain_file_names_are_refused() {
    let f = Fixture::new();
    let store = f.store();
    for bad in [
        "",
        "../evil",
        "a/b",
        ".hidden",
        " lead",
        "trail ",
        "x\0y",
        &"n".repeat(65),
    ] {
        let e = store.save(&input(bad, false)).unwrap_err();
        assert_eq!(e.code(), "profile.invalid_name", "{bad:?}");
    }
    assert!(std::fs::read_dir(f.dir.path()).unwrap().next().is_none());
    assert!(check_name("Prod 2 (EU)").is_err());
    assert!(check_name("prod-2_eu.v1").is_ok());
}

#[test]
fn a_corrupt_file_is_reported_and_can_still_be_deleted() {
    let f = Fixture::new();
    let store = f.store();
    std::fs::write(f.path("broken.json"), "{not json").unwrap();
    assert_eq!(store.load("broken").unwrap_err().code(), "profile.corrupt");
    store.delete("broken").unwrap();
    assert!(!f.path("broken.json").exists());
}

/// Deleting a profile removes every keyring entry it made, even when its file
/// is corrupt and even for a field no catalog knows (a newer release's extra).
#[test]
fn delete_finds_every_keyring_entry_through_the_keyrings_own_index() {
    let f = Fixture::new();
    let store = f.store();
    let mut input = input("work", true);
    input.secrets.insert(
        "extras.futureSecret".into(),
        Secret::new("future-value-123"),
    );
    store.save(&input).unwrap();
    assert!(f.kr.get("work", "extras.futureSecret").unwrap().is_some());
    std::fs::write(f.path("work.json"), "{not json").unwrap();
    store.delete("work").unwrap();
    for field in [
        "extras.futureSecret",
        CLIENT_SECRET_FIELD,
        AUDIT_SECRET_FIELD,
        "extras.cookieSecret",
        INDEX_FIELD,
    ] {
        assert!(
            f.kr.get("work", field).unwrap().is_none(),
            "{field} is left"
        );
    }
    // Saving without remembering drops the index with the secrets.
    store.save(&input).unwrap();
    store.save(&self::input("work", false)).unwrap();
    assert!(f.kr.get("work", INDEX_FIELD).unwrap().is_none());
}

/// A keyring that is locked, as Secret Service is without an unlocked collection.
struct Locked;
impl SecretStore for Locked {
    fn set(&self, _: &str, _: &str, _: &Secret) -> Result<(), StoreError> {
        Err(StoreError::KeyringUnavailable("locked".into()))
    }
    fn get(&self, _: &str, _: &str) -> Result<Option<Secret>, StoreError> {
        Err(StoreError::KeyringUnavailable("locked".into()))
    }
    fn delete(&self, _: &str, _: &str) -> Result<(), StoreError> {
        Err(StoreError::KeyringUnavailable("locked".into()))
    }
}

#[test]
fn a_locked_keyring_fails_the_save_and_writes_nothing() {
    let f = Fixture::new();
    let store = ProfileStore::new(f.dir.path(), &Locked);
    let e = store.save(&input("work", true)).unwrap_err();
    assert_eq!(e.code(), "keyring.unavailable");
    assert_eq!(e.payload().code, "keyring.unavailable");
    // The message says how to unlock the keyring (the window adds which control needed it).
    let msg = e.payload().message;
    assert!(
        msg.contains("Passwords and Keys") && msg.contains("gnome-keyring-daemon --unlock"),
        "{msg}"
    );
    assert!(!f.path("work.json").exists());
    // Without remember (and nothing remembered before) the keyring is not needed.
    store.save(&input("work", false)).unwrap();
    assert_no_secret_in(&f.path("work.json"));
}
