//! Text extracted from a published disclosure → tables.
//!
//! The text has one line per printed line, table rows as tab-separated cells, `=== 第N页 ===` page
//! marks (tables continue across them) and `#####` lines between joined documents. A table starts
//! at its title (the last title-like line before its first row, so a table of contents is passed
//! over), its rows are split into header rows and data rows, and side-by-side blocks (收入 | 支出,
//! the three blocks of the economic table) become separate logical columns of one table. Every line
//! is counted; a row that cannot be placed is an [`ImportIssue`] with its line number.

use super::issue::{Doubt, ImportIssue, ImportIssueKind};
use super::layout::{Cell, build_table, classify};
use crate::amount::Unit;
use crate::balance::Table;
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
#[non_exhaustive]
pub enum TableKind {
    /// 收入支出决算总表 / 收支预算总表 / 财务收支预算总表 / 收支总体情况表 / 收支总表.
    Summary,
    /// 收入决算表 / 收入预算总表 / 收入总体情况表 / 收入总表.
    Income,
    /// 支出决算表 / 支出预算总表 / 支出总体情况表 / 支出总表.
    Expenditure,
    /// 财政拨款收入支出决算总表 / 财政拨款收支预算总表 / 财政拨款收支总体情况表.
    FiscalSummary,
    /// 财政拨款支出预算表 (Jiangsu).
    FiscalExpenditure,
    /// 财政拨款基本支出预算表 (Jiangsu).
    FiscalBasic,
    /// 一般公共预算财政拨款支出决算表 / 一般公共预算支出预算表 (功能分类).
    GeneralExpenditure,
    /// 一般公共预算支出表按经济分类 (not only 基本支出).
    GeneralEconomic,
    /// 一般公共预算财政拨款基本支出决算表 (经济分类).
    GeneralBasic,
    /// 一般公共预算项目支出表.
    GeneralProject,
    /// 基本支出预算表 of all funds.
    Basic,
    /// 项目支出表 / 专项业务经费支出表 of all funds.
    Project,
    /// 财政拨款上年结转资金支出表.
    CarryOver,
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
    /// 政府购买服务预算表.
    PurchaseService,
}

/// One title rule: every group must match (a group matches when the title holds any of its
/// texts) and none of `unless` may appear. The first rule that matches names the kind.
struct TitleRule {
    kind: TableKind,
    all: &'static [&'static [&'static str]],
    unless: &'static [&'static str],
}

const fn title_rule(
    kind: TableKind,
    all: &'static [&'static [&'static str]],
    unless: &'static [&'static str],
) -> TitleRule {
    TitleRule { kind, all, unless }
}

/// The words a table title ends with, in the layouts seen (总表, 情况表, 明细表 …).
const TABLE_WORDS: &[&str] = &["决算表", "预算表", "总表", "情况表", "明细表", "支出表", "收入表", "收支表", "经费表"];

/// Title rules as data, in order: a new province's wording is a new line here.
const TITLE_RULES: &[TitleRule] = {
    use TableKind::*;
    &[
        title_rule(ThreePublic, &[&["三公"]], &[]),
        title_rule(GovernmentFund, &[&["政府性基金"]], &[]),
        title_rule(StateCapital, &[&["国有资本经营"]], &[]),
        title_rule(OperatingCost, &[&["机关运行经费"]], &[]),
        title_rule(Procurement, &[&["政府采购"]], &[]),
        title_rule(PurchaseService, &[&["政府购买服务"]], &[]),
        title_rule(CarryOver, &[&["结转"], &["支出"]], &["收支"]),
        title_rule(GeneralBasic, &[&["一般公共预算"], &["基本支出"]], &[]),
        title_rule(GeneralProject, &[&["一般公共预算"], &["项目支出"]], &[]),
        title_rule(GeneralEconomic, &[&["一般公共预算"], &["支出"], &["经济分类", "经济科目"]], &[]),
        title_rule(GeneralExpenditure, &[&["一般公共预算"], &["支出"]], &[]),
        title_rule(FiscalBasic, &[&["财政拨款"], &["基本支出"]], &[]),
        title_rule(FiscalSummary, &[&["财政拨款收"], &["总表", "总体情况表"]], &[]),
        title_rule(FiscalExpenditure, &[&["财政拨款支出"]], &[]),
        title_rule(Summary, &[&["收入支出", "收支"], &["总表", "总体情况表"]], &[]),
        title_rule(Income, &[&["收入"], TABLE_WORDS], &["支出"]),
        title_rule(Basic, &[&["基本支出"], TABLE_WORDS], &[]),
        title_rule(Project, &[&["项目支出", "专项业务经费"], TABLE_WORDS], &[]),
        title_rule(Expenditure, &[&["支出"], TABLE_WORDS], &[]),
    ]
};

