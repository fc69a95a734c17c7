//! `kemu audit`: every file read and audited on all cores (in order of the files), then the
//! reports as text, JSON (JSON Lines for several) or CSV, and a summary of a batch.

use kemu::Severity;
use kemu::report::read::{Format, ReadError, read_path};
use kemu::report::{Audit, Lang};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The version of the JSON documents `--json` writes.
pub const SCHEMA: u32 = 1;

#[derive(clap::Args)]
pub struct Args {
    /// Report files, or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// One JSON document per report (JSON Lines for several).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Every finding as a CSV row.
    #[arg(long)]
    csv: bool,
    /// Audit against the catalog of this fiscal year instead of the year each report prints.
    #[arg(long)]
    year: Option<u16>,
    /// The language of the text report.
    #[arg(long, default_value = "both")]
    lang: Lang,
    /// Files audited at once (default: every core).
    #[arg(long)]
    jobs: Option<usize>,
}

/// What became of one file.
struct Outcome {
    path: PathBuf,
    result: Result<(Format, Vec<Audit>), ReadError>,
}

pub fn run(args: &Args) -> ExitCode {
    let Some(files) = super::files_or_say(&args.paths) else { return ExitCode::from(2) };
    let outcomes = audit_all(&files, args);
    let mut out = String::new();
    if args.json {
        json(&outcomes, &mut out);
    } else if args.csv {
        if let Err(e) = csv(&outcomes, &mut out) {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    } else {
        text(&outcomes, args.lang, &mut out);
    }
    for o in &outcomes {
        if let Some(problem) = problem(o) {
            eprintln!("{}: {problem}", o.path.display());
        }
    }
    let unreadable = outcomes.iter().any(|o| problem(o).is_some());
    let errors =
        outcomes.iter().any(|o| o.result.as_ref().is_ok_and(|(_, a)| a.iter().any(|a| a.count(Severity::Error) > 0)));
    let status = if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    super::write_out(&out, status)
}

/// Every file audited, `jobs` at a time, with a progress bar on a terminal.
fn audit_all(files: &[PathBuf], args: &Args) -> Vec<Outcome> {
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if files.len() < 2 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Outcome>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.min(files.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let result = read_path(path).map(|doc| (doc.format, doc.audit(args.year)));
                        done.push((i, Outcome { path: path.clone(), result }));
                        bar.inc(1);
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked lost its files: they are reported as not audited below.
            for (i, outcome) in worker.join().unwrap_or_default() {
                results[i] = Some(outcome);
            }
        }
    });
    bar.finish_and_clear();
    results
        .into_iter()
        .zip(files)
        .map(|(o, path)| {
            o.unwrap_or_else(|| Outcome {
                path: path.clone(),
                result: Err(ReadError::Damaged {
                    format: Format::Text,
                    place: "file".into(),
                    reason: "not audited".into(),
                }),
            })
        })
        .collect()
}

/// Why a file counts as unread: it could not be read, or no report of it holds a table.
fn problem(o: &Outcome) -> Option<String> {
    match &o.result {
        Err(e) => Some(format!("{e}{}", hint(e, &o.path))),
        Ok((_, audits)) if audits.iter().all(|a| a.tables.iter().all(|t| t.rows == 0)) => {
            let spaced = audits.iter().any(|a| a.findings.iter().any(|f| f.rule == "import:spaced_rows"));
            Some(if spaced {
                "表格以空格而非制表符分隔单元格，未能读入 | tables printed with spaces, not tabs, between their cells: not read"
            } else {
                "无可识别的公开表（通知、纯文字说明或非预决算文件？） | no recognizable table (a notice, prose only, or not a disclosure?)"
            }
            .to_string())
        }
        Ok(_) => None,
    }
}

fn hint(e: &ReadError, path: &Path) -> String {
    match e {
        ReadError::NotUtf8 { .. } if path.extension().is_some_and(|x| x == "txt") => {
            " (GBK text? convert it with `iconv -f GB18030 -t UTF-8`)".to_string()
        }
        ReadError::FeatureOff { feature, .. } => {
            format!(" (install with `cargo install --path cli --features {feature}`)")
        }
        _ => String::new(),
    }
}

