//! Phase 4 of the import: one table's rows. Each printed row becomes one logical row per
//! side-by-side block: its key (a whole, split or repeated-parent code, 合计, or a label), its
//! name, and its figures in the block's columns. What cannot be placed is an issue on its line.

use super::header::{Body, Header};
use super::line::{Cell, LineCounts, closes_bracket, code_and_name, glued_figure, is_flattened_row, is_wrapped_tail};
use crate::amount::{Separators, separators};
use crate::balance::{Row, RowKey};
use crate::catalog::normal_chars;
use crate::codes::Code;
use crate::report::issue::{ImportIssue, ImportIssueKind};
use crate::text::trim;
use rust_decimal::Decimal;

/// One block of one printed row, read: its figures by column, its label cells, and what is
/// wrong with it.
struct BlockCells<'t> {
    values: Vec<Option<Decimal>>,
    any_value: bool,
    labels: Vec<(usize, Cell<'t>)>,
    problem: Option<ImportIssueKind>,
    /// Figures read so far whose separators are out of place, and the first.
    misplaced: (usize, Option<String>),
    /// The 政府 economic codes printed beside a row's 部门 code so far (see [`Paired`]).
    paired: Vec<Paired>,
    /// The rows so far that print a unit's code before its name (`125001 西安市安全生产监督管理局`).
    units: Vec<(usize, Decimal)>,
    /// Each block's last row placed, and whether its labels began with a code or a number (a 科目,
    /// a unit's code, a 款 printed as its two digits).
    last_of_block: Vec<Option<(usize, bool)>>,
}

/// A 政府 economic code and its name printed on a row beside the row's 部门 code
/// (`30101 基本工资 50101 工资奖金津补贴 442.38`): one amount, two classifications.
///
/// ```
/// let text = "部门综合预算一般公共预算支出明细表（按支出经济分类科目）\n单位：元\n\
///             部门经济科目编码\t部门经济科目名称\t政府经济科目编码\t政府经济科目名称\t合计\n\
///             30101\t基本工资\t50101\t工资奖金津补贴\t442.38\n";
/// let table = &kemu::report::import(text).tables[0];
/// let paired = &table.paired[0];
/// assert_eq!((paired.code.to_string(), paired.name.as_str()), ("50101".to_string(), "工资奖金津补贴"));
/// assert_eq!(table.table.rows[paired.row].name(), "30101");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paired {
    /// The row (index into the table's rows) whose key is the 部门 code.
    pub row: usize,
    /// The 政府 code.
    pub code: Code,
    /// Its name as printed.
    pub name: String,
}

/// Reads one block of a row: figures into their columns, the rest as label cells. A figure
/// printed one cell off into a label position (an extraction artefact) belongs to the block's
/// nearest empty amount column.
fn read_block<'t>(header: &Header, b: usize, cells: &[&str], kinds: &[Cell<'t>], read: &mut BlockCells<'t>) {
    let block = &header.blocks[b];
    let span = block.start..block.end.min(cells.len());
    read.values.fill(None);
    read.any_value = false;
    read.labels.clear();
    for p in span.clone().filter(|&p| !header.ignored[p]) {
        match (header.column_of[p], kinds[p]) {
            (Some(col), Cell::Number(d)) => {
                read.values[col] = Some(d);
                read.any_value = true;
                if separators(trim(cells[p])) == Separators::Misplaced {
                    read.misplaced.0 += 1;
                    read.misplaced.1.get_or_insert_with(|| trim(cells[p]).to_string());
                }
            }
            // The figure in its column; the words overflowed from the name before it end the name.
            (Some(col), Cell::Spilled { text, value, .. }) => {
                read.values[col] = Some(value);
                read.any_value = true;
                read.labels.push((p, Cell::Text(text)));
            }
            (None, Cell::Spilled { whole, .. }) => read.labels.push((p, Cell::Text(whole))),
            (Some(_), Cell::Empty) | (None, Cell::Empty) => {}
            // The end of the name before it, wrapped into the figure's cell: the figure is blank.
            (Some(_), Cell::Text(t))
                if p > span.start
                    && header.column_of[p - 1].is_none()
                    && is_wrapped_tail(t, kinds[p - 1])
                    && (header.wrapped_into[p] || closes_bracket(kinds[p - 1], t)) =>
            {
                read.labels.push((p, Cell::Text(t)))
            }
            (Some(_), Cell::Text(t)) => {
                read.problem = Some(ImportIssueKind::NotAnAmount { column: p + 1, text: t.to_string() })
            }
            (Some(col), Cell::Code(code)) => {
                // A figure such as 301 in an amount column is a figure.
                read.values[col] = Some(Decimal::from(code.digits()));
                read.any_value = true;
            }
            // A code and its name in one cell (`2010301 行政运行`): the two label cells they are.
            (None, Cell::Text(t)) => match code_and_name(t) {
                Some((code, name)) => read.labels.extend([(p, Cell::Code(code)), (p, Cell::Text(name))]),
                None => read.labels.push((p, Cell::Text(t))),
            },
            (None, c) => read.labels.push((p, c)),
        }
    }
    let amount_positions = &header.amounts[b];
    let (values, any_value) = (&mut read.values, &mut read.any_value);
    read.labels.retain(|&(p, c)| {
        let Cell::Number(d) = c else { return true };
        if kinds[p + 1..span.end].iter().any(|k| matches!(k, Cell::Text(_))) {
            return true;
        }
        let column = |q: usize| header.column_of[q].unwrap_or(0);
        match amount_positions.iter().filter(|&&q| values[column(q)].is_none()).min_by_key(|&&q| q.abs_diff(p)) {
            Some(&q) => {
                values[column(q)] = Some(d);
                *any_value = true;
                false
            }
            None => true,
        }
    });
}

