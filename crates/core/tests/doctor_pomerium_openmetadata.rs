//! Troubleshooting Pomerium and OpenMetadata files (issue 9, sections 1, 2
//! and 7): each fixture under tests/doctor/ is detected as the right target,
//! format and version, and gives exactly the findings listed (code, key
//! path, line); the seed guides' examples are among them, verbatim. Every
//! spot of every import (fixtures and exports) holds exactly the value the
//! settings carry, and every export imports back to its settings.

#[path = "export_fixtures/mod.rs"]
mod export_fixtures;
#[path = "doctor_pom_om/robust.rs"]
mod robust;
#[path = "doctor_pom_om/roundtrip.rs"]
mod roundtrip;
#[path = "doctor_pom_om/spots.rs"]
mod spots;

use auth0_wizard_core::doctor::{claims, lint, Claim, Finding, ImportOptions, Source};
use auth0_wizard_core::TargetId;
use std::path::Path;

/// One fixture and what the doctor must say about it.
struct Case {
    file: &'static str,
    /// `--version` given by the caller.
    given: Option<&'static str>,
    target: TargetId,
    format: &'static str,
    /// The version the import settles on (given or detected).
    version: Option<&'static str>,
    /// Every finding, import's and lint's: (code, path, line).
    findings: &'static [(&'static str, &'static str, Option<usize>)],
}

pub fn read_fixture(file: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/doctor")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Source::read(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

pub fn import(src: &Source, given: Option<&str>) -> Claim {
    let opts = ImportOptions {
        version: given.map(str::to_owned),
        ..ImportOptions::default()
    };
    claims(src, &opts)
        .into_iter()
        .next()
        .expect("some target claims the file")
}

/// The import's findings and the lint's, as (code, path, line).
fn findings(src: &Source, c: &Claim) -> Vec<(String, String, Option<usize>)> {
    let mut all: Vec<Finding> = c.imported.findings.clone();
    all.extend(lint(c.imported.detected.target, src, &c.imported));
    all.into_iter()
        .map(|f| (f.code, f.location.path, f.location.line))
        .collect()
}

pub const FIXTURES: &[&str] = &[
    "pomerium/seed-config.yaml",
    "pomerium/seed-env.env",
    "pomerium/full-config.yaml",
    "pomerium/removed-0.20.yaml",
    "pomerium/callback-path-0.31.env",
    "pomerium/bad-values.yaml",
    "pomerium/no-provider.env",
    "pomerium/old-options.yaml",
    "openmetadata/seed-ingestion.yaml",
    "openmetadata/openmetadata.yaml",
    "openmetadata/server-bad.yaml",
    "openmetadata/server.env",
    "openmetadata/helm-values.yaml",
    "openmetadata/security-config.yaml",
    "openmetadata/ingestion-legacy-1.3.yaml",
    "openmetadata/ingestion-keys-1.7.yaml",
    "openmetadata/confidential-gaps.yaml",
];

include!("doctor_pom_om/cases.rs");

#[test]
fn every_fixture_is_in_the_table() {
    for f in FIXTURES {
        assert!(CASES.iter().any(|c| c.file == *f), "{f} has no case");
    }
    assert_eq!(CASES.len(), FIXTURES.len());
}

#[test]
fn each_fixture_gives_exactly_its_findings() {
    let mut failures = Vec::new();
    for case in CASES {
        let src = read_fixture(case.file);
        let c = import(&src, case.given);
        let d = &c.imported.detected;
        let got = findings(&src, &c);
        let want: Vec<(String, String, Option<usize>)> = case
            .findings
            .iter()
            .map(|(c, p, l)| (c.to_string(), p.to_string(), *l))
            .collect();
        let (mut g, mut w) = (got.clone(), want.clone());
        g.sort();
        w.sort();
        let detected = (d.target, d.format.as_str(), d.version.as_deref());
        if g != w || detected != (case.target, case.format, case.version) {
            failures.push(format!(
                "{}: detected {detected:?} ({}), want {:?}\n  got findings:\n{}",
                case.file,
                d.why,
                (case.target, case.format, case.version),
                got.iter()
                    .map(|f| format!("    {f:?},"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_seeds_misspelled_service_account_is_named_with_its_removal() {
    let src = read_fixture("pomerium/seed-config.yaml");
    let c = import(&src, None);
    let f = lint(TargetId::Pomerium, &src, &c.imported);
    let typo = f
        .iter()
        .find(|f| f.code == "pomerium.key.unknown")
        .expect("the typo is found");
    assert!(
        typo.message
            .contains("did you mean `idp_service_account`, which Pomerium removed in 0.20"),
        "{}",
        typo.message
    );
}

#[test]
fn detection_says_how_it_decided_with_the_version_range() {
    let why = |file: &str| import(&read_fixture(file), None).imported.detected.why;
    assert!(why("pomerium/removed-0.20.yaml")
        .contains("idp_service_account is gone in 0.20: 0.19 or earlier"));
    assert!(why("pomerium/full-config.yaml")
        .contains("authenticate_callback_path is gone in 0.31: 0.30 or earlier"));
    assert!(why("openmetadata/seed-ingestion.yaml").contains("1.2 or earlier"));
    assert!(why("openmetadata/ingestion-keys-1.7.yaml").contains("1.3 or later"));
}
