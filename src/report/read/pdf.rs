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
    let count = document.page_count();
    // Pages are read apart from one another (most of a PDF's cost is each page's fonts and
    // tables): spread over the cores, put together in page order; the cores are shared with
    // the PDFs read at the same time (a batch reads one a core already).
    let _reading = Reading::start();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = (cores / Reading::now()).clamp(1, count.max(1));
    let read_page = |index: usize| -> Result<PageRead, ReadError> {
        let place = || format!("第{n}页 | page {n}", n = index + 1);
        // A page the backend cannot get through (it panics on some malformed content) is a
        // damaged page, not the end of the program.
        let page = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            document.page(index).map(|page| (page.chars().len(), page_items(&page)))
        }));
        match page {
            Ok(Ok(read)) => Ok(read),
            Ok(Err(e)) => Err(damaged(place(), &e)),
            Err(_) => Err(ReadError::Damaged {
                format: Format::Pdf,
                place: place(),
                reason: "the PDF reader stopped on this page".to_string(),
            }),
        }
    };
    let mut read: Vec<Option<Result<PageRead, ReadError>>> = (0..count).map(|_| None).collect();
    if threads == 1 {
        read.iter_mut().enumerate().for_each(|(index, slot)| *slot = Some(read_page(index)));
    } else {
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|worker| {
                    s.spawn(move || (worker..count).step_by(threads).map(|i| (i, read_page(i))).collect::<Vec<_>>())
                })
                .collect();
            for worker in workers {
                // (Each page's panic is caught where it is read: a worker ends with its pages.)
                for (index, result) in worker.join().unwrap_or_default() {
                    read[index] = Some(result);
                }
            }
        });
    }
    let (mut text, mut chars) = (String::new(), 0);
    for (index, slot) in read.into_iter().enumerate() {
        let (page_chars, items) = slot.unwrap_or_else(|| read_page(index))?;
        page_mark(&mut text, index + 1);
        chars += page_chars;
        for (_, line) in items {
            text.push_str(&line);
            text.push('\n');
        }
    }
    if chars == 0 {
        return Err(ReadError::NoTextLayer { pages: count });
    }
    Ok(text)
}

/// A page read: its characters counted, and its lines with their top edges.
type PageRead = (usize, Vec<(f64, String)>);

/// The PDFs being read in this process, counted while each is read.
static READING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One PDF being read: counted in [`READING`] until dropped.
struct Reading;

impl Reading {
    fn start() -> Reading {
        READING.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Reading
    }

    /// How many are being read now (this one among them).
    fn now() -> usize {
        READING.load(std::sync::atomic::Ordering::Relaxed).max(1)
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        READING.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
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
