//! Opening a file to troubleshoot, for the CLI and the window alike: its
//! bytes (from a path, bounded), read as text and trees, claimed by the
//! surest target (or the one the caller names), with every finding of the
//! import and the lint, errors first. A file with several connectors and
//! none chosen comes back `undecided`, with the choices: the CLI then asks
//! for `--connector`, the window offers them.

use super::finding::{self, Finding};
use super::import::{claims, lint, ImportOptions, Imported, ReadError, Source};
use std::io::Read as _;
use std::path::Path;

/// The largest file read (a values file is a few kilobytes; a bigger one is
/// not a configuration file, or not one a person wrote).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file cannot be troubleshot. Each message starts with the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The file cannot be read (missing, unreadable, too large, a folder).
    #[error("{name}: {why}")]
    Unreadable { name: String, why: String },
    /// The text is no file at all (empty, not UTF-8, not YAML/JSON/env).
    #[error("{name}: {}", describe(.error))]
    NotAFile { name: String, error: ReadError },
    /// No target reads it (as the caller asked).
    #[error(
        "{name}: no target reads this file{how}: it is none of the files the wizard knows of {}.",
        crate::target::id_list()
    )]
    NotClaimed { name: String, how: String },
}

impl OpenError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Unreadable { .. } => "file_unreadable",
            OpenError::NotAFile { .. } => "file_unparsable",
            OpenError::NotClaimed { .. } => "file_not_claimed",
        }
    }
}

/// Why the text is not a file at all, with the line and column where YAML
/// (or JSON) stopped and what it expected.
fn describe(e: &ReadError) -> String {
    match e {
        ReadError::Unparsable { yaml, env } => format!(
            "cannot be parsed: {yaml} (as YAML or JSON); as KEY=value lines, line {}: {}",
            env.0, env.1
        ),
        other => other.to_string(),
    }
}

/// The bytes of the file at `path`, at most [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, OpenError> {
    let name = path.display().to_string();
    let unreadable = |why: String| OpenError::Unreadable {
        name: name.clone(),
        why,
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let meta = file.metadata().map_err(|e| unreadable(e.to_string()))?;
    if meta.is_dir() {
        return Err(unreadable("is a folder, not a file".into()));
    }
    read_bounded(&name, file)
}

/// All of `reader` (the file `name`, standard input), at most [`MAX_FILE_BYTES`].
pub fn read_bounded(name: &str, reader: impl std::io::Read) -> Result<Vec<u8>, OpenError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| OpenError::Unreadable {
            name: name.to_owned(),
            why: e.to_string(),
        })?;
    check_size(name, bytes.len())?;
    Ok(bytes)
}

/// Text pasted or given in memory: at most [`MAX_FILE_BYTES`] too.
pub fn check_size(name: &str, len: usize) -> Result<(), OpenError> {
    if len as u64 > MAX_FILE_BYTES {
        return Err(OpenError::Unreadable {
            name: name.to_owned(),
            why: too_large(),
        });
    }
    Ok(())
}

fn too_large() -> String {
    format!(
        "is larger than {} MiB: not a configuration file the wizard reads",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// A file read and imported.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The file as the user named it (`-`: standard input; `pasted text`).
    pub name: String,
    pub src: Source,
    pub imported: Imported,
    /// The import's and the lint's findings, errors first.
    pub findings: Vec<Finding>,
    /// Several connectors and none (or an unknown one) chosen: the caller
    /// asks which of `imported.choices`.
    pub undecided: bool,
}

/// `bytes` (the file `name`) read as its surest target's file, or as
/// `opts` says.
pub fn open(name: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Opened, OpenError> {
    let src = Source::read(bytes).map_err(|error| OpenError::NotAFile {
        name: name.to_owned(),
        error,
    })?;
    let claim = claims(&src, opts)
        .into_iter()
        .next()
        .ok_or_else(|| OpenError::NotClaimed {
            name: name.to_owned(),
            how: how(opts),
        })?;
    let imported = claim.imported;
    let undecided = !imported.choices.is_empty()
        && imported.findings.iter().any(|f| {
            f.code.ends_with(".connector.choose") || f.code.ends_with(".connector.not_found")
        });
    let mut findings = imported.findings.clone();
    findings.extend(lint(imported.detected.target, &src, &imported));
    finding::sort(&mut findings);
    Ok(Opened {
        name: name.to_owned(),
        src,
        imported,
        findings,
        undecided,
    })
}

fn how(opts: &ImportOptions) -> String {
    match (&opts.target, &opts.format) {
        (Some(t), Some(f)) => format!(" as {t}'s {f}"),
        (Some(t), None) => format!(" as {t}'s"),
        (None, Some(f)) => format!(" as {f}"),
        (None, None) => String::new(),
    }
}
