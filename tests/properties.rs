//! What kemu proves about itself with its own public strategies (feature `proptest`).
#![cfg(feature = "proptest")]

use kemu::balance::{Outcome, RowKey, SearchLimits, Tolerance, evaluate, localize, smallest_fixes};
use kemu::rollup::RollUp;
use kemu::strategy::{self, Plant};
use kemu::{Catalog, Classification, Code, EconCode, FuncCode, Severity};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The number of cases: the default here, or `PROPTEST_CASES` for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(128)))]

    #[test]
    fn parse_display_and_serde_round_trip(code in any::<Code>(), func in any::<FuncCode>(), econ in any::<EconCode>()) {
        prop_assert_eq!(Code::parse(&code.to_string()).unwrap(), code);
        prop_assert_eq!(FuncCode::parse(&func.to_string()).unwrap(), func);
        prop_assert_eq!(EconCode::parse(&econ.to_string()).unwrap(), econ);
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
    }

    #[test]
    fn malformed_codes_are_typed_errors_naming_the_input(s in strategy::malformed_code()) {
        let err = FuncCode::parse(&s).unwrap_err();
        prop_assert_eq!(&err.input, &s);
        let quoted = format!("{:?}", s);
        prop_assert!(err.to_string().contains(&quoted));
    }

    #[test]
    fn balanced_tables_rounded_to_wan_yuan_never_yield_an_error(t in strategy::balanced_table(2020)) {
        let tables = [t.table.clone()];
        let findings = evaluate(&tables, &t.equations(), Tolerance::Rounded);
        for f in &findings {
            prop_assert_eq!(f.outcome, Outcome::RoundingTail, "{}", f);
            prop_assert_eq!(f.severity, Severity::Info);
        }
        prop_assert!(localize(&tables, &t.equations(), Tolerance::Rounded, SearchLimits::default()).corrections.is_empty());
    }

    #[test]
    fn a_planted_error_is_found_and_localized(p in strategy::perturbed(2024)) {
        let tables = [p.table.clone()];
        let eqs = p.original.equations_in(&tables, 0);
        let findings = evaluate(&tables, &eqs, Tolerance::Rounded);
        prop_assert!(findings.iter().any(|f| f.severity == Severity::Error), "{:?} not found", p.plant);
        if p.plant != Plant::ShiftedRow {
            let fixes = smallest_fixes(&tables, &eqs, Tolerance::Rounded, SearchLimits::default());
            prop_assert!(fixes.is_some(), "{:?} {:?}: no fix within the limits in {:#?}", p.plant, p.planted, p.table);
            let fixes = fixes.unwrap();
            prop_assert!(fixes.iter().any(|f| f == &p.planted), "{:?}: planted {:?} not among {:?}", p.plant, p.planted, fixes);
            prop_assert!(fixes.iter().all(|f| f.len() == 1), "one planted cell, one-cell fixes");
        }
    }

    #[test]
    fn rollup_conserves_its_input(items in strategy::ledger(2021, 0..400)) {
        let mut r = RollUp::new(Catalog::year(2021).unwrap(), Classification::Function, 1);
        for (i, item) in items.iter().enumerate() {
            prop_assert!(r.add_item(i, item).is_ok(), "ledger codes are leaves");
        }
        let input: Decimal = items.iter().map(|i| i.amounts[0]).sum();
        prop_assert_eq!(r.totals().grand_total()[0], input.normalize());
    }

    #[test]
    fn rollup_totals_are_each_code_with_its_ancestors_summed_in_tree_order(
        picks in prop::collection::vec((any::<prop::sample::Index>(), -10_000_000i64..10_000_000, 0u32..7), 0..300),
        classification in prop::sample::select(vec![Classification::Function, Classification::EconDepartment, Classification::EconGovernment]),
    ) {
        let catalog = Catalog::year(2021).unwrap();
        let leaves: Vec<Code> = catalog.leaves(classification).collect();
        let mut r = RollUp::new(catalog, classification, 1);
        let mut expected: std::collections::BTreeMap<Code, Decimal> = Default::default();
        for (line, (leaf, mantissa, scale)) in picks.iter().enumerate() {
            // Scales past four decimals take the roll-up's finer path.
            let (code, amount) = (*leaf.get(&leaves), Decimal::new(*mantissa, *scale));
            prop_assert!(r.add(line, code, &[amount]).is_ok());
            for c in std::iter::successors(Some(code), |c| c.parent()) {
                *expected.entry(c).or_default() += amount;
            }
        }
        let totals = r.totals();
        let rows: Vec<(Code, Decimal)> = totals.iter().map(|row| (row.code, row.amounts[0])).collect();
        let expected: Vec<(Code, Decimal)> = expected.into_iter().map(|(c, a)| (c, a.normalize())).collect();
        prop_assert_eq!(rows, expected);
        let input: Decimal = picks.iter().map(|&(_, m, s)| Decimal::new(m, s)).sum();
        prop_assert_eq!(totals.grand_total()[0], input.normalize());
    }

    #[test]
    fn rollup_merge_is_associative_and_commutative(
        a in strategy::ledger(2022, 0..50),
        b in strategy::ledger(2022, 0..50),
        c in strategy::ledger(2022, 0..50),
    ) {
        let part = |items: &[kemu::rollup::LineItem]| {
            let mut r = RollUp::new(Catalog::year(2022).unwrap(), Classification::Function, 1);
            for (i, item) in items.iter().enumerate() {
                r.add_item(i, item).unwrap();
            }
            r
        };
        let mut left = part(&a);
        left.merge(part(&b)).unwrap();
        left.merge(part(&c)).unwrap();
        let mut bc = part(&b);
        bc.merge(part(&c)).unwrap();
        let mut right = part(&a);
        right.merge(bc).unwrap();
        let mut reversed = part(&c);
        reversed.merge(part(&b)).unwrap();
        reversed.merge(part(&a)).unwrap();
        prop_assert_eq!(left.totals(), right.totals());
        prop_assert_eq!(left.totals(), reversed.totals());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn a_rendered_synthetic_report_imports_back_and_audits_clean(r in strategy::synthetic_report(2023)) {
        let text = r.render();
        let report = kemu::report::import(&text);
        // Only the empty tables (08, 09, and 07 when no 三公 item was drawn) are mentioned.
        prop_assert!(report.issues.iter().all(|i| i.severity == Severity::Info && i.kind == kemu::report::ImportIssueKind::NoFigures), "{:#?}", report.issues);
        prop_assert_eq!(report.tables.len(), 9);
        prop_assert_eq!(report.year, Some(2023));
        // Table 05 comes back with the same figures, row by row.
        let t05 = &report.tables[4].table;
        prop_assert_eq!(&t05.columns, &["本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"]);
        let coded: Vec<_> = t05.rows.iter().filter(|r| matches!(r.key, RowKey::Code(_))).collect();
        let expected: Vec<_> = r.spending.table.rows.iter().filter(|r| matches!(r.key, RowKey::Code(_))).collect();
        prop_assert_eq!(coded.len(), expected.len());
        for (got, want) in coded.iter().zip(&expected) {
            prop_assert_eq!(got.key, want.key);
            prop_assert_eq!(&got.cells, &want.cells);
        }
        let audit = kemu::report::audit(&text);
        let loud: Vec<_> = audit.findings.iter().filter(|f| f.severity != Severity::Info).collect();
        prop_assert!(loud.is_empty(), "{}", audit);
        prop_assert!(audit.findings.iter().all(|f| f.outcome == Outcome::RoundingTail || f.rule == "import"), "{}", audit);
    }
}

