//! The narrative checks: the embedded report's prose against its own arithmetic and its tables
//! (the acceptance case, every finding pinned), sentences of each kind with a right and a wrong
//! figure, planted errors found, and every report in ../shared pinned.

use kemu::Severity;
use kemu::report::narrative::{ClaimKind, claims};
use kemu::report::{audit, import};
use std::path::PathBuf;

/// (rule, line, subject, declared, expected) of the narrative findings that are errors.
fn narrative_errors(text: &str) -> Vec<(String, usize, String, String, String)> {
    let show = |d: Option<kemu::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    audit(text)
        .findings
        .iter()
        .filter(|f| f.table == "说明" && f.severity == Severity::Error)
        .map(|f| (f.rule.clone(), f.line.unwrap_or(0), f.row.clone(), show(f.declared), show(f.expected)))
        .collect()
}

fn owned(pins: &[(&str, usize, &str, &str, &str)]) -> Vec<(String, usize, String, String, String)> {
    pins.iter().map(|(r, l, s, d, e)| (r.to_string(), *l, s.to_string(), d.to_string(), e.to_string())).collect()
}

#[test]
fn the_embedded_report_states_what_a_careful_reader_finds_wrong() {
    let mut got = narrative_errors(kemu::report::EMBEDDED_REPORT);
    got.sort();
    // Each looked at by hand:
    let want = owned(&[
        // 七(二)3 says 9.27; 七(一) (line 377) and table 07 say 9.23.
        ("narrative:contradiction", 385, "公务用车购置费及运行维护费支出", "9.27", "9.23"),
        // The 绩效自评's 2019 基本支出 843.91 against its stated parts 人员经费 664.75 + 日常公用经费 113.17.
        ("narrative:parts", 553, "一般公共预算基本支出", "843.91", "777.92"),
        // 七(二)3's 其中 公务用车运行维护费 9.27 against table 07's 公务用车运行费 (决算) 9.23.
        ("narrative:table", 385, "公务用车运行维护费", "9.27", "9.23"),
    ]);
    assert_eq!(got, want);
    let a = audit(kemu::report::EMBEDDED_REPORT);
    let contradiction = a.findings.iter().find(|f| f.rule == "narrative:contradiction").unwrap();
    assert!(contradiction.message.contains("第377行") && contradiction.message.contains("第385行"), "both places");
    // What is not read is said, once: two figures of one 绩效自评 sentence (line 555) whose
    // subject is words away from them.
    let unread: Vec<_> = a.findings.iter().filter(|f| f.rule == "narrative:unread").collect();
    assert_eq!((unread.len(), unread[0].severity, unread[0].line), (1, Severity::Info, Some(555)));
}

#[test]
fn the_right_statements_are_read_and_not_flagged() {
    let report = import(kemu::report::EMBEDDED_REPORT);
    let percents: Vec<String> = claims(&report)
        .iter()
        .filter_map(|c| match &c.kind {
            ClaimKind::Share { percent, .. } | ClaimKind::Execution { percent, .. } => Some(percent.to_string()),
            ClaimKind::Change { percent: Some(p), .. } => Some(p.to_string()),
            _ => None,
        })
        .collect();
    for p in ["94.22", "80.05", "125.71", "127.04", "48.81", "46.33", "51.28", "16.93", "3.01", "5.87", "15.79"] {
        assert!(
            percents.iter().any(|x| x == p),
            "{p}% is read as a share, a change or an execution rate: {percents:?}"
        );
    }
    // Each of them checked, and none an error: only the three pinned above are.
    assert!(percents.len() >= 20, "{percents:?}");
    assert!(
        narrative_errors(kemu::report::EMBEDDED_REPORT)
            .iter()
            .all(|e| !e.0.contains("share") && !e.0.contains("change"))
    );
}

