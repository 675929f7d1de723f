//! Anonymisation of an account whose owner withdrew consent (DESIGN §6; Law No. 99-З, art. 10,
//! asks for erasure within fifteen days). Tickets keep their technical content — subjects,
//! messages, files — but nothing left points to the person: no name, phone, e-mail, addresses
//! of their devices, representations, tokens, pending messages to them or counters keyed by
//! their number.

use super::audit::{insert_audit, AuditEntry};
use super::{in_tx, on_db, Db, StoreResult};

/// The name an anonymised account shows wherever a name is expected.
pub const ANONYMISED_NAME: &str = "—";

impl Db {
    /// Customer accounts blocked after a consent withdrawal made before `cutoff`, not yet
    /// anonymised, oldest first.
    pub async fn accounts_to_anonymise(&self, cutoff: i64, limit: i64) -> StoreResult<Vec<i64>> {
        on_db!(self, |pool| sqlx::query_scalar(
            "SELECT u.id FROM users u
             WHERE u.role = 'customer' AND u.status = 'blocked'
               AND EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id AND c.withdrawn_at <= $1)
               AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id AND c.withdrawn_at IS NULL)
             ORDER BY u.id LIMIT $2"
        )
        .bind(cutoff)
        .bind(limit)
        .fetch_all(pool)
        .await)
    }

    /// Active customer accounts nobody has used since `cutoff` — no sign-in or other audited
    /// action of theirs, no change to a ticket of theirs, no use of their API tokens — registered
    /// before it, oldest first: their consent's term has run out.
    pub async fn accounts_past_their_term(&self, cutoff: i64, limit: i64) -> StoreResult<Vec<i64>> {
        on_db!(self, |pool| sqlx::query_scalar(
            "SELECT u.id FROM users u
             WHERE u.role = 'customer' AND u.status = 'active' AND u.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.user_id = u.id AND a.at >= $1)
               AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = u.id AND t.updated_at >= $1)
               AND NOT EXISTS (SELECT 1 FROM api_tokens k WHERE k.user_id = u.id AND k.last_used_at >= $1)
             ORDER BY u.id LIMIT $2"
        )
        .bind(cutoff)
        .bind(limit)
        .fetch_all(pool)
        .await)
    }

    /// Ends the consents of an account whose term ran out, as a withdrawal would: blocked now,
    /// its sessions and tokens gone, anonymised by the same sweep after the same days.
    pub async fn expire_consents(&self, user_id: i64, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE users SET status = 'blocked' WHERE id = $1 AND role = 'customer' AND status = 'active'",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                false
            } else {
                sqlx::query("UPDATE consents SET withdrawn_at = $2 WHERE user_id = $1 AND withdrawn_at IS NULL")
                    .bind(user_id)
                    .bind(audit.at)
                    .execute(&mut *tx)
                    .await?;
                for table in ["sessions", "api_tokens"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                insert_audit!(&mut *tx, audit)?;
                true
            }
        }))
    }

    /// Erases the person from one account, in one transaction. The phone column keeps a
    /// placeholder that no phone number parses to (an account needs a login), so the number is
    /// free to register again. `farewell` — the notice that the data is erased (art. 10 wants
    /// the person told) — is queued in the same transaction, after their other messages are
    /// dropped; once sent, its row forgets the recipient (`outbox_sent_many`).
    pub async fn anonymise_account(
        &self,
        user_id: i64,
        audit: &AuditEntry,
        farewell: &[super::outbox::NewOutbox],
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let found: Option<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT phone, email FROM users WHERE id = $1 AND status = 'blocked'")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            match found {
                None => false,
                Some((phone, email)) => {
                    sqlx::query(
                        "UPDATE users SET phone = $2, last_name = $3, first_name = $3, middle_name = NULL,
                                email = NULL, notify_by_email = $4, password_hash = '!', status = 'anonymised'
                         WHERE id = $1",
                    )
                    .bind(user_id)
                    .bind(format!("anonymised:{user_id}"))
                    .bind(ANONYMISED_NAME)
                    .bind(false)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE tickets SET contact_phone = NULL WHERE requester_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    for table in ["representations", "api_tokens", "sessions"] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    sqlx::query("UPDATE consents SET ip = NULL, user_agent = NULL WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE audit_log SET ip = NULL WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    if let Some(phone) = &phone {
                        sqlx::query("DELETE FROM verifications WHERE user_id = $1 OR phone = $2")
                            .bind(user_id)
                            .bind(phone)
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query("DELETE FROM login_throttle WHERE login_key = $1")
                            .bind(crate::domain::lockout::login_key(phone).unwrap_or_default())
                            .execute(&mut *tx)
                            .await?;
                        // The SMS counters are keyed by the number (`domain::limits`).
                        if let Ok(parsed) = crate::domain::Phone::parse(phone) {
                            sqlx::query("DELETE FROM rate_counters WHERE key = $1")
                                .bind(crate::domain::limits::sms_phone_key(&parsed))
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    for recipient in [phone, email].into_iter().flatten() {
                        sqlx::query("DELETE FROM outbox WHERE recipient = $1")
                            .bind(recipient)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for notice in farewell {
                        super::outbox::insert_outbox!(&mut *tx, notice, audit.at)?;
                    }
                    insert_audit!(&mut *tx, audit)?;
                    true
                }
            }
        }))
    }
}
