use crate::helpers::{Backend, TestApp, both_backends, data_views, spawn_app, spawn_app_with};
use app::ssr::db::{ContentKind, StoredQuestion};
use app::ssr::import::HiddenBecause;
use std::collections::BTreeMap;

const ARTICLE: &str = "ai-la-gi-giai-thich-cho-nguoi-lon-tuoi";
const COURSE: &str = "binh-dan-hoc-ai";
const QUIZ: &str = "kiem-tra-binh-dan-hoc-ai";

both_backends!(
    importing_twice_duplicates_nothing,
    editing_a_file_and_reimporting_updates_the_page_and_keeps_its_views,
    a_malformed_file_is_reported_and_skipped,
    the_server_starts_despite_a_malformed_file,
    a_new_file_is_added_by_reimport,
    a_lesson_with_a_mistake_keeps_its_last_good_version_and_its_place,
    a_deleted_article_is_hidden_with_its_count_and_comes_back,
    a_deleted_course_folder_or_quiz_file_is_hidden_and_comes_back,
    a_deleted_lesson_file_is_hidden_and_the_others_close_up,
    a_missing_or_empty_folder_hides_nothing,
    quiz_identities_follow_the_text_not_the_position,
);

async fn importing_twice_duplicates_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app.import().await;
    assert_eq!((report.added, report.updated), (0, 0), "{report}");
    assert!(report.unchanged >= 2 + 11 + 10 + 2, "{report}");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let page = app.get("/bai-viet?trang=2").await;
    assert_eq!(
        page.body.matches(&format!("/bai-viet/{ARTICLE}\"")).count(),
        1
    );
}

async fn editing_a_file_and_reimporting_updates_the_page_and_keeps_its_views(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..3 {
        assert_eq!(app.get(&format!("/bai-viet/{ARTICLE}")).await.status, 200);
    }
    assert_eq!(app.wait_for_views(ARTICLE, 3).await, 3);

    let path = app.content_dir.join(format!("articles/{ARTICLE}.md"));
    let text = std::fs::read_to_string(&path).expect("read article");
    let edited = text.replacen("title = \"", "title = \"[Cập nhật] ", 1);
    std::fs::write(&path, edited).expect("edit article");
    let report = app.import().await;
    assert_eq!(report.updated, 1, "{report}");

    let page = app.get(&format!("/bai-viet/{ARTICLE}")).await;
    assert!(
        page.body.contains("[Cập nhật] AI là gì"),
        "the page shows the new title"
    );
    assert_eq!(data_views(&page.body), 4, "earlier views are kept");
}

async fn a_malformed_file_is_reported_and_skipped(backend: Backend) {
    let app = spawn_app(backend).await;
    let broken = app.content_dir.join("articles/bai-hong.md");
    std::fs::write(&broken, "+++\ntitle = \"Bài hỏng\"\ndate = 2026-02-30\nauthor = \"X\"\nsummary = \"S\"\n+++\nNội dung\n")
        .expect("write broken file");
    let report = app.import().await;
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let problem = &report.problems[0];
    assert_eq!(problem.path, broken);
    assert_eq!(problem.line, Some(3), "{problem}");
    assert!(problem.to_string().contains("bai-hong.md:3:"), "{problem}");
    assert_eq!(
        app.get("/bai-viet/bai-hong").await.status,
        404,
        "the broken file is skipped"
    );
    assert_eq!(
        app.get(&format!("/bai-viet/{ARTICLE}")).await.status,
        200,
        "the rest is still there"
    );
}

async fn the_server_starts_despite_a_malformed_file(backend: Backend) {
    let app = spawn_app_with(backend, |content| {
        std::fs::write(
            content.join("courses/binh-dan-hoc-ai/ai-la-gi.md"),
            "không có phần đầu\n",
        )
        .expect("break lesson");
        std::fs::write(content.join("quizzes/hong.toml"), "title = \n").expect("break quiz");
    })
    .await;
    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(
        app.get("/khoa-hoc/binh-dan-hoc-ai/ai-la-gi").await.status,
        404
    );
    assert_eq!(
        app.get("/khoa-hoc/binh-dan-hoc-ai/tro-chuyen-voi-chatbot")
            .await
            .status,
        200
    );
    assert_eq!(
        app.get("/kiem-tra/kiem-tra-binh-dan-hoc-ai").await.status,
        200
    );
}

