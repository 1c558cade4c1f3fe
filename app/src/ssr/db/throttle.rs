//! Attempt limits and trusted devices, shared by every app server.

use super::{Db, now_unix};

/// Unix time in milliseconds.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Db {
    /// The stored arrival times of `keys` (keys never charged are absent).
    pub async fn throttle_times(&self, keys: &[String]) -> Result<Vec<(String, i64)>, sqlx::Error> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT key, tat FROM throttle WHERE key IN ({})",
            placeholders.join(", ")
        );
        // only numbered placeholders are formatted in; the keys are bound
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for key in keys {
            query = query.bind(key);
        }
        query.fetch_all(&self.pool).await
    }

    /// Counts one attempt against `key`: its arrival time moves one period
    /// (`every_ms`) past the later of itself and now, in one statement, so
    /// concurrent attempts on several servers all count.
    pub async fn throttle_charge(&self, key: &str, every_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO throttle (key, tat) VALUES ($1, $2 + $3)
             ON CONFLICT (key) DO UPDATE
             SET tat = (CASE WHEN throttle.tat > $2 THEN throttle.tat ELSE $2 END) + $3",
        )
        .bind(key)
        .bind(now_millis())
        .bind(every_ms)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// Charges `key` as [`Db::throttle_charge`] does and answers its new
    /// arrival time, in the same statement.
    pub async fn throttle_take(&self, key: &str, every_ms: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO throttle (key, tat) VALUES ($1, $2 + $3)
             ON CONFLICT (key) DO UPDATE
             SET tat = (CASE WHEN throttle.tat > $2 THEN throttle.tat ELSE $2 END) + $3
             RETURNING tat",
        )
        .bind(key)
        .bind(now_millis())
        .bind(every_ms)
        .fetch_one(&self.pool)
        .await
    }

    /// Gives back one period of `key` (an attempt [`Db::throttle_take`]
    /// counted and then refused).
    pub async fn throttle_give_back(&self, key: &str, every_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE throttle SET tat = tat - $2 WHERE key = $1")
            .bind(key)
            .bind(every_ms)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Forgets limits that have fully recovered.
    pub async fn throttle_prune(&self) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM throttle WHERE tat < $1")
            .bind(now_millis())
            .execute(&self.pool)
            .await
            .map(|r| r.rows_affected())
    }

    /// Remembers that the browser holding the token hashed as `token_hash`
    /// signed in to `user_id`.
    pub async fn trusted_device_add(
        &self,
        token_hash: &str,
        user_id: i64,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, last_used_at = excluded.last_used_at",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// Keeps the device `newest` (just added) and the `keep - 1` others of
    /// `user_id` used most recently, and forgets the rest (each sign-in from
    /// a new browser adds one).
    pub async fn trusted_devices_keep_newest(
        &self,
        user_id: i64,
        newest: &str,
        keep: i64,
    ) -> Result<u64, sqlx::Error> {
        sqlx::query(
            "DELETE FROM trusted_devices WHERE user_id = $1 AND token_hash <> $2
               AND token_hash NOT IN (
                 SELECT token_hash FROM trusted_devices WHERE user_id = $1 AND token_hash <> $2
                 ORDER BY last_used_at DESC, created_at DESC, token_hash LIMIT $3)",
        )
        .bind(user_id)
        .bind(newest)
        .bind(keep - 1)
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
    }

    /// Keeps the `keep` signed-in sessions of `user_id` that expire last and
    /// ends the rest (and any expired one).
    pub async fn sessions_keep_newest(&self, user_id: i64, keep: i64) -> Result<u64, sqlx::Error> {
        sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND (expires_at <= $3 OR id NOT IN (
                 SELECT id FROM sessions WHERE user_id = $1
                 ORDER BY expires_at DESC, id LIMIT $2))",
        )
        .bind(user_id)
        .bind(keep)
        .bind(now_unix())
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
    }

    /// Whether the token hashed as `token_hash` was issued to `user_id`.
    pub async fn trusted_device_of(
        &self,
        token_hash: &str,
        user_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM trusted_devices WHERE token_hash = $1 AND user_id = $2",
        )
        .bind(token_hash)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}
