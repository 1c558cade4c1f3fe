//! The page cache: readers of lessons, articles, lists and the home page get
//! the same page the full render gives, with the live count and, when signed
//! in, their own account corner in the header.

use crate::helpers::{Backend, both_backends, data_views, spawn_app};
use app::i18n::Lang;
use futures::future::join_all;

const ARTICLE: &str = "/bai-viet/nhan-dien-video-deepfake-va-cuoc-goi-gia-giong-nguoi-than";
const LESSON: &str = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";

both_backends!(
    a_cached_page_is_the_full_render_with_the_next_count,
    cached_views_are_counted_exactly,
    each_language_is_cached_apart,
    a_signed_in_reader_gets_the_cached_page_with_their_menu,
    a_revoked_role_signs_the_cached_reader_out_within_a_second,
    lists_and_the_home_page_are_cached_too,
    an_import_replaces_cached_pages_at_once,
    a_missing_page_is_never_cached,
    a_cached_page_outlives_a_database_outage,
);

async fn set_article_views(app: &crate::helpers::TestApp, views: i64) {
    sqlx::query("UPDATE articles SET views = $1 WHERE slug = $2")
        .bind(views)
        .bind(ARTICLE.trim_start_matches("/bai-viet/"))
        .execute(app.db.pool())
        .await
        .expect("set views");
}

async fn a_cached_page_is_the_full_render_with_the_next_count(backend: Backend) {
    let app = spawn_app(backend).await;
    set_article_views(&app, 1_302_113).await;
    let rendered = app.get(ARTICLE).await;
    assert_eq!(rendered.status, 200);
    assert_eq!(data_views(&rendered.body), 1_302_114);
    app.wait_until_cached(ARTICLE, Lang::Vi).await;

    let cached = app.get(ARTICLE).await;
    assert_eq!(cached.status, 200);
    assert_eq!(
        cached.headers.get("content-type"),
        rendered.headers.get("content-type")
    );
    assert_eq!(data_views(&cached.body), 1_302_115);
    assert!(cached.body.contains("1.302.115 lượt xem"));
    // Byte for byte the full render, the count moved on by one everywhere
    // (the visible text and data-views). A reading page carries no script
    // (islands mode), so there is no nonce to replace either.
    assert!(!rendered.body.contains("<script"), "{}", rendered.body);
    let expected = rendered
        .body
        .replace("1302114", "1302115")
        .replace("1.302.114", "1.302.115");
    assert_eq!(cached.body, expected);
}

async fn cached_views_are_counted_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(data_views(&app.get(LESSON).await.body), 1);
    app.wait_until_cached(LESSON, Lang::Vi).await;
    let shown: Vec<u64> = {
        let mut shown = Vec::new();
        for _ in 0..5 {
            shown.push(data_views(&app.get(LESSON).await.body));
        }
        shown
    };
    assert_eq!(shown, [2, 3, 4, 5, 6], "each reader sees their own view");

    let requests = (0..500).map(|_| {
        let (client, url) = (app.client.clone(), app.url(LESSON));
        tokio::spawn(async move {
            let body = client.get(url).send().await?.text().await?;
            Ok::<u64, reqwest::Error>(data_views(&body))
        })
    });
    let mut counts: Vec<u64> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.expect("task").expect("request"))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    assert_eq!(counts.len(), 500, "no two concurrent readers see one count");
    assert_eq!(counts.last(), Some(&506));
    let stored = || async {
        let row: (i64,) = sqlx::query_as("SELECT views FROM lessons WHERE slug = $1")
            .bind("mat-khau-manh-va-ma-otp")
            .fetch_one(app.db.pool())
            .await
            .expect("lesson views");
        row.0
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while stored().await < 506 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(stored().await, 506, "every view stored, none twice");
}

