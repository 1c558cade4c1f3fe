//! Server functions: thin, they parse input, call the data layer and map errors.

mod content;

pub use content::*;

/// Logs an internal error with its context and gives the browser only
/// [`ApiError::Internal`](crate::domain::ApiError::Internal).
#[cfg(feature = "ssr")]
pub(crate) fn internal(
    context: &'static str,
) -> impl FnOnce(sqlx::Error) -> crate::domain::ApiError {
    move |e| {
        tracing::error!(error = %e, context, "database error");
        crate::domain::ApiError::Internal
    }
}
