//! Text extracted from a published disclosure → tables.
//!
//! The text has one line per printed line, table rows as tab-separated cells, `=== 第N页 ===` page
//! marks (tables continue across them) and `#####` lines between joined documents. A table starts
//! at its title (the last title-like line before its first row, so a table of contents is passed
//! over), its rows are split into header rows and data rows, and side-by-side blocks (收入 | 支出,
//! the three blocks of the economic table) become separate logical columns of one table. Every line
//! is counted; a row that cannot be placed is an [`ImportIssue`] with its line number.

use super::layout::{Cell, build_table, classify};
use crate::amount::Unit;
use crate::balance::{Severity, Table};
use crate::catalog::normalize_name;

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

/// What a table is, from its title: the rules of a table set refer to these.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// use kemu::report::TableKind;
/// assert_eq!(report.tables[5].kind, TableKind::GeneralBasic);
/// assert_eq!(TableKind::from_title("财政拨款收入支出决算总表"), Some(TableKind::FiscalSummary));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TableKind {
    /// 收入支出决算总表 / 收支预算总表 / 财务收支预算总表.
    Summary,
    /// 收入决算表 / 收入预算总表.
    Income,
    /// 支出决算表 / 支出预算总表.
    Expenditure,
    /// 财政拨款收入支出决算总表 / 财政拨款收支预算总表.
    FiscalSummary,
    /// 财政拨款支出预算表 (Jiangsu).
    FiscalExpenditure,
    /// 财政拨款基本支出预算表 (Jiangsu).
    FiscalBasic,
    /// 一般公共预算财政拨款支出决算表 / 一般公共预算支出预算表.
    GeneralExpenditure,
    /// 一般公共预算财政拨款基本支出决算表 (经济分类).
    GeneralBasic,
    /// “三公”经费支出表.
    ThreePublic,
    /// 政府性基金预算财政拨款收入支出表.
    GovernmentFund,
    /// 国有资本经营预算财政拨款支出表.
    StateCapital,
    /// 机关运行经费支出表.
    OperatingCost,
    /// 政府采购支出表.
    Procurement,
}

impl TableKind {
    /// Recognizes a table title (spaces ignored); `None` for text that is not one.
    ///
    /// ```
    /// use kemu::report::TableKind;
    /// assert_eq!(TableKind::from_title("一般公共预算财政拨款基本支出决算表"), Some(TableKind::GeneralBasic));
    /// assert_eq!(TableKind::from_title("2023年部门财务收支预算总表"), Some(TableKind::Summary));
    /// assert_eq!(TableKind::from_title("注：本表反映部门本年度各项支出情况。"), None);
    /// ```
    pub fn from_title(title: &str) -> Option<TableKind> {
        // Cheap rejections first: this runs on every line of a report ("注：本表反映…" notes too).
        let raw = title.trim_start();
        if title.len() > 240 || raw.starts_with('注') || raw.starts_with("说明") || !title.contains('表') {
            return None;
        }
        // A title has at most 60 characters before its 部门: part; the text before the first 部
        // holds no more than that part, so long prose is rejected before normalizing it.
        let head = title.split('部').next().unwrap_or(title);
        if head.chars().filter(|c| !c.is_whitespace()).count() > 60 {
            return None;
        }
        let t = normalize_name(title);
        let t = t.split("部门:").next().unwrap_or(&t);
        if t.starts_with('注') || t.starts_with("说明") || t.chars().count() > 60 || !t.contains('表') {
            return None;
        }
        let has = |s: &str| t.contains(s);
        let kind = if has("三公") {
            TableKind::ThreePublic
        } else if has("政府性基金") {
            TableKind::GovernmentFund
        } else if has("国有资本经营") {
            TableKind::StateCapital
        } else if has("机关运行经费") {
            TableKind::OperatingCost
        } else if has("政府采购") {
            TableKind::Procurement
        } else if has("一般公共预算") && has("基本支出") {
            TableKind::GeneralBasic
        } else if has("一般公共预算") && has("支出") {
            TableKind::GeneralExpenditure
        } else if has("财政拨款") && has("基本支出") {
            TableKind::FiscalBasic
        } else if has("财政拨款收") && has("总表") {
            TableKind::FiscalSummary
        } else if has("财政拨款支出") {
            TableKind::FiscalExpenditure
        } else if (has("收入支出") || has("收支")) && has("总表") {
            TableKind::Summary
        } else if has("收入") && (has("决算表") || has("预算表") || has("预算总表")) {
            TableKind::Income
        } else if has("支出") && (has("决算表") || has("预算表") || has("预算总表")) {
            TableKind::Expenditure
        } else {
            return None;
        };
        Some(kind)
    }
}

