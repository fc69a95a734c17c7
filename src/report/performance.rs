//! The performance tables (绩效目标表, 绩效自评表): outside the disclosure set and printed as forms
//! rather than lists, yet with figures that must agree. What of them is certain is checked:
//!
//! - a fund block: a total (年度资金总额 …) over its parts (其中：财政拨款, 上年结转资金, 其他资金),
//!   or beside them, each figure right of its label or under the amount columns of a header
//!   (年初预算数 | 全年预算数 | 全年执行数): total = Σ parts, column by column, where the parts run
//!   to the line that closes the template's block (其他资金): 其中 alone lists some of a total; a
//!   breakdown by nature (基本支出, 项目支出) is summed alone, never with parts by source;
//! - a self-evaluation's execution rate, 执行率 = 全年执行数 / 全年预算数 (its rounding and each
//!   figure's allowed for; a rate held at 100 % over a larger 执行数 is the template's cap);
//! - its 总分: the scores of the indicators, with the execution rate's where the template counts it;
//!   a scored row without its finest indicator (a level's subtotal?) leaves the 总分 unchecked.
//!
//! A group is read only where every figure of it is: a label the lists do not know beside a
//! figure, a text where a figure stands, an indicator row whose cells do not line up with its
//! header leave the group unchecked, and the table's info says why.

use super::import::Report;
use super::issue::ImportIssueKind;
use crate::amount::{Unit, half_step, read_amount, without_text_mark};
use crate::balance::{self, CellRef, Equation, Finding, Row, RowKey, Severity, Table, Tolerance};
use crate::catalog::normalized;
use crate::text::trim;
use rust_decimal::Decimal;

/// The labels of a fund block, as data: a province whose form words its lines otherwise passes
/// its own lists.
///
/// ```
/// use kemu::report::performance::{FundLabels, FUND_LABELS};
/// assert!(FUND_LABELS.totals.contains(&"年度资金总额"));
/// let mine = FundLabels { totals: &["项目资金"], parts: &["本级资金", "上级资金"], closing: &["上级资金"], by_nature: &[] };
/// assert_eq!(mine.parts.len(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundLabels {
    /// A total's label (其中：, colons, spaces and a bracketed unit aside).
    pub totals: &'static [&'static str],
    /// A part's label.
    pub parts: &'static [&'static str],
    /// Of the parts, those that close a block: the template's last line (其他资金), after which
    /// no part is left out. Parts without one may be some of the total only (其中 is "of
    /// which"), and are not summed.
    pub closing: &'static [&'static str],
    /// The lines of a breakdown by nature (基本支出, 项目支出): complete when every one of them
    /// is printed; summed alone (with a closing 其他资金 or without it, as the template may
    /// read), never with the parts by source (two breakdowns of one total).
    pub by_nature: &'static [&'static str],
}

/// The fund labels of the national templates and of the layouts met so far: 财政部's 项目支出绩效
/// 目标表 (a multi-year project's 实施期 or 中期资金总额 beside its 年度资金总额) and 自评表,
/// Shanghai's 绩效目标填报表 (项目资金总额 beside 年度资金申请总额), Chongqing's 当年预算 over
/// 市级支出 and 补助区县.
///
/// ```
/// use kemu::report::performance::FUND_LABELS;
/// assert!(FUND_LABELS.parts.contains(&"上年结转资金") && FUND_LABELS.totals.contains(&"当年预算"));
/// ```
pub const FUND_LABELS: FundLabels = FundLabels {
    totals: &[
        "年度资金总额",
        "年度预算资金总额",
        "项目资金总额",
        "资金总额",
        "年度资金申请总额",
        "当年预算",
        "实施期资金总额",
        "中期资金总额",
    ],
    parts: &["财政拨款", "当年财政拨款", "财政资金", "上年结转资金", "上年结转", "其他资金", "市级支出", "补助区县"],
    closing: &["其他资金", "补助区县"],
    by_nature: &["基本支出", "项目支出"],
};

/// What the pass found: its findings, how many identities it checked, and the title lines of
/// the tables it read (their "not audited" info no longer holds).
///
/// ```
/// let text = "项目支出绩效目标表\n项目名称\t某项目\t\n项目资金（万元）\t年度资金总额：\t100.00\n\t其中：财政拨款\t90.00\n\t其他资金\t9.00\n总体目标\t完成任务\t\n";
/// let checked = kemu::report::performance::check(&kemu::report::import(text), &kemu::report::performance::FUND_LABELS);
/// assert_eq!(checked.identities, 1);
/// assert_eq!(checked.findings.iter().filter(|f| f.severity == kemu::Severity::Error).count(), 1);
/// assert_eq!(checked.findings[0].difference, Some("1.00".parse().unwrap()));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Checked {
    /// Errors, rounding tails and one info per table read (what was checked, or why not).
    pub findings: Vec<Finding>,
    /// Identities checked.
    pub identities: usize,
    /// The title lines of the tables read.
    pub read: Vec<usize>,
}

