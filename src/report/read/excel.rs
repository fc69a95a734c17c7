//! A workbook → the importer's text, a visible sheet to a page. A row inside the table's borders
//! (or, in a sheet that draws none, a row of two or more cells) is one line of tab-joined cells
//! across the sheet's columns; any other row (a title, 单位：万元) is one line of its cells' texts.
//! A merged area keeps its value in its top-left cell, so the others are empty cells, as in a
//! PDF. Numbers print as the sheet shows them (its number format's decimals; 15 significant
//! digits, as Excel shows them, where the format is General), so float noise
//! (307.82000000000005) is not a figure; a code stored as the number 205 prints `205`. A formula
//! whose result the file does not store is a blank cell and a [`ReadNote`], never a zero.

use super::{Format, ReadError, ReadNote, page_mark};
use calamine::{Data, Range, Reader, SheetVisible, Sheets, StyleRange, Xls, Xlsx, open_workbook_from_rs};
use rust_decimal::{Decimal, RoundingStrategy};
use std::io::Cursor;

type Book<'b> = Sheets<Cursor<&'b [u8]>>;

/// The text of every visible sheet and the cells without a value.
pub(super) fn read(bytes: &[u8]) -> Result<(String, Vec<ReadNote>), ReadError> {
    let mut book = open(bytes)?;
    let (mut text, mut notes, mut page, mut line) = (String::new(), Vec::new(), 0, 1);
    let sheets: Vec<String> =
        book.sheets_metadata().iter().filter(|s| s.visible == SheetVisible::Visible).map(|s| s.name.clone()).collect();
    for name in sheets {
        let damaged = |e: calamine::Error| ReadError::Damaged {
            format: Format::Workbook,
            place: format!("工作表 {name} | sheet {name}"),
            reason: e.to_string(),
        };
        let values = match book.worksheet_range(&name) {
            Ok(values) => values,
            // A chart sheet holds no cells.
            Err(calamine::Error::Xlsx(calamine::XlsxError::NotAWorksheet(_))) => continue,
            Err(e) => return Err(damaged(e)),
        };
        let formulas = book.worksheet_formula(&name).map_err(damaged)?;
        let styles = book.worksheet_style(&name).map_err(damaged)?;
        page += 1;
        page_mark(&mut text, page);
        line += 1;
        let sheet = Sheet { name: &name, values: &values, formulas: &formulas, styles: &styles };
        sheet.write(&mut text, &mut line, &mut notes);
    }
    Ok((text, notes))
}

/// Opens a workbook by its signature: an OLE file is .xls, a zip is .xlsx (or .xlsb, .ods).
fn open(bytes: &[u8]) -> Result<Book<'_>, ReadError> {
    let damaged =
        |reason: String| ReadError::Damaged { format: Format::Workbook, place: "文件 | file".into(), reason };
    let cursor = Cursor::new(bytes);
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        open_workbook_from_rs::<Xls<_>, _>(cursor).map(Sheets::Xls).map_err(|e| damaged(e.to_string()))
    } else if bytes.starts_with(b"PK\x03\x04") {
        match open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
            Ok(book) => Ok(Sheets::Xlsx(book)),
            Err(e) => calamine::open_workbook_auto_from_rs(cursor).map_err(|_| damaged(e.to_string())),
        }
    } else {
        Err(ReadError::NotThisFormat { expected: Format::Workbook })
    }
}

/// One sheet's cells, formulas and styles.
struct Sheet<'s> {
    name: &'s str,
    values: &'s Range<Data>,
    formulas: &'s Range<String>,
    styles: &'s StyleRange,
}

impl Sheet<'_> {
    /// Appends the sheet's lines to `text` (`line` is the number of the next), and a note for
    /// each formula without a value.
    fn write(&self, text: &mut String, line: &mut usize, notes: &mut Vec<ReadNote>) {
        let rows = self.rows();
        let bordered = rows.iter().any(|r| r.bordered);
        // A sheet without borders: its table runs from the first row of several cells to the last.
        let several = |r: &&SheetRow| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2;
        let first = rows.iter().position(|r| several(&r)).unwrap_or(usize::MAX);
        let last = rows.iter().rposition(|r| several(&r)).unwrap_or(0);
        for (at, row) in rows.iter().enumerate() {
            let in_table = if bordered { row.bordered } else { (first..=last).contains(&at) };
            let filled: Vec<&str> = row.cells.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
            if filled.is_empty() && row.unvalued.is_empty() {
                // A blank row is no printed line.
                continue;
            }
            if in_table || !row.unvalued.is_empty() {
                text.push_str(&row.cells.join("\t"));
            } else {
                text.push_str(&filled.join(" "));
            }
            text.push('\n');
            for col in &row.unvalued {
                notes.push(ReadNote { line: *line, place: format!("{}!{}", self.name, cell_name(row.number, *col)) });
            }
            *line += 1;
        }
    }

    /// Each row's cells as shown, whether any has a border, and its formulas without a value.
    fn rows(&self) -> Vec<SheetRow> {
        let (Some(start), Some(end)) = (self.values.start(), self.values.end()) else { return Vec::new() };
        let mut rows = Vec::with_capacity((end.0 - start.0 + 1) as usize);
        for number in start.0..=end.0 {
            let mut row = SheetRow { number, cells: Vec::new(), bordered: false, unvalued: Vec::new() };
            for col in start.1..=end.1 {
                let value = self.values.get_value((number, col)).unwrap_or(&Data::Empty);
                let style = self.styles.get((number, col));
                row.bordered |= style.and_then(|s| s.borders.as_ref()).is_some_and(|b| b.has_visible_borders());
                if *value == Data::Empty && self.formulas.get_value((number, col)).is_some_and(|f| !f.is_empty()) {
                    row.unvalued.push(col);
                }
                let format = style.and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.as_str());
                row.cells.push(printed(value, format));
            }
            rows.push(row);
        }
        rows
    }
}

