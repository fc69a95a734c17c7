//! The balance engine on the worked examples of the real 2020 report and on each outcome.

use kemu::balance::{
    CellRef, Equation, Outcome, Row, SearchLimits, Table, Tolerance, Typo, crossfoot_equations, evaluate,
    hierarchy_equations, localize,
};
use kemu::{FuncCode, Severity};
use rust_decimal::Decimal;

fn d(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

fn f(s: &str) -> FuncCode {
    FuncCode::parse(s).unwrap()
}

/// Table 02 收入决算表 of hn-szb-2020-js.txt (万元): two amount columns carry every figure.
fn table_02() -> Table {
    let rows = [
        ("201", "一般公共服务支出", "1013.91"),
        ("20103", "政府办公厅（室）及相关机构事务", "951.38"),
        ("2010301", "行政运行", "902.47"),
        ("2010302", "一般行政管理事务", "28.91"),
        ("20104", "发展与改革事务", "20"),
        ("2010499", "其他发展与改革事务支出", "20"),
        ("204", "公共安全支出", "12.1"),
        ("20402", "公安", "12.1"),
        ("2040220", "执法办案", "12.1"),
        ("208", "社会保障和就业支出", "50.43"),
        ("20805", "行政事业单位离退休", "50.43"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "50.43"),
    ];
    Table {
        id: "02".into(),
        title: "收入决算表".into(),
        columns: vec!["本年收入合计".into(), "财政拨款收入".into(), "上级补助收入".into()],
        rows: rows.iter().map(|(c, n, v)| Row::code(f(c), n, vec![d(v), d(v), None])).collect(),
    }
}

fn equations_02(tables: &[Table]) -> Vec<Equation> {
    let mut eqs = hierarchy_equations(tables, 0, &[0, 1, 2]);
    eqs.extend(crossfoot_equations(tables, 0, 0, &[1, 2]));
    eqs
}

#[test]
fn table_02_mismatches_are_20103_and_201_in_both_columns() {
    let tables = [table_02()];
    let findings = evaluate(&tables, &equations_02(&tables), Tolerance::Rounded);
    let got: Vec<(String, String, String, String)> = findings
        .iter()
        .map(|f| (f.row.clone(), f.column.clone(), f.expected.unwrap().to_string(), f.difference.unwrap().to_string()))
        .collect();
    let want = [
        ("201", "本年收入合计", "971.38", "42.53"),
        ("201", "财政拨款收入", "971.38", "42.53"),
        ("20103", "本年收入合计", "931.38", "20.00"),
        ("20103", "财政拨款收入", "931.38", "20.00"),
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let want: Vec<_> =
        want.iter().map(|(a, b, c, e)| (a.to_string(), b.to_string(), c.to_string(), e.to_string())).collect();
    assert_eq!(got_sorted, want);
    assert!(findings.iter().all(|f| f.severity == Severity::Error && f.outcome == Outcome::Mismatch));
    assert_eq!(findings[0].declared.unwrap().to_string(), if findings[0].row == "201" { "1013.91" } else { "951.38" });
}

#[test]
fn table_02_alone_cannot_tell_its_fixes_apart_and_proposes_none() {
    // Within table 02, 20103 → 931.38 (one digit), 2010301 → 922.47 (one digit) and 2010302 →
    // 48.91 (one digit), each with 201 moved to match, explain the findings equally well: the
    // figures of one table cannot say which, so no correction is proposed (the audit breaks the
    // tie with table 01: tests/audit.rs).
    let tables = [table_02()];
    let fix = localize(&tables, &equations_02(&tables), Tolerance::Rounded, SearchLimits::default());
    assert!(fix.exhaustive);
    assert_eq!((fix.corrections.len(), fix.basis), (0, None));
    assert_eq!((fix.candidates.len(), fix.alternatives), (5, 4));
    let shown = |set: &[kemu::balance::Correction]| -> Vec<(String, usize, String, String)> {
        set.iter()
            .map(|c| (tables[0].rows[c.cell.row].name(), c.cell.column, c.from.unwrap().to_string(), c.to.to_string()))
            .collect()
    };
    let want = [
        ("201", 0, "1013.91", "951.38"),
        ("201", 1, "1013.91", "951.38"),
        ("20103", 0, "951.38", "931.38"),
        ("20103", 1, "951.38", "931.38"),
    ];
    let want: Vec<_> = want.iter().map(|(a, b, c, e)| (a.to_string(), *b, c.to_string(), e.to_string())).collect();
    let known = fix.candidates.iter().find(|set| shown(set) == want).expect("the known fix is among the candidates");
    assert_eq!(known[2].typo, Some(Typo::WrongDigit), "951.38 → 931.38 is one digit");
    assert_eq!(known[0].typo, None);
    // Every candidate makes the table balance.
    for set in &fix.candidates {
        let mut fixed = tables.clone();
        for c in set {
            fixed[0].rows[c.cell.row].cells[c.cell.column] = Some(c.to);
        }
        assert!(evaluate(&fixed, &equations_02(&fixed), Tolerance::Rounded).is_empty(), "{:?}", shown(set));
    }
}

#[test]
fn table_06_class_302_is_a_rounding_tail() {
    let items = [
        "4.65", "0.32", "5.78", "3.83", "22.37", "29.76", "9.4", "4.55", "1.11", "8.34", "18.09", "21", "7.93", "15.7",
        "9.23", "20.65", "15.78",
    ];
    let codes = [
        "30201", "30204", "30207", "30209", "30211", "30213", "30214", "30215", "30216", "30217", "30226", "30227",
        "30228", "30229", "30231", "30239", "30299",
    ];
    let mut rows = vec![Row::code(kemu::EconCode::parse("302").unwrap(), "商品和服务支出", vec![d("198.48")])];
    for (c, v) in codes.iter().zip(items) {
        rows.push(Row::code(kemu::EconCode::parse(c).unwrap(), "", vec![d(v)]));
    }
    let tables = [Table { id: "06".into(), columns: vec!["决算数".into()], rows, ..Table::default() }];
    let findings = evaluate(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded);
    assert_eq!(findings.len(), 1);
    let tail = &findings[0];
    assert_eq!((tail.severity, tail.outcome), (Severity::Info, Outcome::RoundingTail));
    assert_eq!(tail.expected.unwrap().to_string(), "198.49");
    assert_eq!(tail.difference.unwrap().to_string(), "-0.01");
    // The same difference with exact tolerance is an error.
    let exact = evaluate(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Exact);
    assert_eq!(exact[0].outcome, Outcome::Mismatch);
}

#[test]
fn blanks_negatives_chains_and_empty_tables() {
    let make = |total: Option<Decimal>, parts: Vec<Option<Decimal>>| {
        let mut rows = vec![Row::total("合计", vec![total])];
        for (i, p) in parts.into_iter().enumerate() {
            rows.push(Row::code(FuncCode::parse(&format!("2{:02}", i + 1)).unwrap(), "", vec![p]));
        }
        [Table { id: "t".into(), columns: vec!["c".into()], rows, ..Table::default() }]
    };
    let outcome =
        |t: &[Table]| evaluate(t, &hierarchy_equations(t, 0, &[0]), Tolerance::Rounded).first().map(|f| f.outcome);
    assert_eq!(outcome(&make(None, vec![d("9.23"), None])), Some(Outcome::BlankTotal));
    assert_eq!(outcome(&make(None, vec![None, None])), None);
    assert_eq!(outcome(&make(None, vec![d("0.00")])), None, "a blank total over zero parts balances");
    assert_eq!(outcome(&make(d("5"), vec![None, None])), Some(Outcome::BlankParts));
    assert_eq!(outcome(&make(d("-3.50"), vec![d("-5.00"), d("1.50")])), None, "negative amounts");
    assert_eq!(outcome(&make(d("-3.53"), vec![d("-5.00"), d("1.50")])), Some(Outcome::Mismatch));
    assert_eq!(outcome(&make(d("1.00"), vec![d("1.01")])), Some(Outcome::Mismatch), "0.01 is not below 0.005 + 0.005");
    assert_eq!(outcome(&make(d("1.0"), vec![d("1.04")])), Some(Outcome::RoundingTail));
    let empty = [Table::default()];
    assert!(evaluate(&empty, &hierarchy_equations(&empty, 0, &[0]), Tolerance::Rounded).is_empty());
    assert!(localize(&empty, &[], Tolerance::Rounded, SearchLimits::default()).corrections.is_empty());

    // A single-child chain 类 → 款 → 项: each level equals the one below.
    let chain = [Table {
        id: "c".into(),
        columns: vec!["x".into()],
        rows: vec![
            Row::code(f("204"), "", vec![d("12.10")]),
            Row::code(f("20402"), "", vec![d("12.1")]),
            Row::code(f("2040220"), "", vec![d("12.01")]),
        ],
        ..Table::default()
    }];
    let findings = evaluate(&chain, &hierarchy_equations(&chain, 0, &[0]), Tolerance::Rounded);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].row, "20402");
    let fix = localize(&chain, &hierarchy_equations(&chain, 0, &[0]), Tolerance::Rounded, SearchLimits::default());
    assert_eq!(fix.corrections.len(), 1);
    assert_eq!(fix.corrections[0].cell, CellRef::new(0, 2, 0), "{fix:?}");
    assert_eq!(fix.corrections[0].to.to_string(), "12.10");
    assert_eq!(fix.corrections[0].typo, Some(Typo::SwappedDigits));
}

