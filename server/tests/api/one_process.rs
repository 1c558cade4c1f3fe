//! Several servers in one process, as when these tests run in parallel.
//!
//! Why this needs a test: leptos keeps one process-wide switch,
//! `IS_SUPPRESSING_RESOURCE_LOAD` (leptos_server 0.8, `resource.rs`), which
//! `generate_route_list` turns on while it runs the app once to list its
//! routes. A `Resource` whose loader is first polled while the switch is on,
//! in any thread of the process, awaits `std::future::pending()` instead of
//! loading: its render never finishes, no thread is busy, and the request
//! waits until the request timeout answers 503 (leptos issue #4773). When each
//! server listed the routes as it started, a test starting its server hung
//! the renders of the tests running beside it, which is why the tests used
//! to run one at a time. `hocso::startup` now lists them once per process,
//! before any server can serve (see `route_list`).
//!
//! In production this cannot happen: `hocso serve` builds one `Application`
//! and lists the routes before it accepts the first connection; nothing else
//! in the process renders.

use crate::helpers::{Backend, both_backends, spawn_app};
use hocso::startup::{Application, Settings};
use std::time::{Duration, Instant};

both_backends!(servers_starting_beside_a_busy_one_never_stall_its_renders);

/// Pages rendered in full every time (the page cache answers only lessons and
/// articles without a query), each loading data through resources.
pub(crate) const PAGES: &[&str] = &[
    "/",
    "/khoa-hoc",
    "/khoa-hoc/binh-dan-hoc-vu-so",
    "/khoa-hoc/binh-dan-hoc-ai/ai-la-gi?tu=1",
    "/bai-viet",
    "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi?tu=1",
    "/kiem-tra/kiem-tra-binh-dan-hoc-vu-so",
    "/bai-viet/khong-co",
];

/// Servers started while the first one is busy.
const STARTS: usize = 12;
const READERS: usize = 4;

async fn servers_starting_beside_a_busy_one_never_stall_its_renders(backend: Backend) {
    let app = spawn_app(backend).await;
    // A stalled render would wait for the server's 30 s request timeout.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..READERS)
        .map(|reader| {
            let (client, done) = (client.clone(), done.clone());
            let base = format!("http://{}", app.addr);
            tokio::spawn(async move {
                let (mut answered, mut failed) = (0, Vec::new());
                for path in PAGES.iter().cycle().skip(reader) {
                    if done.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let started = Instant::now();
                    let outcome = match client.get(format!("{base}{path}")).send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            match response.text().await {
                                Ok(_) if matches!(status, 200 | 404) => Ok(()),
                                Ok(_) => Err(format!("status {status}")),
                                Err(e) => Err(e.to_string()),
                            }
                        }
                        Err(e) => Err(e.to_string()),
                    };
                    match outcome {
                        Ok(()) => answered += 1,
                        Err(e) => failed.push(format!("{path} after {:?}: {e}", started.elapsed())),
                    }
                }
                (answered, failed)
            })
        })
        .collect();

    // Other servers start in this process meanwhile, each in a runtime of its
    // own, as the servers of tests running in parallel do.
    let starter = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            for _ in 0..STARTS {
                let scratch = tempfile_dir();
                let url = format!("sqlite://{}/hocso.db", scratch.display());
                let mut settings = Settings::new(url);
                settings.site_root = Some(scratch.join("site"));
                let other = Application::build(settings).await.expect("server starts");
                other.run_until(async {}).await.expect("server stops");
                let _ = std::fs::remove_dir_all(&scratch);
            }
        });
    });
    tokio::task::spawn_blocking(move || starter.join().expect("starter thread"))
        .await
        .expect("join");
    // Renders that began during the last start have time to finish.
    tokio::time::sleep(Duration::from_millis(500)).await;
    done.store(true, std::sync::atomic::Ordering::Relaxed);

    let (mut answered, mut failed) = (0, Vec::new());
    for reader in readers {
        let (a, f) = reader.await.expect("reader task");
        answered += a;
        failed.extend(f);
    }
    assert!(failed.is_empty(), "stalled or failed requests: {failed:#?}");
    assert!(
        answered >= STARTS,
        "the readers kept reading ({answered} pages)"
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hocso_test_start_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
