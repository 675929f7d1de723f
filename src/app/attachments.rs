//! Files attached to messages: checked, stored outside any served directory, downloaded only by
//! those who may see the message.

use super::auth::CurrentUser;
use super::{crypto, App, AppError, AppResult};
use crate::domain::attachment::{sanitize_file_name, sniff_content_type};
use crate::domain::ticket::TicketNumber;
use crate::domain::FieldError;
use crate::files::IncomingFile;
use crate::store::tickets::NewAttachment;

/// A file as received (already on disk, see `files::IncomingFile`), before any check.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    pub file: IncomingFile,
}

/// What a download sends: the file, opened for streaming.
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub body: crate::files::FileBody,
    pub size: u64,
}

/// Files stored for a message whose rows are not written yet: deleted when this is dropped
/// without [`KeptFiles::commit`] (a refused reply, a database error), so they never stay on
/// disk unreferenced. A crash in between is what [`App::purge_orphan_files`] is for.
#[must_use = "commit once the rows are written, or the files are deleted"]
pub struct KeptFiles {
    files: crate::files::FileStore,
    keys: Vec<String>,
}

impl KeptFiles {
    /// The rows that refer to the files are committed: they stay.
    pub fn commit(mut self) {
        self.keys.clear();
    }
}

impl Drop for KeptFiles {
    fn drop(&mut self) {
        for key in &self.keys {
            self.files.remove(key);
        }
    }
}

impl App {
    /// Checks the limits, names and types, and writes the files; the rows are written by the
    /// caller's transaction, which then commits the files (see [`KeptFiles`]).
    pub(crate) async fn store_uploads(&self, uploads: Vec<Upload>) -> AppResult<(Vec<NewAttachment>, KeptFiles)> {
        if uploads.len() > self.config.attachments_per_message {
            return Err(FieldError::with_limit("files", "too_many_files", self.config.attachments_per_message).into());
        }
        let mut stored = Vec::with_capacity(uploads.len());
        let mut kept = KeptFiles { files: self.files.clone(), keys: Vec::with_capacity(uploads.len()) };
        for upload in &uploads {
            if upload.file.size() > self.config.attachment_max_bytes {
                return Err(AppError::PayloadTooLarge { max_bytes: self.config.attachment_max_bytes });
            }
            if upload.file.size() == 0 {
                return Err(FieldError::new("files", "empty_file").into());
            }
        }
        for upload in uploads {
            let key = crypto::random_id();
            stored.push(NewAttachment {
                id: crypto::random_id(),
                file_name: sanitize_file_name(&upload.file_name),
                size: upload.file.size() as i64,
                content_type: sniff_content_type(upload.file.head()).to_string(),
                sha256: upload.file.sha256_hex(),
                storage_key: key.clone(),
            });
            // Pushed first: a file the store half took is removed with the others.
            kept.keys.push(key.clone());
            self.files.keep(upload.file, &key).await?;
        }
        Ok((stored, kept))
    }

    /// Deletes stored files that no attachment refers to, written more than `age` ago: what a
    /// crash between storing a file and committing its row leaves behind. Returns how many.
    pub async fn purge_orphan_files(&self, age: std::time::Duration) -> AppResult<u64> {
        let keys = self.files.stored_older_than(age).await?;
        let mut removed = 0;
        for batch in keys.chunks(500) {
            let known = self.db.known_storage_keys(batch).await?;
            for key in batch.iter().filter(|k| !known.contains(*k)) {
                self.files.delete(key).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The file, when the caller may see its message: staff of the ticket's group (internal notes
    /// included), or the customers who see the ticket (public messages only). Otherwise 404.
    pub async fn download(&self, current: &CurrentUser, id: &str) -> AppResult<Download> {
        let found = self.db.stored_attachment(id).await?.ok_or(AppError::NotFound)?;
        let number = TicketNumber::parse(&found.ticket_number).map_err(|_| AppError::NotFound)?;
        let visible = if current.is_staff() {
            self.staff_ticket(current, number).await.is_ok()
        } else {
            !found.internal && self.db.customer_ticket(current.user.id, &found.ticket_number).await?.is_some()
        };
        if !visible {
            return Err(AppError::NotFound);
        }
        let stored = self.files.open(&found.storage_key).await?;
        Ok(Download {
            file_name: found.file_name,
            content_type: found.content_type,
            body: stored.body,
            size: stored.size,
        })
    }
}
