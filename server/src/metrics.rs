//! `/metrics` in Prometheus text format, for the city's monitoring: requests
//! and latency by route class, page-cache hits, views waiting to be written,
//! database pool use and the password-hash queue. Readable only from the
//! addresses in `HOCSO_METRICS_ALLOW`.

use crate::edge::client::TrustedProxies;
use app::ssr::AppState;
use app::ssr::client::ClientAddr;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

/// Requests grouped by what they cost, not by path (bounded label values).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum RouteClass {
    /// A lesson or article page (page-cache candidates).
    Reading,
    /// Any other page.
    Page,
    /// Server functions.
    Api,
    /// `/pkg/…` and other files.
    Static,
    /// `/healthz`, `/metrics`.
    Ops,
}

impl RouteClass {
    pub fn of(path: &str) -> RouteClass {
        if path.starts_with("/api/") {
            RouteClass::Api
        } else if path.starts_with("/pkg/")
            || path.starts_with("/favicon")
            || path == app::components::SHARE_IMAGE_PATH
        {
            RouteClass::Static
        } else if path == "/healthz" || path == "/metrics" {
            RouteClass::Ops
        } else if crate::page_cache::is_count_page(path) {
            RouteClass::Reading
        } else {
            RouteClass::Page
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: RouteClass,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: RouteClass,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 4 s
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    page_cache_hits: Counter<u64, AtomicU64>,
    page_cache_misses: Counter<u64, AtomicU64>,
    pending_views: Gauge,
    db_connections: Gauge,
    db_idle: Gauge,
    hashes_running: Gauge,
    hashes_waiting: Gauge,
    allowed: TrustedProxies,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    pub fn new(allowed: TrustedProxies) -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("hocso");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        let page_cache_hits = Counter::default();
        let page_cache_misses = Counter::default();
        let pending_views = Gauge::default();
        let db_connections = Gauge::default();
        let db_idle = Gauge::default();
        let hashes_running = Gauge::default();
        let hashes_waiting = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route class and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by route class",
            latency.clone(),
        );
        registry.register(
            "page_cache_hits",
            "Lesson and article pages answered from the page cache",
            page_cache_hits.clone(),
        );
        registry.register(
            "page_cache_misses",
            "Cacheable pages rendered in full (no current cache entry)",
            page_cache_misses.clone(),
        );
        registry.register(
            "views_pending",
            "Page views recorded in memory and not yet written to the database",
            pending_views.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            db_connections.clone(),
        );
        registry.register("db_pool_idle", "Idle database connections", db_idle.clone());
        registry.register(
            "password_hashes_running",
            "Password hashes being computed",
            hashes_running.clone(),
        );
        registry.register(
            "password_hashes_waiting",
            "Password hashes waiting for a free slot",
            hashes_waiting.clone(),
        );
        Arc::new(Metrics {
            registry,
            requests,
            latency,
            page_cache_hits,
            page_cache_misses,
            pending_views,
            db_connections,
            db_idle,
            hashes_running,
            hashes_waiting,
            allowed,
        })
    }

    pub fn page_cache_hit(&self) {
        self.page_cache_hits.inc();
    }

    pub fn page_cache_miss(&self) {
        self.page_cache_misses.inc();
    }

    fn observe(&self, route: RouteClass, status: StatusCode, started: Instant) {
        self.requests
            .get_or_create(&RequestLabels {
                route,
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route })
            .observe(started.elapsed().as_secs_f64());
    }

    /// The text exposition, with the gauges read now.
    fn render(&self, app: &AppState) -> String {
        let gauge = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        self.pending_views
            .set(i64::try_from(app.views.pending_total()).unwrap_or(i64::MAX));
        let (size, idle) = app.db.pool_use();
        self.db_connections.set(i64::from(size));
        self.db_idle.set(gauge(idle));
        let (running, waiting) = app.auth.passwords.queue();
        self.hashes_running.set(gauge(running));
        self.hashes_waiting.set(gauge(waiting));
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "encoding metrics");
        }
        text
    }
}

/// Counts every request and its latency by route class.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = RouteClass::of(request.uri().path());
    let response = next.run(request).await;
    metrics.observe(route, response.status(), started);
    response
}

/// `GET /metrics`: the exposition, for allowed addresses only (404 to
/// everyone else, so it does not advertise itself).
pub async fn endpoint(
    State((metrics, app)): State<(Arc<Metrics>, AppState)>,
    request: Request,
) -> Response {
    let allowed = request
        .extensions()
        .get::<ClientAddr>()
        .is_some_and(|ClientAddr(ip)| metrics.allowed.contains(*ip));
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        metrics.render(&app),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fall_into_a_few_classes() {
        assert_eq!(RouteClass::of("/api/auth/sign_in"), RouteClass::Api);
        assert_eq!(RouteClass::of("/pkg/hocso.abc.wasm"), RouteClass::Static);
        assert_eq!(RouteClass::of("/khoa-hoc/a/b"), RouteClass::Reading);
        assert_eq!(RouteClass::of("/bai-viet/x"), RouteClass::Reading);
        assert_eq!(RouteClass::of("/khoa-hoc/a"), RouteClass::Page);
        assert_eq!(RouteClass::of("/metrics"), RouteClass::Ops);
    }
}
