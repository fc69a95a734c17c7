//! Time and memory on large and hostile input, in proportion to its size: 50 MB of report text
//! (the embedded report repeated), a 2-million-cell row with a 5 MB prose line, and the inputs the
//! fuzzers found slow (tests/fuzz-regressions/). The tests check what these inputs yield; the
//! figures are set here: criterion for the times, the process's peak memory for the 50 MB input
//! (measured first, so that the peak is that input's).
//!
//! `cargo bench --bench hostile`

use criterion::{Criterion, black_box, criterion_group};
use std::time::Duration;

#[path = "../tests/inputs/mod.rs"]
mod inputs;

fn fifty_megabytes() -> String {
    let one = kemu::report::EMBEDDED_REPORT;
    one.repeat(50 * 1024 * 1024 / one.len() + 1)
}

/// Peak resident memory of this process so far (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib * 1024)
}

/// How much the peak memory grows, as a multiple of the input, while 50 MB is imported and audited.
fn memory() {
    let text = fifty_megabytes();
    let before = peak_rss();
    black_box(kemu::report::audit(black_box(&text)).findings.len());
    match peak_rss().zip(before) {
        Some((after, before)) => println!(
            "memory/50 MB of report text: peak grew by {:.1} × the input ({:.1} MB)",
            after.saturating_sub(before) as f64 / text.len() as f64,
            text.len() as f64 / 1e6
        ),
        None => println!("memory/50 MB of report text: no /proc/self/status here"),
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    let long = inputs::long_lines();
    g.bench_function("long lines (9 MB)", |b| {
        b.iter(|| black_box(kemu::report::audit(black_box(&long)).findings.len()))
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        g.bench_function(format!("fuzz regression {name}"), |b| {
            b.iter(|| black_box(kemu::report::audit(black_box(&text)).findings.len()))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("large");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    let text = fifty_megabytes();
    g.bench_function("50 MB of report text", |b| {
        b.iter(|| black_box(kemu::report::audit(black_box(&text)).findings.len()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2)).without_plots();
    targets = bench
}

fn main() {
    memory();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
