//! The command line: `hocso [serve] | migrate | import-content`.

use crate::startup::{Application, Settings};
use anyhow::Context;
use app::ssr::db::Db;
use app::ssr::import::import_dir;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Học Số: a digital-literacy learning platform.
#[derive(Parser, Debug)]
#[command(name = "hocso", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings every command uses.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Database: `sqlite://path/to/file.db` (created on first run) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/hocso.db",
        global = true
    )]
    pub database_url: String,
    /// Folder of courses, lessons, articles and quizzes to import.
    #[arg(
        long,
        env = "HOCSO_CONTENT_DIR",
        default_value = "content",
        global = true
    )]
    pub content_dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate, import content/, then serve the site (the default).
    Serve(ServeArgs),
    /// Apply the database migrations and exit.
    Migrate,
    /// Sync content/ into the database by slug and exit; view counts are kept.
    /// Exits with status 2 when some files were skipped.
    ImportContent,
}

impl Default for Command {
    fn default() -> Self {
        Command::Serve(ServeArgs::default())
    }
}

#[derive(Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Folder of the built site (`pkg/` with the wasm, JS and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Skip importing content at start-up.
    #[arg(long)]
    pub no_import: bool,
}

pub async fn serve(common: &Common, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        database_url: common.database_url.clone(),
        content_dir: (!args.no_import).then(|| common.content_dir.clone()),
        addr: args
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        site_root: args.site_root,
    };
    let app = Application::build(settings).await?;
    tracing::info!("listening on http://{}", app.addr());
    app.run_until(crate::startup::shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

pub async fn migrate(common: &Common) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    println!("migrations applied");
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn import_content(common: &Common) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    let report = import_dir(&db, &common.content_dir).await?;
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    println!("{report}");
    db.close().await;
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
