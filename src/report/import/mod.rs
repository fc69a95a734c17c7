//! Text extracted from a published disclosure → tables, in named phases with one direction:
//!
//! 1. `line`: each line on its own — its cells, what each cell holds, layout, page furniture,
//!    extraction artefacts (overstruck text, rows without cell boundaries); `title`: which
//!    table a title names, its number, the report's year.
//! 2. `scan`: a scanner with an explicit state assembles each table's rows across pages;
//!    `column_blocks`: a wide table printed in blocks of columns, each with the rows' labels,
//!    joined into one.
//! 3. `joined_labels`: a code and its name printed in one cell under a column for each, split;
//!    `header`: one table's header rows, side-by-side blocks and the role of each position.
//! 4. `rows`: one table's rows placed: keys, names, figures by column.
//!
//! The text has one line per printed line, table rows as tab-separated cells, `=== 第N页 ===` page
//! marks (tables continue across them) and `#####` lines between joined documents. Every line
//! is counted ([`LineCounts`]); a row that cannot be placed is an [`ImportIssue`] with its line,
//! and a table whose reading is not certain carries its [`Doubt`]s.

mod bundle;
mod column_blocks;
mod header;
mod joined_labels;
mod line;
mod misprint;
mod pages;
mod rows;
mod scan;
mod title;

pub use line::LineCounts;
pub use rows::Paired;
pub use title::TableKind;

use super::issue::{Doubt, ImportIssue, ImportIssueKind};
use crate::amount::Unit;
use crate::balance::Table;
use crate::text::trim;
use line::is_layout;
use scan::{RawTable, Scanner};
use title::report_year;

/// Whether a report is a budget or a final account.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(report.kind, Some(kemu::report::ReportKind::FinalAccounts));
/// assert_eq!(kemu::report::ReportKind::Budget.chinese(), "预算");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ReportKind {
    /// 部门决算 (final accounts).
    FinalAccounts,
    /// 部门预算 (budget).
    Budget,
}

impl ReportKind {
    /// 决算 or 预算.
    ///
    /// ```
    /// assert_eq!(kemu::report::ReportKind::FinalAccounts.chinese(), "决算");
    /// ```
    pub fn chinese(self) -> &'static str {
        match self {
            ReportKind::FinalAccounts => "决算",
            ReportKind::Budget => "预算",
        }
    }
}

/// One imported table.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let t = &report.tables[0];
/// assert_eq!((t.number, t.number_printed, t.table.id.as_str()), (1, true, "01"));
/// assert_eq!(t.unit, Some(kemu::Unit::WanYuan));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImportedTable {
    /// The 公开表 number when printed (公开 02 表, 公开表二), else its position in the report.
    pub number: u16,
    /// Whether `number` was printed.
    pub number_printed: bool,
    /// What the table is.
    pub kind: TableKind,
    /// The unit printed with the table.
    pub unit: Option<Unit>,
    /// The line of the title.
    pub line: usize,
    /// The figures (`table.id` is the two-digit number).
    pub table: Table,
    /// Why its reading is uncertain (empty: every figure has its row and column).
    pub doubts: Vec<Doubt>,
    /// The 政府 economic codes printed beside its rows' 部门 codes, with their names.
    pub paired: Vec<Paired>,
    /// Where its 部门 codes repeat beside different 政府 codes: each coded row with its parent
    /// row (`None`: under 合计), which the roll-up rules follow instead of the codes alone.
    pub(crate) rollup_by_pairs: Option<Vec<(Option<usize>, usize)>>,
}

/// An imported report: what it is and its tables.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(report.tables.len(), 9);
/// assert_eq!(report.year, Some(2020));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The first title-like line (department and year).
    pub title: String,
    /// The fiscal year read from the text.
    pub year: Option<u16>,
    /// 决算 or 预算.
    pub kind: Option<ReportKind>,
    /// The unit of the tables (of the first table that prints one).
    pub unit: Option<Unit>,
    /// The tables in order.
    pub tables: Vec<ImportedTable>,
    /// What could not be placed.
    pub issues: Vec<ImportIssue>,
    /// Where every line went.
    pub lines: LineCounts,
    /// The lines of prose (outside tables, titles and page furniture), which the narrative
    /// checks read.
    pub prose: Prose,
    /// The rows of tables outside the disclosure set and of untitled tables, as printed (cells
    /// tab-separated, empty ones kept): a 报表目录 that says which tables are empty and why is
    /// one of them; a 绩效目标表's fund block is read from them by position.
    pub other_rows: Prose,
    /// The lines of its page marks (`=== 第N页 ===`), in order.
    pub pages: Vec<usize>,
}

