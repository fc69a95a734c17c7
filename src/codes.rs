//! Typed classification codes: the vocabulary everything else in kemu speaks.
//!
//! A code is a `u32` inside, padded with zeros to its classification's full width so that integer
//! order is tree order (`201` < `20101` < `2010101` < `2010102` < `20102` < `202`); a part `00` is
//! never a valid 款 or 项, so the padded value also determines the level. Strings live only at the
//! edges: [`FuncCode::parse`] and `Display`.

use std::fmt;
use std::str::FromStr;

/// The level of a code in its tree: 类 (3 digits), 款 (5 digits), 项 (7 digits, 功能分类 only).
///
/// ```
/// use kemu::{FuncCode, Level};
/// assert_eq!(FuncCode::parse("20103")?.level(), Level::Section);
/// assert!(Level::Class < Level::Item);
/// assert_eq!(Level::Item.to_string(), "项");
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Level {
    /// 类: 3 digits, e.g. `201` 一般公共服务支出.
    Class,
    /// 款: 5 digits, e.g. `20103` 政府办公厅（室）及相关机构事务.
    Section,
    /// 项: 7 digits, e.g. `2010301` 行政运行.
    Item,
}

impl Level {
    /// How many digits a code of this level prints.
    ///
    /// ```
    /// assert_eq!(kemu::Level::Section.digits(), 5);
    /// ```
    pub const fn digits(self) -> u32 {
        match self {
            Level::Class => 3,
            Level::Section => 5,
            Level::Item => 7,
        }
    }

    /// The Chinese name of the level: 类, 款 or 项.
    ///
    /// ```
    /// assert_eq!(kemu::Level::Item.chinese(), "项");
    /// ```
    pub const fn chinese(self) -> &'static str {
        match self {
            Level::Class => "类",
            Level::Section => "款",
            Level::Item => "项",
        }
    }

    /// The next level down, if any (`Item` has none).
    ///
    /// ```
    /// use kemu::Level;
    /// assert_eq!(Level::Class.child(), Some(Level::Section));
    /// assert_eq!(Level::Item.child(), None);
    /// ```
    pub const fn child(self) -> Option<Level> {
        match self {
            Level::Class => Some(Level::Section),
            Level::Section => Some(Level::Item),
            Level::Item => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.chinese())
    }
}

/// A fiscal year (预算年度), 1990–2100.
///
/// ```
/// use kemu::FiscalYear;
/// let year = FiscalYear::new(2020).unwrap();
/// assert_eq!(year.get(), 2020);
/// assert!(FiscalYear::new(20).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u16", into = "u16"))]
pub struct FiscalYear(u16);

/// A year outside 1990–2100.
///
/// ```
/// let err = kemu::FiscalYear::new(1900).unwrap_err();
/// assert_eq!(err, kemu::YearError(1900));
/// assert_eq!(err.to_string(), "1900 is not a fiscal year kemu accepts (1990–2100)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a fiscal year kemu accepts (1990–2100)")]
pub struct YearError(pub u16);

impl FiscalYear {
    /// The year, if within 1990–2100.
    ///
    /// ```
    /// assert!(kemu::FiscalYear::new(2026).is_ok());
    /// assert!(kemu::FiscalYear::new(2101).is_err());
    /// ```
    pub const fn new(year: u16) -> Result<Self, YearError> {
        if year >= 1990 && year <= 2100 { Ok(FiscalYear(year)) } else { Err(YearError(year)) }
    }

    /// The year as a number.
    ///
    /// ```
    /// let year: kemu::FiscalYear = 2024u16.try_into().unwrap();
    /// assert_eq!(year.get(), 2024);
    /// ```
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for FiscalYear {
    type Error = YearError;
    fn try_from(year: u16) -> Result<Self, YearError> {
        FiscalYear::new(year)
    }
}

impl From<FiscalYear> for u16 {
    fn from(year: FiscalYear) -> u16 {
        year.0
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which classification a code string was meant to be.
///
/// ```
/// use kemu::{Classification, Code};
/// assert_eq!(Code::parse("2010301")?.classification(), Classification::Function);
/// assert_eq!(Code::parse("50101")?.classification(), Classification::EconGovernment);
/// assert_eq!(Classification::EconDepartment.to_string(), "部门预算支出经济分类");
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Classification {
    /// 支出功能分类: 3/5/7 digits starting with 2.
    Function,
    /// 部门预算支出经济分类: 3/5 digits starting with 3.
    EconDepartment,
    /// 政府预算支出经济分类: 3/5 digits starting with 5.
    EconGovernment,
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Classification::Function => "支出功能分类",
            Classification::EconDepartment => "部门预算支出经济分类",
            Classification::EconGovernment => "政府预算支出经济分类",
        })
    }
}

