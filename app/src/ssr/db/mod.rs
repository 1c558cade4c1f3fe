//! The data layer: every SQL statement of the application lives under this module.
//!
//! One code path serves SQLite and PostgreSQL through sqlx's `Any` driver, with
//! portable SQL checked at run time by the integration tests on both backends.
//! The dialect differences are kept to the migrations (one folder per backend)
//! and a few helpers here; see the README's architecture section for the reasons.

mod accounts;
mod assignments;
mod backup;
mod content;
mod demo;
mod demo_history;
mod editorial;
mod images;
mod import;
mod keys;
mod learning;
mod privacy;
mod setup_codes;
mod throttle;
mod units;
mod views;

pub use accounts::*;
pub use assignments::*;
pub use backup::{BackupError, sqlite_file, sqlite_integrity};
pub use content::*;
pub use demo::{DEMO_CITY, DemoReport, DemoSpec};
pub use demo_history::HistoryCounts;
pub use editorial::*;
pub use images::*;
pub use import::*;
pub use learning::*;
pub use privacy::*;
pub use throttle::now_millis;
pub use units::*;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("could not create the database folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

/// A pool of connections to the configured database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Bumped whenever content is written through this handle (or a clone),
    /// so caches of rendered pages in this process know to rebuild.
    content_generation: Arc<AtomicU64>,
    /// SQLite has one writer at a time, and a connection that finds the
    /// write lock taken sleeps in its busy handler (1, 2, 5, 10… ms): under
    /// many concurrent writers most time goes to sleeping. The learner's
    /// writes queue here instead, in this process, and take the lock in turn.
    write_gate: Arc<tokio::sync::Mutex<()>>,
    /// Quizzes as learners take them, read at most once a second (and again
    /// after this process writes content): see [`Db::quiz_for_learners`].
    quizzes: learning::QuizCache,
    /// See [`Db::lesson_standing`].
    lesson_standings: learning::LessonStandings,
    /// See [`Db::attempt_key`].
    attempt_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// See [`Db::cached_dashboard`].
    dashboards: assignments::DashboardCache,
}

impl Db {
    /// (open connections, idle connections) of the pool, for `/metrics`.
    pub fn pool_use(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Connects to `url` (`sqlite://path/to/file.db` or `postgres://…`).
    /// For SQLite the folder and the file are created when missing, and every
    /// connection is set to WAL mode with the pragmas a web server wants.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let backend = backend_of(url)?;
        let (url, max_connections) = match backend {
            Backend::Sqlite => (prepare_sqlite_url(url)?, 8),
            Backend::Postgres => (url.to_owned(), 16),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run while the view counter writes;
                        // NORMAL sync is durable across application crashes in WAL mode.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA temp_store = MEMORY",
                        ] {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Db {
            pool,
            backend,
            content_generation: Arc::default(),
            write_gate: Arc::default(),
            quizzes: learning::QuizCache::default(),
            lesson_standings: learning::LessonStandings::default(),
            attempt_key: Arc::default(),
            dashboards: assignments::DashboardCache::default(),
        })
    }

    /// Waits for this process's turn to write, on SQLite (see `write_gate`);
    /// PostgreSQL writers need no turn.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_gate.lock().await),
            Backend::Postgres => None,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool, for the migrator.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Changes with every content write made through this handle; see
    /// [`Db::content_changed`].
    pub fn content_generation(&self) -> u64 {
        self.content_generation.load(Ordering::Acquire)
    }

    /// Marks the content as changed: pages rendered before now are out of date.
    pub fn content_changed(&self) {
        self.content_generation.fetch_add(1, Ordering::AcqRel);
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn backend_of(url: &str) -> Result<Backend, DbError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(DbError::UnsupportedUrl(redacted_url(url)))
    }
}

/// `url` with the password of its user part (`scheme://user:password@host`)
/// replaced by `***`, for messages, logs and `Debug`: a database or SMTP
/// address is written in the environment with its password.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let name = user.split_once(':').map_or(user, |(name, _)| name);
            let hidden = if user.contains(':') { ":***" } else { "" };
            format!("{scheme}://{name}{hidden}@{host}{path}")
        }
        None => url.to_owned(),
    }
}

/// Creates the folder of a file-backed SQLite URL and asks sqlx to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.contains("mode=memory") {
        return Ok(url.to_owned());
    }
    if let Some(parent) = Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| DbError::CreateDir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    if query.contains("mode=") {
        Ok(url.to_owned())
    } else if query.is_empty() {
        Ok(format!("sqlite://{path}?mode=rwc"))
    } else {
        Ok(format!("sqlite://{path}?{query}&mode=rwc"))
    }
}

/// Seconds since the Unix epoch, the portable timestamp of the schema.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {

    #[test]
    fn passwords_in_addresses_are_hidden() {
        assert_eq!(
            super::redacted_url("postgres://hocso:bi-mat@db.example.vn:5432/hocso"),
            "postgres://hocso:***@db.example.vn:5432/hocso"
        );
        assert_eq!(
            super::redacted_url("smtps://thu:p@ss:w@smtp.example.vn:465?tls=required"),
            "smtps://thu:***@smtp.example.vn:465?tls=required"
        );
        assert_eq!(
            super::redacted_url("sqlite://data/hocso.db"),
            "sqlite://data/hocso.db"
        );
        assert_eq!(
            super::redacted_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }

    use super::*;

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(backend_of("sqlite://data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert!(matches!(
            backend_of("mysql://h/db"),
            Err(DbError::UnsupportedUrl(_))
        ));
    }

    #[test]
    fn a_sqlite_file_url_asks_for_creation() {
        let dir = std::env::temp_dir().join("hocso-url-test");
        let url = format!("sqlite://{}/sub/x.db", dir.display());
        let prepared = prepare_sqlite_url(&url).unwrap();
        assert!(prepared.ends_with("/sub/x.db?mode=rwc"), "{prepared}");
        assert!(dir.join("sub").is_dir());
        assert_eq!(
            prepare_sqlite_url("sqlite::memory:").unwrap(),
            "sqlite::memory:"
        );
    }
}
