//! Attachment bytes on disk, outside anything the web server serves: `<data_dir>/attachments/ab/<key>`.
//! Written to a temporary name, synced, then renamed, so a stored key always has whole content.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: PathBuf) -> Self {
        FileStore { root }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        let valid = key.len() >= 8 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| self.root.join(&key[..2]).join(key))
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        tokio::task::spawn_blocking(move || {
            let dir = path.parent().expect("keyed path has a parent");
            std::fs::create_dir_all(dir)?;
            let tmp = path.with_extension("part");
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)
        })
        .await
        .map_err(std::io::Error::other)?
    }

    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        let path = self.path_of(key).ok_or_else(|| std::io::Error::other("invalid storage key"))?;
        tokio::fs::read(path).await
    }
}
