//! Roll-up: conservation, merging, the fixed-point fast path and units.

use kemu::rollup::{LineItem, RejectReason, RollUp, rollup_parallel};
use kemu::{Catalog, Classification, Code, Unit};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn leaves(year: u16) -> Vec<Code> {
    Catalog::year(year).unwrap().leaves(Classification::Function).collect()
}

fn line_strategy() -> impl Strategy<Value = (usize, i64, u32)> {
    // (leaf index or an invalid pick, mantissa, scale ≤ 6 so both paths are exercised)
    (0usize..2000, -10_000_000i64..10_000_000, 0u32..7)
}

fn build(year: u16, lines: &[(usize, i64, u32)]) -> (RollUp<'static>, Decimal) {
    let leaves = leaves(year);
    let catalog = Catalog::year(year).unwrap();
    let mut rollup = RollUp::new(catalog, Classification::Function, 1);
    let mut input = Decimal::ZERO;
    for (n, &(pick, mantissa, scale)) in lines.iter().enumerate() {
        let amount = Decimal::new(mantissa, scale);
        input += amount;
        let code = match leaves.get(pick) {
            Some(c) => *c,
            // Past the leaves: a 类 (not a leaf) or a 项 the year does not have.
            None if pick % 2 == 0 => "201".parse().unwrap(),
            None => "2019998".parse().unwrap(),
        };
        let _ = rollup.add(n, code, &[amount]);
    }
    (rollup, input)
}

proptest! {
    #[test]
    fn input_equals_grand_total_plus_rejected(lines in prop::collection::vec(line_strategy(), 0..300)) {
        let (rollup, input) = build(2020, &lines);
        let totals = rollup.totals();
        prop_assert_eq!(input, totals.grand_total()[0] + rollup.rejected_total()[0]);
        prop_assert_eq!(rollup.counted() + rollup.rejected().len(), lines.len());
        // Each parent equals the sum of its children present.
        for row in totals.iter() {
            let children: Decimal = totals.iter().filter(|r| r.code.parent() == Some(row.code)).map(|r| r.amounts[0]).sum();
            if totals.iter().any(|r| r.code.parent() == Some(row.code)) {
                prop_assert_eq!(children, row.amounts[0]);
            }
        }
    }

    #[test]
    fn fixed_point_path_equals_plain_decimal_sums(lines in prop::collection::vec(line_strategy(), 1..200)) {
        let (rollup, _) = build(2024, &lines);
        let leaves = leaves(2024);
        let mut naive = std::collections::BTreeMap::<Code, Decimal>::new();
        for &(pick, mantissa, scale) in &lines {
            if let Some(c) = leaves.get(pick) {
                *naive.entry(*c).or_default() += Decimal::new(mantissa, scale);
            }
        }
        for (code, sum) in naive {
            prop_assert_eq!(rollup.totals().get(code).unwrap().amounts[0], sum.normalize());
        }
    }

    #[test]
    fn merge_is_associative_and_commutative(
        a in prop::collection::vec(line_strategy(), 0..60),
        b in prop::collection::vec(line_strategy(), 0..60),
        c in prop::collection::vec(line_strategy(), 0..60),
    ) {
        let part = |l: &[(usize, i64, u32)]| build(2021, l).0;
        let mut ab_c = part(&a);
        ab_c.merge(part(&b)).unwrap();
        ab_c.merge(part(&c)).unwrap();
        let mut bc = part(&b);
        bc.merge(part(&c)).unwrap();
        let mut a_bc = part(&a);
        a_bc.merge(bc).unwrap();
        let mut cba = part(&c);
        cba.merge(part(&b)).unwrap();
        cba.merge(part(&a)).unwrap();
        prop_assert_eq!(ab_c.totals(), a_bc.totals());
        prop_assert_eq!(ab_c.totals(), cba.totals());
        prop_assert_eq!(ab_c.rejected_total(), cba.rejected_total());
    }
}

#[test]
fn parallel_equals_sequential() {
    let leaves = leaves(2020);
    let items: Vec<LineItem<2>> = (0..10_000)
        .map(|i| LineItem {
            code: leaves[i * 7 % leaves.len()],
            amounts: [Decimal::new(i as i64 * 13, 2), Decimal::new(-(i as i64), 1)],
        })
        .collect();
    let catalog = Catalog::year(2020).unwrap();
    let mut sequential = RollUp::new(catalog, Classification::Function, 2);
    for (n, item) in items.iter().enumerate() {
        sequential.add_item(n, item).unwrap();
    }
    for threads in [1, 2, 3, 8] {
        assert_eq!(
            rollup_parallel(catalog, Classification::Function, &items, threads).unwrap().totals(),
            sequential.totals()
        );
    }
    let grand = sequential.totals().grand_total().to_vec();
    assert_eq!(grand[0], (0..10_000i64).map(|i| Decimal::new(i * 13, 2)).sum::<Decimal>());
}

