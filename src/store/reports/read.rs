//! Reading the sums for a selection, in one snapshot of the database: the cells, plus what the
//! tickets still pending change in them — so a report is exact however far behind the folder
//! is. With an organisation chosen, its tickets are few, and the sums are made from the
//! tickets themselves by the same rules.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{
    change_of, measures_from, pending_of, staff_history_sql, state_of, MEASURE_COLUMNS, PENDING_SELECT, STATE_COLUMNS,
};
use crate::domain::report::period::month_first_day;
use crate::domain::report::{Facts, Figures, Ledger, Measures, Selection, StaffFigures};
use crate::store::{Db, StoreResult};

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

/// Sums of every measure by `key` (`day`, `service_id`, `group_id`).
fn sums_sql(key: &str, filter: &str) -> String {
    let sums: Vec<String> = MEASURE_COLUMNS.iter().map(|c| format!("SUM({c})")).collect();
    format!(
        "SELECT CAST({key} AS BIGINT) AS k, {} FROM report_cells WHERE day BETWEEN $1 AND $2 {filter} GROUP BY {key}",
        sums.join(", ")
    )
}

fn keyed_measures<R: Row>(row: &R) -> StoreResult<(i64, Measures)>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let key: i64 = row.try_get(0usize)?;
    let values = (1..=MEASURE_COLUMNS.len()).map(|i| row.try_get::<Option<i64>, _>(i).map(Option::unwrap_or_default));
    Ok((key, measures_from(&values.collect::<StoreResult<Vec<i64>>>()?)))
}

macro_rules! read_figures {
    ($conn:expr, $selection:expr) => {{
        let selection: &Selection = $selection;
        let period = selection.period;
        let mut figures = Figures::default();
        match selection.organization {
            None => {
                let filter = cell_filter(selection, "");
                for (key, into) in [("day", 0), ("service_id", 1), ("group_id", 2)] {
                    let rows = sqlx::query(&sums_sql(key, &filter)).bind(period.from).bind(period.to).fetch_all(&mut *$conn).await?;
                    for row in &rows {
                        let (k, m) = keyed_measures(row)?;
                        let map: &mut BTreeMap<i64, Measures> = match into {
                            0 => &mut figures.by_day,
                            1 => &mut figures.by_service,
                            _ => &mut figures.by_group,
                        };
                        map.insert(k, m);
                    }
                }
                let (months, edges) = period.split_by_months();
                if let Some((first, last)) = months {
                    let sql = format!(
                        "SELECT organization_id, SUM(created) FROM report_org_months WHERE month BETWEEN $1 AND $2 {filter} GROUP BY organization_id"
                    );
                    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(&sql).bind(first).bind(last).fetch_all(&mut *$conn).await?;
                    for (org, n) in rows {
                        *figures.organizations.entry(org).or_default() += n.unwrap_or_default();
                    }
                    debug_assert!(month_first_day(first) >= period.from);
                }
                for edge in edges {
                    let sql = format!(
                        "SELECT organization_id, SUM(created) FROM report_org_days WHERE day BETWEEN $1 AND $2 {filter} GROUP BY organization_id"
                    );
                    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(&sql).bind(edge.from).bind(edge.to).fetch_all(&mut *$conn).await?;
                    for (org, n) in rows {
                        *figures.organizations.entry(org).or_default() += n.unwrap_or_default();
                    }
                }
                figures.organizations.retain(|_, n| *n != 0);
                let rows = sqlx::query(&*PENDING_SELECT).fetch_all(&mut *$conn).await?;
                let pending = rows.iter().map(pending_of).collect::<StoreResult<Vec<_>>>()?;
                figures.add_ledger(&change_of(&pending), selection);
                let sql = format!(
                    "SELECT user_id, SUM(assigned), SUM(replied), SUM(resolved) FROM staff_daily
                     WHERE day BETWEEN $1 AND $2 {filter} GROUP BY user_id"
                );
                let rows: Vec<(i64, Option<i64>, Option<i64>, Option<i64>)> =
                    sqlx::query_as(&sql).bind(period.from).bind(period.to).fetch_all(&mut *$conn).await?;
                figures.staff = rows
                    .into_iter()
                    .map(|(user_id, a, r, s)| StaffFigures {
                        user_id,
                        assigned: a.unwrap_or_default(),
                        replied: r.unwrap_or_default(),
                        resolved: s.unwrap_or_default(),
                    })
                    .collect();
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
        let mut open = format!(
            "SELECT t.created_at FROM tickets t WHERE t.status NOT IN ('resolved', 'closed') {}",
            cell_filter(selection, "+t.")
        );
        if let Some(organization) = selection.organization {
            open.push_str(&format!(" AND t.organization_id = {organization}"));
        }
        figures.open_filed = sqlx::query_scalar(&open).fetch_all(&mut *$conn).await?;
        figures
    }};
}

impl Db {
    /// The sums for a report, all read in one snapshot.
    pub async fn report_figures(&self, selection: &Selection) -> StoreResult<Figures> {
        match self {
            Db::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let figures = read_figures!(&mut *tx, selection);
                tx.commit().await?;
                Ok(figures)
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
                let figures = read_figures!(&mut *tx, selection);
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
