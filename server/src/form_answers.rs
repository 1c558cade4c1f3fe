//! Answers of the plain form posts the server handles itself (the
//! learner's and the editors' routes): a redirect that is never stored, or
//! an internal error, logged.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A 303 to `location`, never stored.
pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// A 500, with `e` logged under `context`.
pub fn failed(context: &'static str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, context, "form action failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
