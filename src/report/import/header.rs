//! Phase 3 of the import: one table's header. Which rows are header rows (栏次 rows and
//! headers printed again on later pages among them), where its side-by-side blocks start, and
//! what each position holds: a label, an amount column (named from its header rows), or
//! neither (行次, 序号, 单位编码, 备注, % …).

use super::line::{
    Cell, classify, closes_bracket, collapse_overstrike, is_label_header, is_overprinted_figure, is_wrapped_tail,
};
use super::scan::RawTable;
use crate::catalog::normal_chars;
use crate::catalog::normalized;
use crate::text::trim;
use std::borrow::Cow;

/// A year printed apart from its 年 by an extractor that wraps header cells (`2025` over
/// `年预算数`): four digits, 1900 to 2100.
fn is_year(t: &str) -> bool {
    t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && t.parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y))
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
pub(super) fn is_column_number_row(cells: &[&str]) -> bool {
    let (mut numbers, mut texts, mut next) = (0, 0, 1u32);
    let (mut sequential, mut small, mut labelled) = (true, true, false);
    for (at, cell) in cells.iter().map(|c| trim(c)).enumerate() {
        // (A number has a digit: only a text needs the letter-or-digit test below.)
        let number = cell.parse::<u32>();
        // Marks without a letter or digit (`**` over the name columns) are neither.
        if number.is_err() && !has_letter_or_digit(cell) {
            continue;
        }
        match number {
            Ok(n) => {
                numbers += 1;
                sequential &= n == next;
                small &= n < 100;
                next = n.saturating_add(1);
                // A code or a large figure settles it (most rows).
                if (!sequential || texts > 2) && !small {
                    return false;
                }
            }
            Err(_) => {
                texts += 1;
                // Cells are trimmed: a 栏次 cell starts with 栏.
                labelled |= cell.starts_with('栏') && normal_chars(cell).eq("栏次".chars());
                // Past two texts only a 栏次 label can make it one, and a large number rules that out
                // (most rows of figures: names and amounts with points are texts here).
                let label_ahead = || labelled || cells[at + 1..].iter().any(|c| trim(c).starts_with('栏'));
                if texts > 2 && (!small || !label_ahead()) {
                    return false;
                }
            }
        }
    }
    (numbers >= 2 && sequential && texts <= 2) || labelled && small
}

/// Whether a cell holds a letter or a digit: a first character among the CJK ideographs
/// U+4E00–U+9FFF (most cells) settles it from its lead bytes.
fn has_letter_or_digit(cell: &str) -> bool {
    let ideograph_first = match cell.as_bytes() {
        [0xE4, second, ..] => *second >= 0xB8,
        [first, ..] => (0xE5..=0xE9).contains(first),
        [] => false,
    };
    ideograph_first || cell.chars().any(char::is_alphanumeric)
}

/// One header row's cells, normalized (borrowed from the text where that changes nothing).
type HeaderRow<'t> = Vec<Cow<'t, str>>;

/// The most header rows that name columns.
const MAX_HEADER_ROWS: usize = 8;

/// Whether a row prints the same cells as a header row (normalized, trailing blanks aside): a
/// header printed again after a page break. Compared without allocating.
fn repeats_header(header: &[Cow<'_, str>], cells: &[&str]) -> bool {
    let header_len = header.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
    let is_blank = |c: &&str| normal_chars(c).next().is_none();
    let cells_len = cells.iter().rposition(|c| !is_blank(c)).map_or(0, |i| i + 1);
    header_len == cells_len && header.iter().zip(cells).all(|(h, c)| normal_chars(c).eq(h.chars()))
}

/// One side-by-side block: its position range and its group label (收入 | 支出).
#[derive(Debug)]
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    group: String,
}

/// The body of a table: its data rows (after the header), each cell classified once, and which
/// of them are headers printed again (or 栏次 rows) rather than figures.
pub(super) struct Body<'r, 't> {
    /// The data rows: line and cells.
    pub(super) rows: Vec<(usize, &'r [&'t str])>,
    /// Every row's cell kinds one after another: one buffer per table.
    kinds: Vec<Cell<'t>>,
    /// Where each row's kinds start in `kinds` (and one past the last).
    starts: Vec<usize>,
    /// Rows that repeat a header row or number the columns.
    pub(super) repeated: Vec<bool>,
}

