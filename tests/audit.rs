//! The audit on the embedded 2020 report (the acceptance case) and the import of every real
//! report in ../shared/reports/.

use kemu::Severity;
use kemu::balance::{Outcome, RowKey};
use kemu::report::{ImportIssueKind, Report, ReportKind, audit, audit_report, import};
use rust_decimal::Decimal;
use std::path::PathBuf;

#[test]
fn the_2020_report_has_exactly_its_known_errors() {
    let a = audit(kemu::report::EMBEDDED_REPORT);
    let errors: Vec<(String, String, String, String)> = a
        .findings
        .iter()
        // The narrative's findings are pinned in tests/narrative.rs.
        .filter(|f| f.severity == Severity::Error && f.table != "说明")
        .map(|f| {
            (f.table.clone(), f.row.clone(), f.column.clone(), f.expected.map(|d| d.to_string()).unwrap_or_default())
        })
        .collect();
    let want = [
        ("01", "一、一般公共预算财政拨款收入", "收入/决算数", "1076.44"),
        ("01", "本年收入合计", "收入/决算数", "1076.44"),
        ("02", "201", "本年收入合计", "971.38"),
        ("02", "201", "财政拨款收入", "971.38"),
        ("02", "20103", "本年收入合计", "931.38"),
        ("02", "20103", "财政拨款收入", "931.38"),
        ("07", "第1行", "公务用车购置及运行费/小计（2）", "9.23"),
    ];
    let mut sorted = errors.clone();
    sorted.sort();
    let want: Vec<_> =
        want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(sorted, want);
    let blank = a.findings.iter().find(|f| f.table == "07" && f.severity == Severity::Error).unwrap();
    assert_eq!((blank.outcome, blank.declared), (Outcome::BlankTotal, None));

    let corrections: Vec<String> = a
        .corrections
        .iter()
        .map(|c| format!("{}/{}/{}: {:?} → {}", c.table, c.row, c.column, c.from.map(|d| d.to_string()), c.to))
        .collect();
    assert_eq!(
        corrections,
        [
            "02/201/本年收入合计: Some(\"1013.91\") → 951.38",
            "02/201/财政拨款收入: Some(\"1013.91\") → 951.38",
            "02/20103/本年收入合计: Some(\"951.38\") → 931.38",
            "02/20103/财政拨款收入: Some(\"951.38\") → 931.38",
            "07/第1行/公务用车购置及运行费/小计（2）: None → 9.23",
        ]
    );
    // Table 02 alone has five fixes of four cells (three of them one mistyped digit each); the
    // one proposed is the only one with which 01's 本年收入合计 (1013.91) agrees.
    use kemu::balance::Basis;
    let bases: Vec<(Option<Basis>, usize)> = a.corrections.iter().map(|c| (c.basis, c.alternatives)).collect();
    assert_eq!(bases[..4], [(Some(Basis::CrossTableAgreement), 4); 4]);
    assert_eq!(bases[4], (Some(Basis::UniqueSolution), 0));

    let tails: Vec<(String, String, String, String)> = a
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::RoundingTail)
        .map(|f| (f.table.clone(), f.row.clone(), f.declared.unwrap().to_string(), f.expected.unwrap().to_string()))
        .collect();
    assert_eq!(
        tails,
        [
            ("05".to_string(), "合计".to_string(), "994.77".to_string(), "994.76".to_string()),
            ("06".to_string(), "302".to_string(), "198.48".to_string(), "198.49".to_string()),
        ]
    );
    assert!(a.findings.iter().all(|f| f.severity != Severity::Warning), "no warning: {:#?}", a.findings);
}

#[test]
#[cfg(feature = "serde")]
fn json_output_has_the_documented_shape() {
    let a = audit(kemu::report::EMBEDDED_REPORT);
    let v: serde_json::Value = serde_json::to_value(&a).unwrap();
    assert_eq!(v["report"]["year"], 2020);
    assert_eq!(
        (&v["report"]["kind"], &v["report"]["unit"]),
        (&serde_json::json!("final_accounts"), &serde_json::json!("wan_yuan"))
    );
    assert_eq!(v["tables"].as_array().unwrap().len(), 9);
    assert_eq!(v["tables"][1]["id"], "02");
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["row"] == "20103").unwrap();
    for key in
        ["severity", "rule", "table", "row", "column", "declared", "expected", "difference", "tolerance", "message"]
    {
        assert!(f.get(key).is_some(), "{key}");
    }
    assert_eq!(f["severity"], "error");
    assert_eq!(f["declared"], "951.38", "decimals are strings");
    assert_eq!(f["difference"], "20.00");
    assert_eq!(v["corrections"][2]["to"], "931.38");
}

fn shared(name: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reports").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: {} is not beside the checkout", path.display());
            None
        }
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Coded rows as printed: a line whose first cells hold a 3/5/7-digit code (whole or split).
fn printed_coded_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| l.contains('\t'))
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').map(str::trim).collect();
            cells
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    [3, 5, 7].contains(&c.len())
                        && c.bytes().all(|b| b.is_ascii_digit())
                        && kemu::Code::parse(c).is_ok()
                        && cells
                            .get(i + 1)
                            .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_err() || n.len() == 2 || n.is_empty())
                })
                .count()
        })
        .sum()
}

#[test]
fn every_real_report_imports_with_its_tables_and_coded_rows() {
    // (file, year, kind, unit, tables, identities checked, [errors, warnings, infos])
    let cases = [
        ("hn-szb-2020-js.txt", 2020, ReportKind::FinalAccounts, kemu::Unit::WanYuan, 9, 251, [7, 0, 6]),
        ("sh-putuo-shgzb-2024-js.txt", 2024, ReportKind::FinalAccounts, kemu::Unit::WanYuan, 9, 297, [0, 0, 6]),
        ("js-rendaban-2019-ys.txt", 2019, ReportKind::Budget, kemu::Unit::WanYuan, 12, 38, [0, 0, 1]),
        ("js-zhengxieban-2019-ys.txt", 2019, ReportKind::Budget, kemu::Unit::WanYuan, 12, 37, [0, 0, 1]),
        // Infos: five 绩效目标表 outside the disclosure set, passed over whole; empty tables; the
        // 三公 table printed in 万元 beside 元 tables, left out of cross-table checks.
        ("sh-putuo-wanli-jd-2023-ys.txt", 2023, ReportKind::Budget, kemu::Unit::Yuan, 9, 652, [1, 0, 8]),
        ("sh-putuo-swj-2025-ys-dept.txt", 2025, ReportKind::Budget, kemu::Unit::Yuan, 9, 336, [0, 0, 3]),
        ("sh-putuo-zfb-2025-ys-dept.txt", 2025, ReportKind::Budget, kemu::Unit::Yuan, 9, 230, [0, 0, 3]),
    ];
    for (file, year, kind, unit, tables, identities, counts) in cases {
        let Some(text) = shared(file) else { continue };
        let report = import(&text);
        assert_eq!((report.year, report.kind, report.unit), (Some(year), Some(kind), Some(unit)), "{file}");
        assert_eq!(
            report.tables.len(),
            tables,
            "{file}: {:?}",
            report.tables.iter().map(|t| &t.table.title).collect::<Vec<_>>()
        );
        let coded: usize = report
            .tables
            .iter()
            .map(|t| t.table.rows.iter().filter(|r| matches!(r.key, RowKey::Code(_))).count())
            .sum();
        assert_eq!(coded, printed_coded_rows(&text), "{file}: every coded row placed");
        let l = report.lines;
        assert_eq!(l.total, text.lines().count(), "{file}");
        assert_eq!(
            l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
            l.total,
            "{file}: every line counted"
        );
        let a = audit(&text);
        assert_eq!(a.identities_checked, identities, "{file}");
        // The tables' findings; the narrative's are pinned in tests/narrative.rs.
        let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s && f.table != "说明").count();
        let got = [count(Severity::Error), count(Severity::Warning), count(Severity::Info)];
        assert_eq!(got, counts, "{file}: {:#?}", a.findings);
    }
}

#[test]
fn jiangsu_2019_uses_2019_names_and_wanli_splits_codes() {
    if let Some(text) = shared("js-zhengxieban-2019-ys.txt") {
        let a = audit(&text);
        let names: Vec<_> = a.findings.iter().filter(|f| f.rule == "name").collect();
        assert!(names.is_empty(), "2019 names are the catalog's 2019 names: {names:#?}");
    }
    if let Some(text) = shared("sh-putuo-wanli-jd-2023-ys.txt") {
        let report = import(&text);
        let income = &report.tables[1].table;
        let row = income
            .rows
            .iter()
            .find(|r| r.key == RowKey::Code("2010506".parse().unwrap()))
            .expect("201|05|06 is 2010506");
        assert_eq!(row.label, "统计管理");
        assert_eq!(row.cells[0].unwrap().to_string(), "26300");
    }
}

/// A figure changed in a clean real report is found, and localization names that cell.
#[test]
fn a_planted_error_in_a_clean_report_is_found_and_localized() {
    let Some(text) = shared("sh-putuo-zfb-2025-ys-dept.txt") else { return };
    assert_eq!(audit(&text).count(Severity::Error), 0);
    // The first 项 row of the 支出预算总表 (a leaf): change its 合计 by one yuan.
    let report = import(&text);
    let table = report.tables.iter().find(|t| t.kind == kemu::report::TableKind::Expenditure).unwrap();
    let row =
        table.table.rows.iter().find(|r| matches!(r.key, RowKey::Code(c) if c.level() == kemu::Level::Item)).unwrap();
    let line = row.line.unwrap();
    let original = row.cells[0].unwrap();
    let printed = text.lines().nth(line - 1).unwrap();
    let formatted = {
        // As printed: thousands separators and cents.
        let cents = format!("{:.2}", original);
        let (int, frac) = cents.split_once('.').unwrap();
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{grouped}.{frac}")
    };
    assert!(printed.contains(&formatted), "{printed:?} does not print {formatted}");
    let changed = original + rust_decimal::Decimal::ONE;
    let bumped = printed.replacen(&formatted, &format!("{changed:.2}"), 1);
    let planted: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { format!("{bumped}\n") } else { format!("{l}\n") })
        .collect();
    let a = audit(&planted);
    assert!(a.count(Severity::Error) >= 1, "{a}");
    let code = row.key;
    let RowKey::Code(code) = code else { unreachable!() };
    let fix: Vec<_> = a.corrections.iter().filter(|c| c.table == table.table.id).collect();
    assert_eq!(fix.len(), 1, "{fix:#?}");
    assert_eq!((fix[0].row.as_str(), fix[0].to), (code.to_string().as_str(), original));
}

/// The 预算 identities of Jiangsu's set catch a figure changed in one table: 04's 财政拨款基本支出
/// against 06's economic total, 01's 当年支出小计 against its 类 rows, 02's 小计 against its sources.
#[test]
fn budget_identities_across_tables_catch_planted_errors() {
    let Some(text) = shared("js-rendaban-2019-ys.txt") else { return };
    assert_eq!(audit(&text).count(Severity::Error), 0);
    let errors = |planted: &str| -> Vec<(String, String)> {
        let a = audit(planted);
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule.clone(), f.table.clone())).collect()
    };
    // 一、基本支出 is printed in 01 and 04; 06's 合计 stays 9,312.90.
    let basic = text.replace("一、基本支出\t9,312.90", "一、基本支出\t9,321.90");
    assert_ne!(basic, text);
    assert_eq!(errors(&basic), [("04=06".to_string(), "04".to_string())]);
    // A 类 row of 01 no longer sums to 当年支出小计.
    let class = text.replacen("一、一般公共服务支出\t13,907.78", "一、一般公共服务支出\t13,970.78", 1);
    assert_ne!(class, text);
    assert_eq!(errors(&class), [("01:类".to_string(), "01".to_string())]);
    // 02's 一般公共预算资金小计 no longer sums its sources.
    let source = text.replace("公共财政拨款(补助)资金\t18,330.37", "公共财政拨款(补助)资金\t18,303.37");
    assert_ne!(source, text);
    assert_eq!(errors(&source), [("02:小计".to_string(), "02".to_string())]);
}

/// Shanghai's 决算 print no 公开表 numbers and a list of units (序号, 单位名称) after a table of
/// contents: the tables are numbered by position, 01–09 in the national order, and the list is
/// reported once as rows outside the set.
#[test]
fn untitled_rows_after_the_contents_do_not_shift_the_table_numbers() {
    use kemu::report::TableKind::*;
    let Some(text) = shared("sh-putuo-shgzb-2024-js.txt") else { return };
    let report = import(&text);
    let got: Vec<(&str, kemu::report::TableKind)> =
        report.tables.iter().map(|t| (t.table.id.as_str(), t.kind)).collect();
    assert_eq!(
        got,
        [
            ("01", Summary),
            ("02", Income),
            ("03", Expenditure),
            ("04", FiscalSummary),
            ("05", GeneralExpenditure),
            ("06", GeneralBasic),
            ("07", ThreePublic),
            ("08", GovernmentFund),
            ("09", StateCapital)
        ]
    );
    let units: Vec<_> =
        report.issues.iter().filter(|i| matches!(i.kind, kemu::report::ImportIssueKind::UntitledRows { .. })).collect();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].line, 53);
    // In the terminal report it stands under its own heading, not under an empty table number.
    let shown = audit(&text).to_string();
    assert!(shown.contains("info · 表外 | outside the tables\n  [import] 第4页 第53行"), "{shown}");
}

/// `audit` (which moves the imported tables into the audit) and `audit_report` (which reads an
/// imported report it does not own) agree on every report.
#[test]
fn audit_and_audit_report_agree() {
    let mut texts = vec![kemu::report::EMBEDDED_REPORT.to_string()];
    texts.extend(
        ["hn-szb-2020-js.txt", "js-rendaban-2019-ys.txt", "sh-putuo-wanli-jd-2023-ys.txt"]
            .into_iter()
            .filter_map(shared),
    );
    for text in &texts {
        let report = import(text);
        assert_eq!(audit(text), kemu::report::audit_report(&report, kemu::CatalogSet::embedded()));
    }
}

