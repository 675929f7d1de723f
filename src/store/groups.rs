//! Staff groups as the administration keeps them.

use super::audit::{insert_audit, AuditEntry};
use super::workspace::GroupRow;
use super::{in_tx, on_db, Db, StoreResult};

/// Names of a group (or of anything named in the three languages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub ru: String,
    pub be: String,
    pub en: String,
}

impl Db {
    /// Each group's number of active members.
    pub async fn group_member_counts(&self) -> StoreResult<Vec<(i64, i64)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT m.group_id, COUNT(*) FROM staff_group_members m JOIN users u ON u.id = m.user_id
             WHERE u.status = 'active' GROUP BY m.group_id"
        )
        .fetch_all(pool)
        .await)
    }

    pub async fn create_group(&self, code: &str, names: &Names, audit: &AuditEntry) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO staff_groups (code, name_ru, name_be, name_en) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(code)
            .bind(&names.ru)
            .bind(&names.be)
            .bind(&names.en)
            .fetch_one(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, audit)?;
            id
        }))
    }

    pub async fn rename_group(&self, id: i64, names: &Names, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query("UPDATE staff_groups SET name_ru = $2, name_be = $3, name_en = $4 WHERE id = $1")
                .bind(id)
                .bind(&names.ru)
                .bind(&names.be)
                .bind(&names.en)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 1 {
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// Archives (`Some(now)`) or brings back (`None`) a group.
    pub async fn set_group_archived(&self, id: i64, at: Option<i64>, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query("UPDATE staff_groups SET archived_at = $2 WHERE id = $1")
                .bind(id)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 1 {
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// Active services whose new tickets go to this group.
    pub async fn services_routed_to(&self, group_id: i64) -> StoreResult<Vec<String>> {
        on_db!(self, |pool| sqlx::query_scalar(
            "SELECT code FROM services WHERE default_group_id = $1 AND active = $2 ORDER BY position, id"
        )
        .bind(group_id)
        .bind(true)
        .fetch_all(pool)
        .await)
    }

    /// The group's members become exactly these staff members.
    pub async fn replace_group_members(&self, group_id: i64, members: &[i64], audit: &AuditEntry) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query("DELETE FROM staff_group_members WHERE group_id = $1").bind(group_id).execute(&mut *tx).await?;
            for user in members {
                sqlx::query("INSERT INTO staff_group_members (group_id, user_id) VALUES ($1, $2)")
                    .bind(group_id)
                    .bind(*user)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    pub async fn group(&self, id: i64) -> StoreResult<Option<GroupRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT id, code, name_ru, name_be, name_en, (archived_at IS NOT NULL) AS archived FROM staff_groups WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        })
    }
}
