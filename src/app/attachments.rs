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
    pub file: tokio::fs::File,
    pub size: u64,
}

impl App {
    /// Checks the limits, names and types, and writes the files; the rows are written by the
    /// caller's transaction. Files of a request that fails later stay unreferenced on disk.
    pub(crate) async fn store_uploads(&self, uploads: Vec<Upload>) -> AppResult<Vec<NewAttachment>> {
        if uploads.len() > self.config.attachments_per_message {
            return Err(FieldError::new("files", "too_many_files").into());
        }
        let mut stored = Vec::with_capacity(uploads.len());
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
            self.files.keep(upload.file, &key).await.map_err(|e| AppError::Internal(format!("storing a file: {e}")))?;
        }
        Ok(stored)
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
        let (file, size) = self
            .files
            .open(&found.storage_key)
            .await
            .map_err(|e| AppError::Internal(format!("reading a file: {e}")))?;
        Ok(Download { file_name: found.file_name, content_type: found.content_type, file, size })
    }
}
