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

/// Remembers, after the person's consents were written, the newest publication they cover.
macro_rules! mark_documents_accepted {
    ($tx:expr, $user_id:expr) => {{
        sqlx::query(
            "UPDATE users SET documents_accepted_at = (
                 SELECT COALESCE(MAX(d.published_at), 0) FROM consents c
                 JOIN consent_documents d ON d.kind = c.kind AND d.version = c.version
                 WHERE c.user_id = $1 AND c.withdrawn_at IS NULL)
             WHERE id = $1",
        )
        .bind($user_id)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use mark_documents_accepted;

/// The newest version of a document kind, and when it was published.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LatestDocument {
    pub kind: String,
    pub version: i64,
    pub published_at: i64,
}

impl Db {
    /// The newest version of each kind.
    pub async fn latest_documents(&self) -> StoreResult<Vec<LatestDocument>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT d.kind, d.version, d.published_at FROM consent_documents d
             WHERE d.version = (SELECT MAX(o.version) FROM consent_documents o WHERE o.kind = d.kind) ORDER BY d.kind"
        )
        .fetch_all(pool)
        .await)
    }

    /// (version, published at) of every version of a kind, newest first.
    pub async fn document_versions(&self, kind: &str) -> StoreResult<Vec<(i64, i64)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT version, published_at FROM consent_documents WHERE kind = $1 ORDER BY version DESC"
        )
        .bind(kind)
        .fetch_all(pool)
        .await)
    }

    /// One version of a document in `lang`, falling back to Russian.
    pub async fn document_version(&self, kind: &str, version: i64, lang: &str) -> StoreResult<Option<DocumentRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT d.kind, d.version, d.published_at, t.title, t.body
             FROM consent_documents d JOIN consent_texts t ON t.kind = d.kind AND t.version = d.version
             WHERE d.kind = $1 AND d.version = $2 AND t.lang IN ($3, 'ru')
             ORDER BY CASE WHEN t.lang = $3 THEN 0 ELSE 1 END LIMIT 1"
        )
        .bind(kind)
        .bind(version)
        .bind(lang)
        .fetch_optional(pool)
        .await)
    }

    /// (language, title, body) of one version, in the languages it has.
    pub async fn document_texts(&self, kind: &str, version: i64) -> StoreResult<Vec<(String, String, String)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT lang, title, body FROM consent_texts WHERE kind = $1 AND version = $2 ORDER BY lang"
        )
        .bind(kind)
        .bind(version)
        .fetch_all(pool)
        .await)
    }

    /// A new version (the next number) with its texts; answers the number.
    pub async fn publish_document(
        &self,
        kind: &str,
        texts: &[(String, String, String)],
        now: i64,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            // Later than every earlier publication, even within the same second: acceptance is
            // told by publication times (`users.documents_accepted_at`).
            let version: i64 = sqlx::query_scalar(
                "INSERT INTO consent_documents (kind, version, published_at)
                 VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM consent_documents WHERE kind = $1),
                         (SELECT CASE WHEN COALESCE(MAX(published_at), 0) >= $2 THEN MAX(published_at) + 1 ELSE $2 END
                          FROM consent_documents))
                 RETURNING version",
            )
            .bind(kind)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (lang, title, body) in texts {
                sqlx::query("INSERT INTO consent_texts (kind, version, lang, title, body) VALUES ($1, $2, $3, $4, $5)")
                    .bind(kind)
                    .bind(version)
                    .bind(lang)
                    .bind(title)
                    .bind(body)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut audit = audit.clone();
            audit.details["version"] = version.into();
            super::audit::insert_audit!(&mut *tx, &audit)?;
            version
        }))
    }

    /// The person accepts these versions: consents with when, from where and with what.
    pub async fn accept_documents(
        &self,
        user_id: i64,
        versions: &[(String, i64)],
        now: i64,
        ip: Option<&str>,
        user_agent: Option<&str>,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            for (kind, version) in versions {
                sqlx::query(
                    "INSERT INTO consents (user_id, kind, version, given_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(user_id)
                .bind(kind)
                .bind(version)
                .bind(now)
                .bind(ip)
                .bind(user_agent)
                .execute(&mut *tx)
                .await?;
            }
            mark_documents_accepted!(tx, user_id);
            super::audit::insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

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
