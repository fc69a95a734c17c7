//! Phase 1 of the import: one line at a time. A line's cells, what a cell holds (a code, a
//! figure, a text), whether a line is layout or page furniture, and the extraction artefacts
//! that are read as printed once (overstruck lines, rows without cell boundaries).

use crate::amount::read_amount;
use crate::catalog::normalize_name;
use crate::codes::Code;
use crate::text::trim;
use rust_decimal::Decimal;

/// Where every input line went.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let l = report.lines;
/// assert_eq!(l.total, kemu::report::EMBEDDED_REPORT.lines().count());
/// assert_eq!(l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows, l.total);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineCounts {
    /// All lines.
    pub total: usize,
    /// Blank lines, page marks and document separators.
    pub layout: usize,
    /// Prose and title/unit/department lines outside table rows.
    pub prose: usize,
    /// Header rows of tables (column names, 栏次).
    pub header_rows: usize,
    /// Table rows that became rows of a table (one printed row may hold several blocks).
    pub data_rows: usize,
    /// Table rows with no figures and no label (empty placeholders).
    pub empty_rows: usize,
    /// Table rows reported as issues.
    pub rejected_rows: usize,
    /// Rows of tables outside the disclosure set (reported once per table).
    pub other_table_rows: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell<'t> {
    Empty,
    Code(Code),
    Number(Decimal),
    Text(&'t str),
    /// The last characters of a name that overflowed into the next cell, glued to that cell's
    /// figure (`机关事业单位职业年金 | 缴费支出43608.96`): the cell, its text and its figure. In an
    /// amount column the figure is the column's and the text ends the name; elsewhere the cell
    /// is text.
    Spilled {
        whole: &'t str,
        text: &'t str,
        value: Decimal,
    },
}

pub(super) fn classify(cell: &str) -> Cell<'_> {
    let t = trim(cell);
    if t.is_empty() {
        return Cell::Empty;
    }
    let t = crate::amount::without_text_mark(t);
    if [3, 5, 7].contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Some(code) = Code::read(t)
    {
        return Cell::Code(code);
    }
    // A code printed with its 类, 款 and 项 spaced apart (`201 03 01`).
    if let Some(code) = spaced_code(t) {
        return Cell::Code(code);
    }
    match read_amount(t) {
        Ok(Some(d)) => Cell::Number(d),
        Ok(None) => Cell::Empty,
        Err(_) => match spilled(t) {
            Some((text, value)) => Cell::Spilled { whole: t, text, value },
            None => Cell::Text(t),
        },
    }
}

/// A cell that prints a code and its name (`2010301 行政运行`, `30101基本工资`): the code and
/// the name. A 3-digit code stands apart from its name or is glued to its own catalog name
/// (`301工资福利支出`), and no name starts with a unit or a measure no catalog name starts
/// with (`500元`, `500 万元以上` are a figure and its unit).
pub(super) fn code_and_name(text: &str) -> Option<(Code, &str)> {
    let (digits, name, apart) = digits_and_name(text)?;
    let code = Code::read(digits)?;
    let its_name = || {
        let names = crate::catalog::CatalogSet::embedded().find_by_name_any_year(name);
        names.iter().any(|e| e.code() == code)
    };
    (apart || digits.len() > 3 || its_name()).then_some((code, name))
}