/// A 类 compared across tables carries the rounding of the 项 below it (parts of sign 0), in
/// the identities the rules build for a real report.
#[test]
fn class_identities_across_tables_carry_their_items_rounding() {
    let report = import(kemu::report::EMBEDDED_REPORT);
    let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let equations = kemu::report::rules::equations(&report, &tables, &kemu::Catalog::year(2020).unwrap());
    let by_class: Vec<_> = equations.iter().filter(|e| &*e.rule == "04=05").collect();
    assert!(!by_class.is_empty());
    // 201 一般公共服务支出: 05 prints 行政运行, 一般行政管理事务 and 其他发展与改革事务支出 below it.
    let class_201 = by_class.iter().find(|e| e.parts.iter().filter(|(s, _)| *s == 0).count() == 3);
    assert!(class_201.is_some(), "{:?}", by_class.iter().map(|e| e.parts.len()).collect::<Vec<_>>());
    assert!(by_class.iter().all(|e| e.parts.iter().filter(|(s, _)| *s != 0).count() == 1), "one figure summed");
}

/// A table's figures carry the table's precision: in a table printed to 0.01, `20` is 20.00. A
/// total 0.40 over its parts is then an error, not a rounding tail of half a yuan. A producer that
/// prints ten significant digits keeps its wide figures' own last digit.
#[test]
fn a_figure_without_decimals_carries_its_tables_precision() {
    let table = |total: &str, item: &str, other: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\n\t合计\t{total}\n\
             201\t一般公共服务支出\t{total}\n20103\t政府办公厅（室）及相关机构事务\t{total}\n\
             2010301\t行政运行\t{item}\n2010302\t一般行政管理事务\t{other}\n"
        )
    };
    let rollup_errors = |text: &str| {
        let a = audit(text);
        let rows: Vec<(kemu::Severity, String)> =
            a.findings.iter().filter(|f| f.rule == "rollup").map(|f| (f.severity, f.row.clone())).collect();
        rows
    };
    // 12.35 + 20 = 32.35; 32.75 is 0.40 over. Read figure by figure, `20` would carry 0.5.
    let over = rollup_errors(&table("32.75", "12.35", "20"));
    assert!(!over.is_empty() && over.iter().all(|(s, _)| *s == kemu::Severity::Error), "{over:?}");
    assert!(rollup_errors(&table("32.35", "12.35", "20")).is_empty());
    // A column formatted to whole units beside columns in cents is left as printed: no column
    // mixes decimal places, so nothing says that zeros were dropped (33 = 12 + 20 is 32.75 =
    // 12.35 + 20.40 rounded to units).
    let whole_column = audit(
        "2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\n\
         \t合计\t33\t32.75\n201\t一般公共服务支出\t33\t32.75\n20103\t政府办公厅（室）及相关机构事务\t33\t32.75\n\
         2010301\t行政运行\t12\t12.35\n2010302\t一般行政管理事务\t20\t20.40\n",
    );
    assert_eq!(whole_column.count(kemu::Severity::Error), 0, "{whole_column}");
    // Ten significant digits: 480544221.62 = 480544201.57 + 20.05 printed as 480544221.6 and
    // 480544201.6, each to its own tenth.
    let wide = rollup_errors(&table("480544221.6", "480544201.6", "20.05"));
    assert!(!wide.is_empty(), "a rounding tail");
    assert!(wide.iter().all(|(s, _)| *s != kemu::Severity::Error), "{wide:?}");
}

/// A disclosure must publish its whole table set, and split 公务用车 into 购置 and 运行.
#[test]
fn a_missing_table_and_an_unsplit_vehicle_column_are_findings() {
    use kemu::report::{ImportIssue, ImportIssueKind, TableKind};
    let set = |report: &Report| {
        let a = audit_report(report, kemu::CatalogSet::embedded());
        let mut found: Vec<(kemu::Severity, String, String)> = a
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("set:"))
            .map(|f| (f.severity, f.rule.clone(), if f.row.is_empty() { f.table.clone() } else { f.row.clone() }))
            .collect();
        found.sort();
        found
    };
    let whole = import(kemu::report::EMBEDDED_REPORT);
    assert_eq!(set(&whole), []);
    let mut report = whole.clone();
    report.tables.retain(|t| t.kind != TableKind::GovernmentFund);
    let three_public = report.tables.iter_mut().find(|t| t.kind == TableKind::ThreePublic).unwrap();
    for c in &mut three_public.table.columns {
        *c = c.replace("购置", "").replace("运行", "");
    }
    let missing =
        (kemu::Severity::Warning, "set:missing_table".to_string(), "政府性基金预算财政拨款收入支出决算表".to_string());
    let unsplit = (kemu::Severity::Warning, "set:vehicle_split".to_string(), "07".to_string());
    assert_eq!(set(&report), [missing.clone(), unsplit.clone()]);
    // Where the file holds a titled table kemu did not read, the missing one may be it.
    report.issues.push(ImportIssue::new(1, None, ImportIssueKind::OtherTable { title: "部门预算表".into(), rows: 9 }));
    let maybe = (kemu::Severity::Info, missing.1.clone(), missing.2.clone());
    assert_eq!(set(&report), [maybe, unsplit]);
}

/// A 款 above the 项 printed under it, in every column alike, may be a 项 that was not printed:
/// raising the printed 项 is then only one possible fix. Where the 项's own row no longer adds
/// up, it alone explains the findings, and the correction is proposed.
#[test]
fn a_total_above_its_printed_parts_may_be_an_unprinted_row() {
    let text = |item: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
             \t合计\t100.00\t30.00\t70.00\n201\t一般公共服务支出\t100.00\t30.00\t70.00\n\
             20103\t政府办公厅（室）及相关机构事务\t100.00\t30.00\t70.00\n2010301\t行政运行\t{item}\n"
        )
    };
    // 行政运行 printed as 30.00 | 30.00 | blank: 70.00 short under 20103, in two columns alike.
    let unprinted = audit(&text("30.00\t30.00\t"));
    let fixes: Vec<_> = unprinted.corrections.iter().filter(|c| c.row == "2010301").collect();
    assert_eq!(fixes.len(), 2, "{unprinted}");
    assert!(fixes.iter().all(|c| !c.is_definite() && c.or_unprinted_row), "{unprinted}");
    assert_eq!(unprinted.corrections.iter().filter(|c| c.is_definite()).count(), 0);
    // Its 项目支出 printed, only its 合计 short: its own row no longer adds up, so that cell is it.
    let typed = audit(&text("30.00\t30.00\t70.00"));
    let fix = typed.corrections.iter().find(|c| c.row == "2010301").unwrap();
    assert!(fix.is_definite() && !fix.or_unprinted_row && fix.column == "合计", "{typed}");
    assert_eq!(fix.to, "100.00".parse().unwrap());
}

/// A row that prints a 政府 economic code beside its 部门 one keeps both: the 部门 code keys the
/// row, the 政府 code and name are checked against the catalog and the 部门 → 政府 mapping.
#[test]
fn a_government_code_beside_a_department_code_is_read_and_checked() {
    let text = |gov: &str| {
        format!(
            "2026年部门预算\n部门综合预算一般公共预算支出明细表（按支出经济分类科目）\n单位：万元\n\
             部门经济科目编码\t部门经济科目名称\t政府经济科目编码\t政府经济科目名称\t合计\n\
             \t合计\t\t\t30.00\n301\t工资福利支出\t\t\t30.00\n30101\t基本工资\t{gov}\t30.00\n"
        )
    };
    let report = import(&text("50101\t工资奖金津补贴"));
    let t = &report.tables[0];
    let paired: Vec<(String, String)> = t.paired.iter().map(|p| (p.code.to_string(), p.name.clone())).collect();
    assert_eq!(paired, [("50101".to_string(), "工资奖金津补贴".to_string())]);
    assert_eq!(t.table.rows[t.paired[0].row].name(), "30101");
    let checked = |text: &str| -> Vec<(kemu::Severity, String, String)> {
        audit(text)
            .findings
            .into_iter()
            .filter(|f| f.rule == "econ_map" || f.rule == "name")
            .map(|f| (f.severity, f.rule, f.row))
            .collect()
    };
    assert_eq!(checked(&text("50101\t工资奖金津补贴")), []);
    // 50201 办公经费 is no 政府 code of 基本工资: the published mapping says 50101 or 50501.
    assert_eq!(
        checked(&text("50201\t办公经费")),
        [(kemu::Severity::Warning, "econ_map".to_string(), "30101".to_string())]
    );
    // A 政府 name that differs from the catalog's is said like any name.
    assert_eq!(checked(&text("50101\t工资福利")), [(kemu::Severity::Warning, "name".to_string(), "50101".to_string())]);
}

/// Two layouts of one extractor (Xi'an's 部门综合预算): each merged cell split into three, the
/// header's text one place right of the figures under it, and the next page printed with one cell
/// a column (a row or two with spaces for its cell breaks). The header is moved onto its columns
/// and the next page's rows onto the positions the first page fills, so the table is read whole.
/// Where a row of the next page fits no such reading, the rows after it are left outside, and the
/// table is uncertain (its totals may miss them), never an error.
#[test]
fn a_header_one_place_off_is_realigned_and_a_page_of_one_cell_a_column_is_read() {
    let page_one = "2022年部门预算\n表7\n2022 年部门综合预算一般公共预算基本支出明细表（按功能科目分）\n金额单位：元\n\
        \t序\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n\
        \t\t\t\t功能科目编码\t\t\t功能科目名称\t\t\t合计\t\t\t人员经费支出\t\t\t公用经费支出\t\t\t备注\t\n\
        \t号\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n\
        1\t\t\t\t\t\t合计\t\t\t300.00\t\t\t200.00\t\t\t100.00\t\t\t\t\t\n\
        2\t\t\t201\t\t\t一般公共服务支出\t\t\t100.00\t\t\t50.00\t\t\t50.00\t\t\t\t\t\n\
        3\t\t\t20103\t\t\t政府办公厅（室）及相关机构事务\t\t\t100.00\t\t\t50.00\t\t\t50.00\t\t\t\t\t\n\
        4\t\t\t2010301\t\t\t行政运行\t\t\t100.00\t\t\t50.00\t\t\t50.00\t\t\t\t\t\n";
    let page_two = |class: &str| {
        format!(
            "{page_one}=== 第2页 ===\n5 208 {class} 200.00 150.00 50.00\n\
             6\t20805\t行政事业单位养老支出\t200.00\t150.00\t50.00\t\n\
             7\t2080505\t机关事业单位基本养老保险缴费支出\t200.00\t150.00\t50.00\t\n"
        )
    };
    let whole = page_two("社会保障和就业支出");
    let report = import(&whole);
    let t = &report.tables[0];
    assert_eq!(t.table.columns, ["合计", "人员经费支出", "公用经费支出"], "序 over 号 is no amount column");
    let codes: Vec<String> = t.table.rows.iter().map(|r| r.name()).collect();
    assert_eq!(codes, ["合计", "201", "20103", "2010301", "208", "20805", "2080505"]);
    assert!(t.doubts.is_empty(), "{:?}", t.doubts);
    let a = audit(&whole);
    assert!(a.identities_checked > 10 && a.count(kemu::Severity::Error) == 0, "{a}");
    // A name with a space of its own: that row fits no reading. It is a row lost, not the
    // table's end: the rows after it are read, and only what the lost 208 row is part of
    // goes unchecked.
    let broken = page_two("社会保障 和就业支出");
    let t = &import(&broken).tables[0];
    assert_eq!(t.doubts, [kemu::report::Doubt::UnplacedRows { rows: 1, first_line: 13 }]);
    let codes: Vec<String> = t.table.rows.iter().map(|r| r.name()).collect();
    assert_eq!(codes, ["合计", "201", "20103", "2010301", "20805", "2080505"]);
    let a = audit(&broken);
    assert_eq!(a.count(kemu::Severity::Error), 0, "{a}");
    assert!(a.findings.iter().any(|f| f.rule == "uncertain" && f.table == "07"));
    assert!(a.identities_checked > 0 && a.identities_checked < audit(&whole).identities_checked, "{a}");

    // Another extractor: no trailing empty cells, zeros printed blank (公用经费 blank in the first
    // rows, the second page's last cells blank). The same rows are read.
    let other = "2022年部门预算\n表7\n2022 年部门综合预算一般公共预算基本支出明细表（按功能科目分）\n金额单位：元\n\
        \t序\n\
        \t\t\t\t功能科目编码\t\t\t功能科目名称\t\t\t合计\t\t\t人员经费支出\t\t\t公用经费支出\t\t\t备注\n\
        \t号\n\
        1\t\t\t\t\t\t合计\t\t\t300.00\t\t\t250.00\t\t\t50.00\n\
        2\t\t\t201\t\t\t一般公共服务支出\t\t\t50.00\t\t\t50.00\n\
        3\t\t\t20103\t\t\t政府办公厅（室）及相关机构事务\t\t\t50.00\t\t\t50.00\n\
        4\t\t\t2010301\t\t\t行政运行\t\t\t50.00\t\t\t50.00\n\
        === 第2页 ===\n5 208 社会保障和就业支出 250.00 200.00 50.00\n\
        6\t20805\t行政事业单位养老支出\t250.00\t200.00\t50.00\n\
        7\t2080505\t机关事业单位基本养老保险缴费支出\t200.00\t200.00\n\
        8\t2080506\t机关事业单位职业年金缴费支出\t50.00\t\t50.00\n";
    let report = import(other);
    let t = &report.tables[0];
    let codes: Vec<String> = t.table.rows.iter().map(|r| r.name()).collect();
    assert_eq!(codes, ["合计", "201", "20103", "2010301", "208", "20805", "2080505", "2080506"]);
    assert!(t.doubts.is_empty(), "{:?}", t.doubts);
    let cells = |r: usize| t.table.rows[r].cells.clone();
    let yuan = |n: i64| Some(Decimal::from(n));
    assert_eq!((cells(3), cells(6)), (vec![yuan(50), yuan(50), None], vec![yuan(200), yuan(200), None]));
    let a = audit(other);
    assert!(a.identities_checked > 10 && a.count(kemu::Severity::Error) == 0, "{a}");
}

/// A 基本支出 table keyed by 部门 and 政府 codes (Shandong prints each 部门 code once beside
/// each 政府 code it is paid under; Xi'an prints the 类 once, over both).
fn paired_table(rows: &str) -> String {
    format!(
        "2026年部门预算\n一般公共预算基本支出情况表\n单位：万元\n\
         科目编码\t\t部门预算支出经济分类科目\t科目编码\t\t政府预算支出经济分类科目名称\t小计\t人员支出\t日常公用支出\n\
         类\t款\t\t类\t款\t\t\t\t\n\t\t合计\t\t\t\t30.00\t30.00\t\n{rows}"
    )
}

