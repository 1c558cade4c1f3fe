use app::ssr::import::{ImportReport, import_dir};
use hocso::startup::{Application, Settings};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one test per backend from `async fn name(backend: Backend)`,
/// each run by [`run`].
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                $crate::helpers::run(
                    concat!(module_path!(), "::", stringify!($name)),
                    super::$name($crate::helpers::Backend::Sqlite),
                )
            }) *
        }
        mod postgres {
            $(#[test]
            fn $name() {
                $crate::helpers::run(
                    concat!(module_path!(), "::", stringify!($name)),
                    super::$name($crate::helpers::Backend::Postgres),
                )
            }) *
        }
    };
}
pub(crate) use both_backends;

/// The longest any test here may take. The slowest take about a minute on
/// two busy cores.
const TEST_LIMIT: Duration = Duration::from_secs(600);

/// Runs one test on a runtime of its own (two workers, as the servers have
/// on a two-core machine), watched: a test still running after
/// [`TEST_LIMIT`] ends the whole run at once, naming itself, instead of
/// holding CI until its time limit. A stuck test cannot be cancelled, since
/// whatever is stuck may hold the runtime's timers too; the watchdog is a
/// thread of its own for that reason.
pub fn run(name: &'static str, test: impl std::future::Future<Output = ()>) {
    let (done, finished) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(TEST_LIMIT) {
            eprintln!(
                "\n{name} is still running after {} s: a hang. Stopping the test run.\n\
                 The servers' last log lines:\n{}",
                TEST_LIMIT.as_secs(),
                last_log_lines(60)
            );
            std::process::exit(101);
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("test runtime");
    runtime.block_on(test);
    drop(runtime);
    let _ = done.send(());
}

/// The end of what the servers logged, for a report.
fn last_log_lines(n: usize) -> String {
    let Some(logs) = LOGS.get() else {
        return String::new();
    };
    let logs = logs.lock().unwrap_or_else(|e| e.into_inner());
    let text = String::from_utf8_lossy(&logs);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "hocso_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

fn postgres_admin_url() -> String {
    std::env::var("HOCSO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub content_dir: PathBuf,
    pub database_url: String,
    pub db: app::ssr::db::Db,
    pub pages: app::ssr::page_cache::PageCache,
    pub state: app::ssr::AppState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _scratch: Scratch,
}

/// A scratch folder removed when the test ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read content folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A fresh, empty database of `backend`; returns its URL.
pub async fn fresh_database(backend: Backend, scratch: &Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/hocso.db", scratch.display()),
        Backend::Postgres => {
            sqlx::any::install_default_drivers();
            let admin_url = postgres_admin_url();
            let admin = AnyPoolOptions::new().max_connections(1).connect(&admin_url).await.unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL is required for these tests and is not reachable at {admin_url}: {e}\n\
                     start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start"
                )
            });
            let name = unique_name();
            // The name is ours (letters, digits, underscores), not user input.
            let create = sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"));
            admin.execute(create).await.expect("create test database");
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("database URL has a path");
            format!("{base}/{name}")
        }
    }
}

/// The one number `sql` selects, from `app`'s database.
pub async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(app.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts the server on a free port with a private copy of `content/`,
/// which `prepare` may change before start-up.
pub async fn spawn_app_with(backend: Backend, prepare: impl FnOnce(&Path)) -> TestApp {
    init_logs();
    let scratch = std::env::temp_dir().join(unique_name());
    let content_dir = scratch.join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"),
        &content_dir,
    );
    prepare(&content_dir);
    let database_url = fresh_database(backend, &scratch).await;
    start(database_url, content_dir, scratch, |_| {}).await
}

/// Starts the server with `configure` applied to its settings.
pub async fn spawn_app_configured(
    backend: Backend,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    init_logs();
    let scratch = std::env::temp_dir().join(unique_name());
    let content_dir = scratch.join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"),
        &content_dir,
    );
    let database_url = fresh_database(backend, &scratch).await;
    start(database_url, content_dir, scratch, configure).await
}

