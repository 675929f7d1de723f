//! The report cells (migration 0020): what staff do is counted as they do it; what tickets
//! contribute is folded in from the tickets the triggers marked pending, and read back for a
//! selection together with whatever is still pending (`read.rs`).

mod read;

pub use read::MonthCache;

use std::sync::LazyLock;

use sqlx::Row;

use super::{in_tx, Backend, Db, StoreResult};
use crate::domain::report::period::{month_of, Day};
use crate::domain::report::{Facts, Ledger, Measures, MetClock, TicketState, Timing, BUCKETS};
use crate::domain::ticket::TicketStatus;

/// Something a staff member did that the reports count per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// A ticket was assigned to them (by anyone).
    Assigned(i64),
    /// They wrote a public reply.
    Replied(i64),
    /// They resolved a ticket.
    Resolved(i64),
}

macro_rules! counting {
    ($column:literal) => {
        concat!(
            "INSERT INTO staff_daily (day, user_id, service_id, group_id, ",
            $column,
            ") SELECT $1, u.id, t.service_id, COALESCE(t.group_id, 0), 1
             FROM tickets t JOIN users u ON u.id = $3 AND u.username IS NOT NULL WHERE t.id = $2
             ON CONFLICT (day, user_id, service_id, group_id) DO UPDATE SET ",
            $column,
            " = staff_daily.",
            $column,
            " + 1"
        )
    };
}

impl StaffAction {
    /// What an event of the timeline means for the counts.
    pub fn of_event(actor: Option<i64>, field: &str, new: Option<&str>) -> Option<StaffAction> {
        match (field, new) {
            ("assignee", Some(user)) => user.parse().ok().map(StaffAction::Assigned),
            ("status", Some("resolved")) => actor.map(StaffAction::Resolved),
            _ => None,
        }
    }

    pub fn user_id(self) -> i64 {
        match self {
            StaffAction::Assigned(u) | StaffAction::Replied(u) | StaffAction::Resolved(u) => u,
        }
    }

    /// Adds one to the person's count under the ticket's service and group, when the person is
    /// staff (customers' replies and resolutions are not counted).
    pub fn counting_sql(self) -> &'static str {
        match self {
            StaffAction::Assigned(_) => counting!("assigned"),
            StaffAction::Replied(_) => counting!("replied"),
            StaffAction::Resolved(_) => counting!("resolved"),
        }
    }
}

/// Counts a staff action inside the transaction that does it.
macro_rules! count_staff_action {
    ($conn:expr, $ticket:expr, $action:expr, $at:expr) => {{
        let action: $crate::store::reports::StaffAction = $action;
        sqlx::query(action.counting_sql())
            .bind($crate::domain::report::period::day_of($at))
            .bind($ticket)
            .bind(action.user_id())
            .execute($conn)
            .await
            .map(|_| ())
    }};
}
pub(crate) use count_staff_action;

/// The staff counts as the timeline and the messages tell them (`{scope}`: a condition on the
/// ticket `t`, or nothing); customers' actions and internal notes do not count.
pub(crate) fn staff_history_sql(scope: &str) -> String {
    format!(
        "SELECT CAST(day AS BIGINT) AS day, user_id, service_id, group_id,
                SUM(assigned) AS assigned, SUM(replied) AS replied, SUM(resolved) AS resolved
         FROM (
           SELECT (e.at + 10800) / 86400 AS day, u.id AS user_id, t.service_id, COALESCE(t.group_id, 0) AS group_id,
                  1 AS assigned, 0 AS replied, 0 AS resolved
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
             JOIN users u ON u.id = CAST(e.new_value AS BIGINT) AND u.username IS NOT NULL
             WHERE e.field = 'assignee' {scope}
           UNION ALL
           SELECT (m.created_at + 10800) / 86400, m.author_id, t.service_id, COALESCE(t.group_id, 0), 0, 1, 0
             FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
             JOIN users u ON u.id = m.author_id AND u.username IS NOT NULL
             WHERE m.internal = $1 {scope}
           UNION ALL
           SELECT (e.at + 10800) / 86400, e.actor_id, t.service_id, COALESCE(t.group_id, 0), 0, 0, 1
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
             JOIN users u ON u.id = e.actor_id AND u.username IS NOT NULL
             WHERE e.field = 'status' AND e.new_value = 'resolved' {scope}
         ) x GROUP BY day, user_id, service_id, group_id"
    )
}

