//! The learner's journey on the server: outlines with each learner's
//! state, issuing and grading quiz attempts, lesson completions, "Học tập của
//! tôi" and certificates. SQL is in `ssr::db::learning`; grading is pure
//! ([`grading`]).

pub mod attempt;
pub mod certificate;
pub mod grading;

use crate::domain::{
    AttemptReport, AttemptSummary, CertificateView, CourseProgress, CourseStep, Moment, MyCourse,
    MyLearning, QuestionKind, QuestionPreview, QuizSheet, QuizStatus, ReviewedOption,
    ReviewedQuestion, Revocation, StepKind, StepLink, StepState,
};
use crate::ssr::db::{
    CachedQuiz, Db, OutlineRow, QuizRecord, Recorded, StandingRow, SubmissionToStore, now_unix,
};
use attempt::{AttemptToken, QuizVersion};
use grading::{AnswerKey, Answers, Grade, Paper, ShowAnswers};
use rand::Rng;

/// Why a learner's action was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    #[error("not found")]
    NotFound,
    /// An earlier step of a sequential course is not completed.
    #[error("locked")]
    Locked,
    #[error("attempt limit reached")]
    AttemptLimit,
    #[error("wait until {0:?}")]
    Wait(Moment),
    /// The form's attempt token is not one of this learner's attempts at this quiz.
    #[error("unknown attempt")]
    UnknownAttempt,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A quiz page older than this cannot be submitted (its token has expired).
const ATTEMPT_LIFETIME: i64 = 7 * 24 * 3600;

/// How many attempts "Học tập của tôi" lists.
const HISTORY: i64 = 50;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// The states of a course's steps for a learner: done, open, or locked when
/// the course is sequential and an earlier step is not done.
pub fn step_states(rows: &[OutlineRow], sequential: bool) -> Vec<StepState> {
    let mut all_done_so_far = true;
    rows.iter()
        .map(|row| {
            let state = if row.done != 0 {
                StepState::Done
            } else if sequential && !all_done_so_far {
                StepState::Locked
            } else {
                StepState::Open
            };
            all_done_so_far &= row.done != 0;
            state
        })
        .collect()
}

fn step_href(course_slug: &str, row: &OutlineRow) -> String {
    match row.lesson_id {
        Some(_) => format!("/khoa-hoc/{course_slug}/{}", row.slug),
        None => format!("/kiem-tra/{}", row.slug),
    }
}

/// A course's outline as a learner (`user`) or a visitor (`None`) sees it,
/// with the learner's progress.
pub async fn course_outline(
    db: &Db,
    course_id: i64,
    course_slug: &str,
    sequential: bool,
    user: Option<i64>,
) -> Result<(Vec<CourseStep>, Option<CourseProgress>), sqlx::Error> {
    let rows = db.course_outline(course_id, user.unwrap_or(0)).await?;
    let states = step_states(&rows, sequential);
    let steps: Vec<CourseStep> = rows
        .iter()
        .zip(&states)
        .map(|(row, state)| CourseStep {
            kind: if row.lesson_id.is_some() {
                StepKind::Lesson
            } else {
                StepKind::Quiz
            },
            slug: row.slug.clone(),
            title: row.title.clone(),
            summary: row.summary.clone(),
            href: step_href(course_slug, row),
            minutes: u32::try_from(row.minutes).unwrap_or(0),
            question_count: u32::try_from(row.question_count).unwrap_or(0),
            state: user.map(|_| *state),
        })
        .collect();
    let progress = match user {
        None => None,
        Some(user) => {
            let mut progress = progress_of(&rows, course_slug);
            progress.certificate = db.certificate_code(user, course_id).await?;
            Some(progress)
        }
    };
    Ok((steps, progress))
}

fn progress_of(rows: &[OutlineRow], course_slug: &str) -> CourseProgress {
    let done = rows.iter().filter(|r| r.done != 0).count() as u32;
    let mut progress = CourseProgress::new(done, rows.len() as u32);
    progress.next = rows.iter().find(|row| row.done == 0).map(|row| StepLink {
        title: row.title.clone(),
        href: step_href(course_slug, row),
    });
    progress
}

