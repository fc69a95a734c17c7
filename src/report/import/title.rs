//! Phase 1b of the import: titles. Which table a title names (a rule list: a new province's
//! wording is a new line), the number it prints, and the year of a report.

use crate::catalog::normalize_name;
use crate::text::{contains_biao, trim};

/// What a table is, from its title: the rules of a table set refer to these.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// use kemu::report::TableKind;
/// assert_eq!(report.tables[5].kind, TableKind::GeneralBasic);
/// assert_eq!(TableKind::from_title("财政拨款收入支出决算总表"), Some(TableKind::FiscalSummary));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum TableKind {
    /// 收入支出决算总表 / 收支预算总表 / 财务收支预算总表 / 收支总体情况表 / 收支总表.
    Summary,
    /// 收入决算表 / 收入预算总表 / 收入总体情况表 / 收入总表.
    Income,
    /// 支出决算表 / 支出预算总表 / 支出总体情况表 / 支出总表.
    Expenditure,
    /// 财政拨款收入支出决算总表 / 财政拨款收支预算总表 / 财政拨款收支总体情况表.
    FiscalSummary,
    /// 财政拨款支出预算表 (Jiangsu).
    FiscalExpenditure,
    /// 财政拨款基本支出预算表 (Jiangsu).
    FiscalBasic,
    /// 一般公共预算财政拨款支出决算表 / 一般公共预算支出预算表 (功能分类).
    GeneralExpenditure,
    /// 一般公共预算支出表按经济分类 (not only 基本支出).
    GeneralEconomic,
    /// 一般公共预算财政拨款基本支出决算表 (经济分类).
    GeneralBasic,
    /// 一般公共预算项目支出表.
    GeneralProject,
    /// 基本支出预算表 of all funds.
    Basic,
    /// 项目支出表 / 专项业务经费支出表 of all funds.
    Project,
    /// 财政拨款上年结转资金支出表.
    CarryOver,
    /// “三公”经费支出表.
    ThreePublic,
    /// 政府性基金预算财政拨款收入支出表.
    GovernmentFund,
    /// 国有资本经营预算财政拨款支出表.
    StateCapital,
    /// 机关运行经费支出表.
    OperatingCost,
    /// 政府采购支出表.
    Procurement,
    /// 政府购买服务预算表.
    PurchaseService,
}

/// One title rule: every group must match (a group matches when the title holds any of its
/// texts) and none of `unless` may appear. The first rule that matches names the kind.
struct TitleRule {
    kind: TableKind,
    all: &'static [&'static [&'static str]],
    unless: &'static [&'static str],
}

const fn title_rule(
    kind: TableKind,
    all: &'static [&'static [&'static str]],
    unless: &'static [&'static str],
) -> TitleRule {
    TitleRule { kind, all, unless }
}

/// The words a table title ends with, in the layouts seen (总表, 情况表, 明细表 …).
const TABLE_WORDS: &[&str] = &["决算表", "预算表", "总表", "情况表", "明细表", "支出表", "收入表", "收支表", "经费表"];

/// A summary title with its 总 left out, as one word (a 项目 or 经营 收支 table is not the
/// department's summary; 财政拨款收入预算表 is the 财政拨款 income table).
const SUMMARY_WITHOUT_TOTAL: &[&str] = &["收入支出决算表", "收支决算表", "收入支出预算表", "收支预算表"];

