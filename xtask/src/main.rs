//! `cargo run -p kemu-xtask -- generate` rewrites src/generated/catalog.rs from data/*.csv;
//! `cargo run -p kemu-xtask -- check` exits non-zero when the committed file has drifted;
//! `cargo run -p kemu-xtask -- evidence HARVEST.tsv` adds the confirmations of a `kemu harvest`
//! to data/*.csv (then regenerate).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = root.join("src/generated/catalog.rs");
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "evidence" {
        return evidence(&root.join("data"), std::env::args().nth(2));
    }
    let generated = match kemu_xtask::generate(&root.join("data")) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match mode.as_str() {
        "generate" => match std::fs::write(&target, generated) {
            Ok(()) => {
                println!("wrote {}", target.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", target.display());
                ExitCode::FAILURE
            }
        },
        "check" => {
            if std::fs::read_to_string(&target).ok().as_deref() == Some(generated.as_str()) {
                println!("{} is up to date", target.display());
                ExitCode::SUCCESS
            } else {
                eprintln!("{} differs from data/*.csv: run `{}`", target.display(), kemu_xtask::COMMAND);
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: kemu-xtask generate|check|evidence HARVEST.tsv");
            ExitCode::FAILURE
        }
    }
}

/// Adds a harvest's confirmations to every catalog file, and says how many rows gained evidence.
fn evidence(data: &std::path::Path, harvest: Option<String>) -> ExitCode {
    let Some(harvest) = harvest else {
        eprintln!("usage: kemu-xtask evidence HARVEST.tsv (from `kemu harvest DIR > HARVEST.tsv`)");
        return ExitCode::FAILURE;
    };
    let harvest_text = match std::fs::read_to_string(&harvest) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {harvest}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (name, _) in kemu_xtask::FILES {
        let path = data.join(name);
        let result = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|csv| kemu_xtask::add_evidence(&csv, &harvest_text))
            .and_then(|(text, added)| std::fs::write(&path, text).map(|()| added).map_err(|e| e.to_string()));
        match result {
            Ok(added) => println!("data/{name}: {added} rows confirmed by a published report"),
            Err(e) => {
                eprintln!("error: data/{name}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("now run `{}`", kemu_xtask::COMMAND);
    ExitCode::SUCCESS
}
