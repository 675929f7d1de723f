//! Reading a list request (filters, sort, search, cursor) the same way for customers and staff.

use time::{Date, Month, Time};

use super::auth::CurrentUser;
use super::{App, AppResult};
use crate::domain::listing::{ListCursor, SearchTerms, TicketSort};
use crate::domain::ticket::TicketStatus;
use crate::domain::{FieldError, Phone, Unp};
use crate::store::listing::{sort_key, ListScope, SlaFilter, TicketListing};
use crate::store::queue::Queue;
use crate::store::tickets::TicketRow;

pub const PAGE_SIZE: i64 = 20;

/// Up to this many visible tickets a customer's search reads the texts instead of the index.
pub const CUSTOMER_SEARCH_IN_MEMORY: i64 = 2000;

/// A list request as it arrives, every field optional text. Staff-only fields (queue, phone,
/// period) are ignored for customers.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListQuery {
    pub queue: Option<String>,
    pub status: Option<String>,
    pub service: Option<String>,
    pub unp: Option<String>,
    pub phone: Option<String>,
    /// First day of the period, `YYYY-MM-DD` (Minsk time).
    pub from: Option<String>,
    /// Last day of the period, inclusive.
    pub to: Option<String>,
    pub q: Option<String>,
    /// Staff: `soon` (past a warning threshold) or `breached`.
    pub sla: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

pub struct TicketPage {
    pub items: Vec<TicketRow>,
    pub next_cursor: Option<String>,
}

impl TicketPage {
    /// Takes a query result of `PAGE_SIZE + 1` rows: the extra row only says there is more.
    fn of(mut items: Vec<TicketRow>, sort: TicketSort) -> Self {
        let next_cursor = if items.len() as i64 > PAGE_SIZE {
            items.truncate(PAGE_SIZE as usize);
            items.last().map(|t| ListCursor { sort, key: sort_key(t, sort), id: t.id }.encode())
        } else {
            None
        };
        TicketPage { items, next_cursor }
    }
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub fn parse_queue(value: Option<&str>) -> Result<Queue, FieldError> {
    match value.unwrap_or("open") {
        "mine" => Ok(Queue::Mine),
        "unassigned" => Ok(Queue::Unassigned),
        "open" => Ok(Queue::Open),
        "waiting" => Ok(Queue::WaitingCustomer),
        "all" => Ok(Queue::All),
        _ => Err(FieldError::new("queue", "invalid_queue")),
    }
}

/// The start of a Minsk calendar day, in unix seconds.
fn day_start(field: &'static str, value: &str) -> Result<i64, FieldError> {
    let invalid = || FieldError::new(field, "invalid_date");
    let mut parts = value.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return Err(invalid()) };
    let year: i32 = y.parse().map_err(|_| invalid())?;
    let month: u8 = m.parse().map_err(|_| invalid())?;
    let day: u8 = d.parse().map_err(|_| invalid())?;
    let month = Month::try_from(month).map_err(|_| invalid())?;
    let date = Date::from_calendar_date(year, month, day).map_err(|_| invalid())?;
    Ok(date.with_time(Time::MIDNIGHT).assume_offset(crate::clock::MINSK_OFFSET).unix_timestamp())
}

/// Turns the request into a listing, naming the first field that is wrong.
pub fn parse_listing(scope: ListScope, q: &ListQuery) -> Result<TicketListing, FieldError> {
    let staff = matches!(scope, ListScope::Staff { .. });
    let scope = match scope {
        ListScope::Staff { scope, .. } => ListScope::Staff { scope, queue: parse_queue(given(&q.queue))? },
        customer => customer,
    };
    let mut listing = TicketListing::new(scope, PAGE_SIZE + 1);
    listing.sort = TicketSort::parse(given(&q.sort).unwrap_or(""))?;
    if let Some(s) = given(&q.status) {
        listing.status = Some(TicketStatus::parse(s)?.as_str().to_string());
    }
    listing.service_code = given(&q.service).map(str::to_string);
    if let Some(u) = given(&q.unp) {
        listing.organization_unp = Some(Unp::parse(u).map_err(|e| FieldError::new("unp", e.code))?.as_str().into());
    }
    listing.search = SearchTerms::parse(q.q.as_deref().unwrap_or(""))?;
    if let Some(c) = given(&q.cursor) {
        listing.after = Some(ListCursor::decode(c, listing.sort)?);
    }
    if staff {
        if let Some(p) = given(&q.phone) {
            listing.requester_phone = Some(Phone::parse(p).map_err(|e| FieldError::new("phone", e.code))?.e164());
        }
        listing.sla = match given(&q.sla) {
            None => None,
            Some("soon") => Some(SlaFilter::Soon),
            Some("breached") => Some(SlaFilter::Breached),
            Some(_) => return Err(FieldError::new("sla", "invalid_sla_filter")),
        };
        listing.created_from = given(&q.from).map(|d| day_start("from", d)).transpose()?;
        listing.created_before = given(&q.to).map(|d| day_start("to", d).map(|t| t + 86_400)).transpose()?;
        if let (Some(from), Some(before)) = (listing.created_from, listing.created_before) {
            if before <= from {
                return Err(FieldError::new("to", "period_reversed"));
            }
        }
    }
    Ok(listing)
}