const SHANDONG: &str = "301\t\t工资福利支出\t501\t\t机关工资福利支出\t10.00\t10.00\t\n\
     301\t01\t基本工资\t501\t01\t工资奖金津补贴\t6.00\t6.00\t\n\
     301\t02\t津贴补贴\t501\t01\t工资奖金津补贴\t4.00\t4.00\t\n\
     301\t\t工资福利支出\t505\t\t对事业单位经常性补助\t20.00\t20.00\t\n\
     301\t01\t基本工资\t505\t01\t工资福利支出\t12.00\t12.00\t\n\
     301\t02\t津贴补贴\t505\t01\t工资福利支出\t8.00\t8.00\t\n";

#[test]
fn rows_keyed_by_department_and_government_codes_roll_up_by_both() {
    let rollups = |text: &str| {
        let report = import(text);
        let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
        let catalog = kemu::Catalog::year(2026).unwrap();
        let eqs = kemu::report::rules::equations(&report, &tables, &catalog);
        (report.tables[0].doubts.clone(), eqs.iter().filter(|e| &*e.rule == "rollup").count())
    };
    // 合计 over the two 301 rows, each over its own two 款: three roll-ups in each of 3 columns.
    assert_eq!(rollups(&paired_table(SHANDONG)), (vec![], 9));
    let xian = "301\t\t工资福利支出\t\t\t\t30.00\t30.00\t\n\
                301\t01\t基本工资\t501\t01\t工资奖金津补贴\t18.00\t18.00\t\n\
                301\t01\t基本工资\t505\t01\t工资福利支出\t12.00\t12.00\t\n";
    assert_eq!(rollups(&paired_table(xian)), (vec![], 6));
    assert_eq!(audit(&paired_table(xian)).count(Severity::Error), 0);
    // The same pair twice, or a 款 that fits under both 301 rows, is not one classification.
    let twice = SHANDONG.replace("301\t02\t津贴补贴\t505\t01", "301\t01\t基本工资\t505\t01");
    let both = "301\t\t工资福利支出\t\t\t\t10.00\t10.00\t\n301\t\t工资福利支出\t\t\t\t20.00\t20.00\t\n\
                301\t01\t基本工资\t505\t01\t工资福利支出\t12.00\t12.00\t\n";
    for rows in [twice.as_str(), both] {
        let (doubts, _) = rollups(&paired_table(rows));
        assert!(matches!(doubts[..], [kemu::report::Doubt::RepeatedCodes { .. }]), "{rows}: {doubts:?}");
    }

    // A figure mistyped in the second 301's 基本工资 is found at that 301 (by its line), and either
    // of its two 款 could be the one: both are listed, neither proposed.
    let text = paired_table(&SHANDONG.replace("工资福利支出\t12.00\t12.00", "工资福利支出\t13.00\t13.00"));
    let a = audit(&text);
    let line = text.lines().position(|l| l.starts_with("301\t\t工资福利支出\t505")).unwrap() + 1;
    let errors: Vec<(&str, Option<usize>)> =
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.row.as_str(), f.line)).collect();
    assert_eq!(errors, [("301", Some(line)), ("301", Some(line))], "{a}");
    let fixes: Vec<(&str, String, String, bool)> = a
        .corrections
        .iter()
        .map(|c| (c.row.as_str(), c.from.unwrap().to_string(), c.to.to_string(), c.is_definite()))
        .collect();
    let (basic, allowance) =
        (("30101", "13.00".into(), "12.00".into(), false), ("30102", "8.00".into(), "7.00".into(), false));
    assert_eq!(fixes, [basic.clone(), basic, allowance.clone(), allowance]);
}

#[test]
fn a_figure_in_yuan_finer_than_the_cent_makes_its_table_uncertain() {
    let table = |unit: &str, figure: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：{unit}\n科目编码\t科目名称\t合计\n合计\t\t30.00\n\
             201\t一般公共服务支出\t30.00\n2010301\t行政运行\t{figure}\n2010302\t一般行政管理事务\t10.00\n"
        )
    };
    let doubts = |text: &str| import(text).tables[0].doubts.clone();
    // A cell shifted in extraction shows a third decimal (`989034.300`): no amount in 元 has one.
    let shifted = table("元", "20.000");
    assert_eq!(doubts(&shifted), [kemu::report::Doubt::FinerThanCents { figures: 1, first_line: 7 }]);
    assert!(audit(&shifted).findings.iter().any(|f| f.rule == "uncertain"));
    // 万元 are printed to 0.0001 and 千元 to 0.001 (one 元) by some producers; cents in 元 are
    // read as ever.
    for text in [table("万元", "20.0000"), table("千元", "20.000"), table("元", "20.00")] {
        assert_eq!(doubts(&text), [], "{text}");
    }
    assert_eq!(import(&table("千元", "20.000")).tables[0].unit, Some(kemu::Unit::QianYuan));
}

#[test]
fn a_name_run_on_into_the_amount_column_and_a_figure_glued_to_a_label() {
    let text = "2022年部门综合预算\n一般公共预算支出明细表（按功能科目分）\n金额单位：元\n\
                序号\t功能科目编码\t功能科目名称\t合计\t人员经费支出\t公用经费支出\n\
                1\t\t合计\t44699.18\t44699.18\t0\n2\t208\t社会保障和就业支出\t44699.18\t44699.18\t0\n\
                3\t20805\t行政事业单位养老支出\t43608.96\t43608.96\t0\n\
                4\t2080506\t机关事业单位职业年金\t缴费支出43608.96\t43608.96\t0\n\
                5\t20899\t其他社会保障和就业支\t出 1090.22\t1090.22\t0\n6\t2089999\t其他社会保障和就业支\t出 1090.22\t1090.22\t0\n";
    let report = import(text);
    let t = &report.tables[0];
    assert_eq!(t.doubts, [], "{:?}", report.issues);
    let row = &t.table.rows[t.table.row_of(kemu::Code::parse("2080506").unwrap()).unwrap()];
    assert_eq!(row.label, "机关事业单位职业年金缴费支出");
    assert_eq!(row.cells[0], Some(kemu::Decimal::new(4360896, 2)));
    assert_eq!(audit(text).count(Severity::Error), 0);
    // A label row whose figure is glued to its name loses that figure: the table is uncertain.
    let glued = "2019年部门预算\n收支总表\n单位：万元\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n\
                 一、一般公共预算拨款\t100.00\t1、机关工资福利支出100.00\t\n收入合计\t100.00\t支出合计\t100.00\n";
    let report = import(glued);
    assert!(
        report.issues.iter().any(|i| matches!(i.kind, ImportIssueKind::FigureGluedToName { .. })),
        "{:?}",
        report.issues
    );
    assert!(!report.tables[0].doubts.is_empty());
}

#[test]
fn rows_that_could_not_be_read_leave_the_identities_they_cannot_touch() {
    let table = |flattened: &str, planted: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
             合计\t\t60.00\t40.00\t20.00\n201\t一般公共服务支出\t30.00\t20.00\t10.00\n20101\t人大事务\t30.00\t20.00\t10.00\n\
             2010101\t行政运行\t20.00\t20.00\t\n{flattened}\n\
             205\t教育支出\t30.00\t20.00\t10.00\n20502\t普通教育\t30.00\t20.00\t10.00\n\
             2050201\t学前教育\t{planted}\t20.00\t10.00\n"
        )
    };
    let errors = |text: &str| -> Vec<(String, String)> {
        let a = audit(text);
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule.clone(), f.row.clone())).collect()
    };
    // 2010102 printed without cell breaks: the roll-ups of its line of descent (20101, 201 and
    // 合计, in three columns) are not checked, but the 205 branch and the crossfoots still are,
    // and an error planted there is found.
    let coded = table("2010102 10.00 10.00", "30.00");
    let a = audit(&coded);
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert!(a.findings.iter().any(|f| f.rule == "uncertain" && f.message.contains(" 9 identities")), "{a}");
    let found = errors(&table("2010102 10.00 10.00", "31.00"));
    assert_eq!(found, [("rollup".to_string(), "20502".to_string()), ("crossfoot".to_string(), "2050201".to_string())]);
    // Two coded rows the extraction ran together, their figures glued (`20101022010199`,
    // `5.005.00`): the same, under both codes.
    let merged = |planted| table("20101022010199\t行政运行其他人大事务支出\t5.005.00\t\t10.00", planted);
    assert_eq!(audit(&merged("30.00")).count(Severity::Error), 0);
    assert_eq!(errors(&merged("31.00")), found);
    // A row without a code (figures without a label) may belong under any total: no roll-up is
    // checked, the crossfoots are.
    let anywhere = table("\t\t10.00\t\t10.00", "31.00");
    assert_eq!(errors(&anywhere), [("crossfoot".to_string(), "2050201".to_string())]);
    assert_eq!(audit(&table("\t\t10.00\t\t10.00", "30.00")).count(Severity::Error), 0);
}

#[test]
fn a_code_printed_twice_with_a_siblings_name_is_read_as_that_sibling() {
    let table = |second: &str, total: &str| {
        format!(
            "2026年部门预算\n一般公共预算基本支出情况表\n单位：万元\n科目编码\t科目名称\t合计\n合计\t\t{total}\n\
             302\t商品和服务支出\t{total}\n30208\t取暖费\t10.00\n{second}\t20.00\n"
        )
    };
    let misprints = |text: &str| -> Vec<(usize, String, String)> {
        kemu::report::import(text)
            .issues
            .iter()
            .filter_map(|i| match &i.kind {
                ImportIssueKind::MisprintedCode { printed, named, .. } => {
                    Some((i.line, printed.to_string(), named.to_string()))
                }
                _ => None,
            })
            .collect()
    };
    let errors = |text: &str| -> Vec<(String, String)> {
        let a = audit(text);
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule.clone(), f.row.clone())).collect()
    };
    let misprinted = table("30208\t物业管理费", "30.00");
    assert_eq!(misprints(&misprinted), [(8, "30208".to_string(), "30209".to_string())]);
    // Read as 30209, the table is one classification again: its roll-ups are checked.
    let a = audit(&misprinted);
    assert!(a.findings.iter().all(|f| f.rule != "uncertain"), "{a}");
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert_eq!(errors(&table("30208\t物业管理费", "31.00")), [("rollup".to_string(), "302".to_string())]);
    // Two rows of one code with names that are not a sibling's (items listed by code) stay as
    // printed, and the table's roll-ups are not checked.
    let items = table("30208\t某单位取暖", "31.00");
    assert_eq!(misprints(&items), []);
    assert_eq!(errors(&items), []);
    // Nor where the sibling is printed too.
    assert_eq!(misprints(&table("30209\t物业管理费\t20.00\n30208\t物业管理费", "50.00")), []);
}

#[test]
fn local_economic_sub_items_roll_up_into_their_section() {
    // Chongqing prints local 项 of 7 digits below the national 款 (3010201 under 30102); Xi'an
    // prints them without their 款, beside 政府 codes.
    let table = |rows: &str| {
        format!(
            "2026年部门预算\n一般公共预算基本支出情况表\n单位：万元\n科目编码\t科目名称\t合计\t人员经费\n\
             合计\t\t30.00\t30.00\n301\t工资福利支出\t30.00\t30.00\n30101\t基本工资\t20.00\t20.00\n{rows}"
        )
    };
    let chongqing =
        "30102\t津贴补贴\t10.00\t10.00\n3010201\t规范性津补贴\t6.00\t6.00\n3010202\t其他津补贴\t4.00\t4.00\n";
    let report = import(&table(chongqing));
    let local = kemu::Code::parse("3010201").unwrap();
    let row = report.tables[0].table.rows.iter().find(|r| r.key == RowKey::Code(local)).unwrap();
    assert_eq!(row.label, "规范性津补贴");
    let a = audit(&table(chongqing));
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    // No warning that the catalog lacks them: one note for the table's local codes.
    let names: Vec<Severity> = a.findings.iter().filter(|f| f.rule == "name").map(|f| f.severity).collect();
    assert_eq!(names, [Severity::Info], "{a}");
    // 30102 = 3010201 + 3010202 is checked: a slip in a local 项 is found at its 款.
    let a = audit(&table(&chongqing.replace("6.00\t6.00", "7.00\t7.00")));
    let errors: Vec<&str> =
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.row.as_str()).collect();
    assert_eq!(errors, ["30102", "30102"], "{a}");
    // Without the 款, the local 项 roll straight into the 类.
    let xian = "3010201\t津贴补贴\t6.00\t6.00\n3010202\t改革性补贴\t4.00\t4.00\n";
    let a = audit(&table(xian));
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    let a = audit(&table(&xian.replace("4.00\t4.00", "5.00\t5.00")));
    let errors: Vec<&str> =
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.row.as_str()).collect();
    assert_eq!(errors, ["301", "301"], "{a}");
}

#[test]
fn a_column_group_nested_in_another_is_one_summand_by_its_own_total() {
    let table = |nested_total: &str| {
        format!(
            "2026年部门预算\n支出总表\n单位：万元\n\
             科目编码\t科目名称\t合计\t基本支出\t\t\t\t\t项目支出\n\
             \t\t\t小计\t人员经费\t对个人和家庭的补助\t公用经费\t\t\n\
             \t\t\t\t\t\t小计\t商品和服务\t\n\
             合计\t\t35.00\t25.00\t10.00\t5.00\t{nested_total}\t10.00\t10.00\n\
             201\t一般公共服务支出\t35.00\t25.00\t10.00\t5.00\t{nested_total}\t10.00\t10.00\n"
        )
    };
    let report = import(&table("10.00"));
    assert_eq!(report.tables[0].table.columns[4], "基本支出/公用经费/小计");
    let a = audit(&table("10.00"));
    assert_eq!(a.count(Severity::Error), 0, "基本支出 小计 = 人员经费 + 对个人和家庭的补助 + 公用经费 小计: {a}");
    let crossfoot = |a: &kemu::report::Audit| -> Vec<String> {
        a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.column.clone()).collect()
    };
    // The nested total mistyped: the sum it is part of says so, in each row (公用经费 小计 over
    // its one column is no sum).
    let a = audit(&table("11.00"));
    assert_eq!(crossfoot(&a), ["基本支出/小计", "基本支出/小计"], "{a}");
}

#[test]
fn the_report_kind_is_read_from_a_letter_spaced_cover_or_from_the_titles() {
    let tables = "一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
                  合计\t\t30.00\t30.00\t\n201\t一般公共服务支出\t30.00\t30.00\t\n\
                  一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码\t科目名称\t合计\n\
                  301\t工资福利支出\t20.00\n302\t商品和服务支出\t10.00\n";
    let cover = format!("2 0 2 0 年 度\n某 某 局\n部 门 决 算\n{tables}");
    assert_eq!(import(&cover).kind, Some(ReportKind::FinalAccounts));
    let untold = format!("{}{tables}", "情况说明\n".repeat(45));
    assert_eq!(import(&untold).kind, Some(ReportKind::FinalAccounts), "from 决算表");
    let budget = untold.replace("财政拨款支出决算表", "支出预算表").replace("财政拨款基本支出决算表", "基本支出预算表");
    assert_eq!(import(&budget).kind, Some(ReportKind::Budget), "from 预算表, not from 一般公共预算");
    // 06 prints its 类 with no 人员经费合计 or 公用经费合计 line: 05=06 has nothing to read, and
    // says nothing (its 基本支出 is not compared with a blank).
    let a = audit(&cover);
    assert!(a.findings.iter().all(|f| f.rule != "05=06"), "{a}");
    assert_eq!(a.count(Severity::Error), 0, "{a}");
}

