//! The file `doctor` reads: the flags that must agree, the bytes (a file or
//! standard input), the claim of the target that reads it, the connector
//! to take, and every finding (the import's and the lint's), errors first.

use super::Args;
use crate::error::CliError;
use auth0_wizard_core::doctor::open::read_bounded;
use auth0_wizard_core::doctor::{open, read_file, ImportOptions, OpenError, Opened};
use auth0_wizard_core::TargetId;
use std::path::Path;

/// What clap cannot say: `-` and `--secret-stdin` both want standard input;
/// a report is Markdown or JSON; the target and format are known names.
pub fn check_flags(args: &Args) -> Result<(), CliError> {
    if args.file == "-" && args.secret.secret_stdin {
        return Err(CliError::Usage(
            "FILE - and --secret-stdin both read standard input: give the secret with --secret-env VAR instead.".into(),
        ));
    }
    if let Some(r) = &args.report {
        let ext = r.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "md" | "json") {
            return Err(CliError::Usage(format!(
                "--report {}: the report is FILE.md (Markdown) or FILE.json.",
                r.display()
            )));
        }
    }
    if let Some(t) = &args.target {
        t.parse::<TargetId>()?;
    }
    Ok(())
}

fn bytes(args: &Args) -> Result<Vec<u8>, CliError> {
    if args.file == "-" {
        return read_bounded("standard input", std::io::stdin()).map_err(file_error);
    }
    read_file(Path::new(&args.file)).map_err(file_error)
}

fn file_error(e: OpenError) -> CliError {
    match e {
        OpenError::NotClaimed { .. } => CliError::File(format!("{e} Try --target and --format.")),
        e => CliError::File(e.to_string()),
    }
}

/// The file, read as its surest target's (or `--target`'s) file.
pub fn read(args: &Args) -> Result<Opened, CliError> {
    let opts = ImportOptions {
        target: args.target.as_deref().map(str::parse).transpose()?,
        format: args.format.clone(),
        version: args.version.clone(),
        connector: args.connector.clone(),
    };
    let opened = open(&args.file, &bytes(args)?, &opts).map_err(file_error)?;
    if opened.undecided {
        return Err(CliError::ChooseConnector {
            file: opened.name,
            choices: opened.imported.choices,
        });
    }
    Ok(opened)
}
