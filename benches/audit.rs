//! Import and audit of the embedded 2020 report, the import alone as its baseline; then every
//! report in `../shared/reports` when that directory is beside the checkout (the largest, a 51 KB
//! 元 report with split codes, is the slowest).
//!
//! With feature `pdf`, each PDF of `../shared/reports/pdf` from its bytes to findings, beside the
//! audit of its text in the same run.
//!
//! The batch: every report of `../shared/corpus/renwu-2026` and `../shared/reports` audited in
//! one process, on 1 and 2 threads (throughput in reports per second), and the median report with
//! tables (by size) on its own.
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
    batch(c);
    #[cfg(feature = "pdf")]
    pdf(c);
}

/// The texts of every report beside the checkout (corpus and reports), in name order.
fn shared_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["/../shared/corpus/renwu-2026", "/../shared/reports"] {
        let Ok(entries) = std::fs::read_dir(format!("{}{dir}", env!("CARGO_MANIFEST_DIR"))) else { continue };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned()), text));
            }
        }
    }
    out
}

/// Every report audited once, on `threads` threads taking the next report as they finish.
fn audit_all(texts: &[(String, String)], threads: usize) -> usize {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut findings = 0;
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, text)) = texts.get(i) else { break findings };
                        findings += kemu::report::audit(text).findings.len();
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("an audit thread panicked")).sum()
    })
}

/// Reports per second in one process, and the median report with tables (by size) alone.
fn batch(c: &mut Criterion) {
    let texts = shared_texts();
    if texts.is_empty() {
        return;
    }
    let mut g = c.benchmark_group("batch of the shared reports, import + audit");
    g.throughput(criterion::Throughput::Elements(texts.len() as u64));
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("{} reports, {threads} threads", texts.len()), |b| {
            b.iter(|| black_box(audit_all(&texts, threads)))
        });
    }
    g.finish();
    // The median by size (the same one on every run) of the reports with tables (the notices and
    // bare narratives among the files are no measure of an audit).
    let mut by_size: Vec<&(String, String)> =
        texts.iter().filter(|(_, text)| !kemu::report::import(text).tables.is_empty()).collect();
    by_size.sort_by_key(|(name, text)| (text.len(), name.clone()));
    let (name, text) = by_size[by_size.len() / 2];
    let mut g = c.benchmark_group("median report of the batch");
    g.bench_function(format!("{name}, import + audit"), |b| b.iter(|| black_box(kemu::report::audit(black_box(text)))));
    g.bench_function(format!("{name}, import only"), |b| b.iter(|| black_box(kemu::report::import(black_box(text)))));
    g.finish();
    forms(c, &texts);
}

/// The report of the batch with the most performance tables read (the same one on every run):
/// the pass over its forms alone, beside its import, and the whole audit.
fn forms(c: &mut Criterion, texts: &[(String, String)]) {
    use kemu::report::performance::{FUND_LABELS, check};
    let read = |text: &str| check(&kemu::report::import(text), &FUND_LABELS).read.len();
    let Some((name, text)) = texts.iter().max_by_key(|(name, text)| (read(text), std::cmp::Reverse(name.clone())))
    else {
        return;
    };
    let mut g = c.benchmark_group("the report with the most performance tables");
    let report = kemu::report::import(text);
    g.bench_function(format!("{name} ({} forms), performance pass", read(text)), |b| {
        b.iter(|| black_box(check(black_box(&report), &FUND_LABELS).identities))
    });
    g.bench_function(format!("{name}, import + audit"), |b| b.iter(|| black_box(kemu::report::audit(black_box(text)))));
    g.finish();
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
