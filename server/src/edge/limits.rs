//! Bounded requests: a body limit per route (413), a time limit for sending
//! the body (408), and a cap on requests in flight (503). The time limit for
//! handling a request is tower-http's `TimeoutLayer` (503), set in the router.
//!
//! A route's large limit (an image upload, a saved quiz, a roster file) is
//! granted only to a requester the access table lets through, known from
//! the session cookie before a byte of the body is read: anyone else gets the
//! default limit, so an anonymous 5 MB post costs 64 KB at most. When the
//! session cannot be judged without the full request path (its idle mark is
//! due), the large limit is granted but only [`LARGE_UNJUDGED`] such bodies
//! are read at once.

use app::domain::access::{Access, required_access};
use app::i18n::cookie_value;
use app::ssr::AppState;
use app::ssr::auth::{Known, SESSION_COOKIE};
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How large a request body each route accepts.
#[derive(Clone, Debug)]
pub struct BodyLimits {
    default: usize,
    /// (path prefix, bytes): the longest matching prefix wins.
    routes: Vec<(String, usize)>,
}

impl BodyLimits {
    /// Every route gets `default` bytes: forms and server functions need
    /// little, so a large default would only be room for abuse.
    pub fn new(default: usize) -> BodyLimits {
        BodyLimits {
            default,
            routes: Vec::new(),
        }
    }

    /// Gives paths under `prefix` their own limit (a lesson saved without
    /// JavaScript, a pasted quiz, a CSV of officials, an image upload).
    #[must_use]
    pub fn with_route(mut self, prefix: &str, bytes: usize) -> BodyLimits {
        self.routes.push((prefix.to_owned(), bytes));
        self
    }

    pub fn for_path(&self, path: &str) -> usize {
        self.routes
            .iter()
            .filter(|(prefix, _)| path.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(self.default, |(_, bytes)| *bytes)
    }
}

/// Large bodies read at once for sessions that cannot be judged cheaply.
pub const LARGE_UNJUDGED: usize = 4;

/// What [`bounded_body`] needs.
#[derive(Clone)]
pub struct BodyPolicy {
    pub limits: BodyLimits,
    /// The whole body must arrive within this time.
    pub timeout: Duration,
    /// Who is asking, for a route's large limit (none: granted to all, for tests).
    pub app: Option<AppState>,
    /// Permits for large bodies of sessions not judged ([`LARGE_UNJUDGED`]).
    pub unjudged: Arc<Semaphore>,
}

impl BodyPolicy {
    pub fn new(limits: BodyLimits, timeout: Duration, app: Option<AppState>) -> BodyPolicy {
        BodyPolicy {
            limits,
            timeout,
            app,
            unjudged: Arc::new(Semaphore::new(LARGE_UNJUDGED)),
        }
    }

    /// The limit for this request: the route's, when the requester may use
    /// it (with a permit when that cannot be told cheaply), else the default.
    async fn limit_for(
        &self,
        path: &str,
        session: Option<String>,
    ) -> (usize, Option<OwnedSemaphorePermit>) {
        let route = self.limits.for_path(path);
        let Some(app) = &self.app else {
            return (route, None);
        };
        if route <= self.limits.default {
            return (route, None);
        }
        let access = required_access(path);
        if access == Access::Public {
            return (route, None);
        }
        let Some(id) = session else {
            return (self.limits.default, None);
        };
        match app
            .auth
            .viewers
            .known(&app.db, &app.auth.sessions, &id)
            .await
        {
            Ok(Known::Viewer(viewer)) if access.check(Some(&viewer)).is_ok() => (route, None),
            Ok(Known::FullPath) => match self.unjudged.clone().try_acquire_owned() {
                Ok(permit) => (route, Some(permit)),
                Err(_) => (self.limits.default, None),
            },
            Ok(_) => (self.limits.default, None),
            Err(e) => {
                tracing::warn!(error = %e, "body limit: session unreadable");
                (self.limits.default, None)
            }
        }
    }
}

/// The session id a request's cookies carry.
fn session_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| cookie_value(cookie, SESSION_COOKIE))
}

fn plain(status: StatusCode, message: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            // the rest of the body is not read: the connection cannot be reused
            (header::CONNECTION, HeaderValue::from_static("close")),
        ],
        message,
    )
        .into_response()
}

fn too_large(limit: usize) -> Response {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "Dữ liệu gửi lên quá lớn (tối đa {} KB).\n",
            limit.div_ceil(1024)
        ),
    )
}

/// Reads the request body within its route's size and time limits before
/// anything else sees it: a declared length over the limit is refused at once
/// (413) without reading a byte; a body that grows past it while streaming
/// also gets 413; one that arrives too slowly gets 408. Bodies that fit are
/// handed on whole, so handlers never meet a half-read body.
pub async fn bounded_body(
    State(policy): State<Arc<BodyPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let session = session_cookie(request.headers()).map(str::to_owned);
    let path = request.uri().path().to_owned();
    let (limit, _permit) = policy.limit_for(&path, session).await;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(policy.timeout, Limited::new(body, limit).collect()).await;
    match read {
        Err(_) => plain(
            StatusCode::REQUEST_TIMEOUT,
            "Gửi dữ liệu quá chậm; vui lòng thử lại.\n".to_owned(),
        ),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => too_large(limit),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "request body unreadable");
            plain(
                StatusCode::BAD_REQUEST,
                "Không đọc được dữ liệu gửi lên.\n".to_owned(),
            )
        }
        Ok(Ok(collected)) => {
            next.run(Request::from_parts(parts, Body::from(collected.to_bytes())))
                .await
        }
    }
}

/// Refuses requests beyond `permits` in flight with 503, so an overload is
/// answered quickly instead of queueing until memory runs out.
pub async fn in_flight(
    State(permits): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = permits.try_acquire() else {
        let mut busy = plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "Máy chủ đang bận, vui lòng thử lại sau giây lát.\n".to_owned(),
        );
        busy.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return busy;
    };
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_matching_prefix_sets_the_limit() {
        let limits = BodyLimits::new(64 * 1024)
            .with_route("/api/editor", 1024 * 1024)
            .with_route("/api/editor/image", 8 * 1024 * 1024);
        assert_eq!(limits.for_path("/api/auth/sign_in"), 64 * 1024);
        assert_eq!(limits.for_path("/api/editor/save"), 1024 * 1024);
        assert_eq!(limits.for_path("/api/editor/image"), 8 * 1024 * 1024);
    }

    #[test]
    fn the_message_names_the_limit_in_kilobytes() {
        let response = too_large(64 * 1024);
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
