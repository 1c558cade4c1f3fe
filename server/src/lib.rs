//! The `hocso` server: configuration, start-up and the command line.

pub mod access;
pub mod assignments;
pub mod authoring;
pub mod cli;
pub mod edge;
pub mod editorial;
pub mod form_answers;
pub mod islands;
pub mod learning;
pub mod metrics;
pub mod officials;
pub mod page_cache;
pub mod privacy;
pub mod reminders;
pub mod render_threads;
pub mod startup;
pub mod telemetry;
