//! `kemu harvest`: every (code, name, year) the reports print, with the files that print it and
//! what it is to the catalog (confirms, other_period, differs, extends), as TSV; then, per year,
//! the share of catalog rows a published report confirms, before and with these reports.
//! `cargo run -p kemu-xtask -- evidence FILE.tsv` adds the new confirmations to data/*.csv.

use kemu::report::harvest::{Verdict, harvest};
use kemu::{CatalogSet, Confirmation};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Report files, or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// (year, code, printed name, verdict) → the files (their stems) that print it.
type Harvest = BTreeMap<(u16, String, String, Verdict), BTreeSet<String>>;

pub fn run(args: &Args) -> ExitCode {
    let Some(files) = super::files_or_say(&args.paths) else { return ExitCode::from(2) };
    let set = CatalogSet::embedded();
    let mut harvested = Harvest::new();
    let (mut reports, mut without_year, mut unreadable) = (0, 0, 0);
    for path in &files {
        let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let extracted = match kemu::report::read::read_path(path) {
            Ok(extracted) => extracted,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                unreadable += 1;
                continue;
            }
        };
        for report in extracted.reports() {
            if report.year.is_none_or(|y| !set.years().contains(&y)) {
                without_year += 1;
                continue;
            }
            reports += 1;
            for p in harvest(&report, set) {
                harvested.entry((p.year, p.code.to_string(), p.name, p.verdict)).or_default().insert(stem.clone());
            }
        }
    }
    let mut out = String::from("year\tcode\tname\tverdict\tcatalog_name\tfiles\n");
    for ((year, code, name, verdict), stems) in &harvested {
        let catalog = match verdict {
            Verdict::OtherPeriod { catalog } | Verdict::Differs { catalog } => catalog.as_str(),
            _ => "",
        };
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        let _ = writeln!(out, "{year}\t{code}\t{name}\t{}\t{catalog}\t{}", verdict.word(), stems.join(" "));
    }
    eprintln!(
        "{} files: {reports} reports harvested, {without_year} without a year in {}–{} (not harvested), {unreadable} unreadable",
        files.len(),
        set.years().start(),
        set.years().end()
    );
    eprint!("{}", shares(&harvested, set));
    super::write_out(&out, if unreadable > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Per year: the catalog's rows, those a published report confirms in its evidence, and those
/// the harvest confirms besides (a row confirmed in one year of its period is confirmed in all,
/// as its evidence is per row).
fn shares(harvested: &Harvest, set: &CatalogSet) -> String {
    let mut out = String::new();
    let confirmed: BTreeSet<(u16, &str)> = harvested
        .keys()
        .filter(|(_, _, _, v)| matches!(v, Verdict::Confirms { .. }))
        .map(|(y, code, _, _)| (*y, code.as_str()))
        .collect();
    for year in set.years() {
        let Ok(catalog) = set.year(year) else { continue };
        let rows = catalog.iter().count();
        let before = catalog.iter().filter(|e| e.confirmation() == Confirmation::PublishedReport).count();
        let after = catalog
            .iter()
            .filter(|e| {
                let code = e.code().to_string();
                e.confirmation() == Confirmation::PublishedReport
                    || e.valid_years().any(|y| confirmed.contains(&(y, code.as_str())))
            })
            .count();
        let count = |word: &str| harvested.keys().filter(|(y, _, _, v)| *y == year && v.word() == word).count();
        let percent = |n: usize| 100.0 * n as f64 / rows.max(1) as f64;
        let _ = writeln!(
            out,
            "{year}: {rows} catalog rows; confirmed by a published report {before} ({:.1} %), with these reports {after} ({:.1} %); printed here: names that differ {}, of another period {}, codes the catalog lacks {}",
            percent(before),
            percent(after),
            count("differs"),
            count("other_period"),
            count("extends"),
        );
    }
    out
}