/// Counts every staff action of the history again (a migration, a generated archive).
macro_rules! recount_staff_actions {
    ($conn:expr) => {{
        sqlx::query("DELETE FROM staff_daily").execute(&mut *$conn).await?;
        let sql = format!(
            "INSERT INTO staff_daily (day, user_id, service_id, group_id, assigned, replied, resolved) {}",
            $crate::store::reports::staff_history_sql("")
        );
        sqlx::query(&sql).bind(false).execute(&mut *$conn).await.map(|_| ())
    }};
}
pub(crate) use recount_staff_actions;

/// The measure columns of `report_cells`, in the order of [`measure_values`].
pub(crate) static MEASURE_COLUMNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut columns: Vec<String> = [
        "created",
        "responses_targeted",
        "responses_met",
        "resolved",
        "resolutions_targeted",
        "resolutions_met",
        "rated",
        "rating_sum",
        "rating_1",
        "rating_2",
        "rating_3",
        "rating_4",
        "rating_5",
    ]
    .map(String::from)
    .to_vec();
    columns.extend((0..BUCKETS).map(|b| format!("fr_{b}")));
    columns.extend((0..BUCKETS).map(|b| format!("rs_{b}")));
    columns
});

pub(crate) fn measure_values(m: &Measures) -> Vec<i64> {
    let mut v = vec![
        m.created,
        m.responses_targeted,
        m.responses_met,
        m.resolved,
        m.resolutions_targeted,
        m.resolutions_met,
        m.rated,
        m.rating_sum,
    ];
    v.extend(m.ratings);
    v.extend(m.responses.0);
    v.extend(m.resolutions.0);
    v
}

pub(crate) fn measures_from(values: &[i64]) -> Measures {
    let mut m = Measures {
        created: values[0],
        responses_targeted: values[1],
        responses_met: values[2],
        resolved: values[3],
        resolutions_targeted: values[4],
        resolutions_met: values[5],
        rated: values[6],
        rating_sum: values[7],
        ..Measures::default()
    };
    m.ratings.copy_from_slice(&values[8..13]);
    m.responses.0.copy_from_slice(&values[13..13 + BUCKETS]);
    m.resolutions.0.copy_from_slice(&values[13 + BUCKETS..13 + 2 * BUCKETS]);
    m
}

static UPSERT_CELL: LazyLock<String> = LazyLock::new(|| {
    let columns = MEASURE_COLUMNS.join(", ");
    let params: Vec<String> = (4..4 + MEASURE_COLUMNS.len()).map(|n| format!("${n}")).collect();
    let sums: Vec<String> = MEASURE_COLUMNS.iter().map(|c| format!("{c} = report_cells.{c} + excluded.{c}")).collect();
    format!(
        "INSERT INTO report_cells (day, service_id, group_id, {columns}) VALUES ($1, $2, $3, {})
         ON CONFLICT (day, service_id, group_id) DO UPDATE SET {}",
        params.join(", "),
        sums.join(", ")
    )
});

/// A ticket's state and what the cells hold of it, selected with `STATE_AND_SNAPSHOT`.
pub(crate) const STATE_COLUMNS: &str =
    "t.created_at, t.service_id, t.group_id, t.organization_id, t.status, t.resolved_at,
    CAST(t.rating AS BIGINT) AS rating,
    CAST(s.fr_phase AS BIGINT) AS fr_phase, s.fr_at, s.fr_counted, CAST(s.fr_target AS BIGINT) AS fr_target,
    CAST(s.rs_phase AS BIGINT) AS rs_phase, s.rs_at, s.rs_counted, CAST(s.rs_target AS BIGINT) AS rs_target";

const SNAPSHOT_COLUMNS: &str = "CAST(r.created_day AS BIGINT) AS r_created_day, r.service_id AS r_service_id,
    r.group_id AS r_group_id, r.organization_id AS r_organization_id, CAST(r.fr_day AS BIGINT) AS r_fr_day,
    r.fr_seconds AS r_fr_seconds, r.fr_target AS r_fr_target, CAST(r.resolved_day AS BIGINT) AS r_resolved_day,
    r.rs_seconds AS r_rs_seconds, r.rs_target AS r_rs_target, CAST(r.rating AS BIGINT) AS r_rating";

static PENDING_SELECT_SQLITE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT p.ticket_id, p.version, {STATE_COLUMNS}, {SNAPSHOT_COLUMNS}
         FROM report_pending p
         LEFT JOIN tickets t ON t.id = p.ticket_id
         LEFT JOIN ticket_sla s ON s.ticket_id = p.ticket_id
         LEFT JOIN report_tickets r ON r.ticket_id = p.ticket_id"
    )
});

