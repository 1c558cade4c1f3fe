//! The HTTP edge: everything between the socket and the application that a
//! site on the public internet needs, set up from [`EdgeSettings`].
//!
//! Layers from the outside in: metrics, the client's address, security
//! headers (and the response's script nonce), the cap on requests in flight,
//! the handling time limit, the body limits, compression, the page cache,
//! then the application's own same-origin, session and access layers, and
//! innermost the removal of hydration data from pages without islands
//! (`crate::islands`).

pub mod client;
pub mod headers;
pub mod limits;
pub mod listener;

use std::time::Duration;

/// Limits and policies of the HTTP edge; each is an environment variable
/// (see `hocso serve --help` and the README).
#[derive(Clone, Debug)]
pub struct EdgeSettings {
    /// A client must send its request headers within this time.
    pub header_timeout: Duration,
    /// A client must send its whole request body within this time.
    pub body_timeout: Duration,
    /// A request taking longer than this to handle is answered 503.
    pub request_timeout: Duration,
    /// Open connections at most; more are told 503 and closed.
    pub max_connections: usize,
    /// Requests being handled at most; more are answered 503.
    pub max_requests: usize,
    /// Request body size for routes without a limit of their own.
    pub body_limit: usize,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: client::TrustedProxies,
    /// Addresses allowed to read `/metrics`.
    pub metrics_allowed: client::TrustedProxies,
    /// Image sources allowed by the CSP besides this site and `data:`.
    pub extra_img_src: Vec<String>,
}

impl Default for EdgeSettings {
    fn default() -> Self {
        EdgeSettings {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            max_connections: 10_000,
            max_requests: 1_024,
            body_limit: 64 * 1024,
            trusted_proxies: client::TrustedProxies::default(),
            metrics_allowed: client::TrustedProxies::parse("127.0.0.1, ::1")
                .expect("loopback addresses parse"),
            extra_img_src: Vec::new(),
        }
    }
}
