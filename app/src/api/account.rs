//! The signed-in person's own profile and password, and the deletion of
//! their account (the export of their data is a plain download:
//! `hocso::privacy`).

use crate::domain::{ApiError, Viewer};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{
        current_password_matches, done, fail, hash_password, internal, require, session,
        stored_user,
    },
    crate::domain::access::Access,
    crate::domain::{Field, FieldErrors, FullName, PhoneNumber, Problem},
    crate::ssr::AppState,
    crate::ssr::auth::{self, PasswordRules},
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub viewer: Viewer,
    /// Signed-in sessions of this person on any device.
    pub active_sessions: u32,
    /// Password resets by code in the last 30 days: `(used at, issuer)`.
    #[serde(default)]
    pub resets: Vec<(i64, Option<String>)>,
}

#[server(prefix = "/api/account", endpoint = "me")]
pub async fn my_account() -> Result<AccountSummary, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    let sessions = AppState::current()
        .db
        .sessions_count_for_user(viewer.id)
        .await
        .map_err(internal("counting sessions"))?;
    let since = crate::ssr::db::now_unix() - crate::ssr::officials::RESET_NOTICE_SECS;
    let resets = AppState::current()
        .db
        .resets_of(viewer.id, since)
        .await
        .map_err(internal("password resets"))?
        .into_iter()
        .map(|r| (r.used_at, r.issuer))
        .collect();
    Ok(AccountSummary {
        viewer,
        active_sessions: u32::try_from(sessions).unwrap_or(0),
        resets,
    })
}

#[server(prefix = "/api/account", endpoint = "name")]
pub async fn update_name(full_name: String) -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    let name = FullName::parse(&full_name)
        .map_err(|p| fail(ApiError::Invalid(FieldErrors::single(Field::FullName, p))))?;
    AppState::current()
        .db
        .set_full_name(viewer.id, &name)
        .await
        .map_err(internal("renaming a user"))?;
    // this person's cached pages show the new name at once
    if let Some(id) = session().await?.id() {
        AppState::current().auth.viewers.forget(&id.to_string());
    }
    done("/tai-khoan?da-luu=ten")
}

/// Changes the password and signs out every other session ("sign out everywhere").
#[server(prefix = "/api/account", endpoint = "password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    let state = AppState::current();
    let user = stored_user(&viewer).await?;
    if !current_password_matches(&user, &current_password).await? {
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::CurrentPassword,
            Problem::WrongCurrentPassword,
        ))));
    }
    let phone = user.phone.as_deref().and_then(PhoneNumber::parse);
    PasswordRules::check(&password, phone.as_ref())
        .map_err(|p| fail(ApiError::Invalid(FieldErrors::single(Field::Password, p))))?;
    if password != password_confirm {
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::PasswordConfirm,
            Problem::PasswordMismatch,
        ))));
    }
    let hash = hash_password(&password).await?;
    let version = state
        .db
        .set_password(user.id, &hash)
        .await
        .map_err(internal("storing a password"))?;
    let ended = state
        .db
        .sessions_delete_for_user(user.id)
        .await
        .map_err(internal("ending sessions"))?;
    // This session continues, under a new id and the new security version;
    // of the trusted browsers (all forgotten) this one is trusted again.
    auth::sign_in(&session().await?, user.id, version)
        .await
        .map_err(internal("restarting the session"))?;
    super::auth::trust_this_device(&state, user.id).await?;
    tracing::info!(
        user_id = user.id,
        sessions_ended = ended,
        "password changed"
    );
    done("/tai-khoan?da-luu=mat-khau")
}

/// Deletes the signed-in person's account and personal data (Nghị định
/// 13/2023/NĐ-CP) once they have typed their current password and ticked the
/// confirmation; every session of theirs ends with it, this one included.
#[server(prefix = "/api/account", endpoint = "delete")]
pub async fn delete_account(password: String, confirm: Option<String>) -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    let state = AppState::current();
    let mut errors = FieldErrors::default();
    if password.is_empty() {
        errors.add(Field::DeletePassword, Problem::Required);
    }
    if confirm.as_deref().is_none_or(str::is_empty) {
        errors.add(Field::DeleteConfirm, Problem::DeletionNotConfirmed);
    }
    if !errors.is_empty() {
        return Err(fail(ApiError::Invalid(errors)));
    }
    let wrong = || {
        fail(ApiError::Invalid(FieldErrors::single(
            Field::DeletePassword,
            Problem::WrongCurrentPassword,
        )))
    };
    if password.chars().count() > PasswordRules::MAX_CHARS {
        return Err(wrong());
    }
    let user = stored_user(&viewer).await?;
    if !current_password_matches(&user, &password).await? {
        return Err(wrong());
    }
    if !state
        .db
        .delete_account(user.id)
        .await
        .map_err(internal("deleting an account"))?
    {
        return Err(fail(ApiError::Unauthorized));
    }
    auth::sign_out(&session().await?)
        .await
        .map_err(internal("ending the session"))?;
    tracing::info!(user_id = user.id, "account deleted");
    done("/dang-xuat?da-xoa=1")
}
