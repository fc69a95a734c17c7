//! Roll up a CSV of line items (`code,amount_cents`) and print the timing as one JSON line: the
//! kemu side of `benches/compare/compare.py`.
//!
//! ```text
//! cargo run --release --example rollup_file -- FILE [YEAR]
//! ```

use kemu::rollup::{LineItem, RollUp, rollup_parallel};
use kemu::{Catalog, Classification, Code};
use rust_decimal::Decimal;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
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
