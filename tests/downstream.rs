//! How a downstream crate uses kemu's strategies: only the public API, as a user's own property
//! test of "my budget pipeline keeps totals" would.
#![cfg(feature = "proptest")]

use kemu::balance::{Tolerance, evaluate};
use kemu::rollup::RollUp;
use kemu::{Catalog, Classification, Severity};
use proptest::prelude::*;

/// A user's function under test: aggregate a ledger to 类 totals in 万元 for publication.
fn publish_by_class(items: &[kemu::rollup::LineItem]) -> Vec<(kemu::Code, rust_decimal::Decimal)> {
    let mut r = RollUp::new(Catalog::year(2025).unwrap(), Classification::Function, 1);
    for (i, item) in items.iter().enumerate() {
        let _ = r.add_item(i, item);
    }
    r.totals()
        .iter()
        .filter(|row| row.level == kemu::Level::Class)
        .map(|row| (row.code, kemu::Unit::Yuan.convert(row.amounts[0], kemu::Unit::WanYuan, 2)))
        .collect()
}

proptest! {
    #[test]
    fn published_class_totals_match_the_ledger_within_rounding(items in kemu::strategy::ledger(2025, 1..200)) {
        let published = publish_by_class(&items);
        let exact: rust_decimal::Decimal = items.iter().map(|i| i.amounts[0]).sum();
        let sum: rust_decimal::Decimal = published.iter().map(|(_, v)| *v).sum();
        let wan = exact / rust_decimal::Decimal::from(10_000);
        // Each class total is rounded on its own: at most half a cent of 万元 each.
        prop_assert!((sum - wan).abs() <= rust_decimal::Decimal::new(5, 3) * rust_decimal::Decimal::from(published.len()));
    }

    #[test]
    fn my_checker_accepts_every_balanced_table(t in kemu::strategy::balanced_table(2025)) {
        let tables = [t.table.clone()];
        let errors = evaluate(&tables, &t.equations(), Tolerance::Rounded).into_iter().filter(|f| f.severity == Severity::Error).count();
        prop_assert_eq!(errors, 0);
    }

    #[test]
    fn codes_from_the_strategy_are_in_the_catalog(code in kemu::strategy::econ_code(2025, kemu::EconKind::Department, Some(kemu::Level::Section))) {
        prop_assert!(Catalog::year(2025).unwrap().contains(code));
        prop_assert!(code.parent().is_some());
    }
}
