//! What probing the running system and reading a pasted error message give,
//! as the CLI's `--json` document and the report carry them (issue 9 §5):
//! `probes: [{system, url, status, detail, evidence}]` and
//! `symptoms: [{text, known, meaning, fix}]`. The probes and the symptom
//! recognizer produce these; the CLI and the window only show them.

use crate::checks::Evidence;
use serde::Serialize;
use ts_rs::TS;

/// How a probe of the running system went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ProbeStatus {
    /// The system answered, and what it uses agrees with the file and Auth0.
    Pass,
    /// Not asked (no URL, or the probe does not apply).
    Skipped,
    /// The system is not reachable from this machine (a private cluster):
    /// a warning, not a failure.
    Unreachable,
    /// It answered with something worth a look.
    Warn,
    /// It answered, and what it uses is wrong (a finding says which side).
    Fail,
}

/// One probe of the running system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProbeResult {
    /// Which system was asked: `pachyderm`, `dex`, `pomerium`, `openmetadata`, `auth0`.
    pub system: String,
    /// The URL asked.
    pub url: String,
    pub status: ProbeStatus,
    /// What was found, in a sentence or two.
    pub detail: String,
    /// The requests made and what came back, secrets redacted.
    pub evidence: Vec<Evidence>,
}

/// A pasted error message, and what it means for this setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SymptomResult {
    /// The message as pasted.
    pub text: String,
    /// Whether the wizard recognizes it.
    pub known: bool,
    /// What it means (which value, on which side); for an unknown message,
    /// that it is not known and the full checks ran instead.
    pub meaning: String,
    pub fix: String,
}

impl ProbeResult {
    /// A failed probe makes `doctor` exit 1; an unreachable one does not.
    pub fn failed(&self) -> bool {
        self.status == ProbeStatus::Fail
    }
}
