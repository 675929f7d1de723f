//! Organisations (by УНП) and people's representations of them.

use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganizationRow {
    pub id: i64,
    pub unp: String,
    pub full_name: String,
    pub short_name: Option<String>,
    pub address: String,
    pub contract_number: Option<String>,
    pub contract_date: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryOrganization {
    pub unp: String,
    pub full_name: String,
    pub short_name: Option<String>,
    pub address: String,
    pub contract_number: Option<String>,
    pub contract_date: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub unp: String,
    pub full_name: String,
    pub address: String,
    pub status: String,
    pub role: String,
    pub position: Option<String>,
    pub requested_at: i64,
    pub contract_number: Option<String>,
}

/// An organisation named by the person when it is not known yet.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ClaimedOrganization {
    pub unp: String,
    /// Present only when the organisation was entered by hand.
    pub full_name: Option<String>,
    pub address: Option<String>,
}

/// Finds the organisation or registers it as self-registered; returns its id.
macro_rules! find_or_create_org {
    ($conn:expr, $claim:expr, $now:expr) => {{
        let claim: &$crate::store::orgs::ClaimedOrganization = $claim;
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM organizations WHERE unp = $1")
            .bind(&claim.unp)
            .fetch_optional(&mut *$conn)
            .await?;
        match existing {
            Some(id) => id,
            None => {
                sqlx::query(
                    "INSERT INTO organizations (unp, full_name, address, source, created_at)
                     VALUES ($1, $2, $3, 'self_registered', $4) ON CONFLICT (unp) DO NOTHING",
                )
                .bind(&claim.unp)
                .bind(claim.full_name.as_deref().unwrap_or(""))
                .bind(claim.address.as_deref().unwrap_or(""))
                .bind($now)
                .execute(&mut *$conn)
                .await?;
                sqlx::query_scalar::<_, i64>("SELECT id FROM organizations WHERE unp = $1")
                    .bind(&claim.unp)
                    .fetch_one(&mut *$conn)
                    .await?
            }
        }
    }};
}
pub(crate) use find_or_create_org;

/// Records a pending claim to represent the organisation; a repeated claim changes nothing.
macro_rules! insert_pending_representation {
    ($conn:expr, $user_id:expr, $org_id:expr, $position:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO representations (user_id, organization_id, status, role, position, requested_at)
             VALUES ($1, $2, 'pending', 'member', $3, $4) ON CONFLICT (user_id, organization_id) DO NOTHING",
        )
        .bind($user_id)
        .bind($org_id)
        .bind($position)
        .bind($now)
        .execute(&mut *$conn)
        .await
    };
}
pub(crate) use insert_pending_representation;

const ORG_COLUMNS: &str = "id, unp, full_name, short_name, address, contract_number, contract_date, source";