#[test]
fn each_kind_of_statement_with_a_right_and_a_wrong_figure() {
    // (sentence, the rule of the error it holds, or "" when it is right)
    let cases = [
        ("本年支出合计1055.78万元，其中：基本支出994.77万元，占94.22%；项目支出61.01万元，占5.78%。", ""),
        (
            "本年支出合计1055.78万元，其中：基本支出994.77万元，占92.22%；项目支出61.01万元，占5.78%。",
            "narrative:share",
        ),
        ("2020年度收、支总计2069.69万元。与上年相比，减少387.94万元，减少15.79%。", ""),
        ("2020年度收、支总计2069.69万元。与上年相比，减少387.94万元，减少17.79%。", "narrative:change"),
        ("“三公”经费实际支出29.96万元，比上年17.93万元增加支出12.03万元。", ""),
        ("“三公”经费实际支出29.96万元，比上年17.93万元增加支出12.30万元。", "narrative:change"),
        ("公务接待费支出预算为18万元，支出决算为8.34万元，完成预算的46.33%。", ""),
        ("公务接待费支出预算为18万元，支出决算为8.34万元，完成预算的64.33%。", "narrative:execution"),
        // A paragraph whose subject is the 项 its heading names.
        (
            "1、一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)。\n年初预算为749.86万元，支出决算952.64万元，决算数大于年初预算数的主要原因是增人。",
            "",
        ),
        (
            "1、一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)。\n年初预算为749.86万元，支出决算652.64万元，决算数大于年初预算数的主要原因是增人。",
            "narrative:direction",
        ),
        ("基本支出总额为843.91万元，其中人员经费730.74万元，日常公用经费113.17万元。", ""),
        ("基本支出总额为843.91万元，其中人员经费664.75万元，日常公用经费113.17万元。", "narrative:parts"),
        ("机关运行经费支出198.48万元，比年初预算数减少12.38万元，降低5.87%。", ""),
        ("机关运行经费支出198.48万元，比年初预算数减少12.38万元，降低6.87%。", "narrative:change_against_budget"),
        // Full-width digits, 元 against 万元, a line broken inside a sentence.
        ("本年支出合计１０５５．７８万元，其中：基本支出9947700元，占94.22％。", ""),
        ("本年支出合计1055.78万元，其中：基本支出994.77万\n元，占9\n4.22%。", ""),
        // A percentage without its whole, a change without its base: unread, never an error.
        ("2020年度“三公”经费支出决算中，公务接待费8.34万元，占57.47%。", ""),
        ("公务接待费8.34万元，增加1.70万元。", ""),
    ];
    for (text, rule) in cases {
        let rules: Vec<String> = narrative_errors(text).into_iter().map(|e| e.0).collect();
        let want: Vec<String> = if rule.is_empty() { vec![] } else { vec![rule.to_string()] };
        assert_eq!(rules, want, "{text}");
    }
}

#[test]
fn a_planted_percentage_is_found_wherever_the_prose_states_one() {
    let text = kemu::report::EMBEDDED_REPORT;
    let report = import(text);
    let mut planted = 0;
    for claim in claims(&report) {
        let percent = match &claim.kind {
            ClaimKind::Share { percent, .. } | ClaimKind::Execution { percent, .. } => *percent,
            ClaimKind::Change { percent: Some(p), .. } => *p,
            _ => continue,
        };
        // The line that prints it: the sentence's first line or one after it.
        let printed = format!("{percent}%");
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = (claim.line - 1..lines.len()).find(|&i| lines[i].contains(&printed)) else { continue };
        let wrong = format!("{}%", percent + kemu::Decimal::new(300, 2));
        let changed: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == at { l.replacen(&printed, &wrong, 1) } else { l.to_string() } + "\n")
            .collect();
        let found = narrative_errors(&changed).iter().any(|e| e.1 == claim.line);
        assert!(found, "{printed} → {wrong} on line {} is found", at + 1);
        planted += 1;
    }
    assert!(planted >= 20, "{planted}");
}

#[test]
fn a_stated_total_against_its_table() {
    let changed = kemu::report::EMBEDDED_REPORT.replace("本年收入合计1013.91万元", "本年收入合计1031.91万元");
    let errors = narrative_errors(&changed);
    assert!(errors.contains(&(
        "narrative:table".to_string(),
        317,
        "本年收入合计".to_string(),
        "1031.91".to_string(),
        "1013.91".to_string()
    )));
    let changed = kemu::report::EMBEDDED_REPORT.replace("公务接待费支出决算为8.34万元", "公务接待费支出决算为8.43万元");
    assert!(narrative_errors(&changed).iter().any(|e| e.0 == "narrative:table" && e.1 == 383 && e.4 == "8.34"));
}

