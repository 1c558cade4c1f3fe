//! Exact view counting without a database write per view.
//!
//! A view increments an in-memory counter (one short mutex section); a
//! background task moves the pending counts into the database in one
//! transaction every [`FLUSH_INTERVAL`]. A failed flush puts its counts back, so
//! nothing is lost while the database is briefly unavailable, and shutdown
//! flushes whatever is still pending.

use super::db::Db;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{Notify, RwLock, RwLockReadGuard};

/// How often pending views are written.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(250);

/// What was viewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewTarget {
    Lesson(i64),
    Article(i64),
}

#[derive(Clone, Default)]
pub struct ViewCounter {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    counts: Mutex<Counts>,
    /// Held for writing while a flush moves counts into the database; see
    /// [`ViewCounter::steady`].
    flushing: RwLock<()>,
    stop: Notify,
}

#[derive(Default)]
struct Counts {
    /// Views not yet in the database.
    pending: HashMap<ViewTarget, u64>,
    /// Views recorded by this process since it started, never reset: the page
    /// cache works out what to show from how much this grew since a render.
    recorded: HashMap<ViewTarget, u64>,
}

/// What [`ViewCounter::record`] and [`ViewCounter::snapshot`] report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Views of the target held here and not yet in the database.
    pub pending: u64,
    /// Views of the target recorded by this process since it started.
    pub recorded: u64,
}

impl std::fmt::Debug for ViewCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewCounter")
            .field("pending", &self.pending_total())
            .finish()
    }
}

impl ViewCounter {
    pub fn new() -> ViewCounter {
        ViewCounter::default()
    }

    /// Records one view of `target`; the counts returned include it.
    pub fn record(&self, target: ViewTarget) -> Recorded {
        let mut counts = self.lock();
        let pending = counts.pending.entry(target).or_insert(0);
        *pending += 1;
        let pending = *pending;
        let recorded = counts.recorded.entry(target).or_insert(0);
        *recorded += 1;
        Recorded {
            pending,
            recorded: *recorded,
        }
    }

    /// The counts of `target`, read together.
    pub fn snapshot(&self, target: ViewTarget) -> Recorded {
        let counts = self.lock();
        let of = |map: &HashMap<ViewTarget, u64>| map.get(&target).copied().unwrap_or(0);
        Recorded {
            pending: of(&counts.pending),
            recorded: of(&counts.recorded),
        }
    }

    /// Keeps flushes out while the caller reads a stored count and adds what
    /// is pending here, so that no view is in both or in neither (a flush
    /// between the two would otherwise hide its batch from the sum).
    pub async fn steady(&self) -> RwLockReadGuard<'_, ()> {
        self.inner.flushing.read().await
    }

    /// Views of `target` recorded here and not yet flushed.
    pub fn pending(&self, target: ViewTarget) -> u64 {
        self.snapshot(target).pending
    }

    pub fn pending_total(&self) -> u64 {
        self.lock().pending.values().sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // A panic elsewhere while holding the lock leaves maps that are still
        // consistent (one insert or one take), so keep counting.
        self.inner
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes every pending view to the database. On failure the counts are
    /// put back to be retried by the next flush.
    pub async fn flush(&self, db: &Db) -> Result<u64, sqlx::Error> {
        let _flushing = self.inner.flushing.write().await;
        let batch: Vec<(ViewTarget, u64)> = std::mem::take(&mut self.lock().pending)
            .into_iter()
            .collect();
        if batch.is_empty() {
            return Ok(0);
        }
        match db.add_views(&batch).await {
            Ok(()) => Ok(batch.iter().map(|(_, n)| n).sum()),
            Err(e) => {
                let mut counts = self.lock();
                for (target, n) in batch {
                    *counts.pending.entry(target).or_insert(0) += n;
                }
                Err(e)
            }
        }
    }

    /// Flushes every [`FLUSH_INTERVAL`] until [`ViewCounter::shutdown`], then
    /// flushes what remains (retrying a few times if the database is busy).
    pub fn spawn_flusher(&self, db: Db) -> tokio::task::JoinHandle<()> {
        let counter = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_INTERVAL);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if let Err(e) = counter.flush(&db).await {
                            tracing::warn!(error = %e, pending = counter.pending_total(), "view flush failed; will retry");
                        }
                    }
                    () = counter.inner.stop.notified() => break,
                }
            }
            for attempt in 1..=5 {
                match counter.flush(&db).await {
                    Ok(n) => {
                        tracing::info!(views = n, "final view flush done");
                        return;
                    }
                    Err(e) => {
                        tracing::error!(error = %e, attempt, "final view flush failed");
                        tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                    }
                }
            }
            tracing::error!(
                lost = counter.pending_total(),
                "views could not be written at shutdown"
            );
        })
    }

    /// Asks the flusher to write everything and stop.
    pub fn shutdown(&self) {
        self.inner.stop.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_accumulate_per_target() {
        let counter = ViewCounter::new();
        assert_eq!(counter.record(ViewTarget::Article(1)).pending, 1);
        assert_eq!(counter.record(ViewTarget::Article(1)).pending, 2);
        assert_eq!(counter.record(ViewTarget::Lesson(1)).pending, 1);
        assert_eq!(counter.pending(ViewTarget::Article(1)), 2);
        assert_eq!(counter.pending_total(), 3);
    }

    #[test]
    fn a_flush_empties_pending_but_not_recorded() {
        let counter = ViewCounter::new();
        counter.record(ViewTarget::Article(1));
        let batch = std::mem::take(&mut counter.lock().pending);
        assert_eq!(batch.len(), 1);
        assert_eq!(
            counter.record(ViewTarget::Article(1)),
            Recorded {
                pending: 1,
                recorded: 2
            }
        );
    }

    #[test]
    fn concurrent_views_are_all_counted() {
        let counter = ViewCounter::new();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        counter.record(ViewTarget::Lesson(7));
                    }
                });
            }
        });
        assert_eq!(counter.pending(ViewTarget::Lesson(7)), 8000);
    }
}
