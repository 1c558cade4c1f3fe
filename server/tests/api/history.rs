//! An item's revision history and the admins' audit log, over HTTP on both
//! backends: the diff of two revisions, the history page (with restoring an
//! old revision by a plain form post), the audit page, and who may see them.

use crate::helpers::{Backend, Visitor, both_backends, roles_settle, spawn_app, staff};
use app::domain::{Moment, Role};
use serde_json::{Value, json};

both_backends!(
    the_diff_of_two_revisions_names_the_changed_fields_and_lines,
    the_history_page_lists_revisions_shows_a_diff_and_restores,
    learners_are_refused_the_diff_and_the_history_page,
    the_audit_page_lists_editorial_actions_for_admins_only,
);

const SLUG: &str = "lich-su-mot-bai-viet";

fn article_form<'a>(title: &'a str, summary: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "article"),
        ("title", title),
        ("slug", SLUG),
        ("summary", summary),
        ("author", "Ban biên tập"),
        ("series", "Bình dân học AI"),
        ("date", "2026-01-15"),
        ("body", body),
    ]
}

const BODY_1: &str = "Đoạn đầu tiên.\nĐoạn giữa.\n";
const BODY_2: &str = "Đoạn đầu tiên.\nĐoạn giữa đã sửa.\nĐoạn cuối.\n";

/// An article by An (revision 1), saved by An (2) then by Bình (3); its id.
async fn article_with_three_revisions(an: &Visitor, binh: &Visitor) -> i64 {
    let reply = an
        .call(
            "/api/editor/create",
            &article_form("Bài gốc", "Tóm tắt ngắn.", BODY_1),
        )
        .await;
    assert_eq!(reply.status, 200, "create: {}", reply.body);
    let id = reply.json().as_i64().expect("id");
    let id_text = id.to_string();
    for (editor, base, title, summary, body) in [
        (an, "1", "Bài đã sửa", "Tóm tắt ngắn.", BODY_2),
        (binh, "2", "Bài đã sửa", "Tóm tắt mới.", BODY_2),
    ] {
        let mut form = article_form(title, summary, body);
        form.extend([("id", id_text.as_str()), ("base", base)]);
        let reply = editor.call("/api/editor/save", &form).await;
        assert_eq!(reply.status, 200, "save on {base}: {}", reply.body);
    }
    id
}

async fn diff(editor: &Visitor, id: i64, from: i64, to: i64) -> (u16, Value) {
    let (id, from, to) = (id.to_string(), from.to_string(), to.to_string());
    let reply = editor
        .call(
            "/api/editor/diff",
            &[
                ("kind", "article"),
                ("id", &id),
                ("from", &from),
                ("to", &to),
            ],
        )
        .await;
    (reply.status, reply.json())
}

async fn the_diff_of_two_revisions_names_the_changed_fields_and_lines(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    roles_settle().await;
    let id = article_with_three_revisions(&an, &binh).await;

    let (status, one_two) = diff(&an, id, 1, 2).await;
    assert_eq!(status, 200, "{one_two}");
    assert_eq!(one_two["title"], "Bài đã sửa");
    assert_eq!(
        one_two["fields"],
        json!([{ "field": "title", "old": "Bài gốc", "new": "Bài đã sửa" }])
    );
    assert_eq!(
        one_two["body"],
        json!({
            "lines": [
                { "Same": "Đoạn đầu tiên." },
                { "Removed": "Đoạn giữa." },
                { "Added": "Đoạn giữa đã sửa." },
                { "Added": "Đoạn cuối." },
            ],
            "added": 2,
            "removed": 1,
        })
    );
    assert_eq!(one_two["from"]["number"], 1);
    assert_eq!(one_two["to"]["number"], 2);
    assert_eq!(one_two["to"]["author"], "Nguyễn An");
    assert_eq!(one_two["to"]["note"], "save");
    assert!(one_two["to"]["created_at"].as_i64().is_some());

    // Bình changed only the summary; the other way round swaps old and new
    let (_, two_three) = diff(&binh, id, 2, 3).await;
    assert_eq!(
        two_three["fields"],
        json!([{ "field": "summary", "old": "Tóm tắt ngắn.", "new": "Tóm tắt mới." }])
    );
    assert_eq!(two_three["body"]["lines"], json!([]));
    assert_eq!(two_three["to"]["author"], "Trần Bình");
    let (_, back) = diff(&an, id, 2, 1).await;
    assert_eq!(back["fields"][0]["old"], "Bài đã sửa");
    assert_eq!(back["body"]["removed"], 2);

    // revision 0 is the item's own text (here the draft as created)
    let (status, zero) = diff(&an, id, 0, 1).await;
    assert_eq!(status, 200, "{zero}");
    assert_eq!(zero["from"]["number"], 0);
    assert_eq!(zero["from"]["author"], Value::Null);
    assert_eq!(zero["fields"], json!([]));
    assert_eq!(zero["body"]["lines"], json!([]));

    // a revision the item does not have, or an item that does not exist
    assert_eq!(diff(&an, id, 1, 9).await.0, 404);
    assert_eq!(diff(&an, id, -1, 2).await.0, 404);
    assert_eq!(diff(&an, id + 1000, 0, 1).await.0, 404);
}

