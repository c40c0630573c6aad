//! `auth0-wizard check` and `login-test` end to end against the test IdP.

use auth0_wizard_tests::{Fault, FaultServer, TestIdp};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use tokio::sync::mpsc::UnboundedReceiver;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    c.env_remove("HTTPS_PROXY").env_remove("https_proxy");
    c
}

/// `auth0-wizard` with the words of `line` as its arguments (no argument given this way
/// holds a space).
fn wizard(line: &str) -> Command {
    let mut c = bin();
    c.args(line.split_whitespace());
    c
}

/// `command --domain … --client-id …` against a provider whose CA is in `ca_file`.
fn against(command: &str, domain: &str, client_id: &str, ca_file: &Path) -> Command {
    let c = wizard(&format!(
        "{command} --domain {domain} --client-id {client_id}"
    ));
    with_ca(c, ca_file)
}

/// Adds `--ca-file ca_file`.
fn with_ca(mut c: Command, ca_file: &Path) -> Command {
    c.arg("--ca-file").arg(ca_file);
    c
}

/// Gives the client secret `secret` through `--secret-env T_SECRET`.
fn with_secret(mut c: Command, secret: &str) -> Command {
    c.args(["--secret-env", "T_SECRET"]).env("T_SECRET", secret);
    c
}

/// `export --json` of a Dex connector at `domain`.
fn export_dex(domain: &str, client_id: &str) -> Command {
    wizard(&format!(
        "export --json --target dex --format connector-yaml --domain {domain} \
         --client-id {client_id} --url https://dex.example.com"
    ))
}

/// A finished run: its exit code and what it printed.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: std::process::Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    /// stdout as one JSON value a line.
    fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn run(c: &mut Command) -> Run {
    Run::of(c.output().unwrap())
}

