//! The login test's callback listener under load: connections are bounded, and
//! accept errors are retried after a pause instead of in a loop. Both are
//! measured by counting accept calls, never by timing.

use auth0_wizard_core::checks::login::{CallbackListener, MAX_CONNECTIONS};
use auth0_wizard_core::checks::Cancel;
use std::process::Command;
use std::time::Duration;

/// Waits (a guard, not an assertion on time) until `f` holds.
async fn until(what: &str, f: impl Fn() -> bool) {
    for _ in 0..3000 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test]
async fn idle_connections_are_bounded_and_the_callback_still_arrives() {
    let mut l = CallbackListener::bind(0, "s").await.unwrap();
    let port = l.port();
    let idle: Vec<_> = (0..MAX_CONNECTIONS * 3)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    until("every slot taken", || l.accept_calls() >= MAX_CONNECTIONS).await;
    // Give an unbounded listener every chance to take the others, then count.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        l.accept_calls(),
        MAX_CONNECTIONS,
        "more connections served at once than allowed"
    );
    drop(idle);
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let r = c
        .get(format!("http://127.0.0.1:{port}/callback?code=c&state=s"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let p = l
        .wait(Duration::from_secs(30), &Cancel::new())
        .await
        .unwrap();
    assert_eq!(p.code.as_deref(), Some("c"));
}

#[test]
fn accept_errors_do_not_spin() {
    let out = Command::new(env!("CARGO_BIN_EXE_listener_probe"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls: u64 = stdout.trim().parse().unwrap();
    // A pause that doubles from 50 ms gives about 5 calls in a second; a loop, millions.
    assert!(
        (1..=20).contains(&calls),
        "{calls} accept calls in one second with no descriptor left"
    );
}
