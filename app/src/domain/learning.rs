//! What the learner's pages show: course outlines with progress, quizzes to
//! take, graded attempts, "Học tập của tôi" and certificates.
//!
//! Nothing here carries an answer key before a submission: [`QuizSheet`] has
//! the questions only; keys and explanations reach the browser only inside
//! an [`AttemptReport`], after grading.

use super::{Date, Moment, QuestionPreview};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    Lesson,
    Quiz,
}

/// A step as one signed-in learner stands with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Done,
    /// Can be completed now.
    Open,
    /// An earlier step of a sequential course is not completed yet.
    Locked,
}

/// One step of a course's outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseStep {
    pub kind: StepKind,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// `/khoa-hoc/{course}/{lesson}` or `/kiem-tra/{quiz}`.
    pub href: String,
    /// Reading time of a lesson; 0 for a quiz.
    pub minutes: u32,
    /// Questions of a quiz; 0 for a lesson.
    pub question_count: u32,
    /// `None` for a visitor who is not signed in.
    pub state: Option<StepState>,
}

/// A learner's progress through one course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseProgress {
    pub done: u32,
    pub total: u32,
    /// `done` of `total`, rounded down.
    pub percent: u32,
    /// The first step not completed ("Tiếp tục học"); `None` when all are.
    pub next: Option<StepLink>,
    /// The certificate's code, once issued.
    pub certificate: Option<String>,
}

impl CourseProgress {
    pub fn new(done: u32, total: u32) -> CourseProgress {
        CourseProgress {
            done,
            total,
            percent: (done * 100).checked_div(total).unwrap_or(0),
            next: None,
            certificate: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepLink {
    pub title: String,
    pub href: String,
}

/// Where a learner stands with a quiz.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizStatus {
    pub pass_percent: u32,
    /// 0 = unlimited.
    pub max_attempts: u32,
    pub wait_minutes: u32,
    /// Submitted attempts (signed-in learners only).
    pub attempts: u32,
    pub best_percent: Option<u32>,
    pub passed: bool,
    pub locked: bool,
    /// A new attempt may not be submitted before this moment.
    pub wait_until: Option<Moment>,
    /// Every allowed attempt has been used.
    pub exhausted: bool,
}

/// A quiz to take: the questions (options in this attempt's order), never
/// the answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizSheet {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub course_slug: String,
    pub course_title: String,
    pub questions: Vec<QuestionPreview>,
    /// Names this attempt in the form: a resubmitted form records one attempt.
    /// `None` for a visitor who is not signed in, and for a learner who may
    /// not submit now (locked, every attempt used).
    pub token: Option<String>,
    pub signed_in: bool,
    pub status: QuizStatus,
}

/// An option as reviewed after grading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewedOption {
    pub text: String,
    pub chosen: bool,
    /// Whether it is a correct option; `None` when answers are not shown.
    pub correct: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewedQuestion {
    pub kind: super::QuestionKind,
    pub text: String,
    /// Options (for true/false: "Đúng", "Sai" as options) in the order shown.
    pub options: Vec<ReviewedOption>,
    /// A short answer as typed.
    pub given: Option<String>,
    pub correct: bool,
    /// Thousandths of a question (partial credit).
    pub credit: u32,
    /// Accepted short answers, when answers are shown.
    pub accepted: Vec<String>,
    /// When answers are shown and the author wrote one.
    pub explanation: Option<String>,
}

/// A graded attempt: stored (signed in) or just shown (anonymous).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptReport {
    /// `None` for an anonymous try, which is not stored.
    pub id: Option<i64>,
    pub quiz_slug: String,
    pub quiz_title: String,
    pub course_slug: String,
    pub course_title: String,
    pub percent: u32,
    pub pass_percent: u32,
    pub passed: bool,
    pub correct_count: u32,
    pub question_count: u32,
    pub submitted_at: Option<Moment>,
    /// Whether correct answers and explanations are shown (quiz setting).
    pub answers_shown: bool,
    pub questions: Vec<ReviewedQuestion>,
    /// The course's certificate, when this learner has one.
    pub certificate: Option<String>,
}

/// A course in "Học tập của tôi".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCourse {
    pub slug: String,
    pub title: String,
    pub progress: CourseProgress,
    pub completed_on: Option<Date>,
}

/// A submitted attempt in a learner's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: i64,
    pub quiz_slug: String,
    pub quiz_title: String,
    pub percent: u32,
    pub passed: bool,
    pub submitted_at: Moment,
}

/// `/hoc-tap`: the signed-in learner's own courses and attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyLearning {
    pub in_progress: Vec<MyCourse>,
    pub completed: Vec<MyCourse>,
    pub attempts: Vec<AttemptSummary>,
}

/// The public verification page of a certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    /// As printed: groups of four, e.g. `K7QX-3M9P-…`.
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub course_slug: String,
    pub issued_on: Date,
    pub issuer: String,
    /// The address of this page, as printed and in the QR code.
    pub verify_url: String,
    /// The QR code of `verify_url`, as SVG markup made on the server.
    pub qr_svg: String,
    pub revoked: Option<Revocation>,
    /// Whether the viewer may revoke it (an administrator).
    pub can_revoke: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revocation {
    pub on: Date,
    pub reason: String,
}
