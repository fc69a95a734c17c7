//! The audit: codes, names, roll-ups, cross-footing and cross-table identities of an imported
//! report, with the corrections that localization proposes.

use super::completeness;
use super::import::{LineCounts, Report, ReportKind, import};
use super::issue::{Doubt, ImportIssueKind};
use super::names;
use super::narrative;
use super::performance;
use super::rule_set::RuleSet;
use super::rules;
use crate::amount::Unit;
use crate::balance::RowKey;
use crate::balance::{
    Basis, CellRef, Correction, Equation, Finding, Localization, Outcome, SearchLimits, Severity, Table, Tolerance,
    Typo, check, evaluate, localize,
};
use crate::catalog::CatalogSet;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What the report is.
///
/// ```
/// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
/// assert_eq!((audit.report.year, audit.report.unit), (Some(2020), Some(kemu::Unit::WanYuan)));
/// assert!(audit.report.title.contains("决算"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReportInfo {
    /// The first title line.
    pub title: String,
    /// The fiscal year.
    pub year: Option<u16>,
    /// 决算 or 预算.
    pub kind: Option<ReportKind>,
    /// The unit of its tables.
    pub unit: Option<Unit>,
}

/// One table of the audited report.
///
/// ```
/// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
/// let t = &audit.tables[1];
/// assert_eq!((t.id.as_str(), t.title.as_str()), ("02", "收入决算表"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TableInfo {
    /// The two-digit 公开表 number.
    pub id: String,
    /// The printed title.
    pub title: String,
    /// How many rows were imported.
    pub rows: usize,
}

/// A proposed correction, located by names.
///
/// ```
/// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
/// let c = audit.corrections.iter().find(|c| c.row == "20103").unwrap();
/// assert_eq!((c.table.as_str(), c.from.unwrap().to_string(), c.to.to_string()), ("02", "951.38".to_string(), "931.38".to_string()));
/// assert_eq!(c.typo, Some(kemu::balance::Typo::WrongDigit));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CorrectionRecord {
    /// The table id.
    pub table: String,
    /// The row's code or label.
    pub row: String,
    /// The column name.
    pub column: String,
    /// The declared value (`None`: blank).
    pub from: Option<Decimal>,
    /// The value that makes the table's identities hold.
    pub to: Decimal,
    /// Whether a typing slip explains it.
    pub typo: Option<Typo>,
    /// Why this is the correction; `None` for one of several fixes that explain the findings
    /// equally well (`fix` tells them apart), none of which is proposed as the correction.
    pub basis: Option<Basis>,
    /// Which of the equally good fixes of its table this change belongs to (0 for a correction).
    pub fix: usize,
    /// How many other fixes of the same size would also make the table's identities hold.
    pub alternatives: usize,
    /// Whether a row the table does not print, under the same parent, would explain the findings
    /// as well as this change does (a total above its printed parts): then this change is only
    /// possible, one of the `alternatives`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub or_unprinted_row: bool,
}

impl CorrectionRecord {
    /// Whether this is a correction (one fix is the answer), not one of several possible ones.
    ///
    /// ```
    /// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
    /// assert!(audit.corrections.iter().filter(|c| c.table == "02").all(|c| c.is_definite()));
    /// ```
    pub fn is_definite(&self) -> bool {
        self.basis.is_some()
    }
}

/// The result of auditing one report.
///
/// ```
/// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(audit.findings[0].severity, kemu::Severity::Error, "errors first");
/// assert!(audit.to_string().lines().last().unwrap().contains("identities checked"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Audit {
    /// What the report is.
    pub report: ReportInfo,
    /// Its tables.
    pub tables: Vec<TableInfo>,
    /// Every finding, errors first, then by table.
    pub findings: Vec<Finding>,
    /// The corrections localization proposes.
    pub corrections: Vec<CorrectionRecord>,
    /// How many identities (roll-ups, cross-footings, cross-table rules) were checked.
    pub identities_checked: usize,
    /// Where every line of the input went (the import's count).
    pub lines: LineCounts,
}

impl Audit {
    /// Findings of one severity.
    ///
    /// ```
    /// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
    /// assert_eq!(audit.count(kemu::Severity::Warning), 0);
    /// ```
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }
}

