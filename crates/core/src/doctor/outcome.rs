//! What probing the running system and reading a pasted error message give,
//! as the CLI's `--json` document and the report carry them (issue 9 §5):
//! `probes: [{system, url, status, detail, evidence}]` and
//! `symptoms: [{text, known, meaning, fix}]`. The probes and the symptom
//! recognizer produce these; the CLI and the window only show them.

use serde::Serialize;
use ts_rs::TS;

pub use super::probe::{ProbeResult, ProbeStatus};

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

impl From<&super::symptom::Symptom> for SymptomResult {
    fn from(s: &super::symptom::Symptom) -> Self {
        SymptomResult {
            text: s.text.clone(),
            known: s.known,
            meaning: s.meaning.clone(),
            fix: s.fix.clone(),
        }
    }
}
