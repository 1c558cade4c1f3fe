//! Server functions: thin, they check the session and role, parse input,
//! call the data layer and map errors.

mod account;
mod activation;
mod admin;
mod assignments;
mod auth;
mod authoring;
mod content;
mod editor;
mod history;
mod learning;
mod units;

pub use account::*;
pub use activation::*;
pub use admin::*;
pub use assignments::*;
pub use auth::*;
pub use authoring::*;
pub use content::*;
pub use editor::*;
pub use history::*;
pub use learning::*;
pub use units::*;

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

    /// A throttled attempt: answered only after a pause. A flood's
    /// connections then spend their time waiting (no CPU) instead of being
    /// answered as fast as they can ask, which would take the cores from
    /// page readers.
    pub(crate) async fn refuse(retry: auth::RetryAfter) -> ApiError {
        tokio::time::sleep(auth::Throttle::REFUSAL_PAUSE).await;
        fail(ApiError::TooManyAttempts {
            minutes: retry.minutes(),
        })
    }

    /// The stored record of the signed-in `viewer` (gone meanwhile: 401).
    pub(crate) async fn stored_user(
        viewer: &Viewer,
    ) -> Result<crate::ssr::db::UserRecord, ApiError> {
        AppState::current()
            .db
            .user_by_id(viewer.id)
            .await
            .map_err(internal("loading a user"))?
            .ok_or_else(|| fail(ApiError::Unauthorized))
    }

    /// Whether `password` is `user`'s current one, within the per-account
    /// budget of wrong ones shared by password change and account deletion:
    /// a borrowed, unlocked phone is no way to guess the password. Over the
    /// budget: `TooManyAttempts`, whatever was typed.
    pub(crate) async fn current_password_matches(
        user: &crate::ssr::db::UserRecord,
        password: &str,
    ) -> Result<bool, ApiError> {
        let state = AppState::current();
        let subject = user.id.to_string();
        let limit = [(
            auth::Throttle::PASSWORD_CHANGE_PER_ACCOUNT,
            subject.as_str(),
        )];
        if let Err(retry) = state
            .auth
            .throttle
            .check(&state.db, &limit)
            .await
            .map_err(internal("throttling a current-password check"))?
        {
            return Err(refuse(retry).await);
        }
        let matches = state
            .auth
            .passwords
            .verify(password, Some(&user.password_hash))
            .await
            .map_err(internal("verifying a password"))?;
        if !matches {
            state
                .auth
                .throttle
                .charge(&state.db, &limit)
                .await
                .map_err(internal("counting a wrong password"))?;
        }
        Ok(matches)
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
            ApiError::Edit(refusal) if refusal.code == "conflict" => StatusCode::CONFLICT,
            ApiError::Edit(_) => StatusCode::UNPROCESSABLE_ENTITY,
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

    /// [`current_viewer`] through the viewer cache (at most a second old),
    /// for the learner's hot paths.
    pub(crate) async fn cached_viewer() -> Result<Option<Viewer>, ApiError> {
        let state = AppState::current();
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        if let Some(parts) = parts
            && let Some(viewer) = auth::cached_viewer(&parts.headers, &state.db, &state.auth)
                .await
                .map_err(internal("loading the session"))?
        {
            return Ok(viewer);
        }
        current_viewer().await
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

    /// The client's address as the HTTP edge determined it (the TCP peer,
    /// or what a trusted proxy forwarded), as the key per-address limits use.
    pub(crate) fn client_key() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::ssr::client::ClientAddr>()
                    .copied()
                    .or_else(|| {
                        parts
                            .extensions
                            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                            .map(|info| crate::ssr::client::ClientAddr(info.0.ip()))
                    })
            })
            .map_or_else(|| "unknown".to_owned(), |addr| addr.throttle_key())
    }

    /// The value of cookie `name` in this request.
    pub(crate) fn request_cookie(name: &str) -> Option<String> {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|cookie| crate::i18n::cookie_value(cookie, name))
            .map(str::to_owned)
    }

    /// Adds a `Set-Cookie` header to this server function's response.
    pub(crate) fn set_cookie(value: &str) {
        if let (Some(response), Ok(value)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(value),
        ) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}
