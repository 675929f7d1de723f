//! Attachment bytes, outside anything the web server serves: on disk,
//! `<data_dir>/attachments/ab/<key>`, or in an S3-compatible bucket (`s3.rs`) when several
//! instances share them.
//!
//! A file being uploaded is written as it arrives to `attachments/incoming/` on this instance's
//! disk, so a request holds one chunk in memory, not the file, and it is checked (size, type)
//! before anything is kept. Once the request is accepted it is synced and renamed into place —
//! or streamed from there into the bucket — so a stored key always has whole content. An upload
//! that is refused is deleted.

use std::path::PathBuf;
use std::sync::Arc;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

mod s3;

pub use s3::S3Store;

/// The first bytes of a file, kept for recognising its type.
pub const HEAD_BYTES: usize = crate::domain::attachment::SNIFF_BYTES;

#[derive(Debug, Clone)]
pub struct FileStore {
    /// Where uploads are received, and on one machine kept.
    root: PathBuf,
    /// The bucket, when attachments are kept there.
    bucket: Option<Arc<S3Store>>,
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("no stored file by that key")]
    NotFound,
    /// The bucket cannot be reached or refuses: the request answers 503.
    #[error("the attachment store is out of reach: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A stored file, opened for streaming.
pub struct StoredFile {
    pub body: FileBody,
    pub size: u64,
}

pub enum FileBody {
    Disk(tokio::fs::File),
    Remote(BoxStream<'static, std::io::Result<bytes::Bytes>>),
}

impl FileBody {
    pub fn into_stream(self) -> BoxStream<'static, std::io::Result<bytes::Bytes>> {
        match self {
            FileBody::Disk(file) => tokio_util::io::ReaderStream::new(file).boxed(),
            FileBody::Remote(stream) => stream,
        }
    }

    /// The whole content (a picture for its thumbnail), refused past `limit` bytes.
    pub async fn read_to_end(self, limit: u64) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut stream = self.into_stream();
        while let Some(chunk) = stream.try_next().await? {
            if (out.len() + chunk.len()) as u64 > limit {
                return Err(std::io::Error::other("the file is larger than it may be"));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

/// Our keys: random, URL-safe, never a path.
pub(crate) fn valid_key(key: &str) -> bool {
    key.len() >= 8 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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
    /// Attachments in `root` on this machine.
    pub fn new(root: PathBuf) -> Self {
        FileStore { root, bucket: None }
    }

    /// Attachments in a bucket; uploads are still received in `root`.
    pub fn in_bucket(root: PathBuf, bucket: S3Store) -> Self {
        FileStore { root, bucket: Some(Arc::new(bucket)) }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        valid_key(key).then(|| self.root.join(&key[..2]).join(key))
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

    /// Makes a received file the content of `key`: synced to disk and renamed into place, or
    /// streamed into the bucket (the received file is deleted then).
    pub async fn keep(&self, mut incoming: IncomingFile, key: &str) -> Result<(), FileError> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        incoming.file.flush().await?;
        if let Some(bucket) = &self.bucket {
            let file = tokio::fs::File::open(&incoming.path).await?;
            return bucket.put(key, file, incoming.size).await;
        }
        incoming.file.sync_all().await?;
        tokio::fs::create_dir_all(path.parent().expect("keyed path has a parent")).await?;
        tokio::fs::rename(&incoming.path, &path).await?;
        incoming.kept = true;
        Ok(())
    }

    /// Deletes a stored file whose database row was never written, without waiting for the
    /// bucket; one it cannot delete now, the orphan sweep will.
    pub fn remove(&self, key: &str) {
        if let Some(bucket) = &self.bucket {
            let (bucket, key) = (bucket.clone(), key.to_string());
            tokio::spawn(async move {
                if let Err(e) = bucket.delete(&key).await {
                    tracing::warn!(error = %e, "removing an attachment nobody refers to; the sweep will");
                }
            });
            return;
        }
        if let Some(path) = self.path_of(key) {
            if let Err(e) = std::fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(error = %e, "removing an attachment nobody refers to");
                }
            }
        }
    }

    /// Deletes a stored file now (the orphan sweep); a missing file is fine.
    pub async fn delete(&self, key: &str) -> Result<(), FileError> {
        match &self.bucket {
            Some(bucket) => bucket.delete(key).await,
            None => {
                self.remove(key);
                Ok(())
            }
        }
    }

    /// Stored files last written more than `age` ago. On disk the incoming directory is not
    /// among them (its names are longer than the two-letter key directories).
    pub async fn stored_older_than(&self, age: std::time::Duration) -> Result<Vec<String>, FileError> {
        if let Some(bucket) = &self.bucket {
            let before = time::OffsetDateTime::now_utc().unix_timestamp() - age.as_secs() as i64;
            return bucket.keys_written_before(before).await;
        }
        let mut keys = Vec::new();
        let mut dirs = match tokio::fs::read_dir(&self.root).await {
            Ok(dirs) => dirs,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
            Err(e) => return Err(e.into()),
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
    pub async fn open(&self, key: &str) -> Result<StoredFile, FileError> {
        let path = self.path_of(key).ok_or(FileError::NotFound)?;
        if let Some(bucket) = &self.bucket {
            return bucket.get(key).await;
        }
        let file = match tokio::fs::File::open(path).await {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(FileError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let size = file.metadata().await?.len();
        Ok(StoredFile { body: FileBody::Disk(file), size })
    }

    /// Writes the stored file to `dest` (a backup); its size.
    pub async fn copy_out(&self, key: &str, dest: &std::path::Path) -> Result<u64, FileError> {
        let stored = self.open(key).await?;
        let mut out = tokio::fs::File::create(dest).await?;
        let mut stream = stored.body.into_stream();
        let mut written = 0;
        while let Some(chunk) = stream.try_next().await? {
            out.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        out.sync_all().await?;
        Ok(written)
    }

    /// Makes the file at `src` the content of `key` (a restore): copied beside its place and
    /// renamed into it, or put into the bucket.
    pub async fn import(&self, key: &str, src: &std::path::Path) -> Result<(), FileError> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        if let Some(bucket) = &self.bucket {
            let file = tokio::fs::File::open(src).await?;
            let size = file.metadata().await?.len();
            return bucket.put(key, file, size).await;
        }
        tokio::fs::create_dir_all(path.parent().expect("keyed path has a parent")).await?;
        let partial = path.with_extension("restoring");
        tokio::fs::copy(src, &partial).await?;
        tokio::fs::File::open(&partial).await?.sync_all().await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(())
    }

    /// Creates the bucket when it is not there (tests, a first set-up); nothing on disk.
    pub async fn prepare(&self) -> Result<(), FileError> {
        match &self.bucket {
            Some(bucket) => bucket.create_bucket().await,
            None => Ok(()),
        }
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
        let stored = store.open("abcdefgh12").await.unwrap();
        assert_eq!(stored.size, 5009);
        assert_eq!(stored.body.read_to_end(10_000).await.unwrap().len(), 5009);

        let mut refused = store.receive().await.unwrap();
        refused.write(b"too big").await.unwrap();
        drop(refused);
        let left = std::fs::read_dir(dir.path().join("incoming")).unwrap().count();
        assert_eq!(left, 0, "a refused upload leaves nothing behind");
        assert!(store.open("../etc/passwd").await.is_err());
    }
}
