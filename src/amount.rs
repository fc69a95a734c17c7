//! Money as printed: units (元/万元/亿元), reading printed figures, and 四舍五入.
//!
//! A figure keeps the scale it was printed with (`12.10` has two decimals, `20` none): the
//! rounding tolerance of a total is inferred from it.

use crate::text::trim;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// The unit a table prints its amounts in (单位：元 / 万元 / 亿元).
///
/// ```
/// use kemu::Unit;
/// assert_eq!(Unit::WanYuan.in_yuan().to_string(), "10000");
/// assert_eq!(Unit::YiYuan.chinese(), "亿元");
/// assert_eq!(Unit::Yuan.to_string(), "元");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unit {
    /// 元.
    Yuan,
    /// 千元 = 1,000 元.
    QianYuan,
    /// 万元 = 10,000 元.
    WanYuan,
    /// 亿元 = 100,000,000 元.
    YiYuan,
}

impl Unit {
    /// How many 元 one unit is.
    ///
    /// ```
    /// assert_eq!(kemu::Unit::YiYuan.in_yuan().to_string(), "100000000");
    /// ```
    pub fn in_yuan(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::ONE,
            Unit::QianYuan => Decimal::from(1_000),
            Unit::WanYuan => Decimal::from(10_000),
            Unit::YiYuan => Decimal::from(100_000_000),
        }
    }

    /// Every unit, those of a longer name first (万元 before 元): the order to read a unit's name
    /// off a text in.
    pub(crate) const LONGEST_FIRST: [Unit; 4] = [Unit::WanYuan, Unit::YiYuan, Unit::QianYuan, Unit::Yuan];

    /// The unit's Chinese name.
    ///
    /// ```
    /// assert_eq!(kemu::Unit::WanYuan.chinese(), "万元");
    /// ```
    pub fn chinese(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::QianYuan => "千元",
            Unit::WanYuan => "万元",
            Unit::YiYuan => "亿元",
        }
    }

    /// Reads the unit from a unit line such as `单位：万元` or `金额单位:元` (the longest unit
    /// named wins: 万元 before 元).
    ///
    /// ```
    /// use kemu::Unit;
    /// assert_eq!(Unit::from_text("单位：万元"), Some(Unit::WanYuan));
    /// assert_eq!(Unit::from_text("编制部门：某街道 单位：元"), Some(Unit::Yuan));
    /// assert_eq!(Unit::from_text("金额单位：千元"), Some(Unit::QianYuan));
    /// assert_eq!(Unit::from_text("部门："), None);
    /// ```
    pub fn from_text(text: &str) -> Option<Unit> {
        let at = text.rfind("单位")?;
        let rest = &text[at..];
        if rest.contains("亿元") {
            Some(Unit::YiYuan)
        } else if rest.contains("万元") {
            Some(Unit::WanYuan)
        } else if rest.contains("千元") {
            Some(Unit::QianYuan)
        } else if rest.contains('元') {
            Some(Unit::Yuan)
        } else {
            None
        }
    }

    /// Converts `amount` from this unit to `to`, rounded 四舍五入 (half away from zero) to
    /// `decimals` places.
    ///
    /// ```
    /// use kemu::Unit;
    /// use rust_decimal::Decimal;
    /// let yuan = Decimal::new(1234_5678_50, 2); // 12,345,678.50 元
    /// assert_eq!(Unit::Yuan.convert(yuan, Unit::WanYuan, 2).to_string(), "1234.57");
    /// // Half away from zero, not banker's rounding: 0.125 → 0.13, -0.125 → -0.13.
    /// assert_eq!(kemu::amount::round_half_away(Decimal::new(125, 3), 2).to_string(), "0.13");
    /// assert_eq!(kemu::amount::round_half_away(Decimal::new(-125, 3), 2).to_string(), "-0.13");
    /// ```
    pub fn convert(self, amount: Decimal, to: Unit, decimals: u32) -> Decimal {
        round_half_away(amount * self.in_yuan() / to.in_yuan(), decimals)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.chinese())
    }
}

/// 四舍五入: rounds half away from zero to `decimals` places, keeping that scale.
///
/// ```
/// use kemu::amount::round_half_away;
/// use rust_decimal::Decimal;
/// assert_eq!(round_half_away(Decimal::new(2345, 3), 2).to_string(), "2.35"); // banker's rounding: 2.34
/// assert_eq!(round_half_away(Decimal::new(-2345, 3), 2).to_string(), "-2.35");
/// assert_eq!(round_half_away(Decimal::new(2, 0), 2).to_string(), "2.00");
/// ```
pub fn round_half_away(amount: Decimal, decimals: u32) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    rounded
}

