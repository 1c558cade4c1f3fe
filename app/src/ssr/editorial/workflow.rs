//! The editorial workflow's rules: draft → in review → published (now or at
//! a scheduled time) → archived; every save a revision, refused when
//! another editor saved first; approval by someone other than the author
//! (or an admin) when the setting asks for it. SQL is in `ssr::db::editorial`.
//!
//! Every function takes the acting [`Viewer`] and checks that they are an
//! editor or an admin itself, so a call that skipped the route's guard is
//! still refused.

use crate::domain::text::nfc;
use crate::domain::{Date, ItemFields, ItemKind, ItemState, QuizBody, Role, Slug, Viewer};
use crate::ssr::db::{
    Db, LiveCourse, LiveFields, NewQuiz, NewRevision, Published, Saved, StepRef, now_unix,
};
use crate::ssr::import::quiz::{BodyProblem, checked_body};
use crate::ssr::markdown;

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 600;
const NAME_MAX: usize = 120;
const BODY_MAX: usize = 200_000;

/// A field the editor must correct, with a message in Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

/// Why an editorial action was refused.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("Bạn cần quyền biên tập viên để làm việc này.")]
    Forbidden,
    #[error("Không tìm thấy mục này.")]
    NotFound,
    #[error("Vui lòng sửa các trường được đánh dấu.")]
    Invalid(Vec<FieldProblem>),
    /// Another editor saved first; the refused text is kept (`kept`).
    #[error(
        "Người khác vừa lưu phiên bản #{newest} trước bạn. Nội dung của bạn chưa bị mất: hãy xem lại phiên bản mới rồi lưu lại."
    )]
    Conflict { newest: i64, kept: i64 },
    #[error("Mục này không ở trạng thái cho phép việc đó.")]
    WrongState,
    #[error("Bài phải được một biên tập viên khác (hoặc quản trị viên) duyệt.")]
    SelfApproval,
    #[error("Đường dẫn (slug) này đã có mục khác dùng.")]
    SlugTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Who may edit: editors and admins.
fn editor(viewer: &Viewer) -> Result<i64, EditError> {
    if viewer.has(Role::Editor) || viewer.has(Role::Admin) {
        Ok(viewer.id)
    } else {
        Err(EditError::Forbidden)
    }
}

