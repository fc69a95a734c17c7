//! A PDF → the importer's text, as Python pdfplumber gives it (the text of `../shared/reports`
//! was made that way): per page its tables from the default `find_tables()`, each row one line of
//! tab-joined cells (a spanned position an empty cell, a cell's lines joined with nothing), and
//! the text outside the tables' boxes from `extract_text_lines()`, all stably sorted by their top
//! edge. The only module that knows the PDF backend, so that it can be swapped.

use super::{Format, ReadError, page_mark};
use pdfplumber::{BBox, Char, PageObject, PdfErrorKind, Table, TableSettings, TextOptions};

/// The text of every page, or why there is none.
pub(super) fn read(bytes: &[u8]) -> Result<String, ReadError> {
    if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(ReadError::NotThisFormat { expected: Format::Pdf });
    }
    let document = pdfplumber::Pdf::open_bytes(bytes, None).map_err(|e| match e.kind() {
        PdfErrorKind::PasswordRequired | PdfErrorKind::InvalidPassword => ReadError::Encrypted,
        _ => damaged("文件 | file".to_string(), &e),
    })?;
    let (mut text, mut chars, mut pages) = (String::new(), 0, 0);
    for (index, page) in document.pages().into_iter().enumerate() {
        let page = page.map_err(|e| damaged(format!("第{n}页 | page {n}", n = index + 1), &e))?;
        page_mark(&mut text, index + 1);
        chars += page.chars().len();
        pages += 1;
        for (_, line) in page_items(&page) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    if chars == 0 {
        return Err(ReadError::NoTextLayer { pages });
    }
    Ok(text)
}

fn damaged(place: String, e: &pdfplumber::PdfError) -> ReadError {
    ReadError::Damaged { format: Format::Pdf, place, reason: e.to_string() }
}

/// A page's lines with their top edges, top to bottom (ties in the order text, then tables).
fn page_items(page: &pdfplumber::Page) -> Vec<(f64, String)> {
    let tables = page.find_tables(&TableSettings::default());
    let boxes: Vec<BBox> = tables.iter().map(|t| t.bbox).collect();
    let outside = page.filter(|object| match object {
        PageObject::Char(c) => !boxes.iter().any(|b| holds_centre(b, c)),
        _ => true,
    });
    let mut items: Vec<(f64, String)> =
        outside.extract_text_lines(&TextOptions::default()).iter().map(|l| (l.bbox.top, l.text())).collect();
    items.extend(tables.iter().flat_map(table_rows));
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    items
}

/// Whether a character's centre lies in a box (its edges included).
fn holds_centre(b: &BBox, c: &Char) -> bool {
    let (x, y) = ((c.bbox.x0 + c.bbox.x1) / 2.0, (c.bbox.top + c.bbox.bottom) / 2.0);
    (b.x0..=b.x1).contains(&x) && (b.top..=b.bottom).contains(&y)
}

/// A table's rows as lines, each with the top of its real cells: a spanned position is a
/// placeholder whose box is not the row's.
fn table_rows(table: &Table) -> impl Iterator<Item = (f64, String)> + '_ {
    table.rows.iter().map(|row| {
        let top = row.iter().filter(|c| c.text.is_some()).map(|c| c.bbox.top).fold(f64::INFINITY, f64::min);
        let cells: Vec<String> = row.iter().map(|c| c.text.as_deref().unwrap_or("").replace('\n', "")).collect();
        (top, cells.join("\t"))
    })
}
