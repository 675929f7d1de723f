//! Tickets as customers see them: file one, list them, read one, reply (DESIGN §5.4).

use super::attachments::Upload;
use super::auth::CurrentUser;
use super::error::Errors;
use super::notices::TicketNews;
use super::{App, AppError, AppResult};
use crate::domain::sla::ticket::Happening;
use crate::domain::ticket::{after_customer_reply, transition, Actor, Channel, Priority, TicketNumber, TicketStatus};
use crate::domain::{FieldError, FreeText, Phone, Unp};
use crate::store::tickets::{MessageRow, NewMessage, NewTicket, StatusChange, TicketRow};

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewTicketForm {
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub organization_unp: String,
    #[serde(default)]
    pub priority: String,
    /// Where support may call back; empty means the account's phone.
    #[serde(default)]
    pub contact_phone: String,
}

/// A checked ticket from the portal, before the intake gives it a number.
struct Filing {
    service_id: i64,
    group_id: Option<i64>,
    organization_id: Option<i64>,
    /// The organisation has a contract with the operator (service-level policies ask).
    contract: bool,
    subject: String,
    body: String,
    priority: Priority,
    contact_phone: Option<String>,
    attachments: Vec<crate::store::tickets::NewAttachment>,
    linked_ticket_id: Option<i64>,
}

impl App {
    /// Files a ticket; the customer gets an SMS with its number.
    pub async fn file_ticket(
        &self,
        current: &CurrentUser,
        form: &NewTicketForm,
        uploads: Vec<Upload>,
    ) -> AppResult<TicketNumber> {
        let mut errors = Errors::default();
        let service = if form.service.trim().is_empty() {
            errors.push(FieldError::required("service"));
            None
        } else {
            let found = self.db.service_by_code(form.service.trim()).await?;
            if found.is_none() {
                errors.push(FieldError::new("service", "unknown_service"));
            }
            found
        };
        let subject = errors.check(FreeText::parse_line("subject", &form.subject, SUBJECT_MAX));
        let body = errors.check(FreeText::parse("body", &form.body, BODY_MAX));
        let priority = if form.priority.trim().is_empty() {
            Some(Priority::Normal)
        } else {
            errors.check(Priority::parse(form.priority.trim()))
        };
        let organization_id = if form.organization_unp.trim().is_empty() {
            Some(None)
        } else {
            match Unp::parse(&form.organization_unp) {
                Ok(unp) => match self.db.confirmed_organization(current.user.id, unp.as_str()).await? {
                    Some(found) => Some(Some(found)),
                    None => {
                        errors.push(FieldError::new("organization_unp", "not_a_representative"));
                        None
                    }
                },
                Err(_) => {
                    errors.push(FieldError::new("organization_unp", "invalid_unp"));
                    None
                }
            }
        };
        let contact_phone = if form.contact_phone.trim().is_empty() {
            Some(current.user.phone.clone())
        } else {
            match Phone::parse(&form.contact_phone) {
                Ok(phone) => Some(Some(phone.e164())),
                Err(e) => {
                    errors.push(FieldError::new("contact_phone", e.code));
                    None
                }
            }
        };
        errors.into_result()?;
        let (Some(service), Some(subject), Some(body), Some(priority), Some(organization_id), Some(contact_phone)) =
            (service, subject, body, priority, organization_id, contact_phone)
        else {
            unreachable!("errors recorded");
        };
        let (attachments, kept) = self.store_uploads(uploads).await?;
        let filing = Filing {
            service_id: service.id,
            group_id: service.default_group_id,
            organization_id: organization_id.map(|(id, _)| id),
            contract: organization_id.is_some_and(|(_, contract)| contract),
            subject: subject.into_string(),
            body: body.into_string(),
            priority,
            contact_phone,
            attachments,
            linked_ticket_id: None,
        };
        let number = self.submit_ticket(current, filing).await?;
        kept.commit();
        Ok(number)
    }

    /// Hands a checked ticket to the intake; the customer's notice is written with it.
    async fn submit_ticket(&self, current: &CurrentUser, filing: Filing) -> AppResult<TicketNumber> {
        let now = self.now();
        let catalog = self.catalog().await?;
        let facts = catalog.facts(filing.service_id, filing.priority, filing.contract);
        let ticket = NewTicket {
            year: now.to_offset(crate::clock::MINSK_OFFSET).year(),
            requester_id: current.user.id,
            organization_id: filing.organization_id,
            service_id: filing.service_id,
            group_id: filing.group_id,
            subject: filing.subject,
            body: filing.body,
            priority: filing.priority,
            sla: catalog.sla.start(&facts, now),
            channel: Channel::Web,
            contact_phone: filing.contact_phone,
            attachments: filing.attachments,
            linked_ticket_id: filing.linked_ticket_id,
            now: now.unix_timestamp(),
        };
        let me = self.clone();
        let customer = current.user.clone();
        let kept = catalog.clone();
        let notice = std::sync::Arc::new(move |number: &str| {
            me.ticket_notice(&kept.texts, &customer, TicketNews::Created, number, format!("ticket:{number}:created"))
        });
        let number = self.intake.file(ticket, notice).await?;
        self.announce_change();
        self.outbox_wake.notify_one();
        TicketNumber::parse(&number).map_err(|_| AppError::Internal(format!("the store gave the number {number:?}")))
    }

