use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

use crate::domain::{PhoneNumber, Problem};

/// Commonly used passwords of 8+ characters (zxcvbn's frequency list plus
/// Vietnamese favourites), lowercase, one per line.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// The form a password is checked, hashed and verified in: Unicode NFC, so a
/// Vietnamese passphrase typed with combining accents on one phone and with
/// precomposed letters on another is the same password.
fn normalised(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    password.nfc().collect()
}

/// argon2id with OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Rules a person can understand, checked before anything is stored.
pub struct PasswordRules;

impl PasswordRules {
    pub const MIN_CHARS: usize = 8;
    /// Long enough for any passphrase, short enough that hashing stays cheap.
    pub const MAX_CHARS: usize = 128;

    pub fn check(password: &str, phone: Option<&PhoneNumber>) -> Result<(), Problem> {
        let password = normalised(password);
        let password = password.as_str();
        let chars = password.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(Problem::PasswordTooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(Problem::PasswordTooLong);
        }
        if COMMON.contains(password.to_lowercase().as_str()) {
            return Err(Problem::PasswordCommon);
        }
        if let Some(phone) = phone {
            let compact: String = password
                .chars()
                .filter(|c| !" .-+()".contains(*c))
                .collect();
            let national = phone.national_digits();
            if [
                national.to_owned(),
                format!("0{national}"),
                format!("84{national}"),
            ]
            .contains(&compact)
            {
                return Err(Problem::PasswordIsPhone);
            }
        }
        Ok(())
    }
}

/// Hashes and verifies passwords off the async workers, a bounded number at a
/// time, so a flood of sign-ins queues here instead of starving page serving.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    concurrency: usize,
    /// Hashes waiting for a permit (for `/metrics`).
    waiting: Arc<AtomicUsize>,
    /// A real hash to verify against when the account does not exist, so an
    /// unknown identifier takes as long as a wrong password.
    decoy: Arc<String>,
}

impl Passwords {
    pub fn new(concurrency: usize) -> Passwords {
        let decoy = argon2()
            .hash_password(b"decoy password for unknown accounts")
            .map(|h| h.to_string())
            .expect("argon2 hashes");
        Passwords {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            concurrency: concurrency.max(1),
            waiting: Arc::new(AtomicUsize::new(0)),
            decoy: Arc::new(decoy),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let password = normalised(password);
        self.blocking(move || {
            argon2()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|_| PasswordError)
        })
        .await
    }

    /// Whether `password` matches the stored PHC `hash`; with no hash, spends
    /// the same time on the decoy and answers false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, PasswordError> {
        let password = normalised(password);
        // an account made by an administrator has no password until its
        // set-up code is used: it answers as an unknown account does
        let (hash, real) = match hash {
            Some(h) if PasswordHash::new(h).is_ok() => (h.to_owned(), true),
            _ => ((*self.decoy).clone(), false),
        };
        self.blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|_| PasswordError)?;
            // Verify even against the decoy: skipping it would make unknown
            // accounts answer faster, telling an attacker which ones exist.
            let matches = argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(real && matches)
        })
        .await
    }

    /// (hashes running, hashes waiting for a slot).
    pub fn queue(&self) -> (usize, usize) {
        (
            self.concurrency - self.permits.available_permits(),
            self.waiting.load(Ordering::Relaxed),
        )
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, PasswordError> + Send + 'static,
    ) -> Result<T, PasswordError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let permit = self.permits.acquire().await;
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        let _permit = permit.map_err(|_| PasswordError)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| PasswordError)?
    }
}

/// Hashing failed (never says anything about the password).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct PasswordError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(
            PasswordRules::check("ngắn", None),
            Err(Problem::PasswordTooShort)
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in [
            "password123",
            "Matkhau123",
            "12345678",
            "anhyeuem123",
            "QWERTYUIOP",
        ] {
            assert_eq!(
                PasswordRules::check(common, None),
                Err(Problem::PasswordCommon),
                "{common}"
            );
        }
    }

    #[test]
    fn the_phone_number_is_not_a_password() {
        let phone = PhoneNumber::parse("0905123456").unwrap();
        assert_eq!(
            PasswordRules::check("0905123456", Some(&phone)),
            Err(Problem::PasswordIsPhone)
        );
        assert_eq!(
            PasswordRules::check("+84905123456", Some(&phone)),
            Err(Problem::PasswordIsPhone)
        );
        assert!(PasswordRules::check("Hoa sen 0905123456 nở", Some(&phone)).is_ok());
    }

    #[test]
    fn a_memorable_passphrase_is_accepted() {
        assert!(PasswordRules::check("cây tre làng tôi xanh", None).is_ok());
    }

    #[tokio::test]
    async fn an_unknown_account_costs_a_full_verification() {
        let passwords = Passwords::new(1);
        let hash = passwords.hash("cây tre làng tôi").await.unwrap();
        let timed = |hash: Option<String>| {
            let passwords = passwords.clone();
            async move {
                let start = std::time::Instant::now();
                assert!(
                    !passwords
                        .verify("sai mật khẩu", hash.as_deref())
                        .await
                        .unwrap()
                );
                start.elapsed()
            }
        };
        let known = timed(Some(hash)).await;
        let unknown = timed(None).await;
        // the same work: never an order of magnitude apart
        assert!(
            unknown * 4 > known,
            "unknown {unknown:?} vs known {known:?}"
        );
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies() {
        let passwords = Passwords::new(1);
        let hash = passwords.hash("cây tre làng tôi").await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            passwords
                .verify("cây tre làng tôi", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("cây tre làng em", Some(&hash))
                .await
                .unwrap()
        );
        assert!(!passwords.verify("cây tre làng tôi", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_password_typed_with_combining_accents_is_the_same_password() {
        use unicode_normalization::UnicodeNormalization;
        let composed = "Mật khẩu của tôi";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        let passwords = Passwords::new(1);
        let hash = passwords.hash(&decomposed).await.unwrap();
        assert!(passwords.verify(composed, Some(&hash)).await.unwrap());
        let hash = passwords.hash(composed).await.unwrap();
        assert!(passwords.verify(&decomposed, Some(&hash)).await.unwrap());
    }
}
