//! What the catalog says about a target: the data the UI renders the wizard
//! from and the CLI derives its target flags from. Each target module builds
//! its own [`TargetInfo`]; [`super::catalog`] lists them in registry order.

use super::TargetId;
use crate::error::CoreError;
use crate::model::Release;
use crate::version::{Version, VersionRange};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetInfo {
    pub id: TargetId,
    pub name: &'static str,
    /// The product, shared by targets that are releases of one system
    /// (Pachyderm 2.x and 1.x): a version of another target of the same
    /// product is named as such.
    pub product: &'static str,
    /// One sentence on what the wizard produces for this target.
    pub summary: &'static str,
    /// What "public URL" means for this target.
    pub url_label: &'static str,
    pub url_help: &'static str,
    pub url_placeholder: &'static str,
    pub versions: Vec<VersionInfo>,
    pub formats: Vec<FormatInfo>,
    pub extras: Vec<ExtraField>,
    /// Whether the connector id/name fields apply.
    pub uses_connector: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub id: &'static str,
    pub label: &'static str,
    pub release: Release,
    pub default: bool,
    /// The releases this entry covers.
    pub range: VersionRange,
}

impl VersionInfo {
    pub const fn new(
        id: &'static str,
        label: &'static str,
        release: Release,
        range: VersionRange,
    ) -> Self {
        VersionInfo {
            id,
            label,
            release,
            default: false,
            range,
        }
    }

    pub const fn default(mut self) -> Self {
        self.default = true;
        self
    }
}

/// How an export is written, for highlighting and the save dialog's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Yaml,
    Json,
    Env,
}

impl Syntax {
    /// The file extension and the name the UI knows: `yaml`, `json`, `env`.
    pub fn as_str(self) -> &'static str {
        match self {
            Syntax::Yaml => "yaml",
            Syntax::Json => "json",
            Syntax::Env => "env",
        }
    }
}

impl std::fmt::Display for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    pub id: &'static str,
    pub label: &'static str,
    /// Suggested file name for "Save as...".
    pub file_name: &'static str,
    pub syntax: Syntax,
    /// The command that applies the file.
    pub apply_command: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExtraKind {
    Text,
    /// Never on a command line: the CLI flag names an environment variable.
    Secret,
    Choice,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExtraField {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ExtraKind,
    /// For `choice`: the allowed values.
    pub choices: Vec<&'static str>,
    /// The value used when the field is left empty ("" for none; secrets that
    /// are generated say so in `help`).
    pub default: &'static str,
    /// The releases the field applies to.
    pub releases: Vec<Release>,
    /// The CLI flag that sets it (for a secret: the flag that names the
    /// environment variable holding it, `--...-env`).
    pub flag: &'static str,
    /// The flag's value name in `--help` (`NAME`, `VAR`, ...).
    pub value_name: &'static str,
    /// Whether the Auth0 requirements depend on it (so `requirements` and
    /// the Register step read it before any credentials exist).
    pub for_requirements: bool,
}

const BOTH: [Release; 2] = [Release::Current, Release::Legacy];

impl ExtraField {
    fn new(key: &'static str, label: &'static str, help: &'static str, kind: ExtraKind) -> Self {
        ExtraField {
            key,
            label,
            help,
            kind,
            choices: vec![],
            default: "",
            releases: BOTH.to_vec(),
            flag: "",
            value_name: "",
            for_requirements: false,
        }
    }

    /// A plain value, set on the command line with `flag VALUE_NAME`.
    pub fn text(
        key: &'static str,
        label: &'static str,
        help: &'static str,
        default: &'static str,
    ) -> Self {
        ExtraField {
            default,
            ..Self::new(key, label, help, ExtraKind::Text)
        }
    }

    /// A secret: in the CLI, `flag` names the environment variable holding it.
    pub fn secret(key: &'static str, label: &'static str, help: &'static str) -> Self {
        ExtraField {
            value_name: "VAR",
            ..Self::new(key, label, help, ExtraKind::Secret)
        }
    }

    /// One of `choices`; the first is the default.
    pub fn choice(
        key: &'static str,
        label: &'static str,
        help: &'static str,
        choices: &[&'static str],
    ) -> Self {
        ExtraField {
            choices: choices.to_vec(),
            default: choices.first().copied().unwrap_or(""),
            ..Self::new(key, label, help, ExtraKind::Choice)
        }
    }

    /// The CLI flag and its value name.
    pub fn flag(mut self, flag: &'static str, value_name: &'static str) -> Self {
        self.flag = flag;
        self.value_name = value_name;
        self
    }

    /// Applies to `release` only.
    pub fn only(mut self, release: Release) -> Self {
        self.releases = vec![release];
        self
    }

    pub fn for_requirements(mut self) -> Self {
        self.for_requirements = true;
        self
    }
}

impl TargetInfo {
    /// The version entry for `id`: an entry id (`0.20+`), a release number
    /// (`0.19`, `1.2.5`) inside one entry's range, or empty for the default.
    pub fn version(&self, id: &str) -> Result<&VersionInfo, CoreError> {
        self.resolve_version(id).map(|(v, _)| v)
    }

    /// Like [`version`](Self::version), with the release number when one was given.
    pub fn resolve_version(&self, id: &str) -> Result<(&VersionInfo, Option<Version>), CoreError> {
        let id = id.trim();
        if let Some(v) =
            self.versions
                .iter()
                .find(|v| if id.is_empty() { v.default } else { v.id == id })
        {
            return Ok((v, None));
        }
        let number = id.parse::<Version>().ok();
        let entry = number.and_then(|n| self.versions.iter().find(|v| v.range.contains(n)));
        match (entry, number) {
            (Some(v), Some(n)) => Ok((v, Some(n))),
            _ => Err(CoreError::UnknownVersion {
                target: self.id.to_string(),
                version: id.to_owned(),
                expected: self.expected_versions(),
                other_target: number.and_then(|n| self.sibling_with(n)),
            }),
        }
    }

    fn expected_versions(&self) -> String {
        let ids: Vec<&str> = self.versions.iter().map(|v| v.id).collect();
        ids.join(", ")
    }

    /// Another target of the same product whose versions include `n`.
    fn sibling_with(&self, n: Version) -> Option<TargetId> {
        super::catalog()
            .into_iter()
            .filter(|t| t.id != self.id && t.product == self.product)
            .find(|t| t.versions.iter().any(|v| v.range.contains(n)))
            .map(|t| t.id)
    }

    pub fn format(&self, id: &str) -> Result<&FormatInfo, CoreError> {
        self.formats
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| CoreError::UnknownFormat {
                target: self.id.to_string(),
                format: id.to_owned(),
                expected: self
                    .formats
                    .iter()
                    .map(|f| f.id)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The extra field `key`, if this target has one.
    pub fn extra(&self, key: &str) -> Option<&ExtraField> {
        self.extras.iter().find(|e| e.key == key)
    }
}
