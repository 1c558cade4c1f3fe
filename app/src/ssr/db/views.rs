use super::Db;
use crate::ssr::views::ViewTarget;

impl Db {
    /// Adds pending view counts in one transaction. Adding (never overwriting)
    /// keeps counts exact when several app servers flush into one database.
    pub async fn add_views(&self, batch: &[(ViewTarget, u64)]) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for (target, n) in batch {
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
        tx.commit().await
    }
}