/// Two tables that print the same 类 (as 01 and 03, or 04 and 05 do): one as its 元 total rounded
/// to 万元, the other as the sum of its 项, each rounded to 万元 on its own. The identity between
/// them, as the rules build it (the other table's 项 carried as rounding), never reports such a
/// pair as an error; a 类 off by more than its 项's rounding always is.
fn class_pair(items_yuan: &[i64], off_cents: i64) -> Vec<kemu::balance::Finding> {
    use kemu::balance::{CellRef, Equation, Row, Table};
    let wan = |yuan: i64| kemu::amount::round_half_away(Decimal::new(yuan, 4), 2);
    let class = Code::parse("201").unwrap();
    let printed: Vec<Decimal> = items_yuan.iter().map(|&y| wan(y)).collect();
    let left_class = wan(items_yuan.iter().sum()) + Decimal::new(off_cents, 2);
    let left = Table {
        id: "01".into(),
        columns: vec!["决算数".into()],
        rows: vec![Row::code(class, "", vec![Some(left_class)])],
        ..Table::default()
    };
    let mut right = Table { id: "03".into(), columns: vec!["合计".into()], ..Table::default() };
    right.rows.push(Row::code(class, "", vec![Some(printed.iter().sum())]));
    right.rows.push(Row::code(Code::parse("20101").unwrap(), "", vec![Some(printed.iter().sum())]));
    for (i, p) in printed.iter().enumerate() {
        right.rows.push(Row::code(Code::parse(&format!("20101{:02}", i + 1)).unwrap(), "", vec![Some(*p)]));
    }
    let mut eq = Equation::sum("01=03", "01 类 = 03 类", CellRef::new(0, 0, 0), [CellRef::new(1, 0, 0)]);
    eq.parts.extend((0..printed.len()).map(|i| (0, CellRef::new(1, i + 2, 0))));
    kemu::balance::evaluate(&[left, right], &[eq], Tolerance::Rounded)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn a_class_printed_two_ways_from_yuan_is_never_an_error(items in prop::collection::vec(0i64..100_000_000, 1..9)) {
        let findings = class_pair(&items, 0);
        prop_assert!(findings.iter().all(|f| f.severity != Severity::Error), "{findings:?}");
    }

    #[test]
    fn a_class_off_by_more_than_its_rounding_is_an_error(items in prop::collection::vec(0i64..100_000_000, 1..9), sign in prop::bool::ANY) {
        // Beyond every figure's half cent: the two 类 and each 项.
        let off = (items.len() as i64 + 2) * if sign { 1 } else { -1 };
        let findings = class_pair(&items, off);
        prop_assert!(findings.iter().any(|f| f.severity == Severity::Error && f.outcome == Outcome::Mismatch), "{findings:?}");
    }
}

