//! Pieces shared by several pages.

mod layout;
mod status;
mod views;

pub use layout::{Footer, Header};
pub use status::{NotFound, ServerError, page_or_error};
pub use views::{ReadingTime, ViewCount};