/// A cell that prints digits and then a name (`2010301 行政运行`, `30101基本工资`, a unit's
/// `114 某办公厅`, `[2010301]行政运行`): the digits, the name, and whether the name stands apart
/// (after a space or the code's bracket). Three digits or more; the name starts with an ideograph
/// (`350` then `11、节能环保` is a figure and a numbered item) and with no unit or measure.
pub(super) fn digits_and_name(text: &str) -> Option<(&str, &str, bool)> {
    // A code in brackets before its name (`[2010301]行政运行`, `【201】一般公共服务支出`) stands apart.
    if let Some((digits, name)) = bracketed_code(text) {
        return Some((digits, name, true));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 3 {
        return None;
    }
    let rest = &text[digits..];
    let name = rest.trim_start();
    // A number and its unit or measure (`500 万元以上`, `300余人`, `20%`) is a quantity.
    // (No catalog name starts with one of these; 个人…, 年初…, 日常…, 人大…, 台湾… do.)
    let quantity = name.starts_with(['万', '元', '亿', '千', '百', '次', '辆', '余', '多', '以', '％', '%', '—', '～']);
    let named = name.chars().next().is_some_and(crate::text::is_ideograph) && name.chars().count() >= 2;
    (named && !quantity).then(|| (&text[..digits], name, name.len() < rest.len()))
}

/// A code in brackets before a name (`[2010301]行政运行`, `【201】一般公共服务支出`): the code's
/// digits and the name.
fn bracketed_code(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[').or_else(|| text.strip_prefix('【'))?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    let name = inner[digits..].strip_prefix(']').or_else(|| inner[digits..].strip_prefix('】'))?.trim_start();
    (digits >= 3 && name.chars().next().is_some_and(crate::text::is_ideograph)).then(|| (&inner[..digits], name))
}

/// `201 03 01` or `301 01`: a 类 of three digits, then a 款 and a 项 of two, one space apart.
fn spaced_code(t: &str) -> Option<Code> {
    let b = t.as_bytes();
    if !matches!(b.len(), 6 | 9) || b.get(3) != Some(&b' ') {
        return None;
    }
    let digits_at = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let parts = digits_at(0..3) && digits_at(4..6) && (b.len() == 6 || b[6] == b' ' && digits_at(7..9));
    if !parts {
        return None;
    }
    Code::read(&t.replace(' ', ""))
}

/// A text that ends in a figure printed to the cent after words with no digit in them
/// (`缴费支出43608.96`, `出 1,090.22`): the words and the figure.
fn spilled(t: &str) -> Option<(&str, Decimal)> {
    // Most texts end in a character no figure ends with.
    if !t.as_bytes().last()?.is_ascii_digit() {
        return None;
    }
    let (words, figure) = glued_figure(t)?;
    let cents = figure.rsplit_once('.').is_some_and(|(_, cents)| cents.len() == 2);
    let plain = !words.chars().any(|c| c.is_ascii_digit()) && words.ends_with(|c: char| !c.is_ascii());
    // The figure read last: most texts that end in a digit fail the tests above.
    let value = if cents && plain { read_amount(figure).ok()?? } else { return None };
    Some((words, value))
}

/// Words with a figure glued to their end (`机关事业单位职业年金缴费支出43608.96`,
/// `其他社会保障和就业支出 1090.22`): the words and the figure as printed, which has a point or
/// stands after a space; the words do not end in a letter or digit of their own (`2022年项目`
/// is no figure glued to 年项目). Whether the figure reads as an amount is the caller's to ask.
pub(super) fn glued_figure(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_end();
    let words = text.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
    let figure = &text[words.len()..];
    let spaced = words.ends_with(char::is_whitespace);
    let words = words.trim_end();
    let printed = figure.bytes().any(|b| b.is_ascii_digit()) && (figure.contains('.') || spaced);
    if !printed || words.is_empty() || words.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((words, figure))
}

/// A figure printed over by the words of a name wrapped into its cell, their characters
/// interleaved (`0部.0门0预算的项目`, `障中18心39311.66`): words stand between its digits, and the
/// digits and point alone read as a figure to the cent. Which figure it is cannot be told (a
/// digit of the words would be among its own), so it is never read; but its column holds
/// figures, not names.
pub(super) fn is_overprinted_figure(text: &str) -> bool {
    // Asked of every text cell: most hold no digit, and none of them a point.
    let b = text.as_bytes();
    let (Some(first), Some(last)) = (b.iter().position(u8::is_ascii_digit), b.iter().rposition(u8::is_ascii_digit))
    else {
        return false;
    };
    if !b.contains(&b'.') || b[first..last].is_ascii() {
        return false;
    }
    // The digits and point alone, as bytes: one point, two digits after it, a whole part
    // without a leading zero (but 0 itself).
    let mut figure = b.iter().copied().filter(|&c| c.is_ascii_digit() || c == b'.');
    let whole: Vec<u8> = figure.by_ref().take_while(|&c| c != b'.').collect();
    let cents = figure.clone().count();
    let one_point = figure.all(|c| c != b'.');
    one_point && cents == 2 && !whole.is_empty() && (whole == b"0" || whole[0] != b'0')
}

/// The last characters of a name wrapped into the next cell, where no figure is printed
/// (`(3)对个人和家庭的补 | 助`, `(5)资本性支出（基本 | 建设）`): one to four ideographs, the last
/// of them perhaps a closing bracket, after a cell of four characters or more of words. `无`
/// printed for a blank is no tail, nor are words that name an amount (a header printed again,
/// `科目名称 | 决算数`, whose columns the rows may not share).
pub(super) fn is_wrapped_tail(text: &str, before: Cell<'_>) -> bool {
    const AMOUNT_WORDS: &[&str] =
        &["数", "计", "额", "收入", "支出", "费", "资金", "拨款", "预算", "决算", "补助", "结转", "结余"];
    // Four ideographs are twelve bytes: most texts are longer, or follow no name.
    let Cell::Text(name) = before else { return false };
    if text.len() > 12 || name.len() < 4 {
        return false;
    }
    // One character is no header's word (费 of 培训 | 费 is a tail).
    if text.chars().nth(1).is_some() && AMOUNT_WORDS.iter().any(|w| text.contains(w)) {
        return false;
    }
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let mut chars = text.chars();
    let last = chars.next_back();
    let body_ok = chars.clone().count() < 4 && chars.all(ideograph);
    let last_ok = last.is_some_and(|c| ideograph(c) || matches!(c, '）' | ')' | '】'));
    body_ok && last_ok && text != "无" && name.chars().nth(3).is_some() && !name.ends_with(|c: char| c.is_ascii_digit())
}

/// Whether a wrapped name's tail closes a bracket its name opened (`（基本建 | 设）`): then it
/// is that name's end wherever it stands.
pub(super) fn closes_bracket(before: Cell<'_>, tail: &str) -> bool {
    let Cell::Text(name) = before else { return false };
    let open = |c: char| matches!(c, '（' | '(');
    let close = |c: char| matches!(c, '）' | ')');
    tail.ends_with(close) && name.chars().filter(|&c| open(c)).count() > name.chars().filter(|&c| close(c)).count()
}

/// Header words that start a label block.
pub(super) fn is_label_header(t: &str) -> bool {
    // A qualifier in brackets says how the column is cut (支出功能分科目（按大类）).
    let t = crate::text::before_bracketed_qualifier(t).unwrap_or(t);
    ["项目", "项目名称", "科目名称", "功能科目名称", "支出用途", "功能分类", "类", "款", "项"].contains(&t)
        || t.ends_with("科目编码")
        || t.ends_with("科目代码")
        || t.ends_with("科目名称")
        // The name column headed by its classification alone (部门预算支出经济分类科目).
        || t.ends_with("科目")
}

/// What a header's word names: a label column or an amount column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderWord {
    Label,
    Amount,
}

