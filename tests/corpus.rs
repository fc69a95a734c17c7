//! Every real report beside the checkout (`../shared/reports` and `../shared/corpus/renwu-2026`)
//! imports without a panic, with every line counted, and audits to pinned figures: tables
//! recognized, identities checked, errors. Each error is explained beside its pin: `real` when
//! the text shows the document says so, `reading` or `unconfirmed` when it is still kemu's (open).

use kemu::Severity;
use kemu::report::{ImportIssueKind, audit, import};
use std::path::PathBuf;

/// (folder under ../shared, file, tables, identities checked, errors)
const PINS: &[(&str, &str, usize, usize, usize)] = &[
    // real: the known errors of the embedded report (tests/audit.rs pins each)
    ("reports", "hn-szb-2020-js.txt", 9, 251, 7),
    ("reports", "js-rendaban-2019-ys.txt", 12, 38, 0),
    ("reports", "js-zhengxieban-2019-ys.txt", 12, 37, 0),
    ("reports", "sh-putuo-shgzb-2024-js.txt", 9, 297, 0),
    ("reports", "sh-putuo-swj-2025-ys-dept.txt", 9, 336, 0),
    // real: a 绩效目标填报表 prints 年度资金申请总额 10,903,043.00 over 其中：当年财政拨款 11,419,043.00
    ("reports", "sh-putuo-wanli-jd-2023-ys.txt", 9, 652, 1),
    ("reports", "sh-putuo-zfb-2025-ys-dept.txt", 9, 230, 0),
    ("corpus/renwu-2026", "r26-001-01.txt", 9, 226, 0),
    ("corpus/renwu-2026", "r26-001-02.txt", 9, 208, 0),
    ("corpus/renwu-2026", "r26-001-03.txt", 9, 213, 0),
    ("corpus/renwu-2026", "r26-001-04.txt", 9, 260, 0),
    ("corpus/renwu-2026", "r26-001-05.txt", 9, 196, 0),
    ("corpus/renwu-2026", "r26-001-06.txt", 9, 212, 0),
    ("corpus/renwu-2026", "r26-001-07.txt", 9, 203, 0),
    ("corpus/renwu-2026", "r26-001-08.txt", 9, 57, 0),
    ("corpus/renwu-2026", "r26-001-09.txt", 9, 234, 0),
    ("corpus/renwu-2026", "r26-001-10.txt", 11, 152, 0),
    ("corpus/renwu-2026", "r26-001-11.txt", 9, 206, 0),
    // real as extracted: 01 prints 收入总计 blank beside 支出总计 195,774,300 (every other Shanghai 2026 report of this template prints both); the PDF is not in ../shared to rule out a lost cell
    ("corpus/renwu-2026", "r26-001-12.txt", 9, 264, 1),
    ("corpus/renwu-2026", "r26-001-13.txt", 9, 114, 0),
    ("corpus/renwu-2026", "r26-001-14.txt", 9, 222, 0),
    ("corpus/renwu-2026", "r26-001-15.txt", 9, 223, 0),
    ("corpus/renwu-2026", "r26-001-16.txt", 9, 57, 0),
    ("corpus/renwu-2026", "r26-001-17.txt", 9, 219, 0),
    ("corpus/renwu-2026", "r26-001-18.txt", 9, 244, 0),
    ("corpus/renwu-2026", "r26-001-19.txt", 9, 67, 0),
    ("corpus/renwu-2026", "r26-001-20.txt", 9, 223, 0),
    ("corpus/renwu-2026", "r26-001-21.txt", 9, 207, 0),
    ("corpus/renwu-2026", "r26-001-22.txt", 9, 232, 0),
    ("corpus/renwu-2026", "r26-001-23.txt", 9, 259, 0),
    ("corpus/renwu-2026", "r26-001-24.txt", 9, 222, 0),
    ("corpus/renwu-2026", "r26-001-25.txt", 9, 195, 0),
    ("corpus/renwu-2026", "r26-002-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-03.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-04.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-05.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-06.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-07.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-08.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-09.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-10.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-11.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-12.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-13.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-14.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-15.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-16.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-17.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-18.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-19.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-20.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-21.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-22.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-23.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-24.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-25.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-26.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-27.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-002-28.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-004-02.txt", 9, 454, 0),
    ("corpus/renwu-2026", "r26-004-05.txt", 9, 541, 0),
    ("corpus/renwu-2026", "r26-004-07.txt", 9, 604, 0),
    ("corpus/renwu-2026", "r26-004-10.txt", 9, 381, 0),
    ("corpus/renwu-2026", "r26-004-11.txt", 9, 655, 0),
    ("corpus/renwu-2026", "r26-004-12.txt", 9, 594, 0),
    ("corpus/renwu-2026", "r26-004-13.txt", 9, 748, 0),
    ("corpus/renwu-2026", "r26-004-15.txt", 9, 704, 0),
    ("corpus/renwu-2026", "r26-011-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-018-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-018-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-020-01.txt", 13, 314, 0),
    ("corpus/renwu-2026", "r26-020-02.txt", 13, 305, 0),
    ("corpus/renwu-2026", "r26-020-03.txt", 13, 449, 0),
    ("corpus/renwu-2026", "r26-020-04.txt", 13, 451, 0),
    ("corpus/renwu-2026", "r26-020-05.txt", 13, 292, 0),
    ("corpus/renwu-2026", "r26-020-07.txt", 13, 526, 0),
    ("corpus/renwu-2026", "r26-020-08.txt", 13, 627, 0),
    // real: 02 and 03 print 合计 182,157.13 = 181,716.56 + 上年结转 90.57 + 其他收入 350, but units 242001,
    // 242005 and 242010 print their 合计 without their 上年结转 (24,417.66 beside 24,417.66 + 60.37;
    // 356.49 beside 3.82; 1,103.37 beside 26.38), while 242013's 990.41 = 640.41 + 350 includes its 其他收入
    ("corpus/renwu-2026", "r26-020-09.txt", 13, 439, 6),
    ("corpus/renwu-2026", "r26-020-10.txt", 13, 768, 0),
    ("corpus/renwu-2026", "r26-020-11.txt", 13, 369, 0),
    // real, all in its 绩效自评表: ten 执行率 printed 1000% over equal 全年预算数 and 全年执行数, three
    // 总分 of 100 over 分值 that sum to 95, two 年度资金总额 over parts that sum otherwise (423 beside
    // 3,681.5; 2,500 beside 1,072)
    ("corpus/renwu-2026", "r26-020-12.txt", 9, 1243, 15),
    ("corpus/renwu-2026", "r26-020-13.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-020-14.txt", 13, 533, 0),
    ("corpus/renwu-2026", "r26-020-15.txt", 13, 206, 0),
    ("corpus/renwu-2026", "r26-020-16.txt", 13, 308, 0),
    // 08, 10 and 04 run over pages whose first row is printed without cell breaks after its 序号
    // and whose other rows one cell a column: read on past it.
    ("corpus/renwu-2026", "r26-020-17.txt", 13, 372, 0),
    ("corpus/renwu-2026", "r26-020-18.txt", 14, 690, 0),
    ("corpus/renwu-2026", "r26-020-19.txt", 13, 294, 0),
    ("corpus/renwu-2026", "r26-020-21.txt", 13, 395, 0),
    ("corpus/renwu-2026", "r26-020-22.txt", 13, 251, 0),
    ("corpus/renwu-2026", "r26-020-24.txt", 13, 1498, 0),
    // real as extracted: 01 prints 17、金融支出 8916000 and 5、教育支出 29440, where 04 prints
    // 89160000.00 and 05 294400: its 类 sum to 856138924.33 beside 本年支出合计 936647884.33. Two
    // figures a trailing digit short; the PDF is not in ../shared to rule out a digit lost in
    // extraction
    ("corpus/renwu-2026", "r26-020-25.txt", 13, 490, 1),
    // real: a 专项业务经费绩效目标表 prints 实施期资金总额 337770.89万元 over 其中：财政拨款 337700.89万元
    // and a blank 其他资金 (line 1736)
    ("corpus/renwu-2026", "r26-020-26.txt", 13, 837, 1),
    ("corpus/renwu-2026", "r26-021-01.txt", 10, 51, 0),
    ("corpus/renwu-2026", "r26-021-02.txt", 10, 71, 0),
    ("corpus/renwu-2026", "r26-021-03.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-021-05.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-021-09.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-025-01.txt", 12, 838, 0),
    ("corpus/renwu-2026", "r26-025-02.txt", 12, 816, 0),
    ("corpus/renwu-2026", "r26-025-03.txt", 12, 551, 0),
    ("corpus/renwu-2026", "r26-025-04.txt", 12, 1002, 0),
    // real: 20140 信访事务 1,378.84 prints 项 rows 2014001 507.97 and 2014050 346.87 only; its 项目支出 524.00 (71.89 in 12) has no 项 row, in 02, 03, 05 and 12 alike
    ("corpus/renwu-2026", "r26-025-05.txt", 12, 535, 10),
    ("corpus/renwu-2026", "r26-025-07.txt", 12, 691, 0),
    // real: 04 prints 一般公共预算 11,252.57 (本年收入合计 11,376.57) while 01 (本年收入合计 11,174.30), 02 (一般公共预算 11,046.30) and 05 (合计 11,046.30) agree with each other; 04's class figures exceed 05's and 01's in every 类
    ("corpus/renwu-2026", "r26-025-09.txt", 12, 796, 6),
    ("corpus/renwu-2026", "r26-025-10.txt", 12, 752, 0),
    ("corpus/renwu-2026", "r26-025-11.txt", 12, 802, 0),
    ("corpus/renwu-2026", "r26-025-12.txt", 12, 562, 0),
    ("corpus/renwu-2026", "r26-025-14.txt", 12, 634, 0),
    ("corpus/renwu-2026", "r26-025-15.txt", 12, 779, 0),
    ("corpus/renwu-2026", "r26-025-16.txt", 12, 807, 0),
    ("corpus/renwu-2026", "r26-025-17.txt", 12, 682, 0),
    ("corpus/renwu-2026", "r26-025-18.txt", 12, 894, 0),
    ("corpus/renwu-2026", "r26-025-19.txt", 12, 757, 0),
    // real: 10 (基本支出预算情况表, rows keyed by 部门 and 政府 code) prints 30211 差旅费 beside 50502
    // with 合计 4.50, 财政拨款/小计 4.50, 一般公共预算 5.50; its 类 302 sums to 116.37 with 4.50, and
    // 06 prints the same row 4.50: the one correction, 5.50 → 4.50
    ("corpus/renwu-2026", "r26-025-20.txt", 12, 785, 2),
    ("corpus/renwu-2026", "r26-025-21.txt", 12, 672, 0),
    ("corpus/renwu-2026", "r26-025-23.txt", 12, 737, 0),
    ("corpus/renwu-2026", "r26-025-24.txt", 12, 547, 0),
    ("corpus/renwu-2026", "r26-025-25.txt", 12, 802, 0),
    ("corpus/renwu-2026", "r26-025-26.txt", 12, 558, 0),
    ("corpus/renwu-2026", "r26-032-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-036-01.txt", 0, 0, 0),
    // real: 03 prints 小计 0.00 for 2014002 (项目支出 458.00) and 2014099 (16.56), while 06 prints 458.00 and 16.56 in the same rows; 20140 小计 1,378.41 then exceeds its 项 rows
    // real: 03's 20140 信访事务 1378.41 prints one 项 row, 2014001 行政运行 903.85 (its 项目支出
    // 474.56 has none), in three columns; 06's 类 301 911.21 and 302 211.00 (as 03, 05 and the
    // prose print them) beside their 款 rows summing to 920.96 and 221.37, in three columns each
    // (06 prints 30208 twice, the second for 物业管理费: read as 30209)
    ("corpus/renwu-2026", "r26-040-01.txt", 10, 357, 9),
    ("corpus/renwu-2026", "r26-040-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-040-03.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-041-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-041-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-048-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-048-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-048-03.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-073-01.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-076-01.txt", 0, 0, 0),
    // Zhuhai prints each code in brackets before its name (`[2011301]行政运行`).
    ("corpus/renwu-2026", "r26-077-01.txt", 12, 301, 0),
    ("corpus/renwu-2026", "r26-077-02.txt", 0, 0, 0),
    ("corpus/renwu-2026", "r26-087-01.txt", 0, 0, 0),
];

