//! The window's troubleshooting, as one value the app keeps between
//! commands: the file opened, what the administrator pasted, what the probes
//! found, the corrected file and the report. Each view the page receives is
//! made here; the page never sees the corrected file's secrets (a line that
//! holds one shows as `[redacted]`, and the report leaves them out).

use super::fix::{plan, plan_for, Edit, FixError, Plan};
use super::open::{open, OpenError, Opened};
use super::outcome::{ProbeResult, SymptomResult};
use super::probe::Examined;
use super::redact::{self, Redactor};
use super::report::{Carried, DoctorReport};
use super::symptom::{self, Confirm};
use super::{finding, Detected, Finding, ImportOptions};
use crate::checks::CheckResult;
use crate::model::RawSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// What the page shows of a troubleshooting session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Troubleshoot {
    /// The file as the user named it (`pasted text` for a paste).
    pub file: String,
    pub detected: Detected,
    /// The import's, the lint's and the probes' findings, errors first.
    pub findings: Vec<Finding>,
    /// The connectors of a file that holds several.
    pub choices: Vec<String>,
    /// None of `choices` is chosen yet (or the one asked for is not there).
    pub undecided: bool,
    /// The settings the file carries (no secret), to fill the wizard's steps.
    pub settings: Carried,
    /// The version as the file's settings name it (a catalog id; empty: the default).
    pub version: String,
    /// The secrets the file holds, by field (`clientSecret`,
    /// `extras.<key>`), exposed on purpose for the wizard's password fields
    /// only (as a loaded profile's are).
    pub secrets: BTreeMap<String, String>,
    /// What the pasted error messages mean.
    pub symptoms: Vec<SymptomResult>,
    /// What confirms them (the checks and probes to run).
    pub confirm: Confirm,
    /// What the probes of the running system found; empty until they ran.
    pub probes: Vec<ProbeResult>,
}

/// The secrets of `s` by field, for the wizard's password fields.
fn secrets(s: &RawSettings) -> BTreeMap<String, String> {
    s.secrets_by_field()
        .map(|(k, v)| (k, v.expose().to_owned()))
        .collect()
}

/// The corrected file as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Corrected {
    /// The name offered when saving (`values.fixed.yaml`).
    pub file_name: String,
    /// The corrected text, each line holding a secret shown as `[redacted]`.
    pub preview: String,
    /// The unified diff against the original, redacted the same way.
    pub diff: String,
    pub edits: Vec<Edit>,
    /// Findings the corrected file no longer has.
    pub resolved: Vec<Finding>,
    /// Findings left to the administrator.
    pub left: Vec<Finding>,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Markdown,
    Json,
}

impl ReportFormat {
    /// The file name offered when saving.
    pub fn file_name(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "auth0-wizard-doctor-report.md",
            ReportFormat::Json => "auth0-wizard-doctor-report.json",
        }
    }
}

/// One troubleshooting session.
#[derive(Debug, Clone)]
pub struct Session {
    opened: Opened,
    symptoms: Vec<SymptomResult>,
    confirm: Confirm,
    probes: Vec<ProbeResult>,
    probe_findings: Vec<Finding>,
    /// Where the corrected file was saved.
    saved_fix: Option<String>,
}

impl Session {
    /// Open `bytes` (the file `name`), taking `connector` from a file with several.
    pub fn open(name: &str, bytes: &[u8], connector: Option<String>) -> Result<Self, OpenError> {
        super::open::check_size(name, bytes.len())?;
        let opts = ImportOptions {
            connector: connector.filter(|c| !c.trim().is_empty()),
            ..ImportOptions::default()
        };
        Ok(Session {
            opened: open(name, bytes, &opts)?,
            symptoms: Vec::new(),
            confirm: Confirm::default(),
            probes: Vec::new(),
            probe_findings: Vec::new(),
            saved_fix: None,
        })
    }

    /// The same file with `connector` taken (what was pasted is kept; the
    /// probes ran on the other connector's values, so they are not).
    pub fn choose(&self, connector: &str) -> Result<Self, OpenError> {
        let mut s = Session::open(
            &self.opened.name,
            self.opened.src.text.as_bytes(),
            Some(connector.to_owned()),
        )?;
        s.symptoms = self.symptoms.clone();
        s.confirm = self.confirm.clone();
        Ok(s)
    }

    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// Every finding so far (the file's and the probes'), errors first.
    pub fn findings(&self) -> Vec<Finding> {
        let mut all = self.opened.findings.clone();
        all.extend(self.probe_findings.iter().cloned());
        finding::sort(&mut all);
        all
    }

