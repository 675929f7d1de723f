//! Versioned consent documents and the consents people gave.

use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone)]
pub struct DocumentText {
    pub lang: &'static str,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub kind: String,
    pub version: i64,
    pub published_at: i64,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: i64,
    pub kind: String,
    pub version: i64,
    pub given_at: i64,
    pub withdrawn_at: Option<i64>,
}

impl Db {
    /// Publishes a version when it is not in the database yet.
    pub async fn ensure_document(&self, kind: &str, version: i64, texts: &[DocumentText], now: i64) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let inserted = sqlx::query(
                "INSERT INTO consent_documents (kind, version, published_at) VALUES ($1, $2, $3)
                 ON CONFLICT (kind, version) DO NOTHING",
            )
            .bind(kind)
            .bind(version)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted > 0 {
                for t in texts {
                    sqlx::query(
                        "INSERT INTO consent_texts (kind, version, lang, title, body) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(kind)
                    .bind(version)
                    .bind(t.lang)
                    .bind(&t.title)
                    .bind(&t.body)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        });
        Ok(())
    }

    /// The newest version of a document in `lang`, falling back to Russian.
    pub async fn current_document(&self, kind: &str, lang: &str) -> StoreResult<Option<DocumentRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT d.kind, d.version, d.published_at, t.title, t.body
             FROM consent_documents d JOIN consent_texts t ON t.kind = d.kind AND t.version = d.version
             WHERE d.kind = $1 AND t.lang IN ($2, 'ru')
             ORDER BY d.version DESC, CASE WHEN t.lang = $2 THEN 0 ELSE 1 END LIMIT 1",
            )
            .bind(kind)
            .bind(lang)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn current_version(&self, kind: &str) -> StoreResult<Option<i64>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT MAX(version) FROM consent_documents WHERE kind = $1")
            .bind(kind)
            .fetch_one(pool)
            .await)
    }

    pub async fn consents_of(&self, user_id: i64) -> StoreResult<Vec<ConsentRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT id, kind, version, given_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY given_at, id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        })
    }
}
