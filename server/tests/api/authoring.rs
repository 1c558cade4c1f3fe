//! Course and quiz authoring over HTTP, on both backends: a course's
//! outline reordered in the panel and approved reaches learners in that
//! order; a new course written, filled with lessons and a quiz, ordered
//! and approved reaches visitors and learners; a lesson published while a
//! course revision waits keeps its place when the revision is approved,
//! and a later revision can take it out; a quiz written in the form
//! (every kind of question), approved, taken, edited and republished keeps
//! its earlier attempts as they were given; text pasted to import comes
//! back with its problems or is saved; the GIFT export reads back as the
//! quiz; `hocso quiz-import` saves a draft (or nothing, with --dry-run);
//! learners and visitors can do none of it.

use crate::helpers::{
    Backend, Reply, TestApp, Visitor, both_backends, roles_settle, spawn_app, staff,
};
use app::domain::{ItemFields, ItemKind, QuestionSource, Role, Viewer};
use app::ssr::editorial::authoring::{PostedForm, submit_form};
use app::ssr::editorial::workflow::{self, EditError};
use app::ssr::quiz_formats::{ImportedQuestion, gift};
use serde_json::{Value, json};

both_backends!(
    reordered_course_steps_reach_learners_in_the_new_order,
    a_quiz_written_in_the_form_is_taken_edited_and_keeps_earlier_attempts,
    learners_and_visitors_are_refused_course_and_quiz_authoring,
    pasted_text_comes_back_with_its_problems_then_is_imported,
    the_gift_export_reads_back_as_the_quiz,
    hocso_quiz_import_saves_a_draft_or_nothing_with_dry_run,
    a_new_course_is_written_filled_and_published,
    a_lesson_published_after_the_course_revision_keeps_its_place,
);

const SAVE_QUIZ: &str = "/bien-tap/quiz/luu";
const SAVE_COURSE: &str = "/bien-tap/course/luu";
const COURSE: &str = "binh-dan-hoc-ai";

/// The seeded course's outline, as `content/courses/binh-dan-hoc-ai/course.md` gives it.
const SEEDED_STEPS: [&str; 7] = [
    "lesson:ai-la-gi",
    "lesson:tro-chuyen-voi-chatbot",
    "lesson:kiem-tra-cau-tra-loi-cua-ai",
    "quiz:kiem-tra-giua-khoa-ai",
    "lesson:deepfake-va-lua-dao-gia-giong-noi",
    "lesson:bao-ve-quyen-rieng-tu-khi-dung-ai",
    "quiz:kiem-tra-binh-dan-hoc-ai",
];

// ---------------------------------------------------------------- helpers

fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// Sets the (first) field `name` of a form, or adds it.
fn set(form: &mut Vec<(String, String)>, name: &str, value: &str) {
    match form.iter_mut().find(|(n, _)| n == name) {
        Some(field) => field.1 = value.to_owned(),
        None => form.push((name.to_owned(), value.to_owned())),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The number after `key=` in an address's query.
fn query_number(location: &str, key: &str) -> i64 {
    let query = location
        .split_once('?')
        .unwrap_or_else(|| panic!("no query: {location}"))
        .1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in {location}"))
        .parse()
        .unwrap_or_else(|e| panic!("{key}= in {location}: {e}"))
}

/// The id of an item of `kind` (`course`, `quiz`…) by its slug.
async fn item_id(app: &TestApp, kind: &str, slug: &str) -> i64 {
    app.db
        .panel_rows()
        .await
        .expect("panel rows")
        .into_iter()
        .find(|r| r.kind == kind && r.slug == slug)
        .unwrap_or_else(|| panic!("no {kind} {slug}"))
        .id
}

/// A posted editor's form, from `page`: always answered with a 303.
async fn post(editor: &Visitor, page: &str, route: &str, form: &[(String, String)]) -> String {
    let reply = editor.submit(page, route, &borrowed(form)).await;
    assert_eq!(reply.status, 303, "{route}: {}", reply.body);
    reply.location().to_owned()
}

/// A workflow button on a quiz or a course: the status and the JSON answer.
async fn act(editor: &Visitor, kind: &str, id: i64, action: &str) -> (u16, Value) {
    let id = id.to_string();
    let reply = editor
        .call(
            "/api/editor/act",
            &[("kind", kind), ("id", &id), ("action", action)],
        )
        .await;
    (reply.status, reply.json())
}

/// Submitted by `author`, approved by `reviewer` (after the author was refused).
async fn submit_and_approve(author: &Visitor, reviewer: &Visitor, kind: &str, id: i64) {
    assert_eq!(
        act(author, kind, id, "submit").await,
        (200, json!("review"))
    );
    let (status, refusal) = act(author, kind, id, "approve").await;
    assert_eq!(status, 422, "{refusal}");
    assert_eq!(refusal["Edit"]["code"], "self_approval");
    assert_eq!(
        act(reviewer, kind, id, "approve").await,
        (200, json!("published"))
    );
}

async fn editor_page(editor: &Visitor, endpoint: &str, id: i64, kept: i64, changed: bool) -> Value {
    let (id, kept) = (id.to_string(), kept.to_string());
    let changed = if changed { "true" } else { "false" };
    let reply = editor
        .call(
            endpoint,
            &[
                ("id", id.as_str()),
                ("kept", kept.as_str()),
                ("changed", changed),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{endpoint}: {}", reply.body);
    reply.json()
}

/// What the quiz editor's page shows (`/api/editor/quiz`).
async fn quiz_page(editor: &Visitor, id: i64, kept: i64, changed: bool) -> Value {
    editor_page(editor, "/api/editor/quiz", id, kept, changed).await
}

/// What the course editor's page shows (`/api/editor/course`).
async fn course_page(editor: &Visitor, id: i64, kept: i64, changed: bool) -> Value {
    editor_page(editor, "/api/editor/course", id, kept, changed).await
}

/// The quiz form as its page fills it in from `/api/editor/quiz` (field
/// names documented in `app::ssr::editorial::authoring`), without `op`.
fn quiz_form(page: &Value) -> Vec<(String, String)> {
    let fields = &page["fields"];
    let quiz = &page["quiz"];
    let mut form: Vec<(String, String)> = Vec::new();
    let mut add = |name: String, value: String| form.push((name, value));
    if let Some(id) = page["item"]["id"].as_i64() {
        add("id".into(), id.to_string());
    }
    add("base".into(), page["base"].to_string());
    for name in ["title", "slug", "summary", "course"] {
        add(name.into(), text(&fields[name]));
    }
    for name in ["pass_mark", "max_attempts", "wait_minutes"] {
        add(name.into(), quiz[name].to_string());
    }
    if quiz["shuffle_options"] == true {
        add("shuffle_options".into(), "on".into());
    }
    for name in ["show_answers", "multiple_scoring"] {
        add(name.into(), text(&quiz[name]));
    }
    for (i, q) in quiz["questions"].as_array().unwrap().iter().enumerate() {
        let name = |field: &str| format!("q{i}.{field}");
        add(name("type"), text(&q["type"]));
        add(name("text"), text(&q["text"]));
        for (j, option) in q["options"].as_array().into_iter().flatten().enumerate() {
            add(name(&format!("opt{j}")), text(option));
        }
        match &q["answer"] {
            Value::Bool(truth) => add(name("truth"), truth.to_string()),
            Value::Array(numbers) => {
                for n in numbers {
                    add(name(&format!("ok{}", n.as_i64().unwrap() - 1)), "on".into());
                }
            }
            Value::Number(n) => add(name(&format!("ok{}", n.as_i64().unwrap() - 1)), "on".into()),
            _ => {}
        }
        let answers: Vec<String> = q["answers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect();
        add(name("answers"), answers.join("\n"));
        if q["ignore_diacritics"] == true {
            add(name("nodiacritics"), "on".into());
        }
        add(name("explanation"), text(&q["explanation"]));
    }
    add("paste".into(), text(&fields["paste"]));
    add("paste_format".into(), text(&fields["paste_format"]));
    form
}

/// The course form as its page fills it in from `/api/editor/course`, without `op`.
fn course_form(page: &Value) -> Vec<(String, String)> {
    let fields = &page["fields"];
    let mut form = vec![
        (
            "id".to_owned(),
            page["item"]["id"]
                .as_i64()
                .expect("an existing course")
                .to_string(),
        ),
        ("base".to_owned(), page["base"].to_string()),
        ("title".to_owned(), text(&fields["title"])),
        ("slug".to_owned(), text(&fields["slug"])),
        ("summary".to_owned(), text(&fields["summary"])),
        ("body".to_owned(), text(&page["body"])),
    ];
    if fields["sequential"] == true {
        form.push(("sequential".into(), "on".into()));
    }
    for step in fields["steps"].as_array().into_iter().flatten() {
        form.push(("step".into(), text(step)));
    }
    form
}

fn steps_of(page: &Value) -> Vec<String> {
    page["fields"]["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect()
}

/// Where learners find an outline's step (of the seeded course).
fn step_href(code: &str) -> String {
    step_href_in(COURSE, code)
}

/// Where learners find a step of `course`'s outline.
fn step_href_in(course: &str, code: &str) -> String {
    match code.split_once(':') {
        Some(("lesson", slug)) => format!("/khoa-hoc/{course}/{slug}"),
        Some(("quiz", slug)) => format!("/kiem-tra/{slug}"),
        _ => panic!("not a step: {code}"),
    }
}

fn step_hrefs_in(course: &str, codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| step_href_in(course, c)).collect()
}

/// The links of a course page's list of steps, in order.
fn step_links(html: &str) -> Vec<String> {
    let start = html
        .find("class=\"lesson-list steps\"")
        .unwrap_or_else(|| panic!("no list of steps: {html}"));
    let list = &html[start..];
    let list = &list[..list.find("</ol>").expect("the list ends")];
    list.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

/// The classes of a course page's steps, in order (`step`, `step done`,
/// `step locked`).
fn step_classes(html: &str) -> Vec<String> {
    let start = html
        .find("class=\"lesson-list steps\"")
        .unwrap_or_else(|| panic!("no list of steps: {html}"));
    let list = &html[start..];
    let list = &list[..list.find("</ol>").expect("the list ends")];
    list.split("<li class=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

/// The codes of a course page's members (its lessons and quizzes), sorted.
fn member_codes(page: &Value) -> Vec<String> {
    let mut codes: Vec<String> = page["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| text(&m["code"]))
        .collect();
    codes.sort();
    codes
}

/// A new lesson in `course`, created as the panel's create form calls it; its id.
async fn create_lesson(editor: &Visitor, course: &str, slug: &str, title: &str) -> i64 {
    let body = format!("Nội dung của {title}.\n");
    let reply = editor
        .call(
            "/api/editor/create",
            &[
                ("kind", "lesson"),
                ("course", course),
                ("title", title),
                ("slug", slug),
                ("summary", "Tóm tắt bài học."),
                ("minutes", "5"),
                ("body", &body),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "create {slug}: {}", reply.body);
    reply.json().as_i64().expect("the lesson's id")
}

/// A course form changed by the button `op` (pressed on `shown`): the page
/// it comes back as, unsaved.
async fn press(
    editor: &Visitor,
    id: i64,
    shown: &Value,
    op: &str,
    extra: &[(&str, &str)],
) -> Value {
    let page = format!("/bien-tap/course/{id}");
    let mut form = course_form(shown);
    form.extend(owned(extra));
    form.push(("op".into(), op.into()));
    let location = post(editor, &page, SAVE_COURSE, &form).await;
    assert!(
        location.starts_with(&format!("{page}?giu=")) && location.ends_with("&sua=1"),
        "{op}: {location}"
    );
    let changed = course_page(editor, id, query_number(&location, "giu"), true).await;
    assert_eq!(changed["kept"], false, "{op}: changed, not refused");
    assert_eq!(changed["problems"], json!([]), "{op}");
    changed
}

/// Waits until the clock's second turns (revisions and publications are
/// timed in whole seconds).
async fn next_second() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let rest = 1_000_000_000 - u64::from(now.subsec_nanos());
    tokio::time::sleep(std::time::Duration::from_nanos(rest + 20_000_000)).await;
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(app.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Rows of what authoring writes: revisions, forms kept for their
/// authors, quizzes, their questions, courses' steps, the audit.
async fn written(app: &TestApp) -> [i64; 6] {
    [
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM revisions").await,
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM save_conflicts").await,
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quizzes").await,
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_questions").await,
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM course_steps").await,
        count(app, "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log").await,
    ]
}

// ------------------------------------------------------ a learner's side

/// A learner's answer to one question, named by its text.
enum Pick {
    Options(&'static [&'static str]),
    Truth(bool),
    Typed(&'static str),
}

/// The quiz as a learner's page gets it.
async fn sheet(learner: &Visitor, slug: &str) -> Value {
    let reply = learner.call("/api/quiz", &[("quiz", slug)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn question_texts(sheet: &Value) -> Vec<String> {
    sheet["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| text(&q["text"]))
        .collect()
}

/// The form a learner sends for `sheet`, with the token it came with.
fn answered(sheet: &Value, picks: &[(&str, Pick)]) -> Vec<(String, String)> {
    let token = sheet["token"].as_str().expect("the learner may submit");
    let mut form = vec![("token".to_owned(), token.to_owned())];
    for q in sheet["questions"].as_array().unwrap() {
        let uid = text(&q["uid"]);
        let asked = q["text"].as_str().unwrap();
        let (_, pick) = picks
            .iter()
            .find(|(t, _)| *t == asked)
            .unwrap_or_else(|| panic!("no answer for {asked}"));
        match pick {
            Pick::Options(names) => {
                for name in *names {
                    let option = q["options"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|o| o["text"] == *name)
                        .unwrap_or_else(|| panic!("no option {name} in {q}"));
                    form.push((uid.clone(), text(&option["id"])));
                }
            }
            Pick::Truth(truth) => form.push((uid.clone(), truth.to_string())),
            Pick::Typed(typed) => form.push((uid.clone(), (*typed).to_owned())),
        }
    }
    form
}

/// Posts a learner's quiz form as a browser does; the attempt's id.
async fn hand_in(learner: &Visitor, slug: &str, form: &[(String, String)]) -> i64 {
    let location = post(
        learner,
        &format!("/kiem-tra/{slug}"),
        &format!("/kiem-tra/{slug}/nop"),
        form,
    )
    .await;
    location
        .strip_prefix("/hoc-tap/lan-lam/")
        .unwrap_or_else(|| panic!("not an attempt: {location}"))
        .parse()
        .unwrap()
}

async fn report(learner: &Visitor, attempt: i64) -> Value {
    let reply = learner
        .call("/api/learner/attempt", &[("id", &attempt.to_string())])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// Whether the report graded the question `asked` correct.
fn graded(report: &Value, asked: &str) -> bool {
    report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"] == asked)
        .unwrap_or_else(|| panic!("{asked} not in {report}"))["correct"]
        .as_bool()
        .unwrap()
}

// ------------------------------------------------------------------ tests

/// An editor moves a quiz up between two lessons (and a lesson down) with
/// the form's buttons, saves, submits; another editor approves; learners
/// and visitors then see the steps in that order, and in order only
/// (`sequential`, set in the same save).
async fn reordered_course_steps_reach_learners_in_the_new_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (learner, _) = staff(&app, "Lê Học Viên", None).await;
    roles_settle().await;
    let public = format!("/khoa-hoc/{COURSE}");
    let seeded: Vec<String> = SEEDED_STEPS.iter().map(|s| step_href(s)).collect();
    assert_eq!(step_links(&app.visitor().get(&public).await.body), seeded);

    // the panel's list gives the course's id
    let list = an
        .call("/api/editor/items", &[("kind", "course")])
        .await
        .json();
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == COURSE)
        .expect("the course in the panel's list")["id"]
        .as_i64()
        .unwrap();
    let opened = course_page(&an, id, 0, false).await;
    assert_eq!(steps_of(&opened), SEEDED_STEPS);
    assert_eq!(opened["base"], 0, "an imported course, no revision yet");
    let mut members: Vec<String> = opened["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| text(&m["code"]))
        .collect();
    members.sort();
    let mut expected_members: Vec<String> = SEEDED_STEPS.iter().map(|s| s.to_string()).collect();
    expected_members.sort();
    assert_eq!(
        members, expected_members,
        "every lesson and quiz of the course"
    );

    // three button presses, each coming back as the form changed, unsaved
    let page = format!("/bien-tap/course/{id}");
    let mut shown = opened;
    for (op, expected) in [
        (
            "up:3",
            [
                "lesson:ai-la-gi",
                "lesson:tro-chuyen-voi-chatbot",
                "quiz:kiem-tra-giua-khoa-ai",
                "lesson:kiem-tra-cau-tra-loi-cua-ai",
                "lesson:deepfake-va-lua-dao-gia-giong-noi",
                "lesson:bao-ve-quyen-rieng-tu-khi-dung-ai",
                "quiz:kiem-tra-binh-dan-hoc-ai",
            ],
        ),
        (
            "up:2",
            [
                "lesson:ai-la-gi",
                "quiz:kiem-tra-giua-khoa-ai",
                "lesson:tro-chuyen-voi-chatbot",
                "lesson:kiem-tra-cau-tra-loi-cua-ai",
                "lesson:deepfake-va-lua-dao-gia-giong-noi",
                "lesson:bao-ve-quyen-rieng-tu-khi-dung-ai",
                "quiz:kiem-tra-binh-dan-hoc-ai",
            ],
        ),
        (
            "down:4",
            [
                "lesson:ai-la-gi",
                "quiz:kiem-tra-giua-khoa-ai",
                "lesson:tro-chuyen-voi-chatbot",
                "lesson:kiem-tra-cau-tra-loi-cua-ai",
                "lesson:bao-ve-quyen-rieng-tu-khi-dung-ai",
                "lesson:deepfake-va-lua-dao-gia-giong-noi",
                "quiz:kiem-tra-binh-dan-hoc-ai",
            ],
        ),
    ] {
        let mut form = course_form(&shown);
        form.push(("op".into(), op.into()));
        let location = post(&an, &page, SAVE_COURSE, &form).await;
        assert!(
            location.starts_with(&format!("{page}?giu=")) && location.ends_with("&sua=1"),
            "{op}: {location}"
        );
        shown = course_page(&an, id, query_number(&location, "giu"), true).await;
        assert_eq!(steps_of(&shown), expected, "after {op}");
        assert_eq!(shown["kept"], false, "changed, not refused");
        assert_eq!(shown["problems"], json!([]));
        assert_eq!(shown["base"], 0);
    }
    let reordered = steps_of(&shown);
    assert!(
        app.db
            .revisions_of(ItemKind::Course, id)
            .await
            .unwrap()
            .is_empty(),
        "buttons save nothing"
    );
    // a kept form is its author's only (another editor opening its
    // address gets the course as saved: checked at the end)
    let mut pressed = course_form(&shown);
    pressed.push(("op".into(), "up:1".into()));
    let kept = query_number(&post(&an, &page, SAVE_COURSE, &pressed).await, "giu");
    assert_eq!(
        steps_of(&course_page(&an, id, kept, true).await)[0],
        "quiz:kiem-tra-giua-khoa-ai"
    );

    // saved, in order only
    let mut form = course_form(&shown);
    form.push(("sequential".into(), "on".into()));
    form.push(("op".into(), "save".into()));
    assert_eq!(
        post(&an, &page, SAVE_COURSE, &form).await,
        format!("{page}?da-luu=1")
    );
    let saved = course_page(&an, id, 0, false).await;
    assert_eq!(steps_of(&saved), reordered);
    assert_eq!(saved["fields"]["sequential"], true);
    assert_eq!(saved["base"], 1);
    // learners see the old outline until it is approved
    assert_eq!(step_links(&app.visitor().get(&public).await.body), seeded);

    submit_and_approve(&an, &binh, "course", id).await;
    let expected: Vec<String> = reordered.iter().map(|s| step_href(s)).collect();
    assert_ne!(expected, seeded);
    assert_eq!(
        step_links(&app.visitor().get(&public).await.body),
        expected,
        "a visitor's course page"
    );
    let mine = learner.get(&public).await;
    assert_eq!(step_links(&mine.body), expected, "a learner's course page");
    assert!(
        mine.body.contains("step locked"),
        "sequential: later steps wait for earlier ones"
    );
    let course = app
        .visitor()
        .call("/api/course", &[("course", COURSE)])
        .await
        .json();
    let hrefs: Vec<String> = course["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| text(&s["href"]))
        .collect();
    assert_eq!(hrefs, expected);
    assert_eq!(app.db.course_step_codes(id).await.unwrap(), reordered);

    // An's kept form, opened by Bình: the course as saved, and a normal page
    let (id_text, kept_text) = (id.to_string(), kept.to_string());
    let theirs = binh
        .call(
            "/api/editor/course",
            &[("id", &id_text), ("kept", &kept_text), ("changed", "true")],
        )
        .await;
    assert_eq!(steps_of(&theirs.json()), reordered, "not An's kept form");
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    let page = binh.get(&format!("{page}?giu={kept}&sua=1")).await;
    assert_eq!(page.status, 200);
}

const QUIZ: &str = "kiem-tra-soan-tren-web";
const Q_SINGLE: &str = "Thủ đô của Việt Nam là thành phố nào?";
const Q_SINGLE_EDITED: &str = "Thành phố nào là thủ đô của nước ta?";
const Q_MULTIPLE: &str = "Những điều nào giúp giữ an toàn tài khoản?";
const Q_TRUTH: &str = "Ngân hàng có thể hỏi mã OTP của bạn qua điện thoại.";
const Q_SHORT: &str = "Cây cầu phun lửa nổi tiếng ở Đà Nẵng tên là gì?";

/// A new quiz as its form is posted: one question of each kind (the
/// true/false key wrong on purpose: the edit corrects it), and the empty
/// block the page offers for the next question.
fn new_quiz_form() -> Vec<(String, String)> {
    owned(&[
        ("base", "0"),
        ("title", "Kiểm tra soạn trên web"),
        ("slug", QUIZ),
        ("summary", "Bốn loại câu hỏi, soạn trong bảng biên tập."),
        ("course", COURSE),
        ("pass_mark", "60"),
        ("max_attempts", "0"),
        ("wait_minutes", "0"),
        ("q0.type", "single"),
        ("q0.text", Q_SINGLE),
        ("q0.opt0", "Huế"),
        ("q0.opt1", "Hà Nội"),
        ("q0.ok1", "on"),
        ("q0.opt2", "Cần Thơ"),
        ("q0.explanation", "Hà Nội là thủ đô của Việt Nam."),
        ("q1.type", "multiple"),
        ("q1.text", Q_MULTIPLE),
        ("q1.opt0", "Mật khẩu mạnh"),
        ("q1.ok0", "on"),
        ("q1.opt1", "Đọc mã OTP cho người lạ"),
        ("q1.opt2", "Bật xác thực hai lớp"),
        ("q1.ok2", "on"),
        ("q2.type", "true_false"),
        ("q2.text", Q_TRUTH),
        ("q2.truth", "true"),
        ("q3.type", "short"),
        ("q3.text", Q_SHORT),
        ("q3.answers", "Cầu Rồng\n\n Cầu Rồng Đà Nẵng \n"),
        ("q3.nodiacritics", "on"),
        ("q4.type", "single"),
        ("q4.text", ""),
        ("q4.opt0", ""),
        ("op", "save"),
    ])
}

/// Creates the quiz of [`new_quiz_form`] as `editor`; its id.
async fn create_quiz(editor: &Visitor, form: &[(String, String)]) -> i64 {
    let location = post(editor, "/bien-tap/quiz/moi", SAVE_QUIZ, form).await;
    location
        .strip_prefix("/bien-tap/quiz/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not the new quiz's page: {location}"))
}

/// A learner's picks, all right except under the first, wrong key of the
/// true/false question; `single` names the single-choice question.
fn picks(single: &'static str) -> Vec<(&'static str, Pick)> {
    vec![
        (single, Pick::Options(&["Hà Nội"])),
        (
            Q_MULTIPLE,
            Pick::Options(&["Mật khẩu mạnh", "Bật xác thực hai lớp"]),
        ),
        (Q_TRUTH, Pick::Truth(false)),
        (Q_SHORT, Pick::Typed("  cau   RONG ")),
    ]
}

async fn a_quiz_written_in_the_form_is_taken_edited_and_keeps_earlier_attempts(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (lan, _) = staff(&app, "Nguyễn Thị Lan", None).await;
    roles_settle().await;

    let id = create_quiz(&an, &new_quiz_form()).await;
    let page = format!("/bien-tap/quiz/{id}");
    let draft = quiz_page(&an, id, 0, false).await;
    assert_eq!(draft["item"]["state"], "Draft");
    assert_eq!(draft["base"], 1);
    assert_eq!(draft["fields"]["course"], COURSE);
    assert_eq!(draft["quiz"]["pass_mark"], 60);
    assert!(
        draft["courses"]
            .as_array()
            .unwrap()
            .contains(&json!([COURSE, "Bình dân học AI"])),
        "{}",
        draft["courses"]
    );
    assert_eq!(
        draft["quiz"]["questions"],
        json!([
            {"type": "single", "text": Q_SINGLE, "options": ["Huế", "Hà Nội", "Cần Thơ"],
             "answer": [2], "explanation": "Hà Nội là thủ đô của Việt Nam."},
            {"type": "multiple", "text": Q_MULTIPLE,
             "options": ["Mật khẩu mạnh", "Đọc mã OTP cho người lạ", "Bật xác thực hai lớp"],
             "answer": [1, 3]},
            {"type": "true_false", "text": Q_TRUTH, "answer": true},
            {"type": "short", "text": Q_SHORT, "answers": ["Cầu Rồng", "Cầu Rồng Đà Nẵng"],
             "ignore_diacritics": true},
        ]),
        "every kind of question, the empty block dropped"
    );
    let public = format!("/kiem-tra/{QUIZ}");
    assert_eq!(lan.get(&public).await.status, 404, "a draft is not public");
    submit_and_approve(&an, &binh, "quiz", id).await;

    // Lan takes it: three of four right (the key of the true/false is wrong)
    let first_sheet = sheet(&lan, QUIZ).await;
    assert_eq!(
        question_texts(&first_sheet),
        [Q_SINGLE, Q_MULTIPLE, Q_TRUTH, Q_SHORT]
    );
    let first = hand_in(&lan, QUIZ, &answered(&first_sheet, &picks(Q_SINGLE))).await;
    let before = report(&lan, first).await;
    assert_eq!(
        (
            &before["percent"],
            &before["correct_count"],
            &before["question_count"],
            &before["passed"]
        ),
        (&json!(75), &json!(3), &json!(4), &json!(true)),
        "{before}"
    );
    assert!(!graded(&before, Q_TRUTH) && graded(&before, Q_SHORT));

    // edited: a question's text, an answer, a question removed (a button,
    // then saved)
    let mut form = quiz_form(&quiz_page(&an, id, 0, false).await);
    set(&mut form, "q0.text", Q_SINGLE_EDITED);
    set(&mut form, "q2.truth", "false");
    form.push(("op".into(), "remove:3".into()));
    let location = post(&an, &page, SAVE_QUIZ, &form).await;
    assert!(
        location.starts_with(&format!("{page}?giu=")) && location.ends_with("&sua=1"),
        "{location}"
    );
    let changed = quiz_page(&an, id, query_number(&location, "giu"), true).await;
    let questions = changed["quiz"]["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3, "{}", changed["quiz"]);
    assert_eq!(questions[0]["text"], Q_SINGLE_EDITED);
    assert_eq!(questions[2]["answer"], false);
    assert_eq!(changed["base"], 1);
    let mut form = quiz_form(&changed);
    form.push(("op".into(), "save".into()));
    assert_eq!(
        post(&an, &page, SAVE_QUIZ, &form).await,
        format!("{page}?da-luu=2")
    );
    // learners take the published version until the edit is approved
    assert_eq!(
        question_texts(&sheet(&lan, QUIZ).await),
        [Q_SINGLE, Q_MULTIPLE, Q_TRUTH, Q_SHORT]
    );
    submit_and_approve(&an, &binh, "quiz", id).await;

    // the earlier attempt is as it was given and graded
    let after = report(&lan, first).await;
    assert_eq!(after, before, "the earlier attempt is unchanged");
    let shown = lan.get(&format!("/hoc-tap/lan-lam/{first}")).await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.body.contains(Q_SINGLE) && shown.body.contains(Q_SHORT),
        "the questions as asked"
    );
    assert!(!shown.body.contains(Q_SINGLE_EDITED));
    assert!(shown.body.contains("75%"));
    let stored: i64 =
        sqlx::query_scalar("SELECT CAST(percent AS BIGINT) FROM quiz_attempts WHERE id = $1")
            .bind(first)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(stored, 75);

    // a new attempt is the new paper, under the corrected key
    let second_sheet = sheet(&lan, QUIZ).await;
    assert_eq!(
        question_texts(&second_sheet),
        [Q_SINGLE_EDITED, Q_MULTIPLE, Q_TRUTH]
    );
    let second = hand_in(
        &lan,
        QUIZ,
        &answered(&second_sheet, &picks(Q_SINGLE_EDITED)),
    )
    .await;
    assert_ne!(second, first);
    let now = report(&lan, second).await;
    assert_eq!(
        (
            &now["percent"],
            &now["correct_count"],
            &now["question_count"]
        ),
        (&json!(100), &json!(3), &json!(3)),
        "{now}"
    );
    assert!(graded(&now, Q_TRUTH));
    let versions: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_versions WHERE quiz_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(versions, 2, "both papers kept");
    // and the export is the edited quiz
    assert_gift_is_the_revision(&app, &an, id, QUIZ).await;
}

async fn learners_and_visitors_are_refused_course_and_quiz_authoring(backend: Backend) {
    let app = spawn_app(backend).await;
    let (learner, learner_id) = staff(&app, "Lê Học Viên", None).await;
    let anonymous = app.visitor();
    let course = item_id(&app, "course", COURSE).await;
    let quiz = item_id(&app, "quiz", "kiem-tra-giua-khoa-ai").await;
    let (course_text, quiz_text) = (course.to_string(), quiz.to_string());
    let before = written(&app).await;

    for page in [
        "/bien-tap/quiz/moi".to_owned(),
        "/bien-tap/course/moi".to_owned(),
        format!("/bien-tap/course/{course}"),
        format!("/bien-tap/quiz/{quiz}"),
        format!("/bien-tap/quiz/{quiz}/gift"),
    ] {
        let reply = anonymous.get(&page).await;
        assert_eq!(reply.status, 303, "{page}");
        assert!(
            reply.location().starts_with("/dang-nhap"),
            "{page}: {}",
            reply.location()
        );
        let reply = learner.get(&page).await;
        assert_eq!(reply.status, 403, "{page}");
        assert!(
            !reply.body.contains("Việc nào dưới đây nên giao cho AI?"),
            "{page}: nothing of the quiz shown"
        );
    }

    let mut edit_quiz = new_quiz_form();
    set(&mut edit_quiz, "id", &quiz_text);
    set(&mut edit_quiz, "slug", "kiem-tra-giua-khoa-ai");
    let mut reversed: Vec<(String, String)> = owned(&[
        ("id", &course_text),
        ("base", "0"),
        ("title", "Khóa học bị sửa"),
        ("slug", COURSE),
        ("summary", "x"),
        ("body", "Bìa mới."),
    ]);
    for step in SEEDED_STEPS.iter().rev() {
        reversed.push(("step".into(), (*step).to_owned()));
    }
    reversed.push(("op".into(), "save".into()));
    let paste = "Câu 1. Một?\nA. Có\nB. Không\nĐáp án: A\n";
    let mut pasted = new_quiz_form();
    set(&mut pasted, "paste", paste);
    set(&mut pasted, "op", "import");
    for (page, route, form) in [
        ("/bien-tap/quiz/moi", SAVE_QUIZ, new_quiz_form()),
        ("/bien-tap/quiz/moi", SAVE_QUIZ, pasted),
        ("/bien-tap/quiz/moi", SAVE_QUIZ, edit_quiz.clone()),
        ("/bien-tap/course/moi", SAVE_COURSE, reversed.clone()),
    ] {
        let reply = anonymous.submit(page, route, &borrowed(&form)).await;
        assert_eq!(reply.status, 303, "{route}");
        assert!(
            reply.location().starts_with("/dang-nhap"),
            "{route}: {}",
            reply.location()
        );
        assert_eq!(
            learner.submit(page, route, &borrowed(&form)).await.status,
            403,
            "{route}"
        );
    }

    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "/api/editor/quiz",
            vec![("id", &quiz_text), ("kept", "0"), ("changed", "false")],
        ),
        (
            "/api/editor/quiz",
            vec![("id", "0"), ("kept", "0"), ("changed", "false")],
        ),
        (
            "/api/editor/course",
            vec![("id", &course_text), ("kept", "0"), ("changed", "false")],
        ),
        ("/api/editor/paste", vec![("format", "vn"), ("text", paste)]),
        (
            "/api/editor/act",
            vec![("kind", "quiz"), ("id", &quiz_text), ("action", "archive")],
        ),
        (
            "/api/editor/act",
            vec![("kind", "quiz"), ("id", &quiz_text), ("action", "submit")],
        ),
        (
            "/api/editor/act",
            vec![("kind", "quiz"), ("id", &quiz_text), ("action", "approve")],
        ),
        (
            "/api/editor/act",
            vec![
                ("kind", "course"),
                ("id", &course_text),
                ("action", "archive"),
            ],
        ),
    ];
    for (path, form) in &calls {
        let reply: Reply = anonymous.call(path, form).await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.body);
        let reply = learner.call(path, form).await;
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        assert!(!reply.body.contains("Câu hỏi") && !reply.body.contains("questions"));
    }
    assert_eq!(written(&app).await, before, "nothing written");

    // the functions themselves refuse, whatever route reached them
    let as_learner = Viewer {
        id: learner_id,
        full_name: "Lê Học Viên".into(),
        identifier: String::new(),
        roles: vec![],
    };
    let db = &app.db;
    for (kind, form) in [
        (ItemKind::Quiz, new_quiz_form()),
        (ItemKind::Quiz, edit_quiz),
        (ItemKind::Course, reversed),
    ] {
        let result = submit_form(db, &as_learner, kind, PostedForm::read(kind, &form)).await;
        assert!(matches!(result, Err(EditError::Forbidden)), "{result:?}");
    }
    let fields = ItemFields {
        title: "Bài kiểm tra lạ".into(),
        slug: "bai-kiem-tra-la".into(),
        course: COURSE.into(),
        ..ItemFields::default()
    };
    let body = "[[questions]]\ntype = \"true_false\"\ntext = \"Một.\"\nanswer = true\n";
    assert!(matches!(
        workflow::create(db, &as_learner, ItemKind::Quiz, &fields, body).await,
        Err(EditError::Forbidden)
    ));
    assert!(matches!(
        workflow::save(db, &as_learner, ItemKind::Quiz, quiz, 0, &fields, body).await,
        Err(EditError::Forbidden)
    ));
    let outline = ItemFields {
        title: "Khóa học bị sửa".into(),
        slug: COURSE.into(),
        steps: SEEDED_STEPS.iter().rev().map(|s| s.to_string()).collect(),
        ..ItemFields::default()
    };
    assert!(matches!(
        workflow::save(
            db,
            &as_learner,
            ItemKind::Course,
            course,
            0,
            &outline,
            "Bìa"
        )
        .await,
        Err(EditError::Forbidden)
    ));
    for (kind, id) in [(ItemKind::Quiz, quiz), (ItemKind::Course, course)] {
        assert!(matches!(
            workflow::approve(db, &as_learner, kind, id, None, true).await,
            Err(EditError::Forbidden)
        ));
        assert!(matches!(
            workflow::submit(db, &as_learner, kind, id).await,
            Err(EditError::Forbidden)
        ));
        assert!(matches!(
            workflow::archive(db, &as_learner, kind, id).await,
            Err(EditError::Forbidden)
        ));
    }
    assert_eq!(written(&app).await, before, "nothing written");
    // and readers see the course and the quiz as before
    assert_eq!(
        step_links(&app.visitor().get(&format!("/khoa-hoc/{COURSE}")).await.body),
        SEEDED_STEPS
            .iter()
            .map(|s| step_href(s))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        app.visitor()
            .get("/kiem-tra/kiem-tra-giua-khoa-ai")
            .await
            .status,
        200
    );
}

/// Vietnamese layout: a title line (skipped), question 1 with its own key
/// line, question 2 with its options on one line and a key for two of them.
const PASTE_BROKEN: &str = "ĐỀ KIỂM TRA AN TOÀN SỐ\n\
                            Câu 1. Mã OTP dùng để làm gì?\n\
                            A. Xác nhận giao dịch\n\
                            B. Chia sẻ cho người thân\n\
                            Đáp án: D\n\
                            Câu 2: Những cách nào giữ tài khoản an toàn?\n\
                            A. Mật khẩu mạnh   B. Đọc OTP cho người lạ   C. Xác thực hai lớp\n\
                            Đáp án: A, C\n";

fn paste_fixed() -> String {
    PASTE_BROKEN.replace("Đáp án: D", "Đáp án: A")
}

fn pasted_questions() -> Value {
    json!([
        {"type": "single", "text": "Mã OTP dùng để làm gì?",
         "options": ["Xác nhận giao dịch", "Chia sẻ cho người thân"], "answer": [1]},
        {"type": "multiple", "text": "Những cách nào giữ tài khoản an toàn?",
         "options": ["Mật khẩu mạnh", "Đọc OTP cho người lạ", "Xác thực hai lớp"], "answer": [1, 3]},
    ])
}

async fn pasted_text_comes_back_with_its_problems_then_is_imported(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    roles_settle().await;
    let quizzes = count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quizzes").await;

    // the preview the page asks for as the text is typed
    let preview = an
        .call(
            "/api/editor/paste",
            &[("format", "vn"), ("text", PASTE_BROKEN)],
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let preview = preview.json();
    assert_eq!(preview["questions"], json!([]));
    let problems = preview["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{preview}");
    assert_eq!(problems[0][0], 5, "the line of the key naming D: {preview}");
    assert!(text(&problems[0][1]).contains("D"), "{preview}");
    let fixed = paste_fixed();
    let preview = an
        .call("/api/editor/paste", &[("format", "vn"), ("text", &fixed)])
        .await
        .json();
    assert_eq!(preview["problems"], json!([]));
    assert_eq!(preview["questions"], pasted_questions());

    // a new quiz with one question typed in, and the text pasted
    let new_page = "/bien-tap/quiz/moi";
    let mut form = owned(&[
        ("base", "0"),
        ("title", "Kiểm tra dán từ Word"),
        ("slug", "kiem-tra-dan-tu-word"),
        ("course", COURSE),
        ("pass_mark", "80"),
        ("q0.type", "true_false"),
        ("q0.text", "Câu hỏi gõ tay vẫn được giữ."),
        ("q0.truth", "true"),
        ("q1.type", "single"),
        ("paste_format", "vn"),
        ("paste", PASTE_BROKEN),
        ("op", "import"),
    ]);
    let location = post(&an, new_page, SAVE_QUIZ, &form).await;
    assert!(
        location.starts_with(&format!("{new_page}?giu=")) && !location.contains("sua="),
        "refused, kept: {location}"
    );
    let kept = quiz_page(&an, 0, query_number(&location, "giu"), false).await;
    assert_eq!(kept["kept"], true);
    assert_eq!(kept["item"], Value::Null);
    assert_eq!(kept["fields"]["paste"], PASTE_BROKEN, "the text as pasted");
    assert_eq!(kept["fields"]["title"], "Kiểm tra dán từ Word");
    let problems = kept["pasted"]["problems"]
        .as_array()
        .expect("the paste's problems");
    assert_eq!(problems.len(), 1, "{}", kept["pasted"]);
    assert_eq!(problems[0][0], 5, "{}", kept["pasted"]);
    assert_eq!(
        kept["quiz"]["questions"],
        json!([{"type": "true_false", "text": "Câu hỏi gõ tay vẫn được giữ.", "answer": true}])
    );
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quizzes").await,
        quizzes,
        "nothing created"
    );

    // previewed, corrected: shown with the form, still not saved
    let mut shown = quiz_form(&kept);
    set(&mut shown, "paste", &fixed);
    shown.push(("op".into(), "preview".into()));
    let location = post(&an, new_page, SAVE_QUIZ, &shown).await;
    assert!(location.ends_with("&sua=1"), "{location}");
    let previewed = quiz_page(&an, 0, query_number(&location, "giu"), true).await;
    assert_eq!(previewed["pasted"]["problems"], json!([]));
    assert_eq!(previewed["pasted"]["questions"], pasted_questions());
    assert_eq!(previewed["quiz"]["questions"].as_array().unwrap().len(), 1);
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quizzes").await,
        quizzes
    );

    // imported: a draft with the typed question then the pasted ones
    set(&mut form, "paste", &fixed);
    let location = post(&an, new_page, SAVE_QUIZ, &form).await;
    let id: i64 = location
        .strip_prefix("/bien-tap/quiz/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("created: {location}"));
    let saved = quiz_page(&an, id, 0, false).await;
    assert_eq!(saved["item"]["state"], "Draft");
    let mut expected =
        vec![json!({"type": "true_false", "text": "Câu hỏi gõ tay vẫn được giữ.", "answer": true})];
    expected.extend(pasted_questions().as_array().unwrap().iter().cloned());
    assert_eq!(saved["quiz"]["questions"], Value::Array(expected));
    assert_eq!(
        saved["fields"]["paste"],
        Value::Null,
        "the paste is not part of the revision"
    );
    assert_eq!(saved["pasted"], Value::Null);
    let revision = app
        .db
        .revision(ItemKind::Quiz, id, 1)
        .await
        .unwrap()
        .expect("revision 1");
    assert!(
        !revision.fields_json.contains("Đáp án"),
        "{}",
        revision.fields_json
    );
    assert_eq!(
        count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quizzes").await,
        quizzes + 1
    );
    let drafts = an
        .call("/api/editor/items", &[("kind", "quiz"), ("state", "draft")])
        .await
        .json();
    assert!(
        drafts["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id && i["title"] == "Kiểm tra dán từ Word"),
        "{drafts}"
    );
}

/// The quiz's newest revision, exported as GIFT and read back (by the
/// reader and by the editor's paste), gives the same questions.
async fn assert_gift_is_the_revision(app: &TestApp, editor: &Visitor, id: i64, slug: &str) {
    let reply = editor.get(&format!("/bien-tap/quiz/{id}/gift")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-type").starts_with("text/plain"));
    assert!(
        header("content-disposition").contains(&format!("{slug}.gift.txt")),
        "{}",
        header("content-disposition")
    );
    let item = app
        .db
        .panel_item(ItemKind::Quiz, id)
        .await
        .unwrap()
        .expect("the quiz");
    let revision = app
        .db
        .revision(ItemKind::Quiz, id, item.head_revision)
        .await
        .unwrap()
        .expect("its newest revision");
    let body = workflow::quiz_body(&revision.body_md).expect("a quiz revision");
    let expected: Vec<ImportedQuestion> = body
        .questions
        .iter()
        .map(|q| ImportedQuestion::from_source(q).expect("a complete question"))
        .collect();
    assert!(!expected.is_empty());
    let read = gift::read(&reply.body).unwrap_or_else(|p| panic!("{p:?}\n{}", reply.body));
    assert_eq!(read, expected, "\n{}", reply.body);
    let pasted = editor
        .call(
            "/api/editor/paste",
            &[("format", "gift"), ("text", &reply.body)],
        )
        .await
        .json();
    assert_eq!(pasted["problems"], json!([]), "{pasted}");
    let questions: Vec<QuestionSource> =
        serde_json::from_value(pasted["questions"].clone()).expect("questions");
    let again: Vec<ImportedQuestion> = questions
        .iter()
        .map(|q| ImportedQuestion::from_source(q).expect("a complete question"))
        .collect();
    assert_eq!(again, expected);
}

/// The quiz of test 2 as written, then one whose text uses every
/// character GIFT gives a meaning to.
async fn the_gift_export_reads_back_as_the_quiz(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    roles_settle().await;
    let id = create_quiz(&an, &new_quiz_form()).await;
    assert_gift_is_the_revision(&app, &an, id, QUIZ).await;

    let tricky = owned(&[
        ("base", "0"),
        ("title", "Ký tự đặc biệt trong GIFT"),
        ("slug", "ky-tu-dac-biet"),
        ("course", COURSE),
        ("q0.type", "single"),
        (
            "q0.text",
            "Trong GIFT, {ngoặc}, = và ~ nghĩa là gì? Ví dụ: a#b, 50% hay \\n",
        ),
        ("q0.opt0", "Dấu = là đáp án đúng"),
        ("q0.ok0", "on"),
        ("q0.opt1", "~ là đáp án sai: {không} phải"),
        ("q0.opt2", "%50% là một nửa"),
        (
            "q0.explanation",
            "Dòng một.\nDòng hai: có dấu \\ gạch chéo và ####.",
        ),
        ("q1.type", "multiple"),
        ("q1.text", "Chọn ba điều đúng:"),
        ("q1.opt0", "Một"),
        ("q1.ok0", "on"),
        ("q1.opt1", "Hai"),
        ("q1.ok1", "on"),
        ("q1.opt2", "Ba"),
        ("q1.ok2", "on"),
        ("q1.opt3", "Bốn là sai"),
        ("q2.type", "true_false"),
        ("q2.text", "// Dòng này không phải chú thích."),
        ("q2.truth", "false"),
        ("q2.explanation", "GIFT đọc // đầu dòng là chú thích."),
        ("q3.type", "short"),
        ("q3.text", "::Tiêu đề:: không phải tiêu đề. Viết {=đáp án}?"),
        ("q3.answers", "%100 chắc chắn\nmột = hai\nphải {có} ngoặc"),
        ("q4.type", "multiple"),
        ("q4.text", "Chỉ một đáp án đúng nhưng là câu nhiều lựa chọn"),
        ("q4.opt0", "Đúng"),
        ("q4.ok0", "on"),
        ("q4.opt1", "Sai"),
        ("op", "save"),
    ]);
    let id = create_quiz(&an, &tricky).await;
    assert_eq!(
        quiz_page(&an, id, 0, false).await["quiz"]["questions"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_gift_is_the_revision(&app, &an, id, "ky-tu-dac-biet").await;
}

/// `hocso` run on the test app's database; exit status, stdout, stderr.
async fn hocso(database_url: &str, args: &[&str]) -> (i32, String, String) {
    let database_url = database_url.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
            .args(&args)
            .env("DATABASE_URL", &database_url)
            .output()
            .expect("hocso runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

/// On the database a running app created and migrated (SQLite or
/// PostgreSQL, through `DATABASE_URL`).
async fn hocso_quiz_import_saves_a_draft_or_nothing_with_dry_run(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    roles_settle().await;
    let folder = app.content_dir.parent().unwrap().to_owned();
    let file = folder.join("de-thi.txt");
    std::fs::write(&file, paste_fixed().replace('\n', "\r\n")).unwrap();
    let file = file.to_str().unwrap();
    let url = app.database_url.as_str();
    let before = written(&app).await;

    let (status, out, err) =
        hocso(url, &["quiz-import", file, "--format", "vn", "--dry-run"]).await;
    assert_eq!(status, 0, "{out}{err}");
    let understood: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(understood["questions"].as_array().unwrap().len(), 2);
    assert_eq!(written(&app).await, before, "a dry run saves nothing");

    let title = "Kiểm tra nhập từ tệp Word";
    let (status, out, err) = hocso(
        url,
        &[
            "quiz-import",
            file,
            "--format",
            "vn",
            "--course",
            COURSE,
            "--title",
            title,
        ],
    )
    .await;
    assert_eq!(status, 0, "{out}{err}");
    let id: i64 = out
        .split("/bien-tap/quiz/")
        .nth(1)
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("the draft's address: {out}"));
    let slug = app::domain::text::anchor(title);
    let drafts = an
        .call("/api/editor/items", &[("kind", "quiz"), ("state", "draft")])
        .await
        .json();
    let draft = drafts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} not among the drafts: {drafts}"))
        .clone();
    assert_eq!(
        (
            &draft["title"],
            &draft["slug"],
            &draft["course"],
            &draft["state"]
        ),
        (&json!(title), &json!(slug), &json!(COURSE), &json!("Draft"))
    );
    let opened = quiz_page(&an, id, 0, false).await;
    assert_eq!(opened["quiz"]["questions"], pasted_questions());
    let revisions = app.db.revisions_of(ItemKind::Quiz, id).await.unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].author_id, None, "written by a command");
    assert_eq!(
        app.visitor().get(&format!("/kiem-tra/{slug}")).await.status,
        404,
        "a draft, not public"
    );
    let after = written(&app).await;
    assert_eq!(after[2], before[2] + 1, "one quiz more");

    // the same address again, or a course that does not exist: exit 2, nothing saved
    let (status, _, err) = hocso(
        url,
        &[
            "quiz-import",
            file,
            "--format",
            "vn",
            "--course",
            COURSE,
            "--title",
            title,
        ],
    )
    .await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("slug"), "{err}");
    let (status, _, err) = hocso(
        url,
        &[
            "quiz-import",
            file,
            "--format",
            "vn",
            "--course",
            "khong-co",
            "--title",
            "Khác",
        ],
    )
    .await;
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("course"), "{err}");
    assert_eq!(written(&app).await, after);
}

const NEW_COURSE: &str = "an-toan-tren-mang";
const NEW_COURSE_TITLE: &str = "An toàn trên mạng";
const NEW_COVER: &str = "# Chào mừng\n\nKhóa học ngắn về **an toàn trên mạng**.\n";
const NEW_QUIZ: &str = "kiem-tra-an-toan-tren-mang";

/// A new course's form as the empty editor page posts it.
fn new_course_form(title: &str) -> Vec<(String, String)> {
    owned(&[
        ("base", "0"),
        ("title", title),
        ("slug", NEW_COURSE),
        ("summary", "Ba bước để dùng mạng an toàn."),
        ("body", NEW_COVER),
        ("sequential", "on"),
        ("op", "save"),
    ])
}

/// An editor writes a new course (refused with an outline, or without a
/// title, and kept), fills it with two lessons and a quiz, orders them in
/// its outline with the buttons; once another editor approves all four,
/// visitors find it and a learner meets its steps in order only.
async fn a_new_course_is_written_filled_and_published(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (learner, _) = staff(&app, "Lê Học Viên", None).await;
    roles_settle().await;
    let new_page = "/bien-tap/course/moi";
    let public = format!("/khoa-hoc/{NEW_COURSE}");
    let courses = || count(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM courses");
    let before = courses().await;

    // refused: a new course has no lessons to put in its outline yet
    let mut with_step = new_course_form(NEW_COURSE_TITLE);
    with_step.insert(6, ("step".into(), "lesson:ai-la-gi".into()));
    let location = post(&an, new_page, SAVE_COURSE, &with_step).await;
    assert!(
        location.starts_with(&format!("{new_page}?giu=")) && !location.contains("sua="),
        "refused, kept: {location}"
    );
    let kept = course_page(&an, 0, query_number(&location, "giu"), false).await;
    assert_eq!(kept["kept"], true);
    assert_eq!(kept["item"], Value::Null);
    assert_eq!(kept["fields"]["title"], NEW_COURSE_TITLE, "as typed");
    assert_eq!(kept["body"], NEW_COVER);
    assert_eq!(steps_of(&kept), ["lesson:ai-la-gi"]);
    assert_eq!(courses().await, before, "nothing created");

    // refused: no title; the problem comes back with the form
    let location = post(&an, new_page, SAVE_COURSE, &new_course_form("  ")).await;
    assert!(
        location.starts_with(&format!("{new_page}?giu=")) && !location.contains("sua="),
        "refused, kept: {location}"
    );
    let kept = course_page(&an, 0, query_number(&location, "giu"), false).await;
    assert_eq!(kept["kept"], true);
    assert_eq!(kept["fields"]["slug"], NEW_COURSE);
    assert_eq!(kept["fields"]["sequential"], true);
    assert_eq!(kept["body"], NEW_COVER);
    let problems = kept["problems"].as_array().expect("problems");
    assert!(
        problems.iter().any(|p| p[0] == "title"),
        "the title is named: {}",
        kept["problems"]
    );
    assert_eq!(courses().await, before, "nothing created");

    // created: a draft nobody else sees
    let location = post(
        &an,
        new_page,
        SAVE_COURSE,
        &new_course_form(NEW_COURSE_TITLE),
    )
    .await;
    let id: i64 = location
        .strip_prefix("/bien-tap/course/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not the new course's page: {location}"));
    assert_eq!(courses().await, before + 1);
    let draft = course_page(&an, id, 0, false).await;
    assert_eq!(draft["item"]["state"], "Draft");
    assert_eq!(draft["base"], 1);
    assert_eq!(draft["fields"]["title"], NEW_COURSE_TITLE);
    assert_eq!(draft["fields"]["sequential"], true);
    assert_eq!(draft["body"], NEW_COVER);
    assert!(steps_of(&draft).is_empty());
    assert_eq!(draft["members"], json!([]));
    assert_eq!(app.visitor().get(&public).await.status, 404, "a draft");
    assert_eq!(learner.get(&public).await.status, 404, "a draft");
    let listed = format!("href=\"{public}\"");
    assert!(!app.visitor().get("/khoa-hoc").await.body.contains(&listed));

    // two lessons and a quiz written in it
    let first = create_lesson(&an, NEW_COURSE, "mat-khau-manh", "Mật khẩu mạnh").await;
    let second = create_lesson(&an, NEW_COURSE, "nhan-dien-lua-dao", "Nhận diện lừa đảo").await;
    let quiz = create_quiz(
        &an,
        &owned(&[
            ("base", "0"),
            ("title", "Kiểm tra an toàn trên mạng"),
            ("slug", NEW_QUIZ),
            ("course", NEW_COURSE),
            ("pass_mark", "50"),
            ("q0.type", "true_false"),
            ("q0.text", "Nên dùng một mật khẩu cho mọi tài khoản."),
            ("q0.truth", "false"),
            ("op", "save"),
        ]),
    )
    .await;
    let opened = course_page(&an, id, 0, false).await;
    assert_eq!(
        member_codes(&opened),
        [
            "lesson:mat-khau-manh",
            "lesson:nhan-dien-lua-dao",
            &format!("quiz:{NEW_QUIZ}")
        ],
        "every lesson and quiz of the course: {}",
        opened["members"]
    );
    assert!(steps_of(&opened).is_empty(), "none placed yet");

    // placed in the outline, then ordered lesson, quiz, lesson
    let mut shown = opened;
    let quiz_code = format!("quiz:{NEW_QUIZ}");
    for code in [
        quiz_code.as_str(),
        "lesson:mat-khau-manh",
        "lesson:nhan-dien-lua-dao",
    ] {
        shown = press(&an, id, &shown, "add-step", &[("add_step", code)]).await;
    }
    assert_eq!(
        steps_of(&shown),
        [
            quiz_code.as_str(),
            "lesson:mat-khau-manh",
            "lesson:nhan-dien-lua-dao"
        ]
    );
    // a step already placed is not added twice
    shown = press(
        &an,
        id,
        &shown,
        "add-step",
        &[("add_step", "lesson:mat-khau-manh")],
    )
    .await;
    assert_eq!(steps_of(&shown).len(), 3);
    shown = press(&an, id, &shown, "down:0", &[]).await;
    assert_eq!(
        steps_of(&shown),
        [
            "lesson:mat-khau-manh",
            quiz_code.as_str(),
            "lesson:nhan-dien-lua-dao"
        ]
    );
    shown = press(&an, id, &shown, "down:1", &[]).await;
    assert_eq!(
        steps_of(&shown),
        [
            "lesson:mat-khau-manh",
            "lesson:nhan-dien-lua-dao",
            quiz_code.as_str()
        ]
    );
    shown = press(&an, id, &shown, "up:2", &[]).await;
    let outline = [
        "lesson:mat-khau-manh".to_owned(),
        quiz_code.clone(),
        "lesson:nhan-dien-lua-dao".to_owned(),
    ];
    assert_eq!(steps_of(&shown), outline);
    assert_eq!(
        app.db
            .revisions_of(ItemKind::Course, id)
            .await
            .unwrap()
            .len(),
        1,
        "buttons save nothing"
    );
    let page = format!("/bien-tap/course/{id}");
    let mut form = course_form(&shown);
    form.push(("op".into(), "save".into()));
    assert_eq!(
        post(&an, &page, SAVE_COURSE, &form).await,
        format!("{page}?da-luu=2")
    );
    let saved = course_page(&an, id, 0, false).await;
    assert_eq!(steps_of(&saved), outline);
    assert_eq!(saved["fields"]["sequential"], true);
    assert_eq!(saved["body"], NEW_COVER);

    // approved by another editor: the lessons and the quiz first
    submit_and_approve(&an, &binh, "lesson", first).await;
    submit_and_approve(&an, &binh, "lesson", second).await;
    submit_and_approve(&an, &binh, "quiz", quiz).await;
    assert_eq!(
        app.visitor().get(&public).await.status,
        404,
        "the course itself is not approved yet"
    );
    submit_and_approve(&an, &binh, "course", id).await;

    let expected = step_hrefs_in(NEW_COURSE, &outline);
    let seen = app.visitor().get(&public).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(step_links(&seen.body), expected, "a visitor's course page");
    assert!(
        seen.body.contains(NEW_COURSE_TITLE) && seen.body.contains("an toàn trên mạng</strong>")
    );
    assert!(
        app.visitor().get("/khoa-hoc").await.body.contains(&listed),
        "the course in the list of courses"
    );
    assert_eq!(app.db.course_step_codes(id).await.unwrap(), outline);
    let mine = learner.get(&public).await;
    assert_eq!(step_links(&mine.body), expected, "a learner's course page");
    assert_eq!(
        step_classes(&mine.body),
        ["step", "step locked", "step locked"],
        "sequential: the quiz and the last lesson wait for the first lesson"
    );
    let course = learner
        .call("/api/course", &[("course", NEW_COURSE)])
        .await
        .json();
    let states: Vec<Value> = course["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].clone())
        .collect();
    assert_eq!(states, [json!("Open"), json!("Locked"), json!("Locked")]);
}

const LATE_LESSON: &str = "lesson:ai-trong-cong-viec";

/// The seeded course's revision waits in review while a new lesson is
/// published (it takes the end of the live outline): approving the
/// revision keeps the lesson there. A later revision that takes the lesson
/// out (written after it was published) does take it out.
async fn a_lesson_published_after_the_course_revision_keeps_its_place(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (learner, _) = staff(&app, "Lê Học Viên", None).await;
    roles_settle().await;
    let id = item_id(&app, "course", COURSE).await;
    let public = format!("/khoa-hoc/{COURSE}");
    let page = format!("/bien-tap/course/{id}");
    let seeded: Vec<String> = SEEDED_STEPS.iter().map(|s| s.to_string()).collect();

    // a revision with the mid-course quiz moved up, saved and submitted
    let opened = course_page(&an, id, 0, false).await;
    assert_eq!(steps_of(&opened), seeded);
    let shown = press(&an, id, &opened, "up:3", &[]).await;
    let reordered = steps_of(&shown);
    assert_eq!(reordered[2], "quiz:kiem-tra-giua-khoa-ai");
    let mut form = course_form(&shown);
    form.push(("op".into(), "save".into()));
    assert_eq!(
        post(&an, &page, SAVE_COURSE, &form).await,
        format!("{page}?da-luu=1")
    );
    assert_eq!(
        act(&an, "course", id, "submit").await,
        (200, json!("review"))
    );

    // meanwhile a new lesson is published: the end of the live outline
    let lesson = create_lesson(&an, COURSE, &LATE_LESSON[7..], "AI trong công việc").await;
    submit_and_approve(&an, &binh, "lesson", lesson).await;
    let mut live = seeded.clone();
    live.push(LATE_LESSON.to_owned());
    assert_eq!(app.db.course_step_codes(id).await.unwrap(), live);
    assert_eq!(
        step_links(&app.visitor().get(&public).await.body),
        step_hrefs_in(COURSE, &live)
    );

    // the revision approved: its order, and the lesson kept at the end
    let (status, answer) = act(&binh, "course", id, "approve").await;
    assert_eq!((status, &answer), (200, &json!("published")), "{answer}");
    let mut expected = reordered.clone();
    expected.push(LATE_LESSON.to_owned());
    assert_eq!(app.db.course_step_codes(id).await.unwrap(), expected);
    let hrefs = step_hrefs_in(COURSE, &expected);
    assert_eq!(
        step_links(&app.visitor().get(&public).await.body),
        hrefs,
        "a visitor's course page"
    );
    assert_eq!(
        step_links(&learner.get(&public).await.body),
        hrefs,
        "a learner's course page"
    );

    // a second revision takes the lesson out. Times are in whole seconds:
    // it is written in a later second than the lesson's publication, or
    // approving it could not tell that the lesson was published before it
    next_second().await;
    let opened = course_page(&an, id, 0, false).await;
    assert!(
        member_codes(&opened).contains(&LATE_LESSON.to_owned()),
        "{}",
        opened["members"]
    );
    let at = steps_of(&opened)
        .iter()
        .position(|s| s == LATE_LESSON)
        .unwrap_or_else(|| {
            panic!(
                "the course editor's outline is not the one learners see (no {LATE_LESSON}, \
                 so it cannot be taken out; saved as it is, it would be dropped): {:?}",
                steps_of(&opened)
            )
        });
    let shown = press(&an, id, &opened, &format!("remove:{at}"), &[]).await;
    assert_eq!(steps_of(&shown), reordered);
    let mut form = course_form(&shown);
    form.push(("op".into(), "save".into()));
    assert_eq!(
        post(&an, &page, SAVE_COURSE, &form).await,
        format!("{page}?da-luu=2")
    );
    submit_and_approve(&an, &binh, "course", id).await;
    assert_eq!(app.db.course_step_codes(id).await.unwrap(), reordered);
    let hrefs = step_hrefs_in(COURSE, &reordered);
    assert_eq!(step_links(&app.visitor().get(&public).await.body), hrefs);
    assert_eq!(step_links(&learner.get(&public).await.body), hrefs);
    assert_eq!(
        app.visitor()
            .get(&step_href_in(COURSE, LATE_LESSON))
            .await
            .status,
        200,
        "the lesson itself stays published"
    );
}