fn read(folder: &str, file: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(folder).join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: {} is not beside the checkout", path.display());
            None
        }
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[test]
fn every_shared_report_is_pinned() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    for folder in ["reports", "corpus/renwu-2026"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                assert!(PINS.iter().any(|(f, n, ..)| *f == folder && *n == name), "{folder}/{name} has no pin");
            }
        }
    }
}

#[test]
fn every_shared_report_audits_to_its_pins() {
    let (mut placed, mut lost) = (0usize, 0usize);
    for &(folder, file, tables, identities, errors) in PINS {
        let Some(text) = read(folder, file) else { continue };
        let report = import(&text);
        let l = report.lines;
        assert_eq!(l.total, text.lines().count(), "{file}");
        assert_eq!(
            l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
            l.total,
            "{file}: every line counted"
        );
        placed += l.data_rows;
        lost += l.rejected_rows
            + report
                .issues
                .iter()
                .map(|i| match i.kind {
                    ImportIssueKind::RowsOutsideTables { rows, .. } => rows,
                    _ => 0,
                })
                .sum::<usize>();
        let a = audit(&text);
        // The tables' errors; the narrative's are pinned in tests/narrative.rs.
        let table_errors = a.findings.iter().filter(|f| f.severity == Severity::Error && f.table != "说明").count();
        let got = (a.tables.len(), a.identities_checked, table_errors);
        assert_eq!(got, (tables, identities, errors), "{file}: {a}");
        if a.tables.iter().all(|t| t.rows == 0) {
            assert!(a.findings.iter().any(|f| f.rule == "no_tables"), "{file}: a report without tables says so");
        }
    }
    // Rows with figures that were read into a table, against those left unread (rows outside any
    // recognized table, rows whose figures could not be placed).
    if placed > 0 {
        let share = placed as f64 / (placed + lost) as f64;
        assert!(share >= 0.95, "{placed} rows read, {lost} not: {share:.3}");
    }
}

