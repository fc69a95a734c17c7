//! Phase 3 of the narrative: each claim checked within the rounding of its printed figures
//! (every figure carries half a unit of its last printed digit, as in the tables), the same
//! subject stated twice, and the subjects the tables hold against those table figures.

use super::{Base, Claim, ClaimKind, Measure, NARRATIVE, Stated, claims};
use crate::amount::{Unit, half_step};
use crate::balance::{CellRef, Finding, Outcome, Severity, Table};
use crate::catalog::Catalog;
use crate::codes::{Code, Level};
use crate::report::import::{Report, ReportKind, TableKind};
use crate::report::rules::{ColSel, Figure, Lookup, RowSel, ThreePublicItem};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, HashMap};

/// The narrative findings of a report whose figures are `tables`.
///
/// ```
/// let report = kemu::report::import("本年支出合计1055.78万元，其中：基本支出994.77万元，占90.22%；项目支出61.01万元。");
/// let findings = kemu::report::narrative::check(&report, &[], &kemu::Catalog::year(2020)?);
/// assert_eq!(findings[0].rule, "narrative:share");
/// assert_eq!(findings[0].line, Some(1));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
pub fn check(report: &Report, tables: &[Table], catalog: &Catalog<'_>) -> Vec<Finding> {
    check_with(report, tables, catalog, &Lookup::new(report, tables, catalog))
}

/// [`check`] with the table look-up the audit already built for its rules.
pub(crate) fn check_with(
    report: &Report,
    tables: &[Table],
    catalog: &Catalog<'_>,
    lookup: &Lookup<'_>,
) -> Vec<Finding> {
    let claims = claims(report);
    let mut out = Vec::new();
    for claim in &claims {
        out.extend(arithmetic(claim));
    }
    // A report with a narrative (a figure in its prose) explains the sections a disclosure must.
    if claims.iter().any(|c| !matches!(c.kind, ClaimKind::Unread { .. })) && !report.tables.is_empty() {
        out.extend(super::sections::sections(report, tables));
    }
    // Figures whose relation the words do not say are not guessed at: one note says how many.
    let mut unread = claims.iter().filter(|c| matches!(c.kind, ClaimKind::Unread { .. }));
    if let Some(first) = unread.next() {
        let n = unread.count() + 1;
        let message = format!(
            "说明中 {n} 处数字未能判读其所指，未核对（首处第{}行） | {n} figures of the prose do not say what they are of and were not checked (first at line {})",
            first.line, first.line
        );
        out.push(Finding::note(Severity::Info, "narrative:unread", NARRATIVE, String::new(), message).at(first.line));
    }
    let scopes = scopes(&claims);
    out.extend(contradictions(&claims, &scopes));
    // Per table whose figures may not be the printed ones: the prose's figures not compared
    // with it, and the first one's line.
    let mut blurred: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for claim in &claims {
        if let ClaimKind::Amount(stated) = &claim.kind {
            let scope =
                scopes.get(&(stated.line, stated.value, stated.subject.entity.clone())).map_or("", String::as_str);
            match against_tables(report, tables, lookup, catalog, claim, stated, scope) {
                Compared::Contradicts(f) => out.push(*f),
                Compared::Blurred(t) => blurred.entry(t).or_insert((0, claim.line)).0 += 1,
                Compared::Consistent => {}
            }
        }
    }
    for (t, (n, first)) in blurred {
        let id = &tables[t].id;
        let message = format!(
            "说明中 {n} 处数字对应表{id}，该表读取不确定，未核对（首处第{first}行） | {n} figures of the prose are of table {id}, whose reading is uncertain: not checked (first at line {first})"
        );
        out.push(Finding::note(Severity::Info, "narrative:uncertain", NARRATIVE, String::new(), message).at(first));
    }
    out
}

/// A prose figure against the table cell it restates.
enum Compared {
    /// The cell agrees, or no cell restates it.
    Consistent,
    /// The cell says otherwise.
    Contradicts(Box<Finding>),
    /// The cell is in this table, whose figures may not be the printed ones.
    Blurred(usize),
}