/// Title rules as data, in order: a new province's wording is a new line here.
const TITLE_RULES: &[TitleRule] = {
    use TableKind::*;
    &[
        title_rule(ThreePublic, &[&["三公"]], &[]),
        title_rule(GovernmentFund, &[&["政府性基金"]], &[]),
        title_rule(StateCapital, &[&["国有资本经营"]], &[]),
        title_rule(OperatingCost, &[&["机关运行经费"]], &[]),
        title_rule(Procurement, &[&["政府采购"]], &[]),
        title_rule(PurchaseService, &[&["政府购买服务"]], &[]),
        title_rule(CarryOver, &[&["结转"], &["支出"]], &["收支", "不含上年结转", "不含结转"]),
        title_rule(GeneralBasic, &[&["一般公共预算"], &["基本支出"]], &[]),
        title_rule(GeneralProject, &[&["一般公共预算"], &["项目支出"]], &[]),
        title_rule(GeneralEconomic, &[&["一般公共预算"], &["支出"], &["经济分类", "经济科目"]], &[]),
        title_rule(GeneralExpenditure, &[&["一般公共预算"], &["支出"]], &[]),
        title_rule(FiscalBasic, &[&["财政拨款"], &["基本支出"]], &[]),
        title_rule(FiscalSummary, &[&["财政拨款收"], &["总表", "总体情况表"]], &[]),
        title_rule(FiscalSummary, &[&["财政拨款"], SUMMARY_WITHOUT_TOTAL], &["项目"]),
        title_rule(FiscalExpenditure, &[&["财政拨款支出"]], &[]),
        title_rule(Summary, &[&["收入支出", "收支"], &["总表", "总体情况表"]], &[]),
        title_rule(Summary, &[SUMMARY_WITHOUT_TOTAL], &["项目", "经营", "社会保险基金"]),
        title_rule(Income, &[&["收入"], TABLE_WORDS], &["支出"]),
        title_rule(Basic, &[&["基本支出"], TABLE_WORDS], &[]),
        title_rule(Project, &[&["项目支出", "专项业务经费"], TABLE_WORDS], &[]),
        title_rule(Expenditure, &[&["支出"], TABLE_WORDS], &[]),
    ]
};

impl TableKind {
    /// Recognizes a table title (spaces ignored); `None` for text that is not one, and for the
    /// tables outside the disclosure set (绩效目标表, 绩效自评表).
    ///
    /// ```
    /// use kemu::report::TableKind;
    /// assert_eq!(TableKind::from_title("一般公共预算财政拨款基本支出决算表"), Some(TableKind::GeneralBasic));
    /// assert_eq!(TableKind::from_title("2023年部门财务收支预算总表"), Some(TableKind::Summary));
    /// assert_eq!(TableKind::from_title("收支总体情况表"), Some(TableKind::Summary));
    /// assert_eq!(TableKind::from_title("二、收入总表"), Some(TableKind::Income));
    /// assert_eq!(TableKind::from_title("项目支出绩效目标表"), None);
    /// assert_eq!(TableKind::from_title("注：本表反映部门本年度各项支出情况。"), None);
    /// ```
    pub fn from_title(title: &str) -> Option<TableKind> {
        // Cheap rejections first: this runs on every line of a report ("注：本表反映…" notes too).
        let raw = title.trim_start();
        if title.len() > 240 || raw.starts_with('注') || raw.starts_with("说明") || !contains_biao(title) {
            return None;
        }
        // A title has at most 60 characters before its 部门: part; the text before the first 部
        // holds no more than that part, so long prose is rejected before normalizing it.
        let head = title.split('部').next().unwrap_or(title);
        // Counted fast (UTF-8 lead bytes) first; spaces are left out only past 60.
        if head.chars().count() > 60 && head.chars().filter(|c| !c.is_whitespace()).count() > 60 {
            return None;
        }
        let normal = crate::catalog::normalized(title);
        let words = TitleWords::get();
        let (t, present) = words.find(&normal);
        if t.starts_with('注') || t.starts_with("说明") || t.chars().count() > 60 || present & words.biao == 0 {
            return None;
        }
        let kind = words.rules.iter().find(|r| r.matches(present)).map(|r| r.kind)?;
        // A sentence that mentions a table is not its title (“详见附表”, “本表反映…”), and the
        // 绩效 tables are outside the set.
        (present & words.sentence == 0).then_some(kind)
    }
}

/// Words that make a text a sentence about a table rather than its title. They are looked for
/// in the normalized text, where a full-width comma `，` has become `,`.
const SENTENCE_WORDS: &[&str] = &["绩效", "详见", "本表", "。", ","];

/// A title rule over the words found: a bit per word of [`TitleWords`].
struct RuleMask {
    kind: TableKind,
    all: Vec<u128>,
    unless: u128,
}

impl RuleMask {
    fn matches(&self, present: u128) -> bool {
        self.all.iter().all(|any| present & any != 0) && present & self.unless == 0
    }
}

/// Every word the title rules, the sentence check and the 部门: cut ask about, in one
/// automaton: a title is read once, not searched once a word.
struct TitleWords {
    automaton: aho_corasick::AhoCorasick,
    rules: Vec<RuleMask>,
    sentence: u128,
    biao: u128,
    department: usize,
}