/// A rewrite: what it does, and the text it makes.
type Rewrite = (&'static str, fn(&str) -> String);

/// Rewrites after which kemu cannot read every table it read before, and says so: a group label
/// printed over the middle of its columns leaves what each column is unknown.
/// A table printed in column blocks is read as one only where it is certain (its blocks' rows
/// alike, one for one); the others are set aside.
/// A row printed without its cell breaks is lost, and with it every roll-up it may be part of.
/// A column of row numbers under no header, in a table of two rows, may be a column of figures.
/// A table's next page numbered apart is read as another table, and the first page set aside.
const LOSE_THE_READING: &[&str] = &[
    "every table title numbered 表N, a number for each title printed another way",
    "group labels printed over the middle of their columns",
    "wide coded tables printed as two column blocks",
    "the first row with figures on each page printed without cell breaks",
    "a column numbering the rows before every table, its header cell lost",
    "the last two figures of every row printed in one cell, parted by a space",
    // A row of one cell a column that fits no placement among spread rows is not read.
    "every other page's rows spread two positions a column",
    "every other page's rows spread three positions a column, their trailing empty cells dropped",
    // A table with rows shorter than its others, in a text no row of which starts with an empty
    // cell, is set aside: a short row may have lost leading cells as well as trailing ones.
    "every line's leading tabs trimmed",
];

/// Rewrites of a report that another extractor might have produced without changing a figure:
/// trailing empty cells dropped, zeros printed blank, short lines letter-spaced, page marks gone,
/// thousands separators gone, every blank cell dropped (header rows' too), page numbers printed
/// in another style, codes printed with their parts spaced apart, every long table broken by a
/// page with its header printed again, an empty cell before every row, group labels printed over
/// the middle of their columns, each table's first title prefixed by the unit's name, every wide
/// coded table printed as two column blocks, long header words wrapped onto a row of their own,
/// header cells letter-spaced, the unit lines dropped, a column numbering the rows before every
/// table (its header cell lost), every cell of three, five or seven digits marked as text with
/// an apostrophe, negatives printed in brackets, the digits of table rows printed full-width, the first row with
/// figures on each page printed with spaces for its cell breaks, zeros printed as a dash, a blank
/// line after every table row, negatives printed with a minus sign (−), each table's total row
/// printed last, every table title numbered 表N (a number for each title printed another way),
/// every long table title wrapped at its middle onto a second line, the last
/// character of long names wrapped into the figure's cell after them,
/// long names wrapped onto a line of their own below their row, the last two figures of every
/// row printed in one cell parted by a space, a running head on every page (the report's first
/// line), a running foot on every page with the page's number, each table's number line
/// (`表5`, `单位预算01表`) printed below its title instead of above, the unit printed in brackets
/// after each title (`…总表（单位：万元）`) instead of on the line below, or after it on its line
/// (`…总表  单位：万元`), each code printed in one cell with its name (`2010301 行政运行`), or in
/// brackets before it (`[2010301]行政运行`), every full-width colon printed as an ASCII one, every
/// other page's rows spread two positions a column (an extractor that splits merged cells on
/// some pages), or three with their trailing empty cells dropped, or every page's two with them
/// dropped, every other page's rows printed after an empty cell (an extractor that finds one
/// column more at the left of some pages), the odd pages' or the even ones', every line's
/// leading tabs trimmed (a row's leading empty cells with them).
fn rewrites() -> [Rewrite; 44] {
    fn lines(text: &str, mut f: impl FnMut(&str) -> String) -> String {
        text.lines().map(|l| f(l) + "\n").collect()
    }
    fn cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }
    // The table rows of the pages `spread_page` picks, each cell spread over `k` positions (the
    // empty ones after it), the row's trailing empty cells kept or dropped.
    fn spread(text: &str, k: usize, keep_trailing: bool, spread_page: fn(usize) -> bool) -> String {
        let mut page = 0;
        lines(text, |l| {
            if l.starts_with("=== 第") && l.ends_with("页 ===") {
                page += 1;
            }
            if !spread_page(page) || !l.contains('\t') {
                return l.to_string();
            }
            let cells: Vec<&str> = l.split('\t').collect();
            let kept = if keep_trailing {
                cells.len()
            } else {
                cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)
            };
            let gap = "\t".repeat(k);
            let trail = if keep_trailing { "\t".repeat(k - 1) } else { String::new() };
            cells[..kept].join(&gap) + &trail
        })
    }
    // A row's code and the name after it (a classification's code, a name of words alone), joined
    // as `join` prints them.
    fn joined_codes(text: &str, join: fn(&str, &str) -> String) -> String {
        lines(text, |l| {
            let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
            let code = |c: &str| {
                [3, 5, 7].contains(&c.len()) && c.starts_with(['2', '3', '5']) && kemu::Code::parse(c).is_ok()
            };
            let name = |c: &str| c.chars().next().is_some_and(cjk) && !c.chars().any(|c| c.is_ascii_digit());
            if let Some(at) =
                (0..cells.len().saturating_sub(1)).find(|&i| code(cells[i].trim()) && name(cells[i + 1].trim()))
            {
                let merged = join(cells[at].trim(), cells[at + 1].trim());
                cells.splice(at..at + 2, [merged]);
            }
            cells.join("\t")
        })
    }
    [
        ("trailing empty cells dropped", |t| lines(t, |l| l.trim_end_matches('\t').to_string())),
        ("zeros printed blank", |t| {
            lines(t, |l| l.split('\t').map(|c| if c.trim() == "0.00" { "" } else { c }).collect::<Vec<_>>().join("\t"))
        }),
        ("short lines letter-spaced", |t| {
            lines(t, |l| {
                if l.contains('\t') || l.chars().count() > 25 {
                    return l.to_string();
                }
                let chars: Vec<char> = l.chars().collect();
                let mut out = String::new();
                for (i, &c) in chars.iter().enumerate() {
                    out.push(c);
                    if cjk(c) && chars.get(i + 1).copied().is_some_and(cjk) {
                        out.push(' ');
                    }
                }
                out
            })
        }),
        ("page marks dropped", |t| lines(t, |l| if l.starts_with("=== 第") { String::new() } else { l.to_string() })),
        ("thousands separators dropped", |t| {
            lines(t, |l| {
                let chars: Vec<char> = l.chars().collect();
                let separator = |i: usize| {
                    chars[i] == ','
                        && i > 0
                        && chars[i - 1].is_ascii_digit()
                        && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
                };
                (0..chars.len()).filter(|&i| !separator(i)).map(|i| chars[i]).collect()
            })
        }),
        ("page numbers printed －N－ and ·N·", |t| {
            lines(t, |l| {
                let digits = l.trim_matches(|c: char| " -—".contains(c));
                let page = !digits.is_empty() && digits.len() < l.len() && digits.bytes().all(|b| b.is_ascii_digit());
                match (page, digits.len() % 2) {
                    (false, _) => l.to_string(),
                    (true, 0) => format!("－{digits}－"),
                    (true, _) => format!("·{digits}·"),
                }
            })
        }),
        ("codes printed 201 03 01", |t| {
            lines(t, |l| {
                let spaced = |c: &str| {
                    let code = [5, 7].contains(&c.len())
                        && c.bytes().all(|b| b.is_ascii_digit())
                        && c.starts_with(['2', '3', '5']);
                    if !code {
                        return c.to_string();
                    }
                    let parts: Vec<&str> =
                        [&c[..3], &c[3..5], c.get(5..).unwrap_or("")].into_iter().filter(|p| !p.is_empty()).collect();
                    parts.join(" ")
                };
                if l.contains('\t') { l.split('\t').map(spaced).collect::<Vec<_>>().join("\t") } else { l.to_string() }
            })
        }),
        ("a page break in every long table, its header printed again", |t| {
            let mut out = String::new();
            for run in table_runs(t) {
                let (start, rows) = run;
                for (k, row) in rows.iter().enumerate() {
                    if start.is_some() && rows.len() >= 16 && k == rows.len() / 2 {
                        out.push_str("=== 第999页 ===\n");
                        for header in rows.iter().take(3).take_while(|r| !r.split('\t').any(is_figure)) {
                            out.push_str(header);
                            out.push('\n');
                        }
                    }
                    out.push_str(row);
                    out.push('\n');
                }
            }
            out
        }),
        ("each table's first title prefixed by the unit's name", |t| {
            let titles: Vec<usize> = import(t).tables.iter().map(|table| table.line).collect();
            let line = |(i, l): (usize, &str)| {
                // (An overstruck title, `表表表`, stays as printed: no extractor prefixes it.)
                let chars: Vec<char> = l.chars().collect();
                let overstruck = chars.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
                let title = titles.contains(&(i + 1)) && !l.contains('\t') && !overstruck;
                if title { format!("某某市某某局（本级）{}\n", l.trim()) } else { format!("{l}\n") }
            };
            t.lines().enumerate().map(line).collect()
        }),
        ("wide coded tables printed as two column blocks", |t| {
            let mut out = String::new();
            for (start, rows) in table_runs(t) {
                let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.split('\t').collect()).collect();
                let width = cells.iter().map(Vec::len).max().unwrap_or(0);
                // The label columns: the leading positions where no row prints an amount.
                let amount = |c: &str| is_figure(c) && c.contains('.');
                let labels =
                    (0..width).take_while(|&p| !cells.iter().any(|r| r.get(p).is_some_and(|c| amount(c)))).count();
                let coded = cells.iter().any(|r| r[0].len() == 3 && is_figure(r[0]));
                if start.is_none() || !coded || labels == 0 || width < labels + 5 || cells.len() < 4 {
                    rows.iter().for_each(|r| out.push_str(&format!("{r}\n")));
                    continue;
                }
                let middle = labels + (width - labels) / 2;
                let padded = |r: &Vec<&str>, n: usize| -> String {
                    r.iter().copied().chain(std::iter::repeat("")).take(n).collect::<Vec<_>>().join("\t")
                };
                cells.iter().for_each(|r| out.push_str(&format!("{}\n", padded(r, middle))));
                out.push_str("=== 第998页 ===\n");
                for r in &cells {
                    let right: Vec<&str> = r.iter().skip(middle).copied().collect();
                    out.push_str(&format!("{}\t{}\n", padded(r, labels), right.join("\t")));
                }
            }
            out
        }),
        ("an empty cell before every row", |t| {
            lines(t, |l| if l.contains('\t') { format!("\t{l}") } else { l.to_string() })
        }),
        ("group labels printed over the middle of their columns", |t| {
            let mut out = String::new();
            for (start, rows) in table_runs(t) {
                let mut cells: Vec<Vec<&str>> = rows.iter().map(|r| r.split('\t').collect()).collect();
                let headers = if start.is_some() {
                    cells.iter().take(4).take_while(|r| !r.iter().any(|c| is_figure(c))).count()
                } else {
                    0
                };
                for h in 0..headers.saturating_sub(1) {
                    let below = cells[h + 1].clone();
                    if below.iter().any(|c| c.contains("栏次") || c.contains("行次") || c.trim().parse::<u32>().is_ok())
                    {
                        continue;
                    }
                    let row = &mut cells[h];
                    let mut p = 0;
                    while p < row.len() {
                        let end = (p + 1..row.len()).find(|&q| !row[q].trim().is_empty()).unwrap_or(row.len());
                        let named = (p..end).all(|q| below.get(q).is_some_and(|b| !b.trim().is_empty()));
                        if !row[p].trim().is_empty() && end - p >= 3 && named {
                            row.swap(p, p + (end - p) / 2);
                        }
                        p = end;
                    }
                }
                for row in cells {
                    out.push_str(&row.join("\t"));
                    out.push('\n');
                }
            }
            out
        }),
        ("long header words wrapped onto a row of their own", |t| {
            // An extractor that splits a multi-line cell: a header row's words of six characters or
            // more keep their first half, the second half on a row of its own below.
            header_rows(t, |row, cells| {
                let long = |c: &str| c.chars().count() >= 6 && c.chars().all(cjk);
                if !cells.iter().any(|c| long(c)) {
                    return row.to_string();
                }
                let half = |c: &str, second: bool| -> String {
                    let n = c.chars().count().div_ceil(2);
                    match (long(c), second) {
                        (false, false) => c.to_string(),
                        (false, true) => String::new(),
                        (true, false) => c.chars().take(n).collect(),
                        (true, true) => c.chars().skip(n).collect(),
                    }
                };
                let halves = |second| cells.iter().map(|c| half(c, second)).collect::<Vec<_>>().join("\t");
                format!("{}\n{}", halves(false), halves(true))
            })
        }),
        ("header cells letter-spaced", |t| {
            header_rows(t, |_, cells| {
                let spaced = |c: &&str| {
                    if c.chars().nth(1).is_some() && c.chars().all(cjk) {
                        c.chars().map(String::from).collect::<Vec<_>>().join(" ")
                    } else {
                        c.to_string()
                    }
                };
                cells.iter().map(spaced).collect::<Vec<_>>().join("\t")
            })
        }),
        ("the unit lines dropped", |t| {
            lines(t, |l| {
                let unit = ["单位：万元", "单位：元", "金额单位：万元", "金额单位：元", "单位:万元", "单位:元"];
                if !l.contains('\t') && unit.contains(&l.trim()) { String::new() } else { l.to_string() }
            })
        }),
        ("a column numbering the rows before every table, its header cell lost", |t| {
            let mut out = String::new();
            for (start, rows) in table_runs(t) {
                let (mut in_header, mut number) = (start.is_some(), 0);
                for row in rows {
                    let cells: Vec<&str> = row.split('\t').collect();
                    let figures = cells.iter().any(|c| is_figure(c));
                    // A title or a unit printed as a row is no row of the table.
                    if start.is_none() || !figures && cells.iter().filter(|c| !c.trim().is_empty()).count() <= 1 {
                        out.push_str(&format!("{row}\n"));
                        continue;
                    }
                    in_header &= !figures;
                    let first = if in_header {
                        String::new()
                    } else {
                        number += 1;
                        number.to_string()
                    };
                    out.push_str(&format!("{first}\t{row}\n"));
                }
            }
            out
        }),
        ("every cell of three, five or seven digits marked as text with an apostrophe", |t| {
            lines(t, |l| {
                if !l.contains('\t') {
                    return l.to_string();
                }
                let marked = |c: &str| {
                    let digits = c.trim();
                    let code = [3, 5, 7].contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
                    if code { format!("'{digits}") } else { c.to_string() }
                };
                l.split('\t').map(marked).collect::<Vec<_>>().join("\t")
            })
        }),
        ("negatives printed in brackets", |t| {
            lines(t, |l| {
                let bracketed = |c: &str| match c.trim().strip_prefix('-') {
                    Some(figure) if figure.parse::<f64>().is_ok() => format!("({figure})"),
                    _ => c.to_string(),
                };
                if l.contains('\t') {
                    l.split('\t').map(bracketed).collect::<Vec<_>>().join("\t")
                } else {
                    l.to_string()
                }
            })
        }),
        ("the digits of table rows printed full-width", |t| {
            let full_width = |c: char| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                '.' => '．',
                c => c,
            };
            lines(t, |l| if l.contains('\t') { l.chars().map(full_width).collect() } else { l.to_string() })
        }),
        ("the first row with figures on each page printed without cell breaks", |t| {
            let mut after_mark = false;
            lines(t, |l| {
                after_mark |= l.starts_with("=== 第");
                if !after_mark || !l.contains('\t') || !l.split('\t').any(is_figure) {
                    return l.to_string();
                }
                after_mark = false;
                l.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ")
            })
        }),
        ("zeros printed as a dash", |t| {
            lines(t, |l| {
                let cells = l.split('\t').map(|c| if matches!(c.trim(), "0.00" | "0") { "-" } else { c });
                if l.contains('\t') { cells.collect::<Vec<_>>().join("\t") } else { l.to_string() }
            })
        }),
        ("a blank line after every table row", |t| {
            lines(t, |l| if l.contains('\t') { format!("{l}\n") } else { l.to_string() })
        }),
        ("negatives printed with a minus sign (−)", |t| {
            lines(t, |l| {
                let minus = |c: &str| match c.trim().strip_prefix('-') {
                    Some(figure) if figure.parse::<f64>().is_ok() => format!("−{figure}"),
                    _ => c.to_string(),
                };
                if l.contains('\t') { l.split('\t').map(minus).collect::<Vec<_>>().join("\t") } else { l.to_string() }
            })
        }),
        ("the total row printed last", |t| {
            let mut out = String::new();
            for (start, rows) in table_runs(t) {
                let total = |r: &&str| r.split('\t').any(|c| matches!(c.trim(), "合计" | "合 计" | "总计"));
                let at = rows.iter().position(|r| total(r) && r.split('\t').any(is_figure));
                let mut rows = rows;
                if let (Some(_), Some(at)) = (start, at) {
                    let row = rows.remove(at);
                    rows.push(row);
                }
                rows.iter().for_each(|r| out.push_str(&format!("{r}\n")));
            }
            out
        }),
        ("every table title numbered 表N, a number for each title printed another way", |t| {
            let (mut number, mut last) = (0, String::new());
            lines(t, |l| {
                let title = l.trim();
                let n = title.chars().count();
                if l.contains('\t')
                    || !(6..=60).contains(&n)
                    || !title.ends_with('表')
                    || title.starts_with(['公', '表'])
                {
                    return l.to_string();
                }
                if title != last {
                    (number, last) = (number + 1, title.to_string());
                }
                format!("表{number} {title}")
            })
        }),
        ("every long table title wrapped at its middle onto a second line", |t| {
            lines(t, |l| {
                let title = l.trim();
                let n = title.chars().count();
                if l.contains('\t') || !(10..=60).contains(&n) || !title.ends_with('表') || title.starts_with("公开")
                {
                    return l.to_string();
                }
                let (head, tail): (String, String) =
                    (title.chars().take(n / 2).collect(), title.chars().skip(n / 2).collect());
                format!("{head}\n{tail}")
            })
        }),
        ("the last character of long names wrapped into the figure's cell after them", |t| {
            lines(t, |l| {
                let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
                let long = |c: &str| c.chars().count() >= 8 && c.chars().all(cjk);
                let to_the_cent = |c: &str| c.rsplit_once('.').is_some_and(|(_, cents)| cents.len() == 2);
                if !cells.iter().any(|c| is_figure(c)) {
                    return l.to_string();
                }
                for p in 0..cells.len().saturating_sub(1) {
                    let next = cells[p + 1].trim().to_string();
                    // A blank figure's cell, not a spacer of a layout that splits each cell in three.
                    let blank_figure = next.is_empty() && cells.get(p + 2).is_some_and(|c| !c.trim().is_empty());
                    if !long(&cells[p]) || !(blank_figure || is_figure(&next) && to_the_cent(&next)) {
                        continue;
                    }
                    let tail = cells[p].pop().expect("a long name");
                    cells[p + 1] = if next.is_empty() { tail.to_string() } else { format!("{tail} {next}") };
                }
                cells.join("\t")
            })
        }),
        ("long names wrapped onto a line of their own below their row", |t| {
            lines(t, |l| {
                let cells: Vec<&str> = l.split('\t').collect();
                let long = |c: &str| c.chars().count() >= 10 && c.chars().all(cjk);
                let Some(at) = cells.iter().position(|c| long(c)) else { return l.to_string() };
                if !cells.iter().any(|c| is_figure(c)) {
                    return l.to_string();
                }
                let n = cells[at].chars().count() / 2;
                let (head, tail): (String, String) =
                    (cells[at].chars().take(n).collect(), cells[at].chars().skip(n).collect());
                let mut first: Vec<&str> = cells.clone();
                first[at] = &head;
                let second: Vec<&str> = (0..cells.len()).map(|p| if p == at { tail.as_str() } else { "" }).collect();
                format!("{}\n{}", first.join("\t"), second.join("\t"))
            })
        }),
        ("the last two figures of every row printed in one cell, parted by a space", |t| {
            lines(t, |l| {
                let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
                let amount = |c: &str| c.contains(['.', ',']) && is_figure(c);
                if let [.., a, b] = &cells[..]
                    && cells.len() >= 3
                    && amount(a)
                    && amount(b)
                {
                    let merged = format!("{} {}", a.trim(), b.trim());
                    cells.truncate(cells.len() - 2);
                    cells.push(merged);
                }
                cells.join("\t")
            })
        }),
        ("a running head on every page: the report's first line", |t| {
            let head = t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with(['=', '#'])).unwrap_or("");
            lines(t, |l| if l.starts_with("=== 第") { format!("{l}\n{head}") } else { l.to_string() })
        }),
        ("a running foot on every page, with the page's number", |t| {
            let foot = t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with(['=', '#'])).unwrap_or("");
            let mut page = 0;
            lines(t, |l| {
                if !l.starts_with("=== 第") {
                    return l.to_string();
                }
                page += 1;
                if page == 1 { l.to_string() } else { format!("{foot} 第{}页\n{l}", page - 1) }
            })
        }),
        ("each table's number line printed below its title instead of above", |t| {
            let number_line = |l: &str| {
                let l = l.trim();
                let digits = l.trim_start_matches(|c: char| !c.is_ascii_digit()).trim_end_matches('表');
                l.ends_with('表')
                    && l.chars().count() <= 8
                    && !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    || l.starts_with('表') && l.len() <= 6 && l[3..].bytes().all(|b| b.is_ascii_digit())
            };
            let lines: Vec<&str> = t.lines().collect();
            let mut out = String::new();
            let mut i = 0;
            while i < lines.len() {
                let title_next =
                    lines.get(i + 1).is_some_and(|n| n.contains('表') && !n.contains('\t') && !number_line(n));
                if number_line(lines[i]) && title_next {
                    out.push_str(&format!("{}\n{}\n", lines[i + 1], lines[i]));
                    i += 2;
                } else {
                    out.push_str(lines[i]);
                    out.push('\n');
                    i += 1;
                }
            }
            out
        }),
        ("the unit printed in brackets after each title instead of on the line below", |t| {
            let lines: Vec<&str> = t.lines().collect();
            let unit_at_end = |l: &str| {
                ["单位：万元", "单位：元", "单位:万元", "单位:元"].iter().find(|u| l.trim_end().ends_with(**u)).copied()
            };
            let mut out = String::new();
            let mut i = 0;
            while i < lines.len() {
                let (line, next) = (lines[i], lines.get(i + 1).copied().unwrap_or(""));
                let title = line.contains('表') && !line.contains('\t') && line.chars().count() < 60;
                match unit_at_end(next).filter(|_| title && !next.contains('\t')) {
                    Some(unit) => {
                        let rest = next.trim_end().strip_suffix(unit).unwrap_or("").trim_end_matches("金额").trim_end();
                        out.push_str(&format!("{}（{unit}）\n", line.trim_end()));
                        if !rest.is_empty() {
                            out.push_str(&format!("{rest}\n"));
                        }
                        i += 2;
                    }
                    None => {
                        out.push_str(line);
                        out.push('\n');
                        i += 1;
                    }
                }
            }
            out
        }),
        ("the unit printed after each title on its line instead of on the line below", |t| {
            let lines: Vec<&str> = t.lines().collect();
            let unit = |l: &str| ["单位：万元", "单位：元", "单位:万元", "单位:元"].contains(&l.trim());
            let mut out = String::new();
            let mut i = 0;
            while i < lines.len() {
                let (line, next) = (lines[i], lines.get(i + 1).copied().unwrap_or(""));
                let title = line.trim_end().ends_with('表') && !line.contains('\t') && line.chars().count() < 60;
                if title && unit(next) {
                    out.push_str(&format!("{}  {}\n", line.trim_end(), next.trim()));
                    i += 2;
                } else {
                    out.push_str(line);
                    out.push('\n');
                    i += 1;
                }
            }
            out
        }),
        ("each code printed in one cell with its name, parted by a space", |t| {
            joined_codes(t, |c, n| format!("{c} {n}"))
        }),
        ("each code printed in brackets before its name, in one cell", |t| joined_codes(t, |c, n| format!("[{c}]{n}"))),
        ("every full-width colon printed as an ASCII one", |t| t.replace('：', ":")),
        ("every other page's rows spread two positions a column", |t| spread(t, 2, true, |page| page % 2 == 1)),
        ("every other page's rows spread three positions a column, their trailing empty cells dropped", |t| {
            spread(t, 3, false, |page| page % 2 == 0)
        }),
        ("every page's rows spread two positions a column, their trailing empty cells dropped", |t| {
            spread(t, 2, false, |_| true)
        }),
        ("every other page's rows printed after an empty cell", |t| {
            let mut page = 0;
            lines(t, |l| {
                page += usize::from(l.starts_with("=== 第") && l.ends_with("页 ==="));
                if page % 2 == 1 && l.contains('\t') { format!("\t{l}") } else { l.to_string() }
            })
        }),
        ("every page but every other one's rows printed after an empty cell", |t| {
            let mut page = 0;
            lines(t, |l| {
                page += usize::from(l.starts_with("=== 第") && l.ends_with("页 ==="));
                if page % 2 == 0 && l.contains('\t') { format!("\t{l}") } else { l.to_string() }
            })
        }),
        ("every line's leading tabs trimmed", |t| lines(t, |l| l.trim_start_matches('\t').to_string())),
        ("every blank cell dropped", |t| {
            lines(t, |l| {
                let cells: Vec<&str> = l.split('\t').collect();
                let printed: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
                // A row's trailing tab (an empty last cell) stays, as an extractor that joins
                // runs of tabs leaves it.
                let trailing = if cells.len() > 1 && cells.last() == Some(&"") { "\t" } else { "" };
                printed.join("\t") + trailing
            })
        }),
    ]
}