impl<'t> Body<'_, 't> {
    /// Row `i`'s cell kinds.
    pub(super) fn kinds(&self, i: usize) -> &[Cell<'t>] {
        &self.kinds[self.starts[i]..self.starts[i + 1]]
    }
}

/// What the header says of a table's positions.
pub(super) struct Header {
    /// The widest row's cell count.
    pub(super) width: usize,
    /// How many rows the header takes at the top.
    pub(super) rows: usize,
    /// The side-by-side blocks.
    pub(super) blocks: Vec<Block>,
    /// The column each position holds, if it holds amounts.
    pub(super) column_of: Vec<Option<usize>>,
    /// Positions that hold neither labels nor amounts (行次, 序号, 单位编码, 备注 …).
    pub(super) ignored: Vec<bool>,
    /// The column names.
    pub(super) columns: Vec<String>,
    /// Whether any position is headed as a label (科目编码, 项目 …).
    pub(super) labelled: bool,
    /// Where the 款 and 项 parts of split codes stand, when a layout prints them apart.
    pub(super) split_parts: Option<(usize, usize)>,
    /// Each block's amount positions.
    pub(super) amounts: Vec<Vec<usize>>,
    /// Whether a group label may stand over the middle of the columns it spans (see
    /// [`group_span_unclear`]): then which columns it groups cannot be told.
    pub(super) span_unclear: bool,
    /// Whether figures stand under no header while a named column holds nothing: the body is
    /// printed off its header.
    pub(super) off_header: bool,
    /// Positions where names are wrapped into the figures' cells (a figure with a name's end
    /// glued to it stands there): a name's tail there, with no figure, ends the name.
    pub(super) wrapped_into: Vec<bool>,
}

fn header_text<'h>(row: &'h [Cow<'_, str>], p: usize) -> &'h str {
    row.get(p).map_or("", |t| t)
}

/// Header rows: those before the first row that holds a figure or a code (栏次 rows included),
/// normalized once (overstruck cells read once); and whether each row numbers the columns.
pub(super) fn header_rows<'t>(rt: &RawTable<'t>) -> (usize, Vec<HeaderRow<'t>>, Vec<bool>) {
    let numbering: Vec<bool> = rt.rows().map(|(_, c)| is_column_number_row(c)).collect();
    // A year over a text that starts with 年 is that text's first word, not a figure.
    let year_over_nian = |i: usize, p: usize, cell: &str| {
        is_year(trim(cell)) && i + 1 < rt.len() && rt.row(i + 1).1.get(p).is_some_and(|c| trim(c).starts_with('年'))
    };
    let is_data = |i: usize| {
        !numbering[i]
            && rt
                .row(i)
                .1
                .iter()
                .enumerate()
                .any(|(p, c)| matches!(classify(c), Cell::Code(_) | Cell::Number(_)) && !year_over_nian(i, p, c))
    };
    let end = (0..rt.len()).find(|&i| is_data(i)).unwrap_or(rt.len());
    // Real headers have a few rows (栏次 rows among them); past that (a table with no figures)
    // the rest name nothing more.
    let all: Vec<HeaderRow<'t>> = (0..end)
        .map(|i| rt.row(i))
        .take(2 * MAX_HEADER_ROWS)
        .map(|(_, c)| c.iter().map(|s| collapse_overstrike(s).map_or_else(|| normalized(s), Cow::Owned)).collect())
        .collect();
    (end, all, numbering)
}

