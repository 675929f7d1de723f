//! Representations as supervisors and organisations' managers decide them.

use super::audit::{insert_audit, AuditEntry};
use super::outbox::{insert_outbox, NewOutbox};
use super::{in_tx, on_db, Db, StoreResult};

/// A representation with the person and the organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RepresentationRow {
    pub id: i64,
    pub user_id: i64,
    pub organization_id: i64,
    pub status: String,
    pub role: String,
    pub position: Option<String>,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub phone: Option<String>,
    pub unp: String,
    pub organization_name: String,
    pub contract_number: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.user_id, r.organization_id, r.status, r.role, r.position, r.requested_at,
        r.decided_at, r.reason, u.last_name, u.first_name, u.middle_name, u.phone, o.unp,
        o.full_name AS organization_name, o.contract_number
    FROM representations r JOIN users u ON u.id = r.user_id JOIN organizations o ON o.id = r.organization_id";

/// A decision on a representation.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    pub id: i64,
    /// What it must still be: `pending` to confirm or reject, `confirmed` to revoke.
    pub from: &'static str,
    pub status: &'static str,
    pub role: &'a str,
    pub decided_by: i64,
    pub reason: Option<&'a str>,
    pub now: i64,
    pub notice: Option<&'a NewOutbox>,
}

impl Db {
    /// Pending representations of every organisation, oldest first.
    pub async fn pending_representations(&self, limit: i64) -> StoreResult<Vec<RepresentationRow>> {
        let sql = format!("{SELECT} WHERE r.status = 'pending' ORDER BY r.requested_at, r.id LIMIT $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
    }

    pub async fn representation(&self, id: i64) -> StoreResult<Option<RepresentationRow>> {
        let sql = format!("{SELECT} WHERE r.id = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
    }

    /// Everyone who represents or asks to represent the organisation, by status and name.
    pub async fn organization_representations(&self, organization_id: i64) -> StoreResult<Vec<RepresentationRow>> {
        let sql = format!(
            "{SELECT} WHERE r.organization_id = $1 AND r.status IN ('pending', 'confirmed')
             ORDER BY CASE r.status WHEN 'pending' THEN 0 ELSE 1 END, u.last_name, u.first_name, r.id"
        );
        on_db!(self, |pool| sqlx::query_as(&sql).bind(organization_id).fetch_all(pool).await)
    }

    /// Applies the decision when the representation is still as the decider saw it (`false`
    /// otherwise), with its notice and audit entry.
    pub async fn decide(&self, d: &Decision<'_>, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE representations SET status = $2, role = $3, decided_by = $4, decided_at = $5, reason = $6
                 WHERE id = $1 AND status = $7",
            )
            .bind(d.id)
            .bind(d.status)
            .bind(d.role)
            .bind(d.decided_by)
            .bind(d.now)
            .bind(d.reason)
            .bind(d.from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                if let Some(notice) = d.notice {
                    insert_outbox!(&mut *tx, notice, d.now)?;
                }
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }
}