/// A report's lines in runs: each run of table rows (cells tab-separated) with its first line's
/// index, and each other line as a run of its own (`None`).
fn table_runs(text: &str) -> Vec<(Option<usize>, Vec<&str>)> {
    let mut runs: Vec<(Option<usize>, Vec<&str>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match runs.last_mut() {
            Some((Some(_), rows)) if line.contains('\t') => rows.push(line),
            _ => runs.push((line.contains('\t').then_some(i), vec![line])),
        }
    }
    runs
}

/// A report with each table's header rows (its rows before the first with a figure) printed
/// as `f` prints them from the row and its cells; every other line as it is.
fn header_rows(text: &str, mut f: impl FnMut(&str, &[&str]) -> String) -> String {
    let mut out = String::new();
    for (start, rows) in table_runs(text) {
        let mut in_header = start.is_some();
        for row in rows {
            let cells: Vec<&str> = row.split('\t').collect();
            in_header &= !cells.iter().any(|c| is_figure(c));
            let printed = if in_header { f(row, &cells) } else { row.to_string() };
            out.push_str(&printed);
            out.push('\n');
        }
    }
    out
}

/// A printed amount or code (not a header's column number).
fn is_figure(cell: &str) -> bool {
    let t = cell.trim();
    let digits = t.replace(',', "");
    let code = [3, 5, 7].contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    code || digits.parse::<f64>().is_ok_and(|x| t.contains(['.', ',']) || x >= 100.0)
}

