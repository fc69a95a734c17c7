//! The codes and names printed in a report's tables, against the catalog of its year.
//!
//! What the extraction does to names is told apart from what the report prints: brackets the
//! extractor moved (`维修 护 费( )` for 维修（护）费) match, and a table whose names all sit one
//! row off their codes is said once, not row by row.

use super::import::{ImportedTable, Report, TableKind};
use super::issue::Doubt;
use crate::balance::{Finding, RowKey, Severity, Table};
use crate::catalog::{Catalog, CatalogSet, NameMatch, normal_chars};
use crate::codes::Code;

/// Two names equal once spaces and brackets are dropped: the extractor prints 维修（护）费 as
/// `维修 护 费( )` when the brackets sit in their own text runs.
fn same_without_brackets(a: &str, b: &str) -> bool {
    let plain = |s: &str| {
        normal_chars(s)
            .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '[' | ']' | '“' | '”' | '"'))
            .collect::<String>()
    };
    plain(a) == plain(b)
}

/// How many of a table's mismatched rows (`mismatched`, indexes into `coded`) print the catalog
/// name of the coded row just above or below: names printed one row off their codes.
fn shifted_names(coded: &[(Code, &str)], mismatched: &[usize], catalog: &Catalog<'_>) -> usize {
    let name_is = |i: usize, label: &str| {
        coded.get(i).is_some_and(|&(c, _)| matches!(catalog.match_name(c, label), NameMatch::Current(_)))
    };
    mismatched
        .iter()
        .filter(|&&i| {
            let label = coded[i].1;
            i.checked_sub(1).is_some_and(|p| name_is(p, label)) || name_is(i + 1, label)
        })
        .count()
}

/// The findings on one coded row.
fn row_finding(
    code: Code,
    label: &str,
    m: &NameMatch<'_>,
    catalog: &Catalog<'_>,
    set: &CatalogSet,
    year: u16,
) -> Option<(Severity, String)> {
    if label.is_empty() {
        return Some((Severity::Info, format!("科目 {code} 未印名称 | code {code} is printed without its name")));
    }
    Some(match *m {
        NameMatch::Current(_) => return None,
        NameMatch::UnknownCode => {
            let history = set.name_history(code);
            let when: Vec<String> = history
                .iter()
                .map(|e| format!("{}–{} {}", e.valid_years().start(), e.valid_years().end(), e.name()))
                .collect();
            let when = if when.is_empty() { String::new() } else { format!("（{}）", when.join("；")) };
            // A well-formed code under a branch the catalog has may be a code the catalog lacks
            // (new codes, local codes): the catalog's gap, not the report's error. A code under
            // no 类 of the year is no code of the classification.
            match code.ancestors().find_map(|c| catalog.entry(c)) {
                Some(parent) => (
                    Severity::Warning,
                    format!(
                        "科目 {code} 不在 {year} 年目录中{when}，其上级 {} {} 在：目录可能不全 | code {code} is not in the {year} catalog, its parent {} is: the catalog may be incomplete",
                        parent.code(),
                        parent.name(),
                        parent.code()
                    ),
                ),
                None => (
                    Severity::Error,
                    format!("科目 {code} 在 {year} 年目录中不存在{when} | code {code} is not in the {year} catalog"),
                ),
            }
        }
        NameMatch::OtherPeriod { entry, current } => {
            // A name retired two or more years before the report is the report's stale name.
            let retired = *entry.valid_years().end() + 1;
            let stale = m.is_older_name() && retired < year;
            (
                if stale { Severity::Warning } else { Severity::Info },
                format!(
                    "“{label}”是 {code} 在 {}–{} 年的{}名称，{year} 年为“{}”{} | {} name of {code}{}",
                    entry.valid_years().start(),
                    entry.valid_years().end(),
                    if m.is_older_name() { "旧" } else { "新" },
                    current.name(),
                    if stale { format!("（{retired} 年起已改名）") } else { String::new() },
                    if m.is_older_name() { "an older" } else { "a newer" },
                    if stale { format!(", renamed in {retired}: “{}”", current.name()) } else { String::new() },
                ),
            )
        }
        NameMatch::Truncated { current } => {
            (Severity::Info, format!("“{label}”是“{}”的截断 | the name is cut short", current.name()))
        }
        _ if is_catalog_name(label, m) => return None,
        NameMatch::Mismatch { current } => (
            if current.is_confirmed() { Severity::Warning } else { Severity::Info },
            format!(
                "名称“{label}”与目录“{}”不符{} | name differs from the catalog{}",
                current.name(),
                if current.is_confirmed() { "" } else { "（目录名称未经公开文件确认）" },
                if current.is_confirmed() { "" } else { " (the catalog name is unconfirmed)" }
            ),
        ),
    })
}

