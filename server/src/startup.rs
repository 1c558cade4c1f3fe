//! Builds the application: database, migrations, content import, router.
//! `main` stays thin and tests start the same application on a free port.

use crate::edge::EdgeSettings;
use crate::edge::client::client_addr;
use crate::edge::headers::{CspNonce, HeaderPolicy, security_headers};
use crate::edge::limits::{BodyLimits, BodyPolicy, bounded_body, in_flight};
use crate::metrics::Metrics;
use crate::page_cache::{CachedPages, serve_cached};
use crate::render_threads::RenderThreads;
use anyhow::Context;
use app::domain::access::safe_return_path;
use app::i18n::{Lang, lang_cookie};
use app::ssr::AppState;
use app::ssr::auth::{Auth, DbSessionStore, SESSION_COOKIE, SessionSettings};
use app::ssr::db::{Backend, Db};
use app::ssr::import::import_dir;
use app::ssr::page_cache::PageCache;
use app::ssr::views::ViewCounter;
use app::{App, shell};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    /// Content folder to import at start-up; `None` skips the import.
    pub content_dir: Option<PathBuf>,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Built site (`LEPTOS_SITE_ROOT`); defaults to leptos' `target/site`.
    pub site_root: Option<PathBuf>,
    pub sessions: SessionSettings,
    /// Password hashes computed at once (each takes ~19 MiB and one core).
    pub hashing_concurrency: usize,
    /// Failed sign-ins one client address may make at once.
    pub sign_in_per_ip_burst: u32,
    /// Sign-ins (right or wrong) one client address may make at once.
    pub sign_ins_per_ip_burst: u32,
    /// Request limits, timeouts, proxies and the other HTTP-edge policies.
    pub edge: EdgeSettings,
    /// The address readers reach the site at, without a trailing slash
    /// (see [`parse_public_url`]): absolute URLs in link previews.
    pub public_url: String,
    /// See `AppState::review_by_other`.
    pub review_by_other: bool,
    /// Reminders of required courses, and e-mail when SMTP is configured.
    pub reminders: crate::reminders::ReminderSettings,
    /// Threads that render (see [`crate::render_threads`]); 0 renders on
    /// the runtime's workers, only to measure what the threads cost.
    pub render_threads: usize,
}

/// Every setting, the database address without its password.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field(
                "database_url",
                &app::ssr::db::redacted_url(&self.database_url),
            )
            .field("content_dir", &self.content_dir)
            .field("addr", &self.addr)
            .field("site_root", &self.site_root)
            .field("sessions", &self.sessions)
            .field("hashing_concurrency", &self.hashing_concurrency)
            .field("sign_in_per_ip_burst", &self.sign_in_per_ip_burst)
            .field("sign_ins_per_ip_burst", &self.sign_ins_per_ip_burst)
            .field("edge", &self.edge)
            .field("public_url", &self.public_url)
            .field("review_by_other", &self.review_by_other)
            .field("reminders", &self.reminders)
            .field("render_threads", &self.render_threads)
            .finish()
    }
}

/// The default public address: the default listening address.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:3000";

/// A public address: `http://` or `https://`, a host, maybe a path prefix;
/// any trailing slash is dropped.
pub fn parse_public_url(value: &str) -> Result<String, String> {
    let url = value.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("{value:?} must start with http:// or https://"))?;
    if host.is_empty() || host.starts_with('/') || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "{value:?} is not a site address like https://hocso.example.vn"
        ));
    }
    Ok(url.to_owned())
}

impl Settings {
    /// Defaults for `database_url`: no import, a free port, hashing on half the cores.
    pub fn new(database_url: impl Into<String>) -> Settings {
        Settings {
            database_url: database_url.into(),
            content_dir: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: None,
            sessions: SessionSettings::default(),
            hashing_concurrency: default_hashing_concurrency(),
            sign_in_per_ip_burst: app::ssr::auth::Throttle::SIGN_IN_PER_IP_BURST,
            sign_ins_per_ip_burst: app::ssr::auth::Throttle::SIGN_INS_PER_IP_BURST,
            edge: EdgeSettings::default(),
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
            review_by_other: true,
            reminders: crate::reminders::ReminderSettings::default(),
            render_threads: RenderThreads::per_core(),
        }
    }
}

