//! Secrets every app server shares, kept in the database (`server_keys`) so
//! that several servers sign and verify alike: the first that needs a key
//! creates it, the others read it.

use super::{Db, now_unix};
use rand::Rng;

impl Db {
    /// The key that signs quiz attempt tokens, read once per process.
    pub async fn attempt_key(&self) -> Result<&[u8], sqlx::Error> {
        self.attempt_key
            .get_or_try_init(|| self.server_key("attempt tokens"))
            .await
            .map(Vec::as_slice)
    }

    /// The key named `name`, created (32 random bytes) if there is none yet.
    async fn server_key(&self, name: &str) -> Result<Vec<u8>, sqlx::Error> {
        let fresh: [u8; 32] = rand::rng().random();
        let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        sqlx::query(
            "INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&fresh)
        .bind(now_unix())
        .execute(&self.pool)
        .await?;
        let secret: String = sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(secret.into_bytes())
    }
}