impl Report {
    /// The page (1-based, by the page marks before it) a line is on; `None` in text without marks.
    ///
    /// ```
    /// let report = kemu::report::import("=== 第1页 ===\n封面\n=== 第2页 ===\n说明\n");
    /// assert_eq!((report.page_of(2), report.page_of(4)), (Some(1), Some(2)));
    /// ```
    pub fn page_of(&self, line: usize) -> Option<usize> {
        let before = self.pages.partition_point(|&mark| mark <= line);
        (before > 0).then_some(before)
    }
}

/// The lines of a report's prose, kept in one buffer.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let (line, _) = report.prose.lines().find(|(_, text)| text.starts_with("本年收入合计")).unwrap();
/// assert_eq!(line, 317);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    text: String,
    /// Each line's number and its span in `text`.
    spans: Vec<(usize, std::ops::Range<usize>)>,
}

impl Prose {
    /// Each line: its 1-based number and its text, trimmed.
    ///
    /// ```
    /// let report = kemu::report::import("部门预算\n说明：本年收入合计10万元。\n");
    /// assert_eq!(report.prose.lines().collect::<Vec<_>>(), [(1, "部门预算"), (2, "说明：本年收入合计10万元。")]);
    /// ```
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.spans.iter().map(|(line, span)| (*line, &self.text[span.clone()]))
    }

    /// The buffer the lines stand in, one after another.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Each line's number and its span in [`Prose::text`].
    pub(crate) fn spans(&self) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        self.spans.iter().cloned()
    }

    pub(crate) fn reserve(&mut self, bytes: usize) {
        self.text.reserve(bytes);
    }

    pub(crate) fn push(&mut self, line: usize, text: &str) {
        let start = self.text.len();
        self.text.push_str(trim(text));
        self.spans.push((line, start..self.text.len()));
    }

    /// A table row with its empty cells, leading ones too: a form's cells are read by position.
    pub(crate) fn push_row(&mut self, line: usize, row: &str) {
        let start = self.text.len();
        self.text.push_str(row.trim_end_matches(['\r', '\n']));
        self.spans.push((line, start..self.text.len()));
    }
}

impl Report {
    /// The table of a kind: the first one with rows, else the first. A title with nothing under
    /// it (a line of a table of contents read as a title) does not stand for the table printed
    /// further on.
    ///
    /// ```
    /// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
    /// let income = report.table(kemu::report::TableKind::Income).unwrap();
    /// assert_eq!(income.table.id, "02");
    /// ```
    pub fn table(&self, kind: TableKind) -> Option<&ImportedTable> {
        self.table_index(kind, |t| !self.tables[t].table.rows.is_empty()).map(|t| &self.tables[t])
    }

    /// The index in `tables` of [`Report::table`], told whether table `t` has rows by `has_rows`
    /// (the audit moves the figures out of the report).
    pub(crate) fn table_index(&self, kind: TableKind, has_rows: impl Fn(usize) -> bool) -> Option<usize> {
        let of_kind = || (0..self.tables.len()).filter(move |&t| self.tables[t].kind == kind);
        of_kind().find(|&t| has_rows(t)).or_else(|| of_kind().next())
    }

    /// An issue the reading of the document found before the import (a cell without a value),
    /// placed in the table whose lines hold it; a table that lost a figure this way is doubtful.
    pub(crate) fn add_issue(&mut self, mut issue: ImportIssue) {
        if let Some(t) = self.tables.iter_mut().rev().find(|t| t.line <= issue.line) {
            issue.table = Some(t.table.id.clone());
            if issue.kind.loses_figures() {
                match t.doubts.iter_mut().find(|d| matches!(d, Doubt::UnreadCells { .. })) {
                    Some(Doubt::UnreadCells { cells, .. }) => *cells += 1,
                    _ => t.doubts.push(Doubt::UnreadCells { cells: 1, first_line: issue.line }),
                }
            }
        }
        self.issues.push(issue);
    }
}

/// What a table's import issues say of its reading.
fn doubts_of(issues: &[ImportIssue]) -> Vec<Doubt> {
    let mut doubts = Vec::new();
    let mut unplaced = issues.iter().filter(|i| i.kind.loses_figures());
    if let Some(first) = unplaced.next() {
        doubts.push(Doubt::UnplacedRows { rows: 1 + unplaced.count(), first_line: first.line });
    }
    let mut repeated: Vec<_> = issues
        .iter()
        .filter_map(|i| match i.kind {
            ImportIssueKind::RepeatedCode { code } => Some(code),
            _ => None,
        })
        .collect();
    repeated.sort_unstable();
    repeated.dedup();
    if !repeated.is_empty() {
        doubts.push(Doubt::RepeatedCodes { codes: repeated.len() });
    }
    doubts
}

