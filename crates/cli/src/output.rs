//! Human vs `--json` rendering.
//!
//! Results go to stdout, messages to stderr. With `--json`, stdout carries
//! exactly one JSON document whatever happens: the result, a validation
//! failure `{code, message, issues}`, or an error `{code, message}`.

use crate::error::CliError;
use crate::settings::flag_for_field;
use auth0_wizard_core::{Issue, Report, Severity};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
}

/// A validation failure in `--json` mode.
#[derive(Serialize)]
struct Invalid<'a> {
    code: &'static str,
    message: String,
    issues: &'a [Issue],
}

impl Output {
    /// `value` as pretty JSON on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let mut text =
            serde_json::to_string_pretty(value).map_err(|e| CliError::Output(e.into()))?;
        text.push('\n');
        self.stdout(&text)
    }

    /// `text` on stdout as it is.
    pub fn stdout(&self, text: &str) -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|_| out.flush())
            .map_err(CliError::Output)
    }

    /// A message for the person at the terminal (stderr; silent with `--json`).
    pub fn note(&self, text: &str) {
        if !self.json {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// The warnings of a report that passed, on stderr (with `--json` the
    /// command puts them into its result instead).
    pub fn warnings(&self, report: &Report) {
        if !report.issues.is_empty() {
            self.note(render_issues(&report.issues).trim_end());
        }
    }

    /// The settings are not valid: every issue, then a summary.
    pub fn invalid(&self, report: &Report) -> Result<(), CliError> {
        let message = summary(report);
        if self.json {
            self.json(&Invalid {
                code: "invalid_settings",
                message,
                issues: &report.issues,
            })
        } else {
            let text = format!("{}{message}\n", render_issues(&report.issues));
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            Ok(())
        }
    }

    /// An error: `{code, message}` on stdout with `--json`, else `error: message` on stderr.
    pub fn error(&self, e: &CliError) {
        if matches!(e, CliError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe) {
            // The reader went away (e.g. `| head`): nobody is left to tell.
            return;
        }
        if self.json && self.json(&e.payload()).is_ok() {
            return;
        }
        let _ = writeln!(std::io::stderr().lock(), "error: {e}");
    }
}

/// "2 errors, 1 warning".
pub fn summary(report: &Report) -> String {
    let errors = report.errors().count();
    let warnings = report.issues.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "No problems found.".to_owned(),
        (0, w) => format!("Valid, with {}.", plural(w, "warning")),
        (e, 0) => format!("Not valid: {}.", plural(e, "error")),
        (e, w) => format!(
            "Not valid: {}, {}.",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

/// One block per issue:
///
/// ```text
/// error: --domain: The domain has a path ... [domain.path]
///   fix: Remove /x: enter only dev-abc.us.auth0.com.
/// ```
pub fn render_issues(issues: &[Issue]) -> String {
    let mut out = String::new();
    for i in issues {
        let severity = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The flag the user typed, not the field's internal name.
        let field = flag_for_field(&i.field).unwrap_or(&i.field);
        out.push_str(&format!(
            "{severity}: {field}: {} [{}]\n  fix: {}\n",
            i.message, i.code, i.fix
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(field: &str, severity: Severity) -> Issue {
        Issue {
            field: field.into(),
            code: "x.y".into(),
            severity,
            message: "What is wrong.".into(),
            fix: "How to fix it.".into(),
        }
    }

    #[test]
    fn issues_name_the_flag_the_code_and_the_fix() {
        let text = render_issues(&[
            issue("publicUrl", Severity::Error),
            issue("extras.botJwt", Severity::Warning),
        ]);
        assert_eq!(
            text,
            "error: --url: What is wrong. [x.y]\n  fix: How to fix it.\n\
             warning: --bot-jwt-env: What is wrong. [x.y]\n  fix: How to fix it.\n"
        );
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let r = |v: Vec<Issue>| Report { issues: v };
        assert_eq!(summary(&r(vec![])), "No problems found.");
        assert_eq!(
            summary(&r(vec![issue("a", Severity::Warning)])),
            "Valid, with 1 warning."
        );
        assert_eq!(
            summary(&r(vec![
                issue("a", Severity::Error),
                issue("b", Severity::Error),
                issue("c", Severity::Warning)
            ])),
            "Not valid: 2 errors, 1 warning."
        );
    }
}
