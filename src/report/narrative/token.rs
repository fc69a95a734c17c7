//! Phase 2a of the narrative: a sentence → tokens. A number with a unit (万元, 元, 亿元, 千元) is an
//! amount, a number with % a percentage; any other number (2020年, 54个, 50万元以上) is words.
//! Parentheses that hold only words are part of a name (一般公共服务（类）支出); spaces are
//! dropped (the extraction puts them inside names and numbers).

use crate::amount::Unit;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// One token of a sentence (its words borrowed from it where they stand together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'s> {
    /// Words between figures and punctuation.
    Words(Cow<'s, str>),
    /// An amount as printed, with its unit.
    Money(Decimal, Unit),
    /// A percentage as printed (`94.22` for 94.22%).
    Percent(Decimal),
    /// ， or , between clauses (、 stays in the words: 收、支总计).
    Comma,
    /// ； or ;.
    Semicolon,
    /// ： or :.
    Colon,
    /// （ or ( before a figure.
    Open,
    /// ） or ).
    Close,
}

/// The tokens of a sentence (digits already ASCII).
pub(super) fn tokens(text: &str) -> Vec<Token<'_>> {
    // About a token every eight bytes of Chinese prose: grown once or not at all.
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 8 + 4);
    let mut words = Run::default();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at = text.len() - rest.len();
        // A run of word characters taken whole: only a digit, a mark below, a space or a
        // character led by C2 E1 E2 E3 EF (spaces, 。，：（ and the like among them) stops it.
        let run = rest.bytes().position(stops_words).unwrap_or(rest.len());
        if run > 0 {
            words.extend(text, at, run);
            rest = &rest[run..];
            continue;
        }
        if c.is_ascii_digit() {
            let (number, after) = split_number(rest);
            let (figure, after) = figure(number, after);
            rest = after;
            match figure {
                Some(token) => {
                    words.flush(text, &mut out);
                    out.push(token);
                }
                None => words.extend(text, at, number.len()),
            }
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let token = match c {
            '，' | ',' => Token::Comma,
            '；' | ';' => Token::Semicolon,
            '：' | ':' => Token::Colon,
            '（' | '(' => Token::Open,
            '）' | ')' => Token::Close,
            c if c.is_whitespace() || matches!(c, '。' | '！' | '？') => {
                words.gap();
                continue;
            }
            c => {
                words.extend(text, at, c.len_utf8());
                continue;
            }
        };
        words.flush(text, &mut out);
        out.push(token);
    }
    words.flush(text, &mut out);
    merge_named_parentheses(out)
}

/// Whether a byte may start a character that is not a word character (see [`tokens`]).
fn stops_words(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b',' | b';' | b':' | b'(' | b')' | 0xEF) || crate::text::may_begin_space(b)
}

/// The words being read: a span of the sentence while they stand together, copied out only
/// once a space (or a 。！？) falls between them.
#[derive(Default)]
struct Run {
    span: Option<(usize, usize)>,
    owned: Option<String>,
    gap: bool,
}

impl Run {
    /// Adds the `len` bytes at `at` of `text`.
    fn extend(&mut self, text: &str, at: usize, len: usize) {
        let piece = &text[at..at + len];
        match (&mut self.span, &mut self.owned) {
            (_, Some(owned)) => owned.push_str(piece),
            (Some((_, end)), None) if !self.gap && *end == at => *end = at + len,
            (Some((start, end)), None) => {
                let mut owned = text[*start..*end].to_string();
                owned.push_str(piece);
                self.owned = Some(owned);
            }
            (None, None) => self.span = Some((at, at + len)),
        }
        self.gap = false;
    }

    /// Something dropped between words (a space): what follows is not contiguous with them.
    fn gap(&mut self) {
        self.gap = self.span.is_some() || self.owned.is_some();
    }

    /// The words read so far as one token, if any.
    fn flush<'s>(&mut self, text: &'s str, out: &mut Vec<Token<'s>>) {
        let word = match (self.span.take(), self.owned.take()) {
            (_, Some(owned)) => Some(Cow::Owned(owned)),
            (Some((start, end)), None) => Some(Cow::Borrowed(&text[start..end])),
            (None, None) => None,
        };
        self.gap = false;
        out.extend(word.map(Token::Words));
    }
}

/// The number at the start of `text` (digits, thousands separators before three digits, one
/// decimal point) and what follows it.
fn split_number(text: &str) -> (&str, &str) {
    let b = text.as_bytes();
    let mut end = 0;
    let mut point = false;
    while end < b.len() {
        match b[end] {
            b'0'..=b'9' => end += 1,
            b',' if b.len() >= end + 4
                && b[end + 1..end + 4].iter().all(u8::is_ascii_digit)
                && b.get(end + 4).is_none_or(|c| !c.is_ascii_digit()) =>
            {
                end += 1
            }
            b'.' if !point && b.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                point = true;
                end += 1;
            }
            _ => break,
        }
    }
    text.split_at(end)
}

