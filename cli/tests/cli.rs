//! The `kemu` command as a user runs it: exit statuses, batches, JSON that reads back, CSV, the
//! roll-up's account of every line, and arguments used or refused.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kemu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kemu")).args(args).output().expect("the kemu binary runs")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn path(p: &str) -> String {
    root().join(p).display().to_string()
}

fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kemu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn an_audit_exits_1_on_errors_0_on_a_clean_report_and_2_on_what_it_cannot_read() {
    let embedded = kemu(&["audit", &path("data/reports/hn-szb-2020-js.txt")]);
    assert_eq!(embedded.status.code(), Some(1), "the embedded report has errors");
    let text = String::from_utf8(embedded.stdout).unwrap();
    assert!(text.contains("does not balance") && text.contains("不平衡"), "both languages by default");
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 100), "lines within 100 columns");

    let clean = kemu(&["audit", &path("../shared/reports/sh-putuo-shgzb-2024-js.txt"), "--lang", "en"]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(!String::from_utf8(clean.stdout).unwrap().contains("尾数误差"), "English only");

    let gbk = scratch("gbk.txt", "");
    std::fs::write(&gbk, b"\xb2\xbf\xc3\xc5\xd4\xa4\xcb\xe3").unwrap();
    let out = kemu(&["audit", &gbk]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("GB18030"), "a hint for GBK text");

    let notice = scratch("notice.txt", "关于公开2026年部门预算的通知\n各单位：请按时公开。\n");
    let out = kemu(&["audit", &notice]);
    assert_eq!(out.status.code(), Some(2), "a file that is not a disclosure");
    assert!(String::from_utf8(out.stderr).unwrap().contains("no recognizable table"));

    // The embedded report with spaces for its cell breaks: its tables are there, and unread.
    let embedded = std::fs::read_to_string(path("data/reports/hn-szb-2020-js.txt")).unwrap();
    let spaced: String = embedded
        .lines()
        .map(|l| l.split('\t').filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ") + "\n")
        .collect();
    let out = kemu(&["audit", &scratch("spaced.txt", &spaced)]);
    assert_eq!(out.status.code(), Some(2), "no table read");
    assert!(String::from_utf8(out.stderr).unwrap().contains("spaces, not tabs"));
}

#[test]
fn a_folder_is_a_batch_with_a_summary() {
    let out = kemu(&["audit", &path("../shared/reports"), "--jobs", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let summary = text.lines().last().unwrap();
    // Seven text fixtures, INDEX.md and eight PDFs (read with the default features); INDEX.md
    // and the two 说明-only halves of the Jiangsu PDFs hold no table.
    assert!(summary.starts_with("16 reports in 16 files (3 unreadable or without a table)"), "{summary}");
    assert!(text.contains("hn-szb-2020-js.txt") && text.contains("report"), "one row per report");
    assert_eq!(out.status.code(), Some(2), "INDEX.md and the two 说明-only halves hold no table");
}

#[test]
fn json_reads_back_as_the_audit_and_csv_has_a_row_per_finding() {
    let out = kemu(&["audit", &path("data/reports/hn-szb-2020-js.txt"), "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["format"], "text");
    assert_eq!((doc["summary"]["errors"].as_u64(), doc["summary"]["corrections"].as_u64()), (Some(10), Some(5)));
    let audit: kemu::report::Audit = serde_json::from_value(doc["audit"].clone()).unwrap();
    assert_eq!(audit, kemu::report::audit(kemu::report::EMBEDDED_REPORT), "the JSON round-trips");
    assert_eq!(doc["audit"]["findings"][0]["declared"], "1013.91", "decimals as strings");

    let out = kemu(&["audit", &path("data/reports/hn-szb-2020-js.txt"), "--csv"]);
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), audit.findings.len());
    let headers: Vec<String> = reader.headers().unwrap().iter().take(4).map(str::to_string).collect();
    assert_eq!(headers, ["file", "report", "severity", "rule"]);
    assert!(rows.iter().any(|r| &r[3] == "narrative:table" && &r[8] == "385"), "narrative findings with their line");
    assert!(rows.iter().all(|r| r[7].is_empty()), "the embedded text prints no page marks: no page is made up");
    let out = kemu(&["audit", &path("../shared/reports/sh-putuo-shgzb-2024-js.txt"), "--csv"]);
    let paged: Vec<csv::StringRecord> =
        csv::Reader::from_reader(&out.stdout[..]).records().map(Result::unwrap).collect();
    assert!(!paged.is_empty() && paged.iter().all(|r| !r[7].is_empty()), "a paged report's findings carry their page");
}

#[test]
fn a_rollup_counts_or_reports_every_line() {
    let ledger = scratch("ledger.csv", "code,amount\n2010301, 100.50\n\n\"2010302\",20\n20103O1,5\n2010301,abc\n");
    let out = kemu(&["rollup", &ledger]);
    assert_eq!(out.status.code(), Some(1), "rejected lines");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("20103 政府办公厅（室）及相关机构事务  120.50"), "{text}");
    assert!(
        text.contains("2 line items counted, 2 rejected, 0 unreadable, 1 blank, line 1 read as the header"),
        "{text}"
    );
    assert!(text.contains("line 5: \"20103O1\" rejected") && text.contains("line 6:"), "{text}");
    // A first line that is data is data.
    let out = kemu(&["rollup", &scratch("data.csv", "2010301,1\n2010302,2\n")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("2 line items counted, 0 rejected"));
}

#[test]
fn lookup_and_arguments() {
    let out = kemu(&["lookup", "2010301"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("2010301 行政运行"));
    assert_eq!(kemu(&["lookup", "9999999"]).status.code(), Some(1));
    for help in [&["--help"][..], &["audit", "--help"], &["rollup", "--help"], &["lookup", "--help"]] {
        assert_eq!(kemu(help).status.code(), Some(0), "{help:?}");
    }
    assert_eq!(kemu(&["audit", "x.txt", "--colour"]).status.code(), Some(2), "an unknown option is refused");
    assert_eq!(kemu(&["audit", "--lang", "fr", "x.txt"]).status.code(), Some(2));
    assert_eq!(kemu(&["lookup", "2010301", "extra"]).status.code(), Some(2), "an extra argument is refused");
}

#[test]
fn a_harvest_lists_what_each_report_prints_against_the_catalog() {
    let renamed = kemu::report::EMBEDDED_REPORT.replace("2010301\t行政运行", "2010301\t行政执行");
    let out = kemu(&["harvest", &path("data/reports/hn-szb-2020-js.txt"), &scratch("renamed.txt", &renamed)]);
    assert_eq!(out.status.code(), Some(0));
    let tsv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines[0], ["year", "code", "name", "verdict", "catalog_name", "files"]);
    let row = |name: &str| lines.iter().find(|l| l[1] == "2010301" && l[2] == name).cloned();
    assert_eq!(row("行政运行"), Some(vec!["2020", "2010301", "行政运行", "confirms", "", "hn-szb-2020-js"]));
    assert_eq!(row("行政执行"), Some(vec!["2020", "2010301", "行政执行", "differs", "行政运行", "renamed"]));
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(summary.starts_with("2 files: 2 reports harvested, 0 without a year"), "{summary}");
    assert!(summary.contains("\n2020: ") && summary.contains("names that differ 1"), "{summary}");
}
