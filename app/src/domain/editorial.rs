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