/// The cells of `report` that an identity the audit checks reads, with a printed non-zero figure.
fn checked_figures(report: &kemu::report::Report, year: u16) -> Vec<kemu::balance::CellRef> {
    let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let equations = kemu::report::rules::equations(report, &tables, &Catalog::year(year).unwrap());
    let cells: std::collections::BTreeSet<_> = equations
        .iter()
        .flat_map(|e| e.cells().collect::<Vec<_>>())
        .filter(|c| tables[c.table].rows[c.row].cells[c.column].is_some_and(|v| !v.is_zero()))
        .collect();
    cells.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Both table sets the rules cover (决算 公开01–09表, the 预算 set), made in 元 and published in
    /// 万元 by rounding every cell on its own, totals included, never give an error or a warning; a
    /// figure of a checked identity off by more than any identity's rounding always gives an error.
    #[test]
    fn every_table_set_made_in_yuan_audits_clean_and_a_figure_beyond_rounding_is_an_error(
        r in strategy::synthetic_report(2025),
        pick in any::<prop::sample::Index>(),
        cents in 50i64..10_000,
        negative in prop::bool::ANY,
    ) {
        for (set, text) in [("决算", r.render()), ("预算", r.render_budget())] {
            let report = kemu::report::import(&text);
            let clean = kemu::report::audit_report(&report, kemu::CatalogSet::embedded());
            let loud: Vec<_> = clean.findings.iter().filter(|f| f.severity != Severity::Info).collect();
            prop_assert!(loud.is_empty(), "{set}: {clean}");
            prop_assert!(clean.identities_checked > 20, "{set}: {} identities", clean.identities_checked);
            let cells = checked_figures(&report, 2025);
            prop_assert!(!cells.is_empty());
            let c = cells[pick.index(cells.len())];
            let mut planted = report.clone();
            let cell = &mut planted.tables[c.table].table.rows[c.row].cells[c.column];
            // 0.50 万元 or more: beyond the rounding of any identity of these tables.
            *cell = cell.map(|v| v + Decimal::new(if negative { -cents } else { cents }, 2));
            let audit = kemu::report::audit_report(&planted, kemu::CatalogSet::embedded());
            prop_assert!(audit.count(Severity::Error) > 0, "{set}: {c:?} +{cents} cents not found\n{audit}");
        }
    }
}

