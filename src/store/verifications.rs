//! Phone confirmations in progress: registrations and password resets.

use super::audit::{insert_audit, AuditEntry};
use super::orgs::{find_or_create_org, insert_pending_representation, ClaimedOrganization};
use super::outbox::{insert_outbox, NewOutbox};
use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: String,
    pub purpose: String,
    pub phone: String,
    pub payload: String,
    pub code_hash: Option<Vec<u8>>,
    pub expires_at: i64,
    pub wrong_attempts: i64,
    pub sends: i64,
    pub last_sent_at: i64,
    pub state: String,
    pub user_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewVerification {
    pub id: String,
    pub purpose: &'static str,
    pub phone: String,
    pub payload: String,
    /// `None` when no code can ever match (an already registered phone, an unknown phone on reset).
    pub code_hash: Option<Vec<u8>>,
    pub expires_at: i64,
    pub now: i64,
    pub user_id: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Everything the completion of a registration writes, in one transaction.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub phone: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub password_hash: String,
    pub organization: Option<ClaimedOrganization>,
    pub position: Option<String>,
    pub consents: Vec<(String, i64)>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The language the form was filled in.
    pub lang: &'static str,
    pub now: i64,
    pub password_sms: NewOutbox,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    Completed {
        user_id: i64,
    },
    /// Confirmed already (a second click, a second tab): nothing more was done.
    AlreadyCompleted,
    /// The phone was registered by a concurrent registration in the meantime.
    PhoneTaken,
}

const COLUMNS: &str = "id, purpose, phone, payload, code_hash, expires_at, wrong_attempts, sends, last_sent_at,
    state, user_id, created_at";

/// A reset whose code matched: the new password and the messages that go with it.
#[derive(Clone, Copy)]
pub struct CompletedReset<'a> {
    pub id: &'a str,
    pub user_id: i64,
    pub password_hash: &'a str,
    pub now: i64,
    /// The new password.
    pub sms: &'a NewOutbox,
    /// «API-токены отозваны», sent only when there were tokens to revoke.
    pub tokens_notice: Option<&'a NewOutbox>,
}

