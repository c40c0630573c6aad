//! `--secret-stdin` at a terminal: what is typed does not show. The CLI runs on
//! a pseudo-terminal; the test types the secret only once the prompt is there
//! (the terminal echoes at once whatever arrives while echo is on).

use rustix::fs::OFlags;
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SECRET: &str = "TypedAtTheTerminal0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";

/// A pseudo-terminal: its controlling side and the terminal a program uses.
fn pty() -> (OwnedFd, std::fs::File) {
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
    (master, terminal)
}

/// Everything the terminal shows, as it comes, until the program's side closes.
fn screen(master: &OwnedFd) -> (mpsc::Receiver<Vec<u8>>, std::thread::JoinHandle<()>) {
    let mut screen = std::fs::File::from(master.try_clone().unwrap());
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = screen.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    (rx, reader)
}

/// What the terminal showed until the prompt for the secret.
fn until_prompt(rx: &mpsc::Receiver<Vec<u8>>) -> Vec<u8> {
    let mut shown = Vec::new();
    // A guard against a hung CLI, not a timing assertion.
    while !String::from_utf8_lossy(&shown).contains("lient secret") {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(chunk) => shown.extend(chunk),
            Err(e) => panic!("no prompt ({e}): {}", String::from_utf8_lossy(&shown)),
        }
    }
    shown
}

const VALIDATE: [&str; 10] = [
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
];

#[test]
fn a_secret_typed_at_a_terminal_is_not_echoed() {
    let (master, terminal) = pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"))
        .args(VALIDATE)
        .stdin(Stdio::from(terminal.try_clone().unwrap()))
        .stdout(Stdio::from(terminal.try_clone().unwrap()))
        .stderr(Stdio::from(terminal))
        .spawn()
        .unwrap();
    let (rx, reader) = screen(&master);
    let mut keyboard = std::fs::File::from(master);
    let mut shown = until_prompt(&rx);
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

/// Ctrl-C at the prompt ends the CLI as Ctrl-C does, and leaves the terminal
/// echoing again (the CLI runs in a session whose controlling terminal is the
/// pseudo-terminal, so ^C is a real SIGINT).
#[test]
fn ctrl_c_at_the_secret_prompt_gives_the_terminal_its_echo_back() {
    let (master, terminal) = pty();
    let tty = terminal.try_clone().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    cmd.args(VALIDATE)
        .stdin(Stdio::from(terminal.try_clone().unwrap()))
        .stdout(Stdio::from(terminal.try_clone().unwrap()))
        .stderr(Stdio::from(terminal));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::setsid()?;
            rustix::process::ioctl_tiocsctty(std::io::stdin())?;
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // it holds the terminal open too
    let (rx, reader) = screen(&master);
    let mut keyboard = std::fs::File::from(master);
    until_prompt(&rx);
    assert!(!echoes(&tty), "echo is off while the secret is typed");
    keyboard.write_all(b"half-typed\x03").unwrap();
    let status = child.wait().unwrap();
    let echo_after = echoes(&tty);
    // The screen ends when no one holds the terminal any more.
    drop((keyboard, tty));
    while rx.recv_timeout(Duration::from_secs(30)).is_ok() {}
    reader.join().unwrap();
    assert_eq!(status.signal(), Some(2), "ended by SIGINT: {status:?}");
    assert!(echo_after, "the terminal was left without echo");
}

fn echoes(tty: &std::fs::File) -> bool {
    let t = rustix::termios::tcgetattr(tty).unwrap();
    t.local_modes.contains(rustix::termios::LocalModes::ECHO)
}
