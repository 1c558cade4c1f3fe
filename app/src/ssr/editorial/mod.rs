//! The editors' panel on the server: images, revision diffs, the workflow.

pub mod authoring;
pub mod diff;
pub mod image;
pub mod workflow;
