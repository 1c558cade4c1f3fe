//! The learning behind the demo city's progress: for every course an
//! official started (`course_progress`), the steps they did, in the
//! course's order and spread between their start and their last activity:
//! lessons read, quiz attempts (some failed before the pass) on real
//! papers graded by the quiz's own rules, and the certificate of every
//! completed course. So each demo official's "Việc cần làm", learning page,
//! attempts and certificates agree with what the dashboard counts.

use super::demo::placeholders;
use super::{CachedQuiz, Db};
use crate::ssr::learning::attempt::AttemptToken;
use crate::ssr::learning::certificate::new_code;
use crate::ssr::learning::grading::{self, AnswerKey, Answers, Paper};
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::sync::Arc;

/// One step of a course, as the history needs it.
pub(super) enum DemoStep {
    Lesson(i64),
    Quiz(Arc<CachedQuiz>),
}

/// Every shown course's steps and the key attempt tokens are signed with,
/// read before the demo's transaction (reading a quiz may store its version).
pub(super) struct DemoCourses {
    key: Vec<u8>,
    steps: HashMap<i64, Vec<DemoStep>>,
}

/// How much history was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryCounts {
    pub lessons_read: usize,
    pub attempts: usize,
    pub certificates: usize,
}

impl Db {
    pub(super) async fn demo_courses(&self) -> Result<DemoCourses, sqlx::Error> {
        let rows: Vec<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT s.course_id, s.lesson_id, q.slug
             FROM course_steps s LEFT JOIN quizzes q ON q.id = s.quiz_id
             ORDER BY s.course_id, s.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut steps: HashMap<i64, Vec<DemoStep>> = HashMap::new();
        for (course, lesson, quiz) in rows {
            let step = match (lesson, quiz) {
                (Some(lesson), _) => DemoStep::Lesson(lesson),
                (None, Some(slug)) => match self.quiz_for_learners(&slug).await? {
                    Some(quiz) => DemoStep::Quiz(quiz),
                    None => continue,
                },
                (None, None) => continue,
            };
            steps.entry(course).or_default().push(step);
        }
        Ok(DemoCourses {
            key: self.attempt_key().await?.to_vec(),
            steps,
        })
    }
}

