//! One-time set-up codes as stored: issued (the hash only), and redeemed
//! once with the new password in the same transaction. The codes
//! themselves are made in `ssr::auth::setup_code`.

use super::{Db, now_unix};

impl Db {
    /// Stores a new set-up code (its hash) for `user`; any earlier unused
    /// code of theirs stops working. Audited.
    pub async fn issue_setup_code(
        &self,
        user: i64,
        purpose: &str,
        code_hash: &str,
        expires_at: i64,
        by: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE setup_codes SET expires_at = $1 WHERE user_id = $2 AND used_at IS NULL
               AND expires_at > $1",
        )
        .bind(now)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO setup_codes (user_id, code_hash, purpose, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user)
        .bind(code_hash)
        .bind(purpose)
        .bind(by)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO audit_log (actor_id, subject_id, action, detail, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(by)
        .bind(user)
        .bind(format!("setup_code_{purpose}"))
        .bind(format!("expires {expires_at}"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Whether `user` holds an unused, unexpired code with this hash (looked
    /// up before a password is hashed for [`Db::redeem_setup_code`], which
    /// checks again).
    pub async fn setup_code_valid(&self, user: i64, code_hash: &str) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM setup_codes
             WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(user)
        .bind(code_hash)
        .bind(now_unix())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Uses `user`'s code with this hash, once, if it has not expired, and
    /// sets their password hash in the same transaction (every session of
    /// theirs ends); the code's purpose, or `None`.
    pub async fn redeem_setup_code(
        &self,
        user: i64,
        code_hash: &str,
        password_hash: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let purpose: Option<String> = sqlx::query_scalar(
            "UPDATE setup_codes SET used_at = $1
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $1
             RETURNING purpose",
        )
        .bind(now)
        .bind(user)
        .bind(code_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(purpose) = purpose else {
            return Ok(None);
        };
        sqlx::query(
            "UPDATE users SET password_hash = $1, security_version = security_version + 1,
                updated_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        // a new password: browsers trusted under the old one are forgotten
        sqlx::query("DELETE FROM trusted_devices WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_log (actor_id, subject_id, action, detail, created_at)
             VALUES ($1, $1, $2, '', $3)",
        )
        .bind(user)
        .bind(format!("setup_code_used_{purpose}"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(purpose))
    }
}

/// A password reset by set-up code, as its owner is shown it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResetRow {
    pub used_at: i64,
    /// Who issued the code.
    pub issuer: Option<String>,
}

impl Db {
    /// The password resets by code of `user` used since `since`, newest first.
    pub async fn resets_of(&self, user: i64, since: i64) -> Result<Vec<ResetRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT c.used_at, u.full_name AS issuer FROM setup_codes c
             LEFT JOIN users u ON u.id = c.created_by
             WHERE c.user_id = $1 AND c.purpose = 'reset' AND c.used_at >= $2
             ORDER BY c.used_at DESC",
        )
        .bind(user)
        .bind(since)
        .fetch_all(&self.pool)
        .await
    }
}