/// Half the cores (at least one): sign-in floods then leave the other half to pages.
pub fn default_hashing_concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    let migrator = match db.backend() {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(db.pool()).await.context("running migrations")
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    edge: EdgeSettings,
    state: AppState,
    flusher: tokio::task::JoinHandle<()>,
    housekeeping: Vec<tokio::task::JoinHandle<()>>,
    /// Kept until the database is closed: connections opened on a render
    /// thread belong to its runtime, which ends with the last handle.
    render_threads: RenderThreads,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        // First: leptos's spawner must be ours before anything renders.
        let render_threads = RenderThreads::new(settings.render_threads);
        let db = Db::connect(&settings.database_url)
            .await
            .context("connecting to the database")?;
        migrate(&db).await?;
        if let Some(dir) = &settings.content_dir {
            // A broken file or folder must not keep the site down: report and go on.
            match import_dir(&db, dir).await {
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "content import failed; serving what the database has")
                }
            }
        }
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("binding {}", settings.addr))?;
        let leptos_options = leptos_options(&settings, listener.local_addr()?)?;
        let views = ViewCounter::new();
        let flusher = views.spawn_flusher(db.clone());
        let auth = Auth::new(
            settings.sessions.clone(),
            settings.hashing_concurrency,
            app::ssr::auth::Throttle::with_sign_ins(
                settings.sign_in_per_ip_burst,
                settings.sign_ins_per_ip_burst,
            ),
        );
        let store = DbSessionStore::new(db.clone());
        let pages = PageCache::new();
        let housekeeping = vec![
            every(Duration::from_secs(60), {
                let pages = pages.clone();
                move || {
                    let left = pages.sweep();
                    tracing::debug!(pages = left, "page cache swept");
                }
            }),
            every(Duration::from_secs(60), {
                let viewers = auth.viewers.clone();
                move || {
                    let left = viewers.sweep();
                    tracing::debug!(sessions = left, "viewer cache swept");
                }
            }),
            store.spawn_cleanup(Duration::from_secs(600)),
            spawn_content_watch(db.clone()),
            tokio::spawn({
                let db = db.clone();
                async move {
                    let mut tick = tokio::time::interval(Duration::from_secs(300));
                    loop {
                        tick.tick().await;
                        if let Err(e) = db.throttle_prune().await {
                            tracing::warn!(error = %e, "pruning attempt limits");
                        }
                    }
                }
            }),
        ];
        let mut housekeeping = housekeeping;
        housekeeping.push(crate::reminders::spawn(
            db.clone(),
            settings.reminders.clone(),
            settings.public_url.trim_end_matches('/').to_owned(),
        )?);
        let state = AppState {
            leptos_options,
            db,
            views,
            pages,
            auth,
            public_url: settings.public_url.trim_end_matches('/').into(),
            review_by_other: settings.review_by_other,
            mail_enabled: settings.reminders.mail.is_some(),
        };
        let secure = settings.sessions.secure_cookie;
        Ok(Application {
            router: router(
                state.clone(),
                store,
                render_threads.clone(),
                &settings.edge,
                secure,
            ),
            render_threads,
            listener,
            edge: settings.edge,
            state,
            flusher,
            housekeeping,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, lets in-flight requests finish,
    /// then writes the pending view counts and closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Application {
            listener,
            router,
            edge,
            state,
            flusher,
            housekeeping,
            render_threads,
        } = self;
        crate::edge::listener::serve(listener, router, &edge, shutdown).await;
        tracing::info!("stopped accepting requests; writing pending views");
        housekeeping.iter().for_each(tokio::task::JoinHandle::abort);
        state.views.shutdown();
        if let Err(e) = flusher.await {
            tracing::error!(error = %e, "view flusher failed");
        }
        state.db.close().await;
        drop(render_threads);
        Ok(())
    }
}

/// Every second: publishes the scheduled items whose time has come (each
/// once, whichever server gets there first: see `Db::publish_due`), and
/// reads the content epoch, so that a change made through another app
/// server (an editor publishing, archiving, an import) reaches this one's
/// page cache within a second.
fn spawn_content_watch(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut seen = None;
        loop {
            tick.tick().await;
            if let Err(e) = db.publish_due().await {
                tracing::warn!(error = %e, "publishing scheduled items");
            }
            match db.content_epoch().await {
                Ok(epoch) => {
                    if seen.is_some_and(|seen| seen != epoch) {
                        db.content_changed();
                    }
                    seen = Some(epoch);
                }
                Err(e) => tracing::warn!(error = %e, "reading the content epoch"),
            }
        }
    })
}

