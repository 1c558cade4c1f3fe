//! Server functions of required modules: the managers' dashboard, the
//! choices of the assignment form (given by the plain route
//! `POST /theo-doi/giao-viec`), closing an assignment, and an official's
//! tasks and reminders. Scope is checked in SQL by the data layer: a
//! unit id outside the viewer's units gives "not found", never figures.

use crate::domain::{ApiError, Dashboard, TodoList};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{internal, require},
    crate::domain::access::Access,
    crate::ssr::AppState,
    crate::ssr::assignments::AssignError,
};

#[cfg(feature = "ssr")]
fn refusal(error: AssignError) -> ApiError {
    match error {
        AssignError::Db(e) => internal("assignments")(e),
        AssignError::Forbidden => super::fail(ApiError::Forbidden),
        AssignError::OutOfScope => super::fail(ApiError::NotFound),
        refused => super::fail(ApiError::Edit(crate::domain::EditRefusal {
            code: "invalid".into(),
            message: refused.to_string(),
            ..Default::default()
        })),
    }
}

/// The dashboard of a view (`/theo-doi?don-vi=…&nhiem-vu=…&trang-thai=…&chuc-vu=…`).
#[server(prefix = "/api/manager", endpoint = "dashboard")]
pub async fn dashboard_view(
    #[server(default)] unit: i64,
    #[server(default)] assignment: i64,
    #[server(default)] status: String,
    #[server(default)] position: String,
    #[server(default)] sort: String,
    #[server(default)] page: i64,
) -> Result<Dashboard, ApiError> {
    use crate::domain::{DashboardFilter, TaskStatus};
    let viewer = require(Access::SignedIn).await?;
    let filter = DashboardFilter {
        unit,
        assignment,
        status: TaskStatus::from_code(&status),
        position,
        sort,
        page: page.max(1),
    };
    crate::ssr::assignments::dashboard(&AppState::current().db, &viewer, filter)
        .await
        .map_err(refusal)
}

/// What the assignment form offers, and a refused form kept for its author.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignOptions {
    /// `(id, title)`
    pub courses: Vec<(i64, String)>,
    /// `(id, code, name, depth)`
    pub units: Vec<(i64, String, String, u32)>,
    /// The last refused form of this person: `(field, value)` pairs, and why.
    pub kept: Vec<(String, String)>,
    pub error: Option<String>,
}

/// The session key of a refused assignment form, shown once by its page.
pub const KEPT_ASSIGNMENT: &str = "kept_assignment_form";

#[server(prefix = "/api/manager", endpoint = "assign_choices")]
pub async fn assign_choices() -> Result<AssignOptions, ApiError> {
    use crate::domain::Role;
    let viewer = require(Access::SignedIn).await?;
    let db = &AppState::current().db;
    let admin = viewer.has(Role::Admin);
    let units = db
        .units_in_scope(admin, viewer.id)
        .await
        .map_err(internal("units in scope"))?;
    if units.is_empty() {
        return Err(super::fail(ApiError::Forbidden));
    }
    let top = units
        .iter()
        .map(|u| u.3.matches('/').count())
        .min()
        .unwrap_or(2);
    let courses = db
        .course_choices()
        .await
        .map_err(internal("courses"))?
        .into_iter()
        .map(|(id, _, title)| (id, title))
        .collect();
    let kept: Option<(Vec<(String, String)>, String)> = super::session()
        .await?
        .remove(KEPT_ASSIGNMENT)
        .await
        .map_err(internal("reading a kept form"))?;
    let (kept, error) = kept.map_or((Vec::new(), None), |(k, e)| (k, Some(e)));
    Ok(AssignOptions {
        courses,
        units: units
            .into_iter()
            .map(|(id, code, name, path)| {
                let depth = (path.matches('/').count() - top) as u32;
                (id, code, name, depth)
            })
            .collect(),
        kept,
        error,
    })
}

/// Closes an assignment (it keeps its figures; newcomers no longer inherit it).
#[server(prefix = "/api/manager", endpoint = "close_assignment")]
pub async fn close_assignment(id: i64) -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    crate::ssr::assignments::close(&AppState::current().db, &viewer, id)
        .await
        .map_err(refusal)?;
    super::done(&format!("/theo-doi?nhiem-vu={id}"))
}

/// The signed-in person's tasks and reminders.
#[server(prefix = "/api/account", endpoint = "tasks")]
pub async fn my_tasks() -> Result<TodoList, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    crate::ssr::assignments::todo(&AppState::current().db, &viewer)
        .await
        .map_err(internal("tasks"))
}

/// Marks the signed-in person's reminders read.
#[server(prefix = "/api/account", endpoint = "reminders_read")]
pub async fn reminders_read() -> Result<String, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    AppState::current()
        .db
        .mark_reminders_read(viewer.id)
        .await
        .map_err(internal("reminders read"))?;
    super::done("/viec-can-lam")
}
