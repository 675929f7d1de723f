//! `helpdesk backup --to DIR` and `helpdesk restore --from DIR`.
//!
//! A backup is a directory: the database (SQLite: a consistent snapshot taken online with
//! `VACUUM INTO`; PostgreSQL: `pg_dump --format=custom`, which reads one snapshot too), then
//! the attachments the database names once the snapshot is taken (a file never changes once
//! stored, so each one the snapshot names is copied whole; one named but missing is reported),
//! and `manifest.json` written last: a directory without it is not a backup. A restore puts
//! both back into what the configuration names, with the portal stopped.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::files::FileStore;
use crate::store::{Backend, Db};

const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "helpdesk.db";
const PG_FILE: &str = "helpdesk.pgdump";
const FILES_DIR: &str = "attachments";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("attachments: {0}")]
    Files(#[from] crate::files::FileError),
    #[error("{what}: {error}")]
    Io { what: String, error: std::io::Error },
}

fn io(what: impl std::fmt::Display) -> impl FnOnce(std::io::Error) -> BackupError {
    let what = what.to_string();
    move |error| BackupError::Io { what, error }
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub backend: String,
    /// Unix seconds when the database snapshot was taken.
    pub taken_at: i64,
    pub tickets: i64,
    pub users: i64,
    pub attachments: usize,
    /// Attachments the snapshot names whose files were gone by the time they were copied.
    pub missing_attachments: Vec<String>,
    pub version: String,
}

/// Backs the configured portal up into `to`, which must not exist or be empty.
pub async fn backup(config: &Config, files: &FileStore, to: &Path) -> Result<Manifest, BackupError> {
    if std::fs::read_dir(to).map(|mut d| d.next().is_some()).unwrap_or(false) {
        return Err(BackupError::Refused(format!("{} is not empty: back up into a new directory", to.display())));
    }
    std::fs::create_dir_all(to.join(FILES_DIR)).map_err(io(to.display()))?;
    let db = Db::connect(&config.database_url(), 2).await?;
    let taken_at = time::OffsetDateTime::now_utc().unix_timestamp();
    match db.backend() {
        Backend::Sqlite => db.sqlite_snapshot_into(&to.join(SQLITE_FILE)).await?,
        Backend::Postgres => {
            let file = path_text(&to.join(PG_FILE));
            run("pg_dump", &["--format=custom", "--no-owner", "--file", &file, &config.database_url()]).await?
        }
    }
    // Read after the snapshot: every attachment it names is still named now (rows are only
    // added, or deleted with their files), and one added since is copied without harm.
    let referenced = db.attachment_keys().await?;
    let (tickets, users) = db.ticket_and_user_counts().await?;
    db.close().await;
    let mut missing = Vec::new();
    for key in &referenced {
        match files.copy_out(key, &to.join(FILES_DIR).join(key)).await {
            Ok(_) => {}
            Err(crate::files::FileError::NotFound) => missing.push(key.clone()),
            Err(e) => return Err(e.into()),
        }
    }
    let manifest = Manifest {
        format: 1,
        backend: backend_of(config).name().into(),
        taken_at,
        tickets,
        users,
        attachments: referenced.len() - missing.len(),
        missing_attachments: missing,
        version: env!("CARGO_PKG_VERSION").into(),
    };
    write_manifest(to, &manifest)?;
    Ok(manifest)
}

/// Restores the backup in `from` into the configured database and attachment store. Refuses
/// a database that holds tickets or people unless `replace` (the portal must be stopped).
pub async fn restore(config: &Config, files: &FileStore, from: &Path, replace: bool) -> Result<Manifest, BackupError> {
    let text = std::fs::read_to_string(from.join(MANIFEST))
        .map_err(|_| BackupError::Refused(format!("{} holds no {MANIFEST}: not a finished backup", from.display())))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| BackupError::Refused(format!("{MANIFEST}: {e}")))?;
    let backend = backend_of(config);
    if manifest.backend != backend.name() {
        return Err(BackupError::Refused(format!(
            "the backup is of a {} portal and this configuration names {}",
            manifest.backend,
            backend.name()
        )));
    }
    if let Some(in_use) = holds_data(config).await? {
        if !replace {
            return Err(BackupError::Refused(format!(
                "the database already holds {in_use}; stop the portal and pass --replace to overwrite it"
            )));
        }
    }
    match backend {
        Backend::Sqlite => restore_sqlite_file(config, &from.join(SQLITE_FILE))?,
        Backend::Postgres => {
            run(
                "pg_restore",
                &[
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                    &config.database_url(),
                    &path_text(&from.join(PG_FILE)),
                ],
            )
            .await?
        }
    }
    let dir = from.join(FILES_DIR);
    for entry in std::fs::read_dir(&dir).map_err(io(dir.display()))? {
        let entry = entry.map_err(io(dir.display()))?;
        if let Some(key) = entry.file_name().to_str() {
            files.import(key, &entry.path()).await?;
        }
    }
    Ok(manifest)
}

fn backend_of(config: &Config) -> Backend {
    Backend::of_url(&config.database_url())
}

/// "N tickets and M people" when the configured database has any; `None` when it is new.
async fn holds_data(config: &Config) -> Result<Option<String>, BackupError> {
    if backend_of(config) == Backend::Sqlite && !config.data_dir.join(SQLITE_FILE).exists() {
        return Ok(None);
    }
    let db = Db::connect(&config.database_url(), 1).await?;
    let counts = db.ticket_and_user_counts().await;
    db.close().await;
    match counts {
        Ok((0, 0)) => Ok(None),
        Ok((tickets, users)) => Ok(Some(format!("{tickets} tickets and {users} people"))),
        // No schema yet: a database created for the restore.
        Err(sqlx::Error::Database(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Puts the snapshot in place of the database file: copied beside it, synced, renamed over
/// it, and the old file's journal removed (it belongs to the file replaced).
fn restore_sqlite_file(config: &Config, snapshot: &Path) -> Result<(), BackupError> {
    let target = config.data_dir.join(SQLITE_FILE);
    std::fs::create_dir_all(&config.data_dir).map_err(io(config.data_dir.display()))?;
    let partial: PathBuf = config.data_dir.join(format!("{SQLITE_FILE}.restoring"));
    std::fs::copy(snapshot, &partial).map_err(io(snapshot.display()))?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io(partial.display()))?;
    for journal in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(config.data_dir.join(format!("{SQLITE_FILE}{journal}")));
    }
    std::fs::rename(&partial, &target).map_err(io(target.display()))
}

fn write_manifest(to: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let text = serde_json::to_string_pretty(manifest).expect("a manifest serialises");
    let partial = to.join(format!("{MANIFEST}.partial"));
    std::fs::write(&partial, text).map_err(io(partial.display()))?;
    std::fs::rename(&partial, to.join(MANIFEST)).map_err(io(to.display()))
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

/// Runs one of PostgreSQL's client programs; its complaint becomes the error.
async fn run(program: &str, args: &[&str]) -> Result<(), BackupError> {
    let output = tokio::process::Command::new(program).args(args).output().await.map_err(|e| {
        BackupError::Refused(format!("{program} could not be started ({e}): install postgresql-client"))
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::Refused(format!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim())))
    }
}
