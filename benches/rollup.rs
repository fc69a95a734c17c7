//! Roll-up of generated line items over the full 2020 功能分类 catalog, beside a
//! `HashMap<String, Decimal>` baseline (sum per code string, then per prefix) in the same run.
//!
//! The columnar path (`rollup_columns`: keys and cents as two slices) runs beside the memory
//! floor of its input: the same 12 bytes a line read and summed, on the same threads, in three
//! ways (a plain loop, four streams side by side as `rollup_columns` reads, and a loop with
//! prefetches, the fastest); and on the same lines in code order (a ledger sorted by code).
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

/// How the columns are read alone, for the memory floor.
#[derive(Clone, Copy)]
enum Read {
    /// One plain loop over each column.
    Plain,
    /// Four parts of each thread's lines side by side, a batch of 32 of each in turn (as
    /// `rollup_columns` reads them).
    Streams,
    /// One loop that asks for the lines 256 ahead with a prefetch instruction (`unsafe`, which
    /// the crate forbids itself): the fastest read found on this machine.
    Prefetched,
}

/// Reading the columns alone: every key and amount loaded and folded, on `threads` threads.
fn memory_floor(keys: &[u32], cents: &[i64], threads: usize, read: Read) -> (u64, i64) {
    let chunk = keys.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .zip(cents.chunks(chunk))
            .map(|(k, c)| {
                s.spawn(move || match read {
                    Read::Plain => fold(k, c),
                    Read::Streams => read_as_streams(k, c),
                    Read::Prefetched => read_prefetched(k, c),
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).fold((0u64, 0i64), |a, b| (a.0 + b.0, a.1.wrapping_add(b.1)))
    })
}

fn fold(keys: &[u32], cents: &[i64]) -> (u64, i64) {
    (keys.iter().map(|&k| u64::from(k)).sum::<u64>(), cents.iter().copied().fold(0i64, i64::wrapping_add))
}

fn read_as_streams(keys: &[u32], cents: &[i64]) -> (u64, i64) {
    const STREAMS: usize = 4;
    let part = keys.len() / STREAMS / 32 * 32;
    let mut sum = fold(&keys[STREAMS * part..], &cents[STREAMS * part..]);
    for at in (0..part).step_by(32) {
        for stream in 0..STREAMS {
            let lines = stream * part + at..stream * part + at + 32;
            let (k, c) = fold(&keys[lines.clone()], &cents[lines]);
            sum = (sum.0.wrapping_add(k), sum.1.wrapping_add(c));
        }
    }
    sum
}

fn read_prefetched(keys: &[u32], cents: &[i64]) -> (u64, i64) {
    let mut sum = (0u64, 0i64);
    for (at, (k, c)) in keys.chunks(32).zip(cents.chunks(32)).enumerate() {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let (ahead_k, ahead_c) =
                (keys.as_ptr().wrapping_add(at * 32 + 256), cents.as_ptr().wrapping_add(at * 32 + 256));
            // SAFETY: a prefetch is a hint: it reads nothing the program sees and cannot fault.
            unsafe {
                _mm_prefetch::<_MM_HINT_T0>(ahead_k.cast());
                _mm_prefetch::<_MM_HINT_T0>(ahead_k.wrapping_add(16).cast());
                for line in 0..4 {
                    _mm_prefetch::<_MM_HINT_T0>(ahead_c.wrapping_add(8 * line).cast());
                }
            }
        }
        let (k, c) = fold(k, c);
        sum = (sum.0.wrapping_add(k), sum.1.wrapping_add(c));
    }
    sum
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
            for (read, name) in
                [(Read::Plain, "plain loop"), (Read::Streams, "4 streams"), (Read::Prefetched, "prefetched")]
            {
                let id = BenchmarkId::new(format!("memory floor, {threads} threads, {name}"), n);
                g.bench_with_input(id, &(), |b, ()| b.iter(|| black_box(memory_floor(&keys, &cents, threads, read))));
            }
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