/// Where a lesson stands for a learner (open when it is not a step). One
/// statement: the page cache asks it for every signed-in lesson read.
pub async fn lesson_state(db: &Db, user: i64, lesson_id: i64) -> Result<StepState, sqlx::Error> {
    Ok(match db.lesson_standing(user, lesson_id).await? {
        Some(2) => StepState::Done,
        Some(1) => StepState::Locked,
        _ => StepState::Open,
    })
}

async fn quiz_state(db: &Db, user: i64, quiz: &QuizRecord) -> Result<StepState, sqlx::Error> {
    if quiz.sequential == 0 {
        // Nothing is ever locked, and a quiz's state here is only ever
        // asked to know whether it is locked.
        return Ok(StepState::Open);
    }
    let rows = db.course_outline(quiz.course_id, user).await?;
    let states = step_states(&rows, quiz.sequential != 0);
    Ok(rows
        .iter()
        .zip(states)
        .find(|(row, _)| row.quiz_id == Some(quiz.id))
        .map_or(StepState::Open, |(_, state)| state))
}

/// Records that `user` finished reading the lesson.
pub async fn complete_lesson(
    db: &Db,
    user: i64,
    course: &str,
    lesson: &str,
) -> Result<(), LearnError> {
    let (lesson_id, course_id, _) = db
        .lesson_learning(course, lesson)
        .await?
        .ok_or(LearnError::NotFound)?;
    if lesson_state(db, user, lesson_id).await? == StepState::Locked {
        return Err(LearnError::Locked);
    }
    db.complete_lesson(user, course_id, lesson_id).await?;
    Ok(())
}

/// The questions of a paper as the form shows them: no keys, no explanations.
fn previews(paper: &Paper) -> Vec<QuestionPreview> {
    paper
        .questions
        .iter()
        .map(|q| QuestionPreview {
            uid: q.uid.clone(),
            kind: q.kind,
            text: q.text.clone(),
            options: q.options.clone(),
        })
        .collect()
}

fn status_of(quiz: &QuizRecord, standing: &StandingRow, locked: bool) -> QuizStatus {
    let now = now_unix();
    let max_attempts = u32::try_from(quiz.max_attempts).unwrap_or(0);
    let attempts = u32::try_from(standing.attempts).unwrap_or(0);
    let wait_end = standing.last_submitted_at + quiz.wait_seconds;
    QuizStatus {
        pass_percent: u32::try_from(quiz.pass_percent).unwrap_or(80),
        max_attempts,
        wait_minutes: u32::try_from(quiz.wait_seconds / 60).unwrap_or(0),
        attempts,
        best_percent: (standing.attempts > 0)
            .then(|| u32::try_from(standing.best_percent).unwrap_or(0)),
        passed: standing.passed_at.is_some(),
        locked,
        wait_until: (standing.attempts > 0 && quiz.wait_seconds > 0 && wait_end > now)
            .then_some(Moment(wait_end)),
        exhausted: max_attempts > 0 && attempts >= max_attempts,
    }
}

/// The quiz to take. A signed-in learner who may submit gets their next
/// attempt's paper and token (nothing is written: the same page again shows
/// the same paper); anyone else a paper to try.
pub async fn quiz_sheet(db: &Db, slug: &str, user: Option<i64>) -> Result<QuizSheet, LearnError> {
    let cached = db
        .quiz_for_learners(slug)
        .await?
        .ok_or(LearnError::NotFound)?;
    let quiz = &cached.record;
    let (standing, locked) = match user {
        Some(user) => (
            db.quiz_standing(user, quiz.id).await?.unwrap_or_default(),
            quiz_state(db, user, quiz).await? == StepState::Locked,
        ),
        None => (StandingRow::default(), false),
    };
    let status = status_of(quiz, &standing, locked);
    let (paper, token) = match user {
        Some(user) if !status.locked && !status.exhausted => {
            let key = db.attempt_key().await?;
            let token = AttemptToken {
                number: standing.attempts + 1,
                version: cached.version_hash.clone(),
                started_at: now_unix(),
            };
            (
                cached.version.paper(&token.seed(key, user, quiz.id)),
                Some(token.sign(key, user, quiz.id)),
            )
        }
        _ => (visitor_paper(&cached), None),
    };
    Ok(QuizSheet {
        questions: previews(&paper),
        slug: quiz.slug.clone(),
        title: quiz.title.clone(),
        summary: quiz.summary.clone(),
        course_slug: quiz.course_slug.clone(),
        course_title: quiz.course_title.clone(),
        token,
        signed_in: user.is_some(),
        status,
    })
}

