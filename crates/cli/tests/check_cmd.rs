//! `auth0-wizard check` and `login-test` end to end against the test IdP.

use auth0_wizard_tests::{Fault, FaultServer, TestIdp};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    c.env_remove("HTTPS_PROXY").env_remove("https_proxy");
    c
}

#[tokio::test]
async fn check_passes_against_the_idp_and_prints_one_json_line_per_check() {
    let idp = TestIdp::start().await.unwrap();
    let out = bin()
        .args([
            "check",
            "--json",
            "--domain",
            &idp.domain,
            "--client-id",
            &idp.m2m_client.id,
            "--secret-env",
            "T_SECRET",
            "--ca-file",
        ])
        .arg(&idp.ca_file)
        .args([
            "--target",
            "dex",
            "--url",
            "https://dex.example.com",
            "--issuer",
            &idp.issuer,
        ])
        .env("T_SECRET", &idp.m2m_client.secret)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    assert!(lines
        .iter()
        .any(|l| l["id"] == "client_secret" && l["diagnosis"] == "secret_accepted"));
    assert!(!stdout.contains(&idp.m2m_client.secret));
}

#[tokio::test]
async fn check_fails_with_exit_1_and_says_what_to_fix() {
    let idp = TestIdp::start().await.unwrap();
    let out = bin()
        .args([
            "check",
            "--domain",
            &idp.domain,
            "--client-id",
            &idp.m2m_client.id,
            "--secret-env",
            "T_SECRET",
            "--ca-file",
        ])
        .arg(&idp.ca_file)
        .args(["--issuer", idp.issuer.trim_end_matches('/')])
        .env("T_SECRET", "wrong-secret")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL  client_secret") && stdout.contains("secret_rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("issuer_missing_trailing_slash"), "{stdout}");
    assert!(stdout.contains("fix: "), "{stdout}");
}

#[tokio::test]
async fn check_names_a_fault_within_its_timeout() {
    let fs = FaultServer::start(Fault::HangAfterHeaders).await.unwrap();
    let out = bin()
        .args([
            "check",
            "--domain",
            &fs.domain,
            "--client-id",
            "x",
            "--timeout",
            "1",
            "--ca-file",
        ])
        .arg(&fs.ca_file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("timed out after 1 s"), "{stdout}");
}

#[test]
fn check_usage_errors_exit_2() {
    let out = bin().args(["check", "--client-id", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["check", "--domain", "a b", "--client-id", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args([
            "check",
            "--domain",
            "x.invalid",
            "--client-id",
            "x",
            "--target",
            "dex",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--target needs --url");
}

#[tokio::test]
async fn login_test_with_no_browser_prints_the_url_and_verifies_the_login() {
    let idp = TestIdp::start().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = bin()
        .args([
            "login-test",
            "--json",
            "--no-browser",
            "--domain",
            &idp.domain,
            "--client-id",
            &idp.web_client.id,
            "--secret-env",
            "T_SECRET",
            "--timeout",
            "30",
            "--port",
            &port.to_string(),
            "--ca-file",
        ])
        .arg(&idp.ca_file)
        .env("T_SECRET", &idp.web_client.secret)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // Read stderr to its end (a closed pipe would cut the child short) and pass the URL on.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let reader = std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.trim().starts_with("https://") {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(line.trim().to_owned());
                }
            }
        }
    });
    let url = rx.await.unwrap();
    let played = idp.play_user(&url).await;
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    reader.join().unwrap();
    assert!(played.is_ok(), "{played:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["result"]["status"], "pass");
    assert_eq!(v["claims"]["email"], "test.user@example.com");
    assert!(!stdout.contains(&idp.web_client.secret));
}

#[tokio::test]
async fn export_discover_writes_the_live_issuer_verbatim() {
    let idp = TestIdp::start().await.unwrap();
    let export = |extra: &[&str]| {
        bin()
            .args([
                "export",
                "--json",
                "--target",
                "dex",
                "--format",
                "connector-yaml",
                "--domain",
                &idp.domain,
                "--client-id",
                &idp.web_client.id,
                "--secret-env",
                "T_SECRET",
                "--url",
                "https://dex.example.com",
            ])
            .args(extra)
            .env("T_SECRET", &idp.web_client.secret)
            .output()
            .unwrap()
    };
    let ca = idp.ca_file.to_str().unwrap();
    let out = export(&["--discover", "--ca-file", ca]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        v["content"]
            .as_str()
            .unwrap()
            .contains(&format!("issuer: {}", idp.issuer)),
        "{stdout}"
    );

    // Unreachable: exit 1 with the named diagnosis, nothing exported.
    let out = bin()
        .args([
            "export",
            "--json",
            "--target",
            "dex",
            "--format",
            "connector-yaml",
            "--domain",
            "no-such-tenant.invalid",
            "--client-id",
            "abcdefghijklmnopqrstuvwxyz012345",
            "--url",
            "https://dex.example.com",
            "--discover",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("discover_failed") && stdout.contains("no_such_host"),
        "{stdout}"
    );
}

/// `check --json` prints each result as its check finishes: the discovery line is
/// on stdout while the JWKS request is held at the provider and the process runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_prints_each_line_while_a_later_check_is_still_running() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let jwks = fs.hold("/.well-known/jwks.json");
    let mut child = bin()
        .args([
            "check",
            "--json",
            "--domain",
            &fs.domain,
            "--client-id",
            &fs.m2m_client.id,
            "--secret-env",
            "T_SECRET",
            // A held request fails as a timeout only after this long.
            "--timeout",
            "10",
            "--ca-file",
        ])
        .arg(&fs.ca_file)
        .env("T_SECRET", &fs.m2m_client.secret)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = stdout_lines(&mut child);
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
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
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
    assert_eq!(
        out.status.code(),
        Some(0),
        "{summary:#?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The child's stdout, line by line, as it comes.
fn stdout_lines(child: &mut std::process::Child) -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// `export --dex ... --discover` against the fault server: (status, stdout as JSON).
fn export_discover(fs: &FaultServer) -> (Option<i32>, serde_json::Value) {
    let out = bin()
        .args([
            "export",
            "--json",
            "--target",
            "dex",
            "--format",
            "connector-yaml",
            "--domain",
            &fs.domain,
            "--client-id",
            "abcdefghijklmnopqrstuvwxyz012345",
            "--secret-env",
            "T_SECRET",
            "--url",
            "https://dex.example.com",
            "--discover",
            "--ca-file",
        ])
        .arg(&fs.ca_file)
        .env("T_SECRET", "s3cret")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code(), v)
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