impl TableKind {
    /// Recognizes a table title (spaces ignored); `None` for text that is not one, and for the
    /// tables outside the disclosure set (绩效目标表, 绩效自评表).
    ///
    /// ```
    /// use kemu::report::TableKind;
    /// assert_eq!(TableKind::from_title("一般公共预算财政拨款基本支出决算表"), Some(TableKind::GeneralBasic));
    /// assert_eq!(TableKind::from_title("2023年部门财务收支预算总表"), Some(TableKind::Summary));
    /// assert_eq!(TableKind::from_title("收支总体情况表"), Some(TableKind::Summary));
    /// assert_eq!(TableKind::from_title("二、收入总表"), Some(TableKind::Income));
    /// assert_eq!(TableKind::from_title("项目支出绩效目标表"), None);
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
        let kind = TITLE_RULES
            .iter()
            .find(|r| {
                r.all.iter().all(|any| any.iter().any(|w| t.contains(w))) && !r.unless.iter().any(|w| t.contains(w))
            })
            .map(|r| r.kind)?;
        // A sentence that mentions a table is not its title (“详见附表”, “本表反映…”), and the
        // 绩效 tables are outside the set.
        let sentence = ["绩效", "详见", "本表", "。", "，"].iter().any(|w| t.contains(w));
        (!sentence).then_some(kind)
    }
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
    /// Why its reading is uncertain (empty: every figure has its row and column).
    pub doubts: Vec<Doubt>,
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
    ["单位：", "单位:", "部门：", "部门:", "续表", "单位名称", "金额单位", "编制单位", "预算单位"].iter().any(|m| t.contains(m))
        || t.starts_with("公开")
        // Marks the extractor split off their words (“ ”, : :, — —).
        || !t.chars().any(char::is_alphanumeric)
        || t.len() <= 48 && t.chars().all(|c| c.is_ascii_digit() || " -—–第页/，,共".contains(c))
}

/// A table row that the extractor printed without its cell boundaries: a code or label followed
/// by figures, separated by spaces (`2060203 15,500.00 15,500.00`).
pub(super) fn is_flattened_row(text: &str) -> bool {
    let mut tokens = text.split_whitespace();
    let Some(head) = tokens.next() else { return false };
    let rest: Vec<&str> = tokens.collect();
    let amount = |t: &str| t.contains(['.', ',']) && crate::amount::read_amount(t).is_ok_and(|a| a.is_some());
    !rest.is_empty()
        && rest.iter().all(|t| amount(t))
        && (matches!(classify(head), Cell::Code(_)) || !head.chars().any(|c| c.is_ascii_digit()))
}

/// A line printed with every character overstruck k times (a bold effect some producers fake:
/// `表表表表表表111111`), read once; `None` when the line is not so.
pub(super) fn collapse_overstrike(line: &str) -> Option<String> {
    // Most lines fail at their first two characters: no allocation for them.
    let mut head = line.trim_start().chars();
    match (head.next(), head.next()) {
        (Some(a), Some(b)) if a == b => {}
        _ => return None,
    }
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 4 {
        return None;
    }
    let mut runs: Vec<(char, usize)> = Vec::new();
    for &c in &chars {
        match runs.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => runs.push((c, 1)),
        }
    }
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let k = runs.iter().fold(0, |g, &(_, n)| gcd(g, n));
    (k >= 2 && runs.len() >= 2).then(|| runs.iter().flat_map(|&(c, n)| std::iter::repeat_n(c, n / k)).collect())
}

