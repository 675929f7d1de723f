//! Canned responses: ready texts an operator puts into a reply. Personal ones belong to one
//! staff member; shared ones (no owner) are offered to everyone.

use super::{on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct CannedResponse {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// True for a shared response, false for the caller's own.
    pub shared: bool,
}

impl Db {
    /// The member's own responses and the shared ones, by title.
    pub async fn canned_responses(&self, user_id: i64) -> StoreResult<Vec<CannedResponse>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, title, body, (owner_id IS NULL) AS shared FROM canned_responses
             WHERE owner_id = $1 OR owner_id IS NULL ORDER BY title, id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)
    }

    pub async fn add_canned_response(
        &self,
        owner_id: Option<i64>,
        created_by: i64,
        title: &str,
        body: &str,
        now: i64,
    ) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar(
            "INSERT INTO canned_responses (owner_id, title, body, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id"
        )
        .bind(owner_id)
        .bind(title)
        .bind(body)
        .bind(created_by)
        .bind(now)
        .fetch_one(pool)
        .await)
    }

    /// Deletes the member's own response, or a shared one when `may_shared`; false if none.
    pub async fn delete_canned_response(&self, id: i64, user_id: i64, may_shared: bool) -> StoreResult<bool> {
        let affected = on_db!(self, |pool| sqlx::query(
            "DELETE FROM canned_responses WHERE id = $1 AND (owner_id = $2 OR (owner_id IS NULL AND $3))"
        )
        .bind(id)
        .bind(user_id)
        .bind(may_shared)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(affected == 1)
    }
}
