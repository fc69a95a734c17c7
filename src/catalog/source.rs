//! Reading and validating the catalog CSV files (`data/*.csv`, or a user's own official file).
//!
//! This file depends on `std` alone because the generator (`xtask`) compiles this very file with
//! `#[path]`: the embedded tables and a catalog loaded at run time pass the same checks.

use std::collections::HashMap;
use std::fmt;

/// Header of `func.csv`, `econ_dept.csv` and `econ_gov.csv`.
pub const CODE_HEADER: &str = "code,name,valid_from,valid_to,evidence";
/// Header of `econ_map.csv`.
pub const MAP_HEADER: &str = "dept_code,gov_code,condition,evidence";

/// Which classification a code file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// 支出功能分类 (`func.csv`): 3/5/7 digits, first digit 2.
    Function,
    /// 部门预算支出经济分类 (`econ_dept.csv`): 3/5 digits, first digit 3.
    EconDept,
    /// 政府预算支出经济分类 (`econ_gov.csv`): 3/5 digits, first digit 5.
    EconGov,
}

impl SourceKind {
    fn full_width(self) -> usize {
        match self {
            SourceKind::Function => 7,
            SourceKind::EconDept | SourceKind::EconGov => 5,
        }
    }
    fn first_digit(self) -> u8 {
        match self {
            SourceKind::Function => b'2',
            SourceKind::EconDept => b'3',
            SourceKind::EconGov => b'5',
        }
    }
}

/// One row of a code file: one code and one name period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// The code padded with zeros to its classification's full width (7 or 5 digits), so that
    /// integer order is tree order: `201` → 2010000, `20103` → 2010300.
    pub key: u32,
    /// Printed digits: 3, 5 or 7.
    pub digits: u8,
    pub name: String,
    pub valid_from: u16,
    /// `None`: still valid in the last year the catalog covers.
    pub valid_to: Option<u16>,
    pub evidence: String,
    /// 1-based line in its file.
    pub line: usize,
}

/// One row of `econ_map.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMapRow {
    pub dept_key: u32,
    pub gov_key: u32,
    pub condition: String,
    pub evidence: String,
    pub line: usize,
}

/// A catalog file that cannot be used, with the file, the 1-based line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for SourceError {}

fn err(file: &str, line: usize, reason: impl Into<String>) -> SourceError {
    SourceError { file: file.to_string(), line, reason: reason.into() }
}

/// Folds the differences that printing introduces into a name: every white space (line-wrap
/// spaces such as "相 关机构") is removed and full-width ASCII forms (（）０-９：) become ASCII.
pub fn normalize_name(name: &str) -> String {
    // Never longer than the input: one allocation; the runs of characters that stay are copied
    // whole (most of a name: CJK characters).
    let mut normal = String::with_capacity(name.len());
    let mut run = 0;
    for (at, c) in name.char_indices() {
        let Some(folded) = folded(c) else { continue };
        normal.push_str(&name[run..at]);
        normal.extend(folded);
        run = at + c.len_utf8();
    }
    normal.push_str(&name[run..]);
    normal
}

/// What normalizing does to a character: `None` when it stays, `Some(None)` when it goes (a
/// space), `Some(Some(c))` when it becomes `c`. No white space lies above U+3000: most CJK
/// characters are settled by one comparison.
pub(crate) fn folded(c: char) -> Option<Option<char>> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => Some(Some(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c))),
        '〔' | '【' => Some(Some('[')),
        '〕' | '】' => Some(Some(']')),
        c if c > '\u{3000}' => None,
        c if c.is_whitespace() => Some(None),
        _ => None,
    }
}

/// The characters of [`normalize_name`], without collecting them: names are compared this way
/// on the audit's hot path.
pub fn normal_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter(|&c| c > '\u{3000}' || !c.is_whitespace()).map(|c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        _ => c,
    })
}

/// Splits one CSV record (RFC 4180 quoting, no embedded line breaks).
fn split_record(line: &str) -> Result<Vec<String>, &'static str> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '"') if field.is_empty() => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',')) {
                    return Err("text after a closing quote");
                }
            }
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quote");
    }
    fields.push(field);
    Ok(fields)
}

