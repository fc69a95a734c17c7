//! One table's raw rows → a declared [`Table`]: header rows and data rows, side-by-side blocks as
//! logical columns, column names from two-level headers, 行次 and 栏次, row keys (whole or split
//! codes, labels), figures shifted into a label cell, labels printed across two blocks.

use super::import::{LineCounts, RawTable, collapse_overstrike, is_flattened_row};
use super::issue::{ImportIssue, ImportIssueKind};
use crate::amount::read_amount;
use crate::balance::{Row, RowKey, Table};
use crate::catalog::{normal_chars, normalize_name};
use crate::codes::Code;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell<'t> {
    Empty,
    Code(Code),
    Number(Decimal),
    Text(&'t str),
}

pub(super) fn classify(cell: &str) -> Cell<'_> {
    let t = cell.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    if [3, 5, 7].contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Ok(code) = Code::parse(t)
    {
        return Cell::Code(code);
    }
    match read_amount(t) {
        Ok(Some(d)) => Cell::Number(d),
        Ok(None) => Cell::Empty,
        Err(_) => Cell::Text(t),
    }
}

/// Header words that start a label block.
fn is_label_header(t: &str) -> bool {
    ["项目", "项目名称", "科目名称", "功能科目名称", "支出用途", "功能分类", "类", "款", "项"].contains(&t)
        || t.ends_with("科目编码")
        || t.ends_with("科目代码")
        || t.ends_with("科目名称")
}

fn is_line_number_header(t: &str) -> bool {
    t == "行次" || t == "栏次"
}

/// Header words of columns that hold neither amounts nor the row's name: row numbers, unit
/// codes, quantities, notes, percentages. They are never summed and never glued to a label.
fn is_not_amount_header(t: &str) -> bool {
    // Every word below has one of these characters: one scan settles most headers (合计, 决算数).
    let marks = |c: char| {
        matches!(
            c,
            '序' | '编'
                | '量'
                | '价'
                | '代'
                | '备'
                | '说'
                | '采'
                | '%'
                | '％'
                | '比'
                | '率'
                | '幅'
                | '时'
                | '日'
                | '方'
        )
    };
    if !t.contains(marks) {
        return false;
    }
    const EXACT: &[&str] =
        &["序号", "编号", "单位编码", "单位代码", "数量", "计量单位", "单价", "备注", "说明", "采购方式", "采购品目"];
    const PARTS: &[&str] = &[
        "%",
        "％",
        "比例",
        "比重",
        "占比",
        "增长率",
        "增减率",
        "幅度",
        "时间",
        "日期",
        "方式",
        "目录编码",
        "品目编码",
        "备注",
    ];
    EXACT.contains(&t) || PARTS.iter().any(|w| t.contains(w)) || t.ends_with("编码") && !t.contains("科目")
}

/// A 栏次 row: column numbers 1, 2, 3 … (maybe after labels such as 合计 or 栏次).
fn is_column_number_row(cells: &[&str]) -> bool {
    let (mut numbers, mut texts, mut next) = (0, 0, 1u32);
    let (mut sequential, mut small, mut labelled) = (true, true, false);
    for cell in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match cell.parse::<u32>() {
            Ok(n) => {
                numbers += 1;
                sequential &= n == next;
                small &= n < 100;
                next = n.saturating_add(1);
                // A code or a large figure settles it (most rows).
                if !sequential && !small {
                    return false;
                }
            }
            Err(_) => {
                texts += 1;
                labelled |= cell.contains('栏') && normal_chars(cell).eq("栏次".chars());
            }
        }
    }
    (numbers >= 2 && sequential && texts <= 2) || labelled && small
}

/// The most header rows that name columns.
const MAX_HEADER_ROWS: usize = 8;

/// Whether a row prints the same cells as a header row (normalized, trailing blanks aside): a
/// header printed again after a page break. Compared without allocating.
fn repeats_header(header: &[String], cells: &[&str]) -> bool {
    let header_len = header.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
    let is_blank = |c: &&str| normal_chars(c).next().is_none();
    let cells_len = cells.iter().rposition(|c| !is_blank(c)).map_or(0, |i| i + 1);
    header_len == cells_len && header.iter().zip(cells).all(|(h, c)| normal_chars(c).eq(h.chars()))
}

/// One side-by-side block: its position range and which positions hold labels and amounts.
#[derive(Debug)]
struct Block {
    start: usize,
    end: usize,
    group: String,
}