/// A word (spaces out) that heads a label column ([`is_label_header`]: 项目, 科目名称, 功能分类科目
/// 编码 …) or an amount column (预算数, 决算数, 合计, 金额 …) and names nothing in a table's body.
pub(super) fn is_header_word(word: &str) -> Option<HeaderWord> {
    let label = is_label_header(word);
    let amount = ["预算数", "决算数", "合计", "小计", "总计", "金额"].contains(&word)
        || word.ends_with("预算数")
        || word.ends_with("决算数");
    match (label, amount) {
        (true, _) => Some(HeaderWord::Label),
        (false, true) => Some(HeaderWord::Amount),
        _ => None,
    }
}

/// Whether a row outside the tables prints a code or a figure (a 序号 — a small whole number —
/// is neither): such a row is reported on its own, never passed over.
pub(super) fn holds_figures(cells: &[&str]) -> bool {
    cells.iter().any(|c| match classify(c) {
        Cell::Code(_) => true,
        Cell::Number(d) => !(d.scale() == 0 && d.is_sign_positive() && d < Decimal::ONE_HUNDRED),
        Cell::Spilled { .. } => true,
        Cell::Empty | Cell::Text(_) => false,
    })
}

/// Lines printed on every page or around a table that do not end it.
pub(super) fn is_page_furniture(line: &str) -> bool {
    let t = trim(line);
    // Every word below holds 单, 部 or 续: one scan settles most prose lines.
    let words = || {
        ["单位：", "单位:", "部门：", "部门:", "续表", "单位名称", "金额单位", "编制单位", "预算单位"]
            .iter()
            .any(|m| t.contains(m))
    };
    t.contains(['单', '部', '续']) && words()
        || t.starts_with("公开")
        // Marks the extractor split off their words (“ ”, : :, — —).
        || !t.chars().any(char::is_alphanumeric)
        // Page numbers: `- 1 -`, `— 9 —`, `－ 3 －` (full-width), `·7·`, `[12]`, `第7页，共45页`
        // (no point: `1,234.56` on a line of its own is a figure).
        || t.len() <= 48 && t.chars().all(|c| c.is_ascii_digit() || " -—–―－−﹣·•()（）[]【】〔〕<>〈〉第页/，,共".contains(c))
}