#[test]
fn rows_whose_blank_cells_were_not_extracted_are_not_read() {
    let table = |rows: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n{rows}"
        )
    };
    let printed = "合计\t\t30.00\t20.00\t10.00\n201\t一般公共服务支出\t30.00\t20.00\t10.00\n\
                   20101\t人大事务\t20.00\t20.00\t\n2010101\t行政运行\t20.00\t20.00\t\n\
                   20103\t政府办公厅（室）及相关机构事务\t10.00\t\t10.00\n2010350\t事业运行\t10.00\t\t10.00\n";
    let report = import(&table(printed));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    assert_eq!(audit(&table(printed)).count(Severity::Error), 0);
    // The same rows with every run of tabs one tab: 10.00 of 20103 reads as its 基本支出.
    let dropped: String = printed
        .lines()
        .map(|l| l.split('\t').filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\t") + "\n")
        .collect();
    let report = import(&table(&dropped));
    assert!(
        // (The 合计 row, `合计\t30.00\t…`, whose figure would stand under 科目名称, is read
        // right-aligned by the header's words; the other four stay short.)
        matches!(report.tables[0].doubts[..], [kemu::report::Doubt::BlanksDropped { rows: 4, first_line: 7 }]),
        "{:?}",
        report.tables[0].doubts
    );
    let a = audit(&table(&dropped));
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert!(a.findings.iter().any(|f| f.rule == "uncertain"), "{a}");
}

#[test]
fn a_table_that_says_zongji_for_its_total_is_summed_like_one_that_says_heji() {
    // Chongqing heads its first column 总 计; some tables name their total row 总计.
    let table = |figure: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n科目编码\t科目名称\t总 计\t基本支出\t项目支出\n\
             总计\t\t30.00\t20.00\t10.00\n201\t一般公共服务支出\t30.00\t20.00\t10.00\n\
             20101\t人大事务\t{figure}\t20.00\t10.00\n"
        )
    };
    let report = import(&table("30.00"));
    assert_eq!(report.tables[0].table.rows[0].key, RowKey::Total);
    let a = audit(&table("30.00"));
    let checked = |a: &kemu::report::Audit, rule: &str| a.findings.iter().any(|f| f.rule == rule);
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert!(a.identities_checked >= 9, "合计 = 201 = 20101 in 3 columns, and 3 cross-footings: {a}");
    let a = audit(&table("31.00"));
    let errors = error_places(&a);
    assert!(errors.contains(&("crossfoot", "20101")) && errors.contains(&("rollup", "201")), "{a}");
    assert!(!checked(&a, "uncertain"), "{a}");
}

#[test]
fn a_code_printed_with_its_name_in_one_cell_keys_its_row() {
    let table = |figure: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n\
             合计\t30.00\t20.00\t10.00\n201 一般公共服务支出\t30.00\t20.00\t10.00\n\
             20101 人大事务\t30.00\t20.00\t10.00\n2010101 行政运行\t{figure}\t20.00\t\n2010102 一般行政管理事务\t10.00\t\t10.00\n"
        )
    };
    let report = import(&table("20.00"));
    let rows: Vec<(String, &str)> = report.tables[0].table.rows.iter().map(|r| (r.name(), r.label.as_str())).collect();
    assert_eq!(rows[3], ("2010101".to_string(), "行政运行"));
    let a = audit(&table("20.00"));
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert!(a.identities_checked >= 12, "{a}");
    let a = audit(&table("21.00"));
    let errors = error_places(&a);
    assert!(errors.contains(&("rollup", "20101")) && errors.contains(&("crossfoot", "2010101")), "{a}");
}

/// The (rule, row) of each error of an audit.
fn error_places(a: &kemu::report::Audit) -> Vec<(&str, &str)> {
    a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule.as_str(), f.row.as_str())).collect()
}

#[test]
fn a_table_listed_unit_by_unit_rolls_up_within_each_unit() {
    // Xi'an 2019: each unit's code and name, then its own 类, 款 and 项; 合计 over the units.
    let table = |figure: &str, units: [&str; 2]| {
        format!(
            "2019年部门预算\n一般公共预算支出明细表（按功能科目）\n单位：万元\n\
             功能科目编码\t功能科目名称\t合计\t人员经费支出\t公用经费支出\n\
             **\t**\t1\t2\t3\n\t合计\t30.00\t25.00\t5.00\n\
             {}\t某局\t20.00\t16.00\t4.00\n201\t一般公共服务支出\t20.00\t16.00\t4.00\n\
             20101\t人大事务\t20.00\t16.00\t4.00\n2010101\t行政运行\t20.00\t16.00\t4.00\n\
             {}\t某中心\t10.00\t9.00\t1.00\n201\t一般公共服务支出\t10.00\t9.00\t1.00\n\
             20101\t人大事务\t10.00\t9.00\t1.00\n2010101\t行政运行\t{figure}\t9.00\t1.00\n",
            units[0], units[1]
        )
    };
    let units = ["125001", "125002"];
    let report = import(&table("10.00", units));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    let a = audit(&table("10.00", units));
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    // 合计 = Σ units, each unit = its 201, 201 = 20101, 20101 = 2010101, in 3 columns; 9 crossfoots.
    assert_eq!(a.identities_checked, 3 * 7 + 9, "{a}");
    // A slip in the second unit's 项 is found there, by its line.
    let a = audit(&table("11.00", units));
    let errors = error_places(&a);
    assert!(errors.contains(&("rollup", "20101")) && errors.contains(&("crossfoot", "2010101")), "{a}");
    let line = |a: &kemu::report::Audit| a.findings.iter().find(|f| f.rule == "rollup").and_then(|f| f.line);
    assert_eq!(line(&a), Some(13), "the second unit's 20101: {a}");
    // A unit over another (125001 over 1250011) is no plain list: codes repeat, nothing checked.
    let report = import(&table("10.00", ["125001", "1250011"]));
    assert!(matches!(report.tables[0].doubts[..], [kemu::report::Doubt::RepeatedCodes { .. }]));
}

#[test]
fn zeros_under_no_label_in_a_side_by_side_block_lose_no_line() {
    let text = |left: &str| {
        format!(
            "2026年部门预算\n部门收支总表\n单位：万元\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n\
             一、一般公共预算拨款收入\t30.00\t一、一般公共服务支出\t20.00\n\
             \t{left}\t二、教育支出\t10.00\n本年收入合计\t30.00\t本年支出合计\t30.00\n"
        )
    };
    let report = import(&text("0.00"));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    assert_eq!(report.lines.rejected_rows, 0);
    // A figure that is not zero, under no label, is still a row kemu cannot place.
    let report = import(&text("5.00"));
    assert!(matches!(report.tables[0].doubts[..], [kemu::report::Doubt::UnplacedRows { rows: 1, .. }]));
}

#[test]
fn a_groups_own_columns_after_a_nested_group_are_summands_too() {
    // Xi'an's 收入总表: 部门预算 合计 | 一般公共预算拨款 小计 | 其中：专项 | 政府性基金拨款 | 上年结转.
    let table = |total: &str| {
        format!(
            "2026年部门预算\n部门收入总表\n单位：万元\n单位编码\t单位名称\t部门预算\t\t\t\t\n\
             \t\t合计\t一般公共预算拨款\t\t政府性基金拨款\t上年结转\n\t\t\t小计\t其中：专项资金\t\t\n\
             \t合计\t40.00\t25.00\t5.00\t6.00\t9.00\n\
             242001\t某局\t{total}\t20.00\t5.00\t6.00\t4.00\n242002\t某中心\t10.00\t5.00\t\t\t5.00\n"
        )
    };
    let report = import(&table("30.00"));
    let columns = &report.tables[0].table.columns;
    assert!(columns.iter().any(|c| c == "部门预算/一般公共预算拨款/小计"), "{columns:?}");
    let a = audit(&table("30.00"));
    assert_eq!(a.count(Severity::Error), 0, "合计 = 小计 + 政府性基金拨款 + 上年结转, the 其中 aside: {a}");
    assert!(a.identities_checked >= 3, "{a}");
    assert_eq!(error_places(&audit(&table("26.00"))), [("crossfoot", "某局")]);
}

#[test]
fn a_header_label_spans_no_further_than_the_group_above_it() {
    // A header word wrapped onto a row of its own under 上年 (`一般公共预算拨款`): it names the
    // columns of 上年 from its own on, not those of 当年 after them.
    let text = "2026年部门预算\n表7\n“三公”经费支出预算表\n单位：万元\n\
        上年|||当年||\n\
        |一般公共预算拨款||||\n\
        合计|因公出国（境）费|公务接待费|合计|因公出国（境）费|公务接待费\n\
        3.00|1.00|2.00|4.00|1.00|3.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let columns = &report.tables[0].table.columns;
    assert_eq!(columns[3..], ["当年/合计", "当年/因公出国(境)费", "当年/公务接待费"], "{columns:?}");
    assert!(columns[1..3].iter().all(|c| c.starts_with("上年/一般公共预算拨款/")), "{columns:?}");
}

#[test]
fn header_words_wrapped_onto_the_next_row_are_read_whole() {
    // An extractor that splits a multi-line cell into rows: a group label's halves one over the
    // other (公务用车购 | 置及运行费, its sub-columns under both), a column's name (一般公共预 |
    // 算拨款收入) and a label header's (功能分类科目 | 编码).
    let three_public = |vehicles: &str| {
        format!(
            "2026年部门预算\n表7\n“三公”经费支出预算表\n单位：万元\n\
            合计|因公出国（境）费|公务用车购|||公务接待费\n\
            ||置及运行费|||\n\
            ||小计|公务用车购置费|公务用车运行费|\n\
            6.00|1.00|{vehicles}|1.00|2.00|2.00\n"
        )
        .replace('|', "\t")
    };
    let report = kemu::report::import(&three_public("3.00"));
    let columns = &report.tables[0].table.columns;
    let vehicles =
        ["公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费", "公务用车购置及运行费/公务用车运行费"];
    assert_eq!(columns[2..5], vehicles, "{columns:?}");
    let read = audit(&three_public("3.00"));
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert!(read.identities_checked >= 2, "合计 = its three items, 小计 = its two: {read}");
    // The vehicles' 小计 misprinted: the error is in its cell, not a 合计 read in its place.
    let wrong = audit(&three_public("3.50"));
    let columns: Vec<&str> =
        wrong.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.column.as_str()).collect();
    assert!(!columns.is_empty() && columns.iter().all(|c| c.starts_with("公务用车购置及运行费/")), "{wrong}");

    let income = "2026年部门预算\n收入总表\n单位：万元\n\
        功能分类科目|科目名称|合计|一般公共预|政府性基金\n\
        编码|||算拨款收入|预算拨款收入\n\
        |合计|300.00|200.00|100.00\n\
        205|教育支出|300.00|200.00|100.00\n\
        20501|教育管理事务|300.00|200.00|100.00\n\
        2050101|行政运行|300.00|200.00|100.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&income);
    let table = &report.tables[0].table;
    assert_eq!(table.columns, ["合计", "一般公共预算拨款收入", "政府性基金预算拨款收入"]);
    let codes: Vec<String> = table.rows.iter().skip(1).map(|r| r.name()).collect();
    assert_eq!(codes, ["205", "20501", "2050101"], "the rows keep their codes");
    let read = audit(&income);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert!(read.identities_checked >= 9, "{read}");

    // A year wrapped from its 年 (`2025` over `年预算数`) is a header word, not a row of figures,
    // also in the header printed again on the next page.
    let header = "科目编码|科目名称|2025|2026\n||年预算数|年预算数\n";
    let by_year = format!(
        "2026年部门预算\n一般公共预算支出表\n单位：万元\n{header}\
        |合计|300.00|250.00\n205|教育支出|300.00|250.00\n\
        === 第2页 ===\n{header}\
        20501|教育管理事务|300.00|250.00\n2050101|行政运行|300.00|250.00\n"
    )
    .replace('|', "\t");
    let report = kemu::report::import(&by_year);
    let table = &report.tables[0].table;
    assert_eq!(table.columns, ["2025年预算数", "2026年预算数"]);
    let names: Vec<String> = table.rows.iter().map(|r| r.name()).collect();
    assert_eq!(names, ["合计", "205", "20501", "2050101"]);
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    let read = audit(&by_year);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert!(read.identities_checked >= 6, "合计 = 类 = 款 = 项, in each year column: {read}");
}

#[test]
fn a_name_wrapped_onto_the_next_row_with_the_figures_on_it_is_one_row() {
    // An extractor that splits a wrapped name into rows and sets the figures on its second line:
    // the code's row has none, the next row the rest of the name and the figures. Beside another
    // block (the 基本支出 table's 301 | 302 halves), the rest belongs to the code of its own block.
    let text = "2024年部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\
        科目编码|科目名称|合计|基本支出|项目支出\n\
        |合计|30.00|20.00|10.00\n\
        208|社会保障和就业支出|30.00|20.00|10.00\n\
        20805|行政事业单|||\n\
        |位养老支出|30.00|20.00|10.00\n\
        2080505|机关事业单位基本|||\n\
        |养老保险缴费支出|30.00|20.00|10.00\n\
        一般公共预算财政拨款基本支出决算表\n单位：万元\n\
        经济分类科目编码|科目名称|决算数|经济分类科目编码|科目名称|决算数\n\
        301|工资福利支出|20.00|302|商品和服务支出|5.00\n\
        30108|机关事业单位基|||30201|办公费|5.00\n\
        |本养老保险缴费|20.00||||\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let rows: Vec<(String, &str)> = report.tables[0].table.rows.iter().map(|r| (r.name(), r.label.as_str())).collect();
    let names: Vec<(&str, &str)> = rows.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    assert_eq!(
        names,
        [
            ("合计", "合计"),
            ("208", "社会保障和就业支出"),
            ("20805", "行政事业单位养老支出"),
            ("2080505", "机关事业单位基本养老保险缴费支出")
        ]
    );
    let basic = &report.tables[1].table;
    let row = basic.rows.iter().find(|r| r.name() == "30108").expect("30108 is read");
    assert_eq!(
        (row.label.as_str(), row.cells[0]),
        ("机关事业单位基本养老保险缴费", Some(rust_decimal::Decimal::new(2000, 2)))
    );
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert!(!read.findings.iter().any(|f| f.rule == "name" && f.severity != Severity::Info), "{read}");
}