/// Runs `job` every `period` (first right away) until aborted.
fn every(period: Duration, mut job: impl FnMut() + Send + 'static) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            job();
        }
    })
}

fn leptos_options(settings: &Settings, addr: SocketAddr) -> anyhow::Result<LeptosOptions> {
    let mut options = leptos::config::get_configuration(None)
        .context("reading leptos configuration")?
        .leptos_options;
    options.site_addr = addr;
    if options.output_name.is_empty() {
        options.output_name = "hocso".into();
    }
    if let Some(root) = &settings.site_root {
        options.site_root = root.display().to_string().into();
    }
    // cargo-leptos writes hashed file names to `hash.txt` beside the binary; use
    // them whenever it is there, however the binary was started.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
            .is_some_and(|file| file.exists());
    }
    Ok(options)
}

fn router(
    state: AppState,
    store: DbSessionStore,
    render_threads: RenderThreads,
    edge: &EdgeSettings,
    https: bool,
) -> Router {
    let sessions = &state.auth.sessions;
    let session_layer = tower_sessions::SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(sessions.secure_cookie)
        .with_expiry(tower_sessions::Expiry::OnInactivity(
            time::Duration::seconds(i64::try_from(sessions.idle.as_secs()).unwrap_or(i64::MAX)),
        ));
    let options = state.leptos_options.clone();
    let routes = route_list();
    let pkg_dir = PathBuf::from(&*options.site_root).join(&*options.site_pkg_dir);
    // Hashed names change with their content, so browsers may keep them forever.
    let pkg_cache = HeaderValue::from_static(if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    });
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            pkg_cache,
        ));

    let app = Router::new()
        .route("/healthz", get(healthz))
        .route(
            crate::privacy::DATA_EXPORT_PATH,
            get(crate::privacy::download_my_data),
        )
        .route(
            "/ngon-ngu/{lang}",
            get(switch_language).post(choose_language),
        )
        .route(
            crate::learning::SUBMIT_QUIZ,
            post(crate::learning::submit_quiz),
        )
        .route(
            crate::learning::COMPLETE_LESSON,
            post(crate::learning::complete_lesson),
        )
        .route(
            crate::learning::REVOKE_CERTIFICATE,
            post(crate::learning::revoke_certificate),
        )
        .route(
            crate::editorial::UPLOAD_IMAGE,
            post(crate::editorial::upload_image).layer(axum::extract::DefaultBodyLimit::max(
                crate::editorial::UPLOAD_BODY_LIMIT,
            )),
        )
        .route(
            crate::authoring::SAVE_QUIZ,
            post(crate::authoring::save_quiz).layer(axum::extract::DefaultBodyLimit::max(
                crate::authoring::FORM_BODY_LIMIT,
            )),
        )
        .route(
            crate::authoring::SAVE_COURSE,
            post(crate::authoring::save_course).layer(axum::extract::DefaultBodyLimit::max(
                crate::authoring::FORM_BODY_LIMIT,
            )),
        )
        .route(
            crate::authoring::QUIZ_GIFT,
            get(crate::authoring::quiz_gift),
        )
        .route(
            crate::assignments::GIVE,
            post(crate::assignments::give_assignment),
        )
        .route(crate::assignments::EXPORT, get(crate::assignments::export))
        .route(
            crate::officials::UPLOAD_ROSTER,
            post(crate::officials::upload_roster).layer(axum::extract::DefaultBodyLimit::max(
                crate::officials::ROSTER_BODY_LIMIT,
            )),
        )
        .route(
            crate::editorial::IMAGE_FILE,
            get(crate::editorial::serve_image),
        )
        .route(app::components::SHARE_IMAGE_PATH, get(share_image))
        .route(
            "/favicon.ico",
            get(|| async { axum::response::Redirect::permanent("/favicon.svg") }),
        )
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .leptos_routes_with_context(&state, routes, use_response_nonce, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(
            crate::islands::drop_hydration_data,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::editorial::redirect_renamed,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::access::access_policy,
        ))
        .layer(session_layer)
        .layer(axum::middleware::from_fn(crate::access::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            render_threads,
            crate::render_threads::on_render_thread,
        ))
        .with_state(state.clone());
    // Anonymous readers of lessons and articles are answered from the page
    // cache, whose entries are rendered through the router above.
    let metrics = Metrics::new(edge.metrics_allowed.clone());
    let cached = CachedPages::new(state.clone(), app.clone(), metrics.clone());
    // an image upload is larger than any form; no other route gets more,
    // and only those the access table lets through get it
    let body = Arc::new(BodyPolicy::new(
        BodyLimits::new(edge.body_limit)
            .with_route(
                crate::editorial::UPLOAD_IMAGE,
                edge.body_limit.max(crate::editorial::UPLOAD_BODY_LIMIT),
            )
            .with_route(
                crate::authoring::SAVE_QUIZ,
                edge.body_limit.max(crate::authoring::FORM_BODY_LIMIT),
            )
            .with_route(
                crate::authoring::SAVE_COURSE,
                edge.body_limit.max(crate::authoring::FORM_BODY_LIMIT),
            )
            .with_route(
                crate::officials::UPLOAD_ROSTER,
                edge.body_limit.max(crate::officials::ROSTER_BODY_LIMIT),
            ),
        edge.body_timeout,
        Some(state.clone()),
    ));
    let headers = Arc::new(HeaderPolicy::new(https, &edge.extra_img_src));
    let app = app.route_service(
        "/metrics",
        get(crate::metrics::endpoint).with_state((metrics.clone(), state)),
    );
    // The edge and the page cache wrap the router from outside (outermost
    // first; see `crate::edge`), so a cache hit is answered before any
    // routing: axum clones a route's whole service, application state
    // included, for every request it routes.
    let edge_stack = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::metrics::observe,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(edge.trusted_proxies.clone()),
            client_addr,
        ))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(Semaphore::new(edge.max_requests.max(1))),
            in_flight,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            edge.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(body, bounded_body))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(cached, serve_cached))
        .service(app);
    Router::new().fallback_service(edge_stack)
}

