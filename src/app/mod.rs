//! Use cases: what a guest, a customer or the system does, independent of HTTP.

pub mod account;
pub mod admin;
pub mod attachments;
pub mod auth;
pub mod canned;
pub mod catalog;
pub mod crypto;
pub mod documents;
pub mod done;
pub mod error;
pub mod escalation;
pub mod housekeeping;
pub mod listing;
pub mod notice_texts;
pub mod notices;
pub mod passwords;
pub mod qr;
pub mod registration;
pub mod registry;
pub mod reports;
pub mod reset;
pub mod second_factor;
pub mod sla;
pub mod sla_view;
pub mod sms;
pub mod spreadsheet;
pub mod staff;
pub mod thumbnails;
pub mod tickets;
pub mod verification;
pub mod workspace;

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::{CodePolicy, LockoutPolicy};
use crate::metrics::Metrics;
use crate::store::audit::AuditEntry;
use crate::store::Db;

pub use error::{AppError, AppResult};

/// Who is asking: the network address and browser, for audit, consent records and limits.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub lang: crate::i18n::Lang,
}

/// Everything a use case needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub db: Db,
    /// Services, groups and staff for choices and names, kept a few seconds.
    pub catalog: Arc<catalog::CatalogCache>,
    /// Whole months of report sums as last read (see `store::reports::MonthCache`).
    pub report_months: Arc<crate::store::reports::MonthCache>,
    /// Who has a ticket open.
    pub presence: crate::store::presence::Presence,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    pub outbox_wake: Arc<crate::notify::OutboxWake>,
    /// Thumbnails decode pictures: two at a time, so a page of them cannot take every core.
    pub thumbnail_turns: Arc<tokio::sync::Semaphore>,
    pub secret: crypto::SecretKey,
    pub code_policy: CodePolicy,
    pub lockout: LockoutPolicy,
    pub passwords: Arc<passwords::PasswordPool>,
    pub files: crate::files::FileStore,
    /// New tickets go through here: group commit on SQLite.
    pub intake: crate::store::intake::TicketIntake,
    /// Bumped whenever this instance files or changes a ticket: live queues look at once
    /// (and every few seconds anyway, for changes made through other instances).
    pub ticket_changed: Arc<tokio::sync::watch::Sender<u64>>,
    /// Turns true when the server stops: long-lived answers (event streams) end themselves.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl App {
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    pub fn now_unix(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// A ticket was filed or changed here: wake this instance's live queues.
    pub fn announce_change(&self) {
        self.ticket_changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub fn audit(
        &self,
        event: &'static str,
        user_id: Option<i64>,
        caller: &Caller,
        details: serde_json::Value,
    ) -> AuditEntry {
        AuditEntry { at: self.now_unix(), event, user_id, ip: caller.ip.clone(), details, object: None }
    }

    pub async fn record(&self, entry: AuditEntry) -> AppResult<()> {
        self.db.audit(&entry).await?;
        Ok(())
    }
}
