//! Notice texts edited by an administrator (a notice without a row is sent in the words of
//! `locales/*.ftl`).

use super::audit::{insert_audit, AuditEntry};
use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub notice: String,
    pub lang: String,
    pub channel: String,
    pub subject: String,
    pub body: String,
    pub updated_at: i64,
}

impl Db {
    pub async fn notice_templates(&self) -> StoreResult<Vec<TemplateRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT notice, lang, channel, subject, body, updated_at FROM notice_templates ORDER BY notice, lang, channel"
        )
        .fetch_all(pool)
        .await
        })
    }

    /// Keeps a text (replacing the one before) with its audit entry.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_notice_template(
        &self,
        notice: &str,
        lang: &str,
        channel: &str,
        subject: &str,
        body: &str,
        by: Option<i64>,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO notice_templates (notice, lang, channel, subject, body, updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (notice, lang, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body,
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )
            .bind(notice)
            .bind(lang)
            .bind(channel)
            .bind(subject)
            .bind(body)
            .bind(now)
            .bind(by)
            .execute(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    /// Back to the standard words; `false` when there was nothing to forget.
    pub async fn reset_notice_template(
        &self,
        notice: &str,
        lang: &str,
        channel: &str,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let gone = sqlx::query("DELETE FROM notice_templates WHERE notice = $1 AND lang = $2 AND channel = $3")
                .bind(notice)
                .bind(lang)
                .bind(channel)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone > 0 {
                insert_audit!(&mut *tx, audit)?;
            }
            gone > 0
        }))
    }
}
