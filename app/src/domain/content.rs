//! What the pages show, as sent from the server to the browser.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub lesson_count: u32,
    pub total_minutes: u32,
    /// The signed-in learner's progress, in percent; `None` for a visitor.
    pub progress: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoursePage {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Sanitised HTML rendered from the course's cover text.
    pub cover_html: String,
    /// A step can be completed only after every earlier one.
    pub sequential: bool,
    /// Lessons and quizzes in order, with the signed-in learner's state.
    pub steps: Vec<super::CourseStep>,
    /// The signed-in learner's progress; `None` for a visitor.
    pub progress: Option<super::CourseProgress>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonLink {
    pub slug: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonPage {
    pub course_slug: String,
    pub course_title: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    /// Position in the course, from 1.
    pub number: u32,
    pub lesson_count: u32,
    /// Sanitised HTML rendered from the lesson's markdown.
    pub body_html: String,
    /// Views including this one.
    pub views: u64,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub published_on: Date,
    pub views: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub series: String,
    pub published_on: Date,
    pub body_html: String,
    /// Views including this one.
    pub views: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleList {
    pub articles: Vec<ArticleCard>,
    /// The page shown, from 1.
    pub page: u32,
    pub page_count: u32,
}

impl ArticleList {
    pub const PAGE_SIZE: u32 = 6;
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomePage {
    /// "Tiếp tục học": the signed-in learner's latest course not finished.
    pub resume: Option<super::MyCourse>,
    pub courses: Vec<CourseCard>,
    pub latest: Vec<ArticleCard>,
    pub most_read: Vec<ArticleCard>,
    /// An official's required courses not done yet ("Việc cần làm"), soonest first.
    #[serde(default)]
    pub tasks: Vec<super::TodoItem>,
    /// The signed-in person manages a unit (or is an admin): link the dashboard.
    #[serde(default)]
    pub oversees: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    /// A typed answer, compared with the accepted answers on the server.
    Short,
}

impl QuestionKind {
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true_false",
            QuestionKind::Short => "short",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        match code {
            "single" => Some(QuestionKind::Single),
            "multiple" => Some(QuestionKind::Multiple),
            "true_false" => Some(QuestionKind::TrueFalse),
            "short" => Some(QuestionKind::Short),
            _ => None,
        }
    }
}

/// A choice of a question. `id` lasts while the option's text is unchanged
/// (see content/README.md); attempts will name the options they chose by it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizOption {
    pub id: String,
    pub text: String,
}

/// A question as shown before answering: no answer key, no explanation
/// (those stay on the server, which will grade attempts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionPreview {
    /// The question's identity: lasts while its text is unchanged.
    pub uid: String,
    pub kind: QuestionKind,
    pub text: String,
    /// Empty for true/false questions.
    pub options: Vec<QuizOption>,
}