/// Checks the fund blocks, execution rates and score totals of the report's performance tables.
/// See the module docs for what is read.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let checked = kemu::report::performance::check(&report, &kemu::report::performance::FUND_LABELS);
/// assert_eq!((checked.identities, checked.findings.len()), (0, 0), "a 决算 without performance tables");
/// ```
pub fn check(report: &Report, labels: &FundLabels) -> Checked {
    let mut out = Checked::default();
    let tails = Mark::tails(labels);
    for form in forms(report) {
        let mut sheet = Sheet {
            form: &form,
            labels,
            marks: form.cells.iter().map(|c| Mark::of(c, labels, &tails)).collect(),
            tables: Vec::new(),
            equations: Vec::new(),
            alternatives: Vec::new(),
            rates: Vec::new(),
            fund_score: None,
            doubts: Vec::new(),
        };
        // Rows of unequal length and no blank cell between filled ones: an extractor dropped
        // the blank cells, and no position is certain (trailing ones alone may go).
        let width = form.row(0).len();
        let inner_blank = |cells: &[&str]| {
            let last = cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
            cells[..last].iter().any(|c| c.is_empty())
        };
        // Nor where no row starts with a blank cell (a fund row's label stands after one): a
        // text that trims its lines drops leading blank cells as well.
        let rows = 0..form.len();
        let leading_blank = rows.clone().any(|r| form.row(r).first().is_some_and(|c| c.trim().is_empty()));
        let kept = rows.clone().any(|r| inner_blank(form.row(r))) && leading_blank;
        if rows.clone().all(|r| form.row(r).len() == width) || kept {
            sheet.read_funds();
            sheet.read_scores();
        } else if rows.into_iter().any(|r| sheet.has_fund_label(r)) {
            sheet.doubts.push("行长短不一（空格被略去）".to_string());
        }
        let before = out.findings.len();
        for (i, eq) in sheet.equations.iter().enumerate() {
            let Some(finding) = balance::check(&sheet.tables, eq, Tolerance::Rounded) else { continue };
            // An identity that holds as another template reads it is no error.
            let other = sheet.alternatives.iter().find(|(at, _)| *at == i);
            let holds_otherwise =
                other.is_some_and(|(_, alt)| balance::check(&sheet.tables, alt, Tolerance::Rounded).is_none());
            if !(holds_otherwise && finding.severity == Severity::Error) {
                out.findings.push(finding);
            }
        }
        let rates = sheet.rates(&mut out.findings);
        let identities = sheet.equations.len() + rates;
        out.identities += identities;
        let table_findings = out.findings.len() - before;
        if let Some(info) = sheet.info(identities, table_findings) {
            out.read.push(form.line);
            out.findings.push(info);
        }
    }
    out
}

/// One performance table as printed: its title, title line and rows (cells trimmed), the cells
/// of all rows in one list.
struct Form<'r> {
    title: &'r str,
    line: usize,
    /// Each row's line.
    lines: Vec<usize>,
    cells: Vec<&'r str>,
    /// Where each row's cells end in `cells`.
    ends: Vec<usize>,
}

impl<'r> Form<'r> {
    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Row `r`'s range in `cells` (empty past the last row).
    fn span(&self, r: usize) -> std::ops::Range<usize> {
        let start = r.checked_sub(1).and_then(|p| self.ends.get(p)).copied().unwrap_or(0);
        start..self.ends.get(r).copied().unwrap_or(start)
    }

    fn row(&self, r: usize) -> &[&'r str] {
        &self.cells[self.span(r)]
    }
}

/// Whether a title outside the set is a performance table's.
fn is_performance_title(title: &str) -> bool {
    title.contains("绩效") && ["目标", "自评", "评价"].iter().any(|w| title.contains(w))
}

/// The performance tables of the report, each with the rows printed under its title (up to the
/// next title or table).
fn forms(report: &Report) -> Vec<Form<'_>> {
    let mut starts: Vec<usize> = report
        .issues
        .iter()
        .filter(|i| matches!(i.kind, ImportIssueKind::OtherTable { .. } | ImportIssueKind::UntitledRows { .. }))
        .map(|i| i.line)
        .chain(report.tables.iter().map(|t| t.line))
        .collect();
    starts.sort_unstable();
    // The rows in line order, collected once: each form's are a range of them.
    let other: Vec<(usize, &str)> = report.other_rows.lines().collect();
    let mut forms = Vec::new();
    for issue in &report.issues {
        let ImportIssueKind::OtherTable { title, .. } = &issue.kind else { continue };
        if !is_performance_title(title) {
            continue;
        }
        let end = starts.get(starts.partition_point(|&s| s <= issue.line)).copied().unwrap_or(usize::MAX);
        let (from, to) = (other.partition_point(|&(n, _)| n <= issue.line), other.partition_point(|&(n, _)| n < end));
        let rows = &other[from..to];
        let mut form = Form {
            title,
            line: issue.line,
            lines: Vec::with_capacity(rows.len()),
            // Most forms are a few cells wide.
            cells: Vec::with_capacity(rows.len() * 8),
            ends: Vec::with_capacity(rows.len()),
        };
        for &(n, row) in rows {
            form.lines.push(n);
            let mut start = 0;
            for tab in memchr::memchr_iter(b'\t', row.as_bytes()) {
                form.cells.push(trim(&row[start..tab]));
                start = tab + 1;
            }
            form.cells.push(trim(&row[start..]));
            form.ends.push(form.cells.len());
        }
        forms.push(form);
    }
    forms
}

/// What a cell's label is in a fund block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fund {
    Total,
    Part,
    /// A part that closes its block.
    Closing,
    /// A line of the breakdown by nature: its place in [`FundLabels::by_nature`].
    Nature(usize),
}

impl Fund {
    fn is_part(self) -> bool {
        matches!(self, Fund::Part | Fund::Closing | Fund::Nature(_))
    }
}

/// What a cell is to the reading, settled once per cell: the form is walked many times (each
/// total's parts, each row's next label, the score header) and a label's normal form costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Blank,
    Fund(Fund),
    /// 分值.
    Points,
    /// 得分.
    Score,
    /// 总分.
    TotalScore,
    Other,
}

impl Mark {
    fn of(cell: &str, labels: &FundLabels, tails: &[char]) -> Mark {
        if cell.is_empty() {
            return Mark::Blank;
        }
        // Most cells are figures or sentences: one that does not end as a label does (colons
        // and a bracketed unit aside) is none, and needs no normal form.
        if !label_tail(cell).is_some_and(|c| tails.contains(&c)) {
            return Mark::Other;
        }
        // Normalized: no spaces, full-width colons and brackets folded to ASCII.
        let normal = normalized(cell);
        match &*normal {
            "分值" => return Mark::Points,
            "得分" => return Mark::Score,
            "总分" => return Mark::TotalScore,
            _ => {}
        }
        let bare = bare_label(&normal);
        if labels.totals.contains(&bare) {
            Mark::Fund(Fund::Total)
        } else if labels.closing.contains(&bare) {
            Mark::Fund(Fund::Closing)
        } else if labels.parts.contains(&bare) {
            Mark::Fund(Fund::Part)
        } else if let Some(at) = labels.by_nature.iter().position(|l| *l == bare) {
            Mark::Fund(Fund::Nature(at))
        } else {
            Mark::Other
        }
    }