/// The figure a number makes with what follows it (spaces between are allowed), and the text
/// after it; `None` when the number is not a figure.
fn figure<'t>(number: &str, after: &'t str) -> (Option<Token<'static>>, &'t str) {
    let unspaced = after.trim_start();
    let value = || number.replace(',', "").parse::<Decimal>().ok();
    if let Some(rest) = unspaced.strip_prefix('%') {
        return (value().map(Token::Percent), rest);
    }
    for unit in Unit::LONGEST_FIRST {
        if let Some(rest) = unspaced.strip_prefix(unit.chinese()) {
            // A threshold (单位价值50万元以上) states no amount.
            if ["以上", "以下", "以内", "左右", "多"].iter().any(|w| rest.trim_start().starts_with(w)) {
                return (None, after);
            }
            return (value().map(|v| Token::Money(v, unit)), rest);
        }
    }
    (None, after)
}

/// `Open Words Close` is part of a name: it joins the words around it. The tokens are moved,
/// not copied, and a sentence without such a name comes back as it was.
fn merge_named_parentheses(mut tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let named_at = |w: &[Token<'_>]| matches!(w, [Token::Open, Token::Words(_), Token::Close]);
    if !tokens.windows(3).any(named_at) {
        return tokens;
    }
    let mut out: Vec<Token<'_>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    // Taking a token out leaves a mark that is never read again.
    fn take<'s>(tokens: &mut [Token<'s>], i: usize) -> Token<'s> {
        std::mem::replace(&mut tokens[i], Token::Comma)
    }
    while i < tokens.len() {
        if tokens.get(i..i + 3).is_some_and(named_at) {
            let Token::Words(named) = take(&mut tokens, i + 1) else { unreachable!("matched above") };
            i += 3;
            let next = match tokens.get(i) {
                Some(Token::Words(_)) => {
                    i += 1;
                    take(&mut tokens, i - 1)
                }
                _ => Token::Words(Cow::Borrowed("")),
            };
            let Token::Words(next) = next else { unreachable!("a word or nothing") };
            // The words before, the name in brackets and the words after: one string, sized once.
            let before = match out.last_mut() {
                Some(Token::Words(before)) => std::mem::take(before),
                _ => Cow::Borrowed(""),
            };
            let mut merged = String::with_capacity(before.len() + named.len() + next.len() + 6);
            for part in [&*before, "（", &named, "）", &next] {
                merged.push_str(part);
            }
            match out.last_mut() {
                Some(Token::Words(before)) => *before = Cow::Owned(merged),
                _ => out.push(Token::Words(Cow::Owned(merged))),
            }
            continue;
        }
        out.push(take(&mut tokens, i));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    fn w(s: &str) -> Token<'_> {
        Words(s.into())
    }
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn figures_units_and_names() {
        assert_eq!(
            tokens("本年支出合计1,055.78 万元，其中：基本支出994.77万元，占94.22%；年初预算为0元。"),
            [
                w("本年支出合计"),
                Money(d("1055.78"), Unit::WanYuan),
                Comma,
                w("其中"),
                Colon,
                w("基本支出"),
                Money(d("994.77"), Unit::WanYuan),
                Comma,
                w("占"),
                Percent(d("94.22")),
                Semicolon,
                w("年初预算为"),
                Money(d("0"), Unit::Yuan),
            ]
        );
        // Words broken by the extraction's spaces are one token, borrowed where they stand together.
        let spaced = tokens("本年 支出合计 1,055.78 万元，其中");
        assert_eq!(spaced, [w("本年支出合计"), Money(d("1055.78"), Unit::WanYuan), Comma, w("其中")]);
        assert!(matches!(&spaced[0], Words(std::borrow::Cow::Owned(_))));
        assert!(matches!(&spaced[3], Words(std::borrow::Cow::Borrowed("其中"))));
        assert_eq!(
            tokens("一般公共服务（类）支出1001.55万元"),
            [w("一般公共服务（类）支出"), Money(d("1001.55"), Unit::WanYuan)]
        );
        assert_eq!(
            tokens("2020年共接待54个，单位价值50万元以上通用设备0台"),
            [w("2020年共接待54个"), Comma, w("单位价值50万元以上通用设备0台")]
        );
        assert_eq!(
            tokens("人员经费664.75万元（工资福利支出607.39万元；）"),
            [
                w("人员经费"),
                Money(d("664.75"), Unit::WanYuan),
                Open,
                w("工资福利支出"),
                Money(d("607.39"), Unit::WanYuan),
                Semicolon,
                Close
            ]
        );
    }
}
