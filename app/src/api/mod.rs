//! Server functions: thin, they check the session and role, parse input,
//! call the data layer and map errors.

mod account;
mod admin;
mod auth;
mod content;
mod editor;

pub use account::*;
pub use admin::*;
pub use auth::*;
pub use content::*;
pub use editor::*;

#[cfg(feature = "ssr")]
pub(crate) use guard::*;

#[cfg(feature = "ssr")]
mod guard {
    use crate::domain::access::{Access, Denied};
    use crate::domain::{ApiError, Viewer};
    use crate::ssr::AppState;
    use crate::ssr::auth;
    use http::StatusCode;

    /// Logs an internal error with its context and gives the browser only
    /// [`ApiError::Internal`].
    pub(crate) fn internal<E: std::fmt::Display>(
        context: &'static str,
    ) -> impl FnOnce(E) -> ApiError {
        move |e| {
            tracing::error!(error = %e, context, "internal error");
            ApiError::Internal
        }
    }

    /// Hashes a new password with the server's [`crate::ssr::auth::Passwords`].
    pub(crate) async fn hash_password(password: &str) -> Result<String, ApiError> {
        AppState::current()
            .auth
            .passwords
            .hash(password)
            .await
            .map_err(internal("hashing a password"))
    }

    /// Whether this request is a plain HTML form post (no JavaScript): it
    /// gets redirects instead of data.
    pub(crate) fn is_plain_form_post() -> bool {
        leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// Gives `error` its HTTP status and returns it. A plain form post keeps
    /// the redirect back to its form (which shows the error) instead.
    pub(crate) fn fail(error: ApiError) -> ApiError {
        let status = match &error {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal | ApiError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if !is_plain_form_post()
            && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(status);
        }
        error
    }

    /// Ends a successful form: plain form posts are redirected to `target`;
    /// scripts get `target` back and navigate themselves.
    pub(crate) fn done(target: &str) -> Result<String, ApiError> {
        if is_plain_form_post() {
            leptos_axum::redirect(target);
        }
        Ok(target.to_owned())
    }

    pub(crate) async fn session() -> Result<tower_sessions::Session, ApiError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(internal("session layer missing"))
    }

    /// The signed-in person, if any.
    pub(crate) async fn current_viewer() -> Result<Option<Viewer>, ApiError> {
        let known = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<auth::KnownViewer>().cloned());
        if let Some(auth::KnownViewer(viewer)) = known {
            return Ok(viewer);
        }
        let state = AppState::current();
        auth::viewer(&session().await?, &state.db, &state.auth.sessions)
            .await
            .map_err(internal("loading the session"))
    }

    /// The guard every protected server function starts with.
    pub(crate) async fn require(access: Access) -> Result<Viewer, ApiError> {
        let viewer = current_viewer().await?;
        match access.check(viewer.as_ref()) {
            Ok(()) => viewer.ok_or_else(|| fail(ApiError::Unauthorized)),
            Err(Denied::SignInRequired) => Err(fail(ApiError::Unauthorized)),
            Err(Denied::Forbidden) => Err(fail(ApiError::Forbidden)),
        }
    }

    /// The client's address, for per-IP limits.
    pub(crate) async fn client_ip() -> String {
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|_| "unknown".to_owned())
    }
}