/// What is wrong with a code string.
///
/// ```
/// use kemu::{FuncCode, ParseCodeProblem};
/// let err = FuncCode::parse("20a03").unwrap_err();
/// assert_eq!(err.problem, ParseCodeProblem::NotADigit { ch: 'a', at: 2 });
/// assert!(matches!(FuncCode::parse("2010").unwrap_err().problem, ParseCodeProblem::WrongLength { len: 4, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
#[non_exhaustive]
pub enum ParseCodeProblem {
    /// Nothing but white space.
    #[error("it is empty")]
    Empty,
    /// A character that is not an ASCII digit where one is required (byte offset `at`).
    #[error("{ch:?} at byte {at} is not a digit")]
    NotADigit {
        /// The character.
        ch: char,
        /// Its byte offset in the input.
        at: usize,
    },
    /// The digits are not 3, 5 or 7 long (3 or 5 for 经济分类).
    #[error("{len} digits, expected {expected}")]
    WrongLength {
        /// How many digits there are.
        len: usize,
        /// The lengths the classification allows.
        expected: &'static str,
    },
    /// A split code's part has the wrong number of digits ("301 2": a 款 part needs two).
    #[error("part {part} ({text:?}) has {len} digits, expected {expected}")]
    PartLength {
        /// The 1-based part (1: 类, 2: 款, 3: 项).
        part: usize,
        /// The part as given.
        text: String,
        /// Its digits.
        len: usize,
        /// The digits it needs.
        expected: usize,
    },
    /// A split code with more parts than 类/款/项.
    #[error("{parts} parts, at most {max} (类/款/项)")]
    TooManyParts {
        /// How many parts there are.
        parts: usize,
        /// The most the classification has.
        max: usize,
    },
    /// The first digit does not belong to the classification.
    #[error("it starts with {found}, but {classification} codes start with {expected}")]
    WrongFirstDigit {
        /// The first digit given.
        found: char,
        /// The first digits the classification uses.
        expected: &'static str,
        /// The classification asked for.
        classification: Classification,
    },
    /// Read as either kind ([`Code::parse`]), a first digit that no classification uses.
    #[error(
        "it starts with {found}: 支出功能分类 codes start with 2, 部门预算支出经济分类 codes with 3, 政府预算支出经济分类 codes with 5"
    )]
    NoClassification {
        /// The first digit given.
        found: char,
    },
    /// A 款 or 项 part is `00`, which no code uses.
    #[error("its {level} part is 00")]
    ZeroPart {
        /// The level whose part is 00.
        level: Level,
    },
}

/// A code string that is not a valid code, naming the input and what is wrong.
///
/// ```
/// let err = kemu::FuncCode::parse("20103O1").unwrap_err();
/// assert_eq!(err.to_string(), r#"cannot read "20103O1" as a 支出功能分类 code: 'O' at byte 5 is not a digit"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[error("cannot read {input:?} as a {classification} code: {problem}")]
pub struct ParseCodeError {
    /// The whole input as given.
    pub input: String,
    /// The classification that was asked for.
    pub classification: Classification,
    /// What is wrong.
    pub problem: ParseCodeProblem,
}

/// Digits of a code found in a string, before the classification's own checks.
struct Digits {
    value: u32,
    len: usize,
}

fn strict_digits(s: &str, max_len: usize) -> Result<Digits, ParseCodeProblem> {
    if s.is_empty() {
        return Err(ParseCodeProblem::Empty);
    }
    if let Some((at, ch)) = s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(ParseCodeProblem::NotADigit { ch, at });
    }
    if s.len() > max_len {
        return Err(ParseCodeProblem::WrongLength { len: s.len(), expected: expected_lengths(max_len) });
    }
    // At most 7 ASCII digits: fits in u32.
    let value = s.bytes().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    Ok(Digits { value, len: s.len() })
}

fn expected_lengths(max_len: usize) -> &'static str {
    if max_len == 7 { "3, 5 or 7" } else { "3 or 5" }
}

