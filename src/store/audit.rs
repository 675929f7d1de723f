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