#[test]
fn rewrites_another_extractor_might_make_claim_no_new_error_and_keep_the_reading() {
    for &(folder, file, ..) in PINS {
        let Some(text) = read(folder, file) else { continue };
        let before = audit(&text);
        let errors = |a: &kemu::report::Audit| a.findings.iter().filter(|f| f.severity == Severity::Error).count();
        for (rewrite, f) in rewrites() {
            let rewritten = f(&text);
            // No rewrite makes one report read as two (a running head, a number line moved …).
            let documents = |t: &str| kemu::report::documents(t).len();
            assert_eq!(documents(&rewritten), documents(&text), "{file}, {rewrite}: documents");
            let after = audit(&rewritten);
            assert!(errors(&after) <= errors(&before), "{file}, {rewrite}: {after}");
            // Nine identities in ten still read (a page mark dropped may join what it split),
            // unless a table says its blanks were dropped (rows of different lengths with no
            // blank cell between printed ones may have lost a cell anywhere) or that a group
            // label's columns cannot be told.
            let dropped = import(&rewritten).tables.iter().any(|t| {
                t.doubts.iter().any(|d| {
                    matches!(
                        d,
                        kemu::report::Doubt::BlanksDropped { .. } | kemu::report::Doubt::GroupSpanUnclear { .. }
                    )
                })
            });
            let may_lose = LOSE_THE_READING.contains(&rewrite);
            assert!(
                dropped || may_lose || after.identities_checked * 10 >= before.identities_checked * 9,
                "{file}, {rewrite}: {} identities, {} before",
                after.identities_checked,
                before.identities_checked
            );
        }
    }
}