/// A table row that the extractor printed without its cell boundaries: a code or label followed
/// by figures, separated by spaces (`2060203 15,500.00 15,500.00`), or one that starts with its
/// 序号 ([`is_numbered_flattened_row`]).
pub(super) fn is_flattened_row(text: &str) -> bool {
    let mut tokens = text.split_whitespace();
    let Some(head) = tokens.next() else { return false };
    let mut rest = tokens.peekable();
    if rest.peek().is_none() {
        return false;
    }
    if rest.all(is_pointed_amount) {
        return matches!(classify(head), Cell::Code(_)) || !head.chars().any(|c| c.is_ascii_digit());
    }
    is_numbered_flattened_row(text)
}

/// A figure printed with a point or a separator.
pub(super) fn is_pointed_amount(t: &str) -> bool {
    t.contains(['.', ',']) && read_amount(t).is_ok_and(|a| a.is_some())
}

/// A row without its cell boundaries that starts with its 序号 (`23 302 商品和服务支出 4706442.50
/// 1252566.00 3453876.50`, `24 通用项目 203250.00`; an extractor that loses the breaks of the
/// first row on a page): a number, a name among what follows (no sentence: no full-width stop,
/// comma or colon, no 、 but a numbering's), the last a figure with a point or a separator; a
/// year (`2022 年…`) is prose. Before a table's first row of figures it would pass for a header.
pub(super) fn is_numbered_flattened_row(text: &str) -> bool {
    let mut tokens = text.split_whitespace();
    let Some(head) = tokens.next() else { return false };
    let rest: Vec<&str> = tokens.collect();
    let numbered = head.len() <= 7 && head.bytes().all(|b| b.is_ascii_digit());
    // A name's numbering (`12、城乡社区支出`) is no enumeration of a sentence.
    let sentence = |t: &str| {
        let t = &t[crate::text::numbering_len(t)..];
        t.contains(['，', '。', '；', '：', ':', '、']) || t.starts_with(['年', '月', '日'])
    };
    numbered
        && rest.len() >= 2
        && rest.last().is_some_and(|t| is_pointed_amount(t))
        && rest.iter().any(|t| !t.is_ascii())
        && !rest.iter().any(|t| sentence(t))
}