/// A row or line the importer could not place.
///
/// ```
/// let report = kemu::report::import("收入决算表\n单位：万元\n科目编码\t科目名称\t金额\n201\t一般公共服务支出\t十元\n");
/// let issue = &report.issues[0];
/// assert_eq!((issue.line, issue.table.as_deref(), issue.severity), (4, Some("01"), kemu::Severity::Warning));
/// assert!(issue.message.contains("is not an amount"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ImportIssue {
    /// 1-based line of the text.
    pub line: usize,
    /// The table id, if inside a table.
    pub table: Option<String>,
    /// How serious: a row that could not be placed is a warning; a table outside the
    /// disclosure set, passed over whole, is information.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// Where every input line went.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let l = report.lines;
/// assert_eq!(l.total, kemu::report::EMBEDDED_REPORT.lines().count());
/// assert_eq!(l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows, l.total);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LineCounts {
    /// All lines.
    pub total: usize,
    /// Blank lines, page marks and document separators.
    pub layout: usize,
    /// Prose and title/unit/department lines outside table rows.
    pub prose: usize,
    /// Header rows of tables (column names, 栏次).
    pub header_rows: usize,
    /// Table rows that became rows of a table (one printed row may hold several blocks).
    pub data_rows: usize,
    /// Table rows with no figures and no label (empty placeholders).
    pub empty_rows: usize,
    /// Table rows reported as issues.
    pub rejected_rows: usize,
    /// Rows of tables outside the disclosure set (reported once per table).
    pub other_table_rows: usize,
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
}

/// An imported report: what it is and its tables.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(report.tables.len(), 9);
/// assert_eq!(report.year, Some(2020));
/// ```
#[derive(Debug, Clone, PartialEq)]
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
}

impl Report {
    /// The first table of a kind.
    ///
    /// ```
    /// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
    /// let income = report.table(kemu::report::TableKind::Income).unwrap();
    /// assert_eq!(income.table.id, "02");
    /// ```
    pub fn table(&self, kind: TableKind) -> Option<&ImportedTable> {
        self.tables.iter().find(|t| t.kind == kind)
    }
}

/// The most cells of a row that are read: real tables have at most a few dozen columns, and the
/// column analysis is proportional to columns × rows.
const MAX_CELLS: usize = 64;

/// Rows outside the disclosure tables, reported once: a titled table outside the set (绩效目标表
/// …), or rows that have neither a title nor figures.
struct OtherRows {
    title: String,
    line: usize,
    rows: usize,
    titled: bool,
}

/// Whether a row outside the tables prints a code or a figure (a 序号 — a small whole number —
/// is neither): such a row is reported on its own, never passed over.
fn holds_figures(cells: &[&str]) -> bool {
    cells.iter().any(|c| match classify(c) {
        Cell::Code(_) => true,
        Cell::Number(d) => !(d.scale() == 0 && d.is_sign_positive() && d < rust_decimal::Decimal::ONE_HUNDRED),
        Cell::Empty | Cell::Text(_) => false,
    })
}

/// The most prose lines (page furniture aside) between a title and its table's first row.
const MAX_PROSE_AFTER_TITLE: usize = 2;