/// Checked and normalised (NFC, trimmed) fields of a lesson or article.
pub fn validate(
    kind: ItemKind,
    fields: &ItemFields,
    body: &str,
) -> Result<(ItemFields, String), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &'static str, message: &str| {
        problems.push(FieldProblem {
            field,
            message: message.to_owned(),
        })
    };
    let clean = |s: &str| nfc(s.trim());
    let out = ItemFields {
        title: clean(&fields.title),
        slug: clean(&fields.slug),
        summary: clean(&fields.summary),
        minutes: fields.minutes,
        author: clean(&fields.author),
        series: clean(&fields.series),
        date: clean(&fields.date),
        course: clean(&fields.course),
        sequential: fields.sequential,
        steps: fields.steps.iter().map(|s| clean(s)).collect(),
        // what was pasted is never part of a revision
        paste: String::new(),
        paste_format: String::new(),
    };
    let mut body = nfc(body).replace("\r\n", "\n");
    if out.title.is_empty() {
        problem("title", "Vui lòng nhập tiêu đề.");
    } else if out.title.chars().count() > TITLE_MAX {
        problem("title", "Tiêu đề dài quá 200 ký tự.");
    }
    if let Err(e) = Slug::parse(&out.slug) {
        problem(
            "slug",
            &format!("Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang ({e})."),
        );
    }
    if out.summary.chars().count() > SUMMARY_MAX {
        problem("summary", "Tóm tắt dài quá 600 ký tự.");
    }
    if body.len() > BODY_MAX {
        problem("body", "Nội dung dài quá 200.000 byte.");
    } else if body.trim().is_empty() && matches!(kind, ItemKind::Lesson | ItemKind::Article) {
        problem("body", "Nội dung không được để trống.");
    } else if kind != ItemKind::Quiz
        && let Err(e) = markdown::check(&body)
    {
        problem("body", &e.to_string());
    }
    match kind {
        ItemKind::Course => {
            let mut seen = Vec::new();
            for step in &out.steps {
                if step_ref(step).is_none() {
                    problem("steps", &format!("Bước “{step}” không hợp lệ."));
                } else if seen.contains(&step) {
                    problem(
                        "steps",
                        &format!("Bước “{step}” có hai lần trong khóa học."),
                    );
                }
                seen.push(step);
            }
        }
        ItemKind::Quiz => {
            if Slug::parse(&out.course).is_err() {
                problem("course", "Vui lòng chọn khóa học của bài kiểm tra.");
            }
            match quiz_body(&body) {
                Err(message) => problem("questions", &message),
                Ok(quiz) => {
                    let slug = Slug::parse(&out.slug)
                        .unwrap_or_else(|_| Slug::parse("kiem-tra").expect("a valid slug"));
                    if let Err(p) = checked_body(&slug, &quiz) {
                        let field = match p {
                            BodyProblem::Setting { key, .. } if key != "questions" => "settings",
                            _ => "questions",
                        };
                        problem(field, &p.message());
                    }
                    // stored in one canonical form, so revisions diff well
                    body = quiz_toml(&quiz);
                }
            }
        }
        ItemKind::Lesson => {
            if !(1..=600).contains(&out.minutes) {
                problem("minutes", "Thời lượng đọc là số phút từ 1 đến 600.");
            }
        }
        ItemKind::Article => {
            if out.author.is_empty() {
                problem("author", "Vui lòng nhập tác giả.");
            } else if out.author.chars().count() > NAME_MAX {
                problem("author", "Tên tác giả dài quá 120 ký tự.");
            }
            if out.series.chars().count() > NAME_MAX {
                problem("series", "Tên chuỗi bài dài quá 120 ký tự.");
            }
            if Date::parse(&out.date).is_err() {
                problem("date", "Ngày đăng có dạng YYYY-MM-DD, ví dụ 2026-11-29.");
            }
        }
    }
    if problems.is_empty() {
        Ok((out, body))
    } else {
        Err(problems)
    }
}

/// A course outline's step, `lesson:<slug>` or `quiz:<slug>`, as stored.
pub fn step_ref(step: &str) -> Option<StepRef> {
    let (kind, slug) = step.split_once(':')?;
    let slug = Slug::parse(slug).ok()?;
    match kind {
        "lesson" => Some(StepRef::Lesson(slug)),
        "quiz" => Some(StepRef::Quiz(slug)),
        _ => None,
    }
}

/// A step as the outline form names it.
pub fn step_code(step: &StepRef) -> String {
    match step {
        StepRef::Lesson(slug) => format!("lesson:{slug}"),
        StepRef::Quiz(slug) => format!("quiz:{slug}"),
    }
}

/// A quiz's settings and questions from their stored text (a revision, or
/// a file of `content/quizzes/`, whose title and course are ignored here).
pub fn quiz_body(text: &str) -> Result<QuizBody, String> {
    toml::from_str(text).map_err(|e| {
        format!(
            "Không đọc được nội dung bài kiểm tra: {}",
            e.message().trim()
        )
    })
}

/// The stored text of a quiz's settings and questions.
pub fn quiz_toml(body: &QuizBody) -> String {
    toml::to_string(body).unwrap_or_default()
}