#[test]
fn figures_printed_a_line_below_their_name_in_side_by_side_blocks() {
    // A row made taller by a name wrapped beside it: 二、教育支出 printed on one line, its figure on
    // the next. With nothing printed on that line in the other block the figure is the row's; with
    // the rest of the other block's wrapped name there, it may be either row's, and is not read.
    let text = |left: &str| {
        format!(
            "2026年部门预算\n财政拨款收支总表\n单位：万元\n收入||支出|\n项目|预算数|项目|预算数\n\
            一、一般公共预算拨款|300.00|一、一般公共服务支出|200.00\n\
            二、政府性基金预算拨款||二、教育支出|\n\
            {left}|||100.00\n\
            收入总计|300.00|支出总计|300.00\n"
        )
        .replace('|', "\t")
    };
    let report = kemu::report::import(&text(""));
    let table = &report.tables[0].table;
    let education = table.rows.iter().find(|r| r.label.contains("教育支出")).expect("the row is read");
    assert_eq!(education.cells[1], Some(rust_decimal::Decimal::new(10000, 2)));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    let report = kemu::report::import(&text("收入"));
    assert!(
        report.tables[0].doubts.iter().any(|d| matches!(d, kemu::report::Doubt::UnplacedRows { .. })),
        "{:?}",
        report.tables[0].doubts
    );
    assert_eq!(audit(&text("收入")).count(Severity::Error), 0);
}

#[test]
fn an_empty_table_does_not_stand_for_a_later_one_of_its_kind() {
    // A 支出决算表 with a header and no rows (a contents line read as a title would be one),
    // then the summary, then the 支出决算表 itself: 01=03 reads the one with rows.
    let text = "2024年部门决算\n支出决算表\n单位：万元\n科目编码|科目名称|本年支出合计|基本支出|项目支出\n\
        收入支出决算总表\n单位：万元\n收入||支出|\n项目|决算数|项目|决算数\n\
        一、一般公共预算财政拨款收入|300.00|一、教育支出|300.00\n\
        本年收入合计|300.00|本年支出合计|{total}\n\
        支出决算表\n单位：万元\n科目编码|科目名称|本年支出合计|基本支出|项目支出\n\
        |合计|300.00|200.00|100.00\n205|教育支出|300.00|200.00|100.00\n";
    let text = |total: &str| text.replace("{total}", total).replace('|', "\t");
    let report = kemu::report::import(&text("300.00"));
    let kinds: Vec<(usize, usize)> = report.tables.iter().map(|t| (t.line, t.table.rows.len())).collect();
    assert_eq!(kinds, [(2, 0), (5, 4), (11, 2)], "the empty table is read, as printed");
    assert_eq!(report.table(kemu::report::TableKind::Expenditure).map(|t| t.line), Some(11));
    let read = audit(&text("300.00"));
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    // 310.00 printed for the total: it disagrees with 03's, and with its own 类 rows.
    assert_eq!(error_places(&audit(&text("310.00"))), [("01:类", "本年支出合计"), ("01=03", "本年支出合计")]);
}

#[test]
fn a_unit_code_in_a_three_public_table_is_no_classification_code() {
    // The 三公 table's header not read (its first row prints a bare year, its 序号 and 单位编码
    // wrapped across cells): the unit codes under it (234 over 234001) are not 科目 the catalog lacks.
    let text = "2022年部门预算\n表13\n2022年部门综合预算一般公共预算拨款“三公”经费预算表\n金额单位：元\n\
        序|号单位编|单位名称|2021|||\n\
        |码||年|||\n\
        |||合计|因公出国（境）费|公务接待费\n\
        1||合计|12240|2720|9520\n\
        2|234|西安市气象局|12240|2720|9520\n\
        3|234001|西安市气象局|12240|2720|9520\n"
        .replace('|', "\t");
    let read = audit(&text);
    assert!(!read.findings.iter().any(|f| f.rule == "name"), "{read}");
}

#[test]
fn a_group_over_a_three_public_table_with_meetings_leaves_its_total_the_subtotal() {
    // Jiangsu's 三公 table adds 会议费 and 培训费, so its 合计 is not the 三公 total: the
    // “三公”经费 小计 is. So it stays under a label over every column (2019年预算数).
    let text = |trips: &str| {
        format!(
            "2019年部门预算\n“三公”经费、会议费、培训费支出预算表\n单位：万元\n\
            2019年预算数||||||||\n\
            合计|“三公”经费||||||会议费|培训费\n\
            |小计|因公出国（境）费|公务用车购置及运行维护费|||公务接待费||\n\
            |||小计|公务用车购置费|公务用车运行维护费|||\n\
            2,224.43|660.10|{trips}|156.60||156.60|397.50|1,282.56|281.77\n"
        )
        .replace('|', "\t")
    };
    let read = audit(&text("106.00"));
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert_eq!(read.identities_checked, 2, "the 三公 小计 and the vehicles': {read}");
    let wrong = audit(&text("107.00"));
    assert!(wrong.findings.iter().any(|f| f.severity == Severity::Error && f.rule == "07:三公"), "{wrong}");
}

/// A central department's 一般公共预算支出表: last year's 执行数, this year's 预算数 and the
/// change, each by 基本支出 and 项目支出, with a percentage kemu does not sum.
const PERIODS: &str = "教育部2024年部门预算\n一般公共预算支出表\n单位：万元\n\
    科目编码|科目名称|2023年执行数|||2024年预算数|||2024年预算数比2023年执行数增减|||\n\
    ||小计|基本支出|项目支出|小计|基本支出|项目支出|小计|基本支出|项目支出|增长率（%）\n\
    |合计|300.00|200.00|100.00|330.00|210.00|120.00|30.00|10.00|20.00|10.0\n\
    205|教育支出|300.00|200.00|100.00|330.00|210.00|120.00|30.00|10.00|20.00|10.0\n\
    20501|教育管理事务|300.00|200.00|100.00|330.00|210.00|120.00|30.00|10.00|20.00|10.0\n\
    2050101|行政运行|200.00|200.00||210.00|210.00||10.00|10.00||5.0\n\
    2050102|一般行政管理事务|100.00||100.00|120.00||120.00|20.00||20.00|20.0\n";

#[test]
fn a_change_column_is_the_later_period_less_the_earlier() {
    let text = PERIODS.replace('|', "\t");
    let checked = |text: &str| {
        let report = kemu::report::import(text);
        let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
        let equations = kemu::report::rules::equations(&report, &tables, &kemu::Catalog::year(2024).unwrap());
        equations.into_iter().filter(|e| &*e.rule == "change").count()
    };
    // The three change columns on each of the five rows.
    assert_eq!(checked(&text), 15);
    assert_eq!(kemu::report::audit(&text).count(Severity::Error), 0);
    // 21.00 printed for 120.00 − 100.00: the two change cells of the row are wrong, and they
    // are the corrections (the 预算数 they are checked against agree with the roll-ups).
    let wrong = text.replace("120.00\t20.00\t\t20.00", "120.00\t21.00\t\t21.00");
    let audit = kemu::report::audit(&wrong);
    let rows: Vec<&str> = audit
        .findings
        .iter()
        .filter(|f| f.rule == "change" && f.severity == Severity::Error)
        .map(|f| f.row.as_str())
        .collect();
    assert_eq!(rows, ["2050102", "2050102"]);
    let fixes: Vec<(String, String)> =
        audit.corrections.iter().filter(|c| c.is_definite()).map(|c| (c.column.clone(), c.to.to_string())).collect();
    let change = "2024年预算数比2023年执行数增减";
    assert_eq!(fixes, [(format!("{change}/小计"), "20.00".into()), (format!("{change}/项目支出"), "20.00".into())]);
    // A new item (no 2023 figure) whose change is left blank says nothing of its change.
    let new_item = text.replace(
        "2050102\t一般行政管理事务\t100.00\t\t100.00\t120.00\t\t120.00\t20.00\t\t20.00",
        "2050102\t一般行政管理事务\t\t\t\t120.00\t\t120.00\t\t\t",
    );
    assert_ne!(new_item, text);
    assert_eq!(checked(&new_item), 13);
    assert!(
        !kemu::report::audit(&new_item).findings.iter().any(|f| f.rule == "change" && f.severity == Severity::Error)
    );
    // Periods that do not say which is the earlier check no change.
    let unordered = text.replace("2023年执行数", "执行数").replace("2024年预算数\t", "预算数\t");
    assert_eq!(checked(&unordered), 0);
}

#[test]
fn a_class_sum_reads_past_the_kuan_printed_under_its_classes() {
    let text = "2024年部门预算\n收支总表\n单位：万元\n收入||支出|\n项目|金额|项目|金额\n\
        一、一般公共预算财政拨款|100.00|201 一般公共服务支出|60.00\n\
        ||20101 人大事务|60.00\n\
        ||205 教育支出|40.00\n\
        本年收入合计|100.00|本年支出合计|100.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let equations = kemu::report::rules::equations(&report, &tables, &kemu::Catalog::year(2024).unwrap());
    let by_class = equations.iter().find(|e| &*e.rule == "01:类").expect("本年支出合计 = Σ 类 is checked");
    let parts: Vec<String> = by_class.parts.iter().map(|(_, c)| tables[c.table].rows[c.row].name()).collect();
    assert_eq!(parts, ["201", "205"]);
}

#[test]
fn a_column_headed_by_its_units_over_their_codes_is_no_amount() {
    // 222 and 223 are units' codes under 单位, a header that names no amount; 275 under 事业收入 is
    // an amount (r26-004-15 prints its 275.00 so, without the .00).
    let text = "2026年部门预算\n“三公”经费支出预算表\n单位：万元\n\
        单位|合计|因公出国（境）费|公务接待费\n\
        222|3.00|1.00|2.00\n\
        223|6.00|2.00|4.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    assert_eq!(report.tables[0].table.columns, ["合计", "因公出国(境)费", "公务接待费"]);
    let income = "2026年部门预算\n部门收入总表\n单位：万元\n科目编码|科目名称|合计|事业收入\n\
        205|教育支出|275|275\n20502|普通教育|275|275\n"
        .replace('|', "\t");
    let report = kemu::report::import(&income);
    assert_eq!(report.tables[0].table.columns, ["合计", "事业收入"]);
}

#[test]
fn a_blank_period_beside_its_change_is_no_blank_total_to_fill() {
    // A unit that spends nothing this year: 当年 blank, 上年 培训费 26.00, 增减 -26.00. A slip in
    // 上年 (25.64) breaks the change alone; filling the blank 当年 with -0.36 would mend it as
    // well as the two printed fixes, and is no correction: the blank is the unit's, not an omission.
    let text = "2026年部门预算\n部门会议费和培训费支出预算表\n单位：万元\n\
        单位名称|上年||当年||增减变化情况|\n\
        |会议费|培训费|会议费|培训费|会议费|培训费\n\
        某局|4.00|25.64|||-4.00|-26.00\n\
        某中心|4.00|6.00|4.00|8.00|0.00|2.00\n"
        .replace('|', "\t");
    let audit = kemu::report::audit(&text);
    assert!(audit.count(Severity::Error) > 0, "{audit}");
    let filled: Vec<String> = audit
        .corrections
        .iter()
        .filter(|c| c.is_definite() && c.from.is_none())
        .map(|c| format!("{} {}", c.column, c.to))
        .collect();
    assert!(filled.is_empty(), "{filled:?}\n{audit}");
}

#[test]
fn a_header_printed_again_on_the_next_page_numbers_no_rows() {
    // A side-by-side 财政拨款收支总表 with 行次 columns, run over a page: its header rows are
    // printed again, so the 行次 columns hold a header word besides their line numbers. They
    // stay line numbers, read as nothing, before the break as after it.
    let text = "2020年部门决算\n财政拨款收入支出决算总表\n公开04表\n单位：万元\n\
        收入|||支出|||\n\
        项 目|行 次|金 额|项 目|行 次|合 计|一般公共预算财政拨款\n\
        一、一般公共预算财政拨款|1|110.00|一、一般公共服务支出|5|100.00|100.00\n\
        |2||二、教育支出|6|10.00|10.00\n\
        === 第2页 ===\n\
        收入|||支出|||\n\
        项 目|行 次|金 额|项 目|行 次|合 计|一般公共预算财政拨款\n\
        |3||三、国防支出|7||\n\
        本年收入合计|4|110.00|本年支出合计|8|110.00|110.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let table = &report.tables[0].table;
    assert_eq!(table.columns, ["收入/金额", "支出/合计", "支出/一般公共预算财政拨款"]);
    let row = |name: &str| table.rows.iter().find(|r| r.name() == name).map(|r| r.cells.clone());
    let yuan = |s: &str| Some(s.parse::<Decimal>().unwrap());
    assert_eq!(row("二、教育支出"), Some(vec![None, yuan("10.00"), yuan("10.00")]));
    assert_eq!(row("三、国防支出"), Some(vec![None, None, None]));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    // Checked as the same table printed on one page is.
    let one_page = text.replace(
        "=== 第2页 ===\n收入\t\t\t支出\t\t\t\n项 目\t行 次\t金 额\t项 目\t行 次\t合 计\t一般公共预算财政拨款\n",
        "",
    );
    assert_eq!(one_page.lines().count() + 3, text.lines().count());
    let (split, whole) = (audit(&text), audit(&one_page));
    assert_eq!(split.count(Severity::Error), 0, "{:#?}", split.findings);
    assert_eq!(split.identities_checked, whole.identities_checked);
    assert!(split.identities_checked >= 2, "{}", split.identities_checked);
}

#[test]
fn a_title_in_the_one_filled_cell_after_a_blank_one_starts_its_table() {
    // An extractor that gives every row an empty first cell prints a title row so too: its
    // one filled cell still names the next table, whose rows are not the previous table's.
    let text = "2026年部门预算\n部门支出总表\n单位：元\n\
        |科目编码|科目名称|合计|基本支出|项目支出\n\
        |205|教育支出|300.00|200.00|100.00\n\
        |合计||300.00|200.00|100.00\n\
        |财政拨款收支总表 单位：元||||\n\
        |收入||支出||\n\
        |项目|预算数|项目|预算数\n\
        |一、一般公共预算|300.00|一、教育支出|300.00\n\
        |收入总计|300.00|支出总计|300.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let titles: Vec<&str> = report.tables.iter().map(|t| t.table.title.as_str()).collect();
    assert_eq!(titles, ["部门支出总表", "财政拨款收支总表 单位：元"]);
    assert_eq!(report.tables[0].table.rows.len(), 2, "{:?}", report.tables[0].table.rows);
    let audit = audit(&text);
    assert_eq!(audit.count(Severity::Error), 0, "{:#?}", audit.findings);
}