/// A printed figure in 元 with its rounding.
#[derive(Debug, Clone, Copy)]
struct Approx {
    value: Decimal,
    half: Decimal,
}

impl Approx {
    /// A figure printed in `unit`, in 元.
    fn printed(value: Decimal, unit: Unit) -> Approx {
        Approx { value: value * unit.in_yuan(), half: half_step(value) * unit.in_yuan() }
    }
}

fn approx(s: &Stated) -> Approx {
    Approx::printed(s.value, s.unit)
}

/// The range of `num / den × 100` over the figures' rounding; `None` when `den` may be 0.
fn percent_range(num: Approx, den: Approx) -> Option<(Decimal, Decimal)> {
    let low_den = den.value - den.half;
    if low_den <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let low = (num.value - num.half).max(Decimal::ZERO).checked_div(den.value + den.half)? * hundred;
    let high = (num.value + num.half).checked_div(low_den)? * hundred;
    Some((low, high))
}

/// A finding about a claim, unless the printed `percent` is within the range the figures allow.
fn percent_finding(
    claim: &Claim,
    rule: &str,
    entity: &str,
    percent: Decimal,
    exact: Decimal,
    range: (Decimal, Decimal),
) -> Option<Finding> {
    let half = half_step(percent);
    if percent + half >= range.0 && percent - half <= range.1 {
        return None;
    }
    let expected = exact.round_dp_with_strategy(percent.scale().max(2), RoundingStrategy::MidpointAwayFromZero);
    let message = format!(
        "说明“{}”：所述 {percent}% 与其数字不符，应为 {expected}% | the sentence states {percent}%, its figures give {expected}%",
        clip(&claim.sentence)
    );
    Some(figure_finding(claim, rule, entity, Some(percent), Some(expected), message))
}

fn figure_finding(
    claim: &Claim,
    rule: &str,
    entity: &str,
    declared: Option<Decimal>,
    expected: Option<Decimal>,
    message: String,
) -> Finding {
    let mut f = Finding::note(Severity::Error, rule, NARRATIVE, entity.to_string(), message).at(claim.line);
    f.outcome = Outcome::Mismatch;
    f.declared = declared;
    f.expected = expected;
    f.difference = declared.zip(expected).map(|(d, e)| d - e);
    f
}

/// The sentence, shortened for a message.
fn clip(sentence: &str) -> String {
    // Where the 59th character starts, and whether a 61st follows: one pass.
    let mut starts = sentence.char_indices().map(|(at, _)| at);
    match (starts.nth(58), starts.nth(1)) {
        (Some(cut), Some(_)) => format!("{}…", &sentence[..cut]),
        _ => sentence.to_string(),
    }
}

/// `percent` % as the ratio of `num` to `den` (a share of its whole, an outturn of its budget).
fn ratio(claim: &Claim, rule: &str, num: &Stated, den: &Stated, percent: Decimal) -> Option<Finding> {
    let (n, d) = (approx(num), approx(den));
    let range = percent_range(n, d)?;
    percent_finding(claim, rule, &num.subject.entity, percent, n.value / d.value * Decimal::ONE_HUNDRED, range)
}

/// The checks inside a claim: shares, changes, execution, directions, enumerations.
fn arithmetic(claim: &Claim) -> Option<Finding> {
    match &claim.kind {
        ClaimKind::Share { part, whole, percent } => ratio(claim, "narrative:share", part, whole, *percent),
        ClaimKind::Execution { budget, actual, percent } => {
            ratio(claim, "narrative:execution", actual, budget, *percent)
        }
        ClaimKind::Direction { budget, actual, larger } => {
            let (a, b) = (approx(actual), approx(budget));
            // Figures within each other's rounding cannot tell which is larger.
            if (a.value - b.value).abs() <= a.half + b.half || (a.value > b.value) == *larger {
                return None;
            }
            let (zh, en) = if *larger { ("大于", "larger") } else { ("小于", "smaller") };
            let message = format!(
                "说明称决算数{zh}预算数，而决算 {} 、预算 {} | the prose says the outturn is {en} than the budget: outturn {}, budget {}",
                actual.value, budget.value, actual.value, budget.value
            );
            Some(figure_finding(
                claim,
                "narrative:direction",
                &actual.subject.entity,
                Some(actual.value),
                Some(budget.value),
                message,
            ))
        }
        ClaimKind::Change { of, base, delta, unit, percent, before } => {
            change(claim, of, *base, *delta, *unit, *percent, before.as_ref())
        }
        ClaimKind::Parts { whole, parts } => enumeration(claim, whole, parts),
        _ => None,
    }
}

