//! What the prose of a disclosure must say: its required sections, and why each table without
//! figures is empty. Both are lists of words, as data.

use crate::balance::{Finding, Severity, Table};
use crate::catalog::normal_chars;
use crate::report::import::{Report, TableKind};
use crate::text::trim;

use super::NARRATIVE;

/// The sections a 部门预算 or 决算 explains (by the words its heading or text uses).
const REQUIRED: &[(&str, &[&str])] = &[
    ("机关运行经费", &["机关运行经费"]),
    ("政府采购", &["政府采购"]),
    ("国有资产占用", &["国有资产"]),
    ("预算绩效", &["绩效"]),
];

/// Words that say a kind of table has nothing to show (无政府性基金收支, 本表为空表).
const SUBJECT_OF: &[(TableKind, &[&str])] = &[
    (TableKind::GovernmentFund, &["政府性基金"]),
    (TableKind::StateCapital, &["国有资本经营"]),
    (TableKind::ThreePublic, &["三公"]),
    (TableKind::CarryOver, &["结转"]),
    (TableKind::Procurement, &["政府采购"]),
    (TableKind::PurchaseService, &["政府购买服务"]),
    (TableKind::Project, &["项目支出"]),
];

/// Words that say there is nothing.
const NOTHING: &[&str] =
    &["无", "没有", "空表", "未安排", "未发生", "为零", "为0", "不涉及", "预算0万元", "预算0元", "0.00万元"];

/// The sections missing from a report with a narrative, and the empty tables it does not explain
/// (`tables` are its figures, in the order of `report.tables`).
pub(super) fn sections(report: &Report, tables: &[Table]) -> Vec<Finding> {
    let lines: Vec<(usize, &str)> = report.prose.lines().collect();
    let mut out = Vec::new();
    for (section, words) in REQUIRED {
        if !lines.iter().any(|(_, l)| words.iter().any(|w| l.contains(w))) {
            let message = format!("说明中没有“{section}”情况 | the narrative does not explain {section}");
            out.push(Finding::note(Severity::Warning, "narrative:section", NARRATIVE, (*section).to_string(), message));
        }
    }
    for (imported, table) in report.tables.iter().zip(tables) {
        if table.rows.iter().any(|r| r.cells.iter().any(Option::is_some)) {
            continue;
        }
        let Some((_, words)) = SUBJECT_OF.iter().find(|(k, _)| *k == imported.kind) else { continue };
        // A line that names the table's subject and, on it or the two lines after it (a heading
        // then 无), says there is nothing; the table's own note (本表反映…) says nothing of the kind.
        let explained = (0..lines.len()).any(|i| {
            words.iter().any(|w| lines[i].1.contains(w))
                && !lines[i].1.contains("本表反映")
                && lines[i..lines.len().min(i + 3)].iter().any(|(_, l)| NOTHING.iter().any(|n| l.contains(n)))
        });
        if !explained && !listed_as_empty(report, imported.number_printed.then_some(imported.number), &table.title) {
            let message = format!(
                "表{} {} 无数据，说明未解释原因 | table {} holds no figures and the narrative does not say why",
                table.id, table.title, table.id
            );
            out.push(
                Finding::note(Severity::Warning, "narrative:empty_table", NARRATIVE, table.title.clone(), message)
                    .at(imported.line),
            );
        }
    }
    out
}

/// Whether a row outside the disclosure tables says the table numbered `number` (when it prints
/// one) or titled `title` is empty: a 报表目录 row `表11 | …结转资金支出表 | 是 | 不涉及` names it
/// (by `表N` or its title, spaces and full-width forms aside) and then says 是 (是否空表) or
/// gives a reason of [`NOTHING`] in a cell after the name.
fn listed_as_empty(report: &Report, number: Option<u16>, title: &str) -> bool {
    let same = |a: &str, b: &str| normal_chars(a).eq(normal_chars(b));
    let names = |cell: &str| {
        let by_number = number.is_some_and(|n| {
            let bare = cell.strip_prefix('附').unwrap_or(cell);
            bare.strip_prefix('表').is_some_and(|d| d.trim().parse::<u16>() == Ok(n))
        });
        by_number || !cell.is_empty() && same(cell, title)
    };
    report.other_rows.lines().any(|(_, row)| {
        let cells: Vec<&str> = row.split('\t').map(trim).collect();
        let Some(at) = cells.iter().rposition(|c| names(c)) else { return false };
        // The cells after the name, its title aside (a 表N cell is followed by the title).
        let after = cells[at + 1..].iter().filter(|c| !c.contains('表'));
        after.clone().any(|c| *c == "是") || after.clone().any(|c| NOTHING.iter().any(|n| c.contains(n)))
    })
}
