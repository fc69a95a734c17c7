//! `kemu rollup`: a ledger CSV (code, then amounts) rolled up 项 → 款 → 类 → 合计, every line
//! counted or reported with its line number and reason. Blank lines, quoted fields and spaces
//! around fields are CSV, not errors; a first line is a header only when it holds no code.

use kemu::rollup::RollUp;
use kemu::{Catalog, Classification, Code};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The ledger: `code,amount[,amount…]` per line (a header line is optional).
    ledger: PathBuf,
    /// The catalog's fiscal year.
    #[arg(long, default_value_t = 2020)]
    year: u16,
    /// Which classification the codes are of.
    #[arg(long, value_enum, default_value = "function")]
    classification: Kind,
}

/// The classifications a ledger can be in.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// 支出功能分类 (201 …).
    Function,
    /// 部门预算支出经济分类 (301 …).
    Department,
    /// 政府预算支出经济分类 (501 …).
    Government,
}

pub fn run(args: &Args) -> ExitCode {
    let catalog = match Catalog::year(args.year) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let bytes = match std::fs::read(&args.ledger) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", args.ledger.display());
            return ExitCode::from(2);
        }
    };
    // The CSV reader passes over blank lines; they are counted here.
    let blank = bytes.split(|&b| b == b'\n').filter(|l| l.iter().all(u8::is_ascii_whitespace)).count()
        - usize::from(bytes.ends_with(b"\n"));
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(&bytes[..]);
    let classification = match args.classification {
        Kind::Function => Classification::Function,
        Kind::Department => Classification::EconDepartment,
        Kind::Government => Classification::EconGovernment,
    };
    let mut rollup: Option<RollUp<'_>> = None;
    let (mut header, mut unreadable) = (None, Vec::new());
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(n + 1, |p| p.line() as usize);
                unreadable.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(n + 1, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.is_empty()) {
            // A line of empty fields (`,,`): nothing to count.
            unreadable.push(format!("line {line}: no code and no amount"));
            continue;
        }
        // A first line without a code in its first field (`code,amount`) is the header.
        if n == 0 && Code::parse_lenient(fields[0]).is_err() && !fields[0].starts_with(|c: char| c.is_ascii_digit()) {
            header = Some(line);
            continue;
        }
        let measures = fields.len().saturating_sub(1).max(1);
        let r = rollup.get_or_insert_with(|| RollUp::new(catalog, classification, measures));
        // A rejected line is kept by the roll-up with its reason.
        let _ = r.add_text(line, fields[0], &fields[1..]);
    }
    let Some(rollup) = rollup else {
        eprintln!("{}: no line items", args.ledger.display());
        return ExitCode::from(2);
    };
    super::write_out(
        &report(&rollup, header, blank, &unreadable),
        if rollup.rejected().is_empty() && unreadable.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE },
    )
}

/// The totals, then where every line went.
fn report(rollup: &RollUp<'_>, header: Option<usize>, blank: usize, unreadable: &[String]) -> String {
    let mut out = String::new();
    let totals = rollup.totals();
    for row in totals.iter() {
        let amounts: Vec<String> = row.amounts.iter().map(|a| format!("{a:.2}")).collect();
        let indent = match row.level {
            kemu::Level::Class => "",
            kemu::Level::Section => "  ",
            _ => "    ",
        };
        let _ = writeln!(out, "{indent}{} {}  {}", row.code, row.name.unwrap_or("?"), amounts.join("  "));
    }
    let grand: Vec<String> = totals.grand_total().iter().map(|a| format!("{a:.2}")).collect();
    let _ = writeln!(out, "合计 | total  {}", grand.join("  "));
    let _ = writeln!(
        out,
        "\n{} line items counted, {} rejected, {} unreadable, {blank} blank{}",
        rollup.counted(),
        rollup.rejected().len(),
        unreadable.len(),
        header.map_or(String::new(), |l| format!(", line {l} read as the header"))
    );
    for r in rollup.rejected() {
        let _ = writeln!(out, "  line {}: {:?} rejected: {}", r.line, r.code, r.reason);
    }
    for u in unreadable {
        let _ = writeln!(out, "  {u}");
    }
    out
}
