//! Limits on sign-in and registration attempts, per IP address and per account.
//!
//! Kept in memory: with several app servers each enforces its own limits, so
//! the effective limit is at most (servers × quota); still enough to stop
//! credential stuffing from making progress.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

type Limiter = DefaultKeyedRateLimiter<String>;

pub struct Throttle {
    sign_in_per_account: Limiter,
    sign_in_per_ip: Limiter,
    register_per_ip: Limiter,
}

/// Refused: retry after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole minutes, at least 1, for "thử lại sau N phút".
    pub fn minutes(self) -> u32 {
        u32::try_from(self.0.as_secs().div_ceil(60).max(1)).unwrap_or(u32::MAX)
    }
}

fn quota(burst: u32, one_every: Duration) -> Quota {
    Quota::with_period(one_every)
        .expect("non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("non-zero burst"))
}

fn check(limiter: &Limiter, key: &str) -> Result<(), RetryAfter> {
    limiter
        .check_key(&key.to_owned())
        .map_err(|not_until| RetryAfter(not_until.wait_time_from(DefaultClock::default().now())))
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new(Throttle::SIGN_IN_PER_IP_BURST)
    }
}

impl Throttle {
    /// Sign-in attempts one address may make at once before being slowed to
    /// one every 15 seconds.
    pub const SIGN_IN_PER_IP_BURST: u32 = 20;
    /// How long a refused attempt waits before its answer.
    pub const REFUSAL_PAUSE: Duration = Duration::from_secs(1);

    pub fn new(sign_in_per_ip_burst: u32) -> Throttle {
        Throttle {
            // 5 tries, then one more every 3 minutes
            sign_in_per_account: RateLimiter::keyed(quota(5, Duration::from_secs(180))),
            // a shared connection (a ward office, a school) may hold many people
            sign_in_per_ip: RateLimiter::keyed(quota(
                sign_in_per_ip_burst.max(1),
                Duration::from_secs(15),
            )),
            register_per_ip: RateLimiter::keyed(quota(10, Duration::from_secs(120))),
        }
    }

    pub fn sign_in(&self, ip: &str, account: &str) -> Result<(), RetryAfter> {
        check(&self.sign_in_per_ip, ip)?;
        check(&self.sign_in_per_account, account)
    }

    pub fn register(&self, ip: &str) -> Result<(), RetryAfter> {
        check(&self.register_per_ip, ip)
    }

    /// Forgets keys whose limits have fully recovered (bounded memory).
    pub fn prune(&self) {
        for limiter in [
            &self.sign_in_per_account,
            &self.sign_in_per_ip,
            &self.register_per_ip,
        ] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_rapid_attempt_on_an_account_is_refused() {
        let throttle = Throttle::default();
        for i in 0..5 {
            assert!(
                throttle
                    .sign_in(&format!("10.0.0.{i}"), "+84905123456")
                    .is_ok()
            );
        }
        let refused = throttle.sign_in("10.0.0.9", "+84905123456").unwrap_err();
        assert_eq!(refused.minutes(), 3);
        assert!(
            throttle.sign_in("10.0.0.9", "+84905000000").is_ok(),
            "other accounts are unaffected"
        );
    }

    #[test]
    fn waits_round_up_to_whole_minutes() {
        assert_eq!(RetryAfter(Duration::from_secs(1)).minutes(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(61)).minutes(), 2);
    }
}
