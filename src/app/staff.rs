//! Support staff at work: queues, the full ticket with internal notes, replies, assignment,
//! status changes (DESIGN §2, §5.4).

use super::attachments::Upload;
use super::auth::CurrentUser;
use super::notices::TicketNews;
use super::tickets::BODY_MAX;
use super::{App, AppError, AppResult};
use crate::domain::people::{AccountStatus, Role};
use crate::domain::sla::ticket::Happening;
use crate::domain::ticket::{after_staff_reply, transition, Actor, Priority, TicketNumber, TicketStatus};
use crate::domain::{FieldError, FreeText};
use crate::store::outbox::NewOutbox;
use crate::store::queue::{Reclassify, StaffScope};
use crate::store::tickets::{MessageRow, NewMessage, StatusChange, TicketRow};

/// What a staff member sends in a ticket.
#[derive(Debug, Clone, Copy, Default)]
pub struct StaffReply<'a> {
    pub body: &'a str,
    /// An internal note: never shown to the customer, leaves the status alone.
    pub internal: bool,
    /// The status a public reply leaves the ticket in; waiting for the customer when `None`.
    pub then: Option<TicketStatus>,
    /// The last message the writer saw: a public reply is held back when someone else has
    /// answered since. `None` sends regardless (the API, a confirmed second send).
    pub seen_message: Option<i64>,
}

impl App {
    /// Operators see their groups; supervisors and administrators see everything.
    pub fn staff_scope(&self, current: &CurrentUser) -> AppResult<StaffScope> {
        scope_of_role(current.user.id, current.user.role).ok_or(AppError::Forbidden)
    }