/// The 01:类 identity of a report's first 收支总表, with its parts' row labels.
fn by_class_parts(text: &str) -> Option<Vec<String>> {
    let report = import(text);
    let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
    let year = report.year.unwrap_or(2026);
    let catalog = kemu::Catalog::year(year).unwrap();
    let eq = kemu::report::rules::equations(&report, &tables, &catalog).into_iter().find(|e| &*e.rule == "01:类")?;
    Some(eq.parts.iter().map(|&(_, cell)| tables[cell.table].rows[cell.row].label.clone()).collect())
}

#[test]
fn a_figure_among_the_classes_on_a_row_that_is_no_class_leaves_their_sum_unchecked() {
    let Some(text) = read("corpus/renwu-2026", "r26-025-01.txt") else { return };
    let parts = by_class_parts(&text).expect("the classes of 01 are read");
    assert!(parts.iter().any(|l| l.contains("国有资本经营预算支出")), "{parts:?}");
    // The class's name wrapped over two lines (as an extractor that splits a cell's lines
    // prints it): its figure stands on a row named 营预算支出, which is no class.
    let wrapped =
        text.replacen("\t\t十九、国有资本经营预算支出\t4.00", "\t\t十九、国有资本经\n\t\t营预算支出\t4.00", 1);
    assert_ne!(wrapped, text);
    assert_eq!(by_class_parts(&wrapped), None);
    assert_eq!(audit(&wrapped).count(Severity::Error), 0);
}

