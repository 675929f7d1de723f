//! Ticket lists for customers and staff: one query builder for every filter, sort and search.
//!
//! The SQL is put together from only the conditions asked for (no `$n IS NULL OR …` catch-alls),
//! so each list reads through the index made for its order (migration 0003) and a deep page
//! costs what the first one does: the keyset condition starts the index scan at the cursor.

use super::postings::TicketSet;
use super::queue::{Queue, StaffScope};
use super::search::{SearchPlan, FEW_MATCHES};
use super::tickets::{TicketRow, TICKET_SELECT};
use super::visibility::{customer_sees, staff_sees};
use super::{on_db, Backend, Db, StoreResult};
use crate::domain::listing::{ListCursor, SearchTerms, SearchWords, TicketSort};
use crate::domain::ticket::TicketNumber;

/// Whose tickets are listed.
#[derive(Debug, Clone, Copy)]
pub enum ListScope {
    /// A customer's own tickets and those of organisations they manage; public text only.
    Customer { user_id: i64 },
    /// A staff queue within the groups the member works in.
    Staff { scope: StaffScope, queue: Queue },
}

#[derive(Debug, Clone)]
pub struct TicketListing {
    pub scope: ListScope,
    pub status: Option<String>,
    /// A service code; a top-level service includes its sub-services.
    pub service_code: Option<String>,
    pub organization_unp: Option<String>,
    /// The requester's normalised phone.
    pub requester_phone: Option<String>,
    /// Filed at or after (unix seconds).
    pub created_from: Option<i64>,
    /// Filed before (unix seconds).
    pub created_before: Option<i64>,
    pub search: Option<SearchTerms>,
    /// Only tickets changed at or after this time (the live queue asks for what changed).
    pub updated_from: Option<i64>,
    /// Only these tickets (a customer's search done in memory).
    pub only_ids: Option<Vec<i64>>,
    /// Only open tickets near or past a service-level target, as of `now`.
    pub sla: Option<SlaFilter>,
    pub now: i64,
    pub sort: TicketSort,
    pub after: Option<ListCursor>,
    pub limit: i64,
}

impl TicketListing {
    pub fn new(scope: ListScope, limit: i64) -> Self {
        TicketListing {
            scope,
            status: None,
            service_code: None,
            organization_unp: None,
            requester_phone: None,
            created_from: None,
            created_before: None,
            search: None,
            updated_from: None,
            only_ids: None,
            sla: None,
            now: 0,
            sort: TicketSort::default(),
            after: None,
            limit,
        }
    }

    /// Customers search only what they may read: no internal notes.
    pub fn public_only(&self) -> bool {
        matches!(self.scope, ListScope::Customer { .. })
    }
}

/// The queue filters «Скоро просрочка» and «Просрочено».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaFilter {
    /// Past a warning threshold, not yet due.
    Soon,
    /// Past a target: running, or paused while the customer is asked.
    Breached,
}

/// The sort key of a row, as its cursor carries it.
pub fn sort_key(row: &TicketRow, sort: TicketSort) -> i64 {
    match sort {
        TicketSort::Updated => row.updated_at,
        TicketSort::Created => row.created_at,
        TicketSort::Priority => row.priority_rank,
        TicketSort::SlaDue => row.sla_due_at,
    }
}

/// Written exactly as in the partial indexes' WHERE, which is how SQLite recognises them.
const OPEN: &str = "t.status NOT IN ('resolved', 'closed')";

