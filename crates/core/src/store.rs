//! Named profiles: the non-secret settings as a JSON file per profile in a
//! directory the caller chooses (the desktop app passes its app data dir), and
//! the secrets, only when the user asks, in the system keyring.
//!
//! Nothing secret is ever written to a profile file: [`ProfileSettings`] has no
//! secret field, and secrets travel separately as [`Secret`]s straight to the
//! [`SecretStore`]. The keyring sits behind that small trait; [`Keyring`] is the
//! real one (Secret Service on Linux through the `keyring` crate) and takes any
//! `keyring` credential builder, so tests run it on `keyring::mock`.

use crate::catalog::{catalog, ExtraKind};
use crate::error::ErrorPayload;
use crate::fsutil::write_atomic;
use crate::secret::Secret;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// The keyring service name every entry is stored under; the user is `<profile>/<field>`.
pub const KEYRING_SERVICE: &str = "auth0-wizard";

/// The keyring field of the Auth0 client secret.
pub const CLIENT_SECRET_FIELD: &str = "clientSecret";
/// The keyring field of the "Audit my app settings" Machine to Machine secret.
pub const AUDIT_SECRET_FIELD: &str = "auditClientSecret";

const MAX_NAME_LEN: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0:?} is not a usable profile name: use 1 to 64 letters, digits, spaces, '-', '_' or '.', not starting with '.' or a space")]
    InvalidName(String),
    #[error("there is no profile named {0:?}")]
    NotFound(String),
    #[error("profile {name:?} could not be read: {reason}")]
    Corrupt { name: String, reason: String },
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("the system keyring cannot be reached or is locked ({0}); save without \"Remember in the system keyring\", or unlock the keyring")]
    KeyringUnavailable(String),
    #[error("the system keyring refused the {field} of profile {profile:?}: {reason}")]
    Keyring {
        profile: String,
        field: String,
        reason: String,
    },
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::InvalidName(_) => "profile.invalid_name",
            StoreError::NotFound(_) => "profile.not_found",
            StoreError::Corrupt { .. } => "profile.corrupt",
            StoreError::Io { .. } => "profile.io",
            StoreError::KeyringUnavailable(_) => "keyring.unavailable",
            StoreError::Keyring { .. } => "keyring.failed",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

/// Everything of a profile that may be written to disk. There is deliberately
/// no secret here: secrets go to the keyring or nowhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileSettings {
    pub target: String,
    pub version: String,
    pub domain: String,
    pub client_id: String,
    pub public_url: String,
    pub connector_id: String,
    pub connector_name: String,
    pub groups_claim: String,
    /// Non-secret target extras (secret extras are dropped on save).
    pub extras: BTreeMap<String, String>,
    /// Client ID of the Machine to Machine app used to audit the app's settings.
    pub audit_client_id: String,
}

/// The file as written: settings plus the names (never the values) of the
/// fields whose secrets are in the keyring.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProfileFile {
    name: String,
    settings: ProfileSettings,
    keyring_fields: Vec<String>,
}

/// What the UI hands in to save a profile.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    pub name: String,
    pub settings: ProfileSettings,
    /// Secrets by field: `clientSecret`, `auditClientSecret`, `extras.<key>`.
    /// Stored in the keyring when `remember` is set, otherwise dropped.
    #[ts(type = "Record<string, string>")]
    #[serde(default)]
    pub secrets: BTreeMap<String, Secret>,
    /// "Remember in the system keyring".
    #[serde(default)]
    pub remember: bool,
}

/// A loaded profile. Serializing it hands the secrets back to the UI that
/// typed them (the one place they are serialized): nothing else serializes it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadedProfile {
    pub name: String,
    pub settings: ProfileSettings,
    #[ts(type = "Record<string, string>")]
    pub secrets: HandedBack,
    /// Whether the profile keeps its secrets in the keyring.
    pub remember: bool,
}

/// Secrets on their way back to the UI: the only map of secrets that serializes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandedBack(pub BTreeMap<String, Secret>);

impl Serialize for HandedBack {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v.expose())))
    }
}

