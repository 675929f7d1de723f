//! The operator's ticket workspace (issue 11): everything the ticket page shows in one read,
//! one «Сохранить» for its attributes, reply drafts and who else has the ticket open.
//! The texts the page shows for events and deadlines are built here, by pure functions.

use std::collections::HashMap;

use super::auth::CurrentUser;
use super::{App, AppError, AppResult};
use crate::domain::calendar::Calendar;
use crate::domain::sla::ticket::{Happening, Target, TicketSla};
use crate::domain::ticket::{transition, Actor, Priority, TicketNumber, TicketStatus};
use crate::domain::FieldError;
use crate::i18n::Tr;
use crate::store::orgs::MembershipRow;
use crate::store::presence::Beat;
use crate::store::services::ServiceRow;
use crate::store::tickets::{AttachmentRow, EventRow, MessageRow, TicketLinks, TicketRow};
use crate::store::users::UserRow;
use crate::store::workspace::StaffChoice;

/// How many earlier tickets the requester card lists, of the customer and of the organisation.
pub const HISTORY_LENGTH: i64 = 10;
/// The page's heartbeat comes every 10 s; three missed ones and the person is gone.
pub const PRESENCE_WINDOW_SECS: i64 = 35;

/// Everything the ticket page shows.
pub struct Workspace {
    pub ticket: TicketRow,
    pub messages: Vec<MessageRow>,
    pub events: Vec<EventRow>,
    pub files: Vec<AttachmentRow>,
    pub requester: UserRow,
    pub memberships: Vec<MembershipRow>,
    pub links: TicketLinks,
    /// The customer's other tickets, latest first.
    pub history: Vec<TicketRow>,
    /// Tickets of the ticket's organisation filed by colleagues.
    pub organization_history: Vec<TicketRow>,
    pub assignable: Vec<StaffChoice>,
    pub services: Vec<ServiceRow>,
    pub names: Names,
    /// The code of the ticket's group, when it has one.
    pub group_code: Option<String>,
    /// The reply this staff member left unsent here.
    pub draft: Option<String>,
    /// Others with the page open now.
    pub present: Vec<Present>,
    /// Supervisors decide on representations.
    pub can_decide: bool,
    /// Who reads it.
    pub me: i64,
    /// The ticket's clocks and the calendar they count on.
    pub sla: Option<(TicketSla, Calendar)>,
    /// Codes of the groups the ticket may be moved to (archived ones are not).
    pub group_choices: Vec<String>,
}

/// What ids and codes in the ticket's history are called.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub staff: HashMap<i64, String>,
    /// code → (ru, be, en)
    pub groups: Vec<(String, String, String, String)>,
    pub services: HashMap<String, (String, String, String)>,
}

impl Names {
    pub fn group(&self, code: &str, tr: Tr) -> Option<String> {
        self.groups.iter().find(|g| g.0 == code).map(|(_, ru, be, en)| pick(tr, ru, be, en).to_string())
    }

    fn service(&self, code: &str, tr: Tr) -> Option<String> {
        self.services.get(code).map(|(ru, be, en)| pick(tr, ru, be, en).to_string())
    }
}

fn pick<'a>(tr: Tr, ru: &'a str, be: &'a str, en: &'a str) -> &'a str {
    match tr.lang_code() {
        "be" => be,
        "en" => en,
        _ => ru,
    }
}

/// «Исполнитель: — → Оператор Демо»: a change in the ticket's history with names, never ids
/// or codes. A name that is no longer known (a deleted group) shows as it was stored.
pub fn describe_change(event: &EventRow, names: &Names, tr: Tr) -> String {
    let value = |v: &Option<String>| -> String {
        let Some(v) = v.as_deref().filter(|v| !v.is_empty()) else { return "—".into() };
        let named = match event.field.as_str() {
            "status" => TicketStatus::parse(v).ok().map(|s| super::tickets::staff_status_text(tr, s)),
            "priority" => Priority::parse(v).ok().map(|p| tr.t(&format!("priority-{}", p.as_str()))),
            "assignee" => v.parse::<i64>().ok().and_then(|id| names.staff.get(&id).cloned()),
            "group" => names.group(v, tr),
            "service" => names.service(v, tr),
            "sla_warning" | "sla_breach" => Target::parse(v).map(|t| tr.t(&format!("sla-target-{}", t.as_str()))),
            _ => None,
        };
        named.unwrap_or_else(|| v.to_string())
    };
    format!("{}: {} → {}", tr.t(&format!("field-{}", event.field)), value(&event.old_value), value(&event.new_value))
}

/// The attributes panel as sent: empty values leave a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TicketForm {
    pub status: String,
    pub priority: String,
    pub group: String,
    pub service: String,
    pub assignee: AssigneeChoice,
}