/// A line that reads as a table row with spaces for its cell breaks: it ends in a figure, holds
/// two figures or more (printed with a point or a separator, or of three digits or more), and
/// its words are no sentence (`20103 政府办公厅（室）及相关机构事务 951.38 931.38`, `一、财政拨款收入
/// 304,413,900 一、教育支出 326,658,710`, a row of figures alone `18,330.37 9,312.90 6,459.58`).
pub(super) fn is_spaced_row(text: &str) -> bool {
    // Most prose ends in a mark or a word, and all of it is read here: the cheap test first.
    let text = text.trim_end();
    if !text.ends_with(|c: char| c.is_ascii_digit()) || !text.contains(' ') {
        return false;
    }
    let figure = |t: &str| {
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        (t.contains(['.', ',']) || digits >= 3) && read_amount(t).is_ok_and(|a| a.is_some())
    };
    let (mut figures, mut words, mut last_is_figure) = (0, 0, false);
    for token in text.split_whitespace() {
        last_is_figure = figure(token);
        if last_is_figure {
            figures += 1;
        } else if token.contains(['，', '。', '；', '：', ',', ':']) {
            return false;
        } else if !token.is_ascii() {
            words += 1;
        }
    }
    last_is_figure && figures >= 2 && (words > 0 || figures >= 3)
}

/// A line printed with every character overstruck k times (a bold effect some producers fake:
/// `表表表表表表111111`), read once; `None` when the line is not so.
pub(super) fn collapse_overstrike(line: &str) -> Option<String> {
    // Most lines fail at their first two characters: no allocation for them.
    // (Spaces between the copies, an extractor's letter spacing, are no characters of them.)
    let mut head = line.chars().filter(|c| !c.is_whitespace());
    match (head.next(), head.next()) {
        (Some(a), Some(b)) if a == b => {}
        _ => return None,
    }
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 4 {
        return None;
    }
    let mut runs: Vec<(char, usize)> = Vec::new();
    for &c in &chars {
        match runs.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => runs.push((c, 1)),
        }
    }
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let k = runs.iter().fold(0, |g, &(_, n)| gcd(g, n));
    (k >= 2 && runs.len() >= 2).then(|| runs.iter().flat_map(|&(c, n)| std::iter::repeat_n(c, n / k)).collect())
}

/// A short line printed letter-spaced (`收 入 支 出 决 算 总 表`, `单 位：万 元`), some extractors'
/// rendering of spaced-out titles and furniture: read without the spaces between its Chinese
/// characters; `None` when there are none (most lines: no space at all, or long prose).
pub(super) fn collapse_letter_spacing(line: &str) -> Option<String> {
    // A space between two non-ASCII characters (their last and first bytes are not ASCII): most
    // lines have none, and are neither trimmed nor copied. (Letter spacing is ASCII spaces; an
    // ideographic space between two characters is left as printed.)
    let b = line.as_bytes();
    if b.len() > 240
        || !memchr::memchr_iter(b' ', b).any(|i| i > 0 && b[i - 1] >= 0x80 && b.get(i + 1).is_some_and(|&n| n >= 0x80))
    {
        return None;
    }
    let t = line.trim();
    let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
    let mut out = String::with_capacity(t.len());
    let mut collapsed = false;
    let mut rest = t;
    while let Some(at) = rest.find(char::is_whitespace) {
        let (word, tail) = rest.split_at(at);
        out.push_str(word);
        let after = tail.trim_start();
        if wide(out.chars().next_back()) && wide(after.chars().next()) {
            collapsed = true;
        } else {
            out.push_str(&tail[..tail.len() - after.len()]);
        }
        rest = after;
    }
    out.push_str(rest);
    collapsed.then_some(out)
}

