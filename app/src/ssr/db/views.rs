use super::{Db, now_unix};
use crate::ssr::views::{FlushError, FlushJob, ViewTarget};
use std::time::Duration;

impl Db {
    /// Writes a flush of the view counter in one transaction: the views of
    /// every batch of `job` the stored mark of `server_id` does not cover,
    /// and the mark set to `job.seq` (see `ssr::views`). Adding (never
    /// overwriting) keeps counts exact when several app servers flush into
    /// one database. Returns the number of views added.
    pub async fn add_views(&self, server_id: i64, job: &FlushJob) -> Result<u64, FlushError> {
        let mut tx = self.pool.begin().await.map_err(FlushError::RolledBack)?;
        // A write first: it takes SQLite's write lock (waiting as busy_timeout
        // allows) and PostgreSQL's lock on this server's mark, so the mark it
        // returns is the latest and no other flush of this server can change
        // it before the commit (PostgreSQL re-reads a row updated meanwhile).
        let added = async {
            let mark: i64 = sqlx::query_scalar(
                "INSERT INTO view_flush_marks (server_id, seq, updated_at) VALUES ($1, 0, $2)
                 ON CONFLICT (server_id) DO UPDATE SET updated_at = excluded.updated_at
                 RETURNING seq",
            )
            .bind(server_id)
            .bind(now_unix())
            .fetch_one(&mut *tx)
            .await?;
            let views = job.views_after(u64::try_from(mark).unwrap_or(0));
            for (target, n) in &views {
                let (sql, id) = match *target {
                    ViewTarget::Lesson(id) => {
                        ("UPDATE lessons SET views = views + $1 WHERE id = $2", id)
                    }
                    ViewTarget::Article(id) => {
                        ("UPDATE articles SET views = views + $1 WHERE id = $2", id)
                    }
                };
                sqlx::query(sql)
                    .bind(i64::try_from(*n).unwrap_or(i64::MAX))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("UPDATE view_flush_marks SET seq = $1 WHERE server_id = $2")
                .bind(i64::try_from(job.seq).unwrap_or(i64::MAX))
                .bind(server_id)
                .execute(&mut *tx)
                .await?;
            Ok(views.iter().map(|(_, n)| n).sum())
        }
        .await
        .map_err(FlushError::RolledBack)?;
        tx.commit().await.map_err(FlushError::Unsure)?;
        Ok(added)
    }

    /// Deletes the marks of other app servers that flushed nothing for
    /// `idle` (servers stopped long ago: each start has a new id).
    pub async fn forget_view_marks(
        &self,
        server_id: i64,
        idle: Duration,
    ) -> Result<(), sqlx::Error> {
        let before = now_unix() - i64::try_from(idle.as_secs()).unwrap_or(i64::MAX / 2);
        sqlx::query("DELETE FROM view_flush_marks WHERE updated_at < $1 AND server_id <> $2")
            .bind(before)
            .bind(server_id)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}