#[test]
fn blank_subtotal_is_localized_to_its_value() {
    // Table 07's 公务用车购置及运行费 小计 (决算) is blank while 运行费 is 9.23.
    let tables = [Table {
        id: "07".into(),
        columns: vec!["合计".into(), "出国".into(), "小计".into(), "购置".into(), "运行".into(), "接待".into()],
        rows: vec![Row::label("决算数", vec![d("17.57"), None, None, None, d("9.23"), d("8.34")])],
        ..Table::default()
    }];
    let eqs = vec![
        Equation::sum(
            "07:三公",
            "合计 = 出国 + 小计 + 接待",
            CellRef::new(0, 0, 0),
            [1, 2, 5].map(|c| CellRef::new(0, 0, c)),
        ),
        Equation::sum(
            "07:公务用车",
            "小计 = 购置 + 运行",
            CellRef::new(0, 0, 2),
            [3, 4].map(|c| CellRef::new(0, 0, c)),
        ),
    ];
    let findings = evaluate(&tables, &eqs, Tolerance::Rounded);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert!(findings.iter().any(|f| f.outcome == Outcome::BlankTotal && f.column == "小计"));
    let fix = localize(&tables, &eqs, Tolerance::Rounded, SearchLimits::default());
    assert_eq!(fix.corrections.len(), 1);
    assert_eq!(
        (fix.corrections[0].cell.column, fix.corrections[0].from, fix.corrections[0].to),
        (2, None, "9.23".parse().unwrap())
    );
}

