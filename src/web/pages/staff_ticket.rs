//! `/staff/tickets/{number}`: the operator's two-pane workspace — conversation and reply on the
//! left, the ticket's attributes and the requester on the right.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::tickets::{files_hint, files_of, staff_status_text, FileLink};
use super::{html, render, see_other};
use crate::app::auth::CurrentUser;
use crate::app::done::Done;
use crate::app::staff::StaffReply;
use crate::app::workspace::{describe_change, presence_lines, AssigneeChoice, TicketForm, Workspace};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::links::{segments, Segment};
use crate::domain::ticket::TicketStatus;
use crate::domain::ticket::{default_reply_outcome, reply_outcomes, transition, Actor, Priority, TicketNumber};
use crate::domain::Phone;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::tickets::{TicketLinks, TicketRow};
use crate::web::context::{Ctx, Nav, TicketPath};
use crate::web::errors::{FormErrors, Labels, PageError};
use crate::web::uploads::PageForm;

fn staff_user(ctx: &Ctx) -> Result<&CurrentUser, PageError> {
    let current = ctx.require_user()?;
    ctx.app.staff_scope(current).map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(current)
}

struct OrgCard {
    id: i64,
    name: String,
    unp: String,
    pending: bool,
    status_text: String,
    contract: String,
}

struct TimelineItem {
    kind: &'static str,
    author: String,
    /// `lang` of a message's text (its author's language); empty for events.
    lang: String,
    at: String,
    body: Vec<Segment>,
    files: Vec<FileLink>,
}

/// An earlier ticket on the requester card.
struct EarlierTicket {
    number: String,
    subject: String,
    status: &'static str,
    status_text: String,
    updated: String,
}

/// A choice in one of the panel's drop-downs.
struct Choice {
    value: String,
    text: String,
    selected: bool,
}

/// The composer calls its text «Сообщение».
pub const COMPOSER_LABELS: Labels = &[("body", "staff-message")];

/// What the reply form starts from.
#[derive(Default)]
struct Composer {
    text: String,
    /// The reply was held back: these people answered while it was being written.
    answered_by: Option<String>,
}

#[derive(Template)]
#[template(path = "staff_ticket.html")]
struct TicketPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    number: String,
    subject: String,
    status: &'static str,
    status_text: String,
    service: String,
    assignee: String,
    sla: String,
    sla_state: &'static str,
    /// Each clock of the ticket's service level.
    clocks: Vec<crate::app::sla_view::ClockLine>,
    requester_name: String,
    requester_phone: String,
    contact_phone: String,
    requester_email: String,
    organizations: Vec<OrgCard>,
    organization_name: String,
    history: Vec<EarlierTicket>,
    organization_history: Vec<EarlierTicket>,
    can_decide: bool,
    timeline: Vec<TimelineItem>,
    links: TicketLinks,
    open: bool,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    groups: Vec<Choice>,
    services: Vec<Choice>,
    assignees: Vec<Choice>,
    outcomes: Vec<Choice>,
    files_hint: String,
    rating: String,
    canned: Vec<crate::store::canned::CannedResponse>,
    composer: Composer,
    has_draft: bool,
    /// The newest message on the page: a reply sent from it has seen everything up to here.
    seen_message: i64,
    present: Vec<String>,
    /// The reader's id: «a» assigns the ticket to them.
    me: i64,
    /// A duplicate can still be merged into another ticket.
    open_for_merge: bool,
}

fn earlier(tr: Tr, rows: &[TicketRow]) -> Vec<EarlierTicket> {
    rows.iter()
        .map(|t| EarlierTicket {
            number: t.number.clone(),
            subject: t.subject.clone(),
            status: t.status.as_str(),
            status_text: staff_status_text(tr, t.status),
            updated: format_minsk(from_unix(t.updated_at)),
        })
        .collect()
}