    /// The last characters of the labels (`labels`' and 分值, 得分, 总分), for [`Mark::of`].
    fn tails(labels: &FundLabels) -> Vec<char> {
        let words = [labels.totals, labels.parts, labels.closing, labels.by_nature, &["分值", "得分", "总分"]];
        let words = words.into_iter().flatten();
        let mut tails: Vec<char> = words.filter_map(|w| label_tail(w)).collect();
        tails.sort_unstable();
        tails.dedup();
        tails
    }

    fn fund(self) -> Option<Fund> {
        match self {
            Mark::Fund(f) => Some(f),
            _ => None,
        }
    }
}

/// Whether a header cell names indicators (一级指标, 三 级 指 标 as a letter-spaced header prints it).
fn names_indicator(cell: &str) -> bool {
    cell.contains("指标") || cell.contains(char::is_whitespace) && normalized(cell).contains("指标")
}

/// A label in its normal form without 其中, colons and a bracketed unit (`其中:资金总额(万元):`).
fn bare_label(normal: &str) -> &str {
    let bare = normal.strip_prefix("其中").unwrap_or(normal).trim_matches(':');
    match bare.find('(') {
        Some(at) if bare.ends_with(')') => &bare[..at],
        _ => bare,
    }
}

/// A label's last character, in its normal form: trailing spaces and colons, and a bracketed
/// unit (`资金总额（万元）：`), aside.
fn label_tail(cell: &str) -> Option<char> {
    // Most cells end in a CJK ideograph (U+4E00..U+9FFF, three bytes led by E4..E9): it is the
    // tail as it stands.
    if let [.., 0xE4..=0xE9, _, _] = cell.as_bytes() {
        return cell.get(cell.len() - 3..).and_then(|t| t.chars().next());
    }
    let closing = |c: char| c.is_whitespace() || c == ':' || c == '：';
    let mut bare = cell.trim_end_matches(closing);
    if bare.ends_with([')', '）'])
        && let Some(at) = bare.find(['(', '（'])
    {
        bare = bare[..at].trim_end_matches(closing);
    }
    let last = bare.chars().next_back()?;
    Some(match crate::catalog::source::folded(last) {
        Some(Some(c)) => c,
        _ => last,
    })
}

/// A header of amount columns over a fund block (年初预算数 | 全年预算数（A） | 全年执行数（B） |
/// 分值 | 执行率（B/A） | 得分).
#[derive(Debug, Clone, Default)]
struct AmountHeader {
    /// The amount columns: position and printed name.
    amounts: Vec<(usize, String)>,
    /// The rate's position and printed name.
    rate: Option<(usize, String)>,
    points: Option<usize>,
    score: Option<usize>,
}

fn amount_header(cells: &[&str]) -> Option<AmountHeader> {
    let mut header = AmountHeader::default();
    for (p, cell) in cells.iter().enumerate() {
        let name = normalized(cell);
        if name.contains("执行率") {
            header.rate = Some((p, cell.to_string()));
        } else if name.contains("预算数") || name.contains("执行数") {
            header.amounts.push((p, cell.to_string()));
        } else if name == "分值" {
            header.points = Some(p);
        } else if name == "得分" {
            header.score = Some(p);
        }
    }
    (header.amounts.len() >= 2).then_some(header)
}

/// A cell as a figure: `Ok(None)` blank, `Err` a text.
fn figure(cell: Option<&&str>) -> Result<Option<Decimal>, ()> {
    read_amount(without_text_mark(cell.copied().unwrap_or(""))).map_err(|_| ())
}

/// A fund cell as a figure, printed bare or with its unit after it (`100000万元`, as Xi'an's
/// 专项资金 forms print every figure): the figure and the unit it was printed with.
fn fund_figure(cell: Option<&&str>) -> Result<Option<(Decimal, Option<Unit>)>, ()> {
    if let Ok(bare) = figure(cell) {
        return Ok(bare.map(|v| (v, None)));
    }
    let cell = trim(cell.copied().unwrap_or(""));
    let (number, unit) =
        Unit::LONGEST_FIRST.into_iter().find_map(|u| cell.strip_suffix(u.chinese()).map(|n| (n, u))).ok_or(())?;
    match read_amount(number) {
        Ok(Some(v)) => Ok(Some((v, Some(unit)))),
        _ => Err(()),
    }
}

/// One form being read: the small tables and identities found so far, and why a group was not
/// read.
struct Sheet<'f, 'r> {
    form: &'f Form<'r>,
    labels: &'f FundLabels,
    /// Each cell's mark, laid out as the form's cells.
    marks: Vec<Mark>,
    tables: Vec<Table>,
    equations: Vec<Equation>,
    /// For an equation, the reading of another template under which it may hold instead (a
    /// 总分 without the execution rate's score).
    alternatives: Vec<(usize, Equation)>,
    rates: Vec<Rate>,
    /// The fund total's 分值 and 得分 (the execution rate's score), where a header prints them.
    fund_score: Option<(usize, Vec<Option<Decimal>>)>,
    doubts: Vec<String>,
}

/// An execution rate to check: the cell of 全年预算数 (A) and 全年执行数 (B) in a fund table, and
/// the rate printed beside them, in per cent.
struct Rate {
    table: usize,
    row: usize,
    budget: usize,
    spent: usize,
    rate: Decimal,
    column: String,
}