enum Arg {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

#[derive(Default)]
struct Sql {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl Sql {
    /// Adds a bound value and returns its placeholder.
    fn arg(&mut self, value: Arg) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    fn when(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }
}

fn sort_column(sort: TicketSort) -> &'static str {
    match sort {
        TicketSort::Updated => "t.updated_at",
        TicketSort::Created => "t.created_at",
        TicketSort::Priority => "t.priority_rank",
        TicketSort::SlaDue => "t.sla_due_at",
    }
}

/// How the conditions that depend on the data are best written (see `list_tickets`).
struct Plans {
    /// Set for a search by words.
    search: Option<SearchPlan>,
    service: Option<ServiceFilter>,
    /// For a number searched without its year: that number in each year that has tickets.
    sequence_numbers: Vec<String>,
}

/// A service filter resolved to ids before the list is queried, so that both planners see
/// constants: given subqueries, PostgreSQL misjudged how many tickets match and scanned them all.
struct ServiceFilter {
    /// The service and its sub-services.
    services: Vec<i64>,
    /// Set when few of those tickets are in the staff member's groups (`Some(None)`: all
    /// groups): the list fetches exactly those through the (service, group) index.
    narrow: Option<Option<Vec<i64>>>,
}

/// Below this many tickets of a service within an operator's groups, the list fetches them
/// through the (service, group) index; above it, it walks its own order.
const NARROW_SERVICE: i64 = 1_000;

/// How many tickets a search's walk may pass per matching ticket (see `walk_is_short`).
const WALK_PER_MATCH: i64 = 50;

/// A service and its sub-services, by code.
const SERVICE_AND_CHILDREN: &str =
    "SELECT id FROM services WHERE code = $1 OR parent_id IN (SELECT id FROM services WHERE code = $1) ORDER BY id";

fn build(listing: &TicketListing, backend: Backend, plans: &Plans, walk: bool) -> Sql {
    let mut sql = Sql::default();
    match listing.scope {
        ListScope::Customer { user_id } => {
            let me = sql.arg(Arg::Int(user_id));
            sql.when(customer_sees(&me));
        }
        ListScope::Staff { scope, queue } => {
            let me = sql.arg(Arg::Int(scope.user_id));
            if let Some(visible) = staff_sees(scope, &me) {
                sql.when(visible);
            }
            match queue {
                Queue::Mine => sql.when(format!("t.assignee_id = {me} AND {OPEN}")),
                Queue::Unassigned => sql.when(format!("t.assignee_id IS NULL AND {OPEN}")),
                Queue::Open => sql.when(OPEN),
                Queue::WaitingCustomer => sql.when("t.status = 'waiting_customer'"),
                Queue::All => {}
            }
        }
    }
    let public_only = listing.public_only();
    if let Some(status) = &listing.status {
        let p = sql.arg(Arg::Text(status.clone()));
        sql.when(format!("t.status = {p}"));
    }
    if let Some(filter) = &plans.service {
        let services = super::search::id_list(&filter.services);
        // The unary plus keeps the planners off the (service, group) index for the list itself:
        // sorting a popular service's whole history is what the list's own index avoids.
        sql.when(format!("+t.service_id IN ({services})"));
        if let Some(groups) = &filter.narrow {
            // Few tickets of this service in the operator's groups: fetch exactly those through
            // the (service, group) index instead of walking the archive in list order.
            let indexed = if backend == Backend::Sqlite { " INDEXED BY tickets_service_group" } else { "" };
            let groups = groups
                .as_deref()
                .map(|g| format!(" AND s.group_id IN ({})", super::search::id_list(g)))
                .unwrap_or_default();
            sql.when(format!(
                "t.id IN (SELECT s.id FROM tickets s{indexed} WHERE s.service_id IN ({services}){groups})"
            ));
        }
    }
    if let Some(unp) = &listing.organization_unp {
        let p = sql.arg(Arg::Text(unp.clone()));
        sql.when(format!("t.organization_id IN (SELECT id FROM organizations WHERE unp = {p})"));
    }
    if let Some(phone) = &listing.requester_phone {
        let p = sql.arg(Arg::Text(phone.clone()));
        sql.when(format!("t.requester_id IN (SELECT id FROM users WHERE phone = {p})"));
    }
    if let Some(from) = listing.created_from {
        let p = sql.arg(Arg::Int(from));
        sql.when(format!("t.created_at >= {p}"));
    }
    if let Some(before) = listing.created_before {
        let p = sql.arg(Arg::Int(before));
        sql.when(format!("t.created_at < {p}"));
    }
    if let Some(ids) = &listing.only_ids {
        sql.when(super::search::tickets_in(ids));
    }
    if let Some(filter) = listing.sla {
        let now = sql.arg(Arg::Int(listing.now));
        sql.when(OPEN);
        match filter {
            SlaFilter::Soon => sql.when(format!("t.sla_warn_at <= {now} AND t.sla_due_at >= {now}")),
            SlaFilter::Breached => sql.when(format!("(t.sla_due_at < {now} OR t.sla_paused_left < 0)")),
        }
    }
    if let Some(from) = listing.updated_from {
        let p = sql.arg(Arg::Int(from));
        sql.when(format!("t.updated_at >= {p}"));
    }
    match &listing.search {
        None => {}
        Some(SearchTerms::Number(number)) => {
            let p = sql.arg(Arg::Text(number.to_string()));
            sql.when(format!("t.number = {p}"));
        }
        Some(SearchTerms::Sequence(_)) => {
            // The number in each year that has tickets: an index lookup each.
            let numbers: Vec<String> = plans.sequence_numbers.iter().map(|n| sql.arg(Arg::Text(n.clone()))).collect();
            if numbers.is_empty() {
                sql.when("FALSE");
            } else {
                sql.when(format!("t.number IN ({})", numbers.join(", ")));
            }
        }
        Some(SearchTerms::Phone(phone)) => {
            let p = sql.arg(Arg::Text(phone.e164()));
            sql.when(format!("t.requester_id IN (SELECT id FROM users WHERE phone = {p})"));
        }
        Some(SearchTerms::Words(words)) => {
            if let Some(plan) = &plans.search {
                search_condition(&mut sql, words, public_only, plan, walk);
            }
        }
    }
    if let Some(cursor) = listing.after {
        let column = sort_column(listing.sort);
        let key = sql.arg(Arg::Int(cursor.key));
        let id = sql.arg(Arg::Int(cursor.id));
        let key_cmp = if listing.sort.ascending_key() { ">" } else { "<" };
        let id_cmp = if listing.sort.ascending_id() { ">" } else { "<" };
        if key_cmp == id_cmp {
            // A row-value comparison: both backends start an index range scan at the cursor.
            sql.when(format!("({column}, t.id) {key_cmp} ({key}, {id})"));
        } else {
            sql.when(format!("({column} {key_cmp} {key} OR ({column} = {key} AND t.id {id_cmp} {id}))"));
        }
    }
    sql
}

/// `walk`: the list walks its own order testing each ticket against the ids, rather than
/// reading every match by id.
fn search_condition(sql: &mut Sql, words: &SearchWords, public_only: bool, plan: &SearchPlan, walk: bool) {
    match plan {
        SearchPlan::Fts5(plan) => {
            let q = sql.arg(Arg::Text(words.fts5_query()));
            sql.when(super::search::condition(*plan, &q, public_only));
        }
        SearchPlan::Matches(found) if walk => {
            let bits = found.to_bits();
            let last = bits.last_bit();
            let p = sql.arg(Arg::Bytes(bits.bytes));
            let last = sql.arg(Arg::Int(last));
            sql.when(format!("get_bit({p}, LEAST(t.id, {last})) = 1"));
        }
        SearchPlan::Matches(found) => {
            // One array constant, written into the text (ids from the database itself): a list
            // of 3 500 literals cost PostgreSQL ~9 ms to plan, and an array parameter cast from
            // text is not a constant to the planner, which then tested each ticket against the
            // whole array in turn instead of hashing it (22 s).
            let array = found.ids().iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            sql.when(format!("t.id = ANY('{{{array}}}'::BIGINT[])"));
        }
    }
}

impl Db {
    /// Resolves a service filter to ids and, for staff, tells whether fewer than
    /// [`NARROW_SERVICE`] tickets of it are in their groups — a count through the (service,
    /// group) index, stopped early.
    async fn service_filter(&self, listing: &TicketListing) -> StoreResult<Option<ServiceFilter>> {
        let Some(code) = &listing.service_code else { return Ok(None) };
        let services: Vec<i64> =
            on_db!(self, |pool| sqlx::query_scalar(SERVICE_AND_CHILDREN).bind(code).fetch_all(pool).await)?;
        let ListScope::Staff { scope, .. } = listing.scope else {
            return Ok(Some(ServiceFilter { services, narrow: None }));
        };
        let groups: Option<Vec<i64>> = if scope.all_groups {
            None
        } else {
            Some(on_db!(self, |pool| sqlx::query_scalar(
                "SELECT group_id FROM staff_group_members WHERE user_id = $1 ORDER BY group_id"
            )
            .bind(scope.user_id)
            .fetch_all(pool)
            .await)?)
        };
        let in_groups = groups
            .as_deref()
            .map(|g| format!(" AND s.group_id IN ({})", super::search::id_list(g)))
            .unwrap_or_default();
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM tickets s WHERE s.service_id IN ({}){in_groups} LIMIT $1) n",
            super::search::id_list(&services)
        );
        let count: i64 = on_db!(self, |pool| sqlx::query_scalar(&sql).bind(NARROW_SERVICE).fetch_one(pool).await)?;
        let narrow = (count < NARROW_SERVICE).then_some(groups);
        Ok(Some(ServiceFilter { services, narrow }))
    }

    /// `YYYY-NNNNNN` for the `seq`-th ticket of every year that has tickets.
    async fn numbers_in_every_year(&self, seq: u32) -> StoreResult<Vec<String>> {
        let years: Vec<i64> =
            on_db!(self, |pool| sqlx::query_scalar("SELECT year FROM ticket_counters WHERE last >= $1 ORDER BY year")
                .bind(i64::from(seq))
                .fetch_all(pool)
                .await)?;
        Ok(years
            .into_iter()
            .filter_map(|y| i32::try_from(y).ok().and_then(|y| TicketNumber::new(y, seq)))
            .map(|n| n.to_string())
            .collect())
    }

    /// Subjects and public messages of every ticket the customer sees, as (ticket id, text) —
    /// or `None` when they see more than `limit` tickets.
    pub async fn customer_texts(&self, user_id: i64, limit: i64) -> StoreResult<Option<Vec<(i64, String)>>> {
        let visible = format!("SELECT t.id FROM tickets t WHERE {}", customer_sees("$1"));
        let count: i64 = on_db!(self, |pool| sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({visible}) v"))
            .bind(user_id)
            .fetch_one(pool)
            .await)?;
        if count > limit {
            return Ok(None);
        }
        let sql = format!(
            "SELECT t.id, t.subject FROM tickets t WHERE t.id IN ({visible})
             UNION ALL
             SELECT m.ticket_id, m.body FROM ticket_messages m WHERE m.internal = $2 AND m.ticket_id IN ({visible})"
        );
        let rows = on_db!(self, |pool| sqlx::query_as(&sql).bind(user_id).bind(false).fetch_all(pool).await)?;
        Ok(Some(rows))
    }

    /// Whether the page of a search's matching tickets is found sooner by walking the list in
    /// its order, testing each ticket against the set (a bitmap parameter: one plan for any
    /// matches), than by reading every match by id. Always past [`FEW_MATCHES`] matches; below,
    /// only for the newest first (by filing or change, which follow the ids closely), from the
    /// top, and when the page's matches lie within [`WALK_PER_MATCH`] tickets a match of the
    /// newest ticket — a step of the walk costs ~0.2 µs, reading a match by id ~4 µs.
    async fn walk_is_short(&self, listing: &TicketListing, found: &TicketSet) -> StoreResult<bool> {
        let count = found.len();
        if count as i64 > FEW_MATCHES {
            return Ok(true);
        }
        if listing.after.is_some() || !matches!(listing.sort, TicketSort::Updated | TicketSort::Created) {
            return Ok(false);
        }
        let page = count.min(usize::try_from(listing.limit).unwrap_or(0)).max(1);
        let Some(oldest_on_page) = found.ids().get(count.saturating_sub(page)).copied() else { return Ok(false) };
        let newest: Option<i64> =
            on_db!(self, |pool| sqlx::query_scalar("SELECT MAX(id) FROM tickets").fetch_one(pool).await)?;
        Ok(newest.unwrap_or(0) - oldest_on_page < WALK_PER_MATCH * count as i64)
    }

    /// The groups whose tickets a staff member's walking search passes group by group, through
    /// each group's index in list order (PostgreSQL, newest first by change or filing): the
    /// list's own index passed every group's tickets to find theirs, and each ticket changed
    /// since the last vacuum cost a visit to the table. `None`: walk the list's index.
    async fn groups_to_walk(&self, listing: &TicketListing) -> StoreResult<Option<Vec<i64>>> {
        let ListScope::Staff { scope, .. } = listing.scope else { return Ok(None) };
        let per_group_index = matches!(listing.sort, TicketSort::Updated | TicketSort::Created);
        if scope.all_groups || !per_group_index || self.backend() != Backend::Postgres {
            return Ok(None);
        }
        let groups: Vec<i64> = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT group_id FROM staff_group_members WHERE user_id = $1 ORDER BY group_id"
        )
        .bind(scope.user_id)
        .fetch_all(pool)
        .await)?;
        // Without a group the list is empty anyway (the visibility condition says so).
        Ok((!groups.is_empty()).then_some(groups))
    }

    pub async fn list_tickets(&self, listing: &TicketListing) -> StoreResult<Vec<TicketRow>> {
        let plans = Plans {
            search: match &listing.search {
                Some(SearchTerms::Words(words)) => Some(self.search_plan(words, listing.public_only()).await?),
                _ => None,
            },
            service: self.service_filter(listing).await?,
            sequence_numbers: match &listing.search {
                Some(SearchTerms::Sequence(seq)) => self.numbers_in_every_year(*seq).await?,
                _ => Vec::new(),
            },
        };
        let walk = match &plans.search {
            Some(SearchPlan::Matches(found)) => self.walk_is_short(listing, found).await?,
            _ => false,
        };
        let groups = if walk { self.groups_to_walk(listing).await? } else { None };
        let mut sql = build(listing, self.backend(), &plans, walk);
        let column = sort_column(listing.sort);
        let key_dir = if listing.sort.ascending_key() { "ASC" } else { "DESC" };
        let id_dir = if listing.sort.ascending_id() { "ASC" } else { "DESC" };
        // A search's walk has its limit in the text: with it a parameter, PostgreSQL costs a
        // plan made once for any limit as if it read a tenth of the archive and plans each call
        // anew (1.5 ms); its matches (a bitmap) do not change the plan.
        let limit = if walk { listing.limit.to_string() } else { sql.arg(Arg::Int(listing.limit)) };
        let conditions = if sql.conditions.is_empty() { "TRUE".to_string() } else { sql.conditions.join(" AND ") };
        let order = format!("ORDER BY {column} {key_dir}, t.id {id_dir} LIMIT {limit}");
        let searched_first = matches!(plans.search, Some(SearchPlan::Matches(_)));
        let text = match &groups {
            // Each group's page from its own index, in list order; the best of them is the page.
            Some(groups) => {
                let branches: Vec<String> = groups
                    .iter()
                    .map(|g| format!("(SELECT t.id FROM tickets t WHERE t.group_id = {g} AND {conditions} {order})"))
                    .collect();
                format!("{TICKET_SELECT} WHERE t.id IN ({}) {order}", branches.join(" UNION ALL "))
            }
            // The page is chosen from the tickets table alone — through the list's index, which
            // carries the group, when it walks — and only its rows are joined and read whole.
            None if searched_first => {
                format!("{TICKET_SELECT} WHERE t.id IN (SELECT t.id FROM tickets t WHERE {conditions} {order}) {order}")
            }
            None => format!("{TICKET_SELECT} WHERE {conditions} {order}"),
        };
        on_db!(self, |pool| {
            // Not kept prepared when a search's matching ids are in the text: it is used once.
            let mut query = sqlx::query_as(&text).persistent(!searched_first || walk);
            for arg in sql.args {
                query = match arg {
                    Arg::Int(v) => query.bind(v),
                    Arg::Text(v) => query.bind(v),
                    Arg::Bytes(v) => query.bind(v),
                };
            }
            query.fetch_all(pool).await
        })
    }
}