/// Text that is not a report the importer can read at all.
///
/// ```
/// let err = kemu::report::import_bytes(b"\xff").unwrap_err();
/// assert_eq!(err, kemu::report::ImportError::NotUtf8 { line: 1, column: 1 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The bytes are not UTF-8 (extracted text in GBK must be converted first).
    #[error("line {line}, byte {column}: the text is not UTF-8 (convert GBK/GB18030 text to UTF-8 first)")]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte offset of it within its line.
        column: usize,
    },
}

/// Imports a report from bytes: UTF-8 text as [`import`] reads it, or an [`ImportError`] naming
/// the line and byte where it is not UTF-8.
///
/// ```
/// let err = kemu::report::import_bytes(b"2020\n\xb2\xbf\xc3\xc5").unwrap_err();
/// assert_eq!(err.to_string(), "line 2, byte 1: the text is not UTF-8 (convert GBK/GB18030 text to UTF-8 first)");
/// assert!(kemu::report::import_bytes("2020年度".as_bytes()).is_ok());
/// ```
pub fn import_bytes(bytes: &[u8]) -> Result<Report, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(import(text)),
        Err(e) => {
            let (line, column) = position_of(bytes, e.valid_up_to());
            Err(ImportError::NotUtf8 { line, column })
        }
    }
}

/// The 1-based line and byte within it of `bytes[offset]`.
pub(crate) fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1)
}

/// Imports a report from extracted text. Never fails: what cannot be placed is in
/// [`Report::issues`], and [`Report::lines`] accounts for every line.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(report.year, Some(2020));
/// assert_eq!(report.kind, Some(kemu::report::ReportKind::FinalAccounts));
/// assert_eq!(report.unit, Some(kemu::Unit::WanYuan));
/// let ids: Vec<&str> = report.tables.iter().map(|t| t.table.id.as_str()).collect();
/// assert_eq!(ids, ["01", "02", "03", "04", "05", "06", "07", "08", "09"]);
/// // Tables 08 and 09 print no figures (说明: the department has no such funds): information only.
/// assert_eq!(report.issues.len(), 2);
/// assert!(report.issues.iter().all(|i| i.severity == kemu::Severity::Info));
/// ```
pub fn import(text: &str) -> Report {
    import_lines(text, 1)
}

/// The table rows (lines with a cell break) past which a text none of whose rows starts with
/// an empty cell is taken to have trimmed them.
const TRIMMED_TEXT_ROWS: usize = 30;