/// A number from 0 to 2⁶⁴ made from `a` and `b` (splitmix64): the same
/// history every run, varied across people and courses.
fn mix(a: i64, b: i64) -> u64 {
    let mut z = (a as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((b as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Answers to `paper`: right, except the questions `wrong` picks.
fn answers_to(paper: &Paper, wrong: &dyn Fn(usize) -> bool) -> Answers {
    paper
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let right = !wrong(i);
            let given = match &q.key {
                AnswerKey::Options(key) if right => key.clone(),
                AnswerKey::Options(key) => q
                    .options
                    .iter()
                    .find(|o| !key.contains(&o.id))
                    .map(|o| vec![o.id.clone()])
                    .unwrap_or_default(),
                AnswerKey::Truth(truth) => vec![(*truth == right).to_string()],
                AnswerKey::Short { accepted, .. } if right => {
                    accepted.first().cloned().into_iter().collect()
                }
                AnswerKey::Short { .. } => vec!["không nhớ".to_owned()],
            };
            (q.uid.clone(), given)
        })
        .collect()
}

/// One stored attempt, as `quiz_attempts` holds it.
struct DemoAttempt {
    token: String,
    user: i64,
    quiz: i64,
    course: i64,
    number: i64,
    paper_json: String,
    started_at: i64,
    submitted_at: i64,
    answers_json: String,
    points: i64,
    percent: i64,
    passed: bool,
}

/// Makes `user`'s attempt `number` at `quiz`, submitted at `at`, meant to
/// pass or to fail (graded for real; the intent only picks the answers).
fn attempt(
    key: &[u8],
    quiz: &CachedQuiz,
    user: i64,
    number: i64,
    at: i64,
    pass: bool,
) -> Result<DemoAttempt, sqlx::Error> {
    let id = quiz.record.id;
    let token = AttemptToken {
        number,
        version: quiz.version_hash.clone(),
        started_at: at - 120 - (mix(user, id + number) % 900) as i64,
    };
    let paper = quiz.version.paper(&token.seed(key, user, id));
    let count = paper.questions.len().max(1);
    let slip = (mix(id, user) % count as u64) as usize;
    let careless = mix(user, id).is_multiple_of(3);
    // a pass: all right, or one slip when the pass mark allows it;
    // a fail: every other question wrong, or all when that still passes
    let one_slip = move |i: usize| careless && i == slip;
    let every_other = |i: usize| i.is_multiple_of(2);
    let plans: [&dyn Fn(usize) -> bool; 2] = match pass {
        true => [&one_slip, &|_| false],
        false => [&every_other, &|_| true],
    };
    let answer = |wrong: &dyn Fn(usize) -> bool| {
        let answers = answers_to(&paper, wrong);
        let grade = grading::grade(&paper, &answers);
        (answers, grade)
    };
    let (mut answers, mut grade) = answer(plans[0]);
    if grade.passed != pass {
        (answers, grade) = answer(plans[1]);
    }
    let encode = |e: serde_json::Error| sqlx::Error::Encode(Box::new(e));
    Ok(DemoAttempt {
        token: token.sign(key, user, id),
        user,
        quiz: id,
        course: quiz.record.course_id,
        number,
        paper_json: serde_json::to_string(&paper).map_err(encode)?,
        started_at: token.started_at,
        submitted_at: at,
        answers_json: serde_json::to_string(&answers).map_err(encode)?,
        points: i64::from(grade.points),
        percent: i64::from(grade.percent),
        passed: grade.passed,
    })
}

/// Rows written per statement (well under both backends' limit of binds).
const ATTEMPTS_PER_INSERT: usize = 150;
const ROWS_PER_INSERT: usize = 800;

async fn insert_attempts(
    tx: &mut Transaction<'_, Any>,
    batch: &mut Vec<DemoAttempt>,
) -> Result<(), sqlx::Error> {
    if batch.is_empty() {
        return Ok(());
    }
    // Counted by the trigger `quiz_attempts_counted`, row by row in this
    // order: a person's failed attempt comes before their pass.
    let sql = format!(
        "INSERT INTO quiz_attempts (token, user_id, quiz_id, course_id, attempt_no, paper_json,
             started_at, submitted_at, answers_json, points, percent, passed) VALUES {}",
        placeholders(batch.len(), 12)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for a in batch.drain(..) {
        query = query
            .bind(a.token)
            .bind(a.user)
            .bind(a.quiz)
            .bind(a.course)
            .bind(a.number)
            .bind(a.paper_json)
            .bind(a.started_at)
            .bind(a.submitted_at)
            .bind(a.answers_json)
            .bind(a.points)
            .bind(a.percent)
            .bind(i64::from(a.passed));
    }
    query.execute(&mut **tx).await.map(|_| ())
}

async fn insert_lessons(
    tx: &mut Transaction<'_, Any>,
    batch: &mut Vec<(i64, i64, i64)>,
) -> Result<(), sqlx::Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO lesson_completions (user_id, lesson_id, completed_at) VALUES {}
         ON CONFLICT (user_id, lesson_id) DO NOTHING",
        placeholders(batch.len(), 3)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (user, lesson, at) in batch.drain(..) {
        query = query.bind(user).bind(lesson).bind(at);
    }
    query.execute(&mut **tx).await.map(|_| ())
}

async fn insert_certificates(
    tx: &mut Transaction<'_, Any>,
    batch: &mut Vec<(String, i64, i64, i64)>,
) -> Result<(), sqlx::Error> {
    if batch.is_empty() {
        return Ok(());
    }
    // the name and the title as they are when it is issued
    let sql = format!(
        "INSERT INTO certificates (code, user_id, course_id, learner_name, course_title, issued_at)
         SELECT v.column1, u.id, c.id, u.full_name, c.title, v.column4
         FROM (VALUES {}) AS v
         JOIN users u ON u.id = v.column2 JOIN courses c ON c.id = v.column3",
        placeholders(batch.len(), 4)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (code, user, course, at) in batch.drain(..) {
        query = query.bind(code).bind(user).bind(course).bind(at);
    }
    query.execute(&mut **tx).await.map(|_| ())
}

/// Writes the history of every course started by the accounts after
/// `first_user` (see the module's documentation); nothing after `now`.
pub(super) async fn write_history(
    tx: &mut Transaction<'_, Any>,
    courses: &DemoCourses,
    first_user: i64,
    now: i64,
) -> Result<HistoryCounts, sqlx::Error> {
    let progress: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT user_id, course_id, started_at, updated_at, completed_at FROM course_progress
         WHERE user_id > $1 ORDER BY user_id, course_id",
    )
    .bind(first_user)
    .fetch_all(&mut **tx)
    .await?;
    let mut counts = HistoryCounts::default();
    let mut attempts = Vec::with_capacity(ATTEMPTS_PER_INSERT + 2);
    let mut lessons = Vec::with_capacity(ROWS_PER_INSERT + 16);
    let mut certificates = Vec::with_capacity(ROWS_PER_INSERT);
    for (user, course, started, updated, completed) in progress {
        let Some(steps) = courses.steps.get(&course).filter(|s| !s.is_empty()) else {
            continue;
        };
        let last = completed.unwrap_or(updated).clamp(started, now);
        let luck = mix(user, course);
        // a completed course: every step; one in progress: at least the
        // first and never the last
        let done = match completed {
            Some(_) => steps.len(),
            None => 1 + (luck % steps.len().saturating_sub(1).max(1) as u64) as usize,
        }
        .min(steps.len());
        let at = |i: usize| match done {
            1 => last,
            _ => started + (last - started) * i as i64 / (done - 1) as i64,
        };
        for (i, step) in steps.iter().enumerate().take(done) {
            match step {
                DemoStep::Lesson(lesson) => lessons.push((user, *lesson, at(i))),
                DemoStep::Quiz(quiz) => {
                    let mut number = 1;
                    if mix(user, quiz.record.id) % 10 < 3 {
                        let before = (at(i) - 86_400).max(started);
                        attempts.push(attempt(&courses.key, quiz, user, 1, before, false)?);
                        number = 2;
                    }
                    attempts.push(attempt(&courses.key, quiz, user, number, at(i), true)?);
                }
            }
        }
        // the quiz someone in progress stopped at: failed once, for some
        if let Some(DemoStep::Quiz(quiz)) = steps.get(done)
            && luck % 5 < 2
        {
            attempts.push(attempt(&courses.key, quiz, user, 1, last, false)?);
        }
        if let Some(completed) = completed {
            certificates.push((new_code(), user, course, completed));
        }
        if attempts.len() >= ATTEMPTS_PER_INSERT {
            counts.attempts += attempts.len();
            insert_attempts(tx, &mut attempts).await?;
        }
        if lessons.len() >= ROWS_PER_INSERT {
            counts.lessons_read += lessons.len();
            insert_lessons(tx, &mut lessons).await?;
        }
        if certificates.len() >= ROWS_PER_INSERT {
            counts.certificates += certificates.len();
            insert_certificates(tx, &mut certificates).await?;
        }
    }
    counts.attempts += attempts.len();
    insert_attempts(tx, &mut attempts).await?;
    counts.lessons_read += lessons.len();
    insert_lessons(tx, &mut lessons).await?;
    counts.certificates += certificates.len();
    insert_certificates(tx, &mut certificates).await?;
    Ok(counts)
}