/// Half a unit of a figure's last printed digit: the most its own rounding can have moved it.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(kemu::amount::half_step(Decimal::new(1210, 2)).to_string(), "0.005");
/// assert_eq!(kemu::amount::half_step(Decimal::from(20)).to_string(), "0.5");
/// ```
pub fn half_step(figure: Decimal) -> Decimal {
    // Past Decimal's finest scale (a figure printed to 28 places) the bound rounds up.
    Decimal::try_new(5, figure.scale() + 1).unwrap_or(Decimal::new(1, 28))
}

/// A cell without a spreadsheet's mark that it is text (`'2010301`, `'498`), where digits follow
/// the mark: the importer and the performance forms read such cells by their digits.
pub(crate) fn without_text_mark(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(digits) if digits.starts_with(|c: char| c.is_ascii_digit()) => digits,
        _ => cell,
    }
}

/// Why a printed amount cannot be read.
///
/// ```
/// let err = kemu::amount::parse_amount("1,2,3元").unwrap_err();
/// assert_eq!(err.input, "1,2,3元");
/// assert_eq!(err.problem, "it is not a number");
/// assert_eq!(kemu::amount::parse_amount("1,2,3").unwrap_err().problem, "a thousands separator is out of place");
/// // A separator after the point is not a figure (European `1.234,56` is never read as 1.23456).
/// assert_eq!(kemu::amount::parse_amount("1.234,56").unwrap_err().problem, "a thousands separator is out of place");
/// // One lost separator cannot change the value: read by its digits (the importer says so).
/// assert_eq!(kemu::amount::parse_amount("128138,600").unwrap().unwrap().to_string(), "128138600");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[error("cannot read {input:?} as an amount: {problem}")]
pub struct AmountError {
    /// The cell as printed.
    pub input: String,
    /// What is wrong.
    pub problem: &'static str,
}

/// Reads a printed amount. Blank, `-`, `—`, `－`, `/` and `／` are an absent value (`Ok(None)`),
/// never zero; thousands separators, full-width digits and a leading minus are accepted, and so
/// is a negative in brackets as accounting prints it, where the figure has a point or three
/// digits (`(2.62)`, `(20400)`; `(1)` is a numbering); the printed scale is kept.
///
/// ```
/// use kemu::amount::parse_amount;
/// assert_eq!(parse_amount("18,330.37")?.unwrap().to_string(), "18330.37");
/// assert_eq!(parse_amount("12.10")?.unwrap().scale(), 2);
/// assert_eq!(parse_amount(" — ")?, None);
/// assert_eq!(parse_amount("-5.5")?.unwrap().to_string(), "-5.5");
/// assert_eq!(parse_amount("(1,302.60)")?.unwrap().to_string(), "-1302.60");
/// assert_eq!(parse_amount("（2.62）")?.unwrap().to_string(), "-2.62");
/// assert_eq!(parse_amount("(20400)")?.unwrap().to_string(), "-20400");
/// assert!(parse_amount("(1)").is_err(), "a numbering, not a figure");
/// assert!(parse_amount("12..1").is_err());
/// # Ok::<(), kemu::amount::AmountError>(())
/// ```
pub fn parse_amount(text: &str) -> Result<Option<Decimal>, AmountError> {
    read_amount(text).map_err(|problem| AmountError { input: text.to_string(), problem })
}

/// [`parse_amount`] with the problem alone: the importer classifies every cell, most of them
/// names, and needs no error text for them.
pub(crate) fn read_amount(text: &str) -> Result<Option<Decimal>, &'static str> {
    let trimmed = trim(text);
    if matches!(trimmed, "" | "-" | "—" | "——" | "－" | "/" | "／" | "–") {
        return Ok(None);
    }
    // Most cells are names: a first character no figure starts with settles them (the paths
    // below would each say the same).
    let numeric = |c: char| matches!(c, '0'..='9' | '０'..='９' | ',' | '，' | '.' | '．' | '-' | '－' | '−' | ' ');
    if !trimmed.starts_with(numeric) {
        return bracketed_negative(trimmed).map(Some).ok_or("it is not a number");
    }
    // The common printed figure, read in one pass with its separators in place.
    if let Some(d) = parse_grouped(trimmed) {
        return Ok(Some(d));
    }
    // (Texts that start with a digit, `2025年预算数`, are settled by their characters first.)
    if trimmed.chars().all(numeric) && separators(trimmed) == Separators::Broken {
        return Err("a thousands separator is out of place");
    }
    match parse_plain(trimmed) {
        Some(d) => Ok(Some(d)),
        None => parse_general(trimmed),
    }
}

