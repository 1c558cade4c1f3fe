//! The command line: `hocso [serve] | migrate | import-content | create-admin | backup`.

use crate::edge::EdgeSettings;
use crate::edge::client::TrustedProxies;
use crate::startup::{Application, Settings};
use anyhow::Context;
use app::domain::{FullName, Identifier, Role};
use app::ssr::auth::{PasswordRules, Passwords, SessionSettings};
use app::ssr::db::{BackupError, CreateUserError, Db, sqlite_file, sqlite_integrity};
use app::ssr::import::{ImportOptions, import_dir_with};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Học Số: a digital-literacy learning platform.
#[derive(Parser, Debug)]
#[command(name = "hocso", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Parses the command line; without a subcommand it is `serve`, with
    /// serve's own flags and environment variables (not blank defaults).
    /// Exits with a usage message on bad input, as clap does.
    pub fn parse_with_default<I>(args: I) -> (Cli, Command)
    where
        I: IntoIterator,
        I::Item: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut cli = Cli::parse_from(args.iter().cloned());
        if cli.command.is_none() {
            cli = Cli::parse_from(args.into_iter().chain(["serve".into()]));
        }
        let command = cli
            .command
            .take()
            .expect("serve was added when no subcommand was given");
        (cli, command)
    }
}

/// An address that may carry a password (`DATABASE_URL`, `HOCSO_SMTP_URL`):
/// `--help` does not show its value from the environment, and `Debug`
/// shows it without the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(pub String);

impl std::str::FromStr for SecretUrl {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<SecretUrl, Self::Err> {
        Ok(SecretUrl(value.to_owned()))
    }
}

impl std::ops::Deref for SecretUrl {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", app::ssr::db::redacted_url(&self.0))
    }
}

/// Settings every command uses.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Database: `sqlite://path/to/file.db` (created on first run) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/hocso.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: SecretUrl,
    /// Folder of courses, lessons, articles and quizzes to import.
    #[arg(
        long,
        env = "HOCSO_CONTENT_DIR",
        default_value = "content",
        global = true
    )]
    pub content_dir: PathBuf,
}

#[derive(clap::Args, Debug, Default)]
pub struct ImportArgs {
    /// Also overwrite items edited in the editors' panel with their file
    /// (their panel revisions stay in their history).
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate, import content/, then serve the site (the default).
    Serve(ServeArgs),
    /// Apply the database migrations and exit.
    Migrate,
    /// Sync content/ into the database by slug and exit; view counts are kept,
    /// items whose file was deleted are hidden (and listed), not removed.
    /// Exits with status 2 when some files have problems (their items keep
    /// their last good version). Items edited in the editors' panel are
    /// kept as they are and listed, unless --force.
    ImportContent(ImportArgs),
    /// Create an administrator (or make an existing account one). The
    /// password is read from standard input, or asked for at a terminal;
    /// it is never taken from the command line.
    CreateAdmin(CreateAdminArgs),
    /// Read a quiz written in GIFT, Aiken or the Vietnamese "Câu 1 … Đáp
    /// án" layout. With --dry-run, print what was understood as JSON
    /// (`{"questions": […]}`, exit 0) or the problems with their line
    /// numbers (`{"errors": [{"line", "problem"}]}`, exit 2); nothing is saved.
    /// Without it, save the quiz as a draft in --course, titled --title, for
    /// editors to review in the panel (its address is printed).
    QuizImport(QuizImportArgs),
    /// Write a consistent copy of the live SQLite database to FILE (never
    /// overwriting a file) while the server keeps running, and check it. For
    /// PostgreSQL use pg_dump.
    Backup(BackupArgs),
    /// Make a demo city for trying and benchmarking the officials'
    /// features: units, officials (all signing in with --password),
    /// managers, city-wide assignments of the seeded courses and progress
    /// over the past months. Runs once: a second run changes nothing.
    DemoData(DemoDataArgs),
}

