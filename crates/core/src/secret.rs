//! A secret value that never prints itself.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A client secret, cookie secret, token or password.
///
/// `Debug` and `Display` print `[redacted]`; the only way to the value is
/// [`Secret::expose`], so every use of the plain text is greppable.
/// It deserializes from a plain string (the UI and the CLI hand it in) but is
/// deliberately not `Serialize`: nothing can write it to a profile or a log by accident.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The plain text. Call it only where the value must leave the process
    /// (an export the user asked for, a request to the IdP, the keyring).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Keys whose values are secrets wherever they appear: a query, a form, JSON,
/// or a pasted message.
pub const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "code",
    "code_verifier",
    "access_token",
    "id_token",
    "refresh_token",
    "password",
    "client_assertion",
    "assertion",
    "token",
];

/// Whether `key` (any case) names a secret.
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(s.expose(), "abc");
    }
}