/// A negative printed in brackets (`(1,302.60)`, `（2.62）`, `(20400)`): a figure with a point or
/// of three digits or more, not negative itself, between an opening and a closing bracket.
fn bracketed_negative(text: &str) -> Option<Decimal> {
    // Most texts are names: their last byte is no bracket's (')' or the last of '）', EF BC 89).
    if !matches!(text.as_bytes().last(), Some(b')' | 0x89)) {
        return None;
    }
    let inner = text.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?;
    // A numbering in brackets ((1) … (12)) is short and has no point.
    let figure = inner.contains(['.', '．']) || inner.chars().filter(char::is_ascii_digit).count() >= 3;
    if !figure || inner.starts_with(['-', '－', '−']) {
        return None;
    }
    match read_amount(inner) {
        Ok(Some(d)) if d.is_sign_positive() => Some(-d),
        _ => None,
    }
}

/// Where a figure's thousands separators stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separators {
    /// None, or every three digits of the whole part (`1,234,567.89`).
    InPlace,
    /// Out of place, but the last group has three digits, so that they can only be thousands
    /// separators (`128138,600`: an extractor that lost one): read by its digits, and said.
    Misplaced,
    /// Out of place and ambiguous (`1,2,3`, `12,3.4`): not a figure.
    Broken,
}

/// Where the thousands separators of a figure stand.
pub(crate) fn separators(text: &str) -> Separators {
    if text.is_ascii() {
        // The common figure (`1,234.56`): its groups counted over the bytes.
        if !text.contains(',') {
            return Separators::InPlace;
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        // A separator after the point (`1.234,56`) parts nothing a Chinese figure prints.
        if fraction.contains(',') {
            return Separators::Broken;
        }
        return grouped(whole.trim_start_matches('-').split(',').map(str::len));
    }
    separators_of_any(text)
}

/// [`separators`] for any text (full-width digits and separators among them).
fn separators_of_any(text: &str) -> Separators {
    // One pass over the bytes: ',' or the last byte of '，' (EF BC 8C).
    if !text.bytes().any(|b| b == b',' || b == 0x8C) || !text.contains([',', '，']) {
        return Separators::InPlace;
    }
    let (whole, fraction) = text.split_once(['.', '．']).unwrap_or((text, ""));
    if fraction.contains([',', '，']) {
        return Separators::Broken;
    }
    let whole = whole.trim_start_matches(['-', '－', '−']);
    // The groups' lengths in one pass, without collecting them (every figure with a comma
    // comes through here).
    grouped(whole.split([',', '，']).map(|g| g.chars().count()))
}

/// Where separators stand, from the lengths (in characters) of the groups they part.
fn grouped(mut groups: impl Iterator<Item = usize>) -> Separators {
    let first = groups.next().unwrap_or(0);
    let (mut all_three, mut all_filled, mut last) = (true, true, None);
    for g in groups {
        (all_three, all_filled, last) = (all_three && g == 3, all_filled && g > 0, Some(g));
    }
    if (1..=3).contains(&first) && all_three {
        Separators::InPlace
    } else if first > 0 && last == Some(3) && all_filled {
        Separators::Misplaced
    } else {
        Separators::Broken
    }
}

/// The common printed form without allocating: ASCII digits, thousands commas, at most one point
/// between digits, an optional leading minus, up to 18 digits. `None` hands anything else to
/// [`parse_general`], which reads it or says why not.
fn parse_plain(trimmed: &str) -> Option<Decimal> {
    parse_ascii::<false>(trimmed)
}

/// [`parse_plain`] for a figure whose thousands separators stand in place (`1,234.56`,
/// `-12.5`), in the same one pass; `None` for anything else, which the full path reads.
fn parse_grouped(trimmed: &str) -> Option<Decimal> {
    parse_ascii::<true>(trimmed)
}

/// The one pass of [`parse_plain`] and (`IN_PLACE`) [`parse_grouped`].
fn parse_ascii<const IN_PLACE: bool>(trimmed: &str) -> Option<Decimal> {
    let (negative, body) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let (mut mantissa, mut digits, mut scale) = (0i64, 0u32, None::<u32>);
    // Digits in the current group, and whether a separator came before it.
    let (mut group, mut grouped) = (0usize, false);
    for &b in body.as_bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(b - b'0');
                scale = scale.map(|s| s + 1);
                group += 1;
            }
            // Separators before the point: its last group has three digits.
            b'.' if scale.is_none() && digits > 0 && (!IN_PLACE || !grouped || group == 3) => {
                (scale, grouped) = (Some(0), false);
            }
            b',' if !IN_PLACE => {}
            b',' if scale.is_none() && (1..=3).contains(&group) && (!grouped || group == 3) => {
                (group, grouped) = (0, true);
            }
            _ => return None,
        }
    }
    if digits == 0 || scale == Some(0) || IN_PLACE && grouped && group != 3 {
        return None;
    }
    Some(Decimal::new(if negative { -mantissa } else { mantissa }, scale.unwrap_or(0)))
}

