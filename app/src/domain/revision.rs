//! What an editor saves: an item's form fields and its markdown, as one
//! revision. Shared by the panel's forms and the server.

use serde::{Deserialize, Serialize};

/// The kinds of item the panel edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    Course,
    Lesson,
    Article,
    Quiz,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Course,
        ItemKind::Lesson,
        ItemKind::Article,
        ItemKind::Quiz,
    ];

    /// The name used in addresses, forms and the database.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Course => "course",
            ItemKind::Lesson => "lesson",
            ItemKind::Article => "article",
            ItemKind::Quiz => "quiz",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where an item stands in the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemState {
    Draft,
    Review,
    Scheduled,
    Published,
    Archived,
}

impl ItemState {
    pub const ALL: [ItemState; 5] = [
        ItemState::Draft,
        ItemState::Review,
        ItemState::Scheduled,
        ItemState::Published,
        ItemState::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemState::Draft => "draft",
            ItemState::Review => "review",
            ItemState::Scheduled => "scheduled",
            ItemState::Published => "published",
            ItemState::Archived => "archived",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemState> {
        ItemState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The form fields of a lesson or an article (those a kind has not are
/// left empty). Text is stored as the editor typed it, NFC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFields {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: String,
    /// Lessons: minutes to read.
    #[serde(default)]
    pub minutes: u32,
    /// Articles: author, series and date (`YYYY-MM-DD`).
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub series: String,
    #[serde(default)]
    pub date: String,
    /// New lessons, quizzes: the slug of their course.
    #[serde(default)]
    pub course: String,
    /// Courses: a step can be completed only when every earlier one is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sequential: bool,
    /// Courses: the outline, `lesson:<slug>` or `quiz:<slug>` in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Quizzes, in a form kept for its author only (never in a revision):
    /// text pasted to import, and its format (`vn`, `gift`, `aiken`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub paste: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub paste_format: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Why the panel refused an editorial action: a code for programs, a
/// message in Vietnamese for the editor, the fields to correct, and for a
/// save refused because another editor saved first, that revision and where
/// the refused text was kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRefusal {
    /// `invalid`, `conflict`, `self_approval`, `slug_taken`, `wrong_state`.
    pub code: String,
    pub message: String,
    /// `(field, message)`: title, slug, summary, minutes, author, series,
    /// date, body, course, steps, settings, questions.
    pub fields: Vec<(String, String)>,
    pub newest: Option<i64>,
    pub kept: Option<i64>,
}

/// One line of the panel's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelItem {
    pub kind: ItemKind,
    pub id: i64,
    pub title: String,
    pub slug: String,
    /// The course of a lesson or a quiz.
    pub course: Option<String>,
    pub state: ItemState,
    /// Edited in the panel (a file no longer overwrites it).
    pub panel_owned: bool,
    pub publish_at: Option<i64>,
    pub edited_at: Option<i64>,
    pub editor: Option<String>,
}

/// A page of the panel's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelPage {
    pub items: Vec<PanelItem>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
}

/// A revision in an item's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionSummary {
    pub number: i64,
    pub author: Option<String>,
    pub created_at: i64,
    pub note: String,
}

/// An item as the editor opens it: its newest text and its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditedItem {
    pub kind: ItemKind,
    pub id: i64,
    pub course: Option<String>,
    pub fields: ItemFields,
    pub body: String,
    pub state: ItemState,
    pub panel_owned: bool,
    /// The revision the form is based on (0: the imported text).
    pub base: i64,
    pub live_revision: i64,
    pub publish_at: Option<i64>,
    pub revisions: Vec<RevisionSummary>,
    /// The body rendered by the published pipeline.
    pub preview: String,
    /// Where readers find it (when it is public).
    pub public_path: Option<String>,
}

/// A refused save kept for its author, as the edit page shows it again:
/// the text as typed, what is wrong with it, and for a save another
/// editor overtook, the revision that came first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptDraft {
    pub fields: ItemFields,
    pub body: String,
    pub course: Option<String>,
    /// The revision the refused save was based on.
    pub base: i64,
    pub problems: Vec<(String, String)>,
    /// Set when another editor saved first: their revision's number.
    pub newest: Option<i64>,
}

/// The edit page's address of an item; `None` for a new item's form.
pub fn edit_path(kind: ItemKind, id: Option<i64>) -> String {
    match id {
        Some(id) => format!("/bien-tap/{}/{id}", kind.code()),
        None => format!("/bien-tap/{}/moi", kind.code()),
    }
}

/// A lesson or a quiz of a course, as the course's outline editor lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseMember {
    /// As the outline names it: `lesson:<slug>` or `quiz:<slug>`.
    pub code: String,
    pub title: String,
    pub quiz: bool,
    pub state: ItemState,
}