/// What to do with the assignee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AssigneeChoice {
    /// Leave whoever has it (bulk changes that are about something else).
    #[default]
    Keep,
    Nobody,
    Person(i64),
}

impl AssigneeChoice {
    /// A drop-down's value: a staff id, or `none`; empty is `empty`'s meaning.
    pub fn parse(value: &str, empty: AssigneeChoice) -> Result<Self, FieldError> {
        match value.trim() {
            "" => Ok(empty),
            "none" => Ok(AssigneeChoice::Nobody),
            id => id.parse().map(AssigneeChoice::Person).map_err(|_| FieldError::new("assignee", "unknown_staff")),
        }
    }
}

/// What a change to many tickets did: each ticket changed on its own, the refused ones with why.
#[derive(Debug, Default)]
pub struct BulkReport {
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    pub refused: Vec<(String, AppError)>,
}

/// At most this many tickets in one bulk change: a page of the queue.
pub const BULK_MAX: usize = 100;

impl App {
    pub async fn workspace(&self, current: &CurrentUser, number: TicketNumber) -> AppResult<Workspace> {
        let scope = self.staff_scope(current)?;
        let (ticket, messages) = self.staff_ticket(current, number).await?;
        let db = &self.db;
        // The reads below do not depend on each other: on PostgreSQL each is a round trip, and
        // together they take the time of the slowest.
        let organization_history = async {
            match ticket.organization_id {
                Some(org) => db.organization_history(scope, org, ticket.requester_id, HISTORY_LENGTH).await,
                None => Ok(Vec::new()),
            }
        };
        let (requester, events, history, organization_history, memberships, links, files, draft, sla) = tokio::try_join!(
            db.user_by_id(ticket.requester_id),
            db.ticket_events(ticket.id),
            db.requester_history(scope, ticket.requester_id, ticket.id, HISTORY_LENGTH),
            organization_history,
            db.memberships(ticket.requester_id),
            db.ticket_links(ticket.id, None),
            db.ticket_attachments(ticket.id, true),
            db.reply_draft(ticket.id, current.user.id),
            db.ticket_sla(ticket.id),
        )?;
        let requester = requester.ok_or(AppError::NotFound)?;
        let (catalog, present) = tokio::try_join!(
            self.catalog_knowing(ticket.sla_calendar_id),
            self.beat(ticket.id, current.user.id, false)
        )?;
        let sla = sla.and_then(|s| catalog.sla.calendar(s.terms.calendar_id).cloned().map(|c| (s, c)));
        let mut ids: Vec<i64> = ticket.assignee_id.into_iter().collect();
        for e in events.iter().filter(|e| e.field == "assignee") {
            ids.extend([&e.old_value, &e.new_value].into_iter().flatten().filter_map(|v| v.parse::<i64>().ok()));
        }
        ids.sort_unstable();
        ids.dedup();
        let mut people: Vec<StaffChoice> =
            catalog.staff.iter().filter(|s| ids.contains(&s.person.id)).map(|s| s.person.clone()).collect();
        // Who has left the staff is no longer in the catalogue, but stays in the timeline.
        let missing: Vec<i64> = ids.iter().copied().filter(|id| !people.iter().any(|p| p.id == *id)).collect();
        people.extend(db.staff_choices(&missing).await?);
        let staff: HashMap<i64, String> = people.iter().map(|p| (p.id, p.name())).collect();
        let mut assignable = catalog.assignable(ticket.group_id);
        // Whoever has it stays a choice even when they have left its group.
        if let Some(id) = ticket.assignee_id.filter(|id| !assignable.iter().any(|s| s.id == *id)) {
            assignable.extend(people.iter().find(|p| p.id == id).cloned());
        }
        let services = catalog.services.clone();
        Ok(Workspace {
            names: Names {
                staff,
                groups: catalog.group_names(),
                services: services
                    .iter()
                    .map(|s| (s.code.clone(), (s.name_ru.clone(), s.name_be.clone(), s.name_en.clone())))
                    .collect(),
            },
            group_code: ticket.group_id.and_then(|id| catalog.group_code(id)),
            history,
            organization_history,
            memberships,
            links,
            files,
            draft,
            present,
            can_decide: scope.all_groups,
            me: current.user.id,
            sla,
            group_choices: catalog.groups.iter().filter(|g| !g.archived).map(|g| g.code.clone()).collect(),
            assignable,
            services,
            requester,
            events,
            messages,
            ticket,
        })
    }

