//! Phase 2½: a wide table printed as column blocks, joined back into one table before its
//! header is read.
//!
//! A table too wide for its page may be printed in blocks of columns: the row labels (code,
//! name) with the first columns on one page, then a header of its own and the same row labels,
//! in the same order, with the next columns on the next page. Read as printed, the second
//! block's rows repeat every code of the first: a list of items, checked for nothing. Joined,
//! each row carries all its columns.
//!
//! The blocks are joined only when it is certain: a block after the first has header rows of its
//! own (no figure, no code; not the first block's printed again), then exactly as many rows as
//! the first block, each with the same leading label cells as the first block's row in its
//! place (at least three rows, at least one label cell, no two rows with the same labels). A
//! table may run over pages too: each page's first block, and the blocks that continue its
//! columns.

use super::header::is_column_number_row;
use super::line::{Cell, classify};
use super::scan::RawTable;

/// Rows `header` (a header printed again, or the block's own) then `data`, as row indices.
struct Block {
    header: std::ops::Range<usize>,
    data: std::ops::Range<usize>,
}

/// Whether a row holds no figure and no code: a header row (a 栏次 row is one too).
fn is_header_row(cells: &[&str]) -> bool {
    // Settled by bytes (a cell of digits alone is a figure or a code; a name is never parsed):
    // a code or an amount with three digits or a point is a row of figures, which no 栏次 row
    // prints; a row with small numbers only may number the columns.
    let mut numbers = false;
    for cell in cells {
        let bytes = cell.as_bytes();
        if bytes.is_empty() || !bytes.iter().all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-' | b' ')) {
            continue;
        }
        let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
        if bytes.contains(&b'.') || digits >= 3 {
            return false;
        }
        numbers |= digits > 0;
    }
    !numbers || is_column_number_row(cells)
}

/// The table's runs of header rows, each with the data rows after it.
fn blocks(rt: &RawTable<'_>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < rt.len() {
        let start = i;
        while i < rt.len() && is_header_row(rt.row(i).1) {
            i += 1;
        }
        let header_end = i;
        while i < rt.len() && !is_header_row(rt.row(i).1) {
            i += 1;
        }
        blocks.push(Block { header: start..header_end, data: header_end..i });
    }
    blocks
}

/// How many leading cells every row of `second` prints as its row of `first` does (trimmed):
/// the row labels the blocks share. `None` when the blocks differ in rows or share none.
fn shared_labels(rt: &RawTable<'_>, first: &Block, second: &Block) -> Option<usize> {
    if first.data.len() != second.data.len() || first.data.len() < 3 || second.header.is_empty() {
        return None;
    }
    let pairs = first.data.clone().zip(second.data.clone()).map(|(a, b)| (rt.row(a).1, rt.row(b).1));
    // (A figure is never a label, though a block may print the same figure in its place: 合计
    // beside 人员支出 on a row of 人员支出 alone.)
    let label =
        |x: &str, y: &str| x.trim() == y.trim() && !matches!(classify(x), Cell::Number(_) | Cell::Spilled { .. });
    let common = |(a, b): (&[&str], &[&str])| a.iter().zip(b).take_while(|(x, y)| label(x, y)).count();
    let labels = pairs.clone().map(common).min()?;
    // The labels name the rows, each its own (a list of items under repeated codes names none),
    // and the second block adds cells under a header of its own (the first's printed again
    // starts a page of rows, not of columns).
    let mut names: Vec<Vec<&str>> =
        first.data.clone().map(|i| rt.row(i).1.iter().take(labels).map(|c| c.trim()).collect()).collect();
    names.sort_unstable();
    names.dedup();
    let distinct = names.len() == first.data.len();
    let adds = pairs.clone().any(|(_, b)| b.len() > labels);
    let row_text = |i: usize| rt.row(i).1.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>();
    let own_header = first.header.len() != second.header.len()
        || first.header.clone().zip(second.header.clone()).any(|(a, b)| row_text(a) != row_text(b));
    (labels >= 1 && distinct && adds && own_header).then_some(labels)
}

/// One page's rows: its first block, and the column blocks that continue its rows (each with the
/// number of label cells it shares with the first).
struct Page {
    first: Block,
    columns: Vec<(Block, usize)>,
}

/// The table's blocks as pages: a block whose rows repeat the labels of the current page's
/// first block continues its columns; any other starts a page (a header printed again).
fn pages(rt: &RawTable<'_>) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for block in blocks(rt) {
        match pages.last_mut().and_then(|p| shared_labels(rt, &p.first, &block).map(|l| (p, l))) {
            Some((page, labels)) => page.columns.push((block, labels)),
            None => pages.push(Page { first: block, columns: Vec::new() }),
        }
    }
    pages
}

/// The table with its column blocks joined, if it was printed in blocks (see the module docs).
pub(super) fn joined<'t>(rt: &RawTable<'t>) -> Option<RawTable<'t>> {
    let pages = pages(rt);
    if pages.iter().all(|p| p.columns.is_empty()) || pages[0].first.header.is_empty() {
        return None;
    }
    let width = |b: &Block| (b.header.start..b.data.end).map(|i| rt.row(i).1.len()).max().unwrap_or(0);
    // Each page's blocks as wide as the widest block in their place on any page, so that a
    // column stands at one position on every page.
    let first_width = pages.iter().map(|p| width(&p.first)).max().unwrap_or(0);
    let most_blocks = pages.iter().map(|p| p.columns.len()).max().unwrap_or(0);
    let block_widths: Vec<usize> = (0..most_blocks)
        .map(|j| {
            pages.iter().filter_map(|p| p.columns.get(j)).map(|(b, l)| width(b).saturating_sub(*l)).max().unwrap_or(0)
        })
        .collect();
    let mut joined = rt.emptied();
    for page in &pages {
        // Header rows aligned at the bottom, where each block names its leaf columns.
        let height =
            std::iter::once(&page.first).chain(page.columns.iter().map(|(b, _)| b)).map(|b| b.header.len()).max();
        let rows = (0..height.unwrap_or(0))
            .map(|level| {
                let at =
                    |b: &Block| (b.header.len() + level).checked_sub(height.unwrap_or(0)).map(|k| b.header.start + k);
                (at(&page.first), page.columns.iter().map(|(b, l)| (at(b), *l)).collect::<Vec<_>>())
            })
            .chain(
                page.first
                    .data
                    .clone()
                    .enumerate()
                    .map(|(k, i)| (Some(i), page.columns.iter().map(|(b, l)| (Some(b.data.start + k), *l)).collect())),
            );
        for (first, columns) in rows {
            let line = first.map_or(rt.row(page.first.header.start).0, |i| rt.row(i).0);
            let mut cells: Vec<&'t str> = first.map_or_else(Vec::new, |i| rt.row(i).1.to_vec());
            cells.resize(first_width, "");
            for (j, &block_width) in block_widths.iter().enumerate() {
                let (row, shared) = columns.get(j).copied().unwrap_or((None, 0));
                let more = row.and_then(|i| rt.row(i).1.get(shared..)).unwrap_or(&[]);
                cells.extend(more.iter().copied().chain(std::iter::repeat("")).take(block_width));
            }
            joined.push_row(line, &cells);
        }
    }
    Some(joined)
}