/// A title without the unit printed after it on its line (`…绩效目标表（一级项目）  单位：万元`,
/// `…表 金额单位:元`): the title as it would stand alone. Anything else (a line that ends in a
/// title's last character, a statement after words that end in none) is returned as it is.
pub(super) fn without_unit_statement(t: &str) -> &str {
    // Every unit statement ends in 元 (元, 万元, 千元, 亿元): most lines are settled by their end.
    if !t.ends_with('元') {
        return t;
    }
    let Some(at) = t.rfind("单位") else { return t };
    let (head, statement) = (&t[..at], &t[at..]);
    let head = head.strip_suffix("金额").unwrap_or(head);
    // After a title's end, spaced off it or run on to it (where the letter spacing was taken out).
    if head.trim_end().ends_with(['表', '）', ')'])
        && statement.chars().count() <= 10
        && statement.contains(['：', ':'])
        && crate::amount::Unit::from_text(statement).is_some()
    {
        head.trim_end()
    } else {
        t
    }
}

/// A title of a table outside the disclosure set: a short text ending in 表, alone on its row
/// (asked of lines that `TableKind::from_title` did not take).
pub(super) fn looks_like_other_title(cells: &[&str]) -> bool {
    // A qualifier in brackets may follow (“绩效目标表（一级项目）”); a 绩效 table's qualifier
    // may have lost its brackets to the line after it (“绩效目标表 一级项目” then “( )”).
    fn unqualified(t: &str) -> &str {
        let t = without_unit_statement(t);
        // (Two may: `绩效目标表（一级项目）（单位：万元）`.)
        if let Some(head) = crate::text::before_bracketed_qualifier(t) {
            return crate::text::before_bracketed_qualifier(head).unwrap_or(head);
        }
        // The space is among the last seven characters (the word has at most six): most lines
        // are long prose, searched no further.
        let space = t.char_indices().rev().take(7).find(|&(_, c)| c.is_whitespace()).map(|(at, _)| at);
        match space.map(|at| (t[..at].trim_end(), t[at..].trim_start())) {
            Some((head, word))
                if !word.is_empty()
                    && word.chars().all(|c| c > '\u{3000}')
                    && head.ends_with('表')
                    && head.contains("绩效") =>
            {
                head
            }
            _ => t,
        }
    }
    // Most lines asked are table rows: a second cell with text settles them first.
    if !cells[1..].iter().all(|c| trim(c).is_empty()) || !unqualified(trim(cells[0])).ends_with('表') {
        return false;
    }
    let t = normalize_name(cells[0]);
    // 绩效目标表 and 绩效自评表 carry the project's name: longer titles.
    t.chars().count() <= if t.contains("绩效") { 60 } else { 30 }
        && !t.starts_with('注')
        // (The unit in brackets after a title, `（单位：万元）`, makes it no furniture.)
        && !is_page_furniture(unqualified(trim(cells[0])))
}

/// A line's tab-separated cells, each trimmed (no later phase reads a cell's outer spaces), at
/// the `tabs` found with the line; a line without a tab (prose) is its one cell, as printed.
pub(super) fn split_cells<'t>(line: &'t str, tabs: &[usize], cells: &mut Vec<&'t str>) {
    if tabs.is_empty() {
        cells.push(line);
        return;
    }
    let mut start = 0;
    for &tab in tabs {
        cells.push(trim(&line[start..tab]));
        start = tab + 1;
    }
    cells.push(trim(&line[start..]));
}

/// A page mark (`=== 第3页 ===`): asked of every line, settled by its first bytes for most.
pub(super) fn is_page_mark(line: &str) -> bool {
    if line.bytes().find(|b| !b.is_ascii_whitespace()) != Some(b'=') {
        return false;
    }
    let t = trim(line);
    t.starts_with("===") && t.ends_with("===")
}

