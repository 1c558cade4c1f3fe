//! Exact view counting without a database write per view, and without making
//! readers wait for the write.
//!
//! A view increments an in-memory counter (one short mutex section); a
//! background task moves the pending counts into the database in one
//! transaction every [`FLUSH_INTERVAL`]. Shutdown flushes whatever is pending.
//!
//! # Showing stored + not-yet-stored views, exactly
//!
//! A page shows the stored count plus the views of this process that are not in
//! it. Both change while a flush runs, and no lock is held across the flush's
//! I/O, so the reader has to know which of this process's views its own read
//! saw. Each process has a random `server_id`; each flush takes the pending
//! views as a *batch* numbered `seq` (under the mutex, no I/O) and, in ONE
//! transaction, adds the views and sets `view_flush_marks(server_id).seq` to
//! that number. A reader reads the stored count and this process's mark in one
//! statement (one snapshot on both backends), then adds the pending views and
//! every batch numbered after the mark it read: a batch is then counted by
//! exactly one of the two.
//!
//! A committed batch stays in memory while a reader that started before the
//! commit was acknowledged is still at work (its snapshot may predate the
//! commit); [`Reading`] registers a reader for that.
//!
//! # Failures
//!
//! A transaction that fails before its commit wrote nothing: its batch goes
//! back to pending. A failed *commit* may or may not have been applied (a lost
//! connection): the batch is kept, still numbered, and the next flush reads
//! the mark inside its transaction and adds the batch again only if the mark
//! shows it was not stored. So counts stay exact even then.

use super::db::Db;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;

/// How often pending views are written.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(250);

/// Marks of app servers that have flushed nothing for this long are deleted:
/// those servers are gone (a running server refreshes its mark with every flush).
const MARKS_KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

/// What was viewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ViewTarget {
    Lesson(i64),
    Article(i64),
}

#[derive(Clone)]
pub struct ViewCounter {
    inner: Arc<Inner>,
}

impl Default for ViewCounter {
    fn default() -> Self {
        ViewCounter::new()
    }
}

struct Inner {
    /// Names this process's row in `view_flush_marks`; random, so app
    /// servers sharing a database (and restarts) never share one.
    server_id: i64,
    counts: Mutex<Counts>,
    /// One flush at a time (batches must commit in `seq` order). Readers never
    /// take it.
    flush_turn: tokio::sync::Mutex<()>,
    stop: Notify,
}

#[derive(Default)]
struct Counts {
    /// Views not yet handed to a flush.
    pending: HashMap<ViewTarget, u64>,
    /// Views recorded by this process since it started, never reset: the page
    /// cache works out what to show from how much this grew since a render.
    recorded: HashMap<ViewTarget, u64>,
    /// Batches handed to flushes, in `seq` order: being written, of unknown
    /// fate, or stored but possibly still needed by a reader.
    batches: Vec<Batch>,
    /// The number of the last batch made.
    last_seq: u64,
    /// The highest batch number whose commit was acknowledged.
    stored_seq: u64,
    /// Readers at work, counted by the `stored_seq` when they started.
    readers: BTreeMap<u64, usize>,
}

struct Batch {
    seq: u64,
    views: HashMap<ViewTarget, u64>,
    state: BatchState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BatchState {
    /// In a transaction not finished yet.
    Writing,
    /// Its commit failed in a way that may have applied it.
    Unsure,
    /// Committed.
    Stored,
}

/// What [`ViewCounter::record`] and [`ViewCounter::snapshot`] (and the same
/// methods of [`Reading`]) report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Views of the target made here and not in the stored count (the count
    /// as read, for [`Reading`]; as last known stored otherwise).
    pub pending: u64,
    /// Views of the target recorded by this process since it started.
    pub recorded: u64,
}

/// Why [`Db::add_views`] failed.
#[derive(Debug)]
pub enum FlushError {
    /// The transaction was rolled back: nothing was written.
    RolledBack(sqlx::Error),
    /// The commit failed in a way that may have applied it (a lost connection).
    Unsure(sqlx::Error),
}

/// The work of one flush: a new batch and any batches whose commit was unsure.
#[derive(Debug)]
pub struct FlushJob {
    /// The number the mark is set to when the job commits.
    pub seq: u64,
    batches: Vec<(u64, Vec<(ViewTarget, u64)>)>,
}

