//! Phase 2 of the import: lines → raw tables. A scanner with an explicit [`State`] and one
//! transition per kind of line assembles each table's rows across pages: a table starts at its
//! title (the last title-like line before its first row, so a table of contents is passed over),
//! runs over page breaks, repeated headers and page furniture, goes on under its title printed
//! again on the next page, and ends at prose or the next title. Rows outside the disclosure set
//! are counted and reported once per block.

use super::line::{
    Cell, HeaderWord, LineCounts, classify, collapse_letter_spacing, collapse_overstrike, holds_figures,
    is_flattened_row, is_header_word, is_layout, is_numbered_flattened_row, is_page_furniture, is_page_mark,
    is_spaced_row, looks_like_other_title, split_cells, without_unit_statement,
};
use super::title::{NUMBER_LINE_CHARS, TableKind, same_title, table_number};
use crate::amount::Unit;
use crate::catalog::normalize_name;
use crate::report::issue::{ImportIssue, ImportIssueKind};
use crate::text::{Lines, contains_biao, contains_colon, states_unit_or_department, trim};
use std::borrow::Cow;

/// The most cells of a row that are read: real tables have at most a few dozen columns, and the
/// column analysis is proportional to columns × rows.
const MAX_CELLS: usize = 128;

/// Prose lines that read as table rows, past which a text without a table read says its tables
/// were extracted with spaces for their cell breaks (a sentence may end in two figures; a table
/// has many rows).
const SPACED_ROWS: usize = 5;

/// The most prose lines (page furniture aside) between a title and its table's first row.
const MAX_PROSE_AFTER_TITLE: usize = 2;

/// One table's rows as printed: cells borrowed from the text.
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
    /// The widest row so far, what the spread rows' positions hold (for [`RawTable::widened`])
    /// and how many rows that has read (it reads the rows since when a short row asks).
    width: usize,
    held: Vec<Option<Holds>>,
    held_rows: usize,
    /// Whether `held` has read a row with figures (the rows of words before it are the header).
    held_figures: bool,
    /// The lines (and cells) of rows printed with one cell a column in a table whose rows spread
    /// each column over two or three positions that could not be placed: not read (their
    /// figures' columns are not known), each reported.
    pub(super) unplaced: Vec<(usize, String)>,
    /// How the last row was narrowed (positions a column, offset), while its page runs on.
    narrowing: Option<(usize, usize)>,
    /// Whether the last row was widened (its page prints one cell a column).
    widening: bool,
    /// How this page's rows stand off the table's columns, once its first row has shown it.
    shift: Option<Shift>,
    /// Whether no row has been read since the last page break (or only rows that say nothing of
    /// how the page stands: `undecided`).
    page_start: bool,
    undecided: bool,
    /// The table's first row on this page.
    page_first_row: usize,
}

/// A page printed columns off its table's others ([`RawTable::shifted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// Empty cells more at the left (one to three): its rows are read without them.
    Left(usize),
    /// Columns fewer at the left (one to three): its rows are read after as many empty cells.
    Right(usize),
}

impl Shift {
    /// A row's cells read so: `None` where it lacks the empty cells a left shift drops.
    fn apply<'t>(self, cells: &[&'t str]) -> Option<Vec<&'t str>> {
        match self {
            Shift::Left(n) => {
                (cells.len() > n && cells[..n].iter().all(|c| trim(c).is_empty())).then(|| cells[n..].to_vec())
            }
            Shift::Right(n) => Some(std::iter::repeat_n("", n).chain(cells.iter().copied()).collect()),
        }
    }
}

/// What a cell holds, for comparing the cells of two rows (`None`: nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Code,
    Figure,
    Words,
    /// A header names the position and no row with figures has filled it yet (a column blank
    /// all along, as 政府性基金预算 in a department without one).
    Named,
}

/// Whether `cell` may stand where rows held `held`, for placing a row printed in another
/// spread: an empty cell anywhere; no figure where words stood, no words where figures stood; a
/// code with either (a unit's code, six digits, reads as a figure where the rows' codes stood;
/// 合计 stands in the codes' column).
fn fits_kind(held: Option<Holds>, cell: &str) -> bool {
    let kind = holds(cell);
    kind.is_none() || held.is_some() && !clash(held, kind)
}

/// The positions of a row's printed (non-blank) cells.
fn printed_at<'c>(cells: &'c [&str]) -> impl Iterator<Item = usize> + 'c {
    (0..cells.len()).filter(|&p| !trim(cells[p]).is_empty())
}

/// Whether `cell` as printed stands where rows held the other kind: a name where figures stood,
/// a figure where names stood (a row read off its columns).
fn clashes(held: Option<Holds>, cell: &str) -> bool {
    clash(held, holds(cell))
}

/// Whether two kinds cannot stand in one column: words and figures.
fn clash(a: Option<Holds>, b: Option<Holds>) -> bool {
    matches!((a, b), (Some(Holds::Words), Some(Holds::Figure)) | (Some(Holds::Figure), Some(Holds::Words)))
}

fn holds(cell: &str) -> Option<Holds> {
    // Most cells asked are names: an ideograph first and no ASCII byte is never a figure or a
    // code (the digits are ASCII by now), and settles without reading the cell as an amount.
    if cell.chars().next().is_some_and(crate::text::is_ideograph) && cell.bytes().all(|b| b >= 0x80) {
        return Some(Holds::Words);
    }
    match classify(cell) {
        Cell::Empty => None,
        Cell::Code(_) => Some(Holds::Code),
        Cell::Number(_) | Cell::Spilled { .. } => Some(Holds::Figure),
        Cell::Text(_) => Some(Holds::Words),
    }
}