#[test]
fn a_narrative_explains_its_sections_and_its_empty_tables() {
    let warnings = |text: &str| -> Vec<(String, String)> {
        audit(text)
            .findings
            .into_iter()
            .filter(|f| f.table == "说明" && f.severity == Severity::Warning)
            .map(|f| (f.rule, f.row))
            .collect()
    };
    // The embedded report explains all four, and its empty 08 (无政府性基金收支) and 09 (国有资本
    // 经营预算支出情况：无).
    assert_eq!(warnings(kemu::report::EMBEDDED_REPORT), []);
    // Without its 政府采购 section, and without the prose that says why 08 is empty.
    let cut: String = kemu::report::EMBEDDED_REPORT
        .replace("政府采购", "采购")
        .lines()
        .filter(|l| l.contains('\t') || l.ends_with("收入支出决算表") || !l.contains("政府性基金"))
        .map(|l| format!("{l}\n"))
        .collect();
    let got = warnings(&cut);
    assert!(got.contains(&("narrative:section".into(), "政府采购".into())), "{got:?}");
    assert!(got.iter().any(|(rule, _)| rule == "narrative:empty_table"), "{got:?}");
    assert_eq!(got.len(), 2, "{got:?}");

    // A table of contents that says which tables are empty, and why (Xi'an's 报表目录), explains
    // it: by the table's number or by its title; 否 (not empty) explains nothing.
    let empty = |got: &[(String, String)]| got.iter().filter(|(rule, _)| rule == "narrative:empty_table").count();
    let contents = "报表目录\n报表\t报表名称\t是否空表\t表格为空的理由\n";
    for (rows, warned) in [
        ("表8\t政府性基金收支表\t是\t不涉及\n", 0),
        ("\t政府性基金预算财政拨款收入支出决算表\t是\t\n", 0),
        ("表8\t政府性基金预算财政拨款收入支出决算表\t否\t\n", 1),
        ("表9\t国有资本经营预算财政拨款支出决算表\t是\t不涉及\n", 1),
    ] {
        let listed = format!("{cut}{contents}{rows}");
        assert_eq!(empty(&warnings(&listed)), warned, "{rows}");
    }
}

/// Narrative errors of the reports beside the checkout: (folder, file, lines of its errors).
/// Every other report has none.
const PINS: &[(&str, &str, &[usize])] = &[
    ("reports", "hn-szb-2020-js.txt", &[385, 385, 553]),
    // real: 一、(二) states 支出预算11,380.57 = 基本支出6,015.67 + 项目支出5,364.9, while 公开表3
    // prints 11,174.30 = 5,839.90 + 5,334.40 (its own columns and table 11 agree with the table).
    ("corpus/renwu-2026", "r26-025-09.txt", &[596, 596]),
    // real: 三、支出预算 states 29956.27 万元，比 2025 年年初预算数 28479.84 万元增加 1476.73 万元, where
    // the figures differ by 1476.43 (二、收入预算 states the same two figures and 1476.43; both 5.18%).
    ("corpus/renwu-2026", "r26-002-12.txt", &[121]),
];

#[test]
fn every_shared_report_has_its_pinned_narrative_errors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    for folder in ["reports", "corpus/renwu-2026"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".txt") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut lines: Vec<usize> = kemu::report::documents(&text)
                .iter()
                .flat_map(|d| {
                    let a = kemu::report::audit_report(&d.import(), kemu::CatalogSet::embedded());
                    a.findings
                        .into_iter()
                        .filter(|f| f.table == "说明" && f.severity == Severity::Error)
                        .map(|f| f.line.unwrap_or(0))
                })
                .collect();
            lines.sort_unstable();
            let want = PINS.iter().find(|(f, n, _)| *f == folder && *n == name).map_or(&[][..], |p| p.2);
            assert_eq!(lines, want, "{folder}/{name}");
        }
    }
}

