//! Page furniture that only the whole text tells: a line that is no furniture on its own, but
//! the pages around it say it is. Found once, before the scan, as one flag per line.
//!
//! A **running head or foot** (`XX局2026年部门预算`, the unit's name at each page's top or
//! bottom, `某局预算公开 第3页`): the first or last line of text on a page, the same on
//! [`RUNNING_PAGES`] pages or more but for its numbers (a page's number in it). It is no sentence
//! (`。`), no title or table number (`表`), no row printed without its cell breaks (the first
//! row of each page of a table, printed alike), and holds Chinese (a page number alone is
//! furniture by its own look). A table runs on past it, and the prose does not read it.

use super::line::{Cell, classify, is_page_furniture, is_page_mark, is_pointed_amount};
use crate::text::{Lines, contains_biao, trim};

/// A running head or foot needs this many pages to be told from a line printed once.
pub(super) const RUNNING_PAGES: usize = 3;

/// One flag per line: whether it is a running head or foot (see the module docs); empty when
/// the text has none.
pub(super) fn furniture(text: &Lines<'_>) -> Vec<bool> {
    let running = running_keys(text);
    if running.is_empty() {
        return Vec::new();
    }
    // Folding numbers only shortens a line: one shorter than every key is none of them.
    let shortest = running.iter().map(String::len).min().unwrap_or(0);
    let first_chars: Vec<char> = running.iter().filter_map(|k| k.chars().next()).collect();
    (0..text.lines.len())
        .map(|i| {
            let line = text.lines[i];
            if !text.tabs(i).is_empty() || line.len() < shortest {
                return false;
            }
            let t = trim(line);
            // ('#' stands for a number: a key may start with one.)
            let first = t.chars().next().map(|c| if c.is_ascii_digit() { '#' } else { c });
            first.is_some_and(|c| first_chars.contains(&c))
                && running.iter().any(|key| numbers_folded(t) == key.as_str())
        })
        .collect()
}

/// A text with each run of ASCII digits as one `#`: a running line's key. (An ASCII digit is
/// never part of a longer UTF-8 sequence, so the bytes are folded as they stand.)
fn numbers_folded(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut key = String::with_capacity(text.len());
    for run in text.as_bytes().chunk_by(|a, b| a.is_ascii_digit() == b.is_ascii_digit()) {
        if run[0].is_ascii_digit() {
            key.push('#');
        } else {
            // A run of non-digits ends at an ASCII byte or at the text's end: whole characters.
            key.push_str(std::str::from_utf8(run).unwrap_or_default());
        }
    }
    std::borrow::Cow::Owned(key)
}

/// A page's edge line that may be running: neither a sentence, a title or table number, a row
/// printed without its cell breaks (a word of it a code or a figure), a line without Chinese,
/// nor furniture by its own look (`单位：元` is read as such wherever it stands).
fn may_run(text: &str) -> bool {
    let row = || text.split_whitespace().any(|w| matches!(classify(w), Cell::Code(_)) || is_pointed_amount(w));
    !text.contains('。')
        && !contains_biao(text)
        && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !is_page_furniture(text)
        && !row()
}

/// The keys ([`numbers_folded`]) of the texts printed as the first or last line of text on
/// [`RUNNING_PAGES`] pages or more.
fn running_keys<'t>(text: &Lines<'t>) -> Vec<String> {
    let mut edges: Vec<&'t str> = Vec::new();
    let mut page: (Option<&'t str>, Option<&'t str>) = (None, None);
    let mut pages = 0;
    let close = |page: &mut (Option<&'t str>, Option<&'t str>), edges: &mut Vec<&'t str>| {
        if let (Some(head), Some(foot)) = std::mem::take(page) {
            edges.push(head);
            if foot != head {
                edges.push(foot);
            }
        }
    };
    for (i, &line) in text.lines.iter().enumerate() {
        if is_page_mark(line) {
            close(&mut page, &mut edges);
            pages += 1;
            continue;
        }
        if !text.tabs(i).is_empty() {
            continue;
        }
        let t = trim(line);
        if t.is_empty() || t.starts_with("#####") {
            continue;
        }
        page.0.get_or_insert(t);
        page.1 = Some(t);
    }
    close(&mut page, &mut edges);
    if pages < RUNNING_PAGES {
        return Vec::new();
    }
    // (A title, a table number or a sentence never runs: settled before any key is made.)
    let mut keys: Vec<(std::borrow::Cow<'t, str>, &'t str)> =
        edges.into_iter().filter(|t| !contains_biao(t) && !t.contains('。')).map(|t| (numbers_folded(t), t)).collect();
    keys.sort_unstable();
    keys.chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.len() >= RUNNING_PAGES && may_run(same[0].1))
        .map(|same| same[0].0.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<&str> {
        let lines = Lines::new(text);
        let flags = furniture(&lines);
        lines.lines.iter().zip(flags).filter(|(_, f)| *f).map(|(l, _)| *l).collect()
    }

    #[test]
    fn a_line_at_the_top_of_three_pages_is_furniture_and_a_sentence_or_title_is_not() {
        let text = "=== 第1页 ===\n某局2026年部门预算\n说明。\n=== 第2页 ===\n某局2026年部门预算\n201\t一般公共服务支出\t1.00\n\
                    === 第3页 ===\n某局2026年部门预算\n收入总表\n=== 第4页 ===\n这是一句话。\n收入总表\n=== 第5页 ===\n这是一句话。\n收入总表\n";
        assert_eq!(flagged(text), ["某局2026年部门预算"; 3]);
        let rows = "=== 第1页 ===\n208 社会保障和就业支出 1,316.75\n=== 第2页 ===\n208 社会保障和就业支出 1,316.75\n\
                    === 第3页 ===\n208 社会保障和就业支出 1,316.75\n";
        assert!(flagged(rows).is_empty());
    }

    #[test]
    fn a_running_line_may_print_the_page_number() {
        let text = "=== 第1页 ===\n某局预算公开 第1页\n正文\n=== 第2页 ===\n某局预算公开 第2页\n正文二\n=== 第3页 ===\n某局预算公开 第13页\n";
        assert_eq!(flagged(text), ["某局预算公开 第1页", "某局预算公开 第2页", "某局预算公开 第13页"]);
        // On two pages only: printed once more, not running.
        assert!(flagged("=== 第1页 ===\n某局预算\n=== 第2页 ===\n某局预算\n").is_empty());
    }
}
