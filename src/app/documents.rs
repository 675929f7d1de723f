//! The documents people accept at registration: their built-in texts, published as versions 1
//! and 2, and how a version's text becomes what a page shows. A text is a template the operator's
//! settings fill in (`{operator_name}`, …), so the consent names who the person gives it to.

use crate::config::OperatorConfig;
use crate::domain::template::{render, Placeholder};
use crate::i18n::Lang;
use crate::store::consents::DocumentText;
use crate::store::{Db, StoreResult};

/// What a document's text may use; each comes from `[operator]`.
pub const PLACEHOLDERS: [Placeholder; 7] = [
    Placeholder { name: "operator_name", required: false },
    Placeholder { name: "operator_address", required: false },
    Placeholder { name: "operator_postal_address", required: false },
    Placeholder { name: "operator_phone", required: false },
    Placeholder { name: "operator_email", required: false },
    Placeholder { name: "support_hours", required: false },
    Placeholder { name: "processors", required: false },
];

/// A piece of a document as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `## 1. Цели обработки`
    Heading(String),
    Paragraph(String),
    /// Lines starting with «- », one after another.
    List(Vec<String>),
}

/// A version's text, filled with the operator's details in `lang` and cut into blocks:
/// paragraphs are separated by an empty line.
pub fn blocks(body: &str, operator: &OperatorConfig, lang: Lang) -> Vec<Block> {
    let values = operator.placeholders(lang);
    let filled = render(body, &values);
    filled
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if let Some(heading) = p.strip_prefix("## ") {
                Block::Heading(heading.trim().to_string())
            } else if p.lines().all(|l| l.trim_start().starts_with("- ")) {
                Block::List(p.lines().map(|l| l.trim_start()[2..].trim().to_string()).collect())
            } else {
                // A line break inside a paragraph is a space; non-breaking spaces stay.
                Block::Paragraph(p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
            }
        })
        .collect()
}

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
    (
        "personal_data",
        2,
        [
            (
                "ru",
                "Согласие на обработку персональных данных",
                include_str!("../../content/documents/personal_data.v2.ru.txt"),
            ),
            (
                "be",
                "Згода на апрацоўку персанальных даных",
                include_str!("../../content/documents/personal_data.v2.be.txt"),
            ),
            (
                "en",
                "Consent to the processing of personal data",
                include_str!("../../content/documents/personal_data.v2.en.txt"),
            ),
        ],
    ),
    (
        "terms_of_use",
        2,
        [
            ("ru", "Порядок использования Системы", include_str!("../../content/documents/terms_of_use.v2.ru.txt")),
            ("be", "Парадак выкарыстання Сістэмы", include_str!("../../content/documents/terms_of_use.v2.be.txt")),
            ("en", "Terms of use", include_str!("../../content/documents/terms_of_use.v2.en.txt")),
        ],
    ),
];

/// Publishes the built-in versions newer than any the database has. A new database gets only
/// the newest (nobody ever accepted the older ones there); one that has version 1 gets 2; one
/// where an administrator already published their own newer texts keeps them.
pub async fn publish_defaults(db: &Db, now: i64) -> StoreResult<()> {
    for (kind, version, texts) in DOCUMENTS {
        let newest = DOCUMENTS.iter().filter(|(k, _, _)| k == kind).map(|(_, v, _)| *v).max().unwrap_or(*version);
        let due = match db.current_version(kind).await? {
            None => *version == newest,
            Some(have) => *version > have,
        };
        if !due {
            continue;
        }
        let texts: Vec<DocumentText> = texts
            .iter()
            .map(|(lang, title, body)| DocumentText { lang, title: title.to_string(), body: body.to_string() })
            .collect();
        db.ensure_document(kind, *version, &texts, now).await?;
    }
    Ok(())
}

impl super::App {
    /// How to reach the operator, in `lang`.
    pub fn contacts(&self, lang: Lang) -> Contacts {
        Contacts::of(&self.config.operator, lang)
    }

    /// A version's text as a page shows it, with the operator's details put in.
    pub fn document_blocks(&self, body: &str, lang: Lang) -> Vec<Block> {
        blocks(body, &self.config.operator, lang)
    }
}

/// How to reach the operator, as the footer and the «account blocked» message give it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contacts {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub hours: String,
}