async fn a_new_file_is_added_by_reimport(backend: Backend) {
    let app = spawn_app(backend).await;
    std::fs::write(
        app.content_dir.join("articles/bai-moi.md"),
        "+++\ntitle = \"Bài mới về AI\"\ndate = 2026-11-26\nauthor = \"Ban biên tập Học Số\"\nsummary = \"Tóm tắt.\"\n+++\n## Mở đầu\n\nNội dung mới.\n",
    )
    .expect("write new article");
    let report = app.import().await;
    assert_eq!(report.added, 1, "{report}");
    let page = app.get("/bai-viet/bai-moi").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"<h2 id="mo-dau">"#),
        "headings get anchors"
    );
    assert!(
        app.get("/").await.body.contains("Bài mới về AI"),
        "the newest article is on the home page"
    );
}

/// The lessons a course page links to, in page order.
async fn lesson_order(app: &TestApp) -> Vec<String> {
    let page = app.get(&format!("/khoa-hoc/{COURSE}")).await;
    assert_eq!(page.status, 200);
    let prefix = format!("href=\"/khoa-hoc/{COURSE}/");
    let mut order: Vec<String> = Vec::new();
    for (at, _) in page.body.match_indices(&prefix) {
        let rest = &page.body[at + prefix.len()..];
        let slug = rest[..rest.find('"').expect("closing quote")].to_owned();
        if !order.contains(&slug) {
            order.push(slug);
        }
    }
    order
}

/// The text between `<h1>` and `</h1>` of a page.
fn heading(body: &str) -> &str {
    let start = body.find("<h1>").expect("a heading") + "<h1>".len();
    &body[start..start + body[start..].find("</h1>").expect("heading closed")]
}

async fn a_lesson_with_a_mistake_keeps_its_last_good_version_and_its_place(backend: Backend) {
    let app = spawn_app(backend).await;
    let lesson = format!("/khoa-hoc/{COURSE}/ai-la-gi");
    let before = app.get(&lesson).await;
    assert_eq!(before.status, 200);
    let title = heading(&before.body).to_owned();
    assert!(before.body.contains("Bài 1/5"), "first of five");
    let order = lesson_order(&app).await;
    assert_eq!(order.len(), 5, "{order:?}");

    // A new title with a TOML syntax error (a missing closing quote), as an
    // editor saving half-way through would leave it.
    let path = app
        .content_dir
        .join(format!("courses/{COURSE}/ai-la-gi.md"));
    let good = std::fs::read_to_string(&path).expect("read lesson");
    let broken = good
        .replacen("title = \"AI là gì", "title = \"Bản nháp mới", 1)
        .replacen("\"\nsummary", "\nsummary", 1);
    assert_ne!(broken, good);
    std::fs::write(&path, &broken).expect("break lesson");
    let report = app.import().await;
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].path, path);
    assert_eq!(report.problems[0].line, Some(2), "{}", report.problems[0]);
    assert!(report.hidden.is_empty(), "{:?}", report.hidden);

    let page = app.get(&lesson).await;
    assert_eq!(page.status, 200, "the last good version is still served");
    assert_eq!(heading(&page.body), title);
    assert!(!page.body.contains("Bản nháp mới"));
    assert!(page.body.contains("Bài 1/5"), "and keeps its place");
    assert_eq!(
        lesson_order(&app).await,
        order,
        "the course order is unchanged"
    );

    // The course's list decides the order, even for a lesson that does not parse.
    let course_path = app.content_dir.join(format!("courses/{COURSE}/course.md"));
    let course = std::fs::read_to_string(&course_path).expect("read course");
    let moved = course
        .replacen("steps = [\"ai-la-gi\", ", "steps = [", 1)
        .replacen(
            "\"bao-ve-quyen-rieng-tu-khi-dung-ai\",",
            "\"bao-ve-quyen-rieng-tu-khi-dung-ai\", \"ai-la-gi\",",
            1,
        );
    assert_ne!(moved, course);
    std::fs::write(&course_path, moved).expect("reorder course");
    let report = app.import().await;
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let mut expected = order[1..].to_vec();
    expected.push("ai-la-gi".to_owned());
    assert_eq!(lesson_order(&app).await, expected);
    let page = app.get(&lesson).await;
    assert_eq!(heading(&page.body), title);
    assert!(page.body.contains("Bài 5/5"), "last in the list");
    assert!(
        app.get(&format!("/khoa-hoc/{COURSE}/tro-chuyen-voi-chatbot"))
            .await
            .body
            .contains("Bài 1/5")
    );

    // Once mended, the new version is published in place.
    std::fs::write(
        &path,
        good.replacen("title = \"AI là gì", "title = \"Bản mới: AI là gì", 1),
    )
    .expect("mend lesson");
    let report = app.import().await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let page = app.get(&lesson).await;
    assert!(
        heading(&page.body).starts_with("Bản mới: AI là gì"),
        "{}",
        heading(&page.body)
    );
    assert!(page.body.contains("Bài 5/5"));
}