    /// One «Сохранить» for the attributes panel. The classification changes first, so that the
    /// assignee is checked against the ticket's new group; each change is its own event.
    /// Answers how many changes were made.
    pub async fn save_ticket(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        form: &TicketForm,
    ) -> AppResult<usize> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let status = match form.status.trim() {
            "" => None,
            s => Some(TicketStatus::parse(s)?).filter(|s| *s != ticket.status),
        };
        if let Some(to) = status {
            transition(ticket.status, to, Actor::Staff).map_err(|_| AppError::InvalidTransition)?;
        }
        let assignee = match form.assignee {
            AssigneeChoice::Keep => ticket.assignee_id,
            AssigneeChoice::Nobody => None,
            AssigneeChoice::Person(id) => Some(id),
        };
        // Everything is checked before anything is written, the assignee against the group the
        // ticket is about to be in: a refused form changes nothing.
        let group = match form.group.trim() {
            "" => ticket.group_id,
            code => Some(self.db.group_by_code(code).await?.ok_or(FieldError::new("group", "unknown_group"))?),
        };
        if let Some(id) = assignee.filter(|id| Some(*id) != ticket.assignee_id) {
            let fits = self.db.assignable_staff(group).await?.iter().any(|s| s.id == id);
            if !fits {
                let known = self.db.staff_choice(id).await?.is_some();
                let code = if known { "assignee_outside_group" } else { "unknown_staff" };
                return Err(FieldError::new("assignee", code).into());
            }
        }
        let mut changes = self.reclassify(current, number, &form.priority, &form.group, &form.service).await?;
        if assignee != ticket.assignee_id && self.assign_to(current, number, assignee).await? {
            changes += 1;
        }
        if let Some(to) = status {
            self.set_status(current, number, to.as_str()).await?;
            changes += 1;
        }
        Ok(changes)
    }

    /// The same change to many tickets (bulk actions in the queue). Each ticket is changed on its
    /// own, with its own events; one refused does not stop the others, and says why.
    pub async fn bulk_update(
        &self,
        current: &CurrentUser,
        numbers: &[TicketNumber],
        form: &TicketForm,
    ) -> AppResult<BulkReport> {
        self.staff_scope(current)?;
        if numbers.is_empty() {
            return Err(FieldError::new("ticket", "required").into());
        }
        if numbers.len() > BULK_MAX {
            return Err(FieldError::new("ticket", "too_many").into());
        }
        let mut report = BulkReport::default();
        for number in numbers {
            match self.save_ticket(current, *number, form).await {
                Ok(0) => report.unchanged.push(number.to_string()),
                Ok(_) => report.changed.push(number.to_string()),
                Err(e @ (AppError::Unavailable(_) | AppError::Internal(_))) => return Err(e),
                Err(e) => report.refused.push((number.to_string(), e)),
            }
        }
        Ok(report)
    }

    /// Merges the duplicate `source` into `into` (a number as typed), a ticket of the same
    /// customer: the messages and their files move, the duplicate closes with a link, and the
    /// customer is told once. Answers the ticket the conversation goes on in.
    pub async fn merge(&self, current: &CurrentUser, source: TicketNumber, into: &str) -> AppResult<TicketNumber> {
        let (from, _) = self.staff_ticket(current, source).await?;
        let target =
            TicketNumber::parse(into.trim()).map_err(|_| FieldError::new("merge_into", "invalid_ticket_number"))?;
        let (to, _) = match self.staff_ticket(current, target).await {
            Err(AppError::NotFound) => return Err(FieldError::new("merge_into", "unknown_ticket").into()),
            other => other?,
        };
        if from.id == to.id {
            return Err(FieldError::new("merge_into", "merge_same").into());
        }
        if from.requester_id != to.requester_id {
            return Err(FieldError::new("merge_into", "merge_other_customer").into());
        }
        if from.status == TicketStatus::Closed || to.status == TicketStatus::Closed {
            return Err(FieldError::new("merge_into", "merge_closed").into());
        }
        let at = self.now();
        let now = at.unix_timestamp();
        let catalog = self.catalog_knowing(from.sla_calendar_id).await?;
        let sla = catalog.sla.moving(vec![Happening::Status { from: from.status, to: TicketStatus::Closed }], at);
        let notice = match self.db.user_by_id(from.requester_id).await? {
            Some(customer) => {
                let key = format!("ticket:{}:merged:{}", from.number, to.number);
                self.merge_notice(&catalog.texts, &customer, &from.number, &to.number, key)
            }
            None => None,
        };
        let merge = crate::store::tickets::Merge {
            source_id: from.id,
            source_number: &from.number,
            source_status: from.status,
            target_id: to.id,
            target_number: &to.number,
            target_status: to.status,
            actor_id: current.user.id,
            now,
            notice: notice.as_ref(),
            sla: Some(&sla),
        };
        if !self.db.merge_tickets(&merge).await? {
            return Err(AppError::Conflict);
        }
        self.announce_change();
        if notice.is_some() {
            self.outbox_wake.notify_one();
        }
        Ok(target)
    }

    /// Keeps what this staff member is writing in reply to the ticket.
    pub async fn save_draft(&self, current: &CurrentUser, number: TicketNumber, body: &str) -> AppResult<()> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        let body = crate::domain::FreeText::parse("body", body, super::tickets::BODY_MAX)?;
        Ok(self.db.save_reply_draft(ticket.id, current.user.id, body.as_str(), self.now_unix()).await?)
    }

    pub async fn discard_draft(&self, current: &CurrentUser, number: TicketNumber) -> AppResult<()> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        Ok(self.db.discard_reply_draft(ticket.id, current.user.id).await?)
    }

    /// A heartbeat from the open ticket page: who else is there, and who is writing.
    pub async fn presence(
        &self,
        current: &CurrentUser,
        number: TicketNumber,
        writing: bool,
    ) -> AppResult<Vec<Present>> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        self.beat(ticket.id, current.user.id, writing).await
    }

    /// Records that `user` has the ticket open and answers who else does.
    async fn beat(&self, ticket: i64, user: i64, writing: bool) -> AppResult<Vec<Present>> {
        let now = self.now_unix();
        let (recorded, seen) = tokio::join!(
            self.presence.record(Beat { ticket, user, writing, at: now }),
            self.presence.others_on(ticket, user, now - PRESENCE_WINDOW_SECS)
        );
        recorded?;
        let seen = seen?;
        if seen.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = seen.iter().map(|s| s.user_id).collect();
        let names = self.db.staff_choices(&ids).await?;
        let mut present: Vec<Present> = seen
            .iter()
            .filter_map(|s| {
                let person = names.iter().find(|n| n.id == s.user_id)?;
                Some(Present {
                    user_id: s.user_id,
                    first_name: person.first_name.clone(),
                    last_name: person.last_name.clone(),
                    writing: s.writing,
                })
            })
            .collect();
        present.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
        Ok(present)
    }

    pub async fn leave_ticket(&self, current: &CurrentUser, number: TicketNumber) -> AppResult<()> {
        let ticket = self.visible_staff_ticket(current, number).await?;
        Ok(self.presence.forget(ticket.id, current.user.id).await?)
    }
}