impl Db {
    pub async fn organization_by_unp(&self, unp: &str) -> StoreResult<Option<OrganizationRow>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE unp = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(unp).fetch_optional(pool).await)
    }

    /// Every organisation (the administration searches them, in any case of any alphabet).
    pub async fn all_organizations(&self) -> StoreResult<Vec<OrganizationRow>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations ORDER BY full_name, id");
        on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }

    pub async fn organization(&self, id: i64) -> StoreResult<Option<OrganizationRow>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
    }

    /// An organisation's contract with the operator (both `None`: no contract).
    pub async fn set_contract(
        &self,
        id: i64,
        number: Option<&str>,
        date: Option<&str>,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed =
                sqlx::query("UPDATE organizations SET contract_number = $2, contract_date = $3 WHERE id = $1")
                    .bind(id)
                    .bind(number)
                    .bind(date)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if changed == 1 {
                super::audit::insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// A registry file kept for its preview.
    pub async fn keep_registry_upload(
        &self,
        id: &str,
        by: i64,
        name: &str,
        content: &[u8],
        now: i64,
    ) -> StoreResult<()> {
        on_db!(self, |pool| {
            sqlx::query(
            "INSERT INTO registry_uploads (id, uploaded_by, file_name, content, created_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(id)
        .bind(by)
        .bind(name)
        .bind(content)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        })
    }

    /// (file name, content) of an upload by this person.
    pub async fn registry_upload(&self, id: &str, by: i64) -> StoreResult<Option<(String, Vec<u8>)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT file_name, content FROM registry_uploads WHERE id = $1 AND uploaded_by = $2"
        )
        .bind(id)
        .bind(by)
        .fetch_optional(pool)
        .await)
    }

    pub async fn purge_registry_uploads(&self, before: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query("DELETE FROM registry_uploads WHERE created_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }

    /// Imports or refreshes organisations from the operator's registry of contracts, in one
    /// transaction with its audit entry. An upload is taken first and forgotten with the import,
    /// so of two confirmations sent at once one imports and the other answers `None`.
    pub async fn import_registry_audited(
        &self,
        orgs: &[RegistryOrganization],
        now: i64,
        upload: Option<&str>,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<Option<u64>> {
        Ok(in_tx!(self, |tx| {
            let taken = match upload {
                Some(id) => {
                    let gone =
                        sqlx::query("DELETE FROM registry_uploads WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    gone.rows_affected() == 1
                }
                None => true,
            };
            if taken {
                let count = import!(tx, orgs, now);
                super::audit::insert_audit!(&mut *tx, audit)?;
                Some(count)
            } else {
                None
            }
        }))
    }

    /// Imports or refreshes organisations from the operator's registry of contracts.
    pub async fn import_registry(&self, orgs: &[RegistryOrganization], now: i64) -> StoreResult<u64> {
        Ok(in_tx!(self, |tx| { import!(tx, orgs, now) }))
    }
}

/// The registry's rows into the caller's transaction; answers how many were written.
macro_rules! import {
    ($tx:expr, $orgs:expr, $now:expr) => {{
        let orgs: &[RegistryOrganization] = $orgs;
        let mut count = 0;
        for org in orgs {
            count += sqlx::query(
                "INSERT INTO organizations (unp, full_name, short_name, address, contract_number, contract_date,
                                            source, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'registry', $7)
                 ON CONFLICT (unp) DO UPDATE SET full_name = excluded.full_name,
                    short_name = excluded.short_name, address = excluded.address,
                    contract_number = excluded.contract_number, contract_date = excluded.contract_date,
                    source = 'registry'",
            )
            .bind(&org.unp)
            .bind(&org.full_name)
            .bind(&org.short_name)
            .bind(&org.address)
            .bind(&org.contract_number)
            .bind(&org.contract_date)
            .bind($now)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
        }
        count
    }};
}
use import;

impl Db {
    pub async fn memberships(&self, user_id: i64) -> StoreResult<Vec<MembershipRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT r.id, o.unp, o.full_name, o.address, r.status, r.role, r.position, r.requested_at,
                    o.contract_number
             FROM representations r JOIN organizations o ON o.id = r.organization_id
             WHERE r.user_id = $1 ORDER BY r.requested_at, r.id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })
    }

    /// A further pending representation from the personal cabinet. Returns false when the
    /// person already has one for this organisation.
    pub async fn claim_representation(
        &self,
        user_id: i64,
        claim: &ClaimedOrganization,
        position: Option<&str>,
        now: i64,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let org_id = find_or_create_org!(tx, claim, now);
            let inserted = insert_pending_representation!(tx, user_id, org_id, position, now)?.rows_affected();
            if inserted > 0 {
                super::audit::insert_audit!(&mut *tx, audit)?;
            }
            inserted > 0
        }))
    }

    /// Confirms or rejects a pending representation; false when it was not pending.
    pub async fn decide_representation(
        &self,
        representation_id: i64,
        status: &str,
        role: &str,
        decided_by: i64,
        now: i64,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE representations SET status = $2, role = $3, decided_by = $4, decided_at = $5
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(representation_id)
            .bind(status)
            .bind(role)
            .bind(decided_by)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                super::audit::insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }
}