impl App {
    /// The customer's own tickets and those of organisations they manage.
    pub async fn my_tickets(&self, current: &CurrentUser, q: &ListQuery) -> AppResult<TicketPage> {
        let mut listing = parse_listing(ListScope::Customer { user_id: current.user.id }, q)?;
        // A customer sees a few dozen tickets: reading their text beats asking an index built
        // for millions, whose common words would match most of it.
        if let Some(SearchTerms::Words(words)) = &listing.search {
            if let Some(texts) = self.db.customer_texts(current.user.id, CUSTOMER_SEARCH_IN_MEMORY).await? {
                let mut by_ticket: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
                for (id, text) in texts {
                    by_ticket.entry(id).or_default().push(text);
                }
                let ids = by_ticket
                    .into_iter()
                    .filter(|(_, texts)| words.found_in(texts.iter().map(String::as_str)))
                    .map(|(id, _)| id)
                    .collect();
                listing.only_ids = Some(ids);
                listing.search = None;
            }
        }
        Ok(TicketPage::of(self.db.list_tickets(&listing).await?, listing.sort))
    }

    /// A staff queue with its filters.
    pub async fn staff_queue(&self, current: &CurrentUser, q: &ListQuery) -> AppResult<TicketPage> {
        let scope = ListScope::Staff { scope: self.staff_scope(current)?, queue: Queue::Open };
        let mut listing = parse_listing(scope, q)?;
        listing.now = self.now_unix();
        Ok(TicketPage::of(self.db.list_tickets(&listing).await?, listing.sort))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::queue::StaffScope;

    fn staff() -> ListScope {
        ListScope::Staff { scope: StaffScope { user_id: 1, all_groups: false }, queue: Queue::Open }
    }

    fn query(f: impl FnOnce(&mut ListQuery)) -> ListQuery {
        let mut q = ListQuery::default();
        f(&mut q);
        q
    }

    #[test]
    fn an_empty_request_is_the_open_queue_by_last_change() {
        let listing = parse_listing(staff(), &ListQuery::default()).unwrap();
        assert!(matches!(listing.scope, ListScope::Staff { queue: Queue::Open, .. }));
        assert_eq!(listing.sort, TicketSort::Updated);
        assert_eq!(listing.limit, PAGE_SIZE + 1);
        assert!(listing.search.is_none() && listing.after.is_none() && listing.status.is_none());
    }

    #[test]
    fn every_bad_field_is_named() {
        let cases: Vec<(ListQuery, FieldError)> = vec![
            (query(|q| q.queue = Some("everything".into())), FieldError::new("queue", "invalid_queue")),
            (query(|q| q.sort = Some("age".into())), FieldError::new("sort", "invalid_sort")),
            (query(|q| q.status = Some("lost".into())), FieldError::new("status", "invalid_status")),
            (query(|q| q.unp = Some("100582334".into())), FieldError::new("unp", "unp_check_digit")),
            (query(|q| q.phone = Some("12345".into())), FieldError::new("phone", "invalid_phone")),
            (query(|q| q.from = Some("2026-02-30".into())), FieldError::new("from", "invalid_date")),
            (query(|q| q.to = Some("вчера".into())), FieldError::new("to", "invalid_date")),
            (query(|q| q.cursor = Some("garbage".into())), FieldError::new("cursor", "invalid_cursor")),
            (query(|q| q.sla = Some("late".into())), FieldError::new("sla", "invalid_sla_filter")),
            (
                query(|q| {
                    q.from = Some("2026-11-20".into());
                    q.to = Some("2026-11-19".into());
                }),
                FieldError::new("to", "period_reversed"),
            ),
        ];
        for (q, expected) in cases {
            assert_eq!(parse_listing(staff(), &q).err(), Some(expected), "{q:?}");
        }
    }

    #[test]
    fn the_period_covers_whole_minsk_days() {
        let q = query(|q| {
            q.from = Some("2026-11-25".into());
            q.to = Some("2026-11-25".into());
            q.phone = Some("8 (029) 123-45-67".into());
        });
        let listing = parse_listing(staff(), &q).unwrap();
        // 2026-11-25 00:00 in Minsk (UTC+3) is 2026-11-24 21:00 UTC.
        assert_eq!(listing.created_from, Some(1_795_554_000));
        assert_eq!(listing.created_before, Some(1_795_554_000 + 86_400));
        assert_eq!(listing.requester_phone.as_deref(), Some("+375291234567"));
    }

    #[test]
    fn customers_cannot_use_staff_filters() {
        let q = query(|q| {
            q.phone = Some("+375291234567".into());
            q.from = Some("2026-11-25".into());
            q.queue = Some("nonsense".into());
        });
        let listing = parse_listing(ListScope::Customer { user_id: 5 }, &q).unwrap();
        assert!(listing.requester_phone.is_none() && listing.created_from.is_none());
        let sla = query(|q| q.sla = Some("breached".into()));
        assert_eq!(parse_listing(ListScope::Customer { user_id: 5 }, &sla).unwrap().sla, None);
        assert_eq!(parse_listing(staff(), &sla).unwrap().sla, Some(SlaFilter::Breached));
    }

    #[test]
    fn a_cursor_is_read_in_its_own_sort() {
        let cursor = ListCursor { sort: TicketSort::Priority, key: 3, id: 10 }.encode();
        let q = query(|q| {
            q.sort = Some("priority".into());
            q.cursor = Some(cursor.clone());
        });
        assert_eq!(
            parse_listing(staff(), &q).unwrap().after,
            Some(ListCursor { sort: TicketSort::Priority, key: 3, id: 10 })
        );
        let wrong = query(|q| q.cursor = Some(cursor));
        assert_eq!(parse_listing(staff(), &wrong).unwrap_err().code, "invalid_cursor");
    }
}
