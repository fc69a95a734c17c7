//! The words before a figure → what it is of: its entity (本年支出合计, 公务接待费支出), its
//! measure (预算 / 决算 / 上年) and a year when the words state one. The vocabulary is data.

use super::{Measure, Subject};
use crate::report::rules::stripped;

/// Words that end a subject and say which figure of it is meant, longest first.
const MEASURES: &[(&str, Measure)] = &[
    ("当年预算执行数", Measure::Actual),
    ("预算执行数", Measure::Actual),
    ("执行数", Measure::Actual),
    ("预算安排", Measure::Budget),
    ("调整后预算数", Measure::AdjustedBudget),
    ("调整后预算", Measure::AdjustedBudget),
    ("调整预算数", Measure::AdjustedBudget),
    ("调整预算", Measure::AdjustedBudget),
    ("年初预算数", Measure::Budget),
    ("全年预算数", Measure::AdjustedBudget),
    ("年初预算", Measure::Budget),
    ("全年预算", Measure::AdjustedBudget),
    ("预算数", Measure::Budget),
    ("预算", Measure::Budget),
    ("决算数", Measure::Actual),
    ("决算", Measure::Actual),
    ("实际支出", Measure::Actual),
    ("实际完成", Measure::Actual),
    ("上年数", Measure::LastYear),
    ("上年", Measure::LastYear),
];

/// Connecting words between a subject and its figure.
const LINKS: &[&str] = &["为", "是", "达到", "达", "约", "共"];

/// Who the report speaks as, before the subject (本部门2020年度机关运行经费支出).
const SPEAKERS: &[&str] =
    &["本部门", "本单位", "我单位", "我部门", "我办事处", "我办", "我局", "本局", "我委", "本委", "我院"];

/// Subjects too general to name a figure on their own: the figure is of the subject before it
/// when that subject ends with them (公务接待费支出预算为18万元，支出决算为8.34万元).
pub(super) const GENERIC: &[&str] = &["", "支出", "收入", "经费", "费用", "资金", "合计", "其中", "共计", "总额"];

/// The subject that `words` (the text from the clause start to the figure) name, its name
/// normalized as the catalog's are (no spaces, ASCII brackets) and its numbering taken off.
pub(super) fn subject_of(words: &str) -> Subject {
    let plain = stripped(words);
    let mut rest = plain.strip_prefix("其中").unwrap_or(&plain).trim_start_matches(':');
    // 比2025年年初预算数: a comparison with an earlier year's figure names no subject of its own.
    if let Some(mut compared) = rest.strip_prefix(['比', '较'])
        && let Some(year) = leading_year(&mut compared)
    {
        return Subject { entity: String::new(), measure: Measure::LastYear, year: Some(year) };
    }
    let year = leading_year(&mut rest);
    for speaker in SPEAKERS {
        if let Some(r) = rest.strip_prefix(speaker) {
            rest = r;
            break;
        }
    }
    let year = year.or_else(|| leading_year(&mut rest));
    let mut entity = rest.trim_start_matches('的');
    while let Some(r) = LINKS.iter().find_map(|l| entity.strip_suffix(l)) {
        entity = r;
    }
    let mut measure = Measure::Unstated;
    if let Some((r, m)) = MEASURES.iter().find_map(|(w, m)| entity.strip_suffix(w).map(|r| (r, *m))) {
        entity = r;
        measure = m;
    }
    let entity = entity.trim_end_matches(['的', '，']).trim_end_matches("总额").trim_end_matches("支出数");
    // 比上年 / 较上年: a comparison names no subject of its own.
    let entity = if matches!(entity, "比" | "较" | "与") { "" } else { entity };
    Subject { entity: entity.to_string(), measure, year }
}

/// A year the words start with (`2020年度`, `2019 全年`, `2020年`), taken off them; a date
/// (`2020年12月`) is not a fiscal year.
fn leading_year(rest: &mut &str) -> Option<u16> {
    let b = rest.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || !rest.starts_with("20") {
        return None;
    }
    let year: u16 = rest[..4].parse().ok()?;
    let after = rest[4..].trim_start();
    let after = ["年度", "全年", "年"].iter().find_map(|w| after.strip_prefix(w))?;
    if after.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    *rest = after.trim_start();
    Some(year)
}

/// The fiscal year a sentence states for itself: the first `20xx年` or `20xx年度` that is not a
/// date or a comparison (比2019年, 与上年相比).
pub(super) fn stated_year(text: &str) -> Option<u16> {
    // A byte search for the 2, then its 0: a substring search per candidate cost more.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == b'2').map(|i| i + from) {
        from = at + 1;
        if bytes.get(at + 1) != Some(&b'0') {
            continue;
        }
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_digit() || matches!(c, '比' | '与' | '较' | '至' | '截')) {
            continue;
        }
        let mut rest = &text[at..];
        if let Some(year) = leading_year(&mut rest) {
            return Some(year);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(entity: &str, measure: Measure, year: Option<u16>) -> Subject {
        Subject { entity: entity.into(), measure, year }
    }

    #[test]
    fn subjects_of_real_sentences() {
        for (words, subject) in [
            ("本年收入合计", s("本年收入合计", Measure::Unstated, None)),
            ("2020年度收、支总计", s("收、支总计", Measure::Unstated, Some(2020))),
            ("公务接待费支出预算为", s("公务接待费支出", Measure::Budget, None)),
            ("支出决算为", s("支出", Measure::Actual, None)),
            ("2020年度财政拨款支出年初预算数为", s("财政拨款支出", Measure::Budget, Some(2020))),
            ("其中基本支出总额为", s("基本支出", Measure::Unstated, None)),
            ("2019 全年一般公共预算基本支出总额为", s("一般公共预算基本支出", Measure::Unstated, Some(2019))),
            ("本部门2020年度机关运行经费支出", s("机关运行经费支出", Measure::Unstated, Some(2020))),
            ("3、公务用车购置费及运行维护费支出决算为", s("公务用车购置费及运行维护费支出", Measure::Actual, None)),
            ("一般公共服务（类）支出", s("一般公共服务(类)支出", Measure::Unstated, None)),
            ("比上年", s("", Measure::LastYear, None)),
            ("比 2025 年年初预算数", s("", Measure::LastYear, Some(2025))),
            ("较2019年决算", s("", Measure::LastYear, Some(2019))),
            ("年初预算为", s("", Measure::Budget, None)),
            ("公务用车购置费及运行维护费支出决算", s("公务用车购置费及运行维护费支出", Measure::Actual, None)),
        ] {
            assert_eq!(subject_of(words), subject, "{words}");
        }
    }

    #[test]
    fn years_that_are_fiscal_years() {
        assert_eq!(stated_year("2020年度收、支总计2069.69万元"), Some(2020));
        assert_eq!(stated_year("截止2020年12月31日，共有车辆4辆"), None);
        assert_eq!(stated_year("比2019年减少，2020年支出"), Some(2020));
        assert_eq!(stated_year("2019 全年预算支出总额"), Some(2019));
        assert_eq!(stated_year("2019 年 3 月省商务厅"), None);
    }
}