/// Where secrets are kept. Implementations must treat a missing entry as
/// `Ok(None)` (get) and `Ok(())` (delete).
pub trait SecretStore: Send + Sync {
    fn set(&self, profile: &str, field: &str, value: &Secret) -> Result<(), StoreError>;
    fn get(&self, profile: &str, field: &str) -> Result<Option<Secret>, StoreError>;
    fn delete(&self, profile: &str, field: &str) -> Result<(), StoreError>;
}

/// The system keyring through the `keyring` crate, service [`KEYRING_SERVICE`],
/// user `<profile>/<field>`.
pub struct Keyring {
    builder: Box<keyring::credential::CredentialBuilder>,
    /// Entries are handles; keeping them lets a non-persistent builder (the
    /// mock) behave like a store within one `Keyring`.
    entries: Mutex<HashMap<String, keyring::Entry>>,
}

impl Keyring {
    /// The platform's keyring (Secret Service: GNOME Keyring, KWallet).
    pub fn system() -> Self {
        Self::with_builder(keyring::default::default_credential_builder())
    }

    /// Any `keyring` credential builder, e.g. `keyring::mock::default_credential_builder()`.
    pub fn with_builder(builder: Box<keyring::credential::CredentialBuilder>) -> Self {
        Keyring {
            builder,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn with_entry<T>(
        &self,
        profile: &str,
        field: &str,
        f: impl FnOnce(&keyring::Entry) -> keyring::Result<T>,
    ) -> Result<T, StoreError> {
        let user = format!("{profile}/{field}");
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = match entries.entry(user.clone()) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let credential = self
                    .builder
                    .build(None, KEYRING_SERVICE, &user)
                    .map_err(|e| keyring_error(profile, field, e))?;
                v.insert(keyring::Entry::new_with_credential(credential))
            }
        };
        f(entry).map_err(|e| keyring_error(profile, field, e))
    }
}

fn keyring_error(profile: &str, field: &str, e: keyring::Error) -> StoreError {
    match e {
        keyring::Error::NoStorageAccess(inner) => StoreError::KeyringUnavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => StoreError::KeyringUnavailable(inner.to_string()),
        // BadEncoding carries the stored bytes: never put them in a message.
        keyring::Error::BadEncoding(_) => StoreError::Keyring {
            profile: profile.to_owned(),
            field: field.to_owned(),
            reason: "the stored value is not UTF-8".to_owned(),
        },
        other => StoreError::Keyring {
            profile: profile.to_owned(),
            field: field.to_owned(),
            reason: other.to_string(),
        },
    }
}

impl SecretStore for Keyring {
    fn set(&self, profile: &str, field: &str, value: &Secret) -> Result<(), StoreError> {
        self.with_entry(profile, field, |e| e.set_password(value.expose()))
    }

    fn get(&self, profile: &str, field: &str) -> Result<Option<Secret>, StoreError> {
        self.with_entry(profile, field, |e| match e.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
    }

    fn delete(&self, profile: &str, field: &str) -> Result<(), StoreError> {
        self.with_entry(profile, field, |e| match e.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        })
    }
}

/// Every secret field any profile can have: the client secret, the audit
/// secret, and every secret extra in the catalog.
pub fn known_secret_fields() -> Vec<String> {
    let mut fields = vec![
        CLIENT_SECRET_FIELD.to_owned(),
        AUDIT_SECRET_FIELD.to_owned(),
    ];
    for t in catalog() {
        for x in t.extras {
            if matches!(x.kind, ExtraKind::Secret) {
                let f = format!("extras.{}", x.key);
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
        }
    }
    fields
}

/// The profiles in one directory, with their secrets in one [`SecretStore`].
pub struct ProfileStore<'a> {
    dir: PathBuf,
    secrets: &'a dyn SecretStore,
}

impl<'a> ProfileStore<'a> {
    pub fn new(dir: impl Into<PathBuf>, secrets: &'a dyn SecretStore) -> Self {
        ProfileStore {
            dir: dir.into(),
            secrets,
        }
    }

    fn path(&self, name: &str) -> Result<PathBuf, StoreError> {
        Ok(self.dir.join(format!("{}.json", check_name(name)?)))
    }

