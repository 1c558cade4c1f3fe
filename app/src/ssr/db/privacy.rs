//! A person's rights over their own data (Nghị định 13/2023/NĐ-CP): a copy of
//! everything kept about their account, and its deletion. Both are written to
//! the audit log in the same transaction as the work itself.

use super::{Db, now_unix};
use crate::domain::text::fold;
use serde::Serialize;

/// The name a deleted account keeps. The row itself stays, emptied of
/// personal data, so the audit log's references to it stay valid.
pub const DELETED_ACCOUNT_NAME: &str = "Tài khoản đã xóa";

/// The stored value that replaces a password hash on deletion: not a PHC
/// string, so no password can ever match it.
const UNUSABLE_HASH: &str = "!deleted";

/// The sign-in placeholder of a deleted account. The schema requires a phone
/// or an email; this contains no `@`, so no identifier a person types (every
/// parsed email has one) can ever look it up, and the real phone or email is
/// free to register again.
fn deleted_placeholder(user_id: i64) -> String {
    format!("deleted-{user_id}")
}

/// Everything kept about one account. Times are ISO 8601 in UTC.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    pub exported_at: String,
    pub profile: ProfileData,
    /// Roles granted on top of "learner", which everyone has.
    pub roles: Vec<RoleData>,
    pub sessions: SessionsData,
    /// What was done to this account and when (role changes, exports, …).
    pub audit_log: Vec<AuditData>,
    pub learning: LearningData,
}

