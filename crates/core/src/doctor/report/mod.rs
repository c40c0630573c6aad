//! The diagnostic report for handoff (issue 9 §4): what was imported and
//! detected (and why), every finding, every probe and check with its
//! evidence, what was fixed. In Markdown and JSON; secrets never in it (the
//! settings show only which secrets the file holds, and every text goes
//! through the [`Redactor`] last).

mod markdown;

use super::fix::{Edit, Plan};
use super::import::{Detected, Imported};
use super::outcome::{ProbeResult, SymptomResult};
use super::redact::{self, Redactor};
use super::Finding;
use crate::checks::CheckResult;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// The values the file carries, without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Carried {
    pub domain: String,
    pub issuer: String,
    pub client_id: String,
    pub public_url: String,
    pub connector_id: String,
    pub connector_name: String,
    pub groups_claim: String,
    /// The target's own settings that are not secrets.
    pub extras: BTreeMap<String, String>,
    /// The secrets the file holds, by name (`clientSecret`, `extras.cookieSecret`): never their values.
    pub secrets: Vec<String>,
}

impl Carried {
    pub fn of(imported: &Imported) -> Self {
        let s = &imported.settings;
        let secrets = s.secrets_by_field().map(|(k, _)| k).collect();
        Carried {
            domain: s.domain.clone(),
            issuer: s.issuer.clone(),
            client_id: s.client_id.clone(),
            public_url: s.public_url.clone(),
            connector_id: s.connector_id.clone(),
            connector_name: s.connector_name.clone(),
            groups_claim: s.groups_claim.clone(),
            extras: s.extras.clone(),
            secrets,
        }
    }
}

/// What the corrected file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FixSummary {
    /// Where the corrected file was written; `None`: shown only.
    pub path: Option<String>,
    pub edits: Vec<Edit>,
    /// The unified diff, every line holding a secret shown as `[redacted]`.
    pub diff: String,
    /// Findings the corrected file no longer has.
    pub resolved: Vec<Finding>,
    /// Findings left to the administrator.
    pub left: Vec<Finding>,
}

/// Everything `doctor` found about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DoctorReport {
    /// The file as the user named it (`-` for standard input).
    pub file: String,
    pub detected: Detected,
    /// The connectors to choose from, when the file has several.
    pub choices: Vec<String>,
    pub imported: Carried,
    /// The import's and the lint's findings, errors first.
    pub findings: Vec<Finding>,
    pub symptoms: Vec<SymptomResult>,
    pub probes: Vec<ProbeResult>,
    #[ts(type = "unknown[]")]
    pub checks: Vec<CheckResult>,
    pub fix: Option<FixSummary>,
}

impl DoctorReport {
    /// A report of `imported` with `findings`; probes, checks, symptoms and
    /// the fix are added as they run.
    pub fn new(file: &str, imported: &Imported, findings: Vec<Finding>) -> Self {
        DoctorReport {
            file: file.to_owned(),
            detected: imported.detected.clone(),
            choices: imported.choices.clone(),
            imported: Carried::of(imported),
            findings,
            symptoms: Vec::new(),
            probes: Vec::new(),
            checks: Vec::new(),
            fix: None,
        }
    }

    /// The fix of `plan` (of `original`), written to `path` if it was.
    pub fn with_fix(&mut self, original: &str, plan: &Plan, path: Option<&str>, r: &Redactor) {
        self.fix = Some(FixSummary {
            path: path.map(str::to_owned),
            edits: plan.edits.clone(),
            diff: redact::diff(
                r,
                original,
                &plan.text,
                &self.file,
                path.unwrap_or(&self.file),
            ),
            resolved: plan.resolved.clone(),
            left: plan.left.clone(),
        });
    }

    /// Whether anything is wrong: an error finding, a failed probe or check.
    pub fn failed(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == super::Level::Error)
            || self.probes.iter().any(ProbeResult::failed)
            || crate::checks::any_failed(&self.checks)
    }

    /// The report as pretty JSON, secrets redacted.
    pub fn to_json(&self, r: &Redactor) -> String {
        let text = serde_json::to_string_pretty(self).expect("the report serializes");
        r.text(&text) + "\n"
    }

    /// The report as Markdown, secrets redacted.
    pub fn to_markdown(&self, r: &Redactor) -> String {
        r.text(&markdown::render(self))
    }
}
