//! `helpdesk demo --tickets N`: a realistic archive for measuring the portal at scale.
//!
//! For N tickets: N/10 customers, N/50 organisations (each with a confirmed manager and a member),
//! 20 operators spread over the groups and about 3 messages per ticket, filed evenly over the last
//! two years. Tickets of the last 14 days are open in various states, older ones closed — about
//! 2 % open, as in a busy help desk; a third of the resolved ones are rated. The same seed gives
//! the same data.

use crate::domain::people::Role;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::text;
use crate::app::sla::SlaBook;
use crate::domain::sla::ticket::Happening;
use crate::domain::sla::TicketFacts;
use crate::domain::ticket::{Priority, TicketStatus};
use crate::domain::unp::with_check_digit;
use crate::store::bulk::{BulkMessage, BulkOrganization, BulkRepresentation, BulkTicket, BulkUser};
use crate::store::{from_unix, Db, StoreResult};

const DAY: i64 = 86_400;
const SPAN_DAYS: i64 = 730;
const OPEN_WINDOW_DAYS: i64 = 14;
/// Tickets loaded per transaction: one chunk of PostgreSQL's search index, so that each of its
/// rows is written once (see `store::postings`).
const CHUNK: usize = 1 << crate::store::postings::CHUNK_BITS;
const OPERATORS: i64 = 20;
/// Tickets folded into the report cells per transaction after the load.
const FOLD_CHUNK: i64 = 20_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub tickets: u64,
    pub messages: u64,
    pub customers: u64,
    pub organizations: u64,
    pub open: u64,
}

struct Catalogue<'a> {
    /// (service id, default group id, section) of the services customers choose (second level).
    services: Vec<(i64, Option<i64>, Option<i64>)>,
    /// The policies the portal would have applied.
    sla: &'a SlaBook,
    /// Operators by group id.
    operators: Vec<(i64, Vec<i64>)>,
}