fn parse_year(file: &str, line: usize, column: &str, text: &str) -> Result<u16, SourceError> {
    let year: u16 = text.parse().map_err(|_| err(file, line, format!("{column} {text:?} is not a year")))?;
    if !(1990..=2100).contains(&year) {
        return Err(err(file, line, format!("{column} {year} is outside 1990–2100")));
    }
    Ok(year)
}

/// Checks the digits of a code and pads it to its key; `None` with the reason when malformed.
fn parse_key(text: &str, kind: SourceKind) -> Result<(u32, u8), String> {
    let width = kind.full_width();
    let bytes = text.as_bytes();
    let allowed: &[usize] = if width == 7 { &[3, 5, 7] } else { &[3, 5] };
    if !allowed.contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(format!("code {text:?} is not {allowed:?} ASCII digits"));
    }
    if bytes[0] != kind.first_digit() {
        return Err(format!(
            "code {text:?} does not start with {} as this classification's codes do",
            kind.first_digit() as char
        ));
    }
    if bytes.len() >= 5 && &bytes[3..5] == b"00" || bytes.len() == 7 && &bytes[5..7] == b"00" {
        return Err(format!("code {text:?} has a part 00, which no 款 or 项 uses"));
    }
    let raw: u32 = text.parse().map_err(|_| format!("code {text:?} overflows"))?;
    Ok((raw * 10u32.pow((width - bytes.len()) as u32), bytes.len() as u8))
}

fn records<'t>(
    file: &'t str,
    text: &'t str,
    header: &'static str,
    columns: usize,
) -> Result<impl Iterator<Item = Result<(usize, Vec<String>), SourceError>> + 't, SourceError> {
    let mut lines = text.lines().enumerate();
    let first = lines.next().map(|(_, l)| l.trim_start_matches('\u{FEFF}').trim_end());
    if first != Some(header) {
        return Err(err(file, 1, format!("header is {first:?}, expected {header:?}")));
    }
    Ok(lines.filter(|(_, l)| !l.trim().is_empty()).map(move |(i, l)| {
        let line = i + 1;
        let fields = split_record(l.trim_end_matches('\r')).map_err(|r| err(file, line, r))?;
        if fields.len() != columns {
            return Err(err(file, line, format!("{} fields, expected {columns} ({header})", fields.len())));
        }
        Ok((line, fields))
    }))
}

/// Parses one code file (`func.csv`, `econ_dept.csv` or `econ_gov.csv`), checking each row alone.
pub fn parse_codes(file: &str, text: &str, kind: SourceKind) -> Result<Vec<SourceRow>, SourceError> {
    let mut rows = Vec::new();
    for record in records(file, text, CODE_HEADER, 5)? {
        let (line, f) = record?;
        let (key, digits) = parse_key(f[0].trim(), kind).map_err(|r| err(file, line, r))?;
        let name = f[1].trim().to_string();
        if name.is_empty() {
            return Err(err(file, line, format!("code {} has an empty name", f[0])));
        }
        if name.chars().any(char::is_whitespace) {
            return Err(err(file, line, format!("name {name:?} contains white space")));
        }
        let valid_from = parse_year(file, line, "valid_from", f[2].trim())?;
        let valid_to = match f[3].trim() {
            "" => None,
            t => Some(parse_year(file, line, "valid_to", t)?),
        };
        if valid_to.is_some_and(|to| to < valid_from) {
            return Err(err(file, line, format!("valid_to {} is before valid_from {valid_from}", f[3])));
        }
        let evidence = f[4].trim().to_string();
        if evidence.is_empty() {
            return Err(err(file, line, "the evidence column is empty"));
        }
        rows.push(SourceRow { key, digits, name, valid_from, valid_to, evidence, line });
    }
    Ok(rows)
}

/// The parent key of a key, given its printed digits; `None` for a 类.
pub fn parent_key(key: u32, digits: u8, full_width: u8) -> Option<(u32, u8)> {
    if digits <= 3 {
        return None;
    }
    let parent_digits = digits - 2;
    let unit = 10u32.pow(u32::from(full_width - parent_digits));
    Some((key - key % unit, parent_digits))
}

