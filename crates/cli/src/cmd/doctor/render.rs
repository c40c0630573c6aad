//! What `doctor` prints: with `--json` one document, `{detected, findings,
//! symptoms, probes, checks, fix}`; else, for a person, what was detected and
//! why, the findings (errors first) with their place and fix, the symptoms,
//! probes and checks, the diff or the file written, and where the report went.

use crate::cmd::check::render as render_check;
use auth0_wizard_core::checks::CheckResult;
use auth0_wizard_core::doctor::fix::Plan;
use auth0_wizard_core::doctor::report::DoctorReport;
use auth0_wizard_core::doctor::{tally, Detected, Finding, Level, ProbeResult, SymptomResult};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// `doctor --json`.
#[derive(Serialize)]
pub struct Document<'a> {
    detected: &'a Detected,
    findings: &'a [Finding],
    symptoms: &'a [SymptomResult],
    probes: &'a [ProbeResult],
    checks: &'a [CheckResult],
    fix: Option<FixDoc<'a>>,
}

#[derive(Serialize)]
struct FixDoc<'a> {
    path: Option<&'a str>,
    diff: &'a str,
}

impl<'a> Document<'a> {
    pub fn of(r: &'a DoctorReport) -> Self {
        Document {
            detected: &r.detected,
            findings: &r.findings,
            symptoms: &r.symptoms,
            probes: &r.probes,
            checks: &r.checks,
            fix: r.fix.as_ref().map(|f| FixDoc {
                path: f.path.as_deref(),
                diff: &f.diff,
            }),
        }
    }
}

/// The human output.
pub fn human(r: &DoctorReport, plan: Option<&Plan>, report: Option<&Path>) -> String {
    let mut out = String::new();
    let d = &r.detected;
    let version = d
        .version
        .as_deref()
        .map(|v| format!(", version {v}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Detected: {} ({}){version}, {}",
        d.target.info().name,
        d.target,
        d.format
    );
    let _ = writeln!(out, "  why: {}", d.why);
    findings(&r.findings, &mut out);
    for s in &r.symptoms {
        let known = if s.known { "known" } else { "not known" };
        let _ = writeln!(
            out,
            "\nSymptom ({known}): {}\n  meaning: {}\n  fix: {}",
            s.text, s.meaning, s.fix
        );
    }
    for p in &r.probes {
        let _ = writeln!(
            out,
            "\nProbe {} {} {}: {}",
            p.status.as_str().to_uppercase(),
            p.system,
            p.url,
            p.detail
        );
    }
    if !r.checks.is_empty() {
        let _ = writeln!(out, "\nChecks:");
        for c in &r.checks {
            out.push_str(&render_check(c));
        }
    }
    if let (Some(f), Some(p)) = (&r.fix, plan) {
        fix(f, p, &mut out);
    }
    if let Some(path) = report {
        let _ = writeln!(out, "\nReport written to {}.", path.display());
    }
    out
}

fn findings(all: &[Finding], out: &mut String) {
    let _ = writeln!(out, "\n{}", tally(all));
    for f in all {
        let _ = writeln!(
            out,
            "{}: {}: {} [{}]\n  fix: {}",
            f.severity.word(),
            f.location.describe(str::to_owned),
            f.message,
            f.code,
            f.fix
        );
    }
}

fn fix(f: &auth0_wizard_core::doctor::report::FixSummary, p: &Plan, out: &mut String) {
    let path = f.path.as_deref().unwrap_or("");
    match p.edits.len() {
        0 => {
            let _ = writeln!(out, "\nNothing to correct: wrote {path} unchanged.");
        }
        n => {
            let _ = writeln!(
                out,
                "\nCorrected {n} value{}; wrote {path} (the original is unchanged):",
                if n == 1 { "" } else { "s" }
            );
            out.push_str(&f.diff);
        }
    }
    if !p.resolved.is_empty() {
        let codes: Vec<&str> = p.resolved.iter().map(|x| x.code.as_str()).collect();
        let _ = writeln!(out, "Resolved: {}", codes.join(", "));
    }
    let left = p.left.iter().filter(|x| x.severity != Level::Info).count();
    if left > 0 {
        let _ = writeln!(
            out,
            "Left to you: {left} finding{} (above).",
            if left == 1 { "" } else { "s" }
        );
    }
}
