//! What a target's option parser reads its extra fields from and reports
//! their problems to.

use crate::model::{RawSettings, Release};
use crate::secret::Secret;
use crate::validate::Report;

/// A target's extra fields as typed, the release they are for, and the report.
pub struct Extras<'a> {
    raw: &'a RawSettings,
    release: Release,
    generate: &'a mut dyn FnMut(&str) -> Secret,
    report: &'a mut Report,
    errors: usize,
}

impl<'a> Extras<'a> {
    pub fn new(
        raw: &'a RawSettings,
        release: Release,
        generate: &'a mut dyn FnMut(&str) -> Secret,
        report: &'a mut Report,
    ) -> Self {
        Extras {
            raw,
            release,
            generate,
            report,
            errors: 0,
        }
    }

    pub fn release(&self) -> Release {
        self.release
    }

    /// The plain field `key`, trimmed; "" when absent.
    pub fn text(&self, key: &str) -> &'a str {
        self.raw.extras.get(key).map(|s| s.trim()).unwrap_or("")
    }

    /// The plain field `key`, or `None` when empty.
    pub fn text_opt(&self, key: &str) -> Option<String> {
        Some(self.text(key).to_owned()).filter(|s| !s.is_empty())
    }

    /// The secret field `key`, trimmed; `None` when absent or empty.
    pub fn secret(&self, key: &str) -> Option<Secret> {
        self.raw
            .extra_secrets
            .get(key)
            .map(|s| s.expose().trim())
            .filter(|s| !s.is_empty())
            .map(Secret::new)
    }

    /// A freshly generated secret for the field `key`.
    pub fn generate(&mut self, key: &str) -> Secret {
        (self.generate)(key)
    }

    /// A problem with the field `key` that makes the settings invalid.
    pub fn error(
        &mut self,
        key: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.errors += 1;
        self.report
            .error(&format!("extras.{key}"), code, message, fix);
    }

    /// A problem with the field `key` that the settings survive.
    pub fn warn(
        &mut self,
        key: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.report
            .warn(&format!("extras.{key}"), code, message, fix);
    }

    /// Whether no error was reported through this value.
    pub fn valid(&self) -> bool {
        self.errors == 0
    }

    /// A pair of fields that must be given together (an M2M client ID and its
    /// secret): both, or neither. Reports the missing one as
    /// "The {subject} client ID is missing: {reason}".
    pub fn pair(
        &mut self,
        (id_key, secret_key): (&str, &str),
        code: &str,
        (subject, reason, fix): (&str, &str, &str),
    ) -> (Option<String>, Option<Secret>) {
        let id = self.text_opt(id_key);
        let secret = self.secret(secret_key);
        if id.is_some() != secret.is_some() {
            let (key, missing) = if id.is_none() {
                (id_key, "client ID")
            } else {
                (secret_key, "client secret")
            };
            self.error(
                key,
                code,
                format!("The {subject} {missing} is missing: {reason}"),
                fix,
            );
        }
        (id, secret)
    }
}
