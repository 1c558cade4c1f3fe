//! The admins' server functions for the organisational unit tree: the
//! tree, and one function for its changes (create, rename, move, close),
//! each refused with a message in Vietnamese when it breaks a rule.

use crate::domain::{ApiError, UnitNode};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{internal, require},
    crate::domain::Role,
    crate::domain::access::Access,
    crate::ssr::AppState,
};

/// Every unit, depth first (children by code), with its current members.
#[server(prefix = "/api/admin", endpoint = "units")]
pub async fn unit_tree() -> Result<Vec<UnitNode>, ApiError> {
    require(Access::Role(Role::Admin)).await?;
    let rows = AppState::current()
        .db
        .units()
        .await
        .map_err(internal("units"))?;
    Ok(crate::ssr::units::tree(rows))
}

/// A change of the tree: `create` (code, name, under `parent`; 0: at the
/// top), `rename` (id, name), `move` (id under `parent`; 0: to the top) or
/// `close` (id, and everything below it). The unit's id. A plain form post
/// comes back to `/quan-tri/don-vi`.
#[server(prefix = "/api/admin", endpoint = "unit")]
pub async fn change_unit(
    action: String,
    #[server(default)] id: i64,
    #[server(default)] code: String,
    #[server(default)] name: String,
    #[server(default)] parent: i64,
) -> Result<i64, ApiError> {
    use crate::ssr::units::{self, UnitError};
    let viewer = require(Access::Role(Role::Admin)).await?;
    let db = &AppState::current().db;
    let parent = (parent > 0).then_some(parent);
    let result = match action.as_str() {
        "create" => units::create(db, &viewer, &code, &name, parent).await,
        "rename" => units::rename(db, &viewer, id, &name).await.map(|()| id),
        "move" => units::move_to(db, &viewer, id, parent).await.map(|()| id),
        "close" => units::close(db, &viewer, id).await.map(|_| id),
        _ => Err(UnitError::NotFound),
    };
    match result {
        Ok(id) => {
            if super::is_plain_form_post() {
                leptos_axum::redirect(&format!("/quan-tri/don-vi?xong={action}#don-vi-{id}"));
            }
            Ok(id)
        }
        Err(UnitError::Db(e)) => Err(internal("unit change")(e)),
        Err(UnitError::Forbidden) => Err(super::fail(ApiError::Forbidden)),
        Err(UnitError::NotFound) => Err(super::fail(ApiError::NotFound)),
        Err(refused) => Err(super::fail(ApiError::Edit(crate::domain::EditRefusal {
            code: "invalid".into(),
            message: refused.to_string(),
            ..Default::default()
        }))),
    }
}