/// A fund line's figures: under the header's amount columns, or the first filled cell right of
/// the label (up to the next label of the row).
enum Reading {
    /// The figures, and the unit printed after them (all the same).
    Figures(Vec<Option<Decimal>>, Option<Unit>),
    /// A text where a figure stands, or figures printed with different units.
    Text(String),
}

impl Sheet<'_, '_> {
    fn row(&self, r: usize) -> &[&str] {
        self.form.row(r)
    }

    fn marks(&self, r: usize) -> &[Mark] {
        &self.marks[self.form.span(r)]
    }

    fn label_at(&self, r: usize, p: usize) -> Option<Fund> {
        self.marks(r).get(p).and_then(|m| m.fund())
    }

    fn has_fund_label(&self, r: usize) -> bool {
        self.marks(r).iter().any(|m| m.fund().is_some())
    }

    /// The header of amount columns just above row `r` (at most two rows up), if any.
    fn header_above(&self, r: usize) -> Option<AmountHeader> {
        (r.saturating_sub(2)..r).rev().find_map(|h| amount_header(self.row(h)))
    }

    fn reading(&self, r: usize, p: usize, header: Option<&AmountHeader>) -> Reading {
        let cells = self.row(r);
        let read = |q: usize| fund_figure(cells.get(q)).map_err(|()| cells[q].to_string());
        let figures = match header {
            Some(h) => h.amounts.iter().map(|&(q, _)| read(q)).collect::<Result<Vec<_>, _>>(),
            None => {
                let next_label = (p + 1..cells.len()).find(|&q| self.label_at(r, q).is_some());
                let first = (p + 1..next_label.unwrap_or(cells.len())).find(|&q| !cells[q].is_empty());
                first.map_or(Ok(vec![None]), |q| read(q).map(|v| vec![v]))
            }
        };
        let figures = match figures {
            Ok(f) => f,
            Err(text) => return Reading::Text(text),
        };
        let unit = figures.iter().flatten().map(|&(_, u)| u).next().flatten();
        if let Some(&(v, u)) = figures.iter().flatten().find(|&&(_, u)| u != unit) {
            let printed = |u: Option<Unit>| u.map_or("", Unit::chinese);
            return Reading::Text(format!("{v}{}”与“{}", printed(u), printed(unit)));
        }
        Reading::Figures(figures.into_iter().map(|f| f.map(|(v, _)| v)).collect(), unit)
    }

    /// Row `r`'s fund lines at position `p` and below: the run of part labels under it, through
    /// rows whose position `p` is blank while another fund line stands in them (a block beside).
    fn run_below(&self, from: usize, p: usize) -> Result<Vec<usize>, String> {
        let mut run = Vec::new();
        for r in from..self.form.len() {
            match self.label_at(r, p) {
                Some(Fund::Part | Fund::Closing | Fund::Nature(_)) => run.push(r),
                Some(Fund::Total) => break,
                None => {
                    let cell = self.row(r).get(p).copied().unwrap_or("");
                    if cell.is_empty() && self.has_fund_label(r) {
                        continue;
                    }
                    // A line the lists do not know, with a figure: a part the sum would miss.
                    if !cell.is_empty()
                        && matches!(self.reading(r, p, None), Reading::Figures(f, _) if f.iter().any(Option::is_some))
                    {
                        return Err(cell.to_string());
                    }
                    break;
                }
            }
        }
        Ok(run)
    }

    fn read_funds(&mut self) {
        for r in 0..self.form.len() {
            for p in 0..self.marks(r).len() {
                if self.marks(r)[p] == Mark::Fund(Fund::Total) {
                    self.read_fund_group(r, p);
                }
            }
        }
    }