pub(super) fn build_table(id: &str, rt: &RawTable<'_>, counts: &mut LineCounts) -> (Table, Vec<ImportIssue>) {
    let mut issues = Vec::new();
    let width = rt.rows().map(|(_, c)| c.len()).max().unwrap_or(0);
    // Header rows: those before the first row that holds a figure or a code (栏次 rows included).
    // Whether each row is a 栏次 row (column numbers), decided once.
    let numbering: Vec<bool> = rt.rows().map(|(_, c)| is_column_number_row(c)).collect();
    let is_data =
        |i: usize| !numbering[i] && rt.row(i).1.iter().any(|c| matches!(classify(c), Cell::Code(_) | Cell::Number(_)));
    let header_end = (0..rt.len()).find(|&i| is_data(i)).unwrap_or(rt.len());
    // Header rows normalized once: every header cell is read many times below, and a data row
    // that repeats one is a header printed again after a page break. Real headers have a few
    // rows (栏次 rows among them); past that (a table with no figures) the rest name nothing more.
    let all_headers: Vec<Vec<String>> = (0..header_end)
        .map(|i| rt.row(i))
        .take(2 * MAX_HEADER_ROWS)
        .map(|(_, c)| c.iter().map(|s| collapse_overstrike(s).unwrap_or_else(|| normalize_name(s))).collect())
        .collect();
    // Column numbers (栏次 rows) name nothing.
    let headers: Vec<&Vec<String>> = all_headers
        .iter()
        .zip(&numbering)
        .filter(|(_, numbers)| !**numbers)
        .map(|(h, _)| h)
        .take(MAX_HEADER_ROWS)
        .collect();
    fn header_text(row: &[String], p: usize) -> &str {
        row.get(p).map_or("", String::as_str)
    }
    // The lowest header row that names each position.
    let last_named: Vec<Option<usize>> =
        (0..width).map(|p| headers.iter().rposition(|h| h.get(p).is_some_and(|t| !t.is_empty()))).collect();

    // What the headers say of each position, decided once.
    let label_header_at: Vec<bool> =
        (0..width).map(|p| headers.iter().any(|h| is_label_header(header_text(h, p)))).collect();
    let line_number_header_at: Vec<bool> =
        (0..width).map(|p| headers.iter().any(|h| is_line_number_header(header_text(h, p)))).collect();
    // Blocks start where a label header appears after amount columns.
    let label_at = |p: usize| label_header_at[p];
    let mut starts = vec![0usize];
    let mut seen_amount = false;
    for p in 0..width {
        if label_at(p) {
            if seen_amount {
                starts.push(p);
                seen_amount = false;
            }
        } else if headers.iter().any(|h| !header_text(h, p).is_empty() && !is_line_number_header(header_text(h, p))) {
            seen_amount = p > 0 || !label_at(0);
        }
    }
    // The group label of a block: its first header row's text at the start, if that row has a
    // group structure (收入 | 支出).
    let blocks: Vec<Block> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = starts.get(i + 1).copied().unwrap_or(width);
            let group = headers
                .first()
                .map(|h| header_text(h, s))
                .filter(|g| starts.len() > 1 && !is_label_header(g) && !g.is_empty())
                .map(str::to_string)
                .unwrap_or_default();
            Block { start: s, end, group }
        })
        .collect();

    // Column names: the header texts of a position top-down, group labels carried right over the
    // empty cells they span (only when a lower row names the sub-column).
    let mut column_of: Vec<Option<usize>> = vec![None; width];
    // 行次 columns: the printed row numbers, part of no figure.
    let mut line_number_at = vec![false; width];
    let mut columns: Vec<String> = Vec::new();
    let data_rows: Vec<(usize, &[&str])> = (header_end..rt.len()).map(|i| rt.row(i)).collect();
    // Each data cell classified once, and what each position holds counted once.
    // One buffer for the table (rows are slices of it): a table has hundreds of rows.
    let mut cell_kinds: Vec<Cell> = Vec::new();
    let mut row_starts: Vec<usize> = Vec::with_capacity(data_rows.len() + 1);
    for (_, cells) in &data_rows {
        row_starts.push(cell_kinds.len());
        cell_kinds.extend(cells.iter().map(|s| classify(s)));
    }
    row_starts.push(cell_kinds.len());
    let classified: Vec<&[Cell]> = row_starts.windows(2).map(|w| &cell_kinds[w[0]..w[1]]).collect();
    let (mut numbers_at, mut texts_at, mut codes_at) = (vec![0usize; width], vec![0usize; width], vec![0usize; width]);
    // A header printed again after a page break says nothing of what its columns hold.
    let repeated: Vec<bool> = data_rows
        .iter()
        .zip(&classified)
        .zip(&numbering[header_end..])
        .map(|(((_, cells), kinds), &numbers)| {
            numbers
                || kinds.iter().all(|k| matches!(k, Cell::Empty | Cell::Text(_)))
                    && all_headers.iter().any(|h| repeats_header(h, cells))
        })
        .collect();
    let counted = classified.iter().zip(&repeated).filter(|(_, r)| !**r).map(|(row, _)| row);
    for (p, cell) in counted.flat_map(|row| row.iter().enumerate()) {
        match cell {
            Cell::Number(_) => numbers_at[p] += 1,
            Cell::Text(_) => texts_at[p] += 1,
            Cell::Code(_) => codes_at[p] += 1,
            Cell::Empty => {}
        }
    }
    for block in &blocks {
        let mut named_here: Vec<String> = Vec::new();
        let mut carried: Vec<&str> = vec![""; headers.len()];
        for p in block.start..block.end {
            let mut parts: Vec<&str> = Vec::new();
            for (h, row) in headers.iter().enumerate() {
                let t = header_text(row, p);
                let below = last_named[p].is_some_and(|last| last > h);
                if !t.is_empty() {
                    carried[h] = if below { t } else { "" };
                }
                let t: &str = if t.is_empty() && below { carried[h] } else { t };
                if !t.is_empty() && !is_line_number_header(t) && t.parse::<u32>().is_err() && t != block.group {
                    parts.push(t);
                }
            }
            let name = parts.join("/");
            let is_label =
                label_header_at[p] || line_number_header_at[p] || parts.iter().any(|t| is_line_number_header(t));
            let (numbers, texts, codes) = (numbers_at[p], texts_at[p], codes_at[p]);
            // Mostly text: a label column, whatever a shifted row put there. A named column with
            // a stray text is still an amount column (the text is reported, not read as a label).
            // A column of codes holds few other figures; in a table of whole amounts a 3-, 5- or
            // 7-digit figure among many others is an amount (25850 公务接待费), not a code.
            let code_column = codes > 0 && numbers * 4 <= codes;
            let text_column = texts >= 2 && texts * 4 >= numbers + codes
                || code_column
                || (texts + codes) > 0 && numbers == 0 && name.is_empty();
            let has_number = numbers > 0;
            let all_small_ints = || {
                data_rows.iter().all(|(_, c)| {
                    c.get(p).is_none_or(|s| s.trim().is_empty() || s.trim().parse::<u32>().is_ok_and(|n| n < 100))
                })
            };
            // The lowest header naming the position says what it holds.
            let leaf = last_named[p].map_or("", |h| header_text(headers[h], p));
            let line_numbers = line_number_header_at[p] && all_small_ints() || is_not_amount_header(leaf);
            if line_numbers {
                line_number_at[p] = true;
            }
            if is_label || line_numbers || text_column || (name.is_empty() && !has_number) {
                continue;
            }
            let full = if block.group.is_empty() {
                name
            } else if name.is_empty() {
                block.group.clone()
            } else {
                format!("{}/{}", block.group, name)
            };
            let full = if full.is_empty() { format!("第{}栏", p + 1) } else { full };
            // Blocks with the same columns share them (the economic table's three blocks); a
            // name repeated inside one block (预算 then 决算 under the same headers) is another column.
            let repeats = named_here.iter().filter(|n| **n == full).count();
            named_here.push(full.clone());
            let full = if repeats == 0 { full } else { format!("{full}（{}）", repeats + 1) };
            let index = columns.iter().position(|c| *c == full).unwrap_or_else(|| {
                columns.push(full);
                columns.len() - 1
            });
            column_of[p] = Some(index);
        }
    }
    counts.header_rows += header_end;

    let block_amount_positions: Vec<Vec<usize>> =
        blocks.iter().map(|b| (b.start..b.end).filter(|&p| column_of[p].is_some()).collect()).collect();
    // Data rows: one logical row per block that holds a label, code or figure.
    let mut rows: Vec<Row> = Vec::new();
    // Where a layout prints the 款 and 项 parts of its codes in columns of their own.
    let part_at = |word: &str| (0..width).find(|&p| headers.iter().any(|h| header_text(h, p) == word));
    let split_parts = part_at("款").zip(part_at("项"));
    let mut split_context = SplitContext::default();
    // Reused for every block of every row; a row's figures are copied out only when it is placed.
    let mut labels: Vec<(usize, Cell)> = Vec::new();
    let mut values: Vec<Option<Decimal>> = vec![None; columns.len()];
    for (i, ((n, cells), kinds)) in data_rows.iter().zip(&classified).enumerate() {
        // 栏次 rows, and header rows printed again after a page break (text only, so a row with a
        // figure or a code is never taken for one).
        if repeated[i] {
            counts.header_rows += 1;
            continue;
        }
        if let [only] = cells
            && width > 1
            && is_flattened_row(only)
        {
            counts.rejected_rows += 1;
            issues.push(ImportIssue::new(
                *n,
                Some(id),
                ImportIssueKind::FlattenedRow { text: only.trim().to_string() },
            ));
            continue;
        }
        let mut placed = false;
        let mut problem: Option<ImportIssueKind> = None;
        // A label row of the previous block with no figures: a label printed across two blocks
        // (Jiangsu's "收入合计|…|支出合计|||…") takes the next block's figures.
        let mut label_without_figures: Option<usize> = None;
        for (b, block) in blocks.iter().enumerate() {
            let span = block.start..block.end.min(cells.len());
            values.fill(None);
            let mut any_value = false;
            labels.clear();
            for (p, c) in span.clone().filter(|&p| !line_number_at[p]).map(|p| (p, kinds[p])) {
                match (column_of[p], c) {
                    (Some(col), Cell::Number(d)) => {
                        values[col] = Some(d);
                        any_value = true;
                    }
                    (Some(_), Cell::Empty) => {}
                    (Some(_), Cell::Text(t)) => {
                        problem = Some(ImportIssueKind::NotAnAmount { column: p + 1, text: t.to_string() })
                    }
                    (Some(col), Cell::Code(code)) => {
                        // A figure such as 301 in an amount column is a figure.
                        values[col] = Some(Decimal::from(code.digits()));
                        any_value = true;
                    }
                    (None, Cell::Empty) => {}
                    (None, c) => labels.push((p, c)),
                }
            }
            // A figure printed one cell off into a label position (an extraction artefact) belongs
            // to the block's nearest empty amount column.
            let amount_positions = &block_amount_positions[b];
            labels.retain(|&(p, c)| {
                let Cell::Number(d) = c else { return true };
                if kinds[p + 1..span.end].iter().any(|k| matches!(k, Cell::Text(_))) {
                    return true;
                }
                let target = amount_positions
                    .iter()
                    .filter(|&&q| values[column_of[q].unwrap_or(0)].is_none())
                    .min_by_key(|&&q| q.abs_diff(p));
                match target {
                    Some(&q) => {
                        values[column_of[q].unwrap_or(0)] = Some(d);
                        any_value = true;
                        false
                    }
                    None => true,
                }
            });
            let (key, mut label, swapped) = row_key(&labels, cells, split_parts, &mut split_context);
            // A figure glued to a coded row's name (`缴费支出43608.96`): its column is not known.
            if matches!(key, Some(RowKey::Code(_)))
                && let Some(name) = without_glued_figure(&label)
            {
                issues.push(ImportIssue::new(
                    *n,
                    Some(id),
                    ImportIssueKind::FigureGluedToName { label: label.clone() },
                ));
                label = name.to_string();
            }
            if swapped {
                issues.push(ImportIssue::new(*n, Some(id), ImportIssueKind::NameBeforeCode { label: label.clone() }));
            }
            match (key, any_value) {
                (None, false) => {}
                (None, true) if labels.is_empty() && blocks.len() == 1 && !(0..width).any(label_at) => {
                    // A table of figures only (三公 table): one unlabelled row.
                    rows.push(Row {
                        key: RowKey::Label,
                        label: format!("第{}行", rows.len() + 1),
                        cells: values.clone(),
                        line: Some(*n),
                    });
                    placed = true;
                }
                (None, true) => match label_without_figures.take() {
                    Some(r) => {
                        for (cell, v) in rows[r].cells.iter_mut().zip(&values) {
                            *cell = cell.or(*v);
                        }
                    }
                    None => problem = Some(ImportIssueKind::FiguresWithoutLabel),
                },
                (Some(key), has_figures) => {
                    rows.push(Row { key, label, cells: values.clone(), line: Some(*n) });
                    label_without_figures = (!has_figures).then_some(rows.len() - 1);
                    placed = true;
                }
            }
        }
        match (placed, problem) {
            (_, Some(kind)) => {
                counts.rejected_rows += 1;
                issues.push(ImportIssue::new(*n, Some(id), kind));
            }
            (true, None) => counts.data_rows += 1,
            (false, None) => counts.empty_rows += 1,
        }
    }
    // The same code twice in one table is not placed twice.
    let mut seen = std::collections::BTreeSet::new();
    for r in &rows {
        if let RowKey::Code(c) = r.key
            && !seen.insert(c)
        {
            issues.push(ImportIssue::new(r.line.unwrap_or(0), Some(id), ImportIssueKind::RepeatedCode { code: c }));
        }
    }
    (Table { id: id.to_string(), title: rt.title.clone(), columns, rows }, issues)
}

