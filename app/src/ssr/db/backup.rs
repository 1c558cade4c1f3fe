//! Copies of a live SQLite database (`hocso backup`).

use super::{Backend, Db};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "hocso backup copies SQLite databases; back up PostgreSQL with pg_dump, e.g. \
         pg_dump --format=custom --file=hocso.dump \"$DATABASE_URL\""
    )]
    NotSqlite,
    #[error("{0} already exists; a backup never overwrites a file")]
    Exists(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

/// The file of a `sqlite://path` URL (`None` for in-memory databases).
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

impl Db {
    /// Writes a consistent copy of this SQLite database to `file`, which must
    /// not exist, with `VACUUM INTO`: it reads one snapshot, so the server
    /// keeps reading and writing meanwhile (WAL), and the copy is compact
    /// and needs no `-wal` file beside it.
    pub async fn backup_into(&self, file: &Path) -> Result<(), BackupError> {
        if self.backend != Backend::Sqlite {
            return Err(BackupError::NotSqlite);
        }
        if file.exists() {
            return Err(BackupError::Exists(file.display().to_string()));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(file.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// `PRAGMA integrity_check` of the SQLite file `file`, opened read-only:
/// `"ok"` or the problems found.
pub async fn sqlite_integrity(file: &Path) -> Result<String, sqlx::Error> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await?;
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await?;
    conn.close().await?;
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite://data/hocso.db?mode=rwc"),
            Some(PathBuf::from("data/hocso.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/hocso.db"),
            Some(PathBuf::from("/var/lib/hocso.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
    }
}