async fn a_deleted_article_is_hidden_with_its_count_and_comes_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let address = format!("/bai-viet/{ARTICLE}");
    for _ in 0..3 {
        assert_eq!(app.get(&address).await.status, 200);
    }
    assert_eq!(app.wait_for_views(ARTICLE, 3).await, 3);

    let path = app.content_dir.join(format!("articles/{ARTICLE}.md"));
    let text = std::fs::read_to_string(&path).expect("read article");
    std::fs::remove_file(&path).expect("delete article");
    let report = app.import().await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.hidden.len(), 1, "{:?}", report.hidden);
    let hidden = &report.hidden[0];
    assert_eq!(
        (hidden.kind, hidden.slug.as_str(), &hidden.path, hidden.why),
        (
            ContentKind::Article,
            ARTICLE,
            &path,
            HiddenBecause::FileRemoved
        )
    );
    assert!(
        report.to_string().contains("1 hidden (file removed)"),
        "{report}"
    );

    assert_eq!(app.get(&address).await.status, 404);
    for list in ["/", "/bai-viet", "/bai-viet?trang=2"] {
        let page = app.get(list).await;
        assert!(!page.body.contains(&address), "{list} does not link to it");
    }
    assert_eq!(app.stored_views(ARTICLE).await, 3, "its count is kept");
    let again = app.import().await;
    assert!(again.hidden.is_empty(), "hidden once: {:?}", again.hidden);

    std::fs::write(&path, text).expect("restore article");
    let report = app.import().await;
    assert_eq!((report.restored, report.added), (1, 0), "{report}");
    let page = app.get(&address).await;
    assert_eq!(page.status, 200);
    assert_eq!(data_views(&page.body), 4, "the same count, plus this view");
    let listed = app.get("/bai-viet").await.body + &app.get("/bai-viet?trang=2").await.body;
    assert!(listed.contains(&address), "listed again");
}