fn change(
    claim: &Claim,
    of: &Stated,
    base: Base,
    delta: Decimal,
    unit: Unit,
    percent: Option<Decimal>,
    before: Option<&Stated>,
) -> Option<Finding> {
    let now = approx(of);
    let d = Approx::printed(delta, unit);
    let entity = &of.subject.entity;
    if let Some(before) = before {
        let b = approx(before);
        let difference = now.value - b.value - d.value;
        if difference.abs() > now.half + b.half + d.half {
            let expected = (now.value - b.value) / unit.in_yuan();
            let message = format!(
                "说明“{}”：{} − {} = {expected}，而所述变动为 {delta} | {} − {} is {expected}, the stated change is {delta}",
                clip(&claim.sentence),
                of.value,
                before.value,
                of.value,
                before.value
            );
            return Some(figure_finding(claim, "narrative:change", entity, Some(delta), Some(expected), message));
        }
    }
    let percent = percent?;
    // The base is this year's figure less the change: 2069.69 + 387.94 for 减少387.94.
    let mut corners = Vec::with_capacity(4);
    for n in [now.value - now.half, now.value + now.half] {
        for c in [d.value - d.half, d.value + d.half] {
            let base_value = n - c;
            if base_value <= Decimal::ZERO {
                return None;
            }
            corners.push(c.abs() / base_value * Decimal::ONE_HUNDRED);
        }
    }
    let straddles = d.value.abs() <= d.half;
    let low = if straddles { Decimal::ZERO } else { corners.iter().copied().fold(Decimal::MAX, Decimal::min) };
    let high = corners.iter().copied().fold(Decimal::ZERO, Decimal::max);
    let exact = d.value.abs() / (now.value - d.value) * Decimal::ONE_HUNDRED;
    let rule = if base == Base::Budget { "narrative:change_against_budget" } else { "narrative:change" };
    percent_finding(claim, rule, entity, percent, exact, (low, high))
}

/// Enumerations known to be complete: a whole whose subject holds the first text, and one part
/// for each group of texts (基本支出 = 人员经费 + 公用经费).
const COMPLETE: &[(&str, &[&[&str]])] = &[
    ("基本支出", &[&["人员经费", "人员支出"], &["公用经费", "公用支出"]]),
    ("人员经费", &[&["工资福利"], &["对个人和家庭"]]),
    ("三公", &[&["出国"], &["公务用车"], &["接待"]]),
    ("公务用车购置", &[&["购置费"], &["运行"]]),
    // The sources of funds as a budget's 说明 lists them (an outline: 二、收入预算 …, （一）本年财政拨款
    // 收入 …, 1.一般公共预算拨款收入 …), and its spending by kind.
    ("收入", &[&["财政拨款"], &["其他资金"], &["结转"]]),
    ("财政拨款", &[&["一般公共预算"], &["政府性基金"], &["国有资本"]]),
    ("其他资金", &[&["财政专户"], &["事业收入"], &["上级补助"], &["附属单位"], &["经营收入"], &["其他收入"]]),
    // (Not 支出 = 基本 + 项目 alone: a total may also hold 上缴上级, 经营 or 结转 the prose names
    // elsewhere, and Beijing's 占本年支出预算 is of 基本 + 项目 while its 支出预算 is of all.)
    ("支出", &[&["基本支出"], &["项目支出"], &["结转"]]),
];

pub(super) fn is_complete(whole: &Stated, parts: &[(i8, Stated)]) -> bool {
    COMPLETE.iter().any(|(w, groups)| {
        whole.subject.entity.contains(w)
            && parts.len() == groups.len()
            && groups.iter().all(|g| parts.iter().any(|(_, p)| g.iter().any(|t| p.subject.entity.contains(t))))
    })
}

