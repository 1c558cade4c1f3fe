//! The quiz and course editors' forms, as a browser posts them (with or
//! without JavaScript): read from their name–value pairs, changed by the
//! button pressed (add a question, move a step…), then saved as a revision
//! or kept for their author, so nothing typed is lost between two posts.
//!
//! Field names. Both: `id` (absent for a new item), `base`, `title`,
//! `slug`, `summary`, `op`. A quiz: `course`, `pass_mark`, `max_attempts`,
//! `wait_minutes`, `shuffle_options`, `show_answers`, `multiple_scoring`;
//! question `i` (from 0): `q{i}.type`, `q{i}.text`, `q{i}.opt{j}` and
//! `q{i}.ok{j}` (option `j` and whether it is right), `q{i}.truth`
//! (`true`/`false`), `q{i}.answers` (accepted answers, one a line),
//! `q{i}.nodiacritics`, `q{i}.explanation`; and `paste`, `paste_format`
//! (text to import). A course: `sequential`, `body` (its cover), `step`
//! (repeated, in order: `lesson:<slug>`, `quiz:<slug>`), `add_step`.

use super::workflow::{self, EditError, quiz_toml};
use crate::domain::{
    AnswerSource, ItemFields, ItemKind, MAX_OPTIONS, QuestionSource, QuizBody, Viewer,
};
use crate::ssr::db::{Db, NewRevision};
use crate::ssr::quiz_formats::{self, Format, ImportProblem};

/// The button an editor pressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormOp {
    Save,
    /// A quiz: a new empty question at the end.
    AddQuestion,
    /// A quiz: show what the pasted text gives, without saving.
    PreviewPaste,
    /// A quiz: add the pasted questions, then save.
    ImportPaste,
    /// A course: add `add_step` at the end of the outline.
    AddStep,
    Up(usize),
    Down(usize),
    Remove(usize),
}

impl FormOp {
    pub fn parse(code: &str) -> FormOp {
        let at = |rest: &str| rest.parse::<usize>().ok();
        match code.split_once(':') {
            Some(("up", i)) => at(i).map_or(FormOp::Save, FormOp::Up),
            Some(("down", i)) => at(i).map_or(FormOp::Save, FormOp::Down),
            Some(("remove", i)) => at(i).map_or(FormOp::Save, FormOp::Remove),
            _ => match code {
                "add" => FormOp::AddQuestion,
                "preview" => FormOp::PreviewPaste,
                "import" => FormOp::ImportPaste,
                "add-step" => FormOp::AddStep,
                _ => FormOp::Save,
            },
        }
    }
}