#[derive(Args, Debug)]
pub struct DemoDataArgs {
    #[arg(long, default_value_t = 50_000)]
    pub officials: usize,
    #[arg(long, default_value_t = 30)]
    pub departments: usize,
    #[arg(long, default_value_t = 56)]
    pub wards: usize,
    #[arg(long, default_value_t = 3)]
    pub sub_units: usize,
    #[arg(long, default_value_t = 20)]
    pub assignments: usize,
    /// The password of every demo account.
    #[arg(long, default_value = "hocso-demo-2026")]
    pub password: String,
}

/// `hocso demo-data`: migrates, imports content/ (the courses to assign)
/// and makes the demo city once.
pub async fn demo_data(common: &Common, args: &DemoDataArgs) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    import_dir_with(&db, &common.content_dir, ImportOptions::default())
        .await
        .context("importing content/")?;
    let started = std::time::Instant::now();
    let password_hash = Passwords::new(1)
        .hash(&args.password)
        .await
        .context("hashing the demo password")?;
    let report = db
        .demo_data(&app::ssr::db::DemoSpec {
            departments: args.departments,
            wards: args.wards,
            sub_units_per_ward: args.sub_units,
            officials: args.officials,
            assignments: args.assignments,
            password_hash,
        })
        .await
        .context("making the demo city")?;
    if report.already_there {
        println!(
            "The demo city ({}) is already there; nothing changed.",
            app::ssr::db::DEMO_CITY
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Made {} units, {} officials, {} assignments ({} people × assignment), \
         {} lessons read, {} quiz attempts and {} certificates in {:.1} s.",
        report.units,
        report.officials,
        report.assignments,
        report.assignees,
        report.history.lessons_read,
        report.history.attempts,
        report.history.certificates,
        started.elapsed().as_secs_f64()
    );
    for (phone, unit) in &report.managers {
        println!("  manager of {unit}: {phone} / {}", args.password);
    }
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct QuizImportArgs {
    /// The quiz file (UTF-8, with or without BOM; CRLF or LF).
    pub file: PathBuf,
    /// gift, aiken or vn (the Vietnamese "Câu 1 … Đáp án" layout).
    #[arg(long, value_parser = ["gift", "aiken", "vn"])]
    pub format: String,
    /// Print what was understood and save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The course (slug) the draft goes in; needed without --dry-run.
    #[arg(long, required_unless_present = "dry_run")]
    pub course: Option<String>,
    /// The draft's title; needed without --dry-run.
    #[arg(long, required_unless_present = "dry_run")]
    pub title: Option<String>,
    /// The draft's address (slug); made from the title when not given.
    #[arg(long)]
    pub slug: Option<String>,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The new file to write the copy to.
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct CreateAdminArgs {
    /// Mobile number (0905 123 456) or email to sign in with.
    pub identifier: String,
    /// Full name for a new account.
    #[arg(long, default_value = "Quản trị viên")]
    pub name: String,
}

#[derive(Args, Debug)]
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
    /// Threads that render pages, each request and the tasks its render
    /// spawns on one of them (default: one per core). 0 renders on the
    /// runtime's workers as plain leptos does, which can deadlock: only to
    /// measure what the threads cost (bench/dashboard.sh).
    #[arg(long, env = "HOCSO_RENDER_THREADS")]
    pub render_threads: Option<usize>,
    /// Mark the session cookie Secure (set when served over HTTPS).
    #[arg(long, env = "HOCSO_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Minutes without activity after which a session ends.
    #[arg(long, env = "HOCSO_SESSION_IDLE_MINUTES", default_value_t = 2 * 24 * 60)]
    pub session_idle_minutes: u64,
    /// Days after sign-in after which a session ends, however active.
    #[arg(long, env = "HOCSO_SESSION_MAX_DAYS", default_value_t = 30)]
    pub session_max_days: u64,
    /// Failed sign-ins one IP address may make at once (then one per 15 s).
    #[arg(long, env = "HOCSO_SIGNIN_PER_IP_BURST", default_value_t = app::ssr::auth::Throttle::SIGN_IN_PER_IP_BURST)]
    pub signin_per_ip_burst: u32,
    /// Sign-ins and activations, right or wrong, one IP address may make at
    /// once (then one per 2 s).
    #[arg(long, env = "HOCSO_SIGNINS_PER_IP_BURST", default_value_t = app::ssr::auth::Throttle::SIGN_INS_PER_IP_BURST)]
    pub signins_per_ip_burst: u32,
    /// Password hashes computed at once (default: half the cores).
    #[arg(long, env = "HOCSO_HASH_CONCURRENCY")]
    pub hash_concurrency: Option<usize>,
    /// Seconds a client has to send its request headers (then the connection is closed).
    #[arg(long, env = "HOCSO_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a client has to send its request body (then 408).
    #[arg(long, env = "HOCSO_BODY_TIMEOUT_SECS", default_value_t = 30)]
    pub body_timeout_secs: u64,
    /// Seconds a request may take to handle (then 503).
    #[arg(long, env = "HOCSO_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Open connections at most; more are answered 503 and closed.
    #[arg(long, env = "HOCSO_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,
    /// Requests handled at once at most; more are answered 503.
    #[arg(long, env = "HOCSO_MAX_REQUESTS", default_value_t = 1_024)]
    pub max_requests: usize,
    /// Request body size limit in KiB for routes without their own (then 413).
    #[arg(long, env = "HOCSO_BODY_LIMIT_KB", default_value_t = 64)]
    pub body_limit_kb: usize,
    /// Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR
    /// ranges, comma-separated (empty: none).
    #[arg(long, env = "HOCSO_TRUSTED_PROXIES", default_value = "", value_parser = TrustedProxies::parse)]
    pub trusted_proxies: TrustedProxies,
    /// Addresses or CIDR ranges allowed to read /metrics.
    #[arg(long, env = "HOCSO_METRICS_ALLOW", default_value = "127.0.0.1, ::1", value_parser = TrustedProxies::parse)]
    pub metrics_allow: TrustedProxies,
    /// Image sources the Content-Security-Policy allows besides this site
    /// and data: URLs, space-separated (e.g. https://anh.example.vn).
    #[arg(long, env = "HOCSO_CSP_IMG_SRC", default_value = "")]
    pub csp_img_src: String,
    /// The address readers reach the site at (absolute links in link
    /// previews), e.g. https://hocso.example.vn; no trailing slash needed.
    #[arg(long, env = "HOCSO_PUBLIC_URL", default_value = crate::startup::DEFAULT_PUBLIC_URL, value_parser = crate::startup::parse_public_url)]
    pub public_url: String,
    /// Whether an editor's revision must be approved by another editor (or
    /// an admin): true (the default) or false.
    #[arg(long, env = "HOCSO_REVIEW_BY_OTHER", default_value_t = true, action = clap::ArgAction::Set)]
    pub review_by_other: bool,
    /// Seconds between two looks for reminders due and e-mails to send.
    #[arg(long, env = "HOCSO_REMINDER_SECS", default_value_t = 60)]
    pub reminder_secs: u64,
    /// Reminders of a required course go out this many days before its deadline.
    #[arg(long, env = "HOCSO_REMIND_DAYS", default_value_t = app::domain::REMIND_DAYS_BEFORE)]
    pub remind_days: i64,
    /// SMTP server for e-mail (reminders, password reset links), e.g.
    /// smtps://user:pass@smtp.example.vn:465; none: no e-mail.
    #[arg(long, env = "HOCSO_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SecretUrl>,
    /// The sender of e-mails.
    #[arg(
        long,
        env = "HOCSO_MAIL_FROM",
        default_value = "Học Số <khong-tra-loi@hocso.local>"
    )]
    pub mail_from: String,
}