/// Full-width digits (０-９) to ASCII; everything else unchanged.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// The lenient reading: full-width digits, surrounding white space, parts split by white space
/// ("201 03 01") and a trailing name ("2010301 行政运行", "2010301行政运行").
fn lenient_digits(input: &str, max_len: usize) -> Result<Digits, ParseCodeProblem> {
    let s: String = input.trim().chars().map(ascii_digit).collect();
    if s.is_empty() {
        return Err(ParseCodeProblem::Empty);
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = s.as_str();
    loop {
        let run = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if run == 0 {
            break;
        }
        parts.push(&rest[..run]);
        let after = rest[run..].trim_start();
        if after.starts_with(|c: char| c.is_ascii_digit()) && rest[run..].starts_with(char::is_whitespace) {
            rest = after;
        } else {
            rest = &rest[run..];
            break;
        }
    }
    // What follows the code must be a name, not more of a garbled code ("20103O1").
    if let Some(ch) =
        rest.chars().next().filter(|c| !c.is_whitespace() && (c.is_ascii_alphanumeric() || parts.is_empty()))
    {
        let at = s.len() - rest.len();
        return Err(ParseCodeProblem::NotADigit { ch, at });
    }
    match parts.as_slice() {
        [] => Err(ParseCodeProblem::Empty),
        [one] => strict_digits(one, max_len),
        many => {
            let max_parts = if max_len == 7 { 3 } else { 2 };
            if many.len() > max_parts {
                return Err(ParseCodeProblem::TooManyParts { parts: many.len(), max: max_parts });
            }
            for (i, part) in many.iter().enumerate() {
                let expected = if i == 0 { 3 } else { 2 };
                if part.len() != expected {
                    return Err(ParseCodeProblem::PartLength {
                        part: i + 1,
                        text: part.to_string(),
                        len: part.len(),
                        expected,
                    });
                }
            }
            strict_digits(&many.concat(), max_len)
        }
    }
}

/// Pads checked digits to the key of a classification of `full` digits.
fn key_of(
    d: Digits,
    full: usize,
    first: &[u8],
    expected: &'static str,
    classification: Classification,
) -> Result<u32, ParseCodeProblem> {
    let lengths: &[usize] = if full == 7 { &[3, 5, 7] } else { &[3, 5] };
    if !lengths.contains(&d.len) {
        return Err(ParseCodeProblem::WrongLength { len: d.len, expected: expected_lengths(full) });
    }
    let leading = (d.value / 10u32.pow(d.len as u32 - 1)) as u8 + b'0';
    if !first.contains(&leading) {
        return Err(ParseCodeProblem::WrongFirstDigit { found: leading as char, expected, classification });
    }
    if d.len >= 5 && (d.value / 10u32.pow(d.len as u32 - 5)).is_multiple_of(100) {
        return Err(ParseCodeProblem::ZeroPart { level: Level::Section });
    }
    if d.len == 7 && d.value.is_multiple_of(100) {
        return Err(ParseCodeProblem::ZeroPart { level: Level::Item });
    }
    Ok(d.value * 10u32.pow((full - d.len) as u32))
}

fn level_of(key: u32, full: u32) -> Level {
    if key.is_multiple_of(10u32.pow(full - 3)) {
        Level::Class
    } else if key.is_multiple_of(10u32.pow(full - 5)) {
        Level::Section
    } else {
        Level::Item
    }
}

/// A 支出功能分类 code (类 3 digits, 款 5, 项 7), e.g. `2010301` 行政运行.
///
/// `Ord` is tree order: a 类, then its first 款, that 款's 项, the next 款 ….
///
/// ```
/// use kemu::{FuncCode, Level};
/// let code: FuncCode = "2010301".parse()?;
/// assert_eq!(code.level(), Level::Item);
/// assert_eq!(code.parent().unwrap().to_string(), "20103");
/// assert!(FuncCode::parse("20103").unwrap() < code);
/// assert!(code < FuncCode::parse("20104").unwrap());
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncCode(u32);

impl FuncCode {
    const FULL: u32 = 7;

    /// Strict parse: exactly 3, 5 or 7 ASCII digits starting with 2, no `00` part.
    ///
    /// ```
    /// assert!(kemu::FuncCode::parse("2010301").is_ok());
    /// assert!(kemu::FuncCode::parse(" 2010301").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, ParseCodeError> {
        Self::finish(s, strict_digits(s, Self::FULL as usize))
    }

    /// Lenient parse, for text extracted from published tables: also full-width digits,
    /// surrounding white space, parts split into 类/款/项 columns, and a trailing name.
    ///
    /// ```
    /// use kemu::FuncCode;
    /// let code = FuncCode::parse("2010301")?;
    /// assert_eq!(FuncCode::parse_lenient("201 03 01")?, code);
    /// assert_eq!(FuncCode::parse_lenient("201\t03\t01")?, code);
    /// assert_eq!(FuncCode::parse_lenient("２０１０３０１")?, code);
    /// assert_eq!(FuncCode::parse_lenient(" 2010301 行政运行")?, code);
    /// assert!(FuncCode::parse_lenient("201 3").is_err());
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn parse_lenient(s: &str) -> Result<Self, ParseCodeError> {
        Self::finish(s, lenient_digits(s, Self::FULL as usize))
    }

    fn finish(input: &str, digits: Result<Digits, ParseCodeProblem>) -> Result<Self, ParseCodeError> {
        Self::key_from(digits).map(FuncCode).map_err(|problem| ParseCodeError {
            input: input.to_string(),
            classification: Classification::Function,
            problem,
        })
    }

    /// The key the digits make, or what is wrong with them (no error value built).
    fn key_from(digits: Result<Digits, ParseCodeProblem>) -> Result<u32, ParseCodeProblem> {
        digits.and_then(|d| key_of(d, Self::FULL as usize, b"2", "2", Classification::Function))
    }

    /// The code from its printed digits as a number (`2010301`), if valid.
    ///
    /// ```
    /// assert_eq!(kemu::FuncCode::from_digits(20103).unwrap().to_string(), "20103");
    /// assert!(kemu::FuncCode::from_digits(2010300).is_none());
    /// ```
    pub fn from_digits(digits: u32) -> Option<Self> {
        Self::parse(&digits.to_string()).ok()
    }

    /// The code from its tree-order key (padded to 7 digits), if it is one.
    ///
    /// ```
    /// assert_eq!(kemu::FuncCode::from_key(2010300).unwrap().to_string(), "20103");
    /// ```
    pub fn from_key(key: u32) -> Option<Self> {
        let valid = (2_000_000..3_000_000).contains(&key)
            && (!(key / 100).is_multiple_of(100) || key.is_multiple_of(100))
            && key / 10_000 % 1000 >= 200;
        valid.then_some(FuncCode(key))
    }

    /// The tree-order key: the code padded with zeros to 7 digits.
    ///
    /// ```
    /// let c = kemu::FuncCode::parse("20103").unwrap();
    /// assert_eq!(c.key(), 2010300);
    /// assert!(kemu::FuncCode::parse("201").unwrap().key() < c.key(), "integer order is tree order");
    /// ```
    pub const fn key(self) -> u32 {
        self.0
    }

    /// The printed digits as a number: `2010301`, `20103`, `201`.
    ///
    /// ```
    /// assert_eq!(kemu::FuncCode::parse("20103").unwrap().digits(), 20103);
    /// ```
    pub fn digits(self) -> u32 {
        self.0 / 10u32.pow(Self::FULL - self.level().digits())
    }

    /// 类, 款 or 项.
    ///
    /// ```
    /// assert_eq!(kemu::FuncCode::parse("2010301").unwrap().level(), kemu::Level::Item);
    /// ```
    pub fn level(self) -> Level {
        level_of(self.0, Self::FULL)
    }

    /// The code one level up; `None` for a 类.
    ///
    /// ```
    /// let item = kemu::FuncCode::parse("2010301").unwrap();
    /// assert_eq!(item.parent().unwrap().parent().unwrap().to_string(), "201");
    /// ```
    pub fn parent(self) -> Option<Self> {
        match self.level() {
            Level::Class => None,
            Level::Section => Some(FuncCode(self.0 - self.0 % 10_000)),
            Level::Item => Some(FuncCode(self.0 - self.0 % 100)),
        }
    }

    /// The parents from the nearest up to the 类.
    ///
    /// ```
    /// let item = kemu::FuncCode::parse("2010301").unwrap();
    /// let up: Vec<String> = item.ancestors().map(|c| c.to_string()).collect();
    /// assert_eq!(up, ["20103", "201"]);
    /// ```
    pub fn ancestors(self) -> impl Iterator<Item = FuncCode> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// The 类 this code belongs to (itself for a 类).
    ///
    /// ```
    /// assert_eq!(kemu::FuncCode::parse("2010301").unwrap().class().to_string(), "201");
    /// ```
    pub fn class(self) -> Self {
        FuncCode(self.0 - self.0 % 10_000)
    }

    /// Whether this is a residual "其他…" code: its last part is 99 (`2010399`, `20199`).
    ///
    /// ```
    /// assert!(kemu::FuncCode::parse("2010499").unwrap().is_residual());
    /// assert!(!kemu::FuncCode::parse("2010401").unwrap().is_residual());
    /// ```
    pub fn is_residual(self) -> bool {
        self.level() != Level::Class && self.digits() % 100 == 99
    }

    /// Whether `self` lies strictly below `ancestor` in the tree.
    ///
    /// ```
    /// use kemu::FuncCode;
    /// let (class, item) = (FuncCode::parse("201").unwrap(), FuncCode::parse("2010301").unwrap());
    /// assert!(item.is_descendant_of(class));
    /// assert!(!class.is_descendant_of(class), "strictly below");
    /// ```
    pub fn is_descendant_of(self, ancestor: FuncCode) -> bool {
        self.ancestors().any(|a| a == ancestor)
    }
}

