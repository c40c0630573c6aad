//! Profile files: one JSON file of non-secret settings per profile.

use crate::error::StoreError;
use crate::keyring::{known_secret_fields, SecretStore};
use crate::normalize::normalized;
use auth0_wizard_core::fsutil::write_atomic;
use auth0_wizard_core::Secret;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use ts_rs::TS;

const MAX_NAME_LEN: usize = 64;

/// The keyring field that lists a profile's other keyring fields (not a secret:
/// field names only). Its leading dot keeps it apart from every real field.
pub const INDEX_FIELD: &str = ".fields";

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
    /// "Remember secrets in the system keyring".
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
    /// The file never holds a secret. The settings are stored normalized
    /// ([`normalized`]): what the exports use, not what was typed.
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
        // The keyring is needed only when it holds, or is to hold, something.
        if !(stored.is_empty() && previous.is_empty()) {
            self.write_index(&name, &stored)?;
        }

        // The values the wizard uses (as validation normalizes them), not the keystrokes.
        let mut settings = normalized(&input.settings);
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
        // The file's list, the keyring's own index (a corrupt file has no list)
        // and every field the catalog knows of.
        let mut fields = self
            .read_file(name)
            .map(|f| f.keyring_fields)
            .unwrap_or_default();
        fields.extend(self.read_index(name)?);
        fields.extend(known_secret_fields());
        fields.sort();
        fields.dedup();
        for field in &fields {
            self.secrets.delete(name, field)?;
        }
        self.secrets.delete(name, INDEX_FIELD)?;
        std::fs::remove_file(&path).map_err(|e| io_error("cannot delete", &path, e))
    }

    /// Records in the keyring itself which fields of `name` it holds, so that
    /// a delete finds them all even when the file is lost or corrupt, or a
    /// field is one no catalog lists (a newer version's extra).
    fn write_index(&self, name: &str, fields: &[String]) -> Result<(), StoreError> {
        if fields.is_empty() {
            return self.secrets.delete(name, INDEX_FIELD);
        }
        let list = serde_json::to_string(fields).expect("a list of names serializes");
        self.secrets.set(name, INDEX_FIELD, &Secret::new(list))
    }

    fn read_index(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let Some(list) = self.secrets.get(name, INDEX_FIELD)? else {
            return Ok(vec![]);
        };
        // An index that is not a list of names is no use, but no reason to keep the profile.
        Ok(serde_json::from_str(list.expose()).unwrap_or_default())
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