    fn read_fund_group(&mut self, r: usize, p: usize) {
        let header = self.header_above(r);
        // The parts under the total; else beside it, from its own row down.
        let parts = match self.run_below(r + 1, p) {
            Ok(run) if run.is_empty() && header.is_none() => {
                let beside = (p + 1..self.row(r).len()).find(|&q| self.label_at(r, q).is_some_and(Fund::is_part));
                beside.map_or(Ok(Vec::new()), |q| {
                    self.run_below(r, q).map(|run| run.into_iter().map(|r| (r, q)).collect())
                })
            }
            run => run.map(|run| run.into_iter().map(|r| (r, p)).collect()),
        };
        let parts: Vec<(usize, usize)> = match parts {
            Ok(parts) if !parts.is_empty() => parts,
            Ok(_) => return,
            Err(unknown) => {
                self.doubts.push(format!("“{unknown}”"));
                return;
            }
        };
        let kinds: Vec<Option<Fund>> = parts.iter().map(|&(row, q)| self.label_at(row, q)).collect();
        let closes = kinds.contains(&Some(Fund::Closing));
        // The lines by nature printed, by their place in the list: whole when each is.
        let by_nature: Vec<usize> =
            kinds.iter().filter_map(|k| if let Some(Fund::Nature(at)) = k { Some(*at) } else { None }).collect();
        let whole_by_nature = (0..self.labels.by_nature.len()).all(|at| by_nature.contains(&at));
        let total = self.row(r)[p];
        match (by_nature.is_empty(), kinds.contains(&Some(Fund::Part))) {
            (true, _) if !closes => {
                self.doubts.push(format!("“{total}”的其中（未列至其他资金，或非全部）"));
                return;
            }
            (false, true) => {
                self.doubts.push(format!("“{total}”下按来源与按性质两种分法"));
                return;
            }
            (false, false) if !whole_by_nature => {
                self.doubts.push(format!("“{total}”的按性质分项（未全列）"));
                return;
            }
            _ => {}
        }
        let group: Vec<(usize, usize)> = std::iter::once((r, p)).chain(parts).collect();
        let mut rows = Vec::with_capacity(group.len());
        // The unit the group's figures are printed with (`Some(None)`: bare), one for all.
        let mut unit: Option<Option<Unit>> = None;
        for (i, &(row, q)) in group.iter().enumerate() {
            let label = self.row(row)[q].to_string();
            match self.reading(row, q, header.as_ref()) {
                Reading::Figures(cells, printed) => {
                    if cells.iter().any(Option::is_some) && unit.replace(printed).is_some_and(|u| u != printed) {
                        self.doubts.push(format!("“{label}”旁的单位"));
                        return;
                    }
                    let key = if i == 0 { RowKey::Total } else { RowKey::Label };
                    rows.push(Row { key, label, cells, line: Some(self.form.lines[row]) });
                }
                Reading::Text(text) => {
                    self.doubts.push(format!("“{label}”旁的“{text}”"));
                    return;
                }
            }
        }
        let columns: Vec<String> = match &header {
            Some(h) => h.amounts.iter().map(|(_, name)| name.clone()).collect(),
            None => vec!["金额".to_string()],
        };
        let t = self.tables.len();
        let description = format!("{} = Σ 其中", rows[0].label);
        // A breakdown by nature with a closing line: the line in the sum, or beside it (of the
        // same funds by source), as the template may read; an error only where neither holds.
        let by_nature_alone: Option<Vec<usize>> = (!by_nature.is_empty() && closes)
            .then(|| (1..rows.len()).filter(|&row| matches!(kinds[row - 1], Some(Fund::Nature(_)))).collect());
        for c in 0..columns.len() {
            let parts = (1..rows.len()).map(|row| CellRef::new(t, row, c));
            if let Some(alone) = &by_nature_alone {
                let parts = alone.iter().map(|&row| CellRef::new(t, row, c));
                let alternative = Equation::sum("performance:funds", "Σ 按性质分", CellRef::new(t, 0, c), parts);
                self.alternatives.push((self.equations.len(), alternative));
            }
            self.equations.push(Equation::sum("performance:funds", description.as_str(), CellRef::new(t, 0, c), parts));
        }
        if let Some(h) = &header {
            let lines: Vec<usize> = group.iter().map(|&(row, _)| row).collect();
            self.note_rates(t, &lines, h);
            if self.fund_score.is_none() && (h.points.is_some() || h.score.is_some()) {
                let cells = self.row(r);
                let at = |q: Option<usize>| q.and_then(|q| figure(cells.get(q)).ok().flatten());
                self.fund_score = Some((self.form.lines[r], vec![at(h.points), at(h.score)]));
            }
        }
        self.tables.push(Table { id: self.form.title.to_string(), title: self.form.title.to_string(), columns, rows });
    }

    /// The rates printed beside a fund table's lines (`100.00%`; `lines` their rows in the form),
    /// with the columns they divide: the header's (A) and (B), else 全年预算数 and 全年执行数.
    fn note_rates(&mut self, t: usize, lines: &[usize], h: &AmountHeader) {
        let Some((rate_at, name)) = &h.rate else { return };
        let column = |letter: [&str; 2], name: &str| {
            let marked = h.amounts.iter().position(|(_, n)| letter.iter().any(|l| n.contains(l)));
            marked.or_else(|| h.amounts.iter().position(|(_, n)| n.contains(name)))
        };
        let (Some(budget), Some(spent)) =
            (column(["（A）", "(A)"], "全年预算数"), column(["（B）", "(B)"], "全年执行数"))
        else {
            return;
        };
        for (row, &at) in lines.iter().enumerate() {
            let printed = self.row(at).get(*rate_at).copied().unwrap_or("");
            // A rate without its per cent sign is of no known scale: not read.
            let Some(number) = printed.strip_suffix(['%', '％']) else { continue };
            if let Ok(Some(rate)) = read_amount(number) {
                self.rates.push(Rate { table: t, row, budget, spent, rate, column: name.clone() });
            }
        }
    }

    /// A self-evaluation's 总分: the scores of its indicators (the rows between the indicators'
    /// header, 分值 | 得分, and the 总分 line) with the execution rate's, which the fund header
    /// prints; it holds too where the indicators alone make it (a template that leaves that
    /// score out).
    fn read_scores(&mut self) {
        let scores_header = |r: usize| {
            let at = |m: Mark| self.marks(r).iter().position(|&k| k == m);
            let indicators = || self.row(r).iter().any(|c| names_indicator(c));
            at(Mark::Points).zip(at(Mark::Score)).filter(|_| indicators())
        };
        let Some(h) = (0..self.form.len()).find(|&r| scores_header(r).is_some()) else { return };
        let (width, (points, score)) = (self.row(h).len(), scores_header(h).unwrap_or_default());
        // The indicators' finest level (三级指标, 指标内容; not 年度指标值): a scored row without one may be a level's
        // subtotal (产出指标 | | | 50), which the sum would count twice.
        let leaf = self.row(h)[..points].iter().rposition(|c| names_indicator(c) && !c.contains('值'));
        let opens_with_total = |r: usize| self.marks(r).iter().find(|&&m| m != Mark::Blank) == Some(&Mark::TotalScore);
        let Some(total) = (h + 1..self.form.len()).find(|&r| opens_with_total(r)) else {
            return;
        };
        let mut rows = Vec::new();
        for r in std::iter::once(total).chain(h + 1..total) {
            let cells = self.row(r);
            // A header printed again on the next page is no indicator.
            if r != total && scores_header(r).is_some() {
                continue;
            }
            if cells.len() > width {
                self.doubts.push(format!("第{}行的得分列", self.form.lines[r]));
                return;
            }
            let unnamed = |p: &Option<Decimal>, s: &Option<Decimal>| {
                (p.is_some() || s.is_some()) && leaf.is_none_or(|at| cells.get(at).is_none_or(|c| c.is_empty()))
            };
            match (figure(cells.get(points)), figure(cells.get(score))) {
                (Ok(p), Ok(s)) if r != total && unnamed(&p, &s) => {
                    self.doubts.push(format!("第{}行的得分（无末级指标，或为小计）", self.form.lines[r]));
                    return;
                }
                (Ok(p), Ok(s)) => rows.push(Row {
                    key: RowKey::Label,
                    // (The 总分 row by its word as printed, after an empty cell too.)
                    label: if r == total { cells.iter().find(|c| !c.trim().is_empty()) } else { cells.first() }
                        .map_or_else(String::new, |c| c.to_string()),
                    cells: vec![p, s],
                    line: Some(self.form.lines[r]),
                }),
                _ => {
                    self.doubts.push(format!("第{}行的得分", self.form.lines[r]));
                    return;
                }
            }
        }
        rows[0].key = RowKey::Total;
        let indicators = rows.len();
        if let Some((line, cells)) = self.fund_score.clone() {
            rows.push(Row { key: RowKey::Label, label: "预算执行率".to_string(), cells, line: Some(line) });
        }
        // The 总分 is checked only beside the fund block's own score (the execution rate's, in
        // the fund header): indicators printed apart from it (a page break, the title again)
        // may have lost the rows above them, and a blank score there is no zero.
        let fund_read = |c: usize| self.fund_score.as_ref().is_some_and(|(_, cells)| cells[c].is_some());
        let t = self.tables.len();
        for c in 0..2 {
            if !fund_read(c) {
                self.doubts.push(format!("预算执行率的{}", ["分值", "得分"][c]));
                continue;
            }
            let all = Equation::sum(
                "performance:score",
                "总分 = Σ 得分",
                CellRef::new(t, 0, c),
                (1..rows.len()).map(|r| CellRef::new(t, r, c)),
            );
            if rows.len() > indicators {
                let without = Equation::sum(
                    "performance:score",
                    "总分 = Σ 指标得分",
                    CellRef::new(t, 0, c),
                    (1..indicators).map(|r| CellRef::new(t, r, c)),
                );
                self.alternatives.push((self.equations.len(), without));
            }
            self.equations.push(all);
        }
        let columns = vec!["分值".to_string(), "得分".to_string()];
        self.tables.push(Table { id: self.form.title.to_string(), title: self.form.title.to_string(), columns, rows });
    }