/// [`import`] with the text's lines numbered from `first_line`.
fn import_lines(text: &str, first_line: usize) -> Report {
    let text = crate::text::ascii_digits(text);
    let text = crate::text::Lines::new(&text);
    let lines = &text.lines;
    let (title, year, kind) = report_head(lines);
    let Scanner { tables: raw, mut issues, mut counts, prose, other_rows, pages, furniture, .. } =
        Scanner::new(lines.len(), first_line).scan(&text);
    let mut tables = Vec::new();
    // Each table's figures printed finer than the cent.
    let mut finer_than_cents = Vec::new();
    // Where each table's rows end, for the rows left outside right after it.
    let ends: Vec<Option<usize>> = raw.iter().map(|rt| rt.rows().map(|(n, _)| n).max()).collect();
    // An extraction that keeps blank cells keeps them somewhere: every report of ../shared with
    // a table read prints a blank cell between two printed ones. One that never does may have
    // dropped them all, header rows included.
    let blanks_kept = raw.iter().any(|rt| rt.rows().any(|(_, cells)| interior_blank(cells)));
    // An extraction keeps a row's leading empty cells somewhere too (a 款 row under split codes,
    // a side-by-side table's right block alone: every text of ../shared with more than 19 table
    // rows starts six of them or more with one): a text of many rows that never does may have
    // trimmed them. (As printed: the scan reads some rows after empty cells it adds.)
    let table_rows = lines.iter().filter(|l| l.contains('\t')).count();
    let leading_kept = table_rows < TRIMMED_TEXT_ROWS
        || lines.iter().any(|l| l.starts_with('\t') && l.contains(|c: char| !c.is_whitespace()));
    for (ordinal, rt) in raw.into_iter().enumerate() {
        // A wide table printed in column blocks, each with the rows' labels: read as one.
        let rt = column_blocks::joined(&rt).unwrap_or(rt);
        // Past 65,535 tables (no real report) the position saturates rather than wraps.
        let number = rt.number.map_or_else(|| u16::try_from(ordinal + 1).unwrap_or(u16::MAX), u16::from);
        let id = format!("{number:02}");
        let Built {
            table,
            placed: rows::Placed { issues: table_issues, paired, by_pairs, .. },
            finer,
            dropped,
            span_unclear,
            off_header,
            trimmed,
        } = build_table(&id, &rt, (blanks_kept, leading_kept), &pages, &mut counts);
        finer_than_cents.push(finer);
        let mut table_issues = names_before_codes_as_layout(table_issues, &table, rt.line, &id);
        for (line, text) in &rt.unplaced {
            let kind = ImportIssueKind::UnplacedPageRow { text: text.clone() };
            table_issues.push(ImportIssue::new(*line, Some(&id), kind));
        }
        let mut doubts = doubts_of(&table_issues);
        if let Some((rows, first_line)) = dropped {
            doubts.push(Doubt::BlanksDropped { rows, first_line });
        }
        if let Some((rows, first_line)) = trimmed {
            doubts.push(Doubt::LeadingBlanksDropped { rows, first_line });
        }
        if span_unclear {
            doubts.push(Doubt::GroupSpanUnclear { first_line: rt.row(0).0 });
        }
        if off_header {
            doubts.push(Doubt::FiguresOffHeader { first_line: rt.row(0).0 });
        }
        issues.extend(table_issues);
        if table.rows.iter().all(|r| r.cells.iter().all(Option::is_none)) {
            issues.push(ImportIssue::new(rt.line, Some(&id), ImportIssueKind::NoFigures));
        }
        let (kind, unit, line) = (rt.kind, rt.unit, rt.line);
        tables.push(ImportedTable {
            number,
            number_printed: rt.number.is_some(),
            kind,
            unit,
            line,
            table,
            doubts,
            paired,
            rollup_by_pairs: by_pairs,
        });
    }
    doubt_unread_continuations(&mut tables, &ends, &issues, lines, first_line, &furniture);
    doubt_split_continuations(&mut tables, &ends, &pages);
    // A report whose first lines do not say: its tables' titles do (…决算表, …预算表).
    let kind = kind.or_else(|| kind_from_titles(&tables));
    let unit = tables.iter().find_map(|t| t.unit);
    // No amount in 元 is finer than the cent; in a report that states no unit, a few such
    // figures among figures to the cent are no amounts in a finer unit either.
    for (t, finer) in tables.iter_mut().zip(finer_than_cents) {
        if let Some(Finer { figures, first_line, of }) = finer
            && match t.unit.or(unit) {
                Some(Unit::Yuan) => true,
                None => figures * 2 < of,
                Some(_) => false,
            }
        {
            t.doubts.push(Doubt::FinerThanCents { figures, first_line });
        }
    }
    // Cross-table identities compare figures as printed, so a table in another unit (Shanghai
    // prints its 三公 table in 万元 beside 元 tables) is left out of them.
    for t in tables.iter().filter(|t| t.unit.is_some() && t.unit != unit) {
        let kind = ImportIssueKind::OtherUnit { unit: t.unit.unwrap_or(Unit::Yuan), report: unit };
        issues.push(ImportIssue::new(t.line, Some(&t.table.id), kind));
    }
    Report { title, year, kind, unit, tables, issues, lines: counts, prose, other_rows, pages }
}

/// A table that prints the name before the code on most of its coded rows (three at least) does
/// so by its layout: one [`ImportIssueKind::NamesBeforeCodes`] for the table, not a warning a row.
fn names_before_codes_as_layout(
    mut issues: Vec<ImportIssue>,
    table: &crate::balance::Table,
    line: usize,
    id: &str,
) -> Vec<ImportIssue> {
    let swapped = |i: &ImportIssue| matches!(i.kind, ImportIssueKind::NameBeforeCode { .. });
    let rows = issues.iter().filter(|i| swapped(i)).count();
    let coded = table.rows.iter().filter(|r| matches!(r.key, crate::balance::RowKey::Code(_))).count();
    if rows >= 3 && rows * 2 >= coded {
        issues.retain(|i| !swapped(i));
        issues.push(ImportIssue::new(line, Some(id), ImportIssueKind::NamesBeforeCodes { rows }));
    }
    issues
}