    /// DESIGN §5.4: a closed ticket is final, so a reply to it opens a new ticket linked to it, with
    /// the same service, group and subject, on behalf of the organisation if the customer still
    /// represents it.
    async fn file_follow_up(
        &self,
        current: &CurrentUser,
        closed: &TicketRow,
        body: FreeText,
        attachments: Vec<crate::store::tickets::NewAttachment>,
    ) -> AppResult<TicketNumber> {
        let organization = match &closed.organization_unp {
            Some(unp) => self.db.confirmed_organization(current.user.id, unp).await?,
            None => None,
        };
        let filing = Filing {
            service_id: closed.service_id,
            group_id: closed.group_id,
            organization_id: organization.map(|(id, _)| id),
            contract: organization.is_some_and(|(_, contract)| contract),
            subject: closed.subject.clone(),
            body: body.into_string(),
            priority: Priority::Normal,
            contact_phone: closed.contact_phone.clone().or_else(|| current.user.phone.clone()),
            attachments,
            linked_ticket_id: Some(closed.id),
        };
        self.submit_ticket(current, filing).await
    }

    /// A ticket and its public conversation, if the customer may see it.
    pub async fn my_ticket(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
    ) -> AppResult<(TicketRow, Vec<MessageRow>)> {
        let ticket = self.db.customer_ticket(current.user.id, &number.to_string()).await?.ok_or(AppError::NotFound)?;
        let messages = self.db.ticket_messages(ticket.id, false).await?;
        Ok((ticket, messages))
    }

    /// A customer's reply; reopens a ticket that waited for them or was resolved, and continues a
    /// closed one in a new linked ticket.
    pub async fn reply_as_customer(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        body: &str,
        uploads: Vec<Upload>,
    ) -> AppResult<CustomerReply> {
        let (ticket, _) = self.my_ticket(current, number).await?;
        let body = FreeText::parse("body", body, BODY_MAX)?;
        let status = ticket.status;
        let (attachments, kept) = self.store_uploads(uploads).await?;
        let Ok(next) = after_customer_reply(status) else {
            let number = self.file_follow_up(current, &ticket, body, attachments).await?;
            kept.commit();
            self.announce_change();
            return Ok(CustomerReply::FollowUp(number));
        };
        let now = self.now();
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        let mut happenings = Vec::new();
        if next != status {
            happenings.push(Happening::Status { from: status, to: next });
        }
        happenings.push(Happening::CustomerReplied);
        let sla = catalog.sla.moving(happenings, now);
        let message = NewMessage {
            ticket_id: ticket.id,
            author_id: current.user.id,
            internal: false,
            body: body.as_str(),
            status,
            new_status: Some(next),
            attachments: &attachments,
            notice: &|_| None,
            sla: Some(&sla),
            now: now.unix_timestamp(),
        };
        let id = self.db.add_message(&message).await?.ok_or(AppError::Conflict)?;
        kept.commit();
        self.announce_change();
        Ok(CustomerReply::Added(id))
    }
}

pub fn status_text(tr: crate::i18n::Tr, status: crate::domain::ticket::TicketStatus) -> String {
    tr.t(&format!("status-{}", status.as_str()))
}

/// The same for staff: «Ожидает ответа клиента» rather than the customer's «Ожидает вашего ответа».
pub fn staff_status_text(tr: crate::i18n::Tr, status: crate::domain::ticket::TicketStatus) -> String {
    let key = format!("staff-status-{}", status.as_str());
    if crate::i18n::I18n::get().has(tr.lang, &key) {
        tr.t(&key)
    } else {
        status_text(tr, status)
    }
}

/// One step of a ticket's way as its customer sees it: «Принята», «В работе»… with the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusStep {
    pub status: TicketStatus,
    pub text: String,
    pub at: i64,
}

/// «Принята → В работе → Ожидает вашего ответа → Решена»: the status changes of a ticket in
/// the customer's words, oldest first, a repeated status shown once.
pub fn status_steps(events: &[crate::store::tickets::EventRow], tr: crate::i18n::Tr) -> Vec<StatusStep> {
    let mut steps: Vec<StatusStep> = Vec::new();
    for e in events.iter().filter(|e| e.field == "status") {
        let Some(status) = e.new_value.as_deref().and_then(|v| TicketStatus::parse(v).ok()) else { continue };
        if steps.last().is_some_and(|last| last.status == status) {
            continue;
        }
        let text = if status == TicketStatus::New { tr.t("status-step-new") } else { status_text(tr, status) };
        steps.push(StatusStep { status, text, at: e.at });
    }
    steps
}