/// On PostgreSQL each pending ticket's rows are looked up by key (a lateral subquery that is not
/// flattened). Joined plainly, the planner — with no statistics for a queue that is empty
/// after every fold — merge-joined the newest pending ids against the three tables read from
/// their first row: 1.3 s per fold, every two seconds while tickets were being filed.
static PENDING_SELECT_POSTGRES: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT p.ticket_id, p.version, {STATE_COLUMNS}, {SNAPSHOT_COLUMNS}
         FROM report_pending p
         LEFT JOIN LATERAL (SELECT * FROM tickets WHERE id = p.ticket_id OFFSET 0) t ON TRUE
         LEFT JOIN LATERAL (SELECT * FROM ticket_sla WHERE ticket_id = p.ticket_id OFFSET 0) s ON TRUE
         LEFT JOIN LATERAL (SELECT * FROM report_tickets WHERE ticket_id = p.ticket_id OFFSET 0) r ON TRUE"
    )
});

/// The pending tickets with their state and what the cells hold of them.
pub(crate) fn pending_select(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => &PENDING_SELECT_SQLITE,
        Backend::Postgres => &PENDING_SELECT_POSTGRES,
    }
}

/// Phase 3 of a stored clock: met at its instant.
const MET: i64 = 3;

fn met(phase: Option<i64>, at: Option<i64>, counted: Option<i64>, target: Option<i64>) -> Option<MetClock> {
    match (phase, at, counted) {
        (Some(MET), Some(at), Some(seconds)) => Some(MetClock { at, seconds, target_minutes: target }),
        _ => None,
    }
}

/// A ticket's state read with [`STATE_COLUMNS`]; `None` when the ticket is gone.
pub(crate) fn state_of<R: Row>(row: &R) -> StoreResult<Option<TicketState>>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> TicketStatus: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let Some(created_at) = row.try_get::<Option<i64>, _>("created_at")? else { return Ok(None) };
    let get = |name: &str| row.try_get::<Option<i64>, _>(name);
    Ok(Some(TicketState {
        created_at,
        service_id: get("service_id")?.unwrap_or_default(),
        group_id: get("group_id")?,
        organization_id: get("organization_id")?,
        status: row.try_get::<Option<TicketStatus>, _>("status")?.unwrap_or(TicketStatus::New),
        resolved_at: get("resolved_at")?,
        rating: get("rating")?,
        first_response: met(get("fr_phase")?, get("fr_at")?, get("fr_counted")?, get("fr_target")?),
        resolution: met(get("rs_phase")?, get("rs_at")?, get("rs_counted")?, get("rs_target")?),
    }))
}

/// What the cells hold of a pending ticket; `None` when they hold nothing yet.
fn snapshot_of<R: Row>(row: &R) -> StoreResult<Option<Facts>>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let get = |name: &str| row.try_get::<Option<i64>, _>(name);
    let Some(created) = get("r_created_day")? else { return Ok(None) };
    let timing = |day: Option<Day>, seconds: Option<i64>, target: Option<i64>| {
        Some(Timing { day: day?, seconds: seconds?, target_seconds: target })
    };
    let resolved = get("r_resolved_day")?;
    Ok(Some(Facts {
        created,
        service_id: get("r_service_id")?.unwrap_or_default(),
        group_id: get("r_group_id")?.unwrap_or_default(),
        organization_id: get("r_organization_id")?,
        first_response: timing(get("r_fr_day")?, get("r_fr_seconds")?, get("r_fr_target")?),
        resolved,
        resolution: timing(resolved, get("r_rs_seconds")?, get("r_rs_target")?),
        rating: get("r_rating")?,
    }))
}

/// A pending ticket: the version marked, what the cells hold, what they should hold.
pub(crate) struct Pending {
    pub ticket_id: i64,
    pub version: i64,
    pub before: Option<Facts>,
    pub after: Option<Facts>,
}

pub(crate) fn pending_of<R: Row>(row: &R) -> StoreResult<Pending>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> TicketStatus: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(Pending {
        ticket_id: row.try_get("ticket_id")?,
        version: row.try_get("version")?,
        before: snapshot_of(row)?,
        after: state_of(row)?.as_ref().map(Facts::of),
    })
}

/// The change the pending tickets make to the cells.
pub(crate) fn change_of(pending: &[Pending]) -> Ledger {
    let mut ledger = Ledger::default();
    for p in pending {
        ledger.change(p.before.as_ref(), p.after.as_ref());
    }
    ledger.prune();
    ledger
}

