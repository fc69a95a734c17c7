//! Phase 3a of the import: a code and its name that the extraction printed in one cell
//! (`2010301 行政运行`, `234 西安市气象局`) under a header with a column for each (科目编码 |
//! 科目名称, 单位编码 | 单位名称). Such a row is a cell short, every figure one place left of its
//! column; read as printed it would put figures under the wrong columns and claim errors the
//! document does not hold. The row is given back its two cells before the header is read (the
//! header's reading counts what each position of the body holds) where the header's words say
//! which columns hold codes and names, and as the rows are placed where only the header's
//! reading says it.

use super::header::{Header, header_rows};
use super::line::Cell;
use super::scan::RawTable;
use crate::catalog::normalized;
use crate::text::trim;

/// A header cell that heads a column of codes (科目编码, 部门经济科目代码, 单位编码).
fn heads_codes(text: &str) -> bool {
    let text = normalized(text);
    text.ends_with("编码") || text.ends_with("代码")
}

/// A header cell that heads a column of names (科目名称, 功能分类科目名称, 单位名称, 项目).
fn heads_names(text: &str) -> bool {
    let text = normalized(text);
    text.ends_with("名称") || text.ends_with("科目") || text == "项目"
}

/// The table with its joined labels split, or `None` where no row joins one (most tables: they
/// are read as they stand, without a copy).
///
/// A body row is split at a code column followed by a name column (as the header prints them)
/// when it is shorter than the table's widest row, its cell there reads as a code and a name,
/// and the cell after it holds no words (a figure, the blank of an empty first column, a second
/// code): an extraction that joins two cells drops the break between them and keeps no blank for
/// the second.
pub(super) fn split<'t>(rt: &RawTable<'t>) -> Option<RawTable<'t>> {
    let width = rt.rows().map(|(_, cells)| cells.len()).max()?;
    // Most tables print no row short of their widest and joined: settled before the header is read.
    let may_join = |cells: &[&str]| cells.len() < width && cells.iter().any(|c| code_and_name(trim(c)).is_some());
    if !rt.rows().any(|(_, cells)| may_join(cells)) {
        return None;
    }
    let (header_end, headers, _) = header_rows(rt);
    let heads = |p: usize, test: fn(&str) -> bool| headers.iter().any(|h| h.get(p).is_some_and(|t| test(t)));
    let code_then_name: Vec<usize> =
        (0..width.saturating_sub(1)).filter(|&p| heads(p, heads_codes) && heads(p + 1, heads_names)).collect();
    let joined_at = |cells: &[&str]| {
        code_then_name.iter().copied().find(|&p| {
            cells.get(p).is_some_and(|c| code_and_name(trim(c)).is_some())
                && cells.get(p + 1).is_none_or(|next| !holds_words(next))
        })
    };
    let rows: Vec<(usize, &[&'t str], Option<usize>)> = rt
        .rows()
        .enumerate()
        .map(|(i, (line, cells))| {
            (line, cells, (i >= header_end && may_join(cells)).then(|| joined_at(cells)).flatten())
        })
        .collect();
    if rows.iter().all(|(_, _, at)| at.is_none()) {
        return None;
    }
    let mut apart = rt.emptied();
    let mut cells_apart = Vec::new();
    for (line, cells, at) in rows {
        // (`at` was found where the cell reads as a code and a name.)
        let Some((at, (code, name))) = at.and_then(|at| Some((at, code_and_name(trim(cells[at]))?))) else {
            apart.push_row(line, cells);
            continue;
        };
        cells_apart.clear();
        cells_apart.extend_from_slice(&cells[..at]);
        cells_apart.extend([code, name]);
        cells_apart.extend_from_slice(&cells[at + 1..]);
        apart.push_row(line, &cells_apart);
    }
    Some(apart)
}

/// After the header is read, where its words did not say which columns hold codes and names
/// ([`split`]): a row whose code and name the extraction printed in one cell under two label
/// columns, so that the row is a cell short and its figures stand one
/// place left: its cells as they were printed, the code and the name apart. (An extraction that
/// joins two cells drops the break between them; it does not keep a blank for the second.)
/// `None` for every other row, and where the split would put more figures under label columns.
pub(super) fn split_row<'t>(
    header: &Header,
    cells: &[&'t str],
    kinds: &[Cell<'t>],
) -> Option<(Vec<&'t str>, Vec<Cell<'t>>)> {
    if cells.len() >= header.width {
        return None;
    }
    // Label positions, and those the header ignores (a unit's code): no figure stands there.
    let label = |p: usize| p < header.width && header.column_of[p].is_none();
    let off =
        |kinds: &[Cell<'_>]| (0..kinds.len()).filter(|&p| label(p) && matches!(kinds[p], Cell::Number(_))).count();
    let merged = (0..cells.len()).find(|&p| matches!(kinds[p], Cell::Text(_)) && label(p) && label(p + 1))?;
    let Cell::Text(text) = kinds[merged] else { return None };
    let (code, name) = super::line::code_and_name(text)?;
    let printed_code = text[..text.len() - name.len()].trim_end();
    let mut split_kinds = Vec::with_capacity(cells.len() + 1);
    split_kinds.extend_from_slice(&kinds[..merged]);
    split_kinds.extend([Cell::Code(code), Cell::Text(name)]);
    split_kinds.extend_from_slice(&kinds[merged + 1..]);
    if off(&split_kinds) > off(kinds) {
        return None;
    }
    let mut split_cells = Vec::with_capacity(cells.len() + 1);
    split_cells.extend_from_slice(&cells[..merged]);
    split_cells.extend([printed_code, name]);
    split_cells.extend_from_slice(&cells[merged + 1..]);
    Some((split_cells, split_kinds))
}

/// A cell that prints a code and a name ([`super::line::digits_and_name`]): the code's digits and
/// the name. A whole row printed without its cell breaks (`2101101 行政单位医疗 2.22 2.22`) is no
/// label: it is said as such when its rows are placed.
fn code_and_name(text: &str) -> Option<(&str, &str)> {
    if super::line::is_flattened_row(text) {
        return None;
    }
    super::line::digits_and_name(text).map(|(digits, name, _)| (digits, name))
}

/// Whether a cell holds words (not a figure, a code or a blank).
fn holds_words(cell: &str) -> bool {
    matches!(super::line::classify(cell), Cell::Text(_) | Cell::Spilled { .. })
}

#[cfg(test)]
mod tests {
    use crate::report::import::import;

    fn rows_of(text: &str) -> Vec<(String, Vec<Option<rust_decimal::Decimal>>)> {
        let report = import(text);
        report.tables[0].table.rows.iter().map(|r| (r.name().to_string(), r.cells.clone())).collect()
    }

    #[test]
    fn a_code_and_its_name_in_one_cell_under_a_column_for_each_are_read_apart() {
        let table = |row: &str| {
            format!(
                "2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
                 \t合计\t30.00\t20.00\t10.00\n201\t一般公共服务支出\t30.00\t20.00\t10.00\n\
                 20103\t政府办公厅（室）及相关机构事务\t30.00\t20.00\t10.00\n{row}\n"
            )
        };
        let apart = rows_of(&table("2010301\t行政运行\t30.00\t20.00\t10.00"));
        // Joined, with a blank before its first figure: read as the row printed apart.
        assert_eq!(rows_of(&table("2010301 行政运行\t30.00\t20.00\t10.00")), apart);
        assert_eq!(rows_of(&table("2010301行政运行\t30.00\t20.00\t10.00")), apart);
        let blank_first = rows_of(&table("2010301\t行政运行\t\t20.00\t10.00"));
        assert_eq!(rows_of(&table("2010301 行政运行\t\t20.00\t10.00")), blank_first);
        // A row as wide as the widest is as printed: its name column is blank.
        assert_eq!(rows_of(&table("2010301 行政运行\t\t30.00\t20.00\t10.00")), apart);
    }
}