/// A table followed, past nothing but a page break (its furniture, a page head, rows printed
/// without cell breaks), by table rows the scanner could not take as its own may run on there: it carries [`Doubt::UnreadContinuation`], and nothing resting on its
/// totals is checked. `ends` are the tables' last row lines; `lines` start at `first_line`.
fn doubt_unread_continuations(
    tables: &mut [ImportedTable],
    ends: &[Option<usize>],
    issues: &[ImportIssue],
    lines: &[&str],
    first_line: usize,
    page_furniture: &[bool],
) {
    for issue in issues {
        let ImportIssueKind::RowsOutsideTables { rows, .. } = issue.kind else { continue };
        let before = ends.iter().enumerate().filter_map(|(t, end)| end.filter(|&e| e < issue.line).map(|e| (t, e)));
        let Some((t, end)) = before.max_by_key(|&(_, e)| e) else { continue };
        let span = end + 1 - first_line..issue.line - first_line;
        let between = lines.get(span.clone()).unwrap_or(&[]);
        let found = page_furniture.get(span).unwrap_or(&[]);
        // Page marks and furniture, or a row the extraction printed without its cell breaks
        // (`24 215 资源勘探工业信息等支出 16669639.60 …`: its words hold a code or a figure).
        let flattened = |l: &str| line::holds_figures(&l.split_whitespace().collect::<Vec<_>>());
        // A short line without a word of Chinese is a page number in some style of its own
        // (`Page 1`); a row without figures repeats the header on the next page.
        let mark = |l: &str| l.chars().count() <= 12 && !l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let header = |l: &str| l.contains('\t') && !line::holds_figures(&l.split('\t').collect::<Vec<_>>());
        // A page's head the text does not tell as furniture (printed on too few pages, or with
        // the page's number in it): up to two short lines, no sentence, right after a page mark.
        let mut head_lines: Option<usize> = None;
        let breaks_only = between.iter().zip(found.iter().chain(std::iter::repeat(&false))).all(|(l, &furniture)| {
            if line::is_page_mark(l) {
                head_lines = Some(0);
                return true;
            }
            if furniture || line::is_layout(l) || line::is_page_furniture(l) || flattened(l) || mark(l) || header(l) {
                return true;
            }
            let short = !l.contains('\t') && l.chars().count() <= 40 && !l.contains('。');
            match head_lines.as_mut() {
                Some(k) if short && *k < 2 => {
                    *k += 1;
                    true
                }
                _ => false,
            }
        });
        if breaks_only && !between.is_empty() {
            tables[t].doubts.push(Doubt::UnreadContinuation { rows, first_line: issue.line });
        }
    }
}

/// A table followed, right after a page break, by a table of its kind and columns with no
/// total row: that one may be its next page read as another table (its title printed again in
/// words the scanner did not take for the same, or numbered apart), so the first carries
/// [`Doubt::RunsOnBelow`] and nothing resting on its totals (its last 款 and 类 among them) is
/// checked. `ends` are the tables' last row lines, `pages` the page marks' lines.
fn doubt_split_continuations(tables: &mut [ImportedTable], ends: &[Option<usize>], pages: &[usize]) {
    use crate::balance::RowKey;
    let has_total = |t: &ImportedTable| t.table.rows.iter().any(|r| r.key == RowKey::Total);
    for i in 1..tables.len() {
        let (a, b) = (&tables[i - 1], &tables[i]);
        let Some(end) = ends[i - 1] else { continue };
        // Right after it: a page mark between, and no more than a title's and a header's lines.
        let next_page = pages.iter().any(|&p| end < p && p < b.line) && b.line <= end + 12;
        let alike = a.kind == b.kind && a.table.columns == b.table.columns && !b.table.rows.is_empty();
        if next_page && alike && !has_total(b) {
            let first_line = b.line;
            tables[i - 1].doubts.push(Doubt::RunsOnBelow { first_line });
        }
    }
}

/// 决算 when a table's title says 决算, else 预算 when one says 预算 (`一般公共预算支出表` does
/// not: 一般公共预算 is a fund, not the report); `None` when none says either.
fn kind_from_titles(tables: &[ImportedTable]) -> Option<ReportKind> {
    let titles = || tables.iter().map(|t| crate::catalog::normalize_name(&t.table.title));
    if titles().any(|t| t.contains("决算")) {
        return Some(ReportKind::FinalAccounts);
    }
    titles()
        .any(|t| t.replace("公共预算", "").replace("基金预算", "").replace("经营预算", "").contains("预算"))
        .then_some(ReportKind::Budget)
}

/// The unit a cover line names (`预算单位：某中心`, `单位名称：某局`, `部门名称：某局`).
fn unit_named(line: &str) -> Option<&str> {
    let (word, name) = line.split_once(['：', ':'])?;
    let word = word.trim();
    let names_unit = ["预算单位", "单位名称", "部门名称", "预算主管部门", "主管部门"].contains(&word);
    let name = name.trim();
    (names_unit && !name.is_empty() && !name.contains(['：', ':'])).then_some(name)
}

/// What the first lines say of the report: its title (the lines up to the one that says 决算 or
/// 预算, often printed over three), its year and its kind.
fn report_head(lines: &[&str]) -> (String, Option<u16>, Option<ReportKind>) {
    // Without spaces: a cover may print its words letter-spaced (`部 门 决 算`).
    let head = lines.iter().take(40).copied().collect::<Vec<_>>().join("\n").replace([' ', '\u{3000}'], "");
    let year = report_year(lines);
    let kind = match (head.find("决算"), head.find("预算")) {
        (Some(a), Some(b)) => Some(if a < b { ReportKind::FinalAccounts } else { ReportKind::Budget }),
        (Some(_), None) => Some(ReportKind::FinalAccounts),
        (None, Some(_)) => Some(ReportKind::Budget),
        (None, None) => None,
    };
    let mut title_lines: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let cover: Vec<&str> =
        lines.iter().map(|l| trim(l)).filter(|l| !is_layout(l) && !l.contains('\t')).take(5).collect();
    for (at, &l) in cover.iter().enumerate().take(4) {
        // A cover's letter-spaced words (`部 门 决 算`) read without their spaces.
        let l = line::collapse_letter_spacing(l).map_or(std::borrow::Cow::Borrowed(l), std::borrow::Cow::Owned);
        let done = l.contains("决算") || l.contains("预算");
        title_lines.push(l);
        if done {
            // The unit's name on the line after (`上海市2026年市级单位预算` over `预算单位：某中心`):
            // the title names whose report it is.
            if let Some(unit) = cover.get(at + 1).and_then(|next| unit_named(next)) {
                title_lines.push(std::borrow::Cow::Borrowed(unit));
            }
            break;
        }
    }
    (title_lines.join(" "), year, kind)
}