/// The application's routes, listed once per process.
///
/// Listing them runs the app once with a process-wide leptos switch on
/// (`SuppressResourceLoad`): a resource first polled meanwhile, in any thread,
/// never loads, and its render hangs (leptos issue #4773). The first server
/// lists them before it serves, and every later one (tests start many per
/// process) reuses the list, so no render can ever overlap a listing.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Gives the render the script nonce the security-headers layer made for
/// this response, so the page's scripts carry the nonce its CSP names.
fn use_response_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// The link-preview image (`og:image`), built into the binary so that it is
/// there however the site's files were deployed. Made by `scripts/og-image.py`.
async fn share_image() -> Response {
    static PNG: &[u8] = include_bytes!("../../public/og-image.png");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        PNG,
    )
        .into_response()
}

/// `GET /ngon-ngu/{lang}?tiep=…`: this browser's interface language (a
/// cookie) and back to the page. A GET changes nothing stored: any site can
/// make a browser follow a link.
async fn switch_language(
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    language_chosen(lang, query.get("tiep").map(String::as_str))
}

/// `POST /ngon-ngu/{lang}` (the header's switch, `tiep` in the form): the
/// same, and for a signed-in person also their profile's language, which
/// follows them to a new device. Same-origin only, like every POST.
async fn choose_language(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(code): Path<String>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The switch works in this browser even when the profile cannot be saved.
    match app::ssr::auth::viewer(&session, &state.db, &state.auth.sessions).await {
        Ok(Some(viewer)) => {
            if let Err(e) = state.db.set_user_lang(viewer.id, lang).await {
                tracing::error!(error = %e, "saving the profile language");
            }
        }
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "loading the session for a language switch"),
    }
    language_chosen(lang, form.get("tiep").map(String::as_str))
}

/// The language cookie and the way back to a page of this site.
fn language_chosen(lang: Lang, back: Option<&str>) -> Response {
    let back = safe_return_path(back);
    let cookie = lang_cookie(lang);
    let (Ok(location), Ok(cookie)) = (HeaderValue::from_str(&back), HeaderValue::from_str(&cookie))
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_loses_its_trailing_slash() {
        assert_eq!(
            parse_public_url("https://hocso.example.vn/").as_deref(),
            Ok("https://hocso.example.vn")
        );
        assert_eq!(
            parse_public_url(DEFAULT_PUBLIC_URL).as_deref(),
            Ok(DEFAULT_PUBLIC_URL)
        );
        assert_eq!(
            parse_public_url("http://10.0.0.5:8080/hocso//").as_deref(),
            Ok("http://10.0.0.5:8080/hocso")
        );
    }

    #[test]
    fn a_public_url_is_an_http_address() {
        for bad in [
            "hocso.vn",
            "ftp://hocso.vn",
            "https://",
            "https:///x",
            "https://a.vn/?x=1",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }
}
