//! The device cookie: a browser that once signed in to an account
//! successfully carries a random token for it, stored on the server only as
//! a hash. Past the per-account limit of failed sign-ins such a browser may
//! still try (slowed only per address), so a guesser elsewhere cannot lock
//! the real person out of their account.

use blake2::{Blake2s256, Digest};
use rand::Rng;

pub const DEVICE_COOKIE: &str = "hocso_device";

/// A new random token (256 bits, hex).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex(&bytes)
}

/// What is stored for `token`: a leaked table gives no usable cookie.
pub fn token_hash(token: &str) -> String {
    hex(&Blake2s256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value that gives this browser `token` for a year.
pub fn cookie(token: &str, secure: bool) -> String {
    format!(
        "{DEVICE_COOKIE}={token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
