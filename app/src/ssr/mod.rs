//! Server-only code: application state, the data layer (all SQL lives in
//! [`db`]), markdown rendering, content import, the view counter and the page cache.

pub mod assignments;
pub mod auth;
pub mod client;
pub mod db;
pub mod editorial;
pub mod gzip_splice;
pub mod import;
pub mod learning;
pub mod markdown;
#[cfg(test)]
mod markdown_hostile;
pub mod officials;
pub mod page_cache;
pub mod quiz_formats;
pub mod state;
pub mod units;
pub mod views;

pub use state::AppState;
