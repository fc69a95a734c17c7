//! Audit a published 部门决算/部门预算.
//!
//! ```text
//! cargo run --example audit                                # the 2020 report embedded in the crate
//! cargo run --example audit -- FILE [--json] [--year YYYY] # a report as text, or
//! cargo run --features pdf,excel --example audit -- FILE   # as a PDF or a workbook too
//! ```
//! The kind of FILE is read from its first bytes, not its name. A file that joins several
//! reports (`#####` lines between them, each with its own tables) is audited report by report. Exit status: 0 when the audit ran (whatever it found), 1 when the
//! file cannot be read, 2 when the arguments are wrong.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: audit [FILE] [--json] [--year YYYY]\n  FILE       a report: text, or a PDF or workbook with features pdf/excel (default: the embedded 2020 report)\n  --json     the findings as JSON\n  --year Y   audit against the catalog of year Y (overrides the year the report prints)";

/// What the command line asks for.
struct Args {
    file: Option<String>,
    json: bool,
    year: Option<u16>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args { file: None, json: false, year: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => args.json = true,
            "--year" => {
                let value = it.next().ok_or("--year needs a year, e.g. --year 2024")?;
                let year = value.parse().map_err(|_| format!("--year {value}: not a year"))?;
                args.year = Some(year);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            file if args.file.is_none() => args.file = Some(file.to_string()),
            extra => return Err(format!("one file at a time: {extra} is one too many")),
        }
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let document = match &args.file {
        Some(path) => match kemu::report::read::read_path(path) {
            Ok(document) => document,
            // The typed error names the file and the place (a line and byte, a page, a sheet).
            Err(kemu::report::read::ReadError::Io { path, reason }) => {
                eprintln!("{path}: {reason}");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => {
            kemu::report::read::read(kemu::report::EMBEDDED_REPORT.as_bytes()).expect("the embedded report is text")
        }
    };
    let audits = document.audit(args.year);
    let output = if args.json {
        let json = match audits.as_slice() {
            [one] => serde_json::to_string_pretty(one),
            many => serde_json::to_string_pretty(many),
        };
        match json {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        audits.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    };
    // A reader that stops early (`| head`) is not an error worth a panic.
    match std::io::stdout().write_all(output.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
