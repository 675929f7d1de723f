//! Reading the operator's registry of organisations from a CSV file, as Belarusian Excel saves
//! it (windows-1251, `;`) or as a program writes it (UTF-8 with or without BOM, `,`). Every line
//! is checked and kept with its errors, so that a preview shows them all before anything is
//! written; the CLI and the administration's upload use the same reading.

use std::collections::HashMap;

use crate::domain::name::FreeText;
use crate::domain::{FieldError, Unp};
use crate::store::orgs::RegistryOrganization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1251,
}

/// One line of the file and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryLine {
    /// As a spreadsheet numbers it (the header is line 1).
    pub line: usize,
    /// The УНП and name as written, for the preview.
    pub unp_text: String,
    pub name_text: String,
    pub outcome: Result<RegistryOrganization, Vec<FieldError>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPreview {
    pub encoding: TextEncoding,
    pub separator: char,
    pub lines: Vec<RegistryLine>,
}

impl RegistryPreview {
    pub fn valid(&self) -> Vec<RegistryOrganization> {
        self.lines.iter().filter_map(|l| l.outcome.as_ref().ok().cloned()).collect()
    }

    pub fn refused(&self) -> impl Iterator<Item = &RegistryLine> {
        self.lines.iter().filter(|l| l.outcome.is_err())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Unp,
    Name,
    Address,
    ContractNumber,
    ContractDate,
}

/// The columns in the order a file without a header has them.
const DEFAULT_ORDER: [Column; 5] =
    [Column::Unp, Column::Name, Column::Address, Column::ContractNumber, Column::ContractDate];

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase().replace(['_', '-'], " ");
    Some(match h.as_str() {
        "unp" | "унп" => Column::Unp,
        "name" | "наименование" | "название" | "организация" => Column::Name,
        "address" | "адрес" => Column::Address,
        "contract number" | "номер договора" | "договор" | "№ договора" => {
            Column::ContractNumber
        }
        "contract date" | "дата договора" | "дата" => Column::ContractDate,
        _ => return None,
    })
}

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, windows-1251 otherwise: every byte
/// sequence is some windows-1251 text, and Cyrillic in windows-1251 is almost never valid UTF-8.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            (text.into_owned(), TextEncoding::Windows1251)
        }
    }
}

/// `;` when the first line has more of them than commas (Excel in a Cyrillic locale).
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or_default();
    if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// «2024-01-15» or «15.01.2024» → «2024-01-15».
pub fn contract_date(text: &str) -> Result<String, FieldError> {
    let bad = || FieldError::new("contract_date", "invalid_date");
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let dotted = time::macros::format_description!("[day].[month].[year]");
    let date =
        time::Date::parse(text.trim(), iso).or_else(|_| time::Date::parse(text.trim(), dotted)).map_err(|_| bad())?;
    date.format(iso).map_err(|_| bad())
}

/// The spreadsheet line a record starts on: csv reports a record after a blank line as
/// starting on the blank one.
fn line_at(text: &str, byte: usize) -> usize {
    let start = byte.min(text.len());
    let rest = text.get(start..).unwrap_or_default();
    let skipped = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
    text.get(..start + skipped).unwrap_or(text).matches('\n').count() + 1
}

/// Reads the whole file; `Err` only when it is no CSV at all.
pub fn read_registry(bytes: &[u8]) -> Result<RegistryPreview, FieldError> {
    let (text, encoding) = decode(bytes);
    let separator = separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator as u8)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        records.push(record.map_err(|_| FieldError::new("file", "not_csv"))?);
    }
    let Some(first) = records.first() else { return Err(FieldError::new("file", "empty")) };
    let header: Vec<Option<Column>> = first.iter().map(column).collect();
    let (order, skip) = if header.contains(&Some(Column::Unp)) && header.contains(&Some(Column::Name)) {
        (header, 1)
    } else if Unp::parse(first.get(0).unwrap_or_default()).is_ok() {
        (DEFAULT_ORDER.iter().copied().map(Some).collect(), 0)
    } else {
        return Err(FieldError::new("file", "no_unp_column"));
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut lines = Vec::new();
    for (i, record) in records.iter().enumerate().skip(skip) {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |c: Column| {
            order.iter().position(|o| *o == Some(c)).and_then(|n| record.get(n)).unwrap_or_default().trim().to_string()
        };
        let line = record.position().map_or(i + 1, |p| line_at(&text, p.byte() as usize));
        let mut errors = Vec::new();
        let unp = match Unp::parse(&cell(Column::Unp)) {
            Ok(unp) => match seen.insert(unp.as_str().to_string(), line) {
                Some(_) => {
                    errors.push(FieldError::new("unp", "duplicate_in_file"));
                    None
                }
                None => Some(unp),
            },
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let name = FreeText::parse_line("name", &cell(Column::Name), 500).map_err(|e| errors.push(e)).ok();
        let address = FreeText::parse_line_optional("address", &cell(Column::Address), 500)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let number = FreeText::parse_line_optional("contract_number", &cell(Column::ContractNumber), 100)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let date_text = cell(Column::ContractDate);
        let date = if date_text.is_empty() { None } else { contract_date(&date_text).map_err(|e| errors.push(e)).ok() };
        let outcome = match (unp, name, errors.is_empty()) {
            (Some(unp), Some(name), true) => Ok(RegistryOrganization {
                unp: unp.as_str().to_string(),
                full_name: name.as_str().to_string(),
                short_name: None,
                address: address.map(|a| a.as_str().to_string()).unwrap_or_default(),
                contract_number: number.map(|n| n.as_str().to_string()),
                contract_date: date,
            }),
            _ => Err(errors),
        };
        lines.push(RegistryLine { line, unp_text: cell(Column::Unp), name_text: cell(Column::Name), outcome });
    }
    Ok(RegistryPreview { encoding, separator, lines })
}

#[cfg(test)]
mod tests;
