//! The editors' area (the authoring panel arrives in a later version).

use crate::domain::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{internal, require},
    crate::domain::Role,
    crate::domain::access::Access,
    crate::ssr::AppState,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorTotals {
    pub courses: u32,
    pub lessons: u32,
    pub articles: u32,
    pub quizzes: u32,
}

#[server(prefix = "/api/editor", endpoint = "overview")]
pub async fn editor_overview() -> Result<EditorTotals, ApiError> {
    require(Access::Role(Role::Editor)).await?;
    let (courses, lessons, articles, quizzes) = AppState::current()
        .db
        .content_totals()
        .await
        .map_err(internal("content totals"))?;
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    Ok(EditorTotals {
        courses: n(courses),
        lessons: n(lessons),
        articles: n(articles),
        quizzes: n(quizzes),
    })
}
