//! Attachment bytes on disk, outside anything the web server serves: `<data_dir>/attachments/ab/<key>`.
//!
//! A file being uploaded is written as it arrives to `attachments/incoming/`, so a request holds
//! one chunk in memory, not the file; once the request is accepted it is synced and renamed
//! into place, so a stored key always has whole content. An upload that is refused is deleted.

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// The first bytes of a file, kept for recognising its type.
pub const HEAD_BYTES: usize = crate::domain::attachment::SNIFF_BYTES;

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// A file being received. Deleted when dropped, unless the store kept it.
#[derive(Debug)]
pub struct IncomingFile {
    path: PathBuf,
    file: tokio::fs::File,
    size: u64,
    digest: Sha256,
    head: Vec<u8>,
    kept: bool,
}

impl IncomingFile {
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.file.write_all(chunk).await?;
        self.digest.update(chunk);
        let room = HEAD_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&chunk[..chunk.len().min(room)]);
        self.size += chunk.len() as u64;
        Ok(())
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Up to [`HEAD_BYTES`] from the start.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// The whole file, when it is no larger than `limit` (small uploads such as a registry CSV).
    pub async fn contents(&mut self, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        if self.size > limit {
            return Ok(None);
        }
        self.file.flush().await?;
        tokio::fs::read(&self.path).await.map(Some)
    }

    pub fn sha256_hex(&self) -> String {
        self.digest.clone().finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Drop for IncomingFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl FileStore {
    pub fn new(root: PathBuf) -> Self {
        FileStore { root }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        let valid = key.len() >= 8 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| self.root.join(&key[..2]).join(key))
    }

    /// Where uploads are received; its name is longer than the two-letter key directories.
    fn incoming_dir(&self) -> PathBuf {
        self.root.join("incoming")
    }

    /// Starts receiving a file.
    pub async fn receive(&self) -> std::io::Result<IncomingFile> {
        let dir = self.incoming_dir();
        tokio::fs::create_dir_all(&dir).await?;
        let path = dir.join(format!("{}.part", crate::app::crypto::random_id()));
        let file = tokio::fs::File::create(&path).await?;
        Ok(IncomingFile { path, file, size: 0, digest: Sha256::new(), head: Vec::new(), kept: false })
    }

    /// Makes a received file the content of `key`: synced to disk, then renamed into place.
    pub async fn keep(&self, mut incoming: IncomingFile, key: &str) -> std::io::Result<()> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        incoming.file.flush().await?;
        incoming.file.sync_all().await?;
        tokio::fs::create_dir_all(path.parent().expect("keyed path has a parent")).await?;
        tokio::fs::rename(&incoming.path, &path).await?;
        incoming.kept = true;
        Ok(())
    }

    /// Deletes a stored file (whose database row was never written); a missing file is fine.
    pub fn remove(&self, key: &str) {
        if let Some(path) = self.path_of(key) {
            if let Err(e) = std::fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(error = %e, "removing an attachment nobody refers to");
                }
            }
        }
    }

    /// Stored files last written more than `age` ago: (key, path). The incoming directory is
    /// not among them (its names are longer than the two-letter key directories).
    pub async fn stored_older_than(&self, age: std::time::Duration) -> std::io::Result<Vec<String>> {
        let mut keys = Vec::new();
        let mut dirs = match tokio::fs::read_dir(&self.root).await {
            Ok(dirs) => dirs,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
            Err(e) => return Err(e),
        };
        while let Some(dir) = dirs.next_entry().await? {
            if dir.file_name().len() != 2 || !dir.file_type().await?.is_dir() {
                continue;
            }
            let mut files = tokio::fs::read_dir(dir.path()).await?;
            while let Some(file) = files.next_entry().await? {
                let modified = file.metadata().await?.modified()?;
                if modified.elapsed().unwrap_or_default() > age {
                    if let Some(key) = file.file_name().to_str().filter(|k| self.path_of(k).is_some()) {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        Ok(keys)
    }

    /// The stored file, opened for streaming, and its size.
    pub async fn open(&self, key: &str) -> std::io::Result<(tokio::fs::File, u64)> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        let file = tokio::fs::File::open(path).await?;
        let size = file.metadata().await?.len();
        Ok((file, size))
    }

    /// Removes uploads left behind by a crash mid-request, older than `age`.
    pub async fn purge_incoming(&self, age: std::time::Duration) -> std::io::Result<u64> {
        let mut removed = 0;
        let mut entries = match tokio::fs::read_dir(self.incoming_dir()).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        while let Some(entry) = entries.next_entry().await? {
            let modified = entry.metadata().await?.modified()?;
            if modified.elapsed().unwrap_or_default() > age {
                tokio::fs::remove_file(entry.path()).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_kept_file_is_whole_and_a_dropped_one_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().to_path_buf());
        let mut incoming = store.receive().await.unwrap();
        incoming.write(b"%PDF-1.7 ").await.unwrap();
        incoming.write(&vec![b'x'; 5000]).await.unwrap();
        assert_eq!(incoming.size(), 5009);
        assert_eq!(incoming.head().len(), HEAD_BYTES);
        assert!(incoming.head().starts_with(b"%PDF-"));
        let expected: String = Sha256::digest([b"%PDF-1.7 ".as_slice(), &[b'x'; 5000]].concat())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(incoming.sha256_hex(), expected);
        store.keep(incoming, "abcdefgh12").await.unwrap();
        let (_, size) = store.open("abcdefgh12").await.unwrap();
        assert_eq!(size, 5009);

        let mut refused = store.receive().await.unwrap();
        refused.write(b"too big").await.unwrap();
        drop(refused);
        let left = std::fs::read_dir(dir.path().join("incoming")).unwrap().count();
        assert_eq!(left, 0, "a refused upload leaves nothing behind");
        assert!(store.open("../etc/passwd").await.is_err());
    }
}
