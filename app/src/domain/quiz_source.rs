//! A quiz as its author writes it: its settings and questions, in the form
//! of a `content/quizzes/*.toml` file (without the title, course and
//! summary, which are the item's fields). The panel stores a quiz's
//! revisions in this form, so its history is readable text and a diff of
//! two revisions shows the questions that changed. Checked and turned into
//! graded questions on the server (`ssr::import::quiz`).

use serde::{Deserialize, Serialize};

/// The settings and questions of a quiz.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizBody {
    /// Percentage needed to pass, 1–100.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: i64,
    /// 0 = unlimited.
    #[serde(default)]
    pub max_attempts: i64,
    /// Minutes a learner waits after an attempt before the next one.
    #[serde(default)]
    pub wait_minutes: i64,
    #[serde(default)]
    pub shuffle_options: bool,
    /// `always` or `after_pass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_answers: Option<String>,
    /// `all_or_nothing` or `partial`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_scoring: Option<String>,
    #[serde(default)]
    pub questions: Vec<QuestionSource>,
}

fn default_pass_mark() -> i64 {
    80
}

impl Default for QuizBody {
    fn default() -> Self {
        QuizBody {
            pass_mark: default_pass_mark(),
            max_attempts: 0,
            wait_minutes: 0,
            shuffle_options: false,
            show_answers: None,
            multiple_scoring: None,
            questions: Vec::new(),
        }
    }
}

/// One question as written: `type` is `single`, `multiple`, `true_false`
/// or `short`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSource {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Option numbers (from 1), or true/false; not used by short answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerSource>,
    /// Accepted answers of a short-answer question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_diacritics: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The `answer` of a question: option numbers from 1 (one number is
/// accepted too), or true/false.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerSource {
    Truth(bool),
    Numbers(Vec<i64>),
    Number(i64),
}

impl AnswerSource {
    /// The option numbers (from 1) it names; empty for true/false.
    pub fn numbers(&self) -> Vec<i64> {
        match self {
            AnswerSource::Numbers(n) => n.clone(),
            AnswerSource::Number(n) => vec![*n],
            AnswerSource::Truth(_) => Vec::new(),
        }
    }
}

/// The most options a question has in the editor (A to H).
pub const MAX_OPTIONS: usize = 8;

/// The letter of option `index` (0-based): A, B, …
pub fn option_letter(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}
