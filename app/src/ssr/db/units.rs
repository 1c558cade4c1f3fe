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

/// An official who belongs to a unit now.
#[derive(Debug, Clone, FromRow)]
pub struct MemberRow {
    pub membership_id: i64,
    pub user_id: i64,
    pub full_name: String,
    pub unit_id: i64,
    pub unit_code: String,
    pub position: String,
    pub from_at: i64,
}

/// A manager of a unit.
#[derive(Debug, Clone, FromRow)]
pub struct ManagerRow {
    pub user_id: i64,
    pub full_name: String,
    pub granted_at: i64,
}

/// The current members of the units whose path starts with `$1`, with
/// their unit (a subtree is one prefix comparison).
const MEMBERS_UNDER: &str = "SELECT m.id AS membership_id, m.user_id, p.full_name, u.id AS unit_id,
        u.code AS unit_code, m.position, m.from_at
     FROM unit_memberships m
     JOIN units u ON u.id = m.unit_id
     JOIN users p ON p.id = m.user_id
     WHERE m.until_at IS NULL AND substr(u.path, 1, length($1)) = $1";

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

impl Db {
    /// The officials who belong now to the unit `unit_id` or a unit below it.
    pub async fn members_under(&self, unit_id: i64) -> Result<Vec<MemberRow>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{MEMBERS_UNDER} AND EXISTS (SELECT 1 FROM units t WHERE t.id = $2 AND t.path = $1)
             ORDER BY u.code, p.full_name"
        )))
        .bind(
            self.unit(unit_id)
                .await?
                .map(|u| u.path)
                .unwrap_or_default(),
        )
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await
    }

    /// The officials below `unit_id` that `manager` may see: none unless
    /// they manage that unit or a unit above it. The scope is in the query,
    /// so no id given by a client widens it.
    pub async fn members_managed(
        &self,
        manager: i64,
        unit_id: i64,
    ) -> Result<Option<Vec<MemberRow>>, sqlx::Error> {
        if !self.manages(manager, unit_id).await? {
            return Ok(None);
        }
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{MEMBERS_UNDER}
               AND EXISTS (SELECT 1 FROM unit_managers g JOIN units gu ON gu.id = g.unit_id
                           WHERE g.user_id = $2
                             AND substr(u.path, 1, length(gu.path)) = gu.path)
             ORDER BY u.code, p.full_name"
        )))
        .bind(
            self.unit(unit_id)
                .await?
                .map(|u| u.path)
                .unwrap_or_default(),
        )
        .bind(manager)
        .fetch_all(&self.pool)
        .await
        .map(Some)
    }

    /// `user`'s current unit and position.
    pub async fn current_membership(
        &self,
        user: i64,
    ) -> Result<Option<(i64, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit_id, position FROM unit_memberships WHERE user_id = $1 AND until_at IS NULL",
        )
        .bind(user)
        .fetch_optional(&self.pool)
        .await
    }

    /// Whether `user` manages `unit_id` or a unit above it.
    pub async fn manages(&self, user: i64, unit_id: i64) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM unit_managers g
             JOIN units gu ON gu.id = g.unit_id
             JOIN units u ON u.id = $2
             WHERE g.user_id = $1 AND substr(u.path, 1, length(gu.path)) = gu.path",
        )
        .bind(user)
        .bind(unit_id)
        .fetch_one(&self.pool)
        .await
        .map(|n| n > 0)
    }

    pub async fn unit_managers(&self, unit_id: i64) -> Result<Vec<ManagerRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT g.user_id, p.full_name, g.granted_at FROM unit_managers g
             JOIN users p ON p.id = g.user_id WHERE g.unit_id = $1 ORDER BY p.full_name",
        )
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Places `user` in `unit_id` with `position`: their current membership
    /// (elsewhere, or with another position) ends now and a new one starts,
    /// so where they were stays on record; `false` when they are there
    /// already with that position.
    pub async fn place_member(
        &self,
        user: i64,
        unit_id: i64,
        position: &str,
        actor: Option<i64>,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let current: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, unit_id, position FROM unit_memberships
             WHERE user_id = $1 AND until_at IS NULL",
        )
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, unit, held)) = current {
            if unit == unit_id && held == position {
                return Ok(false);
            }
            sqlx::query("UPDATE unit_memberships SET until_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO unit_memberships (user_id, unit_id, position, from_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user)
        .bind(unit_id)
        .bind(position)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE users SET unit_id = $1 WHERE id = $2")
            .bind(unit_id)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        super::assignments::inherit_assignments(&mut tx, user, unit_id, position, now).await?;
        audit(
            &mut tx,
            actor,
            "unit_member",
            unit_id,
            &format!("user {user} {position}"),
        )
        .await?;
        tx.commit().await?;
        self.assignments_changed();
        Ok(true)
    }

    /// Ends `user`'s current membership (they left); `false` when they had none.
    pub async fn end_membership(&self, user: i64, actor: Option<i64>) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let unit: Option<i64> = sqlx::query_scalar(
            "UPDATE unit_memberships SET until_at = $1 WHERE user_id = $2 AND until_at IS NULL
             RETURNING unit_id",
        )
        .bind(now_unix())
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(unit) = unit else {
            return Ok(false);
        };
        sqlx::query("UPDATE users SET unit_id = NULL WHERE id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        // someone who left is no longer required to finish; what they
        // completed stays on record where they completed it
        sqlx::query("DELETE FROM assignees WHERE user_id = $1 AND completed_at IS NULL")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, actor, "unit_leave", unit, &format!("user {user}")).await?;
        tx.commit().await?;
        self.assignments_changed();
        Ok(true)
    }

    /// Grants or revokes the management of `unit_id` to `user`; `false`
    /// when nothing changed.
    pub async fn set_unit_manager(
        &self,
        user: i64,
        unit_id: i64,
        grant: bool,
        actor: Option<i64>,
    ) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let changed = if grant {
            sqlx::query(
                "INSERT INTO unit_managers (user_id, unit_id, granted_by, granted_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, unit_id) DO NOTHING",
            )
            .bind(user)
            .bind(unit_id)
            .bind(actor)
            .bind(now_unix())
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query("DELETE FROM unit_managers WHERE user_id = $1 AND unit_id = $2")
                .bind(user)
                .bind(unit_id)
                .execute(&mut *tx)
                .await?
        }
        .rows_affected()
            > 0;
        if changed {
            let action = if grant {
                "unit_manager_grant"
            } else {
                "unit_manager_revoke"
            };
            audit(&mut tx, actor, action, unit_id, &format!("user {user}")).await?;
        }
        tx.commit().await?;
        Ok(changed)
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