/// What the person did as a learner.
#[derive(Debug, Clone, Serialize)]
pub struct LearningData {
    pub courses: Vec<CourseData>,
    pub lessons_completed: Vec<LessonDoneData>,
    pub quiz_attempts: Vec<AttemptData>,
    pub certificates: Vec<CertificateData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseData {
    pub course: String,
    pub started_at: String,
    pub completed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonDoneData {
    pub course: String,
    pub lesson: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttemptData {
    pub quiz: String,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub percent: Option<i64>,
    pub passed: Option<bool>,
    /// The answers given, by question identity.
    pub answers: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateData {
    pub code: String,
    pub course_title: String,
    pub learner_name: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileData {
    pub id: i64,
    pub full_name: String,
    /// `+84` and nine digits, as stored.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The interface language picked (`vi` or `en`), if any.
    pub lang: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleData {
    pub role: String,
    pub granted_at: String,
}

/// Signed-in sessions: how many and when, never their ids (an id is a key).
#[derive(Debug, Clone, Serialize)]
pub struct SessionsData {
    pub active: usize,
    pub list: Vec<SessionData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionData {
    pub signed_in_at: Option<String>,
    pub last_active_at: Option<String>,
    pub expires_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditData {
    pub action: String,
    pub detail: String,
    pub at: String,
    /// `self`, `another account` (an administrator) or `system` (the command line).
    pub by: &'static str,
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    full_name: String,
    phone: Option<String>,
    email: Option<String>,
    lang: Option<String>,
    created_at: i64,
    updated_at: i64,
}

/// `2025-03-01T08:30:00Z` for Unix seconds.
fn iso_utc(seconds: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => seconds.to_string(),
    }
}

/// Sign-in and last-activity times from a stored session record. The keys
/// are those `ssr::auth` writes (`auth_at`, `seen_at`); the integration tests
/// check that an export shows them.
fn session_times(record: &str, expires_at: i64) -> SessionData {
    let value: serde_json::Value = serde_json::from_str(record).unwrap_or_default();
    let time_of = |key: &str| value["data"][key].as_i64().map(iso_utc);
    SessionData {
        signed_in_at: time_of("auth_at"),
        last_active_at: time_of("seen_at"),
        expires_at: iso_utc(expires_at),
    }
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, subject_id, action, detail, created_at) VALUES ($1, $1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(action)
    .bind(detail)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

async fn learning_data(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<LearningData, sqlx::Error> {
    let courses: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT c.slug, p.started_at, p.completed_at FROM course_progress p
         JOIN courses c ON c.id = p.course_id WHERE p.user_id = $1 ORDER BY p.started_at",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let lessons: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.slug, l.slug, lc.completed_at FROM lesson_completions lc
         JOIN lessons l ON l.id = lc.lesson_id JOIN courses c ON c.id = l.course_id
         WHERE lc.user_id = $1 ORDER BY lc.completed_at",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    type AttemptRow = (
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let attempts: Vec<AttemptRow> = sqlx::query_as(
        "SELECT q.slug, a.started_at, a.submitted_at, a.percent, a.passed, a.answers_json
         FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
         WHERE a.user_id = $1 ORDER BY a.id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let certificates: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT code, course_title, learner_name, issued_at, revoked_at FROM certificates
         WHERE user_id = $1 ORDER BY issued_at",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(LearningData {
        courses: courses
            .into_iter()
            .map(|(course, started, completed)| CourseData {
                course,
                started_at: iso_utc(started),
                completed_at: completed.map(iso_utc),
            })
            .collect(),
        lessons_completed: lessons
            .into_iter()
            .map(|(course, lesson, at)| LessonDoneData {
                course,
                lesson,
                at: iso_utc(at),
            })
            .collect(),
        quiz_attempts: attempts
            .into_iter()
            .map(
                |(quiz, started, submitted, percent, passed, answers)| AttemptData {
                    quiz,
                    started_at: iso_utc(started),
                    submitted_at: submitted.map(iso_utc),
                    percent,
                    passed: passed.map(|p| p != 0),
                    answers: answers.and_then(|a| serde_json::from_str(&a).ok()),
                },
            )
            .collect(),
        certificates: certificates
            .into_iter()
            .map(
                |(code, course_title, learner_name, issued, revoked)| CertificateData {
                    code,
                    course_title,
                    learner_name,
                    issued_at: iso_utc(issued),
                    revoked_at: revoked.map(iso_utc),
                },
            )
            .collect(),
    })
}

impl Db {
    /// Everything kept about `user_id`, with the export itself written to the
    /// audit log (`data.export`) in the same transaction. `None` when there
    /// is no such user.
    pub async fn export_personal_data(
        &self,
        user_id: i64,
    ) -> Result<Option<PersonalData>, sqlx::Error> {
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        let profile: Option<ProfileRow> = sqlx::query_as(
            "SELECT id, full_name, phone, email, lang, created_at, updated_at FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(profile) = profile else {
            return Ok(None);
        };
        audit(&mut tx, user_id, "data.export", "", now).await?;
        let roles: Vec<(String, i64)> = sqlx::query_as(
            "SELECT role, granted_at FROM user_roles WHERE user_id = $1 ORDER BY role",
        )
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
        let sessions: Vec<(String, i64)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY expires_at",
        )
        .bind(user_id)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        let audit_log: Vec<(Option<i64>, String, String, i64)> = sqlx::query_as(
            "SELECT actor_id, action, detail, created_at FROM audit_log WHERE subject_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
        let learning = learning_data(&mut tx, user_id).await?;
        tx.commit().await?;
        let sessions: Vec<SessionData> = sessions
            .iter()
            .map(|(record, expires_at)| session_times(record, *expires_at))
            .collect();
        Ok(Some(PersonalData {
            exported_at: iso_utc(now),
            profile: ProfileData {
                id: profile.id,
                full_name: profile.full_name,
                phone: profile.phone,
                email: profile.email,
                lang: profile.lang,
                created_at: iso_utc(profile.created_at),
                updated_at: iso_utc(profile.updated_at),
            },
            roles: roles
                .into_iter()
                .map(|(role, granted_at)| RoleData {
                    role,
                    granted_at: iso_utc(granted_at),
                })
                .collect(),
            sessions: SessionsData {
                active: sessions.len(),
                list: sessions,
            },
            audit_log: audit_log
                .into_iter()
                .map(|(actor, action, detail, at)| AuditData {
                    action,
                    detail,
                    at: iso_utc(at),
                    by: match actor {
                        Some(actor) if actor == user_id => "self",
                        Some(_) => "another account",
                        None => "system",
                    },
                })
                .collect(),
            learning,
        }))
    }

    /// Deletes the personal data of `user_id` in one transaction: name,
    /// phone, email and password hash are replaced, roles and every session
    /// deleted, and `account.delete` written to the audit log (detail: the
    /// roles removed). Certificates, which carry the person's name, are
    /// deleted (their codes then verify as unknown). The row stays, anonymised, because the audit log and
    /// role grants refer to it; anonymous counts (views) never named anyone.
    /// Returns whether the user existed.
    pub async fn delete_account(&self, user_id: i64) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE users SET full_name = $1, name_search = $2, phone = NULL, email = $3,
                 password_hash = $4, unit_id = NULL, lang = NULL, security_version = security_version + 1,
                 updated_at = $5
             WHERE id = $6",
        )
        .bind(DELETED_ACCOUNT_NAME)
        .bind(fold(DELETED_ACCOUNT_NAME))
        .bind(deleted_placeholder(user_id))
        .bind(UNUSABLE_HASH)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        let roles: Vec<String> =
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM certificates WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, user_id, "account.delete", &roles.join(","), now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_8601_in_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_740_817_800), "2025-03-01T08:30:00Z");
    }

    #[test]
    fn session_times_come_from_the_stored_record_without_its_id() {
        let record = r#"{"id":"secret-id","data":{"uid":7,"auth_at":0,"seen_at":60},"expiry_date":[2025,1]}"#;
        let times = session_times(record, 120);
        assert_eq!(times.signed_in_at.as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            times.last_active_at.as_deref(),
            Some("1970-01-01T00:01:00Z")
        );
        assert_eq!(times.expires_at, "1970-01-01T00:02:00Z");
        let json = serde_json::to_string(&times).expect("serialises");
        assert!(!json.contains("secret-id"));
    }

    #[test]
    fn a_deleted_account_can_never_be_looked_up_by_email() {
        let placeholder = deleted_placeholder(42);
        assert!(crate::domain::Email::parse(&placeholder).is_none());
        assert!(crate::domain::Identifier::parse(&placeholder).is_err());
    }
}