/// A table's figures printed finer than the cent: how many, the first one's line, and how many
/// figures the table prints in all.
struct Finer {
    figures: usize,
    first_line: usize,
    of: usize,
}

/// One table built.
struct Built {
    /// Its figures.
    table: Table,
    /// Its rows as placed.
    placed: rows::Placed,
    /// Its figures finer than the cent.
    finer: Option<Finer>,
    /// Its rows short of the blank cells the extraction dropped: how many, and the first line.
    dropped: Option<(usize, usize)>,
    /// Its rows shorter than the others in a text that may have trimmed leading empty cells.
    trimmed: Option<(usize, usize)>,
    /// Whether a group label of its header may stand over the middle of its span.
    span_unclear: bool,
    /// Whether figures stand under no header beside a named column with none under it.
    off_header: bool,
}

/// Phases 3 and 4 for one table: its header, then its rows; with how many of its figures are
/// printed finer than the cent, and the first one's line.
fn build_table(
    id: &str,
    rt: &RawTable<'_>,
    (blanks_kept, leading_kept): (bool, bool),
    pages: &[usize],
    counts: &mut LineCounts,
) -> Built {
    let apart = joined_labels::split(rt);
    let rt = apart.as_ref().unwrap_or(rt);
    let (header, body) = header::analyze(rt);
    counts.header_rows += header.rows;
    let mut placed = rows::place(id, &header, &body, counts);
    // A header that keeps a blank cell between printed ones (财政拨款 | | |, a merged cell) was
    // extracted keeping blank cells: a body row short of the header lost trailing ones only, and
    // its figures stand where they are printed.
    let header_keeps_blanks = (0..header.rows.min(rt.len())).any(|i| interior_blank(rt.row(i).1));
    let dropped = match (blanks_kept, header_keeps_blanks) {
        (true, true) => blanks_dropped(&body, pages, true),
        (true, false) => blanks_dropped(&body, pages, false),
        (false, _) => rows_uneven(rt),
    };
    let mut rows = std::mem::take(&mut placed.rows);
    let mut finer: Option<Finer> = None;
    for r in &rows {
        let n = r.cells.iter().flatten().filter(|d| d.scale() > 2).count();
        if n > 0 {
            finer.get_or_insert(Finer { figures: 0, first_line: r.line.unwrap_or(0), of: 0 }).figures += n;
        }
    }
    if let Some(f) = finer.as_mut() {
        f.of = rows.iter().map(|r| r.cells.iter().flatten().count()).sum();
    }
    at_table_precision(&mut rows);
    let table = Table { id: id.to_string(), title: rt.title.clone(), columns: header.columns, rows };
    // (Rows the scan read right-aligned are as long as the others by now.)
    let trimmed = if leading_kept || dropped.is_some() { None } else { shorter_rows(rt, header.rows, &body) };
    Built { table, placed, finer, dropped, trimmed, span_unclear: header.span_unclear, off_header: header.off_header }
}

