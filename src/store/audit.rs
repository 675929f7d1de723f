//! Security-relevant events (DESIGN §3 AuditLog).

use super::{on_db, Db, StoreResult};

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: i64,
    pub event: &'static str,
    pub user_id: Option<i64>,
    pub ip: Option<String>,
    /// A JSON object without secrets.
    pub details: serde_json::Value,
    /// What it is about, e.g. `staff:12`, for administrative changes.
    pub object: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub event: String,
    pub user_id: Option<i64>,
    pub ip: Option<String>,
    pub details: String,
}

/// Inserts an entry with whatever executor is at hand (a pool or a transaction).
macro_rules! insert_audit {
    ($conn:expr, $entry:expr) => {{
        let entry: &$crate::store::audit::AuditEntry = $entry;
        sqlx::query("INSERT INTO audit_log (at, event, user_id, ip, details, object) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(entry.at)
            .bind(entry.event)
            .bind(entry.user_id)
            .bind(entry.ip.as_deref())
            .bind(entry.details.to_string())
            .bind(entry.object.as_deref())
            .execute($conn)
            .await
    }};
}
pub(crate) use insert_audit;

impl Db {
    pub async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        on_db!(self, |pool| insert_audit!(pool, entry).map(|_| ()))
    }

    /// Newest first.
    pub async fn audit_events(&self, user_id: Option<i64>, limit: i64) -> StoreResult<Vec<AuditRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, at, event, user_id, ip, details FROM audit_log
             WHERE ($1 IS NULL OR user_id = $1) ORDER BY id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await)
    }
}

/// What the administration's viewer asks of the log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// The actor's user id.
    pub actor: Option<i64>,
    pub event: Option<String>,
    /// What it is about: `staff:ivanova.o`, or a prefix such as `staff:`.
    pub object: Option<String>,
    pub from: Option<i64>,
    pub before: Option<i64>,
    /// Older than this entry (the next page).
    pub after_id: Option<i64>,
    pub limit: i64,
}

/// An entry with who made it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    pub event: String,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub ip: Option<String>,
    pub object: Option<String>,
    pub details: String,
}

impl Db {
    /// Newest first, only the conditions asked for (each has its index).
    pub async fn search_audit(&self, q: &AuditQuery) -> StoreResult<Vec<AuditLine>> {
        on_db!(self, |pool| {
            let mut sql = sqlx::QueryBuilder::new(
                "SELECT a.id, a.at, a.event, a.user_id, u.username, u.phone, u.last_name, u.first_name, a.ip, a.object,
                        a.details
                 FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE 1 = 1",
            );
            if let Some(actor) = q.actor {
                sql.push(" AND a.user_id = ").push_bind(actor);
            }
            if let Some(event) = &q.event {
                sql.push(" AND a.event = ").push_bind(event.clone());
            }
            if let Some(object) = &q.object {
                if object.ends_with(':') {
                    // A prefix: the objects of one kind, through the index's range.
                    let end = format!("{};", object.trim_end_matches(':'));
                    sql.push(" AND a.object >= ").push_bind(object.clone()).push(" AND a.object < ").push_bind(end);
                } else {
                    sql.push(" AND a.object = ").push_bind(object.clone());
                }
            }
            if let Some(from) = q.from {
                sql.push(" AND a.at >= ").push_bind(from);
            }
            if let Some(before) = q.before {
                sql.push(" AND a.at < ").push_bind(before);
            }
            if let Some(id) = q.after_id {
                sql.push(" AND a.id < ").push_bind(id);
            }
            sql.push(" ORDER BY a.id DESC LIMIT ").push_bind(q.limit);
            sql.build_query_as().fetch_all(pool).await
        })
    }
}
