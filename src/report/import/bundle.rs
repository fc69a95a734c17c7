//! Several reports printed one after another with no `#####` between them (a department's
//! budget followed by each of its units', each with its cover, its 说明 and its tables 1–9):
//! where the next one starts.
//!
//! A report starts again where the table kind that opened the text is titled again as a new
//! table (not the next page of the last one) after tables with rows and after a cover (with no
//! table of another kind titled between: the tables went on past it): a page whose first line
//! names a 预算 or 决算 without a 表, or a 目录, or a short page with such a line below names. The next report's text starts at
//! that cover's page mark, so that its 说明 goes with its own tables, and only when table rows
//! follow. Without a cover between, the text is one report: a table kind printed twice is no
//! new report on its own.

use super::line::{collapse_letter_spacing, collapse_overstrike, is_layout, is_page_mark};
use super::title::TableKind;
use crate::text::{contains_biao, numbering_len, trim};

/// How many text lines at a page's top may make it a cover.
const COVER_LINES: usize = 3;

/// The longest line of a name above a cover line, in characters.
const NAME_CHARS: usize = 24;

/// How many tables with rows a report prints before the next one may start.
const MIN_TABLES: usize = 2;

/// The longest cover line, in characters (a unit's name and the report's).
const COVER_CHARS: usize = 40;

/// The marks of a clause: a line holding one is prose, not a name.
const CLAUSE_MARKS: [char; 7] = ['，', '。', '；', '：', ',', ';', ':'];

/// A page with no more text lines than this is a cover page: a cover line may stand below
/// other lines on it (`长春市信访局（本级）` over `2026年度部门预算公开`).
const COVER_PAGE_LINES: usize = 8;

/// A cover line this short may stand below names on any page (`中共重庆市委宣传部` over
/// `2026 年部门预算情况说明`, the 说明 following on the page).
const SHORT_COVER_CHARS: usize = 20;

/// What the scan of one document has seen so far.
#[derive(Default)]
struct Seen {
    /// The kind of the first table titled, and of the last.
    first: Option<TableKind>,
    last: Option<TableKind>,
    /// Whether a table of another kind than the first was titled since the first, and how many
    /// titles were followed by rows (a 目录 lists every kind before any row).
    other_kind: bool,
    titles_with_rows: usize,
    /// Whether the last title has had a row yet.
    titled_rows: bool,
    /// The first cover page since the last table titled: its page mark's byte offset and line.
    cover: Option<(usize, usize)>,
    /// The page being read: its mark, its text lines so far, whether they are all names, and
    /// a cover line below its first line (a cover once the page proves short).
    page: Option<(usize, usize)>,
    page_lines: usize,
    page_names_only: bool,
    page_cover: Option<(usize, usize)>,
    /// Whether the page being read has table rows, and the page before it when it was short and
    /// had none (a cover above a 目录 page).
    page_rows: bool,
    short_page_before: Option<(usize, usize)>,
}

impl Seen {
    /// A new report's state, from its first title on the page being read.
    fn restarted(&self, kind: TableKind) -> Seen {
        Seen { first: Some(kind), last: Some(kind), page: self.page, page_lines: self.page_lines, ..Seen::default() }
    }

    fn on_page_mark(&mut self, mark: (usize, usize)) {
        self.close_page();
        let short = self.page_lines <= COVER_PAGE_LINES && !self.page_rows;
        self.short_page_before = self.page.filter(|_| short);
        (self.page, self.page_lines, self.page_names_only, self.page_rows) = (Some(mark), 0, true, false);
    }

    /// A short page's cover line below its first line makes it a cover.
    fn close_page(&mut self) {
        if self.page_lines <= COVER_PAGE_LINES {
            self.cover = self.cover.or(self.page_cover.take());
        }
        self.page_cover = None;
    }

    fn on_row(&mut self) {
        self.page_rows = true;
        if self.last.is_some() && !self.titled_rows {
            self.titles_with_rows += 1;
            self.titled_rows = true;
        }
    }

    /// A line of text at the top of a page may be a cover's: as its first line, or below nothing
    /// but names (a line of prose that wraps at the page's edge may end in 预算 too).
    fn on_text(&mut self, text: &str) {
        let Some(page) = self.page else { return };
        self.page_lines += 1;
        if self.page_lines > COVER_LINES || !self.page_names_only {
            return;
        }
        if self.cover.is_none() && self.titles_with_rows >= MIN_TABLES && is_toc(text) && self.page_lines == 1 {
            // A 目录 opens the report, or the short page before it does (its cover, in words
            // the cover lines do not tell: `附件2`, `2019年部门综合预算公开报表`).
            self.cover = self.short_page_before.or(Some(page));
        } else if self.cover.is_none() && self.titles_with_rows >= MIN_TABLES && is_cover_line(text) {
            // (A short line is the report's name, not a line of prose cut at the page's width.)
            if self.page_lines == 1 || text.chars().count() <= SHORT_COVER_CHARS {
                self.cover = Some(page);
            } else {
                self.page_cover = self.page_cover.or(Some(page));
            }
        }
        self.page_names_only &= is_name_line(text);
    }