impl TitleWords {
    fn get() -> &'static TitleWords {
        static WORDS: std::sync::LazyLock<TitleWords> = std::sync::LazyLock::new(TitleWords::build);
        &WORDS
    }

    fn build() -> TitleWords {
        let mut words: Vec<&'static str> = vec!["表", "部门:"];
        let mut bits = |group: &[&'static str]| -> u128 {
            group.iter().fold(0, |mask, w| {
                let at = words.iter().position(|x| x == w).unwrap_or_else(|| {
                    words.push(w);
                    words.len() - 1
                });
                mask | 1 << at
            })
        };
        let rules = TITLE_RULES
            .iter()
            .map(|r| RuleMask { kind: r.kind, all: r.all.iter().map(|g| bits(g)).collect(), unless: bits(r.unless) })
            .collect();
        let sentence = bits(SENTENCE_WORDS);
        assert!(words.len() <= 128, "the title rules ask about more words than a mask holds");
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .expect("the title words build an automaton");
        // Words 0 and 1 were put first: 表 (its bit) and 部门: (its index).
        TitleWords { automaton, rules, sentence, biao: 1 << 0, department: 1 }
    }

    /// The title up to its `部门:` part, and the words found in it.
    fn find<'t>(&self, normal: &'t str) -> (&'t str, u128) {
        let words_before = |cut: usize| {
            let within = self.automaton.find_overlapping_iter(normal).filter(|m| m.end() <= cut);
            within.fold(0, |mask, m| mask | 1 << m.pattern().as_usize())
        };
        let present = words_before(normal.len());
        if present & 1 << self.department == 0 {
            return (normal, present);
        }
        // Only the words before the first 部门: (a second pass, for the titles that print one).
        let cut = self
            .automaton
            .find_overlapping_iter(normal)
            .filter(|m| m.pattern().as_usize() == self.department)
            .map(|m| m.start())
            .min()
            .unwrap_or(normal.len());
        (&normal[..cut], words_before(cut))
    }
}

fn chinese_number(s: &str) -> Option<u8> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u8);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The longest line (in characters) read as a table's number alone (`表5`, `单位预算01表`).
pub(super) const NUMBER_LINE_CHARS: usize = 12;

/// The number a table prints: `公开 02 表`, `公开01表`, `公开表二` anywhere on its title lines,
/// `(预算表5)` in its title, or a line that is only `表5` / `附表5` / `单位预算01表` (printed
/// above the title or below it).
pub(super) fn table_number(text: &str) -> Option<u8> {
    if !contains_biao(text) {
        return None;
    }
    let in_range = |n: u8| (1..=30).contains(&n);
    let number = |s: &str| s.parse().ok().or_else(|| chinese_number(s)).filter(|&n| in_range(n));
    if text.contains("公开") {
        let t = normalize_name(text);
        let at = t.find("公开")?;
        let rest = &t[at + "公开".len()..];
        let rest = rest.strip_prefix('表').unwrap_or(rest);
        let end = rest.find('表').unwrap_or(rest.len());
        let inner = rest[..end].trim_start_matches('第');
        let inner = inner.split("部门").next().unwrap_or(inner);
        return number(inner);
    }
    let t = normalize_name(text);
    // `单位预算01表`, `部门决算03表`: a short line, the number between the report's word and 表.
    if let Some(head) = t.strip_suffix('表')
        && t.chars().count() <= NUMBER_LINE_CHARS
    {
        let words = head.trim_end_matches(|c: char| c.is_ascii_digit() || crate::text::is_cjk_numeral(c));
        if words.len() < head.len() && (words.ends_with("预算") || words.ends_with("决算")) {
            return number(&head[words.len()..]);
        }
    }
    let bare = t.strip_prefix('附').unwrap_or(&t);
    if let Some(n) = bare.strip_prefix('表').map(|r| r.trim_end_matches([':', '：'])) {
        return number(n);
    }
    // “收支总表（预算表1）”: the number in brackets after the title.
    let (_, inner) = t.rsplit_once(['(', '（'])?;
    let inner = inner.strip_suffix([')', '）'])?;
    let n = inner.strip_prefix("预算表").or_else(|| inner.strip_prefix("决算表"))?;
    number(n)
}

