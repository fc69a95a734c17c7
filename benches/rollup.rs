//! Roll-up of generated line items over the full 2020 功能分类 catalog, beside a
//! `HashMap<String, Decimal>` baseline (sum per code string, then per prefix) in the same run.
//!
//! The columnar path (`rollup_columns`: keys and cents as two slices) runs beside the memory
//! floor of its input: the same 12 bytes a line read and summed, on the same threads; and on the
//! same lines in code order (a ledger sorted by code).
//!
//! `cargo bench --bench rollup` (KEMU_BENCH_10M=1 adds the 10 M case)

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use kemu::rollup::{LineItem, RollUp, rollup_columns, rollup_parallel};
use kemu::{Catalog, Classification, Code};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::time::Duration;

fn items(n: usize) -> Vec<LineItem> {
    let catalog = Catalog::year(2020).unwrap();
    let leaves: Vec<Code> = catalog.leaves(Classification::Function).collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            LineItem {
                code: leaves[(state % leaves.len() as u64) as usize],
                amounts: [Decimal::new((state >> 20) as i64 % 10_000_000, 2)],
            }
        })
        .collect()
}

/// Reading the columns alone: every key and amount loaded and folded, on `threads` threads.
fn memory_floor(keys: &[u32], cents: &[i64], threads: usize) -> (u64, i64) {
    let chunk = keys.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .zip(cents.chunks(chunk))
            .map(|(k, c)| {
                s.spawn(move || {
                    (k.iter().map(|&k| u64::from(k)).sum::<u64>(), c.iter().copied().fold(0i64, i64::wrapping_add))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).fold((0u64, 0i64), |a, b| (a.0 + b.0, a.1.wrapping_add(b.1)))
    })
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::year(2020).unwrap();
    let mut sizes = vec![1_000_000usize];
    if std::env::var_os("KEMU_BENCH_10M").is_some() {
        sizes.push(10_000_000);
    }
    let mut g = c.benchmark_group("rollup");
    g.sample_size(10);
    for n in sizes {
        let data = items(n);
        let strings: Vec<(String, Decimal)> = data.iter().map(|i| (i.code.to_string(), i.amounts[0])).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("kemu RollUp, 1 thread", n), &data, |b, data| {
            b.iter(|| {
                let mut r = RollUp::new(catalog, Classification::Function, 1);
                for (i, item) in data.iter().enumerate() {
                    let _ = r.add_item(i, item);
                }
                black_box(r.totals().grand_total()[0])
            })
        });
        g.bench_with_input(BenchmarkId::new("kemu rollup_parallel, 2 threads", n), &data, |b, data| {
            b.iter(|| {
                black_box(
                    rollup_parallel(catalog, Classification::Function, data, 2)
                        .expect("within bounds")
                        .totals()
                        .grand_total()[0],
                )
            })
        });
        let keys: Vec<u32> = data.iter().map(|i| i.code.key()).collect();
        let cents: Vec<i64> = data.iter().map(|i| (i.amounts[0] * Decimal::ONE_HUNDRED).try_into().unwrap()).collect();
        for threads in [1, 2] {
            g.bench_with_input(BenchmarkId::new(format!("kemu rollup_columns, {threads} threads"), n), &(), |b, ()| {
                b.iter(|| {
                    let r = rollup_columns(catalog, Classification::Function, &keys, &cents, threads)
                        .expect("within bounds");
                    black_box(r.totals().grand_total()[0])
                })
            });
            g.bench_with_input(BenchmarkId::new(format!("memory floor, {threads} threads"), n), &(), |b, ()| {
                b.iter(|| black_box(memory_floor(&keys, &cents, threads)))
            });
        }
        // The same lines in code order, as a ledger sorted by code holds them: long runs of one leaf.
        let mut sorted: Vec<(u32, i64)> = keys.iter().copied().zip(cents.iter().copied()).collect();
        sorted.sort_by_key(|&(key, _)| key);
        let (sorted_keys, sorted_cents): (Vec<u32>, Vec<i64>) = sorted.into_iter().unzip();
        for threads in [1, 2] {
            let id = BenchmarkId::new(format!("kemu rollup_columns, {threads} threads, lines in code order"), n);
            g.bench_with_input(id, &(), |b, ()| {
                b.iter(|| {
                    let r = rollup_columns(catalog, Classification::Function, &sorted_keys, &sorted_cents, threads)
                        .expect("within bounds");
                    black_box(r.totals().grand_total()[0])
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("baseline HashMap<String, Decimal>", n), &strings, |b, data| {
            b.iter(|| {
                let mut sums: HashMap<String, Decimal> = HashMap::new();
                for (code, amount) in data {
                    for len in [3, 5, 7] {
                        if code.len() >= len {
                            *sums.entry(code[..len].to_string()).or_default() += *amount;
                        }
                    }
                }
                black_box(sums.len())
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3)).without_plots();
    targets = bench
}
criterion_main!(benches);
