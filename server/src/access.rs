//! The HTTP edge of security: same-origin checks for every state-changing
//! request, and the access policy table for pages and server functions.

use app::domain::ApiError;
use app::domain::access::{Access, Denied, required_access};
use app::ssr::AppState;
use app::ssr::auth;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// The `host[:port]` of an `Origin` or `Referer` value.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether a request comes from a page of this site: its `Origin` (or, when a
/// browser omits it, its `Referer`) names the host the request was sent to.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER));
    source
        .and_then(|v| v.to_str().ok())
        .and_then(authority)
        .is_some_and(|from| from.eq_ignore_ascii_case(host))
}

/// Refuses state-changing requests (POST, PUT, PATCH, DELETE, server functions
/// included) that another site could have made a browser send.
pub async fn same_origin_writes(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
    (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
}

fn api_error(status: StatusCode, error: &ApiError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from(body),
    )
        .into_response()
}

/// Applies [`app::domain::access::PROTECTED`]: a visitor who is not signed in
/// is sent to sign in (pages) or refused with 401 (server functions); a
/// signed-in person without the role gets 403 (pages render their 403 page).
pub async fn access_policy(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let access = required_access(&path);
    if access == Access::Public {
        return next.run(request).await;
    }
    let viewer = match auth::viewer(&session, &state.db, &state.auth.sessions).await {
        Ok(viewer) => viewer,
        Err(e) => {
            tracing::error!(error = %e, "loading the session for the access policy");
            return api_error(StatusCode::INTERNAL_SERVER_ERROR, &ApiError::Internal);
        }
    };
    request
        .extensions_mut()
        .insert(auth::KnownViewer(viewer.clone()));
    let is_api = path.starts_with("/api/");
    match access.check(viewer.as_ref()) {
        Ok(()) => next.run(request).await,
        Err(Denied::SignInRequired) if is_api => {
            api_error(StatusCode::UNAUTHORIZED, &ApiError::Unauthorized)
        }
        Err(Denied::SignInRequired) => {
            let back = request
                .uri()
                .path_and_query()
                .map_or(path.clone(), |pq| pq.as_str().to_owned());
            let target = format!(
                "/dang-nhap?tiep={}",
                app::components::encode_query_value(&back)
            );
            let location =
                HeaderValue::from_str(&target).unwrap_or(HeaderValue::from_static("/dang-nhap"));
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Err(Denied::Forbidden) if is_api => api_error(StatusCode::FORBIDDEN, &ApiError::Forbidden),
        // the page's own guard renders the Vietnamese 403 page with status 403
        Err(Denied::Forbidden) => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn a_request_from_this_site_is_same_origin() {
        assert!(is_same_origin(&headers(&[
            ("host", "hocso.vn"),
            ("origin", "https://hocso.vn")
        ])));
        assert!(is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("referer", "http://127.0.0.1:3000/dang-nhap?x=1")
        ])));
    }

    #[test]
    fn other_sites_and_missing_origins_are_not() {
        assert!(!is_same_origin(&headers(&[
            ("host", "hocso.vn"),
            ("origin", "https://evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "hocso.vn"),
            ("origin", "https://hocso.vn.evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "hocso.vn"),
            ("origin", "null")
        ])));
        assert!(!is_same_origin(&headers(&[("host", "hocso.vn")])));
    }
}