async fn the_history_page_lists_revisions_shows_a_diff_and_restores(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    roles_settle().await;
    let id = article_with_three_revisions(&an, &binh).await;
    let page_path = format!("/bien-tap/article/{id}/lich-su");

    let page = an.get(&page_path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for number in 1..=3 {
        assert!(
            page.body.contains(&format!("id=\"phien-ban-{number}\"")),
            "revision {number} listed"
        );
    }
    assert!(page.body.contains("Phiên bản #3") && page.body.contains("Trần Bình"));
    assert!(page.body.contains("Nguyễn An"));
    assert!(page.body.contains("?tu=1&amp;den=2") || page.body.contains("?tu=1&den=2"));
    assert!(page.body.contains("Khôi phục phiên bản này"));
    assert!(page.body.contains("name=\"tu\"") && page.body.contains("name=\"den\""));
    assert!(!page.body.contains("diff-added"), "no diff until asked");

    let diff_page = an.get(&format!("{page_path}?tu=1&den=2")).await;
    assert_eq!(diff_page.status, 200);
    let body = &diff_page.body;
    assert!(body.contains("Thay đổi từ #1 đến #2"), "{body}");
    // the changed field with its Vietnamese label, old and new
    assert!(body.contains("Tiêu đề") && body.contains("<del>Bài gốc</del>"));
    assert!(body.contains("<ins>Bài đã sửa</ins>"));
    // the body's lines, each marked in text
    assert!(body.contains("class=\"diff-removed\""));
    assert!(body.contains("class=\"diff-added\""));
    assert!(body.contains("class=\"diff-same\""));
    assert!(body.contains("Đoạn giữa đã sửa.") && body.contains("Đoạn cuối."));
    assert!(body.contains("Dòng thêm:") && body.contains("Dòng bỏ:"));
    assert!(body.contains(">+</span>") && body.contains(">-</span>"));

    // restoring revision 1 without JavaScript: a plain post, sent on to a page
    let id_text = id.to_string();
    let reply = binh
        .submit(
            &page_path,
            "/api/editor/act",
            &[
                ("kind", "article"),
                ("id", &id_text),
                ("action", "restore"),
                ("number", "1"),
                ("base", "3"),
            ],
        )
        .await;
    assert!(
        matches!(reply.status, 302 | 303),
        "{} {}",
        reply.status,
        reply.body
    );
    assert!(!reply.location().contains("__err"), "{}", reply.location());
    let page = an.get(&page_path).await;
    assert!(page.body.contains("id=\"phien-ban-4\""));
    assert!(page.body.contains("khôi phục từ #1"), "the restore note");
    let (_, restored) = diff(&an, id, 1, 4).await;
    assert_eq!(restored["fields"], json!([]));
    assert_eq!(restored["body"]["lines"], json!([]));

    // a restore based on an old revision comes back to the page with why
    let reply = binh
        .submit(
            &page_path,
            "/api/editor/act",
            &[
                ("kind", "article"),
                ("id", &id_text),
                ("action", "restore"),
                ("number", "2"),
                ("base", "3"),
            ],
        )
        .await;
    assert!(matches!(reply.status, 302 | 303), "{}", reply.status);
    let back = reply.location().to_owned();
    assert!(back.contains("__err"), "{back}");
    let back = back.strip_prefix(&binh.base).unwrap_or(&back).to_owned();
    let page = binh.get(&back).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("role=\"alert\""), "the refusal is shown");

    // a revision the item does not have
    assert_eq!(an.get(&format!("{page_path}?tu=1&den=9")).await.status, 404);
    assert_eq!(an.get("/bien-tap/article/999999/lich-su").await.status, 404);
}