#[test]
fn a_table_without_a_unit_of_its_own_is_no_contradiction_in_another_unit() {
    // The 三公 table loses its 单位 line and the report's first table says 元: the 三公 table is
    // read in 元 by assumption, and its 8.34 agrees with the prose's 8.34 万元 in 万元.
    let lines: Vec<&str> = kemu::report::EMBEDDED_REPORT.lines().collect();
    let three_public = lines.iter().position(|l| l.contains("“三公”经费支出决算表") && !l.starts_with('-')).unwrap();
    let unit = three_public + lines[three_public..].iter().position(|l| l.starts_with("单位：")).unwrap();
    let first = lines.iter().position(|l| l.starts_with("单位：万元")).unwrap();
    let text: String = lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != unit)
        .map(|(i, l)| if i == first { "单位：元\n".to_string() } else { format!("{l}\n") })
        .collect();
    let report = import(&text);
    let table = report.tables.iter().find(|t| t.kind == kemu::report::TableKind::ThreePublic).unwrap();
    assert_eq!((table.unit, report.unit), (None, Some(kemu::Unit::Yuan)));
    let at_reception =
        |e: &(String, usize, String, String, String)| e.0 == "narrative:table" && e.2.contains("公务接待费");
    assert!(!narrative_errors(&text).iter().any(at_reception), "{:?}", narrative_errors(&text));
    // A figure that agrees in no unit is still a contradiction.
    let wrong = text.replace("公务接待费支出决算为8.34万元", "公务接待费支出决算为8.43万元");
    assert!(narrative_errors(&wrong).iter().any(at_reception), "{:?}", narrative_errors(&wrong));
}

#[test]
fn the_prose_is_not_compared_with_a_table_whose_blank_cells_were_dropped() {
    // Every blank cell dropped, header rows' too: no table keeps a blank between printed cells,
    // so tables whose rows differ in length cannot be read column by column.
    let dropped: String = kemu::report::EMBEDDED_REPORT
        .lines()
        .map(|l| l.split('\t').filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\t") + "\n")
        .collect();
    let report = import(&dropped);
    let three_public = report.tables.iter().find(|t| t.kind == kemu::report::TableKind::ThreePublic).unwrap();
    assert!(three_public.doubts.iter().any(|d| matches!(d, kemu::report::Doubt::BlanksDropped { .. })));
    // The prose's own arithmetic is still checked; no figure is compared with such a table.
    let rules: Vec<String> = narrative_errors(&dropped).into_iter().map(|e| e.0).collect();
    let before: Vec<String> = narrative_errors(kemu::report::EMBEDDED_REPORT)
        .into_iter()
        .map(|e| e.0)
        .filter(|r| r != "narrative:table")
        .collect();
    assert_eq!(rules, before);
    let audit = audit(&dropped);
    let table = format!("表{}", three_public.table.id);
    let said = |f: &kemu::balance::Finding| f.rule == "narrative:uncertain" && f.severity == Severity::Info;
    assert!(audit.findings.iter().any(|f| said(f) && f.message.contains(&table)), "{audit}");
    // Nor is a name said to stand before its code where the blank cells around it are gone.
    assert!(!audit.findings.iter().any(|f| f.rule == "import" && f.severity == Severity::Warning), "{audit}");
}

/// The prose cut into lines of `width` characters, as an extractor reading a narrower page would
/// print it (table rows and page marks as they are).
fn rewrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        if line.contains('\t') || line.starts_with("===") || chars.len() <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        for piece in chars.chunks(width) {
            out.extend(piece);
            out.push('\n');
        }
    }
    out
}

