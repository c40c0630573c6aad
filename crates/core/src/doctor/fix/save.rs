//! Writing the corrected file: atomically, mode 0600; a file already at
//! the path (the administrator confirmed replacing it) is first copied to
//! the first free `PATH.orig`, `PATH.orig.1`, ..., so nothing is lost.

use crate::fsutil::write_atomic;
use std::io;
use std::path::{Path, PathBuf};

/// The first of `PATH.orig`, `PATH.orig.1`, ... that does not exist.
pub fn backup_path(path: &Path) -> PathBuf {
    let base = format!("{}.orig", path.display());
    std::iter::once(base.clone())
        .chain((1..).map(|n| format!("{base}.{n}")))
        .map(PathBuf::from)
        .find(|p| !p.exists())
        .expect("a free name")
}

/// A file that could not be written (or read, to keep it).
#[derive(Debug, thiserror::Error)]
#[error("could not write {}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Write `text` to `path`; the copy of what was there, if anything.
pub fn save(path: &Path, text: &str) -> Result<Option<PathBuf>, SaveError> {
    let named = |p: &Path| {
        let path = p.to_owned();
        move |source| SaveError { path, source }
    };
    let mut kept = None;
    if path.exists() {
        let old = std::fs::read(path).map_err(named(path))?;
        let backup = backup_path(path);
        write_atomic(&backup, &old).map_err(named(&backup))?;
        kept = Some(backup);
    }
    write_atomic(path, text.as_bytes()).map_err(named(path))?;
    Ok(kept)
}
