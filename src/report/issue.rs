//! What the importer could not place, and why a table's reading is uncertain: typed values,
//! rendered to 中文 | English only at the edge ([`fmt::Display`]).

use crate::amount::Unit;
use crate::balance::Severity;
use crate::codes::Code;
use std::fmt;

/// What went wrong with a line or a table during the import.
///
/// ```
/// use kemu::report::ImportIssueKind;
/// let kind = ImportIssueKind::NotAnAmount { column: 3, text: "十元".into() };
/// assert_eq!(kind.to_string(), "第3栏 \"十元\" 不是金额 | cell 3 \"十元\" is not an amount");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
#[non_exhaustive]
pub enum ImportIssueKind {
    /// A text in an amount column (1-based column).
    NotAnAmount {
        /// The printed column.
        column: usize,
        /// The cell.
        text: String,
    },
    /// Figures on a row with neither a code nor a label.
    FiguresWithoutLabel,
    /// A label that ends in a figure while the row's amount cells are blank (`缴费支出43608.96`):
    /// the figure's column is not known.
    FigureGluedToName {
        /// The label as printed.
        label: String,
    },
    /// A row printed without its cell boundaries (`2060203 15,500.00 15,500.00`): its figures'
    /// columns are not known.
    FlattenedRow {
        /// The line as printed.
        text: String,
    },
    /// A row printed with one cell a column among rows that spread each column over two
    /// positions, whose cells fit no placement at those positions (an extractor that splits
    /// merged cells on some pages and not on others): its figures' columns are not known.
    UnplacedPageRow {
        /// The row's cells as printed, one space between them.
        text: String,
    },
    /// Figures of a table that print their thousands separators out of place (`128138,600`):
    /// read by their digits, which the separators cannot change.
    MisplacedSeparators {
        /// How many figures.
        figures: usize,
        /// The first as printed.
        first: String,
    },
    /// A code-like cell that is no valid code (`301 2`, `20103O1`, 8 digits).
    MalformedCode {
        /// The cell.
        text: String,
    },
    /// The name is printed before its code (columns swapped).
    NameBeforeCode {
        /// The name.
        label: String,
    },
    /// A table that prints the name before the code on most of its coded rows: its layout, not
    /// a misprint (each row read with its code all the same).
    NamesBeforeCodes {
        /// How many rows print the name first.
        rows: usize,
    },
    /// The same code on two rows of one table.
    RepeatedCode {
        /// The code.
        code: Code,
    },
    /// A code printed on a second row whose name is the catalog name of a sibling code the table
    /// prints nowhere (`30208 取暖费`, then `30208 物业管理费`: 物业管理费 is 30209): a misprint,
    /// read as the code the name says.
    MisprintedCode {
        /// The code as printed.
        printed: Code,
        /// The code the row's name is.
        named: Code,
        /// The row's name.
        name: String,
    },
    /// A row wider than the importer reads.
    TooManyCells {
        /// Its cells.
        cells: usize,
        /// The cells read.
        read: usize,
    },
    /// A workbook cell holding a formula whose result the file does not store (it was never
    /// calculated): the cell is left blank, never taken as 0.
    FormulaWithoutValue {
        /// The cell (`Sheet1!C5`).
        cell: String,
    },
    /// Rows with a code or a figure outside any recognized table: one issue per run of such
    /// rows (layout lines between them do not break a run), at the first row's line.
    RowsOutsideTables {
        /// How many rows.
        rows: usize,
        /// The last row's line.
        last_line: usize,
    },
    /// A text with no table read whose prose lines read as table rows with spaces, not tabs, for
    /// their cell breaks (an extraction that lost the cells): the tables are there, unread.
    SpacedRows {
        /// How many such lines.
        rows: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// Rows without a title or figures (a list of units with its 序号), passed over.
    UntitledRows {
        /// How many.
        rows: usize,
        /// The first row's text.
        first: String,
    },
    /// A titled table outside the disclosure set (绩效目标表 …), passed over.
    OtherTable {
        /// Its title.
        title: String,
        /// Its rows.
        rows: usize,
    },
    /// A recognized table without figures.
    NoFigures,
    /// A table in another unit than the report's other tables.
    OtherUnit {
        /// This table's unit.
        unit: Unit,
        /// The report's unit.
        report: Option<Unit>,
    },
}

impl ImportIssueKind {
    /// The severity this kind has: rows that could not be placed are warnings, what is passed
    /// over whole (tables outside the set, empty tables) is information.
    ///
    /// ```
    /// use kemu::report::ImportIssueKind;
    /// assert_eq!(ImportIssueKind::NoFigures.severity(), kemu::Severity::Info);
    /// assert_eq!(ImportIssueKind::FiguresWithoutLabel.severity(), kemu::Severity::Warning);
    /// ```
    pub fn severity(&self) -> Severity {
        match self {
            ImportIssueKind::UntitledRows { .. }
            | ImportIssueKind::OtherTable { .. }
            | ImportIssueKind::NoFigures
            | ImportIssueKind::NamesBeforeCodes { .. }
            | ImportIssueKind::OtherUnit { .. } => Severity::Info,
            _ => Severity::Warning,
        }
    }

