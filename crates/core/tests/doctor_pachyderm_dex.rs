//! Import and lint of Pachyderm 2.x, Pachyderm 1.x and Dex files (issue 9,
//! sections 1, 2 and 7): real files under tests/doctor/ (the seed guides'
//! examples verbatim among them), each with every finding it must give (code,
//! key path, line); where every value the wizard owns stands (the spot, through
//! `jsonConfig`, `stringData` and base64 layers); and every export of these
//! targets read back to the settings it carries.

#[path = "doctor_pachyderm_dex/cases.rs"]
mod cases;
mod export_fixtures;
#[path = "doctor_pachyderm_dex/robust.rs"]
mod robust;
#[path = "doctor_pachyderm_dex/roundtrip.rs"]
mod roundtrip;
#[path = "doctor_pachyderm_dex/support.rs"]
mod support;

use auth0_wizard_core::doctor::import::ReadError;
use auth0_wizard_core::doctor::tree::ParseError;
use auth0_wizard_core::doctor::{claims, ImportOptions, Source};
use auth0_wizard_core::TargetId;
use cases::CASES;
use support::{all_findings, check_spots, fixture, top};

const PACH: TargetId = TargetId::Pachyderm;
const P1X: TargetId = TargetId::Pachyderm1x;
const DEX: TargetId = TargetId::Dex;

#[test]
fn every_fixture_gives_exactly_its_findings_at_their_places() {
    let mut failures = Vec::new();
    for c in CASES {
        let opts = ImportOptions {
            connector: c.connector.map(str::to_owned),
            version: c.version.map(str::to_owned),
            ..ImportOptions::default()
        };
        let src = fixture(c.file);
        let claim = top(&src, &opts, c.file);
        let d = &claim.imported.detected;
        assert_eq!(
            (d.target, d.format.as_str()),
            (c.target, c.format),
            "{}: detected {d:?}",
            c.file
        );
        assert!(!d.why.is_empty(), "{}: no why", c.file);
        let mut got = all_findings(&src, &claim.imported);
        let mut want: Vec<_> = c
            .findings
            .iter()
            .map(|(l, code, path, line)| (*l, code.to_string(), path.to_string(), *line))
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "{} ({:?} {:?}):\n  got  {got:?}\n  want {want:?}",
                c.file, c.connector, c.version
            ));
        }
        check_spots(&src, &claim.imported, c.file);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The seed guide's Pachyderm 1.x example is not JSON (nor YAML): reading
/// it says where, never panics.
#[test]
fn the_seed_1x_example_is_refused_with_its_line_and_column() {
    let bytes = std::fs::read(support::path("pachyderm-1x/seed-set-config.json")).unwrap();
    match Source::read(&bytes) {
        Err(ReadError::Unparsable {
            yaml: ParseError::Syntax { line, col, problem },
            ..
        }) => {
            assert_eq!((line, col), (4, 13), "{problem}");
            assert!(!problem.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn detection_tells_pachyderm_from_dex_and_says_why() {
    let entry = |text: &str| {
        let src = Source::read(text.as_bytes()).unwrap();
        let cs = claims(&src, &ImportOptions::default());
        cs.iter()
            .map(|c| {
                (
                    c.imported.detected.target,
                    c.imported.detected.format.clone(),
                    c.score,
                )
            })
            .collect::<Vec<_>>()
    };
    let base = "type: oidc\nid: auth0\nname: Auth0\nconfig:\n  issuer: https://t.auth0.com/\n  clientID: c\n  clientSecret: s\n";
    // version: only pachctl idp files.
    assert_eq!(
        entry(&format!("version: 0\n{base}")),
        [(PACH, "dex-yaml".into(), 92)]
    );
    // jsonConfig: only pachd's entries.
    let json = "type: oidc\nid: auth0\njsonConfig: '{\"issuer\": \"https://t.auth0.com/\"}'\n";
    assert_eq!(entry(json), [(PACH, "upstream-idps".into(), 85)]);
    // connectors: a Dex config or the wizard's fragment.
    let dex = format!("connectors:\n- {}", base.replace('\n', "\n  ").trim_end());
    assert_eq!(entry(&dex), [(DEX, "connector-yaml".into(), 90)]);
    // A bare entry: both, pachctl first; Dex first when the secret is $VAR.
    assert_eq!(
        entry(base),
        [
            (PACH, "dex-yaml".into(), 60),
            (DEX, "connector-entry".into(), 40)
        ]
    );
    let env = base.replace("clientSecret: s", "clientSecret: $AUTH0_CLIENT_SECRET");
    assert_eq!(
        entry(&env),
        [
            (DEX, "connector-entry".into(), 65),
            (PACH, "dex-yaml".into(), 60)
        ]
    );
    // JSON is dex-json.
    let j = r#"{"type": "oidc", "id": "auth0", "version": 0, "config": {"issuer": "https://t.auth0.com/"}}"#;
    assert_eq!(entry(j), [(PACH, "dex-json".into(), 92)]);
    // A 1.x config is not a 2.x one.
    assert_eq!(
        entry("live_config_version: 1\nid_providers: []\n")[0].0,
        P1X
    );
}

#[test]
fn a_file_with_several_auth0_connectors_asks_and_takes_the_one_chosen() {
    let src = fixture("pachyderm/several-auth0.yaml");
    let asked = top(&src, &ImportOptions::default(), "several");
    assert_eq!(asked.imported.choices, ["auth0-staging", "auth0"]);
    assert!(asked.imported.spots.is_empty());
    let opts = ImportOptions {
        connector: Some("auth0-staging".into()),
        ..ImportOptions::default()
    };
    let chosen = top(&src, &opts, "several");
    assert!(chosen.imported.choices.is_empty());
    assert_eq!(
        chosen.imported.settings.domain,
        "staging-abc123.us.auth0.com"
    );
    assert_eq!(
        chosen.imported.settings.client_id,
        "StagingClientId0123456789abcdefGH"
    );
    // Dex: the Auth0 connector among GitHub and Google ones.
    let dex = top(
        &fixture("dex/config-several.yaml"),
        &ImportOptions::default(),
        "dex",
    );
    assert_eq!(dex.imported.settings.connector_id, "auth0");
    assert_eq!(
        dex.imported.settings.public_url,
        "https://dex.example.com/dex"
    );
    assert!(dex.imported.settings.client_secret.is_none());
}

#[test]
fn the_format_and_target_given_override_detection() {
    let src = fixture("dex/entry.yaml");
    let as_pach = ImportOptions {
        target: Some(PACH),
        ..ImportOptions::default()
    };
    assert_eq!(top(&src, &as_pach, "entry").imported.detected.target, PACH);
    let as_format = ImportOptions {
        format: Some("dex-json".into()),
        ..ImportOptions::default()
    };
    let c = top(&src, &as_format, "entry");
    assert_eq!(
        (
            c.imported.detected.target,
            c.imported.detected.format.as_str()
        ),
        (PACH, "dex-json")
    );
    let wrong = ImportOptions {
        format: Some("helm-values".into()),
        ..ImportOptions::default()
    };
    assert!(claims(&src, &wrong).is_empty());
}
