//! Runs the login test's callback listener with no file descriptor left, so
//! that every accept fails (EMFILE), and prints how many times it called
//! accept in one second. Used by tests/checks_listener.rs, in its own process
//! because it lowers the open-files limit.

use auth0_wizard_core::checks::login::CallbackListener;
use std::time::Duration;

fn main() {
    let limit = libc::rlimit {
        rlim_cur: 64,
        rlim_max: 64,
    };
    // SAFETY: setrlimit(2) with a valid pointer to a plain struct.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
    assert_eq!(rc, 0, "setrlimit: {}", std::io::Error::last_os_error());
    // One thread: the listener's task runs only when this one awaits.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let listener = CallbackListener::bind(0, "state").await.expect("bind");
        let mut hoard = Vec::new();
        while let Ok(f) = std::fs::File::open("/dev/null") {
            hoard.push(f);
        }
        // One descriptor for the client; then none is left for accept.
        hoard.pop();
        let _client =
            std::net::TcpStream::connect(("127.0.0.1", listener.port())).expect("connect");
        assert!(
            std::fs::File::open("/dev/null").is_err(),
            "a descriptor is left"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
        println!("{}", listener.accept_calls());
    });
}