/// Imports and audits report text with the embedded catalog.
///
/// ```
/// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
/// assert_eq!(audit.report.year, Some(2020));
/// assert!(audit.count(kemu::Severity::Error) > 0);
/// let fix: Vec<String> = audit.corrections.iter().map(|c| format!("{}/{} → {}", c.table, c.row, c.to)).collect();
/// assert!(fix.contains(&"02/20103 → 931.38".to_string()));
/// ```
pub fn audit(text: &str) -> Audit {
    let mut report = import(text);
    // The report is not needed afterwards: its tables move rather than copy.
    let mut tables: Vec<Table> = report.tables.iter_mut().map(|t| std::mem::take(&mut t.table)).collect();
    audit_tables(&report, &mut tables, CatalogSet::embedded(), &RuleSet::for_kind(report.kind))
}

/// Audits an imported report against a catalog set (the embedded one, or the official file).
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// // The official catalog files, loaded at run time, give the same audit as the embedded catalog.
/// let set = kemu::CatalogSet::from_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))?;
/// assert_eq!(kemu::report::audit_report(&report, &set), kemu::report::audit(kemu::report::EMBEDDED_REPORT));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
pub fn audit_report(report: &Report, set: &CatalogSet) -> Audit {
    audit_with(report, set, &RuleSet::for_kind(report.kind))
}

/// Audits an imported report against a catalog set by a rule set of the caller's: the set's
/// identities between tables, its required tables and its fund labels in place of those of the
/// report's kind ([`RuleSet::for_kind`], what [`audit_report`] uses).
///
/// ```
/// use kemu::report::{audit_with, completeness::Required, import, RuleSet, TableKind, EMBEDDED_REPORT};
/// let report = import(EMBEDDED_REPORT);
/// // A province that asks its 决算 for a 政府采购 table too.
/// const MINE: &[Required] = &[Required { name: "政府采购情况表", kinds: &[TableKind::Procurement] }];
/// let audit = audit_with(&report, kemu::CatalogSet::embedded(), &RuleSet::FINAL_ACCOUNTS.with_required(MINE));
/// assert!(audit.findings.iter().any(|f| f.rule == "set:missing_table" && f.row == "政府采购情况表"));
/// ```
pub fn audit_with(report: &Report, set: &CatalogSet, rules: &RuleSet<'_>) -> Audit {
    let mut tables: Vec<Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    audit_tables(report, &mut tables, set, rules)
}

/// The audit of `report`, whose figures are `tables` (in the order of `report.tables`). The
/// tables are the audit's own: corrections are tried on them and taken back, bit for bit.
fn audit_tables(report: &Report, tables: &mut [Table], set: &CatalogSet, rule_set: &RuleSet<'_>) -> Audit {
    // The performance tables (outside the set) read first: those read are no longer "not audited".
    let performance = performance::check(report, &rule_set.funds);
    let mut findings = import_findings(report, tables, &performance.read);
    let years = set.years();
    let year = report.year.unwrap_or(*years.end()).clamp(*years.start(), *years.end());
    if report.year != Some(year) {
        let message = match report.year {
            None => format!(
                "报告未标明年度，按 {year} 年目录检查 | the report prints no year; checked against the {year} catalog"
            ),
            Some(y) => format!(
                "报告年度 {y} 不在目录范围内，按 {year} 年检查 | the report's year {y} is not covered; checked against {year}"
            ),
        };
        findings.push(Finding::note(Severity::Warning, "year", "", String::new(), message));
    }
    let catalog = set.year(year).expect("year clamped into the set's range");
    findings.extend(names::name_findings(report, tables, set, &catalog, year));
    if report.kind.is_some() || !rule_set.required.is_empty() {
        findings.extend(completeness::check(report, tables, rule_set.required));
    }
    // The tables read once for the narrative's look-ups and the rules.
    let lookup = rules::Lookup::new(report, tables, &catalog);
    findings.extend(narrative::check_with(report, tables, &catalog, &lookup));

    // Figures: an identity is checked only where every figure in it has a certain reading.
    let mut equations = rules::equations_of(&lookup, rule_set.cross, rule_set.by_class);
    findings.extend(set_aside_uncertain(report, tables, &mut equations));
    let identities_checked = equations.len() + performance.identities;
    findings.extend(performance.findings);
    // Each identity checked once; those out of balance are kept for the re-check with corrections.
    let mut failing = Vec::new();
    let mut figure_findings = Vec::new();
    for eq in &equations {
        if let Some(f) = check(tables, eq, Tolerance::Rounded) {
            if f.severity == Severity::Error {
                failing.push(eq.clone());
            }
            figure_findings.push(f);
        }
    }
    let (corrections, corrected_cells) = corrections(tables, equations);
    let resolved = say_what_corrections_resolve(tables, &failing, &corrections, &corrected_cells, figure_findings);
    findings.extend(resolved);
    let tables = &*tables;

    // Each finding's page: its line's, else its table's.
    for f in &mut findings {
        let table_line = || report.tables.iter().zip(tables).find(|(_, t)| t.id == f.table).map(|(i, _)| i.line);
        f.page = f.line.or_else(table_line).and_then(|l| report.page_of(l));
    }
    // Errors first, then by table; the same finding from two rules once.
    let keep: Vec<bool> = {
        let mut seen = BTreeSet::new();
        findings.iter().map(|f| seen.insert((&f.table, &f.row, &f.column, &f.rule, &f.message))).collect()
    };
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.table.cmp(&b.table)));
    Audit {
        report: ReportInfo { title: report.title.clone(), year: report.year, kind: report.kind, unit: report.unit },
        tables: tables
            .iter()
            .map(|t| TableInfo { id: t.id.clone(), title: t.title.clone(), rows: t.rows.len() })
            .collect(),
        findings,
        corrections,
        identities_checked,
        lines: report.lines,
    }
}