impl Db {
    pub async fn create_verification(
        &self,
        v: &NewVerification,
        sms: Option<&NewOutbox>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO verifications (id, purpose, phone, payload, code_hash, expires_at, wrong_attempts, sends,
                                            last_sent_at, state, user_id, ip, user_agent, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 0, 1, $7, 'pending', $8, $9, $10, $7)",
            )
            .bind(&v.id)
            .bind(v.purpose)
            .bind(&v.phone)
            .bind(&v.payload)
            .bind(&v.code_hash)
            .bind(v.expires_at)
            .bind(v.now)
            .bind(v.user_id)
            .bind(&v.ip)
            .bind(&v.user_agent)
            .execute(&mut *tx)
            .await?;
            if let Some(msg) = sms {
                insert_outbox!(&mut *tx, msg, v.now)?;
            }
            if let Some(entry) = audit {
                insert_audit!(&mut *tx, entry)?;
            }
        });
        Ok(())
    }

    pub async fn verification(&self, id: &str, purpose: &str) -> StoreResult<Option<VerificationRow>> {
        let sql = format!("SELECT {COLUMNS} FROM verifications WHERE id = $1 AND purpose = $2");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).bind(purpose).fetch_optional(pool).await)
    }

    /// Spends one of the code's attempts before the code is compared, so that parallel guesses
    /// cannot exceed the limit. Returns the stored hash, or `None` when no attempt is left,
    /// the code expired or the verification is not pending.
    pub async fn reserve_code_attempt(
        &self,
        id: &str,
        now: i64,
        max_attempts: i64,
    ) -> StoreResult<Option<(i64, Option<Vec<u8>>)>> {
        on_db!(self, |pool| sqlx::query_as(
            "UPDATE verifications SET wrong_attempts = wrong_attempts + 1
             WHERE id = $1 AND state = 'pending' AND expires_at > $2 AND wrong_attempts < $3
             RETURNING wrong_attempts, code_hash"
        )
        .bind(id)
        .bind(now)
        .bind(max_attempts)
        .fetch_optional(pool)
        .await)
    }

    /// Replaces the code when nobody else resent it in the meantime (`sends` unchanged).
    #[allow(clippy::too_many_arguments)]
    pub async fn resend_code(
        &self,
        id: &str,
        previous_sends: i64,
        code_hash: Option<&[u8]>,
        expires_at: i64,
        now: i64,
        sms: Option<&NewOutbox>,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE verifications SET code_hash = $3, expires_at = $4, last_sent_at = $5, wrong_attempts = 0,
                        sends = sends + 1
                 WHERE id = $1 AND sends = $2 AND state = 'pending'",
            )
            .bind(id)
            .bind(previous_sends)
            .bind(code_hash)
            .bind(expires_at)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 1 {
                if let Some(msg) = sms {
                    insert_outbox!(&mut *tx, msg, now)?;
                }
            }
            updated == 1
        }))
    }

    /// Creates the account, its consents, organisation and pending representation, and queues
    /// the password SMS — all or nothing, at most once per verification.
    pub async fn complete_registration(&self, id: &str, a: &NewAccount) -> StoreResult<Completion> {
        Ok(in_tx!(self, |tx| {
            let claimed = sqlx::query(
                "UPDATE verifications SET state = 'completed', completed_at = $2
                 WHERE id = $1 AND state = 'pending' AND purpose = 'registration'",
            )
            .bind(id)
            .bind(a.now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                Completion::AlreadyCompleted
            } else {
                let user_id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO users (phone, last_name, first_name, middle_name, email, password_hash, role, status,
                                        must_change_password, created_at, password_changed_at, lang)
                     VALUES ($1, $2, $3, $4, $5, $6, 'customer', 'active', $7, $8, $8, $9)
                     ON CONFLICT (phone) DO NOTHING RETURNING id",
                )
                .bind(&a.phone)
                .bind(&a.last_name)
                .bind(&a.first_name)
                .bind(&a.middle_name)
                .bind(&a.email)
                .bind(&a.password_hash)
                .bind(true)
                .bind(a.now)
                .bind(a.lang)
                .fetch_optional(&mut *tx)
                .await?;
                match user_id {
                    None => Completion::PhoneTaken,
                    Some(user_id) => {
                        sqlx::query("UPDATE verifications SET user_id = $2 WHERE id = $1")
                            .bind(id)
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                        for (kind, version) in &a.consents {
                            sqlx::query(
                                "INSERT INTO consents (user_id, kind, version, given_at, ip, user_agent)
                                 VALUES ($1, $2, $3, $4, $5, $6)",
                            )
                            .bind(user_id)
                            .bind(kind)
                            .bind(version)
                            .bind(a.now)
                            .bind(&a.ip)
                            .bind(&a.user_agent)
                            .execute(&mut *tx)
                            .await?;
                            let given = AuditEntry {
                                at: a.now,
                                event: "consent_given",
                                user_id: Some(user_id),
                                ip: a.ip.clone(),
                                details: serde_json::json!({ "kind": kind, "version": version }),
                                object: None,
                            };
                            insert_audit!(&mut *tx, &given)?;
                        }
                        super::consents::mark_documents_accepted!(tx, user_id);
                        if let Some(claim) = &a.organization {
                            let org_id = find_or_create_org!(tx, claim, a.now);
                            insert_pending_representation!(tx, user_id, org_id, &a.position, a.now)?;
                        }
                        insert_outbox!(&mut *tx, &a.password_sms, a.now)?;
                        let audit = AuditEntry {
                            at: a.now,
                            event: "registration_completed",
                            user_id: Some(user_id),
                            ip: a.ip.clone(),
                            details: serde_json::json!({
                                "verification": id,
                                "organization": a.organization.as_ref().map(|o| o.unp.clone()),
                                "consents": a.consents,
                            }),
                            object: None,
                        };
                        insert_audit!(&mut *tx, &audit)?;
                        Completion::Completed { user_id }
                    }
                }
            }
        }))
    }

    /// Marks a reset done and replaces the password, ending every session of the user and
    /// revoking their API tokens (`tokens_notice` tells them, when there were any).
    pub async fn complete_reset(&self, r: &CompletedReset<'_>, audit: &AuditEntry) -> StoreResult<bool> {
        let CompletedReset { id, user_id, password_hash, now, sms, tokens_notice } = *r;
        Ok(in_tx!(self, |tx| {
            let claimed = sqlx::query(
                "UPDATE verifications SET state = 'completed', completed_at = $2
                 WHERE id = $1 AND state = 'pending' AND purpose = 'password_reset'",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 1 {
                sqlx::query(
                    "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4
                     WHERE id = $1",
                )
                .bind(user_id)
                .bind(password_hash)
                .bind(true)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                insert_outbox!(&mut *tx, sms, now)?;
                let revoked = super::sessions::revoke_user_tokens!(
                    &mut *tx,
                    user_id,
                    now,
                    super::sessions::TokenRevocation::PasswordReset
                )?;
                if let Some(notice) = tokens_notice.filter(|_| revoked > 0) {
                    insert_outbox!(&mut *tx, notice, now)?;
                }
                insert_audit!(&mut *tx, audit)?;
            }
            claimed == 1
        }))
    }

    /// Forgets unfinished verifications older than `before` (they hold form data).
    pub async fn purge_verifications(&self, before: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query("DELETE FROM verifications WHERE created_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }
}
