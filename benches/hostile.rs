//! Time and memory on large and hostile input, in proportion to its size: 50 MB of report text
//! (the embedded report repeated), a 2-million-cell row with a 5 MB prose line, and the inputs the
//! fuzzers found slow (tests/fuzz-regressions/). The tests check what these inputs yield; the
//! figures are set here.
//!
//! `cargo bench --bench hostile` (release build; prints one line per input)

use std::time::{Duration, Instant};

#[path = "../tests/inputs/mod.rs"]
mod inputs;

/// Peak resident memory of this process so far (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib * 1024)
}

/// The best of `runs` imports and audits of `text`.
fn best(text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let audit = kemu::report::audit(std::hint::black_box(text));
            std::hint::black_box(audit.findings.len());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    // Cargo passes --bench; a filter argument, if any, selects inputs by name.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));

    if wanted("long lines") {
        let text = inputs::long_lines();
        let t = best(&text, 5);
        println!("long lines ({:.1} MB): {:.1} ms", text.len() as f64 / 1e6, t.as_secs_f64() * 1e3);
    }

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| wanted(&p.to_string_lossy())) {
        let Ok(bytes) = std::fs::read(path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let t = best(&text, 5);
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        println!("fuzz regression {name} ({} KB): {:.2} ms", bytes.len() / 1024, t.as_secs_f64() * 1e3);
    }

    // Last: its peak memory is this process's peak.
    if wanted("50 MB") {
        let one = kemu::report::EMBEDDED_REPORT;
        let text = one.repeat(50 * 1024 * 1024 / one.len() + 1);
        let before = peak_rss();
        let t = best(&text, 1);
        let grown = peak_rss().zip(before).map(|(after, before)| after.saturating_sub(before));
        let ratio = grown.map_or_else(|| "?".to_string(), |g| format!("{:.1}", g as f64 / text.len() as f64));
        println!(
            "50 MB of report text ({:.1} MB): {:.2} s, {:.1} MB/s; peak memory grew by {ratio} × the input",
            text.len() as f64 / 1e6,
            t.as_secs_f64(),
            text.len() as f64 / 1e6 / t.as_secs_f64()
        );
    }
}
