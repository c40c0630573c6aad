//! How the checks talk to the network: timeouts, extra CA certificates, size
//! and retry limits.

use std::path::PathBuf;
use std::time::Duration;

/// Default connect and total timeout of one request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body read.
pub const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Connect and total timeout of one request.
    pub timeout: Duration,
    /// Overall timeout of one check; default: derived from `timeout`.
    pub check_timeout: Option<Duration>,
    /// Extra CA certificates (PEM) to trust besides the built-in roots.
    pub ca_file: Option<PathBuf>,
    pub max_body: usize,
    /// Management API 429s retried at most this often...
    pub max_retries: u32,
    /// ...and only when the rate-limit headers ask for at most this wait.
    pub max_retry_wait: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            timeout: DEFAULT_TIMEOUT,
            check_timeout: None,
            ca_file: None,
            max_body: MAX_BODY,
            max_retries: 2,
            max_retry_wait: Duration::from_secs(5),
        }
    }
}

impl CheckOptions {
    pub fn with_timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn with_ca_file(mut self, p: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(p.into());
        self
    }

    /// A check that makes `requests` requests (plus retry waits) may take this long.
    pub(crate) fn budget(&self, requests: u32, retries: bool) -> Duration {
        if let Some(t) = self.check_timeout {
            return t;
        }
        let mut b = (self.timeout + Duration::from_millis(500)) * requests + Duration::from_secs(1);
        if retries {
            b += (self.max_retry_wait + self.timeout) * self.max_retries;
        }
        b
    }
}