#[test]
fn a_group_label_printed_over_the_middle_of_its_columns_leaves_its_table_unchecked() {
    // 财政拨款收入 groups 小计 | 一般公共预算 | 政府性基金; an extractor that places a merged
    // cell's text at its centre prints it over 一般公共预算, and nothing tells whether 小计 is
    // its column or one of 合计's. Printed at the start of its span, the table is read and
    // checked; printed at the centre, it is set aside and says why, claiming nothing.
    let table = |group_row: &str| {
        format!(
            "2026年部门预算\n部门收入总表\n单位：万元\n科目编码|科目名称|合计|{group_row}|其他收入\n\
            |||小计|一般公共预算|政府性基金|\n\
            205|教育支出|80.00|60.00|50.00|10.00|20.00\n\
            |合计|80.00|60.00|50.00|10.00|20.00\n"
        )
        .replace('|', "\t")
    };
    let (left, centred) = (table("财政拨款收入||"), table("|财政拨款收入|"));
    let read = kemu::report::import(&left);
    assert!(read.tables[0].doubts.is_empty(), "{:?}", read.tables[0].doubts);
    assert_eq!(
        read.tables[0].table.columns[1..4],
        ["财政拨款收入/小计", "财政拨款收入/一般公共预算", "财政拨款收入/政府性基金"]
    );
    assert!(audit(&left).identities_checked > 0);
    let read = kemu::report::import(&centred);
    assert!(
        matches!(read.tables[0].doubts[..], [kemu::report::Doubt::GroupSpanUnclear { first_line: 4 }]),
        "{:?}",
        read.tables[0].doubts
    );
    let audit = audit(&centred);
    assert_eq!((audit.count(Severity::Error), audit.identities_checked), (0, 0), "{:#?}", audit.findings);
    assert!(audit.findings.iter().any(|f| f.rule == "uncertain"));
}

#[test]
fn a_title_printed_again_without_the_units_name_continues_its_table() {
    // The first page names the unit before the title; the next page prints the title alone,
    // with its header. One table: its 类 on the first page rolls up its 款 and 项 on the next.
    let text = "2026年部门预算\n某某市某某局（本级）一般公共预算支出情况表\n单位：万元\n\
        科目编码|科目名称|合计|基本支出|项目支出\n\
        |合计|30.00|20.00|10.00\n\
        201|一般公共服务支出|30.00|20.00|10.00\n\
        === 第2页 ===\n一般公共预算支出情况表\n单位：万元\n\
        科目编码|科目名称|合计|基本支出|项目支出\n\
        20103|政府办公厅（室）及相关机构事务|30.00|20.00|10.00\n\
        2010301|行政运行|20.00|20.00|\n\
        2010302|一般行政管理事务|10.00||10.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables.iter().map(|t| &t.table.title).collect::<Vec<_>>());
    assert_eq!(report.tables[0].table.rows.len(), 5);
    let audit = audit(&text);
    assert_eq!(audit.count(Severity::Error), 0, "{:#?}", audit.findings);
    assert!(audit.findings.iter().all(|f| f.rule != "rollup" || f.severity == Severity::Info));
    assert!(audit.identities_checked >= 6, "{}", audit.identities_checked);
}

#[test]
fn a_wide_table_printed_as_two_column_blocks_is_read_as_one() {
    // The codes and names with 合计 and 基本支出 on one page; the same codes and names, in the
    // same order, with 项目支出 under a header of their own on the next. Read as one table, its
    // crossfoots and roll-ups are checked, and the second block's codes are no repeats.
    let text = "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n\
        科目编码|科目名称|合计|基本支出\n\
        |合计|30.00|20.00\n\
        201|一般公共服务支出|30.00|20.00\n\
        20103|政府办公厅（室）及相关机构事务|30.00|20.00\n\
        2010301|行政运行|20.00|20.00\n\
        2010302|一般行政管理事务|10.00|\n\
        === 第2页 ===\n\
        科目编码|科目名称|项目支出\n\
        |合计|10.00\n\
        201|一般公共服务支出|10.00\n\
        20103|政府办公厅（室）及相关机构事务|10.00\n\
        2010301|行政运行|\n\
        2010302|一般行政管理事务|10.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let table = &report.tables[0];
    assert_eq!(table.table.columns, ["合计", "基本支出", "项目支出"]);
    assert_eq!(table.table.rows.len(), 5);
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    let yuan = |s: &str| Some(s.parse::<Decimal>().unwrap());
    assert_eq!(table.table.rows[4].cells, [yuan("10.00"), None, yuan("10.00")]);
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
    // A slip in the second block is found where it is printed.
    let slipped = audit(&text.replace("2010302\t一般行政管理事务\t10.00\n", "2010302\t一般行政管理事务\t11.00\n"));
    assert!(
        slipped.findings.iter().any(|f| f.severity == Severity::Error && f.column == "项目支出"),
        "{:#?}",
        slipped.findings
    );
}

#[test]
fn a_unit_printed_at_the_end_of_a_header_or_title_row_is_no_cell_of_it() {
    // The first header row ends in `单位：万元`, and so does the next table's title row: the
    // header row is still the header (收入 over its block, 支出 over its own), and the title
    // still opens its table.
    let text = "2026年部门预算\n财政拨款收支总表\n\
        收入||支出||单位：万元\n\
        项目|预算数|项目|预算数\n\
        一、一般公共预算|300.00|一、教育支出|300.00\n\
        收入总计|300.00|支出总计|300.00\n\
        一般公共预算支出情况表|||单位：万元\n\
        科目编码|科目名称|合计|基本支出|项目支出\n\
        |合计|300.00|200.00|100.00\n\
        205|教育支出|300.00|200.00|100.00\n"
        .replace('|', "\t");
    let report = kemu::report::import(&text);
    let titles: Vec<&str> = report.tables.iter().map(|t| t.table.title.as_str()).collect();
    assert_eq!(titles, ["财政拨款收支总表", "一般公共预算支出情况表"]);
    assert_eq!(report.tables[0].table.columns, ["收入/预算数", "支出/预算数"]);
    assert_eq!(report.tables[0].unit, Some(kemu::Unit::WanYuan));
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
    assert!(read.identities_checked >= 3, "{}", read.identities_checked);
}

/// A code and its name printed in one cell (`2010301 行政运行`, `[2010301]行政运行`) under a
/// header with a column for each: every figure of the row stood one column left of its own, and
/// each identity through it failed. Read apart, the table holds; a wrong figure is found where it
/// stands.
#[test]
fn a_code_and_its_name_joined_under_a_column_for_each_are_read_apart() {
    let text = |joined: &dyn Fn(&str, &str) -> String, item: &str| {
        let row = |code: &str, name: &str, figures: &str| format!("{}\t{figures}\n", joined(code, name));
        format!(
            "2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
             \t合计\t100.00\t30.00\t70.00\n{}{}{}{}",
            row("201", "一般公共服务支出", "100.00\t30.00\t70.00"),
            row("20103", "政府办公厅（室）及相关机构事务", "100.00\t30.00\t70.00"),
            row("2010301", "行政运行", "30.00\t30.00\t"),
            row("2010302", "一般行政管理事务", &format!("{item}\t\t{item}")),
        )
    };
    let apart = |c: &str, n: &str| format!("{c}\t{n}");
    let spaced = |c: &str, n: &str| format!("{c} {n}");
    let bracketed = |c: &str, n: &str| format!("[{c}]{n}");
    let as_printed = audit(&text(&apart, "70.00"));
    assert_eq!(as_printed.count(Severity::Error), 0, "{:#?}", as_printed.findings);
    for joined in [&spaced as &dyn Fn(&str, &str) -> String, &bracketed] {
        let read = audit(&text(joined, "70.00"));
        assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
        assert_eq!(read.identities_checked, as_printed.identities_checked);
        let wrong = audit(&text(joined, "71.00"));
        let errors: Vec<_> = wrong.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        assert!(
            !errors.is_empty() && errors.iter().all(|f| f.column == "项目支出" || f.column == "合计"),
            "{errors:#?}"
        );
    }
}

/// `text(item, spread)`: a table with one page spread two positions a column when `spread`, the
/// 公用经费 of one row `item` (4.00 holds, 5.00 does not). Spread, it reads as printed one cell a
/// column: the same figures, no error, as many identities; a wrong item is found in its columns.
fn reads_as_printed_one_cell_a_column(text: &dyn Fn(&str, bool) -> String) {
    let cells = |t: &str| -> Vec<Vec<Option<rust_decimal::Decimal>>> {
        kemu::report::import(t).tables[0].table.rows.iter().map(|r| r.cells.clone()).collect()
    };
    assert_eq!(cells(&text("4.00", true)), cells(&text("4.00", false)));
    let read = audit(&text("4.00", true));
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
    assert_eq!(read.identities_checked, audit(&text("4.00", false)).identities_checked);
    let wrong = audit(&text("5.00", true));
    let errors: Vec<_> = wrong.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(!errors.is_empty() && errors.iter().all(|f| f.column == "公用经费" || f.column == "合计"), "{errors:#?}");
}

/// A table whose next page the extractor printed with each column spread over two positions
/// (every cell followed by an empty one; no header printed again to say so): its rows are read
/// at the columns of the page before, and a wrong figure there is found where it stands.
#[test]
fn a_page_that_spreads_each_column_over_two_positions_is_read_at_the_columns_before() {
    let text = |item: &str, spread: bool| {
        let spread =
            |row: &str| if spread { row.split('\t').map(|c| format!("{c}\t\t")).collect() } else { row.to_string() };
        let second_page = [
            format!("30217\t公务接待费\t50206\t公务接待费\t{item}\t\t{item}"),
            "30228\t工会经费\t50201\t办公经费\t8.00\t\t8.00".to_string(),
            "303\t对个人和家庭的补助\t\t\t20.00\t20.00\t".to_string(),
            "30302\t退休费\t50905\t离退休费\t20.00\t20.00\t".to_string(),
        ];
        format!(
            "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n\
             部门经济科目编码\t部门经济科目名称\t政府经济科目编码\t政府经济科目名称\t合计\t人员经费\t公用经费\n\
             \t\t\t合计\t62.00\t50.00\t12.00\n301\t工资福利支出\t\t\t30.00\t30.00\t\n\
             30101\t基本工资\t50101\t工资奖金津补贴\t30.00\t30.00\t\n302\t商品和服务支出\t\t\t12.00\t\t12.00\n\
             === 第2页 ===\n{}\n",
            second_page.iter().map(|r| spread(r)).collect::<Vec<String>>().join("\n")
        )
    };
    reads_as_printed_one_cell_a_column(&text);
}

/// The other way round: a first page that spreads each column over two positions (its header
/// too), the next printed one cell a column with the table's 合计 row last, its label in the codes'
/// column: every row is read at the columns of the first page.
#[test]
fn a_page_of_one_cell_a_column_after_a_spread_one_is_read_at_its_columns() {
    let text = |item: &str, spread: bool| {
        let spread =
            |row: &str| if spread { row.split('\t').map(|c| format!("{c}\t\t")).collect() } else { row.to_string() };
        let first_page = [
            "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费".to_string(),
            "301\t工资福利支出\t30.00\t30.00\t".to_string(),
            "30101\t基本工资\t30.00\t30.00\t".to_string(),
            "302\t商品和服务支出\t12.00\t\t12.00".to_string(),
        ];
        format!(
            "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n{}\n=== 第2页 ===\n\
             30201\t办公费\t{item}\t\t{item}\n30228\t工会经费\t8.00\t\t8.00\n合计\t\t42.00\t30.00\t12.00\n",
            first_page.iter().map(|r| spread(r)).collect::<Vec<String>>().join("\n")
        )
    };
    reads_as_printed_one_cell_a_column(&text);
}

/// A row's cells spread over `k` positions each (the empty ones after it), its trailing empty
/// cells kept or dropped, as an extractor that splits merged cells on some pages prints it.
fn spread_row(row: &str, k: usize, keep_trailing: bool) -> String {
    let cells: Vec<&str> = row.split('\t').collect();
    let kept = if keep_trailing { cells.len() } else { cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1) };
    let trail = if keep_trailing { "\t".repeat(k - 1) } else { String::new() };
    cells[..kept].join(&"\t".repeat(k)) + &trail
}

/// A column the spread page's last rows leave blank (人员经费 beside 33 rows of 商品和服务支出 and
/// 资本性支出) is still a column: the next page's rows, one cell a column, fill it where they print
/// it, not the column after it.
#[test]
fn a_column_the_spread_rows_leave_blank_is_still_a_column_for_the_next_page() {
    let text = |item: &str, spread: bool| {
        let spread = |row: String| if spread { spread_row(&row, 2, true) } else { row };
        let goods = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 24, 25, 26, 27, 28, 29, 31, 39, 40];
        let capital = [2, 3, 7, 13, 22];
        let mut first_page = vec![
            "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费".to_string(),
            "合计\t\t65.00\t30.00\t35.00".to_string(),
            "301\t工资福利支出\t10.00\t10.00\t".to_string(),
            "30101\t基本工资\t10.00\t10.00\t".to_string(),
            "302\t商品和服务支出\t26.00\t\t26.00".to_string(),
        ];
        first_page.extend(goods.iter().map(|c| format!("302{c:02}\t支出{c}\t1.00\t\t1.00")));
        first_page.push("310\t资本性支出\t9.00\t\t9.00".to_string());
        first_page.extend(capital.iter().map(|c| format!("310{c:02}\t购置{c}\t1.00\t\t1.00")));
        let first_page: Vec<String> = first_page.into_iter().map(spread).collect();
        format!(
            "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n{}\n=== 第2页 ===\n\
             31099\t其他资本性支出\t{item}\t\t{item}\n303\t对个人和家庭的补助\t20.00\t20.00\t\n\
             30302\t退休费\t20.00\t20.00\t\n",
            first_page.join("\n")
        )
    };
    reads_as_printed_one_cell_a_column(&text);
}

