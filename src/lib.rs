//! servicelint: lint customer-service scripts and SOP documents against service standards.
//!
//! The pipeline, in the order a file goes through it:
//! [`input`] (which files, and a reader per file type: bytes to a [`input::Source`]) →
//! [`parse`] (the document model, [`model`]; time expressions in [`time`]) →
//! [`engine`] (every rule's [`check`] kind over one [`matcher`] pass; suppression; cross-document
//! checks) → [`finding`] (findings, file reports, scores) → [`report`] (one file per format).
//! [`run`] ties one input together; [`cli`] is the command line; rules are data in [`ruleset`],
//! settings in [`config`].

pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod finding;
pub mod hant;
pub mod input;
pub mod lang;
pub mod lexicon;
pub mod matcher;
pub mod model;
pub mod parse;
pub mod report;
pub mod ruleset;
pub mod run;
pub mod score;
pub mod server;
pub mod span;
pub mod time;
