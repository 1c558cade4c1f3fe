//! The quiz and course editors' server functions: what their pages show
//! (an item with its newest revision, or the form kept for its author),
//! and the preview of a quiz pasted to import. Their forms are posted to
//! plain routes (`server::authoring`), the workflow buttons to `act`.

use crate::domain::{ApiError, CourseMember, EditedItem, ItemFields, QuestionSource, QuizBody};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{internal, require},
    crate::domain::Role,
    crate::domain::access::Access,
    crate::ssr::AppState,
};

/// What a text pasted to import gives: its questions, or its problems with
/// their lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastedQuiz {
    pub questions: Vec<QuestionSource>,
    /// `(line from 1, problem)`
    pub problems: Vec<(usize, String)>,
}

/// The quiz editor's page: the quiz (none for a new one), the form's
/// fields, settings and questions, and what is wrong with them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizForm {
    pub item: Option<EditedItem>,
    pub fields: ItemFields,
    pub quiz: QuizBody,
    pub base: i64,
    pub problems: Vec<(String, String)>,
    /// The form came back kept: refused, or another editor saved first.
    pub kept: bool,
    pub newest: Option<i64>,
    /// Every course, `(slug, title)`, for the course field.
    pub courses: Vec<(String, String)>,
    pub pasted: Option<PastedQuiz>,
}

/// The course editor's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    pub item: Option<EditedItem>,
    pub fields: ItemFields,
    /// The course's cover (markdown).
    pub body: String,
    pub base: i64,
    pub problems: Vec<(String, String)>,
    pub kept: bool,
    pub newest: Option<i64>,
    /// The course's lessons and quizzes, placed in its outline or not.
    pub members: Vec<CourseMember>,
}

/// The form as its page shows it: the item's newest revision, or the form
/// kept for its author (`kept`, from `?giu=`; `changed`: only changed by a
/// button, not refused, so no problems are shown).
#[cfg(feature = "ssr")]
struct Opened {
    item: Option<EditedItem>,
    fields: ItemFields,
    body: String,
    base: i64,
    problems: Vec<(String, String)>,
    kept: bool,
    newest: Option<i64>,
}

#[cfg(feature = "ssr")]
async fn open(
    kind: crate::domain::ItemKind,
    id: i64,
    kept: i64,
    changed: bool,
) -> Result<Opened, ApiError> {
    let viewer = require(Access::Role(Role::Editor)).await?;
    let item = match id {
        0 => None,
        id => Some(super::edited_item(kind.code().to_owned(), id).await?),
    };
    // a form kept for someone else, or for another kind, is not shown
    let kept = match kept {
        0 => None,
        kept => super::editor::kept_for(viewer.id, kept)
            .await?
            .filter(|(k, _)| *k == kind)
            .map(|(_, kept)| kept),
    };
    let base = item.as_ref().map_or(0, |i| i.base);
    Ok(match (kept, item) {
        (Some(k), item) => Opened {
            item,
            fields: k.fields,
            body: k.body,
            base: k.base,
            problems: if changed { Vec::new() } else { k.problems },
            kept: !changed,
            newest: k.newest,
        },
        (None, Some(item)) => Opened {
            fields: item.fields.clone(),
            body: item.body.clone(),
            item: Some(item),
            base,
            problems: Vec::new(),
            kept: false,
            newest: None,
        },
        (None, None) => Opened {
            item: None,
            fields: ItemFields::default(),
            body: String::new(),
            base: 0,
            problems: Vec::new(),
            kept: false,
            newest: None,
        },
    })
}

/// `Some` when the page shows a form kept for its author (`?giu=`).
#[cfg(feature = "ssr")]
fn kept_form(kept: i64) -> Option<i64> {
    (kept > 0).then_some(kept)
}

#[cfg(feature = "ssr")]
fn read_paste(format: &str, text: &str) -> PastedQuiz {
    use crate::ssr::quiz_formats::{self, Format};
    let format = Format::from_code(format).unwrap_or(Format::Vietnamese);
    match quiz_formats::read(format, text.as_bytes()) {
        Ok(questions) => PastedQuiz {
            questions: questions.into_iter().map(|q| q.into_source()).collect(),
            problems: Vec::new(),
        },
        Err(problems) => PastedQuiz {
            questions: Vec::new(),
            problems: problems.into_iter().map(|p| (p.line, p.problem)).collect(),
        },
    }
}

/// A quiz as its editor opens it (`id` 0: a new quiz).
#[server(prefix = "/api/editor", endpoint = "quiz")]
pub async fn quiz_editing(id: i64, kept: i64, changed: bool) -> Result<QuizForm, ApiError> {
    use crate::domain::ItemKind;
    use crate::ssr::editorial::workflow::quiz_body;
    require(Access::Role(Role::Editor)).await?;
    let opened = open(ItemKind::Quiz, id, kept, changed).await?;
    let quiz = match opened.body.trim() {
        "" => QuizBody::default(),
        text => quiz_body(text).unwrap_or_default(),
    };
    let courses = AppState::current()
        .db
        .panel_rows()
        .await
        .map_err(internal("courses"))?
        .into_iter()
        .filter(|row| row.kind == "course" && row.state != "archived")
        .map(|row| (row.slug, row.title))
        .collect();
    let pasted = (!opened.fields.paste.trim().is_empty())
        .then(|| read_paste(&opened.fields.paste_format, &opened.fields.paste));
    Ok(QuizForm {
        item: opened.item,
        fields: opened.fields,
        quiz,
        base: opened.base,
        problems: opened.problems,
        kept: opened.kept,
        newest: opened.newest,
        courses,
        pasted,
    })
}

/// What a quiz pasted in `format` (`vn`, `gift`, `aiken`) gives, before
/// anything is saved.
#[server(prefix = "/api/editor", endpoint = "paste")]
pub async fn read_pasted_quiz(format: String, text: String) -> Result<PastedQuiz, ApiError> {
    require(Access::Role(Role::Editor)).await?;
    Ok(read_paste(&format, &text))
}

/// A course as its editor opens it (`id` 0: a new course).
#[server(prefix = "/api/editor", endpoint = "course")]
pub async fn course_editing(id: i64, kept: i64, changed: bool) -> Result<CourseForm, ApiError> {
    use crate::domain::ItemKind;
    require(Access::Role(Role::Editor)).await?;
    let mut opened = open(ItemKind::Course, id, kept, changed).await?;
    // lessons published since the newest revision took their place at the
    // end of the live outline; the form shows them there too
    if let (Some(item), None) = (&opened.item, kept_form(kept)) {
        let since = item.revisions.first().map(|r| r.created_at);
        if let Some(since) = since {
            let placed = AppState::current()
                .db
                .lessons_published_since(id, since)
                .await
                .map_err(internal("lessons published since"))?;
            for code in placed {
                if !opened.fields.steps.contains(&code) {
                    opened.fields.steps.push(code);
                }
            }
        }
    }
    let members = match id {
        0 => Vec::new(),
        id => AppState::current()
            .db
            .course_members(id)
            .await
            .map_err(internal("course members"))?
            .into_iter()
            .map(|m| CourseMember {
                code: m.code,
                title: m.title,
                quiz: m.kind == "quiz",
                state: crate::domain::ItemState::from_code(&m.state)
                    .unwrap_or(crate::domain::ItemState::Draft),
            })
            .collect(),
    };
    Ok(CourseForm {
        item: opened.item,
        fields: opened.fields,
        body: opened.body,
        base: opened.base,
        problems: opened.problems,
        kept: opened.kept,
        newest: opened.newest,
        members,
    })
}
