//! The documents users hold → the text that [`import`](super::import()) reads: extracted text
//! as it is, a PDF (feature `pdf`) or an .xls/.xlsx workbook (feature `excel`) turned into the
//! same shape — per page (or sheet) a `=== 第N页 ===` line, then its lines top to bottom, each
//! table row one line of tab-separated cells.
//!
//! The kind of a document is sniffed from its first bytes, never from a file name. One importer
//! reads all three, so a PDF audits exactly as the text extracted from it.

#[cfg(feature = "excel")]
mod excel;
#[cfg(feature = "pdf")]
mod pdf;

use super::import::{Document, Report, documents, position_of};
use super::issue::{ImportIssue, ImportIssueKind};
use std::fmt;

/// What a document is, from its first bytes.
///
/// ```
/// use kemu::report::read::{Format, sniff};
/// assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
/// assert_eq!(sniff(b"PK\x03\x04..."), Format::Workbook);
/// assert_eq!(sniff("=== 第1页 ===\n".as_bytes()), Format::Text);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Format {
    /// Text already extracted (UTF-8).
    Text,
    /// A PDF.
    Pdf,
    /// A spreadsheet: .xlsx (a zip) or .xls (an OLE compound file).
    Workbook,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "文本 | text",
            Format::Pdf => "PDF",
            Format::Workbook => "Excel 工作簿 | Excel workbook",
        })
    }
}

/// The kind of a document from its first bytes: `%PDF-` within the first kilobyte (some
/// producers put bytes before it), the zip or OLE signature of a workbook, else text.
///
/// ```
/// assert_eq!(kemu::report::read::sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), kemu::report::read::Format::Workbook);
/// ```
pub fn sniff(bytes: &[u8]) -> Format {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(OLE) {
        Format::Workbook
    } else {
        Format::Text
    }
}

/// Why a document could not be read.
///
/// ```
/// let err = kemu::report::read::read(b"\xff\xfe").unwrap_err();
/// assert_eq!(err, kemu::report::read::ReadError::NotUtf8 { line: 1, column: 1 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// A file that could not be read.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// Text that is not UTF-8 (GBK text must be converted first).
    #[error(
        "第{line}行第{column}字节：文本不是 UTF-8（GBK/GB18030 文本请先转换） | line {line}, byte {column}: the text is not UTF-8 (convert GBK/GB18030 text to UTF-8 first)"
    )]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte offset of it within its line.
        column: usize,
    },
    /// A PDF or a workbook while the feature that reads it is off.
    #[error(
        "这是{format}，需启用 `{feature}` 功能读取 | this is a {format}: build kemu with the `{feature}` feature to read it"
    )]
    FeatureOff {
        /// What the document is.
        format: Format,
        /// The cargo feature that reads it.
        feature: &'static str,
    },
    /// The bytes are not of the format they were read as.
    #[error("不是{expected}文件 | not a {expected} document")]
    NotThisFormat {
        /// The format asked for.
        expected: Format,
    },
    /// A PDF that opens only with a password.
    #[error("PDF 已加密，需要密码 | the PDF is encrypted: it needs a password")]
    Encrypted,
    /// A PDF whose pages carry no text (a scan).
    #[error(
        "PDF 共{pages}页，均无文本层（扫描件需先 OCR） | none of the PDF's {pages} pages has a text layer (a scan: it needs OCR first)"
    )]
    NoTextLayer {
        /// Its pages.
        pages: usize,
    },
    /// A document that is damaged or that the reader cannot interpret.
    #[error(
        "{format}已损坏或无法解析（{place}）：{reason} | the {format} is damaged or cannot be read ({place}): {reason}"
    )]
    Damaged {
        /// What it is.
        format: Format,
        /// Where: `文件 | file`, a page or a sheet.
        place: String,
        /// What the reader said.
        reason: String,
    },
}

/// A document turned into the importer's text, with what the reading noticed.
///
/// ```
/// let doc = kemu::report::read::read(kemu::report::EMBEDDED_REPORT.as_bytes()).unwrap();
/// assert_eq!(doc.format, kemu::report::read::Format::Text);
/// assert!(doc.notes.is_empty());
/// assert_eq!(doc.reports()[0].tables.len(), 9);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// What the document was.
    pub format: Format,
    /// Its text, in the importer's shape.
    pub text: String,
    /// Cells the reading could not give a printed value (each is reported, never taken as 0).
    pub notes: Vec<ReadNote>,
}

/// A cell the reading could not give a value: it is left blank in the text and reported.
///
/// ```
/// let note = kemu::report::read::ReadNote { line: 7, place: "Sheet1!C5".into() };
/// assert_eq!(note.line, 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNote {
    /// The line of the text the cell is on.
    pub line: usize,
    /// The cell (`Sheet1!C5`).
    pub place: String,
}

