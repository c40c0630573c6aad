//! `auth0-wizard check` against a hostile provider: what it echoes back (the
//! secrets, terminal escape sequences) never reaches the output, text or JSON;
//! and a proxy that refuses is named as the proxy.

use auth0_wizard_tests::{Fault, FaultServer};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    for v in [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        c.env_remove(v);
    }
    c
}

/// `check` with the same M2M application as the client and the Management API
/// client (the fault server knows that one), `--json` or not, with `env` set.
fn check(fs: &FaultServer, json: bool, env: &[(&str, &str)]) -> Output {
    let mut c = bin();
    c.args([
        "check",
        "--domain",
        &fs.domain,
        "--client-id",
        &fs.m2m_client.id,
    ])
    .args([
        "--secret-env",
        "T_SECRET",
        "--mgmt-client-id",
        &fs.m2m_client.id,
    ])
    .args([
        "--mgmt-secret-env",
        "T_SECRET",
        "--timeout",
        "5",
        "--ca-file",
    ])
    .arg(&fs.ca_file)
    .env("T_SECRET", &fs.m2m_client.secret)
    .envs(env.iter().copied());
    if json {
        c.arg("--json");
    }
    c.output().unwrap()
}

#[tokio::test]
async fn what_a_hostile_provider_echoes_never_reaches_the_output() {
    for fault in [
        Fault::EchoSecretInErrorDescription,
        Fault::EchoSecretInHtml,
        Fault::EchoSecretInHeader,
        Fault::ControlCharsInDiscovery,
    ] {
        let fs = FaultServer::start(fault.clone()).await.unwrap();
        for json in [false, true] {
            let out = check(&fs, json, &[]);
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(1), "{fault:?} json={json}: {all}");
            assert!(
                !all.contains(&fs.m2m_client.secret),
                "{fault:?} json={json}: the secret is in the output:\n{all}"
            );
            let raw: Vec<char> = all
                .chars()
                .filter(|c| c.is_control() && *c != '\n')
                .collect();
            assert!(
                raw.is_empty(),
                "{fault:?} json={json}: {raw:?} in the output:\n{all}"
            );
        }
    }
}

/// The check results of `check --json`: one document with `checks`, or one per line.
fn results(stdout: &str) -> Vec<serde_json::Value> {
    match serde_json::from_str::<serde_json::Value>(stdout) {
        Ok(doc) => doc["checks"].as_array().cloned().unwrap_or_default(),
        Err(_) => stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    }
}

#[tokio::test]
async fn a_refused_proxy_is_named_as_the_proxy_not_the_domain() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let proxy_url = format!("http://{proxy}");
    let out = check(&fs, true, &[("HTTPS_PROXY", &proxy_url)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let reach = |stdout: &str| {
        results(stdout)
            .into_iter()
            .find(|l| l["id"] == "reachability")
            .unwrap_or_else(|| panic!("no reachability line: {stdout}"))
    };
    let r = reach(&stdout);
    assert_eq!(r["diagnosis"], "proxy_failed", "{stdout}");
    let detail = r["detail"].as_str().unwrap();
    assert!(
        detail.contains(&proxy) && detail.contains("HTTPS_PROXY"),
        "{detail}"
    );
    assert!(!detail.contains("connection refused by"), "{detail}");
    // With the domain in NO_PROXY the proxy is not used at all.
    let out = check(
        &fs,
        true,
        &[("HTTPS_PROXY", &proxy_url), ("NO_PROXY", "127.0.0.1")],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(reach(&stdout)["diagnosis"], "ok", "{stdout}");
    assert!(!stdout.contains("proxy_failed"), "{stdout}");
}
