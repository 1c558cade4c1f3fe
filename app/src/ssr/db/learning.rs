//! The learner's records: quiz attempts, lesson completions, course progress
//! and certificates. Every query that reads a learner's records takes the
//! signed-in user's id and filters by it in SQL; an id from an address only
//! ever narrows it.
//!
//! Writes that may complete a course first lock the learner's
//! `course_progress` row (an upsert), so two completions of the last two steps
//! running at once are serialized, and the second sees the first: exactly
//! one certificate is issued (`UNIQUE (user_id, course_id)` backs it up).

use super::{Db, now_unix};
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// A quiz with its keyed questions, as the learner's hot paths read it.
#[derive(Debug)]
pub struct CachedQuiz {
    pub record: QuizRecord,
    pub questions: Vec<KeyedQuestion>,
}

/// A cached quiz with the content generation and time it was read at.
type CacheEntry = (u64, Instant, Arc<CachedQuiz>);

/// Quizzes by slug.
#[derive(Clone, Debug, Default)]
pub struct QuizCache(Arc<RwLock<HashMap<String, CacheEntry>>>);

impl QuizCache {
    /// How long a quiz read from the database is used: an edit made by
    /// another process reaches new attempts within this.
    pub const MAX_AGE: Duration = Duration::from_secs(1);
}

/// A learner's submitted attempts at a quiz and their newest open attempt.
#[derive(Debug, Clone, FromRow)]
pub struct LearnerQuizRow {
    pub attempts: Option<i64>,
    pub last_submitted_at: Option<i64>,
    pub best_percent: Option<i64>,
    pub passed_at: Option<i64>,
    pub open_token: Option<String>,
    pub open_paper_json: Option<String>,
    pub open_started_at: Option<i64>,
}

/// An attempt found by its token, with the learner's standing at its quiz.
#[derive(Debug, Clone, FromRow)]
pub struct TokenAttemptRow {
    pub id: i64,
    pub quiz_id: i64,
    pub paper_json: String,
    pub submitted_at: Option<i64>,
    pub attempts: Option<i64>,
    pub last_submitted_at: Option<i64>,
    pub best_percent: Option<i64>,
    pub passed_at: Option<i64>,
}

impl StandingRow {
    /// The standing from the nullable columns of a joined row (none yet: zero).
    pub fn from_columns(
        attempts: Option<i64>,
        last_submitted_at: Option<i64>,
        best_percent: Option<i64>,
        passed_at: Option<i64>,
    ) -> StandingRow {
        StandingRow {
            attempts: attempts.unwrap_or(0),
            last_submitted_at: last_submitted_at.unwrap_or(0),
            best_percent: best_percent.unwrap_or(0),
            passed_at,
        }
    }
}

/// A quiz with its course and settings.
#[derive(Debug, Clone, FromRow)]
pub struct QuizRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub course_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub sequential: i64,
    pub pass_percent: i64,
    pub max_attempts: i64,
    pub wait_seconds: i64,
    pub shuffle: i64,
    pub show_answers: String,
    pub multiple_scoring: String,
    pub updated_at: i64,
}

/// A shown question with its key, as stored.
#[derive(Debug, Clone, FromRow)]
pub struct KeyedQuestion {
    pub uid: String,
    pub kind: String,
    pub text: String,
    pub options_json: String,
    pub answer_json: String,
    pub explanation: String,
}

/// An attempt as stored.
#[derive(Debug, Clone, FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub token: String,
    pub quiz_id: i64,
    pub course_id: i64,
    pub paper_json: String,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub answers_json: Option<String>,
    pub percent: Option<i64>,
    pub passed: Option<i64>,
}

/// A learner's submitted attempts at one quiz.
#[derive(Debug, Clone, Default, FromRow)]
pub struct StandingRow {
    pub attempts: i64,
    pub last_submitted_at: i64,
    pub best_percent: i64,
    pub passed_at: Option<i64>,
}

/// One step of a course's outline, with whether a learner completed it.
#[derive(Debug, Clone, FromRow)]
pub struct OutlineRow {
    pub lesson_id: Option<i64>,
    pub quiz_id: Option<i64>,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub minutes: i64,
    pub question_count: i64,
    pub done: i64,
}