/// The markdown as readers will see it: exactly the published pipeline,
/// after the editor's warnings (a raw-text tag shown as text, with its
/// line) or, for a text over the limits, only why it cannot be shown.
pub async fn preview(db: &Db, body: &str) -> Result<String, sqlx::Error> {
    let notice = |lines: Vec<String>| {
        let items: String = lines
            .iter()
            .map(|line| format!("<li>{}</li>", html_escape::encode_text(line)))
            .collect();
        format!(
            r#"<div class="notice error markdown-warnings" role="alert"><ul>{items}</ul></div>"#
        )
    };
    match rendered(db, &nfc(body)).await? {
        Ok(page) if page.raw_tags.is_empty() => Ok(page.html),
        Ok(page) => {
            let warnings = page
                .raw_tags
                .iter()
                .map(markdown::RawTag::warning)
                .collect();
            Ok(format!("{}{}", notice(warnings), page.html))
        }
        Err(e) => Ok(notice(vec![e.to_string()])),
    }
}

/// Renders markdown as published: the site's stored images (`/anh/…`) get
/// their width and height, so pages do not jump while they load. A text
/// over the limits renders as nothing (saves and imports refuse it first).
async fn render(db: &Db, body: &str) -> Result<String, sqlx::Error> {
    Ok(rendered(db, body)
        .await?
        .map(|page| page.html)
        .unwrap_or_default())
}

async fn rendered(
    db: &Db,
    body: &str,
) -> Result<Result<markdown::Rendered, markdown::MarkdownError>, sqlx::Error> {
    let hashes = crate::ssr::db::image_hashes_in(body);
    let sizes = if hashes.is_empty() {
        Default::default()
    } else {
        db.image_sizes(&hashes).await?
    };
    let size_of = |url: &str| {
        let (hash, _) =
            crate::ssr::db::image_file(url.strip_prefix(crate::ssr::db::IMAGE_PREFIX)?)?;
        sizes.get(hash).copied()
    };
    Ok(markdown::render_checked(body, &size_of))
}

fn fields_json(fields: &ItemFields) -> Result<String, EditError> {
    serde_json::to_string(fields).map_err(|e| EditError::Db(sqlx::Error::Encode(Box::new(e))))
}

fn live<'a>(fields: &'a ItemFields, body: &'a str, html: &'a str) -> LiveFields<'a> {
    LiveFields {
        slug: &fields.slug,
        title: &fields.title,
        summary: &fields.summary,
        minutes: i64::from(fields.minutes),
        author: &fields.author,
        series: &fields.series,
        published_on: &fields.date,
        body_md: body,
        body_html: html,
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

fn invalid(field: &'static str, message: &str) -> EditError {
    EditError::Invalid(vec![FieldProblem {
        field,
        message: message.to_owned(),
    }])
}

/// The course (by slug) of a new lesson or of a quiz.
async fn course_of(db: &Db, kind: ItemKind, fields: &ItemFields) -> Result<Option<i64>, EditError> {
    if !matches!(kind, ItemKind::Lesson | ItemKind::Quiz) {
        return Ok(None);
    }
    match db.course_id(&fields.course).await? {
        Some(id) => Ok(Some(id)),
        None => Err(invalid("course", "Vui lòng chọn khóa học của bài.")),
    }
}

/// A course's outline names only lessons and quizzes of that course
/// (`None`: a course not yet created, which has none).
async fn check_steps(db: &Db, course: Option<i64>, steps: &[String]) -> Result<(), EditError> {
    let Some(course) = course else {
        return match steps.is_empty() {
            true => Ok(()),
            false => Err(invalid(
                "steps",
                "Khóa học mới chưa có bài nào: hãy tạo khóa học trước rồi thêm bài.",
            )),
        };
    };
    let known = db.course_members(course).await?;
    for step in steps {
        if !known.iter().any(|m| m.code == *step) {
            return Err(invalid(
                "steps",
                &format!("Bước “{step}” không phải một bài hay bài kiểm tra của khóa học này."),
            ));
        }
    }
    Ok(())
}

/// Creates an item as a draft; its id. A lesson or a quiz goes in the
/// course `fields.course` names.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    fields: &ItemFields,
    body: &str,
) -> Result<i64, EditError> {
    let author = editor(viewer)?;
    create_by(db, Some(author), kind, fields, body).await
}