/// One row of a sheet as read.
struct SheetRow {
    /// Its 0-based number in the sheet.
    number: u32,
    /// Its cells as shown, across the sheet's columns.
    cells: Vec<String>,
    /// Whether a cell of it draws a border (it is inside a table).
    bordered: bool,
    /// The 0-based columns of formulas whose result the file does not store.
    unvalued: Vec<u32>,
}

/// `C5` for row 4, column 2 (0-based).
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// A cell as the sheet shows it, without line breaks.
fn printed(value: &Data, format: Option<&str>) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.replace(['\r', '\n'], "").trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f, format),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as shown: Excel's 15 significant digits, then the format's decimals (a percent
/// format shows a hundredfold with `%`), half away from zero.
fn number(value: f64, format: Option<&str>) -> String {
    let Ok(shown) = Decimal::from_scientific(&format!("{value:.14e}")) else { return value.to_string() };
    let Some((decimals, percent)) = format.and_then(decimals_of) else { return shown.normalize().to_string() };
    let shown = if percent { shown * Decimal::ONE_HUNDRED } else { shown };
    let mut rounded = shown.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    if percent { format!("{rounded}%") } else { rounded.to_string() }
}

/// The decimals a number format shows and whether it is a percentage: `0.00`, `#,##0.00_ `,
/// `0.0%` (the first section only); `None` for General and for formats without digits.
fn decimals_of(format: &str) -> Option<(u32, bool)> {
    let section = format.split(';').next()?;
    // Quoted text and escaped characters are not digits.
    let mut digits = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in section.chars() {
        match (quoted, escaped, c) {
            (_, true, _) => escaped = false,
            (_, _, '"') => quoted = !quoted,
            (false, _, '\\' | '_' | '*') => escaped = true,
            (false, _, '[') => quoted = true,
            (true, _, ']') => quoted = false,
            (false, _, _) => digits.push(c),
            _ => {}
        }
    }
    if !digits.contains(['0', '#', '?']) {
        return None;
    }
    let decimals =
        digits.split_once('.').map_or(0, |(_, after)| after.chars().filter(|c| matches!(c, '0' | '#' | '?')).count());
    Some((u32::try_from(decimals).ok()?, digits.contains('%')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_the_sheet_shows_them() {
        for (value, format, shown) in [
            (307.820_000_000_000_05, None, "307.82"),
            (205.0, None, "205"),
            (205.0, Some("General"), "205"),
            (20.0, Some("0.00"), "20.00"),
            (1234.5, Some("#,##0.00_ "), "1234.50"),
            (2.675, Some("0.00"), "2.68"),
            (-0.125, Some("0.00"), "-0.13"),
            (0.1579, Some("0.00%"), "15.79%"),
            (12.345_678, Some("0.00;[Red]-0.00"), "12.35"),
            (7.0, Some("\"￥\"0"), "7"),
            // Beyond Decimal: printed in full, for the importer to judge.
            (1e30, None, "1000000000000000000000000000000"),
        ] {
            assert_eq!(number(value, format), shown, "{value} in {format:?}");
        }
    }

    #[test]
    fn a_sheet_without_borders_keeps_rows_of_cells_and_reports_a_formula_without_a_value() {
        let mut values = Range::new((0, 0), (4, 2));
        values.set_value((0, 0), Data::String("收入支出决算总表".into()));
        values.set_value((1, 2), Data::String("单位：万元".into()));
        for (col, head) in ["科目编码", "科目名称", "合计"].into_iter().enumerate() {
            values.set_value((2, col as u32), Data::String(head.into()));
        }
        values.set_value((3, 0), Data::Float(201.0));
        values.set_value((3, 1), Data::String("一般公共\n服务支出".into()));
        values.set_value((4, 1), Data::String("合计".into()));
        let mut formulas = Range::new((4, 2), (4, 2));
        formulas.set_value((4, 2), "SUM(C4:C4)".to_string());
        let sheet = Sheet { name: "表1", values: &values, formulas: &formulas, styles: &StyleRange::empty() };
        let (mut text, mut line, mut notes) = (String::new(), 1, Vec::new());
        sheet.write(&mut text, &mut line, &mut notes);
        assert_eq!(text, "收入支出决算总表\n单位：万元\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t\n\t合计\t\n");
        assert_eq!(notes, [ReadNote { line: 5, place: "表1!C5".into() }]);
        assert_eq!(line, 6);
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn formats_without_digits_show_the_value() {
        assert_eq!(decimals_of("General"), None);
        assert_eq!(decimals_of("@"), None);
        assert_eq!(decimals_of("0"), Some((0, false)));
        assert_eq!(decimals_of("0.0%"), Some((1, true)));
        assert_eq!(decimals_of("[$-804]#,##0.000"), Some((3, false)));
    }
}
