//! `--secret-stdin` at a terminal: what is typed does not show. The CLI runs on
//! a pseudo-terminal; the test types the secret only once the prompt is there
//! (the terminal echoes at once whatever arrives while echo is on).

use rustix::fs::OFlags;
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SECRET: &str = "TypedAtTheTerminal0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";

#[test]
fn a_secret_typed_at_a_terminal_is_not_echoed() {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(OFlags::NOCTTY.bits() as i32)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"))
        .args([
            "validate",
            "--target",
            "dex",
            "--domain",
            "dev-abc.us.auth0.com",
            "--client-id",
            "abcdefghijklmnopqrstuvwxyz012345",
            "--url",
            "https://dex.example.com",
            "--secret-stdin",
        ])
        .stdin(Stdio::from(terminal.try_clone().unwrap()))
        .stdout(Stdio::from(terminal.try_clone().unwrap()))
        .stderr(Stdio::from(terminal))
        .spawn()
        .unwrap();
    // Everything the terminal shows, as it comes (until the child's side closes).
    let mut screen = std::fs::File::from(master);
    let mut keyboard = screen.try_clone().unwrap();
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = screen.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut shown = Vec::new();
    // A guard against a hung CLI, not a timing assertion.
    while !String::from_utf8_lossy(&shown).contains("lient secret") {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(chunk) => shown.extend(chunk),
            Err(e) => panic!("no prompt ({e}): {}", String::from_utf8_lossy(&shown)),
        }
    }
    // The line, then end-of-input (^D) for a reader that reads to the end.
    keyboard
        .write_all(format!("{SECRET}\n\x04").as_bytes())
        .unwrap();
    let status = child.wait().unwrap();
    drop(keyboard);
    while let Ok(chunk) = rx.recv_timeout(Duration::from_secs(30)) {
        shown.extend(chunk);
    }
    reader.join().unwrap();
    let shown = String::from_utf8_lossy(&shown);
    assert!(!shown.contains(SECRET), "the secret was echoed:\n{shown}");
    assert_eq!(status.code(), Some(0), "{shown}");
}