/// Where one printed row's blocks went.
struct RowOutcome {
    placed: bool,
    problem: Option<ImportIssueKind>,
}

/// Places one printed row (line `n`): one logical row per block that holds a label, code or
/// figure.
#[allow(clippy::too_many_arguments)]
fn place_row<'t>(
    id: &str,
    header: &Header,
    (n, cells): (usize, &[&str]),
    kinds: &[Cell<'t>],
    read: &mut BlockCells<'t>,
    split: &mut SplitContext,
    rows: &mut Vec<Row>,
    issues: &mut Vec<ImportIssue>,
) -> RowOutcome {
    let mut outcome = RowOutcome { placed: false, problem: None };
    // A label row of the previous block with no figures: a label printed across two blocks
    // (Jiangsu's "收入合计|…|支出合计|||…") takes the next block's figures.
    let mut label_without_figures: Option<usize> = None;
    for b in 0..header.blocks.len() {
        read.problem = None;
        read_block(header, b, cells, kinds, read);
        outcome.problem = read.problem.take().or(outcome.problem.take());
        let (key, mut label, swapped, paired) = row_key(&read.labels, cells, header.split_parts, split);
        if let (Some(RowKey::Code(_)), Some((code, name))) = (key, paired) {
            read.paired.push(Paired { row: rows.len(), code, name });
        }
        // A figure glued to a row's name (`缴费支出43608.96`, `1、机关工资福利支出1,470.72`): its
        // column is not known.
        if key.is_some()
            && let Some(name) = name_without_glued_figure(&label)
        {
            issues.push(ImportIssue::new(n, Some(id), ImportIssueKind::FigureGluedToName { label: label.clone() }));
            label = name.to_string();
        }
        if swapped {
            issues.push(ImportIssue::new(n, Some(id), ImportIssueKind::NameBeforeCode { label: label.clone() }));
        }
        match (key, read.any_value) {
            (None, false) => {}
            (None, true) if read.labels.is_empty() && header.blocks.len() == 1 && !header.labelled => {
                // A table of figures only (三公 table): one unlabelled row.
                let label = format!("第{}行", rows.len() + 1);
                rows.push(Row { key: RowKey::Label, label, cells: read.values.clone(), line: Some(n) });
                read.last_of_block[b] = Some((rows.len() - 1, begins_with_a_number(&read.labels)));
                outcome.placed = true;
            }
            (None, true) => {
                // The block's own row on the line before, without figures: its name printed on
                // one line and its figures on the next (a row made taller by a wrapped name beside it).
                let own_above =
                    read.last_of_block[b].map(|(above, _)| above).filter(|&above| bare_row_before(&rows[above], n));
                match (label_without_figures.take(), own_above) {
                    // A label of the block before or this block's own row: which one is not known.
                    (Some(_), Some(_)) => outcome.problem = Some(ImportIssueKind::FiguresWithoutLabel),
                    (Some(r), None) | (None, Some(r)) => {
                        for (cell, v) in rows[r].cells.iter_mut().zip(&read.values) {
                            *cell = cell.or(*v);
                        }
                    }
                    // Zeros under no label (a side-by-side block whose lines ran out, its 0.00
                    // kept): they add nothing to any line, and no line is lost.
                    (None, None) if read.values.iter().flatten().all(Decimal::is_zero) => {}
                    (None, None) => outcome.problem = Some(ImportIssueKind::FiguresWithoutLabel),
                }
            }
            (Some(RowKey::Label), true)
                if let Some((above, true)) = read.last_of_block[b]
                    && bare_row_before(&rows[above], n)
                    && continues_a_name(&label) =>
            {
                // The second line of a name wrapped over two rows, the figures on it (the row
                // above in the same block: beside another block the row above may be that block's).
                let above = &mut rows[above];
                above.label.push_str(&label);
                above.cells.clone_from(&read.values);
                outcome.placed = true;
            }
            (Some(key), has_figures) => {
                if key == RowKey::Label
                    && let Some(unit) = unit_code(&read.labels)
                {
                    read.units.push((rows.len(), unit));
                }
                rows.push(Row { key, label, cells: read.values.clone(), line: Some(n) });
                read.last_of_block[b] = Some((rows.len() - 1, begins_with_a_number(&read.labels)));
                label_without_figures = (!has_figures).then_some(rows.len() - 1);
                outcome.placed = true;
            }
        }
    }
    outcome
}

