//! The HTTP side of the page cache (see `app::ssr::page_cache`): which
//! requests it may answer, and how an entry is built by rendering a template
//! request through the rest of the application.
//!
//! Only a plain `GET` of a lesson or an article page, without a query and
//! without a session cookie, is answered from the cache: everything else,
//! including every signed-in reader, goes through the full render. A miss is
//! rendered in full as usual and, when it answered 200, starts one background
//! build of the entry; an entry older than `MAX_AGE` is rebuilt the same way
//! while it keeps being served. A rebuild that fails for want of the database
//! keeps the previous copy in service (unless an import made it out of date);
//! a page that is gone (404) is dropped.

use crate::edge::headers::CspNonce;
use app::components::{lesson_progress_html, user_menu_html};
use app::i18n::{LANG_COOKIE, Lang, cookie_value};
use app::ssr::AppState;
use app::ssr::auth::{Known, SESSION_COOKIE};
use app::ssr::learning;
use app::ssr::page_cache::{BuildClaim, Encoding, Entry, PageKey, Template, TemplateRender};
use app::ssr::views::ViewTarget;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tower::ServiceExt;

/// A page larger than this is not cached.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The middleware's state: the application, and its router without this
/// middleware, through which templates are rendered. Behind an `Arc`: axum
/// clones a middleware's state for every request.
#[derive(Clone)]
pub struct CachedPages(Arc<Shared>);

pub struct Shared {
    app: AppState,
    render: Router,
    metrics: Arc<crate::metrics::Metrics>,
}

impl std::ops::Deref for CachedPages {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl CachedPages {
    pub fn new(
        app: AppState,
        render: Router,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> CachedPages {
        CachedPages(Arc::new(Shared {
            app,
            render,
            metrics,
        }))
    }

    /// Starts building `key`'s entry unless a build is already running.
    fn rebuild(&self, key: &PageKey, generation: u64) {
        let Some(claim) = self.app.pages.claim_build(key) else {
            return;
        };
        let this = self.clone();
        tokio::spawn(async move { this.build(claim, generation).await });
    }

    async fn build(self, claim: BuildClaim, generation: u64) {
        let key = claim.key();
        let template = TemplateRender::new();
        let mut request = Request::new(Body::empty());
        let (Ok(uri), Ok(cookie)) = (
            key.path.parse(),
            HeaderValue::from_str(&format!("{LANG_COOKIE}={}", key.lang.code())),
        ) else {
            return;
        };
        *request.uri_mut() = uri;
        request.headers_mut().insert(header::COOKIE, cookie);
        request.extensions_mut().insert(template.clone());
        let response = match self.render.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let found = template.take();
        let counted = is_count_page(&key.path);
        let found = match (parts.status, found) {
            (StatusCode::OK, found) if found.is_some() == counted => found,
            (StatusCode::OK | StatusCode::NOT_FOUND, _) => {
                // Gone, or no longer a page with a count: stop serving it.
                self.app.pages.remove(key);
                return;
            }
            (status, _) => {
                // The database may be briefly unavailable: readers keep the
                // copy they have (their views wait in the counter) and the
                // next read tries again.
                tracing::warn!(path = %key.path, %status, "page cache: rebuild failed; keeping the previous copy");
                return;
            }
        };
        let html = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(path = %key.path, error = %e, "page not cached: body unreadable");
                return;
            }
        };
        let mut headers = parts.headers;
        for name in [
            header::SET_COOKIE,
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
        ] {
            headers.remove(name);
        }
        let progress = lesson_of(&key.path)
            .map(|(course, lesson)| lesson_progress_html(course, lesson, None, key.lang));
        let parsed = std::str::from_utf8(&html).ok().and_then(|html| {
            Template::parse(html, key.lang, headers, counted, progress.as_deref())
        });
        match parsed {
            Some(template) => {
                self.app
                    .pages
                    .insert(key.clone(), Entry::new(template, found, generation));
            }
            None => {
                tracing::warn!(path = %key.path, "page not cached: its view count or account corner was not found in it");
                self.app.pages.remove(key);
            }
        }
    }
}