    /// A table titled: where a new report starts, if it starts one.
    fn on_title(&mut self, kind: TableKind) -> Option<(usize, usize)> {
        let restart = self.first == Some(kind)
            && self.last != Some(kind)
            && self.other_kind
            && self.titles_with_rows >= MIN_TABLES;
        // (A cover line on the page being read counts while the page is still short.)
        let cover = self.cover.or(self.page_cover.filter(|_| self.page_lines <= COVER_PAGE_LINES));
        if let (true, Some(cover)) = (restart, cover) {
            *self = self.restarted(kind);
            return Some(cover);
        }
        if self.first.is_none() {
            self.first = Some(kind);
        } else if self.first != Some(kind) {
            // The tables go on: what looked like a cover was a page of this report's.
            self.other_kind = true;
            (self.cover, self.page_cover) = (None, None);
        }
        self.last = Some(kind);
        self.titled_rows = false;
        None
    }
}

/// A line at a page's top that makes it a cover: the report's name (预算 or 决算, no 表, no
/// heading's numbering: `第三部分 2026年部门预算情况说明` is a part of one; no
/// sentence: `2026年“三公”经费预算数为67.59万元，…` is prose).
fn is_cover_line(text: &str) -> bool {
    let words: String = text.split_whitespace().collect();
    let heading = is_heading(&words);
    // A name, not a sentence (nor a sentence's line cut at the page's edge): short, with no mark
    // of a clause, ending as a report's name ends.
    let name = words.chars().count() <= COVER_CHARS
        && !words.contains(CLAUSE_MARKS)
        && !words.contains('《')
        && ["预算", "决算", "说明", "公开", "信息", "报告"].iter().any(|end| words.ends_with(end));
    name && (words.contains("预算") || words.contains("决算")) && !contains_biao(&words) && !heading
}

/// A heading of an outline (`一、`, `(一)`, `第三部分`): a part of a report, not its name.
fn is_heading(words: &str) -> bool {
    numbering_len(words) > 0
        || words.starts_with(['(', '（'])
        || words.starts_with('第') && words.chars().take(6).any(|c| matches!(c, '部' | '章' | '篇'))
}

/// A 目录's heading (`目 录`).
fn is_toc(text: &str) -> bool {
    text.split_whitespace().eq(["目录"]) || text.split_whitespace().eq(["目", "录"])
}

/// A short line of a name (the unit's, `长春市信访局（本级）`): no clause, no heading's numbering.
fn is_name_line(text: &str) -> bool {
    text.chars().count() <= NAME_CHARS && !text.contains(CLAUSE_MARKS) && !is_heading(text)
}

/// The kind of the table a line titles, read as the scanner reads a title (overstruck or
/// letter-spaced titles collapsed).
fn title_kind(text: &str) -> Option<TableKind> {
    if text.len() > 240 || !contains_biao(text) {
        return None;
    }
    let collapsed = collapse_overstrike(text).or_else(|| collapse_letter_spacing(text));
    TableKind::from_title(collapsed.as_deref().unwrap_or(text))
}

/// One line of a text as the split reads it.
enum Printed<'t> {
    PageMark,
    /// Blank, or the `#####` between documents.
    Layout,
    Row(&'t str),
    Text(&'t str),
}

/// Each line of `text` with its byte offset and 1-based line (counted from `first_line`).
fn walk(text: &str, first_line: usize) -> impl Iterator<Item = ((usize, usize), Printed<'_>)> {
    let mut offset = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, printed)| {
        let here = (offset, first_line + i);
        offset += printed.len();
        let kind = if is_page_mark(printed) {
            Printed::PageMark
        } else if is_layout(printed) {
            Printed::Layout
        } else if printed.contains('\t') {
            Printed::Row(trim(printed))
        } else {
            Printed::Text(trim(printed))
        };
        (here, kind)
    })
}

