//! Writing files the way a config tool must: whole or not at all, private.

use std::io::{self, Write};
use std::path::Path;

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory (created with mode 0600 on Unix), flushed and synced, then
/// renamed over `path`. On any error the temporary file is removed and `path`
/// is left as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    if !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let prefix = format!(".{}.", file_name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    // NamedTempFile deletes itself on drop, so every early return cleans up.
    // Its errors name the temporary file, which the user never asked for: say
    // what happened in the folder instead.
    let in_dir = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("{} in {}", io::Error::from(e.kind()), dir.display()),
        )
    };
    let mut tmp = builder.tempfile_in(dir).map_err(in_dir)?;
    tmp.write_all(contents).map_err(in_dir)?;
    tmp.as_file().sync_all().map_err(in_dir)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_whole_file_with_mode_0600_and_replaces_existing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.yaml");
        std::fs::write(&path, "old content that is longer than the new one").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn missing_directory_fails_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-dir").join("out.yaml");
        let e = write_atomic(&path, b"x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        let missing = dir.path().join("no-such-dir");
        assert_eq!(
            e.to_string(),
            format!("the folder {} does not exist", missing.display())
        );
        assert!(!path.exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    /// /proc/self refuses new files even to root, unlike a read-only mode.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_that_refuses_the_file_is_named_not_the_temporary_file() {
        let e = write_atomic(Path::new("/proc/self/out.yaml"), b"x")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with(" in /proc/self"), "{e}");
        assert!(!e.contains(".tmp") && !e.contains("out.yaml"), "{e}");
    }
}
