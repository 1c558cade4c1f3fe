//! Who is signed in, remembered for a moment: the page cache answers signed-in
//! readers too, and loading the session, the user and their roles from the
//! database on every page would cost more than the page. An entry lives at
//! most [`ViewerCache::MAX_AGE`], so a sign-out, a password change or a role
//! change made on any app server shows everywhere within a second; this
//! process forgets a session at once when it signs it in or out.
//!
//! The cache is bounded: only well-formed session ids (what tower-sessions
//! makes: 22 characters of URL-safe base64 for 128 bits) are looked up or
//! kept, so a made-up cookie costs neither a query nor memory, and at most
//! [`ViewerCache::MAX_ENTRIES`] sessions are remembered (stale ones are swept
//! out first; when every entry is fresh the new one is simply not kept).

use super::{SECURITY_VERSION, SEEN_AT, SEEN_EVERY, SIGNED_IN_AT, SessionSettings, USER_ID};
use crate::domain::Viewer;
use crate::ssr::db::{Db, now_unix};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// What a session cookie stands for, as far as a cached page is concerned.
#[derive(Clone, Debug, PartialEq)]
pub enum Known {
    /// A signed-in person.
    Viewer(Viewer),
    /// No signed-in session behind the cookie: an anonymous reader.
    Nobody,
    /// The session needs the full request path (its idle mark is due to be
    /// written, it has ended, or its person's security version moved, which
    /// signs it out): let the application handle this request.
    FullPath,
}

#[derive(Clone, Debug, Default)]
pub struct ViewerCache {
    entries: Arc<RwLock<HashMap<String, (Known, Instant)>>>,
}

impl ViewerCache {
    /// How long what was read about a session is believed.
    pub const MAX_AGE: Duration = Duration::from_secs(1);
    /// Sessions remembered at most: a second's worth of distinct signed-in
    /// readers on a busy server, a few MB.
    pub const MAX_ENTRIES: usize = 20_000;

    pub fn new() -> ViewerCache {
        ViewerCache::default()
    }

    /// What session `id` stands for, from memory when read less than
    /// [`Self::MAX_AGE`] ago, else from the database.
    pub async fn known(
        &self,
        db: &Db,
        settings: &SessionSettings,
        id: &str,
    ) -> Result<Known, sqlx::Error> {
        if !well_formed(id) {
            // no session was ever issued with this id
            return Ok(Known::Nobody);
        }
        if let Some((known, at)) = self
            .entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            && at.elapsed() < Self::MAX_AGE
        {
            return Ok(known.clone());
        }
        let known = load(db, settings, id).await?;
        // Only what holds for a while is kept; FullPath is decided afresh.
        if known != Known::FullPath {
            let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
            if entries.len() >= Self::MAX_ENTRIES && !entries.contains_key(id) {
                entries.retain(|_, (_, at)| at.elapsed() < Self::MAX_AGE);
            }
            if entries.len() < Self::MAX_ENTRIES || entries.contains_key(id) {
                entries.insert(id.to_owned(), (known.clone(), Instant::now()));
            }
        }
        Ok(known)
    }

    /// Forgets session `id` (it was just signed in, signed out or changed).
    pub fn forget(&self, id: &str) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
    }

    /// Sessions remembered now.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops entries too old to be used; returns how many are left.
    pub fn sweep(&self) -> usize {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, (_, at)| at.elapsed() < Self::MAX_AGE);
        entries.len()
    }
}

/// Whether `id` has the shape of a session id tower-sessions issues.
pub fn well_formed(id: &str) -> bool {
    id.len() == 22 && id.parse::<tower_sessions::session::Id>().is_ok()
}

/// Reads session `id` the way [`super::viewer`] judges it, without writing.
async fn load(db: &Db, settings: &SessionSettings, id: &str) -> Result<Known, sqlx::Error> {
    let Some(data) = db.session_load(id).await? else {
        return Ok(Known::Nobody);
    };
    let Ok(record) = serde_json::from_str::<tower_sessions::session::Record>(&data) else {
        return Ok(Known::FullPath);
    };
    let field = |name: &str| record.data.get(name).and_then(serde_json::Value::as_i64);
    let Some(user_id) = field(USER_ID) else {
        return Ok(Known::Nobody);
    };
    let now = now_unix();
    let lifetime = i64::try_from(settings.absolute.as_secs()).unwrap_or(i64::MAX);
    let expired = now.saturating_sub(field(SIGNED_IN_AT).unwrap_or(0)) > lifetime;
    // the full path rewrites the idle mark when it is due, as `viewer` does
    let seen_due = field(SEEN_AT).is_none_or(|seen| now - seen > SEEN_EVERY);
    if expired || seen_due {
        return Ok(Known::FullPath);
    }
    let Some((user, roles)) = db.user_with_roles(user_id).await? else {
        return Ok(Known::FullPath);
    };
    if field(SECURITY_VERSION) != Some(user.security_version) {
        return Ok(Known::FullPath);
    }
    Ok(Known::Viewer(user.viewer(roles)))
}

#[cfg(test)]
mod tests {
    use super::well_formed;

    #[test]
    fn only_session_ids_of_the_issued_shape_are_looked_up() {
        let id = tower_sessions::session::Id::default().to_string();
        assert!(well_formed(&id), "{id}");
        assert!(!well_formed(""));
        assert!(!well_formed(&"A".repeat(380 * 1024)));
        assert!(!well_formed(&format!("{id}A")));
        assert!(!well_formed("!!!!!!!!!!!!!!!!!!!!!!"));
    }
}
