//! Who is on the other end of a request: the client address the HTTP edge
//! worked out (the TCP peer, or the address a trusted reverse proxy
//! forwarded), as a request extension.

use std::net::{IpAddr, Ipv6Addr};

/// The client's address as the edge determined it (see `server::edge::client`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The key per-address limits are kept under. An IPv6 client is counted
    /// by its /64: one subscriber usually holds a whole /64 and can pick any
    /// address in it, so a per-address limit would not limit anything.
    pub fn throttle_key(self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                    format!("{net}/64")
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let key = |ip: &str| ClientAddr(ip.parse().unwrap()).throttle_key();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:bbbb::9"), key("2001:db8:1:2:aaaa::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
    }
}
