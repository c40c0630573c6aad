//! `auth0-wizard doctor` driven as a script would (issue 9 §5): the exit
//! codes, the `--json` document, `--fix -o` (new path, existing path,
//! standard input), several connectors, `--check` against the test IdP, and
//! reports without secrets.

use auth0_wizard_tests::TestIdp;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/doctor")
        .join(rel)
}

/// The inline client secret of the Pachyderm fixtures.
const SECRET: &str = "GoldenClientSecret-0123456789";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// `auth0-wizard doctor ARGS` with `stdin` on standard input (empty: none).
fn doctor(args: &[&str], stdin: &str) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    c.arg("doctor").args(args);
    c.env_remove("HTTPS_PROXY").env_remove("https_proxy");
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    // A command that refuses its flags exits without reading its input.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("stdin: {e}"),
        _ => {}
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn exit_0_without_error_findings_and_1_with_one() {
    let clean = doctor(&[path(&fixture("dex/config-several.yaml"))], "");
    assert_eq!(clean.code, Some(0), "{}{}", clean.stdout, clean.stderr);
    assert!(
        clean.stdout.contains("Detected: Dex (dex)"),
        "{}",
        clean.stdout
    );
    let broken = doctor(&[path(&fixture("pachyderm/c2-issuer-no-slash.yaml"))], "");
    assert_eq!(broken.code, Some(1), "{}", broken.stdout);
    for needle in [
        "error: oidc.upstreamIDPs[0].config.issuer (line 8)",
        "[pachyderm.issuer.no_trailing_slash]",
        "fix: Write issuer: https://dev-abc123.us.auth0.com/",
    ] {
        assert!(
            broken.stdout.contains(needle),
            "{needle}\n{}",
            broken.stdout
        );
    }
    // Errors first, then warnings and notes.
    let first_note = broken.stdout.find("note: ").unwrap();
    assert!(broken.stdout.find("error: ").unwrap() < first_note);
}

#[test]
fn usage_and_unreadable_files_exit_2() {
    let missing = doctor(&["/nonexistent/values.yaml"], "");
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("/nonexistent/values.yaml"),
        "{}",
        missing.stderr
    );
    let stdin_twice = doctor(&["-", "--secret-stdin"], "a: b\n");
    assert_eq!(stdin_twice.code, Some(2));
    assert!(
        stdin_twice.stderr.contains("--secret-stdin"),
        "{}",
        stdin_twice.stderr
    );
    let report = doctor(&[path(&fixture("dex/entry.yaml")), "--report", "r.txt"], "");
    assert_eq!(report.code, Some(2), "{}", report.stderr);
    let target = doctor(&[path(&fixture("dex/entry.yaml")), "--target", "nginx"], "");
    assert_eq!(target.code, Some(2), "{}", target.stderr);
    let unknown = doctor(&["-"], "just: a map\nof: nothing known\n");
    assert_eq!(unknown.code, Some(2), "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("no target reads this file"),
        "{}",
        unknown.stderr
    );
}

/// The Pachyderm 1.x guide's example is not JSON: the message names the
/// line and column and what the parser expected.
#[test]
fn a_file_that_does_not_parse_exits_2_with_line_and_column() {
    let r = doctor(&["-"], "{\n  \"a\": 1,\n  \"b\": [\n}\n");
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("line 4, column 1"), "{}", r.stderr);
    let j = doctor(&["--json", "-"], "a: [\n");
    assert_eq!(j.code, Some(2));
    let doc = j.json();
    assert_eq!(doc["code"], "unreadable_file");
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .contains("line 2, column 1"),
        "{doc}"
    );
}

#[test]
fn json_is_one_document_of_the_contract() {
    let file = fixture("pachyderm/c2-issuer-no-slash.yaml");
    let r = doctor(
        &[
            "--json",
            path(&file),
            "--probe",
            "--symptom",
            "Callback URL mismatch.",
        ],
        "",
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let doc = r.json();
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["checks", "detected", "findings", "fix", "probes", "symptoms"]
    );
    let d = &doc["detected"];
    assert_eq!(
        (d["target"].as_str(), d["format"].as_str()),
        (Some("pachyderm"), Some("helm-values"))
    );
    assert!(d["why"].as_str().unwrap().contains("oidc.upstreamIDPs"));
    assert!(d.get("version").is_some());
    let f = &doc["findings"][0];
    assert_eq!(f["code"], "pachyderm.issuer.no_trailing_slash");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["location"]["path"], "oidc.upstreamIDPs[0].config.issuer");
    assert_eq!(f["location"]["line"], 8);
    assert!(f["message"].is_string() && f["fix"].is_string());
    let s = &doc["symptoms"][0];
    assert_eq!(s["text"], "Callback URL mismatch.");
    assert_eq!(s["known"], true);
    // What it means for this file: the exact callback to allow.
    assert!(
        s["meaning"]
            .as_str()
            .unwrap()
            .contains("https://pach.example.com/dex/callback"),
        "{s}"
    );
    assert_eq!(
        s.as_object().unwrap().len(),
        4,
        "{{text, known, meaning, fix}}: {s}"
    );
    // The system is not reachable from here: a warning, never a failure.
    let probes = doc["probes"].as_array().unwrap();
    assert!(!probes.is_empty());
    for p in probes {
        assert_eq!(p["status"], "unreachable", "{p}");
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["detail", "evidence", "status", "system", "url"]);
    }
    assert_eq!(doc["checks"], serde_json::json!([]));
    assert!(doc["fix"].is_null());
}