async fn learners_are_refused_the_diff_and_the_history_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, _) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (learner, _) = staff(&app, "Lê Học", None).await;
    roles_settle().await;
    let id = article_with_three_revisions(&an, &binh).await;
    let page_path = format!("/bien-tap/article/{id}/lich-su");

    let (status, error) = diff(&learner, id, 1, 2).await;
    assert_eq!(status, 403, "{error}");
    assert_eq!(error, json!("Forbidden"));
    let page = learner.get(&format!("{page_path}?tu=1&den=2")).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("Bạn không có quyền truy cập"));
    assert!(
        !page.body.contains("Đoạn giữa"),
        "nothing of the item leaks"
    );

    let visitor = app.visitor();
    assert_eq!(diff(&visitor, id, 1, 2).await.0, 401);
    let page = visitor.get(&page_path).await;
    assert_eq!(page.status, 303);
    assert!(page.location().starts_with("/dang-nhap?tiep=/"));
}

async fn the_audit_page_lists_editorial_actions_for_admins_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (an, _) = staff(&app, "Nguyễn An", Some(Role::Editor)).await;
    let (binh, binh_id) = staff(&app, "Trần Bình", Some(Role::Editor)).await;
    let (admin, _) = staff(&app, "Phạm Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let id = article_with_three_revisions(&an, &binh).await;
    let item_link = format!("href=\"/bien-tap/article/{id}\"");

    let page = admin.get("/quan-tri/nhat-ky").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("data-action=\"content_create\""), "{body}");
    assert!(body.contains("data-action=\"content_save\""));
    assert!(body.contains(">tạo</td>") && body.contains(">lưu</td>"));
    assert!(body.contains(&item_link));
    assert!(body.contains("Nguyễn An") && body.contains("Trần Bình"));
    // newest first: Bình's save comes before An's creation
    let create_at = body.find("data-action=\"content_create\"").unwrap();
    let save_at = body.find("data-action=\"content_save\"").unwrap();
    assert!(save_at < create_at, "newest first");
    // the admin page links here
    assert!(
        admin
            .get("/quan-tri")
            .await
            .body
            .contains("href=\"/quan-tri/nhat-ky\"")
    );

    // narrowed to the item, to a person, to days (Vietnam time)
    let page = admin
        .get(&format!("/quan-tri/nhat-ky?loai=article&muc={id}"))
        .await;
    assert_eq!(page.body.matches("data-action=\"content_").count(), 3);
    let page = admin
        .get("/quan-tri/nhat-ky?nguoi=Tr%E1%BA%A7n+B%C3%ACnh")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("data-person=\"{binh_id}\"")));
    assert_eq!(page.body.matches("data-action=\"content_save\"").count(), 1);
    assert!(!page.body.contains("data-action=\"content_create\""));
    let today = Moment(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64,
    )
    .date_vn()
    .iso();
    let page = admin
        .get(&format!("/quan-tri/nhat-ky?tu={today}&den={today}"))
        .await;
    assert!(page.body.contains("data-action=\"content_create\""));
    let page = admin.get("/quan-tri/nhat-ky?den=2000-01-01").await;
    assert!(!page.body.contains("data-action="));
    assert!(page.body.contains("Không có thao tác nào khớp với bộ lọc."));
    let page = admin.get("/quan-tri/nhat-ky?tu=15/01/2026").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ngày không hợp lệ"));

    // editors and learners may not read it
    let page = an.get("/quan-tri/nhat-ky").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("Bạn không có quyền truy cập"));
    assert!(!page.body.contains("data-action="));
    let page = app.visitor().get("/quan-tri/nhat-ky").await;
    assert_eq!(page.status, 303);
}
