//! The `hocso` server: configuration, start-up and the command line.

pub mod cli;
pub mod startup;
pub mod telemetry;
