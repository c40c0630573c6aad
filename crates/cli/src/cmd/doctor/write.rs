//! Writing what `doctor` makes: the corrected file (to a new path, or over
//! an existing one only after a confirmation, its old content kept) and the
//! report, each atomically with mode 0600.

use crate::error::CliError;
use auth0_wizard_core::doctor::fix::{backup_path, save};
use auth0_wizard_core::doctor::redact::Redactor;
use auth0_wizard_core::doctor::report::DoctorReport;
use auth0_wizard_core::fsutil::write_atomic;
use std::io::{BufRead, IsTerminal, Write as _};
use std::path::Path;

/// `--fix -o OUT`. `input` is FILE as given (`-`: the file came on
/// standard input, which then cannot answer a question).
pub fn corrected(path: &Path, text: &str, yes: bool, input: &str) -> Result<(), CliError> {
    if path.exists() && !yes && !confirm(path, input)? {
        return Err(CliError::Usage(format!(
            "--fix -o {}: the file exists; it is replaced only with --yes (or a yes at the terminal). Nothing was written.",
            path.display()
        )));
    }
    save(path, text).map_err(|e| CliError::Write {
        path: e.path,
        source: e.source,
    })?;
    Ok(())
}

/// Asks at the terminal; without one (or with the file on standard input) the answer is no.
fn confirm(path: &Path, input: &str) -> Result<bool, CliError> {
    let stdin = std::io::stdin();
    if input == "-" || !stdin.is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(false);
    }
    eprint!(
        "{} exists. Replace it with the corrected file (its content is kept in {})? [y/N] ",
        path.display(),
        backup_path(path).display()
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(CliError::Stdin)?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    write_atomic(path, text.as_bytes()).map_err(|source| CliError::Write {
        path: path.to_owned(),
        source,
    })
}

/// `--report FILE.md|FILE.json`.
pub fn report(path: &Path, report: &DoctorReport, r: &Redactor) -> Result<(), CliError> {
    let json = path.extension().is_some_and(|e| e == "json");
    let text = if json {
        report.to_json(r)
    } else {
        report.to_markdown(r)
    };
    write(path, &text)
}