/// Whether `above` is the row on the line before line `n` and has no figures: the row whose
/// name a wrapped name's second line finishes, or whose figures a taller row printed on the next.
fn bare_row_before(above: &Row, n: usize) -> bool {
    above.line.is_some_and(|l| l + 1 == n) && above.cells.iter().all(Option::is_none)
}

/// Whether a label may be the second line of a wrapped name (`2080505 | 机关事业单位基本养` then
/// `老保险缴费支出 | 6.18`, an extractor that splits a wrapped name into rows and sets the figures
/// on its second line): words only, with no digit, no total, no 其中 and no numbering.
fn continues_a_name(label: &str) -> bool {
    !label.is_empty()
        && !label.chars().any(|c| c.is_ascii_digit())
        && !["合计", "总计", "小计", "其中"].iter().any(|w| crate::text::contains_ignoring_space(label, w))
        && crate::text::numbering_len(label) == 0
}

/// Whether a row's labels begin with a code or a number.
fn begins_with_a_number(labels: &[(usize, Cell<'_>)]) -> bool {
    matches!(labels.first(), Some((_, Cell::Code(_) | Cell::Number(_))))
}

/// The rows of one table, with the issues of the rows that could not be placed.
pub(super) fn place(id: &str, header: &Header, body: &Body<'_, '_>, counts: &mut LineCounts) -> Placed {
    let (mut rows, mut issues) = (Vec::new(), Vec::new());
    let mut split = SplitContext::default();
    // Reused for every block of every row; a row's figures are copied out only when it is placed.
    let mut read = BlockCells {
        values: vec![None; header.columns.len()],
        any_value: false,
        labels: Vec::new(),
        problem: None,
        misplaced: (0, None),
        paired: Vec::new(),
        units: Vec::new(),
        last_of_block: vec![None; header.blocks.len()],
    };
    for (i, &(n, cells)) in body.rows.iter().enumerate() {
        if body.repeated[i] {
            counts.header_rows += 1;
            continue;
        }
        if let [only] = cells
            && header.width > 1
            && is_flattened_row(only)
        {
            counts.rejected_rows += 1;
            split.follow_lost(only);
            issues.push(ImportIssue::new(n, Some(id), ImportIssueKind::FlattenedRow { text: trim(only).to_string() }));
            continue;
        }
        let split_cells = super::joined_labels::split_row(header, cells, body.kinds(i));
        let (cells, kinds) = match &split_cells {
            Some((cells, kinds)) => (&cells[..], &kinds[..]),
            None => (cells, body.kinds(i)),
        };
        let outcome = place_row(id, header, (n, cells), kinds, &mut read, &mut split, &mut rows, &mut issues);
        match outcome {
            RowOutcome { problem: Some(kind), .. } => {
                counts.rejected_rows += 1;
                issues.push(ImportIssue::new(n, Some(id), kind));
            }
            RowOutcome { placed: true, .. } => counts.data_rows += 1,
            RowOutcome { placed: false, .. } => counts.empty_rows += 1,
        }
    }
    if let (figures, Some(first)) = std::mem::take(&mut read.misplaced) {
        let line = body.rows.first().map_or(0, |r| r.0);
        issues.push(ImportIssue::new(line, Some(id), ImportIssueKind::MisplacedSeparators { figures, first }));
    }
    total_named_zongji(&mut rows);
    // The same code twice in one table is not placed twice, unless the 政府 codes beside it
    // tell its rows apart and place each under one parent.
    let mut seen = std::collections::BTreeSet::new();
    let mut repeated: Vec<(Code, usize)> = rows
        .iter()
        .filter_map(|r| match r.key {
            RowKey::Code(c) if !seen.insert(c) => Some((c, r.line.unwrap_or(0))),
            _ => None,
        })
        .collect();
    let by_pairs = if repeated.is_empty() {
        None
    } else {
        paired_hierarchy(&rows, &read.paired).or_else(|| unit_hierarchy(&rows, &read.units))
    };
    if by_pairs.is_none() {
        // A code misprinted as its neighbour's is read as its name says; other repeats stay.
        super::misprint::read_misprints(id, &mut rows, &mut repeated, &mut issues);
        for (code, line) in repeated {
            issues.push(ImportIssue::new(line, Some(id), ImportIssueKind::RepeatedCode { code }));
        }
    }
    Placed { rows, issues, paired: read.paired, by_pairs }
}

/// A table of codes whose one total row says 总计 where others say 合计 (and prints no 合计):
/// that row is its total.
fn total_named_zongji(rows: &mut [Row]) {
    if rows.iter().any(|r| r.key == RowKey::Total) || !rows.iter().any(|r| matches!(r.key, RowKey::Code(_))) {
        return;
    }
    let mut named =
        rows.iter().enumerate().filter(|(_, r)| r.key == RowKey::Label && normal_chars(&r.label).eq("总计".chars()));
    if let (Some((at, _)), None) = (named.next(), named.next()) {
        rows[at].key = RowKey::Total;
    }
}

/// One table's rows placed.
pub(super) struct Placed {
    pub(super) rows: Vec<Row>,
    pub(super) issues: Vec<ImportIssue>,
    pub(super) paired: Vec<Paired>,
    /// For a table whose 部门 codes repeat under different 政府 codes, each coded row with its
    /// parent (see [`paired_hierarchy`]).
    pub(super) by_pairs: Option<Vec<(Option<usize>, usize)>>,
}

/// The roll-up of a table whose 部门 economic codes repeat, each time beside another 政府 code
/// (`30101 基本工资 50101 …` and `30101 基本工资 50501 …`): every coded row with its parent row
/// (`None`: under 合计), the parent its nearest ancestor 部门 code printed with a 政府 code that
/// is an ancestor of the row's, or with none (`301 工资福利支出` over both). `None` unless that is
/// certain: every (部门, 政府) pair printed once, and one parent for each row.
pub(super) fn paired_hierarchy(rows: &[Row], paired: &[Paired]) -> Option<Vec<(Option<usize>, usize)>> {
    // Paired codes come in row order, one a row.
    let government = |row: usize| paired.binary_search_by_key(&row, |p| p.row).ok().map(|at| paired[at].code);
    let coded: Vec<(Code, Option<Code>, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.key {
            RowKey::Code(c) => Some((c, government(i), i)),
            _ => None,
        })
        .collect();
    let mut keys: Vec<(Code, Option<Code>)> = coded.iter().map(|&(c, g, _)| (c, g)).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let under = |child: Option<Code>, parent: Option<Code>| match (child, parent) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(c), Some(p)) => c == p || c.is_descendant_of(p),
    };
    let parent_of = |&(code, government, row): &(Code, Option<Code>, usize)| {
        for ancestor in code.ancestors() {
            let printed = || coded.iter().filter(move |&&(c, _, _)| c == ancestor);
            let mut fitting = printed().filter(|&&(_, g, _)| under(government, g));
            match (fitting.next(), fitting.next()) {
                (Some(&(_, _, parent)), None) => return Some((Some(parent), row)),
                // Two parents would do, or the ancestor is printed beside other 政府 codes only.
                (Some(_), Some(_)) => return None,
                (None, _) if printed().next().is_some() => return None,
                (None, _) => {}
            }
        }
        Some((None, row))
    };
    coded.iter().map(parent_of).collect()
}