/// A paper for someone who will not store an attempt (options in a fresh
/// random order when the quiz shuffles).
fn visitor_paper(cached: &CachedQuiz) -> Paper {
    let seed: [u8; 16] = rand::rng().random();
    cached.version.paper(&seed)
}

/// Only the answers to the paper's questions, as stored with the attempt.
fn answers_to(paper: &Paper, answers: &Answers) -> Answers {
    paper
        .questions
        .iter()
        .filter_map(|q| answers.get(&q.uid).map(|a| (q.uid.clone(), a.clone())))
        .collect()
}

/// Grades and stores the learner's submission of the attempt `token`;
/// returns the attempt's id. Submitting the same attempt again changes
/// nothing and returns the same id.
pub async fn submit(
    db: &Db,
    user: i64,
    slug: &str,
    token: &str,
    answers: &Answers,
) -> Result<i64, LearnError> {
    let cached = db
        .quiz_for_learners(slug)
        .await?
        .ok_or(LearnError::NotFound)?;
    let quiz = &cached.record;
    let key = db.attempt_key().await?;
    let attempt = AttemptToken::verify(token, key, user, quiz.id)
        .filter(|t| t.started_at + ATTEMPT_LIFETIME > now_unix())
        .ok_or(LearnError::UnknownAttempt)?;
    let row = db.numbered_standing(user, quiz.id, attempt.number).await?;
    if let Some(id) = row.numbered_id {
        return Ok(id);
    }
    if quiz_state(db, user, quiz).await? == StepState::Locked {
        return Err(LearnError::Locked);
    }
    let refusal = |standing: &StandingRow| {
        let status = status_of(quiz, standing, false);
        if status.exhausted {
            Some(LearnError::AttemptLimit)
        } else {
            status.wait_until.map(LearnError::Wait)
        }
    };
    let standing = StandingRow::from_columns(
        row.attempts,
        row.last_submitted_at,
        row.best_percent,
        row.passed_at,
    );
    if let Some(refused) = refusal(&standing) {
        return Err(refused);
    }
    // The version the page was made from: the current one, or one edited
    // away since (kept in `quiz_versions`).
    let version = if attempt.version == cached.version_hash {
        None
    } else {
        Some(
            db.quiz_version(quiz.id, &attempt.version)
                .await?
                .ok_or(LearnError::UnknownAttempt)?,
        )
    };
    let version: &QuizVersion = version.as_ref().unwrap_or(&cached.version);
    let paper = version.paper(&attempt.seed(key, user, quiz.id));
    let kept = answers_to(&paper, answers);
    let grade = grading::grade(&paper, &kept);
    let stored = db
        .store_submission(
            user,
            quiz,
            &SubmissionToStore {
                number: attempt.number,
                token,
                paper_json: &encode(&paper)?,
                started_at: attempt.started_at,
                answers_json: &encode(&kept)?,
                points: i64::from(grade.points),
                percent: i64::from(grade.percent),
                passed: grade.passed,
                first_pass: standing.passed_at.is_none(),
            },
        )
        .await?;
    match stored {
        Recorded::Stored(id) | Recorded::AlreadySubmitted(id) => Ok(id),
        Recorded::Refused => {
            let standing = db.quiz_standing(user, quiz.id).await?.unwrap_or_default();
            Err(refusal(&standing).unwrap_or(LearnError::AttemptLimit))
        }
    }
}