fn enumeration(claim: &Claim, whole: &Stated, parts: &[(i8, Stated)]) -> Option<Finding> {
    let w = approx(whole);
    let (mut sum, mut tolerance) = (Decimal::ZERO, w.half);
    for (sign, p) in parts {
        let a = approx(p);
        sum += Decimal::from(*sign) * a.value;
        tolerance += a.half;
    }
    let difference = w.value - sum;
    // Only a whole whose parts are known and all stated is checked: 其中 may name only the main
    // parts, and where the prose runs on (其中：…，较上年增加…；当年预算支出…) the words do not
    // say where its parts end.
    if difference.abs() <= tolerance || !is_complete(whole, parts) {
        return None;
    }
    let expected = sum / whole.unit.in_yuan();
    let names: Vec<&str> = parts.iter().map(|(_, p)| p.subject.entity.as_str()).collect();
    let message = format!(
        "说明“{}”：{} 为 {}，其所列各项（{}）合计 {expected} | {} is stated as {}, its stated parts sum to {expected}",
        clip(&claim.sentence),
        whole.subject.entity,
        whole.value,
        names.join("、"),
        whole.subject.entity,
        whole.value
    );
    let mut f =
        figure_finding(claim, "narrative:parts", &whole.subject.entity, Some(whole.value), Some(expected), message);
    f.tolerance = Some(tolerance / whole.unit.in_yuan());
    Some(f)
}

/// Each part of an enumeration → the subject of its whole (人员经费 of 财政拨款基本支出).
type Scopes = HashMap<(usize, Decimal, String), String>;

fn scopes(claims: &[Claim]) -> Scopes {
    let mut out = Scopes::new();
    for claim in claims {
        if let ClaimKind::Parts { whole, parts } = &claim.kind {
            for (_, p) in parts {
                out.insert((p.line, p.value, p.subject.entity.clone()), whole.subject.entity.clone());
            }
        }
    }
    out
}

/// One of the report's unique figures (本年收入合计, a 三公 item) stated twice, in the same
/// measure and year, with figures that differ beyond their rounding. Other subjects are not
/// compared: the same words name different figures under different headings, paragraphs and
/// enumerations (人员经费 of each unit, 专项业务经费支出 of 302 and of 303, 支出预算总计 of all
/// funds and of 财政拨款), and the prose does not always say which.
fn contradictions(claims: &[Claim], scopes: &Scopes) -> Vec<Finding> {
    type Key = (String, String, Measure, Option<u16>);
    let mut first: HashMap<Key, (&Claim, &Stated)> = HashMap::new();
    let mut out = Vec::new();
    for claim in claims {
        let ClaimKind::Amount(s) = &claim.kind else { continue };
        let unique = SUBJECTS.iter().any(|(names, _, source)| {
            matches!(source, Source::ThreePublic(_) | Source::Figure(Figure { table: TableKind::Summary, .. }))
                && names.contains(&s.subject.entity.as_str())
        });
        if !unique {
            continue;
        }
        // A part of an enumeration is of its whole's scope (其中 of 2019's spending).
        let scope = scopes.get(&(s.line, s.value, s.subject.entity.clone())).cloned().unwrap_or_default();
        let key = (scope, s.subject.entity.clone(), s.subject.measure, s.subject.year);
        let Some(&(earlier_claim, earlier)) = first.get(&key) else {
            first.insert(key, (claim, s));
            continue;
        };
        let (a, b) = (approx(s), approx(earlier));
        if (a.value - b.value).abs() <= a.half + b.half {
            continue;
        }
        let message = format!(
            "说明前后不一：第{}行“{}”为 {}，第{}行“{}”为 {} | the prose states {} as {} at line {} and as {} at line {}",
            earlier_claim.line,
            clip(&earlier_claim.sentence),
            earlier.value,
            claim.line,
            clip(&claim.sentence),
            s.value,
            s.subject.entity,
            earlier.value,
            earlier_claim.line,
            s.value,
            claim.line
        );
        out.push(figure_finding(
            claim,
            "narrative:contradiction",
            &s.subject.entity,
            Some(s.value),
            Some(earlier.value),
            message,
        ));
    }
    out
}