impl FlushJob {
    /// The views to add when the mark stored is `mark`: every batch numbered
    /// after it, summed per target, in target order (so app servers flushing
    /// at once lock rows in the same order and never deadlock).
    pub fn views_after(&self, mark: u64) -> Vec<(ViewTarget, u64)> {
        let mut sum = BTreeMap::new();
        for (seq, views) in &self.batches {
            if *seq > mark {
                for (target, n) in views {
                    *sum.entry(*target).or_insert(0) += n;
                }
            }
        }
        sum.into_iter().collect()
    }
}

impl std::fmt::Debug for ViewCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewCounter")
            .field("server_id", &self.inner.server_id)
            .field("pending", &self.pending_total())
            .finish()
    }
}

impl Counts {
    /// Views of `target` made here and not in a stored count whose mark is `mark`.
    fn unstored(&self, target: ViewTarget, mark: u64) -> u64 {
        let of = |map: &HashMap<ViewTarget, u64>| map.get(&target).copied().unwrap_or(0);
        of(&self.pending)
            + self
                .batches
                .iter()
                .filter(|b| b.seq > mark)
                .map(|b| of(&b.views))
                .sum::<u64>()
    }

    fn snapshot(&self, target: ViewTarget, mark: u64) -> Recorded {
        Recorded {
            pending: self.unstored(target, mark),
            recorded: self.recorded.get(&target).copied().unwrap_or(0),
        }
    }

    fn record(&mut self, target: ViewTarget, mark: u64) -> Recorded {
        *self.pending.entry(target).or_insert(0) += 1;
        *self.recorded.entry(target).or_insert(0) += 1;
        self.snapshot(target, mark)
    }

    fn unstored_total(&self) -> u64 {
        self.pending.values().sum::<u64>()
            + self
                .batches
                .iter()
                .filter(|b| b.state != BatchState::Stored)
                .flat_map(|b| b.views.values())
                .sum::<u64>()
    }

    /// Makes the next batch from the pending views; `None` when there is
    /// nothing to write (no views, no batch of unknown fate).
    fn begin_flush(&mut self) -> Option<FlushJob> {
        let unsure = self.batches.iter().any(|b| b.state == BatchState::Unsure);
        if self.pending.is_empty() && !unsure {
            return None;
        }
        self.last_seq += 1;
        self.batches.push(Batch {
            seq: self.last_seq,
            views: std::mem::take(&mut self.pending),
            state: BatchState::Writing,
        });
        let batches = self
            .batches
            .iter()
            .filter(|b| b.state != BatchState::Stored)
            .map(|b| (b.seq, b.views.iter().map(|(t, n)| (*t, *n)).collect()))
            .collect();
        Some(FlushJob {
            seq: self.last_seq,
            batches,
        })
    }

    /// Flush `seq` committed: it and every batch before it are stored.
    fn committed(&mut self, seq: u64) {
        for batch in self.batches.iter_mut().filter(|b| b.seq <= seq) {
            batch.state = BatchState::Stored;
        }
        self.stored_seq = self.stored_seq.max(seq);
        self.prune();
    }

    /// Flush `seq` was rolled back: its views are pending again.
    fn rolled_back(&mut self, seq: u64) {
        if let Some(at) = self.batches.iter().position(|b| b.seq == seq) {
            for (target, n) in self.batches.remove(at).views {
                *self.pending.entry(target).or_insert(0) += n;
            }
        }
    }

    /// Flush `seq` may or may not have committed; the next flush finds out.
    fn unsure(&mut self, seq: u64) {
        for batch in self.batches.iter_mut().filter(|b| b.seq == seq) {
            batch.state = BatchState::Unsure;
        }
    }

    /// Forgets stored batches no reader at work can need: a reader that
    /// started when `stored_seq` was `s` reads a mark of at least `s`.
    fn prune(&mut self) {
        let oldest_reader = self.readers.keys().next().copied();
        let needed_after = oldest_reader.unwrap_or(self.stored_seq);
        self.batches
            .retain(|b| b.state != BatchState::Stored || b.seq > needed_after);
    }
}

impl ViewCounter {
    pub fn new() -> ViewCounter {
        // 64 of the 128 random bits of a session id (from the OS generator).
        let server_id = tower_sessions::session::Id::default().0 as i64;
        ViewCounter {
            inner: Arc::new(Inner {
                server_id,
                counts: Mutex::default(),
                flush_turn: tokio::sync::Mutex::new(()),
                stop: Notify::new(),
            }),
        }
    }

    /// This process's row in `view_flush_marks`.
    pub fn server_id(&self) -> i64 {
        self.inner.server_id
    }

    /// Records one view of `target`; the counts returned include it.
    pub fn record(&self, target: ViewTarget) -> Recorded {
        let mut counts = self.lock();
        let mark = counts.stored_seq;
        counts.record(target, mark)
    }