    /// Whether a row of this kind was left out of its table (its figures are not in the table).
    ///
    /// ```
    /// use kemu::report::ImportIssueKind;
    /// assert!(ImportIssueKind::FiguresWithoutLabel.loses_figures());
    /// assert!(!ImportIssueKind::NoFigures.loses_figures());
    /// ```
    pub fn loses_figures(&self) -> bool {
        matches!(
            self,
            ImportIssueKind::NotAnAmount { .. }
                | ImportIssueKind::FiguresWithoutLabel
                | ImportIssueKind::FigureGluedToName { .. }
                | ImportIssueKind::FlattenedRow { .. }
                | ImportIssueKind::UnplacedPageRow { .. }
                | ImportIssueKind::MalformedCode { .. }
                | ImportIssueKind::TooManyCells { .. }
                | ImportIssueKind::FormulaWithoutValue { .. }
        )
    }
}

impl fmt::Display for ImportIssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImportIssueKind::*;
        match self {
            NotAnAmount { column, text } => {
                write!(f, "第{column}栏 {text:?} 不是金额 | cell {column} {text:?} is not an amount")
            }
            FiguresWithoutLabel => f.write_str("有金额但没有科目或项目名称 | figures without a code or label"),
            FigureGluedToName { label } => write!(
                f,
                "名称“{label}”末尾连着数字，金额栏为空：无法确定金额属于哪一栏 | a figure is glued to the name and the amount cells are blank: its column is unknown"
            ),
            FlattenedRow { text } => write!(
                f,
                "“{text}”没有分栏，无法确定各金额所属栏目 | the row {text:?} was printed without cell boundaries: its figures' columns are unknown"
            ),
            UnplacedPageRow { text } => write!(
                f,
                "“{text}”每格一栏，而本表其他行每栏占两格，无法确定各金额所属栏目 | the row {text:?} prints one cell a column where the table's other rows spread each column over two: its figures' columns are unknown"
            ),
            MisplacedSeparators { figures, first } => write!(
                f,
                "{figures} 个金额的千位分隔符位置不对（如“{first}”），按数字读取 | {figures} figures print their thousands separators out of place (e.g. {first:?}): read by their digits"
            ),
            MalformedCode { text } => write!(f, "“{text}”不是有效的科目编码 | {text:?} is not a valid code"),
            NameBeforeCode { label } => {
                write!(f, "科目名称“{label}”印在编码之前 | the name is printed before its code (columns swapped)")
            }
            NamesBeforeCodes { rows } => write!(
                f,
                "本表 {rows} 行科目名称印在编码之前（本表的版式），按编码读取 | {rows} rows print the name before the code (the table's layout): read by their codes"
            ),
            RepeatedCode { code } => write!(f, "科目 {code} 重复出现 | code {code} appears twice"),
            MisprintedCode { printed, named, name } => write!(
                f,
                "“{name}”印为 {printed}（{printed} 另有一行），而该名称是 {named} 的科目名称，按 {named} 读 | “{name}” is printed as {printed}, which has a row of its own, while the name is {named}'s: read as {named}"
            ),
            FormulaWithoutValue { cell } => write!(
                f,
                "{cell} 是未计算的公式，文件中没有其结果，按空白处理 | {cell} is a formula whose result the file does not store: read as blank"
            ),
            TooManyCells { cells, read } => {
                write!(
                    f,
                    "一行有 {cells} 格，只读前 {read} 格 | the row has {cells} cells; only the first {read} are read"
                )
            }
            SpacedRows { rows, first_line } => write!(
                f,
                "{rows} 行文字像以空格而非制表符分隔单元格的表格行（首行第{first_line}行），其中若有公开表，均未能读入；请以制表符分隔单元格重新提取 | {rows} lines read as table rows with spaces, not tabs, between their cells (first at line {first_line}): any disclosure table among them was not read; extract them again with a tab between cells"
            ),
            RowsOutsideTables { rows: 1, .. } => {
                f.write_str("表格行不属于任何已识别的表 | a table row outside any recognized table")
            }
            RowsOutsideTables { rows, last_line } => write!(
                f,
                "{rows} 行表格行（至第{last_line}行）不属于任何已识别的表 | {rows} table rows (to line {last_line}) outside any recognized table"
            ),
            UntitledRows { rows, first } => write!(
                f,
                "{rows} 行表格没有表名、没有金额（首行“{first}”），未审核 | {rows} table rows without a title or figures (first: “{first}”); not audited"
            ),
            OtherTable { title, rows } => {
                write!(
                    f,
                    "“{title}”（{rows} 行）不是公开表，未审核 | not a disclosure table ({rows} rows); not audited"
                )
            }
            NoFigures => f.write_str("表内无数据 | the table holds no figures"),
            OtherUnit { unit, report } => {
                let other = report.map_or("", Unit::chinese);
                write!(
                    f,
                    "本表单位为{}，与报告其他表（{other}）不同，不参与跨表核对 | this table is in {}, the report's other tables in {other}: left out of cross-table checks",
                    unit.chinese(),
                    unit.chinese()
                )
            }
        }
    }
}