fn review(
    paper: &Paper,
    answers: &Answers,
    grade: &Grade,
    answers_shown: bool,
) -> Vec<ReviewedQuestion> {
    paper
        .questions
        .iter()
        .zip(&grade.questions)
        .map(|(q, graded)| {
            let shown = |correct: bool| answers_shown.then_some(correct);
            let options = match &q.key {
                AnswerKey::Options(key) => {
                    let chosen = grading::chosen_options(q, answers);
                    q.options
                        .iter()
                        .map(|o| ReviewedOption {
                            text: o.text.clone(),
                            chosen: chosen.contains(&o.id.as_str()),
                            correct: shown(key.contains(&o.id)),
                        })
                        .collect()
                }
                AnswerKey::Truth(truth) => {
                    let given = grading::given_text(q, answers);
                    [true, false]
                        .into_iter()
                        .map(|value| ReviewedOption {
                            text: value.to_string(),
                            chosen: given == Some(if value { "true" } else { "false" }),
                            correct: shown(value == *truth),
                        })
                        .collect()
                }
                AnswerKey::Short { .. } => Vec::new(),
            };
            let accepted = match (&q.key, answers_shown) {
                (AnswerKey::Short { accepted, .. }, true) => accepted.clone(),
                _ => Vec::new(),
            };
            ReviewedQuestion {
                kind: q.kind,
                text: q.text.clone(),
                options,
                given: match q.kind {
                    QuestionKind::Short => grading::given_text(q, answers).map(str::to_owned),
                    _ => None,
                },
                correct: graded.correct,
                credit: graded.credit,
                accepted,
                explanation: (answers_shown && !q.explanation.is_empty())
                    .then(|| q.explanation.clone()),
            }
        })
        .collect()
}

fn report_of(
    quiz: &QuizRecord,
    paper: &Paper,
    answers: &Answers,
    ever_passed: bool,
) -> AttemptReport {
    let grade = grading::grade(paper, answers);
    let answers_shown = paper.show_answers == ShowAnswers::Always || grade.passed || ever_passed;
    AttemptReport {
        id: None,
        quiz_slug: quiz.slug.clone(),
        quiz_title: quiz.title.clone(),
        course_slug: quiz.course_slug.clone(),
        course_title: quiz.course_title.clone(),
        percent: grade.percent,
        pass_percent: paper.pass_percent,
        passed: grade.passed,
        correct_count: grade.questions.iter().filter(|q| q.correct).count() as u32,
        question_count: paper.questions.len() as u32,
        submitted_at: None,
        answers_shown,
        questions: review(paper, answers, &grade, answers_shown),
        certificate: None,
    }
}

/// A visitor who is not signed in tries the quiz: graded against the quiz
/// as it is now, not stored, and shown as a score only. Which questions
/// were right, the correct answers and the explanations stay on the server
/// whatever the quiz's setting: a visitor's tries are not counted against
/// any attempt limit, so showing them would give the key away. (A score
/// alone still leaks the key one changed answer at a time; the caller
/// throttles tries, [`VISITOR_TRIES`].)
pub async fn try_quiz(db: &Db, slug: &str, answers: &Answers) -> Result<AttemptReport, LearnError> {
    let cached = db
        .quiz_for_learners(slug)
        .await?
        .ok_or(LearnError::NotFound)?;
    let mut report = report_of(&cached.record, &cached.version.paper, answers, false);
    report.questions.clear();
    report.answers_shown = false;
    Ok(report)
}

/// Visitors' tries of one quiz from one client address: 5 at once, then one
/// every 12 minutes (5 an hour). Kept in the database's throttle table, so
/// every app server counts the same tries. Signed-in learners are not
/// limited here: their attempts are stored and limited by the quiz.
pub const VISITOR_TRIES: crate::ssr::auth::Limit = crate::ssr::auth::Limit {
    name: "quiz-try",
    burst: 5,
    every: std::time::Duration::from_secs(12 * 60),
};

