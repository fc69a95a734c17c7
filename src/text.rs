//! Text helpers the readers share. Every cell of a report is trimmed more than once on its way
//! through the import, and most cells start and end in a character no whitespace begins with (a
//! CJK character, a digit): [`trim`] answers those without decoding them. Line ends are found
//! with a SIMD search ([`lines`]).

/// Whether a UTF-8 byte may begin a whitespace character: ASCII `\t`..`\r` and space, and the
/// lead bytes of U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and U+3000 (0xE3).
fn may_begin_space(byte: u8) -> bool {
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

/// Whether `text` holds 表, by a SIMD search (core's search for a three-byte character
/// mispredicts on Chinese text, where its last byte is common): every line is asked.
pub(crate) fn contains_biao(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("表"));
    FINDER.find(text.as_bytes()).is_some()
}

/// The lines of a text, as [`str::lines`] gives them (a `\r` before a `\n` is no part of its
/// line), collected: the importer indexes them.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = &text[start..end];
        out.push(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{lines, trim};
    use proptest::prelude::*;

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
        fn lines_are_str_lines(s in "[a\r\n表 ]{0,12}") {
            prop_assert_eq!(lines(&s), s.lines().collect::<Vec<_>>());
        }

        #[test]
        fn any_text_trims_as_str_trim_does(s in any::<String>()) {
            prop_assert_eq!(trim(&s), s.trim());
        }
    }
}
