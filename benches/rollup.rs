//! Roll-up of generated line items over the full 2020 功能分类 catalog, beside a
//! `HashMap<String, Decimal>` baseline (sum per code string, then per prefix) in the same run.
//!
//! `cargo bench --bench rollup` (KEMU_BENCH_10M=1 adds the 10 M case)

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use kemu::rollup::{LineItem, RollUp, rollup_parallel};
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
