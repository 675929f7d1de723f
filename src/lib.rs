//! Helpdesk: a technical-support portal. See DESIGN.md for the picture.
#![forbid(unsafe_code)]

pub mod app;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod metrics;
pub mod notify;
pub mod serve;
pub mod server;
pub mod store;
pub mod web;