/// The byte offsets and 1-based lines (counted from `first_line`) where each report after the
/// first starts in `text`.
pub(super) fn report_starts(text: &str, first_line: usize) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    // A start found, kept once a table row follows it (the next report prints tables of its own).
    let mut pending: Option<(usize, usize)> = None;
    let mut seen = Seen::default();
    for (here, printed) in walk(text, first_line) {
        match printed {
            Printed::PageMark => seen.on_page_mark(here),
            Printed::Layout => {}
            Printed::Row(_) => {
                seen.on_row();
                starts.extend(pending.take());
            }
            Printed::Text(text) => {
                seen.on_text(text);
                if let Some(start) = title_kind(text).and_then(|kind| seen.on_title(kind)) {
                    pending = Some(start);
                }
            }
        }
    }
    // A text of 说明 without tables of the set (a row or two of its own aside).
    if starts.is_empty() && seen.titles_with_rows < MIN_TABLES {
        return narrative_starts(text, first_line);
    }
    starts
}

/// Text lines of prose a 说明 prints before another one may start.
const MIN_NARRATIVE_LINES: usize = 40;

/// [`report_starts`] for a text of 说明 without tables of the set (Beijing publishes its
/// tables apart):
/// another one starts at a page whose top lines are a cover's (the report's name, names above
/// it) and then its 目录, after the prose of the one before.
fn narrative_starts(text: &str, first_line: usize) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    // The page's mark, its top lines read, whether they are a cover's so far and name it.
    let (mut page, mut top, mut names_only, mut cover) = (None, 0, true, false);
    // Text lines since the text's start or its last 目录.
    let mut since_toc = 0;
    for (here, printed) in walk(text, first_line) {
        let text = match printed {
            Printed::PageMark => {
                (page, top, names_only, cover) = (Some(here), 0, true, false);
                continue;
            }
            Printed::Layout => continue,
            // (A row of the 说明's own is a line of its page.)
            Printed::Row(text) | Printed::Text(text) => text,
        };
        since_toc += 1;
        top += 1;
        if top > COVER_LINES || !names_only {
            continue;
        }
        if is_toc(text) {
            if let Some(page) = page.filter(|_| cover && since_toc >= MIN_NARRATIVE_LINES) {
                starts.push(page);
            }
            since_toc = 0;
        }
        cover |= is_cover_line(text);
        names_only &= is_name_line(text) || cover;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "=== 第1页 ===\n某单位2026年部门预算\n=== 第2页 ===\n目 录\n1.收支总表\n2.收入总表\n=== 第3页 ===\n说明\n\
                          === 第4页 ===\n收支总表\n项目\t预算数\n合计\t1.00\n=== 第5页 ===\n收入总表\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1.00\n";

    #[test]
    fn a_narrative_printed_after_another_starts_at_its_cover() {
        let prose = "本部门2026年预算情况如下。\n".repeat(45);
        let one = format!(
            "=== 第1页 ===\n某局 2026 年度\n部门预算信息公开\n目 录\n第一部分 情况说明\n=== 第2页 ===\n{prose}"
        );
        let two = format!("{one}{one}");
        let starts = report_starts(&two, 1);
        assert_eq!(starts.iter().map(|&(_, line)| line).collect::<Vec<_>>(), [one.lines().count() + 1]);
        assert_eq!(&two[starts[0].0..], one);
        assert!(report_starts(&one, 1).is_empty());
        // A 目录 of its own inside one 说明 (its appendix's): no cover above it, one report.
        let appendix = format!("{one}=== 第3页 ===\n目 录\n附表一\n");
        assert!(report_starts(&appendix, 1).is_empty());
    }

    #[test]
    fn a_report_printed_after_another_starts_at_its_cover() {
        let two = format!("{REPORT}{REPORT}");
        let starts = report_starts(&two, 1);
        assert_eq!(starts.len(), 1);
        let (byte, line) = starts[0];
        assert_eq!(line, REPORT.lines().count() + 1);
        assert_eq!(&two[byte..], REPORT);
    }

    #[test]
    fn one_report_is_one_and_a_kind_printed_again_without_a_cover_starts_none() {
        assert!(report_starts(REPORT, 1).is_empty());
        // The 收支总表 again, straight after the tables (another table of its kind): one report.
        let again = format!("{REPORT}=== 第6页 ===\n收支总表\n项目\t预算数\n合计\t2.00\n");
        assert!(report_starts(&again, 1).is_empty());
        // A part of the report after its tables, its prose naming the first table: no rows, one report.
        let part = format!(
            "{REPORT}=== 第6页 ===\n第三部分 2026年部门预算情况说明\n2026年预算数为6万元，比上年减少1万元。\n=== 第7页 ===\n收支总表\n项目\t预算数\n合计\t1.00\n"
        );
        assert!(report_starts(&part, 1).is_empty());
        let cover = format!("{REPORT}=== 第6页 ===\n某单位2026年部门预算\n=== 第7页 ===\n收支总表\n（本表无数据）\n");
        assert!(report_starts(&cover, 1).is_empty(), "no row after the cover: one report");
    }
}
