//! Roll up a CSV of line items (`code,amount_cents`) and print the timing as one JSON line: the
//! kemu side of `benches/compare/compare.py`. With `--serve` it reads the file once, prints
//! `ready`, then runs one roll-up per line of standard input (`rollup 1`, `columns 2`: the path
//! and the threads) and answers `SECONDS GRAND_TOTAL_CENTS`, so that the harness can interleave
//! its rounds with the other engines'.
//!
//! ```text
//! cargo run --release --example rollup_file -- FILE [YEAR] [--serve]
//! ```

use kemu::rollup::{LineItem, RollUp, rollup_columns, rollup_parallel};
use kemu::{Catalog, Classification, Code};
use rust_decimal::Decimal;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let serve = std::env::args().any(|a| a == "--serve");
    let mut args = std::env::args().skip(1).filter(|a| a != "--serve");
    let Some(path) = args.next() else {
        eprintln!("usage: rollup_file FILE [YEAR]");
        return ExitCode::from(2);
    };
    let year: u16 = args.next().and_then(|y| y.parse().ok()).unwrap_or(2020);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // The first line is a header only when it holds no code (`code,amount_cents`).
        if n == 0
            && line
                .split(',')
                .next()
                .is_none_or(|c| Code::parse(c.trim()).is_err() && !c.trim().starts_with(|d: char| d.is_ascii_digit()))
        {
            continue;
        }
        let Some((code, cents)) = line.split_once(',') else {
            eprintln!("{path}:{}: expected code,amount_cents", n + 1);
            return ExitCode::FAILURE;
        };
        match (Code::parse(code), cents.parse::<i64>()) {
            (Ok(code), Ok(cents)) => items.push(LineItem { code, amounts: [Decimal::new(cents, 2)] }),
            _ => {
                eprintln!("{path}:{}: cannot read {line:?}", n + 1);
                return ExitCode::FAILURE;
            }
        }
    }
    let parse_s = start.elapsed().as_secs_f64();
    let catalog = match Catalog::year(year) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if serve {
        return self::serve(catalog, &items);
    }
    let best = |threads: usize| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let total = if threads == 1 {
                    let mut r = RollUp::new(catalog, Classification::Function, 1);
                    for (i, item) in items.iter().enumerate() {
                        let _ = r.add_item(i, item);
                    }
                    Ok(r.totals().grand_total()[0])
                } else {
                    rollup_parallel(catalog, Classification::Function, &items, threads)
                        .map(|r| r.totals().grand_total()[0])
                };
                (t.elapsed().as_secs_f64(), total)
            })
            .fold((f64::MAX, Ok(Decimal::ZERO)), |a, b| if b.0 < a.0 { b } else { a })
    };
    let (one, total) = best(1);
    let (two, parallel) = best(2);
    let (total, _) = match (total, parallel) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{{\"tool\":\"kemu\",\"rows\":{},\"parse_s\":{parse_s:.4},\"rollup_1_thread_s\":{one:.4},\"rollup_2_threads_s\":{two:.4},\"grand_total\":\"{total}\"}}",
        items.len()
    );
    ExitCode::SUCCESS
}

/// The `--serve` loop: one roll-up per request line, timed.
fn serve(catalog: Catalog<'_>, items: &[LineItem]) -> ExitCode {
    use std::io::BufRead;
    let keys: Vec<u32> = items.iter().map(|i| i.code.key()).collect();
    let cents: Vec<i64> = items.iter().map(|i| i.amounts[0].mantissa() as i64).collect();
    println!("ready");
    for request in std::io::stdin().lock().lines() {
        let Ok(request) = request else { break };
        let (path, threads) = request.split_once(' ').unwrap_or((request.as_str(), "1"));
        let threads: usize = threads.trim().parse().unwrap_or(1);
        let t = Instant::now();
        let total = match path {
            "columns" => rollup_columns(catalog, Classification::Function, &keys, &cents, threads)
                .map(|r| r.totals().grand_total()[0])
                .map_err(|e| e.to_string()),
            _ => rollup_parallel(catalog, Classification::Function, items, threads)
                .map(|r| r.totals().grand_total()[0])
                .map_err(|e| e.to_string()),
        };
        match total {
            Ok(total) => println!("{:.6} {}", t.elapsed().as_secs_f64(), total * Decimal::ONE_HUNDRED),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