/// The learner's own submitted attempt `id`, as graded then: its frozen
/// paper and stored answers, whatever the quiz has become since.
pub async fn attempt_report(db: &Db, user: i64, id: i64) -> Result<AttemptReport, LearnError> {
    let attempt = db
        .submitted_attempt(user, id)
        .await?
        .ok_or(LearnError::NotFound)?;
    let quiz = db
        .quiz_record_by_id(attempt.quiz_id)
        .await?
        .ok_or(LearnError::NotFound)?;
    let paper: Paper = decode(&attempt.paper_json)?;
    let answers: Answers = decode(attempt.answers_json.as_deref().unwrap_or("{}"))?;
    let standing = db.quiz_standing(user, quiz.id).await?.unwrap_or_default();
    let mut report = report_of(&quiz, &paper, &answers, standing.passed_at.is_some());
    report.id = Some(attempt.id);
    report.submitted_at = attempt.submitted_at.map(Moment);
    report.certificate = db.certificate_code(user, attempt.course_id).await?;
    Ok(report)
}

/// "Học tập của tôi": the learner's courses and attempts, read by their id only.
pub async fn my_learning(db: &Db, user: i64) -> Result<MyLearning, sqlx::Error> {
    let mut learning = MyLearning {
        in_progress: Vec::new(),
        completed: Vec::new(),
        attempts: Vec::new(),
    };
    for row in db.my_courses(user).await? {
        let rows = db.course_outline(row.course_id, user).await?;
        let mut progress = progress_of(&rows, &row.slug);
        progress.certificate = row.certificate.clone();
        let course = MyCourse {
            slug: row.slug,
            title: row.title,
            progress,
            completed_on: row.completed_at.map(|at| Moment(at).date_vn()),
        };
        if course.progress.certificate.is_some() {
            learning.completed.push(course);
        } else {
            learning.in_progress.push(course);
        }
    }
    learning.attempts = db
        .my_attempts(user, HISTORY)
        .await?
        .into_iter()
        .map(|a| AttemptSummary {
            id: a.id,
            quiz_slug: a.quiz_slug,
            quiz_title: a.quiz_title,
            percent: u32::try_from(a.percent).unwrap_or(0),
            passed: a.passed != 0,
            submitted_at: Moment(a.submitted_at),
        })
        .collect();
    Ok(learning)
}

/// The learner's percent of each course in `cards`.
pub async fn mark_progress(
    db: &Db,
    user: i64,
    cards: &mut [crate::domain::CourseCard],
) -> Result<(), sqlx::Error> {
    let percents = db.course_percents(user).await?;
    for card in cards {
        let (total, done) = percents
            .iter()
            .find(|(slug, _, _)| *slug == card.slug)
            .map_or((0, 0), |(_, total, done)| (*total, *done));
        card.progress = Some(CourseProgress::new(done as u32, total as u32).percent);
    }
    Ok(())
}

/// The public verification page's content for `code`, or `None` when no
/// certificate has that code.
pub async fn verify(
    db: &Db,
    code: &str,
    public_url: &str,
    issuer: &str,
    can_revoke: bool,
) -> Result<Option<CertificateView>, sqlx::Error> {
    let Some(code) = certificate::parse_code(code) else {
        return Ok(None);
    };
    let Some(row) = db.certificate(&code).await? else {
        return Ok(None);
    };
    let verify_url = format!(
        "{}/chung-nhan/{}",
        public_url.trim_end_matches('/'),
        row.code
    );
    Ok(Some(CertificateView {
        qr_svg: certificate::qr_svg(&verify_url),
        verify_url,
        code: row.code,
        learner_name: row.learner_name,
        course_title: row.course_title,
        course_slug: row.course_slug,
        issued_on: Moment(row.issued_at).date_vn(),
        issuer: issuer.to_owned(),
        revoked: row.revoked_at.map(|at| Revocation {
            on: Moment(at).date_vn(),
            reason: row.revoked_reason.unwrap_or_default(),
        }),
        can_revoke,
    }))
}
