//! Import and audit of the embedded 2020 report; the import alone as its baseline.
//!
//! `cargo bench --bench audit`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let text = kemu::report::EMBEDDED_REPORT;
    let mut g = c.benchmark_group("report hn-szb-2020-js");
    g.bench_function("import only", |b| b.iter(|| black_box(kemu::report::import(black_box(text)).tables.len())));
    g.bench_function("import + audit", |b| b.iter(|| black_box(kemu::report::audit(black_box(text)).findings.len())));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2)).without_plots();
    targets = bench
}
criterion_main!(benches);
