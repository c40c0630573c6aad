//! The troubleshooting session the window keeps (issue 9, section 6): a file
//! opened from bytes (bounded, errors naming the file), its findings, the
//! connector choice, a pasted error, the corrected file as the page sees it
//! (no secret), saving it (the original kept), and the report (no secret).

use auth0_wizard_core::doctor::open::{read_file, MAX_FILE_BYTES};
use auth0_wizard_core::doctor::session::{ReportFormat, Session};
use auth0_wizard_core::doctor::{fix, Level, OpenError};
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/doctor")
        .join(rel)
}

const SECRET: &str = "GoldenClientSecret-0123456789";

fn c2() -> Session {
    let path = fixture("pachyderm/c2-issuer-no-slash.yaml");
    Session::open("values.yaml", &read_file(&path).unwrap(), None).unwrap()
}

#[test]
fn a_broken_values_file_shows_its_findings_and_settings() {
    let v = c2().view();
    assert_eq!(v.file, "values.yaml");
    assert_eq!(v.detected.target.to_string(), "pachyderm");
    assert!(!v.detected.why.is_empty());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "pachyderm.issuer.no_trailing_slash")
        .expect("the issuer finding");
    assert_eq!(f.severity, Level::Error);
    assert_eq!(f.location.path, "oidc.upstreamIDPs[0].config.issuer");
    assert_eq!(f.location.line, Some(8));
    // Errors first.
    let first_non_error = v.findings.iter().position(|f| f.severity != Level::Error);
    if let Some(i) = first_non_error {
        assert!(v.findings[i..].iter().all(|f| f.severity != Level::Error));
    }
    assert_eq!(v.settings.domain, "dev-abc123.us.auth0.com");
    assert_eq!(v.settings.client_id, "Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0");
    assert_eq!(v.settings.public_url, "https://pach.example.com");
    assert!(!v.undecided && v.choices.is_empty());
    // The secret only in its own field (for the wizard's password field).
    assert_eq!(v.settings.secrets, ["clientSecret"]);
    assert_eq!(
        v.secrets.get("clientSecret").map(String::as_str),
        Some(SECRET)
    );
}

