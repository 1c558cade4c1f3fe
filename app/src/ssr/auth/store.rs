use super::user_of_record;
use crate::ssr::db::Db;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// Sessions kept in the application database, so every app server sees them
/// and "sign out everywhere" can delete them by user.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> DbSessionStore {
        DbSessionStore { db }
    }

    /// Deletes expired sessions every `period`, forever.
    pub fn spawn_cleanup(&self, period: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let db = self.db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            loop {
                tick.tick().await;
                match db.sessions_delete_expired().await {
                    Ok(0) => {}
                    Ok(n) => tracing::debug!(sessions = n, "expired sessions deleted"),
                    Err(e) => tracing::warn!(error = %e, "deleting expired sessions failed"),
                }
            }
        })
    }
}

fn backend(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // 128 random bits make a collision practically impossible; still, never overwrite.
        loop {
            let data = encode(record)?;
            let expires = record.expiry_date.unix_timestamp();
            if self
                .db
                .session_insert(
                    &record.id.to_string(),
                    user_of_record(record),
                    &data,
                    expires,
                )
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        self.db
            .session_save(
                &record.id.to_string(),
                user_of_record(record),
                &data,
                record.expiry_date.unix_timestamp(),
            )
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self
            .db
            .session_load(&id.to_string())
            .await
            .map_err(backend)?
        {
            Some(data) => serde_json::from_str(&data)
                .map(Some)
                .map_err(|e| session_store::Error::Decode(e.to_string())),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.db
            .session_delete(&id.to_string())
            .await
            .map_err(backend)
    }
}
