//! Where `create` puts the new application's client secret: the system
//! keyring (a profile named after the application, the window's entries) or
//! a file. Checked before anything is created; never printed.

use super::args::AppArgs;
use crate::error::CliError;
use auth0_wizard_core::fsutil::write_atomic;
use auth0_wizard_core::{RawSettings, Secret};
use auth0_wizard_store::{
    check_name, data_dir, profiles_dir, Keyring, ProfileInput, ProfileSettings, ProfileStore,
    SecretStore, StoreError, CLIENT_SECRET_FIELD,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub enum SecretSink {
    /// A profile of this name, its `clientSecret` in the keyring.
    Keyring { profile: String, dir: PathBuf },
    /// This file, mode 0600.
    File(PathBuf),
}

pub fn refused(code: &'static str, message: String) -> CliError {
    CliError::Failed { code, message }
}

fn store_error(e: StoreError) -> CliError {
    CliError::Failed {
        code: e.code(),
        message: e.to_string(),
    }
}

/// The wizard's data directory, or why there is none.
pub fn the_data_dir() -> Result<PathBuf, CliError> {
    data_dir().ok_or_else(|| {
        refused(
            "data_dir",
            "no data directory for the wizard: set HOME (or AUTH0_WIZARD_DATA_DIR)".to_owned(),
        )
    })
}

impl SecretSink {
    /// From `--keyring` / `--secret-out`: refuses (exit 1) when neither is given or
    /// the secret could not be stored there, before anything is created.
    pub fn prepare(args: &AppArgs, name: &str) -> Result<SecretSink, CliError> {
        if let Some(path) = &args.secret_out {
            check_file(path)?;
            return Ok(SecretSink::File(path.clone()));
        }
        if !args.keyring {
            return Err(refused("secret_destination", "app create needs --keyring or --secret-out FILE: the new application's client secret is never printed".to_owned()));
        }
        let profile = check_name(name)
            .map_err(|_| CliError::Usage(format!("--keyring saves a profile named after the application, and {name:?} is not a usable profile name: use --name with 1 to 64 letters, digits, spaces, '-', '_' or '.'")))?
            .to_owned();
        let dir = profiles_dir(&the_data_dir()?);
        let keyring = Keyring::system();
        let profiles = ProfileStore::new(&dir, &keyring);
        if profiles.list().map_err(store_error)?.contains(&profile) {
            return Err(refused("profile_exists", format!("the wizard already has a profile named {profile:?}: choose another --name (the profile is named after the application)")));
        }
        // Reach the keyring now: a secret that cannot be stored must not be made.
        keyring.get(&profile, CLIENT_SECRET_FIELD).map_err(|e| match e {
            StoreError::KeyringUnavailable(why) => refused("keyring.unavailable", format!("--keyring: the system keyring cannot be reached or is locked ({why}): unlock it, or use --secret-out FILE; nothing was created")),
            other => store_error(other),
        })?;
        Ok(SecretSink::Keyring { profile, dir })
    }

    /// Where the secret went, for a person.
    pub fn describe(&self) -> String {
        match self {
            SecretSink::Keyring { profile, .. } => format!("in the system keyring, with the profile {profile:?} (the window lists it under Profiles)"),
            SecretSink::File(p) => format!("in {} (mode 0600)", p.display()),
        }
    }

    /// The profile it saves, if any.
    pub fn profile(&self) -> Option<&str> {
        match self {
            SecretSink::Keyring { profile, .. } => Some(profile),
            SecretSink::File(_) => None,
        }
    }

    /// Store the secret; with `--keyring` also the profile (no secret in it),
    /// with the created M2M applications' IDs in its extras and their secrets
    /// in the keyring (`m2m`: `(extras, extra_secrets)`).
    pub fn store(
        &self,
        secret: &Secret,
        raw: &RawSettings,
        client_id: &str,
        audit_client_id: Option<&str>,
        m2m: (BTreeMap<String, String>, BTreeMap<String, Secret>),
    ) -> Result<(), CliError> {
        match self {
            SecretSink::File(path) => {
                write_atomic(path, format!("{}\n", secret.expose()).as_bytes()).map_err(|source| {
                    CliError::Write {
                        path: path.clone(),
                        source,
                    }
                })
            }
            SecretSink::Keyring { profile, dir } => {
                let keyring = Keyring::system();
                let (m2m_ids, m2m_secrets) = m2m;
                let mut extras = raw.extras.clone();
                extras.extend(m2m_ids);
                let mut secrets =
                    BTreeMap::from([(CLIENT_SECRET_FIELD.to_owned(), secret.clone())]);
                secrets.extend(
                    m2m_secrets
                        .into_iter()
                        .map(|(k, v)| (format!("extras.{k}"), v)),
                );
                let input = ProfileInput {
                    name: profile.clone(),
                    settings: ProfileSettings {
                        target: raw.target.clone(),
                        version: raw.version.clone(),
                        domain: raw.domain.clone(),
                        client_id: client_id.to_owned(),
                        public_url: raw.public_url.clone(),
                        groups_claim: raw.groups_claim.clone(),
                        extras,
                        audit_client_id: audit_client_id.unwrap_or_default().to_owned(),
                        ..ProfileSettings::default()
                    },
                    secrets,
                    remember: true,
                };
                ProfileStore::new(dir, &keyring)
                    .save(&input)
                    .map_err(store_error)
            }
        }
    }
}

/// The file's folder must exist, and the path must not be a folder.
fn check_file(path: &Path) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(refused(
            "secret_out",
            format!(
                "--secret-out {}: the folder {} does not exist",
                path.display(),
                dir.display()
            ),
        ));
    }
    if path.exists() && !path.is_file() {
        return Err(refused(
            "secret_out",
            format!("--secret-out {}: not a regular file", path.display()),
        ));
    }
    Ok(())
}

/// After `undo` of a create: the profile that held the deleted application's secret.
pub fn delete_profile(profile: &str, client_id: Option<&str>) -> Result<bool, CliError> {
    let dir = profiles_dir(&the_data_dir()?);
    let keyring = Keyring::system();
    let profiles = ProfileStore::new(&dir, &keyring);
    match profiles.load(profile) {
        Ok(p) if Some(p.settings.client_id.as_str()) == client_id => {
            profiles.delete(profile).map_err(store_error)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