/// What recording a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Stored now (the attempt's id).
    Stored(i64),
    /// The same attempt was submitted before: nothing changed.
    AlreadySubmitted(i64),
    /// Over the attempt limit or inside the waiting time: nothing stored.
    Refused,
}

/// A grade to store with an attempt.
#[derive(Debug, Clone)]
pub struct GradeToStore<'a> {
    pub answers_json: &'a str,
    pub points: i64,
    pub percent: i64,
    pub passed: bool,
    /// The learner had not passed this quiz before (read before the
    /// transaction; a pass already recorded completed the step then).
    pub first_pass: bool,
}

/// A learner's course, for "Học tập của tôi".
#[derive(Debug, Clone, FromRow)]
pub struct ProgressRow {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub completed_at: Option<i64>,
    pub certificate: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct AttemptListRow {
    pub id: i64,
    pub quiz_slug: String,
    pub quiz_title: String,
    pub percent: i64,
    pub passed: i64,
    pub submitted_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub course_slug: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

const OUTLINE: &str = "SELECT s.lesson_id, s.quiz_id,
        COALESCE(l.slug, q.slug) AS slug, COALESCE(l.title, q.title) AS title,
        COALESCE(l.summary, q.summary) AS summary,
        CAST(COALESCE(l.minutes, 0) AS BIGINT) AS minutes,
        (SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_questions qq
         WHERE qq.quiz_id = s.quiz_id AND qq.position > 0) AS question_count,
        CAST(CASE WHEN lc.user_id IS NOT NULL OR qs.passed_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS done
     FROM course_steps s
     LEFT JOIN lessons l ON l.id = s.lesson_id
     LEFT JOIN quizzes q ON q.id = s.quiz_id
     LEFT JOIN lesson_completions lc ON lc.lesson_id = s.lesson_id AND lc.user_id = $2
     LEFT JOIN quiz_standings qs ON qs.quiz_id = s.quiz_id AND qs.user_id = $2
     WHERE s.course_id = $1
     ORDER BY s.position";

impl Db {
    /// A shown quiz and its questions, from [`QuizCache`] when fresh.
    pub async fn quiz_for_learners(
        &self,
        slug: &str,
    ) -> Result<Option<Arc<CachedQuiz>>, sqlx::Error> {
        let generation = self.content_generation();
        if let Some((seen, at, quiz)) = self
            .quizzes
            .0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(slug)
            && *seen == generation
            && at.elapsed() < QuizCache::MAX_AGE
        {
            return Ok(Some(quiz.clone()));
        }
        let Some(record) = self.quiz_record(slug).await? else {
            return Ok(None);
        };
        let questions = self.keyed_questions(record.id).await?;
        let quiz = Arc::new(CachedQuiz { record, questions });
        let mut cache = self
            .quizzes
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // only shown quizzes are kept, so the map is as small as the catalogue
        cache.retain(|_, (_, at, _)| at.elapsed() < QuizCache::MAX_AGE);
        cache.insert(slug.to_owned(), (generation, Instant::now(), quiz.clone()));
        Ok(Some(quiz))
    }

    /// In one statement: the learner's standing at the quiz and their newest
    /// attempt not submitted yet.
    pub async fn learner_quiz(
        &self,
        user_id: i64,
        quiz_id: i64,
    ) -> Result<LearnerQuizRow, sqlx::Error> {
        sqlx::query_as(
            "SELECT s.attempts, s.last_submitted_at, s.best_percent, s.passed_at,
                    a.token AS open_token, a.paper_json AS open_paper_json,
                    a.started_at AS open_started_at
             FROM (SELECT 1 AS one) k
             LEFT JOIN quiz_standings s ON s.user_id = $1 AND s.quiz_id = $2
             LEFT JOIN quiz_attempts a ON a.id = (
                SELECT MAX(o.id) FROM quiz_attempts o
                WHERE o.user_id = $1 AND o.quiz_id = $2 AND o.submitted_at IS NULL)",
        )
        .bind(user_id)
        .bind(quiz_id)
        .fetch_one(&self.pool)
        .await
    }

    /// In one statement: the learner's attempt issued with `token` and their
    /// standing at its quiz.
    pub async fn attempt_with_standing(
        &self,
        user_id: i64,
        token: &str,
    ) -> Result<Option<TokenAttemptRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT a.id, a.quiz_id, a.paper_json, a.submitted_at,
                    s.attempts, s.last_submitted_at, s.best_percent, s.passed_at
             FROM quiz_attempts a
             LEFT JOIN quiz_standings s ON s.user_id = a.user_id AND s.quiz_id = a.quiz_id
             WHERE a.user_id = $1 AND a.token = $2",
        )
        .bind(user_id)
        .bind(token)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn quiz_record(&self, slug: &str) -> Result<Option<QuizRecord>, sqlx::Error> {
        sqlx::query_as(
            "SELECT q.id, q.slug, q.title, q.summary, q.course_id, c.slug AS course_slug,
                    c.title AS course_title, c.sequential, q.pass_percent, q.max_attempts,
                    q.wait_seconds, q.shuffle, q.show_answers, q.multiple_scoring, q.updated_at
             FROM quizzes q JOIN courses c ON c.id = q.course_id
             WHERE q.slug = $1 AND q.hidden_at IS NULL AND c.hidden_at IS NULL",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await
    }

    /// A quiz by id, shown or hidden (an attempt's report outlives its quiz's listing).
    pub async fn quiz_record_by_id(&self, id: i64) -> Result<Option<QuizRecord>, sqlx::Error> {
        sqlx::query_as(
            "SELECT q.id, q.slug, q.title, q.summary, q.course_id, c.slug AS course_slug,
                    c.title AS course_title, c.sequential, q.pass_percent, q.max_attempts,
                    q.wait_seconds, q.shuffle, q.show_answers, q.multiple_scoring, q.updated_at
             FROM quizzes q JOIN courses c ON c.id = q.course_id
             WHERE q.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// The quiz's shown questions in order, with their keys (server only).
    pub async fn keyed_questions(&self, quiz_id: i64) -> Result<Vec<KeyedQuestion>, sqlx::Error> {
        sqlx::query_as(
            "SELECT uid, kind, text, options_json, answer_json, explanation
             FROM quiz_questions WHERE quiz_id = $1 AND position > 0 ORDER BY position",
        )
        .bind(quiz_id)
        .fetch_all(&self.pool)
        .await
    }

    /// The steps of a course in order; `done` is the learner `user_id`'s
    /// (pass 0 for nobody).
    pub async fn course_outline(
        &self,
        course_id: i64,
        user_id: i64,
    ) -> Result<Vec<OutlineRow>, sqlx::Error> {
        sqlx::query_as(OUTLINE)
            .bind(course_id)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
    }

    /// `(lesson id, course id, sequential)` of a shown lesson.
    pub async fn lesson_learning(
        &self,
        course: &str,
        lesson: &str,
    ) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT l.id, c.id, c.sequential FROM lessons l JOIN courses c ON c.id = l.course_id
             WHERE c.slug = $1 AND l.slug = $2 AND l.position > 0 AND c.hidden_at IS NULL",
        )
        .bind(course)
        .bind(lesson)
        .fetch_optional(&self.pool)
        .await
    }

    /// For the lesson page of a signed-in learner, in one statement: 2 when
    /// they completed the lesson, 1 when an earlier step of its sequential
    /// course is not completed (locked), else 0; `None` when the lesson is
    /// not a step of a course. The checks stop at the first that answers.
    pub async fn lesson_standing(
        &self,
        user_id: i64,
        lesson_id: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT CAST(CASE
                WHEN EXISTS (SELECT 1 FROM lesson_completions lc
                             WHERE lc.user_id = $1 AND lc.lesson_id = $2) THEN 2
                WHEN c.sequential = 0 THEN 0
                WHEN EXISTS (SELECT 1 FROM course_steps s
                     LEFT JOIN lesson_completions lc ON lc.lesson_id = s.lesson_id AND lc.user_id = $1
                     LEFT JOIN quiz_standings qs ON qs.quiz_id = s.quiz_id AND qs.user_id = $1
                     WHERE s.course_id = me.course_id AND s.position < me.position
                       AND lc.user_id IS NULL AND qs.passed_at IS NULL) THEN 1
                ELSE 0 END AS BIGINT)
             FROM course_steps me JOIN courses c ON c.id = me.course_id
             WHERE me.lesson_id = $2",
        )
        .bind(user_id)
        .bind(lesson_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn insert_attempt(
        &self,
        token: &str,
        user_id: i64,
        quiz: &QuizRecord,
        paper_json: &str,
    ) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO quiz_attempts (token, user_id, quiz_id, course_id, paper_json, started_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token)
        .bind(user_id)
        .bind(quiz.id)
        .bind(quiz.course_id)
        .bind(paper_json)
        .bind(now_unix())
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// The learner's submitted attempt `id` (none if it is someone else's).
    pub async fn submitted_attempt(
        &self,
        user_id: i64,
        id: i64,
    ) -> Result<Option<AttemptRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, token, quiz_id, course_id, paper_json, started_at, submitted_at,
                    answers_json, percent, passed
             FROM quiz_attempts
             WHERE user_id = $1 AND id = $2 AND submitted_at IS NOT NULL",
        )
        .bind(user_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn quiz_standing(
        &self,
        user_id: i64,
        quiz_id: i64,
    ) -> Result<Option<StandingRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT attempts, last_submitted_at, best_percent, passed_at
             FROM quiz_standings WHERE user_id = $1 AND quiz_id = $2",
        )
        .bind(user_id)
        .bind(quiz_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Stores a graded submission of the attempt `token`, once: the attempt
    /// is marked submitted only if it was not, and the same statement (the
    /// trigger `quiz_attempts_counted`) raises the learner's count of
    /// attempts within the quiz's limit and waiting time or refuses it; a
    /// first pass that completes the course issues its certificate in the
    /// same transaction.
    pub async fn record_submission(
        &self,
        user_id: i64,
        attempt_id: i64,
        token: &str,
        quiz: &QuizRecord,
        grade: &GradeToStore<'_>,
    ) -> Result<Recorded, sqlx::Error> {
        let now = now_unix();
        let mark = || {
            sqlx::query(
                "UPDATE quiz_attempts
                 SET submitted_at = $1, answers_json = $2, points = $3, percent = $4, passed = $5
                 WHERE token = $6 AND user_id = $7 AND submitted_at IS NULL",
            )
            .bind(now)
            .bind(grade.answers_json)
            .bind(grade.points)
            .bind(grade.percent)
            .bind(i64::from(grade.passed))
            .bind(token)
            .bind(user_id)
        };
        let _turn = self.write_turn().await;
        // A first pass completes the step, which may complete the course:
        // the certificate is issued in the same transaction. Any other
        // submission is one statement (the trigger counts it).
        let marked = if grade.passed && grade.first_pass {
            let mut tx = self.pool.begin().await?;
            let marked = match mark().execute(&mut *tx).await {
                Ok(done) => done.rows_affected(),
                Err(e) if is_refusal(&e) => {
                    tx.rollback().await?;
                    return Ok(Recorded::Refused);
                }
                Err(e) => return Err(e),
            };
            if marked > 0 {
                lock_progress(&mut tx, user_id, quiz.course_id, now).await?;
                certify_if_complete(&mut tx, user_id, quiz.course_id, now).await?;
            }
            tx.commit().await?;
            marked
        } else {
            match mark().execute(&self.pool).await {
                Ok(done) => done.rows_affected(),
                Err(e) if is_refusal(&e) => return Ok(Recorded::Refused),
                Err(e) => return Err(e),
            }
        };
        if marked > 0 {
            return Ok(Recorded::Stored(attempt_id));
        }
        // Submitted before (a double click, a retry): the same attempt.
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM quiz_attempts WHERE token = $1 AND user_id = $2")
                .bind(token)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map_or(Recorded::Refused, Recorded::AlreadySubmitted))
    }

    /// Records that the learner finished reading a lesson; `false` when it
    /// was recorded before. Issues the certificate if that completes the course.
    pub async fn complete_lesson(
        &self,
        user_id: i64,
        course_id: i64,
        lesson_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        lock_progress(&mut tx, user_id, course_id, now).await?;
        let added = sqlx::query(
            "INSERT INTO lesson_completions (user_id, lesson_id, completed_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, lesson_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(lesson_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        certify_if_complete(&mut tx, user_id, course_id, now).await?;
        tx.commit().await?;
        Ok(added > 0)
    }

    /// The code of the learner's certificate for the course, if issued.
    pub async fn certificate_code(
        &self,
        user_id: i64,
        course_id: i64,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT code FROM certificates WHERE user_id = $1 AND course_id = $2")
            .bind(user_id)
            .bind(course_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// `(course slug, steps, steps the learner completed)` of every course.
    pub async fn course_percents(
        &self,
        user_id: i64,
    ) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT c.slug, CAST(COUNT(*) AS BIGINT) AS total,
                    CAST(SUM(CASE WHEN lc.user_id IS NOT NULL OR qs.passed_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS done
             FROM course_steps s
             JOIN courses c ON c.id = s.course_id
             LEFT JOIN lesson_completions lc ON lc.lesson_id = s.lesson_id AND lc.user_id = $1
             LEFT JOIN quiz_standings qs ON qs.quiz_id = s.quiz_id AND qs.user_id = $1
             GROUP BY c.slug",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Courses the learner has started (completed or not), newest activity first.
    pub async fn my_courses(&self, user_id: i64) -> Result<Vec<ProgressRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.course_id, c.slug, c.title, p.completed_at, ce.code AS certificate
             FROM course_progress p
             JOIN courses c ON c.id = p.course_id
             LEFT JOIN certificates ce ON ce.user_id = p.user_id AND ce.course_id = p.course_id
             WHERE p.user_id = $1 AND c.hidden_at IS NULL
             ORDER BY p.updated_at DESC, c.slug",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
    }

    /// The learner's submitted attempts, newest first.
    pub async fn my_attempts(
        &self,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<AttemptListRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT a.id, q.slug AS quiz_slug, q.title AS quiz_title, a.percent, a.passed, a.submitted_at
             FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
             WHERE a.user_id = $1 AND a.submitted_at IS NOT NULL
             ORDER BY a.submitted_at DESC, a.id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// How many submitted attempts are stored (for benchmarks and tests).
    pub async fn count_submitted_attempts(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_attempts WHERE submitted_at IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await
    }

    pub async fn certificate(&self, code: &str) -> Result<Option<CertificateRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT ce.code, ce.learner_name, ce.course_title, c.slug AS course_slug,
                    ce.issued_at, ce.revoked_at, ce.revoked_reason
             FROM certificates ce JOIN courses c ON c.id = ce.course_id
             WHERE ce.code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await
    }

    /// Revokes a certificate (once; the first reason stands). `false` when
    /// there is no such certificate or it was revoked already.
    pub async fn revoke_certificate(
        &self,
        code: &str,
        reason: &str,
        by: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE certificates SET revoked_at = $1, revoked_reason = $2, revoked_by = $3
             WHERE code = $4 AND revoked_at IS NULL",
        )
        .bind(now_unix())
        .bind(reason)
        .bind(by)
        .bind(code)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done > 0 {
            sqlx::query(
                "INSERT INTO audit_log (actor_id, action, subject_id, detail, created_at)
                 SELECT $1, 'certificate_revoked', user_id, $2, $3 FROM certificates WHERE code = $4",
            )
            .bind(by)
            .bind(format!("{code}: {reason}"))
            .bind(now_unix())
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }
}

/// Whether `error` is the trigger `quiz_attempts_counted` refusing a
/// submission over the attempt limit or inside the waiting time.
fn is_refusal(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.message().contains("quiz attempt refused"))
}

/// Takes the learner's progress row for the course (creating it), which
/// serializes every completion in that course by that learner.
async fn lock_progress(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    course_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_progress (user_id, course_id, started_at, updated_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, course_id) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Issues the course's certificate when every step is completed, once.
async fn certify_if_complete(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    course_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let steps: Vec<OutlineRow> = sqlx::query_as(OUTLINE)
        .bind(course_id)
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    if steps.is_empty() || steps.iter().any(|s| s.done == 0) {
        return Ok(());
    }
    let code = crate::ssr::learning::certificate::new_code();
    sqlx::query(
        "INSERT INTO certificates (code, user_id, course_id, learner_name, course_title, issued_at)
         SELECT $1, u.id, c.id, u.full_name, c.title, $2
         FROM users u, courses c WHERE u.id = $3 AND c.id = $4
         ON CONFLICT (user_id, course_id) DO NOTHING",
    )
    .bind(&code)
    .bind(now)
    .bind(user_id)
    .bind(course_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE course_progress SET completed_at = $1
         WHERE user_id = $2 AND course_id = $3 AND completed_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(course_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
