//! Reading the sums for a selection, in one snapshot of the database: the cells, plus what the
//! tickets still pending change in them — so a report is exact however far behind the folder
//! is. With an organisation chosen, its tickets are few, and the sums are made from the
//! tickets themselves by the same rules.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use sqlx::Row;

use super::{
    change_of, measures_from, pending_of, pending_select, staff_history_sql, state_of, MEASURE_COLUMNS, STATE_COLUMNS,
};
use crate::domain::report::period::{day_of, month_first_day, month_of, month_settled, MonthKey};
use crate::domain::report::{
    Age, CellKey, Facts, Figures, Ledger, Measures, MonthTotals, OrgKey, OrgTally, Selection, StaffFigures,
};
use crate::store::{Backend, Db, StoreResult};

/// ` AND …` on the cells' own service and group columns. Ids are our own integers.
fn cell_filter(selection: &Selection, prefix: &str) -> String {
    let mut sql = String::new();
    if let Some(services) = &selection.services {
        let ids: Vec<String> = services.iter().map(i64::to_string).collect();
        let ids = if ids.is_empty() { "NULL".to_string() } else { ids.join(", ") };
        sql.push_str(&format!(" AND {prefix}service_id IN ({ids})"));
    }
    if let Some(group) = selection.group {
        sql.push_str(&format!(" AND {prefix}group_id = {group}"));
    }
    sql
}

/// A month's cells, every one.
static MONTH_CELLS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT CAST(day AS BIGINT), CAST(service_id AS BIGINT), CAST(group_id AS BIGINT), {}
         FROM report_cells WHERE day BETWEEN $1 AND $2",
        MEASURE_COLUMNS.iter().map(|c| format!("CAST({c} AS BIGINT)")).collect::<Vec<_>>().join(", ")
    )
});

fn cell_of<R: Row>(row: &R) -> StoreResult<(CellKey, Measures)>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let key = CellKey { day: row.try_get(0usize)?, service_id: row.try_get(1usize)?, group_id: row.try_get(2usize)? };
    let values = (3..3 + MEASURE_COLUMNS.len()).map(|i| row.try_get::<i64, _>(i));
    Ok((key, measures_from(&values.collect::<StoreResult<Vec<i64>>>()?)))
}

/// Whole months of cells and organisation days as last read, with the version they were read
/// at. A month whose version moved is read again, so what a reader gets is what the database
/// holds in its snapshot; only the reading is saved. Kept per instance, for the most recently
/// used months.
#[derive(Default)]
pub struct MonthCache {
    kept: Mutex<HashMap<MonthKey, KeptMonth>>,
    uses: AtomicU64,
}

/// A month's cells and organisation days, the same summed, and its tickets by organisation.
struct MonthSums {
    ledger: Ledger,
    totals: MonthTotals,
    by_organization: Vec<(i64, i64)>,
    /// What staff did in the month, once it is settled (`month_settled`): it never changes
    /// then, whatever its version.
    staff: OnceLock<Vec<StaffCount>>,
}

/// A staff member's counts under a service and group.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
struct StaffCount {
    user_id: i64,
    service_id: i64,
    group_id: i64,
    assigned: i64,
    replied: i64,
    resolved: i64,
}

/// The staff counts of some days, by person, service and group.
const STAFF_COUNTS: &str =
    "SELECT user_id, CAST(service_id AS BIGINT) AS service_id, CAST(group_id AS BIGINT) AS group_id,
        CAST(SUM(assigned) AS BIGINT) AS assigned, CAST(SUM(replied) AS BIGINT) AS replied,
        CAST(SUM(resolved) AS BIGINT) AS resolved
    FROM staff_daily WHERE day BETWEEN $1 AND $2 GROUP BY user_id, service_id, group_id";

/// Adds counts the selection admits to the tally by person.
fn tally_staff<'a>(
    tally: &mut BTreeMap<i64, StaffFigures>,
    counts: impl IntoIterator<Item = &'a StaffCount>,
    selection: &Selection,
) {
    for c in counts.into_iter().filter(|c| selection.admits(c.service_id, c.group_id)) {
        let s = tally.entry(c.user_id).or_insert(StaffFigures { user_id: c.user_id, ..StaffFigures::default() });
        s.assigned += c.assigned;
        s.replied += c.replied;
        s.resolved += c.resolved;
    }
}

struct KeptMonth {
    version: i64,
    ledger: Arc<MonthSums>,
    /// When it was last used, in uses of the cache.
    used: u64,
}

/// About six years of months (a few hundred kilobytes each).
const KEPT_MONTHS: usize = 72;