/// Generates `tickets` tickets with everything around them; `password_hash` is stored for every
/// generated account (nobody knows its password: the accounts exist to be looked at).
pub async fn generate(
    db: &Db,
    sla: &SlaBook,
    tickets: u64,
    now: i64,
    password_hash: &str,
    seed: u64,
) -> StoreResult<Generated> {
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let customers = (tickets / 10).max(10);
    let organizations = (tickets / 50).max(2);

    let mut next_user = db.next_id("users").await?;
    let groups: Vec<i64> = group_ids(db).await?;
    let mut staff = Vec::new();
    let mut operators: Vec<(i64, Vec<i64>)> = groups.iter().map(|g| (*g, Vec::new())).collect();
    for n in 0..OPERATORS {
        let id = next_user;
        next_user += 1;
        let (last, first) = person(&mut rng);
        staff.push(BulkUser {
            id,
            phone: None,
            username: Some(format!("gen-op{id}")),
            last_name: last,
            first_name: first,
            email: None,
            role: Role::Operator,
            password_hash: password_hash.to_string(),
            created_at: now - SPAN_DAYS * DAY,
        });
        let slot = n as usize % operators.len();
        operators[slot].1.push(id);
    }
    db.bulk_users(&staff).await?;
    db.set_group_members(&operators).await?;

    let first_customer = next_user;
    let users: Vec<BulkUser> = (0..customers as i64)
        .map(|n| {
            let id = first_customer + n;
            let (last, first) = person(&mut rng);
            BulkUser {
                id,
                // +375 33 and seven digits from the id: unique, and valid mobile numbers.
                phone: Some(format!("+37533{}", 1_000_000 + id % 9_000_000)),
                username: None,
                email: rng.gen_bool(0.5).then(|| format!("user{id}@example.by")),
                last_name: last,
                first_name: first,
                role: Role::Customer,
                password_hash: password_hash.to_string(),
                created_at: now - SPAN_DAYS * DAY,
            }
        })
        .collect();
    db.bulk_users(&users).await?;
    // They registered as people do: accepting the consent and the terms in force.
    if let (Some(first), Some(last)) = (users.first(), users.last()) {
        db.bulk_accept_documents(first.id, last.id).await?;
    }
    drop(users);

    let first_org = db.next_id("organizations").await?;
    let mut orgs = Vec::new();
    let mut prefix = 30_000_000 + first_org;
    while (orgs.len() as u64) < organizations {
        prefix += 1;
        let Some(unp) = with_check_digit(&prefix.to_string()) else { continue };
        let id = first_org + orgs.len() as i64;
        orgs.push(BulkOrganization {
            id,
            unp,
            full_name: format!("ООО «{} {}»", text::PRODUCTS[id as usize % text::PRODUCTS.len()], id),
            address: format!("г. {}, ул. Центральная, {}", text::CITIES[id as usize % text::CITIES.len()], id % 200),
            contract_number: Some(format!("Д-{id}/2025")),
            created_at: now - SPAN_DAYS * DAY,
        });
    }
    db.bulk_organizations(&orgs).await?;
    // Customer k (k < orgs) manages organisation k; customer orgs + k is a member of it.
    let mut reps = Vec::new();
    for (k, org) in orgs.iter().enumerate() {
        let k = k as i64;
        let at = now - SPAN_DAYS * DAY;
        reps.push(BulkRepresentation { user_id: first_customer + k, organization_id: org.id, role: "manager", at });
        if organizations as i64 + k < customers as i64 {
            let user_id = first_customer + organizations as i64 + k;
            reps.push(BulkRepresentation { user_id, organization_id: org.id, role: "member", at });
        }
    }
    db.bulk_representations(&reps).await?;
    drop(reps);

    let catalogue = Catalogue { services: leaf_services(db).await?, sla, operators };
    let mut out = Generated { customers, organizations, ..Default::default() };
    let mut next_ticket = db.next_id("tickets").await?;
    let mut next_message = db.next_id("ticket_messages").await?;
    let mut seq_by_year: std::collections::HashMap<i32, u32> = db.ticket_counters().await?.into_iter().collect();
    let start = now - SPAN_DAYS * DAY;
    let step = (SPAN_DAYS * DAY) as f64 / tickets as f64;
    let mut done = 0u64;
    while done < tickets {
        let to_boundary = CHUNK - usize::try_from(next_ticket).unwrap_or(0) % CHUNK;
        let n = to_boundary.min((tickets - done) as usize);
        let mut batch = Vec::with_capacity(n);
        let mut messages = Vec::with_capacity(n * 3);
        for i in 0..n as u64 {
            let created = start + ((done + i) as f64 * step) as i64 + rng.gen_range(0..step.max(1.0) as i64);
            let customer = first_customer + rng.gen_range(0..customers as i64);
            let k = customer - first_customer;
            let organization_id = if k < 2 * organizations as i64 && rng.gen_bool(0.7) {
                Some(first_org + k % organizations as i64)
            } else {
                None
            };
            let year = crate::store::from_unix(created).to_offset(crate::clock::MINSK_OFFSET).year();
            let seq = seq_by_year.entry(year).or_insert(0);
            *seq += 1;
            let ticket = make_ticket(
                &mut rng,
                &catalogue,
                Seed {
                    id: next_ticket,
                    number: ticket_number(year, i64::from(*seq)),
                    customer,
                    organization_id,
                    created,
                    now,
                },
                &mut next_message,
                &mut messages,
            );
            if ticket.status.is_open() {
                out.open += 1;
            }
            batch.push(ticket);
            next_ticket += 1;
        }
        out.messages += messages.len() as u64;
        db.bulk_tickets(&batch, &messages).await?;
        let before = done;
        done += n as u64;
        if done / 100_000 > before / 100_000 || done == tickets {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprintln!("  {done} tickets, {} messages ({rate:.0} tickets/s)", out.messages);
        }
    }
    out.tickets = done;
    db.finish_bulk_load().await?;
    // The reports' sums, as the portal would have kept them: staff counts from the timeline,
    // the cells folded from every ticket the load marked.
    let folding = Instant::now();
    db.recount_staff_actions().await?;
    while db.fold_report_cells(FOLD_CHUNK).await? > 0 {}
    // The planners learn the report tables too: analysed while empty, PostgreSQL chose plans
    // that made a report take seconds. Vacuumed on PostgreSQL, as the folder's marks leave two
    // million dead rows that every report would scan until autovacuum came.
    db.analyze().await?;
    eprintln!("  report cells in {:.0} s", folding.elapsed().as_secs_f64());
    Ok(out)
}

struct Seed {
    id: i64,
    number: String,
    customer: i64,
    organization_id: Option<i64>,
    created: i64,
    now: i64,
}

