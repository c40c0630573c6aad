//! The one-shot loopback listener that receives the browser's callback.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use url::Url;

pub const CALLBACK_PATH: &str = "/callback";

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

/// A loopback listener that accepts exactly one `/callback` request; any later
/// one is refused (410), other paths get 404. Dropping it closes the port.
pub struct CallbackListener {
    port: u16,
    rx: mpsc::Receiver<CallbackParams>,
    task: tokio::task::JoinHandle<()>,
}

impl CallbackListener {
    /// Bind `127.0.0.1:port` (0 picks a free port).
    pub async fn bind(port: u16) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let port = listener.local_addr()?.port();
        let (tx, rx) = mpsc::channel(1);
        let used = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let tx = tx.clone();
                let used = used.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(10),
                        serve(stream, port, tx, used),
                    )
                    .await;
                });
            }
        });
        Ok(CallbackListener { port, rx, task })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
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

async fn serve(
    mut stream: TcpStream,
    port: u16,
    tx: mpsc::Sender<CallbackParams>,
    used: Arc<AtomicBool>,
) {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 16 * 1024 {
            let _ = respond(&mut stream, "431 Request Header Fields Too Large", "").await;
            return;
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let Ok(url) = Url::parse(&format!("http://127.0.0.1:{port}")).and_then(|b| b.join(target))
    else {
        let _ = respond(&mut stream, "400 Bad Request", "").await;
        return;
    };
    if method != "GET" || url.path() != CALLBACK_PATH {
        let _ = respond(&mut stream, "404 Not Found", "").await;
        return;
    }
    if used.swap(true, Ordering::SeqCst) {
        let _ = respond(&mut stream, "410 Gone", PAGE_USED).await;
        return;
    }
    let q = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    let params = CallbackParams {
        code: q("code"),
        state: q("state"),
        error: q("error"),
        error_description: q("error_description"),
        url: url.clone(),
    };
    let _ = respond(&mut stream, "200 OK", PAGE_OK).await;
    let _ = tx.send(params).await;
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> io::Result<()> {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}
