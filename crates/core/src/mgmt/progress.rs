//! Progress of a plan, an apply or an undo, one event per call and per wait.

use serde::Serialize;
use ts_rs::TS;

/// One step of the work as it happens: a call starts, waits, ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressEvent {
    /// The plan step it belongs to (`read`, `client`, `m2m-0`, `action`, `undo`).
    pub step: String,
    /// The call, e.g. `POST /api/v2/clients` (no query, no secret).
    pub call: String,
    #[serde(flatten)]
    pub kind: ProgressKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgressKind {
    Started,
    /// Waiting (a rate limit, an Action's build), counted against the timeout.
    Waiting {
        what: String,
        #[ts(type = "number")]
        seconds: u64,
    },
    Done {
        status: u16,
    },
    Failed {
        message: String,
    },
}

/// Where progress goes: the CLI prints it, the window forwards it.
pub type Progress<'a> = &'a (dyn Fn(&ProgressEvent) + Send + Sync);

/// A progress sink that drops every event.
pub fn quiet(_: &ProgressEvent) {}
