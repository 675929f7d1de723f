//! How ticket lists are ordered, paged and searched: sort keys, keyset cursors and search terms.

use base64::Engine;

use super::search_text;
use super::ticket::TicketNumber;
use super::FieldError;
use super::Phone;

/// The orders a list of tickets can be read in. Every order ends with the ticket id, so that a
/// cursor — the (key, id) pair of the last row shown — names one exact place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TicketSort {
    /// Most recently changed first.
    #[default]
    Updated,
    /// Newest first.
    Created,
    /// Most urgent first; the oldest first within one priority.
    Priority,
    /// Closest resolution deadline first.
    SlaDue,
}

impl TicketSort {
    pub const ALL: [TicketSort; 4] =
        [TicketSort::Updated, TicketSort::Created, TicketSort::Priority, TicketSort::SlaDue];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketSort::Updated => "updated",
            TicketSort::Created => "created",
            TicketSort::Priority => "priority",
            TicketSort::SlaDue => "sla",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(TicketSort::default());
        }
        TicketSort::ALL.into_iter().find(|k| k.as_str() == s).ok_or(FieldError::new("sort", "invalid_sort"))
    }

    /// True when the key grows down the list (and the id with it).
    pub fn ascending_key(self) -> bool {
        matches!(self, TicketSort::SlaDue)
    }

    /// True when ids grow down the list; differs from the key's direction for «priority».
    pub fn ascending_id(self) -> bool {
        matches!(self, TicketSort::SlaDue | TicketSort::Priority)
    }
}

/// Where the next page starts: the sort key and id of the last row of the previous one.
/// The sort is part of the cursor, so a cursor from another order is refused instead of
/// silently skipping or repeating rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    pub sort: TicketSort,
    pub key: i64,
    pub id: i64,
}

impl ListCursor {
    pub fn encode(self) -> String {
        let text = format!("{}:{}:{}", self.sort.as_str(), self.key, self.id);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    pub fn decode(cursor: &str, sort: TicketSort) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("cursor", "invalid_cursor");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.split(':');
        let (Some(name), Some(key), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if name != sort.as_str() {
            return Err(invalid());
        }
        Ok(ListCursor { sort, key: key.parse().map_err(|_| invalid())?, id: id.parse().map_err(|_| invalid())? })
    }
}

/// What a search box asked for: one ticket by number, a ticket by its place in a year when the
/// year is left out, the tickets of a phone, or tickets whose text has all the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerms {
    Number(TicketNumber),
    /// Digits alone («000004», «4»): that place in any year's numbering.
    Sequence(u32),
    /// A mobile number in any spelling: its requester's tickets.
    Phone(Phone),
    Words(SearchWords),
}

/// Up to this many digits alone are a ticket's place in its year, not a word to look for.
const SEQUENCE_MAX_DIGITS: usize = 7;

/// The words of a search, each as typed (lower-cased) and as the index's term
/// ([`super::search_text`]). Letters and digits only, so either backend's query syntax can hold
/// them without escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords {
    pub words: Vec<String>,
    pub terms: Vec<String>,
}

pub const SEARCH_MAX_CHARS: usize = 200;
pub const SEARCH_MAX_WORDS: usize = 8;

impl SearchTerms {
    /// `None` for an empty box. One-letter words and stop words («не», «и», …) are dropped:
    /// they tell no tickets apart.
    pub fn parse(input: &str) -> Result<Option<Self>, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        if input.chars().count() > SEARCH_MAX_CHARS {
            return Err(FieldError::with_limit("q", "too_long", SEARCH_MAX_CHARS));
        }
        let unprefixed = input.trim_start_matches(['№', '#']).trim();
        if let Ok(number) = TicketNumber::parse(unprefixed) {
            return Ok(Some(SearchTerms::Number(number)));
        }
        if let Ok(phone) = Phone::parse(unprefixed) {
            return Ok(Some(SearchTerms::Phone(phone)));
        }
        if unprefixed.len() <= SEQUENCE_MAX_DIGITS && unprefixed.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(seq) = unprefixed.parse().ok().filter(|seq| *seq > 0) {
                return Ok(Some(SearchTerms::Sequence(seq)));
            }
        }
        let mut found = SearchWords { words: Vec::new(), terms: Vec::new() };
        for word in search_text::words(input) {
            if word.chars().count() < 2 || found.words.len() == SEARCH_MAX_WORDS {
                continue;
            }
            let Some(term) = search_text::term(word) else { continue };
            if !found.terms.contains(&term) {
                found.words.push(word.to_lowercase());
                found.terms.push(term);
            }
        }
        if found.terms.is_empty() {
            return Err(FieldError::new("q", "search_too_short"));
        }
        Ok(Some(SearchTerms::Words(found)))
    }
}

impl SearchWords {
    /// SQLite FTS5 query over the index's terms: all of them, each whole.
    pub fn fts5_query(&self) -> String {
        self.terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ")
    }

