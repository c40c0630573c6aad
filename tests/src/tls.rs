//! A loopback HTTPS server on its own thread and Tokio runtime, stopped on Drop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use crate::ca::LeafCert;

pub(crate) fn server_config(leaf: &LeafCert) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let certs = CertificateDer::pem_slice_iter(leaf.cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .context("parsing the leaf certificate")?;
    let key =
        PrivateKeyDer::from_pem_slice(leaf.key_pem.as_bytes()).context("parsing the leaf key")?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// What the server does with each connection.
#[derive(Clone)]
pub(crate) enum ConnMode {
    /// Serve HTTP/1.1 with this router.
    Http(Router),
    /// Finish the TLS handshake, read the request, then reset the connection (RST).
    Reset,
}

pub(crate) struct ServerHandle {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub(crate) fn spawn_server(
    tls: Arc<rustls::ServerConfig>,
    mode: ConnMode,
) -> anyhow::Result<ServerHandle> {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name(format!("harness-https-{}", addr.port()))
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("harness: cannot build a runtime: {e}");
                    return;
                }
            };
            rt.block_on(async move {
                let listener = match TcpListener::from_std(std_listener) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("harness: listener: {e}");
                        return;
                    }
                };
                let acceptor = TlsAcceptor::from(tls);
                tokio::select! {
                    _ = rx => {}
                    _ = accept_loop(listener, acceptor, mode) => {}
                }
            });
            // Dropping the runtime cancels every connection still open.
            rt.shutdown_timeout(Duration::from_millis(100));
        })?;
    Ok(ServerHandle {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

async fn accept_loop(listener: TcpListener, acceptor: TlsAcceptor, mode: ConnMode) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let acceptor = acceptor.clone();
        let mode = mode.clone();
        tokio::spawn(async move {
            match mode {
                ConnMode::Http(router) => {
                    // A failed handshake (the client rejected our certificate) just ends the connection.
                    let Ok(tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let svc = TowerToHyperService::new(router);
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), svc)
                        .await;
                }
                ConnMode::Reset => {
                    let _ = stream.set_zero_linger();
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut buf = [0u8; 1024];
                    let _ = tls.read(&mut buf).await;
                    // Dropped with SO_LINGER 0: the kernel sends RST instead of FIN.
                    drop(tls);
                }
            }
        });
    }
}