/// [`create`] on behalf of `author` (`None`: a command such as
/// `hocso quiz-import`), whose right to do it was checked by the caller.
pub async fn create_by(
    db: &Db,
    author: Option<i64>,
    kind: ItemKind,
    fields: &ItemFields,
    body: &str,
) -> Result<i64, EditError> {
    let (fields, body) = validate(kind, fields, body).map_err(EditError::Invalid)?;
    let course_id = course_of(db, kind, &fields).await?;
    if kind == ItemKind::Course {
        check_steps(db, None, &fields.steps).await?;
    }
    let json = fields_json(&fields)?;
    let revision = NewRevision {
        author_id: author,
        note: "save",
        fields_json: &json,
        body_md: &body,
    };
    match db
        .create_item(kind, course_id, &live(&fields, &body, ""), &revision)
        .await
    {
        Ok(id) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(EditError::SlugTaken),
        Err(e) => Err(e.into()),
    }
}

/// Saves the editor's text as a new revision based on revision `base`. If
/// another editor saved first, nothing is overwritten: the text is kept for
/// its author and the refusal says where.
pub async fn save(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    id: i64,
    base: i64,
    fields: &ItemFields,
    body: &str,
) -> Result<i64, EditError> {
    let author = editor(viewer)?;
    let (mut fields, body) = validate(kind, fields, body).map_err(EditError::Invalid)?;
    let item = db.panel_item(kind, id).await?.ok_or(EditError::NotFound)?;
    match kind {
        ItemKind::Course => check_steps(db, Some(id), &fields.steps).await?,
        ItemKind::Quiz => {
            course_of(db, kind, &fields).await?;
        }
        _ => {}
    }
    if kind == ItemKind::Lesson {
        // a lesson stays in its course
        fields.course = match item.course_id {
            Some(course) => db.course_slug(course).await?.unwrap_or_default(),
            None => String::new(),
        };
    }
    let json = fields_json(&fields)?;
    let revision = NewRevision {
        author_id: Some(author),
        note: "save",
        fields_json: &json,
        body_md: &body,
    };
    match db.save_revision(kind, id, base, &revision, "save").await? {
        Saved::Saved(number) => Ok(number),
        Saved::Conflict { newest } => {
            let kept = db.keep_conflict(kind, id, base, &revision).await?;
            Err(EditError::Conflict { newest, kept })
        }
    }
}

/// Restores revision `number` as a new revision (based on `base`).
pub async fn restore(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    id: i64,
    number: i64,
    base: i64,
) -> Result<i64, EditError> {
    let author = editor(viewer)?;
    let old = db
        .revision(kind, id, number)
        .await?
        .ok_or(EditError::NotFound)?;
    let note = format!("restore #{number}");
    let revision = NewRevision {
        author_id: Some(author),
        note: &note,
        fields_json: &old.fields_json,
        body_md: &old.body_md,
    };
    match db
        .save_revision(kind, id, base, &revision, "restore")
        .await?
    {
        Saved::Saved(number) => Ok(number),
        Saved::Conflict { newest } => {
            let kept = db.keep_conflict(kind, id, base, &revision).await?;
            Err(EditError::Conflict { newest, kept })
        }
    }
}

/// Sends the item's newest revision for review.
pub async fn submit(db: &Db, viewer: &Viewer, kind: ItemKind, id: i64) -> Result<(), EditError> {
    let actor = editor(viewer)?;
    let item = db.panel_item(kind, id).await?.ok_or(EditError::NotFound)?;
    if item.head_revision == 0 {
        // an imported item with no panel revision has nothing to review
        return Err(EditError::WrongState);
    }
    let moved = db
        .move_state(
            kind,
            id,
            &[ItemState::Draft],
            ItemState::Review,
            actor,
            "submit",
        )
        .await?;
    moved.then_some(()).ok_or(EditError::WrongState)
}

/// Midnight (Vietnam time) at the start of `date` (`YYYY-MM-DD`), in Unix seconds.
fn vn_midnight(date: &str) -> Option<i64> {
    Date::parse(date).ok().map(Date::vn_midnight)
}