/// The import's issues as findings: those that make a table's reading uncertain are said once
/// per table with its doubts ([`set_aside_uncertain`]), the others one by one; a report without
/// a recognizable table says so.
fn import_findings(report: &Report, tables: &[Table], read_elsewhere: &[usize]) -> Vec<Finding> {
    let doubts = |table: Option<&str>| {
        let imported = report.tables.iter().zip(tables).find(|(_, figures)| Some(figures.id.as_str()) == table);
        imported.map_or(&[][..], |(t, _)| &t.doubts[..])
    };
    let mut findings: Vec<Finding> = report
        .issues
        .iter()
        .filter(|i| {
            let doubts = doubts(i.table.as_deref());
            // Where the columns are not certain (blank cells dropped, a header group's span
            // unclear), a name may only seem to stand before its code; in a list of items (codes
            // repeating) a project's name is printed before its code by design.
            let moved = matches!(i.kind, ImportIssueKind::NameBeforeCode { .. })
                && doubts.iter().any(|d| d.blurs_figures() || matches!(d, Doubt::RepeatedCodes { .. }));
            let explained = i.kind.loses_figures() || matches!(i.kind, ImportIssueKind::RepeatedCode { .. });
            let read = matches!(i.kind, ImportIssueKind::OtherTable { .. }) && read_elsewhere.contains(&i.line);
            !(explained && !doubts.is_empty() || moved || read)
        })
        .map(|i| {
            let table = i.table.as_deref().unwrap_or("");
            // Tables printed with spaces for their cell breaks are a reason of their own for a
            // file with no table read: a rule of their own, which a batch can name.
            let rule =
                if matches!(i.kind, ImportIssueKind::SpacedRows { .. }) { "import:spaced_rows" } else { "import" };
            Finding::note(i.severity, rule, table, format!("第{}行", i.line), i.kind.to_string()).at(i.line)
        })
        .collect();
    if tables.iter().all(|t| t.rows.is_empty()) {
        findings.push(Finding::note(
            Severity::Warning,
            "no_tables",
            "",
            String::new(),
            "未找到可识别的公开表：本文件可能不是部门预决算，或只有说明而表格另附 | no recognizable disclosure table: the file may not be a budget or final account, or its tables are published separately".into(),
        ));
    }
    findings
}

