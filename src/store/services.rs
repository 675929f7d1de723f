//! The service catalogue: what the operator supports, two levels deep.

use super::{on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub default_group_id: Option<i64>,
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
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, code, parent_id, name_ru, name_be, name_en, default_group_id
             FROM services WHERE active = $1 ORDER BY position, id"
        )
        .bind(true)
        .fetch_all(pool)
        .await)
    }
}
