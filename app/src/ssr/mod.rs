//! Server-only code: application state, the data layer (all SQL lives in
//! [`db`]), markdown rendering, content import and the view counter.

pub mod auth;
pub mod db;
pub mod import;
pub mod markdown;
pub mod state;
pub mod views;

pub use state::AppState;