/// Lines printed on every page or around a table that do not end it.
fn is_page_furniture(line: &str) -> bool {
    let t = line.trim();
    ["单位：", "单位:", "部门：", "部门:", "续表"].iter().any(|m| t.contains(m))
        || t.starts_with("公开")
        || t.len() <= 36 && t.chars().all(|c| c.is_ascii_digit() || " -—第页/".contains(c))
}

/// A title of a table outside the disclosure set: a short text ending in 表, alone on its row.
fn looks_like_other_title(cells: &[&str]) -> bool {
    if !cells[0].trim_end().ends_with('表') {
        return false;
    }
    let t = normalize_name(cells[0]);
    cells[1..].iter().all(|c| c.trim().is_empty())
        && t.ends_with('表')
        && t.chars().count() <= 30
        && TableKind::from_title(&t).is_none()
        && !t.starts_with('注')
        && !is_page_furniture(cells[0])
}

/// A line's tab-separated cells. A plain byte loop: cells are short, and a search call per cell
/// cost more than the scan.
fn split_cells<'t>(line: &'t str, cells: &mut Vec<&'t str>) {
    // Prose, often long, has no tab: one fast search says so.
    if !line.as_bytes().contains(&b'\t') {
        cells.push(line);
        return;
    }
    let mut start = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            cells.push(&line[start..i]);
            start = i + 1;
        }
    }
    cells.push(&line[start..]);
}

fn is_layout(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || (t.starts_with("===") && t.ends_with("===")) || t.starts_with("#####")
}

fn chinese_number(s: &str) -> Option<u8> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u8);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// `公开 02 表`, `公开01表`, `公开表二` → the number.
fn table_number(text: &str) -> Option<u8> {
    if !text.contains("公开") {
        return None;
    }
    let t = normalize_name(text);
    let at = t.find("公开")?;
    let rest = &t[at + "公开".len()..];
    let rest = rest.strip_prefix('表').unwrap_or(rest);
    let end = rest.find('表').unwrap_or(rest.len());
    let inner = rest[..end].trim_start_matches('第');
    let inner = inner.split("部门").next().unwrap_or(inner);
    inner.parse().ok().or_else(|| chinese_number(inner)).filter(|n| (1..=30).contains(n))
}

fn read_year(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4)).find_map(|i| {
        let digits = &text.get(i..i + 4)?;
        let year: u16 = digits.parse().ok()?;
        let next = text.get(i + 4..)?;
        ((2000..=2100).contains(&year) && digits.bytes().all(|b| b.is_ascii_digit()) && next.starts_with('年'))
            .then_some(year)
    })
}

pub(super) struct RawTable<'t> {
    pub(super) kind: TableKind,
    pub(super) number: Option<u8>,
    pub(super) unit: Option<Unit>,
    pub(super) line: usize,
    pub(super) title: String,
    /// Every row's cells one after another, borrowed from the text: one buffer per table.
    cells: Vec<&'t str>,
    /// Each row's line and the end of its cells in `cells`.
    rows: Vec<(usize, usize)>,
}