/// Removes every identity that touches a table whose reading is uncertain, and says so once per
/// such table (how many identities, and why). A table whose only doubt is rows it could not read
/// keeps the identities within it that those rows cannot touch ([`Lost`]).
fn set_aside_uncertain(report: &Report, tables: &[Table], equations: &mut Vec<Equation>) -> Vec<Finding> {
    let uncertain: Vec<bool> = report.tables.iter().map(|t| !t.doubts.is_empty()).collect();
    let lost: Vec<Option<Lost>> =
        (0..tables.len()).map(|t| if uncertain[t] { Lost::of(report, tables, t) } else { None }).collect();
    let mut skipped = vec![0usize; tables.len()];
    equations.retain(|e| {
        let touched = std::iter::once(e.total.table).chain(e.parts.iter().map(|(_, c)| c.table));
        let mut doubtful = touched.filter(|&t| uncertain[t]).peekable();
        let Some(&t) = doubtful.peek() else { return true };
        if lost[t].as_ref().is_some_and(|l| l.spares(&tables[t], e)) {
            return true;
        }
        // Each uncertain table once, however many of its cells the identity reads.
        let mut counted: Vec<usize> = doubtful.collect();
        counted.sort_unstable();
        counted.dedup();
        for t in counted {
            skipped[t] += 1;
        }
        false
    });
    let infos = report.tables.iter().enumerate().filter(|(t, _)| uncertain[*t]).map(|(t, imported)| {
        let doubts: Vec<String> = imported.doubts.iter().map(ToString::to_string).collect();
        let message = format!(
            "读取不确定，涉及本表的 {n} 项核对未做 | reading uncertain, {n} identities touching this table not checked — {}",
            doubts.join("；"),
            n = skipped[t]
        );
        Finding::note(Severity::Info, "uncertain", &tables[t].id, String::new(), message)
    });
    infos.collect()
}

/// What a table's unread rows leave uncertain, when they are all its doubt: the printed rows
/// with a cell not read, and where the rows lost whole would stand (under a code, or anywhere).
/// An identity within the table is still certain if it reads none of those rows and is not the
/// roll-up a lost row would be part of.
struct Lost {
    /// Printed rows with a cell not read (a text in an amount column, a figure glued to the name).
    rows: Vec<usize>,
    /// The codes printed at the head of rows lost whole (`2060203 15,500.00 15,500.00`).
    under: Vec<crate::codes::Code>,
    /// A row lost whole with no code (figures without a label): it may belong anywhere.
    anywhere: bool,
}

impl Lost {
    /// The unread rows of table `t`, or `None` when its doubt is more than rows it could not read.
    fn of(report: &Report, tables: &[Table], t: usize) -> Option<Lost> {
        let imported = &report.tables[t];
        if !imported.doubts.iter().all(|d| matches!(d, Doubt::UnplacedRows { .. })) {
            return None;
        }
        let table = &tables[t];
        let mut lost = Lost { rows: Vec::new(), under: Vec::new(), anywhere: false };
        let issues = report.issues.iter().filter(|i| i.table.as_deref() == Some(table.id.as_str()));
        for issue in issues.filter(|i| i.kind.loses_figures()) {
            match &issue.kind {
                // Every row of the line (one a side-by-side block): a coded row keeps its place in
                // the roll-up, and so do rows run together under their codes; a row without a
                // code may stand for any.
                ImportIssueKind::NotAnAmount { .. } | ImportIssueKind::FigureGluedToName { .. } => {
                    let on_line: Vec<usize> =
                        (0..table.rows.len()).filter(|&r| table.rows[r].line == Some(issue.line)).collect();
                    if on_line.is_empty() {
                        return None;
                    }
                    for &r in &on_line {
                        let row = &table.rows[r];
                        match row.key {
                            RowKey::Code(_) => {}
                            // Coded rows the extraction ran together (`20805012080505`): under
                            // every code the digits can be read as.
                            _ => match merged_codes(&row.label) {
                                Some(codes) => lost.under.extend(codes),
                                None => lost.anywhere = true,
                            },
                        }
                    }
                    lost.rows.extend(on_line);
                }
                // Its code at its head, or after its 序号 (`23 302 商品和服务支出 …`): every
                // run of digits before its name that reads as a code (a 序号 of three digits
                // may, and the rows under it are spared less, not more).
                ImportIssueKind::FlattenedRow { text } | ImportIssueKind::UnplacedPageRow { text } => {
                    let head = text.split_whitespace().take_while(|t| t.bytes().all(|b| b.is_ascii_digit()));
                    let codes = head.filter_map(|t| crate::codes::Code::parse(t).ok());
                    let before = lost.under.len();
                    lost.under.extend(codes);
                    lost.anywhere |= lost.under.len() == before;
                }
                ImportIssueKind::FiguresWithoutLabel => lost.anywhere = true,
                _ => return None,
            }
        }
        Some(lost)
    }