fn make_ticket(
    rng: &mut StdRng,
    catalogue: &Catalogue,
    s: Seed,
    next_message: &mut i64,
    messages: &mut Vec<BulkMessage>,
) -> BulkTicket {
    let (service_id, group_id, section) = *catalogue.services.choose(rng).expect("the catalogue has services");
    let priority = match rng.gen_range(0..100) {
        0..=9 => Priority::Low,
        10..=79 => Priority::Normal,
        80..=94 => Priority::High,
        _ => Priority::Urgent,
    };
    let group_staff =
        catalogue.operators.iter().find(|(g, _)| Some(*g) == group_id).map(|(_, ids)| ids.as_slice()).unwrap_or(&[]);
    let age = s.now - s.created;
    let status = if age > OPEN_WINDOW_DAYS * DAY {
        TicketStatus::Closed
    } else {
        match rng.gen_range(0..10) {
            0..=1 => TicketStatus::New,
            2..=4 => TicketStatus::InProgress,
            5..=6 => TicketStatus::WaitingCustomer,
            _ => TicketStatus::Resolved,
        }
    };
    let assignee_id = if status == TicketStatus::New { None } else { group_staff.choose(rng).copied() };
    let assigned_at = assignee_id.map(|_| (s.created + rng.gen_range(60..3600)).min(s.now));
    let count = if status == TicketStatus::New { 1 } else { rng.gen_range(2..=4) };
    let serial = format!("AV{:08}", rng.gen_range(0..100_000_000u32));
    let facts = TicketFacts {
        service: service_id,
        section,
        priority,
        contract: s.organization_id.is_some(),
        named_policy: None,
    };
    let mut clocks = catalogue.sla.start(&facts, from_unix(s.created));
    let calendar = clocks.as_ref().and_then(|c| catalogue.sla.calendar(c.state.terms.calendar_id)).cloned();
    let mut at = s.created;
    for k in 0..count {
        let staff_turn = k % 2 == 1;
        let author = match (staff_turn, assignee_id) {
            (true, Some(op)) => op,
            _ => s.customer,
        };
        let internal = staff_turn && rng.gen_bool(0.1);
        messages.push(BulkMessage {
            id: *next_message,
            ticket_id: s.id,
            author_id: author,
            internal,
            body: text::body(rng, (k == 0).then_some(serial.as_str())),
            created_at: at,
        });
        if let (Some(c), Some(cal), true) = (clocks.as_mut(), calendar.as_ref(), k > 0) {
            if author == s.customer {
                c.state.apply(Happening::CustomerReplied, cal, from_unix(at));
            } else if !internal {
                c.state.apply(Happening::StaffReplied, cal, from_unix(at));
            }
        }
        *next_message += 1;
        at = (at + rng.gen_range(600..2 * DAY)).min(s.now);
    }
    let last = messages.last().map_or(s.created, |m| m.created_at);
    let resolved_at = (!status.is_open()).then_some(last);
    let closed_at = (status == TicketStatus::Closed).then_some((last + 7 * DAY).min(s.now));
    // About a third of the customers rate a resolved ticket, most of them well.
    let rating = (resolved_at.is_some() && rng.gen_bool(0.35)).then(|| match rng.gen_range(0..100) {
        0..=4 => 1,
        5..=9 => 2,
        10..=19 => 3,
        20..=44 => 4,
        _ => 5,
    });
    if let (Some(c), Some(cal)) = (clocks.as_mut(), calendar.as_ref()) {
        let moved = match status {
            TicketStatus::WaitingCustomer => Some((TicketStatus::InProgress, status)),
            TicketStatus::Resolved | TicketStatus::Closed => Some((TicketStatus::InProgress, TicketStatus::Resolved)),
            _ => None,
        };
        if let Some((from, to)) = moved {
            c.state.apply(Happening::Status { from, to }, cal, from_unix(last));
        }
        // What would have been announced before the archive was loaded is not announced now.
        c.state.escalate(cal, from_unix(s.now));
        c.summary = c.state.summary(cal, from_unix(s.now));
    }
    BulkTicket {
        id: s.id,
        number: s.number,
        requester_id: s.customer,
        organization_id: s.organization_id,
        service_id,
        subject: text::SUBJECTS.choose(rng).copied().unwrap_or_default().to_string(),
        priority,
        status,
        group_id,
        assignee_id,
        created_at: s.created,
        updated_at: closed_at.unwrap_or(last),
        resolved_at,
        closed_at,
        assigned_at,
        rating,
        sla: clocks,
    }
}

fn person(rng: &mut impl Rng) -> (String, String) {
    let last = text::LAST_NAMES.choose(rng).copied().unwrap_or("Иванов");
    let first = text::FIRST_NAMES.choose(rng).copied().unwrap_or("Анна");
    (last.to_string(), first.to_string())
}

async fn group_ids(db: &Db) -> StoreResult<Vec<i64>> {
    crate::store::on_db!(db, |pool| sqlx::query_scalar("SELECT id FROM staff_groups ORDER BY id").fetch_all(pool).await)
}

async fn leaf_services(db: &Db) -> StoreResult<Vec<(i64, Option<i64>, Option<i64>)>> {
    Ok(db
        .active_services()
        .await?
        .into_iter()
        .filter(|s| s.parent_id.is_some())
        .map(|s| (s.id, s.default_group_id, s.parent_id))
        .collect())
}

/// The number the portal itself would give the `seq`-th ticket of `year`.
fn ticket_number(year: i32, seq: i64) -> String {
    crate::domain::ticket::TicketNumber::from_counter(year, seq).map(|n| n.to_string()).unwrap_or_default()
}