#[test]
fn the_first_or_last_class_wrapped_leaves_the_sum_of_the_classes_unchecked() {
    let text = kemu::report::EMBEDDED_REPORT;
    let parts = by_class_parts(text).expect("the classes of 01 are read");
    assert!(parts.iter().any(|l| l.contains("一般公共服务支出")), "{parts:?}");
    // The first 类 and the last, each wrapped over two lines: their figures stand on rows named
    // 一、一般公 and 八、社会保障, which are no 类, outside the 类 kemu reads.
    let first = text.replacen(
        "一、一般公共服务支出\t14\t1001.55\t\n",
        "一、一般公\t14\t1001.55\t\n\t\t\t\t共服务支出\t\t\t\n",
        1,
    );
    let last = text.replacen(
        "八、社会保障和就业支出\t20\t42.13\t\n",
        "八、社会保障\t20\t42.13\t\n\t\t\t\t和就业支出\t\t\t\n",
        1,
    );
    for wrapped in [first, last] {
        assert_ne!(wrapped, text);
        assert_eq!(by_class_parts(&wrapped), None);
        let errors = |a: &kemu::report::Audit| {
            a.findings.iter().filter(|f| f.severity == Severity::Error && f.rule == "01:类").count()
        };
        assert_eq!(errors(&audit(&wrapped)), 0);
    }
    // A group line above the 类, numbered as they are not (Xi'an's 一、部门预算 over 1、一般公共
    // 服务支出), is their group: the 类 are summed.
    let Some(xian) = read("corpus/renwu-2026", "r26-020-01.txt") else { return };
    assert!(by_class_parts(&xian).is_some_and(|parts| parts.iter().any(|l| l.contains("一般公共服务支出"))));
}