/// A name with a figure glued to its end (`机关事业单位职业年金缴费支出43608.96`,
/// `其他社会保障和就业支出 1090.22`): the name without it.
fn without_glued_figure(label: &str) -> Option<&str> {
    let figure = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-');
    let name = label.trim_end().trim_end_matches(figure);
    let tail = &label.trim_end()[name.len()..];
    let spaced = name.ends_with(char::is_whitespace);
    let name = name.trim_end();
    let is_amount = tail.bytes().any(|b| b.is_ascii_digit())
        && (tail.contains('.') || spaced)
        && crate::amount::read_amount(tail).is_ok_and(|a| a.is_some());
    (is_amount && !name.is_empty() && !name.ends_with(|c: char| c.is_ascii_alphanumeric())).then_some(name)
}

/// The 类 and 款 of the last coded row, for layouts that split codes into 类 | 款 | 项 columns
/// and print a part only where it changes (`\t08\t\t进修及培训` under the 类 205 row).
#[derive(Debug, Default, Clone, Copy)]
struct SplitContext {
    class: Option<u32>,
    item: Option<u32>,
}

/// The key and label of a block's label cells: a whole code, a code split into 类/款/项 cells
/// ("201", "05", "06"; or "201", "20106", "2010601" with the parents repeated), or a text label
/// (合计 → total). A second code on the row (a 政府 economic code beside the 部门 one) ends the
/// name: its own name follows it. `split` says where the 款 and 项 parts are printed on their own.
/// The third value says the name was printed before the code (columns swapped).
fn row_key(
    labels: &[(usize, Cell)],
    raw: &[&str],
    split: Option<(usize, usize)>,
    context: &mut SplitContext,
) -> (Option<RowKey>, String, bool) {
    // As printed: a split part "05" must stay two digits.
    let text = |i: usize| raw[labels[i].0].trim();
    let count = labels.len();
    let is_number = |t: &str| t.parse::<u32>().is_ok();
    let two_digits = |i: usize| text(i).len() == 2 && text(i).bytes().all(|b| b.is_ascii_digit());
    let is_code = |i: usize| matches!(labels[i].1, Cell::Code(_));
    // The name runs from `from` to the next code cell.
    let name = |from: usize| -> String {
        (from.min(count)..count).take_while(|&i| !is_code(i)).map(text).filter(|t| !is_number(t)).collect()
    };
    if let Some(i) = (0..count).find(|&i| is_code(i)) {
        let Cell::Code(mut code) = labels[i].1 else { unreachable!("found a code cell") };
        let mut next = i + 1;
        // The parents printed again before the code: 201 | 20106 | 2010601.
        while next < count
            && let Cell::Code(child) = labels[next].1
            && child.level() > code.level()
            && std::iter::successors(child.parent(), |c| c.parent()).any(|a| a == code)
        {
            code = child;
            next += 1;
        }
        // Split parts after a 3-digit code: the next one or two cells of two digits.
        let (mut value, mut len) = (code.digits(), code.level().digits() as usize);
        let start = next;
        while len < 7 && next < count && two_digits(next) {
            value = value * 100 + text(next).parse::<u32>().unwrap_or(0);
            len += 2;
            next += 1;
        }
        let (code, after) = match Code::from_printed(value, len) {
            Some(full) => (full, name(next)),
            None => (code, name(start)),
        };
        context.class = Some(code.digits() / 10u32.pow(code.level().digits().saturating_sub(3)));
        context.item = (code.level() >= crate::codes::Level::Section)
            .then(|| code.digits() / 10u32.pow(code.level().digits().saturating_sub(5)));
        let before: String = (0..i).map(text).filter(|t| !is_number(t)).collect();
        return match (after.is_empty(), before.is_empty()) {
            (true, false) => (Some(RowKey::Code(code)), before, true),
            _ => (Some(RowKey::Code(code)), after, false),
        };
    }
    // Only the 款 or 项 part printed: its parents are the last rows' 类 and 款.
    if let Some((item_at, entry_at)) = split
        && count > 0
        && two_digits(0)
    {
        let at = labels[0].0;
        let parent = if at == item_at {
            context.class
        } else if at == entry_at {
            context.item
        } else {
            None
        };
        if let Some(parent) = parent {
            let (value, len) = (parent * 100 + text(0).parse::<u32>().unwrap_or(0), parent.to_string().len() + 2);
            if let Some(code) = Code::from_printed(value, len) {
                if at == item_at {
                    context.item = Some(value);
                }
                return (Some(RowKey::Code(code)), name(1), false);
            }
        }
    }
    let label = name(0);
    if label.is_empty() {
        return (None, label, false);
    }
    let key = if normal_chars(&label).eq("合计".chars()) { RowKey::Total } else { RowKey::Label };
    (Some(key), label, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_number_rows() {
        let cases: &[(&[&str], bool)] = &[
            (&["栏次", "1", "2", "3"], true),
            (&["", "", "1", "2", "3", "4"], true),
            (&["合计", "1", "2"], true),
            (&["201", "一般公共服务支出", "10.00"], false),
            (&["1", "一、部门预算", "18999011.66"], false),
        ];
        for (cells, want) in cases {
            assert_eq!(is_column_number_row(cells), *want, "{cells:?}");
        }
    }

    #[test]
    fn headers_that_are_not_amounts() {
        for header in ["序号", "单位编码", "数量", "备注", "增减%", "增长率", "采购方式", "实施时间", "品目编码"]
        {
            assert!(is_not_amount_header(header), "{header}");
        }
        for header in ["合计", "决算数", "预算数", "基本支出", "科目编码", "小计", "人员经费"] {
            assert!(!is_not_amount_header(header), "{header}");
        }
    }

    #[test]
    fn glued_figures_come_off_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("机关事业单位职业年金缴费支出43608.96", Some("机关事业单位职业年金缴费支出")),
            ("其他社会保障和就业支出 1090.22", Some("其他社会保障和就业支出")),
            ("自然资源海洋气象等支出 18,803,323.32", Some("自然资源海洋气象等支出")),
            ("行政运行", None),
            ("2022年项目", None),
            ("抗疫特别国债安排的支出", None),
        ];
        for (label, want) in cases {
            assert_eq!(without_glued_figure(label), *want, "{label}");
        }
    }

    /// Row keys from the label cells of one block (positions as printed).
    fn key(cells: &[&str], split: Option<(usize, usize)>, context: &mut SplitContext) -> (Option<RowKey>, String) {
        let labels: Vec<(usize, Cell)> =
            cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).map(|(p, c)| (p, classify(c))).collect();
        let (key, label, _) = row_key(&labels, cells, split, context);
        (key, label)
    }

    #[test]
    fn row_keys_from_whole_split_and_repeated_codes() {
        let code = |s: &str| Some(RowKey::Code(Code::parse(s).unwrap()));
        let mut cx = SplitContext::default();
        assert_eq!(key(&["2010301", "行政运行"], None, &mut cx), (code("2010301"), "行政运行".into()));
        assert_eq!(key(&["201", "03", "01", "行政运行"], None, &mut cx), (code("2010301"), "行政运行".into()));
        assert_eq!(key(&["201", "20106", "2010601", "财政事务"], None, &mut cx), (code("2010601"), "财政事务".into()));
        // A 部门 and a 政府 economic code: the first keys the row, the second ends its name.
        assert_eq!(
            key(&["30101", "基本工资", "50101", "工资奖金津补贴"], None, &mut cx),
            (code("30101"), "基本工资".into())
        );
        // 类 | 款 | 项 columns with the parents printed only where they change.
        let split = Some((1, 2));
        let mut cx = SplitContext::default();
        assert_eq!(key(&["205", "", "", "教育支出"], split, &mut cx), (code("205"), "教育支出".into()));
        assert_eq!(key(&["", "08", "", "进修及培训"], split, &mut cx), (code("20508"), "进修及培训".into()));
        assert_eq!(key(&["", "", "03", "培训支出"], split, &mut cx), (code("2050803"), "培训支出".into()));
        assert_eq!(key(&["", "", "", "合计"], split, &mut cx), (Some(RowKey::Total), "合计".into()));
    }
}