/// A row or line the importer could not place, or a table it passed over.
///
/// ```
/// let report = kemu::report::import("收入决算表\n单位：万元\n科目编码\t科目名称\t金额\n201\t一般公共服务支出\t十元\n");
/// let issue = &report.issues[0];
/// assert_eq!((issue.line, issue.table.as_deref(), issue.severity), (4, Some("01"), kemu::Severity::Warning));
/// assert!(matches!(issue.kind, kemu::report::ImportIssueKind::NotAnAmount { column: 3, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ImportIssue {
    /// 1-based line of the text.
    pub line: usize,
    /// The table id, if inside a table.
    pub table: Option<String>,
    /// How serious ([`ImportIssueKind::severity`]).
    pub severity: Severity,
    /// What is wrong.
    pub kind: ImportIssueKind,
}

impl ImportIssue {
    /// An issue of `kind` at `line`, with the kind's severity.
    ///
    /// ```
    /// use kemu::report::{ImportIssue, ImportIssueKind};
    /// let issue = ImportIssue::new(7, Some("02"), ImportIssueKind::FiguresWithoutLabel);
    /// assert_eq!(issue.severity, kemu::Severity::Warning);
    /// ```
    pub fn new(line: usize, table: Option<&str>, kind: ImportIssueKind) -> ImportIssue {
        ImportIssue { line, table: table.map(str::to_string), severity: kind.severity(), kind }
    }
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}行: {}", self.line, self.kind)
    }
}