/// A posted quiz or course form.
#[derive(Clone, Debug, Default)]
pub struct PostedForm {
    pub id: Option<i64>,
    pub base: i64,
    pub fields: ItemFields,
    /// A quiz: its settings and questions. A course: unused.
    pub quiz: QuizBody,
    /// A course: its cover (markdown).
    pub body: String,
    pub add_step: String,
    pub op: Option<FormOp>,
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

fn checked(pairs: &[(String, String)], name: &str) -> bool {
    pairs.iter().any(|(n, v)| n == name && !v.is_empty())
}

/// A number field; what is not a number becomes −1, which every range refuses.
fn number(pairs: &[(String, String)], name: &str, default: i64) -> i64 {
    match value(pairs, name).trim() {
        "" => default,
        text => text.parse().unwrap_or(-1),
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Question `i` of the form; `None` when the form has no such question.
fn question(pairs: &[(String, String)], i: usize) -> Option<QuestionSource> {
    let name = |field: &str| format!("q{i}.{field}");
    if !pairs.iter().any(|(n, _)| n == &name("type")) {
        return None;
    }
    let kind = value(pairs, &name("type")).trim().to_owned();
    let mut options = Vec::new();
    let mut right = Vec::new();
    for j in 0..MAX_OPTIONS {
        let text = value(pairs, &name(&format!("opt{j}"))).trim();
        if text.is_empty() {
            continue;
        }
        options.push(text.to_owned());
        if checked(pairs, &name(&format!("ok{j}"))) {
            right.push(options.len() as i64);
        }
    }
    let (options, answer, answers) = match kind.as_str() {
        "true_false" => {
            let truth = match value(pairs, &name("truth")) {
                "true" => Some(AnswerSource::Truth(true)),
                "false" => Some(AnswerSource::Truth(false)),
                _ => None,
            };
            (Vec::new(), truth, Vec::new())
        }
        "short" => (Vec::new(), None, lines(value(pairs, &name("answers")))),
        _ => (options, Some(AnswerSource::Numbers(right)), Vec::new()),
    };
    Some(QuestionSource {
        kind,
        text: value(pairs, &name("text")).trim().to_owned(),
        options,
        answer,
        answers,
        ignore_diacritics: checked(pairs, &name("nodiacritics")),
        explanation: value(pairs, &name("explanation")).trim().to_owned(),
    })
}

/// Whether a question block was left empty (then saving drops it).
fn is_blank(q: &QuestionSource) -> bool {
    q.text.is_empty() && q.options.is_empty() && q.answers.is_empty() && q.explanation.is_empty()
}

impl PostedForm {
    /// Reads a posted quiz or course form.
    pub fn read(kind: ItemKind, pairs: &[(String, String)]) -> PostedForm {
        let text = |name: &str| value(pairs, name).to_owned();
        let mut fields = ItemFields {
            title: text("title"),
            slug: text("slug"),
            summary: text("summary"),
            course: text("course"),
            ..ItemFields::default()
        };
        let mut quiz = QuizBody::default();
        match kind {
            ItemKind::Quiz => {
                quiz.pass_mark = number(pairs, "pass_mark", 80);
                quiz.max_attempts = number(pairs, "max_attempts", 0);
                quiz.wait_minutes = number(pairs, "wait_minutes", 0);
                quiz.shuffle_options = checked(pairs, "shuffle_options");
                let choice = |name: &str| Some(text(name)).filter(|v| !v.trim().is_empty());
                quiz.show_answers = choice("show_answers");
                quiz.multiple_scoring = choice("multiple_scoring");
                quiz.questions = (0..).map_while(|i| question(pairs, i)).collect();
                fields.paste = text("paste");
                fields.paste_format = text("paste_format");
            }
            _ => {
                fields.sequential = checked(pairs, "sequential");
                fields.steps = pairs
                    .iter()
                    .filter(|(n, v)| n == "step" && !v.is_empty())
                    .map(|(_, v)| v.clone())
                    .collect();
            }
        }
        PostedForm {
            id: value(pairs, "id").parse().ok().filter(|id| *id > 0),
            base: value(pairs, "base").parse().unwrap_or(0),
            fields,
            quiz,
            body: text("body"),
            add_step: text("add_step"),
            op: Some(FormOp::parse(value(pairs, "op"))),
        }
    }

    /// Applies a button that changes the form; `Ok(true)` when the form is
    /// then to be saved, `Ok(false)` when it goes back to its author, or
    /// the problems of the pasted text.
    pub fn apply(&mut self, kind: ItemKind) -> Result<bool, Vec<ImportProblem>> {
        fn moved<T>(list: &mut [T], from: usize, to: usize) {
            if from < list.len() && to < list.len() {
                list.swap(from, to);
            }
        }
        let op = self.op.clone().unwrap_or(FormOp::Save);
        let steps = &mut self.fields.steps;
        let questions = &mut self.quiz.questions;
        let course = kind == ItemKind::Course;
        match op {
            FormOp::Save => return Ok(true),
            FormOp::AddQuestion => questions.push(QuestionSource {
                kind: "single".into(),
                ..QuestionSource::default()
            }),
            FormOp::PreviewPaste => {}
            FormOp::ImportPaste => {
                let format =
                    Format::from_code(&self.fields.paste_format).unwrap_or(Format::Vietnamese);
                let read = quiz_formats::read(format, self.fields.paste.as_bytes())?;
                questions.retain(|q| !is_blank(q));
                questions.extend(read.into_iter().map(|q| q.into_source()));
                self.fields.paste.clear();
                return Ok(true);
            }
            FormOp::AddStep => {
                let step = self.add_step.trim().to_owned();
                if !step.is_empty() && !steps.contains(&step) {
                    steps.push(step);
                }
            }
            FormOp::Up(i) if course => moved(steps, i, i.wrapping_sub(1)),
            FormOp::Down(i) if course => moved(steps, i, i + 1),
            FormOp::Remove(i) if course => {
                if i < steps.len() {
                    steps.remove(i);
                }
            }
            FormOp::Up(i) => moved(questions, i, i.wrapping_sub(1)),
            FormOp::Down(i) => moved(questions, i, i + 1),
            FormOp::Remove(i) => {
                if i < questions.len() {
                    questions.remove(i);
                }
            }
        }
        Ok(false)
    }

    /// The revision's text: a quiz's settings and questions (blank question
    /// blocks dropped), a course's cover.
    fn body_of(&self, kind: ItemKind) -> String {
        match kind {
            ItemKind::Quiz => {
                let mut quiz = self.quiz.clone();
                quiz.questions.retain(|q| !is_blank(q));
                quiz_toml(&quiz)
            }
            _ => self.body.clone(),
        }
    }
}

/// Where a posted form goes next: the edit page with the saved revision
/// (`?da-luu=`), or with the form kept for its author (`?giu=`; with
/// `&sua=1` when it was only changed, not refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    Saved {
        id: i64,
        number: i64,
    },
    Created {
        id: i64,
    },
    Kept {
        id: Option<i64>,
        kept: i64,
        refused: bool,
    },
}

impl FormOutcome {
    pub fn location(&self, kind: ItemKind) -> String {
        let path = |id| crate::domain::edit_path(kind, id);
        match self {
            FormOutcome::Saved { id, number } => format!("{}?da-luu={number}", path(Some(*id))),
            FormOutcome::Created { id } => path(Some(*id)),
            FormOutcome::Kept { id, kept, refused } => {
                let changed = if *refused { "" } else { "&sua=1" };
                format!("{}?giu={kept}{changed}", path(*id))
            }
        }
    }
}

/// Handles a posted quiz or course form for `viewer`: applies its button,
/// then saves it (a new item is created) or keeps it for its author.
/// Refused saves are kept too, so what was typed comes back with the
/// problems marked. Errors are those no form can fix (not an editor, no
/// such item, the database).
pub async fn submit_form(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    mut form: PostedForm,
) -> Result<FormOutcome, EditError> {
    if !(viewer.has(crate::domain::Role::Editor) || viewer.has(crate::domain::Role::Admin)) {
        return Err(EditError::Forbidden);
    }
    if !matches!(kind, ItemKind::Quiz | ItemKind::Course) {
        return Err(EditError::NotFound);
    }
    if kind == ItemKind::Course {
        form.fields.course.clear();
        form.quiz.questions.clear();
    }
    let save = form.apply(kind).unwrap_or(false);
    let body = form.body_of(kind);
    if save {
        let result = match form.id {
            Some(id) => workflow::save(db, viewer, kind, id, form.base, &form.fields, &body)
                .await
                .map(|number| FormOutcome::Saved { id, number }),
            None => workflow::create(db, viewer, kind, &form.fields, &body)
                .await
                .map(|id| FormOutcome::Created { id }),
        };
        match result {
            Ok(outcome) => return Ok(outcome),
            Err(EditError::Conflict { kept, .. }) => {
                return Ok(FormOutcome::Kept {
                    id: form.id,
                    kept,
                    refused: true,
                });
            }
            Err(EditError::Invalid(_) | EditError::SlugTaken) => {}
            Err(other) => return Err(other),
        }
    }
    // the form goes back to its author, as typed (and changed)
    let refused = save || form.op == Some(FormOp::ImportPaste);
    let fields_json = serde_json::to_string(&form.fields)
        .map_err(|e| EditError::Db(sqlx::Error::Encode(Box::new(e))))?;
    let kept = db
        .keep_conflict(
            kind,
            form.id.unwrap_or(0),
            form.base,
            &NewRevision {
                author_id: Some(viewer.id),
                note: "kept",
                fields_json: &fields_json,
                body_md: &body,
            },
        )
        .await?;
    Ok(FormOutcome::Kept {
        id: form.id,
        kept,
        refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_quiz_form_gives_its_questions_in_order() {
        let form = PostedForm::read(
            ItemKind::Quiz,
            &pairs(&[
                ("title", "Kiểm tra"),
                ("course", "binh-dan-hoc-ai"),
                ("pass_mark", "70"),
                ("shuffle_options", "on"),
                ("q0.type", "single"),
                ("q0.text", "Một?"),
                ("q0.opt0", "A"),
                ("q0.opt1", ""),
                ("q0.opt2", "C"),
                ("q0.ok2", "on"),
                ("q1.type", "true_false"),
                ("q1.text", "Hai."),
                ("q1.truth", "false"),
                ("q2.type", "short"),
                ("q2.text", "Ba?"),
                ("q2.answers", "Hà Nội\n\n Thủ đô \n"),
                ("q2.nodiacritics", "on"),
                ("q4.type", "single"),
                ("op", "up:1"),
            ]),
        );
        let q = &form.quiz.questions;
        assert_eq!(q.len(), 3, "q4 without q3 is not read");
        assert_eq!(q[0].options, ["A", "C"]);
        assert_eq!(q[0].answer, Some(AnswerSource::Numbers(vec![2])));
        assert_eq!(q[1].answer, Some(AnswerSource::Truth(false)));
        assert_eq!(q[2].answers, ["Hà Nội", "Thủ đô"]);
        assert!(q[2].ignore_diacritics);
        assert_eq!(form.quiz.pass_mark, 70);
        assert!(form.quiz.shuffle_options);
        assert_eq!(form.op, Some(FormOp::Up(1)));
    }

    #[test]
    fn buttons_move_add_and_remove() {
        let mut form = PostedForm::read(
            ItemKind::Quiz,
            &pairs(&[
                ("course", "c"),
                ("q0.type", "single"),
                ("q0.text", "Một?"),
                ("q1.type", "single"),
                ("q1.text", "Hai?"),
                ("op", "up:1"),
            ]),
        );
        assert_eq!(form.apply(ItemKind::Quiz), Ok(false));
        assert_eq!(form.quiz.questions[0].text, "Hai?");
        form.op = Some(FormOp::Up(0));
        form.apply(ItemKind::Quiz).unwrap();
        assert_eq!(form.quiz.questions[0].text, "Hai?", "the first stays first");
        form.op = Some(FormOp::AddQuestion);
        form.apply(ItemKind::Quiz).unwrap();
        assert_eq!(form.quiz.questions.len(), 3);
        assert!(
            !form
                .body_of(ItemKind::Quiz)
                .contains("[[questions]]\ntype = \"single\"\ntext = \"\"")
        );
        form.op = Some(FormOp::Remove(0));
        form.apply(ItemKind::Quiz).unwrap();
        assert_eq!(form.quiz.questions[0].text, "Một?");

        let mut course = PostedForm::read(
            ItemKind::Course,
            &pairs(&[
                ("step", "lesson:a"),
                ("step", "lesson:b"),
                ("add_step", "quiz:k"),
                ("op", "add-step"),
            ]),
        );
        course.apply(ItemKind::Course).unwrap();
        course.op = Some(FormOp::Up(2));
        course.apply(ItemKind::Course).unwrap();
        assert_eq!(course.fields.steps, ["lesson:a", "quiz:k", "lesson:b"]);
        course.op = Some(FormOp::Down(2));
        course.apply(ItemKind::Course).unwrap();
        assert_eq!(course.fields.steps, ["lesson:a", "quiz:k", "lesson:b"]);
    }

    #[test]
    fn a_paste_is_imported_or_its_problems_given() {
        let mut form = PostedForm::read(
            ItemKind::Quiz,
            &pairs(&[
                ("course", "c"),
                ("q0.type", "single"),
                ("paste_format", "vn"),
                ("paste", "Câu 1. Thủ đô?\nA. Huế\n*B. Hà Nội\n"),
                ("op", "import"),
            ]),
        );
        assert_eq!(form.apply(ItemKind::Quiz), Ok(true));
        assert_eq!(form.quiz.questions.len(), 1, "the blank block is replaced");
        assert_eq!(
            form.quiz.questions[0].answer,
            Some(AnswerSource::Numbers(vec![2]))
        );
        assert!(form.fields.paste.is_empty());
        form.fields.paste = "Câu 1. Thủ đô?\nA. Huế\nB. Hà Nội\n".into();
        form.op = Some(FormOp::ImportPaste);
        let problems = form.apply(ItemKind::Quiz).unwrap_err();
        assert_eq!(problems[0].line, 1);
    }
}
