//! Phase 1 of the narrative: the report's prose lines → paragraphs → sentences, each with the
//! line it starts on. Extracted text breaks lines mid-word (`…占94.86%；公` / `共安全(类)…`), so a
//! line that does not end a sentence runs on into the next; a heading (一、 （一） 1、 第三部分)
//! starts a paragraph of its own.

use crate::report::import::Prose;
use std::borrow::Cow;

/// A sentence (up to 。！？ or the end of its paragraph), full-width digits and signs made ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sentence<'p> {
    /// The line it starts on.
    pub line: usize,
    /// Its text, borrowed from its paragraph.
    pub text: &'p str,
    /// Whether it is a heading (a numbered line that says what follows).
    pub heading: bool,
    /// The paragraph it belongs to (0-based, in order).
    pub paragraph: usize,
}

/// The sentences of the paragraphs ([`paragraphs`]), in order.
pub(super) fn sentences<'p>(paragraphs: &'p Paragraphs<'_>) -> Vec<Sentence<'p>> {
    let mut out = Vec::new();
    for (number, paragraph) in paragraphs.list.iter().enumerate() {
        let mut heading = paragraph.heading;
        let mut start = 0;
        let text = &paragraph.text;
        // A paragraph without a unit or a percent sign states no figure: only its heading (its
        // first sentence) matters.
        let figures = states_figure(text);
        if !figures && !heading {
            continue;
        }
        for end in sentence_ends(text) {
            if !figures && !heading {
                break;
            }
            if end > start {
                let piece = text[start..end].trim();
                if !piece.is_empty() {
                    let line = paragraphs.line_at(paragraph, start);
                    out.push(Sentence { line, text: piece, heading, paragraph: number });
                    // Only a paragraph's first sentence is its heading.
                    heading = false;
                }
                start = end;
            }
        }
    }
    out
}

/// Whether a text has a unit (元) or a percent sign: one fast search for each (a set of chars
/// would be decoded char by char).
pub(super) fn states_figure(text: &str) -> bool {
    text.contains('元') || text.contains('%')
}

/// Where the sentences of a text end: after each 。！？ (E3 80 82, EF BC 81, EF BC 9F), and at
/// its end. Their lead bytes are found by a SIMD search, the two after them compared.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    memchr::memchr2_iter(0xE3, 0xEF, b)
        .filter(move |&i| matches!(b.get(i + 1..i + 3), Some([0x80, 0x82] | [0xBC, 0x81 | 0x9F])))
        .map(|i| i + 3)
        .chain([b.len()])
}

/// A paragraph: lines joined. Borrowed from the prose buffer, where its lines stand one after
/// another, unless a line's digits were made ASCII.
pub(super) struct Paragraph<'p> {
    text: Cow<'p, str>,
    /// Where its text starts in the prose buffer, while it is borrowed.
    from: usize,
    /// Its lines' starts in [`Paragraphs::starts`].
    lines: std::ops::Range<usize>,
    /// Whether its first line is a heading.
    heading: bool,
}

/// The prose's paragraphs, in order, and where each of their lines starts (one buffer for all).
pub(super) struct Paragraphs<'p> {
    list: Vec<Paragraph<'p>>,
    /// Each line's start in its paragraph's text and its number, paragraph after paragraph.
    starts: Vec<(usize, usize)>,
}

impl Paragraphs<'_> {
    /// The line holding byte `at` of a paragraph's text.
    fn line_at(&self, paragraph: &Paragraph<'_>, at: usize) -> usize {
        let starts = &self.starts[paragraph.lines.clone()];
        let i = starts.partition_point(|&(byte, _)| byte <= at);
        starts[i.saturating_sub(1)].1
    }
}

/// The prose's paragraphs, in order.
pub(super) fn paragraphs(prose: &Prose) -> Paragraphs<'_> {
    let buffer = prose.text();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut starts = Vec::new();
    let mut open = false;
    // A heading whose line ends in a figure (`（二）公务用车购置及运行费20.1`): the figure may run
    // on at the start of the next line (`0万元，其中…`), which then continues the heading.
    let mut figure_open = false;
    for (number, span) in prose.spans() {
        let text = ascii_digits(&buffer[span.clone()]);
        if text.is_empty() {
            continue;
        }
        let heading = is_heading(&text);
        let runs_on = figure_open && text.starts_with(|c: char| c.is_ascii_digit() || ".,%万元亿".contains(c));
        if figure_open && !runs_on {
            open = false;
        }
        figure_open = false;
        if !open || heading && !runs_on {
            let text = Cow::Borrowed(&buffer[span.start..span.start]);
            out.push(Paragraph { text, from: span.start, lines: starts.len()..starts.len(), heading });
        }
        let Some(paragraph) = out.last_mut() else { continue };
        starts.push((paragraph.text.len(), number));
        paragraph.lines.end = starts.len();
        match (&mut paragraph.text, text) {
            // Still the buffer as printed, and the line follows it there: the slice widens.
            (Cow::Borrowed(joined), Cow::Borrowed(_)) if paragraph.from + joined.len() == span.start => {
                *joined = &buffer[paragraph.from..span.end];
            }
            (joined, text) => joined.to_mut().push_str(&text),
        }
        open = !ends_paragraph(&paragraph.text, paragraph.heading);
        if !open && paragraph.heading && paragraph.text.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
            (open, figure_open) = (true, true);
        }
    }
    Paragraphs { list: out, starts }
}

