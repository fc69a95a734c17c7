//! Broken and hostile input: each gets a typed error or a finding that names it and its place;
//! nothing panics and no line is lost.

use kemu::amount::parse_amount;
use kemu::balance::RowKey;
use kemu::report::{ImportError, ImportIssueKind, TableKind, import, import_bytes};
use kemu::{CatalogSet, Severity};

mod inputs;

fn accounted(report: &kemu::report::Report) {
    let l = report.lines;
    assert_eq!(
        l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
        l.total,
        "every line counted: {l:?}"
    );
}

const HEADER: &str = "收入决算表\n单位：万元\n功能分类科目编码\t科目名称\t本年收入合计\t财政拨款收入\n";

fn issues(text: &str) -> Vec<(usize, ImportIssueKind)> {
    let report = import(text);
    accounted(&report);
    report.issues.iter().map(|i| (i.line, i.kind.clone())).collect()
}

/// The kind of an issue without its payload, for matching.
fn kind_name(kind: &ImportIssueKind) -> String {
    format!("{kind:?}").split([' ', '{', '(']).next().unwrap_or("").to_string()
}

#[test]
fn a_table_of_broken_inputs_and_what_each_yields() {
    // (what, text, expected issue line, the kind of the issue)
    let cases: &[(&str, String, usize, &str)] = &[
        ("header without a body", HEADER.to_string(), 1, "NoFigures"),
        (
            "truncated table: a row cut after its code",
            format!("{HEADER}201\t一般公共服务支出\t10.00\t10.00\n20103\n"),
            0,
            "",
        ),
        (
            "duplicated row",
            format!("{HEADER}201\t一般公共服务支出\t10.00\t10.00\n201\t一般公共服务支出\t10.00\t10.00\n"),
            5,
            "RepeatedCode",
        ),
        ("name in the code's column", format!("{HEADER}一般公共服务支出\t201\t10.00\t10.00\n"), 4, "NameBeforeCode"),
        (
            "every row's name before its code: the table's layout, said once at its title",
            format!(
                "{HEADER}一般公共服务支出\t201\t10.00\t10.00\n政府办公厅（室）及相关机构事务\t20103\t10.00\t10.00\n行政运行\t2010301\t10.00\t10.00\n"
            ),
            1,
            "NamesBeforeCodes",
        ),
        ("text in an amount column", format!("{HEADER}201\t一般公共服务支出\t十元\t10.00\n"), 4, "NotAnAmount"),
        (
            "amount beyond Decimal's range",
            format!("{HEADER}201\t一般公共服务支出\t99999999999999999999999999999.99\t10.00\n"),
            4,
            "NotAnAmount",
        ),
        ("figures without a label", format!("{HEADER}\t\t10.00\t10.00\n"), 4, "FiguresWithoutLabel"),
        (
            "mixed units",
            format!(
                "{HEADER}201\t一般公共服务支出\t10.00\t10.00\n\n支出决算表\n单位：元\n功能分类科目编码\t科目名称\t本年支出合计\t基本支出\n201\t一般公共服务支出\t100000.00\t100000.00\n"
            ),
            6,
            "OtherUnit",
        ),
        (
            "a row wider than any table",
            format!("{HEADER}201\t一般公共服务支出{}\n", "\t1".repeat(200)),
            4,
            "TooManyCells",
        ),
        ("a figure row outside any table", "前言\n201\t一般公共服务支出\t10\n".to_string(), 2, "RowsOutsideTables"),
    ];
    for (what, text, line, kind) in cases {
        let found = issues(text);
        if kind.is_empty() {
            assert!(found.is_empty(), "{what}: {found:?}");
        } else {
            assert!(found.iter().any(|(l, k)| l == line && kind_name(k) == *kind), "{what}: {found:?}");
        }
    }
    // A layout of names before codes is said once, with no warning a row, and every row is read.
    let layout = issues(&format!(
        "{HEADER}一般公共服务支出\t201\t10.00\t10.00\n政府办公厅（室）及相关机构事务\t20103\t10.00\t10.00\n行政运行\t2010301\t10.00\t10.00\n"
    ));
    assert_eq!(layout, [(1, ImportIssueKind::NamesBeforeCodes { rows: 3 })]);
    // The truncated row is kept as a coded row with blank figures (a blank is never a zero), and
    // the audit flags its parent: 201 declares 10.00 over a blank part.
    let report = import(&format!("{HEADER}201\t一般公共服务支出\t10.00\t10.00\n20103\n"));
    let t = &report.tables[0].table;
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].key, RowKey::Code("20103".parse().unwrap()));
    assert_eq!(t.rows[1].cells, [None, None]);
    let audit = kemu::report::audit_report(&report, CatalogSet::embedded());
    assert!(audit.findings.iter().any(|f| f.row == "201" && f.severity == Severity::Error), "{audit}");
}