async fn each_language_is_cached_apart(backend: Backend) {
    let app = spawn_app(backend).await;
    set_article_views(&app, 1_302_113).await;
    let english = [("cookie", "lang=en")];
    app.get(ARTICLE).await;
    app.get_with(ARTICLE, &english).await;
    app.wait_until_cached(ARTICLE, Lang::Vi).await;
    app.wait_until_cached(ARTICLE, Lang::En).await;

    let vietnamese = app.get(ARTICLE).await.body;
    assert!(vietnamese.contains(r#"<html lang="vi""#));
    assert!(vietnamese.contains("1.302.116 lượt xem"), "{vietnamese}");
    let english = app.get_with(ARTICLE, &english).await.body;
    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains("1,302,117 views"));
    let english_phone = [("accept-language", "en-US,en;q=0.9")];
    let by_phone = app.get_with(ARTICLE, &english_phone).await.body;
    assert!(
        by_phone.contains("1.302.118 lượt xem"),
        "Accept-Language is not read"
    );
}

/// Page-cache hits so far, from `/metrics`.
async fn cache_hits(app: &crate::helpers::TestApp) -> u64 {
    let metrics = app.get("/metrics").await.body;
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("hocso_page_cache_hits_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the hit counter")
}

async fn a_signed_in_reader_gets_the_cached_page_with_their_menu(backend: Backend) {
    let app = spawn_app(backend).await;
    app.get(LESSON).await;
    app.wait_until_cached(LESSON, Lang::Vi).await;
    let visitor = app.visitor();
    let registered = visitor
        .register("Đặng Thu <Thảo>", "0912 345 678", "một câu mật khẩu dài")
        .await;
    assert_eq!(registered.status, 200, "{}", registered.body);
    let hits = cache_hits(&app).await;
    let page = visitor.get(LESSON).await;
    assert_eq!(cache_hits(&app).await, hits + 1, "served from the cache");
    assert!(page.body.contains(r#"data-signed-in="true""#));
    assert!(page.body.contains("Đặng Thu &lt;Thảo&gt;"), "escaped name");
    assert!(page.body.contains(r#"action="/api/auth/sign_out""#));
    assert!(!page.body.contains(r#"href="/dang-nhap""#));
    assert!(!page.body.contains("/bien-tap"));
    assert_eq!(data_views(&page.body), 2);
    let anonymous = app.get(LESSON).await;
    assert!(!anonymous.body.contains("Thảo"));
    assert_eq!(data_views(&anonymous.body), 3);

    // signed out: the old session id, replayed, is nobody
    let old = visitor.session_id().expect("session");
    visitor.call("/api/auth/sign_out", &[]).await;
    visitor.set_session_id(&old);
    let replayed = visitor.get(LESSON).await;
    assert!(
        !replayed.body.contains("data-signed-in"),
        "signed out at once"
    );
    assert!(replayed.body.contains(r#"href="/dang-nhap""#));
}

/// A role granted shows on cached pages within a second (the session is
/// re-read); one taken away signs the reader out.
async fn a_revoked_role_signs_the_cached_reader_out_within_a_second(backend: Backend) {
    let app = spawn_app(backend).await;
    app.get(LESSON).await;
    app.wait_until_cached(LESSON, Lang::Vi).await;
    let visitor = app.visitor();
    visitor
        .register("Ngô Văn Phúc", "phuc@example.vn", "một câu mật khẩu dài")
        .await;
    let id = visitor.me().await["id"].as_i64().expect("id");
    app.db
        .set_role(None, id, app::domain::Role::Editor, true)
        .await
        .expect("grant");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(
        visitor
            .get(LESSON)
            .await
            .body
            .contains(r#"href="/bien-tap""#)
    );
    app.db
        .set_role(None, id, app::domain::Role::Editor, false)
        .await
        .expect("revoke");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let page = visitor.get(LESSON).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("data-signed-in"), "signed out");
    assert_eq!(visitor.me().await, serde_json::Value::Null);
}

async fn lists_and_the_home_page_are_cached_too(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/",
        "/khoa-hoc",
        "/khoa-hoc/binh-dan-hoc-vu-so",
        "/bai-viet",
    ] {
        let rendered = app.get(path).await;
        assert_eq!(rendered.status, 200, "{path}");
        app.wait_until_cached(path, Lang::Vi).await;
        let hits = cache_hits(&app).await;
        let cached = app.get(path).await;
        assert_eq!(cache_hits(&app).await, hits + 1, "{path} from the cache");
        assert_eq!(cached.body, rendered.body, "{path}: the same page");
    }
    // a page of a list (with a query) is rendered in full
    let hits = cache_hits(&app).await;
    assert_eq!(app.get("/bai-viet?trang=2").await.status, 200);
    assert_eq!(cache_hits(&app).await, hits);
}

async fn an_import_replaces_cached_pages_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    app.get(ARTICLE).await;
    app.wait_until_cached(ARTICLE, Lang::Vi).await;
    assert_eq!(data_views(&app.get(ARTICLE).await.body), 2);

    let file = app.content_dir.join(format!(
        "articles/{}.md",
        ARTICLE.trim_start_matches("/bai-viet/")
    ));
    let text = std::fs::read_to_string(&file).expect("read article");
    std::fs::write(&file, text.replacen("title = \"", "title = \"[Mới] ", 1))
        .expect("edit article");
    let report = app.import().await;
    assert_eq!(report.updated, 1, "{report}");

    let page = app.get(ARTICLE).await;
    assert!(page.body.contains("[Mới] "), "the new title at once");
    assert_eq!(data_views(&page.body), 3);
    app.wait_until_cached(ARTICLE, Lang::Vi).await;
    let again = app.get(ARTICLE).await;
    assert!(again.body.contains("[Mới] "));
    assert_eq!(data_views(&again.body), 4);
}

async fn a_missing_page_is_never_cached(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..3 {
        assert_eq!(app.get("/bai-viet/khong-co-bai-nay").await.status, 404);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.pages.is_empty());
    assert_eq!(app.get("/bai-viet/khong-co-bai-nay").await.status, 404);
}

async fn a_cached_page_outlives_a_database_outage(backend: Backend) {
    let app = spawn_app(backend).await;
    let slug = ARTICLE.trim_start_matches("/bai-viet/");
    app.get(ARTICLE).await;
    app.wait_until_cached(ARTICLE, Lang::Vi).await;
    assert_eq!(app.wait_for_views(slug, 1).await, 1);

    // The articles table goes away: renders and view flushes fail.
    let rename = |from: &str, to: &str| format!("ALTER TABLE {from} RENAME TO {to}");
    sqlx::query(sqlx::AssertSqlSafe(rename("articles", "articles_away")))
        .execute(app.db.pool())
        .await
        .expect("rename away");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for _ in 0..4 {
        let page = app.get(ARTICLE).await;
        assert_eq!(page.status, 200, "the cached copy is still served");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sqlx::query(sqlx::AssertSqlSafe(rename("articles_away", "articles")))
        .execute(app.db.pool())
        .await
        .expect("rename back");
    assert_eq!(
        app.wait_for_views(slug, 5).await,
        5,
        "views served meanwhile are stored once the database is back"
    );
}