/// Answers cacheable requests from the cache when it can; see the module text.
pub async fn serve_cached(
    State(cached): State<CachedPages>,
    request: Request,
    next: Next,
) -> Response {
    let Some((key, session)) = cache_key(&request) else {
        return next.run(request).await;
    };
    // A signed-in reader gets the same page with the header's account corner
    // made for them; what their session stands for is read at most once a
    // second (sign-out and role changes on any server show within that).
    let viewer = match session {
        None => None,
        Some(id) => {
            let app = &cached.app;
            match app
                .auth
                .viewers
                .known(&app.db, &app.auth.sessions, &id)
                .await
            {
                Ok(Known::Viewer(viewer)) => Some(viewer),
                Ok(Known::Nobody) => None,
                Ok(Known::FullPath) => return next.run(request).await,
                Err(e) => {
                    tracing::warn!(error = %e, "page cache: session unreadable; full render");
                    return next.run(request).await;
                }
            }
        }
    };
    // Lists and course pages show a signed-in learner's own progress
    // throughout: rendered for them.
    if viewer.is_some() && !is_count_page(&key.path) {
        return next.run(request).await;
    }
    let menu = viewer
        .as_ref()
        .map(|viewer| user_menu_html(Some(viewer), key.lang));
    let generation = cached.app.db.content_generation();
    if let Some(entry) = cached.app.pages.get(&key)
        && entry.is_current(generation)
    {
        if entry.is_old() {
            cached.rebuild(&key, generation);
        }
        // The response's nonce, made by the security-headers layer and named
        // in its Content-Security-Policy.
        let nonce = request.extensions().get::<CspNonce>().map_or_else(
            || leptos::nonce::Nonce::new().to_string(),
            |n| n.0.to_string(),
        );
        // A lesson's progress box, for a signed-in learner: their own state.
        let progress = match (&viewer, entry.target(), lesson_of(&key.path)) {
            (Some(viewer), Some(ViewTarget::Lesson(lesson_id)), Some((course, lesson))) => {
                match learning::lesson_state(&cached.app.db, viewer.id, lesson_id).await {
                    Ok(state) => Some(lesson_progress_html(course, lesson, Some(state), key.lang)),
                    Err(e) => {
                        tracing::warn!(error = %e, "page cache: progress unreadable; full render");
                        return next.run(request).await;
                    }
                }
            }
            _ => None,
        };
        let encoding = if accepts_gzip(request.headers()) {
            Encoding::Gzip
        } else {
            Encoding::Identity
        };
        let mut response = Response::new(Body::new(entry.serve(
            &cached.app.views,
            &nonce,
            menu.as_deref(),
            progress.as_deref(),
            encoding,
        )));
        *response.headers_mut() = entry.headers().clone();
        // Whatever was asked, the answer varies with Accept-Encoding.
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if encoding == Encoding::Gzip {
            // Set here, the compression layer leaves the body alone.
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        cached.metrics.page_cache_hit();
        return response;
    }
    cached.metrics.page_cache_miss();
    let response = next.run(request).await;
    if response.status() == StatusCode::OK {
        cached.rebuild(&key, generation);
    }
    response
}

/// Whether the client takes gzip (`Accept-Encoding: br, gzip` from every
/// browser). Cache hits answer such clients with the template's precompressed
/// pieces; brotli streams cannot be spliced, so they do not get brotli.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// The cache key of a request the cache may answer, and the session id the
/// request carries, if any.
fn cache_key(request: &Request) -> Option<(PageKey, Option<String>)> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = request.uri().path();
    if !is_cached_page(path) || !is_canonical(path) {
        return None;
    }
    let headers = request.headers();
    let session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| cookie_value(cookie, SESSION_COOKIE))
        .map(str::to_owned);
    let key = PageKey {
        path: path.to_owned(),
        // The same choice as the render's (`app::request_lang`).
        lang: Lang::from_headers(headers),
    };
    Some((key, session))
}

