//! The development transport: SMS become JSON lines in `<data_dir>/sms-outbox.jsonl`.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use tokio::sync::Mutex;

use super::{BoxFuture, SendError, SmsMessage, SmsTransport};

pub struct FileTransport {
    path: PathBuf,
    /// Keys already in the file, loaded on first use, so a message whose delivery was
    /// interrupted after the write (a crash before it was marked sent) is not written twice.
    written: Mutex<Option<HashSet<String>>>,
}

impl FileTransport {
    pub fn new(path: PathBuf) -> Self {
        FileTransport { path, written: Mutex::new(None) }
    }

    fn load_keys(&self) -> std::io::Result<HashSet<String>> {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
            Err(e) => return Err(e),
        };
        let mut keys = HashSet::new();
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
                if let Some(key) = value.get("id").and_then(|v| v.as_str()) {
                    keys.insert(key.to_string());
                }
            }
        }
        Ok(keys)
    }
}

impl SmsTransport for FileTransport {
    fn name(&self) -> &'static str {
        "file"
    }

    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let mut guard = self.written.lock().await;
            if guard.is_none() {
                *guard = Some(self.load_keys().map_err(|e| SendError::Temporary(e.to_string()))?);
            }
            let written = guard.as_mut().expect("loaded above");
            if written.contains(&message.idempotency_key) {
                return Ok(());
            }
            let created_at =
                message.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
            let line = serde_json::json!({
                "to": message.to,
                "purpose": message.purpose,
                "text": message.text,
                "created_at": created_at,
                "id": message.idempotency_key,
            });
            let path = self.path.clone();
            let bytes = format!("{line}\n");
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path)?;
                file.write_all(bytes.as_bytes())
            })
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?
            .map_err(|e| SendError::Temporary(e.to_string()))?;
            written.insert(message.idempotency_key.clone());
            tracing::info!(to = %mask_phone(&message.to), purpose = %message.purpose, text = %message.masked_text, "sms written to the outbox file");
            Ok(())
        })
    }

    /// One fsync for the batch the worker has written.
    fn flush(&self) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            let _guard = self.written.lock().await;
            let path = self.path.clone();
            tokio::task::spawn_blocking(move || sync(&path))
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?
                .map_err(|e| SendError::Temporary(e.to_string()))
        })
    }
}

fn sync(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::File::open(path) {
        Ok(file) => file.sync_data(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// `+375291234567` → `+37529*****67` for logs.
pub fn mask_phone(e164: &str) -> String {
    if e164.len() < 8 {
        return "***".into();
    }
    let (head, tail) = e164.split_at(e164.len() - 2);
    format!("{}{}{}", &head[..6.min(head.len())], "*".repeat(head.len().saturating_sub(6)), tail)
}