/// The unit code a label row prints before its name (`125001 | 西安市安全生产监督管理局`): a
/// whole number of six to twelve digits, then words. (A 序号 is small; a code is a code.)
fn unit_code(labels: &[(usize, Cell<'_>)]) -> Option<Decimal> {
    match labels {
        [(_, Cell::Number(code)), (_, Cell::Text(_)), ..]
            if code.scale() == 0 && *code >= Decimal::from(100_000) && *code < Decimal::from(1_000_000_000_000u64) =>
        {
            Some(*code)
        }
        _ => None,
    }
}

/// The roll-up of a table listed unit by unit (`125001 西安市安全生产监督管理局` over its own
/// 类, 款 and 项, then the next unit's): each unit row under 合计, each coded row under its
/// nearest ancestor within its unit's rows, or under the unit. `None` unless that is certain:
/// two units or more, no code before the first, no unit code the start of another's (a
/// department over its units), each code once within its unit.
fn unit_hierarchy(rows: &[Row], units: &[(usize, Decimal)]) -> Option<Vec<(Option<usize>, usize)>> {
    let &(first, _) = units.first()?;
    let codes: Vec<String> = units.iter().map(|(_, code)| code.to_string()).collect();
    let nested = codes.iter().any(|a| codes.iter().any(|b| a != b && b.starts_with(a.as_str())));
    let coded_before = rows[..first].iter().any(|r| matches!(r.key, RowKey::Code(_)));
    let mut distinct = codes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if units.len() < 2 || nested || coded_before || distinct.len() < codes.len() {
        return None;
    }
    let mut children = Vec::new();
    for (k, &(unit, _)) in units.iter().enumerate() {
        children.push((None, unit));
        let end = units.get(k + 1).map_or(rows.len(), |&(next, _)| next);
        let group: Vec<(Code, usize)> = (unit + 1..end)
            .filter_map(|i| match rows[i].key {
                RowKey::Code(c) => Some((c, i)),
                _ => None,
            })
            .collect();
        let mut sorted: Vec<Code> = group.iter().map(|&(c, _)| c).collect();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
        for &(code, row) in &group {
            let parent = code.ancestors().find_map(|a| group.iter().find(|&&(c, _)| c == a).map(|&(_, r)| r));
            children.push((Some(parent.unwrap_or(unit)), row));
        }
    }
    Some(children)
}

/// A name with an amount glued to its end (`机关事业单位职业年金缴费支出43608.96`): the name
/// without it.
fn name_without_glued_figure(label: &str) -> Option<&str> {
    let (name, figure) = glued_figure(label)?;
    crate::amount::read_amount(figure).is_ok_and(|a| a.is_some()).then_some(name)
}

/// The 类 and 款 of the last coded row, for layouts that split codes into 类 | 款 | 项 columns
/// and print a part only where it changes (`\t08\t\t进修及培训` under the 类 205 row).
#[derive(Debug, Default, Clone, Copy)]
struct SplitContext {
    class: Option<u32>,
    item: Option<u32>,
}

impl SplitContext {
    /// The 类 and 款 the next rows' parts are printed under, after a row of `code`.
    fn follow(&mut self, code: Code) {
        self.class = Some(code.digits() / 10u32.pow(code.level().digits().saturating_sub(3)));
        self.item = (code.level() >= crate::codes::Level::Section)
            .then(|| code.digits() / 10u32.pow(code.level().digits().saturating_sub(5)));
    }

    /// After a row lost whole (printed without its cell breaks): the parts below it stand under
    /// its code when it has one at its head (after a 序号 or not), else under no known 类.
    fn follow_lost(&mut self, text: &str) {
        let head = text.split_whitespace().take_while(|t| t.bytes().all(|b| b.is_ascii_digit()));
        match head.filter_map(|t| Code::parse(t).ok()).last() {
            Some(code) => self.follow(code),
            None => *self = SplitContext::default(),
        }
    }
}

/// The key and label of a block's label cells: a whole code, a code split into 类/款/项 cells
/// ("201", "05", "06"; or "201", "20106", "2010601" with the parents repeated), or a text label
/// (合计 → total). A second code on the row (a 政府 economic code beside the 部门 one) ends the
/// name: its own name follows it. `split` says where the 款 and 项 parts are printed on their own.
/// The third value says the name was printed before the code (columns swapped); the fourth is a
/// 政府 economic code printed after a 部门 one, with its name.
fn row_key(
    labels: &[(usize, Cell)],
    raw: &[&str],
    split: Option<(usize, usize)>,
    context: &mut SplitContext,
) -> (Option<RowKey>, String, bool, Option<(Code, String)>) {
    // As printed: a split part "05" must stay two digits. A text cell's words are its own (a
    // name's overflow without the figure glued to it).
    let text = |i: usize| match labels[i].1 {
        Cell::Text(words) => words,
        _ => raw[labels[i].0].trim(),
    };
    let count = labels.len();
    let is_number = |t: &str| t.parse::<u32>().is_ok();
    let two_digits = |i: usize| text(i).len() == 2 && text(i).bytes().all(|b| b.is_ascii_digit());
    let is_code = |i: usize| matches!(labels[i].1, Cell::Code(_));
    // The name runs from `from` to the next code cell.
    let name = |from: usize| -> String {
        let cells = (from.min(count)..count).take_while(|&i| !is_code(i));
        // Sized from the cells as printed (an upper bound): one allocation for a name over several.
        let mut name = String::with_capacity(cells.clone().map(|i| raw[labels[i].0].len()).sum());
        cells.map(text).filter(|t| !is_number(t)).for_each(|t| name.push_str(t));
        name
    };
    if let Some(i) = (0..count).find(|&i| is_code(i)) {
        let Cell::Code(mut code) = labels[i].1 else { unreachable!("found a code cell") };
        let mut next = i + 1;
        // The parents printed again before the code: 201 | 20106 | 2010601.
        while next < count
            && let Cell::Code(child) = labels[next].1
            && child.level() > code.level()
            && child.is_descendant_of(code)
        {
            code = child;
            next += 1;
        }
        // Split parts after a 3-digit code: the next one or two cells of two digits, to at most
        // `digits` digits; the code they make (if one) and the cell after them.
        let joined = |code: Code, from: usize, digits: usize| {
            let (mut value, mut len, mut k) = (code.digits(), code.level().digits() as usize, from);
            while len < digits && k < count && two_digits(k) {
                value = value * 100 + text(k).parse::<u32>().unwrap_or(0);
                (len, k) = (len + 2, k + 1);
            }
            (Code::from_printed(value, len), k)
        };
        let start = next;
        let (full, end) = joined(code, start, 7);
        next = end;
        let (code, after) = match full {
            Some(full) => (full, name(next)),
            None => (code, name(start)),
        };
        context.follow(code);
        let before: String = (0..i).map(text).filter(|t| !is_number(t)).collect();
        // A 政府 economic code after the 部门 one (and its name) is the same amount's other code,
        // split into 类 | 款 cells as the 部门 code is (`301 | 01 | 基本工资 | 501 | 01 | …`).
        let is_government = |c: Code| matches!(c, Code::Econ(e) if e.kind() == crate::codes::EconKind::Government);
        let paired = match code {
            Code::Econ(dept) if dept.kind() == crate::codes::EconKind::Department => {
                (next..count).find_map(|j| match labels[j].1 {
                    Cell::Code(gov) if is_government(gov) => {
                        let whole = joined(gov, j + 1, 5).0.filter(|&c| is_government(c));
                        Some((whole.unwrap_or(gov), name(j + 1)))
                    }
                    _ => None,
                })
            }
            _ => None,
        };
        return match (after.is_empty(), before.is_empty()) {
            (true, false) => (Some(RowKey::Code(code)), before, true, paired),
            _ => (Some(RowKey::Code(code)), after, false, paired),
        };
    }
    // Only the 款 or 项 part printed: its parents are the last rows' 类 and 款.
    if let Some(split) = split
        && count > 0
        && two_digits(0)
        && let Some(code) = split_part(labels[0].0, text(0), split, context)
    {
        return (Some(RowKey::Code(code)), name(1), false, None);
    }
    let label = name(0);
    if label.is_empty() {
        return (None, label, false, None);
    }
    let key = if normal_chars(&label).eq("合计".chars()) { RowKey::Total } else { RowKey::Label };
    (Some(key), label, false, None)
}

/// The code of a row that prints only its 款 or 项 part (`08` at position `at`, in the 款 or the
/// 项 column of `split`), under the last rows' 类 and 款 in `context`.
fn split_part(at: usize, part: &str, (item_at, entry_at): (usize, usize), context: &mut SplitContext) -> Option<Code> {
    let parent = if at == item_at {
        context.class
    } else if at == entry_at {
        context.item
    } else {
        None
    }?;
    let (value, len) = (parent * 100 + part.parse::<u32>().unwrap_or(0), parent.to_string().len() + 2);
    let code = Code::from_printed(value, len)?;
    if at == item_at {
        context.item = Some(value);
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::import::line::classify;

    #[test]
    fn a_code_and_its_name_in_one_cell_are_split() {
        let glued = code_and_name("301工资福利支出").map(|(c, n)| (c.to_string(), n));
        assert_eq!(glued, Some(("301".to_string(), "工资福利支出")), "glued to its own name");
        assert_eq!(code_and_name("301办公费"), None, "a 3-digit figure glued to another name");
        let code = |s: &str| Code::parse(s).unwrap();
        assert_eq!(code_and_name("2010301 行政运行"), Some((code("2010301"), "行政运行")));
        assert_eq!(code_and_name("30101基本工资"), Some((code("30101"), "基本工资")));
        assert_eq!(code_and_name("201 一般公共服务支出"), Some((code("201"), "一般公共服务支出")));
        assert_eq!(code_and_name("[2010301]行政运行"), Some((code("2010301"), "行政运行")));
        assert_eq!(code_and_name("【201】一般公共服务支出"), Some((code("201"), "一般公共服务支出")));
        assert_eq!(code_and_name("[12]项目"), None, "no code of two digits");
        assert_eq!(code_and_name("35011、节能环保"), None, "a figure before a numbered item");
        for text in [
            "500元",
            "2021年预算",
            "12 个项目",
            "行政运行",
            "2010301",
            "1、工资福利支出",
            "500 万元以上项目",
            "301 余人",
        ] {
            assert_eq!(code_and_name(text), None, "{text}");
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
            assert_eq!(name_without_glued_figure(label), *want, "{label}");
        }
    }

    /// Row keys from the label cells of one block (positions as printed).
    fn key(cells: &[&str], split: Option<(usize, usize)>, context: &mut SplitContext) -> (Option<RowKey>, String) {
        let labels: Vec<(usize, Cell)> =
            cells.iter().enumerate().filter(|(_, c)| !trim(c).is_empty()).map(|(p, c)| (p, classify(c))).collect();
        let (key, label, _, _) = row_key(&labels, cells, split, context);
        (key, label)
    }

    #[test]
    fn a_government_code_beside_a_department_code_is_kept_with_its_name() {
        let cells = ["30101", "基本工资", "50101", "工资奖金津补贴"];
        let labels: Vec<(usize, Cell)> = cells.iter().enumerate().map(|(p, c)| (p, classify(c))).collect();
        let (key, label, _, paired) = row_key(&labels, &cells, None, &mut SplitContext::default());
        assert_eq!((key, label.as_str()), (Some(RowKey::Code(Code::parse("30101").unwrap())), "基本工资"));
        assert_eq!(paired, Some((Code::parse("50101").unwrap(), "工资奖金津补贴".to_string())));
        // Both split into 类 | 款 cells (Shandong): the 政府 code takes its 款 as the 部门 code does.
        let cells = ["301", "01", "基本工资", "505", "01", "工资福利支出"];
        let labels: Vec<(usize, Cell)> = cells.iter().enumerate().map(|(p, c)| (p, classify(c))).collect();
        let (key, label, _, paired) = row_key(&labels, &cells, None, &mut SplitContext::default());
        assert_eq!((key, label.as_str()), (Some(RowKey::Code(Code::parse("30101").unwrap())), "基本工资"));
        assert_eq!(paired, Some((Code::parse("50501").unwrap(), "工资福利支出".to_string())));
        // A function code has no such pair.
        let cells = ["2010301", "行政运行"];
        let labels: Vec<(usize, Cell)> = cells.iter().enumerate().map(|(p, c)| (p, classify(c))).collect();
        assert_eq!(row_key(&labels, &cells, None, &mut SplitContext::default()).3, None);
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