#[test]
fn a_negative_figure_in_a_column_of_changes_is_no_impossible_figure() {
    use kemu::balance::{Row, SearchLimits, Table, Tolerance, crossfoot_equations, localize};
    let d = |s: &str| Some(s.parse::<rust_decimal::Decimal>().unwrap());
    let table = |group: &str| Table {
        columns: ["小计", "因公出国（境）费", "公务接待费"].iter().map(|c| format!("{group}/{c}")).collect(),
        // 10.00 + -3.00 is 7.00, printed 6.00: any one of the three cells may be the slip.
        rows: vec![Row::label("某单位", vec![d("6.00"), d("10.00"), d("-3.00")])],
        ..Table::default()
    };
    let fix = |group: &str| {
        let tables = [table(group)];
        localize(&tables, &crossfoot_equations(&tables, 0, 0, &[1, 2]), Tolerance::Rounded, SearchLimits::default())
    };
    // In a table of amounts a lone negative is the impossible figure, and its fix is proposed.
    let amounts = fix("预算数");
    assert_eq!((amounts.basis, amounts.corrections[0].cell.column), (Some(kemu::balance::Basis::ImpossibleFigure), 2));
    // Among changes a decrease is a figure: three fixes, none proposed.
    let changes = fix("增减变化情况");
    assert_eq!((changes.basis, changes.corrections.len(), changes.candidates.len()), (None, 0, 3));
}