/// Whether a paragraph ends after this text: a sentence ends, or a short heading without a
/// sentence after it is complete (a 类/款/项 chain only once it reaches its 项 or its end).
fn ends_paragraph(text: &str, heading: bool) -> bool {
    if text.ends_with(['。', '！', '？', '：', ':']) {
        return true;
    }
    // Only a heading ends otherwise; sixty characters are at most 240 bytes, and a longer text
    // is no short heading (most lines stop here, before the searches below).
    if !heading || text.len() > 240 {
        return false;
    }
    let chain_open = text.contains("类)") || text.contains("类）");
    let chain_open = chain_open && !text.contains("项)") && !text.contains("项）");
    // A heading with a clause of its own (`费24.00万元，比2025年预算增加`) runs on to its sentence's end.
    let clause = text.contains(['，', '；']);
    !text.contains(['。', '：', ':'])
        && !chain_open
        && !clause
        && text.chars().count() <= 60
        && !text.ends_with(['，', ',', '、'])
}

/// Whether a line starts with a heading's numbering: 一、 （一） (一) 1、 1. (1) 第三部分.
pub(super) fn is_heading(text: &str) -> bool {
    use crate::text::is_cjk_numeral as numeral;
    let t = text.trim_start_matches(['-', ' ']);
    let mut chars = t.chars();
    let Some(first) = chars.next() else { return false };
    if first == '第' {
        return chars.take(5).any(|c| c == '部' || c == '章');
    }
    if matches!(first, '（' | '(') {
        return chars.next().is_some_and(|c| numeral(c) || c.is_ascii_digit());
    }
    let digits = |c: char| numeral(c) || c.is_ascii_digit();
    if !digits(first) {
        return false;
    }
    let after = t.trim_start_matches(digits);
    after.starts_with(['、', '．']) || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Full-width digits, decimal points and percent signs as ASCII (`１０１３．９１％`).
pub(super) fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    // Their UTF-8 is EF BC 90–99, 8E, 85 (full-width punctuation such as ，（： shares the EF BC):
    // most lines have none and are borrowed as they are.
    let b = text.as_bytes();
    let converted = |i: usize| b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x90..=0x99 | 0x8E | 0x85));
    if !memchr::memchr_iter(0xEF, b).any(converted) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            _ => c,
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(lines: &[&str]) -> Prose {
        let mut prose = Prose::default();
        for (i, t) in lines.iter().enumerate() {
            prose.push(i + 10, t);
        }
        prose
    }

    #[test]
    fn lines_broken_mid_sentence_run_on_and_headings_stand_alone() {
        let prose = prose(&[
            "三、支出决算情况说明",
            "本年支出合计1055.78万元，其中：基本支出994.77万元，占94.22%；公",
            "共安全(类)支出12.10万元。下一句。",
            "1、一般公共服务支出(类)行政运行(项)。",
            "年初预算为７４９．８６万元",
        ]);
        let paragraphs = paragraphs(&prose);
        let s = sentences(&paragraphs);
        let texts: Vec<(&str, usize, bool)> = s.iter().map(|s| (s.text, s.line, s.heading)).collect();
        assert_eq!(
            texts,
            [
                ("三、支出决算情况说明", 10, true),
                ("本年支出合计1055.78万元，其中：基本支出994.77万元，占94.22%；公共安全(类)支出12.10万元。", 11, false),
                ("下一句。", 12, false),
                ("1、一般公共服务支出(类)行政运行(项)。", 13, true),
                ("年初预算为749.86万元", 14, false),
            ]
        );
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 1, 1, 2, 3]);
    }

    #[test]
    fn headings() {
        for heading in
            ["一、部门职责", "（一）收入", "(三) 具体情况", "1、行政运行", "2.项目", "第三部分 说明", "- 二、收入"]
        {
            assert!(is_heading(heading), "{heading}");
        }
        for text in ["2020年度收支总计", "1.5万元", "本年收入", "第1页"] {
            assert!(!is_heading(text), "{text}");
        }
    }
}