async fn a_deleted_course_folder_or_quiz_file_is_hidden_and_comes_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let quiz_path = app.content_dir.join(format!("quizzes/{QUIZ}.toml"));
    let quiz_text = std::fs::read_to_string(&quiz_path).expect("read quiz");
    std::fs::remove_file(&quiz_path).expect("delete quiz");
    let report = app.import().await;
    assert_eq!(report.hidden.len(), 1, "{:?}", report.hidden);
    assert_eq!(report.hidden[0].kind, ContentKind::Quiz);
    assert_eq!(app.get(&format!("/kiem-tra/{QUIZ}")).await.status, 404);
    assert!(
        !app.get(&format!("/khoa-hoc/{COURSE}"))
            .await
            .body
            .contains(&format!("/kiem-tra/{QUIZ}")),
        "the course page no longer lists it"
    );
    std::fs::write(&quiz_path, quiz_text).expect("restore quiz");
    assert_eq!(app.import().await.restored, 1);
    assert_eq!(app.get(&format!("/kiem-tra/{QUIZ}")).await.status, 200);

    let course_dir = app.content_dir.join(format!("courses/{COURSE}"));
    let kept = app.content_dir.join("kept-course");
    std::fs::rename(&course_dir, &kept).expect("remove course folder");
    let report = app.import().await;
    let hidden: Vec<(ContentKind, &str)> = report
        .hidden
        .iter()
        .map(|h| (h.kind, h.slug.as_str()))
        .collect();
    assert_eq!(hidden, [(ContentKind::Course, COURSE)], "{report}");
    // The quiz keeps its file (and its stored course), but is not shown
    // while its course is hidden.
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    for gone in [
        format!("/khoa-hoc/{COURSE}"),
        format!("/khoa-hoc/{COURSE}/ai-la-gi"),
        format!("/kiem-tra/{QUIZ}"),
    ] {
        assert_eq!(app.get(&gone).await.status, 404, "{gone}");
    }
    assert!(
        !app.get("/khoa-hoc")
            .await
            .body
            .contains(&format!("/khoa-hoc/{COURSE}\""))
    );
    assert_eq!(app.get("/khoa-hoc/binh-dan-hoc-vu-so").await.status, 200);

    std::fs::rename(&kept, &course_dir).expect("restore course folder");
    let report = app.import().await;
    assert_eq!(report.restored, 1, "{report}");
    assert_eq!(
        app.get(&format!("/khoa-hoc/{COURSE}/ai-la-gi"))
            .await
            .status,
        200
    );
    assert_eq!(app.get(&format!("/kiem-tra/{QUIZ}")).await.status, 200);
}

async fn a_deleted_lesson_file_is_hidden_and_the_others_close_up(backend: Backend) {
    let app = spawn_app(backend).await;
    let order = lesson_order(&app).await;
    let path = app
        .content_dir
        .join(format!("courses/{COURSE}/{}.md", order[1]));
    let text = std::fs::read_to_string(&path).expect("read lesson");
    std::fs::remove_file(&path).expect("delete lesson");
    let report = app.import().await;
    let hidden: Vec<(ContentKind, &str, HiddenBecause)> = report
        .hidden
        .iter()
        .map(|h| (h.kind, h.slug.as_str(), h.why))
        .collect();
    let slug = format!("{COURSE}/{}", order[1]);
    assert_eq!(
        hidden,
        [(
            ContentKind::Lesson,
            slug.as_str(),
            HiddenBecause::FileRemoved
        )]
    );
    assert_eq!(report.problems.len(), 1, "course.md names a missing file");
    let lesson = format!("/khoa-hoc/{COURSE}/{}", order[1]);
    assert_eq!(app.get(&lesson).await.status, 404);
    let mut expected = order.clone();
    expected.remove(1);
    assert_eq!(lesson_order(&app).await, expected);
    let third = app.get(&format!("/khoa-hoc/{COURSE}/{}", order[2])).await;
    assert!(third.body.contains("Bài 2/4"), "numbers close up");

    std::fs::write(&path, text).expect("restore lesson");
    let report = app.import().await;
    assert_eq!(report.restored, 1, "{report}");
    assert_eq!(lesson_order(&app).await, order);
    assert!(app.get(&lesson).await.body.contains("Bài 2/5"));
}

async fn a_missing_or_empty_folder_hides_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let articles = app.content_dir.join("articles");
    let aside = app.content_dir.join("articles-aside");
    std::fs::rename(&articles, &aside).expect("move articles away");
    let report = app.import().await;
    assert!(report.hidden.is_empty(), "{:?}", report.hidden);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].path, articles);
    assert_eq!(app.get(&format!("/bai-viet/{ARTICLE}")).await.status, 200);

    std::fs::create_dir(&articles).expect("an empty articles folder");
    let report = app.import().await;
    assert!(report.hidden.is_empty(), "{:?}", report.hidden);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(app.get(&format!("/bai-viet/{ARTICLE}")).await.status, 200);

    // An empty content folder: every kind is missing, nothing is hidden.
    let empty = app.content_dir.join("empty");
    std::fs::create_dir(&empty).expect("empty content folder");
    let report = app::ssr::import::import_dir(&app.db, &empty)
        .await
        .expect("import runs");
    assert!(report.hidden.is_empty(), "{:?}", report.hidden);
    assert_eq!(report.problems.len(), 3, "{:?}", report.problems);
    assert_eq!(
        app.get(&format!("/khoa-hoc/{COURSE}/ai-la-gi"))
            .await
            .status,
        200
    );
    assert_eq!(app.get(&format!("/kiem-tra/{QUIZ}")).await.status, 200);

    // A content folder that does not exist is an error, and changes nothing.
    assert!(
        app::ssr::import::import_dir(&app.db, &app.content_dir.join("khong-co"))
            .await
            .is_err()
    );
    assert_eq!(app.get(&format!("/bai-viet/{ARTICLE}")).await.status, 200);
}

