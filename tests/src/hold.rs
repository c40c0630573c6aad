//! Holding a server's answer to one path until the test lets it go: a test can
//! then see what a client does while that request is pending (results that
//! stream before it, a Cancel that stops it).

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// The holds in place on one server; the request handler passes through it first.
#[derive(Clone, Default)]
pub(crate) struct Gate(Arc<Mutex<Vec<Arc<Hold>>>>);

struct Hold {
    path: String,
    /// How many requests to `path` are being held (or were, before release).
    arrived: watch::Sender<usize>,
    /// Set once on release; held requests then go on.
    released: watch::Sender<bool>,
}

impl Gate {
    pub(crate) fn hold(&self, path: &str) -> Held {
        let hold = Arc::new(Hold {
            path: path.to_owned(),
            arrived: watch::Sender::new(0),
            released: watch::Sender::new(false),
        });
        self.holds().push(hold.clone());
        Held {
            hold,
            gate: self.clone(),
        }
    }

    /// Returns at once unless a hold is in place on `path`; then when it is released.
    pub(crate) async fn pass(&self, path: &str) {
        let hold = self.holds().iter().find(|h| h.path == path).cloned();
        let Some(hold) = hold else { return };
        let mut released = hold.released.subscribe();
        hold.arrived.send_modify(|n| *n += 1);
        // The sender lives in `hold`, which this function keeps: this cannot fail.
        released
            .wait_for(|r| *r)
            .await
            .expect("the hold outlives its waiters");
    }

    fn holds(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Hold>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Requests to one path wait until this is released or dropped (so a failing
/// test never leaves a request hanging).
pub struct Held {
    hold: Arc<Hold>,
    gate: Gate,
}

impl Held {
    /// Waits until at least `n` requests to the path are being held.
    pub async fn arrived(&self, n: usize) {
        let mut arrived = self.hold.arrived.subscribe();
        arrived
            .wait_for(|count| *count >= n)
            .await
            .expect("the sender lives in self");
    }

    /// How many requests to the path are being held.
    pub fn count(&self) -> usize {
        *self.hold.arrived.borrow()
    }

    /// Lets the held requests (and any later ones) through.
    pub fn release(self) {}
}

impl Drop for Held {
    fn drop(&mut self) {
        self.gate.holds().retain(|h| !Arc::ptr_eq(h, &self.hold));
        self.hold.released.send_replace(true);
    }
}
