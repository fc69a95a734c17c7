//! Look up a code or a name in the embedded catalog.
//!
//! ```text
//! cargo run --example lookup -- 2010301 [--year 2020]
//! cargo run --example lookup -- 行政运行 --year 2024
//! ```
//! A code prints its name and ancestry; a name prints every code that carries it (names repeat
//! under different 款) and, if it is an old or new name, the years it held. An unknown code or
//! name exits with status 1.

use kemu::{Catalog, CatalogSet, Code};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut query = None;
    let mut year = 2020u16;
    while let Some(arg) = args.next() {
        if arg == "--year" {
            match args.next().and_then(|y| y.parse().ok()) {
                Some(y) => year = y,
                None => return usage("--year needs a year such as 2020"),
            }
        } else if query.is_none() {
            query = Some(arg);
        } else {
            return usage(&format!("unexpected argument {arg:?}"));
        }
    }
    let Some(query) = query else { return usage("give a code or a name") };
    let catalog = match Catalog::year(year) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    if query.trim().starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let code = match Code::parse_lenient(&query) {
            Ok(c) => c,
            Err(e) => return fail(&e.to_string()),
        };
        let path = catalog.path(code);
        if path.is_empty() {
            let history = CatalogSet::embedded().name_history(code);
            let mut msg = format!("{code} is not in the {year} catalog");
            for e in history {
                let years = e.valid_years();
                msg.push_str(&format!("\n  {}–{}: {}", years.start(), years.end(), e.name()));
            }
            return fail(&msg);
        }
        let trail: Vec<String> = path.iter().map(|e| e.to_string()).collect();
        println!("{}", trail.join(" › "));
        let entry = path[path.len() - 1];
        println!(
            "level {}, {year}, evidence: {:?}{}",
            entry.level(),
            entry.confirmation(),
            if entry.is_uncertain() { ", uncertain" } else { "" }
        );
        for e in CatalogSet::embedded().name_history(code) {
            let years = e.valid_years();
            println!("  {}–{}: {}", years.start(), years.end(), e.name());
        }
        ExitCode::SUCCESS
    } else {
        let hits = catalog.find_by_name(&query);
        for e in &hits {
            let trail: Vec<String> = catalog.path(e.code()).iter().map(|p| p.to_string()).collect();
            println!("{}", trail.join(" › "));
        }
        let other: Vec<_> = CatalogSet::embedded()
            .find_by_name_any_year(&query)
            .into_iter()
            .filter(|e| !e.valid_years().contains(&year))
            .collect();
        for e in &other {
            let years = e.valid_years();
            println!("{} was {} in {}–{}", query, e.code(), years.start(), years.end());
        }
        if hits.is_empty() && other.is_empty() {
            return fail(&format!("no code is named {query:?} in {year}"));
        }
        ExitCode::SUCCESS
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("{msg}\nusage: cargo run --example lookup -- CODE|NAME [--year YEAR]");
    ExitCode::from(2)
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::FAILURE
}