    /// The counts of `target`, read together.
    pub fn snapshot(&self, target: ViewTarget) -> Recorded {
        let counts = self.lock();
        counts.snapshot(target, counts.stored_seq)
    }

    /// Views of `target` recorded here and not yet stored.
    pub fn pending(&self, target: ViewTarget) -> u64 {
        self.snapshot(target).pending
    }

    /// Views recorded here and not yet stored.
    pub fn pending_total(&self) -> u64 {
        self.lock().unstored_total()
    }

    /// Starts reading a stored count: take this before the query that reads
    /// the count together with this process's mark (see the module text), and
    /// add what it reports. Never waits for a flush.
    pub fn reading(&self) -> Reading {
        let mut counts = self.lock();
        let since = counts.stored_seq;
        *counts.readers.entry(since).or_insert(0) += 1;
        Reading {
            counter: self.clone(),
            since,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // A panic elsewhere while holding the lock leaves maps that are still
        // consistent (each change is one insert or one move), so keep counting.
        self.inner
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes every pending view to the database; returns how many views the
    /// transaction added. On failure the views are kept to be written by the
    /// next flush.
    pub async fn flush(&self, db: &Db) -> Result<u64, sqlx::Error> {
        let _turn = self.inner.flush_turn.lock().await;
        let Some(job) = self.lock().begin_flush() else {
            return Ok(0);
        };
        let mut in_flight = InFlight {
            counter: self,
            seq: job.seq,
            done: false,
        };
        let started = std::time::Instant::now();
        let outcome = db.add_views(self.inner.server_id, &job).await;
        in_flight.done = true;
        let mut counts = self.lock();
        match outcome {
            Ok(n) => {
                counts.committed(job.seq);
                drop(counts);
                tracing::debug!(views = n, seq = job.seq, took = ?started.elapsed(), "views flushed");
                Ok(n)
            }
            Err(FlushError::RolledBack(e)) => {
                counts.rolled_back(job.seq);
                Err(e)
            }
            Err(FlushError::Unsure(e)) => {
                counts.unsure(job.seq);
                Err(e)
            }
        }
    }

    /// Flushes every [`FLUSH_INTERVAL`] until [`ViewCounter::shutdown`], then
    /// flushes what remains (retrying a few times if the database is busy).
    pub fn spawn_flusher(&self, db: Db) -> tokio::task::JoinHandle<()> {
        let counter = self.clone();
        tokio::spawn(async move {
            if let Err(e) = db
                .forget_view_marks(counter.server_id(), MARKS_KEPT_FOR)
                .await
            {
                tracing::warn!(error = %e, "old view flush marks not deleted");
            }
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

/// A flush between handing its batch out and learning the outcome; if the
/// flush is abandoned there (its future dropped), the batch's fate is unknown.
struct InFlight<'a> {
    counter: &'a ViewCounter,
    seq: u64,
    done: bool,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.counter.lock().unsure(self.seq);
        }
    }
}

/// A reader of a stored count at work; see [`ViewCounter::reading`]. While it
/// lives, batches its query might not have seen are kept.
pub struct Reading {
    counter: ViewCounter,
    since: u64,
}

impl Reading {
    /// The id whose mark the query must read.
    pub fn server_id(&self) -> i64 {
        self.counter.server_id()
    }

    /// Records one view of `target` whose stored count was read with `mark`
    /// (this process's `view_flush_marks.seq`, 0 when it had none); the counts
    /// returned include it, and `pending` is what to add to the count read.
    pub fn record(&self, target: ViewTarget, mark: u64) -> Recorded {
        self.counter.lock().record(target, mark)
    }

    /// As [`Reading::record`], without recording a view.
    pub fn snapshot(&self, target: ViewTarget, mark: u64) -> Recorded {
        self.counter.lock().snapshot(target, mark)
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        let mut counts = self.counter.lock();
        if let Some(n) = counts.readers.get_mut(&self.since) {
            *n -= 1;
            if *n == 0 {
                counts.readers.remove(&self.since);
            }
        }
        counts.prune();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: ViewTarget = ViewTarget::Lesson(7);

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
    fn every_process_has_its_own_server_id() {
        assert_ne!(
            ViewCounter::new().server_id(),
            ViewCounter::new().server_id()
        );
    }

    #[test]
    fn a_stored_flush_empties_pending_but_not_recorded() {
        let counter = ViewCounter::new();
        counter.record(T);
        let job = counter.lock().begin_flush().expect("something to flush");
        assert_eq!(job.views_after(0), vec![(T, 1)]);
        assert_eq!(counter.pending(T), 1, "being written is not stored yet");
        counter.lock().committed(job.seq);
        assert_eq!(
            counter.record(T),
            Recorded {
                pending: 1,
                recorded: 2
            }
        );
        assert!(counter.lock().batches.is_empty(), "no reader needs it");
    }

    #[test]
    fn nothing_to_flush_makes_no_batch() {
        let counter = ViewCounter::new();
        assert!(counter.lock().begin_flush().is_none());
    }

    /// The race the marks exist for: a reader's query ran before a flush
    /// committed, and it adds the unstored views after the commit.
    #[test]
    fn a_reader_whose_snapshot_predates_a_commit_still_counts_that_batch() {
        let counter = ViewCounter::new();
        for _ in 0..3 {
            counter.record(T);
        }
        let job = counter.lock().begin_flush().expect("batch");
        let reading = counter.reading();
        let (stored, mark) = (0, 0); // the query saw the database before the commit
        counter.lock().committed(job.seq); // stored becomes 3, mark 1
        assert_eq!(stored + reading.record(T, mark).pending, 4);
        drop(reading);
        assert!(
            counter.lock().batches.is_empty(),
            "kept only for the reader"
        );

        let late = counter.reading();
        let (stored, mark) = (3, job.seq); // a query after the commit
        assert_eq!(stored + late.record(T, mark).pending, 5);
    }

    #[test]
    fn a_reader_that_sees_a_commit_before_its_acknowledgement_does_not_count_it_twice() {
        let counter = ViewCounter::new();
        counter.record(T);
        counter.record(T);
        let job = counter.lock().begin_flush().expect("batch");
        let reading = counter.reading();
        // committed in the database, not yet acknowledged here
        let (stored, mark) = (2, job.seq);
        assert_eq!(stored + reading.snapshot(T, mark).pending, 2);
        assert_eq!(stored + reading.record(T, mark).pending, 3);
    }

    #[test]
    fn a_rolled_back_flush_puts_its_views_back() {
        let counter = ViewCounter::new();
        counter.record(T);
        let job = counter.lock().begin_flush().expect("batch");
        counter.record(T);
        counter.lock().rolled_back(job.seq);
        assert_eq!(counter.pending(T), 2);
        assert!(counter.lock().batches.is_empty());
        let next = counter.lock().begin_flush().expect("batch");
        assert_eq!(next.views_after(0), vec![(T, 2)]);
    }

    #[test]
    fn an_unsure_commit_is_written_again_only_if_it_was_not_stored() {
        let counter = ViewCounter::new();
        counter.record(T);
        let first = counter.lock().begin_flush().expect("batch");
        counter.lock().unsure(first.seq);
        assert_eq!(counter.pending_total(), 1, "still shown as unstored");
        counter.record(ViewTarget::Article(2));
        let next = counter
            .lock()
            .begin_flush()
            .expect("retries the unsure batch");
        // The mark read in the transaction says whether the first one was applied.
        assert_eq!(
            next.views_after(first.seq),
            vec![(ViewTarget::Article(2), 1)]
        );
        assert_eq!(
            next.views_after(0),
            vec![(T, 1), (ViewTarget::Article(2), 1)]
        );
        counter.lock().committed(next.seq);
        assert_eq!(counter.pending_total(), 0);
        assert!(counter.lock().batches.is_empty());
    }

    #[test]
    fn an_unsure_batch_alone_still_gets_a_flush() {
        let counter = ViewCounter::new();
        counter.record(T);
        let first = counter.lock().begin_flush().expect("batch");
        counter.lock().unsure(first.seq);
        let next = counter.lock().begin_flush().expect("a flush to settle it");
        assert_eq!(next.views_after(0), vec![(T, 1)]);
    }

    #[test]
    fn an_abandoned_flush_leaves_its_batch_unsure() {
        let counter = ViewCounter::new();
        counter.record(T);
        let job = counter.lock().begin_flush().expect("batch");
        drop(InFlight {
            counter: &counter,
            seq: job.seq,
            done: false,
        });
        assert_eq!(counter.lock().batches[0].state, BatchState::Unsure);
    }

    #[test]
    fn jobs_list_targets_in_order_so_servers_lock_rows_alike() {
        let counter = ViewCounter::new();
        for id in [5, 3, 9, 1] {
            counter.record(ViewTarget::Article(id));
            counter.record(ViewTarget::Lesson(id));
        }
        let job = counter.lock().begin_flush().expect("batch");
        let targets: Vec<ViewTarget> = job.views_after(0).into_iter().map(|(t, _)| t).collect();
        let mut sorted = targets.clone();
        sorted.sort();
        assert_eq!(targets, sorted);
        assert_eq!(targets.len(), 8);
    }

    #[test]
    fn concurrent_views_are_all_counted() {
        let counter = ViewCounter::new();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        counter.record(T);
                    }
                });
            }
        });
        assert_eq!(counter.pending(T), 8000);
    }

    /// A model of the database (the stored count and this server's mark) and
    /// random interleavings of views, readers and flushes with every outcome:
    /// with one server, what a reader shows is exactly the number of views
    /// recorded so far, never short, never doubled.
    #[test]
    fn random_interleavings_always_show_the_exact_count() {
        #[derive(Clone, Copy, Default)]
        struct Database {
            stored: u64,
            mark: u64,
        }
        impl Database {
            fn apply(&mut self, job: &FlushJob) {
                self.stored += job
                    .views_after(self.mark)
                    .iter()
                    .map(|(_, n)| n)
                    .sum::<u64>();
                self.mark = job.seq;
            }
        }
        enum Outcome {
            Committed,
            RolledBack,
            UnsureApplied,
            UnsureNotApplied,
        }
        struct Reader {
            reading: Reading,
            seen: Option<Database>,
        }

        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        for _round in 0..200 {
            let counter = ViewCounter::new();
            let mut db = Database::default();
            let mut total = 0;
            let mut readers: Vec<Reader> = Vec::new();
            let mut flush: Option<(FlushJob, Option<Outcome>)> = None;
            for _step in 0..300 {
                match next(7) {
                    0 => {
                        counter.record(T);
                        total += 1;
                    }
                    1 => readers.push(Reader {
                        reading: counter.reading(),
                        seen: None,
                    }),
                    2 => {
                        // a registered reader runs its query
                        if let Some(r) = readers.iter_mut().find(|r| r.seen.is_none()) {
                            r.seen = Some(db);
                        }
                    }
                    3 => {
                        // a reader that ran its query counts its view and shows the sum
                        if let Some(at) = readers.iter().position(|r| r.seen.is_some()) {
                            let r = readers.swap_remove(at);
                            let seen = r.seen.expect("ran its query");
                            total += 1;
                            let shown = seen.stored + r.reading.record(T, seen.mark).pending;
                            assert_eq!(shown, total, "a reader showed a wrong count");
                        }
                    }
                    4 if flush.is_none() => {
                        flush = counter.lock().begin_flush().map(|job| (job, None));
                    }
                    5 => {
                        // the database finishes the transaction
                        if let Some((job, outcome @ None)) = &mut flush {
                            *outcome = Some(match next(4) {
                                0 => Outcome::RolledBack,
                                1 => Outcome::UnsureNotApplied,
                                2 => {
                                    db.apply(job);
                                    Outcome::UnsureApplied
                                }
                                _ => {
                                    db.apply(job);
                                    Outcome::Committed
                                }
                            });
                        }
                    }
                    6 => {
                        // the flusher learns the outcome
                        if matches!(flush, Some((_, Some(_))))
                            && let Some((job, Some(outcome))) = flush.take()
                        {
                            let mut counts = counter.lock();
                            match outcome {
                                Outcome::Committed => counts.committed(job.seq),
                                Outcome::RolledBack => counts.rolled_back(job.seq),
                                Outcome::UnsureApplied | Outcome::UnsureNotApplied => {
                                    counts.unsure(job.seq)
                                }
                            }
                        }
                    }
                    _ => {}
                }
                let fresh = counter.reading();
                assert_eq!(db.stored + fresh.snapshot(T, db.mark).pending, total);
            }
            // Readers finish, then flushes succeed until nothing is left.
            readers.clear();
            if let Some((job, outcome)) = flush.take() {
                match outcome {
                    Some(Outcome::Committed) => counter.lock().committed(job.seq),
                    Some(Outcome::RolledBack) | None => counter.lock().rolled_back(job.seq),
                    Some(_) => counter.lock().unsure(job.seq),
                }
            }
            loop {
                let Some(job) = counter.lock().begin_flush() else {
                    break;
                };
                db.apply(&job);
                counter.lock().committed(job.seq);
            }
            assert_eq!(db.stored, total, "everything stored once");
            assert!(counter.lock().batches.is_empty(), "nothing kept");
            assert!(counter.lock().readers.is_empty());
        }
    }
}