    /// The ticket with every message, internal notes included, when the staff member may see it.
    pub async fn staff_ticket(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
    ) -> AppResult<(TicketRow, Vec<MessageRow>)> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let messages = self.db.ticket_messages(ticket.id, true).await?;
        Ok((ticket, messages))
    }

    /// The ticket alone, when the staff member may see it: for changes that do not show its
    /// messages.
    pub async fn visible_staff_ticket(&self, current: &CurrentUser, number: TicketNumber) -> AppResult<TicketRow> {
        let scope = self.staff_scope(current)?;
        self.db.staff_ticket(scope, &number.to_string()).await?.ok_or(AppError::NotFound)
    }

    /// A public reply (the customer is told by SMS) or an internal note (never shown to them).
    pub async fn reply_as_staff(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        reply: StaffReply<'_>,
        uploads: Vec<Upload>,
    ) -> AppResult<i64> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let body = FreeText::parse("body", reply.body, BODY_MAX)?;
        let status = ticket.status;
        if status == TicketStatus::Closed {
            return Err(AppError::InvalidTransition);
        }
        let next = if reply.internal {
            status
        } else {
            after_staff_reply(status, reply.then).map_err(|_| FieldError::new("status_after", "invalid_status"))?
        };
        if let Some(seen) = reply.seen_message.filter(|_| !reply.internal) {
            let by = self.db.replies_since(ticket.id, seen, current.user.id).await?;
            if !by.is_empty() {
                let mut by: Vec<String> = by.into_iter().map(|(first, last)| format!("{first} {last}")).collect();
                by.dedup();
                return Err(AppError::AnsweredMeanwhile { by });
            }
        }
        let at = self.now();
        let now = at.unix_timestamp();
        let (attachments, kept) = self.store_uploads(uploads).await?;
        let requester = if reply.internal { None } else { self.db.user_by_id(ticket.requester_id).await? };
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        let mut happenings = Vec::new();
        if !reply.internal {
            happenings.push(Happening::StaffReplied);
        }
        if next != status {
            happenings.push(Happening::Status { from: status, to: next });
        }
        let sla = catalog.sla.moving(happenings, at);
        let news =
            if next == TicketStatus::Resolved && status != next { TicketNews::Resolved } else { TicketNews::Reply };
        let notice = |id: i64| {
            let requester = requester.as_ref()?;
            let key = format!("ticket:{}:reply:{id}", ticket.number);
            self.ticket_notice(&catalog.texts, requester, news, &ticket.number, key)
        };
        let message = NewMessage {
            ticket_id: ticket.id,
            author_id: current.user.id,
            internal: reply.internal,
            body: body.as_str(),
            status,
            new_status: Some(next),
            attachments: &attachments,
            notice: &notice,
            sla: Some(&sla),
            now,
        };
        let id = self.db.add_message(&message).await?.ok_or(AppError::Conflict)?;
        kept.commit();
        self.announce_change();
        if requester.is_some() {
            self.outbox_wake.notify_one();
        }
        Ok(id)
    }

    /// Assigns to a staff member by login (`None` unassigns). The assignee must be able to see it.
    pub async fn assign(&self, current: &CurrentUser, number: TicketNumber, assignee: Option<&str>) -> AppResult<()> {
        // Who may not see the ticket learns nothing, not even whether a login exists.
        self.staff_ticket(current, number).await?;
        let id = match assignee.map(str::trim).filter(|a| !a.is_empty()) {
            None => None,
            Some(login) => Some(
                self.db
                    .staff_member(&login.to_lowercase())
                    .await?
                    .ok_or(FieldError::new("assignee", "unknown_staff"))?
                    .0,
            ),
        };
        self.assign_to(current, number, id).await.map(|_| ())
    }

    /// Assigns to a staff member by id (`None` unassigns), checking they may see the ticket.
    /// Answers whether that changed anything.
    pub async fn assign_to(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        assignee: Option<i64>,
    ) -> AppResult<bool> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let new = match assignee {
            None => None,
            Some(id) => {
                let person = self.db.user_by_id(id).await?.filter(|u| u.status == AccountStatus::Active);
                let person = person.ok_or(FieldError::new("assignee", "unknown_staff"))?;
                let scope = scope_of_role(id, person.role).ok_or(FieldError::new("assignee", "unknown_staff"))?;
                if !self.db.staff_sees_ticket(scope, ticket.id).await? {
                    return Err(FieldError::new("assignee", "assignee_outside_group").into());
                }
                Some(id)
            }
        };
        if new == ticket.assignee_id {
            return Ok(false);
        }
        let now = self.now_unix();
        // Someone else gave it to them: they hear of it by e-mail.
        let mut notice = None;
        if let Some(assignee) = new.filter(|id| *id != current.user.id) {
            if let Some(staff) = self.db.user_by_id(assignee).await? {
                let key = format!("ticket:{}:assigned:{assignee}:{now}", ticket.number);
                let catalog = self.catalog().await?;
                notice = self.assignment_notice(&catalog.texts, &staff, &ticket.number, &ticket.subject, key);
            }
        }
        let assigned = self.db.assign_ticket(ticket.id, current.user.id, ticket.assignee_id, new, now, notice.as_ref());
        if !assigned.await? {
            return Err(AppError::Conflict);
        }
        self.announce_change();
        if notice.is_some() {
            self.outbox_wake.notify_one();
        }
        Ok(true)
    }

    /// A status change by staff, checked against the lifecycle.
    pub async fn set_status(&self, current: &CurrentUser, number: TicketNumber, status: &str) -> AppResult<()> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let from = ticket.status;
        let to = TicketStatus::parse(status)?;
        transition(from, to, Actor::Staff).map_err(|_| AppError::InvalidTransition)?;
        let at = self.now();
        let now = at.unix_timestamp();
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        let sla = catalog.sla.moving(vec![Happening::Status { from, to }], at);
        let notice = if to == TicketStatus::Resolved {
            let key = format!("ticket:{}:resolved:{now}", ticket.number);
            self.requester_notice(&ticket, TicketNews::Resolved, key).await?
        } else {
            None
        };
        let change = StatusChange {
            ticket_id: ticket.id,
            actor_id: current.user.id,
            old: from,
            new: to,
            now,
            notice: notice.as_ref(),
            sla: Some(&sla),
        };
        if !self.db.change_status(&change).await? {
            return Err(AppError::Conflict);
        }
        self.announce_change();
        if notice.is_some() {
            self.outbox_wake.notify_one();
        }
        Ok(())
    }

    async fn requester_notice(
        &self,
        ticket: &TicketRow,
        news: TicketNews,
        key: String,
    ) -> AppResult<Option<NewOutbox>> {
        let Some(requester) = self.db.user_by_id(ticket.requester_id).await? else { return Ok(None) };
        let catalog = self.catalog().await?;
        Ok(self.ticket_notice(&catalog.texts, &requester, news, &ticket.number, key))
    }
}

