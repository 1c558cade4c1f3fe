//! Administration: find people, grant and revoke roles (audited).

use crate::domain::{ApiError, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{done, fail, internal, require},
    crate::domain::access::Access,
    crate::domain::{Field, FieldErrors, Problem, Role},
    crate::ssr::AppState,
};

/// People whose name (accents ignored), phone or email contains `q`; the
/// newest 50 when `q` is empty.
#[server(prefix = "/api/admin", endpoint = "users")]
pub async fn list_users(q: String) -> Result<Vec<Viewer>, ApiError> {
    require(Access::Role(Role::Admin)).await?;
    let users = AppState::current()
        .db
        .search_users(&q, 50)
        .await
        .map_err(internal("searching users"))?;
    Ok(users)
}

/// Grants (`grant = true`) or revokes a role; every change is written to the audit log.
#[server(prefix = "/api/admin", endpoint = "role")]
pub async fn set_role(
    user_id: i64,
    role: String,
    grant: bool,
    back: Option<String>,
) -> Result<String, ApiError> {
    let admin = require(Access::Role(Role::Admin)).await?;
    let state = AppState::current();
    let role = Role::from_code(&role)
        .filter(|r| Role::GRANTABLE.contains(r))
        .ok_or_else(|| {
            fail(ApiError::Invalid(FieldErrors::single(
                Field::Role,
                Problem::UnknownRole,
            )))
        })?;
    if admin.id == user_id && role == Role::Admin && !grant {
        // An admin cannot lock everyone out by mistake; another admin must do it.
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::Role,
            Problem::CannotRevokeOwnAdmin,
        ))));
    }
    if state
        .db
        .user_by_id(user_id)
        .await
        .map_err(internal("finding a user"))?
        .is_none()
    {
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::Form,
            Problem::UnknownUser,
        ))));
    }
    let changed = state
        .db
        .set_role(Some(admin.id), user_id, role, grant)
        .await
        .map_err(internal("changing a role"))?;
    if changed {
        tracing::info!(
            actor = admin.id,
            subject = user_id,
            role = role.code(),
            grant,
            "role changed"
        );
    }
    done(&crate::domain::access::safe_return_path(back.as_deref()))
}