/// The lines of a child's pipe as they come, read to its end on a thread of their own
/// (a closed pipe would cut the child short while the receiver lives).
fn lines_of(pipe: impl Read + Send + 'static) -> UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// `child` waited for without blocking the runtime.
async fn finish(child: std::process::Child) -> Run {
    Run::of(
        tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .unwrap(),
    )
}

#[tokio::test]
async fn check_passes_against_the_idp_and_prints_one_json_line_per_check() {
    let idp = TestIdp::start().await.unwrap();
    let m2m = &idp.m2m_client;
    let mut check = with_secret(
        against("check --json-lines", &idp.domain, &m2m.id, &idp.ca_file),
        &m2m.secret,
    );
    check.args(["--target", "dex", "--url", "https://dex.example.com"]);
    let r = run(check.args(["--issuer", &idp.issuer]));
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let lines = r.json_lines();
    assert_eq!(lines.len(), 6, "{}", r.stdout);
    assert!(lines
        .iter()
        .any(|l| l["id"] == "client_secret" && l["diagnosis"] == "secret_accepted"));
    assert!(!r.stdout.contains(&m2m.secret));
}

#[tokio::test]
async fn check_fails_with_exit_1_and_says_what_to_fix() {
    let idp = TestIdp::start().await.unwrap();
    let check = against("check", &idp.domain, &idp.m2m_client.id, &idp.ca_file);
    let r = run(
        with_secret(check, "wrong-secret").args(["--issuer", idp.issuer.trim_end_matches('/')])
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    for needle in [
        "FAIL  client_secret",
        "secret_rejected",
        "issuer_missing_trailing_slash",
        "fix: ",
    ] {
        assert!(r.stdout.contains(needle), "{needle:?}\n{}", r.stdout);
    }
}

#[tokio::test]
async fn check_names_a_fault_within_its_timeout() {
    let fs = FaultServer::start(Fault::HangAfterHeaders).await.unwrap();
    let r = run(against("check", &fs.domain, "x", &fs.ca_file).args(["--timeout", "1"]));
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("timed out after 1 s"), "{}", r.stdout);
}

#[test]
fn check_usage_errors_exit_2() {
    let cases: [(&str, &[&str]); 2] = [
        ("no --domain", &["--client-id", "x"]),
        (
            "--target needs --url",
            &[
                "--domain",
                "x.invalid",
                "--client-id",
                "x",
                "--target",
                "dex",
            ],
        ),
    ];
    for (what, args) in cases {
        let r = run(bin().arg("check").args(args));
        assert_eq!(r.code, Some(2), "{what}: {}", r.stderr);
    }
}

#[tokio::test]
async fn login_test_with_no_browser_prints_the_url_and_verifies_the_login() {
    let idp = TestIdp::start().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let web = &idp.web_client;
    let login = against(
        "login-test --json --no-browser",
        &idp.domain,
        &web.id,
        &idp.ca_file,
    );
    let mut child = with_secret(login, &web.secret)
        .args(["--timeout", "30", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // stderr is read to its end while the login runs; its first URL goes to the user.
    let mut stderr = lines_of(child.stderr.take().unwrap());
    let url = loop {
        let line = stderr.recv().await.expect("stderr ended without a URL");
        if line.trim().starts_with("https://") {
            break line.trim().to_owned();
        }
    };
    let played = idp.play_user(&url).await;
    let r = finish(child).await;
    assert!(played.is_ok(), "{played:?}");
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["result"]["status"], "pass");
    assert_eq!(v["claims"]["email"], "test.user@example.com");
    assert!(!r.stdout.contains(&web.secret));
}

#[tokio::test]
async fn export_discover_writes_the_live_issuer_verbatim() {
    let idp = TestIdp::start().await.unwrap();
    let export = with_secret(
        export_dex(&idp.domain, &idp.web_client.id),
        &idp.web_client.secret,
    );
    let r = run(with_ca(export, &idp.ca_file).arg("--discover"));
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let content = r.json()["content"].as_str().unwrap().to_owned();
    assert!(
        content.contains(&format!("issuer: {}", idp.issuer)),
        "{}",
        r.stdout
    );

    // Unreachable: exit 1 with the named diagnosis, nothing exported.
    let r = run(
        export_dex("no-such-tenant.invalid", "abcdefghijklmnopqrstuvwxyz012345").arg("--discover"),
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        r.stdout.contains("discover_failed") && r.stdout.contains("no_such_host"),
        "{}",
        r.stdout
    );
}

/// `check --json-lines` prints each result as its check finishes: the discovery line is
/// on stdout while the JWKS request is held at the provider and the process runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_prints_each_line_while_a_later_check_is_still_running() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let jwks = fs.hold("/.well-known/jwks.json");
    let check = against(
        "check --json-lines",
        &fs.domain,
        &fs.m2m_client.id,
        &fs.ca_file,
    );
    let mut child = with_secret(check, &fs.m2m_client.secret)
        // A held request fails as a timeout only after this long.
        .args(["--timeout", "10"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = lines_of(child.stdout.take().unwrap());
    let mut seen: Vec<serde_json::Value> = Vec::new();
    let mut asked_for_jwks = false;
    while !(asked_for_jwks && seen.iter().any(|l| l["id"] == "discovery")) {
        tokio::select! {
            () = jwks.arrived(1), if !asked_for_jwks => asked_for_jwks = true,
            line = lines.recv() => {
                let line = line.expect("stdout ended before the discovery line and the JWKS request");
                seen.push(serde_json::from_str(&line).unwrap());
            }
        }
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the process ended with the JWKS held"
    );
    assert!(
        seen.iter().all(|l| l["id"] != "jwks"),
        "a JWKS line came before its answer: {seen:?}"
    );

    jwks.release();
    while let Some(line) = lines.recv().await {
        seen.push(serde_json::from_str(&line).unwrap());
    }
    let r = finish(child).await;
    let summary: Vec<String> = seen
        .iter()
        .map(|l| format!("{} {} {}", l["id"], l["status"], l["diagnosis"]))
        .collect();
    // The JWKS was pending, not failed, while the discovery line was printed.
    assert!(
        summary.contains(&r#""jwks" "pass" "ok""#.to_owned()),
        "{summary:#?}"
    );
    assert_eq!(seen.len(), 6, "{summary:#?}");
    assert_eq!(r.code, Some(0), "{summary:#?}\n{}", r.stderr);
}

/// `export --json` of a Dex connector with `--discover` against the fault server:
/// (status, stdout as JSON).
fn export_discover(fs: &FaultServer) -> (Option<i32>, serde_json::Value) {
    let export = with_secret(
        export_dex(&fs.domain, "abcdefghijklmnopqrstuvwxyz012345"),
        "s3cret",
    );
    let r = run(with_ca(export, &fs.ca_file).arg("--discover"));
    (r.code, r.json())
}

/// `export --discover` never writes an issuer on another host than the domain: a
/// document that names another tenant's issuer is not believed (OpenID Connect
/// Discovery 1.0, section 4.3), and nothing is exported...
#[tokio::test]
async fn export_discover_refuses_an_issuer_on_another_host() {
    let fs = FaultServer::start(Fault::WrongIssuer).await.unwrap();
    let (status, v) = export_discover(&fs);
    assert_eq!(status, Some(1), "{v:#}");
    let text = v.to_string();
    assert!(
        text.contains("discover_failed") && text.contains("issuer_not_discovery_url"),
        "{v:#}"
    );
    assert!(
        text.contains("https://wrong-tenant.example.com/"),
        "names the value: {v:#}"
    );
    assert!(v.get("content").is_none(), "exported anyway: {v:#}");
}

/// ...and one without the trailing slash is validated as typed: Dex would refuse it.
#[tokio::test]
async fn export_discover_refuses_a_live_issuer_without_the_slash() {
    let fs = FaultServer::start(Fault::IssuerWithoutTrailingSlash)
        .await
        .unwrap();
    let (status, v) = export_discover(&fs);
    assert_eq!(status, Some(1), "{v:#}");
    assert_eq!(v["code"], "invalid_settings", "{v:#}");
    let issue = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["field"] == "issuer")
        .unwrap_or_else(|| panic!("no issue at the issuer: {v:#}"));
    assert_eq!(issue["code"], "issuer.trailing_slash", "{issue:#}");
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .contains(&format!("\"https://{}\"", fs.domain)),
        "{issue:#}"
    );
    assert!(v.get("content").is_none(), "exported anyway: {v:#}");
}

/// `--json` is one document: a summary, then every check.
#[tokio::test]
async fn check_json_is_one_document_with_a_summary() {
    let idp = TestIdp::start().await.unwrap();
    let m2m = &idp.m2m_client;
    let check = against("check --json", &idp.domain, &m2m.id, &idp.ca_file);
    let r = run(&mut with_secret(check, &m2m.secret));
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 6, "{doc}");
    let s = &doc["summary"];
    let count = |k: &str| s[k].as_u64().unwrap() as usize;
    let total: usize = ["passed", "warnings", "failed", "skipped"]
        .map(count)
        .iter()
        .sum();
    assert_eq!(total, 6, "{s}");
    assert_eq!(count("failed"), 0, "{s}");
    let passed = checks.iter().filter(|c| c["status"] == "pass").count();
    assert_eq!(count("passed"), passed, "{s}");
    assert_eq!(
        doc.as_object().unwrap().len(),
        2,
        "only summary and checks: {doc}"
    );
}
