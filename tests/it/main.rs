//! Integration tests: the real server on a random port, driven over HTTP.

#[macro_use]
mod support;

mod account;
mod admin;
mod admin_api;
mod admin_sla;
mod attachments;
mod backup;
mod binary;
mod bucket;
mod console;
mod email;
mod erasure;
mod intake;
mod listing;
mod login;
mod outbox;
mod pg_tls;
mod platform;
mod process;
mod proxy;
mod registration_api;
mod registration_pages;
mod reports;
mod reset;
mod s3_server;
mod search;
mod second_factor;
mod sla;
mod smtp_sink;
mod staff;
mod tickets;
mod visibility;
mod workspace;