/// The most rows whose names sit one row off before a table's names are said to be shifted.
const SHIFTED_ROWS: usize = 3;

/// The coded rows of one table with their names against the catalog, or `None` for a table that
/// lists items by code (projects, purchases: it labels its rows with the item).
pub(super) struct TableNames<'t, 'c> {
    /// Each coded row: its code, printed name and line.
    pub coded: Vec<(Code, &'t str, Option<usize>)>,
    /// What each name is to the catalog.
    pub matches: Vec<NameMatch<'c>>,
    /// How many names sit one row off their codes; at [`SHIFTED_ROWS`] or more the table's names
    /// say nothing about the catalog.
    pub shifted: usize,
}

impl TableNames<'_, '_> {
    pub(super) fn is_shifted(&self) -> bool {
        self.shifted >= SHIFTED_ROWS
    }
}

/// A table's coded rows: code, name as printed, line.
fn coded_rows(table: &Table) -> Vec<(Code, &str, Option<usize>)> {
    table
        .rows
        .iter()
        .filter_map(|r| match r.key {
            RowKey::Code(c) => Some((c, r.label.as_str(), r.line)),
            _ => None,
        })
        .collect()
}

/// Reads one table's names (see [`TableNames`]).
pub(super) fn table_names<'t, 'c>(
    imported: &ImportedTable,
    table: &'t Table,
    catalog: &Catalog<'c>,
) -> Option<TableNames<'t, 'c>> {
    if imported.doubts.iter().any(|d| matches!(d, Doubt::RepeatedCodes { .. })) {
        return None;
    }
    let coded = coded_rows(table);
    let matches: Vec<NameMatch<'c>> = coded.iter().map(|&(code, label, _)| catalog.match_name(code, label)).collect();
    // Only a table with several mismatched names is asked whether they sit one row off.
    let mismatched: Vec<usize> = (0..coded.len())
        .filter(|&i| match matches[i] {
            NameMatch::Mismatch { current } => {
                !coded[i].1.is_empty() && !same_without_brackets(coded[i].1, current.name())
            }
            _ => false,
        })
        .collect();
    let pairs: Vec<(Code, &str)> = coded.iter().map(|&(c, l, _)| (c, l)).collect();
    let shifted = if mismatched.len() >= SHIFTED_ROWS { shifted_names(&pairs, &mismatched, catalog) } else { 0 };
    Some(TableNames { coded, matches, shifted })
}

/// Whether a code is a local 经济分类 项 (`3010201`), which no catalog holds.
fn is_local(code: Code) -> bool {
    matches!(code, Code::Econ(e) if e.is_local())
}

/// One note for a table's local 项 (`3010201` 规范性津补贴 under `30102`): they roll up into
/// their 款 like any code, but no catalog holds their names.
fn local_codes_note(table: &Table, coded: &[(Code, &str, Option<usize>)]) -> Option<Finding> {
    let &(first, name, _) = coded.iter().find(|&&(code, _, _)| is_local(code))?;
    // A code printed beside two 政府 codes is one code.
    let mut codes: Vec<Code> = coded.iter().map(|&(code, _, _)| code).filter(|&c| is_local(c)).collect();
    codes.sort_unstable();
    codes.dedup();
    let count = codes.len();
    Some(Finding::note(
        Severity::Info,
        "name",
        &table.id,
        String::new(),
        format!(
            "{count} 个地方细化的经济分类科目（如 {first} {name}），不在全国目录中，按其上级款汇总，名称未核对 | {count} local economic sub-items (e.g. {first}) below national 款: rolled up into them, names not checked"
        ),
    ))
}

/// Whether a printed name is the catalog's once the extractor's moved brackets are put back.
pub(super) fn is_catalog_name(label: &str, m: &NameMatch<'_>) -> bool {
    match m {
        NameMatch::Current(_) => true,
        NameMatch::Mismatch { current } => same_without_brackets(label, current.name()),
        _ => false,
    }
}

/// Every code and name of the report's tables (`tables` in the order of `report.tables`)
/// checked against the catalog of `year`.
pub(super) fn name_findings(
    report: &Report,
    tables: &[Table],
    set: &CatalogSet,
    catalog: &Catalog<'_>,
    year: u16,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (imported, table) in report.tables.iter().zip(tables) {
        // Cells that may stand in other columns than printed: a unit's code may read as a 科目.
        if imported.doubts.iter().any(|d| matches!(d, Doubt::BlanksDropped { .. } | Doubt::LeadingBlanksDropped { .. }))
        {
            continue;
        }
        // The 三公 table is cut by item, its rows by unit: a code-like figure on its rows is a
        // unit's (234 over 234001), not a 科目 (read so where its 单位编码 header was not read).
        if imported.kind == TableKind::ThreePublic {
            continue;
        }
        // (A table whose codes repeat, as a listing of items does, has no names to check; a code
        // misprinted as its neighbour's is read as its name says by the import.)
        let Some(names) = table_names(imported, table, catalog) else { continue };
        if names.is_shifted() {
            let shifted = names.shifted;
            findings.push(Finding::note(
                Severity::Info,
                "name",
                &table.id,
                String::new(),
                format!(
                    "{shifted} 行的名称印在相邻行的编码旁（提取错位），本表名称未核对 | {shifted} names sit one row off their codes (an extraction shift): names not checked"
                ),
            ));
            continue;
        }
        findings.extend(local_codes_note(table, &names.coded));
        for (&(code, label, _), m) in names.coded.iter().zip(&names.matches) {
            if is_local(code) {
                continue;
            }
            if let Some((severity, message)) = row_finding(code, label, m, catalog, set, year) {
                findings.push(Finding::note(severity, "name", &table.id, code.to_string(), message));
            }
        }
        findings.extend(paired_findings(imported, table, catalog, set, year));
    }
    findings
}

/// The 政府 economic codes printed beside 部门 ones: each name against the catalog, each pair
/// against the 部门 → 政府 mapping (a pair the mapping does not hold is a warning where a
/// published source confirms the mapping, information where it is recollection only).
fn paired_findings(
    imported: &ImportedTable,
    table: &Table,
    catalog: &Catalog<'_>,
    set: &CatalogSet,
    year: u16,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &imported.paired {
        let at = |f: Finding| match table.rows.get(p.row).and_then(|r| r.line) {
            Some(line) => f.at(line),
            None => f,
        };
        let m = catalog.match_name(p.code, &p.name);
        if let Some((severity, message)) = row_finding(p.code, &p.name, &m, catalog, set, year) {
            out.push(at(Finding::note(severity, "name", &table.id, p.code.to_string(), message)));
        }
        let Some(RowKey::Code(Code::Econ(department))) = table.rows.get(p.row).map(|r| r.key) else { continue };
        // A local 项 is paid as its 款 is.
        let department = if department.is_local() { department.parent().unwrap_or(department) } else { department };
        let mappings = set.econ_mappings(department);
        if mappings.is_empty() || mappings.iter().any(|m| Code::Econ(m.government) == p.code) {
            continue;
        }
        let confirmed = mappings
            .iter()
            .any(|m| m.evidence.split(';').any(|t| t.starts_with("report:") || t.starts_with("partial:")));
        let expected: Vec<String> =
            mappings.iter().map(|m| format!("{}（{}）", m.government, m.condition_text)).collect();
        let message = format!(
            "部门经济分类 {department} 对应政府经济分类 {}，本表印 {}{} | 部门 code {department} maps to {}, the table prints {}{}",
            expected.join("或"),
            p.code,
            if confirmed { "" } else { "（对应关系未经公开文件确认）" },
            mappings.iter().map(|m| m.government.to_string()).collect::<Vec<_>>().join(" or "),
            p.code,
            if confirmed { "" } else { " (the mapping is unconfirmed)" },
        );
        let severity = if confirmed { Severity::Warning } else { Severity::Info };
        out.push(at(Finding::note(severity, "econ_map", &table.id, department.to_string(), message)));
    }
    out
}
