//! What a backup asks of the database.

use super::{on_db, Db, StoreResult};

impl Db {
    /// Copies the whole SQLite database into a new file, consistently, while others write.
    pub async fn sqlite_snapshot_into(&self, file: &std::path::Path) -> StoreResult<()> {
        match self {
            Db::Sqlite(pool) => {
                sqlx::query("VACUUM INTO $1").bind(file.display().to_string()).execute(pool).await.map(|_| ())
            }
            Db::Postgres(_) => Err(sqlx::Error::Protocol("VACUUM INTO is SQLite's; use pg_dump".into())),
        }
    }

    /// The storage keys of every attachment.
    pub async fn attachment_keys(&self) -> StoreResult<Vec<String>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT storage_key FROM attachments ORDER BY id").fetch_all(pool).await)
    }

    /// (tickets, people) in the database.
    pub async fn ticket_and_user_counts(&self) -> StoreResult<(i64, i64)> {
        on_db!(self, |pool| sqlx::query_as("SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM users)")
            .fetch_one(pool)
            .await)
    }
}