impl MonthCache {
    fn get(&self, month: MonthKey, version: i64) -> Option<Arc<MonthSums>> {
        let used = self.uses.fetch_add(1, Ordering::Relaxed);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let entry = kept.get_mut(&month).filter(|k| k.version == version)?;
        entry.used = used;
        Some(entry.ledger.clone())
    }

    /// Keeps what was read at `version`, unless a newer version is kept already (a reader
    /// with an older snapshot).
    fn keep(&self, month: MonthKey, version: i64, ledger: MonthSums) -> Arc<MonthSums> {
        let ledger = Arc::new(ledger);
        let used = self.uses.fetch_add(1, Ordering::Relaxed);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.get(&month).is_some_and(|k| k.version > version) {
            return ledger;
        }
        kept.insert(month, KeptMonth { version, ledger: ledger.clone(), used });
        if kept.len() > KEPT_MONTHS {
            if let Some(oldest) = kept.iter().min_by_key(|(_, k)| k.used).map(|(m, _)| *m) {
                kept.remove(&oldest);
            }
        }
        ledger
    }
}

macro_rules! read_figures {
    ($conn:expr, $selection:expr, $now:expr, $cache:expr, $backend:expr) => {{
        let selection: &Selection = $selection;
        let now: i64 = $now;
        let period = selection.period;
        let mut figures = Figures::default();
        match selection.organization {
            None => {
                let (first, last) = (month_of(period.from), month_of(period.to));
                let versions: Vec<(i64, i64)> =
                    sqlx::query_as("SELECT month, version FROM report_month_versions WHERE month BETWEEN $1 AND $2")
                        .bind(first)
                        .bind(last)
                        .fetch_all(&mut *$conn)
                        .await?;
                let versions: HashMap<i64, i64> = versions.into_iter().collect();
                let mut staff: BTreeMap<i64, StaffFigures> = BTreeMap::new();
                // The days whose staff counts came from settled months kept in the cache.
                let mut settled: Option<(i64, i64)> = None;
                for month in first..=last {
                    let version = versions.get(&month).copied().unwrap_or(0);
                    let sums = match $cache.get(month, version) {
                        Some(sums) => sums,
                        None => {
                            let (from, to) = (month_first_day(month), month_first_day(month + 1) - 1);
                            let mut ledger = Ledger::default();
                            let rows = sqlx::query(&MONTH_CELLS).bind(from).bind(to).fetch_all(&mut *$conn).await?;
                            for row in &rows {
                                let (key, m) = cell_of(row)?;
                                ledger.cells.insert(key, m);
                            }
                            let rows: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
                                "SELECT CAST(day AS BIGINT), CAST(organization_id AS BIGINT), CAST(service_id AS BIGINT),
                                        CAST(group_id AS BIGINT), CAST(created AS BIGINT) FROM report_org_days
                                 WHERE day BETWEEN $1 AND $2 AND created <> 0",
                            )
                            .bind(from)
                            .bind(to)
                            .fetch_all(&mut *$conn)
                            .await?;
                            let mut by_organization = OrgTally::default();
                            for (day, organization_id, service_id, group_id, n) in rows {
                                ledger.organizations.insert(OrgKey { day, organization_id, service_id, group_id }, n);
                                by_organization.add(organization_id, n);
                            }
                            let sums = MonthSums {
                                totals: MonthTotals::of(&ledger),
                                ledger,
                                by_organization: by_organization.counts().collect(),
                                staff: OnceLock::new(),
                            };
                            $cache.keep(month, version, sums)
                        }
                    };
                    let whole = month_first_day(month) >= period.from && month_first_day(month + 1) - 1 <= period.to;
                    if whole {
                        figures.add_whole_month(&sums.ledger, &sums.totals, selection);
                    } else {
                        figures.add_cells(&sums.ledger, selection);
                    }
                    if whole && selection.services.is_none() && selection.group.is_none() {
                        for (organization, n) in &sums.by_organization {
                            figures.organizations.add(*organization, *n);
                        }
                    } else {
                        figures.organizations.add_days(&sums.ledger, selection);
                    }
                    if whole && month_settled(month, day_of(now)) {
                        let (from, to) = (month_first_day(month), month_first_day(month + 1) - 1);
                        let counts = match sums.staff.get() {
                            Some(counts) => counts,
                            None => {
                                let counts: Vec<StaffCount> =
                                    sqlx::query_as(STAFF_COUNTS).bind(from).bind(to).fetch_all(&mut *$conn).await?;
                                sums.staff.get_or_init(|| counts)
                            }
                        };
                        tally_staff(&mut staff, counts, selection);
                        settled = Some(settled.map_or((from, to), |(a, _)| (a, to)));
                    }
                }
                let rows = sqlx::query(pending_select($backend)).fetch_all(&mut *$conn).await?;
                let pending = rows.iter().map(pending_of).collect::<StoreResult<Vec<_>>>()?;
                figures.add_ledger(&change_of(&pending), selection);
                // The days before and after the settled months, from the table.
                let rest = match settled {
                    None => [(period.from, period.to), (1, 0)],
                    Some((a, b)) => [(period.from, a - 1), (b + 1, period.to)],
                };
                for (from, to) in rest.into_iter().filter(|(from, to)| from <= to) {
                    let counts: Vec<StaffCount> =
                        sqlx::query_as(STAFF_COUNTS).bind(from).bind(to).fetch_all(&mut *$conn).await?;
                    tally_staff(&mut staff, &counts, selection);
                }
                figures.staff = staff.into_values().collect();
            }
            Some(organization) => {
                let sql = format!(
                    "SELECT {STATE_COLUMNS} FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.organization_id = $1"
                );
                let rows = sqlx::query(&sql).bind(organization).fetch_all(&mut *$conn).await?;
                let mut ledger = Ledger::default();
                for row in &rows {
                    if let Some(state) = state_of(row)? {
                        ledger.apply(&Facts::of(&state), 1);
                    }
                }
                figures.add_ledger(&ledger, selection);
                let history = staff_history_sql(&format!(" AND t.organization_id = {organization}"));
                let rows = sqlx::query(&history).bind(false).fetch_all(&mut *$conn).await?;
                let mut staff: BTreeMap<i64, StaffFigures> = BTreeMap::new();
                for row in &rows {
                    let (day, user_id, service_id, group_id): (i64, i64, i64, i64) =
                        (row.try_get(0usize)?, row.try_get(1usize)?, row.try_get(2usize)?, row.try_get(3usize)?);
                    if !period.contains(day) || !selection.admits(service_id, group_id) {
                        continue;
                    }
                    let s = staff.entry(user_id).or_insert(StaffFigures { user_id, ..StaffFigures::default() });
                    s.assigned += row.try_get::<i64, _>(4usize)?;
                    s.replied += row.try_get::<i64, _>(5usize)?;
                    s.resolved += row.try_get::<i64, _>(6usize)?;
                }
                figures.staff = staff.into_values().collect();
            }
        }
        // Counted where they are, from the index of open tickets, rather than read out.
        let mut open = format!(
            "SELECT CAST(COUNT(*) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN t.created_at > $1 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN t.created_at > $2 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN t.created_at > $3 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN t.created_at > $4 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM tickets t WHERE t.status NOT IN ('resolved', 'closed') {}",
            cell_filter(selection, "+t.")
        );
        if let Some(organization) = selection.organization {
            open.push_str(&format!(" AND t.organization_id = {organization}"));
        }
        let [a, b, c, d] = Age::BOUNDS.map(|bound| now - bound);
        let (total, under_a, under_b, under_c, under_d): (i64, i64, i64, i64, i64) =
            sqlx::query_as(&open).bind(a).bind(b).bind(c).bind(d).fetch_one(&mut *$conn).await?;
        figures.open_by_age = Age::tally(total, [under_a, under_b, under_c, under_d]);
        figures.tidy();
        figures
    }};
}

impl Db {
    /// The sums for a report, all read in one snapshot.
    pub async fn report_figures(&self, selection: &Selection, now: i64, cache: &MonthCache) -> StoreResult<Figures> {
        match self {
            Db::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let figures = read_figures!(&mut *tx, selection, now, cache, Backend::Sqlite);
                tx.commit().await?;
                Ok(figures)
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
                let figures = read_figures!(&mut *tx, selection, now, cache, Backend::Postgres);
                tx.commit().await?;
                Ok(figures)
            }
        }
    }
}

fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "NULL".into()
    } else {
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
    }
}

impl Db {
    /// (id, УНП, short or full name) of these organisations.
    pub async fn organization_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String, String)>> {
        let sql = format!(
            "SELECT id, unp, COALESCE(NULLIF(short_name, ''), full_name) FROM organizations WHERE id IN ({})",
            id_list(ids)
        );
        crate::store::on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }

    /// (id, login, «Фамилия Имя») of these staff members, disabled ones included.
    pub async fn staff_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String, String)>> {
        let sql = format!(
            "SELECT id, COALESCE(username, ''), TRIM(last_name || ' ' || first_name) FROM users WHERE id IN ({})",
            id_list(ids)
        );
        crate::store::on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }
}
