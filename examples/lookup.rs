//! Look up a code or a name in the embedded catalog (what `kemu lookup` prints).
//!
//! ```text
//! cargo run --example lookup -- 2010301 [--year 2020]
//! cargo run --example lookup -- 行政运行 --year 2024
//! ```
//! A code prints its name and ancestry; a name prints every code that carries it (names repeat
//! under different 款) and, if it is an old or new name, the years it held. An unknown code or
//! name exits with status 1, a wrong argument with 2.

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
    match kemu::catalog::describe(kemu::CatalogSet::embedded(), year, &query) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("{msg}\nusage: cargo run --example lookup -- CODE|NAME [--year YEAR]");
    ExitCode::from(2)
}