    /// The index's rule for a handful of texts in memory.
    pub fn found_in<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        search_text::all_found(&self.terms, texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_parse_with_updated_as_default() {
        for sort in TicketSort::ALL {
            assert_eq!(TicketSort::parse(sort.as_str()), Ok(sort));
        }
        assert_eq!(TicketSort::parse(""), Ok(TicketSort::Updated));
        assert_eq!(TicketSort::parse("random").unwrap_err(), FieldError::new("sort", "invalid_sort"));
    }

    #[test]
    fn priority_sort_runs_keys_down_and_ids_up() {
        assert!(!TicketSort::Priority.ascending_key());
        assert!(TicketSort::Priority.ascending_id());
        assert!(TicketSort::SlaDue.ascending_key() && TicketSort::SlaDue.ascending_id());
        assert!(!TicketSort::Updated.ascending_key() && !TicketSort::Updated.ascending_id());
    }

    #[test]
    fn cursors_round_trip_within_their_sort_only() {
        let cursor = ListCursor { sort: TicketSort::SlaDue, key: 1_764_000_000, id: 42 };
        assert_eq!(ListCursor::decode(&cursor.encode(), TicketSort::SlaDue), Ok(cursor));
        assert_eq!(ListCursor::decode(&cursor.encode(), TicketSort::Updated).unwrap_err().code, "invalid_cursor");
        let negative = ListCursor { sort: TicketSort::Priority, key: -1, id: 7 };
        assert_eq!(ListCursor::decode(&negative.encode(), TicketSort::Priority), Ok(negative));
        for bad in ["", "!!", "MTIz", "dXBkYXRlZDox", "dXBkYXRlZDphOmI", "dXBkYXRlZDoxOjI6Mw"] {
            assert_eq!(ListCursor::decode(bad, TicketSort::Updated).unwrap_err().code, "invalid_cursor", "{bad}");
        }
    }

    #[test]
    fn a_ticket_number_is_searched_as_a_number() {
        let expected = SearchTerms::Number(TicketNumber::parse("2026-000123").unwrap());
        assert_eq!(SearchTerms::parse(" 2026-000123 "), Ok(Some(expected.clone())));
        assert_eq!(SearchTerms::parse("№ 2026-000123"), Ok(Some(expected)));
    }

    #[test]
    fn a_number_without_its_year_or_a_phone_is_found_too() {
        for seq in ["000004", "4", "№ 4", "#000004"] {
            assert_eq!(SearchTerms::parse(seq), Ok(Some(SearchTerms::Sequence(4))), "{seq}");
        }
        assert_eq!(SearchTerms::parse("2026-4"), Ok(Some(SearchTerms::Number(TicketNumber::new(2026, 4).unwrap()))));
        let phone = Phone::parse("+375291234567").unwrap();
        for spelling in ["+375 29 123-45-67", "80291234567", "8 (029) 123-45-67", "29 123 45 67"] {
            assert_eq!(SearchTerms::parse(spelling), Ok(Some(SearchTerms::Phone(phone.clone()))), "{spelling}");
        }
        assert!(SearchTerms::parse("0").is_err(), "no ticket 0, and one character is no word");
        assert!(matches!(SearchTerms::parse("12345678901234"), Ok(Some(SearchTerms::Words(_)))), "a serial number");
    }

    #[test]
    fn words_are_lowercased_deduplicated_and_stripped_of_syntax() {
        let parsed = SearchTerms::parse("Сертификата НЕ выдаётся! сертификат \"OR\" * x").unwrap();
        let Some(SearchTerms::Words(words)) = parsed else { panic!("words expected") };
        assert_eq!(words.words, vec!["сертификата", "выдаётся"], "stop words, repeats and syntax are gone");
        assert_eq!(words.terms, vec!["сертификат", "выда"]);
        assert_eq!(words.fts5_query(), "\"сертификат\" AND \"выда\"");
    }

    #[test]
    fn texts_in_memory_match_like_the_index() {
        let Ok(Some(SearchTerms::Words(words))) = SearchTerms::parse("сертификаты 0x80090016") else {
            panic!()
        };
        assert!(words.found_in(["Продление СЕРТИФИКАТА", "Код ошибки 0x80090016."]));
        assert!(!words.found_in(["Продление СЕРТИФИКАТА", "Ошибки нет"]));
    }

    #[test]
    fn empty_too_short_and_too_long_searches() {
        assert_eq!(SearchTerms::parse("   "), Ok(None));
        assert_eq!(SearchTerms::parse("! ? x").unwrap_err(), FieldError::new("q", "search_too_short"));
        assert_eq!(
            SearchTerms::parse(&"а".repeat(201)).unwrap_err(),
            FieldError::with_limit("q", "too_long", SEARCH_MAX_CHARS)
        );
        let many = (0..20).map(|i| format!("слово{i}")).collect::<Vec<_>>().join(" ");
        let Ok(Some(SearchTerms::Words(words))) = SearchTerms::parse(&many) else { panic!("words expected") };
        assert_eq!(words.terms.len(), SEARCH_MAX_WORDS);
        assert_eq!(SearchTerms::parse("не и в на").unwrap_err(), FieldError::new("q", "search_too_short"));
    }
}
