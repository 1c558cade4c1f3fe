//! Many full renders at once on one server.
//!
//! A render's reactive graph is guarded by locks that two threads advancing
//! the same render could take in opposite orders (leptos issues #4673,
//! #4851); the server therefore keeps each request and the tasks its render
//! spawns on one thread (`hocso::render_threads`). A deadlock is a matter of
//! timing, so no test can prove there is none; this one makes the timing as
//! unlucky as it can: every page that loads data through resources, two
//! hundred at once, with the server's two worker threads busy.

use crate::helpers::{Backend, both_backends, spawn_app};
use crate::one_process::PAGES;
use std::time::{Duration, Instant};

both_backends!(two_hundred_renders_at_once_all_finish);

async fn two_hundred_renders_at_once_all_finish(backend: Backend) {
    let app = spawn_app(backend).await;
    // A stalled render would wait for the server's 30 s request timeout, or
    // for ever if both workers were caught.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("http client");
    let requests: Vec<_> = (0..200)
        .map(|i| {
            // a query string: never answered from the page cache
            let path = PAGES[i % PAGES.len()];
            let url = if path.contains('?') {
                app.url(path)
            } else {
                app.url(&format!("{path}?lan={i}"))
            };
            let client = client.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                match client.get(&url).send().await {
                    Ok(response) if matches!(response.status().as_u16(), 200 | 404) => {
                        response.text().await.map(|_| ()).map_err(|e| e.to_string())
                    }
                    Ok(response) => Err(format!("status {}", response.status())),
                    Err(e) => Err(e.to_string()),
                }
                .map_err(|e| format!("{url} after {:?}: {e}", started.elapsed()))
            })
        })
        .collect();
    let mut failed = Vec::new();
    for request in requests {
        if let Err(e) = request.await.expect("request task") {
            failed.push(e);
        }
    }
    assert!(failed.is_empty(), "stalled or failed renders: {failed:#?}");
}
