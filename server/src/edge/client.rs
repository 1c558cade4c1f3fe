//! The client's address behind a reverse proxy. `X-Forwarded-For` is
//! believed only when the TCP peer is one of the configured trusted proxies,
//! and then only as far as the chain stays within them: the right-most
//! address that is not a trusted proxy is the client (anything left of it
//! could have been written by the client itself).

use app::ssr::client::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma- or space-separated list of addresses and CIDR ranges
    /// (`10.0.0.0/8, ::1`); an empty list trusts nobody.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request from TCP peer `peer`.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let mut client = peer;
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in forwarded.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                // garbage in the chain: stop at what we could verify
                break;
            };
            client = ip;
            if !self.contains(ip) {
                break;
            }
        }
        client
    }
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(canonical)
}

/// IPv4 clients of a dual-stack socket arrive as `::ffff:a.b.c.d`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Puts the client's [`ClientAddr`] in the request for the limits and logs.
pub async fn client_addr(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = proxies.client_of(peer.ip(), request.headers());
        request.extensions_mut().insert(ClientAddr(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn nobody_is_trusted_by_default() {
        let none = TrustedProxies::parse("").unwrap();
        assert_eq!(
            none.client_of(ip("10.0.0.2"), &forwarded("203.0.113.7")),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_right_most_first() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // the client wrote a fake address in front of its own
        assert_eq!(
            proxies.client_of(ip("10.0.0.2"), &forwarded("1.2.3.4, 203.0.113.7")),
            ip("203.0.113.7")
        );
        // two proxies in a row
        assert_eq!(
            proxies.client_of(
                ip("10.0.0.2"),
                &forwarded("1.2.3.4, 203.0.113.7, 192.168.1.1")
            ),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies.client_of(ip("::ffff:10.0.0.2"), &forwarded("[2001:db8::5]:443")),
            ip("2001:db8::5")
        );
        // an untrusted peer's header is ignored
        assert_eq!(
            proxies.client_of(ip("203.0.113.9"), &forwarded("1.2.3.4")),
            ip("203.0.113.9")
        );
        // garbage stops the walk at the last verified hop
        assert_eq!(
            proxies.client_of(ip("10.0.0.2"), &forwarded("1.2.3.4, nonsense")),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn bad_entries_are_reported() {
        assert!(TrustedProxies::parse("10.0.0.0/8, proxy.local").is_err());
    }
}
