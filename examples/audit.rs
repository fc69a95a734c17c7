//! Audit a published 部门决算/部门预算.
//!
//! ```text
//! cargo run --example audit                    # the 2020 report embedded in the crate
//! cargo run --example audit -- FILE [--json]   # any report extracted to text
//! ```
//! Exit status: 0 when the audit ran (whatever it found), 1 when the file cannot be read.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let file = args.iter().find(|a| !a.starts_with("--"));
    let text = match file {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    // The typed error names the line and byte.
                    let err = kemu::report::import_bytes(e.as_bytes()).unwrap_err();
                    eprintln!("{path}: {err}");
                    return ExitCode::FAILURE;
                }
            },
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => kemu::report::EMBEDDED_REPORT.to_string(),
    };
    let audit = kemu::report::audit(&text);
    let output = if json {
        match serde_json::to_string_pretty(&audit) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        audit.to_string()
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