/// Someone else with the ticket open, seen within the presence window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present {
    pub user_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub writing: bool,
}

/// «Иванов И. пишет ответ», «Петров П. смотрит заявку»: one line per person.
pub fn presence_lines(present: &[Present], tr: Tr) -> Vec<String> {
    present
        .iter()
        .map(|p| {
            let name = format!("{} {}", p.first_name, p.last_name).trim().to_string();
            tr.t1(if p.writing { "presence-writing" } else { "presence-viewing" }, "name", name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn event(field: &str, old: Option<&str>, new: Option<&str>) -> EventRow {
        EventRow {
            at: 0,
            field: field.into(),
            old_value: old.map(Into::into),
            new_value: new.map(Into::into),
            actor: Some("Оператор Демо".into()),
        }
    }

    fn names() -> Names {
        Names {
            staff: HashMap::from([(1, "Оператор Демо".to_string())]),
            groups: vec![("ecp".into(), "ЭЦП".into(), "ЭЛП".into(), "Digital signatures".into())],
            services: HashMap::from([("other".to_string(), ("Другое".into(), "Іншае".into(), "Other".into()))]),
        }
    }

    #[test]
    fn the_history_shows_names_never_ids_or_codes() {
        let ru = Tr::new(Lang::Ru);
        let n = names();
        assert_eq!(describe_change(&event("assignee", None, Some("1")), &n, ru), "Исполнитель: — → Оператор Демо");
        assert_eq!(describe_change(&event("group", Some("ecp"), Some("gone")), &n, ru), "Группа: ЭЦП → gone");
        assert_eq!(
            describe_change(&event("status", Some("new"), Some("waiting_customer")), &n, ru),
            "Статус: Новая → Ожидает ответа клиента"
        );
        let en = Tr::new(Lang::En);
        assert_eq!(describe_change(&event("service", Some("other"), None), &n, en), "Service: Other → —");
        assert_eq!(
            describe_change(&event("priority", Some("normal"), Some("high")), &n, en),
            "Priority: Normal → High"
        );
    }

    #[test]
    fn presence_says_who_reads_and_who_writes() {
        let present = [
            Present { user_id: 2, first_name: "Анна".into(), last_name: "Иванова".into(), writing: true },
            Present { user_id: 3, first_name: "Пётр".into(), last_name: "Петров".into(), writing: false },
        ];
        assert_eq!(
            presence_lines(&present, Tr::new(Lang::Ru)),
            vec!["Анна Иванова пишет ответ".to_string(), "Пётр Петров смотрит эту заявку".to_string()]
        );
    }
}