#[test]
fn fix_writes_a_new_file_0600_changing_only_the_owned_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fixed.yaml");
    let file = fixture("pachyderm/c2-issuer-no-slash.yaml");
    let r = doctor(&["--json", path(&file), "--fix", "-o", path(&out)], "");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["fix"]["path"], path(&out));
    let diff = doc["fix"]["diff"].as_str().unwrap();
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-      issuer: https://dev-abc123.us.auth0.com",
            "+      issuer: https://dev-abc123.us.auth0.com/"
        ],
        "{diff}"
    );
    assert!(!r.stdout.contains(SECRET), "{}", r.stdout);
    let original = std::fs::read_to_string(&file).unwrap();
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, original.replace("auth0.com\n", "auth0.com/\n"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The corrected file is clean of that error.
    let again = doctor(&[path(&out)], "");
    assert!(
        !again.stdout.contains("no_trailing_slash"),
        "{}",
        again.stdout
    );
}

#[test]
fn fix_over_an_existing_file_needs_yes_and_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("values.yaml");
    let original = std::fs::read_to_string(fixture("pachyderm/c2-issuer-no-slash.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    // Standard input is a pipe, not a terminal: no question, a refusal.
    let refused = doctor(&[path(&file), "--fix", "-o", path(&file)], "y\n");
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    let done = doctor(&[path(&file), "--fix", "-o", path(&file), "--yes"], "");
    assert_eq!(done.code, Some(1), "{}", done.stderr);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("auth0.com/\n"));
    let kept = dir.path().join("values.yaml.orig");
    assert_eq!(std::fs::read_to_string(kept).unwrap(), original);
}

#[test]
fn several_connectors_are_listed_with_the_flag_to_choose() {
    let file = fixture("pachyderm/several-auth0.yaml");
    let r = doctor(&[path(&file)], "");
    assert_eq!(r.code, Some(2));
    for needle in ["auth0-staging", "auth0", "--connector ID"] {
        assert!(r.stderr.contains(needle), "{needle}\n{}", r.stderr);
    }
    let chosen = doctor(&["--json", path(&file), "--connector", "auth0-staging"], "");
    assert_ne!(chosen.code, Some(2), "{}", chosen.stdout);
    assert_eq!(chosen.json()["detected"]["target"], "pachyderm");
}

#[test]
fn reports_hold_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("pachyderm/c2-issuer-no-slash.yaml");
    assert!(std::fs::read_to_string(&file).unwrap().contains(SECRET));
    for name in ["report.md", "report.json"] {
        let report = dir.path().join(name);
        let out = dir.path().join(format!("fixed-{name}.yaml"));
        let r = doctor(
            &[
                path(&file),
                "--fix",
                "-o",
                path(&out),
                "--report",
                path(&report),
            ],
            "",
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(
            r.stdout
                .contains(&format!("Report written to {}", report.display())),
            "{}",
            r.stdout
        );
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(!text.contains(SECRET), "{text}");
        assert!(
            text.contains("pachyderm.issuer.no_trailing_slash"),
            "{text}"
        );
        assert!(
            text.contains("clientSecret"),
            "the report says the file holds a secret: {text}"
        );
        if name.ends_with(".json") {
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(doc["fix"]["edits"][0]["field"], "issuer");
        } else {
            assert!(text.starts_with("# auth0-wizard doctor report"), "{text}");
            assert!(text.contains("```diff"), "{text}");
        }
        assert!(!r.stdout.contains(SECRET));
    }
}

/// A Dex connector whose secret is an environment reference, checked live
/// with the secret from --secret-env.
#[tokio::test]
async fn check_runs_the_live_checks_on_the_values_read() {
    let idp = TestIdp::start().await.unwrap();
    let m2m = &idp.m2m_client;
    let entry = format!(
        "type: oidc\nid: auth0\nname: Auth0\nconfig:\n  issuer: {}\n  clientID: {}\n  clientSecret: $AUTH0_CLIENT_SECRET\n  redirectURI: https://dex.example.com/dex/callback\n",
        idp.issuer, m2m.id
    );
    let run = |secret: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
        c.args([
            "doctor",
            "--json",
            "-",
            "--check",
            "--secret-env",
            "T_SECRET",
            "--ca-file",
        ])
        .arg(&idp.ca_file)
        .env("T_SECRET", secret)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy");
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(entry.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = run(&m2m.secret);
    let stdout = String::from_utf8(ok.stdout).unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let checks = doc["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .any(|c| c["id"] == "client_secret" && c["status"] == "pass"),
        "{stdout}"
    );
    assert!(!stdout.contains(&m2m.secret));
    let bad = run("wrong-secret");
    assert_eq!(bad.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert!(doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "client_secret" && c["status"] == "fail"));
}