/// The quiz's `[[questions]]` blocks, and what precedes them.
fn split_quiz(text: &str) -> (String, Vec<String>) {
    let mut parts = text.split("[[questions]]\n");
    let head = parts.next().expect("a head").to_owned();
    (head, parts.map(|b| b.trim_end().to_owned()).collect())
}

fn join_quiz(head: &str, blocks: &[String]) -> String {
    let mut text = head.to_owned();
    for block in blocks {
        text.push_str("[[questions]]\n");
        text.push_str(block);
        text.push_str("\n\n");
    }
    text
}

fn option_ids(row: &StoredQuestion) -> Vec<String> {
    let options: Vec<serde_json::Value> =
        serde_json::from_str(&row.options_json).expect("options are JSON");
    options
        .iter()
        .map(|o| o["id"].as_str().expect("an option id").to_owned())
        .collect()
}

/// The shown questions by uid: (row id, position, option ids).
async fn shown_questions(app: &TestApp) -> BTreeMap<String, (i64, i64, Vec<String>)> {
    app.db
        .stored_questions(QUIZ)
        .await
        .expect("query questions")
        .into_iter()
        .filter(|q| q.position > 0)
        .map(|q| (q.uid.clone(), (q.id, q.position, option_ids(&q))))
        .collect()
}