/// Whether every segment after the section is a slug as stored: other
/// spellings of the same address (`/bai-viet/%61i-la-gi`) reach the same
/// page through the router, but each would be an entry of its own, so they
/// are rendered in full and never cached.
fn is_canonical(path: &str) -> bool {
    path.split('/')
        .skip(2)
        .all(|segment| app::domain::Slug::parse(segment).is_ok())
}

/// `(course, lesson)` of a lesson page's path.
fn lesson_of(path: &str) -> Option<(&str, &str)> {
    let mut segments = path.split('/').skip(1);
    match (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        (Some("khoa-hoc"), Some(course), Some(lesson), None)
            if !course.is_empty() && !lesson.is_empty() =>
        {
            Some((course, lesson))
        }
        _ => None,
    }
}

/// Pages the cache answers: the home page, the course and article lists, a
/// course, and (with their view counts) lessons and articles.
pub fn is_cached_page(path: &str) -> bool {
    matches!(path, "/" | "/khoa-hoc" | "/bai-viet") || is_count_page(path) || {
        let mut segments = path.split('/').skip(1);
        segments.next() == Some("khoa-hoc")
            && segments.next().is_some_and(|s| !s.is_empty())
            && segments.next().is_none()
    }
}

/// `/khoa-hoc/{course}/{lesson}` and `/bai-viet/{article}`: pages that show
/// (and count) views.
pub fn is_count_page(path: &str) -> bool {
    let mut segments = path.split('/').skip(1);
    let segment = |s: Option<&str>| s.is_some_and(|s| !s.is_empty());
    match segments.next() {
        Some("khoa-hoc") => {
            segment(segments.next()) && segment(segments.next()) && segments.next().is_none()
        }
        Some("bai-viet") => segment(segments.next()) && segments.next().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(uri: &str, headers: &[(&str, &str)]) -> Request {
        let mut request = Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn reading_pages_and_lists_are_cached_for_everyone() {
        let key = |uri, headers| cache_key(&get(uri, headers));
        for uri in [
            "/",
            "/khoa-hoc",
            "/khoa-hoc/a",
            "/khoa-hoc/a/b",
            "/bai-viet",
            "/bai-viet/a",
        ] {
            assert!(key(uri, &[]).is_some(), "{uri}");
        }
        for uri in [
            "/khoa-hoc/a/b/c",
            "/bai-viet/",
            "/bai-viet/a?x=1",
            "/bai-viet?trang=2",
            "/api/lesson",
            "/tai-khoan",
            "/kiem-tra/a",
            "/bai-viet/%61i-la-gi",
            "/khoa-hoc/A",
            "/khoa-hoc/a/b%2D",
        ] {
            assert!(key(uri, &[]).is_none(), "{uri}");
        }
        let signed_in = format!("lang=en; {SESSION_COOKIE}=abc");
        let (_, session) = key("/bai-viet/a", &[("cookie", &signed_in)]).unwrap();
        assert_eq!(session.as_deref(), Some("abc"));
        assert!(is_count_page("/bai-viet/a") && !is_count_page("/khoa-hoc/a"));
        let post = Request::builder()
            .method(Method::POST)
            .uri("/bai-viet/a")
            .body(Body::empty())
            .unwrap();
        assert!(cache_key(&post).is_none());
    }

    #[test]
    fn gzip_is_used_when_the_client_takes_it() {
        let takes = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_gzip(&headers)
        };
        assert!(takes("br, gzip"));
        assert!(takes("gzip, deflate, br, zstd"));
        assert!(takes("GZIP;q=0.5"));
        assert!(takes("*"));
        assert!(!takes("br"));
        assert!(!takes("gzip;q=0, br"));
        assert!(!takes("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_key_carries_the_chosen_language() {
        let lang = |headers| cache_key(&get("/bai-viet/a", headers)).unwrap().0.lang;
        assert_eq!(lang(&[]), Lang::Vi);
        assert_eq!(
            lang(&[("accept-language", "en-US,en;q=0.9")]),
            Lang::Vi,
            "a phone set to English still reads Vietnamese"
        );
        let english = format!("{LANG_COOKIE}=en");
        assert_eq!(
            lang(&[("accept-language", "vi"), ("cookie", &english)]),
            Lang::En
        );
    }
}
