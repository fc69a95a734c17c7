//! Planted errors in the real reports of `../shared/reports` and, a sixth as many each, of the
//! corpus beside them: one figure of a checked identity
//! changed by far more than rounding explains. Each must be found, and no correction proposed as
//! definite may name another cell or another value.
//!
//! `KEMU_CAMPAIGN_MUTANTS` sets the mutants per report (default 60; the run used 300).

use kemu::balance::{CellRef, Table};
use kemu::report::{Report, audit_report, import};
use kemu::{Catalog, CatalogSet, Severity};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// A small deterministic generator: the campaign is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// The cells that take part in an identity the audit checks as an error (tables read with
/// certainty).
fn checked_cells(report: &Report) -> Vec<CellRef> {
    let tables: Vec<Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let year = report.year.unwrap_or(2026).clamp(2019, 2026);
    let catalog = Catalog::year(year).unwrap();
    let certain = |t: usize| report.tables[t].doubts.is_empty();
    let cells: BTreeSet<CellRef> = kemu::report::rules::equations(report, &tables, &catalog)
        .iter()
        // (An identity that only warns, 02=03, finds no error.)
        .filter(|e| e.severity == Severity::Error && e.cells().all(|c| certain(c.table)))
        .flat_map(|e| e.cells().collect::<Vec<_>>())
        .filter(|c| tables[c.table].rows[c.row].cells[c.column].is_some_and(|v| !v.is_zero()))
        .collect();
    cells.into_iter().collect()
}

/// Each error by its place and rule, and the figures it states (a planted figure in an identity
/// that was wrong already changes what it says).
fn errors(a: &kemu::report::Audit) -> BTreeSet<(String, String, String, String, String)> {
    a.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let figures = format!("{:?} {:?}", f.declared, f.expected);
            (f.table.clone(), f.row.clone(), f.column.clone(), f.rule.clone(), figures)
        })
        .collect()
}

#[test]
fn planted_errors_are_found_and_no_definite_correction_names_the_wrong_cell() {
    let mutants: usize = std::env::var("KEMU_CAMPAIGN_MUTANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    // The reports, and a sixth as many plants in each report of the corpus (other cities' layouts).
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut files: Vec<(PathBuf, usize)> = Vec::new();
    for (folder, per_report) in [("reports", mutants), ("corpus/renwu-2026", mutants.div_ceil(6))] {
        let Ok(entries) = std::fs::read_dir(shared.join(folder)) else {
            assert!(std::env::var_os("CI").is_none(), "../shared/{folder} is missing");
            return;
        };
        let mut found: Vec<PathBuf> =
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        found.sort();
        files.extend(found.into_iter().map(|p| (p, per_report)));
    }
    let (mut planted, mut found, mut definite, mut right) = (0, 0, 0, 0);
    let mut wrong: Vec<String> = Vec::new();
    let mut rng = Lcg(20_261_201);
    for (path, mutants) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let report = import(&text);
        let baseline = audit_report(&report, CatalogSet::embedded());
        let (before, known): (_, BTreeSet<(String, String, String)>) = (
            errors(&baseline),
            baseline.corrections.iter().map(|c| (c.table.clone(), c.row.clone(), c.column.clone())).collect(),
        );
        let cells = checked_cells(&report);
        if cells.is_empty() {
            continue;
        }
        for _ in 0..*mutants {
            let c = cells[rng.next(cells.len())];
            let mut mutant = report.clone();
            let table = &mut mutant.tables[c.table].table;
            let value = table.rows[c.row].cells[c.column].unwrap();
            // Far beyond rounding: 10–99 units of the figure's hundredths' place, or more.
            let unit = Decimal::new(1, value.scale()) * Decimal::from(10u32.pow(value.scale().min(2)).max(100));
            let delta = unit
                * Decimal::from(10 + rng.next(90) as u32)
                * if rng.next(2) == 0 { Decimal::ONE } else { -Decimal::ONE };
            table.rows[c.row].cells[c.column] = Some(value + delta);
            let (id, row, column) = (table.id.clone(), table.rows[c.row].name(), table.columns[c.column].clone());
            planted += 1;
            let a = audit_report(&mutant, CatalogSet::embedded());
            if errors(&a) != before {
                found += 1;
            } else {
                wrong.push(format!("{}: {id}/{row}/{column} {value} → {} not found", path.display(), value + delta));
            }
            for fix in a.corrections.iter().filter(|f| f.is_definite()) {
                if known.contains(&(fix.table.clone(), fix.row.clone(), fix.column.clone())) {
                    continue;
                }
                definite += 1;
                let names_it = (fix.table.as_str(), fix.row.as_str(), fix.column.as_str())
                    == (id.as_str(), row.as_str(), column.as_str());
                if names_it && (fix.to - value).abs() <= Decimal::new(5, 2) {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "{}: planted {id}/{row}/{column} {value} → {}; proposed {}/{}/{} → {} ({:?})",
                        path.display(),
                        value + delta,
                        fix.table,
                        fix.row,
                        fix.column,
                        fix.to,
                        fix.basis
                    ));
                }
            }
        }
    }
    eprintln!("campaign: {planted} planted, {found} found, {definite} definite corrections, {right} right");
    assert!(planted > 0 || std::env::var_os("CI").is_none());
    assert!(wrong.is_empty(), "{} of {planted}:\n{}", wrong.len(), wrong.join("\n"));
}
