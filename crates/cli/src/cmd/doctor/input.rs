//! The file `doctor` reads: the flags that must agree, the bytes (a file or
//! standard input), the claim of the target that reads it, the connector
//! to take, and every finding (the import's and the lint's), errors first.

use super::Args;
use crate::error::CliError;
use auth0_wizard_core::doctor::import::ReadError;
use auth0_wizard_core::doctor::{claims, lint, Finding, ImportOptions, Imported, Source};
use auth0_wizard_core::TargetId;
use std::io::Read as _;

/// A file read and imported.
pub struct ReadFile {
    /// The file as the user named it (`-`: standard input).
    pub name: String,
    pub src: Source,
    pub imported: Imported,
    /// The import's and the lint's findings, errors first.
    pub findings: Vec<Finding>,
}

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
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::File(format!("standard input: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(&args.file).map_err(|e| CliError::File(format!("{}: {e}", args.file)))
}

/// The file, read as its surest target's (or `--target`'s) file.
pub fn read(args: &Args) -> Result<ReadFile, CliError> {
    let name = args.file.clone();
    let src =
        Source::read(&bytes(args)?).map_err(|e| CliError::File(format!("{name}: {}", why(&e))))?;
    let opts = ImportOptions {
        target: args.target.as_deref().map(str::parse).transpose()?,
        format: args.format.clone(),
        version: args.version.clone(),
        connector: args.connector.clone(),
    };
    let claim = claims(&src, &opts)
        .into_iter()
        .next()
        .ok_or_else(|| not_claimed(&name, &opts))?;
    let imported = claim.imported;
    let undecided = imported
        .findings
        .iter()
        .any(|f| f.code.ends_with(".connector.choose") || f.code.ends_with(".connector.not_found"));
    if undecided && !imported.choices.is_empty() {
        return Err(CliError::ChooseConnector {
            file: name,
            choices: imported.choices.clone(),
        });
    }
    let mut findings = imported.findings.clone();
    findings.extend(lint(imported.detected.target, &src, &imported));
    auth0_wizard_core::doctor::finding::sort(&mut findings);
    Ok(ReadFile {
        name,
        src,
        imported,
        findings,
    })
}

/// Why the text is not a file at all, with the line and column where YAML
/// (or JSON) stopped and what it expected.
fn why(e: &ReadError) -> String {
    match e {
        ReadError::Unparsable { yaml, env } => format!(
            "cannot be parsed: {yaml} (as YAML or JSON); as KEY=value lines, line {}: {}",
            env.0, env.1
        ),
        other => other.to_string(),
    }
}

fn not_claimed(name: &str, opts: &ImportOptions) -> CliError {
    let how = match (&opts.target, &opts.format) {
        (Some(t), Some(f)) => format!(" as {t}'s {f}"),
        (Some(t), None) => format!(" as {t}'s"),
        (None, Some(f)) => format!(" as {f}"),
        (None, None) => String::new(),
    };
    CliError::File(format!(
        "{name}: no target reads this file{how}: it is none of the files of pachyderm, pachyderm-1x, pomerium, openmetadata or dex the wizard knows (try --target and --format)."
    ))
}