impl<'t> RawTable<'t> {
    fn new(title: Pending) -> RawTable<'t> {
        let Pending { kind, line, title, number, unit, .. } = title;
        RawTable {
            kind,
            number,
            unit,
            line,
            title,
            cells: Vec::new(),
            rows: Vec::new(),
            width: 0,
            held: Vec::new(),
            held_rows: 0,
            held_figures: false,
            unplaced: Vec::new(),
            narrowing: None,
            widening: false,
            shift: None,
            page_start: false,
            undecided: false,
            page_first_row: 0,
        }
    }

    /// The same table with no rows yet (its title, kind, number and unit kept).
    pub(super) fn emptied(&self) -> RawTable<'t> {
        let (kind, line, title, number, unit) = (self.kind, self.line, self.title.clone(), self.number, self.unit);
        let mut emptied = RawTable::new(Pending { kind, line, title, number, unit, prose: 0 });
        emptied.unplaced.clone_from(&self.unplaced);
        emptied
    }

    pub(super) fn push_row(&mut self, line: usize, cells: &[&'t str]) {
        self.page_start = std::mem::take(&mut self.undecided) && self.page_start;
        self.cells.extend_from_slice(cells);
        self.rows.push((line, self.cells.len()));
        if cells.len() > self.width {
            // Wider rows: the positions are others, read again from the first row.
            (self.width, self.held_rows, self.held_figures) = (cells.len(), 0, false);
        }
    }

    /// What each position of the widest rows holds, from the last row with figures that fills
    /// it: every spread row of the table counts (a column blank for a page or two, as 人员经费
    /// beside 商品和服务支出, is still a column), and a position only the header names is
    /// [`Holds::Named`]; each row read once (a short row asks often).
    fn held(&mut self) -> Vec<Option<Holds>> {
        let mut held = std::mem::take(&mut self.held);
        if self.held_rows == 0 {
            held.clear();
            held.resize(self.width, None);
        }
        // The spread rows, with or without their trailing empty cells (an extractor may drop them).
        let mut figures = self.held_figures;
        for i in self.held_rows..self.len() {
            let cells = self.row(i).1;
            if cells.len() * 2 <= self.width {
                continue;
            }
            if holds_figures(cells) {
                figures = true;
                for (held, cell) in held.iter_mut().zip(cells) {
                    *held = holds(cell).or(*held);
                }
            } else if !figures {
                for (held, _) in held.iter_mut().zip(cells).filter(|(_, c)| !trim(c).is_empty()) {
                    *held = held.or(Some(Holds::Named));
                }
            }
        }
        (self.held_rows, self.held_figures) = (self.len(), figures);
        held
    }

    /// The positions a row of one cell a column is placed at, and over how many positions the
    /// rows spread each column (two or three: every position they fill, three or more, at one
    /// remainder of it). The positions the header names count where they keep that remainder;
    /// else the rows' alone.
    fn positions(held: &[Option<Holds>]) -> (Vec<usize>, Option<usize>) {
        let body: Vec<usize> = (0..held.len()).filter(|&p| held[p].is_some_and(|h| h != Holds::Named)).collect();
        let spread_by = |set: &[usize], k: usize| set.first().is_some_and(|&f| set.iter().all(|&p| p % k == f % k));
        let spread = (2..=3).find(|&k| body.len() >= 3 && spread_by(&body, k));
        let all: Vec<usize> = (0..held.len()).filter(|&p| held[p].is_some()).collect();
        match spread {
            Some(k) if spread_by(&all, k) => (all, spread),
            _ => (body, spread),
        }
    }

    /// A row printed with one cell a column on a page where the table's earlier rows spread each
    /// column over several positions (an extractor that splits merged cells on one page and not
    /// on the next): its cells placed at the positions those rows fill. Only when it is certain:
    /// as many cells as filled positions (three or more; a row split at tabs may end early, its
    /// last cells blank), each of the kind its position held (a code where codes stood, a
    /// figure where figures stood, a name where names stood). `spaced`: split at spaces.
    fn widened(&mut self, cells: &[&'t str], spaced: bool) -> Option<Vec<&'t str>> {
        // A page of one cell a column is a fraction of the spread one (a third or a half: N
        // columns spread two to one take 2N - 1 positions or 2N); a row near the width of the
        // rows before it is theirs as printed.
        if cells.len() * 2 > self.width + 1 {
            return None;
        }
        let held = self.held();
        let widened = self.widen_with(&held, cells, spaced);
        self.held = held;
        widened
    }

    /// Whether a row that neither [`RawTable::widened`] nor [`RawTable::narrowed`] placed is one
    /// of one cell a column among rows that spread each column over two or three positions: read as
    /// printed, its figures would stand under other columns.
    fn misfits(&mut self, cells: &[&'t str]) -> bool {
        if cells.len() * 2 > self.width + 1 || !holds_figures(cells) {
            return false;
        }
        let held = self.held();
        let (filled, spread) = RawTable::positions(&held);
        self.held = held;
        spread.is_some() && (self.widening || !RawTable::on_spread_grid(&filled, spread, cells))
    }

    /// Whether a row's printed cells all stand at the spread rows' own positions (`spread` apart,
    /// from where `filled`, theirs, start): a row of that spread as printed.
    fn on_spread_grid(filled: &[usize], spread: Option<usize>, cells: &[&str]) -> bool {
        let (Some(k), Some(&start)) = (spread, filled.first()) else { return false };
        printed_at(cells).all(|p| p % k == start % k)
    }

    /// [`RawTable::widened`] with what the widest rows' positions hold.
    fn widen_with(&self, held: &[Option<Holds>], cells: &[&'t str], spaced: bool) -> Option<Vec<&'t str>> {
        let (filled, spread) = RawTable::positions(held);
        // Rows of one cell a column among rows of one cell a column are as printed.
        spread?;
        let two_to_one = spread == Some(2);
        // A row of half the width or more may be one of a table as printed that lost its trailing
        // blanks: placed only where the rows before spread each column over two positions, every
        // filled position the first of its two.
        if cells.len() * 2 > self.width && !two_to_one {
            return None;
        }
        let printed = cells.iter().rposition(|c| !trim(c).is_empty()).map_or(0, |i| i + 1);
        // A row split at its tabs may end in blank cells, printed or dropped (an extractor that
        // drops trailing empty cells): none printed past the filled positions. A row split at
        // spaces shows no blank: it fills every position.
        let fits = if spaced { printed == filled.len() } else { (3..=filled.len()).contains(&printed) };
        if filled.len() < 3 || !fits {
            return None;
        }
        // One of the spread rows that lost its trailing cells, unless the row before was placed
        // (its page prints one cell a column).
        if !self.widening && RawTable::on_spread_grid(&filled, spread, cells) {
            return None;
        }
        if !filled.iter().zip(cells).all(|(&p, cell)| fits_kind(held[p], cell)) {
            return None;
        }
        let mut wide = vec![""; self.width];
        for (&p, cell) in filled.iter().zip(cells) {
            wide[p] = cell;
        }
        Some(wide)
    }

    /// A row that spreads each column over `k` positions (two or three) on a page after rows of
    /// one cell a column (an extractor that splits merged cells on one page and not on the one
    /// before): its cells placed at the positions of those rows, the `k` positions of a column
    /// read as one. Only when it is certain: the row is half as wide again as the rows before or
    /// more, every printed cell stands at the first position of a column's `k` (one `k` and one
    /// offset fit, no other), and a row with figures prints three cells or more, each of the kind
    /// its column held (a row of words, the header printed again on the page, two or more).
    fn narrowed(&mut self, cells: &[&'t str]) -> Option<Vec<&'t str>> {
        let wide = cells.len() * 2 >= self.width * 3;
        if self.width < 3 || !wide && !self.spread_short(cells) {
            return None;
        }
        let figures = holds_figures(cells);
        // A row of words this wide before any figure is the table's own header.
        if !figures && !self.has_figures() {
            return None;
        }
        let printed: Vec<usize> = printed_at(cells).collect();
        let held = self.held();
        let chosen = self.narrowing_of(&held, cells, &printed, figures, wide);
        let width = self.width;
        let narrow = move |cells: &[&'t str], (k, offset): (usize, usize)| {
            let mut narrow = vec![""; width];
            for p in printed_at(cells) {
                match narrow.get_mut(p.checked_sub(offset)? / k) {
                    Some(cell) if p % k == offset => *cell = cells[p],
                    _ => return None,
                }
            }
            Some(narrow)
        };
        self.held = held;
        // The names alone the page printed before this row are spread as it is.
        if let Some(placement) = chosen
            && self.narrowing.is_none()
            && self.page_start
        {
            self.replace_page(|cells| narrow(&cells, placement).unwrap_or(cells));
        }
        self.narrowing = chosen;
        chosen.and_then(|placement| narrow(cells, placement))
    }

    /// How [`RawTable::narrowed`] reads a row (positions a column, offset): as the row before
    /// where that fits; else a row with figures, three or more, the one placement that puts
    /// each of them at its column's kind; a wide row of words, two or more, the one placement
    /// that fits; any other row of words (the header printed again, a name alone) only where one
    /// placement puts every word where the header above prints it or at a column of names.
    fn narrowing_of(
        &self,
        held: &[Option<Holds>],
        cells: &[&str],
        printed: &[usize],
        figures: bool,
        wide: bool,
    ) -> Option<(usize, usize)> {
        let same = |held: &Option<Holds>, cell: &str| !figures || fits_kind(*held, cell);
        let fits = |&(k, offset): &(usize, usize)| {
            printed
                .iter()
                .all(|&p| p % k == offset && (p - offset) / k < held.len() && same(&held[(p - offset) / k], cells[p]))
        };
        if let Some(before) = self.narrowing.filter(fits) {
            return Some(before);
        }
        let mut candidates = (2..=3).flat_map(|k| (0..k).map(move |offset| (k, offset))).filter(fits);
        let one = |it: &mut dyn Iterator<Item = (usize, usize)>| match (it.next(), it.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        };
        if figures {
            return if printed.len() < 3 { None } else { one(&mut candidates) };
        }
        let all: Vec<(usize, usize)> = candidates.collect();
        if wide && printed.len() >= 2 && all.len() == 1 {
            return Some(all[0]);
        }
        let at_names = |&(k, offset): &(usize, usize)| {
            printed.iter().all(|&p| held.get((p - offset) / k).is_some_and(|h| *h == Some(Holds::Words)))
        };
        let placed = |c: &(usize, usize)| self.repeats_header(cells, printed, c.0, c.1) || at_names(c);
        one(&mut all.into_iter().filter(placed))
    }

    /// Whether a row narrower than a spread one may be one all the same, its trailing empty
    /// cells dropped (an extractor that drops them), in a table whose own rows print one cell a
    /// column: after a row narrowed; or every printed cell at one remainder of two or of three
    /// positions, and either words alone, two or more (the header printed again), or cells
    /// that as printed put a name where figures stood or a figure where names stood (three or
    /// more with figures).
    fn spread_short(&mut self, cells: &[&str]) -> bool {
        // (A line of one cell stays one: a row printed without its cell breaks.)
        if self.narrowing.is_some() {
            return cells.len() > 1;
        }
        let mut printed = printed_at(cells);
        let Some(first) = printed.next() else { return false };
        let (mut count, mut by_two, mut by_three) = (1, true, true);
        for p in printed {
            count += 1;
            by_two &= p % 2 == first % 2;
            by_three &= p % 3 == first % 3;
        }
        let figures = holds_figures(cells);
        if cells.len() < 2 || !(by_two || by_three) || figures && count < 3 {
            return false;
        }
        let held = self.held();
        let compact = RawTable::positions(&held).1.is_none();
        let short = compact && if figures { cells.iter().zip(&held).any(|(c, &h)| clashes(h, c)) } else { count >= 2 };
        self.held = held;
        short
    }

    /// Whether every printed cell of a row of words, each column spread over `k` positions from
    /// `offset`, is the text its column holds in a row of words of the table already.
    fn repeats_header(&self, cells: &[&str], printed: &[usize], k: usize, offset: usize) -> bool {
        printed.iter().all(|&p| {
            let (column, word) = ((p - offset) / k, trim(cells[p]));
            self.rows().any(|(_, row)| row.get(column).is_some_and(|c| trim(c) == word) && !holds_figures(row))
        })
    }

    /// Pushes a row of the table's body at the positions it is read at: widened or narrowed to
    /// the table's spread, or as printed. `false` (the row kept apart, reported) for a row of
    /// one cell a column among spread rows that fits no placement.
    fn push_placed(&mut self, line: usize, cells: &[&'t str]) -> bool {
        let widened = self.widened(cells, false);
        self.widening = widened.is_some();
        if self.widening {
            self.narrowing = None;
        }
        match widened.or_else(|| self.narrowed(cells)) {
            Some(placed) => self.push_row(line, &placed),
            None if let Some(shifted) = self.shifted(cells) => self.push_row(line, &shifted),
            None if self.misfits(cells) => {
                let text = cells.iter().map(|c| trim(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
                self.unplaced.push((line, text));
                return false;
            }
            None => {
                self.narrowing = None;
                self.push_row(line, cells);
            }
        }
        true
    }

    /// A page break: how the rows before it were placed says nothing of the next page's.
    pub(super) fn page_break(&mut self) {
        (self.narrowing, self.widening, self.shift, self.page_start) = (None, false, None, true);
        self.page_first_row = self.len();
    }

    /// A row printed off the table's columns, as its cells are read: without its leading empty
    /// cells (`Shift::Left`) or after as many more (`Shift::Right`), one to three, for a page
    /// whose extractor found columns more, or fewer, at the left than the table's other pages.
    /// As the row before on its page where that fits; else, for the first row of a page, where
    /// as printed it puts a name where figures stood, a figure where names stood or a cell
    /// where nothing stood and,
    /// shifted, every cell fits its column's kind (three or more), or, a row of words, it
    /// repeats the header above shifted and not as printed (the header printed again on the
    /// page) or, clashing so, shifted its words stand at names. `None`: as printed.
    fn shifted(&mut self, cells: &[&'t str]) -> Option<Vec<&'t str>> {
        let apply = |shift: Shift| shift.apply(cells);
        // (A line of one cell stays one: a row printed without its cell breaks.)
        if cells.len() < 2 {
            return None;
        }
        if let Some(shift) = self.shift {
            let shifted = apply(shift);
            self.shift = shifted.as_ref().map(|_| shift);
            return shifted;
        }
        // A page's shift shows in its first row (the header printed again, or its first row
        // of figures); a row further down may have lost its own leading empty cells (an
        // extraction that trims each line): it is read right-aligned where that fits.
        if !self.page_start {
            return self.right_aligned(cells);
        }
        let held = self.held();
        let printed = |cells: &[&str]| printed_at(cells).collect::<Vec<_>>();
        let as_printed = printed(cells);
        let figures = holds_figures(cells);
        // (A cell where no row and no header printed anything is as far off.)
        let off = |p: usize| held.get(p).copied().flatten().is_none_or(|h| clashes(Some(h), cells[p]));
        let clashing = as_printed.iter().any(|&p| off(p));
        let fits = |shifted: &[&str]| {
            let at = printed(shifted);
            if figures {
                at.len() >= 3 && clashing && at.iter().all(|&p| held.get(p).is_some_and(|&h| fits_kind(h, shifted[p])))
            } else {
                let repeats = at.len() >= 2
                    && self.repeats_header(shifted, &at, 1, 0)
                    && !self.repeats_header(cells, &as_printed, 1, 0);
                let at_names = || at.len() >= 2 && at.iter().all(|&p| held.get(p) == Some(&Some(Holds::Words)));
                repeats || clashing && at_names()
            }
        };
        // The least shift that fits, empty cells dropped before any added (a side-by-side
        // table's rows fit a shift by a block's width too).
        let found = [Shift::Left(1), Shift::Left(2), Shift::Left(3), Shift::Right(1), Shift::Right(2), Shift::Right(3)]
            .into_iter()
            .filter(|_| self.held_figures)
            .find_map(|shift| apply(shift).filter(|shifted| fits(shifted)).map(|shifted| (shift, shifted)));
        self.held = held;
        self.shift = found.as_ref().map(|(shift, _)| *shift);
        // A name alone says nothing of its page (a side-by-side table's fits two shifts): the
        // page's next row is asked, and the names before it are read as it says.
        self.undecided = found.is_none() && !figures && as_printed.len() < 2;
        if let Some((shift, _)) = found {
            self.replace_page(|cells| shift.apply(&cells).unwrap_or(cells));
        }
        found.map(|(_, shifted)| shifted)
    }

    /// The rows of the page so far (names alone, which said nothing of it) read again as the
    /// page's next row says: `place` gives each its cells.
    fn replace_page(&mut self, place: impl Fn(Vec<&'t str>) -> Vec<&'t str>) {
        let first = self.page_first_row.min(self.len());
        let rows: Vec<(usize, Vec<&'t str>)> =
            (first..self.len()).map(|i| (self.row(i).0, self.row(i).1.to_vec())).collect();
        self.rows.truncate(first);
        self.cells.truncate(self.rows.last().map_or(0, |r| r.1));
        self.held_rows = self.held_rows.min(first);
        for (line, cells) in rows {
            self.cells.extend(place(cells));
            self.rows.push((line, self.cells.len()));
        }
    }

    /// A row with figures shorter than the table's rows, read after as many empty cells as it
    /// lacks (one to three): where, as printed, it puts a name where figures stood or a figure
    /// where names stood, and so every cell fits its column's kind
    /// (an extraction that trims each line drops a row's leading empty cells: `33\t\t宣传事务`
    /// for `\t33\t\t宣传事务`).
    fn right_aligned(&mut self, cells: &[&'t str]) -> Option<Vec<&'t str>> {
        let lacking = self.width.checked_sub(cells.len()).filter(|n| (1..=3).contains(n))?;
        if !holds_figures(cells) {
            return None;
        }
        let held = self.held();
        let printed = || printed_at(cells);
        let fits = if self.held_figures {
            printed().any(|p| clashes(held.get(p).copied().flatten(), cells[p]))
                && printed().all(|p| held.get(p + lacking).is_some_and(|&h| fits_kind(h, cells[p])))
        } else {
            // The table's first row with figures (its 合计, often): the header's words say
            // what each column holds.
            let off = |p: usize, cell: &str| {
                matches!(
                    (self.header_word(p), holds(cell)),
                    (Some(HeaderWord::Label), Some(Holds::Figure)) | (Some(HeaderWord::Amount), Some(Holds::Words))
                )
            };
            printed().any(|p| off(p, cells[p]))
                && printed().all(|p| p + lacking < self.width && !off(p + lacking, cells[p]))
        };
        self.held = held;
        // (A code and its name in one cell make a row short too: `joined_labels` reads it.)
        let joined = || cells.iter().any(|c| super::line::digits_and_name(trim(c)).is_some());
        (fits && printed().count() >= 2 && !joined())
            .then(|| std::iter::repeat_n("", lacking).chain(cells.iter().copied()).collect())
    }

    /// What the header's word over position `p` names (the lowest header row printing one
    /// there), before the table's first row with figures.
    fn header_word(&self, p: usize) -> Option<HeaderWord> {
        let word = self.rows().filter_map(|(_, row)| row.get(p).map(|c| trim(c)).filter(|c| !c.is_empty())).last()?;
        is_header_word(&word.split_whitespace().collect::<String>())
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether a row read so far holds a code or a figure (the header is behind).
    fn has_figures(&self) -> bool {
        self.rows().any(|(_, cells)| holds_figures(cells))
    }

    /// Whether `cells`, a row of words inside the table, is the header of another table whose
    /// title was not read: a label's header (项目, 科目名称 …) beside an amount's (预算数, 合计 …),
    /// and a word of it printed in no row of words of this table so far (a header printed again
    /// on a later page repeats its words, a column block's header among them). The rows from
    /// there on are not this table's.
    fn is_foreign_header(&self, cells: &[&str]) -> bool {
        // Asked of every row: most end in a figure, and the rest fail at their words, read
        // without a copy unless letter-spaced.
        let last = cells.iter().rev().map(|c| trim(c)).find(|c| !c.is_empty());
        if last.is_none_or(|c| c.starts_with(|c: char| c.is_ascii_digit() || c == '-')) {
            return false;
        }
        let word = |c: &str| {
            let t = trim(c);
            if t.contains(char::is_whitespace) {
                is_header_word(&t.split_whitespace().collect::<String>())
            } else {
                is_header_word(t)
            }
        };
        let label = cells.iter().any(|c| word(c) == Some(HeaderWord::Label));
        let amount = || cells.iter().any(|c| word(c) == Some(HeaderWord::Amount));
        // (A table's own header rows come before its first figures.)
        if !label || !amount() || holds_figures(cells) || !self.has_figures() {
            return false;
        }
        let words: Vec<String> =
            cells.iter().map(|c| c.split_whitespace().collect()).filter(|w: &String| !w.is_empty()).collect();
        let own: Vec<String> = self
            .rows()
            .filter(|(_, c)| !holds_figures(c))
            .flat_map(|(_, c)| c.iter().map(|c| c.split_whitespace().collect::<String>()))
            .collect();
        words.iter().any(|w| !own.contains(w))
    }

    /// Its rows of words after its last row with figures, taken off it (a group row over a
    /// header that turns out to be another table's), in order.
    fn take_trailing_words(&mut self) -> Vec<(usize, Vec<&'t str>)> {
        let mut taken = Vec::new();
        while let Some(last) = self.len().checked_sub(1) {
            let (line, cells) = self.row(last);
            if holds_figures(cells) {
                break;
            }
            taken.push((line, cells.to_vec()));
            self.rows.pop();
            self.cells.truncate(self.rows.last().map_or(0, |r| r.1));
        }
        // Rows of words hold no figure: what `held` read of the rows before stands.
        self.held_rows = self.held_rows.min(self.len());
        taken.reverse();
        taken
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

/// A title read, waiting for its table's first row.
struct Pending {
    kind: TableKind,
    line: usize,
    title: String,
    number: Option<u8>,
    unit: Option<Unit>,
    /// Prose lines since the title (page furniture aside): a title is followed by its unit,
    /// number and department lines, at most a subtitle or two; a title in a table of contents
    /// is followed by paragraphs, and must not name a table that comes pages later.
    prose: usize,
}

/// Rows outside the disclosure tables, reported once: a titled table outside the set (绩效目标表
/// …), or rows that have neither a title nor figures.
struct OtherRows {
    title: String,
    line: usize,
    rows: usize,
    titled: bool,
    /// Prose lines since its title, before any row (a subtitle such as “（2022年度）”).
    prose: usize,
}

/// Where the scanner stands.
enum State {
    /// Between tables: prose, contents, furniture.
    Outside,
    /// After a title, before its table's first row.
    Titled(Pending),
    /// Inside the rows of the last raw table.
    InTable,
    /// Inside the rows of a table outside the set.
    Other(OtherRows),
}

/// What one line is, read on its own.
enum Line<'t, 'l> {
    /// Blank, a page mark, or the `#####` line between joined documents.
    Layout { separator: bool },
    /// A title of the set, on its own line or as the first cell of an otherwise blank row.
    Title(Pending),
    /// A title of a table outside the set.
    OtherTitle(String),
    /// A line of one cell: prose, furniture, a number line (overstruck text read once).
    Text(Cow<'t, str>),
    /// A row of cells.
    Row(&'l [&'t str]),
}

/// The scanner: its state, what it has assembled, and what it remembers between lines.
pub(super) struct Scanner<'t> {
    state: State,
    pub(super) tables: Vec<RawTable<'t>>,
    pub(super) issues: Vec<ImportIssue>,
    pub(super) counts: LineCounts,
    /// The lines of prose, for the narrative.
    pub(super) prose: super::Prose,
    /// The rows outside the disclosure tables, for the narrative (a 报表目录 that says which
    /// tables are empty, and why).
    pub(super) other_rows: super::Prose,
    /// The lines of the page marks, in order.
    pub(super) pages: Vec<usize>,
    /// A number printed on its own line above a title (`表5`, `公开表2`) and its line.
    number_above: Option<(u8, usize)>,
    /// Whether the last table opened may go on under a repeated title: a layout that prints
    /// the title (and its number) again on every page continues one table.
    continuable: bool,
    /// The last line if it was a line of prose: half of a title printed over two lines.
    previous_prose: Option<(usize, &'t str, bool)>,
    /// The run of rows with figures outside any table: first line, last line, rows.
    outside: Option<(usize, usize, usize)>,
    /// Prose lines that read as a table row with spaces for its cell breaks (a name, then
    /// figures): how many, and the first one's line.
    spaced_rows: Option<(usize, usize)>,
    /// The last line that was not layout.
    last_content: usize,
    /// The number of the first line.
    first_line: usize,
    /// Which lines are running heads or feet ([`super::pages::furniture`]).
    pub(super) furniture: Vec<bool>,
}

impl<'t> Scanner<'t> {
    /// A scanner for `total` lines, the first numbered `first_line`.
    pub(super) fn new(total: usize, first_line: usize) -> Scanner<'t> {
        Scanner {
            state: State::Outside,
            tables: Vec::new(),
            issues: Vec::new(),
            counts: LineCounts { total, ..LineCounts::default() },
            prose: super::Prose::default(),
            other_rows: super::Prose::default(),
            pages: Vec::new(),
            number_above: None,
            continuable: false,
            previous_prose: None,
            outside: None,
            spaced_rows: None,
            last_content: 0,
            first_line,
            furniture: Vec::new(),
        }
    }

    /// Scans every line of a text.
    pub(super) fn scan(mut self, text: &Lines<'t>) -> Scanner<'t> {
        let lines = &text.lines;
        self.furniture = super::pages::furniture(text);
        // A line's cells, reused from line to line; a table row copies them out at its size.
        let mut cells: Vec<&'t str> = Vec::new();
        // The prose is at most the text: one buffer, grown once.
        self.prose.reserve(lines.iter().map(|l| l.len()).sum());
        for (i, &line) in lines.iter().enumerate() {
            cells.clear();
            let n = self.first_line + i;
            let read = self.read_line(n, line, text.tabs(i), &mut cells);
            self.step(n, line, read);
        }
        self.close_other();
        self.flush_outside();
        // A text whose tables were extracted with spaces, not tabs, between cells (`201 一般公共
        // 服务支出 100.00 110.00` as prose): their figures are not read, and the import says so
        // rather than let the text pass for one without tables.
        if let Some((rows, first_line)) = self.spaced_rows
            && rows >= SPACED_ROWS
            && self.tables.iter().all(|t| t.rows().next().is_none())
        {
            self.issues.push(ImportIssue::new(first_line, None, ImportIssueKind::SpacedRows { rows, first_line }));
        }
        self
    }

    /// Phase 1 for one line: what it is, on its own (and, for a title over two lines, with the
    /// line before).
    fn read_line<'l>(&mut self, n: usize, line: &'t str, tabs: &[usize], cells: &'l mut Vec<&'t str>) -> Line<'t, 'l> {
        if is_layout(line) {
            if is_page_mark(line) {
                self.pages.push(n);
                if let Some(t) = self.tables.last_mut() {
                    t.page_break();
                }
            }
            return Line::Layout { separator: line.trim_start().starts_with("#####") };
        }
        split_cells(line, tabs, cells);
        // An overstruck line (title, unit) is read as printed once, a letter-spaced one without
        // its spaces.
        let collapsed = if cells.len() == 1 {
            collapse_overstrike(cells[0]).or_else(|| collapse_letter_spacing(cells[0]))
        } else {
            None
        };
        let text: Cow<'t, str> = match collapsed {
            Some(c) => Cow::Owned(c),
            None => Cow::Borrowed(cells[0]),
        };
        // A row whose one filled cell stands after blank ones (an extractor that adds an empty
        // first column to every row) is read by that cell, as a title would be on its own.
        let lone = match cells.iter().position(|c| !c.is_empty()) {
            Some(at) if at > 0 && cells[at + 1..].iter().all(|c| c.is_empty()) => Some(cells[at]),
            _ => None,
        };
        let first = lone.unwrap_or_else(|| trim(&text));
        // No title is longer than 240 bytes, and every one holds 表: asked once a line.
        let biao = first.len() <= 240 && contains_biao(first);
        let previous = self.previous_prose.take();
        if cells.len() == 1 && matches!(text, Cow::Borrowed(_)) {
            // Whether this line may start a title printed over two lines (it has no 表 of its own).
            self.previous_prose = Some((n, line, first.len() <= 240 && !biao));
        }
        // A title: on its own line, or as the first cell of a row (Jiangsu prints
        // "收支预算总表公开表一部门：… 单位：万元" as a row); printed over two lines, the line
        // before (without 表 of its own) completes it. A row with anything past its first cell
        // (cells are trimmed) is no title, but for a unit printed in a cell of its own
        // (`单位：元`); asked only of a line with 表, so most table rows stop at `biao`.
        let unit_statement = |c: &str| states_unit_or_department(c) && Unit::from_text(c).is_some();
        let rest_blank = || lone.is_some() || cells[1..].iter().all(|c| c.is_empty() || unit_statement(c));
        let mut title = (biao && rest_blank())
            .then(|| TableKind::from_title(first))
            .flatten()
            .map(|kind| (kind, n, first.to_string()));
        // A line before that breaks off mid-phrase (“…“三公”经费及”) is the title's start even
        // when the rest reads as a title of its own; so is a short line before that ends in no
        // mark of a sentence or a statement, when the two read as a title of another kind (a
        // long title wrapped anywhere: `…部门综合预算一` over `般公共预算支出明细表` is no 支出总表;
        // `2026年部门预算` over `部门支出总表` leaves the title as printed).
        let unfinished = |b: &str| b.ends_with(['、', '及', '和', '与', '（', '(']);
        let title_start = |b: &str| {
            b.chars().count() <= 40 && !b.ends_with(['。', '；', ';', '，', ',', '：', ':']) && !b.contains(['：', ':'])
        };
        let before = previous.filter(|&(at, _, starts)| at + 1 == n && starts && cells.len() == 1 && biao);
        if let Some((at, before, _)) = before {
            let cut_off = unfinished(before.trim_end());
            if title.is_none() || cut_off || title_start(trim(before)) {
                let joined = format!("{}{first}", trim(before));
                let alone = title.as_ref().map(|(kind, ..)| *kind);
                let read = TableKind::from_title(&joined).filter(|&kind| cut_off || alone != Some(kind));
                title = read.map(|kind| (kind, at, joined)).or(title);
            }
        }
        if let Some((kind, at, title)) = title {
            let whole: &str = if cells.len() == 1 { &text } else { line };
            let above = self.number_above.take().filter(|&(_, line)| n - line <= 3).map(|(number, _)| number);
            let (number, unit) = (table_number(whole).or(above), Unit::from_text(whole));
            return Line::Title(Pending { kind, line: at, title, number, unit, prose: 0 });
        }
        // A line read without its letter spacing is asked as read too (`公 开 01 表` is furniture).
        let other = match text {
            Cow::Owned(_) => {
                !is_page_furniture(without_unit_statement(first))
                    && (looks_like_other_title(cells) || looks_like_other_title(&[first]))
            }
            Cow::Borrowed(_) => match lone {
                Some(lone) => looks_like_other_title(&[lone]),
                None => looks_like_other_title(cells),
            },
        };
        // A table's number printed below its title (`…收支预算总表` over `单位预算01表`) is the
        // title's number, not another table's title.
        let number_below = matches!(self.state, State::Titled(_))
            && first.chars().count() <= NUMBER_LINE_CHARS
            && table_number(first).is_some();
        if other && !number_below {
            return Line::OtherTitle(normalize_name(without_unit_statement(first)));
        }
        if cells.len() == 1 { Line::Text(text) } else { Line::Row(cells) }
    }

    /// The transition function: one line read, in the current state.
    fn step(&mut self, n: usize, raw: &'t str, line: Line<'t, '_>) {
        match line {
            Line::Layout { separator } => {
                self.counts.layout += 1;
                // Joined documents: the second one's tables are its own.
                self.continuable &= !separator;
            }
            Line::Title(pending) => {
                self.counts.prose += 1;
                self.close_other();
                self.last_content = n;
                self.state = State::Titled(pending);
            }
            Line::OtherTitle(title) => {
                self.counts.prose += 1;
                self.close_other();
                self.last_content = n;
                self.continuable = false;
                self.state = State::Other(OtherRows { title, line: n, rows: 0, titled: true, prose: 0 });
            }
            Line::Text(text) => {
                let previous = std::mem::replace(&mut self.last_content, n);
                // A lone code inside a table is a row cut short (its figures lost), and a row
                // printed without its cell boundaries is a row too: not prose.
                let first = trim(&text);
                // A row printed with spaces for its cell breaks, on a page of one cell a column.
                let spaced = (matches!(self.state, State::InTable) && first.starts_with(|c: char| c.is_ascii_digit()))
                    .then(|| raw.split_whitespace().collect::<Vec<&'t str>>())
                    .filter(|spaced| self.tables.last_mut().is_some_and(|t| t.widened(spaced, true).is_some()));
                if let Some(spaced) = spaced {
                    self.on_row(n, raw, &spaced, previous);
                } else if matches!(self.state, State::InTable)
                    && (matches!(classify(first), Cell::Code(_))
                        || is_flattened_row(first)
                            && (!is_numbered_flattened_row(first)
                                || self.tables.last().is_some_and(RawTable::has_figures)))
                {
                    self.on_row(n, raw, &[raw], previous);
                } else {
                    let furniture = self.furniture.get(n - self.first_line).copied().unwrap_or(false);
                    if furniture {
                        // A running head breaks no run of rows, as a page mark does not.
                        self.last_content = previous;
                    }
                    self.on_text(n, first, furniture);
                }
            }
            Line::Row(cells) => {
                let previous = std::mem::replace(&mut self.last_content, n);
                self.on_row(n, raw, cells, previous);
            }
        }
    }

    /// A line of text: prose ends a table, page furniture (unit, department, 续表, page
    /// numbers, a page's running head or foot) does not; a title's subtitle and number lines are read
    /// into it.
    fn on_text(&mut self, n: usize, text: &str, page_furniture: bool) {
        self.counts.prose += 1;
        if is_spaced_row(text) {
            self.spaced_rows.get_or_insert((0, n)).0 += 1;
        }
        let furniture = page_furniture || !matches!(self.state, State::Outside) && is_page_furniture(text);
        if !furniture {
            self.prose.push(n, text);
        }
        match &mut self.state {
            State::Titled(pending) => {
                pending.number = pending.number.or_else(|| table_number(text));
                pending.unit = pending.unit.or_else(|| Unit::from_text(text));
                if !furniture {
                    pending.prose += 1;
                    if pending.prose > MAX_PROSE_AFTER_TITLE {
                        self.state = State::Outside;
                    }
                }
                return;
            }
            // A title outside the set may have a subtitle or two (“（2022年度）”) before its rows,
            // and its furniture (unit, department, a year or brackets split off) counts as none.
            State::Other(o) if o.titled && o.rows == 0 && (furniture || o.prose < MAX_PROSE_AFTER_TITLE) => {
                o.prose += usize::from(!furniture)
            }
            State::Other(_) | State::InTable if !furniture => {
                self.close_other();
                self.state = State::Outside;
            }
            _ => {}
        }
        // A number line above the next title (`表5`, `公开表2`, printed as furniture too).
        if text.len() <= 48
            && contains_biao(text)
            && text.chars().count() <= NUMBER_LINE_CHARS
            && let Some(number) = table_number(text)
        {
            self.number_above = Some((number, n));
        }
    }

    /// A row of cells: a row of a table outside the set, the first row of a titled table (or
    /// the next page of the last one), a row of the current table, or a row outside any table.
    fn on_row(&mut self, n: usize, line: &'t str, cells: &[&'t str], previous_content: usize) {
        // Rows of a table outside the set; without a title, only while they hold no figures.
        if let State::Other(o) = &mut self.state
            && (o.titled || !holds_figures(cells))
        {
            o.rows += 1;
            self.counts.other_table_rows += 1;
            self.other_rows.push_row(n, line);
            return;
        }
        self.number_above = None;
        if let State::Titled(_) = self.state {
            let State::Titled(pending) = std::mem::replace(&mut self.state, State::InTable) else {
                unreachable!("matched above")
            };
            self.open(pending);
        }
        // Another table's header (its title not read): this table ends here, and so do the
        // rows of words just above it (its group row); they are read as rows outside it.
        if matches!(self.state, State::InTable)
            && let Some(t) = self.tables.last_mut().filter(|t| t.is_foreign_header(cells))
        {
            let above = t.take_trailing_words();
            self.state = State::Outside;
            self.continuable = false;
            for (line, cells) in above {
                // (Its first cell stands for the line: the row holds words only.)
                let first = cells.iter().copied().find(|c| !c.is_empty()).unwrap_or("");
                self.on_row(line, first, &cells, line.saturating_sub(1));
            }
        }
        match (&self.state, self.tables.last_mut()) {
            (State::InTable, Some(t)) => {
                // "部门：|某单位|||单位：万元" rows before the header, and printed again on each
                // page of a table that runs over pages: furniture, not a row.
                let statement = contains_colon(line)
                    && states_unit_or_department(line)
                    && (t.rows.is_empty() || !holds_figures(cells));
                if statement {
                    t.unit = t.unit.or_else(|| Unit::from_text(line));
                    // A header row may end in the unit (`收入 | | 支出 | … | 单位：万元`): a row
                    // that starts with words, two cells of them or more, is the header's, kept
                    // without the unit (`编制单位：某中心` starts a row of furniture, its name run
                    // on over cells).
                    let words = cells.iter().filter(|c| !c.is_empty() && !contains_colon(c)).count();
                    let starts_with_statement = cells.iter().find(|c| !c.is_empty()).is_some_and(|c| contains_colon(c));
                    if words <= 1 || starts_with_statement {
                        self.counts.prose += 1;
                        return;
                    }
                    let header: Vec<&'t str> = cells.iter().map(|&c| if contains_colon(c) { "" } else { c }).collect();
                    t.push_row(n, &header[..header.len().min(MAX_CELLS)]);
                    return;
                }
                if cells.len() > MAX_CELLS {
                    let kind = ImportIssueKind::TooManyCells { cells: cells.len(), read: MAX_CELLS };
                    self.issues.push(ImportIssue::new(n, None, kind));
                }
                if !t.push_placed(n, &cells[..cells.len().min(MAX_CELLS)]) {
                    self.counts.rejected_rows += 1;
                }
            }
            // Outside any table: rows with a code or a figure are reported once per run; rows
            // with neither (the list of the department's units, with its 序号) start a block
            // reported once as a table outside the set.
            _ if holds_figures(cells) => {
                self.counts.prose += 1;
                match self.outside.as_mut() {
                    Some((_, last, rows)) if *last == previous_content => {
                        *last = n;
                        *rows += 1;
                    }
                    _ => {
                        self.flush_outside();
                        self.outside = Some((n, n, 1));
                    }
                }
            }
            _ => {
                self.counts.other_table_rows += 1;
                self.other_rows.push_row(n, line);
                let title = cells.iter().map(|c| trim(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
                self.state = State::Other(OtherRows { title, line: n, rows: 1, titled: false, prose: 0 });
            }
        }
    }

    /// Opens the table a title names, or goes on with the last one when the title is the same
    /// table's, printed again on the next page.
    fn open(&mut self, pending: Pending) {
        let repeated = self.continuable
            && self.tables.last().is_some_and(|t| {
                t.kind == pending.kind
                    && same_title(&t.title, &pending.title)
                    && (pending.number.is_none() || t.number.is_none() || t.number == pending.number)
            });
        if !repeated {
            self.tables.push(RawTable::new(pending));
            self.continuable = true;
        }
    }

    /// Reports the block of rows outside the set, if any, once.
    fn close_other(&mut self) {
        if let State::Other(o) = &mut self.state {
            let o = std::mem::replace(o, OtherRows { title: String::new(), line: 0, rows: 0, titled: false, prose: 0 });
            self.state = State::Outside;
            if o.rows > 0 {
                let kind = if o.titled {
                    ImportIssueKind::OtherTable { title: o.title, rows: o.rows }
                } else {
                    ImportIssueKind::UntitledRows { rows: o.rows, first: o.title }
                };
                self.issues.push(ImportIssue::new(o.line, None, kind));
            }
        }
    }

    fn flush_outside(&mut self) {
        if let Some((first, last_line, rows)) = self.outside.take() {
            self.issues.push(ImportIssue::new(first, None, ImportIssueKind::RowsOutsideTables { rows, last_line }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table the scanner assembled: kind, number, rows.
    type Assembled = (TableKind, Option<u8>, usize);

    /// Each table the scanner assembles, and the kinds of its issues.
    fn scan(text: &str) -> (Vec<Assembled>, Vec<String>) {
        let lines = Lines::new(text);
        let s = Scanner::new(lines.lines.len(), 1).scan(&lines);
        let l = s.counts;
        let counted = l.layout + l.prose + l.other_table_rows + s.tables.iter().map(RawTable::len).sum::<usize>();
        assert_eq!(counted, lines.lines.len(), "every line counted: {text}");
        let issues =
            s.issues.iter().map(|i| format!("{:?}", i.kind).split([' ', '{']).next().unwrap_or("").to_string());
        (s.tables.iter().map(|t| (t.kind, t.number, t.len())).collect(), issues.collect())
    }

    const HEADER: &str = "科目编码\t科目名称\t合计";

    #[test]
    fn the_scanner_assembles_tables_across_pages() {
        use TableKind::*;
        let cases: &[(&str, String, &[Assembled], &[&str])] = &[
            (
                "a title printed again on the next page continues its table",
                format!(
                    "表2\n收入总表\n{HEADER}\n201\t一般公共服务支出\t1.00\n=== 第2页 ===\n表2\n收入总表\n{HEADER}\n205\t教育支出\t2.00\n"
                ),
                &[(Income, Some(2), 4)],
                &[],
            ),
            (
                "joined documents keep their own tables",
                format!(
                    "收入总表\n{HEADER}\n201\t一般公共服务支出\t1.00\n##### 附 #####\n收入总表\n{HEADER}\n205\t教育支出\t2.00\n"
                ),
                &[(Income, None, 2), (Income, None, 2)],
                &[],
            ),
            (
                "a contents title followed by paragraphs names no later table",
                "目录\n一、收入总表\n第一部分 说明\n一、主要职能\n负责有关工作。\n序号\t单位\n1\t某中心\n".to_string(),
                &[],
                &["UntitledRows"],
            ),
            (
                "a title over two lines",
                format!(
                    "2022年部门综合预算政府采购（资产配置、购买服务）\n预算表（不含上年结转）\n{HEADER}\n201\t一般公共服务支出\t1.00\n"
                ),
                &[(Procurement, None, 2)],
                &[],
            ),
            (
                "a title wrapped where its second half reads as another title",
                format!(
                    "表5\n一般公共预算财政拨款\n基本支出决算表\n{HEADER}\n301\t工资福利支出\t1.00\n=== 第2页 ===\n表5\n2021年部门综合预算一\n般公共预算支出明细表\n{HEADER}\n205\t教育支出\t2.00\n"
                ),
                &[(GeneralBasic, Some(5), 2), (GeneralExpenditure, Some(5), 2)],
                &[],
            ),
            (
                "page furniture and a row without cell boundaries stay in the table",
                format!(
                    "公开表3\n支出总表\n单位：万元\n{HEADER}\n2060203 15,500.00 15,500.00\n— 9 —\n第7页，共45页\n205\t教育支出\t2.00\n"
                ),
                &[(Expenditure, Some(3), 3)],
                &[],
            ),
            (
                "prose ends a table; figures after it are reported once",
                format!(
                    "收入总表\n{HEADER}\n201\t一般公共服务支出\t1.00\n二、其他说明\n201\t一般公共服务支出\t1.00\n205\t教育支出\t2.00\n"
                ),
                &[(Income, None, 2)],
                &["RowsOutsideTables"],
            ),
            (
                "a table outside the set, with its subtitle, is passed over whole",
                "项目支出绩效自评表\n（2022年度）\n项目名称\t某项目\n资金\t10.00\n".to_string(),
                &[],
                &["OtherTable"],
            ),
            (
                "a 绩效 title whose qualifier lost its brackets, with its furniture over three lines",
                "年市级一般性项目绩效目标表 一级项目\n( )\n2026\n资金主管部门 某委 单位 万元\n: :\n序号\t项目名称\t金额\n1\t某项目\t8,071.45\n"
                    .to_string(),
                &[],
                &["OtherTable"],
            ),
        ];
        for (what, text, tables, issues) in cases {
            let (got_tables, got_issues) = scan(text);
            assert_eq!(got_tables, *tables, "{what}");
            assert_eq!(got_issues, *issues, "{what}");
        }
    }
}