/// Settings that believe `X-Forwarded-For` from 127.0.0.1, so that
/// [`TestApp::visitor_from`] gives visitors addresses of their own.
pub fn trusting_localhost(settings: &mut Settings) {
    settings.edge.trusted_proxies =
        hocso::edge::client::TrustedProxies::parse("127.0.0.1/32, ::1").expect("proxies");
}

/// A second app server sharing `other`'s database, as in a scaled-out deployment.
pub async fn spawn_app_on(_backend: Backend, other: &TestApp) -> TestApp {
    spawn_app_on_configured(other, |_| {}).await
}

/// A second app server sharing `other`'s database, with `configure`
/// applied to its settings.
pub async fn spawn_app_on_configured(
    other: &TestApp,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let scratch = std::env::temp_dir().join(unique_name());
    let content_dir = scratch.join("content");
    copy_dir(&other.content_dir, &content_dir);
    start(other.database_url.clone(), content_dir, scratch, configure).await
}

async fn start(
    database_url: String,
    content_dir: PathBuf,
    scratch: PathBuf,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::new(database_url.clone());
    settings.content_dir = Some(content_dir.clone());
    settings.site_root = Some(scratch.join("site"));
    configure(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("application starts");
    let addr = app.addr();
    let db = app.state().db.clone();
    let pages = app.state().pages.clone();
    let state = app.state().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let client = http_client();
    TestApp {
        addr,
        client,
        content_dir,
        database_url,
        db,
        pages,
        state,
        shutdown: Some(tx),
        server: Some(server),
        _scratch: Scratch(scratch),
    }
}

/// A client that shows redirects instead of following them.
fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
}

fn http_client() -> reqwest::Client {
    client_builder().build().expect("http client")
}

static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
    std::sync::OnceLock::new();

/// Everything the servers of this test binary logged (at debug level and above).
pub fn captured_logs() -> String {
    let logs = LOGS
        .get()
        .expect("logging initialised")
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&logs).into_owned()
}

struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stderr().write_all(buf)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures the servers' logs (shown too with `TEST_LOG=1`).
fn init_logs() {
    let buffer = LOGS.get_or_init(Default::default).clone();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "debug,hyper=info,hyper_util=info,h2=info,reqwest=info",
        ))
        .with_ansi(false)
        .with_writer(move || Capture(buffer.clone()))
        .try_init();
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A new visitor: its own cookies, no redirects followed.
    pub fn visitor(&self) -> Visitor {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = client_builder()
            .cookie_provider(jar.clone())
            .build()
            .expect("http client");
        Visitor {
            client,
            base: format!("http://{}", self.addr),
            jar,
        }
    }

    /// A new visitor whose requests say they come from `address` (believed
    /// when the app trusts 127.0.0.1 as a proxy, see [`trusting_localhost`]).
    pub fn visitor_from(&self, address: &str) -> Visitor {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            address.parse().expect("an address header"),
        );
        let client = client_builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .build()
            .expect("http client");
        Visitor {
            client,
            base: format!("http://{}", self.addr),
            jar,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Page {
            status,
            body,
            headers,
        }
    }

    pub async fn import(&self) -> ImportReport {
        import_dir(&self.db, &self.content_dir)
            .await
            .expect("import runs")
    }

    /// The stored view count of an article.
    pub async fn stored_views(&self, slug: &str) -> u64 {
        self.db
            .article_views(slug)
            .await
            .expect("query views")
            .expect("article exists")
    }

    /// Waits until the stored count of `slug` reaches `expected` (flushes run
    /// every 250 ms); returns the last value seen.
    pub async fn wait_for_views(&self, slug: &str, expected: u64) -> u64 {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let seen = self.stored_views(slug).await;
            if seen >= expected || Instant::now() > deadline {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page cache holds an up-to-date `path` in `lang`
    /// (entries are built in the background after a first full render).
    pub async fn wait_until_cached(&self, path: &str, lang: app::i18n::Lang) {
        let key = app::ssr::page_cache::PageKey {
            path: path.to_owned(),
            lang,
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        let current = |entry: std::sync::Arc<app::ssr::page_cache::Entry>| {
            entry.is_current(self.db.content_generation())
        };
        while !self.pages.get(&key).is_some_and(current) {
            assert!(Instant::now() < deadline, "{path} was not cached");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Stops the server gracefully and waits for it (pending views are written).
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stops cleanly");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The integer inside the first `data-views="…"` of a page.
pub fn data_views(body: &str) -> u64 {
    let start =
        body.find("data-views=\"").expect("page shows a view count") + "data-views=\"".len();
    let end = start + body[start..].find('"').expect("closing quote");
    body[start..end].parse().expect("an integer")
}

/// One browser: keeps its cookies, sends this site's Origin on posts.
pub struct Visitor {
    pub client: reqwest::Client,
    pub base: String,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Visitor {
    async fn reply(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        Self::reply(
            self.client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .expect("GET"),
        )
        .await
    }

    /// A server function call as the hydrated page makes it (JSON back).
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .header("accept", "application/json")
            .form(form);
        Self::reply(request.send().await.expect("POST")).await
    }

    /// A plain HTML form post from `page` (JavaScript off).
    pub async fn submit(&self, page: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .header("referer", format!("{}{page}", self.base))
            .header("accept", "text/html,application/xhtml+xml")
            .form(form);
        Self::reply(request.send().await.expect("POST")).await
    }

    pub async fn register(&self, name: &str, identifier: &str, password: &str) -> Reply {
        self.call(
            "/api/auth/register",
            &[
                ("full_name", name),
                ("identifier", identifier),
                ("password", password),
                ("password_confirm", password),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, identifier: &str, password: &str) -> Reply {
        self.call(
            "/api/auth/sign_in",
            &[("identifier", identifier), ("password", password)],
        )
        .await
    }

    /// Who the server thinks this visitor is (`null` when nobody).
    pub async fn me(&self) -> serde_json::Value {
        self.call("/api/auth/me", &[]).await.json()
    }

    /// The current session cookie value, if any.
    pub fn session_id(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.base.parse().expect("base URL");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix("hocso_sid="))
            .map(str::to_owned)
    }

    /// Replaces this visitor's session cookie (to replay a stolen or old id).
    pub fn set_session_id(&self, id: &str) {
        let url: reqwest::Url = self.base.parse().expect("base URL");
        self.jar
            .add_cookie_str(&format!("hocso_sid={id}; Path=/"), &url);
    }
}

/// A password the editors' panel tests give the people they register.
pub const STAFF_PASSWORD: &str = "Biên tập mỗi ngày 2026";

static STAFF_PHONE: AtomicU32 = AtomicU32::new(300_000);

/// A signed-in person of `app` with `role` (`None`: a learner), and their
/// id. Wait [`roles_settle`] before their role counts.
pub async fn staff(app: &TestApp, name: &str, role: Option<app::domain::Role>) -> (Visitor, i64) {
    let visitor = app.visitor();
    let n = STAFF_PHONE.fetch_add(1, Ordering::Relaxed);
    let reply = visitor
        .register(
            name,
            &format!("0912 {:03} {:03}", n / 1000 % 1000, n % 1000),
            STAFF_PASSWORD,
        )
        .await;
    assert_eq!(reply.status, 200, "register: {}", reply.body);
    let id = visitor.me().await["id"].as_i64().expect("id");
    if let Some(role) = role {
        app.db.set_role(None, id, role, true).await.expect("grant");
    }
    (visitor, id)
}

/// Waits out the viewer cache (a second) after role changes.
pub async fn roles_settle() {
    tokio::time::sleep(Duration::from_millis(1100)).await;
}
