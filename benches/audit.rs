//! Import and audit of the embedded 2020 report, the import alone as its baseline; then every
//! report in `../shared/reports` when that directory is beside the checkout (the largest, a 51 KB
//! 元 report with split codes, is the slowest).
//!
//! With feature `pdf`, each PDF of `../shared/reports/pdf` from its bytes to findings, beside the
//! audit of its text in the same run.
//!
//! `cargo bench --bench audit` (`--features pdf` for the PDFs)

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let text = kemu::report::EMBEDDED_REPORT;
    let mut g = c.benchmark_group("report hn-szb-2020-js");
    g.bench_function("import only", |b| b.iter(|| black_box(kemu::report::import(black_box(text)).tables.len())));
    g.bench_function("import + audit", |b| b.iter(|| black_box(kemu::report::audit(black_box(text)).findings.len())));
    // The narrative pass alone (claims and their checks), on an imported report.
    let report = kemu::report::import(text);
    let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let catalog = kemu::Catalog::year(2020).expect("2020 is embedded");
    g.bench_function("narrative only", |b| {
        b.iter(|| black_box(kemu::report::narrative::check(black_box(&report), &tables, &catalog).len()))
    });
    g.finish();

    let Ok(dir) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reports")) else { return };
    let mut paths: Vec<_> =
        dir.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    paths.sort();
    let mut g = c.benchmark_group("shared reports, import + audit");
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let name = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        g.bench_function(name, |b| b.iter(|| black_box(kemu::report::audit(black_box(&text)).findings.len())));
    }
    g.finish();
    #[cfg(feature = "pdf")]
    pdf(c);
}

/// PDF → findings against text → findings, each PDF and its text interleaved.
#[cfg(feature = "pdf")]
fn pdf(c: &mut Criterion) {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reports");
    let findings = |doc: &kemu::report::read::Extracted| {
        let catalogs = kemu::CatalogSet::embedded();
        doc.reports().iter().map(|r| kemu::report::audit_report(r, catalogs).findings.len()).sum::<usize>()
    };
    let mut g = c.benchmark_group("PDF → findings, beside text → findings");
    for name in [
        "sh-putuo-shgzb-2024-js",
        "sh-putuo-wanli-jd-2023-ys",
        "sh-putuo-zfb-2025-ys-dept",
        "sh-putuo-swj-2025-ys-dept",
    ] {
        let (Ok(pdf), Ok(text)) =
            (std::fs::read(format!("{folder}/pdf/{name}.pdf")), std::fs::read(format!("{folder}/{name}.txt")))
        else {
            continue;
        };
        g.bench_function(format!("{name} pdf"), |b| {
            b.iter(|| black_box(kemu::report::read::read(black_box(&pdf)).map(|d| findings(&d))))
        });
        g.bench_function(format!("{name} text"), |b| {
            b.iter(|| black_box(kemu::report::read::read(black_box(&text)).map(|d| findings(&d))))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2)).without_plots();
    targets = bench
}
criterion_main!(benches);