fn ticket_page(
    ctx: &Ctx,
    ws: Workspace,
    notice: Option<String>,
    errors: FormErrors,
    composer: Composer,
    canned: Vec<crate::store::canned::CannedResponse>,
) -> TicketPage {
    let tr = ctx.tr;
    let now = ctx.app.now_unix();
    let t = &ws.ticket;
    let mut timeline: Vec<(i64, u8, TimelineItem)> = ws
        .messages
        .iter()
        .map(|m| {
            let kind = if m.internal {
                "internal"
            } else if m.author_is_staff {
                "staff"
            } else {
                "customer"
            };
            let item = TimelineItem {
                kind,
                author: crate::app::tickets::author_name(m, true, tr),
                lang: m.author_lang.clone(),
                at: format_minsk(from_unix(m.created_at)),
                files: files_of(tr, &ws.files, m.id),
                body: segments(&m.body),
            };
            (m.created_at, 0, item)
        })
        .collect();
    timeline.extend(ws.events.iter().map(|e| {
        let item = TimelineItem {
            kind: "event",
            author: format!(
                "{} · {}",
                e.actor.clone().unwrap_or_else(|| tr.t("actor-system")),
                describe_change(e, &ws.names, tr)
            ),
            lang: String::new(),
            at: format_minsk(from_unix(e.at)),
            body: Vec::new(),
            files: vec![],
        };
        (e.at, 1, item)
    }));
    // Newest first: the message to answer is next to the reply box, never a scroll away.
    timeline.sort_by_key(|(at, order, _)| (std::cmp::Reverse(*at), *order));
    let status = t.status;
    let at = from_unix(now);
    let calendars: crate::store::ticket_sla::Calendars =
        ws.sla.iter().map(|(s, c)| (s.terms.calendar_id, c.clone())).collect();
    let badge = crate::app::sla_view::badge(t, &calendars, at, tr);
    let clocks = ws.sla.as_ref().map(|(s, c)| crate::app::sla_view::clock_lines(s, c, at, tr)).unwrap_or_default();
    let current_group = ws.group_code.clone();
    let requester = &ws.requester;
    let chosen_outcome = default_reply_outcome(status);
    TicketPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        number: t.number.clone(),
        subject: t.subject.clone(),
        status: status.as_str(),
        status_text: staff_status_text(tr, status),
        service: t.service_name(tr.lang_code()).to_string(),
        assignee: t.assignee_id.and_then(|id| ws.names.staff.get(&id).cloned()).unwrap_or_else(|| "—".into()),
        sla_state: badge.as_ref().map_or("", |b| b.state.as_str()),
        sla: badge.map(|b| b.text).unwrap_or_default(),
        clocks,
        requester_name: format!(
            "{} {} {}",
            requester.last_name,
            requester.first_name,
            requester.middle_name.clone().unwrap_or_default()
        )
        .trim()
        .to_string(),
        requester_phone: phone_display(requester.phone.as_deref()),
        // Shown only when the customer gave another number for this ticket.
        contact_phone: if t.contact_phone != requester.phone {
            phone_display(t.contact_phone.as_deref())
        } else {
            String::new()
        },
        requester_email: requester.email.clone().unwrap_or_default(),
        organizations: ws
            .memberships
            .iter()
            .map(|m| OrgCard {
                id: m.id,
                status_text: tr.t(&format!("representation-{}", m.status)),
                pending: m.status == "pending",
                name: m.full_name.clone(),
                unp: m.unp.clone(),
                contract: m.contract_number.clone().unwrap_or_default(),
            })
            .collect(),
        organization_name: t.organization_name.clone().unwrap_or_default(),
        history: earlier(tr, &ws.history),
        organization_history: earlier(tr, &ws.organization_history),
        can_decide: ws.can_decide,
        timeline: timeline.into_iter().map(|(_, _, item)| item).collect(),
        links: ws.links.clone(),
        open: status != TicketStatus::Closed,
        statuses: TicketStatus::ALL
            .into_iter()
            .filter(|to| *to == status || transition(status, *to, Actor::Staff).is_ok())
            .map(|s| Choice { value: s.as_str().into(), text: staff_status_text(tr, s), selected: s == status })
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| Choice {
                value: p.as_str().into(),
                text: tr.t(&format!("priority-{}", p.as_str())),
                selected: *p == t.priority,
            })
            .collect(),
        groups: ws
            .names
            .groups
            .iter()
            .filter(|(code, ..)| ws.group_choices.contains(code) || Some(code) == current_group.as_ref())
            .map(|(code, ..)| Choice {
                value: code.clone(),
                text: ws.names.group(code, tr).unwrap_or_default(),
                selected: Some(code) == current_group.as_ref(),
            })
            .collect(),
        services: ws
            .services
            .iter()
            .map(|s| Choice {
                value: s.code.clone(),
                text: s.name(tr.lang_code()).to_string(),
                selected: s.code == t.service_code,
            })
            .collect(),
        assignees: std::iter::once(Choice { value: String::new(), text: tr.t("assignee-nobody"), selected: false })
            .chain(ws.assignable.iter().map(|s| Choice {
                value: s.id.to_string(),
                text: s.name(),
                selected: Some(s.id) == t.assignee_id,
            }))
            .map(|mut c| {
                c.selected |= c.value.is_empty() && t.assignee_id.is_none();
                c
            })
            .collect(),
        outcomes: reply_outcomes(status)
            .into_iter()
            .map(|s| Choice { value: s.as_str().into(), text: staff_status_text(tr, s), selected: s == chosen_outcome })
            .collect(),
        files_hint: files_hint(ctx),
        rating: ticket_rating(tr, t.rating, t.rating_comment.clone()),
        canned,
        has_draft: ws.draft.is_some(),
        composer: Composer {
            text: if composer.text.is_empty() { ws.draft.clone().unwrap_or_default() } else { composer.text },
            answered_by: composer.answered_by,
        },
        seen_message: ws.messages.iter().map(|m| m.id).max().unwrap_or(0),
        present: presence_lines(&ws.present, tr),
        me: ws.me,
        open_for_merge: status != TicketStatus::Closed,
    }
}