fn text(outcomes: &[Outcome], lang: Lang, out: &mut String) {
    for o in outcomes {
        if let Ok((_, audits)) = &o.result {
            for a in audits {
                if outcomes.len() > 1 {
                    out.push_str(&format!("== {}\n", o.path.display()));
                }
                out.push_str(&a.render(lang));
                out.push('\n');
            }
        }
    }
    if outcomes.len() > 1 {
        summary(outcomes, out);
    }
}

/// One row per report (file, year, kind, tables, errors, warnings), then the totals.
fn summary(outcomes: &[Outcome], out: &mut String) {
    use std::fmt::Write;
    let _ =
        writeln!(out, "{:<40} {:>5} {:>4} {:>6} {:>6} {:>8}", "report", "year", "kind", "tables", "errors", "warnings");
    let (mut reports, mut errors, mut warnings, mut unread) = (0, 0, 0, 0);
    for o in outcomes {
        let name = o.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let name: String =
            if name.chars().count() > 40 { name.chars().take(39).chain(['…']).collect() } else { name };
        if problem(o).is_some() {
            unread += 1;
        }
        match &o.result {
            Ok((_, audits)) => {
                for a in audits {
                    let year = a.report.year.map_or("?".into(), |y| y.to_string());
                    let kind = a.report.kind.map_or("?", |k| k.chinese());
                    let tables = a.tables.iter().filter(|t| t.rows > 0).count();
                    let (e, w) = (a.count(Severity::Error), a.count(Severity::Warning));
                    let _ = writeln!(out, "{name:<40} {year:>5} {kind:>4} {tables:>6} {e:>6} {w:>8}");
                    (reports, errors, warnings) = (reports + 1, errors + e, warnings + w);
                }
            }
            Err(_) => {
                let _ = writeln!(out, "{name:<40} {:>5} {:>4} {:>6} {:>6} {:>8}", "-", "-", "-", "-", "-");
            }
        }
    }
    let _ = writeln!(
        out,
        "{reports} reports in {} files ({unread} unreadable or without a table): {errors} errors, {warnings} warnings",
        outcomes.len()
    );
}

/// One document per report: `{schema, file, format, audit}`.
fn json(outcomes: &[Outcome], out: &mut String) {
    let many = outcomes.len() > 1 || outcomes.iter().any(|o| o.result.as_ref().is_ok_and(|(_, a)| a.len() > 1));
    for o in outcomes {
        let file = o.path.display().to_string();
        let docs: Vec<serde_json::Value> = match &o.result {
            Ok((format, audits)) => audits
                .iter()
                .map(|a| {
                    let summary = serde_json::json!({
                        "errors": a.count(Severity::Error),
                        "warnings": a.count(Severity::Warning),
                        "infos": a.count(Severity::Info),
                        "tables": a.tables.len(),
                        "identities_checked": a.identities_checked,
                        "corrections": a.corrections.iter().filter(|c| c.is_definite()).count(),
                    });
                    serde_json::json!({"schema": SCHEMA, "file": file, "format": format, "summary": summary, "audit": a})
                })
                .collect(),
            Err(e) => vec![serde_json::json!({"schema": SCHEMA, "file": file, "error": e.to_string()})],
        };
        for doc in docs {
            let printed = if many { serde_json::to_string(&doc) } else { serde_json::to_string_pretty(&doc) };
            out.push_str(&printed.unwrap_or_default());
            out.push('\n');
        }
    }
}

/// Every finding as a row, with its file and report.
fn csv(outcomes: &[Outcome], out: &mut String) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "file",
        "report",
        "severity",
        "rule",
        "table",
        "row",
        "column",
        "page",
        "line",
        "declared",
        "expected",
        "difference",
        "tolerance",
        "message",
    ])?;
    let show = |d: Option<kemu::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for o in outcomes {
        let Ok((_, audits)) = &o.result else { continue };
        for (n, a) in audits.iter().enumerate() {
            for f in &a.findings {
                w.write_record([
                    o.path.display().to_string(),
                    (n + 1).to_string(),
                    f.severity.to_string(),
                    f.rule.clone(),
                    f.table.clone(),
                    f.row.clone(),
                    f.column.clone(),
                    f.page.map(|p| p.to_string()).unwrap_or_default(),
                    f.line.map(|l| l.to_string()).unwrap_or_default(),
                    show(f.declared),
                    show(f.expected),
                    show(f.difference),
                    show(f.tolerance),
                    f.message.clone(),
                ])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    out.push_str(&String::from_utf8_lossy(&bytes));
    Ok(())
}