#[test]
fn non_utf8_bytes_are_a_typed_error_naming_line_and_byte() {
    let gbk = b"2020\xc4\xea\n\xb2\xbf\xc3\xc5";
    assert_eq!(import_bytes(gbk).unwrap_err(), ImportError::NotUtf8 { line: 1, column: 5 });
    let later = b"ok\nfine\n\xff";
    assert_eq!(import_bytes(later).unwrap_err(), ImportError::NotUtf8 { line: 3, column: 1 });
}

#[test]
fn amounts_beyond_decimal_and_malformed_ones_are_errors_not_zeros() {
    for bad in ["1e5", "12.3.4", "--1", "1-", "0x10", "∞", "NaN", "99999999999999999999999999999"] {
        let err = parse_amount(bad).unwrap_err();
        assert_eq!(err.input, bad);
    }
    for blank in ["", "-", "—", "/", "－"] {
        assert_eq!(parse_amount(blank).unwrap(), None);
    }
}

#[test]
fn very_long_lines_and_deep_headers_are_read() {
    let report = import(&inputs::long_lines());
    accounted(&report);
    assert_eq!(report.tables.len(), 2);
    assert_eq!(report.tables[0].kind, TableKind::Income);
    let audit = kemu::report::audit_report(&report, CatalogSet::embedded());
    assert!(
        report.issues.iter().any(|i| matches!(i.kind, ImportIssueKind::TooManyCells { cells: 2_000_001, read: 128 }))
    );
    assert!(audit.findings.iter().any(|f| f.rule == "import"));
}

