//! `hocso backup FILE`, run as the real binary against a database a running
//! server is writing to. SQLite only: PostgreSQL is backed up with pg_dump.

use crate::helpers::{Backend, spawn_app};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

const ARTICLE: &str = "nhan-dien-video-deepfake-va-cuoc-goi-gia-giong-nguoi-than";
const PASSWORD: &str = "cây tre làng tôi xanh";

struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `hocso --database-url URL backup FILE`.
async fn hocso_backup(database_url: &str, file: &Path) -> Run {
    let (url, file) = (database_url.to_owned(), file.to_owned());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
            .args(["--database-url", &url, "backup"])
            .arg(&file)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run hocso")
    })
    .await
    .expect("join");
    Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn sqlite_path(url: &str) -> PathBuf {
    app::ssr::db::sqlite_file(url).expect("a SQLite file URL")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_opens_checks_and_holds_the_accounts() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut before = Vec::new();
    for i in 0..4 {
        let email = format!("sao-luu-{i}@example.vn");
        let reply = app
            .visitor()
            .register("Người Sao Lưu", &email, PASSWORD)
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        before.push(email);
    }

    // Write load: views (flushed every 250 ms) and more registrations.
    let stop = Arc::new(AtomicBool::new(false));
    let viewed = Arc::new(AtomicU64::new(0));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (client, url) = (app.client.clone(), app.url(&format!("/bai-viet/{ARTICLE}")));
            let (stop, viewed) = (stop.clone(), viewed.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let response = client.get(&url).send().await.expect("GET");
                    assert_eq!(response.status(), 200);
                    viewed.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let registrations = {
        let visitors: Vec<_> = (0..4).map(|_| app.visitor()).collect();
        tokio::spawn(async move {
            for (i, visitor) in visitors.iter().enumerate() {
                let email = format!("trong-luc-sao-luu-{i}@example.vn");
                let reply = visitor.register("Người Đến Sau", &email, PASSWORD).await;
                assert_eq!(reply.status, 200, "{}", reply.body);
            }
        })
    };
    let stored_before = app.wait_for_views(ARTICLE, 1).await;
    assert!(stored_before >= 1, "views are being flushed");

    let copy = sqlite_path(&app.database_url).with_file_name("copy.db");
    let run = hocso_backup(&app.database_url, &copy).await;
    assert!(run.success, "backup failed: {}", run.stderr);
    assert!(run.stdout.contains("integrity check: ok"), "{}", run.stdout);

    registrations.await.expect("registrations");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.await.expect("reader");
    }
    assert!(viewed.load(Ordering::Relaxed) > 0);
    let stored_after = app.wait_for_views(ARTICLE, 1).await;
    assert!(stored_after > stored_before, "the server kept writing");

    assert_eq!(
        app::ssr::db::sqlite_integrity(&copy)
            .await
            .expect("open the copy"),
        "ok"
    );
    let copy_db = app::ssr::db::Db::connect(&format!("sqlite://{}", copy.display()))
        .await
        .expect("the copy opens");
    for email in &before {
        assert!(
            copy_db.user_by_login(email).await.expect("query").is_some(),
            "{email} is in the copy"
        );
    }
    let copied_views = copy_db
        .article_views(ARTICLE)
        .await
        .expect("query")
        .expect("the article is in the copy");
    assert!(
        (stored_before..=stored_after).contains(&copied_views),
        "{stored_before} ≤ {copied_views} ≤ {stored_after}"
    );
    copy_db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_never_overwrites_a_file() {
    let app = spawn_app(Backend::Sqlite).await;
    let existing = sqlite_path(&app.database_url).with_file_name("existing.db");
    std::fs::write(&existing, b"keep me").expect("write");
    let run = hocso_backup(&app.database_url, &existing).await;
    assert!(!run.success);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(&existing).expect("read"), b"keep me");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_postgres_points_to_pg_dump() {
    let file = std::env::temp_dir().join("hocso-never-written.dump");
    let run = hocso_backup("postgres://postgres@127.0.0.1:5432/postgres", &file).await;
    assert!(!run.success);
    assert!(run.stderr.contains("pg_dump"), "{}", run.stderr);
    assert!(!file.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_a_missing_database_creates_nothing() {
    let dir = std::env::temp_dir().join(format!("hocso-backup-missing-{}", std::process::id()));
    let url = format!("sqlite://{}/absent.db", dir.display());
    let run = hocso_backup(&url, &dir.join("copy.db")).await;
    assert!(!run.success);
    assert!(run.stderr.contains("no database at"), "{}", run.stderr);
    assert!(!dir.exists(), "no folder or file was created");
}