pub(super) fn is_layout(line: &str) -> bool {
    let t = trim(line);
    t.is_empty() || (t.starts_with("===") && t.ends_with("===")) || t.starts_with("#####")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_furniture_and_overstruck_lines() {
        for furniture in [
            "单位：万元",
            "部门（单位）：某局 单位：万元",
            "— 9 —",
            "－ 1 -",
            "－12－",
            "― 3 ―",
            "·7·",
            "[12]",
            "第7页，共45页",
            "续表",
            "“ ”",
            ": :",
            "单位名称 某委 单位 万元",
        ] {
            assert!(is_page_furniture(furniture), "{furniture}");
        }
        for prose in ["一、部门主要职责", "本部门无政府性基金预算", "2026年部门预算"] {
            assert!(!is_page_furniture(prose), "{prose}");
        }
        for title in [
            "项目支出绩效目标表",
            "2026年市级一般性项目绩效目标表（一级项目）",
            "2026年市级一般性项目绩效目标表（一级项目）（单位：万元）",
            "培训费明细表（单位：元）",
            "年市级重点专项资金绩效目标表 一级项目",
            "培训费明细表",
        ] {
            assert!(looks_like_other_title(&[title]), "{title}");
        }
        for text in [
            "注：本表反映部门收支",
            "（见附表）",
            "表格",
            "详见附表 三",
            "绩效目标表 2026",
            "编制单位：某局 单位：万元",
        ] {
            assert!(!looks_like_other_title(&[text]), "{text}");
        }
        assert_eq!(collapse_overstrike("表表表111").as_deref(), Some("表1"));
        assert_eq!(collapse_overstrike("222000222222年年年").as_deref(), Some("2022年"));
        assert_eq!(collapse_overstrike("收入总表"), None);
        assert_eq!(collapse_overstrike("一一"), None, "one run is no overstrike");
        assert_eq!(collapse_overstrike("合 合 合 计 计 计").as_deref(), Some("合计"), "letter-spaced too");
        assert_eq!(collapse_overstrike("合 计"), None);
        assert_eq!(collapse_letter_spacing("收 入 支 出 决 算 总 表").as_deref(), Some("收入支出决算总表"));
        assert_eq!(collapse_letter_spacing("单 位 ：万 元").as_deref(), Some("单位：万元"));
        assert_eq!(collapse_letter_spacing("公 开 01 表").as_deref(), Some("公开 01 表"), "digits keep their spaces");
        assert_eq!(collapse_letter_spacing("2020 年度部门决算"), None);
        assert_eq!(collapse_letter_spacing("收入支出决算总表"), None);
    }

    #[test]
    fn a_title_with_its_unit_on_its_line_is_the_title_alone() {
        for (line, title) in [
            ("2026年某项目绩效目标表（一级项目）  单位：万元", "2026年某项目绩效目标表（一级项目）"),
            ("某项目绩效目标表（一级项目）单位：万元", "某项目绩效目标表（一级项目）"),
            ("部门整体支出绩效目标表 金额单位:元", "部门整体支出绩效目标表"),
        ] {
            assert_eq!(super::without_unit_statement(line), title);
            assert!(looks_like_other_title(&[line]), "{line}");
        }
        // A unit statement alone, or one after words that are no title, is what it is.
        for line in ["单位：万元", "编制单位：某局 单位：万元", "本单位无此项支出", "某表 单位：某局"]
        {
            assert_eq!(super::without_unit_statement(line), line);
        }
        assert!(!looks_like_other_title(&["编制单位：某局 单位：万元"]));
    }

    #[test]
    fn a_name_that_overflowed_onto_a_figure_is_split_from_it() {
        let cent = |s: &str| s.parse::<Decimal>().unwrap();
        for (cell, text, value) in
            [("缴费支出43608.96", "缴费支出", "43608.96"), ("出 1,090.22", "出", "1090.22"), ("助-0.50", "助", "-0.50")]
        {
            assert_eq!(classify(cell), Cell::Spilled { whole: cell, text, value: cent(value) }, "{cell}");
        }
        // A version, a year, a figure alone, words alone.
        for cell in ["智慧城市2.0", "2022年度1.00", "一期工程 3.5", "合计"] {
            assert_eq!(classify(cell), Cell::Text(cell), "{cell}");
        }
        assert_eq!(classify("43,608.96"), Cell::Number(cent("43608.96")));
    }

    #[test]
    fn a_figure_printed_over_by_wrapped_words_is_told_from_a_name() {
        for overprinted in ["0部.0门0预算的项目", "障中18心39311.66", "0设.0)0", "0入.00"] {
            assert!(is_overprinted_figure(overprinted), "{overprinted}");
            assert!(matches!(classify(overprinted), Cell::Text(_)), "never read as a figure: {overprinted}");
        }
        // Names that print digits, and a whole number glued after its words.
        for name in ["(1)工资福利支出", "其中：2021年结转", "2020年1月至6月", "1.5万元以上", "维 6540000", "助0.00"]
        {
            assert!(!is_overprinted_figure(name), "{name}");
        }
    }

    #[test]
    fn the_tail_of_a_wrapped_name_is_told_from_a_word_of_its_own() {
        let name = Cell::Text("(3)对个人和家庭的补");
        for tail in ["助", "建设）", "入", "出", "费"] {
            assert!(is_wrapped_tail(tail, name), "{tail}");
        }
        // Words of a header printed again, a blank printed 无, a long name, a tail after a code
        // or after a short word.
        for word in ["决算数", "合计", "事业收入", "无", "商品和服务支出"] {
            assert!(!is_wrapped_tail(word, name), "{word}");
        }
        assert!(!is_wrapped_tail("办公费", Cell::Code(Code::parse("30201").unwrap())));
        assert!(!is_wrapped_tail("建设", Cell::Text("基本")));
        // A tail that closes its name's bracket.
        assert!(closes_bracket(Cell::Text("(5)资本性支出（基本建"), "设）"));
        assert!(!closes_bracket(Cell::Text("(5)资本性支出（基本建设）"), "）"));
        assert!(!closes_bracket(name, "助"));
    }

    #[test]
    fn a_spreadsheets_text_mark_before_digits_is_no_part_of_them() {
        assert_eq!(classify("'2010301"), Cell::Code(Code::parse("2010301").unwrap()));
        assert_eq!(classify("'498"), Cell::Number(Decimal::from(498)));
        assert_eq!(classify("'行政运行"), Cell::Text("'行政运行"));
    }

    #[test]
    fn a_code_with_its_parts_spaced_apart_is_a_code() {
        let code = |s: &str| Cell::Code(Code::parse(s).unwrap());
        assert_eq!(classify("201 03 01"), code("2010301"));
        assert_eq!(classify("301 01"), code("30101"));
        for cell in ["201 3 01", "201  03", "2010 301", "1 234 567"] {
            assert!(!matches!(classify(cell), Cell::Code(_)), "{cell}");
        }
    }

    #[test]
    fn rows_printed_without_cell_boundaries() {
        let rows = [
            "2060203 15,500.00 15,500.00",
            "合计 1,717.85 1,717.85",
            "23 302 商品和服务支出 4706442.50 1252566.00 3453876.50",
            "24 通用项目 203250.00",
            "22 211 10 01 节能管理 A02010299 其他 12.00",
            "13 12、城乡社区支出 0.00 (6)资本性支出 732067.92",
        ];
        for row in rows {
            assert!(is_flattened_row(row), "{row}");
        }
        let prose = [
            "2026 年度部门预算",
            "一、部门主要职责",
            "201 一般公共服务支出",
            "截至 2021 年 12 月 31 日",
            "2022 年本部门预算收入 105946.48",
            "3 项目支出 1234",
            "1 其中：人员经费 12.50",
            "2 一般公共预算拨款收入、政府性基金 12.50",
        ];
        for text in prose {
            assert!(!is_flattened_row(text), "{text}");
        }
    }
}
