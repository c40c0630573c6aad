//! Typing a secret at a terminal without it showing.

use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, Termios};
use std::os::fd::{AsFd, BorrowedFd};

/// While this lives, the terminal does not echo what is typed (the line break
/// still shows); dropped, the terminal is as it was.
pub struct EchoOff<'a> {
    fd: BorrowedFd<'a>,
    saved: Termios,
}

impl<'a> EchoOff<'a> {
    /// Echo off on `fd`; `None` when it is not a terminal that allows it.
    pub fn new(fd: &'a impl AsFd) -> Option<Self> {
        let fd = fd.as_fd();
        let saved = tcgetattr(fd).ok()?;
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        quiet.local_modes.insert(LocalModes::ECHONL);
        tcsetattr(fd, OptionalActions::Now, &quiet).ok()?;
        Some(EchoOff { fd, saved })
    }
}

impl Drop for EchoOff<'_> {
    fn drop(&mut self) {
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.saved);
    }
}
