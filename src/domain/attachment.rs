//! Attachment rules that need no I/O: safe file names and the content type read from the bytes.

/// A name that is safe in a `Content-Disposition` header and on any file system: no path,
/// no control characters, no characters Windows refuses, at most 200 characters.
pub fn sanitize_file_name(input: &str) -> String {
    let base = input.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !super::name::is_hidden_format_char(*c))
        .map(|c| if "\"*:<>?|".contains(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.').trim();
    let mut name: String = trimmed.chars().take(200).collect();
    if name.is_empty() {
        name = "file".to_string();
    }
    name
}

/// How much of a file's start [`sniff_content_type`] looks at.
pub const SNIFF_BYTES: usize = 4096;

/// The content type from the first bytes, never from what the client claimed.
/// What a file icon says: the name's extension in capitals («PDF», «DOCX»), «FILE» without one.
pub fn kind_label(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && (1..=5).contains(&ext.chars().count()) && ext.chars().all(char::is_alphanumeric) =>
        {
            ext.to_uppercase()
        }
        _ => "FILE".into(),
    }
}

pub fn sniff_content_type(bytes: &[u8]) -> &'static str {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
        (b"Rar!\x1a\x07", "application/vnd.rar"),
        (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return kind;
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return "image/webp";
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A multi-byte character cut at the 4 KiB boundary is still text.
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    if text && !head.contains(&0) {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the real name.
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii() && c != '"' && c != '\\' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in file_name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => encoded.push(b as char),
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_icon_says_its_kind() {
        assert_eq!(kind_label("договор.pdf"), "PDF");
        assert_eq!(kind_label("Выписка.Docx"), "DOCX");
        assert_eq!(kind_label("журнал"), "FILE");
        assert_eq!(kind_label(".bashrc"), "FILE");
        assert_eq!(kind_label("архив.tar.gz"), "GZ");
        assert_eq!(kind_label("x.очень-длинное"), "FILE");
    }

    #[test]
    fn file_names_lose_paths_and_dangerous_characters() {
        assert_eq!(sanitize_file_name("C:\\Users\\ivan\\скан.pdf"), "скан.pdf");
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(sanitize_file_name("what?.txt"), "what_.txt");
        assert_eq!(sanitize_file_name("..."), "file");
        assert_eq!(sanitize_file_name(""), "file");
        assert_eq!(sanitize_file_name(&"я".repeat(300)).chars().count(), 200);
    }

    #[test]
    fn file_names_lose_what_would_make_them_read_backwards() {
        assert_eq!(sanitize_file_name("счёт\u{202E}fdp.exe"), "счётfdp.exe");
        assert_eq!(sanitize_file_name("\u{2066}scan\u{2069}\u{200E}.pdf\u{200F}"), "scan.pdf");
        assert_eq!(sanitize_file_name("\u{202E}"), "file");
    }

    #[test]
    fn content_types_come_from_the_bytes() {
        assert_eq!(sniff_content_type(b"%PDF-1.7 ..."), "application/pdf");
        assert_eq!(sniff_content_type(b"\x89PNG\r\n\x1a\n...."), "image/png");
        assert_eq!(sniff_content_type(b"\xff\xd8\xff\xe0"), "image/jpeg");
        assert_eq!(sniff_content_type(b"PK\x03\x04docx"), "application/zip");
        assert_eq!(sniff_content_type("Журнал ошибок".as_bytes()), "text/plain; charset=utf-8");
        assert_eq!(
            sniff_content_type(b"<html><script>alert(1)</script>"),
            "text/plain; charset=utf-8",
            "HTML is served as text"
        );
        assert_eq!(sniff_content_type(b"MZ\x90\x00\x03\x00"), "application/octet-stream");
        let mut cut = "ж".repeat(2048).into_bytes();
        cut.truncate(4097);
        assert_eq!(sniff_content_type(&cut), "text/plain; charset=utf-8");
    }

    #[test]
    fn disposition_always_downloads() {
        let d = content_disposition("отчёт \"1\".pdf");
        assert!(d.starts_with("attachment; filename=\""), "{d}");
        assert!(d.contains("filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%221%22.pdf"), "{d}");
        assert!(!d[..d.find("filename*").unwrap()].contains('\u{451}'));
    }
}