    pub fn view(&self) -> Troubleshoot {
        let i = &self.opened.imported;
        Troubleshoot {
            file: self.opened.name.clone(),
            detected: i.detected.clone(),
            findings: self.findings(),
            choices: i.choices.clone(),
            undecided: self.opened.undecided,
            settings: Carried::of(i),
            version: i.settings.version.clone(),
            secrets: secrets(&i.settings),
            symptoms: self.symptoms.clone(),
            confirm: self.confirm.clone(),
            probes: self.probes.clone(),
        }
    }

    /// Read a pasted error message (an empty one clears them).
    pub fn symptom(&mut self, text: &str) {
        (self.symptoms, self.confirm) = if text.trim().is_empty() {
            Default::default()
        } else {
            symptom::for_import(text, &self.opened.imported)
        };
    }

    /// What the probes found replaces what they found before.
    pub fn probed(&mut self, examined: Examined) {
        self.probes = examined.results;
        self.probe_findings = examined.findings;
    }

    /// The corrected file: for `settings` (the values the wizard now holds
    /// for this file) when given, else as the file's findings decide.
    pub fn plan(&self, settings: Option<&RawSettings>) -> Result<Plan, FixError> {
        let o = &self.opened;
        match settings {
            Some(s) => plan_for(&o.src, &o.imported, &o.findings, &o.name, s),
            None => plan(&o.src, &o.imported, &o.findings, &o.name),
        }
    }

    /// The corrected file as the page shows it (see [`Session::plan`]).
    pub fn corrected(&self, settings: Option<&RawSettings>) -> Result<Corrected, FixError> {
        let p = self.plan(settings)?;
        let r = self.redactor(settings);
        let name = self.fixed_name();
        Ok(Corrected {
            preview: r.lines(&p.text),
            diff: redact::diff(&r, &self.opened.src.text, &p.text, &self.opened.name, &name),
            file_name: name,
            edits: p.edits,
            resolved: p.resolved,
            left: p.left,
        })
    }

    /// The corrected file was saved at `path`.
    pub fn saved_fix(&mut self, path: &str) {
        self.saved_fix = Some(path.to_owned());
    }

    /// The name offered for the corrected file: `values.yaml` → `values.fixed.yaml`.
    pub fn fixed_name(&self) -> String {
        let base = std::path::Path::new(&self.opened.name)
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| n.contains('.') && !n.starts_with('.'))
            .map(str::to_owned)
            .unwrap_or_else(|| match self.opened.src.kind {
                super::import::SourceKind::Env => "config.env".to_owned(),
                super::import::SourceKind::Yaml => "config.yaml".to_owned(),
            });
        match base.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.fixed.{ext}"),
            None => format!("{base}.fixed"),
        }
    }

    /// Keeps out the file's secrets and those of `settings` (what the
    /// administrator typed in the wizard since).
    fn redactor(&self, settings: Option<&RawSettings>) -> Redactor {
        let mut r = Redactor::of(&self.opened.imported.settings);
        if let Some(s) = settings {
            r.add_settings(s);
        }
        r
    }

    /// The report: the file, every finding, the pasted errors, the probes,
    /// `checks` (the Test step's), the corrected file; no secret of the file
    /// or of `settings`.
    pub fn report(&self, checks: Vec<CheckResult>, settings: Option<&RawSettings>) -> DoctorReport {
        let o = &self.opened;
        let r = self.redactor(settings);
        let mut report = DoctorReport::new(&o.name, &o.imported, self.findings());
        report.symptoms = self.symptoms.clone();
        report.probes = self.probes.clone();
        report.checks = checks;
        if let Ok(p) = self.plan(settings) {
            report.with_fix(&o.src.text, &p, self.saved_fix.as_deref(), &r);
        }
        report
    }

    /// The report as text in `format`.
    pub fn report_text(
        &self,
        format: ReportFormat,
        checks: Vec<CheckResult>,
        settings: Option<&RawSettings>,
    ) -> String {
        let report = self.report(checks, settings);
        let r = self.redactor(settings);
        match format {
            ReportFormat::Markdown => report.to_markdown(&r),
            ReportFormat::Json => report.to_json(&r),
        }
    }
}
