//! Parse, code → entry and name → codes, each beside a `HashMap` baseline in the same run.
//!
//! `cargo bench --bench lookup`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use kemu::{Catalog, Code, FuncCode};
use std::collections::HashMap;
use std::time::Duration;

/// The next index of a walk over `len` items: a compare, not a division, so that the loop's own
/// cost stays small beside what it measures (a `%` alone is a few nanoseconds of latency).
#[inline(always)]
fn next(i: usize, len: usize) -> usize {
    if i + 1 == len { 0 } else { i + 1 }
}

fn lookups(c: &mut Criterion) {
    let catalog = Catalog::year(2020).unwrap();
    let entries: Vec<_> = catalog.iter().collect();
    let texts: Vec<String> = entries.iter().map(|e| e.code().to_string()).collect();
    let codes: Vec<Code> = entries.iter().map(|e| e.code()).collect();
    let names: Vec<&str> = entries.iter().map(|e| e.name()).collect();
    let by_string: HashMap<String, (&str, u16)> =
        entries.iter().map(|e| (e.code().to_string(), (e.name(), 2020))).collect();
    let by_u32: HashMap<u32, (&str, u16)> = entries.iter().map(|e| (e.code().key(), (e.name(), 2020))).collect();
    let mut by_name: HashMap<String, Vec<(u32, &str)>> = HashMap::new();
    for e in &entries {
        by_name.entry(e.name().to_string()).or_default().push((e.code().key(), e.name()));
    }

    let mut g = c.benchmark_group("parse");
    let mut i = 0;
    g.bench_function("kemu FuncCode::parse", |b| {
        b.iter(|| {
            i = next(i, texts.len());
            black_box(FuncCode::parse(black_box(&texts[i])).ok())
        })
    });
    g.bench_function("kemu FuncCode::parse_lenient (split)", |b| {
        b.iter(|| black_box(FuncCode::parse_lenient(black_box("201 03 01")).ok()))
    });
    g.bench_function("baseline str::parse::<u32>", |b| {
        b.iter(|| {
            i = next(i, texts.len());
            black_box(texts[i].parse::<u32>().ok())
        })
    });
    g.finish();

    let mut g = c.benchmark_group("code -> entry");
    // What the loop costs without a look-up: the index step, the load and black_box, reported
    // beside the look-ups so that their net cost can be read off.
    g.bench_function("loop overhead (index, load, black_box)", |b| {
        b.iter(|| {
            i = next(i, codes.len());
            black_box(black_box(codes[i]).key())
        })
    });
    g.bench_function("kemu Catalog::entry (per-year direct-mapped KeyMap)", |b| {
        b.iter(|| {
            i = next(i, codes.len());
            black_box(catalog.entry(black_box(codes[i])).map(|e| e.name()))
        })
    });
    // The alternative kept before: a binary search over the sorted keys.
    let mut sorted: Vec<(u32, &str)> = entries.iter().map(|e| (e.code().key(), e.name())).collect();
    sorted.sort_unstable();
    g.bench_function("sorted array, binary search", |b| {
        b.iter(|| {
            i = next(i, codes.len());
            let key = black_box(codes[i]).key();
            let at = sorted.partition_point(|(k, _)| *k < key);
            black_box(sorted.get(at).filter(|(k, _)| *k == key).map(|(_, n)| *n))
        })
    });
    g.bench_function("HashMap<u32, _>", |b| {
        b.iter(|| {
            i = next(i, codes.len());
            black_box(by_u32.get(&black_box(codes[i]).key()).map(|e| e.0))
        })
    });
    g.bench_function("baseline HashMap<String, _>", |b| {
        b.iter(|| {
            i = next(i, texts.len());
            black_box(by_string.get(black_box(&texts[i])).map(|e| e.0))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("name -> codes");
    g.bench_function("kemu Catalog::entries_named(行政运行), first hit", |b| {
        b.iter(|| black_box(catalog.entries_named(black_box("行政运行")).next().map(|e| e.code())))
    });
    g.bench_function("kemu Catalog::entries_named(行政运行), every hit counted", |b| {
        b.iter(|| black_box(catalog.entries_named(black_box("行政运行")).count()))
    });
    g.bench_function("baseline HashMap<String, Vec<_>>(行政运行), borrowed, first hit", |b| {
        b.iter(|| black_box(by_name.get(black_box("行政运行")).and_then(|v| v.first()).map(|e| e.0)))
    });
    g.bench_function("kemu Catalog::find_by_name (phf)", |b| {
        b.iter(|| {
            i = next(i, names.len());
            black_box(catalog.find_by_name(black_box(names[i])).len())
        })
    });
    // Like for like: the hits copied out, as find_by_name returns them (names repeat: 行政运行
    // alone is a hundred codes).
    g.bench_function("baseline HashMap<String, Vec<_>>, hits copied", |b| {
        b.iter(|| {
            i = next(i, names.len());
            black_box(by_name.get(black_box(names[i])).cloned().map(|v| v.len()))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).without_plots();
    targets = lookups
}
criterion_main!(benches);