impl<'t> RawTable<'t> {
    fn push_row(&mut self, line: usize, cells: &[&'t str]) {
        self.cells.extend_from_slice(cells);
        self.rows.push((line, self.cells.len()));
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Row `i`: its line and cells.
    pub(super) fn row(&self, i: usize) -> (usize, &[&'t str]) {
        let start = i.checked_sub(1).map_or(0, |p| self.rows[p].1);
        let (line, end) = self.rows[i];
        (line, &self.cells[start..end])
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = (usize, &[&'t str])> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }
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
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            Err(ImportError::NotUtf8 { line, column })
        }
    }
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
    let lines: Vec<&str> = text.lines().collect();
    let mut counts = LineCounts { total: lines.len(), ..LineCounts::default() };
    let mut issues = Vec::new();
    let head: String = lines.iter().take(40).copied().collect::<Vec<_>>().join("\n");
    let year = read_year(&head).or_else(|| read_year(text));
    let kind = match (head.find("决算"), head.find("预算")) {
        (Some(a), Some(b)) => Some(if a < b { ReportKind::FinalAccounts } else { ReportKind::Budget }),
        (Some(_), None) => Some(ReportKind::FinalAccounts),
        (None, Some(_)) => Some(ReportKind::Budget),
        (None, None) => None,
    };
    // The title: the first lines up to the one that says 决算 or 预算 (often printed over three lines).
    let mut title_lines: Vec<&str> = Vec::new();
    for l in lines.iter().map(|l| l.trim()).filter(|l| !is_layout(l) && !l.contains('\t')).take(4) {
        title_lines.push(l);
        if l.contains("决算") || l.contains("预算") {
            break;
        }
    }
    let title = title_lines.join(" ");

    // Pass 1: find tables and their raw rows.
    let mut raw: Vec<RawTable> = Vec::new();
    let mut pending: Option<(TableKind, usize, String)> = None;
    let mut pending_number: Option<u8> = None;
    let mut pending_unit: Option<Unit> = None;
    // Prose lines since the pending title: a title is followed by its unit, number and department
    // lines, at most a subtitle or two; a title in a table of contents is followed by paragraphs,
    // and must not name a table that comes pages later without a title of its own.
    let mut prose_since_title = 0usize;
    let mut in_table = false;
    let mut other: Option<OtherRows> = None;
    let close_other = |other: &mut Option<OtherRows>, issues: &mut Vec<ImportIssue>| {
        if let Some(o) = other.take().filter(|o| o.rows > 0) {
            let (title, rows) = (o.title, o.rows);
            let message = if o.titled {
                format!("“{title}”（{rows} 行）不是公开表，未审核 | not a disclosure table ({rows} rows); not audited")
            } else {
                format!(
                    "{rows} 行表格没有表名、没有金额（首行“{title}”），未审核 | {rows} table rows without a title or figures (first: “{title}”); not audited"
                )
            };
            issues.push(ImportIssue { line: o.line, table: None, severity: Severity::Info, message });
        }
    };
    // A line's cells, reused from line to line; a table row copies them out at their size.
    let mut split: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if is_layout(line) {
            counts.layout += 1;
            continue;
        }
        split.clear();
        split_cells(line, &mut split);
        let cells: &[&str] = &split;
        let first = cells[0].trim();
        // A title: on its own line, or as the first cell of a row (Jiangsu prints
        // "收支预算总表公开表一部门：… 单位：万元" as a row).
        if let Some(kind) = TableKind::from_title(first) {
            let rest_blank = cells[1..].iter().all(|c| c.trim().is_empty());
            if cells.len() == 1 || rest_blank {
                close_other(&mut other, &mut issues);
                pending = Some((kind, n, first.to_string()));
                pending_number = table_number(line);
                pending_unit = Unit::from_text(line);
                prose_since_title = 0;
                in_table = false;
                counts.prose += 1;
                continue;
            }
        }
        if looks_like_other_title(cells) {
            close_other(&mut other, &mut issues);
            other = Some(OtherRows { title: normalize_name(first), line: n, rows: 0, titled: true });
            pending = None;
            in_table = false;
            counts.prose += 1;
            continue;
        }
        // A lone code inside a table is a row cut short (its figures lost), not prose.
        let lone_code = cells.len() == 1 && in_table && matches!(classify(first), Cell::Code(_));
        if cells.len() == 1 && !lone_code {
            counts.prose += 1;
            // Prose ends a table; page furniture (unit, department, 续表, page numbers) does not.
            let furniture = (in_table || other.is_some() || pending.is_some()) && is_page_furniture(first);
            if (in_table || other.is_some()) && !furniture {
                in_table = false;
                close_other(&mut other, &mut issues);
            }
            if pending.is_some() {
                pending_number = pending_number.or_else(|| table_number(first));
                pending_unit = pending_unit.or_else(|| Unit::from_text(first));
                if !furniture {
                    prose_since_title += 1;
                    if prose_since_title > MAX_PROSE_AFTER_TITLE {
                        pending = None;
                    }
                }
            }
            continue;
        }
        // Rows of a table outside the set; without a title, only while they hold no figures.
        if let Some(o) = other.as_mut()
            && (o.titled || !holds_figures(cells))
        {
            o.rows += 1;
            counts.other_table_rows += 1;
            continue;
        }
        // A row: it opens the pending table, or continues the current one.
        if let Some((kind, title_line, title)) = pending.take() {
            raw.push(RawTable {
                kind,
                number: pending_number,
                unit: pending_unit,
                line: title_line,
                title,
                cells: Vec::new(),
                rows: Vec::new(),
            });
            in_table = true;
        }
        match raw.last_mut() {
            Some(t) if in_table => {
                // "部门：|某单位|||单位：万元" and similar rows before the header.
                if t.rows.is_empty() && cells.iter().any(|c| c.contains("单位：") || c.contains("部门：")) {
                    t.unit = t.unit.or_else(|| Unit::from_text(line));
                    counts.prose += 1;
                } else {
                    if cells.len() > MAX_CELLS {
                        issues.push(ImportIssue {
                            line: n,
                            table: None,
                            severity: Severity::Warning,
                            message: format!(
                                "一行有 {} 格，只读前 {MAX_CELLS} 格 | the row has {} cells; only the first {MAX_CELLS} are read",
                                cells.len(),
                                cells.len()
                            ),
                        });
                    }
                    t.push_row(n, &cells[..cells.len().min(MAX_CELLS)]);
                }
            }
            // Outside any table: a row with a code or a figure is reported on its own; rows with
            // neither (the list of the department's units, with its 序号) start a block reported once
            // as a table outside the set (a block already open took such a row above).
            _ if holds_figures(cells) => {
                counts.prose += 1;
                issues.push(ImportIssue {
                    line: n,
                    table: None,
                    severity: Severity::Warning,
                    message: "表格行不属于任何已识别的表 | a table row outside any recognized table".into(),
                });
            }
            _ => {
                counts.other_table_rows += 1;
                let title = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
                other = Some(OtherRows { title, line: n, rows: 1, titled: false });
            }
        }
    }

    close_other(&mut other, &mut issues);

    // Pass 2: split each table into header and data, blocks and columns.
    let mut tables = Vec::new();
    for (ordinal, rt) in raw.into_iter().enumerate() {
        // Past 65,535 tables (no real report) the position saturates rather than wraps.
        let number = rt.number.map_or_else(|| u16::try_from(ordinal + 1).unwrap_or(u16::MAX), u16::from);
        let id = format!("{number:02}");
        let (table, table_issues) = build_table(&id, &rt, &mut counts);
        issues.extend(table_issues);
        if table.rows.iter().all(|r| r.cells.iter().all(Option::is_none)) {
            issues.push(ImportIssue {
                line: rt.line,
                table: Some(id.clone()),
                severity: Severity::Info,
                message: "表内无数据 | the table holds no figures".into(),
            });
        }
        tables.push(ImportedTable {
            number,
            number_printed: rt.number.is_some(),
            kind: rt.kind,
            unit: rt.unit,
            line: rt.line,
            table,
        });
    }
    let unit = tables.iter().find_map(|t| t.unit);
    // Cross-table identities compare figures as printed, so a table in another unit (Shanghai
    // prints its 三公 table in 万元 beside 元 tables) is left out of them.
    for t in tables.iter().filter(|t| t.unit.is_some() && t.unit != unit) {
        issues.push(ImportIssue {
            line: t.line,
            table: Some(t.table.id.clone()),
            severity: Severity::Info,
            message: format!(
                "本表单位为{}，与报告其他表（{}）不同，不参与跨表核对 | this table is in {}, the report's other tables in {}: left out of cross-table checks",
                t.unit.map_or("", Unit::chinese),
                unit.map_or("", Unit::chinese),
                t.unit.map_or("", Unit::chinese),
                unit.map_or("", Unit::chinese)
            ),
        });
    }
    Report { title, year, kind, unit, tables, issues, lines: counts }
}