#[test]
fn rejections_say_why() {
    let catalog = Catalog::year(2020).unwrap();
    let mut r = RollUp::new(catalog, Classification::Function, 1);
    assert!(matches!(r.add_text(1, "201", &["1"]), Err(RejectReason::NotALeaf { .. })));
    assert!(matches!(r.add_text(2, "2013901", &["1"]), Err(RejectReason::UnknownCode { year: 2020, .. })));
    assert!(matches!(r.add_text(3, "30101", &["1"]), Err(RejectReason::WrongClassification { .. })));
    assert!(matches!(r.add_text(4, "20103O1", &["1"]), Err(RejectReason::BadCode(_))));
    assert!(matches!(r.add_text(5, "2010301", &["1,2x"]), Err(RejectReason::BadAmount(_))));
    assert!(matches!(r.add_text(6, "2010301", &["—"]), Err(RejectReason::BadAmount(_))), "a blank is not zero");
    assert!(matches!(r.add_text(7, "2010301", &["1", "2"]), Err(RejectReason::WrongArity { expected: 1, got: 2 })));
    assert_eq!(r.rejected().iter().map(|x| x.line).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(r.rejected_total()[0], Decimal::from(5), "lines 1–4 carry 1 each; line 7's first amount too");
    assert_eq!(r.counted(), 0);
}

#[test]
fn unit_conversion_rounds_half_away_from_zero() {
    let yuan = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(Unit::Yuan.convert(yuan("125"), Unit::WanYuan, 2).to_string(), "0.01");
    assert_eq!(Unit::Yuan.convert(yuan("150"), Unit::WanYuan, 2).to_string(), "0.02");
    assert_eq!(Unit::Yuan.convert(yuan("-150"), Unit::WanYuan, 2).to_string(), "-0.02");
    assert_eq!(Unit::Yuan.convert(yuan("250"), Unit::WanYuan, 2).to_string(), "0.03", "banker's would give 0.02");
    assert_eq!(Unit::WanYuan.convert(yuan("1.5"), Unit::Yuan, 0).to_string(), "15000");
    assert_eq!(Unit::YiYuan.convert(yuan("1"), Unit::WanYuan, 2).to_string(), "10000.00");
}

#[test]
fn sums_past_decimal_are_rejected_not_wrapped() {
    let catalog = Catalog::year(2020).unwrap();
    let code: Code = "2010301".parse().unwrap();
    let mut r = RollUp::new(catalog, Classification::Function, 1);
    r.add(1, code, &[Decimal::new(1, 2)]).unwrap();
    for line in 2..5 {
        let result = r.add(line, code, &[Decimal::MAX]);
        assert!(matches!(result, Err(RejectReason::TooLarge { .. })), "{result:?}");
    }
    assert!(r.add(5, code, &[Decimal::new(1, 2)]).is_ok());
    assert_eq!(r.totals().grand_total()[0].to_string(), "0.02");
    assert_eq!(r.rejected().len(), 3);

    // Two roll-ups each within the bound, together past it.
    let big = Decimal::from_i128_with_scale((1i128 << 95) + 1, 4);
    let (mut a, mut b) =
        (RollUp::new(catalog, Classification::Function, 1), RollUp::new(catalog, Classification::Function, 1));
    a.add(1, code, &[big]).unwrap();
    b.add(1, code, &[big]).unwrap();
    assert_eq!(a.merge(b), Err(kemu::rollup::MergeError::TooLarge));
    let econ = RollUp::new(catalog, Classification::EconDepartment, 1);
    assert_eq!(a.merge(econ), Err(kemu::rollup::MergeError::Incompatible));
}

#[cfg(feature = "serde")]
#[test]
fn totals_and_rejections_serialize_for_machines() {
    let mut r = kemu::rollup::RollUp::new(kemu::Catalog::year(2020).unwrap(), kemu::Classification::Function, 1);
    r.add_text(1, "2010301", &["100.5"]).unwrap();
    assert!(r.add_text(2, "20103O1", &["1"]).is_err());
    let totals = serde_json::to_value(r.totals()).unwrap();
    assert_eq!(totals["rows"][0]["code"], "201");
    assert_eq!(totals["rows"][0]["amounts"][0], "100.5", "decimals as strings");
    let rejected = serde_json::to_value(r.rejected()).unwrap();
    assert_eq!(rejected[0]["line"], 2);
    assert_eq!(rejected[0]["reason"]["kind"], "bad_code");
    assert_eq!(rejected[0]["reason"]["problem"]["kind"], "not_a_digit");
}
