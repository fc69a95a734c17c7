//! Page furniture that only the whole text tells: a line that is no furniture on its own, but
//! the pages around it say it is. Found once, before the scan, as one flag per line.
//!
//! A **running head or foot** (`XX局2026年部门预算`, the unit's name at each page's top or
//! bottom, `某局预算公开 第3页`): the first or last line of text on a page, the same on
//! [`RUNNING_PAGES`] pages or more but for its numbers (a page's number in it). It is no sentence
//! (`。`), no title or table number (`表`), no row printed without its cell breaks (the first
//! row of each page of a table, printed alike), and holds Chinese (a page number alone is
//! furniture by its own look). A table runs on past it, and the prose does not read it.

use super::line::{Cell, classify, is_layout, is_pointed_amount};
use crate::text::{contains_biao, trim};

/// A running head or foot needs this many pages to be told from a line printed once.
pub(super) const RUNNING_PAGES: usize = 3;

/// One flag per line: whether it is a running head or foot (see the module docs).
pub(super) fn furniture(lines: &[&str]) -> Vec<bool> {
    let running = running_keys(lines);
    lines
        .iter()
        .map(|line| {
            !running.is_empty()
                && !line.contains('\t')
                && running.iter().any(|key| numbers_folded(trim(line)).eq(key.chars()))
        })
        .collect()
}

/// A text's characters with each run of digits as one `#`: a running line's key.
fn numbers_folded(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        if !c.is_ascii_digit() {
            return Some(c);
        }
        while chars.next_if(char::is_ascii_digit).is_some() {}
        Some('#')
    })
}

/// A page's edge line that may be running: neither a sentence, a title or table number, a row
/// printed without its cell breaks (a word of it a code or a figure), nor a line without Chinese.
fn may_run(text: &str) -> bool {
    let row = || text.split_whitespace().any(|w| matches!(classify(w), Cell::Code(_)) || is_pointed_amount(w));
    !text.contains('。')
        && !contains_biao(text)
        && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !row()
}

/// The keys ([`numbers_folded`]) of the texts printed as the first or last line of text on
/// [`RUNNING_PAGES`] pages or more.
fn running_keys(lines: &[&str]) -> Vec<String> {
    let mut edges: Vec<String> = Vec::new();
    let mut page: (Option<&str>, Option<&str>) = (None, None);
    let close = |page: &mut (Option<&str>, Option<&str>), edges: &mut Vec<String>| {
        if let (Some(head), Some(foot)) = std::mem::take(page) {
            edges.extend(
                [head]
                    .into_iter()
                    .chain((foot != head).then_some(foot))
                    .filter(|t| may_run(t))
                    .map(|t| numbers_folded(t).collect()),
            );
        }
    };
    for &line in lines {
        if is_layout(line) {
            if line.trim_start().starts_with("===") {
                close(&mut page, &mut edges);
            }
            continue;
        }
        let text = trim(line);
        if text.is_empty() || line.contains('\t') {
            continue;
        }
        page.0.get_or_insert(text);
        page.1 = Some(text);
    }
    close(&mut page, &mut edges);
    edges.sort_unstable();
    let mut running: Vec<String> =
        edges.chunk_by(|a, b| a == b).filter(|same| same.len() >= RUNNING_PAGES).map(|same| same[0].clone()).collect();
    running.dedup();
    running
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<&str> {
        let lines: Vec<&str> = text.lines().collect();
        lines.iter().zip(furniture(&lines)).filter(|(_, f)| *f).map(|(l, _)| *l).collect()
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