/// Why kemu is not sure how a table reads: the audit checks no identity that touches such a
/// table and says so once (an error is a statement about the document, never about a reading).
///
/// ```
/// use kemu::report::Doubt;
/// let d = Doubt::UnplacedRows { rows: 2, first_line: 40 };
/// assert!(d.to_string().contains("2 行"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
#[non_exhaustive]
pub enum Doubt {
    /// Rows whose figures could not be placed: a total may miss them.
    UnplacedRows {
        /// How many.
        rows: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// Codes printed on several rows: the table lists items (projects, units, purchases) by
    /// code, so its rows are not one classification that rolls up.
    RepeatedCodes {
        /// How many codes repeat.
        codes: usize,
    },
    /// Table rows printed right after it, past only a page break, that were not read as its own:
    /// the table may run on there, so its totals may miss them.
    UnreadContinuation {
        /// How many rows.
        rows: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// The next table, printed right after a page break, is of its kind and columns and has no
    /// total row of its own: it may be this table's next page, its title printed again not read
    /// as the same, so this table's totals may miss its rows.
    RunsOnBelow {
        /// The next table's first line.
        first_line: usize,
    },
    /// Cells whose printed value the document does not hold (formulas never calculated).
    UnreadCells {
        /// How many.
        cells: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// Rows of different lengths and not one empty cell between two printed ones (in the table's
    /// rows with figures; or, in a report that prints none anywhere, in all its rows, header rows
    /// included): the extractor dropped the blank cells, so a row's figures cannot be told to
    /// their columns.
    BlanksDropped {
        /// How many rows are shorter than the longest.
        rows: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// Rows with figures shorter than the table's others in a text none of whose table rows
    /// starts with an empty cell (an extraction that trims each line, its leading tabs with
    /// it): a short row may have lost leading empty cells as well as trailing ones, so its
    /// figures cannot be told to their columns.
    LeadingBlanksDropped {
        /// How many rows are shorter than the longest.
        rows: usize,
        /// The first one's line.
        first_line: usize,
    },
    /// A header group label that may stand over the middle of the columns it spans (an
    /// extractor that places a merged cell's text at its centre): it follows sub-columns no
    /// label reaches, or the label before it runs on into the next side-by-side block. Which
    /// columns it groups, and so what each column is, cannot be told.
    GroupSpanUnclear {
        /// The header's first line.
        first_line: usize,
    },
    /// Figures under no header beside a named column with nothing under it in any row: the body
    /// is printed off its header (an extractor that puts an empty cell after each row's name),
    /// so which figure is in which column cannot be told.
    FiguresOffHeader {
        /// The header's first line.
        first_line: usize,
    },
    /// Figures of a table in 元 printed finer than the cent (`989034.300`): no amount in 元 is,
    /// so the cells were not read as the table prints them. In a report that states no unit,
    /// a few such figures among figures to the cent say the same.
    FinerThanCents {
        /// How many.
        figures: usize,
        /// The first one's line.
        first_line: usize,
    },
}

impl Doubt {
    /// Whether the table's figures themselves may not be the printed ones (in other columns, or
    /// read to another precision), not only its totals incomplete: nothing is compared with
    /// such a table's cells, the prose's figures included.
    ///
    /// ```
    /// use kemu::report::Doubt;
    /// assert!(Doubt::BlanksDropped { rows: 1, first_line: 9 }.blurs_figures());
    /// assert!(!Doubt::UnplacedRows { rows: 1, first_line: 9 }.blurs_figures(), "the rows read are as printed");
    /// ```
    pub fn blurs_figures(&self) -> bool {
        matches!(
            self,
            Doubt::BlanksDropped { .. }
                | Doubt::LeadingBlanksDropped { .. }
                | Doubt::FinerThanCents { .. }
                | Doubt::GroupSpanUnclear { .. }
                | Doubt::FiguresOffHeader { .. }
        )
    }
}

impl fmt::Display for Doubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Doubt::UnplacedRows { rows, first_line } => write!(
                f,
                "{rows} 行金额未能读入（首行第{first_line}行） | {rows} rows with figures could not be read (first at line {first_line})"
            ),
            Doubt::UnreadContinuation { rows, first_line } => write!(
                f,
                "其后第{first_line}行起 {rows} 行表格行未能读入，本表可能未完 | {rows} table rows right after it (from line {first_line}) were not read: it may run on there"
            ),
            Doubt::RunsOnBelow { first_line } => write!(
                f,
                "其后第{first_line}行起的表与本表同类、同栏而无合计，可能是本表的续页 | the table from line {first_line} is of its kind and columns with no total of its own: it may be this table's next page"
            ),
            Doubt::UnreadCells { cells, first_line } => write!(
                f,
                "{cells} 个单元格没有数值（首个在第{first_line}行） | {cells} cells hold no value (first at line {first_line})"
            ),
            Doubt::FinerThanCents { figures, first_line } => write!(
                f,
                "{figures} 个以元为单位的金额小数超过两位（首个在第{first_line}行），单元格未按表读出 | {figures} figures in 元 are printed finer than the cent (first at line {first_line}): the cells were not read as printed"
            ),
            Doubt::BlanksDropped { rows, first_line } => write!(
                f,
                "{rows} 行单元格少于表头且无空单元格（首行第{first_line}行）：空白单元格未被提取，金额无法对应到列 | {rows} rows are short of cells and no row keeps an empty one (first at line {first_line}): the blank cells were not extracted, so figures cannot be told to their columns"
            ),
            Doubt::LeadingBlanksDropped { rows, first_line } => write!(
                f,
                "{rows} 行单元格少于本表其他行，而全文没有以空单元格开头的表格行（首行第{first_line}行）：行首空白单元格可能被删去，金额无法对应到列 | {rows} rows are shorter than the table's others and no table row of the text starts with an empty cell (first at line {first_line}): leading blank cells may have been trimmed, so figures cannot be told to their columns"
            ),
            Doubt::FiguresOffHeader { first_line } => write!(
                f,
                "表头（第{first_line}行起）下有列无数，而有数的列无表头：数与表头错位，无法判断各数所属列 | figures stand under no header (from line {first_line}) while a named column holds none: the body is printed off its header, and which figure is in which column cannot be told"
            ),
            Doubt::GroupSpanUnclear { first_line } => write!(
                f,
                "表头（第{first_line}行起）的分组名称可能居中印在其所辖各列之上，无法判断各列归属 | a group label of the header (from line {first_line}) may stand over the middle of the columns it spans: which columns it groups cannot be told"
            ),
            Doubt::RepeatedCodes { codes } => write!(
                f,
                "{codes} 个科目编码重复出现，本表按项目或单位列示 | {codes} codes repeat: the table lists items, not one classification"
            ),
        }
    }
}
