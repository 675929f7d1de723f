//! Small previews of attached pictures, made on the server (issue 11): the same permission as
//! the download, a cap on what is decoded, at most two decodings at a time.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use super::auth::CurrentUser;
use super::{App, AppError, AppResult};

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 240;
/// Pictures larger than this on either side are not decoded (a «decompression bomb» is
/// refused before it takes memory).
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// Which attachments get a thumbnail: the picture types we sniff.
pub fn is_picture(content_type: &str) -> bool {
    matches!(content_type, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

/// A PNG of at most [`THUMBNAIL_SIDE`] on its longest side, keeping the proportions.
pub fn thumbnail_png(bytes: &[u8]) -> Result<Vec<u8>, image::ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let picture = reader.decode()?;
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let mut out = Cursor::new(Vec::new());
    small.write_to(&mut out, ImageFormat::Png)?;
    Ok(out.into_inner())
}

impl App {
    /// The thumbnail of a picture the caller may download; 404 for anything else.
    pub async fn thumbnail(&self, current: &CurrentUser, id: &str) -> AppResult<Vec<u8>> {
        let download = self.download(current, id).await?;
        if !is_picture(&download.content_type) {
            return Err(AppError::NotFound);
        }
        let limit = download.size.max(self.config.attachment_max_bytes);
        let bytes =
            download.body.read_to_end(limit).await.map_err(|e| AppError::Internal(format!("reading a file: {e}")))?;
        let _turn = self.thumbnail_turns.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
        let made = tokio::task::spawn_blocking(move || thumbnail_png(&bytes))
            .await
            .map_err(|e| AppError::Internal(format!("thumbnail task: {e}")))?;
        // A file that only looks like a picture, or one too large to decode: no thumbnail.
        made.map_err(|_| AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_thumbnail_keeps_the_proportions_within_the_side() {
        let small = image::load_from_memory(&thumbnail_png(&png(1200, 600)).unwrap()).unwrap();
        assert_eq!((small.width(), small.height()), (THUMBNAIL_SIDE, THUMBNAIL_SIDE / 2));
        let tall = image::load_from_memory(&thumbnail_png(&png(100, 400)).unwrap()).unwrap();
        assert_eq!((tall.width(), tall.height()), (60, THUMBNAIL_SIDE));
    }

    #[test]
    fn what_is_no_picture_or_too_large_gets_none() {
        assert!(thumbnail_png(b"%PDF-1.7 not a picture").is_err());
        assert!(thumbnail_png(&png(MAX_SIDE + 1, 1)).is_err(), "past the side limit, nothing is decoded");
        assert!(is_picture("image/webp") && !is_picture("application/pdf") && !is_picture("image/svg+xml"));
    }
}