/// `YYYY-MM-DDTHH:MM` or `…:SS` (a datetime-local field), Vietnam time, in
/// Unix seconds.
pub fn parse_vn_time(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once('T')?;
    let mut parts = time.split(':');
    let mut next = |max: i64| {
        parts
            .next()
            .filter(|p| p.len() == 2)
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|n| (0..max).contains(n))
    };
    let (hours, minutes) = (next(24)?, next(60)?);
    let seconds = match time.matches(':').count() {
        1 => 0,
        2 => next(60)?,
        _ => return None,
    };
    Some(vn_midnight(date)? + hours * 3600 + minutes * 60 + seconds)
}

/// A quiz revision as the platform grades it.
pub fn new_quiz(fields: &ItemFields, body: &str) -> Result<NewQuiz, Vec<FieldProblem>> {
    let wrong = |field: &'static str, message: String| vec![FieldProblem { field, message }];
    let slug = Slug::parse(&fields.slug).map_err(|e| wrong("slug", e.to_string()))?;
    let course = Slug::parse(&fields.course).map_err(|e| wrong("course", e.to_string()))?;
    let quiz = quiz_body(body).map_err(|m| wrong("questions", m))?;
    let (settings, questions) =
        checked_body(&slug, &quiz).map_err(|p| wrong("questions", p.message()))?;
    Ok(NewQuiz {
        slug,
        course,
        course_line: None,
        path: Default::default(),
        title: fields.title.clone(),
        summary: fields.summary.clone(),
        settings,
        questions,
        source: String::new(),
    })
}

/// Approves the item's revision in review: published now, or at `at`
/// (Unix seconds) when that is later. An article is never shown before its
/// date (Vietnam time). An item readers already see is updated at once.
/// With `review_by_other`, the approver must not be the revision's author
/// unless they are an admin.
pub async fn approve(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    id: i64,
    at: Option<i64>,
    review_by_other: bool,
) -> Result<ItemState, EditError> {
    let actor = editor(viewer)?;
    let item = db.panel_item(kind, id).await?.ok_or(EditError::NotFound)?;
    if item.state != ItemState::Review.code() {
        return Err(EditError::WrongState);
    }
    let head = db
        .revision(kind, id, item.head_revision)
        .await?
        .ok_or(EditError::NotFound)?;
    if review_by_other && head.author_id == Some(actor) && !viewer.has(Role::Admin) {
        return Err(EditError::SelfApproval);
    }
    let fields: ItemFields = serde_json::from_str(&head.fields_json)
        .map_err(|e| EditError::Db(sqlx::Error::Decode(Box::new(e))))?;
    let now = now_unix();
    let mut when = at.unwrap_or(now).max(now);
    if kind == ItemKind::Article
        && let Some(day) = vn_midnight(&fields.date)
    {
        when = when.max(day);
    }
    let shown = item.hidden_at.is_none();
    if shown {
        when = now;
    }
    let course_slug = match item.course_id {
        Some(course) => db.course_slug(course).await?.unwrap_or_default(),
        None => String::new(),
    };
    let path = |slug: &str| match kind {
        ItemKind::Lesson => format!("/khoa-hoc/{course_slug}/{slug}"),
        ItemKind::Article => format!("/bai-viet/{slug}"),
        ItemKind::Course => format!("/khoa-hoc/{slug}"),
        ItemKind::Quiz => format!("/kiem-tra/{slug}"),
    };
    let (old_path, new_path) = (path(&item.slug), path(&fields.slug));
    let renamed =
        (shown && item.slug != fields.slug).then_some((old_path.as_str(), new_path.as_str()));
    let html = match kind {
        ItemKind::Quiz => String::new(),
        _ => render(db, &head.body_md).await?,
    };
    let quiz;
    let steps_json;
    let published = match kind {
        ItemKind::Lesson | ItemKind::Article => {
            Published::Page(live(&fields, &head.body_md, &html))
        }
        ItemKind::Course => {
            check_steps(db, Some(id), &fields.steps).await?;
            let mut steps: Vec<StepRef> = fields.steps.iter().filter_map(|s| step_ref(s)).collect();
            // lessons published since this revision was written took their
            // place at the end of the outline: they keep it
            for code in db.lessons_published_since(id, head.created_at).await? {
                if let Some(step) = step_ref(&code)
                    && !steps.contains(&step)
                {
                    steps.push(step);
                }
            }
            steps_json = serde_json::to_string(&steps)
                .map_err(|e| EditError::Db(sqlx::Error::Encode(Box::new(e))))?;
            Published::Course(LiveCourse {
                slug: &fields.slug,
                title: &fields.title,
                summary: &fields.summary,
                cover_md: &head.body_md,
                cover_html: &html,
                steps_json: &steps_json,
                sequential: fields.sequential,
            })
        }
        ItemKind::Quiz => {
            let course_id = course_of(db, kind, &fields).await?.unwrap_or_default();
            quiz = new_quiz(&fields, &head.body_md).map_err(EditError::Invalid)?;
            Published::Quiz {
                course_id,
                quiz: &quiz,
            }
        }
    };
    let published = match db
        .publish_revision(
            kind,
            id,
            item.head_revision,
            &published,
            when,
            actor,
            renamed,
        )
        .await
    {
        Ok(published) => published,
        Err(e) if is_unique_violation(&e) => return Err(EditError::SlugTaken),
        Err(e) => return Err(e.into()),
    };
    if !published {
        return Err(EditError::WrongState);
    }
    Ok(if when <= now {
        ItemState::Published
    } else {
        ItemState::Scheduled
    })
}