/// Which economic classification an [`EconCode`] belongs to.
///
/// ```
/// use kemu::{EconCode, EconKind};
/// assert_eq!(EconCode::parse("302")?.kind(), EconKind::Department);
/// assert_eq!(EconCode::parse("502")?.kind(), EconKind::Government);
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EconKind {
    /// 部门预算支出经济分类: `301` 工资福利支出 … `399` 其他支出.
    Department,
    /// 政府预算支出经济分类: `501` 机关工资福利支出 … `599` 其他支出.
    Government,
}

/// A 支出经济分类 code: 部门预算 (`301`, `30101`) or 政府预算 (`501`, `50101`); 类 3 digits, 款 5.
///
/// The national classification stops at 款. Some places print a local 项 of 7 digits below a
/// 款 (Chongqing's `3010201` 规范性津补贴 under `30102` 津贴补贴): such a code parses, is a
/// [`Level::Item`] whose parent is its 款, and is in no catalog ([`EconCode::is_local`]).
///
/// `Ord` is tree order: a 类, its first 款, that 款's local 项, the next 款 ….
///
/// ```
/// use kemu::{EconCode, EconKind, Level};
/// let code = EconCode::parse("30101")?;
/// assert_eq!(code.kind(), EconKind::Department);
/// assert_eq!(code.level(), Level::Section);
/// assert_eq!(code.parent().unwrap().to_string(), "301");
/// assert_eq!(EconCode::parse("50101")?.kind(), EconKind::Government);
/// let local = EconCode::parse("3010201")?;
/// assert_eq!((local.level(), local.parent()), (Level::Item, Some(EconCode::parse("30102")?)));
/// assert!(EconCode::parse("30102")? < local && local < EconCode::parse("30103")?);
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EconCode(
    /// The code padded with zeros to 7 digits (`3010100` for `30101`): tree order.
    u32,
);

