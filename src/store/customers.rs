//! The operator blocks a customer's account (a breach of the terms, suspected unauthorised
//! access, the owner's request) and unblocks it. A block by the operator is not a withdrawn
//! consent: the data stays, and the account can come back. One withdrawn for good cannot.

use super::audit::{insert_audit, AuditEntry};
use super::outbox::{insert_outbox, NewOutbox};
use super::{in_tx, on_db, Db, StoreResult};

impl Db {
    /// Whether the person withdrew a consent (their account is blocked for good).
    pub async fn consent_withdrawn(&self, user_id: i64) -> StoreResult<bool> {
        let n: i64 = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM consents WHERE user_id = $1 AND withdrawn_at IS NOT NULL"
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)?;
        Ok(n > 0)
    }

    /// Blocks an active customer's account and ends their sessions and API tokens, with the
    /// notice (queued first: a blocked account gets no other) and the audit entry, in one
    /// transaction. `false` when the account was not an active customer's.
    pub async fn block_customer(&self, user_id: i64, audit: &AuditEntry, notices: &[NewOutbox]) -> StoreResult<bool> {
        self.change_access(user_id, "'blocked'", "'active'", &["sessions", "api_tokens"], audit, notices).await
    }

    /// Unblocks a customer's account the operator blocked; one whose owner withdrew a consent
    /// stays blocked. `false` when there was nothing to unblock.
    pub async fn unblock_customer(&self, user_id: i64, audit: &AuditEntry, notices: &[NewOutbox]) -> StoreResult<bool> {
        let blocked = "'blocked' AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.user_id = users.id AND c.withdrawn_at IS NOT NULL)";
        self.change_access(user_id, "'active'", blocked, &[], audit, notices).await
    }

    /// Moves a customer's account from `from` (a condition on the status) to `to`, ends what
    /// `ends` holds of theirs, and records the notices and the audit entry, in one transaction.
    async fn change_access(
        &self,
        user_id: i64,
        to: &str,
        from: &str,
        ends: &[&str],
        audit: &AuditEntry,
        notices: &[NewOutbox],
    ) -> StoreResult<bool> {
        let sql = format!("UPDATE users SET status = {to} WHERE id = $1 AND role = 'customer' AND status = {from}");
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(&sql).bind(user_id).execute(&mut *tx).await?.rows_affected();
            if changed == 0 {
                false
            } else {
                for table in ends {
                    sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                for notice in notices {
                    insert_outbox!(&mut *tx, notice, audit.at)?;
                }
                insert_audit!(&mut *tx, audit)?;
                true
            }
        }))
    }
}