/// A subject of the prose and the table figure it is.
enum Source {
    Figure(Figure),
    ThreePublic(ThreePublicItem),
}

/// Subjects the tables hold, by the words that name them (the whole subject, quotes and
/// spaces left out), with whether a 财政拨款 scope is required.
const SUBJECTS: &[(&[&str], bool, Source)] = &[
    (
        &["本年收入合计"],
        false,
        Source::Figure(fig(TableKind::Summary, RowSel::Label(&["本年收入合计"]), ColSel::Named(&["收入"]))),
    ),
    (
        &["本年支出合计"],
        false,
        Source::Figure(fig(TableKind::Summary, RowSel::Label(&["本年支出合计"]), ColSel::Named(&["支出"]))),
    ),
    (
        &["收、支总计", "收支总计"],
        false,
        Source::Figure(fig(TableKind::Summary, RowSel::Label(&["收入总计"]), ColSel::Named(&["收入"]))),
    ),
    (
        &["财政拨款收、支总计", "财政拨款收支总计"],
        false,
        Source::Figure(fig(TableKind::FiscalSummary, RowSel::Label(&["收入总计"]), ColSel::First)),
    ),
    (&["基本支出"], false, Source::Figure(fig(TableKind::Expenditure, RowSel::Total, ColSel::Named(&["基本支出"])))),
    (&["项目支出"], false, Source::Figure(fig(TableKind::Expenditure, RowSel::Total, ColSel::Named(&["项目支出"])))),
    (
        &["财政拨款基本支出", "一般公共预算财政拨款基本支出"],
        false,
        Source::Figure(fig(TableKind::GeneralExpenditure, RowSel::Total, ColSel::Named(&["基本支出"]))),
    ),
    (
        &["财政拨款项目支出", "一般公共预算财政拨款项目支出"],
        false,
        Source::Figure(fig(TableKind::GeneralExpenditure, RowSel::Total, ColSel::Named(&["项目支出"]))),
    ),
    (
        &["人员经费"],
        true,
        Source::Figure(fig(TableKind::GeneralBasic, RowSel::Label(&["人员经费合计", "人员经费"]), ColSel::First)),
    ),
    (
        &["公用经费", "日常公用经费"],
        true,
        Source::Figure(fig(TableKind::GeneralBasic, RowSel::Label(&["公用经费合计", "公用经费"]), ColSel::First)),
    ),
    (&["“三公”经费财政拨款支出", "“三公”经费支出", "“三公”经费"], false, Source::ThreePublic(ThreePublicItem::Total)),
    (&["公务接待费支出", "公务接待费"], false, Source::ThreePublic(ThreePublicItem::Reception)),
    (&["因公出国(境)费支出", "因公出国(境)费"], false, Source::ThreePublic(ThreePublicItem::Abroad)),
    (
        &[
            "公务用车购置费及运行维护费支出",
            "公务用车购置及运行维护费支出",
            "公务用车购置及运行费",
            "公务用车购置费及运行维护费",
        ],
        false,
        Source::ThreePublic(ThreePublicItem::Vehicle),
    ),
    (&["公务用车购置费", "公务用车购置费支出"], false, Source::ThreePublic(ThreePublicItem::VehiclePurchase)),
    (
        &["公务用车运行维护费", "公务用车运行维护费支出", "公务用车运行费"],
        false,
        Source::ThreePublic(ThreePublicItem::VehicleRunning),
    ),
];

const fn fig(table: TableKind, row: RowSel, column: ColSel) -> Figure {
    Figure { table, row, column }
}

