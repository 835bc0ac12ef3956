//! servicelint: lint customer-service scripts and SOP documents against service standards.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod facts;
pub mod finding;
pub mod lang;
pub mod lint;
pub mod model;
pub mod parse;
pub mod report;
pub mod ruleset;
pub mod source;
pub mod span;
pub mod suppress;
pub mod time;
pub mod walk;
