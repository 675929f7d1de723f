//! The report as files for a spreadsheet: CSV (every table one after another) and XLSX (a sheet
//! per table). Durations are in working minutes, shares in per cent, so that they can be
//! computed with; texts cannot turn into formulas.

use rust_xlsxwriter::{Format, Workbook};

use super::build::{Durations, Report, Span};
use crate::app::spreadsheet::{plain_text, CsvFile};
use crate::app::AppError;
use crate::i18n::Tr;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn int(n: i64) -> Cell {
        Cell::Number(n as f64)
    }

    /// Minutes; «>21600» past the longest bucket.
    fn span(s: Option<Span>) -> Cell {
        match s {
            None => Cell::Empty,
            Some(Span { seconds, more_than: false }) => Cell::Number((seconds as f64 / 60.0).round()),
            Some(Span { seconds, more_than: true }) => Cell::Text(format!(">{}", seconds / 60)),
        }
    }

    fn percent(share: Option<f64>) -> Cell {
        share.map_or(Cell::Empty, |s| Cell::Number((s * 1000.0).round() / 10.0))
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => plain_text(t),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn durations_header(tr: Tr, key: &str) -> Vec<String> {
    let what = tr.t(key);
    vec![
        tr.t1("report-col-median", "what", what.clone()),
        tr.t1("report-col-p90", "what", what.clone()),
        tr.t1("report-col-share", "what", what),
    ]
}

fn durations(d: &Durations) -> Vec<Cell> {
    vec![Cell::span(d.median), Cell::span(d.p90), Cell::percent(d.within_target_share)]
}

/// The report's tables, titled and headed in the reader's language.
pub fn tables(tr: Tr, r: &Report) -> Vec<Table> {
    let t = |key: &str| tr.t(key);
    let mut summary = vec![
        vec![Cell::text(&t("field-since")), Cell::text(&r.since)],
        vec![Cell::text(&t("field-until")), Cell::text(&r.until)],
    ];
    for (key, value) in
        [("field-group", &r.group), ("field-service", &r.service), ("field-organization", &r.organization)]
    {
        summary.push(vec![Cell::text(&t(key)), value.as_deref().map_or(Cell::Empty, Cell::text)]);
    }
    summary.extend([
        vec![Cell::text(&t("report-filed")), Cell::int(r.created)],
        vec![Cell::text(&t("report-resolved")), Cell::int(r.resolved)],
        vec![Cell::text(&t("report-open-now")), Cell::int(r.open_now)],
    ]);
    for (key, d) in [("report-first-response", &r.first_response), ("report-resolution", &r.resolution)] {
        for (label, cell) in durations_header(tr, key).into_iter().zip(durations(d)) {
            summary.push(vec![Cell::Text(label), cell]);
        }
    }
    summary.push(vec![Cell::text(&t("report-ratings")), Cell::int(r.satisfaction.rated)]);
    summary.push(vec![
        Cell::text(&t("report-average-rating")),
        r.satisfaction.average.map_or(Cell::Empty, |a| Cell::Number((a * 100.0).round() / 100.0)),
    ]);

    let breakdown_header = |first: &str| {
        let mut h = vec![t("report-col-code"), t(first), t("report-filed"), t("report-resolved")];
        h.extend(durations_header(tr, "report-first-response"));
        h.extend(durations_header(tr, "report-resolution"));
        h
    };
    let breakdown_rows = |lines: &[super::build::Breakdown]| {
        lines
            .iter()
            .map(|b| {
                let mut row =
                    vec![Cell::text(&b.code), Cell::text(&b.name), Cell::int(b.created), Cell::int(b.resolved)];
                row.extend(durations(&b.first_response));
                row.extend(durations(&b.resolution));
                row
            })
            .collect()
    };
    let mut organizations: Vec<Vec<Cell>> =
        r.organizations.iter().map(|o| vec![Cell::text(&o.unp), Cell::text(&o.name), Cell::int(o.created)]).collect();
    if r.other_organizations > 0 {
        organizations.push(vec![Cell::Empty, Cell::text(&t("report-others")), Cell::int(r.other_organizations)]);
    }
    let mut first_response_median = durations_header(tr, "report-first-response");
    first_response_median.truncate(1);
    vec![
        Table {
            title: t("report-summary"),
            header: vec![t("report-col-figure"), t("report-col-value")],
            rows: summary,
        },
        Table {
            title: t("report-volume"),
            header: [vec![t("report-col-step"), t("report-filed"), t("report-resolved")], first_response_median]
                .concat(),
            rows: r
                .series
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(&s.start),
                        Cell::int(s.created),
                        Cell::int(s.resolved),
                        Cell::span(s.first_response_median),
                    ]
                })
                .collect(),
        },
        Table {
            title: t("report-by-service"),
            header: breakdown_header("field-service"),
            rows: breakdown_rows(&r.services),
        },
        Table { title: t("report-by-group"), header: breakdown_header("field-group"), rows: breakdown_rows(&r.groups) },
        Table {
            title: t("report-by-organization"),
            header: vec![t("field-unp"), t("report-col-name"), t("report-filed")],
            rows: organizations,
        },
        Table {
            title: t("report-backlog"),
            header: vec![t("report-col-age"), t("report-open-now")],
            rows: r
                .backlog
                .iter()
                .map(|b| vec![Cell::Text(t(&format!("report-age-{}", b.age))), Cell::int(b.open)])
                .collect(),
        },
        Table {
            title: t("report-satisfaction"),
            header: vec![t("report-col-rating"), t("report-ratings")],
            rows: (1..=5).map(|n| vec![Cell::int(n as i64), Cell::int(r.satisfaction.distribution[n - 1])]).collect(),
        },
        Table {
            title: t("report-staff"),
            header: vec![
                t("field-login"),
                t("report-col-name"),
                t("report-assigned"),
                t("report-replied"),
                t("report-resolved"),
            ],
            rows: r
                .staff
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(&s.login),
                        Cell::text(&s.name),
                        Cell::int(s.assigned),
                        Cell::int(s.replied),
                        Cell::int(s.resolved),
                    ]
                })
                .collect(),
        },
    ]
}

