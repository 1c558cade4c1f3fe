//! The accept loop. axum's `serve` gives hyper no timer, so a client that
//! trickles its request headers could hold a connection (and a file
//! descriptor) forever; this loop configures hyper with a header-read
//! timeout, caps the number of open connections, and shuts down gracefully.

use super::EdgeSettings;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// What a connection over the cap is told before it is closed.
const BUSY: &[u8] = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: 62\r\n\r\nMáy chủ đang bận, vui lòng thử lại sau giây lát.\n".as_bytes();

/// The most a request's headers may take, cookies included: browsers keep
/// a cookie under 4 KB, and this site sets two small ones.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Serves `router` on `listener` until `shutdown` completes, then stops
/// accepting, lets open connections finish their requests, and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: &EdgeSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_timeout)
        // Headers larger than this are answered 431 and the connection
        // closed before anything is parsed further (hyper's default lets a
        // client send ~400 KB of cookies with every request).
        .max_buf_size(MAX_HEADER_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32)
        .keep_alive_interval(Some(settings.header_timeout));
    let builder = Arc::new(builder);
    let connections = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(stop_rx);
    });
    let (open_tx, open_rx) = watch::channel(());
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = stop_tx.closed() => break,
        };
        // Answers go out as soon as they are written: with Nagle's algorithm
        // a response written in two parts waits for the client's delayed ACK.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(refuse(tcp));
            continue;
        };
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request.map(Body::new)
                });
        let builder = builder.clone();
        let stop = stop_tx.clone();
        let open = open_rx.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(tcp);
            let mut connection =
                pin!(builder.serve_connection_with_upgrades(io, TowerToHyperService::new(service)));
            let mut stopping = pin!(stop.closed());
            let mut told_to_stop = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::trace!(error = %e, %peer, "connection ended with an error");
                        }
                        break;
                    }
                    () = &mut stopping, if !told_to_stop => {
                        told_to_stop = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            drop((permit, open));
        });
    }
    drop(listener);
    drop(open_rx);
    open_tx.closed().await;
}

/// Over the connection cap: a short 503, then the socket is closed, so an
/// overload costs a moment per connection rather than memory.
async fn refuse(mut tcp: tokio::net::TcpStream) {
    let _ = tokio::time::timeout(Duration::from_secs(1), tcp.write_all(BUSY)).await;
    let _ = tcp.shutdown().await;
}

/// Accept errors other than a client hanging up early: usually out of file
/// descriptors, which closing connections will free, so wait a little.
async fn accept_error(e: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    tokio::time::sleep(Duration::from_millis(200)).await;
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_busy_answer_declares_its_length() {
        let text = std::str::from_utf8(super::BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
    }
}