fn ticket_rating(tr: Tr, rating: Option<i64>, comment: Option<String>) -> String {
    match rating {
        Some(n) => {
            let label = super::tickets::rating_label(tr, n);
            format!(
                "{} ({label}){}",
                tr.t1("rating-given", "n", n),
                comment.map(|c| format!(" — «{c}»")).unwrap_or_default()
            )
        }
        None => String::new(),
    }
}

async fn page(
    ctx: &Ctx,
    number: TicketNumber,
    notice: Option<String>,
    errors: FormErrors,
    composer: Composer,
    canned_id: Option<i64>,
) -> Result<TicketPage, PageError> {
    let current = staff_user(ctx)?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let canned = ctx.app.canned_responses(current).await.map_err(fail)?;
    let ws = ctx.app.workspace(current, number).await.map_err(fail)?;
    let mut composer = composer;
    if let Some(c) = canned_id.and_then(|id| canned.iter().find(|c| c.id == id)) {
        composer.text = c.body.clone();
    }
    Ok(ticket_page(ctx, ws, notice, errors, composer, canned))
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    done: Option<String>,
    /// A canned response to start the reply from.
    canned: Option<i64>,
}

async fn show(ctx: Ctx, TicketPath(number): TicketPath, Query(q): Query<ShowQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&page(&ctx, number, notice, FormErrors::default(), Composer::default(), q.canned).await?))
}

/// The page again with what went wrong, keeping what was typed.
async fn failed(ctx: &Ctx, number: TicketNumber, e: AppError, text: String) -> Result<Response, PageError> {
    let status = match crate::web::errors::classify(&e).0 {
        StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::CONFLICT => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (errors, composer) = match e {
        AppError::AnsweredMeanwhile { by } => {
            (FormErrors::default(), Composer { text, answered_by: Some(by.join(", ")) })
        }
        e @ (AppError::Validation(_)
        | AppError::InvalidTransition
        | AppError::Conflict
        | AppError::PayloadTooLarge { .. }
        | AppError::TextTooLarge { .. }) => {
            (FormErrors::labelled(&e, ctx.tr, COMPOSER_LABELS), Composer { text, answered_by: None })
        }
        other => return Err(PageError::new(other, ctx.tr)),
    };
    let page = page(ctx, number, None, errors, composer, None).await?;
    Ok((status, Html(render(&page))).into_response())
}

async fn reply(ctx: Ctx, TicketPath(number): TicketPath, form: PageForm) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    let data = match form.read(&ctx.app).await {
        Ok(data) => data,
        Err(e) => return failed(&ctx, number, e, String::new()).await,
    };
    let body = data.text("body");
    let back = format!("/staff/tickets/{number}");
    let done = match data.text("kind").as_str() {
        "draft" => ctx.app.save_draft(current, number, &body).await.map(|_| Done::DraftSaved),
        "discard" => ctx.app.discard_draft(current, number).await.map(|_| Done::DraftDiscarded),
        kind => {
            let internal = kind == "note";
            match parse_outcome(&data.text("status_after")) {
                Ok(then) => {
                    let seen_message = data.text("seen").parse().ok();
                    let reply = StaffReply { body: &body, internal, then, seen_message };
                    let sent = ctx.app.reply_as_staff(current, number, reply, data.files).await;
                    sent.map(|_| if internal { Done::NoteAdded } else { Done::ReplySent })
                }
                Err(e) => Err(e),
            }
        }
    };
    match done {
        Ok(done) => Ok(see_other(&done.after(&back))),
        Err(e) => failed(&ctx, number, e, body).await,
    }
}