/// Rows with figures of different lengths on consecutive lines, none with an empty cell between
/// two printed ones: an extraction that dropped the blank cells (`合计\t30.00` for
/// `合计\t\t30.00`). How many rows are shorter than the longest, and the first one's line;
/// `None` for a table as printed. `by_page`: only a page's rows are asked (a header that keeps
/// blank cells says a short row lost trailing ones, unless its page keeps none).
fn blanks_dropped(body: &header::Body<'_, '_>, pages: &[usize], by_page: bool) -> Option<(usize, usize)> {
    // (line, cells, whether a blank cell stands between printed ones) of the rows with figures.
    let rows: Vec<(usize, usize, bool)> = rows_with_figures(body)
        .filter(|&i| body.rows[i].1.len() > 1)
        .map(|i| (body.rows[i].0, body.rows[i].1.len(), interior_blank(body.rows[i].1)))
        .collect();
    let longest = rows.iter().map(|&(_, len, _)| len).max()?;
    // Rows on one page differ in length: a page (a sheet) of its own width is no dropped cell.
    let dropped = |rows: &[(usize, usize, bool)]| {
        let uneven = rows.windows(2).any(|w| w[1].0 == w[0].0 + 1 && w[1].1 != w[0].1);
        let mut short = rows.iter().filter(|&&(_, len, _)| len < longest);
        let &(first, _, _) = short.next()?;
        uneven.then(|| (1 + short.count(), first))
    };
    // Most tables keep a blank cell in their first rows (合计's name): settled there.
    let kept = rows.iter().any(|&(_, _, blank)| blank);
    if !kept {
        return if by_page { None } else { dropped(&rows) };
    }
    // A page of a table that keeps none where its other pages do (an extractor that reads a
    // page without its ruling lines another way) dropped them on that page; only where the
    // rows that keep blank cells keep their trailing ones too (in a text that drops trailing
    // blanks, a short row without a blank between printed cells lost those alone).
    if rows.iter().any(|&(_, len, blank)| blank && len < longest) {
        return None;
    }
    let page = |line: usize| pages.partition_point(|&mark| mark <= line);
    let mut found: Option<(usize, usize)> = None;
    for on_page in rows.chunk_by(|a, b| page(a.0) == page(b.0)) {
        // (Most rows of a page that dropped its blank cells are short; a page that dropped
        // trailing ones keeps the rows that end in a figure whole.)
        let whole = on_page.iter().filter(|&&(_, len, _)| len == longest).count();
        if on_page.len() < 2 || whole * 2 >= on_page.len() || on_page.iter().any(|&(_, _, blank)| blank) {
            continue;
        }
        if let Some((count, first)) = dropped(on_page) {
            let (total, at) = found.unwrap_or((0, first));
            found = Some((total + count, at.min(first)));
        }
    }
    found
}

/// The rows shorter than the body's longest row with figures (its header's `header_rows`
/// among them, and its rows with figures): how many, and the first one's line; `None` when
/// they are all as long.
fn shorter_rows(rt: &RawTable<'_>, header_rows: usize, body: &header::Body<'_, '_>) -> Option<(usize, usize)> {
    let with_figures = rows_with_figures(body).map(|i| body.rows[i]);
    let header = (0..header_rows.min(rt.len())).map(|i| rt.row(i));
    let rows: Vec<(usize, &[&str])> = header.chain(with_figures).collect();
    let longest = rows.iter().skip(header_rows).map(|(_, cells)| cells.len()).max()?;
    let mut short = rows.iter().filter(|(_, cells)| cells.len() < longest);
    let (first, _) = short.next()?;
    Some((1 + short.count(), *first))
}

/// The body's rows (their indices) that print a figure, header rows printed again aside.
fn rows_with_figures<'b>(body: &'b header::Body<'_, '_>) -> impl Iterator<Item = usize> + 'b {
    (0..body.rows.len())
        .filter(|&i| !body.repeated[i] && body.kinds(i).iter().any(|k| matches!(k, line::Cell::Number(_))))
}

/// Whether a row prints an empty cell between two printed ones (`-` is a blank figure, but a
/// printed cell).
fn interior_blank(cells: &[&str]) -> bool {
    let printed = |c: &&str| !c.is_empty();
    let (first, last) = (cells.iter().position(printed).unwrap_or(0), cells.iter().rposition(printed).unwrap_or(0));
    cells[first..last].iter().any(|c| c.is_empty())
}

/// In a report that keeps no blank cell anywhere: rows (header rows too) of different lengths,
/// whose cells may each stand under another column than the one printed above them. How many
/// rows are shorter than the longest, and the first one's line; `None` when every row is as long.
fn rows_uneven(rt: &RawTable<'_>) -> Option<(usize, usize)> {
    let longest = rt.rows().map(|(_, cells)| cells.len()).max()?;
    let mut short = rt.rows().filter(|(_, cells)| cells.len() > 1 && cells.len() < longest);
    let (first, _) = short.next()?;
    Some((1 + short.count(), first))
}

