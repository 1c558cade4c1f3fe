//! Limits on sign-in, registration and password-change attempts.
//!
//! Kept in the database (table `throttle`), so that several app servers on one
//! PostgreSQL database enforce one limit between them: adding servers does not
//! multiply an attacker's tries. Each limit is a GCRA ("generic cell rate
//! algorithm"): `burst` attempts at once, then one per `every`.
//!
//! Only failures count towards sign-in and password-change limits; a
//! successful sign-in never does. Registration counts every attempt.

use crate::ssr::db::Db;
use std::time::Duration;

/// One kind of limit: `burst` counted attempts, then one per `every`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Prefix of the keys this limit is stored under.
    pub name: &'static str,
    pub burst: u32,
    pub every: Duration,
}

impl Limit {
    fn every_ms(self) -> i64 {
        i64::try_from(self.every.as_millis()).unwrap_or(i64::MAX)
    }

    /// How far ahead of now the arrival time may be before attempts are refused.
    fn tolerance_ms(self) -> i64 {
        self.every_ms()
            .saturating_mul(i64::from(self.burst.max(1) - 1))
    }

    fn key(self, subject: &str) -> String {
        format!("{}:{subject}", self.name)
    }
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

/// The limits of this deployment.
#[derive(Clone, Debug)]
pub struct Throttle {
    /// Failed sign-ins from one client address (any account).
    pub sign_in_per_address: Limit,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new(Throttle::SIGN_IN_PER_IP_BURST)
    }
}

impl Throttle {
    /// Failed sign-ins one address may make at once before being slowed to
    /// one every 15 seconds; a shared connection (a ward office, a school)
    /// may hold many people.
    pub const SIGN_IN_PER_IP_BURST: u32 = 20;
    /// How long a refused attempt waits before its answer.
    pub const REFUSAL_PAUSE: Duration = Duration::from_secs(1);

    /// Failed sign-ins to one account from browsers without that account's
    /// device cookie: 5, then one every 3 minutes.
    pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
        name: "signin-account",
        burst: 5,
        every: Duration::from_secs(180),
    };
    /// Failed sign-ins to one account from one address, whatever the cookie.
    pub const SIGN_IN_PER_ACCOUNT_AND_ADDRESS: Limit = Limit {
        name: "signin-account-address",
        burst: 10,
        every: Duration::from_secs(180),
    };
    /// Registrations from one address.
    pub const REGISTER_PER_ADDRESS: Limit = Limit {
        name: "register-address",
        burst: 10,
        every: Duration::from_secs(120),
    };
    /// Wrong current passwords given to the password change of one account.
    pub const PASSWORD_CHANGE_PER_ACCOUNT: Limit = Limit {
        name: "password-change",
        burst: 5,
        every: Duration::from_secs(180),
    };

    pub fn new(sign_in_per_ip_burst: u32) -> Throttle {
        Throttle {
            sign_in_per_address: Limit {
                name: "signin-address",
                burst: sign_in_per_ip_burst.max(1),
                every: Duration::from_secs(15),
            },
        }
    }

    /// Refused with the longest wait when any `(limit, subject)` is used up.
    pub async fn check(
        &self,
        db: &Db,
        limits: &[(Limit, &str)],
    ) -> Result<Result<(), RetryAfter>, sqlx::Error> {
        let keys: Vec<String> = limits.iter().map(|(l, s)| l.key(s)).collect();
        let stored = db.throttle_times(&keys).await?;
        let now = crate::ssr::db::now_millis();
        let wait = limits
            .iter()
            .zip(&keys)
            .filter_map(|((limit, _), key)| {
                let (_, tat) = stored.iter().find(|(k, _)| k == key)?;
                let ahead = tat - now - limit.tolerance_ms();
                (ahead > 0).then_some(ahead)
            })
            .max();
        Ok(match wait {
            Some(ms) => Err(RetryAfter(Duration::from_millis(
                u64::try_from(ms).unwrap_or(0),
            ))),
            None => Ok(()),
        })
    }

    /// Counts one attempt against each `(limit, subject)`.
    pub async fn charge(&self, db: &Db, limits: &[(Limit, &str)]) -> Result<(), sqlx::Error> {
        for (limit, subject) in limits {
            db.throttle_charge(&limit.key(subject), limit.every_ms())
                .await?;
        }
        Ok(())
    }

    /// Checks `limits` and, when allowed, counts this attempt (registration).
    pub async fn attempt(
        &self,
        db: &Db,
        limits: &[(Limit, &str)],
    ) -> Result<Result<(), RetryAfter>, sqlx::Error> {
        let verdict = self.check(db, limits).await?;
        if verdict.is_ok() {
            self.charge(db, limits).await?;
        }
        Ok(verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_round_up_to_whole_minutes() {
        assert_eq!(RetryAfter(Duration::from_secs(1)).minutes(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(61)).minutes(), 2);
    }

    #[test]
    fn a_burst_of_five_tolerates_four_periods_ahead() {
        assert_eq!(Throttle::SIGN_IN_PER_ACCOUNT.tolerance_ms(), 4 * 180 * 1000);
        assert_eq!(
            Throttle::SIGN_IN_PER_ACCOUNT.key("+84905123456"),
            "signin-account:+84905123456"
        );
    }
}
