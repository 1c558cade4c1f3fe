//! Pure types shared by the server and the browser. Each parses its input once
//! (`parse`) and everything past that boundary trusts it.

pub mod access;
mod account;
#[cfg(test)]
mod account_hostile;
mod assignment;
mod content;
mod date;
mod editorial;
mod error;
mod learning;
mod number;
mod quiz_source;
mod revision;
mod slug;
pub mod text;
mod unit;

pub use account::*;
pub use assignment::*;
pub use content::*;
pub use date::{Date, Moment};
pub use editorial::*;
pub use error::ApiError;
pub use learning::*;
pub use number::format_count;
pub use quiz_source::{AnswerSource, MAX_OPTIONS, QuestionSource, QuizBody, option_letter};
pub use revision::{
    CourseMember, EditRefusal, EditedItem, ItemFields, ItemKind, ItemState, KeptDraft, PanelItem,
    PanelPage, RevisionSummary, edit_path,
};
pub use slug::{Slug, SlugError};
pub use unit::{RosterLine, RosterReport, UnitCode, UnitMember, UnitNode, UnitPeople};