    /// Profile names, sorted. A missing directory is an empty list.
    pub fn list(&self) -> Result<Vec<String>, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(io_error("cannot read", &self.dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error("cannot read", &self.dir, e))?;
            let file_name = entry.file_name();
            let Some(stem) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if check_name(stem).is_ok() && entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
                names.push(stem.to_owned());
            }
        }
        names.sort();
        Ok(names)
    }

    /// Save (or replace) a profile. With `remember`, every non-empty secret
    /// goes to the keyring; without it, secrets remembered earlier are removed.
    /// The file never holds a secret.
    pub fn save(&self, input: &ProfileInput) -> Result<(), StoreError> {
        let name = check_name(&input.name)?.to_owned();
        let path = self.path(&name)?;
        let previous = self
            .read_file(&name)
            .ok()
            .map(|f| f.keyring_fields)
            .unwrap_or_default();

        let mut stored = Vec::new();
        if input.remember {
            for (field, value) in &input.secrets {
                if !value.expose().trim().is_empty() {
                    self.secrets.set(&name, field, value)?;
                    stored.push(field.clone());
                }
            }
        }
        for field in previous.iter().filter(|f| !stored.contains(f)) {
            self.secrets.delete(&name, field)?;
        }

        let mut settings = input.settings.clone();
        // Secret extras belong to the keyring, even if the UI put one here.
        let secret_extras: Vec<String> = known_secret_fields()
            .into_iter()
            .filter_map(|f| f.strip_prefix("extras.").map(str::to_owned))
            .collect();
        settings.extras.retain(|k, _| !secret_extras.contains(k));
        let file = ProfileFile {
            name,
            settings,
            keyring_fields: stored,
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("cannot create", &self.dir, e))?;
        let json = serde_json::to_vec_pretty(&file).expect("profile files serialize");
        write_atomic(&path, &json).map_err(|e| io_error("cannot write", &path, e))
    }

    fn read_file(&self, name: &str) -> Result<ProfileFile, StoreError> {
        let path = self.path(name)?;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::NotFound(name.to_owned()))
            }
            Err(e) => return Err(io_error("cannot read", &path, e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            name: name.to_owned(),
            reason: e.to_string(),
        })
    }

    /// A profile with its remembered secrets read back from the keyring.
    pub fn load(&self, name: &str) -> Result<LoadedProfile, StoreError> {
        let name = check_name(name)?;
        let file = self.read_file(name)?;
        let mut secrets = BTreeMap::new();
        for field in &file.keyring_fields {
            if let Some(v) = self.secrets.get(name, field)? {
                secrets.insert(field.clone(), v);
            }
        }
        Ok(LoadedProfile {
            name: name.to_owned(),
            settings: file.settings,
            secrets: HandedBack(secrets),
            remember: !file.keyring_fields.is_empty(),
        })
    }

    /// Delete a profile and every keyring entry it may have. The keyring goes
    /// first: if it fails, the profile stays, so the delete can be retried.
    pub fn delete(&self, name: &str) -> Result<(), StoreError> {
        let name = check_name(name)?;
        let path = self.path(name)?;
        if !path.exists() {
            return Err(StoreError::NotFound(name.to_owned()));
        }
        let mut fields = self
            .read_file(name)
            .map(|f| f.keyring_fields)
            .unwrap_or_default();
        for f in known_secret_fields() {
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
        for field in &fields {
            self.secrets.delete(name, field)?;
        }
        std::fs::remove_file(&path).map_err(|e| io_error("cannot delete", &path, e))
    }
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.display().to_string(),
        source,
    }
}