/// Header rows printed one position off the columns they name: an extractor that splits each
/// merged cell into three puts a header's text one place right (or left) of the figures under it
/// (Xi'an's 部门综合预算 tables). The rows are moved onto their columns only when it is certain:
/// no position holds both header text and body cells, and every position with body cells (three
/// or more) has header text one place off, always on the same side.
fn realigned<'t>(
    mut headers: Vec<HeaderRow<'t>>,
    numbering: &[bool],
    body: &Body<'_, '_>,
    width: usize,
) -> Vec<HeaderRow<'t>> {
    let mut in_body = vec![false; width];
    for i in (0..body.rows.len()).filter(|&i| !body.repeated[i]) {
        for (p, kind) in body.kinds(i).iter().enumerate() {
            in_body[p] |= !matches!(kind, Cell::Empty);
        }
    }
    let mut in_header = vec![false; width];
    for (row, _) in headers.iter().zip(numbering).filter(|(_, n)| !**n) {
        for (p, text) in row.iter().enumerate().take(width) {
            in_header[p] |= !text.is_empty();
        }
    }
    let filled: Vec<usize> = (0..width).filter(|&p| in_body[p]).collect();
    if filled.len() < 3 || filled.iter().any(|&p| in_header[p]) {
        return headers;
    }
    let right = filled.iter().all(|&p| in_header.get(p + 1) == Some(&true));
    let left = filled.iter().all(|&p| p > 0 && in_header[p - 1]);
    match (right, left) {
        (true, false) => headers.iter_mut().filter(|r| !r.is_empty()).for_each(|r| drop(r.remove(0))),
        (false, true) => headers.iter_mut().for_each(|r| r.insert(0, Cow::Borrowed(""))),
        _ => {}
    }
    headers
}