#[test]
fn a_class_without_its_final_zhichu_and_the_reserve_fund_are_classes() {
    // 预备费 is the one 类 whose name does not end in 支出.
    let Some(text) = read("corpus/renwu-2026", "r26-020-10.txt") else { return };
    let parts = by_class_parts(&text).expect("the classes of 01 are read");
    assert!(parts.iter().any(|l| l.ends_with("预备费")), "{parts:?}");
    // A 2019 table printing its 类 without 支出 (`8、社会保障和就业`).
    let Some(text) = read("corpus/renwu-2026", "r26-020-18.txt") else { return };
    let parts = by_class_parts(&text).expect("the classes of 01 are read");
    assert!(parts.iter().any(|l| l.ends_with("社会保障和就业")), "{parts:?}");
}

#[test]
fn whole_figures_under_an_amount_header_are_figures_not_codes() {
    // 275.00 and 260.00 printed as 275 and 260, the only figures of the 事业收入 column: its
    // header names an amount, so they are amounts, not a column of codes.
    let Some(text) = read("corpus/renwu-2026", "r26-004-15.txt") else { return };
    let whole = |c: &str| match c.strip_suffix(".00") {
        Some(w) if !w.is_empty() && w.chars().all(|x| x.is_ascii_digit() || x == ',') => w.to_string(),
        _ => c.to_string(),
    };
    let rewritten: String = text
        .lines()
        .map(|l| if l.contains('\t') { l.split('\t').map(whole).collect::<Vec<_>>().join("\t") } else { l.to_string() })
        .map(|l| l + "\n")
        .collect();
    let (before, after) = (audit(&text), audit(&rewritten));
    assert_eq!(after.count(Severity::Error), before.count(Severity::Error), "{after}");
    assert_eq!(after.identities_checked, before.identities_checked);
}

/// Each code cell glued to the name in the cell after it (`301工资福利支出`), that cell left
/// empty, as an extractor that reads the two as one may print them.
fn codes_glued_to_names(text: &str) -> String {
    let code = |s: &str| [3, 5, 7].contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let glue = |l: &str| {
        let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
        for i in 0..cells.len().saturating_sub(1) {
            if code(cells[i].trim()) && cells[i + 1].chars().next().is_some_and(|c| !c.is_ascii()) {
                cells[i] = format!("{}{}", cells[i].trim(), cells[i + 1]);
                cells[i + 1].clear();
            }
        }
        cells.join("\t")
    };
    text.lines().map(|l| glue(l) + "\n").collect()
}

#[test]
fn codes_glued_to_their_names_are_read_as_printed_apart() {
    for (folder, file) in [("reports", "sh-putuo-shgzb-2024-js.txt"), ("reports", "hn-szb-2020-js.txt")] {
        let Some(text) = read(folder, file) else { return };
        let (before, after) = (audit(&text), audit(&codes_glued_to_names(&text)));
        assert_eq!(after.count(Severity::Error), before.count(Severity::Error), "{file}: {after}");
        assert!(after.identities_checked * 10 >= before.identities_checked * 9, "{file}: {after}");
    }
}

#[test]
fn a_basic_table_whose_classes_are_not_read_checks_no_staff_or_office_total() {
    // 06's 301 row without its code: 人员经费合计 = Σ 类 would sum no class.
    let Some(text) = read("reports", "sh-putuo-shgzb-2024-js.txt") else { return };
    let unread = text.replacen("301\t工资福利支出\t", "\t工资福利支出\t", 1);
    assert_ne!(unread, text);
    let audit = audit(&unread);
    assert_eq!(audit.count(Severity::Error), 0, "{audit}");
}

/// Two reports of one city printed one after the other with no `#####` (a department's budget
/// and then a unit's, each with its cover): read as two, the second from its cover on, and
/// audited as each is alone.
#[test]
fn reports_printed_one_after_another_are_read_each_from_its_cover() {
    let with_tables: Vec<(&str, String)> = PINS
        .iter()
        .filter(|&&(_, _, tables, ..)| tables > 0)
        .filter_map(|&(folder, file, ..)| read(folder, file).map(|t| (file, t)))
        .collect();
    let mut joined_pairs = 0;
    for pair in with_tables.windows(2) {
        let ((a, first), (b, second)) = (&pair[0], &pair[1]);
        if a.get(..7) != b.get(..7) {
            continue;
        }
        let joined = format!("{}\n{second}", first.trim_end_matches('\n'));
        let docs = kemu::report::documents(&joined);
        let alone = kemu::report::documents(first).len() + kemu::report::documents(second).len();
        assert_eq!(docs.len(), alone, "{a} + {b}");
        let second_line = first.trim_end_matches('\n').lines().count() + 1;
        assert_eq!(docs.last().map(|d| d.first_line), Some(second_line), "{a} + {b}: the second starts at its cover");
        let errors = |text: &str| -> usize {
            kemu::report::documents(text)
                .iter()
                .map(|d| {
                    let audit = kemu::report::audit_report(&d.import(), kemu::CatalogSet::embedded());
                    audit.findings.iter().filter(|f| f.severity == Severity::Error).count()
                })
                .sum()
        };
        assert_eq!(errors(&joined), errors(first) + errors(second), "{a} + {b}");
        joined_pairs += 1;
    }
    if !with_tables.is_empty() {
        assert!(joined_pairs >= 40, "{joined_pairs} pairs joined");
    }
}

/// Two 说明 without tables printed one after the other (Beijing publishes its tables apart): the
/// second, when it opens with its cover and 目录, is read from there as a report of its own.
#[test]
fn narratives_printed_one_after_another_are_read_each_from_its_cover() {
    let narratives: Vec<(&str, String)> = PINS
        .iter()
        .filter(|&&(_, file, tables, ..)| tables == 0 && file.starts_with("r26-002"))
        .filter_map(|&(folder, file, ..)| read(folder, file).map(|t| (file, t)))
        .collect();
    let mut split = 0;
    for pair in narratives.windows(2) {
        let ((a, first), (b, second)) = (&pair[0], &pair[1]);
        let opens_with_toc = second.lines().take(5).any(|l| l.split_whitespace().collect::<String>() == "目录");
        let joined = format!("{}\n{second}", first.trim_end_matches('\n'));
        let docs = kemu::report::documents(&joined);
        if opens_with_toc {
            let second_line = first.trim_end_matches('\n').lines().count() + 1;
            assert_eq!(docs.iter().map(|d| d.first_line).collect::<Vec<_>>(), [1, second_line], "{a} + {b}");
            split += 1;
        } else {
            assert_eq!(docs.len(), 1, "{a} + {b}: no cover, one report");
        }
    }
    if !narratives.is_empty() {
        assert!(split >= 15, "{split} pairs split");
    }
}
