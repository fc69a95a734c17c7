//! Text helpers the readers share. Every cell of a report is trimmed more than once on its way
//! through the import, and most cells start and end in a character no whitespace begins with (a
//! CJK character, a digit): [`trim`] answers those without decoding them. Line ends and tabs are
//! found in one SIMD pass ([`Lines`]).

/// Whether a UTF-8 byte may begin a whitespace character: ASCII `\t`..`\r` and space, and the
/// lead bytes of U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and U+3000 (0xE3).
pub(crate) const fn may_begin_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// [`str::trim`], the same answer for every string; a string whose first and last characters
/// cannot be whitespace is returned at once.
pub(crate) fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else { return s };
    // The last character's lead byte: at most three continuation bytes (10xxxxxx) follow it.
    let last = bytes.iter().rev().take(4).find(|&&b| b & 0xC0 != 0x80).copied().unwrap_or(b' ');
    if may_begin_space(first) || may_begin_space(last) { s.trim() } else { s }
}

/// The text before a qualifier in brackets at its end (`绩效目标表（一级项目）`, `支出功能分科目
/// （按大类）`), trimmed; `None` when it ends in none.
pub(crate) fn before_bracketed_qualifier(t: &str) -> Option<&str> {
    t.strip_suffix([')', '）']).and_then(|t| t.rsplit_once(['(', '（'])).map(|(head, _)| head.trim_end())
}

/// Whether a character is a Chinese numeral of a heading's or a label's numbering (一 … 十).
pub(crate) fn is_cjk_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The text with full-width digits and full-width points printed as ASCII ones (`２０１．５０`
/// for `201.50`): some PDFs print every figure and code so, and a code, a 栏次 row or a year is
/// read from ASCII digits. Borrowed when the text has none (most texts).
pub(crate) fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    // '０'…'９' are EF BC 90…99 and '．' EF BC 8E in UTF-8.
    let full_width = |b: u8| matches!(b, 0x90..=0x99 | 0x8E);
    let bytes = text.as_bytes();
    let any = memchr::memchr_iter(0xEF, bytes)
        .any(|i| bytes.get(i + 1) == Some(&0xBC) && bytes.get(i + 2).is_some_and(|&b| full_width(b)));
    if !any {
        return std::borrow::Cow::Borrowed(text);
    }
    // The runs between them copied whole (a PDF that prints its figures so prints its prose in
    // CJK characters): 0xEF is a character's first byte, so every cut is at a boundary.
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for i in memchr::memchr_iter(0xEF, bytes) {
        if i < run || bytes.get(i + 1) != Some(&0xBC) {
            continue;
        }
        let Some(&b) = bytes.get(i + 2).filter(|&&b| full_width(b)) else { continue };
        out.push_str(&text[run..i]);
        out.push(if b == 0x8E { '.' } else { char::from(b'0' + (b - 0x90)) });
        run = i + 3;
    }
    out.push_str(&text[run..]);
    std::borrow::Cow::Owned(out)
}

/// How a normalized label or heading is numbered: 一、, 1. or 1、, (一), (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbering {
    Numeral,
    Digit,
    BracketedNumeral,
    BracketedDigit,
}

/// The numbering a normalized label starts with ([`numbering_len`] says how long it is).
pub(crate) fn numbering(plain: &str) -> Option<Numbering> {
    if numbering_len(plain) == 0 {
        return None;
    }
    let mut chars = plain.chars();
    let (bracketed, first) = match chars.next()? {
        '(' => (true, chars.next()?),
        c => (false, c),
    };
    Some(match (bracketed, first.is_ascii_digit()) {
        (false, false) => Numbering::Numeral,
        (false, true) => Numbering::Digit,
        (true, false) => Numbering::BracketedNumeral,
        (true, true) => Numbering::BracketedDigit,
    })
}