/// Checks a whole catalog (all files' rows together), sorting rows by key then period: no code
/// has two names in one year, every 项 has its 款 and 类 and every 款 its 类 in every year it is
/// valid. `last_year` closes the open periods. `files` names each kind's file for messages.
pub fn validate(
    rows: &mut [(SourceKind, SourceRow)],
    last_year: u16,
    files: &dyn Fn(SourceKind) -> String,
) -> Result<(), SourceError> {
    rows.sort_by_key(|(_, r)| (r.key, r.valid_from));
    for pair in rows.windows(2) {
        let ((kind, a), (_, b)) = (&pair[0], &pair[1]);
        if a.key == b.key && a.valid_to.is_none_or(|to| to >= b.valid_from) {
            return Err(err(
                &files(*kind),
                b.line,
                format!(
                    "code {} has two names in {}: {:?} (line {}) and {:?}",
                    printed(b.key, b.digits, *kind),
                    b.valid_from,
                    a.name,
                    a.line,
                    b.name
                ),
            ));
        }
    }
    let mut periods: HashMap<u32, Vec<(u16, u16)>> = HashMap::new();
    for (_, r) in rows.iter() {
        periods.entry(r.key).or_default().push((r.valid_from, r.valid_to.unwrap_or(last_year)));
    }
    for (kind, r) in rows.iter() {
        if r.valid_from > last_year {
            return Err(err(&files(*kind), r.line, format!("valid_from {} is after {last_year}", r.valid_from)));
        }
        let mut child = (r.key, r.digits);
        while let Some(parent) = parent_key(child.0, child.1, kind.full_width() as u8) {
            let covered = |year: u16| {
                periods.get(&parent.0).is_some_and(|ps| ps.iter().any(|&(from, to)| (from..=to).contains(&year)))
            };
            if let Some(year) = (r.valid_from..=r.valid_to.unwrap_or(last_year)).find(|&y| !covered(y)) {
                return Err(err(
                    &files(*kind),
                    r.line,
                    format!(
                        "code {} is valid in {year} but its parent {} is not",
                        printed(r.key, r.digits, *kind),
                        printed(parent.0, parent.1, *kind)
                    ),
                ));
            }
            child = parent;
        }
    }
    Ok(())
}

fn printed(key: u32, digits: u8, kind: SourceKind) -> String {
    let raw = key / 10u32.pow((kind.full_width() as u32).saturating_sub(u32::from(digits)));
    raw.to_string()
}

/// Parses `econ_map.csv` and checks that both sides of every mapping are known codes.
pub fn parse_map(file: &str, text: &str, rows: &[(SourceKind, SourceRow)]) -> Result<Vec<SourceMapRow>, SourceError> {
    let known = |kind: SourceKind, key: u32| rows.iter().any(|(k, r)| *k == kind && r.key == key);
    let mut out = Vec::new();
    for record in records(file, text, MAP_HEADER, 4)? {
        let (line, f) = record?;
        let (dept_key, _) = parse_key(f[0].trim(), SourceKind::EconDept).map_err(|r| err(file, line, r))?;
        let (gov_key, _) = parse_key(f[1].trim(), SourceKind::EconGov).map_err(|r| err(file, line, r))?;
        if !known(SourceKind::EconDept, dept_key) {
            return Err(err(file, line, format!("部门预算 code {} is not in the catalog", f[0])));
        }
        if !known(SourceKind::EconGov, gov_key) {
            return Err(err(file, line, format!("政府预算 code {} is not in the catalog", f[1])));
        }
        let condition = f[2].trim().to_string();
        if condition.is_empty() {
            return Err(err(file, line, "the condition column is empty"));
        }
        out.push(SourceMapRow { dept_key, gov_key, condition, evidence: f[3].trim().to_string(), line });
    }
    Ok(out)
}

/// The last year a set of rows covers: the latest year any row names.
pub fn last_year(rows: &[(SourceKind, SourceRow)]) -> Option<u16> {
    rows.iter().map(|(_, r)| r.valid_to.unwrap_or(r.valid_from).max(r.valid_from)).max()
}