impl EconCode {
    const FULL: u32 = 7;

    /// Strict parse: 3, 5 or 7 ASCII digits starting with 3 or 5, no `00` part.
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse("30101")?.to_string(), "30101");
    /// assert!(kemu::EconCode::parse("2010301").is_err(), "a 功能分类 code");
    /// assert!(kemu::EconCode::parse("30100").is_err(), "a 00 part");
    /// assert!(kemu::EconCode::parse("3010200").is_err(), "a local 项 00");
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, ParseCodeError> {
        Self::finish(s, strict_digits(s, Self::FULL as usize))
    }

    /// Lenient parse, as [`FuncCode::parse_lenient`] (`"301 01"`, `"30101 基本工资"`).
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse_lenient("301 01 基本工资")?.to_string(), "30101");
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn parse_lenient(s: &str) -> Result<Self, ParseCodeError> {
        Self::finish(s, lenient_digits(s, Self::FULL as usize))
    }

    fn finish(input: &str, digits: Result<Digits, ParseCodeProblem>) -> Result<Self, ParseCodeError> {
        let guess = match input.trim().chars().next().map(ascii_digit) {
            Some('5') => Classification::EconGovernment,
            _ => Classification::EconDepartment,
        };
        Self::key_from(digits, guess).map(EconCode).map_err(|problem| ParseCodeError {
            input: input.to_string(),
            classification: guess,
            problem,
        })
    }

    /// The key the digits make, or what is wrong with them (no error value built).
    fn key_from(digits: Result<Digits, ParseCodeProblem>, guess: Classification) -> Result<u32, ParseCodeProblem> {
        digits.and_then(|d| key_of(d, Self::FULL as usize, b"35", "3 or 5", guess))
    }

    /// The code from its printed digits as a number (`30101`), if valid.
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::from_digits(30101).unwrap().to_string(), "30101");
    /// assert_eq!(kemu::EconCode::from_digits(20101), None);
    /// ```
    pub fn from_digits(digits: u32) -> Option<Self> {
        Self::parse(&digits.to_string()).ok()
    }

    /// The code from its key ([`EconCode::key`]), if it is one.
    ///
    /// ```
    /// use kemu::EconCode;
    /// for code in ["301", "30101", "3010201"] {
    ///     let code = EconCode::parse(code).unwrap();
    ///     assert_eq!(EconCode::from_key(code.key()), Some(code));
    /// }
    /// ```
    pub fn from_key(key: u32) -> Option<Self> {
        let national = |key: u32| {
            ((30_000..40_000).contains(&key) || (50_000..60_000).contains(&key)) && !(key / 100).is_multiple_of(100)
        };
        if national(key) {
            Some(EconCode(key * 100))
        } else {
            // A local 项: its 款 is a national 款, its own part not 00.
            let section = key / 100;
            (national(section) && !section.is_multiple_of(100) && !key.is_multiple_of(100)).then_some(EconCode(key))
        }
    }

    /// The key: for a national code, the code padded with zeros to 5 digits, in tree order (the
    /// catalog's keys); for a local 项, its 7 digits (past every national key).
    ///
    /// ```
    /// use kemu::EconCode;
    /// assert_eq!(EconCode::parse("301").unwrap().key(), 30100);
    /// assert_eq!(EconCode::parse("3010201").unwrap().key(), 3010201);
    /// ```
    pub const fn key(self) -> u32 {
        if self.0.is_multiple_of(100) { self.0 / 100 } else { self.0 }
    }

    /// Whether this is a local 项 (7 digits), which no national catalog holds.
    ///
    /// ```
    /// assert!(kemu::EconCode::parse("3010201").unwrap().is_local());
    /// assert!(!kemu::EconCode::parse("30102").unwrap().is_local());
    /// ```
    pub const fn is_local(self) -> bool {
        !self.0.is_multiple_of(100)
    }

    /// 部门预算 (3xx) or 政府预算 (5xx).
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse("50101").unwrap().kind(), kemu::EconKind::Government);
    /// ```
    pub fn kind(self) -> EconKind {
        if self.0 < 5_000_000 { EconKind::Department } else { EconKind::Government }
    }

    /// The printed digits as a number: `30101`, `301`.
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse("30101").unwrap().digits(), 30101);
    /// ```
    pub fn digits(self) -> u32 {
        self.0 / 10u32.pow(Self::FULL - self.level().digits())
    }

    /// 类 or 款; 项 for a local code ([`EconCode::is_local`]).
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse("301").unwrap().level(), kemu::Level::Class);
    /// ```
    pub fn level(self) -> Level {
        level_of(self.0, Self::FULL)
    }

    /// The 类 of a 款, the 款 of a local 项; `None` for a 类.
    ///
    /// ```
    /// assert_eq!(kemu::EconCode::parse("30101").unwrap().parent().unwrap().to_string(), "301");
    /// assert_eq!(kemu::EconCode::parse("301").unwrap().parent(), None);
    /// ```
    pub fn parent(self) -> Option<Self> {
        match self.level() {
            Level::Class => None,
            Level::Section => Some(EconCode(self.0 - self.0 % 10_000)),
            Level::Item => Some(EconCode(self.0 - self.0 % 100)),
        }
    }

    /// The parents from the nearest up.
    ///
    /// ```
    /// let up: Vec<String> = kemu::EconCode::parse("3010201").unwrap().ancestors().map(|c| c.to_string()).collect();
    /// assert_eq!(up, ["30102", "301"]);
    /// ```
    pub fn ancestors(self) -> impl Iterator<Item = EconCode> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Whether this is a residual "其他…" code (`30199`, `399`).
    ///
    /// ```
    /// assert!(kemu::EconCode::parse("30299").unwrap().is_residual());
    /// assert!(kemu::EconCode::parse("399").unwrap().is_residual());
    /// ```
    pub fn is_residual(self) -> bool {
        self.digits() % 100 == 99
    }
}

