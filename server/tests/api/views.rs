use crate::helpers::{Backend, both_backends, data_views, spawn_app};
use futures::future::join_all;
use std::time::{Duration, Instant};

const ARTICLE: &str = "nhan-dien-video-deepfake-va-cuoc-goi-gia-giong-nguoi-than";

both_backends!(
    a_thousand_concurrent_views_raise_the_count_by_exactly_a_thousand,
    lesson_views_are_counted_and_shown,
    counts_are_shown_vietnamese_style,
    graceful_shutdown_writes_pending_views,
    two_servers_on_one_database_add_their_counts,
    a_page_read_during_a_slow_flush_answers_at_once_with_the_exact_count,
    concurrent_readers_across_flushes_each_see_the_next_count,
);

async fn a_thousand_concurrent_views_raise_the_count_by_exactly_a_thousand(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.stored_views(ARTICLE).await;
    let path = format!("/bai-viet/{ARTICLE}");
    let requests = (0..1000).map(|_| {
        let client = app.client.clone();
        let url = app.url(&path);
        tokio::spawn(async move { client.get(url).send().await.map(|r| r.status().as_u16()) })
    });
    let statuses: Vec<u16> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.expect("task").expect("request"))
        .collect();
    assert!(
        statuses.iter().all(|s| *s == 200),
        "every request succeeded"
    );
    assert_eq!(
        app.wait_for_views(ARTICLE, before + 1000).await,
        before + 1000
    );
    // and nothing more arrives later
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(app.stored_views(ARTICLE).await, before + 1000);
}

async fn lesson_views_are_counted_and_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
    assert_eq!(data_views(&app.get(path).await.body), 1);
    assert_eq!(data_views(&app.get(path).await.body), 2);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(
        data_views(&app.get(path).await.body),
        3,
        "flushed and pending views add up"
    );
}

async fn counts_are_shown_vietnamese_style(backend: Backend) {
    let app = spawn_app(backend).await;
    sqlx::query("UPDATE articles SET views = 1302113 WHERE slug = $1")
        .bind(ARTICLE)
        .execute(app.db.pool())
        .await
        .expect("set views");
    let page = app.get(&format!("/bai-viet/{ARTICLE}")).await;
    assert!(page.body.contains(r#"data-views="1302114""#));
    assert!(page.body.contains("1.302.114 lượt xem"));
    let english = app
        .get_with(&format!("/bai-viet/{ARTICLE}"), &[("cookie", "lang=en")])
        .await;
    assert!(english.body.contains("1,302,115 views"));
}

async fn graceful_shutdown_writes_pending_views(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let before = app.stored_views(ARTICLE).await;
    for _ in 0..25 {
        app.get(&format!("/bai-viet/{ARTICLE}")).await;
    }
    app.stop().await;
    let db = app::ssr::db::Db::connect(&app.database_url)
        .await
        .expect("reconnect");
    assert_eq!(
        db.article_views(ARTICLE).await.expect("query"),
        Some(before + 25)
    );
}

async fn two_servers_on_one_database_add_their_counts(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = crate::helpers::spawn_app_on(backend, &first).await;
    let path = format!("/bai-viet/{ARTICLE}");
    let before = first.stored_views(ARTICLE).await;
    let mut calls = Vec::new();
    for i in 0..200 {
        let app = if i % 2 == 0 { &first } else { &second };
        calls.push(app.client.get(app.url(&path)).send());
    }
    for response in join_all(calls).await {
        assert_eq!(response.expect("request").status(), 200);
    }
    assert_eq!(
        first.wait_for_views(ARTICLE, before + 200).await,
        before + 200
    );
}

/// A query string keeps the page cache out: every request is a full render
/// that reads the stored count.
fn full_render(slug: &str) -> String {
    format!("/bai-viet/{slug}?render=full")
}

/// A view flush that cannot get its write (another connection holds a write
/// lock on the row: SQLite's database lock, PostgreSQL's row lock) must not
/// hold up readers, and what they show stays exact.
async fn a_page_read_during_a_slow_flush_answers_at_once_with_the_exact_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = full_render(ARTICLE);
    assert_eq!(data_views(&app.get(&path).await.body), 1);
    assert_eq!(app.wait_for_views(ARTICLE, 1).await, 1);

    let mut lock = app.db.pool().begin().await.expect("begin");
    sqlx::query("UPDATE articles SET views = views WHERE slug = $1")
        .bind(ARTICLE)
        .execute(&mut *lock)
        .await
        .expect("take the write lock");
    assert_eq!(data_views(&app.get(&path).await.body), 2);
    // A flush has started by now and waits for the lock.
    tokio::time::sleep(app::ssr::views::FLUSH_INTERVAL * 3).await;
    for expected in 3..=6 {
        let started = Instant::now();
        let page = tokio::time::timeout(Duration::from_secs(5), app.get(&path))
            .await
            .expect("a read does not wait for the flush");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "read took {:?}",
            started.elapsed()
        );
        assert_eq!(
            data_views(&page.body),
            expected,
            "stored + in flight + pending"
        );
    }
    assert_eq!(
        app.stored_views(ARTICLE).await,
        1,
        "the flush was still waiting while the reads were answered"
    );
    lock.rollback().await.expect("release the lock");
    assert_eq!(app.wait_for_views(ARTICLE, 6).await, 6);
    assert_eq!(data_views(&app.get(&path).await.body), 7);
}

/// With one server every view is counted before it is shown, so the counts
/// shown to many readers at once, across several flushes, full renders and
/// page-cache hits alike, are exactly 1, 2, … n: none short, none twice.
async fn concurrent_readers_across_flushes_each_see_the_next_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let n = 400;
    let requests = (0..n).map(|i| {
        let client = app.client.clone();
        let url = if i % 2 == 0 {
            app.url(&full_render(ARTICLE))
        } else {
            app.url(&format!("/bai-viet/{ARTICLE}"))
        };
        tokio::spawn(async move {
            // spread over several flush intervals
            tokio::time::sleep(Duration::from_millis(i * 4)).await;
            let response = client.get(url).send().await.expect("request");
            assert_eq!(response.status(), 200);
            data_views(&response.text().await.expect("body"))
        })
    });
    let mut shown: Vec<u64> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.expect("task"))
        .collect();
    shown.sort_unstable();
    assert_eq!(shown, (1..=n).collect::<Vec<u64>>());
    assert_eq!(app.wait_for_views(ARTICLE, n).await, n);
}
