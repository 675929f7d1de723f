//! The default texts of the documents people accept at registration, published as version 1.

use crate::store::consents::DocumentText;
use crate::store::{Db, StoreResult};

/// (language, title, text)
type Translation = (&'static str, &'static str, &'static str);

const DOCUMENTS: &[(&str, i64, [Translation; 3])] = &[
    (
        "personal_data",
        1,
        [
            (
                "ru",
                "Согласие на обработку персональных данных",
                include_str!("../../content/documents/personal_data.v1.ru.txt"),
            ),
            (
                "be",
                "Згода на апрацоўку персанальных даных",
                include_str!("../../content/documents/personal_data.v1.be.txt"),
            ),
            (
                "en",
                "Consent to the processing of personal data",
                include_str!("../../content/documents/personal_data.v1.en.txt"),
            ),
        ],
    ),
    (
        "terms_of_use",
        1,
        [
            ("ru", "Порядок использования Системы", include_str!("../../content/documents/terms_of_use.v1.ru.txt")),
            ("be", "Парадак выкарыстання Сістэмы", include_str!("../../content/documents/terms_of_use.v1.be.txt")),
            ("en", "Rules of use of the System", include_str!("../../content/documents/terms_of_use.v1.en.txt")),
        ],
    ),
];

/// Publishes the built-in versions that the database does not have yet.
pub async fn publish_defaults(db: &Db, now: i64) -> StoreResult<()> {
    for (kind, version, texts) in DOCUMENTS {
        let texts: Vec<DocumentText> = texts
            .iter()
            .map(|(lang, title, body)| DocumentText { lang, title: title.to_string(), body: body.to_string() })
            .collect();
        db.ensure_document(kind, *version, &texts, now).await?;
    }
    Ok(())
}
