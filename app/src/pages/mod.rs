//! One module per screen.

mod account;
mod admin;
mod articles;
mod assign;
mod audit;
mod course_editor;
mod courses;
mod dashboard;
mod editor;
mod editor_history;
mod home;
mod learning;
mod lesson;
mod quiz;
mod quiz_editor;
mod roster;
mod tasks;
mod unit_people;
mod units;

pub use account::{
    AccountPage, ActivatePage, ForgotPage, RegisterPage, SignInPage, SignOutButton, SignOutPage,
};
pub use admin::AdminPage;
pub use articles::{ArticlePage, ArticlesPage};
pub use assign::AssignPage;
pub use audit::AuditPage;
pub use courses::{CoursePage, CoursesPage};
pub use dashboard::DashboardPage;
pub use editor::{EditorPage, WritingPage};
pub use editor_history::EditorHistoryPage;
pub use home::HomePage;
pub use learning::{CertificatePage, MyLearningPage};
pub use lesson::LessonPage;
pub use quiz::{AttemptPage, QuizPage, QuizTryPage};
pub use roster::RosterPage;
pub use tasks::{TasksPage, task_card};
pub use unit_people::UnitPeoplePage;
pub use units::UnitsPage;

use crate::app::use_lang;
use crate::i18n::Msg;
use leptos::prelude::*;

/// A `Suspense` fallback. Pages render on the server in `SsrMode::Async`, which
/// waits for their data, so readers never see it.
#[component]
fn Loading() -> impl IntoView {
    view! { <p class="wrap loading" aria-live="polite">{Msg::Loading.text(use_lang())}</p> }
}

/// A named route parameter (empty when absent, which no slug matches).
fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).unwrap_or_default()
}