pub async fn serve(common: &Common, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        database_url: common.database_url.0.clone(),
        content_dir: (!args.no_import).then(|| common.content_dir.clone()),
        addr: args
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        site_root: args.site_root,
        sessions: SessionSettings {
            idle: Duration::from_secs(args.session_idle_minutes.max(1) * 60),
            absolute: Duration::from_secs(args.session_max_days.max(1) * 24 * 3600),
            secure_cookie: args.secure_cookies,
        },
        hashing_concurrency: args
            .hash_concurrency
            .unwrap_or_else(crate::startup::default_hashing_concurrency),
        sign_in_per_ip_burst: args.signin_per_ip_burst,
        sign_ins_per_ip_burst: args.signins_per_ip_burst,
        edge: EdgeSettings {
            header_timeout: Duration::from_secs(args.header_timeout_secs.max(1)),
            body_timeout: Duration::from_secs(args.body_timeout_secs.max(1)),
            request_timeout: Duration::from_secs(args.request_timeout_secs.max(1)),
            max_connections: args.max_connections.max(1),
            max_requests: args.max_requests.max(1),
            body_limit: args.body_limit_kb.max(1) * 1024,
            trusted_proxies: args.trusted_proxies,
            metrics_allowed: args.metrics_allow,
            extra_img_src: args
                .csp_img_src
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        },
        public_url: args.public_url,
        review_by_other: args.review_by_other,
        reminders: crate::reminders::ReminderSettings {
            every: std::time::Duration::from_secs(args.reminder_secs.max(1)),
            days_before: args.remind_days,
            mail: args
                .smtp_url
                .map(|smtp_url| crate::reminders::MailSettings {
                    smtp_url: smtp_url.0,
                    from: args.mail_from,
                }),
        },
        render_threads: args
            .render_threads
            .unwrap_or_else(crate::render_threads::RenderThreads::per_core),
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

pub async fn import_content(common: &Common, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    let options = ImportOptions { force: args.force };
    let report = import_dir_with(&db, &common.content_dir, options).await?;
    for kept in &report.kept {
        println!("kept {kept} (edited in the panel)");
    }
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    // Hidden items are not errors (their rows and counts are kept), but the
    // operator should see them: a deletion may have been a mistake.
    for hidden in &report.hidden {
        println!("{hidden}");
    }
    println!("{report}");
    db.close().await;
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub async fn backup(common: &Common, args: BackupArgs) -> anyhow::Result<ExitCode> {
    let url = &common.database_url;
    let Some(source) = sqlite_file(url) else {
        anyhow::ensure!(
            !url.starts_with("sqlite:"),
            "an in-memory database has nothing to back up"
        );
        return Err(BackupError::NotSqlite.into());
    };
    anyhow::ensure!(source.is_file(), "no database at {}", source.display());
    if args.file.exists() {
        return Err(BackupError::Exists(args.file.display().to_string()).into());
    }
    let db = Db::connect(url)
        .await
        .context("connecting to the database")?;
    let started = std::time::Instant::now();
    let written = db.backup_into(&args.file).await;
    db.close().await;
    written.with_context(|| format!("writing {}", args.file.display()))?;
    let integrity = sqlite_integrity(&args.file)
        .await
        .context("checking the copy")?;
    anyhow::ensure!(
        integrity == "ok",
        "the copy {} failed its integrity check: {integrity}",
        args.file.display()
    );
    let bytes = std::fs::metadata(&args.file)?.len();
    println!(
        "backup of {} written to {} ({bytes} bytes, {:.1} s); integrity check: ok",
        source.display(),
        args.file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mật khẩu (password): ")?;
        let again = rpassword::prompt_password("Nhập lại (repeat): ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

pub async fn create_admin(common: &Common, args: CreateAdminArgs) -> anyhow::Result<ExitCode> {
    let identifier = Identifier::parse(&args.identifier).map_err(|_| {
        anyhow::anyhow!(
            "{:?} is neither a Vietnamese mobile number nor an email",
            args.identifier
        )
    })?;
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    let user_id = match db.user_by_login(identifier.key()).await? {
        Some(user) => {
            println!(
                "{identifier} already has an account; making it an administrator (password unchanged)"
            );
            user.id
        }
        None => {
            let name =
                FullName::parse(&args.name).map_err(|p| anyhow::anyhow!("invalid name: {p:?}"))?;
            let password = read_password()?;
            let phone = match &identifier {
                Identifier::Phone(p) => Some(p),
                Identifier::Email(_) => None,
            };
            PasswordRules::check(&password, phone)
                .map_err(|p| anyhow::anyhow!("password refused: {p:?}"))?;
            let hash = Passwords::new(1).hash(&password).await?;
            let email = match &identifier {
                Identifier::Email(e) => Some(e),
                Identifier::Phone(_) => None,
            };
            match db.create_user(&name, phone, email, &hash).await {
                Ok(id) => id,
                Err(CreateUserError::Duplicate) => {
                    anyhow::bail!("{identifier} was registered meanwhile; run again")
                }
                Err(CreateUserError::Db(e)) => return Err(e.into()),
            }
        }
    };
    db.set_role(None, user_id, Role::Admin, true).await?;
    println!("{identifier} is an administrator");
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `hocso quiz-import FILE --format gift|aiken|vn [--dry-run]`.
pub async fn quiz_import(common: &Common, args: &QuizImportArgs) -> anyhow::Result<ExitCode> {
    use app::domain::{ItemFields, ItemKind, QuizBody};
    use app::ssr::editorial::workflow::{self, EditError, quiz_toml};
    use app::ssr::quiz_formats::{Format, read, to_json};
    let format = Format::from_code(&args.format).context("unknown format")?;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let result = read(format, &bytes);
    let questions = match (&result, args.dry_run) {
        (Ok(_), true) | (Err(_), _) => {
            println!("{}", to_json(&result));
            return Ok(if result.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            });
        }
        (Ok(questions), false) => questions.clone(),
    };
    let title = args.title.clone().unwrap_or_default();
    let fields = ItemFields {
        slug: args
            .slug
            .clone()
            .unwrap_or_else(|| app::domain::text::anchor(&title)),
        title,
        course: args.course.clone().unwrap_or_default(),
        ..ItemFields::default()
    };
    let body = QuizBody {
        questions: questions.into_iter().map(|q| q.into_source()).collect(),
        ..QuizBody::default()
    };
    let db = Db::connect(&common.database_url)
        .await
        .context("connecting to the database")?;
    crate::startup::migrate(&db).await?;
    let created = workflow::create_by(&db, None, ItemKind::Quiz, &fields, &quiz_toml(&body)).await;
    db.close().await;
    match created {
        Ok(id) => {
            println!(
                "Đã lưu bản nháp bài kiểm tra #{id} ({} câu): /bien-tap/quiz/{id}",
                body.questions.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(EditError::Invalid(problems)) => {
            for p in problems {
                eprintln!("hocso quiz-import: {}: {}", p.field, p.message);
            }
            Ok(ExitCode::from(2))
        }
        Err(EditError::SlugTaken) => {
            eprintln!("hocso quiz-import: {}", EditError::SlugTaken);
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_serves_with_the_real_defaults() {
        let (cli, command) = Cli::parse_with_default(["hocso", "--database-url", "sqlite://x.db"]);
        assert_eq!(&*cli.common.database_url, "sqlite://x.db");
        let Command::Serve(serve) = command else {
            panic!("serve expected")
        };
        assert_eq!(
            serve.signin_per_ip_burst,
            app::ssr::auth::Throttle::SIGN_IN_PER_IP_BURST
        );
        assert_eq!(
            serve.signins_per_ip_burst,
            app::ssr::auth::Throttle::SIGN_INS_PER_IP_BURST
        );
        assert_eq!(serve.session_idle_minutes, 2 * 24 * 60);
        assert_eq!(serve.session_max_days, 30);
        assert_eq!(serve.public_url, "http://127.0.0.1:3000");
    }

    #[test]
    fn the_public_url_is_kept_without_its_trailing_slash() {
        let cli = Cli::try_parse_from([
            "hocso",
            "serve",
            "--public-url",
            "https://hocso.example.vn/",
        ])
        .expect("a valid address");
        let Some(Command::Serve(serve)) = cli.command else {
            panic!("serve expected")
        };
        assert_eq!(serve.public_url, "https://hocso.example.vn");
        assert!(Cli::try_parse_from(["hocso", "serve", "--public-url", "hocso.vn"]).is_err());
    }

    #[test]
    fn a_subcommand_is_kept() {
        let (_, command) = Cli::parse_with_default(["hocso", "create-admin", "0905123456"]);
        assert!(matches!(command, Command::CreateAdmin(args) if args.identifier == "0905123456"));
    }
}