impl App {
    /// Changes the priority, group or service of a ticket (empty values leave a field as it is).
    /// Answers how many of them changed.
    pub async fn reclassify(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        priority: &str,
        group: &str,
        service: &str,
    ) -> AppResult<usize> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let mut changes = Vec::new();
        if !priority.trim().is_empty() && priority.trim() != ticket.priority.as_str() {
            let p = Priority::parse(priority.trim())?;
            changes.push(Reclassify::Priority { old: ticket.priority, new: p });
        }
        if !group.trim().is_empty() {
            let new_id = self.db.group_by_code(group.trim()).await?.ok_or(FieldError::new("group", "unknown_group"))?;
            if Some(new_id) != ticket.group_id {
                let old_code = match ticket.group_id {
                    Some(id) => self.db.group_code(id).await?.unwrap_or_default(),
                    None => String::new(),
                };
                changes.push(Reclassify::Group {
                    old_id: ticket.group_id,
                    new_id,
                    old_code,
                    new_code: group.trim().into(),
                });
            }
        }
        if !service.trim().is_empty() && service.trim() != ticket.service_code {
            let new =
                self.db.service_by_code(service.trim()).await?.ok_or(FieldError::new("service", "unknown_service"))?;
            changes.push(Reclassify::Service {
                old_id: ticket.service_id,
                new_id: new.id,
                old_code: ticket.service_code.clone(),
                new_code: new.code,
            });
        }
        let at = self.now();
        let catalog = self.catalog_knowing(ticket.sla_calendar_id).await?;
        let (mut priority, mut service) = (ticket.priority, ticket.service_id);
        for change in &changes {
            match change {
                Reclassify::Priority { new, .. } => priority = *new,
                Reclassify::Service { new_id, .. } => service = *new_id,
                Reclassify::Group { .. } => {}
            }
            // A new priority or service applies the policy again; a group changes no target.
            let mut sla = catalog.sla.moving(Vec::new(), at);
            sla.retarget = catalog.sla.terms_for(&catalog.facts_of(&ticket, Some(priority), Some(service)));
            let moves = !matches!(change, Reclassify::Group { .. });
            let sla = moves.then_some(&sla);
            if !self.db.reclassify(ticket.id, Some(current.user.id), change, at.unix_timestamp(), sla).await? {
                return Err(AppError::Conflict);
            }
            self.announce_change();
        }
        Ok(changes.len())
    }

    /// A supervisor confirms (as member or manager) or rejects (with a reason) a pending
    /// representation, from a ticket's requester card or the API.
    pub async fn decide_representation(
        &self,
        current: &CurrentUser,
        representation_id: i64,
        decision: &str,
        role: Option<&str>,
        reason: &str,
    ) -> AppResult<()> {
        let by = self.supervisor(current)?;
        let verdict = super::admin::representations::Verdict::parse(decision, role)?;
        self.decide_as_supervisor(by, representation_id, verdict, reason, &Default::default()).await
    }

    /// Resolved tickets close themselves after `auto_close_days`; run by housekeeping.
    pub async fn close_resolved_tickets(&self) -> AppResult<u64> {
        let now = self.now_unix();
        Ok(self.db.close_resolved_before(now - self.config.auto_close_days * 86_400, now).await?)
    }
}

/// What a staff member with this role sees; `None` for anyone who is not staff.
fn scope_of_role(user_id: i64, role: Role) -> Option<StaffScope> {
    role.is_staff().then_some(StaffScope { user_id, all_groups: role.sees_all_groups() })
}