impl Db {
    /// Folds up to `limit` pending tickets into the cells in one transaction; answers how many.
    /// Run by one instance at a time (see `App::fold_reports`).
    pub async fn fold_report_cells(&self, limit: i64) -> StoreResult<usize> {
        let select = format!("{} ORDER BY p.ticket_id LIMIT $1", pending_select(self.backend()));
        Ok(in_tx!(self, |tx| {
            let rows = sqlx::query(&select).bind(limit).fetch_all(&mut *tx).await?;
            let pending = rows.iter().map(pending_of).collect::<StoreResult<Vec<_>>>()?;
            let ledger = change_of(&pending);
            for (key, m) in &ledger.cells {
                let mut q = sqlx::query(&UPSERT_CELL).bind(key.day).bind(key.service_id).bind(key.group_id);
                for v in measure_values(m) {
                    q = q.bind(v);
                }
                q.execute(&mut *tx).await?;
            }
            for (key, n) in &ledger.organizations {
                sqlx::query(
                    "INSERT INTO report_org_days (day, organization_id, service_id, group_id, created) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (day, organization_id, service_id, group_id) DO UPDATE SET created = report_org_days.created + excluded.created",
                )
                .bind(key.day)
                .bind(key.organization_id)
                .bind(key.service_id)
                .bind(key.group_id)
                .bind(*n)
                .execute(&mut *tx)
                .await?;
            }
            let touched: std::collections::BTreeSet<i64> = ledger
                .cells
                .keys()
                .map(|k| month_of(k.day))
                .chain(ledger.organizations.keys().map(|k| month_of(k.day)))
                .collect();
            for month in touched {
                sqlx::query(
                    "INSERT INTO report_month_versions (month, version) VALUES ($1, 1)
                     ON CONFLICT (month) DO UPDATE SET version = report_month_versions.version + 1",
                )
                .bind(month)
                .execute(&mut *tx)
                .await?;
            }
            for p in &pending {
                match &p.after {
                    Some(f) if p.before.as_ref() != Some(f) => {
                        sqlx::query(
                            "INSERT INTO report_tickets (ticket_id, created_day, service_id, group_id, organization_id,
                                 fr_day, fr_seconds, fr_target, resolved_day, rs_seconds, rs_target, rating)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                             ON CONFLICT (ticket_id) DO UPDATE SET created_day = excluded.created_day,
                                 service_id = excluded.service_id, group_id = excluded.group_id,
                                 organization_id = excluded.organization_id, fr_day = excluded.fr_day,
                                 fr_seconds = excluded.fr_seconds, fr_target = excluded.fr_target,
                                 resolved_day = excluded.resolved_day, rs_seconds = excluded.rs_seconds,
                                 rs_target = excluded.rs_target, rating = excluded.rating",
                        )
                        .bind(p.ticket_id)
                        .bind(f.created)
                        .bind(f.service_id)
                        .bind(f.group_id)
                        .bind(f.organization_id)
                        .bind(f.first_response.map(|t| t.day))
                        .bind(f.first_response.map(|t| t.seconds))
                        .bind(f.first_response.and_then(|t| t.target_seconds))
                        .bind(f.resolved)
                        .bind(f.resolution.map(|t| t.seconds))
                        .bind(f.resolution.and_then(|t| t.target_seconds))
                        .bind(f.rating)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Some(_) => {}
                    None => {
                        sqlx::query("DELETE FROM report_tickets WHERE ticket_id = $1")
                            .bind(p.ticket_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                // Changed again meanwhile (PostgreSQL): the version moved on, and it is folded next time.
                sqlx::query("DELETE FROM report_pending WHERE ticket_id = $1 AND version = $2")
                    .bind(p.ticket_id)
                    .bind(p.version)
                    .execute(&mut *tx)
                    .await?;
            }
            pending.len()
        }))
    }

    /// Tickets waiting to be folded in.
    pub async fn report_backlog(&self) -> StoreResult<i64> {
        super::on_db!(self, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM report_pending").fetch_one(pool).await)
    }

    /// Counts the staff actions of the whole history again.
    pub async fn recount_staff_actions(&self) -> StoreResult<()> {
        // Every month's version moves on, so that a portal keeping settled months reads them again.
        in_tx!(self, |tx| {
            recount_staff_actions!(&mut *tx)?;
            sqlx::query("UPDATE report_month_versions SET version = version + 1").execute(&mut *tx).await?;
        });
        Ok(())
    }
}
