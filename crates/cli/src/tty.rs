//! Typing a secret at a terminal without it showing.

use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, Termios};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::low_level::{emulate_default_handler, register, unregister};
use signal_hook::SigId;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

/// The signals that end the CLI while echo is off (Ctrl-C, Ctrl-\, a closed
/// terminal, `kill`): each gives the terminal its echo back first.
const ENDING: [i32; 4] = [SIGINT, SIGQUIT, SIGHUP, SIGTERM];

/// While this lives, the terminal does not echo what is typed (the line break
/// still shows); dropped, or ended by a signal, the terminal is as it was.
pub struct EchoOff<'a> {
    fd: BorrowedFd<'a>,
    saved: Termios,
    handlers: Vec<SigId>,
}

impl<'a> EchoOff<'a> {
    /// Echo off on `fd`; `None` when it is not a terminal that allows it.
    pub fn new(fd: &'a impl AsFd) -> Option<Self> {
        let fd = fd.as_fd();
        let saved = tcgetattr(fd).ok()?;
        let handlers = restore_on_signals(fd.as_raw_fd(), &saved);
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        quiet.local_modes.insert(LocalModes::ECHONL);
        let echo_off = EchoOff {
            fd,
            saved,
            handlers,
        };
        tcsetattr(fd, OptionalActions::Now, &quiet).ok()?;
        Some(echo_off)
    }
}

/// On each ending signal: `saved` back on the terminal, then the signal's
/// default action (the CLI ends as it would have).
fn restore_on_signals(raw: i32, saved: &Termios) -> Vec<SigId> {
    ENDING
        .iter()
        .filter_map(|&sig| {
            let saved = saved.clone();
            let action = move || {
                // SAFETY: `raw` is the terminal this EchoOff borrows, open for
                // as long as the handler is registered (dropping unregisters).
                let fd = unsafe { BorrowedFd::borrow_raw(raw) };
                // Both calls are async-signal-safe (an ioctl; sigaction and raise).
                let _ = tcsetattr(fd, OptionalActions::Now, &saved);
                let _ = emulate_default_handler(sig);
            };
            // SAFETY: the action makes only async-signal-safe calls and
            // allocates nothing.
            unsafe { register(sig, action) }.ok()
        })
        .collect()
}

impl Drop for EchoOff<'_> {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            unregister(id);
        }
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.saved);
    }
}
