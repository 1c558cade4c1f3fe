//! Register, sign in, sign out, and who is signed in.

use crate::domain::{ApiError, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{client_ip, current_viewer, done, fail, hash_password, internal, session},
    crate::domain::access::safe_return_path,
    crate::domain::{Field, FieldErrors, FullName, Identifier, Problem},
    crate::ssr::AppState,
    crate::ssr::auth::{self, PasswordRules},
    crate::ssr::db::CreateUserError,
};

/// A throttled attempt: answered only after a pause. A flood's connections
/// then spend their time waiting (no CPU) instead of being answered as fast
/// as they can ask, which would take the cores from page readers.
#[cfg(feature = "ssr")]
async fn refuse(retry: crate::ssr::auth::RetryAfter) -> ApiError {
    tokio::time::sleep(crate::ssr::auth::Throttle::REFUSAL_PAUSE).await;
    fail(ApiError::TooManyAttempts {
        minutes: retry.minutes(),
    })
}

/// The signed-in person, or `None`.
#[server(prefix = "/api/auth", endpoint = "me")]
pub async fn who_am_i() -> Result<Option<Viewer>, ApiError> {
    current_viewer().await
}

/// Creates an account and signs it in; answers where to go next.
#[server(prefix = "/api/auth", endpoint = "register")]
pub async fn register(
    full_name: String,
    identifier: String,
    password: String,
    password_confirm: String,
    next: Option<String>,
) -> Result<String, ApiError> {
    let state = AppState::current();
    let mut errors = FieldErrors::default();
    let name = FullName::parse(&full_name)
        .map_err(|p| errors.add(Field::FullName, p))
        .ok();
    let identifier = Identifier::parse(&identifier)
        .map_err(|p| errors.add(Field::Identifier, p))
        .ok();
    let phone = match &identifier {
        Some(Identifier::Phone(p)) => Some(p),
        _ => None,
    };
    if let Err(problem) = PasswordRules::check(&password, phone) {
        errors.add(Field::Password, problem);
    } else if password != password_confirm {
        errors.add(Field::PasswordConfirm, Problem::PasswordMismatch);
    }
    let (Some(name), Some(identifier)) = (name, identifier) else {
        return Err(fail(ApiError::Invalid(errors)));
    };
    if !errors.is_empty() {
        return Err(fail(ApiError::Invalid(errors)));
    }
    if let Err(retry) = state.auth.throttle.register(&client_ip().await) {
        return Err(refuse(retry).await);
    }

    let hash = hash_password(&password).await?;
    let (phone, email) = match &identifier {
        Identifier::Phone(p) => (Some(p), None),
        Identifier::Email(e) => (None, Some(e)),
    };
    let user_id = match state.db.create_user(&name, phone, email, &hash).await {
        Ok(id) => id,
        Err(CreateUserError::Duplicate) => {
            return Err(fail(ApiError::Invalid(FieldErrors::single(
                Field::Identifier,
                Problem::AlreadyRegistered,
            ))));
        }
        Err(CreateUserError::Db(e)) => return Err(internal("creating a user")(e)),
    };
    tracing::info!(user_id, "account registered");
    auth::sign_in(&session().await?, user_id, 0)
        .await
        .map_err(internal("starting a session"))?;
    done(safe_return_path(next.as_deref()))
}

/// Signs in with a phone number or email and a password.
#[server(prefix = "/api/auth", endpoint = "sign_in")]
pub async fn sign_in(
    identifier: String,
    password: String,
    next: Option<String>,
) -> Result<String, ApiError> {
    let state = AppState::current();
    // One message for an unknown account and a wrong password: nothing tells
    // an attacker which accounts exist.
    let wrong = || {
        fail(ApiError::Invalid(FieldErrors::single(
            Field::Form,
            Problem::WrongCredentials,
        )))
    };
    let identifier = match Identifier::parse(&identifier) {
        Ok(identifier) => identifier,
        Err(problem) => {
            return Err(fail(ApiError::Invalid(FieldErrors::single(
                Field::Identifier,
                problem,
            ))));
        }
    };
    if password.is_empty() {
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::Password,
            Problem::Required,
        ))));
    }
    if password.chars().count() > PasswordRules::MAX_CHARS {
        return Err(wrong());
    }
    if let Err(retry) = state
        .auth
        .throttle
        .sign_in(&client_ip().await, identifier.key())
    {
        return Err(refuse(retry).await);
    }
    let user = state
        .db
        .user_by_login(identifier.key())
        .await
        .map_err(internal("finding a user"))?;
    let matches = state
        .auth
        .passwords
        .verify(&password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await
        .map_err(internal("verifying a password"))?;
    let Some(user) = user.filter(|_| matches) else {
        tracing::info!("sign-in refused");
        return Err(wrong());
    };
    auth::sign_in(&session().await?, user.id, user.security_version)
        .await
        .map_err(internal("starting a session"))?;
    tracing::info!(user_id = user.id, "signed in");
    done(safe_return_path(next.as_deref()))
}

/// Ends this session on the server.
#[server(prefix = "/api/auth", endpoint = "sign_out")]
pub async fn sign_out() -> Result<String, ApiError> {
    auth::sign_out(&session().await?)
        .await
        .map_err(internal("ending a session"))?;
    done("/")
}
