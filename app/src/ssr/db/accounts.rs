//! Users, roles, sessions and the audit log.

use super::{Db, now_unix};
use crate::domain::text::fold;
use crate::domain::{Email, FullName, PhoneNumber, Role, Viewer};
use crate::i18n::Lang;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub full_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub password_hash: String,
    pub security_version: i64,
}

/// How a person's sign-in identifier is shown: `0905 123 456` or the email.
fn identifier_display(phone: Option<&str>, email: Option<&str>) -> String {
    match (phone, email) {
        (Some(phone), _) => {
            PhoneNumber::parse(phone).map_or_else(|| phone.to_owned(), |p| p.display())
        }
        (None, Some(email)) => email.to_owned(),
        (None, None) => String::new(),
    }
}

impl UserRecord {
    pub fn identifier_display(&self) -> String {
        identifier_display(self.phone.as_deref(), self.email.as_deref())
    }

    pub fn viewer(&self, roles: Vec<Role>) -> Viewer {
        Viewer {
            id: self.id,
            full_name: self.full_name.clone(),
            identifier: self.identifier_display(),
            roles,
        }
    }
}

/// One row per (user, granted role) of a user search.
#[derive(sqlx::FromRow)]
struct UserRoleRow {
    id: i64,
    full_name: String,
    phone: Option<String>,
    email: Option<String>,
    role: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("a user with this phone number or email already exists")]
    Duplicate,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Db {
    pub async fn create_user(
        &self,
        name: &FullName,
        phone: Option<&PhoneNumber>,
        email: Option<&Email>,
        password_hash: &str,
    ) -> Result<i64, CreateUserError> {
        let now = now_unix();
        sqlx::query_scalar(
            "INSERT INTO users (full_name, name_search, phone, email, password_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(name.as_str())
        .bind(fold(name.as_str()))
        .bind(phone.map(PhoneNumber::as_str))
        .bind(email.map(Email::as_str))
        .bind(password_hash)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| if is_unique_violation(&e) { CreateUserError::Duplicate } else { CreateUserError::Db(e) })
    }

    /// The user whose phone (`+84…`) or email is `key`.
    pub async fn user_by_login(&self, key: &str) -> Result<Option<UserRecord>, sqlx::Error> {
        let sql = if key.starts_with('+') {
            "SELECT id, full_name, phone, email, password_hash, security_version FROM users WHERE phone = $1"
        } else {
            "SELECT id, full_name, phone, email, password_hash, security_version FROM users WHERE email = $1"
        };
        sqlx::query_as(sql)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, sqlx::Error> {
        sqlx::query_as("SELECT id, full_name, phone, email, password_hash, security_version FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// The user and their roles in one statement (every signed-in request
    /// needs both).
    pub async fn user_with_roles(
        &self,
        id: i64,
    ) -> Result<Option<(UserRecord, Vec<Role>)>, sqlx::Error> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRecord,
            role: Option<String>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT u.id, u.full_name, u.phone, u.email, u.password_hash, u.security_version, r.role
             FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut roles: Vec<Role> = rows
            .iter()
            .filter_map(|row| row.role.as_deref().and_then(Role::from_code))
            .collect();
        roles.sort();
        Ok(rows.into_iter().next().map(|row| (row.user, roles)))
    }

    pub async fn roles_of(&self, user_id: i64) -> Result<Vec<Role>, sqlx::Error> {
        let codes: Vec<String> =
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::from_code(c)).collect();
        roles.sort();
        Ok(roles)
    }

    /// Replaces the password hash and bumps the security version (which
    /// signs out every session begun before) and forgets the user's trusted
    /// devices, in one transaction; answers the new version.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<i64, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let version = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, security_version = security_version + 1, updated_at = $2
             WHERE id = $3 RETURNING security_version",
        )
        .bind(password_hash)
        .bind(now_unix())
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM trusted_devices WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Takes the password of `user_id` away (it stops working: the account
    /// answers as one made without a password), ends every session and
    /// forgets every trusted device of theirs, in one transaction. For an
    /// account linked to an official's record, whose owner then chooses a
    /// password with a fresh set-up code.
    pub async fn retire_password(&self, user_id: i64) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE users SET password_hash = '', security_version = security_version + 1, updated_at = $1
             WHERE id = $2",
        )
        .bind(now_unix())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "DELETE FROM trusted_devices WHERE user_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        tx.commit().await
    }

    pub async fn set_full_name(&self, user_id: i64, name: &FullName) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET full_name = $1, name_search = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(name.as_str())
        .bind(fold(name.as_str()))
        .bind(now_unix())
        .bind(user_id)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// The interface language `user_id` picked, if they picked one.
    pub async fn user_lang(&self, user_id: i64) -> Result<Option<Lang>, sqlx::Error> {
        let code: Option<Option<String>> =
            sqlx::query_scalar("SELECT lang FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(code.flatten().as_deref().and_then(Lang::from_code))
    }

    /// Remembers the interface language `user_id` picked.
    pub async fn set_user_lang(&self, user_id: i64, lang: Lang) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET lang = $1, updated_at = $2 WHERE id = $3")
            .bind(lang.code())
            .bind(now_unix())
            .bind(user_id)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Users whose name (accents ignored), phone or email contains `query`,
    /// newest first; all users when the query is empty.
    pub async fn search_users(&self, query: &str, limit: u32) -> Result<Vec<Viewer>, sqlx::Error> {
        let folded = fold(query.trim());
        let phone = PhoneNumber::parse(query).map(|p| p.as_str().to_owned());
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let like = |s: &str| {
            format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        };
        // The users first (LIMIT counts people, not roles), then their roles.
        let rows: Vec<UserRoleRow> = sqlx::query_as(
            "SELECT u.id, u.full_name, u.phone, u.email, r.role
             FROM (SELECT id, full_name, phone, email, created_at FROM users
                   WHERE $1 = '' OR name_search LIKE $2 ESCAPE '\\' OR email LIKE $2 ESCAPE '\\'
                         OR phone = $3 OR ($4 <> '' AND phone LIKE $5 ESCAPE '\\')
                   ORDER BY created_at DESC, id DESC LIMIT $6) u
             LEFT JOIN user_roles r ON r.user_id = u.id
             ORDER BY u.created_at DESC, u.id DESC",
        )
        .bind(&folded)
        .bind(like(&folded))
        .bind(phone.unwrap_or_default())
        .bind(if digits.len() >= 3 {
            digits.trim_start_matches('0').to_owned()
        } else {
            String::new()
        })
        .bind(like(digits.trim_start_matches('0')))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut users: Vec<Viewer> = Vec::new();
        for row in rows {
            if users.last().is_none_or(|u| u.id != row.id) {
                users.push(Viewer {
                    id: row.id,
                    full_name: row.full_name,
                    identifier: identifier_display(row.phone.as_deref(), row.email.as_deref()),
                    roles: Vec::new(),
                });
            }
            if let (Some(user), Some(role)) = (
                users.last_mut(),
                row.role.as_deref().and_then(Role::from_code),
            ) {
                user.roles.push(role);
                user.roles.sort();
            }
        }
        Ok(users)
    }

    /// Grants or revokes a role and writes the audit log, in one transaction.
    /// A revocation also bumps the user's security version, which signs out
    /// every session of theirs; a grant does not (roles are read per request).
    /// Returns whether anything changed.
    pub async fn set_role(
        &self,
        actor: Option<i64>,
        user_id: i64,
        role: Role,
        grant: bool,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        let changed = if grant {
            sqlx::query(
                "INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (user_id, role) DO NOTHING",
            )
            .bind(user_id)
            .bind(role.code())
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        } else {
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
                .bind(user_id)
                .bind(role.code())
                .execute(&mut *tx)
                .await?
                .rows_affected()
        } > 0;
        if changed && !grant {
            sqlx::query("UPDATE users SET security_version = security_version + 1, updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        if changed {
            sqlx::query(
                "INSERT INTO audit_log (actor_id, subject_id, action, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(actor)
            .bind(user_id)
            .bind(if grant { "role.grant" } else { "role.revoke" })
            .bind(role.code())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// The audit entries about `user_id`, newest first: (actor, action, detail, at).
    pub async fn audit_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<(Option<i64>, String, String, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT actor_id, action, detail, created_at FROM audit_log WHERE subject_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
    }

    // ---- sessions ----

    pub async fn session_insert(
        &self,
        id: &str,
        user_id: Option<i64>,
        data: &str,
        expires_at: i64,
    ) -> Result<bool, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    pub async fn session_save(
        &self,
        id: &str,
        user_id: Option<i64>,
        data: &str,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    pub async fn session_load(&self, id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now_unix())
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn session_delete(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Ends every session of a user (sign out everywhere).
    pub async fn sessions_delete_for_user(&self, user_id: i64) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await
            .map(|r| r.rows_affected())
    }

    pub async fn sessions_count_for_user(&self, user_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE user_id = $1 AND expires_at > $2",
        )
        .bind(user_id)
        .bind(now_unix())
        .fetch_one(&self.pool)
        .await
    }

    pub async fn sessions_delete_expired(&self) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_unix())
            .execute(&self.pool)
            .await
            .map(|r| r.rows_affected())
    }
}