/// Either kind of code: what a catalog row or a table row is keyed by.
///
/// Parsing decides by the first digit (2: 功能分类, 3 or 5: 经济分类).
///
/// ```
/// use kemu::Code;
/// assert!(matches!("2010301".parse::<Code>()?, Code::Func(_)));
/// assert!(matches!("30101".parse::<Code>()?, Code::Econ(_)));
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// 经济分类 (sorts first: its keys are 5 digits).
    Econ(EconCode),
    /// 功能分类.
    Func(FuncCode),
}

impl Code {
    /// Strict parse of either kind; a first digit no classification uses names every one tried.
    ///
    /// ```
    /// use kemu::{Code, ParseCodeProblem};
    /// assert!(matches!(Code::parse("50101")?, Code::Econ(_)));
    /// assert!(Code::parse("2010301 行政运行").is_err(), "strict: digits only");
    /// let err = Code::parse("601").unwrap_err();
    /// assert_eq!(err.problem, ParseCodeProblem::NoClassification { found: '6' });
    /// assert!(err.to_string().contains("功能分类 codes start with 2") && err.to_string().contains("with 5"));
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, ParseCodeError> {
        match s.as_bytes().first() {
            Some(b'3' | b'5') => EconCode::parse(s).map(Code::Econ),
            Some(&d @ (b'0' | b'1' | b'4' | b'6'..=b'9')) => Err(Self::no_classification(s, d as char)),
            _ => FuncCode::parse(s).map(Code::Func),
        }
    }

