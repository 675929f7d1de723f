//! The service catalogue: what the operator supports, two levels deep.

use super::audit::{insert_audit, AuditEntry};
use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub default_group_id: Option<i64>,
    /// The policy its tickets follow, when the administrator named one.
    pub sla_policy_id: Option<i64>,
    pub position: i64,
    pub active: bool,
}

/// The columns of [`ServiceRow`].
pub(crate) const SERVICE_COLUMNS: &str =
    "id, code, parent_id, name_ru, name_be, name_en, default_group_id, sla_policy_id, position, active";

/// A service as the administrator sets it up.
#[derive(Debug, Clone)]
pub struct ServiceSetup {
    pub code: String,
    pub parent_id: Option<i64>,
    pub names: super::groups::Names,
    pub default_group_id: Option<i64>,
    pub sla_policy_id: Option<i64>,
    pub position: i64,
    pub active: bool,
}

impl ServiceRow {
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "be" => &self.name_be,
            "en" => &self.name_en,
            _ => &self.name_ru,
        }
    }
}

impl Db {
    /// Active services, parents before children, in catalogue order.
    pub async fn active_services(&self) -> StoreResult<Vec<ServiceRow>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE active = $1 ORDER BY position, id");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(true).fetch_all(pool).await)
    }

    /// Every service, archived ones too, in catalogue order.
    pub async fn all_services(&self) -> StoreResult<Vec<ServiceRow>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services ORDER BY position, id");
        on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }

    pub async fn service(&self, id: i64) -> StoreResult<Option<ServiceRow>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE id = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
    }

    /// A new service (`id` `None`) or new settings of one; the code of a service never changes.
    pub async fn save_service(&self, id: Option<i64>, s: &ServiceSetup, audit: &AuditEntry) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            let id: i64 = match id {
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO services (code, parent_id, name_ru, name_be, name_en, default_group_id,
                                               sla_policy_id, position, active)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(&s.code)
                    .bind(s.parent_id)
                    .bind(&s.names.ru)
                    .bind(&s.names.be)
                    .bind(&s.names.en)
                    .bind(s.default_group_id)
                    .bind(s.sla_policy_id)
                    .bind(s.position)
                    .bind(s.active)
                    .fetch_one(&mut *tx)
                    .await?
                }
                Some(id) => {
                    sqlx::query(
                        "UPDATE services SET parent_id = $2, name_ru = $3, name_be = $4, name_en = $5,
                                default_group_id = $6, sla_policy_id = $7, position = $8, active = $9
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind(s.parent_id)
                    .bind(&s.names.ru)
                    .bind(&s.names.be)
                    .bind(&s.names.en)
                    .bind(s.default_group_id)
                    .bind(s.sla_policy_id)
                    .bind(s.position)
                    .bind(s.active)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
            };
            insert_audit!(&mut *tx, audit)?;
            id
        }))
    }
}
