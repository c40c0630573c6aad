//! Troubleshooting an existing setup: import the configuration an
//! administrator already has, name every problem at its place with the fix,
//! ask the running system what it uses, correct the file, report.
//!
//! Each target reads and lints its own files ([`crate::target::Target::import`],
//! [`crate::target::Target::lint`]); this module holds what they share: the
//! file as a tree of values with their places ([`tree`], [`envfile`]), the
//! findings ([`finding`]) and the import model ([`import`]); the corrected
//! file ([`fix`]), the report for handoff ([`report`], secrets kept out by
//! [`redact`]); [`probe`] asks the running system what it uses; [`symptom`]
//! reads an error the administrator saw.
//!
//! The path through it (the CLI's `doctor`, the window's troubleshooting):
//! [`read_file`] (bounded) → [`open()`]: [`Source::read`] → [`claims`]
//! (surest first; `undecided` with `choices` when a file has several
//! connectors) → [`lint`] → [`symptom::for_import`] (a pasted error) →
//! [`probe::examine`] → [`fix::plan`] (the corrected text, its diff, the
//! findings it resolves and those it leaves; [`fix::save`] writes it) →
//! [`report::DoctorReport`] (Markdown or JSON). The window keeps all of it
//! in one [`session::Session`].

pub mod envfile;
pub mod finding;
pub mod fix;
pub mod import;
pub mod open;
pub mod outcome;
pub mod probe;
pub mod redact;
pub mod report;
pub mod session;
pub mod symptom;
pub mod tree;
pub mod values;

pub use finding::{did_you_mean, tally, Finding, Level, Location};
pub use import::{claims, lint, Claim, Detected, ImportOptions, Imported, Layer, Source, Spot};
pub use open::{open, read_file, OpenError, Opened};
pub use outcome::{ProbeResult, ProbeStatus, SymptomResult};
pub use tree::{KeyPath, Node, Span};