#[test]
fn prose_cut_into_other_lines_claims_no_new_error() {
    // Headings cut inside a figure (`（二）公务用车购置及运行费20.1` | `0万元…`) or inside their
    // clause (`费24.00万元，比2025年预算增加` | `10.00万元…`) run on into the next line.
    let shared = ["r26-001-01.txt", "r26-001-14.txt", "r26-020-01.txt", "r26-025-10.txt", "r26-025-16.txt"];
    let mut texts = vec![("embedded".to_string(), kemu::report::EMBEDDED_REPORT.to_string())];
    for file in shared {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/renwu-2026").join(file);
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((file.to_string(), text)),
            Err(_) if std::env::var_os("CI").is_none() => {}
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    for (name, text) in &texts {
        let before: Vec<String> = narrative_errors(text).into_iter().map(|e| e.0).collect();
        for width in [23, 29, 37] {
            let after: Vec<String> = narrative_errors(&rewrapped(text, width)).into_iter().map(|e| e.0).collect();
            assert!(after.len() <= before.len(), "{name}, width {width}: {after:?}, before {before:?}");
        }
    }
}

#[test]
fn an_outline_of_headings_is_an_enumeration_where_its_parts_are_known() {
    // A budget's 说明 without its tables (Beijing's layout): the sources listed one heading each.
    let prose = |general: &str, project: &str| {
        format!(
            "2026年部门预算情况说明\n二、收入预算情况说明\n（一）本年财政拨款收入 1378967.75 万元\n\
             1.一般公共预算拨款收入 {general} 万元。\n2.政府性基金预算拨款收入 10365.00 万元。\n\
             3.国有资本经营预算拨款收入 0.00 万元。\n（二）本年其他资金收入 900.00 万元\n\
             4.财政专户管理资金收入 0.00 万元。\n5.事业收入 0.00 万元。\n6.上级补助收入 0.00 万元。\n\
             7.附属单位上缴收入 0.00 万元。\n8.事业单位经营收入 900.00 万元。\n9.其他收入 0.00 万元。\n\
             三、支出预算情况说明\n（二）项目支出。项目支出预算 1303674.00 万元。\n\
             1.道路养护项目 {project} 万元。\n2.轨道交通运营补贴 3000.00 万元。\n"
        )
    };
    let right = prose("1368602.75", "1000.00");
    let outlined = claims(&import(&right))
        .into_iter()
        .filter_map(|c| match c.kind {
            ClaimKind::Parts { whole, parts } => Some((whole.value.to_string(), parts.len())),
            _ => None,
        })
        .collect::<Vec<_>>();
    // 财政拨款 = its three kinds, 其他资金 = its six sources; the projects are not all of 项目支出.
    assert_eq!(outlined, [("1378967.75".to_string(), 3), ("900.00".to_string(), 6)]);
    assert_eq!(narrative_errors(&right), []);
    let wrong = narrative_errors(&prose("1368602.57", "1000.00"));
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert_eq!((wrong[0].0.as_str(), wrong[0].1), ("narrative:parts", 3), "{wrong:?}");
    // Parts that are not known to be all of their whole are no enumeration to check.
    assert_eq!(narrative_errors(&prose("1368602.75", "9.00")), []);
}

#[test]
fn a_change_against_an_earlier_years_figure_stated_beside_it() {
    // Beijing's 说明: the section names the figure, the sentence the year it is compared with.
    let text = |delta: &str, percent: &str| {
        format!(
            "2026年部门预算\n二、收入预算情况说明\n2026 年度收入预算 100.00 万元，比 2025 年年初预算数 90.00 万元增加 {delta} 万元，增长 {percent}%。\n"
        )
    };
    // Each change as (its figure, the earlier figure, that one's year).
    let changes: Vec<String> = claims(&import(&text("10.00", "11.11")))
        .into_iter()
        .filter_map(|c| match c.kind {
            ClaimKind::Change { of, before, .. } => {
                Some(format!("{} {:?}", of.value, before.map(|b| (b.value, b.subject.year))))
            }
            _ => None,
        })
        .collect();
    assert_eq!(changes, ["100.00 Some((90.00, Some(2025)))"]);
    assert_eq!(narrative_errors(&text("10.00", "11.11")), []);
    let wrong = narrative_errors(&text("10.30", "11.11"));
    assert_eq!(wrong.iter().map(|e| (e.0.as_str(), e.1)).collect::<Vec<_>>(), [("narrative:change", 3)], "{wrong:?}");
    let percent = narrative_errors(&text("10.00", "12.11"));
    assert_eq!(
        percent.iter().map(|e| (e.0.as_str(), e.1)).collect::<Vec<_>>(),
        [("narrative:change", 3)],
        "{percent:?}"
    );
}
