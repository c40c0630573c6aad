//! The one-shot loopback listener that receives the browser's callback.
//!
//! Only a `GET /callback` with the login attempt's `state` counts: it is
//! answered 200 and handed to the test, once. A callback with another state
//! (or none) is answered 400 and changes nothing, so neither a stale tab nor a
//! forged `error=` can end the test or use up the one-shot. At most
//! [`MAX_CONNECTIONS`] connections are served at once, and an accept error
//! (e.g. no file descriptor left) is retried after a growing pause.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;
use url::Url;

pub const CALLBACK_PATH: &str = "/callback";
/// Connections served at once; more wait in the kernel's backlog.
pub const MAX_CONNECTIONS: usize = 16;
/// How long one connection may take to send its request.
const SERVE_TIMEOUT: Duration = Duration::from_secs(10);
/// The pause after a failed accept: doubled on each failure in a row, up to the maximum.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(50);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// What came back on the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackParams {
    pub url: Url,
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    #[error("no callback within {0} s")]
    Timeout(u64),
    #[error("cancelled")]
    Cancelled,
}

const PAGE_OK: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>auth0-wizard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Login received</h1><p>Return to auth0-wizard for the result. You can close this tab.</p></body></html>";
const PAGE_USED: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>auth0-wizard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Already used</h1><p>This login test has already received its callback. Return to auth0-wizard.</p></body></html>";
const PAGE_OTHER_STATE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>auth0-wizard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Not this login</h1><p>This callback belongs to another login attempt (an old tab?) and was ignored. Finish the login in the tab auth0-wizard opened last.</p></body></html>";

/// What every connection's task shares.
struct Shared {
    port: u16,
    state: String,
    used: AtomicBool,
    tx: mpsc::Sender<CallbackParams>,
}

/// A loopback listener that accepts exactly one `/callback` request with the
/// expected state; a later one is refused (410), one with another state gets
/// 400, other paths 404. Dropping it closes the port.
pub struct CallbackListener {
    port: u16,
    rx: mpsc::Receiver<CallbackParams>,
    task: tokio::task::JoinHandle<()>,
    accept_calls: Arc<AtomicUsize>,
}

impl CallbackListener {
    /// Bind `127.0.0.1:port` (0 picks a free port) for the login attempt sent with `state`.
    pub async fn bind(port: u16, state: &str) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let port = listener.local_addr()?.port();
        let (tx, rx) = mpsc::channel(1);
        let shared = Arc::new(Shared {
            port,
            state: state.to_owned(),
            used: AtomicBool::new(false),
            tx,
        });
        let accept_calls = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(accept_loop(listener, shared, accept_calls.clone()));
        Ok(CallbackListener {
            port,
            rx,
            task,
            accept_calls,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// How many times the listener has called accept so far (for tests of the accept loop).
    pub fn accept_calls(&self) -> usize {
        self.accept_calls.load(Ordering::SeqCst)
    }

    /// Wait for the one callback.
    pub async fn wait(
        &mut self,
        timeout: Duration,
        cancel: &CancellationToken,
    ) -> Result<CallbackParams, WaitError> {
        tokio::select! {
            p = self.rx.recv() => p.ok_or(WaitError::Cancelled),
            _ = tokio::time::sleep(timeout) => Err(WaitError::Timeout(timeout.as_secs())),
            _ = cancel.cancelled() => Err(WaitError::Cancelled),
        }
    }
}

impl Drop for CallbackListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Accept connections while a slot is free; after an accept error, pause.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, calls: Arc<AtomicUsize>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut backoff = ACCEPT_BACKOFF_MIN;
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        calls.fetch_add(1, Ordering::SeqCst);
        match listener.accept().await {
            Ok((stream, _)) => {
                backoff = ACCEPT_BACKOFF_MIN;
                let shared = shared.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(SERVE_TIMEOUT, serve(stream, &shared)).await;
                    drop(slot);
                });
            }
            Err(_) => {
                drop(slot);
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
            }
        }
    }
}

/// The request line's method and target, once the head has arrived.
async fn read_head(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 16 * 1024 {
            let _ = respond(stream, "431 Request Header Fields Too Large", "").await;
            return None;
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    Some((method, parts.next().unwrap_or("").to_owned()))
}

async fn serve(mut stream: TcpStream, shared: &Shared) {
    let Some((method, target)) = read_head(&mut stream).await else {
        return;
    };
    let base = format!("http://127.0.0.1:{}", shared.port);
    let Ok(url) = Url::parse(&base).and_then(|b| b.join(&target)) else {
        let _ = respond(&mut stream, "400 Bad Request", "").await;
        return;
    };
    if method != "GET" || url.path() != CALLBACK_PATH {
        let _ = respond(&mut stream, "404 Not Found", "").await;
        return;
    }
    let params = callback_params(url);
    if params.state.as_deref() != Some(shared.state.as_str()) {
        let _ = respond(&mut stream, "400 Bad Request", PAGE_OTHER_STATE).await;
        return;
    }
    if shared.used.swap(true, Ordering::SeqCst) {
        let _ = respond(&mut stream, "410 Gone", PAGE_USED).await;
        return;
    }
    let _ = respond(&mut stream, "200 OK", PAGE_OK).await;
    let _ = shared.tx.send(params).await;
}

fn callback_params(url: Url) -> CallbackParams {
    let q = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    CallbackParams {
        code: q("code"),
        state: q("state"),
        error: q("error"),
        error_description: q("error_description"),
        url,
    }
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> io::Result<()> {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}
