//! The admins' server functions for the organisational unit tree: the
//! tree, and one function for its changes (create, rename, move, close),
//! each refused with a message in Vietnamese when it breaks a rule.

use crate::domain::{ApiError, UnitNode, UnitPeople};
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
    let id = result.map_err(refusal)?;
    if super::is_plain_form_post() {
        leptos_axum::redirect(&format!("/quan-tri/don-vi?xong={action}#don-vi-{id}"));
    }
    Ok(id)
}

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::units::UnitError) -> ApiError {
    use crate::ssr::units::UnitError;
    match error {
        UnitError::Db(e) => internal("unit change")(e),
        UnitError::Forbidden => super::fail(ApiError::Forbidden),
        UnitError::NotFound => super::fail(ApiError::NotFound),
        refused => super::fail(ApiError::Edit(crate::domain::EditRefusal {
            code: "invalid".into(),
            message: refused.to_string(),
            ..Default::default()
        })),
    }
}

/// A unit's people (and those of the units below it) and its managers, for
/// admins.
#[server(prefix = "/api/admin", endpoint = "people")]
pub async fn people_of_unit(unit_id: i64) -> Result<UnitPeople, ApiError> {
    let viewer = require(Access::Role(Role::Admin)).await?;
    crate::ssr::units::people(&AppState::current().db, &viewer, unit_id)
        .await
        .map_err(refusal)
}

/// Who works where: `place` the person `identifier` (phone or email) in the
/// unit with `position` (a transfer ends their membership elsewhere),
/// `leave` (the person `user_id` leaves their unit), or `manage` /
/// `unmanage` the unit. Plain form posts come back to the unit's page.
#[server(prefix = "/api/admin", endpoint = "member")]
pub async fn change_member(
    action: String,
    unit_id: i64,
    #[server(default)] identifier: String,
    #[server(default)] position: String,
    #[server(default)] user_id: i64,
) -> Result<bool, ApiError> {
    use crate::ssr::units;
    let viewer = require(Access::Role(Role::Admin)).await?;
    let db = &AppState::current().db;
    let changed = match action.as_str() {
        "place" => units::place(db, &viewer, unit_id, &identifier, &position).await,
        "leave" => units::leave(db, &viewer, user_id).await,
        "manage" => units::set_manager(db, &viewer, unit_id, &identifier, true).await,
        "unmanage" => units::set_manager(db, &viewer, unit_id, &identifier, false).await,
        _ => Err(units::UnitError::NotFound),
    }
    .map_err(refusal)?;
    if super::is_plain_form_post() {
        leptos_axum::redirect(&format!("/quan-tri/don-vi/{unit_id}?xong={action}"));
    }
    Ok(changed)
}

/// The people of a unit the signed-in person manages (or of a unit below
/// it). Anyone else is refused, whatever the id: the scope is in the query.
#[server(prefix = "/api/manager", endpoint = "people")]
pub async fn managed_people(unit_id: i64) -> Result<UnitPeople, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    crate::ssr::units::people(&AppState::current().db, &viewer, unit_id)
        .await
        .map_err(refusal)
}
