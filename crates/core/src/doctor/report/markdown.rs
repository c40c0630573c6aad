//! The report as Markdown, for a ticket or a chat: sections in the order an
//! administrator reads them, values in code spans, the diff in a fence.

use super::DoctorReport;
use crate::checks::{CheckResult, CheckStatus, Evidence};
use crate::doctor::outcome::ProbeResult;
use crate::doctor::{tally, Finding};
use std::fmt::Write as _;

pub(super) fn render(r: &DoctorReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# auth0-wizard doctor report\n");
    detected(r, &mut out);
    carried(r, &mut out);
    findings("Findings", &r.findings, &mut out);
    symptoms(r, &mut out);
    probes(&r.probes, &mut out);
    checks(&r.checks, &mut out);
    fix(r, &mut out);
    out
}

/// `text` as a code span that no backtick in it can end.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Text on one line (a message may hold line breaks).
fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn detected(r: &DoctorReport, out: &mut String) {
    let d = &r.detected;
    let _ = writeln!(out, "- File: {}", code(&r.file));
    let _ = writeln!(out, "- Target: {}", code(d.target.as_str()));
    let _ = writeln!(
        out,
        "- Version: {}",
        d.version.as_deref().map_or("not told".to_owned(), code)
    );
    let _ = writeln!(out, "- Format: {}", code(&d.format));
    let _ = writeln!(out, "- How it was detected: {}", line(&d.why));
    if !r.choices.is_empty() {
        let ids: Vec<String> = r.choices.iter().map(|c| code(c)).collect();
        let _ = writeln!(out, "- Connectors to choose from: {}", ids.join(", "));
    }
    out.push('\n');
}

fn carried(r: &DoctorReport, out: &mut String) {
    let c = &r.imported;
    let _ = writeln!(out, "## Settings read from the file\n");
    let rows = [
        ("Domain", &c.domain),
        ("Issuer", &c.issuer),
        ("Client ID", &c.client_id),
        ("Public URL", &c.public_url),
        ("Connector ID", &c.connector_id),
        ("Connector name", &c.connector_name),
        ("Groups claim", &c.groups_claim),
    ];
    for (name, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "- {name}: {}", code(value));
    }
    for (k, v) in &c.extras {
        let _ = writeln!(out, "- {k}: {}", code(v));
    }
    let secrets = match c.secrets.len() {
        0 => "none in the file".to_owned(),
        _ => format!("{} (present; values not shown)", c.secrets.join(", ")),
    };
    let _ = writeln!(out, "- Secrets: {secrets}\n");
}

fn findings(title: &str, all: &[Finding], out: &mut String) {
    let _ = writeln!(out, "## {title} ({})\n", tally(all));
    if all.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    for f in all {
        let _ = writeln!(
            out,
            "- **{}** {} at {}: {}",
            f.severity.word(),
            code(&f.code),
            f.location.describe(code),
            line(&f.message)
        );
        let _ = writeln!(out, "  - Fix: {}", line(&f.fix));
    }
    out.push('\n');
}

fn symptoms(r: &DoctorReport, out: &mut String) {
    if r.symptoms.is_empty() {
        return;
    }
    let _ = writeln!(out, "## The error seen\n");
    for s in &r.symptoms {
        let known = if s.known {
            "known"
        } else {
            "not known to the wizard"
        };
        let _ = writeln!(
            out,
            "- {} ({known}): {}",
            code(&line(&s.text)),
            line(&s.meaning)
        );
        if !s.fix.is_empty() {
            let _ = writeln!(out, "  - Fix: {}", line(&s.fix));
        }
    }
    out.push('\n');
}

fn probes(all: &[ProbeResult], out: &mut String) {
    let _ = writeln!(out, "## Probes of the running system\n");
    if all.is_empty() {
        let _ = writeln!(out, "None run.\n");
        return;
    }
    for p in all {
        let _ = writeln!(
            out,
            "- **{}** {} {}: {}",
            p.status.as_str(),
            p.system,
            code(&p.url),
            line(&p.detail)
        );
        evidence(&p.evidence, out);
    }
    out.push('\n');
}

fn checks(all: &[CheckResult], out: &mut String) {
    let _ = writeln!(out, "## Checks against Auth0\n");
    if all.is_empty() {
        let _ = writeln!(out, "None run.\n");
        return;
    }
    for c in all {
        let status = match c.status {
            CheckStatus::Pass => "pass",
            CheckStatus::Skipped => "skipped",
            CheckStatus::Warn => "warning",
            CheckStatus::Fail => "fail",
        };
        let _ = writeln!(
            out,
            "- **{status}** {} {}: {}",
            code(c.id.as_str()),
            c.title,
            line(&c.detail)
        );
        if let Some(fix) = c.fix.as_deref().filter(|_| c.status >= CheckStatus::Warn) {
            let _ = writeln!(out, "  - Fix: {}", line(fix));
        }
        evidence(&c.evidence, out);
    }
    out.push('\n');
}

fn evidence(all: &[Evidence], out: &mut String) {
    for e in all {
        let answer = match (e.status, &e.error) {
            (Some(s), _) => format!("HTTP {s}"),
            (None, Some(err)) => line(err),
            (None, None) => "no answer".to_owned(),
        };
        let _ = writeln!(
            out,
            "  - {} {} → {answer} ({} ms)",
            e.method,
            code(&e.url),
            e.elapsed_ms
        );
    }
}

fn fix(r: &DoctorReport, out: &mut String) {
    let _ = writeln!(out, "## Corrected file\n");
    let Some(f) = &r.fix else {
        let _ = writeln!(out, "Not asked for.\n");
        return;
    };
    match &f.path {
        Some(p) => {
            let _ = writeln!(out, "Written to {} (the original is unchanged).\n", code(p));
        }
        None => {
            let _ = writeln!(out, "Shown, not written.\n");
        }
    }
    if f.edits.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to change: every value the wizard owns is already right.\n"
        );
    }
    for e in &f.edits {
        let _ = writeln!(
            out,
            "- {} (line {}): {} → {}",
            code(&e.path),
            e.line,
            code(&e.before),
            code(&e.after)
        );
    }
    if !f.edits.is_empty() {
        out.push('\n');
    }
    let codes: Vec<String> = f.resolved.iter().map(|x| code(&x.code)).collect();
    if !codes.is_empty() {
        let _ = writeln!(out, "Resolved: {}.\n", codes.join(", "));
    }
    findings("Left to the administrator", &f.left, out);
    if !f.diff.is_empty() {
        let longest = f.diff.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = writeln!(out, "{fence}diff\n{}{fence}\n", f.diff);
    }
}
