//! The system keyring behind the small [`SecretStore`] trait.

use crate::error::StoreError;
use crate::{AUDIT_SECRET_FIELD, CLIENT_SECRET_FIELD};
use auth0_wizard_core::catalog::{catalog, ExtraKind};
use auth0_wizard_core::Secret;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where secrets are kept. Implementations must treat a missing entry as
/// `Ok(None)` (get) and `Ok(())` (delete).
pub trait SecretStore: Send + Sync {
    fn set(&self, profile: &str, field: &str, value: &Secret) -> Result<(), StoreError>;
    fn get(&self, profile: &str, field: &str) -> Result<Option<Secret>, StoreError>;
    fn delete(&self, profile: &str, field: &str) -> Result<(), StoreError>;
}

/// The keyring service name every entry is stored under; the user is `<profile>/<field>`.
pub const KEYRING_SERVICE: &str = "auth0-wizard";

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

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keyring {
        Keyring::with_builder(keyring::mock::default_credential_builder())
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