pub(super) fn read_year(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4)).find_map(|i| {
        let digits = &text.get(i..i + 4)?;
        let year: u16 = digits.parse().ok()?;
        let next = text.get(i + 4..)?.trim_start();
        ((2000..=2100).contains(&year) && digits.bytes().all(|b| b.is_ascii_digit()) && next.starts_with('年'))
            .then_some(year)
    })
}

/// The year a report is for: `2024年`, `2024 年度` in its first prose lines (never a column
/// header such as `2025年执行数`: table rows are not read), or a year the extractor printed on a
/// line of its own beside a title that lost it (`重庆市商务委员会 年部门预算` / `2026`); else the
/// first such year in the prose.
pub(super) fn report_year(lines: &[&str]) -> Option<u16> {
    let prose = || lines.iter().map(|l| trim(l)).filter(|l| !l.is_empty() && !l.contains('\t'));
    let head: Vec<&str> = prose().take(40).collect();
    let alone = |l: &str| {
        let year: u16 = l.parse().ok()?;
        (l.len() == 4 && (2000..=2100).contains(&year)).then_some(year)
    };
    let lost_its_year = |l: &str| l.starts_with('年') || l.contains(" 年");
    head.iter()
        .find_map(|l| read_year(l))
        .or_else(|| {
            (0..head.len()).find_map(|i| {
                let year = alone(head[i])?;
                let beside = [i.checked_sub(1), Some(i + 1)].into_iter().flatten().filter_map(|j| head.get(j));
                beside.clone().any(|l| lost_its_year(l)).then_some(year)
            })
        })
        .or_else(|| prose().skip(40).find_map(read_year))
}