/// A page spread two or three positions a column that also drops each row's trailing empty cells
/// (its header printed again too, `收 入||||||支 出` fitting two spreads) after a page of one cell a
/// column: every row is read at the columns of the page before.
#[test]
fn a_spread_page_that_drops_its_trailing_empty_cells_is_read_at_the_columns_before() {
    for k in [2, 3] {
        let text = |item: &str, spread: bool| {
            let second_page = [
                "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费".to_string(),
                format!("30201\t办公费\t{item}\t\t{item}"),
                "30228\t工会经费\t8.00\t\t8.00".to_string(),
                "303\t对个人和家庭的补助\t\t\t".to_string(),
                "30302\t退休费\t\t\t".to_string(),
            ];
            let spread = |row: &String| if spread { spread_row(row, k, false) } else { row.clone() };
            format!(
                "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n\
                 部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费\n\
                 合计\t\t42.00\t30.00\t12.00\n301\t工资福利支出\t30.00\t30.00\t\n\
                 30101\t基本工资\t30.00\t30.00\t\n302\t商品和服务支出\t12.00\t\t12.00\n\
                 === 第2页 ===\n{}\n",
                second_page.iter().map(spread).collect::<Vec<String>>().join("\n")
            )
        };
        reads_as_printed_one_cell_a_column(&text);
    }
}

/// A page whose extractor found one or two columns more at the left than the page before (each
/// row printed after empty cells, its header printed again too), or the other way round (the
/// table's first page printed so): every row is read at the table's columns.
#[test]
fn a_page_printed_off_its_tables_columns_is_read_at_them() {
    let page =
        |rows: &[&str], lead: usize| -> String { rows.iter().map(|r| format!("{}{r}\n", "\t".repeat(lead))).collect() };
    for (first, second) in [(0, 1), (0, 2), (1, 0), (2, 0)] {
        let text = |item: &str, off: bool| {
            let lead = |n: usize| if off { n } else { 0 };
            let header = "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费";
            let first_rows = [
                header,
                "合计\t\t42.00\t30.00\t12.00",
                "301\t工资福利支出\t30.00\t30.00\t",
                "30101\t基本工资\t30.00\t30.00\t",
                "302\t商品和服务支出\t12.00\t\t12.00",
            ];
            let item_row = format!("30201\t办公费\t{item}\t\t{item}");
            let second_rows = [header, item_row.as_str(), "30228\t工会经费\t8.00\t\t8.00"];
            format!(
                "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n{}=== 第2页 ===\n{}",
                page(&first_rows, lead(first)),
                page(&second_rows, lead(second))
            )
        };
        reads_as_printed_one_cell_a_column(&text);
    }
}

/// A side-by-side table whose left block is empty on a page's first row (`||二、外交支出|`) is no
/// page printed off its columns: its rows are read as printed.
#[test]
fn a_side_by_side_row_with_its_left_block_empty_is_read_as_printed() {
    let text = "2026年部门预算\n收支总表\n单位：万元\n\
                收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n\
                一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t60.00\n=== 第2页 ===\n\
                \t\t二、教育支出\t40.00\n本年收入合计\t100.00\t本年支出合计\t100.00\n";
    let report = import(text);
    let rows: Vec<(String, Vec<Option<Decimal>>)> =
        report.tables[0].table.rows.iter().map(|r| (r.name(), r.cells.clone())).collect();
    let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
    assert!(rows.contains(&("二、教育支出".to_string(), vec![None, d("40.00")])), "{rows:?}");
    let read = audit(text);
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
}

/// A text whose lines were trimmed (each row's leading empty cells gone: `33\t\t宣传事务` for
/// `\t33\t\t宣传事务`): a short row that, as printed, puts a figure under a name is read
/// right-aligned (the table's 合计 first among them, by its header's words); where a short row
/// could stand either way, the table is set aside and says why.
#[test]
fn rows_that_lost_their_leading_empty_cells_are_read_right_aligned_or_said() {
    let table = |rows: &[&str]| -> String {
        let header = "科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n";
        let body: String = rows.iter().map(|r| format!("{r}\n")).collect();
        // A list of the department's units before the table: a text of many rows, none of them
        // led by an empty cell once trimmed.
        let units: String = (1..=30).map(|n| format!("{n}\t单位{n}\n")).collect();
        format!("2026年部门预算\n单位名单\n序号\t单位名称\n{units}一般公共预算支出表\n单位：万元\n{header}{body}")
    };
    let trim = |t: &str| -> String { t.lines().map(|l| l.trim_start_matches('\t').to_string() + "\n").collect() };
    let printed = [
        "\t\t\t合计\t100.00\t60.00\t40.00",
        "201\t\t\t一般公共服务支出\t100.00\t60.00\t40.00",
        "\t03\t\t政府办公厅（室）及相关机构事务\t100.00\t60.00\t40.00",
        "\t\t01\t行政运行\t60.00\t60.00\t",
        "\t\t02\t一般行政管理事务\t40.00\t\t40.00",
    ];
    let untrimmed = table(&printed);
    let trimmed = trim(&untrimmed);
    assert!(!trimmed.lines().any(|l| l.starts_with('\t')), "{trimmed}");
    let cells = |t: &str| -> Vec<(String, Vec<Option<Decimal>>)> {
        import(t).tables[0].table.rows.iter().map(|r| (r.name(), r.cells.clone())).collect()
    };
    assert_eq!(cells(&trimmed), cells(&untrimmed));
    assert_eq!(audit(&trimmed).count(Severity::Error), 0);
    // 一般行政管理事务's 40.00 wrong: found in its column.
    let wrong = audit(&trimmed.replace("一般行政管理事务\t40.00\t\t40.00", "一般行政管理事务\t45.00\t\t45.00"));
    assert!(wrong.count(Severity::Error) > 0, "{:#?}", wrong.findings);
    // A row short of the others that reads as printed too (its trailing cells dropped, or its
    // leading ones): the table is set aside, nothing claimed of its blank figures.
    let either = trimmed.replace("一般公共服务支出\t100.00\t60.00\t40.00", "一般公共服务支出\t100.00");
    let report = import(&either);
    assert!(
        report.tables[0].doubts.iter().any(|d| matches!(d, kemu::report::Doubt::LeadingBlanksDropped { .. })),
        "{:?}",
        report.tables[0].doubts
    );
    assert_eq!(audit(&either).count(Severity::Error), 0);
}

/// A page of a table that keeps no blank cell where its other pages keep them (an extractor that
/// read that page another way): its rows' figures cannot be told to their columns, so the table
/// is set aside; read as printed, 30201's 5.00 would stand under 合计 and sum wrongly.
#[test]
fn a_page_that_dropped_its_blank_cells_sets_its_table_aside() {
    let first_page = "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费\n\
                      合计\t\t50.00\t35.00\t15.00\n301\t工资福利支出\t30.00\t30.00\t\n\
                      30101\t基本工资\t30.00\t30.00\t\n302\t商品和服务支出\t20.00\t5.00\t15.00\n";
    let text = |blank: &str| {
        format!(
            "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n{first_page}=== 第2页 ===\n\
             30201\t办公费\t10.00\t5.00\t5.00\n30205\t水费\t5.00{blank}\t5.00\n30206\t电费\t5.00{blank}\t5.00\n"
        )
    };
    // Printed with its blank cells: read, and it balances.
    let kept = audit(&text("\t"));
    assert_eq!(kept.count(Severity::Error), 0, "{kept}");
    assert!(kept.identities_checked > 0);
    // The second page without them: 水费's 5.00 would read as its 人员经费.
    let dropped = text("");
    let report = import(&dropped);
    assert!(
        report.tables[0].doubts.iter().any(|d| matches!(d, kemu::report::Doubt::BlanksDropped { rows: 2, .. })),
        "{:?}",
        report.tables[0].doubts
    );
    assert_eq!(audit(&dropped).count(Severity::Error), 0);
}

/// A row of one cell a column among rows spread three positions a column that fits no placement
/// (a cell more than the spread rows' columns): read as printed its figures would stand under
/// other columns, so it is not read; it is reported, and the table's totals are not checked.
#[test]
fn a_row_of_one_cell_a_column_that_fits_no_spread_is_reported_not_read() {
    let first_page = [
        "部门经济科目编码\t部门经济科目名称\t合计\t人员经费\t公用经费",
        "合计\t\t50.00\t30.00\t20.00",
        "301\t工资福利支出\t30.00\t30.00\t",
        "30101\t基本工资\t30.00\t30.00\t",
        "302\t商品和服务支出\t20.00\t\t20.00",
    ];
    let text = format!(
        "2026年部门预算\n一般公共预算基本支出表\n单位：万元\n{}\n=== 第2页 ===\n\
         30201\t办公费\t20.00\t\t20.00\t另列\n",
        first_page.map(|r| spread_row(r, 3, true)).join("\n")
    );
    let report = import(&text);
    let unplaced: Vec<usize> = report
        .issues
        .iter()
        .filter(|i| matches!(i.kind, ImportIssueKind::UnplacedPageRow { .. }))
        .map(|i| i.line)
        .collect();
    assert_eq!(unplaced, [10]);
    assert_eq!(report.tables[0].doubts, [kemu::report::Doubt::UnplacedRows { rows: 1, first_line: 10 }]);
    assert_eq!(report.tables[0].table.rows.len(), 4, "the row is not among the table's");
    assert_eq!(report.lines.rejected_rows, 1);
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
}

/// The row that names the department and the unit before a header (`预算单位：某局 | … | 单位：万元`)
/// is furniture whichever colon it prints: with ASCII colons it was read as the header's first row,
/// its name over every column, and the 三公 table's identity summed the wrong columns.
#[test]
fn a_statement_row_before_the_header_is_furniture_with_either_colon() {
    let text = |colon: &str| {
        format!(
            "2026年部门预算\n本年一般公共预算“三公”经费支出表\n\
             预算单位{colon}某局|||||单位{colon}万元\n\
             合计|因公出国（境）费|公务用车购置及运行费|||公务接待费\n\
             ||小计|公务用车购置费|公务用车运行费|\n\
             7.61|0.00|6.75|0.00|6.75|0.86\n"
        )
        .replace('|', "\t")
    };
    let [full_width, ascii] = [text("："), text(":")].map(|t| kemu::report::import(&t));
    assert_eq!(ascii.tables.len(), 1);
    assert_eq!(ascii.tables[0].table.columns, full_width.tables[0].table.columns);
    assert_eq!(ascii.tables[0].unit, Some(kemu::Unit::WanYuan));
    let read = audit(&text(":"));
    assert_eq!(read.count(Severity::Error), 0, "{:#?}", read.findings);
    // The identity is read: a wrong 合计 is found.
    let wrong = audit(&text(":").replace("7.61", "7.71"));
    assert_eq!(wrong.count(Severity::Error), 1, "{:#?}", wrong.findings);
}

/// A header of three lines whose one-line cells sit on the middle one (序 … 号, 部门经济科目编 …
/// 码), one place right of its body, over a table of 部门 codes beside 政府 codes; the next page
/// prints its first row without cell breaks, after its 序号, and its other rows one cell a column.
fn paired_economic_table(class_303: &str) -> String {
    let spread = |shift: usize, cells: &[&str]| format!("{}{}\n", "\t".repeat(shift), cells.join("\t\t\t"));
    let mut text = String::from(
        "2022年部门预算\n表8\n2022 年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）\n金额单位：元\n",
    );
    text += &spread(1, &["序", "部门经济科目编"]);
    text += &spread(
        7,
        &["部门经济科目名称", "政府经济科目编码", "政府经济科目名称", "合计", "人员经费支出", "公用经费支出", "备注"],
    );
    text += &spread(1, &["号", "码"]);
    let rows: [[&str; 8]; 5] = [
        ["1", "", "合计", "", "", "1000.00", "700.00", "300.00"],
        ["2", "301", "工资福利支出", "", "", "500.00", "500.00", "0.00"],
        ["3", "30101", "基本工资", "50101", "工资奖金津补贴", "300.00", "300.00", "0.00"],
        ["4", "30101", "基本工资", "50501", "工资福利支出", "100.00", "100.00", "0.00"],
        ["5", "30102", "津贴补贴", "50101", "工资奖金津补贴", "100.00", "100.00", "0.00"],
    ];
    for row in rows {
        text += &spread(0, &row);
    }
    text += "=== 第2页 ===\n6 302 商品和服务支出 300.00 0.00 300.00\n";
    text += "7\t30201\t办公费\t50201\t办公经费\t200.00\t0.00\t200.00\t\n";
    text += "8\t30201\t办公费\t50502\t商品和服务支出\t100.00\t0.00\t100.00\t\n";
    text += &format!("9\t303\t对个人和家庭的补助\t\t\t{class_303}\t200.00\t0.00\t\n");
    text += "10\t30301\t离休费\t50905\t离退休费\t150.00\t150.00\t0.00\t\n";
    text += "11\t30302\t退休费\t50905\t离退休费\t50.00\t50.00\t0.00\t\n";
    text
}

#[test]
fn a_row_printed_without_breaks_after_its_number_is_lost_alone_and_the_table_runs_on() {
    let text = paired_economic_table("200.00");
    let report = import(&text);
    let t = &report.tables[0];
    assert_eq!(t.table.columns, ["合计", "人员经费支出", "公用经费支出"], "序号 and 部门经济科目编码 are no group");
    let rows: Vec<(String, String)> = t.table.rows.iter().map(|r| (r.name(), r.label.clone())).collect();
    let names: Vec<(&str, &str)> = rows.iter().map(|(c, l)| (c.as_str(), l.as_str())).collect();
    assert_eq!(
        names,
        [
            ("合计", "合计"),
            ("301", "工资福利支出"),
            ("30101", "基本工资"),
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("30201", "办公费"),
            ("30201", "办公费"),
            ("303", "对个人和家庭的补助"),
            ("30301", "离休费"),
            ("30302", "退休费"),
        ],
        "one block: each code with its name, the 302 row lost"
    );
    let governments: Vec<String> = t.paired.iter().map(|p| p.code.to_string()).collect();
    assert_eq!(governments, ["50101", "50501", "50101", "50201", "50502", "50905", "50905"]);
    assert_eq!(t.doubts, [kemu::report::Doubt::UnplacedRows { rows: 1, first_line: 14 }]);
    let a = audit(&text);
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert!(a.identities_checked >= 4, "{a}");

    // An error past the lost row, in a class it is not part of, is found.
    let wrong = paired_economic_table("210.00");
    let a = audit(&wrong);
    assert_eq!(error_places(&a), [("rollup", "303"), ("crossfoot", "303")], "{a}");
}

