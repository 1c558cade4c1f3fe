//! Limits on sign-in, registration and password-change attempts.
//!
//! Kept in the database (table `throttle`), so that several app servers on one
//! PostgreSQL database enforce one limit between them: adding servers does not
//! multiply an attacker's tries. Each limit is a GCRA ("generic cell rate
//! algorithm"): `burst` attempts at once, then one per `every`.
//!
//! Failures count towards the sign-in and password-change limits;
//! registration counts every attempt. Every sign-in and activation that is
//! evaluated (hashed) also takes a slot of a generous per-address limit
//! ([`Throttle::sign_ins_per_address`]), taken atomically before hashing so
//! that concurrent requests cannot all pass one check.
//!
//! Who may be refused for what (the README's "Attempt limits" says the
//! same): the per-address and per-(account, address) limits refuse without
//! evaluating. The per-account limit never refuses a correct password or a
//! valid set-up code: past it a guess is still evaluated (bounded by the
//! address limits and by [`Throttle::SIGN_IN_PER_ACCOUNT_PAST_LIMIT`]), a
//! correct one signs in and a wrong one is refused and counted. A stranger
//! therefore cannot lock the owner out from one address or a few; only past
//! the second, larger per-account budget (many addresses guessing at once)
//! are new browsers refused unevaluated, while a browser that signed in to
//! the account before still may try.

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
    /// Sign-ins and activations evaluated for one client address, right or
    /// wrong: bounds one client's share of the password-hashing pool and
    /// the sessions and device rows correct sign-ins add.
    pub sign_ins_per_address: Limit,
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
    /// Sign-ins (right or wrong) one address may make at once before being
    /// slowed to one every 2 seconds (1,800 an hour: a school's room signing
    /// in together passes; 60 at once from one client do not).
    pub const SIGN_INS_PER_IP_BURST: u32 = 30;
    /// How long a refused attempt waits before its answer.
    pub const REFUSAL_PAUSE: Duration = Duration::from_secs(1);

    /// Failed sign-ins to one account from browsers without that account's
    /// device cookie: 5, then one every 3 minutes.
    pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
        name: "signin-account",
        burst: 5,
        every: Duration::from_secs(180),
    };
    /// Wrong guesses at one account still evaluated once
    /// [`Throttle::SIGN_IN_PER_ACCOUNT`] is used up: 50, then one every 3
    /// minutes. Past both, a browser without the account's device cookie is
    /// refused unevaluated. An attacker needs at least six addresses (see
    /// the per-(account, address) limit) to get here, and so at most about
    /// 1,000 guesses a day at one account.
    pub const SIGN_IN_PER_ACCOUNT_PAST_LIMIT: Limit = Limit {
        name: "signin-account-past",
        burst: 50,
        every: Duration::from_secs(180),
    };
    /// Password-reset e-mails asked for one account (their own key: asking
    /// never uses up the account's sign-in limits): 3, then one per 10
    /// minutes.
    pub const FORGOT_PER_ACCOUNT: Limit = Limit {
        name: "forgot-account",
        burst: 3,
        every: Duration::from_secs(600),
    };
    /// Password-reset e-mails asked from one address: 10, then one a minute.
    pub const FORGOT_PER_ADDRESS: Limit = Limit {
        name: "forgot-address",
        burst: 10,
        every: Duration::from_secs(60),
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
        Throttle::with_sign_ins(sign_in_per_ip_burst, Throttle::SIGN_INS_PER_IP_BURST)
    }

    /// With `sign_ins_per_ip_burst` evaluated sign-ins per address (right or
    /// wrong) at once, then one every 2 seconds.
    pub fn with_sign_ins(sign_in_per_ip_burst: u32, sign_ins_per_ip_burst: u32) -> Throttle {
        Throttle {
            sign_in_per_address: Limit {
                name: "signin-address",
                burst: sign_in_per_ip_burst.max(1),
                every: Duration::from_secs(15),
            },
            sign_ins_per_address: Limit {
                name: "signins-address",
                burst: sign_ins_per_ip_burst.max(1),
                every: Duration::from_secs(2),
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

    /// Counts this attempt against `limit` and answers whether it was
    /// within it, in one statement: of many concurrent attempts exactly the
    /// limit's worth get through (a refused attempt is given back).
    pub async fn take(
        &self,
        db: &Db,
        limit: Limit,
        subject: &str,
    ) -> Result<Result<(), RetryAfter>, sqlx::Error> {
        let key = limit.key(subject);
        let tat = db.throttle_take(&key, limit.every_ms()).await?;
        let now = crate::ssr::db::now_millis();
        let ahead = tat - limit.every_ms() - now - limit.tolerance_ms();
        if ahead <= 0 {
            return Ok(Ok(()));
        }
        db.throttle_give_back(&key, limit.every_ms()).await?;
        Ok(Err(RetryAfter(Duration::from_millis(
            u64::try_from(ahead).unwrap_or(0),
        ))))
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
