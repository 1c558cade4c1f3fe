use crate::helpers::{Backend, both_backends, data_views, spawn_app, spawn_app_with};

const ARTICLE: &str = "ai-la-gi-giai-thich-cho-nguoi-lon-tuoi";

both_backends!(
    importing_twice_duplicates_nothing,
    editing_a_file_and_reimporting_updates_the_page_and_keeps_its_views,
    a_malformed_file_is_reported_and_skipped,
    the_server_starts_despite_a_malformed_file,
    a_new_file_is_added_by_reimport,
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
