//! The admins' server functions for the organisational unit tree: the
//! tree, and one function for its changes (create, rename, move, close),
//! each refused with a message in Vietnamese when it breaks a rule.

use crate::domain::{ApiError, RosterReport, UnitNode, UnitPeople};
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

/// The session key of a set-up code just issued, shown once by the unit's page.
#[cfg(feature = "ssr")]
const ISSUED_CODE: &str = "issued_setup_code";

/// A unit's people (and those of the units below it) and its managers, for
/// admins; with the set-up code this admin was just given, once.
#[server(prefix = "/api/admin", endpoint = "people")]
pub async fn people_of_unit(unit_id: i64) -> Result<UnitPeople, ApiError> {
    let viewer = require(Access::Role(Role::Admin)).await?;
    let mut people = crate::ssr::units::people(&AppState::current().db, &viewer, unit_id)
        .await
        .map_err(refusal)?;
    people.issued = super::session()
        .await?
        .remove::<(String, String)>(ISSUED_CODE)
        .await
        .map_err(internal("reading a set-up code"))?;
    Ok(people)
}

/// What adding an official gave: the set-up code of a new account (none
/// when an existing account was linked).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfficialAdded {
    pub user_id: i64,
    pub code: Option<String>,
}

/// Adds an official to the unit: a new account (no password) with a
/// one-time set-up code, or an existing account (same phone or e-mail)
/// linked through a fresh set-up code (its old password stops working). A
/// plain form post comes back to the unit's page, which shows the code once.
#[server(prefix = "/api/admin", endpoint = "official")]
pub async fn add_official(
    unit_id: i64,
    full_name: String,
    identifier: String,
    #[server(default)] position: String,
) -> Result<OfficialAdded, ApiError> {
    use crate::ssr::officials::{self, Added};
    let viewer = require(Access::Role(Role::Admin)).await?;
    let db = &AppState::current().db;
    let added = officials::add_official(db, &viewer, unit_id, &full_name, &identifier, &position)
        .await
        .map_err(refusal)?;
    let added = match added {
        Added::Created { user_id, code } => OfficialAdded {
            user_id,
            code: Some(code),
        },
        Added::Linked { user_id, code } => OfficialAdded { user_id, code },
    };
    if super::is_plain_form_post() {
        if let Some(code) = &added.code {
            let name = crate::domain::text::nfc(full_name.trim());
            super::session()
                .await?
                .insert(ISSUED_CODE, (name, code.clone()))
                .await
                .map_err(internal("keeping a set-up code"))?;
        }
        let done = if added.code.is_some() {
            "official"
        } else {
            "linked"
        };
        leptos_axum::redirect(&format!("/quan-tri/don-vi/{unit_id}?xong={done}"));
    }
    Ok(added)
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
        "place" => units::transfer(db, &viewer, unit_id, &identifier, &position).await,
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

/// The session key of the last officials' list report, shown once.
#[cfg(feature = "ssr")]
pub const ROSTER_REPORT: &str = "roster_report";

/// Checks (`apply` false) or imports a list of officials in CSV (`text`):
/// every row judged, nothing saved while a row is wrong; new accounts get
/// set-up codes, given in the report. A plain form post comes back to
/// `/quan-tri/can-bo`, which shows the report once.
#[server(prefix = "/api/admin", endpoint = "roster")]
pub async fn import_roster(
    text: String,
    #[server(default)] apply: bool,
) -> Result<RosterReport, ApiError> {
    let viewer = require(Access::Role(Role::Admin)).await?;
    let report = crate::ssr::officials::import_roster(
        &AppState::current().db,
        &viewer,
        text.as_bytes(),
        apply,
    )
    .await
    .map_err(refusal)?;
    if super::is_plain_form_post() {
        let session = super::session().await?;
        session
            .insert(ROSTER_REPORT, &report)
            .await
            .map_err(internal("keeping a roster report"))?;
        // what was pasted comes back in the form (not when it was imported)
        let kept = if report.applied { String::new() } else { text };
        session
            .insert(ROSTER_TEXT, kept)
            .await
            .map_err(internal("keeping a roster"))?;
        leptos_axum::redirect("/quan-tri/can-bo");
    }
    Ok(report)
}

/// The session key of the list to correct, shown once in the form.
#[cfg(feature = "ssr")]
pub const ROSTER_TEXT: &str = "roster_text";

/// The report of the last list this admin sent without JavaScript, once,
/// with the text to correct.
#[server(prefix = "/api/admin", endpoint = "roster_report")]
pub async fn last_roster_report() -> Result<(Option<RosterReport>, String), ApiError> {
    require(Access::Role(Role::Admin)).await?;
    let session = super::session().await?;
    let report = session
        .remove::<RosterReport>(ROSTER_REPORT)
        .await
        .map_err(internal("reading a roster report"))?;
    let text = session
        .remove::<String>(ROSTER_TEXT)
        .await
        .map_err(internal("reading a roster"))?
        .unwrap_or_default();
    Ok((report, text))
}

/// A one-time code that resets the password of `user_id`, for an admin or
/// the manager of that person's unit (anyone else: refused, whatever the
/// id). A plain form post from a unit's page comes back to it with the
/// code shown once.
#[server(prefix = "/api/manager", endpoint = "reset")]
pub async fn reset_password_code(
    user_id: i64,
    #[server(default)] unit_id: i64,
) -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    let db = &AppState::current().db;
    let code = crate::ssr::officials::reset_code(db, &viewer, user_id)
        .await
        .map_err(refusal)?;
    if super::is_plain_form_post() {
        let name = db
            .user_by_id(user_id)
            .await
            .map_err(internal("finding a user"))?
            .map(|u| u.full_name)
            .unwrap_or_default();
        super::session()
            .await?
            .insert(ISSUED_CODE, (name, code.clone()))
            .await
            .map_err(internal("keeping a set-up code"))?;
        leptos_axum::redirect(&format!("/quan-tri/don-vi/{unit_id}?xong=reset"));
    }
    Ok(code)
}