async fn quiz_identities_follow_the_text_not_the_position(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = app.content_dir.join(format!("quizzes/{QUIZ}.toml"));
    let text = std::fs::read_to_string(&path).expect("read quiz");
    let (head, blocks) = split_quiz(&text);
    assert_eq!(blocks.len(), 9);
    let before = shown_questions(&app).await;
    assert_eq!(before.len(), 9);

    // Reordered questions: the same rows, at new positions.
    let mut reversed = blocks.clone();
    reversed.reverse();
    std::fs::write(&path, join_quiz(&head, &reversed)).expect("reorder quiz");
    assert_eq!(app.import().await.updated, 1);
    let after = shown_questions(&app).await;
    assert_eq!(after.len(), 9);
    for (uid, (id, position, options)) in &before {
        let (new_id, new_position, new_options) = &after[uid];
        assert_eq!(
            (new_id, new_options),
            (id, options),
            "{uid} kept its identities"
        );
        assert_eq!(*new_position, 10 - position, "{uid} moved");
    }
    let page = app.get(&format!("/kiem-tra/{QUIZ}")).await;
    let first = blocks[0]
        .lines()
        .find(|l| l.starts_with("text = "))
        .expect("a text");
    let last = blocks[8]
        .lines()
        .find(|l| l.starts_with("text = "))
        .expect("a text");
    let shown = |line: &str| {
        let quoted = line.trim_start_matches("text = ").trim_matches('"');
        page.body
            .find(quoted)
            .unwrap_or_else(|| panic!("{quoted} is shown"))
    };
    assert!(shown(last) < shown(first), "the page follows the new order");
    assert!(!page.body.contains("answer_json") && !page.body.contains("explanation"));

    // One question reworded: only that one is new; the old one is retired.
    let reworded = blocks[1].replacen("text = \"", "text = \"(Sửa) ", 1);
    let mut edited = blocks.clone();
    edited[1] = reworded;
    // Spacing alone changes nothing.
    edited[2] = edited[2].replacen("text = \"", "text = \"  ", 1);
    std::fs::write(&path, join_quiz(&head, &edited)).expect("reword a question");
    app.import().await;
    let now = shown_questions(&app).await;
    let kept: Vec<&String> = now.keys().filter(|uid| before.contains_key(*uid)).collect();
    assert_eq!(kept.len(), 8, "eight questions kept their identity");
    let (new_uid, (new_id, position, _)) = now
        .iter()
        .find(|(uid, _)| !before.contains_key(*uid))
        .expect("one new question");
    assert_eq!(*position, 2);
    assert!(before.values().all(|(id, _, _)| id != new_id), "a new row");
    let rows = app
        .db
        .stored_questions(QUIZ)
        .await
        .expect("query questions");
    let retired: Vec<&StoredQuestion> = rows.iter().filter(|q| q.position < 0).collect();
    assert_eq!(retired.len(), 1, "the old question is kept, retired");
    assert_ne!(&retired[0].uid, new_uid);
    assert_eq!(retired[0].position, -retired[0].id);
    let page = app.get(&format!("/kiem-tra/{QUIZ}")).await;
    assert_eq!(
        page.body.matches("class=\"question\"").count(),
        9,
        "only shown questions"
    );
    assert!(page.body.contains("(Sửa) "));

    // The reworded question back as it was: the retired row returns.
    std::fs::write(&path, join_quiz(&head, &blocks)).expect("undo");
    app.import().await;
    assert_eq!(
        shown_questions(&app).await,
        before,
        "the original rows, in place"
    );

    // Options: reordered keep their ids, a reworded one gets a new id.
    let first_row = before
        .values()
        .find(|(_, position, _)| *position == 1)
        .expect("first")
        .clone();
    let options_line = blocks[0]
        .lines()
        .find(|l| l.starts_with("options = "))
        .expect("options");
    // A TOML list of plain strings reads as JSON.
    let options: Vec<String> =
        serde_json::from_str(options_line.trim_start_matches("options = ")).expect("a list");
    assert!(options.len() >= 3);
    let answer_line = blocks[0]
        .lines()
        .find(|l| l.starts_with("answer = "))
        .expect("answer");
    let answer: usize = answer_line
        .trim_start_matches("answer = [")
        .trim_end_matches(']')
        .parse()
        .expect("one answer");
    // Rotate the options left by one, reword the last, and follow the answer.
    let mut rotated = options.clone();
    rotated.rotate_left(1);
    let reworded_option = format!("{} (sửa)", options[0]);
    let last = rotated.len() - 1;
    rotated[last] = reworded_option.clone();
    let new_answer = if answer == 1 {
        rotated.len()
    } else {
        answer - 1
    };
    let list = rotated
        .iter()
        .map(|o| format!("{o:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut edited = blocks.clone();
    edited[0] = blocks[0]
        .replacen(options_line, &format!("options = [{list}]"), 1)
        .replacen(answer_line, &format!("answer = [{new_answer}]"), 1);
    std::fs::write(&path, join_quiz(&head, &edited)).expect("edit options");
    let report = app.import().await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let now = shown_questions(&app).await;
    let (id, _, ids) = now
        .values()
        .find(|(_, position, _)| *position == 1)
        .expect("first question");
    assert_eq!(*id, first_row.0, "the question keeps its row");
    let old_ids = &first_row.2;
    let mut expected = old_ids[1..].to_vec();
    assert!(!old_ids.contains(&ids[last]), "the reworded option is new");
    expected.push(ids[last].clone());
    assert_eq!(
        ids, &expected,
        "the others keep their ids in their new order"
    );
    let row = app
        .db
        .stored_questions(QUIZ)
        .await
        .expect("query questions")
        .into_iter()
        .find(|q| q.id == *id)
        .expect("row");
    let key: Vec<String> = serde_json::from_str(&row.answer_json).expect("answer ids");
    let correct = if answer == 1 {
        ids[last].clone()
    } else {
        old_ids[answer - 1].clone()
    };
    assert_eq!(
        key,
        [correct],
        "the answer key names the option, not its number"
    );
}