    /// Whether `e`, an identity that reads table `table`, is certain despite the lost rows: a
    /// roll-up or cross-footing within the table that reads none of the rows with a cell not
    /// read, and, for a roll-up, is not one a lost row belongs to (its total a 合计 or a code on
    /// the lost row's line of descent, or any roll-up when a lost row has no code).
    fn spares(&self, table: &Table, e: &Equation) -> bool {
        let within = e.cells().all(|c| c.table == e.total.table);
        if !within || !matches!(&*e.rule, "rollup" | "crossfoot") || e.cells().any(|c| self.rows.contains(&c.row)) {
            return false;
        }
        if &*e.rule == "crossfoot" {
            return true;
        }
        // On the lost row's line of descent: the code itself, above it or below it.
        let related = |code: crate::codes::Code| {
            self.under.iter().any(|&lost| lost == code || lost.is_descendant_of(code) || code.is_descendant_of(lost))
        };
        match table.rows[e.total.row].key {
            RowKey::Code(code) => !self.anywhere && !related(code),
            _ => false,
        }
    }
}

/// The codes of rows the extraction ran together into one label (`20805012080505机关…`: 2080501
/// and 2080505): every code in any reading of its leading digits as two or more codes of 3, 5 or
/// 7 digits; `None` when they are no such run.
///
/// ```text
/// merged_codes("20805012080505机关事业单位基本养老保险缴费支出") == Some([2080501, 2080505])
/// ```
fn merged_codes(label: &str) -> Option<Vec<crate::codes::Code>> {
    let digits = &label[..label.bytes().take_while(u8::is_ascii_digit).count()];
    // Codes read from `at` to the end, in every way: whether any reading reaches the end.
    fn read(digits: &str, at: usize, parts: usize, codes: &mut Vec<crate::codes::Code>) -> bool {
        if at == digits.len() {
            return parts >= 2;
        }
        let mut any = false;
        for len in [3, 5, 7] {
            let Some(code) = digits.get(at..at + len).and_then(|d| crate::codes::Code::parse(d).ok()) else { continue };
            if read(digits, at + len, parts + 1, codes) {
                codes.push(code);
                any = true;
            }
        }
        any
    }
    let mut codes = Vec::new();
    // Three codes of seven digits at most: longer runs are no rows run together.
    if digits.len() > 21 || !read(digits, 0, 0, &mut codes) {
        return None;
    }
    codes.sort_unstable();
    codes.dedup();
    Some(codes)
}

/// The corrections localization proposes, table by table, over the identities within each; where
/// several fixes explain a table's findings equally well, the identities with other tables break
/// the tie if exactly one fix satisfies more of them, else every fix is listed and none proposed.
///
/// Each record comes with the cell it changes: a row's name does not always say which row it is
/// (a 部门 code printed beside several 政府 codes).
fn corrections(tables: &mut [Table], equations: Vec<Equation>) -> (Vec<CorrectionRecord>, Vec<CellRef>) {
    let (mut within, mut across): (Vec<Vec<Equation>>, Vec<Equation>) = (vec![Vec::new(); tables.len()], Vec::new());
    for e in equations {
        let t = e.total.table;
        if e.parts.iter().all(|(_, c)| c.table == t) {
            within[t].push(e);
        } else {
            across.push(e);
        }
    }
    let (mut records, mut cells) = (Vec::new(), Vec::new());
    // Only tables with an identity out of balance have anything to fix.
    let out_of_balance =
        |e: &Equation| check(tables, e, Tolerance::Rounded).is_some_and(|f| f.outcome != Outcome::RoundingTail);
    let parts: Vec<(usize, Vec<Equation>)> = (0..tables.len())
        .filter(|&t| within[t].iter().any(out_of_balance))
        .flat_map(|t| components(&within[t]).into_iter().map(move |c| (t, c)))
        .collect();
    for (t, within) in parts {
        let mut fix = localize(tables, &within, Tolerance::Rounded, SearchLimits::default());
        if fix.basis.is_none() && fix.exhaustive && fix.candidates.len() > 1 {
            break_tie_across_tables(tables, &across, &mut fix);
        }
        let or_unprinted_row =
            fix.basis == Some(Basis::UniqueSolution) && unprinted_row_explains(tables, &within, &fix.corrections);
        if or_unprinted_row {
            if agrees_across_tables(tables, &across, &fix.corrections) {
                fix.basis = Some(Basis::CrossTableAgreement);
            } else {
                // A total above its printed parts: the part raised, or a part not printed.
                fix.candidates = vec![std::mem::take(&mut fix.corrections)];
                fix.basis = None;
                fix.alternatives = 1;
            }
        }
        let or_unprinted_row = or_unprinted_row && fix.basis.is_none();
        let table = &tables[t];
        let record = |c: Correction, basis: Option<Basis>, set: usize| CorrectionRecord {
            table: table.id.clone(),
            row: table.rows[c.cell.row].name(),
            column: table.columns.get(c.cell.column).cloned().unwrap_or_default(),
            from: c.from,
            to: c.to,
            typo: c.typo,
            basis,
            fix: set,
            alternatives: fix.alternatives,
            or_unprinted_row,
        };
        cells.extend(fix.corrections.iter().chain(fix.candidates.iter().flatten()).map(|c| c.cell));
        records.extend(fix.corrections.iter().cloned().map(|c| record(c, fix.basis, 0)));
        for (set, candidate) in fix.candidates.iter().enumerate() {
            records.extend(candidate.iter().cloned().map(|c| record(c, None, set + 1)));
        }
    }
    (records, cells)
}