impl Extracted {
    /// The reports of the document ([`documents`] split a text that joins several), each
    /// imported, with the reading's notes as import issues of the tables they fall in: such a
    /// table's reading is uncertain, so the audit checks nothing that rests on it.
    ///
    /// ```
    /// let doc = kemu::report::read::read(kemu::report::EMBEDDED_REPORT.as_bytes()).unwrap();
    /// assert_eq!(doc.reports().len(), 1);
    /// ```
    pub fn reports(&self) -> Vec<Report> {
        let docs = documents(&self.text);
        let mut reports: Vec<Report> = docs.iter().map(Document::import).collect();
        for note in &self.notes {
            // The document a note's line falls in: the last that starts at or before it.
            let Some(at) = docs.iter().rposition(|d| d.first_line <= note.line) else { continue };
            let kind = ImportIssueKind::FormulaWithoutValue { cell: note.place.clone() };
            reports[at].add_issue(ImportIssue::new(note.line, None, kind));
        }
        reports
    }
}

impl Extracted {
    /// Every report of the document audited with the embedded catalogs, against the catalog of
    /// `year` where given (else the year each report prints): the main job of the `audit`
    /// example and of `kemu audit`.
    ///
    /// ```
    /// let doc = kemu::report::read::read(kemu::report::EMBEDDED_REPORT.as_bytes()).unwrap();
    /// let audits = doc.audit(None);
    /// assert_eq!((audits.len(), audits[0].report.year), (1, Some(2020)));
    /// assert_eq!(doc.audit(Some(2024))[0].report.year, Some(2024));
    /// ```
    pub fn audit(&self, year: Option<u16>) -> Vec<super::Audit> {
        let catalogs = crate::catalog::CatalogSet::embedded();
        self.reports()
            .into_iter()
            .map(|mut report| {
                report.year = year.or(report.year);
                super::audit_report(&report, catalogs)
            })
            .collect()
    }
}

/// Reads a document of any format this build reads: text (UTF-8), a PDF with feature `pdf`,
/// a workbook with feature `excel`.
///
/// ```
/// use kemu::report::read::{read, Format, ReadError};
/// let doc = read("部门预算\n".as_bytes()).unwrap();
/// assert_eq!(doc.text, "部门预算\n");
/// # #[cfg(not(feature = "pdf"))]
/// assert_eq!(read(b"%PDF-1.4").unwrap_err(), ReadError::FeatureOff { format: Format::Pdf, feature: "pdf" });
/// ```
pub fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    match sniff(bytes) {
        Format::Text => read_text(bytes),
        Format::Pdf => read_pdf(bytes),
        Format::Workbook => read_workbook(bytes),
    }
}

/// Reads a file: [`read`] of its bytes.
///
/// ```
/// let err = kemu::report::read::read_path("no/such/report.pdf").unwrap_err();
/// assert!(matches!(err, kemu::report::read::ReadError::Io { .. }));
/// assert!(err.to_string().starts_with("no/such/report.pdf: "));
/// ```
pub fn read_path(path: impl AsRef<std::path::Path>) -> Result<Extracted, ReadError> {
    let path = path.as_ref();
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::Io { path: path.display().to_string(), reason: e.to_string() })?;
    read(&bytes)
}

fn read_text(bytes: &[u8]) -> Result<Extracted, ReadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Extracted { format: Format::Text, text: text.to_string(), notes: Vec::new() }),
        Err(e) => {
            let (line, column) = position_of(bytes, e.valid_up_to());
            Err(ReadError::NotUtf8 { line, column })
        }
    }
}

/// A PDF's pages as the importer's text (feature `pdf`).
///
/// ```
/// # #[cfg(feature = "pdf")]
/// assert_eq!(kemu::report::read::read_pdf(b"text").unwrap_err(), kemu::report::read::ReadError::NotThisFormat { expected: kemu::report::read::Format::Pdf });
/// ```
pub fn read_pdf(bytes: &[u8]) -> Result<Extracted, ReadError> {
    #[cfg(feature = "pdf")]
    return pdf::read(bytes).map(|text| Extracted { format: Format::Pdf, text, notes: Vec::new() });
    #[cfg(not(feature = "pdf"))]
    {
        let _ = bytes;
        Err(ReadError::FeatureOff { format: Format::Pdf, feature: "pdf" })
    }
}

/// A workbook's sheets as the importer's text, a sheet to a page (feature `excel`).
///
/// ```
/// # #[cfg(feature = "excel")]
/// assert!(matches!(kemu::report::read::read_workbook(b"PK\x03\x04broken"), Err(kemu::report::read::ReadError::Damaged { .. })));
/// ```
pub fn read_workbook(bytes: &[u8]) -> Result<Extracted, ReadError> {
    #[cfg(feature = "excel")]
    return excel::read(bytes).map(|(text, notes)| Extracted { format: Format::Workbook, text, notes });
    #[cfg(not(feature = "excel"))]
    {
        let _ = bytes;
        Err(ReadError::FeatureOff { format: Format::Workbook, feature: "excel" })
    }
}

/// The page mark the importer reads between pages (1-based).
#[cfg(any(feature = "pdf", feature = "excel"))]
fn page_mark(out: &mut String, page: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "=== 第{page}页 ===");
}
