//! Organisational units: the tree (materialised `path`, see migration
//! 0011), its changes (each audited), and the officials who belong to each
//! unit now. The rules are in `ssr::units`.

use super::{Db, now_unix};
use sqlx::{Any, FromRow, Transaction};

/// A unit as stored, with how many officials belong to it now.
#[derive(Debug, Clone, FromRow)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// `/1/5/12/`: the ids from the top unit down to this one.
    pub path: String,
    pub closed_at: Option<i64>,
    pub members: i64,
}

/// What moving a unit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitMove {
    Moved,
    NotFound,
    /// The new parent is the unit itself or below it.
    IntoItself,
    /// The new parent is closed.
    ParentClosed,
}

const UNIT_SELECT: &str = "SELECT u.id, u.code, u.name, u.parent_id, u.path, u.closed_at,
        (SELECT COUNT(*) FROM unit_memberships m
         WHERE m.unit_id = u.id AND m.until_at IS NULL) AS members
     FROM units u";

impl Db {
    /// Every unit (closed ones too), by path.
    pub async fn units(&self) -> Result<Vec<UnitRow>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{UNIT_SELECT} ORDER BY u.path"
        )))
        .fetch_all(&self.pool)
        .await
    }

    pub async fn unit(&self, id: i64) -> Result<Option<UnitRow>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{UNIT_SELECT} WHERE u.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Creates a unit under `parent` (its path), or at the top; its id.
    /// A unique violation means the code is taken.
    pub async fn create_unit(
        &self,
        code: &str,
        name: &str,
        parent: Option<(i64, &str)>,
        actor: Option<i64>,
    ) -> Result<i64, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (code, name, parent_id, path, created_at, updated_at)
             VALUES ($1, $2, $3, '', $4, $4) RETURNING id",
        )
        .bind(code)
        .bind(name)
        .bind(parent.map(|(id, _)| id))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let path = format!("{}{id}/", parent.map_or("/", |(_, path)| path));
        sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
            .bind(&path)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, actor, "unit_create", id, &format!("{code} {name}")).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Renames a unit; `false` when there is no such unit.
    pub async fn rename_unit(
        &self,
        id: i64,
        name: &str,
        actor: Option<i64>,
    ) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE units SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(name)
            .bind(now_unix())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if done {
            audit(&mut tx, actor, "unit_rename", id, name).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Moves a unit, with everything below it, under `parent` (or to the
    /// top): one UPDATE rewrites the prefix of every path in its subtree.
    pub async fn move_unit(
        &self,
        id: i64,
        parent: Option<i64>,
        actor: Option<i64>,
    ) -> Result<UnitMove, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let Some((old_path,)): Option<(String,)> =
            sqlx::query_as("SELECT path FROM units WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(UnitMove::NotFound);
        };
        let new_prefix = match parent {
            None => "/".to_owned(),
            Some(parent) => {
                let row: Option<(String, Option<i64>)> =
                    sqlx::query_as("SELECT path, closed_at FROM units WHERE id = $1")
                        .bind(parent)
                        .fetch_optional(&mut *tx)
                        .await?;
                match row {
                    None => return Ok(UnitMove::NotFound),
                    Some((path, _)) if path.starts_with(&old_path) => {
                        return Ok(UnitMove::IntoItself);
                    }
                    Some((_, Some(_))) => return Ok(UnitMove::ParentClosed),
                    Some((path, None)) => path,
                }
            }
        };
        let new_path = format!("{new_prefix}{id}/");
        sqlx::query(
            "UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)), updated_at = $3
             WHERE substr(path, 1, CAST($4 AS INTEGER)) = $5",
        )
        .bind(&new_path)
        .bind(i64::try_from(old_path.len() + 1).unwrap_or(i64::MAX))
        .bind(now_unix())
        .bind(i64::try_from(old_path.len()).unwrap_or(i64::MAX))
        .bind(&old_path)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
            .bind(parent)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            actor,
            "unit_move",
            id,
            &format!("{old_path} → {new_path}"),
        )
        .await?;
        tx.commit().await?;
        Ok(UnitMove::Moved)
    }

    /// Closes a unit and every unit below it (their history stays); how
    /// many were closed (0: none, or all were closed already).
    pub async fn close_unit(&self, id: i64, actor: Option<i64>) -> Result<u64, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let closed = sqlx::query(
            "UPDATE units SET closed_at = $1, updated_at = $1
             WHERE closed_at IS NULL
               AND substr(path, 1, length((SELECT p.path FROM units p WHERE p.id = $2)))
                   = (SELECT p.path FROM units p WHERE p.id = $2)",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed > 0 {
            audit(&mut tx, actor, "unit_close", id, &format!("{closed}")).await?;
        }
        tx.commit().await?;
        Ok(closed)
    }
}

/// Records a change of the unit tree.
async fn audit(
    tx: &mut Transaction<'_, Any>,
    actor: Option<i64>,
    action: &str,
    unit: i64,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, detail, created_at, item_kind, item_id)
         VALUES ($1, $2, $3, $4, 'unit', $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(detail)
    .bind(now_unix())
    .bind(unit)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}