/// A title of a table outside the disclosure set: a short text ending in 表, alone on its row.
fn looks_like_other_title(cells: &[&str]) -> bool {
    if !cells[0].trim_end().ends_with('表') {
        return false;
    }
    let t = normalize_name(cells[0]);
    cells[1..].iter().all(|c| c.trim().is_empty())
        && t.ends_with('表')
        // 绩效目标表 and 绩效自评表 carry the project's name: longer titles.
        && t.chars().count() <= if t.contains("绩效") { 60 } else { 30 }
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

/// The number a table prints: `公开 02 表`, `公开01表`, `公开表二` anywhere on its title lines,
/// `(预算表5)` in its title, or a line that is only `表5` / `附表5` (printed above the title).
fn table_number(text: &str) -> Option<u8> {
    if !text.contains('表') {
        return None;
    }
    let in_range = |n: u8| (1..=30).contains(&n);
    let number = |s: &str| s.parse().ok().or_else(|| chinese_number(s)).filter(|&n| in_range(n));
    if text.contains("公开") {
        let t = normalize_name(text);
        let at = t.find("公开")?;
        let rest = &t[at + "公开".len()..];
        let rest = rest.strip_prefix('表').unwrap_or(rest);
        let end = rest.find('表').unwrap_or(rest.len());
        let inner = rest[..end].trim_start_matches('第');
        let inner = inner.split("部门").next().unwrap_or(inner);
        return number(inner);
    }
    let t = normalize_name(text);
    let bare = t.strip_prefix('附').unwrap_or(&t);
    if let Some(n) = bare.strip_prefix('表').map(|r| r.trim_end_matches([':', '：'])) {
        return number(n);
    }
    // “收支总表（预算表1）”: the number in brackets after the title.
    let (_, inner) = t.rsplit_once(['(', '（'])?;
    let inner = inner.strip_suffix([')', '）'])?;
    let n = inner.strip_prefix("预算表").or_else(|| inner.strip_prefix("决算表"))?;
    number(n)
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

/// Whether two titles name the same table: equal apart from spaces and a 续表/（续） mark.
fn same_title(a: &str, b: &str) -> bool {
    let key = |t: &str| {
        let n = normalize_name(t);
        n.replace("(续)", "").replace("续表", "")
    };
    key(a) == key(b)
}

fn open_table<'t>(
    raw: &mut Vec<RawTable<'t>>,
    kind: TableKind,
    number: Option<u8>,
    unit: Option<Unit>,
    line: usize,
    title: String,
) {
    raw.push(RawTable { kind, number, unit, line, title, cells: Vec::new(), rows: Vec::new() });
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
    // A number printed on its own line above the title (`表5`, `公开表2`) and the line it was on.
    let mut number_above: Option<(u8, usize)> = None;
    // Whether the last table opened may go on under a repeated title: a layout that prints the
    // title (and its number) again on every page continues one table, it does not start another.
    let mut continuable = false;
    // The run of rows with figures outside any table (first line, last line, rows), reported
    // once, and the last line that was not layout.
    let mut outside: Option<(usize, usize, usize)> = None;
    let mut last_content = 0usize;
    let flush_outside = |outside: &mut Option<(usize, usize, usize)>, issues: &mut Vec<ImportIssue>| {
        if let Some((first, last_line, rows)) = outside.take() {
            issues.push(ImportIssue::new(first, None, ImportIssueKind::RowsOutsideTables { rows, last_line }));
        }
    };
    // The last line if it was a line of prose, and its number: half of a title printed over two.
    let mut previous_prose: Option<(usize, &str)> = None;
    let mut other: Option<OtherRows> = None;
    let close_other = |other: &mut Option<OtherRows>, issues: &mut Vec<ImportIssue>| {
        if let Some(o) = other.take().filter(|o| o.rows > 0) {
            let kind = if o.titled {
                ImportIssueKind::OtherTable { title: o.title, rows: o.rows }
            } else {
                ImportIssueKind::UntitledRows { rows: o.rows, first: o.title }
            };
            issues.push(ImportIssue::new(o.line, None, kind));
        }
    };
    // A line's cells, reused from line to line; a table row copies them out at their size.
    let mut split: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if is_layout(line) {
            counts.layout += 1;
            // Joined documents: the second one's tables are its own.
            continuable &= !line.trim_start().starts_with("#####");
            continue;
        }
        let previous_content = std::mem::replace(&mut last_content, n);
        split.clear();
        split_cells(line, &mut split);
        let cells: &[&str] = &split;
        // An overstruck line (title, unit) is read as printed once.
        let collapsed = if cells.len() == 1 { collapse_overstrike(cells[0]) } else { None };
        let first = collapsed.as_deref().unwrap_or(cells[0]).trim();
        // A title: on its own line, or as the first cell of a row (Jiangsu prints
        // "收支预算总表公开表一部门：… 单位：万元" as a row).
        // A title printed over two lines (“…政府采购（资产配置、购买服务）” / “预算表（不含上年结转）”):
        // the line before, without 表 of its own, completes it.
        let mut title = TableKind::from_title(first).map(|kind| (kind, n, first.to_string()));
        if title.is_none()
            && cells.len() == 1
            && first.contains('表')
            && let Some((at, before)) = previous_prose.as_ref().filter(|(at, b)| *at + 1 == n && !b.contains('表'))
        {
            let joined = format!("{before}{first}");
            title = TableKind::from_title(&joined).map(|kind| (kind, *at, joined));
        }
        previous_prose = (cells.len() == 1 && collapsed.is_none()).then(|| (n, line.trim()));
        if let Some((kind, title_line, title)) = title {
            let rest_blank = cells[1..].iter().all(|c| c.trim().is_empty());
            if cells.len() == 1 || rest_blank {
                close_other(&mut other, &mut issues);
                pending = Some((kind, title_line, title));
                let above = number_above.take().filter(|&(_, at)| n - at <= 3).map(|(number, _)| number);
                let whole = collapsed.as_deref().unwrap_or(line);
                pending_number = table_number(whole).or(above);
                pending_unit = Unit::from_text(whole);
                prose_since_title = 0;
                in_table = false;
                counts.prose += 1;
                continue;
            }
        }
        if looks_like_other_title(cells) {
            close_other(&mut other, &mut issues);
            other = Some(OtherRows { title: normalize_name(first), line: n, rows: 0, titled: true });
            prose_since_title = 0;
            pending = None;
            in_table = false;
            continuable = false;
            counts.prose += 1;
            continue;
        }
        // A lone code inside a table is a row cut short (its figures lost), and a row printed
        // without its cell boundaries (`2060203 15,500.00 15,500.00`) is a row too: not prose.
        let lone_code =
            cells.len() == 1 && in_table && (matches!(classify(first), Cell::Code(_)) || is_flattened_row(first));
        if cells.len() == 1 && !lone_code {
            counts.prose += 1;
            // Prose ends a table; page furniture (unit, department, 续表, page numbers) does not.
            let furniture = (in_table || other.is_some() || pending.is_some()) && is_page_furniture(first);
            // A title outside the set may have a subtitle or two (“（2022年度）”) before its rows.
            let subtitle = other.as_ref().is_some_and(|o| o.titled && o.rows == 0) && {
                prose_since_title += 1;
                prose_since_title <= MAX_PROSE_AFTER_TITLE
            };
            if (in_table || other.is_some()) && !furniture && !subtitle {
                in_table = false;
                close_other(&mut other, &mut issues);
            }
            if pending.is_none()
                && first.chars().count() <= 12
                && let Some(number) = table_number(first)
            {
                number_above = Some((number, n));
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
        number_above = None;
        if let Some((kind, title_line, title)) = pending.take() {
            let repeated = continuable
                && raw.last().is_some_and(|t| {
                    t.kind == kind
                        && same_title(&t.title, &title)
                        && (pending_number.is_none() || t.number.is_none() || t.number == pending_number)
                });
            if repeated {
                in_table = true;
            } else {
                open_table(&mut raw, kind, pending_number, pending_unit, title_line, title);
                in_table = true;
                continuable = true;
            }
        }
        match raw.last_mut() {
            Some(t) if in_table => {
                // "部门：|某单位|||单位：万元" and similar rows before the header.
                // Printed again on each page of a table that runs over pages: furniture, not a row.
                let furniture = (line.contains("单位：") || line.contains("部门："))
                    && (t.rows.is_empty() || !holds_figures(cells));
                if furniture {
                    t.unit = t.unit.or_else(|| Unit::from_text(line));
                    counts.prose += 1;
                } else {
                    if cells.len() > MAX_CELLS {
                        let kind = ImportIssueKind::TooManyCells { cells: cells.len(), read: MAX_CELLS };
                        issues.push(ImportIssue::new(n, None, kind));
                    }
                    t.push_row(n, &cells[..cells.len().min(MAX_CELLS)]);
                }
            }
            // Outside any table: a row with a code or a figure is reported on its own; rows with
            // neither (the list of the department's units, with its 序号) start a block reported once
            // as a table outside the set (a block already open took such a row above).
            _ if holds_figures(cells) => {
                counts.prose += 1;
                match outside.as_mut() {
                    Some((_, last, rows)) if *last == previous_content => {
                        *last = n;
                        *rows += 1;
                    }
                    _ => {
                        flush_outside(&mut outside, &mut issues);
                        outside = Some((n, n, 1));
                    }
                }
            }
            _ => {
                counts.other_table_rows += 1;
                let title = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
                other = Some(OtherRows { title, line: n, rows: 1, titled: false });
            }
        }
    }

    close_other(&mut other, &mut issues);
    flush_outside(&mut outside, &mut issues);

    // Pass 2: split each table into header and data, blocks and columns.
    let mut tables = Vec::new();
    for (ordinal, rt) in raw.into_iter().enumerate() {
        // Past 65,535 tables (no real report) the position saturates rather than wraps.
        let number = rt.number.map_or_else(|| u16::try_from(ordinal + 1).unwrap_or(u16::MAX), u16::from);
        let id = format!("{number:02}");
        let (table, table_issues) = build_table(&id, &rt, &mut counts);
        let doubts = doubts_of(&table_issues);
        issues.extend(table_issues);
        if table.rows.iter().all(|r| r.cells.iter().all(Option::is_none)) {
            issues.push(ImportIssue::new(rt.line, Some(&id), ImportIssueKind::NoFigures));
        }
        tables.push(ImportedTable {
            number,
            number_printed: rt.number.is_some(),
            kind: rt.kind,
            unit: rt.unit,
            line: rt.line,
            table,
            doubts,
        });
    }
    let unit = tables.iter().find_map(|t| t.unit);
    // Cross-table identities compare figures as printed, so a table in another unit (Shanghai
    // prints its 三公 table in 万元 beside 元 tables) is left out of them.
    for t in tables.iter().filter(|t| t.unit.is_some() && t.unit != unit) {
        let kind = ImportIssueKind::OtherUnit { unit: t.unit.unwrap_or(Unit::Yuan), report: unit };
        issues.push(ImportIssue::new(t.line, Some(&t.table.id), kind));
    }
    Report { title, year, kind, unit, tables, issues, lines: counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_their_kind() {
        use TableKind::*;
        let cases: &[(&str, Option<TableKind>)] = &[
            ("收入支出决算总表", Some(Summary)),
            ("2026年部门收支总体情况表", Some(Summary)),
            ("一、收支总表", Some(Summary)),
            ("收入总体情况表", Some(Income)),
            ("2022年部门综合预算收入总表", Some(Income)),
            ("支出总体情况表", Some(Expenditure)),
            ("财政拨款收支总体情况表", Some(FiscalSummary)),
            ("财政拨款收入支出决算总表", Some(FiscalSummary)),
            ("一般公共预算支出情况表", Some(GeneralExpenditure)),
            ("2026 年度一般公共预算支出经济分类情况表", Some(GeneralEconomic)),
            ("一般公共预算基本支出情况表", Some(GeneralBasic)),
            ("一般公共预算项目支出情况表（按经济分类科目）", Some(GeneralProject)),
            ("基本支出预算情况表", Some(Basic)),
            ("项目支出预算情况表", Some(Project)),
            ("2022年部门综合预算专项业务经费支出表", Some(Project)),
            ("2022部门综合预算财政拨款上年结转资金支出表", Some(CarryOver)),
            ("财政拨款“三公”经费支出表", Some(ThreePublic)),
            ("政府性基金预算支出情况表", Some(GovernmentFund)),
            ("国有资本经营预算支出情况表", Some(StateCapital)),
            ("政府采购预算明细表", Some(Procurement)),
            ("财政拨款政府购买服务明细表", Some(PurchaseService)),
            ("项目支出绩效目标表", None),
            ("第二部分 2026年度部门预算报表", None),
            ("详见附表", None),
            ("注：本表反映部门本年度各项支出情况。", None),
        ];
        for (title, kind) in cases {
            assert_eq!(TableKind::from_title(title), *kind, "{title}");
        }
    }

    #[test]
    fn numbers_come_from_the_title_or_the_line_above() {
        let cases: &[(&str, Option<u8>)] = &[
            ("公开 02 表", Some(2)),
            ("公开01表", Some(1)),
            ("公开表二", Some(2)),
            ("公开表12", Some(12)),
            ("表5", Some(5)),
            ("表 13", Some(13)),
            ("附表3", Some(3)),
            ("表八", Some(8)),
            ("收支总表（预算表1）", Some(1)),
            ("本年一般公共预算“三公”经费支出表(预算表7)", Some(7)),
            ("表格", None),
            ("表99", None),
            ("收入总表", None),
        ];
        for (text, number) in cases {
            assert_eq!(table_number(text), *number, "{text}");
        }
    }

    #[test]
    fn page_furniture_and_overstruck_lines() {
        for furniture in [
            "单位：万元",
            "部门（单位）：某局 单位：万元",
            "— 9 —",
            "第7页，共45页",
            "续表",
            "“ ”",
            ": :",
            "单位名称 某委 单位 万元",
        ] {
            assert!(is_page_furniture(furniture), "{furniture}");
        }
        for prose in ["一、部门主要职责", "本部门无政府性基金预算", "2026年部门预算"] {
            assert!(!is_page_furniture(prose), "{prose}");
        }
        assert_eq!(collapse_overstrike("表表表111").as_deref(), Some("表1"));
        assert_eq!(collapse_overstrike("222000222222年年年").as_deref(), Some("2022年"));
        assert_eq!(collapse_overstrike("收入总表"), None);
        assert_eq!(collapse_overstrike("一一"), None, "one run is no overstrike");
    }

    #[test]
    fn rows_printed_without_cell_boundaries() {
        for row in ["2060203 15,500.00 15,500.00", "合计 1,717.85 1,717.85"] {
            assert!(is_flattened_row(row), "{row}");
        }
        for text in ["2026 年度部门预算", "一、部门主要职责", "201 一般公共服务支出", "截至 2021 年 12 月 31 日"]
        {
            assert!(!is_flattened_row(text), "{text}");
        }
    }

    #[test]
    fn titles_match_across_pages() {
        assert!(same_title("收入总体情况表", "收入总体情况表（续）"));
        assert!(same_title("2022年部门综合预算 收支总表", "2022年部门综合预算收支总表"));
        assert!(!same_title("收入总体情况表", "支出总体情况表"));
    }

    #[test]
    fn the_year_is_read_with_or_without_a_space() {
        for (text, year) in [("2024年度部门决算", Some(2024)), ("上海市 2026年 预算", Some(2026)), ("无年份", None)]
        {
            assert_eq!(read_year(text), year, "{text}");
        }
    }
}
