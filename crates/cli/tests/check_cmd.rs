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