/// All tables in one CSV, a title line before each and an empty line after.
pub fn csv(tables: &[Table]) -> Result<Vec<u8>, AppError> {
    let mut file = CsvFile::default();
    for table in tables {
        file.record([plain_text(&table.title)])?;
        file.record(table.header.iter().map(|h| plain_text(h)))?;
        for row in &table.rows {
            file.record(row.iter().map(Cell::csv))?;
        }
        file.gap()?;
    }
    file.finish()
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

/// A workbook with a sheet per table, the header in bold and frozen.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, AppError> {
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("writing XLSX: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title)).map_err(failed)?;
        for (c, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold).map_err(failed)?;
            sheet.set_column_width(c as u16, if c < 2 { 28 } else { 14 }).map_err(failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()).map_err(failed)?,
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()).map_err(failed)?,
                    Cell::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_for_spreadsheets() {
        assert_eq!(Cell::span(Some(Span { seconds: 5430, more_than: false })), Cell::Number(91.0));
        assert_eq!(Cell::span(Some(Span { seconds: 1_296_000, more_than: true })), Cell::Text(">21600".into()));
        assert_eq!(Cell::span(None), Cell::Empty);
        assert_eq!(Cell::percent(Some(0.9267)), Cell::Number(92.7));
        assert_eq!(Cell::text("=1+1").csv(), "'=1+1");
        assert_eq!(Cell::int(12).csv(), "12");
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("По услугам: [все]"), "По услугам все");
        assert_eq!(sheet_name(&"я".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn a_workbook_is_a_zip_with_a_sheet_per_table() {
        let tables = vec![
            Table {
                title: "Итоги".into(),
                header: vec!["Показатель".into(), "Значение".into()],
                rows: vec![vec![Cell::text("Подано"), Cell::int(5)]],
            },
            Table { title: "Оценки".into(), header: vec!["Оценка".into()], rows: vec![] },
        ];
        let bytes = xlsx(&tables).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let text = String::from_utf8(csv(&tables).unwrap()).unwrap();
        assert_eq!(text, "\u{feff}Итоги\nПоказатель;Значение\nПодано;5\n\"\"\nОценки\nОценка\n\"\"\n");
    }
}
