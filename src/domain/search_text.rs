//! Words as the full-text search sees them: lower-cased, «ё» as «е», Russian and English
//! words reduced to their Snowball stems, codes and numbers kept whole.
//!
//! The same function makes both the index and the query, so «сертификата» finds
//! «сертификаты» and «0x800907E7» finds exactly that code. Stems are matched as whole index
//! terms: prefix queries over a million messages merge every term that shares the prefix on
//! each lookup, which made a single common word cost seconds (see docs/decisions.md).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common to tell tickets apart; left out of the index and of queries.
const STOP_WORDS: &[&str] = &[
    "а", "в", "во", "да", "до", "же", "за", "и", "из", "или", "к", "ко", "ли", "на", "не", "ни", "но", "о", "об", "от",
    "по", "с", "со", "у", "что", "как", "это", "a", "an", "and", "in", "of", "or", "the", "to",
];

/// The words of a text: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A character as terms hold it: lower case, «ё» as «е».
fn fold(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c })
}

/// The search terms of a text, in order, repeats included.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter_map(term)
}

/// One word's term, or `None` for a stop word.
pub fn term(word: &str) -> Option<String> {
    let lower: String = word.chars().flat_map(fold).collect();
    if STOP_WORDS.contains(&lower.as_str()) {
        return None;
    }
    let stemmer = if lower.chars().all(is_cyrillic) {
        &*RUSSIAN
    } else if lower.chars().all(|c| c.is_ascii_lowercase()) {
        &*ENGLISH
    } else {
        // Codes, serial numbers, mixed scripts: only an exact match makes sense.
        return Some(lower);
    };
    Some(stemmer.stem(&lower).into_owned())
}

/// The text the full-text index stores for `text`: its terms separated by spaces.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for term in terms(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&term);
    }
    out
}

/// Whether every query term occurs among the texts' terms — the index's rule, for a handful of
/// texts in memory. Only words starting like a missing term are stemmed.
pub fn all_found<'a>(query: &[String], texts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut missing: Vec<&String> = query.iter().collect();
    for text in texts {
        for word in words(text) {
            if missing.is_empty() {
                return true;
            }
            let first = word.chars().next().and_then(|c| fold(c).next());
            if !missing.iter().any(|t| t.chars().next() == first) {
                continue;
            }
            if let Some(found) = term(word) {
                missing.retain(|t| **t != found);
            }
        }
    }
    missing.is_empty()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_word_forms_share_a_term() {
        let forms = ["сертификат", "сертификата", "сертификаты", "сертификатом", "СЕРТИФИКАТОВ"];
        let expected = term("сертификат").unwrap();
        for form in forms {
            assert_eq!(term(form).unwrap(), expected, "{form}");
        }
        assert_eq!(term("ключей"), term("ключ"));
        assert_ne!(term("ключ"), term("клюв"));
    }

    #[test]
    fn yo_is_written_as_ye() {
        assert_eq!(term("Могилёв"), term("могилев"));
        assert_eq!(term("выдаётся"), term("выдается"));
    }

    #[test]
    fn english_words_are_stemmed_and_codes_kept_whole() {
        assert_eq!(term("Tokens"), term("token"));
        assert_eq!(term("0x800907E7").unwrap(), "0x800907e7");
        assert_eq!(term("AB1234567").unwrap(), "ab1234567");
        assert_eq!(term("Windows10").unwrap(), "windows10", "letters with digits are a code");
        assert_eq!(term("СМДО2").unwrap(), "смдо2");
    }

    #[test]
    fn stop_words_are_left_out() {
        assert_eq!(term("не"), None);
        assert_eq!(term("И"), None);
        assert_eq!(
            index_text("Не работает и не запускается"),
            format!("{} {}", term("работает").unwrap(), term("запускается").unwrap())
        );
    }

    #[test]
    fn index_text_splits_on_anything_but_letters_and_digits() {
        assert_eq!(index_text("ЭЦП/токен: «AvToken»—ошибка 0x8009;"), "эцп ток avtoken ошибк 0x8009");
        assert_eq!(index_text(""), "");
        assert_eq!(index_text("… — !"), "");
    }

    #[test]
    fn texts_in_memory_match_like_the_index() {
        let query: Vec<String> = ["сертификаты", "0x80090016"].iter().filter_map(|w| term(w)).collect();
        assert!(all_found(&query, ["Продление СЕРТИФИКАТА", "Код ошибки 0x80090016."]));
        assert!(!all_found(&query, ["Продление СЕРТИФИКАТА", "Ошибки нет"]));
        assert!(!all_found(&query, ["несертификатный 0x8009"]), "a term must be a whole word's stem");
        assert!(all_found(&[], ["anything"]));
    }
}