#[test]
fn a_title_in_the_contents_does_not_name_an_untitled_table_pages_later() {
    // The contents list the tables, paragraphs follow, then the list of the department's units
    // with its 序号 (Shanghai's 决算 print it so).
    let text = "目录\n九、国有资本经营预算财政拨款收入支出决算表\n第三部分 说明\n一、主要职能\n负责有关工作。\n\
                二、部门决算单位构成\n序号\t单位名称\t备注\n1\t某部门（本级）\t\n2\t某中心\t\n";
    let report = import(text);
    accounted(&report);
    assert!(report.tables.is_empty(), "{:?}", report.tables.iter().map(|t| t.kind).collect::<Vec<_>>());
    let found: Vec<(usize, Severity, &ImportIssueKind)> =
        report.issues.iter().map(|i| (i.line, i.severity, &i.kind)).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (7, Severity::Info));
    assert_eq!(found[0].2, &ImportIssueKind::UntitledRows { rows: 3, first: "序号 单位名称 备注".into() });
    assert_eq!(report.lines.other_table_rows, 3);

    // A row with a figure among them is still reported on its own.
    let with_figure = format!("{text}201\t一般公共服务支出\t10.00\n");
    let found = issues(&with_figure);
    assert!(
        found.iter().any(|(l, k)| *l == 10 && *k == ImportIssueKind::RowsOutsideTables { rows: 1, last_line: 10 }),
        "{found:?}"
    );

    // A title followed by a subtitle and its unit still names its table.
    let subtitled = "收入决算表\n（按功能分类）\n单位：万元\n功能分类科目编码\t科目名称\t本年收入合计\n201\t一般公共服务支出\t10.00\n";
    let report = import(subtitled);
    accounted(&report);
    assert_eq!(report.tables.iter().map(|t| t.kind).collect::<Vec<_>>(), [TableKind::Income]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Figures up to Decimal's limits, in every cell of a table with totals, roll-ups and
    /// cross-footings: the audit never panics, and sums it cannot compute exactly are said to be
    /// out of range, never claimed as errors.
    #[test]
    fn figures_at_decimals_limits_never_panic(
        figures in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::Just("9999999999999999999999999999".to_string()),
                proptest::prelude::Just("79228162514264337593543950335".to_string()),
                proptest::prelude::Just("-79228162514264337593543950335".to_string()),
                proptest::prelude::Just("0.0000000000000000000000000001".to_string()),
                "[0-9]{1,28}(\\.[0-9]{1,2})?",
            ],
            12..36,
        )
    ) {
        let mut text = String::from("收入决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n");
        let codes = ["", "201", "20101", "2010101", "2010102", "205", "20502", "2050201", "2050202", "208", "20805", "2080501"];
        for (row, chunk) in figures.chunks(3).enumerate() {
            let code = codes[row % codes.len()];
            let label = if code.is_empty() { "合计" } else { "某科目" };
            text.push_str(&format!("{code}\t{label}\t{}\n", chunk.join("\t")));
        }
        let audit = kemu::report::audit(&text);
        for f in audit.findings.iter().filter(|f| f.outcome == kemu::balance::Outcome::OutOfRange) {
            proptest::prop_assert_eq!(f.severity, Severity::Warning);
        }
    }
}

#[test]
fn a_sum_beyond_decimal_is_out_of_range_not_a_panic() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions/sum-beyond-decimal.txt"))
            .unwrap();
    let audit = kemu::report::audit(&text);
    let out: Vec<_> = audit.findings.iter().filter(|f| f.outcome == kemu::balance::Outcome::OutOfRange).collect();
    assert_eq!(out.len(), 1, "{audit}");
    assert_eq!((out[0].row.as_str(), out[0].severity), ("20101", Severity::Warning));
    assert_eq!(audit.count(Severity::Error), 0);
}

#[test]
fn tables_extracted_with_spaces_for_cell_breaks_are_said_to_be_unread() {
    // The embedded report as an extractor without cells prints it: blank cells gone, one space
    // between the others.
    let spaced: String = kemu::report::EMBEDDED_REPORT
        .lines()
        .map(|l| l.split('\t').filter(|c| !c.trim().is_empty()).collect::<Vec<_>>().join(" ") + "\n")
        .collect();
    let said: Vec<(usize, ImportIssueKind)> =
        issues(&spaced).into_iter().filter(|(_, k)| matches!(k, ImportIssueKind::SpacedRows { .. })).collect();
    let [(line, ImportIssueKind::SpacedRows { rows, first_line })] = &said[..] else { panic!("{said:?}") };
    assert_eq!(line, first_line);
    // The first row of table 01 (收入 and 支出 side by side), and the rows after it with two
    // figures or more.
    assert!(spaced.lines().nth(first_line - 1).is_some_and(|l| l.contains("一般公共预算财政拨款收入")), "{first_line}");
    assert!(*rows >= 50, "{rows}");
    // As extracted, with tabs, nothing is said: the tables are read.
    assert!(
        !issues(kemu::report::EMBEDDED_REPORT).iter().any(|(_, k)| matches!(k, ImportIssueKind::SpacedRows { .. }))
    );
    // Prose alone, and a notice with a few figures, say nothing either.
    let prose = "2026年部门预算\n一、收入预算 100.00 万元，支出预算 100.00 万元。\n其中 基本支出 60.00 40.00\n";
    assert!(issues(prose).iter().all(|(_, k)| !matches!(k, ImportIssueKind::SpacedRows { .. })));
}