/// The cell of the tables a stated amount is, if the report's tables hold its subject.
fn source_cell(
    report: &Report,
    lookup: &Lookup<'_>,
    catalog: &Catalog<'_>,
    s: &Stated,
    scope: &str,
) -> Option<CellRef> {
    // Most subjects hold no space: borrowed as they are.
    let entity: std::borrow::Cow<'_, str> = if s.subject.entity.contains(char::is_whitespace) {
        s.subject.entity.chars().filter(|c| !c.is_whitespace()).collect::<String>().into()
    } else {
        s.subject.entity.as_str().into()
    };
    let fiscal = |t: &str| t.contains("财政拨款") || t.contains("一般公共预算");
    let budget = match (report.kind, s.subject.measure) {
        (_, Measure::LastYear | Measure::AdjustedBudget) => return None,
        (Some(ReportKind::FinalAccounts), Measure::Budget) => true,
        (Some(ReportKind::FinalAccounts), _) => false,
        (Some(ReportKind::Budget), Measure::Actual) | (None, _) => return None,
        (Some(ReportKind::Budget), _) => true,
    };
    for (names, needs_fiscal, source) in SUBJECTS {
        if !names.contains(&&*entity) || *needs_fiscal && !fiscal(scope) {
            continue;
        }
        return match source {
            Source::ThreePublic(item) => lookup.three_public(*item, budget),
            // A 决算 table holds the outturn; a 预算 table the budget.
            Source::Figure(_) if budget && report.kind == Some(ReportKind::FinalAccounts) => None,
            Source::Figure(f) => lookup.figure(*f),
        };
    }
    if budget && report.kind == Some(ReportKind::FinalAccounts) || !fiscal(scope) {
        return None;
    }
    // A 类 of the 财政拨款 spending (一般公共服务（类）支出1001.55万元) is its row of the 一般公共预算 table.
    let class = entity.replace("(类)", "");
    if class.len() == entity.len() {
        return None;
    }
    let class = if class.ends_with("支出") { class } else { class + "支出" };
    let entry = catalog
        .find_by_name(&class)
        .into_iter()
        .find(|e| e.level() == Level::Class && matches!(e.code(), Code::Func(_)))?;
    lookup.code_row(TableKind::GeneralExpenditure, entry.code())
}

fn against_tables(
    report: &Report,
    tables: &[Table],
    lookup: &Lookup<'_>,
    catalog: &Catalog<'_>,
    claim: &Claim,
    s: &Stated,
    scope: &str,
) -> Compared {
    if s.subject.year.is_some_and(|y| Some(y) != report.year) {
        return Compared::Consistent;
    }
    let Some(cell) = source_cell(report, lookup, catalog, s, scope) else { return Compared::Consistent };
    if report.tables[cell.table].doubts.iter().any(|d| d.blurs_figures()) {
        return Compared::Blurred(cell.table);
    }
    let own_unit = report.tables[cell.table].unit;
    let (Some(table_unit), Some(printed)) =
        (own_unit.or(report.unit), tables[cell.table].rows[cell.row].cells[cell.column])
    else {
        return Compared::Consistent;
    };
    let stated = approx(s);
    let agrees = |unit: Unit| {
        let figure = Approx::printed(printed, unit);
        (stated.value - figure.value).abs() <= stated.half + figure.half
    };
    // A table that prints no unit of its own is read in the report's: an assumption, so a
    // figure that agrees in another unit is no contradiction kemu can claim.
    let units = [Unit::Yuan, Unit::QianYuan, Unit::WanYuan, Unit::YiYuan];
    if agrees(table_unit) || own_unit.is_none() && units.into_iter().any(agrees) {
        return Compared::Consistent;
    }
    let figure = Approx::printed(printed, table_unit);
    let table = &tables[cell.table];
    let expected = figure.value / s.unit.in_yuan();
    let message = format!(
        "说明“{}”：{} 为 {}，表{} {} / {} 为 {printed} | the prose states {} as {}, table {} has {printed}",
        clip(&claim.sentence),
        s.subject.entity,
        s.value,
        table.id,
        table.rows[cell.row].name(),
        table.columns[cell.column],
        s.subject.entity,
        s.value,
        table.id
    );
    let mut f = figure_finding(claim, "narrative:table", &s.subject.entity, Some(s.value), Some(expected), message);
    f.column = format!("表{} {}", table.id, table.columns[cell.column]);
    Compared::Contradicts(Box::new(f))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentence_past_sixty_characters_is_clipped_to_fifty_eight() {
        let sixty = "收".repeat(60);
        assert_eq!(super::clip(&sixty), sixty);
        let clipped = super::clip(&"支".repeat(61));
        assert_eq!(clipped, format!("{}…", "支".repeat(58)));
    }
}