fn parse_general(trimmed: &str) -> Result<Option<Decimal>, &'static str> {
    let allowed = |c| matches!(c, '0'..='9' | '.' | '０'..='９' | '．' | ',' | '，' | ' ' | '-' | '－' | '−');
    if !trimmed.chars().all(allowed) {
        return Err("it is not a number");
    }
    if trimmed.contains(' ') && !spaces_part_one_figure(trimmed) {
        return Err("it holds two figures parted by a space");
    }
    let mut clean = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            '0'..='9' | '.' => clean.push(c),
            '０'..='９' => clean.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' => clean.push('.'),
            ',' | '，' | ' ' => {}
            '-' | '－' | '−' if clean.is_empty() => clean.push('-'),
            _ => return Err("it is not a number"),
        }
    }
    let digits = clean.trim_start_matches('-');
    if digits.is_empty() || digits.starts_with('.') || digits.ends_with('.') || digits.matches('.').count() > 1 {
        return Err("it is not a number");
    }
    if digits.split('.').map(str::len).sum::<usize>() > 28 {
        return Err("it has more digits than a Decimal holds (28)");
    }
    match clean.parse::<Decimal>() {
        Ok(d) => Ok(Some(d)),
        Err(_) => Err("it is out of Decimal's range"),
    }
}

