//! Every request that reaches the application (pages, server functions,
//! forms) is handled on one thread from start to finish, together with every
//! task its render spawns.
//!
//! Why: a leptos render is a reactive graph guarded by many `RwLock`s, and
//! the tasks it spawns (resource loaders, Suspense effects) used to run on
//! any tokio worker. Two workers advancing one render could take those locks
//! in opposite orders and block each other for good (leptos issues #4673 and
//! #4851): no thread is busy, no timer fires, and with both workers of a
//! two-core machine caught, the whole server stops answering. It happened
//! once in CI, in a test doing nothing more than two page loads. A render
//! whose tasks all run on its own thread cannot deadlock that way.
//!
//! How: a small pool of threads, each running its own single-threaded tokio
//! runtime and `LocalSet` ([`LocalPoolHandle`]). [`on_render_thread`] hands
//! each request to the least busy of them, and leptos's spawner
//! ([`RenderSpawner`]) keeps a task spawned on one of them on that thread.
//! Cache hits never get here (the page cache answers them before routing).

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::cell::Cell;
use tokio_util::task::LocalPoolHandle;

thread_local! {
    /// Set on the pool's threads: tasks spawned there stay there.
    static RENDER_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// leptos's spawner: on a render thread, a spawned task joins that thread's
/// `LocalSet`; anywhere else, it goes to the tokio runtime as usual.
struct RenderSpawner;

impl CustomExecutor for RenderSpawner {
    fn spawn(&self, fut: PinnedFuture<()>) {
        if RENDER_THREAD.get() {
            tokio::task::spawn_local(fut);
        } else {
            tokio::spawn(fut);
        }
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut);
    }

    fn poll_local(&self) {}
}

/// Installs [`RenderSpawner`] as leptos's spawner, once per process, before
/// anything renders (leptos_axum would otherwise install plain tokio).
pub fn install_spawner() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        if Executor::init_custom_executor(RenderSpawner).is_err() {
            tracing::error!(
                "leptos's spawner was set before the render threads could set theirs; renders may spread over several threads"
            );
        }
    });
}

/// The pool of render threads, or none: renders then run on the runtime's
/// workers as in plain leptos (only to measure what the pool costs).
#[derive(Clone)]
pub struct RenderThreads(Option<LocalPoolHandle>);

impl RenderThreads {
    /// `threads` threads; 0 for none.
    pub fn new(threads: usize) -> RenderThreads {
        if threads == 0 {
            tracing::warn!(
                "no render threads (HOCSO_RENDER_THREADS=0): renders spread over the runtime's workers and may deadlock; for measurements only"
            );
            return RenderThreads(None);
        }
        install_spawner();
        RenderThreads(Some(LocalPoolHandle::new(threads)))
    }

    /// One thread per core.
    pub fn per_core() -> usize {
        std::thread::available_parallelism().map_or(2, usize::from)
    }
}

/// Middleware: runs the rest of the request on a render thread.
pub async fn on_render_thread(
    State(threads): State<RenderThreads>,
    request: Request,
    next: Next,
) -> Response {
    let Some(pool) = threads.0 else {
        return next.run(request).await;
    };
    let handled = pool.spawn_pinned(move || async move {
        RENDER_THREAD.set(true);
        next.run(request).await
    });
    match handled.await {
        Ok(response) => response,
        Err(e) => {
            // The request's task panicked or its thread is gone.
            tracing::error!(error = %e, "request failed on its render thread");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Đã có lỗi ở máy chủ. Vui lòng thử lại sau.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_spawned_during_a_request_runs_on_the_request_thread() {
        let threads = RenderThreads::new(2);
        let pool = threads.0.expect("two threads");
        let same = pool
            .spawn_pinned(|| async {
                RENDER_THREAD.set(true);
                let here = std::thread::current().id();
                let (tx, rx) = tokio::sync::oneshot::channel();
                Executor::spawn(async move {
                    let _ = tx.send(std::thread::current().id());
                });
                rx.await.expect("the spawned task ran") == here
            })
            .await
            .expect("the pool ran it");
        assert!(same);
        // Away from the pool, spawning still works (on the runtime).
        let (tx, rx) = tokio::sync::oneshot::channel();
        Executor::spawn(async move {
            let _ = tx.send(());
        });
        rx.await.expect("spawned on the runtime");
    }
}
