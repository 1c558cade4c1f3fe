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
use crate::ssr::learning::attempt::QuizVersion;
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// A quiz as the learner's hot paths read it: its record and its current
/// version (kept in `quiz_versions` before it is first given out).
#[derive(Debug)]
pub struct CachedQuiz {
    pub record: QuizRecord,
    pub version: QuizVersion,
    /// [`QuizVersion::hash`] of `version`.
    pub version_hash: String,
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

/// Recently read [`Db::lesson_standing`] answers, by learner and lesson: the
/// signed-in lesson page asks for one on every read. An entry lives
/// [`LessonStandings::MAX_AGE`]; the learner's own writes through this
/// process drop theirs at once, so they see what they just did; another app
/// server's write reaches this one within `MAX_AGE`.
#[derive(Clone, Debug, Default)]
pub struct LessonStandings(Arc<RwLock<HashMap<i64, LearnerStandings>>>);

/// One learner's lesson standings, read since `at` at content `generation`.
#[derive(Debug)]
struct LearnerStandings {
    at: Instant,
    generation: u64,
    lessons: HashMap<i64, Option<i64>>,
}

impl LessonStandings {
    pub const MAX_AGE: Duration = Duration::from_secs(1);
    /// Above this many learners, stale entries are swept out.
    const SWEEP_ABOVE: usize = 4096;

    fn get(&self, user_id: i64, lesson_id: i64, generation: u64) -> Option<Option<i64>> {
        let map = self.0.read().unwrap_or_else(PoisonError::into_inner);
        let learner = map.get(&user_id)?;
        (learner.generation == generation && learner.at.elapsed() < Self::MAX_AGE)
            .then(|| learner.lessons.get(&lesson_id).copied())
            .flatten()
    }

    fn put(&self, user_id: i64, lesson_id: i64, generation: u64, standing: Option<i64>) {
        let mut map = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if map.len() > Self::SWEEP_ABOVE {
            map.retain(|_, l| l.at.elapsed() < Self::MAX_AGE);
        }
        let learner = map.entry(user_id).or_insert_with(|| LearnerStandings {
            at: Instant::now(),
            generation,
            lessons: HashMap::new(),
        });
        if learner.generation != generation || learner.at.elapsed() >= Self::MAX_AGE {
            *learner = LearnerStandings {
                at: Instant::now(),
                generation,
                lessons: HashMap::new(),
            };
        }
        learner.lessons.insert(lesson_id, standing);
    }

    /// Forgets what was read about the learner (they just changed it).
    fn forget(&self, user_id: i64) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&user_id);
    }
}

/// A learner's standing at a quiz and, if it is stored, their attempt of a
/// given number.
#[derive(Debug, Clone, FromRow)]
pub struct NumberedStandingRow {
    pub attempts: Option<i64>,
    pub last_submitted_at: Option<i64>,
    pub best_percent: Option<i64>,
    pub passed_at: Option<i64>,
    pub numbered_id: Option<i64>,
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

/// A submitted attempt to store, with its grade.
#[derive(Debug, Clone)]
pub struct SubmissionToStore<'a> {
    /// The learner's attempt number at this quiz (1, 2, …).
    pub number: i64,
    pub token: &'a str,
    /// The paper as the learner was shown it.
    pub paper_json: &'a str,
    pub started_at: i64,
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
    /// A shown quiz and its current version, from [`QuizCache`] when fresh.
    /// A version read for the first time is kept in `quiz_versions` before
    /// it is used, so every attempt given out can be graded later.
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
        let version =
            QuizVersion::of(&record, &questions).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let body = serde_json::to_string(&version).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let version_hash = QuizVersion::hash(&body);
        self.keep_quiz_version(record.id, &version_hash, &body)
            .await?;
        let quiz = Arc::new(CachedQuiz {
            record,
            version,
            version_hash,
        });
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

