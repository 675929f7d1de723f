//! Files for spreadsheets: CSV as Excel in a Cyrillic locale opens it (UTF-8 with a BOM, `;`),
//! and text cells that cannot turn into formulas — a customer's name starting with `=` stays a
//! name when a supervisor opens the file.

use super::AppError;

/// The text as a spreadsheet must show it: a leading `=`, `+`, `-`, `@`, tab or carriage return
/// would start a formula, so such text gets an apostrophe first (what Excel itself does).
pub fn plain_text(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Writes records of text cells into a CSV file; numbers pass as they are, other text is made
/// [`plain_text`] by the caller.
pub struct CsvFile {
    writer: csv::Writer<Vec<u8>>,
}

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("writing CSV: {e}"))
}

impl Default for CsvFile {
    fn default() -> Self {
        CsvFile { writer: csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new()) }
    }
}

impl CsvFile {
    pub fn record<I, S>(&mut self, cells: I) -> Result<(), AppError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.writer.write_record(cells).map_err(failed)
    }

    /// An empty line between parts of one file.
    pub fn gap(&mut self) -> Result<(), AppError> {
        self.writer.write_record([""]).map_err(failed)
    }

    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        out.extend(self.writer.into_inner().map_err(failed)?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_would_be_a_formula_stays_text() {
        assert_eq!(plain_text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(plain_text("+375291234567"), "'+375291234567");
        assert_eq!(plain_text("-1"), "'-1");
        assert_eq!(plain_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(plain_text("Иванов"), "Иванов");
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn a_file_starts_with_a_bom_and_separates_with_semicolons() {
        let mut f = CsvFile::default();
        f.record(["a", "b;c"]).unwrap();
        f.gap().unwrap();
        f.record(["1"]).unwrap();
        let bytes = f.finish().unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}a;\"b;c\"\n\"\"\n1\n");
    }
}