/// Precision is the table's, not one figure's: software that prints a table to 0.01 drops the
/// trailing zeros of `20.00`, so a `20` there carries half a cent of rounding, not half a yuan.
/// A figure takes the table's finest printed decimal place, as far as the table's widest figure
/// shows that its producer prints that many digits: a producer that prints ten significant
/// digits (`480544221.6` beside `58069417.06`) leaves `480544221.6` to its own tenth. The
/// evidence that zeros were dropped is a column that mixes decimal places; a table whose
/// columns each keep one (a column formatted to whole units beside columns in cents) is left
/// as printed.
fn at_table_precision(rows: &mut [crate::balance::Row]) {
    let digits = |d: &rust_decimal::Decimal| d.mantissa().unsigned_abs().checked_ilog10().map_or(0, |l| l + 1);
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut scales = vec![(u32::MAX, 0u32); width];
    for r in rows.iter() {
        for (s, d) in scales.iter_mut().zip(&r.cells) {
            if let Some(d) = d {
                *s = (s.0.min(d.scale()), s.1.max(d.scale()));
            }
        }
    }
    if !scales.iter().any(|&(least, most)| least < most) {
        return;
    }
    let figures = || rows.iter().flat_map(|r| r.cells.iter().flatten());
    let finest = figures().map(|d| d.scale()).max().unwrap_or(0);
    let widest = figures().map(digits).max().unwrap_or(0);
    for v in rows.iter_mut().flat_map(|r| r.cells.iter_mut().flatten()) {
        let scale = finest.min(v.scale() + widest.saturating_sub(digits(v)));
        if v.scale() < scale {
            v.rescale(scale);
        }
    }
}

/// One document of a text that joins several: its text and the line of the whole text it starts on.
///
/// ```
/// let docs = kemu::report::documents(kemu::report::EMBEDDED_REPORT);
/// assert_eq!((docs.len(), docs[0].first_line), (1, 1));
/// assert_eq!(docs[0].text, kemu::report::EMBEDDED_REPORT);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document<'t> {
    /// The 1-based line of the joined text where this document starts.
    pub first_line: usize,
    /// Its text.
    pub text: &'t str,
}

impl Document<'_> {
    /// Imports this document, its lines numbered as in the whole text.
    ///
    /// ```
    /// let text = "说明\n#####\n收入总表\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t十元\n#####\n支出总表\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1\n";
    /// let docs = kemu::report::import::documents(text);
    /// assert_eq!((docs.len(), docs[1].first_line), (2, 6));
    /// assert_eq!(docs[0].import().issues[0].line, 5, "the line in the whole text");
    /// ```
    pub fn import(&self) -> Report {
        import_lines(self.text, self.first_line)
    }
}

/// The documents of a text: a text joined from several (`#####` lines between them) is split
/// where each side prints tables of its own; a document without tables (the 说明 of a report
/// whose 公开表 were published as a separate PDF) stays with the tables that follow it, since
/// the two are one report. Reports printed one after another with no marker (a department's
/// and then each unit's, each with its cover) are split at each one's cover (`bundle`).
///
/// ```
/// let one = "2024年部门预算\n说明\n##### 附：公开表 #####\n收入总表\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1.00\n";
/// assert_eq!(kemu::report::import::documents(one).len(), 1, "a narrative and its attached tables");
/// let two = format!("{one}#####\n{one}");
/// assert_eq!(kemu::report::import::documents(&two).len(), 2);
/// ```
pub fn documents(text: &str) -> Vec<Document<'_>> {
    // Where each part starts (byte, line): the text's start and every line with the marker.
    let mut starts = vec![(0, 1)];
    let (mut offset, mut line) = (0, 1);
    for printed in text.split_inclusive('\n') {
        if offset > 0 && printed.starts_with("#####") {
            starts.push((offset, line));
        }
        offset += printed.len();
        line += 1;
    }
    starts.push((text.len(), line));
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut begin = (0, 1);
    for part in starts.windows(2) {
        if text[part[0].0..part[1].0].contains('\t') {
            spans.push((begin.0, part[1].0, begin.1));
            begin = part[1];
        }
    }
    // Text without tables at the end belongs to the last document, or is one of its own.
    match spans.last_mut() {
        Some(last) => last.1 = text.len(),
        None => spans.push((0, text.len(), 1)),
    }
    // Reports printed one after another with no marker: each from its cover on.
    let mut documents = Vec::with_capacity(spans.len());
    for (a, b, first_line) in spans {
        let mut begin = (a, first_line);
        for (byte, line) in bundle::report_starts(&text[a..b], first_line) {
            documents.push(Document { first_line: begin.1, text: &text[begin.0..a + byte] });
            begin = (a + byte, line);
        }
        documents.push(Document { first_line: begin.1, text: &text[begin.0..b] });
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_names_its_unit_in_the_title_when_the_line_after_says_it() {
        let head = |text: &str| report_head(&text.lines().collect::<Vec<_>>()).0;
        assert_eq!(
            head("=== 第1页 ===\n上海市2026年市级单位预算\n预算单位：上海市数据局\n"),
            "上海市2026年市级单位预算 上海市数据局"
        );
        assert_eq!(
            head("上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区商务委员会\n"),
            "上海市普陀区2025年区级部门预算 上海市普陀区商务委员会"
        );
        // A unit line with its unit of money too is no name of the report's unit alone.
        assert_eq!(head("2026年部门预算\n编制单位：某局 单位：元\n"), "2026年部门预算");
        assert_eq!(head("2026年部门预算\n一、部门职责\n"), "2026年部门预算");
    }
}
