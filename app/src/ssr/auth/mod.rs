//! Who is asking and what they may do: passwords, sessions, throttling and
//! the one guard ([`viewer`]) that server functions and the HTTP access
//! policy both use.

pub mod device;
mod hash_turns;
mod password;
pub mod setup_code;
mod store;
mod throttle;
mod viewer_cache;

pub use hash_turns::{HashTurn, HashTurns};
pub use password::{PasswordRules, Passwords};
pub use store::DbSessionStore;
pub use throttle::{Limit, RetryAfter, Throttle};
pub use viewer_cache::{Known, ViewerCache};

use super::db::{Db, now_unix};
use crate::domain::Viewer;
use std::time::Duration;
use tower_sessions::Session;

/// Session lifetimes and cookie settings.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
    /// Mark the cookie `Secure` (set when the site is served over HTTPS).
    pub secure_cookie: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            idle: Duration::from_secs(2 * 24 * 3600),
            absolute: Duration::from_secs(30 * 24 * 3600),
            secure_cookie: false,
        }
    }
}

pub const SESSION_COOKIE: &str = "hocso_sid";

/// Everything authentication needs, shared by all requests.
#[derive(Clone)]
pub struct Auth {
    pub passwords: Passwords,
    /// One short queue per client address in front of `passwords`.
    pub hash_turns: HashTurns,
    pub throttle: Throttle,
    pub sessions: SessionSettings,
    /// Signed-in readers of cached pages, remembered for a second.
    pub viewers: ViewerCache,
}

impl Auth {
    pub fn new(sessions: SessionSettings, hashing_concurrency: usize, throttle: Throttle) -> Auth {
        Auth {
            passwords: Passwords::new(hashing_concurrency),
            hash_turns: HashTurns::default(),
            throttle,
            sessions,
            viewers: ViewerCache::new(),
        }
    }
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("sessions", &self.sessions)
            .finish_non_exhaustive()
    }
}

const USER_ID: &str = "uid";
const SIGNED_IN_AT: &str = "auth_at";
const SECURITY_VERSION: &str = "ver";
const SEEN_AT: &str = "seen_at";
/// How stale the last-seen mark may get before it is rewritten; this bounds
/// the writes that keep an active session from idling out.
const SEEN_EVERY: i64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// The signed-in person of this session, if any. Ends sessions past their
/// absolute lifetime, whose user is gone, or whose user's security version
/// moved since sign-in (a password change, a role taken away): such a session
/// is signed out even if deleting it from the store failed. A role granted
/// does not move the version; roles are read afresh on every request.
/// The signed-in person of the request with `headers`, through the
/// [`ViewerCache`] (what a session stands for, read at most once a second),
/// for the hot paths of signed-in learners (a quiz, a submission).
/// `None` when the session needs the full path ([`viewer`]): its idle mark is
/// due, it expired, or its security version moved.
pub async fn cached_viewer(
    headers: &http::HeaderMap,
    db: &Db,
    auth: &Auth,
) -> Result<Option<Option<Viewer>>, sqlx::Error> {
    let id = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| crate::i18n::cookie_value(cookie, SESSION_COOKIE));
    let Some(id) = id else {
        return Ok(Some(None));
    };
    Ok(match auth.viewers.known(db, &auth.sessions, id).await? {
        Known::Viewer(viewer) => Some(Some(viewer)),
        Known::Nobody => Some(None),
        Known::FullPath => None,
    })
}

pub async fn viewer(
    session: &Session,
    db: &Db,
    settings: &SessionSettings,
) -> Result<Option<Viewer>, AuthError> {
    let Some(user_id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await?.unwrap_or(0);
    if now_unix().saturating_sub(signed_in_at) > settings.absolute.as_secs() as i64 {
        session.flush().await?;
        return Ok(None);
    }
    let Some((user, roles)) = db.user_with_roles(user_id).await? else {
        session.flush().await?;
        return Ok(None);
    };
    if session.get::<i64>(SECURITY_VERSION).await? != Some(user.security_version) {
        session.flush().await?;
        return Ok(None);
    }
    let now = now_unix();
    if session
        .get::<i64>(SEEN_AT)
        .await?
        .is_none_or(|seen| now - seen > SEEN_EVERY)
    {
        // a modified session is saved, which pushes its idle expiry forward
        session.insert(SEEN_AT, now).await?;
    }
    Ok(Some(user.viewer(roles)))
}

/// The signed-in person as the access policy already loaded them for this
/// request (a request extension), so guards further in need not load again.
#[derive(Clone, Debug)]
pub struct KnownViewer(pub Option<Viewer>);

/// Starts a signed-in session under a new id (no session fixation).
pub async fn sign_in(
    session: &Session,
    user_id: i64,
    security_version: i64,
) -> Result<(), AuthError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    session.insert(SIGNED_IN_AT, now_unix()).await?;
    session.insert(SECURITY_VERSION, security_version).await?;
    session.insert(SEEN_AT, now_unix()).await?;
    Ok(())
}

/// Ends this session on the server and clears its cookie.
pub async fn sign_out(session: &Session) -> Result<(), AuthError> {
    session.flush().await?;
    Ok(())
}

/// The user id a session record belongs to (for the store's `user_id` column).
pub(crate) fn user_of_record(record: &tower_sessions::session::Record) -> Option<i64> {
    record.data.get(USER_ID).and_then(serde_json::Value::as_i64)
}