#[test]
fn a_column_of_words_under_a_header_naming_no_amount_is_a_label() {
    // 类型 over the project's kind (部门特定目标类项目), 项目名称 over its name.
    let text = "2026年部门预算\n项目支出表(预算表9)\n单位：万元\n\
        类型\t项目名称\t合计\t一般公共预算\n\
        部门特定目标类项目\t\t30.00\t30.00\n\
        \t信访专项经费\t30.00\t30.00\n";
    let t = &import(text).tables[0];
    assert_eq!(t.table.columns, ["合计", "一般公共预算"]);
    let labels: Vec<&str> = t.table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["部门特定目标类项目", "信访专项经费"]);
    assert!(t.doubts.is_empty(), "{:?}", t.doubts);
}

#[test]
fn a_total_column_blank_down_the_whole_table_beside_figures_is_a_reading_in_doubt() {
    // Each row's figures one cell right of the header (an extractor that puts an empty cell after
    // the name): 合计 holds nothing in any row, its parts hold the figures.
    let table = |blank_total: bool| {
        let row = |code: &str, name: &str, figures: &str| {
            if blank_total {
                format!("{code}\t{name}\t\t{figures}\n")
            } else {
                format!("{code}\t{name}\t{figures}\t\n")
            }
        };
        let mut text = String::from(
            "收入决算表\n公开02表\n单位：万元\n科目编码\t科目名称\t本年收入合计\t财政拨款收入\t事业收入\n",
        );
        text += &row("201", "一般公共服务支出", "100.00\t100.00");
        text += &row("20103", "政府办公厅（室）及相关机构事务", "100.00\t100.00");
        text += &row("2010301", "行政运行", "100.00\t100.00");
        text
    };
    let shifted = table(true);
    let t = &import(&shifted).tables[0];
    assert_eq!(t.doubts, [kemu::report::Doubt::FiguresOffHeader { first_line: 4 }]);
    let a = audit(&shifted);
    assert_eq!(a.count(Severity::Error), 0, "{a}");
    assert_eq!(a.identities_checked, 0, "{a}");
    // As printed, the same rows read and balance.
    let printed = table(false);
    assert!(import(&printed).tables[0].doubts.is_empty());
    assert!(audit(&printed).identities_checked > 0);
}

#[test]
fn a_figure_printed_over_by_a_wrapped_name_leaves_its_column_one_of_figures() {
    // A 收支总表 of two blocks side by side; two income rows wrap their names into the figure's
    // cell, their characters interleaved with its digits (`0部.0门0预算的项目`).
    let text = "2026年部门综合预算财政拨款收支总表\n金额单位：元\n\
        序号\t收 入\t\t支 出\t\n\
        \t项 目\t预算数\t支出功能分科目（按大类）\t预算数\n\
        1\t一、财政拨款\t300.00\t一、财政拨款\t300.00\n\
        2\t1、一般公共预算拨款\t300.00\t1、一般公共服务支出\t100.00\n\
        3\t其中：专项资金列入\t0部.0门0预算的项目\t2、教育支出\t200.00\n\
        4\t2、政府性基金拨款\t0.00\t3、科学技术支出\t0.00\n\
        5\t3、国有资本经营预算收\t0入.00\t4、文化旅游体育与传媒支出\t0.00\n\
        6\t本年收入合计\t300.00\t本年支出合计\t300.00\n"
        .to_string();
    let report = import(&text);
    let t = &report.tables[0];
    assert_eq!(t.table.columns, ["序号/收入/预算数", "支出/预算数"], "the income figures keep their column");
    let income = |label: &str| t.table.rows.iter().find(|r| r.label == label).map(|r| r.cells[0]);
    assert_eq!(income("本年收入合计"), Some(Some(Decimal::new(30000, 2))));
    // The overprinted cells are never read: their rows are reported and the table is in doubt.
    let unread: Vec<usize> = report
        .issues
        .iter()
        .filter(|i| matches!(i.kind, ImportIssueKind::NotAnAmount { .. }))
        .map(|i| i.line)
        .collect();
    assert_eq!(unread, [7, 9]);
    assert!(matches!(t.doubts[..], [kemu::report::Doubt::UnplacedRows { rows: 2, first_line: 7 }]), "{:?}", t.doubts);
    assert_eq!(audit(&text).count(Severity::Error), 0);
}

#[test]
fn the_tail_of_a_name_wrapped_into_a_blank_figure_cell_ends_the_name() {
    // Three blocks side by side; the economic block's names wrap into the figure's cell, with
    // the figure (`支 | 出 300.00`) or without one (`补 | 助`, `（基本 | 建设）`).
    let text = "2019年部门综合预算收支总表\n单位：万元\n\
        收 入\t\t支 出\t\t\t\n\
        项 目\t预算数\t支出功能分类科目（按大类）\t预算数\t部门预算支出经济分类科目（按大类）\t预算数\n\
        1、财政拨款\t300.00\t1、一般公共服务\t100.00\t1、人员经费和公用经费支\t出 300.00\n\
        (1)一般公共预算拨款收入\t300.00\t2、教育\t200.00\t(1)工资福利支出\t250.00\n\
        2、事业收入\t\t3、科学技术\t\t(2)对个人和家庭的补\t助\n\
        3、其他收入\t\t4、文化旅游体育与传媒\t\t(3)商品和服务支出\t50.00\n\
        \t\t5、住房保障\t\t(4)资本性支出（基本\t建设）\n\
        本年收入合计\t300.00\t本年支出合计\t300.00\t本年支出合计\t300.00\n";
    let report = import(text);
    let t = &report.tables[0];
    assert_eq!(t.table.columns.len(), 3, "three columns of figures: {:?}", t.table.columns);
    assert!(t.doubts.is_empty(), "{:?}", t.doubts);
    let row = |label: &str| t.table.rows.iter().find(|r| r.label == label).map(|r| r.cells.clone());
    assert_eq!(row("(2)对个人和家庭的补助"), Some(vec![None, None, None]), "the name whole, its figure blank");
    assert_eq!(row("(4)资本性支出（基本建设）"), Some(vec![None, None, None]));
    assert_eq!(row("1、人员经费和公用经费支出"), Some(vec![None, None, Some(Decimal::new(30000, 2))]));
    assert!(
        report.issues.iter().all(|i| !matches!(i.kind, ImportIssueKind::NotAnAmount { .. })),
        "{:?}",
        report.issues
    );
    assert_eq!(audit(text).count(Severity::Error), 0);
}

#[test]
fn figures_finer_than_the_cent_put_a_table_of_no_stated_unit_in_doubt_unless_all_are() {
    let table = |figures: [&str; 3]| {
        format!(
            "2026年部门预算\n支出总表\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t{}\n20103\t政府办公厅（室）及相关机构事务\t{}\n2010301\t行政运行\t{}\n",
            figures[0], figures[1], figures[2]
        )
    };
    // One figure to the tenth of a cent among figures to the cent: the cells are in doubt.
    let stray = table(["3.00", "3.00", "3.000"]);
    let t = &import(&stray).tables[0];
    assert_eq!(t.unit, None);
    assert!(
        matches!(t.doubts[..], [kemu::report::Doubt::FinerThanCents { figures: 1, first_line: 6 }]),
        "{:?}",
        t.doubts
    );
    assert_eq!(audit(&stray).identities_checked, 0);
    // Every figure to four places: a table printed so, read.
    let fine = table(["3.0001", "3.0001", "3.0001"]);
    assert!(import(&fine).tables[0].doubts.is_empty());
    assert!(audit(&fine).identities_checked >= 2);
}

#[test]
fn another_tables_header_ends_a_table_whose_next_title_was_not_read() {
    // The 支出总表 runs straight into the next table's header, its title lost (printed in a cell
    // the extractor moved): those rows are not the 支出总表's, whose sums balance.
    let text = "2026年部门预算\n支出总表\n单位：元\n\
        项目|支出预算||\n\
        |合计|基本支出|项目支出\n\
        合计|300|200|100\n\
        205 教育支出|300|200|100\n\
        财政拨款收入||财政拨款支出||\n\
        项目|预算数|项目|合计|一般公共预算\n\
        一、一般公共预算|300|一、教育支出|300|300\n\
        收入总计|300|支出总计|300|300\n"
        .replace('|', "\t");
    let report = import(&text);
    assert_eq!(report.tables.len(), 1);
    let lines: Vec<Option<usize>> = report.tables[0].table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [Some(6), Some(7)], "the rows under the other header are not the 支出总表's");
    assert!(
        report.issues.iter().any(|i| matches!(i.kind, ImportIssueKind::RowsOutsideTables { rows: 2, .. })),
        "they are reported: {:?}",
        report.issues
    );
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
}

#[test]
fn a_column_numbering_the_rows_under_no_header_is_no_column_of_amounts() {
    // The 序号 header cell lost: 1, 2, 3 … down the first position is no amount (a 合计 of 1
    // over 类 of 2 would be an error the document does not hold).
    let text = "2026年部门预算\n一般公共预算支出表\n单位：万元\n\
        |科目编码|科目名称|合计\n\
        1||合计|300.00\n\
        2|205|教育支出|300.00\n\
        3|20502|普通教育|300.00\n\
        4|2050201|学前教育|300.00\n"
        .replace('|', "\t");
    let t = &import(&text).tables[0];
    assert_eq!(t.table.columns, ["合计"]);
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    assert!(read.identities_checked >= 3, "{read}");
}

#[test]
fn a_column_named_for_an_amount_whose_figures_are_unreadable_is_no_column_of_names() {
    // 其他收入 printed as a spreadsheet's error marks: those cells are figures not read (their
    // rows reported, the table in doubt), not words of the rows' names; 合计 is not checked
    // against the other columns alone.
    let text = "2026年部门预算\n收入总表\n单位：元\n\
        科目编码|科目名称|合计|财政拨款收入|其他收入\n\
        208|社会保障和就业支出|2616003|2615505|#REF!\n\
        20805|行政事业单位养老支出|2616003|2615505|#REF!\n\
        2080505|机关事业单位基本养老保险缴费支出|2616003|2615505|#REF!\n"
        .replace('|', "\t");
    let report = import(&text);
    let t = &report.tables[0];
    assert_eq!(t.table.columns, ["合计", "财政拨款收入", "其他收入"]);
    assert!(t.table.rows.iter().all(|r| !r.label.contains('#')), "{:?}", t.table.rows);
    assert!(matches!(t.doubts[..], [kemu::report::Doubt::UnplacedRows { rows: 3, .. }]), "{:?}", t.doubts);
    assert_eq!(audit(&text).count(Severity::Error), 0);
}

#[test]
fn a_tables_next_page_read_as_another_table_leaves_its_totals_unchecked() {
    // The next page prints the title under another number (表6 for 表5): read as a table of its
    // own, of the same kind and columns, with no 合计. The 合计 on the first page sums both
    // pages' 类: no error is claimed on the first page's alone.
    let text = "2026年部门预算\n表5 一般公共预算支出表\n单位：万元\n\
        科目编码|科目名称|合计\n\
        |合计|300.00\n\
        205|教育支出|100.00\n\
        20502|普通教育|100.00\n\
        2050201|学前教育|100.00\n\
        === 第2页 ===\n\
        表6 一般公共预算支出表\n\
        科目编码|科目名称|合计\n\
        208|社会保障和就业支出|200.00\n\
        20805|行政事业单位养老支出|200.00\n\
        2080505|机关事业单位基本养老保险缴费支出|200.00\n"
        .replace('|', "\t");
    let report = import(&text);
    assert_eq!(report.tables.len(), 2);
    assert_eq!(report.tables[0].doubts, [kemu::report::Doubt::RunsOnBelow { first_line: 10 }]);
    let read = audit(&text);
    assert_eq!(read.count(Severity::Error), 0, "{read}");
    // Printed under one number, the two pages are one table, and balance.
    let one = text.replace("表6 ", "表5 ");
    let report = import(&one);
    assert_eq!(report.tables.len(), 1);
    assert!(report.tables[0].doubts.is_empty());
    assert!(audit(&one).identities_checked >= 5);
}

#[test]
fn a_rule_set_of_the_callers_own_reads_its_fund_labels() {
    use kemu::report::performance::FundLabels;
    use kemu::report::{RuleSet, audit_with};
    let text = "项目支出绩效目标表\n项目名称\t某项目\t\n项目资金\t项目资金合计\t100.00\n\t本级资金\t60.00\n\t上级资金\t30.00\n总体目标\t完成任务\t\n";
    let report = import(text);
    let set = kemu::CatalogSet::embedded();
    let funds_errors = |a: &kemu::report::Audit| {
        a.findings.iter().filter(|f| f.rule == "performance:funds" && f.severity == Severity::Error).count()
    };
    // The national labels do not know the lines: nothing read.
    assert_eq!(funds_errors(&audit_with(&report, set, &RuleSet::for_kind(report.kind))), 0);
    let funds = FundLabels {
        totals: &["项目资金合计"],
        parts: &["本级资金", "上级资金"],
        closing: &["上级资金"],
        by_nature: &[],
    };
    let mine = audit_with(&report, set, &RuleSet::for_kind(report.kind).with_funds(funds));
    assert_eq!(funds_errors(&mine), 1, "{mine}");
    let error = mine.findings.iter().find(|f| f.rule == "performance:funds").unwrap();
    assert_eq!(error.difference, Some("10.00".parse().unwrap()));
}

#[test]
fn rows_short_of_their_trailing_blanks_under_a_header_that_keeps_blanks_are_read() {
    // An extraction that keeps blank cells (the header's merged 科目 prints one) but strips the
    // tabs at a line's end: a row short of the header lost trailing blanks only.
    let table = |first: &str| {
        format!(
            "2026年部门预算\n一般公共预算支出情况表\n单位：万元\n科目\t\t合计\t基本支出\t项目支出\n编码\t名称\n\
             201\t一般公共服务支出\t{first}\t20.00\t10.00\n20101\t人大事务\t20.00\t20.00\n2010101\t行政运行\t20.00\t20.00\n\
             20103\t政府办公厅（室）及相关机构事务\t10.00\t0.00\t10.00\n2010350\t事业运行\t10.00\t0.00\t10.00\n"
        )
    };
    let report = import(&table("30.00"));
    assert!(report.tables[0].doubts.is_empty(), "{:?}", report.tables[0].doubts);
    let clean = audit(&table("30.00"));
    assert_eq!(clean.count(Severity::Error), 0, "{clean}");
    assert!(clean.identities_checked > 0);
    // Read column by column: a wrong 合计 is found where it stands.
    let wrong = audit(&table("31.00"));
    let error = wrong.findings.iter().find(|f| f.severity == Severity::Error).expect("the planted error");
    assert_eq!((error.line, error.column.as_str()), (Some(6), "合计"), "{wrong}");
}