/// Header words wrapped over two rows, joined: an extractor that splits a multi-line cell into
/// rows prints `一般公共预` over `算拨款收入`, or a group label's two halves one over the other.
/// A text continues the one above it when it is the only text of its row within the span of the
/// one above (up to the next text of that row or of any row above it) and either that span is its
/// own column alone (positions empty in every row aside), or a lower row names its column too (a
/// group label's second half, with the sub-columns under it). A label alone under a group, with
/// nothing below it (合计 under 本年支出, the group's other columns named further down), names its
/// own column and stays apart; so does a numbered row name (一、部门预算: a body row of text only),
/// and a text under a label header that does not join it into one (合计 under 项目).
fn join_wrapped_words(headers: &mut [HeaderRow<'_>], numbering: &[bool], counts: &[Holding], width: usize) {
    // Positions empty in every row, header and body (`counts`: what the body holds at each),
    // widen no span (an extractor that splits each merged cell into three prints two of them empty).
    let live: Vec<bool> =
        (0..width).map(|p| !counts[p].is_empty() || headers.iter().any(|h| !header_text(h, p).is_empty())).collect();
    let rows: Vec<usize> = (0..headers.len()).filter(|&h| !numbering[h]).collect();
    let has_text = |headers: &[HeaderRow<'_>], h: usize, p: usize| !header_text(&headers[h], p).is_empty();
    // A row's name (一、部门预算, a text-only first row of the body) continues no header word.
    let joinable =
        |t: &str| !is_line_number_header(t) && t.parse::<u32>().is_err() && crate::text::numbering_len(t) == 0;
    for (i, &h) in rows.iter().enumerate() {
        let Some(&first_below) = rows.get(i + 1) else { break };
        for p in 0..width {
            // Most header texts have none under them: that settles them first.
            let stacked = has_text(headers, h, p) && has_text(headers, first_below, p);
            let upper = header_text(&headers[h], p);
            let year = is_year(upper) && header_text(&headers[first_below], p).starts_with('年');
            if !stacked || !joinable(upper) && !year {
                continue;
            }
            let end = (p + 1..width).find(|&q| rows[..=i].iter().any(|&k| has_text(headers, k, q))).unwrap_or(width);
            // Each next row's text continues the joined word while the rule holds (a word
            // wrapped over three rows).
            let mut next = i + 1;
            while let Some(&below) = rows.get(next) {
                let word = header_text(&headers[below], p);
                let alone = !word.is_empty() && (p + 1..end).all(|q| !has_text(headers, below, q));
                let named_lower = rows[next + 1..].iter().any(|&k| has_text(headers, k, p));
                let one_column = (p + 1..end).all(|q| !live[q]);
                if !alone || !joinable(word) || !one_column && !named_lower {
                    break;
                }
                let joined = format!("{}{word}", header_text(&headers[h], p));
                // A label header's halves join into one (功能分类科目 | 编码); a row's name under
                // it (合计 under 项目) stays apart.
                let label = is_label_header(header_text(&headers[h], p)) || is_label_header(word);
                if label && !is_label_header(&joined) {
                    break;
                }
                // An overstruck word (合合合计计计) wrapped is overstruck again once joined.
                headers[h][p] = Cow::Owned(collapse_overstrike(&joined).unwrap_or(joined));
                headers[below][p] = Cow::Borrowed("");
                next += 1;
            }
        }
    }
}

/// A word printed in two halves with a header row between them (a header of three lines whose
/// one-line cells sit on the middle one: 序 … 号, 部门经济科目编 … 码): joined into the upper row
/// when the whole is a label header or a column's own word (序号), and the upper half alone is
/// neither. [`join_wrapped_words`] joins halves on rows one after the other.
fn join_halves_across_a_row(headers: &mut [HeaderRow<'_>], numbering: &[bool], width: usize) {
    let rows: Vec<usize> = (0..headers.len()).filter(|&h| !numbering[h]).collect();
    for p in 0..width {
        let mut named = rows.iter().copied().filter(|&h| !header_text(&headers[h], p).is_empty());
        let (Some(upper), Some(lower), None) = (named.next(), named.next(), named.next()) else { continue };
        let own_word = |t: &str| is_label_header(t) || is_not_amount_header(t);
        let gap = rows.iter().any(|&h| h > upper && h < lower);
        if !gap || own_word(header_text(&headers[upper], p)) {
            continue;
        }
        let joined = format!("{}{}", header_text(&headers[upper], p), header_text(&headers[lower], p));
        if own_word(&joined) {
            headers[upper][p] = Cow::Owned(joined);
            headers[lower][p] = Cow::Borrowed("");
        }
    }
}

/// The body after `header_end`, classified once.
fn body<'r, 't>(
    rt: &'r RawTable<'t>,
    header_end: usize,
    all_headers: &[HeaderRow<'_>],
    numbering: &[bool],
) -> Body<'r, 't> {
    let rows: Vec<(usize, &'r [&'t str])> = (header_end..rt.len()).map(|i| rt.row(i)).collect();
    let mut kinds: Vec<Cell<'t>> = Vec::with_capacity(rows.iter().map(|(_, c)| c.len()).sum());
    let mut starts: Vec<usize> = Vec::with_capacity(rows.len() + 1);
    for (_, cells) in &rows {
        starts.push(kinds.len());
        kinds.extend(cells.iter().map(|s| classify(s)));
    }
    starts.push(kinds.len());
    let mut body = Body { rows, kinds, starts, repeated: Vec::new() };
    // 栏次 rows, and header rows printed again after a page break (text only, or a year apart
    // from its 年, so a row with a figure or a code is never taken for one).
    let header_word = |(k, c): (&Cell<'_>, &&str)| match k {
        Cell::Empty | Cell::Text(_) => true,
        Cell::Number(_) => is_year(trim(c)),
        _ => false,
    };
    body.repeated = (0..body.rows.len())
        .map(|i| {
            numbering[header_end + i]
                || body.kinds(i).iter().zip(body.rows[i].1).all(header_word)
                    && all_headers.iter().any(|h| repeats_header(h, body.rows[i].1))
        })
        .collect();
    body
}

/// Blocks start where a label header appears after amount columns; a block's group label is
/// its first header row's text at its start, if that row has a group structure (收入 | 支出).
///
/// A position is no amount column when its header says so (序号, 编码 …, read whole when
/// wrapped: 序 over 号) or its body holds codes or words and no figure (部门经济科目编 over 码,
/// a label header cut by a header row between its halves): a label after it starts no block.
fn blocks(headers: &[&HeaderRow<'_>], label_at: &[bool], counts: &[Holding], width: usize) -> Vec<Block> {
    let mut starts = vec![0usize];
    let mut seen_amount = false;
    for p in 0..width {
        if label_at[p] {
            if seen_amount {
                starts.push(p);
                seen_amount = false;
            }
        } else if headers.iter().any(|h| !header_text(h, p).is_empty() && !is_line_number_header(header_text(h, p))) {
            let Holding { figures: numbers, texts, codes, .. } = counts[p];
            let whole: String = headers.iter().map(|h| header_text(h, p)).collect();
            let labels_only = numbers == 0 && texts + codes > 0;
            if !labels_only && !is_not_amount_header(&whole) {
                seen_amount = p > 0 || !label_at[0];
            }
        }
    }
    starts
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
        .collect()
}

/// What one position holds down the body of a table (repeated headers aside).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Holding {
    /// Figures, printed over by words or not.
    figures: usize,
    texts: usize,
    codes: usize,
    /// Among the texts, what may be the tails of names wrapped into the cell (补 | 助).
    tails: usize,
    /// Among those, the tails that close their name's bracket (（基本建 | 设）).
    closing_tails: usize,
    /// Among the figures, those with a name's end glued to them (支 | 出 2,022.39).
    spilled: usize,
    /// Among the texts, those without a Chinese character (`'498`, `12,3a`): no name.
    unworded: usize,
}

impl Holding {
    fn is_empty(&self) -> bool {
        self.figures == 0 && self.texts == 0 && self.codes == 0
    }
}

fn position_counts(body: &Body<'_, '_>, width: usize) -> Vec<Holding> {
    let mut at = vec![Holding::default(); width];
    for i in (0..body.rows.len()).filter(|&i| !body.repeated[i]) {
        let kinds = body.kinds(i);
        for (p, cell) in kinds.iter().enumerate() {
            let at = &mut at[p];
            match cell {
                Cell::Number(_) => at.figures += 1,
                Cell::Spilled { .. } => {
                    at.figures += 1;
                    at.spilled += 1;
                }
                // A figure printed over by a wrapped name is a figure of its column, unread.
                Cell::Text(t) if is_overprinted_figure(t) => at.figures += 1,
                Cell::Text(t) => {
                    at.texts += 1;
                    at.unworded += usize::from(t.is_ascii());
                    let before = if p > 0 { kinds[p - 1] } else { Cell::Empty };
                    if is_wrapped_tail(t, before) {
                        at.tails += 1;
                        at.closing_tails += usize::from(closes_bracket(before, t));
                    }
                }
                Cell::Code(_) => at.codes += 1,
                Cell::Empty => {}
            }
        }
    }
    at
}

/// The name of position `p`: the header texts top-down, group labels carried right over the
/// empty cells they span (only when a lower row names the sub-column); into `parts`, a buffer
/// kept from position to position.
fn position_name<'h>(
    headers: &[&'h HeaderRow<'_>],
    last_named: Option<usize>,
    carried: &mut [&'h str],
    group: &str,
    p: usize,
    parts: &mut Vec<&'h str>,
) {
    parts.clear();
    for (h, row) in headers.iter().enumerate() {
        let t = header_text(row, p);
        let below = last_named.is_some_and(|last| last > h);
        if !t.is_empty() {
            carried[h] = if below { t } else { "" };
            // A new group above ends every label carried under the group before it.
            carried[h + 1..].fill("");
        }
        let t: &str = if t.is_empty() && below { carried[h] } else { t };
        if !t.is_empty() && !is_line_number_header(t) && t.parse::<u32>().is_err() && t != group {
            parts.push(t);
        }
    }
}

/// Whether a group label may stand over the middle of the columns it spans, as an extractor
/// that places a merged cell's text at its centre prints it; then the columns it groups cannot be
/// told. In some header row, either
/// - the label comes right after sub-columns (a lower row names them) that no label of the row
///   is carried to, themselves after a label that names its own column alone (合计 over nothing,
///   then 小计 | 一般公共预算 under no label, then 财政拨款收入); or
/// - a group label is carried into the next side-by-side block, and another label follows in
///   the row (收入 over the 支出 block's 项目, 支出 printed further right; a 支出 over three
///   blocks of 支出 with nothing after it is one group).
fn group_span_unclear(
    headers: &[&HeaderRow<'_>],
    last_named: &[Option<usize>],
    blocks: &[Block],
    width: usize,
) -> bool {
    let starts_block = |p: usize| p > 0 && blocks.iter().any(|b| b.start == p);
    headers.iter().enumerate().any(|(h, row)| {
        let (mut after_single, mut orphaned, mut carrying, mut crossed) = (false, false, false, false);
        for (p, last) in last_named.iter().enumerate().take(width) {
            let named_below = last.is_some_and(|last| last > h);
            if !header_text(row, p).is_empty() {
                if named_below && orphaned || crossed {
                    return true;
                }
                (after_single, orphaned, carrying) = (!named_below, false, named_below);
            } else if named_below {
                crossed |= carrying && starts_block(p);
                orphaned |= after_single;
            }
        }
        false
    })
}

/// What position `p` holds, from its header and the cells under it: `None` for a label or an
/// ignored position (`ignored` set for the latter), else the column's full name.
fn position_role(
    cx: &HeaderContext<'_, '_>,
    block: &Block,
    parts: &[&str],
    p: usize,
    ignored: &mut [bool],
) -> Option<String> {
    // Parts are never empty: the name is empty when there are none (joined only for a column).
    let unnamed = parts.is_empty();
    let is_label = cx.label_at[p] || cx.line_number_at[p] || parts.iter().any(|t| is_line_number_header(t));
    let Holding { figures: numbers, texts: all_texts, codes, tails, closing_tails, spilled, unworded } = cx.counts[p];
    // Mostly text: a label column, whatever a shifted row put there. A named column with a
    // stray text is still an amount column (the text is reported, not read as a label). A
    // column of codes holds few other figures; in a table of whole amounts a 3-, 5- or 7-digit
    // figure among many others is an amount (25850 公务接待费), not a code. Nor is one under a
    // header that names an amount and no code (事业收入 over 275 and 260, printed without their
    // .00); a column headed 单位 over unit codes stays a column of codes.
    let names_codes = || {
        let leaf = parts.last().copied().unwrap_or("");
        parts.iter().any(|t| t.contains(['编', '码']) || t.contains("科目") || t.contains("分类"))
            || matches!(leaf, "类" | "款" | "项" | "项目")
    };
    let names_amount = || {
        const AMOUNTS: &[&str] = &[
            "收入", "支出", "经费", "费", "资金", "拨款", "合计", "小计", "总计", "预算", "决算", "金额", "补助",
            "结转", "结余",
        ];
        parts.iter().any(|t| AMOUNTS.iter().any(|w| t.contains(w)))
    };
    // Under a header naming an amount, in a column where names are wrapped into the figures'
    // cells (支 | 出 2,022.39), their tails with no figure (补 | 助) are no names of its own (nor,
    // wherever it stands, a tail that closes its name's bracket, `（基本建 | 设）`).
    // Nor are texts without a Chinese character (`'498`): figures printed unreadably, which a
    // column named for an amount still holds (they are reported, its other figures read).
    let texts = match (tails > 0 || unworded > 0) && names_amount() {
        true if spilled > 0 => all_texts - tails - unworded,
        true => all_texts - closing_tails - unworded,
        false => all_texts,
    };
    let code_column = codes > 0 && numbers * 4 <= codes && (unnamed || names_codes() || !names_amount());
    // Words and no figure under a header that names no amount (类型 over 部门特定目标类项目) are
    // labels too.
    let text_column = texts >= 2 && texts * 4 >= numbers + codes
        || code_column
        || (texts + codes) > 0 && numbers == 0 && (unnamed || !names_amount());
    // (A header printed again on a later page prints 行次 there: it numbers nothing.)
    let all_small_ints = || {
        cx.body.rows.iter().zip(&cx.body.repeated).filter(|(_, repeated)| !**repeated).all(|((_, c), _)| {
            c.get(p).is_none_or(|s| trim(s).is_empty() || trim(s).parse::<u32>().is_ok_and(|n| n < 100))
        })
    };
    // The lowest header naming the position says what it holds; a word printed a character a
    // header row (序 over 号) is read whole.
    let leaf = cx.last_named[p].map_or("", |h| header_text(cx.headers[h], p));
    let texts = || cx.headers.iter().map(|h| header_text(h, p)).filter(|t| !t.is_empty());
    let spelled = texts().nth(1).is_some() && texts().all(|t| t.chars().nth(1).is_none());
    let whole = || texts().collect::<String>();
    let not_amount =
        is_not_amount_header(leaf) || spelled && (is_not_amount_header(&whole()) || is_line_number_header(&whole()));
    if cx.line_number_at[p] && all_small_ints() || not_amount || unnamed && counts_rows(cx, p) {
        ignored[p] = true;
    }
    if is_label || ignored[p] || text_column || (unnamed && numbers == 0) {
        return None;
    }
    let full = match (block.group.is_empty(), unnamed) {
        (true, _) => parts.join("/"),
        (false, true) => block.group.clone(),
        (false, false) => format!("{}/{}", block.group, parts.join("/")),
    };
    Some(if full.is_empty() { format!("第{}栏", p + 1) } else { full })
}

/// Whether position `p`, under no header, numbers the rows (a 序号 column whose header was lost):
/// its figures whole numbers, three or more, each one more than the one before or starting
/// again at 1 (on a new page). Amounts are never so. (A row printed without its cell breaks
/// stands there as words.)
fn counts_rows(cx: &HeaderContext<'_, '_>, p: usize) -> bool {
    let mut previous: Option<u32> = None;
    let mut seen = 0;
    for (i, (_, cells)) in cx.body.rows.iter().enumerate() {
        let cell = cells.get(p).map_or("", |c| trim(c));
        if cx.body.repeated[i] || !matches!(classify(cell), Cell::Number(_) | Cell::Code(_)) {
            continue;
        }
        let Ok(n) = cell.parse::<u32>() else { return false };
        if !(n == 1 || previous.is_some_and(|m| n == m + 1)) {
            return false;
        }
        previous = Some(n);
        seen += 1;
    }
    seen >= 3
}

/// Whether the body stands off its header (an extractor that puts an empty cell after each row's
/// name), so that which figure is in which column cannot be told: a named column holds nothing
/// in any row while figures stand under no header, or while the columns of its group hold
/// figures and it is their total (合计 blank down the whole table is a column of figures moved
/// right, not a total left out on every row).
fn off_header(columns: &[String], column_of: &[Option<usize>], unnamed_at: &[bool], counts: &[Holding]) -> bool {
    let positions = || (0..column_of.len()).filter_map(|p| column_of[p].map(|c| (p, c)));
    let group = |c: usize| columns[c].rsplit_once('/').map_or("", |(g, _)| g);
    let is_total = |c: usize| {
        let leaf = columns[c].rsplit('/').next().unwrap_or("");
        leaf.ends_with("合计") || leaf == "小计" || leaf == "总计"
    };
    let unnamed_figures = positions().any(|(p, _)| unnamed_at[p] && counts[p].figures > 0);
    positions().filter(|&(p, _)| !unnamed_at[p] && counts[p].is_empty()).any(|(p, c)| {
        unnamed_figures
            || is_total(c) && positions().any(|(q, d)| q != p && group(d) == group(c) && counts[q].figures > 0)
    })
}

/// What the column analysis reads, decided once per table.
struct HeaderContext<'a, 'h> {
    headers: &'a [&'h HeaderRow<'h>],
    body: &'a Body<'a, 'a>,
    counts: Vec<Holding>,
    label_at: Vec<bool>,
    line_number_at: Vec<bool>,
    last_named: Vec<Option<usize>>,
}

/// A table's header rows, blocks and columns, and its body classified once.
pub(super) fn analyze<'r, 't>(rt: &'r RawTable<'t>) -> (Header, Body<'r, 't>) {
    let width = rt.rows().map(|(_, c)| c.len()).max().unwrap_or(0);
    let (header_end, all_headers, numbering) = header_rows(rt);
    let body = body(rt, header_end, &all_headers, &numbering);
    // After the body: a header printed again on a later page is printed as the first was.
    let mut all_headers = realigned(all_headers, &numbering, &body, width);
    let counts = position_counts(&body, width);
    // In a table without figures every row counts as a header row: its rows are not known to be one.
    if header_end < rt.len() {
        join_wrapped_words(&mut all_headers, &numbering, &counts, width);
        join_halves_across_a_row(&mut all_headers, &numbering, width);
    }
    // Column numbers (栏次 rows) name nothing.
    let headers: Vec<&HeaderRow<'_>> =
        all_headers.iter().zip(&numbering).filter(|(_, n)| !**n).map(|(h, _)| h).take(MAX_HEADER_ROWS).collect();
    let at = |test: fn(&str) -> bool| -> Vec<bool> {
        (0..width).map(|p| headers.iter().any(|h| test(header_text(h, p)))).collect()
    };
    let label_at = at(is_label_header);
    let blocks = blocks(&headers, &label_at, &counts, width);
    let part_at = |word: &str| (0..width).find(|&p| headers.iter().any(|h| header_text(h, p) == word));
    let split_parts = part_at("款").zip(part_at("项"));
    let cx = HeaderContext {
        headers: &headers,
        body: &body,
        counts,
        label_at,
        line_number_at: at(is_line_number_header),
        last_named: (0..width).map(|p| headers.iter().rposition(|h| h.get(p).is_some_and(|t| !t.is_empty()))).collect(),
    };
    let (mut column_of, mut ignored, mut columns) = (vec![None; width], vec![false; width], Vec::<String>::new());
    let mut parts: Vec<&str> = Vec::new();
    let mut unnamed_at = vec![false; width];
    #[allow(clippy::needless_range_loop)] // positions index several per-position vectors
    for block in &blocks {
        // The columns this block has named so far, by the column of the name as first given
        // (a name's first use in a block is its column's name).
        let mut named_here: Vec<usize> = Vec::new();
        let mut carried: Vec<&str> = vec![""; headers.len()];
        for p in block.start..block.end {
            position_name(&headers, cx.last_named[p], &mut carried, &block.group, p, &mut parts);
            let Some(full) = position_role(&cx, block, &parts, p, &mut ignored) else { continue };
            unnamed_at[p] = parts.is_empty();
            // Blocks with the same columns share them (the economic table's three blocks); a
            // name repeated inside one block (预算 then 决算 under the same headers) is another column.
            let mut same = named_here.iter().copied().filter(|&c| columns[c] == full);
            let (first, repeats) = (same.next(), same.count());
            let full = match first {
                None => full,
                Some(_) => format!("{full}（{}）", repeats + 2),
            };
            let index = columns.iter().position(|c| *c == full).unwrap_or_else(|| {
                columns.push(full);
                columns.len() - 1
            });
            column_of[p] = Some(index);
            named_here.push(first.unwrap_or(index));
        }
    }
    let labelled = cx.label_at.iter().any(|&l| l);
    let span_unclear = group_span_unclear(&headers, &cx.last_named, &blocks, width);
    let off_header = off_header(&columns, &column_of, &unnamed_at, &cx.counts);
    let wrapped_into = cx.counts.iter().map(|c| c.spilled > 0).collect();
    drop(cx);
    let amounts = blocks.iter().map(|b| (b.start..b.end).filter(|&p| column_of[p].is_some()).collect()).collect();
    let header = Header {
        width,
        rows: header_end,
        blocks,
        column_of,
        ignored,
        columns,
        labelled,
        split_parts,
        amounts,
        span_unclear,
        off_header,
        wrapped_into,
    };
    (header, body)
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

    proptest::proptest! {
        #[test]
        fn the_letter_or_digit_shortcut_answers_as_decoding_does(cell in "\\PC{0,4}|[\u{4DB0}-\u{4E10}\u{9FF0}-\u{A010}*（]{1,3}") {
            proptest::prop_assert_eq!(has_letter_or_digit(&cell), cell.chars().any(char::is_alphanumeric), "{:?}", cell);
        }
    }

    #[test]
    fn column_number_rows_past_two_texts_need_a_label() {
        assert!(is_column_number_row(&["项目", "合计", "说明", "栏次", "1", "2"]), "a 栏次 label after the texts");
        assert!(!is_column_number_row(&["项目", "合计", "说明", "1", "2"]));
        assert!(!is_column_number_row(&["行政运行", "10.50", "3.20", "栏次", "101"]), "a large number");
    }

    #[test]
    fn label_headers() {
        for header in [
            "科目编码",
            "项目",
            "部门预算支出经济分类科目",
            "支出功能分科目（按大类）",
            "政府预算支出经济分类科目(按大类)",
        ] {
            assert!(is_label_header(header), "{header}");
        }
        for header in ["合计", "预算数", "基本支出", "人员经费（按经济分类）"] {
            assert!(!is_label_header(header), "{header}");
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
}