/// The bytes a normalized label's numbering takes (一、 1. (一)), 0 where it has none.
pub(crate) fn numbering_len(plain: &str) -> usize {
    let numeral = |c: char| is_cjk_numeral(c) || c.is_ascii_digit();
    let body = plain.trim_start_matches(numeral);
    if body.len() < plain.len()
        && let Some(rest) = body.strip_prefix(['、', '.'])
    {
        plain.len() - rest.len()
    } else if let Some(inner) = plain.strip_prefix('(')
        && let Some((n, rest)) = inner.split_once(')')
        && !n.is_empty()
        && n.chars().all(numeral)
    {
        plain.len() - rest.len()
    } else {
        0
    }
}

/// Whether `hay` holds `needle` once its white space is taken out (a column name wrapped over
/// lines, `一般公共 预算`), as `hay` without its white space `.contains(needle)` says, without
/// building that string. A needle with white space in it is held only as it stands.
pub(crate) fn contains_ignoring_space(hay: &str, needle: &str) -> bool {
    if hay.contains(needle) {
        return true;
    }
    if needle.contains(char::is_whitespace) || !hay.contains(char::is_whitespace) {
        return false;
    }
    let mut rest = hay.chars().filter(|c| !c.is_whitespace());
    loop {
        // `rest` is the hay from one non-space character on: does the needle start there?
        if needle.chars().zip(rest.clone().chain(std::iter::repeat(' '))).all(|(n, h)| n == h) {
            return true;
        }
        if rest.next().is_none() {
            return false;
        }
    }
}

/// Whether `c` is a CJK unified ideograph (U+4E00–U+9FFF): what a name of the catalog, a unit or
/// a table starts with.
pub(crate) fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether `text` holds 表, by a SIMD search (core's search for a three-byte character
/// mispredicts on Chinese text, where its last byte is common): every line is asked.
pub(crate) fn contains_biao(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("表"));
    FINDER.find(text.as_bytes()).is_some()
}

/// Whether `text` holds a colon, full-width `：` or ASCII `:` (`单位：万元` and `单位:万元` are
/// both printed), searched as [`contains_biao`] searches: every table row is asked (`单位：`,
/// `部门：` furniture).
pub(crate) fn contains_colon(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("："));
    memchr::memchr(b':', text.as_bytes()).is_some() || FINDER.find(text.as_bytes()).is_some()
}

/// Whether `text` states the unit or the department (`单位：万元`, `部门:某局`), a colon of either
/// width after the word.
pub(crate) fn states_unit_or_department(text: &str) -> bool {
    ["单位：", "单位:", "部门：", "部门:"].iter().any(|w| text.contains(w))
}

/// The lines of a text, as [`str::lines`] gives them (a `\r` before a `\n` is no part of its
/// line), and where each line's tabs stand: one SIMD pass finds both, so that no line is
/// searched again for its cell breaks.
pub(crate) struct Lines<'t> {
    /// The lines, in order.
    pub(crate) lines: Vec<&'t str>,
    /// Every tab's offset in its line, line after line.
    tabs: Vec<usize>,
    /// Where each line's tabs end in `tabs`.
    tab_ends: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        let capacity = text.len() / 32 + 1;
        let (mut lines, mut tabs, mut tab_ends) =
            (Vec::with_capacity(capacity), Vec::with_capacity(text.len() / 8), Vec::with_capacity(capacity));
        let bytes = text.as_bytes();
        let mut start = 0;
        for at in memchr::memchr2_iter(b'\n', b'\t', bytes) {
            if bytes[at] == b'\t' {
                tabs.push(at - start);
                continue;
            }
            let line = &text[start..at];
            lines.push(line.strip_suffix('\r').unwrap_or(line));
            tab_ends.push(tabs.len());
            start = at + 1;
        }
        if start < text.len() {
            lines.push(&text[start..]);
            tab_ends.push(tabs.len());
        }
        Lines { lines, tabs, tab_ends }
    }

    /// Line `i`'s tab offsets.
    pub(crate) fn tabs(&self, i: usize) -> &[usize] {
        let start = i.checked_sub(1).map_or(0, |p| self.tab_ends[p]);
        &self.tabs[start..self.tab_ends[i]]
    }
}

