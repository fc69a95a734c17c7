//! `cargo run -p kemu-xtask -- generate` rewrites src/generated/catalog.rs from data/*.csv;
//! `cargo run -p kemu-xtask -- check` exits non-zero when the committed file has drifted.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = root.join("src/generated/catalog.rs");
    let mode = std::env::args().nth(1).unwrap_or_default();
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
            eprintln!("usage: kemu-xtask generate|check");
            ExitCode::FAILURE
        }
    }
}
