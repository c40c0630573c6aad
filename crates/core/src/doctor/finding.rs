//! What the troubleshooter says about a file or a running system: each
//! finding with a stable code, a severity, its place, what is wrong (and
//! what it breaks) and the fix.

use super::tree::{KeyPath, Node};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    /// The word a report uses: error, warning, note.
    pub fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "note",
        }
    }
}

/// "2 errors, 1 warnings, 0 notes".
pub fn tally(all: &[Finding]) -> String {
    let count = |l: Level| all.iter().filter(|f| f.severity == l).count();
    format!(
        "{} errors, {} warnings, {} notes",
        count(Level::Error),
        count(Level::Warning),
        count(Level::Info)
    )
}

/// Where a finding is: the key path, and the line where the format has lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Location {
    /// `oidc.upstreamIDPs[0].config.issuer`; empty for the whole file.
    pub path: String,
    pub line: Option<usize>,
}

impl Location {
    pub fn whole_file() -> Self {
        Location {
            path: String::new(),
            line: None,
        }
    }

    /// Where, for people: `path (line 3)`, `line 3` or "the whole file", the
    /// path written by `shown` (as code in Markdown, as it is on a terminal).
    pub fn describe(&self, shown: impl Fn(&str) -> String) -> String {
        match (self.path.as_str(), self.line) {
            ("", None) => "the whole file".to_owned(),
            ("", Some(l)) => format!("line {l}"),
            (p, Some(l)) => format!("{} (line {l})", shown(p)),
            (p, None) => shown(p),
        }
    }

    /// At `node`, reached by `path`.
    pub fn at(path: &KeyPath, node: &Node) -> Self {
        Location {
            path: path.to_string(),
            line: Some(node.span.line),
        }
    }
}

/// (`DoctorFinding` in TypeScript: the checks have a `Finding` of their own.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "DoctorFinding")]
pub struct Finding {
    /// Stable, machine-readable: `pachyderm.issuer.no_trailing_slash`.
    pub code: String,
    pub severity: Level,
    pub location: Location,
    /// What is wrong and what it breaks.
    pub message: String,
    pub fix: String,
}

impl Finding {
    pub fn new(
        code: &str,
        severity: Level,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.to_owned(),
            severity,
            location,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// Findings as they are shown: errors first, then warnings, then info, each
/// group in file order.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.severity, f.location.line.unwrap_or(0)));
}

/// The closest of `known` to `key` when it is close enough to be a typo
/// (edit distance at most 2, or 3 for long keys), for "did you mean".
pub fn did_you_mean<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if key.len() > 12 { 3 } else { 2 };
    known
        .into_iter()
        .map(|k| {
            (
                distance(&key.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_the_typo_and_nothing_far_away() {
        let known = ["idp_service_account", "idp_provider", "idp_client_id"];
        assert_eq!(
            did_you_mean("idp_service_acount", known),
            Some("idp_service_account")
        );
        assert_eq!(
            did_you_mean("clientID", ["clientId", "issuer"]),
            Some("clientId")
        );
        assert_eq!(did_you_mean("routes", known), None);
    }

    #[test]
    fn errors_come_first_then_file_order() {
        let f = |sev, line| {
            Finding::new(
                "c",
                sev,
                Location {
                    path: String::new(),
                    line: Some(line),
                },
                "m",
                "f",
            )
        };
        let mut v = vec![
            f(Level::Info, 1),
            f(Level::Warning, 2),
            f(Level::Error, 9),
            f(Level::Error, 3),
        ];
        sort(&mut v);
        let order: Vec<(Level, usize)> = v
            .iter()
            .map(|x| (x.severity, x.location.line.unwrap()))
            .collect();
        assert_eq!(
            order,
            [
                (Level::Error, 3),
                (Level::Error, 9),
                (Level::Warning, 2),
                (Level::Info, 1)
            ]
        );
    }
}