    /// [`Code::parse`] without its error: the importer asks it of every 3-, 5- and 7-digit
    /// cell, most of them figures, and needs no message (with the input copied) for those.
    pub(crate) fn read(s: &str) -> Option<Code> {
        match s.as_bytes().first() {
            Some(b'3' | b'5') => {
                let digits = strict_digits(s, EconCode::FULL as usize);
                EconCode::key_from(digits, Classification::EconDepartment).ok().map(|k| Code::Econ(EconCode(k)))
            }
            Some(b'2') => {
                FuncCode::key_from(strict_digits(s, FuncCode::FULL as usize)).ok().map(|k| Code::Func(FuncCode(k)))
            }
            _ => None,
        }
    }

    fn no_classification(input: &str, found: char) -> ParseCodeError {
        let problem = ParseCodeProblem::NoClassification { found };
        ParseCodeError { input: input.to_string(), classification: Classification::Function, problem }
    }

    /// Lenient parse of either kind (see [`FuncCode::parse_lenient`]).
    ///
    /// ```
    /// use kemu::Code;
    /// assert_eq!(Code::parse_lenient("201 03 01 行政运行")?.to_string(), "2010301");
    /// assert_eq!(Code::parse_lenient("３０１０１")?.to_string(), "30101");
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn parse_lenient(s: &str) -> Result<Self, ParseCodeError> {
        match s.trim().chars().next().map(ascii_digit) {
            Some('3' | '5') => EconCode::parse_lenient(s).map(Code::Econ),
            Some(d @ ('0' | '1' | '4' | '6'..='9')) => Err(Self::no_classification(s, d)),
            _ => FuncCode::parse_lenient(s).map(Code::Func),
        }
    }

    /// The key (unique across both kinds): tree order for the national codes, the catalog's.
    ///
    /// ```
    /// use kemu::Code;
    /// // 5-digit 经济分类 keys sort before 7-digit 功能分类 keys: one order for both (a local
    /// // 经济分类 项, in no catalog, keys as its 7 digits, past both).
    /// assert!(Code::parse("30101")?.key() < Code::parse("201")?.key());
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn key(self) -> u32 {
        match self {
            Code::Func(c) => c.key(),
            Code::Econ(c) => c.key(),
        }
    }

    /// For keys that passed the catalog checks: 7-digit keys are 功能分类, 5-digit ones 经济分类
    /// (a catalog holds no local 项).
    pub(crate) fn from_validated_key(key: u32) -> Self {
        if key >= 1_000_000 { Code::Func(FuncCode(key)) } else { Code::Econ(EconCode(key * 100)) }
    }

    /// The code printed as `len` digits with value `value` (`2010301`, 7), without going through a
    /// string: the importer joins split 类/款/项 cells this way.
    pub(crate) fn from_printed(value: u32, len: usize) -> Option<Self> {
        let leading = value.checked_div(10u32.checked_pow(u32::try_from(len).ok()?.checked_sub(1)?)?)?;
        let d = Digits { value, len };
        match leading {
            2 => key_of(d, FuncCode::FULL as usize, b"2", "2", Classification::Function)
                .ok()
                .map(|k| Code::Func(FuncCode(k))),
            3 | 5 => key_of(d, EconCode::FULL as usize, b"35", "3 or 5", Classification::EconDepartment)
                .ok()
                .map(|k| Code::Econ(EconCode(k))),
            _ => None,
        }
    }

    /// The code from its tree-order key (either kind).
    ///
    /// ```
    /// let code = kemu::Code::parse("2010301").unwrap();
    /// assert_eq!(kemu::Code::from_key(code.key()), Some(code));
    /// ```
    pub fn from_key(key: u32) -> Option<Self> {
        FuncCode::from_key(key).map(Code::Func).or_else(|| EconCode::from_key(key).map(Code::Econ))
    }

    /// 类, 款 or 项.
    ///
    /// ```
    /// assert_eq!(kemu::Code::parse("30101").unwrap().level(), kemu::Level::Section);
    /// ```
    pub fn level(self) -> Level {
        match self {
            Code::Func(c) => c.level(),
            Code::Econ(c) => c.level(),
        }
    }

    /// The code one level up.
    ///
    /// ```
    /// assert_eq!(kemu::Code::parse("20103").unwrap().parent().unwrap().to_string(), "201");
    /// ```
    pub fn parent(self) -> Option<Code> {
        match self {
            Code::Func(c) => c.parent().map(Code::Func),
            Code::Econ(c) => c.parent().map(Code::Econ),
        }
    }