/// Whether a row the table does not print would explain its findings as well as `fix` does:
/// every identity out of balance is a roll-up whose total stands above its printed parts (a row
/// under the same total, balanced across its own columns, would fill each), and every change of
/// `fix` raises one of those parts.
fn unprinted_row_explains(tables: &[Table], within: &[Equation], fix: &[Correction]) -> bool {
    let mut short = Vec::new();
    for e in within {
        let Some(f) = check(tables, e, Tolerance::Rounded) else { continue };
        if f.outcome == Outcome::RoundingTail {
            continue;
        }
        let above = matches!((f.declared, f.expected), (Some(d), Some(x)) if d > x);
        if &*e.rule != "rollup" || !matches!(f.outcome, Outcome::Mismatch | Outcome::BlankParts) || !above {
            return false;
        }
        short.push(e);
    }
    !fix.is_empty()
        && fix.iter().all(|c| c.to > c.from.unwrap_or_default() && short.iter().any(|e| e.parts.contains(&(1, c.cell))))
}

/// Whether the identities with other tables that `fix` touches hold better with it than without
/// it: the same figure printed elsewhere agrees with the corrected one.
fn agrees_across_tables(tables: &mut [Table], across: &[Equation], fix: &[Correction]) -> bool {
    let touched: Vec<&Equation> =
        across.iter().filter(|e| e.cells().any(|x| fix.iter().any(|c| c.cell == x))).collect();
    errors_with(tables, &touched, fix) < errors_with(tables, &touched, &[])
}

/// How many of `touched` are errors with `fix` applied to `figures`: applied, counted, and taken
/// back, so that the report's own figures serve every fix tried (no copy), and are as printed
/// again after.
fn errors_with(figures: &mut [Table], touched: &[&Equation], fix: &[Correction]) -> usize {
    // What stood there, put back in reverse order: the figures end as they began.
    let printed: Vec<Option<Decimal>> =
        fix.iter().map(|c| figures[c.cell.table].rows[c.cell.row].cells[c.cell.column].replace(c.to)).collect();
    let errors = |e: &&&Equation| check(figures, e, Tolerance::Rounded).is_some_and(|f| f.severity == Severity::Error);
    let count = touched.iter().filter(errors).count();
    for (c, was) in fix.iter().zip(printed).rev() {
        figures[c.cell.table].rows[c.cell.row].cells[c.cell.column] = was;
    }
    count
}