#[test]
fn the_corrected_file_is_shown_without_its_secret_and_saved_beside_the_original() {
    let s = c2();
    let c = s.corrected(None).unwrap();
    assert_eq!(c.file_name, "values.fixed.yaml");
    assert!(c
        .diff
        .contains("-      issuer: https://dev-abc123.us.auth0.com\n"));
    assert!(c
        .diff
        .contains("+      issuer: https://dev-abc123.us.auth0.com/\n"));
    assert!(c.preview.contains("# Reference C2"), "comments stay");
    assert!(!c.preview.contains(SECRET) && !c.diff.contains(SECRET));
    assert!(c.preview.contains("[redacted]"));
    assert!(c
        .resolved
        .iter()
        .any(|f| f.code == "pachyderm.issuer.no_trailing_slash"));

    // Saving writes the real text (with the secret the file had), 0600; a
    // file already there is kept as .orig.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("values.fixed.yaml");
    std::fs::write(&out, "old\n").unwrap();
    let plan = s.plan(None).unwrap();
    let kept = fix::save(&out, &plan.text).unwrap();
    assert_eq!(
        kept.as_deref(),
        Some(dir.path().join("values.fixed.yaml.orig").as_path())
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("values.fixed.yaml.orig")).unwrap(),
        "old\n"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(SECRET) && written.contains("auth0.com/\n"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn the_report_holds_no_secret_of_the_file_or_of_the_wizard() {
    let mut s = c2();
    s.saved_fix("/tmp/values.fixed.yaml");
    s.symptom("issuer did not match the issuer returned by provider");
    let mut typed = s.opened().imported.settings.clone();
    typed.client_secret = Some("Typed-In-The-Wizard-987654".into());
    for format in [ReportFormat::Markdown, ReportFormat::Json] {
        let text = s.report_text(format, Vec::new(), Some(&typed));
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("Typed-In-The-Wizard"), "{text}");
        assert!(
            text.contains("pachyderm.issuer.no_trailing_slash"),
            "{text}"
        );
        assert!(text.contains("/tmp/values.fixed.yaml"), "{text}");
    }
    let md = s.report_text(ReportFormat::Markdown, Vec::new(), None);
    assert!(md.starts_with("# auth0-wizard doctor report"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&s.report_text(ReportFormat::Json, Vec::new(), None)).unwrap();
    assert_eq!(json["symptoms"][0]["known"], true);
}

#[test]
fn a_pasted_error_is_explained_and_an_unknown_one_says_so() {
    let mut s = c2();
    s.symptom("Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.");
    let v = s.view();
    assert!(v.symptoms[0].known, "{:?}", v.symptoms);
    assert!(!v.symptoms[0].fix.is_empty());
    s.symptom("the flux capacitor is out of flux");
    let v = s.view();
    assert!(!v.symptoms[0].known);
    assert!(v.confirm.all);
    s.symptom("  ");
    assert!(s.view().symptoms.is_empty());
}

#[test]
fn several_connectors_ask_which_then_take_the_one_chosen() {
    let bytes = read_file(&fixture("pachyderm/several-auth0.yaml")).unwrap();
    let s = Session::open("values.yaml", &bytes, None).unwrap();
    let v = s.view();
    assert!(v.undecided, "{v:?}");
    assert!(
        v.choices.iter().any(|c| c == "auth0-staging"),
        "{:?}",
        v.choices
    );
    let chosen = s.choose("auth0-staging").unwrap().view();
    assert!(!chosen.undecided);
    assert_eq!(chosen.settings.connector_id, "auth0-staging");
}

#[test]
fn what_cannot_be_opened_says_so_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let e = read_file(&missing).unwrap_err();
    assert_eq!(e.code(), "file_unreadable");
    assert!(
        e.to_string().starts_with(&missing.display().to_string()),
        "{e}"
    );
    let e = read_file(dir.path()).unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");

    let big = dir.path().join("big.yaml");
    std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
    let e = read_file(&big).unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");
    let e = Session::open(
        "pasted text",
        &vec![b'#'; MAX_FILE_BYTES as usize + 1],
        None,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("pasted text: "), "{e}");

    let e = Session::open("bad.json", b"{\"a\": [1, 2", None).unwrap_err();
    assert!(matches!(e, OpenError::NotAFile { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with("bad.json: cannot be parsed"),
        "{e}"
    );
    assert!(e.to_string().contains("line"), "{e}");
    let e = Session::open("other.yaml", b"server:\n  port: 8080\n", None).unwrap_err();
    assert_eq!(e.code(), "file_not_claimed", "{e}");
}

#[test]
fn the_corrected_file_carries_what_was_put_right_in_the_wizard() {
    let path = fixture("pachyderm/redirect-host-mismatch.yaml");
    let s = Session::open("values.yaml", &read_file(&path).unwrap(), None).unwrap();
    let v = s.view();
    assert!(v
        .findings
        .iter()
        .any(|f| f.code == "pachyderm.redirect.issuer_mismatch"));
    // As read, the redirect URI is the file's: the fixer does not guess.
    let as_read = s.corrected(None).unwrap();
    assert!(as_read
        .left
        .iter()
        .any(|f| f.code == "pachyderm.redirect.issuer_mismatch"));
    // The administrator put the public URL right in the wizard.
    let mut wizard = s.opened().imported.settings.clone();
    wizard.public_url = "https://pach.example.com".into();
    let c = s.corrected(Some(&wizard)).unwrap();
    assert!(
        c.diff
            .contains("+      redirectURI: https://pach.example.com/dex/callback\n"),
        "{}",
        c.diff
    );
    assert!(c
        .preview
        .contains("# The redirect URI's host is not the proxy's"));
    assert!(c
        .resolved
        .iter()
        .any(|f| f.code == "pachyderm.redirect.issuer_mismatch"));
    // Another target's settings do not rewrite this file.
    wizard.target = "pomerium".into();
    assert_eq!(s.corrected(Some(&wizard)).unwrap().diff, as_read.diff);
}