/// Sends a revision in review back to draft (the reviewer asks for changes).
pub async fn return_to_draft(
    db: &Db,
    viewer: &Viewer,
    kind: ItemKind,
    id: i64,
) -> Result<(), EditError> {
    let actor = editor(viewer)?;
    let moved = db
        .move_state(
            kind,
            id,
            &[ItemState::Review],
            ItemState::Draft,
            actor,
            "return",
        )
        .await?;
    moved.then_some(()).ok_or(EditError::WrongState)
}

/// Archives the item: readers no longer see it, and no import brings it
/// back (it is the panel's).
pub async fn archive(db: &Db, viewer: &Viewer, kind: ItemKind, id: i64) -> Result<(), EditError> {
    let actor = editor(viewer)?;
    let from = [
        ItemState::Draft,
        ItemState::Review,
        ItemState::Scheduled,
        ItemState::Published,
    ];
    let moved = db
        .move_state(kind, id, &from, ItemState::Archived, actor, "archive")
        .await?;
    moved.then_some(()).ok_or(EditError::WrongState)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> ItemFields {
        ItemFields {
            title: "  Nhận diện lừa đảo qua mạng ".into(),
            slug: "nhan-dien-lua-dao".into(),
            summary: "Tóm tắt".into(),
            minutes: 0,
            author: "Ban biên tập".into(),
            series: "Bình dân học AI".into(),
            date: "2026-11-29".into(),
            ..ItemFields::default()
        }
    }

    #[test]
    fn valid_fields_are_trimmed_and_nfc() {
        let mut fields = article();
        fields.title = "Ha\u{300} No\u{323}\u{302}i".into();
        let (out, body) = validate(ItemKind::Article, &fields, "Nội dung\r\n").unwrap();
        assert_eq!(out.title, "Hà Nội");
        assert_eq!(body, "Nội dung\n");
    }

    #[test]
    fn each_wrong_field_gets_its_own_message() {
        let fields = ItemFields {
            title: " ".into(),
            slug: "Có Dấu".into(),
            date: "29/11/2026".into(),
            ..ItemFields::default()
        };
        let problems = validate(ItemKind::Article, &fields, "").unwrap_err();
        let named: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(named, ["title", "slug", "body", "author", "date"]);
        let lesson = validate(ItemKind::Lesson, &fields, "x").unwrap_err();
        assert!(lesson.iter().any(|p| p.field == "minutes"));
    }

    #[test]
    fn vietnam_midnight_is_five_pm_utc_the_day_before() {
        // 2026-11-29 00:00 +07 = 2026-11-28 17:00 UTC
        assert_eq!(vn_midnight("2026-11-29"), Some(1_795_885_200));
        assert_eq!(vn_midnight("1970-01-01"), Some(-7 * 3600));
        assert_eq!(vn_midnight("khong"), None);
        assert_eq!(
            parse_vn_time("2026-11-29T07:30"),
            Some(1_795_885_200 + 27_000)
        );
        assert_eq!(parse_vn_time("2026-11-29T24:00"), None);
        assert_eq!(parse_vn_time("2026-11-29"), None);
        assert_eq!(
            parse_vn_time("2026-11-29T07:30:15"),
            Some(1_795_885_200 + 27_015)
        );
    }

    #[test]
    fn a_quiz_is_checked_and_stored_in_one_form() {
        use crate::domain::{AnswerSource, QuestionSource};
        let fields = ItemFields {
            title: "Kiểm tra".into(),
            slug: "kiem-tra-moi".into(),
            course: "binh-dan-hoc-ai".into(),
            ..ItemFields::default()
        };
        let quiz = QuizBody {
            questions: vec![
                QuestionSource {
                    kind: "single".into(),
                    text: "Thu\u{309} đô?".into(),
                    options: vec!["Huế".into(), "Hà Nội".into()],
                    answer: Some(AnswerSource::Numbers(vec![2])),
                    ..QuestionSource::default()
                },
                QuestionSource {
                    kind: "true_false".into(),
                    text: "Trái đất tròn.".into(),
                    answer: Some(AnswerSource::Truth(true)),
                    ..QuestionSource::default()
                },
            ],
            ..QuizBody::default()
        };
        let text = quiz_toml(&quiz);
        let (_, stored) = validate(ItemKind::Quiz, &fields, &text).unwrap();
        let back = quiz_body(&stored).unwrap();
        assert_eq!(back.questions[0].text, "Thủ đô?", "NFC");
        assert_eq!(back.questions[1].answer, Some(AnswerSource::Truth(true)));
        assert_eq!(quiz_toml(&back), stored, "one canonical form");
        let built = new_quiz(&fields, &stored).unwrap();
        assert_eq!(built.questions.len(), 2);

        let mut wrong = quiz.clone();
        wrong.questions[0].answer = Some(AnswerSource::Numbers(vec![]));
        wrong.pass_mark = 0;
        let problems = validate(ItemKind::Quiz, &fields, &quiz_toml(&wrong)).unwrap_err();
        assert_eq!(problems[0].field, "settings", "{problems:?}");
        wrong.pass_mark = 80;
        let problems = validate(ItemKind::Quiz, &fields, &quiz_toml(&wrong)).unwrap_err();
        assert_eq!(problems[0].field, "questions");
        assert!(
            problems[0]
                .message
                .starts_with("Câu 1: chưa đánh dấu đáp án đúng"),
            "{problems:?}"
        );
        let no_course = ItemFields {
            course: String::new(),
            ..fields
        };
        let problems = validate(ItemKind::Quiz, &no_course, &text).unwrap_err();
        assert_eq!(problems[0].field, "course");
    }

    #[test]
    fn a_course_outline_names_lessons_and_quizzes_once() {
        let fields = ItemFields {
            title: "Khóa".into(),
            slug: "khoa".into(),
            steps: vec![
                "lesson:a".into(),
                "quiz:b".into(),
                "lesson:a".into(),
                "bai:c".into(),
            ],
            ..ItemFields::default()
        };
        let problems = validate(ItemKind::Course, &fields, "").unwrap_err();
        let steps: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(steps, ["steps", "steps"]);
        assert_eq!(
            step_ref("quiz:b").map(|s| step_code(&s)),
            Some("quiz:b".into())
        );
    }
}