#[cfg(test)]
mod tests {
    use super::{Lines, ascii_digits, contains_ignoring_space, trim};
    use proptest::prelude::*;

    /// The definition: the hay's white space removed, then a substring search.
    fn spaceless_contains(hay: &str, needle: &str) -> bool {
        hay.contains(needle) || hay.chars().filter(|c| !c.is_whitespace()).collect::<String>().contains(needle)
    }

    #[test]
    fn finds_names_wrapped_over_lines() {
        assert!(contains_ignoring_space("一般公共 预算\n拨款", "一般公共预算拨款"));
        assert!(contains_ignoring_space("一般公共\u{3000}预算", "公共预算"));
        assert!(!contains_ignoring_space("一般公共 预算", "政府性基金"));
        assert!(!contains_ignoring_space("一般公共 预", "公共预算"), "the needle runs past the hay");
        assert!(contains_ignoring_space("a b", ""));
    }

    #[test]
    fn full_width_digits_read_as_ascii() {
        assert_eq!(ascii_digits("２０１\t一般公共服务支出\t１，２３４．５０"), "201\t一般公共服务支出\t1，234.50");
        // Other full-width signs (brackets, colons, commas) stay, and a text without full-width
        // digits is borrowed as it is.
        assert!(matches!(ascii_digits("（一）合计：1,234.50"), std::borrow::Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn full_width_digits_are_replaced_as_a_character_map_would(text in "[０-９．，（）：ｚ0-9a.行政运行 \t\u{FF00}-\u{FF20}\u{FEFF}]{0,40}") {
            let by_char: String = text
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    '．' => '.',
                    c => c,
                })
                .collect();
            let replaced = ascii_digits(&text);
            prop_assert_eq!(replaced.as_ref(), by_char.as_str());
        }

        #[test]
        fn contains_ignoring_space_is_its_definition(hay in "[ 　\t一般公共预算ab]{0,12}", needle in "[ 一般公共预算ab]{0,4}") {
            prop_assert_eq!(contains_ignoring_space(&hay, &needle), spaceless_contains(&hay, &needle));
        }
    }

    #[test]
    fn trims_as_str_trim_does() {
        for s in ["", " ", "行政运行", " 行政运行\u{3000}", "\u{a0}12.5", "12.5\u{2009}", "。", "（一）", "\t\r\n", "a"]
        {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn every_string_trims_as_str_trim_does(s in "[ \\t\\r\\n\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}a0行（]{0,6}") {
            prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn biao_is_found_as_str_contains_finds_it(s in "[表衣a行 ]{0,12}") {
            prop_assert_eq!(super::contains_biao(&s), s.contains('表'));
        }

        #[test]
        fn a_colon_is_found_as_str_contains_finds_either(s in "[：:衣a行 ]{0,12}") {
            prop_assert_eq!(super::contains_colon(&s), s.contains(['：', ':']));
        }

        #[test]
        fn lines_are_str_lines_with_their_tabs(s in "[a\r\n\t\u{8}\u{b}\u{c}\u{89}\u{8a}表 ]{0,40}") {
            let lines = Lines::new(&s);
            prop_assert_eq!(&lines.lines, &s.lines().collect::<Vec<_>>());
            for (i, line) in lines.lines.iter().enumerate() {
                let tabs: Vec<usize> = line.match_indices('\t').map(|(at, _)| at).collect();
                prop_assert_eq!(lines.tabs(i), &tabs[..]);
            }
        }

        #[test]
        fn any_text_trims_as_str_trim_does(s in any::<String>()) {
            prop_assert_eq!(trim(&s), s.trim());
        }
    }
}