    /// Checks the execution rates: the rate printed against 全年执行数 / 全年预算数, each of the
    /// three figures allowed its rounding. Returns how many were checked.
    fn rates(&self, findings: &mut Vec<Finding>) -> usize {
        let mut checked = 0;
        for rate in &self.rates {
            let row = &self.tables[rate.table].rows[rate.row];
            let (Some(budget), Some(spent)) = (row.cells[rate.budget], row.cells[rate.spent]) else { continue };
            let half = half_step;
            let hundred = Decimal::ONE_HUNDRED;
            if budget - half(budget) <= Decimal::ZERO {
                continue;
            }
            checked += 1;
            let low = (spent - half(spent)).max(Decimal::ZERO) / (budget + half(budget)) * hundred;
            let high = (spent + half(spent)) / (budget - half(budget)) * hundred;
            let (printed_low, printed_high) = (rate.rate - half(rate.rate), rate.rate + half(rate.rate));
            // The templates cap the rate at 100 % (and its score at the full points).
            let capped = rate.rate == hundred && low >= hundred;
            if (printed_low <= high && low <= printed_high) || capped {
                continue;
            }
            let expected = (spent / budget * hundred)
                .round_dp_with_strategy(rate.rate.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let message = format!(
                "{} {}% 与 全年执行数/全年预算数 = {spent}/{budget} = {expected}% 不符 | the execution rate {}% is not 全年执行数 / 全年预算数 = {spent} / {budget} = {expected}%",
                rate.column, rate.rate, rate.rate
            );
            let mut f = Finding::note(Severity::Error, "performance:rate", self.form.title, row.label.clone(), message);
            f.column = rate.column.clone();
            f.declared = Some(rate.rate);
            f.expected = Some(expected);
            f.difference = Some(rate.rate - spent / budget * hundred);
            f.line = row.line;
            findings.push(f);
        }
        checked
    }

    /// The table's info: what was checked, or why nothing was.
    fn info(&self, identities: usize, findings: usize) -> Option<Finding> {
        let title = self.form.title;
        let unsure = self.doubts.join("、");
        let message = match (identities, self.doubts.is_empty()) {
            (0, true) => return None,
            (0, false) => format!(
                "“{title}”：{unsure}读不确定，未核对 | a performance table whose reading is unsure ({unsure}): not checked"
            ),
            (n, true) => format!(
                "“{title}”：资金、执行率与总分 {n} 项已核对（{findings} 项发现），指标未审核 | a performance table: {n} identities of its funds, execution rate and score total checked ({findings} findings); its indicators are not audited"
            ),
            (n, false) => format!(
                "“{title}”：资金、执行率与总分 {n} 项已核对（{findings} 项发现），{unsure}读不确定，未核对 | a performance table: {n} identities checked ({findings} findings); unsure ({unsure}), not checked"
            ),
        };
        // Named by its line: forms of one title (a 目标表 a project) are told apart.
        let mut f = Finding::note(Severity::Info, "performance", title, format!("第{}行", self.form.line), message);
        f.line = Some(self.form.line);
        Some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::import;

    /// The text with every tabbed row padded to one width, as an extractor that keeps blank
    /// cells prints a form.
    fn padded(text: &str) -> String {
        let width = text.lines().map(|l| l.split('\t').count()).max().unwrap_or(1);
        let pad = |l: &str| {
            let n = l.split('\t').count();
            if n > 1 { format!("{l}{}", "\t".repeat(width - n)) } else { l.to_string() }
        };
        text.lines().map(pad).collect::<Vec<_>>().join("\n") + "\n"
    }

    fn audited(text: &str) -> (Checked, Vec<&'static str>) {
        let checked = check(&import(&padded(text)), &FUND_LABELS);
        let errors = checked
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| match f.rule.as_str() {
                "performance:funds" => "funds",
                "performance:rate" => "rate",
                "performance:score" => "score",
                _ => "other",
            })
            .collect();
        (checked, errors)
    }

    /// A self-evaluation as Xi'an prints it (财政部's template): the fund block under its header,
    /// the indicators under theirs, and the 总分.
    fn evaluation(total_budget: &str, rate: &str, points_total: &str) -> String {
        format!(
            "某项目绩效自评表\n（2022年度）\n项目名称\t\t某项目\t\t\t\t\t\t\t\t\n\
             项目资金（万元）\t\t\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t\t得分\n\
             \t\t年度资金总额\t\t240\t{total_budget}\t229.19\t10\t{rate}\t\t10.00\n\
             \t\t其中：当年财政拨款\t\t240\t229.19\t229.19\t—\t\t\t—\n\
             \t\t上年结转资金\t\t\t\t\t—\t\t\t—\n\
             \t\t其他资金\t\t\t\t\t—\t\t\t—\n\
             年度总体目标完成情况\t预期目标\t\t\t\t\t实际完成情况\t\t\t\t\n\
             绩效指标\t一级指标\t二级指标\t三级指标\t\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\t\n\
             \t产出指标（50分）\t数量指标\t指标1：覆盖区县数量\t\t16个\t16个\t50\t50\t\t\n\
             \t效益指标（40分）\t社会效益指标\t指标1：社会效益\t\t长期\t长期\t40\t38.5\t\t\n\
             总分\t\t\t\t\t\t\t{points_total}\t98.5\t\t\n"
        )
    }

    #[test]
    fn a_self_evaluation_that_agrees_checks_funds_rate_and_score() {
        let (checked, errors) = audited(&evaluation("229.19", "100.00%", "100"));
        // Three fund columns, one rate, the 总分's 分值 and 得分.
        assert_eq!(checked.identities, 6);
        assert!(errors.is_empty(), "{:?}", checked.findings);
        assert_eq!(checked.read.len(), 1);
    }

    #[test]
    fn a_self_evaluation_that_disagrees_is_told_where() {
        let (checked, errors) = audited(&evaluation("300", "1000%", "95"));
        assert_eq!(errors, ["funds", "score", "rate"], "{:?}", checked.findings);
        let rate = checked.findings.iter().find(|f| f.rule == "performance:rate").unwrap();
        assert_eq!((rate.declared, rate.expected), (Some(Decimal::from(1000)), Some(Decimal::from(76))));
    }

    #[test]
    fn a_rate_within_the_rounding_of_its_figures_holds_and_a_capped_one_too() {
        // 229.19 / 229.2 = 99.9956…%: printed 100.00% is its rounding.
        assert!(audited(&evaluation("229.2", "100.00%", "100")).1.is_empty());
        // 执行数 over 预算数, the rate held at 100 %.
        assert!(audited(&evaluation("229.19", "100%", "100")).1.is_empty());
        assert_eq!(audited(&evaluation("229.19", "99.00%", "100")).1, ["rate"]);
    }

    #[test]
    fn a_score_total_without_the_rate_score_is_read_as_its_template() {
        // The indicators alone make 100: a template that leaves the execution rate's score out.
        let text = evaluation("229.19", "100.00%", "100").replace("\t50\t50\t", "\t60\t60\t");
        let (checked, errors) = audited(&text);
        assert!(errors.is_empty(), "{:?}", checked.findings);
        // A blank 分值 for the execution rate: the 分值 total is not checked.
        let blank = evaluation("229.19", "100.00%", "95").replace("229.19\t10\t", "229.19\t\t");
        let (checked, errors) = audited(&blank);
        assert!(errors.is_empty(), "{:?}", checked.findings);
        assert_eq!(checked.identities, 5);
    }

    #[test]
    fn a_form_whose_title_line_ends_in_its_unit_is_read() {
        for title in ["某项目绩效自评表  单位：万元", "某项目绩效自评表 单位:万元"] {
            let text = evaluation("229.19", "100.00%", "95").replace("某项目绩效自评表", title);
            let (checked, errors) = audited(&text);
            assert_eq!((checked.identities, &errors[..]), (6, &["score"][..]), "{:?}", checked.findings);
        }
    }

    #[test]
    fn a_letter_spaced_indicators_header_is_read_as_printed_without_its_spaces() {
        // The extractor kept the letter spacing of short header cells (三 级 指 标).
        let spaced = |text: String| {
            ["绩效指标", "一级指标", "二级指标", "三级指标"]
                .iter()
                .fold(text, |t, w| t.replace(w, &w.chars().map(String::from).collect::<Vec<_>>().join(" ")))
        };
        let (checked, errors) = audited(&spaced(evaluation("229.19", "100.00%", "100")));
        assert_eq!((checked.identities, errors.len()), (6, 0), "{:?}", checked.findings);
        let (checked, errors) = audited(&spaced(evaluation("229.19", "100.00%", "95")));
        assert_eq!(errors, ["score"], "{:?}", checked.findings);
    }

    #[test]
    fn a_scored_row_without_its_finest_indicator_may_be_a_subtotal_and_is_not_summed() {
        let text = evaluation("229.19", "100.00%", "100")
            .replace("\t产出指标（50分）\t数量指标", "\t产出指标\t\t\t\t\t\t50\t50\t\t\n\t\t数量指标");
        let (checked, errors) = audited(&text);
        // The funds and the rate alone.
        assert_eq!((checked.identities, errors.len()), (4, 0), "{:?}", checked.findings);
        assert!(checked.findings.last().unwrap().message.contains("小计"));
        // Xi'an's 部门整体 form names the finest level 指标内容, beside 年度指标值.
        let content = evaluation("229.19", "100.00%", "100").replace("三级指标", "指标内容");
        assert_eq!(audited(&content).0.identities, 6);
    }

    #[test]
    fn fund_blocks_beside_each_other_and_beside_their_total() {
        // Shanghai: two blocks side by side, the second one line longer.
        let shanghai = "财政项目支出绩效目标填报表\n项目名称\t\t某项目\t\t\t\t\n\
            项目资金（元）\t\t项目资金总额\t\t4,100,000.00\t年度资金申请总额\t\t4,100,000.00\n\
            \t\t其中：财政资金\t\t4,100,000.00\t其中：当年财政拨款\t\t4,000,000.00\n\
            \t\t\t\t\t上年结转资金\t\t0.00\n\
            \t\t其他资金\t\t0.00\t其他资金\t\t0.00\n\
            项目绩效目标\t项目总目标\t\t\t\t年度总体目标\t\t\n";
        let (checked_sh, errors) = audited(shanghai);
        assert_eq!(checked_sh.identities, 2);
        assert_eq!(errors, ["funds"]);
        assert_eq!(checked_sh.findings[0].difference, Some("100000.00".parse().unwrap()));
        // Chongqing: the parts beside the total, from its own line down.
        let chongqing = "2026年市级重点专项资金绩效目标表（一级项目）\n单位：万元\n项目名称\t某项目\t\t主管部门\t某局\t\t\n\
            当年预算\t12,700.00\t\t市级支出\t\t\t\n\t\t\t补助区县\t12,700.00\t\t\n项目概况\t全市库区\t\t\t\t\t\n";
        let (checked_cq, errors) = audited(chongqing);
        assert_eq!((checked_cq.identities, errors.len()), (1, 0), "{:?}", checked_cq.findings);
    }

    #[test]
    fn a_breakdown_by_nature_is_summed_alone_and_with_its_closing_line_as_either_template_reads() {
        // Quanzhou's 部门整体支出绩效目标表: 项目支出 and 基本支出 under 资金总额, then 其他资金.
        let form = |other: &str, total: &str| {
            format!(
                "部门整体支出绩效目标表\n年度预算安排（万元）\t资金总额\t{total}\t\t\n\t项目支出\t2285.57\t\t\n\
                 \t基本支出\t5915.38\t\t\n\t其他资金\t{other}\t\t\n总体目标\t保障运行\t\t\t\n"
            )
        };
        let (checked, errors) = audited(&form("0.00", "8200.95"));
        assert_eq!((checked.identities, errors.len()), (1, 0), "{:?}", checked.findings);
        // 其他资金 beside the breakdown (the same funds by source) or in it: either holds.
        assert!(audited(&form("100.00", "8200.95")).1.is_empty());
        assert!(audited(&form("100.00", "8300.95")).1.is_empty());
        assert_eq!(audited(&form("100.00", "8400.95")).1, ["funds"]);
        // Two breakdowns in one run, or one by nature without all its lines: not summed.
        let mixed = form("0.00", "8200.95").replace("\t其他资金\t", "\t财政拨款\t8200.95\t\t\n\t其他资金\t");
        assert_eq!(audited(&mixed).0.identities, 0);
        let half = form("0.00", "2285.57").replace("\t基本支出\t5915.38\t\t\n", "");
        assert_eq!(audited(&half).0.identities, 0);
    }

    #[test]
    fn a_label_is_known_through_its_prefix_colons_unit_and_spaces() {
        let tails = Mark::tails(&FUND_LABELS);
        let of = |cell: &str| Mark::of(cell, &FUND_LABELS, &tails);
        assert_eq!(of("其中： 财政拨款 （万元）："), Mark::Fund(Fund::Part));
        assert_eq!(of("年度资金总额:"), Mark::Fund(Fund::Total));
        assert_eq!(of("资 金 总 额(元)"), Mark::Fund(Fund::Total));
        assert_eq!(of("得 分"), Mark::Score);
        assert_eq!((of("专项支出"), of("229.19"), of("")), (Mark::Other, Mark::Other, Mark::Blank));
        assert_eq!(of("其中：基本支出"), Mark::Fund(Fund::Nature(0)));
    }

    #[test]
    fn a_line_the_lists_do_not_know_leaves_its_group_unchecked() {
        let text = "部门整体支出绩效目标表\n年度预算安排（万元）\t资金总额\t8200.95\t\t\n\
            \t项目支出\t2285.57\t\t\n\t专项支出\t5915.38\t\t\n\t其他资金\t0.00\t\t\n总体目标\t保障运行\t\t\t\n";
        let (checked, errors) = audited(text);
        assert_eq!((checked.identities, errors.len()), (0, 0));
        let info = &checked.findings[0];
        assert_eq!((info.rule.as_str(), info.severity), ("performance", Severity::Info));
        assert!(info.message.contains("专项支出"), "the info names the line: {}", info.message);
        // Parts that stop before 其他资金 may be some of the total only: not summed.
        let partial = "部门整体支出绩效目标表\n年度预算安排（万元）\t资金总额\t8200.95\t\t\n\t其中：财政拨款\t5915.38\t\t\n总体目标\t保障运行\t\t\t\n";
        let (checked, errors) = audited(partial);
        assert_eq!((checked.identities, errors.len()), (0, 0));
        assert!(checked.findings[0].message.contains("资金总额"), "{}", checked.findings[0].message);
        let closed = partial.replace("总体目标", "\t其他资金\t2285.57\t\t\n总体目标");
        assert_eq!(audited(&closed).0.identities, 1);
        // Figures printed with their unit (Xi'an) are read where the group prints one unit.
        let with_unit = "专项资金总体绩效目标表\n资金金额（万元）\t实施期资金总额：\t2400000万元\t年度资金总额：\t100000万元\n\t其中：财政拨款\t2400000万元\t其中：财政拨款\t90000万元\n\t其他资金\t\t其他资金\t\n总体目标\t目标\t\t\t\n";
        let (checked, errors) = audited(with_unit);
        assert_eq!((checked.identities, errors), (2, vec!["funds"]));
        assert_eq!(checked.findings[0].difference, Some(Decimal::from(10000)));
        let mixed = with_unit.replace("\t90000万元", "\t900000000元");
        assert_eq!(audited(&mixed).0.identities, 1, "one group printed in two units is not summed");
    }
}