/// Keys for the columnar roll-up: mostly leaves, some 款 and 类, some economic codes, some codes no
/// catalog holds; amounts mostly small (all above zero, or with a rare zero or negative one, or of
/// either sign), now and then past the fast path's bound. One case in two
/// comes in runs of one key (up to 100 lines, a ledger in code order), so that whole batches of
/// one leaf, or of no leaf, are summed at once.
fn column_lines() -> impl Strategy<Value = (Vec<u32>, Vec<i64>)> {
    let catalog = Catalog::year(2020).unwrap();
    let leaves: Vec<u32> = catalog.leaves(Classification::Function).map(Code::key).collect();
    let all: Vec<u32> = catalog.iter().map(|e| e.code().key()).collect();
    let unknown = (2_010_101u32..2_999_999).prop_filter_map("a code", |k| Code::from_key(k).map(Code::key));
    let key = prop_oneof![
        12 => prop::sample::select(leaves),
        2 => prop::sample::select(all),
        1 => unknown,
    ];
    // Amounts all above zero (a ledger's), above zero but for a rare zero or negative one, or of
    // either sign (every batch then takes absolute values).
    let small = prop_oneof![
        Just((1i64..1_000_000_000).boxed()),
        Just(prop_oneof![2_000 => 1i64..1_000_000_000, 1 => Just(0i64), 1 => -1_000i64..0].boxed()),
        Just((-100_000_000i64..1_000_000_000).boxed()),
    ];
    // One case in five holds a few amounts too large for the fast path, somewhere.
    (prop::bool::weighted(0.2), small)
        .prop_flat_map(move |(big, small)| {
            let cents = if big {
                prop_oneof![300 => small.clone(), 1 => any::<i64>().prop_map(|c| c / 2)].boxed()
            } else {
                small.clone()
            };
            // Up to three blocks of the fast path on one thread.
            let lines = prop::collection::vec((key.clone(), cents.clone()), 0..40_000);
            let runs =
                prop::collection::vec((key.clone(), prop::collection::vec(cents, 1..100)), 0..800).prop_map(|runs| {
                    runs.into_iter().flat_map(|(k, cents)| cents.into_iter().map(move |c| (k, c))).collect()
                });
            prop_oneof![lines, runs]
        })
        .prop_map(|lines: Vec<(u32, i64)>| lines.into_iter().unzip())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// The columnar roll-up is the exact one: the same totals, the same lines rejected with the same
    /// reasons, as `rollup_parallel` over the same lines on the same threads.
    #[test]
    fn the_columnar_rollup_equals_the_exact_one((keys, cents) in column_lines(), threads in 1usize..4) {
        use kemu::rollup::{LineItem, rollup_columns, rollup_parallel};
        let catalog = Catalog::year(2020).unwrap();
        let items: Vec<LineItem> = keys
            .iter()
            .zip(&cents)
            .map(|(&k, &c)| LineItem { code: Code::from_key(k).unwrap(), amounts: [Decimal::new(c, 2)] })
            .collect();
        let exact = rollup_parallel(catalog, Classification::Function, &items, threads);
        let columns = rollup_columns(catalog, Classification::Function, &keys, &cents, threads);
        match (exact, columns) {
            (Ok(exact), Ok(columns)) => {
                prop_assert_eq!(exact.totals(), columns.totals());
                prop_assert_eq!(exact.rejected(), columns.rejected());
                prop_assert_eq!(exact.counted(), columns.counted());
            }
            (Err(exact), Err(kemu::rollup::ColumnsError::Merge(columns))) => prop_assert_eq!(exact, columns),
            (exact, columns) => prop_assert!(false, "{exact:?} against {columns:?}"),
        }
    }
}

/// A budget whose 05 prints its 基本支出 合计 rounded from 元 and whose 06 prints its 合计 as the
/// sum of its 类, each rounded from 元 on its own: the two totals differ by up to the rounding of
/// those 类, and 05=06 carries it. `off_cents` moves 05's total by that much.
fn basic_totals(classes_yuan: &[i64], off_cents: i64) -> kemu::report::Audit {
    let wan = |yuan: i64| kemu::amount::round_half_away(Decimal::new(yuan, 4), 2);
    let total = wan(classes_yuan.iter().sum()) + Decimal::new(off_cents, 2);
    let printed: Vec<Decimal> = classes_yuan.iter().map(|&y| wan(y)).collect();
    let sum: Decimal = printed.iter().sum();
    let mut text = format!(
        "2025年部门预算\n一般公共预算支出情况表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
         合计\t\t{total}\t{total}\t\n201\t一般公共服务支出\t{total}\t{total}\t\n20101\t人大事务\t{total}\t{total}\t\n\
         2010101\t行政运行\t{total}\t{total}\t\n\
         一般公共预算基本支出情况表\n单位：万元\n科目编码\t科目名称\t合计\n合计\t\t{sum}\n"
    );
    let codes = ["301", "302", "303", "307", "309", "310", "311", "312", "313", "399"];
    for (code, p) in codes.iter().zip(&printed) {
        text.push_str(&format!("{code}\t\t{p}\n"));
    }
    kemu::report::audit(&text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

    #[test]
    fn a_total_printed_as_the_sum_of_its_rounded_classes_is_never_an_error(
        classes in prop::collection::vec(0i64..100_000_000, 1..10),
    ) {
        let a = basic_totals(&classes, 0);
        // 05's three roll-ups and crossfoots, 06's roll-up, and 05=06.
        prop_assert!(a.identities_checked >= 15, "{}", a);
        prop_assert_eq!(a.count(Severity::Error), 0, "{}", a);
    }

    #[test]
    fn a_total_off_by_more_than_its_classes_rounding_is_an_error(
        classes in prop::collection::vec(0i64..100_000_000, 1..10),
        sign in prop::bool::ANY,
    ) {
        // Beyond every half cent: the two totals and each 类.
        let off = (classes.len() as i64 + 2) * if sign { 1 } else { -1 };
        let a = basic_totals(&classes, off);
        prop_assert!(a.findings.iter().any(|f| f.rule == "05=06" && f.severity == Severity::Error), "{}", a);
    }
}