    /// The parents from the nearest up to the 类.
    ///
    /// ```
    /// let up: Vec<String> = kemu::Code::parse("2010301").unwrap().ancestors().map(|c| c.to_string()).collect();
    /// assert_eq!(up, ["20103", "201"]);
    /// ```
    pub fn ancestors(self) -> impl Iterator<Item = Code> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Whether `self` lies strictly below `ancestor` in the tree.
    ///
    /// ```
    /// use kemu::Code;
    /// let (class, item) = (Code::parse("301").unwrap(), Code::parse("30101").unwrap());
    /// assert!(item.is_descendant_of(class));
    /// assert!(!class.is_descendant_of(class), "strictly below");
    /// ```
    pub fn is_descendant_of(self, ancestor: Code) -> bool {
        self.ancestors().any(|a| a == ancestor)
    }

    /// The printed digits as a number.
    ///
    /// ```
    /// assert_eq!(kemu::Code::parse("201").unwrap().digits(), 201);
    /// ```
    pub fn digits(self) -> u32 {
        match self {
            Code::Func(c) => c.digits(),
            Code::Econ(c) => c.digits(),
        }
    }

    /// Which classification the code belongs to.
    ///
    /// ```
    /// assert_eq!(kemu::Code::parse("301").unwrap().classification(), kemu::Classification::EconDepartment);
    /// ```
    pub fn classification(self) -> Classification {
        match self {
            Code::Func(_) => Classification::Function,
            Code::Econ(c) if c.kind() == EconKind::Department => Classification::EconDepartment,
            Code::Econ(_) => Classification::EconGovernment,
        }
    }

    /// Whether this is a residual "其他…" code.
    ///
    /// ```
    /// assert!(kemu::Code::parse("20199").unwrap().is_residual());
    /// ```
    pub fn is_residual(self) -> bool {
        match self {
            Code::Func(c) => c.is_residual(),
            Code::Econ(c) => c.is_residual(),
        }
    }
}

impl From<FuncCode> for Code {
    fn from(c: FuncCode) -> Code {
        Code::Func(c)
    }
}

impl From<EconCode> for Code {
    fn from(c: EconCode) -> Code {
        Code::Econ(c)
    }
}

/// A [`Code`] of another classification than the one asked for.
///
/// ```
/// use kemu::{Code, EconCode, FuncCode};
/// let econ = Code::parse("30101")?;
/// let err = FuncCode::try_from(econ).unwrap_err();
/// assert_eq!(err.code, econ);
/// assert_eq!(EconCode::try_from(econ)?.to_string(), "30101");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{code} is not a code of {expected}")]
pub struct WrongClassification {
    /// The code.
    pub code: Code,
    /// The classification that was asked for.
    pub expected: Classification,
}

impl TryFrom<Code> for FuncCode {
    type Error = WrongClassification;

    fn try_from(code: Code) -> Result<FuncCode, WrongClassification> {
        match code {
            Code::Func(c) => Ok(c),
            Code::Econ(_) => Err(WrongClassification { code, expected: Classification::Function }),
        }
    }
}

impl TryFrom<Code> for EconCode {
    type Error = WrongClassification;

    fn try_from(code: Code) -> Result<EconCode, WrongClassification> {
        match code {
            Code::Econ(c) => Ok(c),
            Code::Func(_) => Err(WrongClassification { code, expected: Classification::EconDepartment }),
        }
    }
}

macro_rules! string_edges {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.digits().fmt(f)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($ty), self)
            }
        }

        impl FromStr for $ty {
            type Err = ParseCodeError;
            fn from_str(s: &str) -> Result<Self, ParseCodeError> {
                <$ty>::parse(s)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$ty>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

string_edges!(FuncCode, EconCode, Code);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_order_is_integer_order_of_keys() {
        let codes: Vec<FuncCode> = ["201", "20101", "2010101", "2010199", "20103", "2010301", "202"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, codes);
    }

    #[test]
    fn from_key_inverts_key() {
        for s in ["201", "20103", "2010301", "234", "2349999"] {
            let c = FuncCode::parse(s).unwrap();
            assert_eq!(FuncCode::from_key(c.key()), Some(c));
        }
        assert_eq!(FuncCode::from_key(2_010_001), None, "item under a 00 section");
        for s in ["301", "30101", "599", "59999"] {
            let c = EconCode::parse(s).unwrap();
            assert_eq!(EconCode::from_key(c.key()), Some(c));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_quiet_read_is_the_parse_without_its_error(s in "[0-9]{0,8}") {
            proptest::prop_assert_eq!(Code::read(&s), Code::parse(&s).ok());
        }
    }
}
