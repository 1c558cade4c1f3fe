//! Pieces shared by several pages.

mod forms;
mod island;
mod layout;
mod progress;
mod share;
mod status;
mod user_menu;
mod views;

pub use forms::{FormAlert, TextField, form_error, posted_error, reload_on_success};
pub use island::island_root;
pub use layout::{Footer, Header, encode_query_value, use_current_address};
pub use progress::{ProgressBar, lesson_done_path, lesson_progress_html, step_state_label};
pub use share::{PageMeta, SHARE_IMAGE_PATH, SiteMeta, public_url};
pub use status::{Forbidden, NotFound, ServerError, StatusPage, page_or_error};
pub use user_menu::user_menu_html;
pub use views::{ReadingTime, ViewCount};