/// The errors that the proposed (definite) corrections resolve say so, so that a reviewer reads
/// an error in table 01 as explained by a correction in table 02. `failing` are the identities
/// whose errors these are: only they are checked again. `cells` are the corrections' cells.
fn say_what_corrections_resolve(
    tables: &mut [Table],
    failing: &[Equation],
    corrections: &[CorrectionRecord],
    cells: &[CellRef],
    findings: Vec<Finding>,
) -> Vec<Finding> {
    let definite: Vec<(&CorrectionRecord, CellRef)> =
        corrections.iter().zip(cells.iter().copied()).filter(|(c, _)| c.is_definite()).collect();
    if definite.is_empty() || !findings.iter().any(|f| f.severity == Severity::Error) {
        return findings;
    }
    // The errors left once some corrections are applied, by rule, table, row and column.
    type Left = BTreeSet<(String, String, String, String)>;
    // Each set of corrections applied to the figures, evaluated and taken back.
    let corrected = tables;
    let mut remaining_after = |applied: &[(&CorrectionRecord, CellRef)]| -> Left {
        let mut undo = Vec::new();
        for &(c, at) in applied {
            let cell = &mut corrected[at.table].rows[at.row].cells[at.column];
            undo.push((at, *cell));
            *cell = Some(c.to);
        }
        let left = evaluate(corrected, failing, Tolerance::Rounded)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.rule, f.table, f.row, f.column))
            .collect();
        // Taken back last first, so that two corrections of one cell restore its printed figure.
        for (at, printed) in undo.into_iter().rev() {
            corrected[at.table].rows[at.row].cells[at.column] = printed;
        }
        left
    };
    // A finding resolved by one table's corrections names those; one that needs several, all.
    let mut by_table: Vec<(String, Left)> = Vec::new();
    let ids: BTreeSet<&str> = definite.iter().map(|(c, _)| c.table.as_str()).collect();
    for id in ids {
        let of_table: Vec<(&CorrectionRecord, CellRef)> =
            definite.iter().copied().filter(|(c, _)| c.table == id).collect();
        let cells: BTreeSet<String> = of_table.iter().map(|(c, _)| format!("表{} {}", c.table, c.row)).collect();
        by_table.push((cells.into_iter().collect::<Vec<_>>().join("、"), remaining_after(&of_table)));
    }
    let all = remaining_after(&definite);
    findings
        .into_iter()
        .map(|mut f| {
            let key = (f.rule.clone(), f.table.clone(), f.row.clone(), f.column.clone());
            if f.severity != Severity::Error || all.contains(&key) {
                return f;
            }
            let named: Vec<&str> =
                by_table.iter().filter(|(_, left)| !left.contains(&key)).map(|(cells, _)| cells.as_str()).collect();
            let cells = if named.is_empty() {
                by_table.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join("、")
            } else {
                named.join("、")
            };
            let (zh, en) = f.message.split_once(" | ").unwrap_or((&f.message, &f.message));
            f.message =
                format!("{zh}；按建议更正（{cells}）即平衡 | {en}; the proposed correction of {cells} resolves it");
            f
        })
        .collect()
}

/// The equations in groups that share no cell (each column of a table is usually one): each
/// group's fixes are found on their own, so that alternatives are counted where they differ.
fn components(equations: &[Equation]) -> Vec<Vec<Equation>> {
    let mut group_of: Vec<usize> = (0..equations.len()).collect();
    fn root(group_of: &mut [usize], mut i: usize) -> usize {
        while group_of[i] != i {
            group_of[i] = group_of[group_of[i]];
            i = group_of[i];
        }
        i
    }
    // Each cell with the equations it appears in, sorted: equations sharing a cell are joined.
    let mut cells: Vec<(crate::balance::CellRef, usize)> =
        equations.iter().enumerate().flat_map(|(i, e)| e.cells().map(move |c| (c, i))).collect();
    cells.sort_unstable();
    for pair in cells.windows(2) {
        if pair[0].0 == pair[1].0 {
            let (a, b) = (root(&mut group_of, pair[0].1), root(&mut group_of, pair[1].1));
            group_of[a] = b;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Equation>> = std::collections::BTreeMap::new();
    for (i, e) in equations.iter().enumerate() {
        let r = root(&mut group_of, i);
        groups.entry(r).or_default().push(e.clone());
    }
    groups.into_values().collect()
}

/// Among a table's equally good fixes, the one that alone makes more of the identities with
/// other tables hold becomes the correction.
fn break_tie_across_tables(tables: &mut [Table], across: &[Equation], fix: &mut Localization) {
    // The identities with other tables that any of the fixes touches, each counted for all.
    let touched: Vec<&Equation> =
        across.iter().filter(|e| e.cells().any(|x| fix.candidates.iter().flatten().any(|c| c.cell == x))).collect();
    if touched.is_empty() {
        return;
    }
    // Each fix applied to the figures and taken back in turn.
    let scores: Vec<usize> = fix.candidates.iter().map(|c| errors_with(tables, &touched, c)).collect();
    let Some(&best) = scores.iter().min() else { return };
    if scores.iter().filter(|&&s| s == best).count() == 1 {
        let at = scores.iter().position(|&s| s == best).expect("the minimum is among the scores");
        fix.corrections = fix.candidates.swap_remove(at);
        fix.candidates.clear();
        fix.basis = Some(Basis::CrossTableAgreement);
    }
}