/// «После отправки»: nothing chosen leaves the default.
fn parse_outcome(value: &str) -> Result<Option<TicketStatus>, AppError> {
    match value {
        "" => Ok(None),
        s => TicketStatus::parse(s).map(Some).map_err(|_| AppError::field("status_after", "invalid_status")),
    }
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    assignee: String,
}

/// The attributes panel's one «Сохранить».
async fn save(ctx: Ctx, TicketPath(number): TicketPath, Form(form): Form<SaveForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    let form = TicketForm {
        status: form.status,
        priority: form.priority,
        group: form.group,
        service: form.service,
        assignee: match AssigneeChoice::parse(&form.assignee, AssigneeChoice::Nobody) {
            Ok(choice) => choice,
            Err(e) => return failed(&ctx, number, e.into(), String::new()).await,
        },
    };
    match ctx.app.save_ticket(current, number, &form).await {
        Ok(_) => Ok(see_other(&Done::TicketSaved.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e, String::new()).await,
    }
}

#[derive(Deserialize)]
struct MergeForm {
    #[serde(default)]
    merge_into: String,
}

async fn merge(ctx: Ctx, TicketPath(number): TicketPath, Form(form): Form<MergeForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    match ctx.app.merge(current, number, &form.merge_into).await {
        Ok(target) => Ok(see_other(&Done::TicketsMerged.after(&format!("/staff/tickets/{target}")))),
        Err(e) => failed(&ctx, number, e, String::new()).await,
    }
}

#[derive(Deserialize)]
struct DraftForm {
    #[serde(default)]
    body: String,
}

/// The script keeps the draft as it is typed: 204, or the usual error page.
async fn draft(ctx: Ctx, TicketPath(number): TicketPath, Form(form): Form<DraftForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    ctx.app.save_draft(current, number, &form.body).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct PresenceForm {
    #[serde(default)]
    writing: bool,
}

#[derive(serde::Serialize)]
struct PresenceAnswer {
    /// «Анна Иванова пишет ответ», one line a person.
    lines: Vec<String>,
}

/// The heartbeat of an open ticket page, answered with who else has it open.
async fn presence(
    ctx: Ctx,
    TicketPath(number): TicketPath,
    Form(form): Form<PresenceForm>,
) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    let present = ctx.app.presence(current, number, form.writing).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(Json(PresenceAnswer { lines: presence_lines(&present, ctx.tr) }).into_response())
}

async fn leave(ctx: Ctx, TicketPath(number): TicketPath) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    ctx.app.leave_ticket(current, number).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct DecisionForm {
    /// confirm / confirm_manager / reject: one button each.
    #[serde(default)]
    decision: String,
    #[serde(default)]
    number: String,
    /// Why, when rejecting.
    #[serde(default)]
    reason: String,
}

async fn decide(ctx: Ctx, Path(id): Path<i64>, Form(form): Form<DecisionForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    // The ticket page to go back to, as we print it.
    let number = TicketNumber::from_path(&form.number).map_err(|_| PageError::new(AppError::NotFound, ctx.tr))?;
    let (decision, role) = match form.decision.as_str() {
        "confirm_manager" => ("confirm", "manager"),
        other => (other, "member"),
    };
    match ctx.app.decide_representation(current, id, decision, Some(role), &form.reason).await {
        Ok(()) => Ok(see_other(&Done::RepresentationDecided.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e, String::new()).await,
    }
}

pub fn router(upload_limit: usize) -> Router<App> {
    Router::new()
        .route("/staff/tickets/{number}", get(show))
        .route("/staff/tickets/{number}/reply", post(reply).layer(axum::extract::DefaultBodyLimit::max(upload_limit)))
        .route("/staff/tickets/{number}/save", post(save))
        .route("/staff/tickets/{number}/draft", post(draft))
        .route("/staff/tickets/{number}/merge", post(merge))
        .route("/staff/tickets/{number}/presence", post(presence))
        .route("/staff/tickets/{number}/leave", post(leave))
        .route("/staff/representations/{id}/decision", post(decide))
}

/// `+375 29 123-45-67`, or nothing for a number that is not one (an anonymised account).
fn phone_display(phone: Option<&str>) -> String {
    phone.and_then(|p| Phone::parse(p).ok()).map(|p| p.display()).unwrap_or_default()
}
