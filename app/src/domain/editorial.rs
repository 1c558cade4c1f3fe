//! What the editors' panel shows about the changes between two revisions.

use serde::{Deserialize, Serialize};

/// One row of a revision diff, oldest revision on the left of the change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    /// An unchanged line shown as context around a change.
    Same(String),
    /// A line only the newer revision has.
    Added(String),
    /// A line only the older revision has.
    Removed(String),
    /// This many unchanged lines, hidden.
    Skipped(u32),
}

/// The line differences between two revisions of a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextDiff {
    /// The changes in order, with context; empty when nothing changed.
    pub lines: Vec<DiffLine>,
    /// Lines only the newer revision has.
    pub added: u32,
    /// Lines only the older revision has.
    pub removed: u32,
}

/// One side of a comparison between two revisions of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionSide {
    /// The revision's number; 0 is the text the item had before the panel
    /// saved any revision (the imported text, as it is live).
    pub number: i64,
    /// Who saved it (`None`: revision 0, or an account since deleted).
    pub author: Option<String>,
    /// When it was saved, Unix seconds (`None` for revision 0).
    pub created_at: Option<i64>,
    /// The revision's note (`save`, `restore #2`); empty for revision 0.
    pub note: String,
}

/// A front-matter field whose value differs between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name as forms post it: `title`, `slug`, `summary`,
    /// `minutes`, `author`, `series`, `date`.
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What changed from revision `from` to revision `to` of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionDiff {
    /// The item's title in revision `to`.
    pub title: String,
    pub from: RevisionSide,
    pub to: RevisionSide,
    /// The changed fields, in the form's order.
    pub fields: Vec<FieldChange>,
    /// The body, line by line.
    pub body: TextDiff,
}
