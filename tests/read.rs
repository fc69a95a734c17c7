//! Reading the documents users hold: the PDFs behind `../shared/reports` give their fixtures'
//! text byte for byte (feature `pdf`), workbooks shaped like 公开表 audit as their text does
//! (feature `excel`), and bad documents get typed errors.

use kemu::report::read::{Extracted, Format, ReadError, ReadNote, read, read_path};
use kemu::report::{Audit, Doubt, ImportIssueKind, audit_report};
use kemu::{CatalogSet, Severity};
use std::path::PathBuf;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reports").join(path)
}

#[cfg(any(feature = "pdf", feature = "excel"))]
fn fixture(name: &str) -> String {
    std::fs::read_to_string(shared(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn audits(doc: &Extracted) -> Vec<Audit> {
    doc.reports().iter().map(|r| audit_report(r, CatalogSet::embedded())).collect()
}

#[cfg(feature = "excel")]
/// What an audit says, without line numbers (a row without a code or label is named by its
/// line, and a workbook has no blank lines).
fn said(audit: &Audit) -> Vec<String> {
    audit
        .findings
        .iter()
        .map(|f| {
            let row = if f.row.starts_with('第') && f.row.ends_with('行') { "第…行" } else { f.row.as_str() };
            format!(
                "{} {} {:?} 表{} {row} / {} {:?} {:?} {:?}",
                f.severity, f.rule, f.outcome, f.table, f.column, f.declared, f.expected, f.difference
            )
        })
        .collect()
}

#[test]
fn text_is_read_as_it_is_and_its_errors_are_typed() {
    let doc = read(kemu::report::EMBEDDED_REPORT.as_bytes()).unwrap();
    assert_eq!((doc.format, doc.text.as_str()), (Format::Text, kemu::report::EMBEDDED_REPORT));
    assert_eq!(read(b"2024\n\xb2\xbf").unwrap_err(), ReadError::NotUtf8 { line: 2, column: 1 });
    let missing = read_path("no/such/file.txt").unwrap_err();
    assert!(matches!(&missing, ReadError::Io { path, .. } if path == "no/such/file.txt"), "{missing}");
}

#[test]
fn a_formula_without_a_value_is_reported_and_its_table_checked_for_nothing() {
    let text =
        "收入支出决算总表\n公开01表\n单位：万元\n项目\t决算数\n一般公共预算财政拨款收入\t10.00\n本年收入合计\t\n";
    let note = ReadNote { line: 6, place: "Sheet1!B6".into() };
    let doc = Extracted { format: Format::Workbook, text: text.into(), notes: vec![note] };
    let reports = doc.reports();
    let issue = reports[0].issues.iter().find(|i| matches!(i.kind, ImportIssueKind::FormulaWithoutValue { .. }));
    let issue = issue.expect("the note is an import issue");
    assert_eq!((issue.line, issue.table.as_deref(), issue.severity), (6, Some("01"), Severity::Warning));
    assert_eq!(reports[0].tables[0].doubts, [Doubt::UnreadCells { cells: 1, first_line: 6 }]);
    assert_eq!(audits(&doc)[0].count(Severity::Error), 0, "a blank that is a formula is no error");
}

#[cfg(not(feature = "pdf"))]
#[test]
fn a_pdf_without_the_feature_says_which_feature_reads_it() {
    let err = read_path(shared("pdf/sh-putuo-shgzb-2024-js.pdf")).unwrap_err();
    assert_eq!(err, ReadError::FeatureOff { format: Format::Pdf, feature: "pdf" });
}

#[cfg(feature = "pdf")]
mod pdf {
    use super::*;

    #[test]
    fn each_pdf_gives_its_fixture_byte_for_byte() {
        for name in [
            "sh-putuo-shgzb-2024-js",
            "sh-putuo-wanli-jd-2023-ys",
            "sh-putuo-zfb-2025-ys-dept",
            "sh-putuo-swj-2025-ys-dept",
        ] {
            let doc = read_path(shared(&format!("pdf/{name}.pdf"))).unwrap();
            assert_eq!(doc.format, Format::Pdf);
            assert!(doc.text == fixture(&format!("{name}.txt")), "{name}: the text differs from the fixture");
        }
    }

    #[test]
    fn joined_pdfs_give_their_fixture_but_for_the_marker_line() {
        for name in ["js-rendaban-2019-ys", "js-zhengxieban-2019-ys"] {
            let half = |n: u8| read_path(shared(&format!("pdf/{name}.{n}.pdf"))).unwrap().text;
            let joined = format!("{}#####\n{}", half(1), half(2));
            // The fixture's marker names the second PDF's original file, which the copy lost.
            let expected: String = fixture(&format!("{name}.txt"))
                .split_inclusive('\n')
                .map(|l| if l.starts_with("#####") { "#####\n" } else { l })
                .collect();
            assert!(joined == expected, "{name}: the text differs from the fixture");
        }
    }

    #[test]
    fn a_pdf_audits_as_its_text() {
        let doc = read_path(shared("pdf/sh-putuo-shgzb-2024-js.pdf")).unwrap();
        let from_pdf: Vec<String> = audits(&doc).iter().map(ToString::to_string).collect();
        let from_text = kemu::report::audit(&fixture("sh-putuo-shgzb-2024-js.txt")).to_string();
        assert_eq!(from_pdf, [from_text]);
        assert_eq!(audits(&doc)[0].tables.len(), 9);
    }

    #[test]
    fn bad_pdfs_get_typed_errors() {
        let inputs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/pdf");
        assert_eq!(read_path(inputs.join("no-text-layer.pdf")).unwrap_err(), ReadError::NoTextLayer { pages: 1 });
        assert_eq!(read_path(inputs.join("encrypted.pdf")).unwrap_err(), ReadError::Encrypted);
        let whole = std::fs::read(shared("pdf/sh-putuo-shgzb-2024-js.pdf")).unwrap();
        let err = read(&whole[..whole.len() / 3]).unwrap_err();
        assert!(matches!(err, ReadError::Damaged { format: Format::Pdf, .. }), "{err:?}");
        let err = kemu::report::read::read_pdf(b"hello").unwrap_err();
        assert_eq!(err, ReadError::NotThisFormat { expected: Format::Pdf });
    }
}

#[cfg(feature = "excel")]
mod excel {
    use super::*;
    use rust_xlsxwriter::{Format as CellFormat, FormatBorder, Workbook};

    /// A workbook shaped like 公开表 from report text: a page to a sheet, a table row to a row
    /// of bordered cells (figures and codes stored as numbers in a number format, a code with a
    /// leading zero as text), any other line to one cell merged across the table's width.
    fn workbook_of(text: &str) -> Vec<u8> {
        let mut book = Workbook::new();
        let bordered = CellFormat::new().set_border(FormatBorder::Thin);
        let pages: Vec<&str> = text.split("=== 第").filter(|p| !p.is_empty()).collect();
        for page in pages {
            let sheet = book.add_worksheet();
            let lines: Vec<&str> = page.lines().skip(1).collect();
            let width = lines.iter().map(|l| l.split('\t').count()).max().unwrap_or(1).max(2) as u16;
            for (row, line) in lines.iter().enumerate() {
                let row = row as u32;
                if !line.contains('\t') {
                    sheet.merge_range(row, 0, row, width - 1, line, &CellFormat::new()).unwrap();
                    continue;
                }
                for (col, cell) in line.split('\t').enumerate() {
                    let col = col as u16;
                    match as_number(cell) {
                        Some((value, decimals)) => {
                            let format =
                                if decimals == 0 { "0".to_string() } else { format!("#,##0.{}", "0".repeat(decimals)) };
                            sheet.write_number_with_format(row, col, value, &bordered.clone().set_num_format(format))
                        }
                        None if cell.is_empty() => sheet.write_blank(row, col, &bordered),
                        None => sheet.write_string_with_format(row, col, cell, &bordered),
                    }
                    .unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    /// A figure or code as Excel would store it: `1,234.50` → (1234.5, 2); `01` stays text.
    fn as_number(cell: &str) -> Option<(f64, usize)> {
        let plain = cell.replace(',', "");
        let digits = plain.strip_prefix('-').unwrap_or(&plain);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let numeric = !whole.is_empty() && whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit());
        let leading_zero = whole.len() > 1 && whole.starts_with('0');
        (numeric && !leading_zero).then(|| (plain.parse().unwrap(), fraction.len()))
    }

    #[test]
    fn a_workbook_audits_as_its_text() {
        for text in [kemu::report::EMBEDDED_REPORT.to_string(), fixture("sh-putuo-shgzb-2024-js.txt")] {
            let doc = read(&workbook_of(&text)).unwrap();
            assert_eq!((doc.format, doc.notes.len()), (Format::Workbook, 0));
            let (from_book, from_text) = (&audits(&doc)[0], &kemu::report::audit(&text));
            assert_eq!(said(from_book), said(from_text));
            assert_eq!(from_book.identities_checked, from_text.identities_checked);
            assert!(from_book.identities_checked > 250, "{}", from_book.identities_checked);
        }
    }

    #[test]
    fn a_clean_workbook_has_no_error_and_a_planted_one_is_found() {
        let text = fixture("sh-putuo-shgzb-2024-js.txt");
        let clean = read(&workbook_of(&text)).unwrap();
        assert_eq!(audits(&clean)[0].count(Severity::Error), 0);
        // Plant: the first 项 row (7-digit code) with a figure gets 1,000.00 more in that figure.
        let (at, line) = text.lines().enumerate().find(|(_, l)| is_item_row_with_figure(l)).unwrap();
        let cells: Vec<String> = line
            .split('\t')
            .map(|c| match as_number(c) {
                Some((v, 2)) if c.contains('.') => format!("{:.2}", v + 1000.0),
                _ => c.to_string(),
            })
            .collect();
        let planted: String = text
            .lines()
            .enumerate()
            .map(|(i, l)| if i == at { cells.join("\t") } else { l.to_string() } + "\n")
            .collect();
        let audit = &audits(&read(&workbook_of(&planted)).unwrap())[0];
        assert!(audit.count(Severity::Error) > 0, "the planted figure on line {} is found", at + 1);
        assert_eq!(said(audit), said(&kemu::report::audit(&planted)));
    }

    fn is_item_row_with_figure(line: &str) -> bool {
        let cells: Vec<&str> = line.split('\t').collect();
        cells.len() > 2
            && cells[0].len() == 7
            && cells[0].bytes().all(|b| b.is_ascii_digit())
            && cells.iter().any(|c| c.contains('.') && as_number(c).is_some_and(|(v, _)| v > 0.0))
    }

    #[test]
    fn bad_workbooks_get_typed_errors() {
        let err = read(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(matches!(err, ReadError::Damaged { format: Format::Workbook, .. }), "{err:?}");
        let err = read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 truncated").unwrap_err();
        assert!(matches!(err, ReadError::Damaged { format: Format::Workbook, .. }), "{err:?}");
        let err = kemu::report::read::read_workbook(b"plain text").unwrap_err();
        assert_eq!(err, ReadError::NotThisFormat { expected: Format::Workbook });
    }
}