/// Whether the spaces in a figure leave it one figure: spaces beside its point (`25180591 .33`),
/// every character spaced out (`1 2 3 . 4 5`), spaces as thousands separators (`1 234 567.89`),
/// or a whole figure spaced as a code is (`250 00`, by an extractor that spaces `201 03 01`).
/// Anything else (`124,190,357 24,978,640`: an extractor that lost the tab between two cells) is
/// two figures, and reading their digits as one would invent a number.
fn spaces_part_one_figure(text: &str) -> bool {
    let parts = text.trim_start_matches(['-', '－', '−']).split(' ').filter(|p| !p.is_empty());
    if parts.clone().all(|p| p.chars().nth(1).is_none()) {
        return true;
    }
    let lengths: Vec<usize> = parts.clone().map(str::len).collect();
    if matches!(lengths[..], [3, 2] | [3, 2, 2]) && parts.clone().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return true;
    }
    // Spaces beside the point join what they part.
    let is_point = |c: char| matches!(c, '.' | '．');
    let mut groups: Vec<String> = Vec::new();
    for part in parts {
        match groups.last_mut() {
            Some(last) if last.ends_with(is_point) || part.starts_with(is_point) => last.push_str(part),
            _ => groups.push(part.to_owned()),
        }
    }
    // Spaces as thousands separators: one to three digits, then groups of three, a point only in
    // the last.
    let digits = |g: &str| g.chars().all(char::is_numeric).then(|| g.chars().count());
    let Some((last, head)) = groups.split_last() else { return false };
    let (whole, fraction) = last.split_once(is_point).unwrap_or((last, ""));
    match head.split_first() {
        None => true,
        Some((first, middle)) => {
            matches!(digits(first), Some(1..=3))
                && middle.iter().all(|g| digits(g) == Some(3))
                && digits(whole) == Some(3)
                && digits(fraction).is_some()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_are_absent_and_zeros_are_zero() {
        for blank in ["", "  ", "-", "—", "/", "－"] {
            assert_eq!(parse_amount(blank).unwrap(), None, "{blank:?}");
        }
        assert_eq!(parse_amount("0.00").unwrap(), Some(Decimal::new(0, 2)));
    }

    #[test]
    fn the_plain_path_reads_as_the_general_one() {
        let cases = [
            "0",
            "0.00",
            "-0.00",
            "-0",
            "12",
            "12.10",
            "-5.5",
            "18,330.37",
            "1,.5",
            "-,5",
            ",5",
            "1,",
            "007.50",
            "123456789012345678",
            "1234567890123456789",
            "12345678901234567.8",
            ".5",
            "5.",
            "1.2.3",
            "--5",
            "-",
            "1-2",
            "12a",
            "99999999999999999999999999999999",
            "1.000000000000000001",
        ];
        for case in cases {
            let general = parse_general(case);
            match parse_plain(case) {
                Some(d) => {
                    let g = general.unwrap().unwrap();
                    assert_eq!((d, d.scale(), d.to_string()), (g, g.scale(), g.to_string()), "{case:?}");
                }
                // Not plain: either the general parser reads it (more than 18 digits) or rejects it.
                None => assert!(case.len() > 18 || general.is_err(), "{case:?}"),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_figure_read_in_one_pass_is_read_as_the_full_path_reads_it(text in "-?[0-9,.]{0,14}") {
            if let Some(d) = parse_grouped(&text) {
                proptest::prop_assert_eq!(separators(&text), Separators::InPlace);
                let plain = parse_plain(&text).unwrap();
                proptest::prop_assert_eq!((d, d.scale()), (plain, plain.scale()));
            }
        }

        #[test]
        fn every_figure_printed_with_separators_in_place_is_read_in_one_pass(
            text in "-?[1-9][0-9]{0,2}(,[0-9]{3}){0,3}(\\.[0-9]{1,4})?"
        ) {
            proptest::prop_assert_eq!(parse_grouped(&text), parse_plain(&text));
            proptest::prop_assert!(parse_grouped(&text).is_some());
        }

        #[test]
        fn ascii_separators_are_read_as_any_text_is(text in "[-0-9,.]{0,14}") {
            proptest::prop_assert_eq!(separators(&text), separators_of_any(&text));
        }

        #[test]
        fn a_cell_no_figure_starts_with_is_rejected_as_the_parsers_would(text in "\\PC{1,8}") {
            let trimmed = text.trim();
            let numeric = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || ",，.．-－− ".contains(c);
            let blank = matches!(trimmed, "" | "-" | "—" | "——" | "－" | "/" | "／" | "–");
            if !blank && !trimmed.starts_with(numeric) {
                proptest::prop_assert_eq!(read_amount(&text), Err("it is not a number"));
                proptest::prop_assert!(parse_plain(trimmed).is_none() && parse_general(trimmed).is_err());
            }
        }

        #[test]
        fn plain_and_general_agree_on_any_ascii_amount(case in "-?[0-9.,]{0,22}") {
            let general = parse_general(&case);
            if let Some(d) = parse_plain(&case) {
                let g = general.unwrap().unwrap();
                proptest::prop_assert_eq!((d, d.scale(), d.to_string()), (g, g.scale(), g.to_string()));
            }
        }
    }

    #[test]
    fn malformed_amounts_name_the_input() {
        let err = parse_amount("12a").unwrap_err();
        assert_eq!(err.to_string(), "cannot read \"12a\" as an amount: it is not a number");
        assert!(parse_amount("1-2").is_err());
        assert!(parse_amount("99999999999999999999999999999999").is_err());
    }

    #[test]
    fn spaces_inside_one_figure_are_read_and_between_two_figures_rejected() {
        let read = |t: &str| parse_amount(t).map(|d| d.map(|d| d.to_string()));
        assert_eq!(read("25180591 .33").unwrap().as_deref(), Some("25180591.33"));
        assert_eq!(read("1 234 567. 89").unwrap().as_deref(), Some("1234567.89"));
        assert_eq!(read("1 2 3 . 4 5").unwrap().as_deref(), Some("123.45"));
        assert_eq!(read("- 1 234").unwrap().as_deref(), Some("-1234"));
        assert_eq!(read("250 00 01").unwrap().as_deref(), Some("2500001"));
        for two in ["124,190,357 24,978,640", "12.50 3.75", "1 2345", "1234 567", "1 234 56", "1 234.5 6"] {
            let err = parse_amount(two).unwrap_err();
            assert_eq!(err.input, two);
        }
    }
}