    /// Stores a version of a quiz unless it is stored already.
    async fn keep_quiz_version(
        &self,
        quiz_id: i64,
        hash: &str,
        body: &str,
    ) -> Result<(), sqlx::Error> {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM quiz_versions WHERE quiz_id = $1 AND hash = $2")
                .bind(quiz_id)
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?;
        if known.is_some() {
            return Ok(());
        }
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO quiz_versions (quiz_id, hash, body_json, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (quiz_id, hash) DO NOTHING",
        )
        .bind(quiz_id)
        .bind(hash)
        .bind(body)
        .bind(now_unix())
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// A version of a quiz given out earlier, by its hash.
    pub async fn quiz_version(
        &self,
        quiz_id: i64,
        hash: &str,
    ) -> Result<Option<QuizVersion>, sqlx::Error> {
        let body: Option<String> = sqlx::query_scalar(
            "SELECT body_json FROM quiz_versions WHERE quiz_id = $1 AND hash = $2",
        )
        .bind(quiz_id)
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        body.map(|b| serde_json::from_str(&b).map_err(|e| sqlx::Error::Decode(Box::new(e))))
            .transpose()
    }

    /// In one statement: the learner's standing at the quiz and the id of
    /// their attempt number `number`, if it is stored.
    pub async fn numbered_standing(
        &self,
        user_id: i64,
        quiz_id: i64,
        number: i64,
    ) -> Result<NumberedStandingRow, sqlx::Error> {
        sqlx::query_as(
            "SELECT s.attempts, s.last_submitted_at, s.best_percent, s.passed_at, a.id AS numbered_id
             FROM (SELECT 1 AS one) k
             LEFT JOIN quiz_standings s ON s.user_id = $1 AND s.quiz_id = $2
             LEFT JOIN quiz_attempts a ON a.user_id = $1 AND a.quiz_id = $2 AND a.attempt_no = $3",
        )
        .bind(user_id)
        .bind(quiz_id)
        .bind(number)
        .fetch_one(&self.pool)
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
    /// Answers from [`LessonStandings`] when fresh.
    pub async fn lesson_standing(
        &self,
        user_id: i64,
        lesson_id: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let generation = self.content_generation();
        if let Some(known) = self.lesson_standings.get(user_id, lesson_id, generation) {
            return Ok(known);
        }
        let standing: Option<i64> = sqlx::query_scalar(
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
        .await?;
        self.lesson_standings
            .put(user_id, lesson_id, generation, standing);
        Ok(standing)
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

    /// Stores a graded submission, once per attempt number: a second
    /// submission of the same number stores nothing and answers with the
    /// first. The same statement (the trigger `quiz_attempts_counted`) raises
    /// the learner's count of attempts within the quiz's limit and waiting
    /// time or refuses it; a first pass that completes the course issues its
    /// certificate in the same transaction.
    pub async fn store_submission(
        &self,
        user_id: i64,
        quiz: &QuizRecord,
        attempt: &SubmissionToStore<'_>,
    ) -> Result<Recorded, sqlx::Error> {
        let now = now_unix();
        let insert = || {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO quiz_attempts (token, user_id, quiz_id, course_id, attempt_no, paper_json,
                    started_at, submitted_at, answers_json, points, percent, passed)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (user_id, quiz_id, attempt_no) DO NOTHING
                 RETURNING id",
            )
            .bind(attempt.token)
            .bind(user_id)
            .bind(quiz.id)
            .bind(quiz.course_id)
            .bind(attempt.number)
            .bind(attempt.paper_json)
            .bind(attempt.started_at.min(now))
            .bind(now)
            .bind(attempt.answers_json)
            .bind(attempt.points)
            .bind(attempt.percent)
            .bind(i64::from(attempt.passed))
        };
        let _turn = self.write_turn().await;
        // A first pass completes the step, which may complete the course:
        // the certificate is issued in the same transaction. Any other
        // submission is one statement (the trigger counts it).
        let stored = if attempt.passed && attempt.first_pass {
            let mut tx = self.pool.begin().await?;
            let stored = match insert().fetch_optional(&mut *tx).await {
                Ok(stored) => stored,
                Err(e) if is_refusal(&e) => {
                    tx.rollback().await?;
                    return Ok(Recorded::Refused);
                }
                Err(e) => return Err(e),
            };
            let mut assigned = false;
            if stored.is_some() {
                assigned |= lock_progress(&mut tx, user_id, quiz.course_id, now).await?;
                assigned |= certify_if_complete(&mut tx, user_id, quiz.course_id, now).await?;
            }
            tx.commit().await?;
            if assigned {
                self.assignments_changed();
            }
            stored
        } else {
            match insert().fetch_optional(&self.pool).await {
                Ok(stored) => stored,
                Err(e) if is_refusal(&e) => return Ok(Recorded::Refused),
                Err(e) => return Err(e),
            }
        };
        if let Some(id) = stored {
            self.lesson_standings.forget(user_id);
            return Ok(Recorded::Stored(id));
        }
        // Submitted before (a double click, a retry): the same attempt.
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM quiz_attempts WHERE user_id = $1 AND quiz_id = $2 AND attempt_no = $3",
        )
        .bind(user_id)
        .bind(quiz.id)
        .bind(attempt.number)
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
        let mut assigned = lock_progress(&mut tx, user_id, course_id, now).await?;
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
        assigned |= certify_if_complete(&mut tx, user_id, course_id, now).await?;
        tx.commit().await?;
        if assigned {
            self.assignments_changed();
        }
        self.lesson_standings.forget(user_id);
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
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_progress (user_id, course_id, started_at, updated_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, course_id) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    super::assignments::assignments_started(tx, user_id, course_id, now).await
}

/// Issues the course's certificate when every step is completed, once.
async fn certify_if_complete(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    course_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let steps: Vec<OutlineRow> = sqlx::query_as(OUTLINE)
        .bind(course_id)
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    if steps.is_empty() || steps.iter().any(|s| s.done == 0) {
        return Ok(false);
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
    super::assignments::assignments_completed(tx, user_id, course_id, now).await
}