impl Contacts {
    pub fn of(operator: &OperatorConfig, lang: Lang) -> Self {
        Contacts {
            name: operator.name(lang).to_string(),
            phone: operator.phone.clone(),
            email: operator.email.clone(),
            hours: operator.hours(lang).to_string(),
        }
    }

    /// `tel:` without the spaces and dashes people read.
    pub fn phone_href(&self) -> String {
        let digits: String = self.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        format!("tel:{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::check;

    fn section_numbers(body: &str) -> Vec<String> {
        body.lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(|h| h.split_once(". ").map_or(h, |(n, _)| n).to_string())
            .collect()
    }

    fn filled_text(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(t) | Block::Paragraph(t) => t.clone(),
                Block::List(items) => items.join("\n"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_version_has_the_same_numbered_sections_in_each_language() {
        for (kind, version, texts) in DOCUMENTS {
            let ru = section_numbers(texts[0].2);
            assert!(!ru.is_empty(), "{kind} v{version}");
            let expected: Vec<String> = (1..=ru.len()).map(|n| n.to_string()).collect();
            assert_eq!(ru, expected, "{kind} v{version}: sections numbered 1, 2, … in order");
            for (lang, _, body) in &texts[1..] {
                assert_eq!(section_numbers(body), ru, "{kind} v{version} {lang}: the sections of the Russian text");
            }
        }
    }

    #[test]
    fn the_current_texts_leave_no_placeholder_unfilled_and_name_the_operator() {
        let operator = OperatorConfig::default();
        for (kind, version, texts) in DOCUMENTS.iter().filter(|(_, v, _)| *v >= 2) {
            for (lang_code, _, body) in texts {
                let lang = Lang::from_code(lang_code).unwrap();
                check("body", body, &PLACEHOLDERS).unwrap_or_else(|e| panic!("{kind} v{version} {lang_code}: {e:?}"));
                let text = filled_text(&blocks(body, &operator, lang));
                assert!(!text.contains(['{', '}']), "{kind} v{version} {lang_code}: {text}");
                assert!(text.contains(operator.name(lang)), "{kind} v{version} {lang_code} names the operator");
                assert!(text.contains(&operator.phone) && text.contains(&operator.email), "{kind} {lang_code}");
            }
        }
    }

    #[test]
    fn the_consent_says_what_the_law_asks_in_every_language() {
        let (_, _, texts) = DOCUMENTS.iter().find(|(k, v, _)| *k == "personal_data" && *v == 2).unwrap();
        // (language, words that must be there): processors, cross-border transfer, the written
        // application's article, the withdrawal notice, the prevailing text.
        let expect: [(&str, &[&str]); 3] = [
            ("ru", &["{processors}", "Трансграничная", "статье\u{a0}14", "сообщает вам об этом", "на русском языке"]),
            (
                "be",
                &["{processors}", "Трансгранічная", "артыкулам\u{a0}14", "паведамляе вам пра гэта", "на рускай мове"],
            ),
            ("en", &["{processors}", "across borders", "Article\u{a0}14", "tells you so", "Russian text prevails"]),
        ];
        for (lang, words) in expect {
            let body = texts.iter().find(|t| t.0 == lang).unwrap().2;
            for w in words {
                assert!(body.contains(w), "{lang}: {w}");
            }
        }
    }

    #[test]
    fn belarusian_and_english_texts_do_not_slip_into_russian() {
        for (kind, version, texts) in DOCUMENTS.iter().filter(|(_, v, _)| *v >= 2) {
            let be = texts[1].2;
            assert!(!be.contains(['и', 'щ', 'ъ', 'И', 'Щ', 'Ъ']), "{kind} v{version}: Belarusian has no и, щ, ъ");
            let en = texts[2].2;
            assert!(
                !en.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) && !en.contains('№'),
                "{kind} v{version}: English without Cyrillic or №"
            );
        }
    }

    #[test]
    fn text_becomes_headings_paragraphs_and_lists() {
        let operator = OperatorConfig::default();
        let body = "Дано {operator_name}.\n\n## 1. Цели\n\nПервая строка\nи вторая\u{a0}с.\n\n- раз;\n- два.";
        assert_eq!(
            blocks(body, &operator, Lang::Ru),
            vec![
                Block::Paragraph(format!("Дано {}.", operator.name)),
                Block::Heading("1. Цели".into()),
                Block::Paragraph("Первая строка и вторая\u{a0}с.".into()),
                Block::List(vec!["раз;".into(), "два.".into()]),
            ]
        );
    }
}