/// Whether two titles name the same table: equal apart from spaces and a 续表/（续） mark, or
/// one of them the other with more words around it (the unit's name or the unit of amounts
/// printed on the first page only: `某局收入总体情况表` then `收入总体情况表`). The caller asks
/// only of a title of the same kind right after the table.
pub(super) fn same_title(a: &str, b: &str) -> bool {
    let key = |t: &str| {
        let n = normalize_name(t);
        n.replace("(续)", "").replace("续表", "")
    };
    let (a, b) = (key(a), key(b));
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    short == long || short.chars().count() >= 4 && long.contains(short.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The title rules read as they are written, one substring search a word: what the
    /// automaton must agree with.
    fn by_searches(title: &str) -> Option<TableKind> {
        let raw = title.trim_start();
        if title.len() > 240 || raw.starts_with('注') || raw.starts_with("说明") || !title.contains('表') {
            return None;
        }
        let head = title.split('部').next().unwrap_or(title);
        if head.chars().filter(|c| !c.is_whitespace()).count() > 60 {
            return None;
        }
        let t = normalize_name(title);
        let t = t.split("部门:").next().unwrap_or(&t);
        if t.starts_with('注') || t.starts_with("说明") || t.chars().count() > 60 || !t.contains('表') {
            return None;
        }
        let kind = TITLE_RULES
            .iter()
            .find(|r| {
                r.all.iter().all(|any| any.iter().any(|w| t.contains(w))) && !r.unless.iter().any(|w| t.contains(w))
            })
            .map(|r| r.kind)?;
        (!SENTENCE_WORDS.iter().any(|w| t.contains(w))).then_some(kind)
    }

    proptest! {
        #[test]
        fn the_title_automaton_reads_as_the_searches_do(
            parts in proptest::collection::vec(prop_oneof![
                Just("一般公共预算"), Just("财政拨款"), Just("收支"), Just("收入"), Just("支出"), Just("基本支出"),
                Just("项目支出"), Just("总表"), Just("情况表"), Just("决算表"), Just("预算表"), Just("三公"),
                Just("结转"), Just("不含结转"), Just("经济分类"), Just("政府性基金"), Just("部门："), Just("部门:"),
                Just("本表"), Just("。"), Just("，"), Just("表"), Just(" "), Just("注"), Just("某局"), Just("（一）"),
            ], 0..8)
        ) {
            let title: String = parts.concat();
            prop_assert_eq!(TableKind::from_title(&title), by_searches(&title), "{}", title);
        }
    }

    #[test]
    fn titles_name_their_kind() {
        use TableKind::*;
        let cases: &[(&str, Option<TableKind>)] = &[
            ("收入支出决算总表", Some(Summary)),
            ("收入支出决算表", Some(Summary)),
            ("财政拨款收入支出决算表", Some(FiscalSummary)),
            ("财政拨款收入预算表", Some(Income)),
            ("部门收支预算表", Some(Summary)),
            ("社会保险基金收支预算表", None),
            ("基本建设项目收支预算表", None),
            ("2026年部门收支总体情况表", Some(Summary)),
            ("一、收支总表", Some(Summary)),
            ("收入总体情况表", Some(Income)),
            ("2022年部门综合预算收入总表", Some(Income)),
            ("支出总体情况表", Some(Expenditure)),
            ("财政拨款收支总体情况表", Some(FiscalSummary)),
            ("财政拨款收入支出决算总表", Some(FiscalSummary)),
            ("一般公共预算支出情况表", Some(GeneralExpenditure)),
            ("2026 年度一般公共预算支出经济分类情况表", Some(GeneralEconomic)),
            ("一般公共预算基本支出情况表", Some(GeneralBasic)),
            ("一般公共预算项目支出情况表（按经济分类科目）", Some(GeneralProject)),
            ("基本支出预算情况表", Some(Basic)),
            ("项目支出预算情况表", Some(Project)),
            ("2022年部门综合预算专项业务经费支出表", Some(Project)),
            ("2022部门综合预算财政拨款上年结转资金支出表", Some(CarryOver)),
            ("会议费、培训费支出预算表（不含上年结转）", Some(Expenditure)),
            ("财政拨款“三公”经费支出表", Some(ThreePublic)),
            ("政府性基金预算支出情况表", Some(GovernmentFund)),
            ("国有资本经营预算支出情况表", Some(StateCapital)),
            ("政府采购预算明细表", Some(Procurement)),
            ("财政拨款政府购买服务明细表", Some(PurchaseService)),
            ("项目支出绩效目标表", None),
            ("第二部分 2026年度部门预算报表", None),
            ("详见附表", None),
            ("注：本表反映部门本年度各项支出情况。", None),
            ("备注：本单位无政府性基金预算安排的支出，故此表无数据", None),
        ];
        for (title, kind) in cases {
            assert_eq!(TableKind::from_title(title), *kind, "{title}");
        }
    }

    #[test]
    fn numbers_come_from_the_title_or_the_line_above() {
        let cases: &[(&str, Option<u8>)] = &[
            ("公开 02 表", Some(2)),
            ("公开01表", Some(1)),
            ("公开表二", Some(2)),
            ("公开表12", Some(12)),
            ("表5", Some(5)),
            ("表 13", Some(13)),
            ("附表3", Some(3)),
            ("表八", Some(8)),
            ("收支总表（预算表1）", Some(1)),
            ("本年一般公共预算“三公”经费支出表(预算表7)", Some(7)),
            ("单位预算01表", Some(1)),
            ("部门决算 03 表", Some(3)),
            ("一般公共预算表", None),
            ("2026年部门预算1至9表说明", None),
            ("表格", None),
            ("表99", None),
            ("收入总表", None),
        ];
        for (text, number) in cases {
            assert_eq!(table_number(text), *number, "{text}");
        }
    }

    #[test]
    fn titles_match_across_pages() {
        assert!(same_title("收入总体情况表", "收入总体情况表（续）"));
        assert!(same_title("2022年部门综合预算 收支总表", "2022年部门综合预算收支总表"));
        assert!(!same_title("收入总体情况表", "支出总体情况表"));
        assert!(same_title("某某市某某局（本级）收入总体情况表", "收入总体情况表"));
        assert!(same_title("收入总体情况表", "收入总体情况表（单位：万元）"));
        assert!(!same_title("某某中心收入总体情况表", "某某学校收入总体情况表"));
    }

    #[test]
    fn the_year_is_read_with_or_without_a_space() {
        for (text, year) in [("2024年度部门决算", Some(2024)), ("上海市 2026年 预算", Some(2026)), ("无年份", None)]
        {
            assert_eq!(read_year(text), year, "{text}");
        }
    }
}