/// Who wrote a message, as its reader may know it: customers see «Техподдержка» for every staff
/// member (which operator answered is not theirs to know), staff see names. Pages and the API
/// both ask here.
pub fn author_name(m: &MessageRow, reader_is_staff: bool, tr: crate::i18n::Tr) -> String {
    if m.author_is_staff && !reader_is_staff {
        tr.t("author-support")
    } else {
        format!("{} {}", m.author_first_name, m.author_last_name).trim().to_string()
    }
}

/// What a customer's reply became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerReply {
    /// A message in the conversation, by id.
    Added(i64),
    /// The ticket was closed: a new ticket with this number continues it.
    FollowUp(TicketNumber),
}

impl App {
    /// «Проблема решена».
    pub async fn mark_solved(&self, current: &CurrentUser, number: TicketNumber) -> AppResult<()> {
        let (ticket, _) = self.my_ticket(current, number).await?;
        let status = ticket.status;
        let next =
            transition(status, TicketStatus::Resolved, Actor::Customer).map_err(|_| AppError::InvalidTransition)?;
        let now = self.now();
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        let sla = catalog.sla.moving(vec![Happening::Status { from: status, to: next }], now);
        let change = StatusChange {
            ticket_id: ticket.id,
            actor_id: current.user.id,
            old: status,
            new: next,
            now: now.unix_timestamp(),
            notice: None,
            sla: Some(&sla),
        };
        if !self.db.change_status(&change).await? {
            return Err(AppError::InvalidTransition);
        }
        self.announce_change();
        Ok(())
    }
}

impl App {
    /// «Оцените решение»: 1–5 and an optional comment, by the requester, once, after resolution.
    pub async fn rate_ticket(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        rating: &str,
        comment: &str,
    ) -> AppResult<()> {
        let (ticket, _) = self.my_ticket(current, number).await?;
        if ticket.requester_id != current.user.id {
            return Err(AppError::Forbidden);
        }
        let rating: i64 = match rating.trim().parse() {
            Ok(r @ 1..=5) => r,
            _ => return Err(FieldError::new("rating", "invalid_rating").into()),
        };
        let comment = FreeText::parse_optional("rating_comment", comment, 1000)?;
        if ticket.status.is_open() || ticket.rating.is_some() {
            return Err(AppError::InvalidTransition);
        }
        let saved = self
            .db
            .rate_ticket(ticket.id, current.user.id, rating, comment.as_ref().map(FreeText::as_str), self.now_unix())
            .await?;
        if saved {
            Ok(())
        } else {
            Err(AppError::InvalidTransition)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    #[test]
    fn the_status_steps_read_as_the_customer_sees_them() {
        let event = |field: &str, old: Option<&str>, new: &str, at: i64| crate::store::tickets::EventRow {
            at,
            field: field.into(),
            old_value: old.map(Into::into),
            new_value: Some(new.into()),
            actor: None,
        };
        let events = [
            event("status", None, "new", 1),
            event("assignee", None, "7", 2),
            event("status", Some("new"), "in_progress", 3),
            event("status", Some("in_progress"), "waiting_customer", 4),
            event("status", Some("waiting_customer"), "waiting_customer", 5),
            event("status", Some("waiting_customer"), "resolved", 6),
        ];
        let steps = status_steps(&events, Tr::new(Lang::Ru));
        let words: Vec<(&str, i64)> = steps.iter().map(|s| (s.text.as_str(), s.at)).collect();
        assert_eq!(words, [("Принята", 1), ("В работе", 3), ("Ожидает вашего ответа", 4), ("Решена", 6)]);
        assert_eq!(status_steps(&events, Tr::new(Lang::En))[0].text, "Received");
    }

    fn message(from_staff: bool) -> MessageRow {
        MessageRow {
            id: 1,
            author_id: 7,
            author_last_name: "Петрова".into(),
            author_first_name: "Анна".into(),
            author_is_staff: from_staff,
            author_lang: "ru".into(),
            internal: false,
            body: String::new(),
            created_at: 0,
        }
    }

    #[test]
    fn customers_read_support_where_staff_read_names() {
        let tr = Tr::new(Lang::Ru);
        assert_eq!(author_name(&message(true), false, tr), "Техподдержка");
        assert_eq!(author_name(&message(true), true, tr), "Анна Петрова");
        assert_eq!(author_name(&message(false), false, tr), "Анна Петрова");
        assert_eq!(author_name(&message(true), false, Tr::new(Lang::En)), Tr::new(Lang::En).t("author-support"));
    }
}
