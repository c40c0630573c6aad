//! Undo records: one JSON file per apply (no secrets; mode 0600), so that a
//! change made through the Management API can be reverted later, from the
//! window or the CLI. The core decides what goes in them
//! ([`auth0_wizard_core::mgmt::UndoRecord`]); this keeps them.

use crate::error::StoreError;
use auth0_wizard_core::fsutil::write_atomic;
use auth0_wizard_core::mgmt::{UndoJournal, UndoRecord};
use std::io;
use std::path::{Path, PathBuf};

/// The undo records in one directory (`<data dir>/undo`).
pub struct UndoStore {
    dir: PathBuf,
}

/// An id is a file name: letters, digits and `-`, at most 64 characters.
fn check_id(id: &str) -> Result<&str, StoreError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(id)
    } else {
        Err(StoreError::InvalidUndoId(id.to_owned()))
    }
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.display().to_string(),
        source,
    }
}

impl UndoStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        UndoStore { dir: dir.into() }
    }

    /// The records under the wizard's data directory.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Self::new(data_dir.join("undo"))
    }

    fn path(&self, id: &str) -> Result<PathBuf, StoreError> {
        Ok(self.dir.join(format!("{}.json", check_id(id)?)))
    }

    /// Save (or replace) a record.
    pub fn save(&self, record: &UndoRecord) -> Result<(), StoreError> {
        let path = self.path(&record.id)?;
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("cannot create", &self.dir, e))?;
        let json = serde_json::to_vec_pretty(record).expect("undo records serialize");
        write_atomic(&path, &json).map_err(|e| io_error("cannot write", &path, e))
    }

    pub fn load(&self, id: &str) -> Result<UndoRecord, StoreError> {
        let path = self.path(id)?;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::UndoNotFound(id.to_owned()))
            }
            Err(e) => return Err(io_error("cannot read", &path, e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| StoreError::UndoCorrupt {
            id: id.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Every readable record, oldest first (ids start with the time).
    pub fn list(&self) -> Result<Vec<UndoRecord>, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(io_error("cannot read", &self.dir, e)),
        };
        let mut ids: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(str::to_owned)
            })
            .filter(|id| check_id(id).is_ok())
            .collect();
        ids.sort();
        Ok(ids.iter().filter_map(|id| self.load(id).ok()).collect())
    }

    /// The newest record not yet undone that created or changed the
    /// application `client_id` on the Management API of `domain`.
    pub fn latest(&self, domain: &str, client_id: &str) -> Result<Option<UndoRecord>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .rev()
            .find(|r| r.domain == domain && r.concerns(client_id) && r.undone_at.is_none()))
    }
}

impl UndoJournal for UndoStore {
    fn save(&self, record: &UndoRecord) -> Result<(), String> {
        UndoStore::save(self, record).map_err(|e| e.to_string())
    }
}