/// A profile name is also a file name: 1 to 64 letters, digits, spaces, `-`,
/// `_`, `.`, not starting with `.` or a space, not ending with a space.
pub fn check_name(name: &str) -> Result<&str, StoreError> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_LEN
        && !name.starts_with(['.', ' '])
        && !name.ends_with(' ')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if ok {
        Ok(name)
    } else {
        Err(StoreError::InvalidName(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT_SECRET: &str = "s3cr3t-CLIENT-value-that-must-never-hit-disk-0123456789";
    const COOKIE_SECRET: &str = "c00kie-SECRET-value-never-on-disk-abcdefghijklmnop";
    const AUDIT_SECRET: &str = "audit-M2M-secret-never-on-disk-qrstuvwxyz";

    fn mock() -> Keyring {
        Keyring::with_builder(keyring::mock::default_credential_builder())
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
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path(), &kr);
        for remember in [true, false] {
            store.save(&input("work", remember)).unwrap();
            let path = dir.path().join("work.json");
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
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path(), &kr);
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
            kr.get("work", CLIENT_SECRET_FIELD)
                .unwrap()
                .unwrap()
                .expose(),
            CLIENT_SECRET
        );
    }

    #[test]
    fn saving_without_remember_removes_what_was_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path(), &kr);
        store.save(&input("work", true)).unwrap();
        store.save(&input("work", false)).unwrap();
        assert!(kr.get("work", CLIENT_SECRET_FIELD).unwrap().is_none());
        assert!(kr.get("work", "extras.cookieSecret").unwrap().is_none());
        let loaded = store.load("work").unwrap();
        assert!(!loaded.remember);
        assert!(loaded.secrets.0.is_empty());
    }

    #[test]
    fn list_load_delete_and_delete_clears_the_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path().join("profiles"), &kr);
        assert!(
            store.list().unwrap().is_empty(),
            "a missing directory is no profiles"
        );
        store.save(&input("b-staging", true)).unwrap();
        store.save(&input("a prod", false)).unwrap();
        std::fs::write(dir.path().join("profiles/notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join("profiles/.work.json.123.tmp"), "x").unwrap();
        assert_eq!(store.list().unwrap(), ["a prod", "b-staging"]);

        store.delete("b-staging").unwrap();
        assert_eq!(store.list().unwrap(), ["a prod"]);
        for f in known_secret_fields() {
            assert!(
                kr.get("b-staging", &f).unwrap().is_none(),
                "{f} left in the keyring"
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
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path(), &kr);
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
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
        assert!(check_name("Prod 2 (EU)").is_err());
        assert!(check_name("prod-2_eu.v1").is_ok());
    }

    #[test]
    fn a_corrupt_file_is_reported_and_can_still_be_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let kr = mock();
        let store = ProfileStore::new(dir.path(), &kr);
        std::fs::write(dir.path().join("broken.json"), "{not json").unwrap();
        assert_eq!(store.load("broken").unwrap_err().code(), "profile.corrupt");
        store.delete("broken").unwrap();
        assert!(!dir.path().join("broken.json").exists());
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
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path(), &Locked);
        let e = store.save(&input("work", true)).unwrap_err();
        assert_eq!(e.code(), "keyring.unavailable");
        assert_eq!(e.payload().code, "keyring.unavailable");
        assert!(!dir.path().join("work.json").exists());
        // Without remember (and nothing remembered before) the keyring is not needed.
        store.save(&input("work", false)).unwrap();
        assert_no_secret_in(&dir.path().join("work.json"));
    }

    #[test]
    fn keyring_errors_map_to_codes_without_the_stored_bytes() {
        let e = keyring_error(
            "p",
            "clientSecret",
            keyring::Error::BadEncoding(b"leaky-bytes".to_vec()),
        );
        assert_eq!(e.code(), "keyring.failed");
        assert!(!e.to_string().contains("leaky"));
        let e = keyring_error(
            "p",
            "f",
            keyring::Error::NoStorageAccess("no collection".into()),
        );
        assert_eq!(e.code(), "keyring.unavailable");
        // The mock's injected error surfaces through the real Keyring path.
        let kr = mock();
        kr.set("p", "f", &Secret::new("v")).unwrap();
        {
            let entries = kr.entries.lock().unwrap();
            let cred: &keyring::mock::MockCredential =
                entries["p/f"].get_credential().downcast_ref().unwrap();
            cred.set_error(keyring::Error::NoStorageAccess("locked".into()));
        }
        assert_eq!(kr.get("p", "f").unwrap_err().code(), "keyring.unavailable");
        assert_eq!(kr.get("p", "f").unwrap().unwrap().expose(), "v");
    }

    #[test]
    fn known_secret_fields_cover_every_secret_extra() {
        let f = known_secret_fields();
        for want in [
            "clientSecret",
            "auditClientSecret",
            "extras.cookieSecret",
            "extras.sharedSecret",
            "extras.serviceAccountSecret",
            "extras.botJwt",
            "extras.m2mClientSecret",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} missing from {f:?}");
        }
    }
}
