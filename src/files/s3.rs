//! Attachments in an S3-compatible bucket: each request signed here (rusty-s3, sans-IO) and
//! sent with the portal's reqwest, uploads streamed from the received file on disk and
//! downloads streamed to the client, so no file is ever whole in memory. The bucket stays
//! private; everything passes through the portal's permission checks.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use rusty_s3::actions::ListObjectsV2;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

use super::{FileBody, FileError, StoredFile};
use crate::config::S3Config;

/// How long a signed request stays valid: long enough to send a large file.
const SIGNED_FOR: Duration = Duration::from_secs(600);

#[derive(Debug)]
pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    http: reqwest::Client,
}

fn unavailable(e: impl std::fmt::Display) -> FileError {
    FileError::Unavailable(e.to_string())
}

/// What the bucket answered, when it was not what was asked for.
async fn refused(what: &str, r: reqwest::Response) -> FileError {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    let text: String = text.chars().take(300).collect();
    FileError::Unavailable(format!("{what}: {status} {text}"))
}

impl S3Store {
    pub fn new(config: &S3Config) -> Result<S3Store, String> {
        if config.endpoint.trim().is_empty() || config.bucket.trim().is_empty() {
            return Err("HELPDESK_S3_ENDPOINT and HELPDESK_S3_BUCKET are required for the s3 store".into());
        }
        let endpoint = config.endpoint.trim().parse().map_err(|e| format!("HELPDESK_S3_ENDPOINT: {e}"))?;
        let style = if config.path_style { UrlStyle::Path } else { UrlStyle::VirtualHost };
        let bucket = Bucket::new(endpoint, style, config.bucket.trim().to_string(), config.region.trim().to_string())
            .map_err(|e| format!("HELPDESK_S3_ENDPOINT: {e}"))?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(config.timeout_seconds.max(1)))
            .build()
            .map_err(|e| format!("an HTTP client for the bucket: {e}"))?;
        Ok(S3Store {
            bucket,
            credentials: Credentials::new(config.access_key.clone(), config.secret_key.clone()),
            prefix: config.prefix.clone(),
            http,
        })
    }

    fn object(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Sends a file of `size` bytes from disk as the object of `key`.
    pub async fn put(&self, key: &str, file: tokio::fs::File, size: u64) -> Result<(), FileError> {
        let url = self.bucket.put_object(Some(&self.credentials), &self.object(key)).sign(SIGNED_FOR);
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
        let r = self
            .http
            .put(url)
            .header(reqwest::header::CONTENT_LENGTH, size)
            .body(body)
            .send()
            .await
            .map_err(unavailable)?;
        if !r.status().is_success() {
            return Err(refused("storing an attachment", r).await);
        }
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<StoredFile, FileError> {
        let url = self.bucket.get_object(Some(&self.credentials), &self.object(key)).sign(SIGNED_FOR);
        let r = self.http.get(url).send().await.map_err(unavailable)?;
        if r.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(FileError::NotFound);
        }
        if !r.status().is_success() {
            return Err(refused("reading an attachment", r).await);
        }
        let size = r.content_length().unwrap_or(0);
        let stream = r.bytes_stream().map_err(std::io::Error::other).boxed();
        Ok(StoredFile { body: FileBody::Remote(stream), size })
    }

    pub async fn delete(&self, key: &str) -> Result<(), FileError> {
        let url = self.bucket.delete_object(Some(&self.credentials), &self.object(key)).sign(SIGNED_FOR);
        let r = self.http.delete(url).send().await.map_err(unavailable)?;
        // S3 answers 204 whether the object was there or not.
        if !r.status().is_success() && r.status() != reqwest::StatusCode::NOT_FOUND {
            return Err(refused("deleting an attachment", r).await);
        }
        Ok(())
    }

    /// Keys of the objects under the prefix last written at or before `before` (Unix seconds).
    pub async fn keys_written_before(&self, before: i64) -> Result<Vec<String>, FileError> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut list = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            list.with_prefix(self.prefix.as_str());
            if let Some(t) = &token {
                list.with_continuation_token(t.as_str());
            }
            let r = self.http.get(list.sign(SIGNED_FOR)).send().await.map_err(unavailable)?;
            if !r.status().is_success() {
                return Err(refused("listing attachments", r).await);
            }
            let text = r.bytes().await.map_err(unavailable)?;
            let page = ListObjectsV2::parse_response(&text).map_err(unavailable)?;
            for object in page.contents {
                let written =
                    time::OffsetDateTime::parse(&object.last_modified, &time::format_description::well_known::Rfc3339)
                        .map(|t| t.unix_timestamp())
                        .unwrap_or(i64::MAX);
                if let Some(key) = object.key.strip_prefix(self.prefix.as_str()) {
                    if written <= before && super::valid_key(key) {
                        keys.push(key.to_string());
                    }
                }
            }
            match page.next_continuation_token {
                Some(t) => token = Some(t),
                None => return Ok(keys),
            }
        }
    }

    /// Creates the bucket (tests and first set-ups; an existing one is fine).
    pub async fn create_bucket(&self) -> Result<(), FileError> {
        let url = self.bucket.create_bucket(&self.credentials).sign(SIGNED_FOR);
        let r = self.http.put(url).header(reqwest::header::CONTENT_LENGTH, 0).send().await.map_err(unavailable)?;
        if !r.status().is_success() && r.status() != reqwest::StatusCode::CONFLICT {
            return Err(refused("creating the bucket", r).await);
        }
        Ok(())
    }
}
