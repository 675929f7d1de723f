//! The escalation sweeper: every minute one instance of a cluster (an advisory lock on
//! PostgreSQL) looks at the tickets whose clocks may owe a warning or a breach, and makes each
//! announcement once — an event in the ticket's timeline and a notice through the outbox: a
//! warning to the assignee, a breach to the group's supervisors, and for policies that say so a
//! breach raises the priority one step (the policy is then applied again).

use super::notice_texts::NoticeTexts;
use super::{App, AppResult};
use crate::domain::notice::Notice;
use crate::domain::sla::ticket::{Escalation, Level, Target};
use crate::domain::ticket::Priority;
use crate::i18n::{Lang, Tr};
use crate::store::escalation::EscalationWrite;
use crate::store::outbox::NewOutbox;
use crate::store::users::UserRow;
use crate::store::Job;

/// Tickets looked at in one pass; a backlog is worked off pass after pass.
const PASS: i64 = 500;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Escalated {
    pub warnings: u64,
    pub breaches: u64,
    pub priorities_raised: u64,
}

/// One step up, none past urgent.
fn raised(p: Priority) -> Option<Priority> {
    match p {
        Priority::Low => Some(Priority::Normal),
        Priority::Normal => Some(Priority::High),
        Priority::High => Some(Priority::Urgent),
        Priority::Urgent => None,
    }
}

impl App {
    /// `None` when another instance is sweeping.
    pub async fn escalate_sla(&self) -> AppResult<Option<Escalated>> {
        let done = self.db.exclusively(Job::SlaEscalation, || self.escalate_owed()).await?;
        if let Some(Ok(escalated)) = &done {
            self.metrics.sweep_ran(Job::SlaEscalation);
            self.metrics.sla_breaches.add(escalated.breaches);
            self.metrics.sla_warnings.add(escalated.warnings);
        }
        done.transpose()
    }

    async fn escalate_owed(&self) -> AppResult<Escalated> {
        let mut total = Escalated::default();
        let now = self.now();
        loop {
            let ids = self.db.sla_escalation_candidates(now.unix_timestamp(), PASS).await?;
            for id in &ids {
                if let Some(write) = self.escalate_one(*id, now).await? {
                    for e in &write.made {
                        match e.level {
                            Level::Breached => total.breaches += 1,
                            _ => total.warnings += 1,
                        }
                    }
                    total.priorities_raised += u64::from(write.raised.is_some());
                }
            }
            // A stopping instance leaves the rest to the next sweep (here or elsewhere): each
            // ticket's announcement is its own transaction, so nothing is half made.
            if (ids.len() as i64) < PASS || *self.stopping.borrow() {
                break;
            }
        }
        if total != Escalated::default() {
            self.announce_change();
            self.outbox_wake.notify_one();
        }
        Ok(total)
    }

    async fn escalate_one(&self, ticket_id: i64, now: time::OffsetDateTime) -> AppResult<Option<EscalationWrite>> {
        let Some(ticket) = self.db.ticket_by_id(ticket_id).await? else { return Ok(None) };
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        // Whom to tell, read before the ticket is locked; a ticket reassigned meanwhile still
        // gets its announcement, only the letter goes to whom it was assigned to a moment ago.
        let assignee = match ticket.assignee_id {
            Some(id) => self.db.user_by_id(id).await?,
            None => None,
        };
        let supervisors = self.db.group_supervisors(ticket.group_id).await?;
        let written = self
            .db
            .escalate_ticket(ticket_id, now.unix_timestamp(), |ticket, mut sla| {
                let book = &catalog.sla;
                let missing = |id: i64| sqlx::Error::Protocol(format!("calendar {id} is not in the catalogue"));
                let id = sla.terms.calendar_id;
                let calendar = book.calendar(id).ok_or_else(|| missing(id))?;
                let made = if ticket.status.is_open() { sla.escalate(calendar, now) } else { Vec::new() };
                let breached = made.iter().any(|e| e.level == Level::Breached);
                let raised = (breached && sla.terms.raise_priority_on_breach)
                    .then(|| raised(ticket.priority).map(|new| (ticket.priority, new)))
                    .flatten();
                if let Some((_, new)) = raised {
                    if let Some(terms) = book.terms_for(&catalog.facts_of(ticket, Some(new), None)) {
                        sla.retarget(terms, calendar, now);
                    }
                }
                let id = sla.terms.calendar_id;
                let calendar = book.calendar(id).ok_or_else(|| missing(id))?;
                let summary = sla.summary(calendar, now);
                let mut notices = Vec::new();
                for e in &made {
                    let people: Vec<&UserRow> = match e.level {
                        Level::Breached => supervisors.iter().collect(),
                        _ => assignee.iter().collect(),
                    };
                    notices.extend(
                        people
                            .into_iter()
                            .filter_map(|p| self.sla_notice(&catalog.texts, p, e, &ticket.number, &ticket.subject)),
                    );
                }
                Ok(EscalationWrite { sla, summary, made, raised, notices })
            })
            .await?;
        Ok(written)
    }

    /// «Заявка № … : скоро истекает срок первого ответа» by e-mail to a staff member, when they
    /// have an address and e-mail is on. The key makes a second send of the same announcement
    /// a no-op.
    fn sla_notice(
        &self,
        texts: &NoticeTexts,
        staff: &UserRow,
        e: &Escalation,
        number: &str,
        subject: &str,
    ) -> Option<NewOutbox> {
        let address = staff.email.as_ref().filter(|_| self.email_enabled())?;
        let lang = Lang::from_code(&staff.lang).unwrap_or_default();
        let (notice, kind) =
            if e.level == Level::Breached { (Notice::SlaBreach, "breach") } else { (Notice::SlaWarning, "warning") };
        let target = Tr::new(lang).t(&target_key(e.target));
        let (title, mut body) = texts.email(notice, lang, &[("number", number), ("target", &target)]);
        body.push_str(&format!("\n\n{subject}"));
        let link = self.ticket_link(&format!("/staff/tickets/{number}"));
        if !link.is_empty() {
            body.push_str(&format!("\n{link}"));
        }
        let key = format!("sla:{number}:{}:{}:{kind}:{}", e.target.as_str(), e.cycle, staff.id);
        Some(super::notices::email(address, "sla_escalation", title, body, key))
    }
}

/// The words for a clock, for pages and letters.
pub fn target_key(target: Target) -> String {
    format!("sla-target-{}", target.as_str())
}
