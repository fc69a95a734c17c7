//! The catalog of 支出功能分类 and 支出经济分类 codes, per fiscal year.
//!
//! [`CatalogSet::embedded`] holds every year the crate ships (from `data/*.csv`, compiled in);
//! [`CatalogSet::from_csv`] loads a user's own file in the same format, used through the same API.
//! [`Catalog`] is one year's view of a set.

pub(crate) mod source;
pub(crate) mod table;

use crate::codes::{Classification, Code, EconCode, EconKind, FiscalYear, FuncCode, Level};
use crate::generated::catalog as generated;
use crate::keymap::{DenseMap, KeyMap};
use std::collections::HashMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::OnceLock;
use table::{MapRow, Row};

pub(crate) use source::normal_chars;
mod describe;
pub use describe::describe;
pub use source::normalize_name;

/// Whether two names are the same once normalized ([`normalize_name`]), without allocating: the
/// audit compares every printed name.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a == b || normal_chars(a).eq(normal_chars(b))
}

/// The bytes every character normalizing changes starts with: those a white space may start
/// with, and EF (the full-width forms; 〔【〕】 start with E3). Most names hold none. A table, so
/// that a byte costs one load.
const MAY_CHANGE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = crate::text::may_begin_space(b as u8) || b == 0xEF;
        b += 1;
    }
    table
};

/// [`normalize_name`], borrowing a name that is already normal (most header cells are): no
/// allocation for it.
pub(crate) fn normalized(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| MAY_CHANGE[usize::from(b)]) && name.chars().any(|c| source::folded(c).is_some()) {
        std::borrow::Cow::Owned(normalize_name(name))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// A catalog that cannot be built or a year it does not cover.
///
/// ```
/// use kemu::{Catalog, CatalogError};
/// let err = Catalog::year(2010).unwrap_err();
/// assert!(matches!(err, CatalogError::YearNotCovered { year: 2010, first: 2019, .. }));
/// assert!(err.to_string().starts_with("fiscal year 2010 is not covered"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The year is outside the years the catalog covers.
    #[error("fiscal year {year} is not covered by this catalog ({first}–{last})")]
    YearNotCovered {
        /// The year asked for.
        year: u16,
        /// The first year covered.
        first: u16,
        /// The last year covered.
        last: u16,
    },
    /// A row of a catalog file is malformed or inconsistent.
    #[error("{file}:{line}: {reason}")]
    Invalid {
        /// The file, as named in the call.
        file: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A catalog file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that was read.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl From<source::SourceError> for CatalogError {
    fn from(e: source::SourceError) -> Self {
        CatalogError::Invalid { file: e.file, line: e.line, reason: e.reason }
    }
}

/// How well a catalog row's name is attested (the `evidence` column of `data/*.csv`).
///
/// ```
/// use kemu::{CatalogSet, Confirmation};
/// let set = CatalogSet::embedded();
/// let all: Vec<Confirmation> = set.year(2020)?.iter().map(|e| e.confirmation()).collect();
/// assert!(all.contains(&Confirmation::PublishedReport));
/// assert!(Confirmation::PublishedReport < Confirmation::Unconfirmed, "best attested first");
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Confirmation {
    /// Printed with this name in a published 部门预算/决算 (`seed`, `report:…`).
    PublishedReport,
    /// In a partial published list or 对照表 (`partial:…`).
    PublishedList,
    /// From recollection of the official catalog only (`knowledge`): unconfirmed.
    Unconfirmed,
}

/// Whose economic mapping applies (the `condition` column of `econ_map.csv`).
///
/// ```
/// use kemu::{CatalogSet, EconCode, UnitType};
/// let set = CatalogSet::embedded();
/// let code = EconCode::parse("30101").unwrap();
/// assert_ne!(set.government_code(code, UnitType::Administrative), set.government_code(code, UnitType::Institution));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum UnitType {
    /// 机关（行政单位及参公单位）.
    Administrative,
    /// 事业单位.
    Institution,
}

/// Which units a mapping applies to.
///
/// ```
/// use kemu::{MappingCondition, UnitType};
/// assert!(MappingCondition::AllUnits.applies_to(UnitType::Institution));
/// assert!(!MappingCondition::Only(UnitType::Administrative).applies_to(UnitType::Institution));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum MappingCondition {
    /// 所有单位: every unit.
    AllUnits,
    /// Only units of this type.
    Only(UnitType),
    /// A condition kemu does not know, as written.
    Other,
}

impl MappingCondition {
    fn parse(text: &str) -> Self {
        match text {
            "所有单位" => MappingCondition::AllUnits,
            "事业单位" => MappingCondition::Only(UnitType::Institution),
            t if t.starts_with("机关") => MappingCondition::Only(UnitType::Administrative),
            _ => MappingCondition::Other,
        }
    }

    /// Whether the mapping applies to a unit of `unit`.
    ///
    /// ```
    /// use kemu::{MappingCondition, UnitType};
    /// assert!(MappingCondition::Only(UnitType::Institution).applies_to(UnitType::Institution));
    /// assert!(!MappingCondition::Other.applies_to(UnitType::Institution), "an unknown condition applies to no one");
    /// ```
    pub fn applies_to(self, unit: UnitType) -> bool {
        match self {
            MappingCondition::AllUnits => true,
            MappingCondition::Only(u) => u == unit,
            MappingCondition::Other => false,
        }
    }
}

/// One 部门预算 → 政府预算 economic mapping.
///
/// ```
/// use kemu::{CatalogSet, EconCode, MappingCondition, UnitType};
/// let set = CatalogSet::embedded();
/// let mappings = set.econ_mappings(EconCode::parse("30101").unwrap());
/// let m = mappings.iter().find(|m| m.condition == MappingCondition::Only(UnitType::Administrative)).unwrap();
/// assert_eq!((m.government.to_string().as_str(), m.condition_text), ("50101", "机关（行政单位及参公单位）"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EconMapping<'a> {
    /// The 部门预算 code (3xx).
    pub department: EconCode,
    /// The 政府预算 code (5xx) it maps to.
    pub government: EconCode,
    /// The unit type for which it holds.
    pub condition: MappingCondition,
    /// The condition as written in the data.
    pub condition_text: &'a str,
    /// The evidence for the mapping.
    pub evidence: &'a str,
}

/// One code's name in one period, with its evidence.
///
/// ```
/// use kemu::{Catalog, FuncCode, Level};
/// let catalog = Catalog::year(2023)?;
/// let entry = catalog.entry(FuncCode::parse("20805").unwrap()).unwrap();
/// assert_eq!((entry.name(), entry.level()), ("行政事业单位养老支出", Level::Section));
/// assert_eq!(entry.code().to_string(), "20805");
/// assert!(!entry.is_superseded());
/// assert_eq!(entry.to_string(), "20805 行政事业单位养老支出");
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    code: Code,
    name: &'a str,
    valid_from: u16,
    valid_to: u16,
    last_year: u16,
    evidence: &'a str,
}

impl<'a> Entry<'a> {
    #[inline]
    fn from_row(row: Row<&'a str>, last_year: u16) -> Self {
        Entry {
            code: Code::from_validated_key(row.key),
            name: row.name,
            valid_from: row.from,
            valid_to: row.to,
            last_year,
            evidence: row.evidence,
        }
    }

    /// The code.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let entry = catalog.find_by_name("一般公共服务支出")[0];
    /// assert_eq!(entry.code().to_string(), "201");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn code(&self) -> Code {
        self.code
    }

    /// The official name in this period, e.g. `行政运行`.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// assert_eq!(catalog.entry(kemu::FuncCode::parse("201").unwrap()).unwrap().name(), "一般公共服务支出");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// 类, 款 or 项.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// assert_eq!(catalog.entry(kemu::EconCode::parse("30101").unwrap()).unwrap().level(), kemu::Level::Section);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn level(&self) -> Level {
        self.code.level()
    }

    /// The fiscal years this name is valid (closed at the last year the catalog covers).
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// let history = set.name_history("20805".parse()?);
    /// assert_eq!(history[0].name(), "行政事业单位离退休");
    /// assert_eq!(history[0].valid_years(), 2019..=2020);
    /// assert_eq!(history[1].name(), "行政事业单位养老支出");
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn valid_years(&self) -> RangeInclusive<u16> {
        self.valid_from..=self.valid_to
    }

    /// Whether this name was replaced by a later name or the code retired before the last year
    /// the catalog covers (iso_currency's "superseded").
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// let history = set.name_history("20805".parse()?);
    /// assert!(history[0].is_superseded(), "行政事业单位离退休 was renamed in 2021");
    /// assert!(!history[1].is_superseded());
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn is_superseded(&self) -> bool {
        self.valid_to < self.last_year
    }

    /// The evidence column as written (`seed;report:…`).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let entry = catalog.entry(kemu::FuncCode::parse("2010301").unwrap()).unwrap();
    /// assert!(entry.evidence().split(';').any(|e| e == "seed" || e.starts_with("report:")));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn evidence(&self) -> &'a str {
        self.evidence
    }

    /// How well the name is attested.
    ///
    /// ```
    /// use kemu::{Catalog, Confirmation};
    /// let catalog = Catalog::year(2020)?;
    /// let entry = catalog.entry(kemu::FuncCode::parse("2010301").unwrap()).unwrap();
    /// assert_eq!(entry.confirmation(), Confirmation::PublishedReport);
    /// assert!(entry.is_confirmed());
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn confirmation(&self) -> Confirmation {
        let tags = || self.evidence.split(';').map(str::trim);
        if tags().any(|t| t == "seed" || t.starts_with("report:")) {
            Confirmation::PublishedReport
        } else if tags().any(|t| t.starts_with("partial:")) {
            Confirmation::PublishedList
        } else {
            Confirmation::Unconfirmed
        }
    }

    /// Whether a published source confirms the name (anything but `knowledge` alone).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let unconfirmed = catalog.iter().filter(|e| !e.is_confirmed()).count();
    /// assert!(unconfirmed > 0 && unconfirmed < catalog.iter().count());
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn is_confirmed(&self) -> bool {
        self.confirmation() != Confirmation::Unconfirmed
    }

    /// Whether the data flags the name, number or years as `uncertain`.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// // Flagged entries carry the word in their evidence.
    /// assert!(catalog.iter().filter(|e| e.is_uncertain()).all(|e| e.evidence().contains("uncertain")));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn is_uncertain(&self) -> bool {
        self.evidence.split(';').any(|t| t.trim() == "uncertain")
    }
}

impl fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// How a printed name compares with the catalog's name for its code and year.
///
/// ```
/// use kemu::{Catalog, FuncCode, NameMatch};
/// let catalog = Catalog::year(2020)?;
/// let code = FuncCode::parse("20103").unwrap();
/// assert!(matches!(catalog.match_name(code, "政府办公厅(室)及相 关机构事务"), NameMatch::Current(_)));
/// assert!(matches!(catalog.match_name(code, "政府办公厅"), NameMatch::Truncated { .. }));
/// assert!(matches!(catalog.match_name(FuncCode::parse("2010397").unwrap(), "x"), NameMatch::UnknownCode));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch<'a> {
    /// The catalog's name, up to line-wrap spaces and full-/half-width punctuation.
    Current(Entry<'a>),
    /// A name this code carries in another period: `entry` is that period, `current` this year's.
    OtherPeriod {
        /// The period whose name was printed.
        entry: Entry<'a>,
        /// The name this year.
        current: Entry<'a>,
    },
    /// The start of the catalog's name, cut short (a narrow cell): `current` has the full name.
    Truncated {
        /// The name this year.
        current: Entry<'a>,
    },
    /// A different name.
    Mismatch {
        /// The name this year.
        current: Entry<'a>,
    },
    /// The code is not in the catalog for the year.
    UnknownCode,
}

impl fmt::Display for NameMatch<'_> {
    /// What the printed name is to the catalog, in 中文 | English.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let m = Catalog::year(2020)?.match_name(FuncCode::parse("2010301")?, "行政运行");
    /// assert_eq!(m.to_string(), "目录名称 | the catalog's name: 行政运行");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameMatch::Current(e) => write!(f, "目录名称 | the catalog's name: {}", e.name()),
            NameMatch::OtherPeriod { entry, current } => write!(
                f,
                "{}–{} 年的名称，本年为“{}” | the name of {}–{}; this year's is {}",
                entry.valid_years().start(),
                entry.valid_years().end(),
                current.name(),
                entry.valid_years().start(),
                entry.valid_years().end(),
                current.name()
            ),
            NameMatch::Truncated { current } => {
                write!(f, "“{}”的截断 | cut short from {}", current.name(), current.name())
            }
            NameMatch::Mismatch { current } => {
                write!(f, "与目录“{}”不符 | differs from {}", current.name(), current.name())
            }
            NameMatch::UnknownCode => f.write_str("目录中无此编码 | the code is not in the catalog"),
        }
    }
}

impl NameMatch<'_> {
    /// For [`NameMatch::OtherPeriod`]: whether the printed name is an older one.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let code = FuncCode::parse("20805").unwrap();
    /// assert!(Catalog::year(2023)?.match_name(code, "行政事业单位离退休").is_older_name());
    /// assert!(!Catalog::year(2019)?.match_name(code, "行政事业单位养老支出").is_older_name(), "a newer name");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn is_older_name(&self) -> bool {
        matches!(self, NameMatch::OtherPeriod { entry, current } if entry.valid_to < current.valid_from)
    }
}

struct Loaded {
    keys: Vec<u32>,
    rows: Vec<Row<Box<str>>>,
    map: Vec<MapRow<Box<str>>>,
    names: HashMap<String, Vec<u16>>,
}

enum Storage {
    Embedded,
    Loaded(Box<Loaded>),
}

/// Every fiscal year of a catalog: the embedded one, or one loaded from CSV at run time.
///
/// ```
/// let set = kemu::CatalogSet::embedded();
/// assert_eq!(set.years(), 2019..=2026);
/// let catalog = set.year(2024)?;
/// assert_eq!(catalog.name(kemu::FuncCode::parse("20139").unwrap()), Some("社会工作事务"));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
///
/// A long-lived service keeps a catalog it loaded at run time in an `Arc` and takes a
/// [`Catalog`] (a reference and a year, two words) per request; a [`RollUp`](crate::rollup::RollUp)
/// borrows it for that request. Nothing is leaked:
///
/// ```
/// use std::sync::Arc;
/// let head = "code,name,valid_from,valid_to,evidence\n";
/// let func = format!("{head}201,一般公共服务支出,2027,,official\n20103,政府办公厅（室）及相关机构事务,2027,,official\n2010301,行政运行,2027,,official\n");
/// let shared = Arc::new(kemu::CatalogSet::from_csv(&func, head, head, None)?);
/// let workers: Vec<_> = (0..2)
///     .map(|i| {
///         let set = Arc::clone(&shared);
///         std::thread::spawn(move || {
///             let catalog = set.year(2027).expect("loaded");
///             let mut rollup = kemu::rollup::RollUp::new(catalog, kemu::Classification::Function, 1);
///             rollup.add_text(1, "2010301", &[&format!("{i}.50")]).expect("a known code");
///             rollup.totals().grand_total()[0]
///         })
///     })
///     .collect();
/// let sums: Vec<_> = workers.into_iter().map(|w| format!("{:.2}", w.join().unwrap())).collect();
/// assert_eq!(sums, ["0.50", "1.50"]);
/// # Ok::<(), kemu::CatalogError>(())
/// ```
pub struct CatalogSet {
    storage: Storage,
    first_year: u16,
    last_year: u16,
    /// Per year, key → the row valid that year: one direct-mapped look-up per `Catalog::entry`,
    /// built on first use (about 130 KB a year).
    by_year: OnceLock<Vec<KeyMap>>,
    /// Per year and classification, its leaves and their positions, built on first use (a
    /// roll-up's look-up table).
    leaves: OnceLock<Box<[OnceLock<LeafIndex>]>>,
}

/// The leaves of one classification in one year, in tree order, and key → leaf position (a key
/// that is no leaf reads `keys.len()`, the spare slot past the last leaf).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LeafIndex {
    pub keys: Box<[u32]>,
    pub positions: DenseMap,
}

/// The classifications, in the order of the per-year leaf indexes.
const CLASSIFICATIONS: usize = 3;

static EMBEDDED: CatalogSet = CatalogSet {
    storage: Storage::Embedded,
    first_year: generated::FIRST_YEAR,
    last_year: generated::LAST_YEAR,
    by_year: OnceLock::new(),
    leaves: OnceLock::new(),
};

impl fmt::Debug for CatalogSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.storage {
            Storage::Embedded => "embedded",
            Storage::Loaded(_) => "loaded",
        };
        write!(f, "CatalogSet({kind}, {}–{}, {} rows)", self.first_year, self.last_year, self.keys().len())
    }
}

impl CatalogSet {
    /// The catalog compiled into the crate from `data/*.csv` (2019–2026).
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// assert!(std::ptr::eq(set, kemu::CatalogSet::embedded()), "built once");
    /// assert!(set.year(2026).is_ok());
    /// ```
    pub fn embedded() -> &'static CatalogSet {
        &EMBEDDED
    }

    /// Loads a catalog from CSV text in the format of `data/` (see data/README.md): three code
    /// files and, optionally, the economic mapping. The same checks as the generator apply; a bad
    /// row fails with its file, line and reason. Open periods run to the latest year named.
    ///
    /// ```
    /// let func = "code,name,valid_from,valid_to,evidence\n\
    ///             201,一般公共服务支出,2027,,official\n\
    ///             20103,政府办公厅（室）及相关机构事务,2027,,official\n\
    ///             2010301,行政运行,2027,,official\n";
    /// let empty = "code,name,valid_from,valid_to,evidence\n";
    /// let set = kemu::CatalogSet::from_csv(func, empty, empty, None)?;
    /// let catalog = set.year(2027)?;
    /// assert_eq!(catalog.name(kemu::FuncCode::parse("2010301").unwrap()), Some("行政运行"));
    ///
    /// let broken = "code,name,valid_from,valid_to,evidence\n2010301,行政运行,2027,,x\n";
    /// let err = kemu::CatalogSet::from_csv(broken, empty, empty, None).unwrap_err();
    /// assert_eq!(err.to_string(), "func.csv:2: code 2010301 is valid in 2027 but its parent 20103 is not");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn from_csv(
        func: &str,
        econ_dept: &str,
        econ_gov: &str,
        econ_map: Option<&str>,
    ) -> Result<CatalogSet, CatalogError> {
        use source::SourceKind;
        let files = [
            ("func.csv", func, SourceKind::Function),
            ("econ_dept.csv", econ_dept, SourceKind::EconDept),
            ("econ_gov.csv", econ_gov, SourceKind::EconGov),
        ];
        let mut rows = Vec::new();
        for (name, text, kind) in files {
            rows.extend(source::parse_codes(name, text, kind)?.into_iter().map(|r| (kind, r)));
        }
        // An open row (empty valid_to) is valid through the last year the crate covers, as in the
        // embedded catalog, or through the file's own last year if that is later.
        let last_year = source::last_year(&rows)
            .ok_or_else(|| CatalogError::Invalid { file: "func.csv".into(), line: 1, reason: "no rows".into() })?
            .max(generated::LAST_YEAR);
        let file_of =
            |kind: SourceKind| files.iter().find(|f| f.2 == kind).map(|f| f.0.to_string()).unwrap_or_default();
        source::validate(&mut rows, last_year, &file_of)?;
        if rows.len() > usize::from(u16::MAX) {
            return Err(CatalogError::Invalid {
                file: "func.csv".into(),
                line: 1,
                reason: "more than 65535 rows".into(),
            });
        }
        let map = match econ_map {
            Some(text) => source::parse_map("econ_map.csv", text, &rows)?,
            None => Vec::new(),
        };
        let first_year = rows.iter().map(|(_, r)| r.valid_from).min().unwrap_or(last_year);
        let mut names: HashMap<String, Vec<u16>> = HashMap::new();
        for (i, (_, r)) in rows.iter().enumerate() {
            names.entry(normalize_name(&r.name)).or_default().push(i as u16);
        }
        let loaded = Loaded {
            keys: rows.iter().map(|(_, r)| r.key).collect(),
            rows: rows
                .into_iter()
                .map(|(_, r)| Row {
                    key: r.key,
                    digits: r.digits,
                    from: r.valid_from,
                    to: r.valid_to.unwrap_or(last_year),
                    name: r.name.into_boxed_str(),
                    evidence: r.evidence.into_boxed_str(),
                })
                .collect(),
            map: map
                .into_iter()
                .map(|m| MapRow {
                    dept_key: m.dept_key,
                    gov_key: m.gov_key,
                    condition: m.condition.into_boxed_str(),
                    evidence: m.evidence.into_boxed_str(),
                })
                .collect(),
            names,
        };
        Ok(CatalogSet {
            storage: Storage::Loaded(Box::new(loaded)),
            first_year,
            last_year,
            by_year: OnceLock::new(),
            leaves: OnceLock::new(),
        })
    }

    /// Loads `func.csv`, `econ_dept.csv`, `econ_gov.csv` and (if present) `econ_map.csv` from a
    /// folder, as [`CatalogSet::from_csv`].
    ///
    /// ```
    /// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    /// let set = kemu::CatalogSet::from_dir(data)?;
    /// assert_eq!(set.years(), kemu::CatalogSet::embedded().years());
    /// assert!(kemu::CatalogSet::from_dir("/no/such/dir").is_err());
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<CatalogSet, CatalogError> {
        let read = |name: &str| {
            let path = dir.as_ref().join(name);
            std::fs::read_to_string(&path)
                .map_err(|source| CatalogError::Io { path: path.display().to_string(), source })
        };
        let map_path = dir.as_ref().join("econ_map.csv");
        let map = if map_path.exists() { Some(read("econ_map.csv")?) } else { None };
        Self::from_csv(&read("func.csv")?, &read("econ_dept.csv")?, &read("econ_gov.csv")?, map.as_deref())
    }

    /// The fiscal years the set covers.
    ///
    /// ```
    /// assert_eq!(kemu::CatalogSet::embedded().years(), 2019..=2026);
    /// ```
    pub fn years(&self) -> RangeInclusive<u16> {
        self.first_year..=self.last_year
    }

    /// One year's catalog.
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// assert!(set.year(2020).is_ok());
    /// assert_eq!(set.year(2031).unwrap_err().to_string(), "fiscal year 2031 is not covered by this catalog (2019–2026)");
    /// ```
    pub fn year(&self, year: u16) -> Result<Catalog<'_>, CatalogError> {
        match FiscalYear::new(year) {
            Ok(y) if self.years().contains(&year) => Ok(Catalog { set: self, year: y, rows: self.year_map(year) }),
            _ => Err(CatalogError::YearNotCovered { year, first: self.first_year, last: self.last_year }),
        }
    }

    /// Key → the row valid in `year` (a year of the set).
    fn year_map(&self, year: u16) -> &KeyMap {
        let maps = self.by_year.get_or_init(|| {
            let keys = self.keys();
            self.years()
                .map(|y| {
                    let valid = (0..keys.len()).filter(|&i| {
                        let row = self.row(i);
                        (row.from..=row.to).contains(&y)
                    });
                    KeyMap::new(valid.map(|i| (keys[i], i)), u16::MAX)
                })
                .collect()
        });
        &maps[usize::from(year - self.first_year)]
    }

    fn keys(&self) -> &[u32] {
        match &self.storage {
            Storage::Embedded => &generated::KEYS,
            Storage::Loaded(l) => &l.keys,
        }
    }

    #[inline]
    fn row(&self, index: usize) -> Row<&str> {
        match &self.storage {
            Storage::Embedded => generated::ROWS[index],
            Storage::Loaded(l) => l.rows[index].borrow(),
        }
    }

    #[inline]
    fn entry_at(&self, index: usize) -> Entry<'_> {
        Entry::from_row(self.row(index), self.last_year)
    }

    fn rows_named(&self, normalized: &str) -> &[u16] {
        match &self.storage {
            Storage::Embedded => generated::NAME_INDEX.get(normalized).copied().unwrap_or(&[]),
            Storage::Loaded(l) => l.names.get(normalized).map(Vec::as_slice).unwrap_or(&[]),
        }
    }

    /// The index range of rows whose key lies in `keys`.
    fn key_range(&self, keys: RangeInclusive<u32>) -> std::ops::Range<usize> {
        let all = self.keys();
        all.partition_point(|&k| k < *keys.start())..all.partition_point(|&k| k <= *keys.end())
    }

    /// Every name period of a code, oldest first (empty for an unknown code).
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// let names: Vec<&str> = set.name_history("207".parse()?).iter().map(|e| e.name()).collect();
    /// assert_eq!(names, ["文化体育与传媒支出", "文化旅游体育与传媒支出"]);
    /// # Ok::<(), kemu::ParseCodeError>(())
    /// ```
    pub fn name_history(&self, code: Code) -> Vec<Entry<'_>> {
        self.key_range(code.key()..=code.key()).map(|i| self.entry_at(i)).collect()
    }

    /// Every entry, in any year, whose name matches `name` up to line-wrap spaces and full-/
    /// half-width punctuation: which codes a name is, or was.
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// // Not a 2023 name, but 20805's name in 2019–2020.
    /// assert!(kemu::Catalog::year(2023).unwrap().find_by_name("行政事业单位离退休").is_empty());
    /// let then = set.find_by_name_any_year("行政事业单位离退休");
    /// assert_eq!(then[0].code().to_string(), "20805");
    /// ```
    pub fn find_by_name_any_year(&self, name: &str) -> Vec<Entry<'_>> {
        self.entries_named_any_year(name).collect()
    }

    /// [`find_by_name_any_year`](Self::find_by_name_any_year) without a `Vec`: the entries
    /// borrowed from the set, one by one, in tree order and year order. Allocates nothing unless
    /// the name needs normalizing.
    ///
    /// ```
    /// let set = kemu::CatalogSet::embedded();
    /// let first = set.entries_named_any_year("行政事业单位离退休").next().unwrap();
    /// assert_eq!((first.code().to_string(), *first.valid_years().end()), ("20805".to_string(), 2020));
    /// ```
    pub fn entries_named_any_year(&self, name: &str) -> impl Iterator<Item = Entry<'_>> + '_ {
        self.rows_named(&normalized(name)).iter().map(|&i| self.entry_at(usize::from(i)))
    }

    /// The 政府预算 codes a 部门预算 code maps to, with their conditions.
    ///
    /// ```
    /// use kemu::{CatalogSet, EconCode, UnitType};
    /// let set = CatalogSet::embedded();
    /// let basic_pay = EconCode::parse("30101").unwrap();
    /// assert_eq!(set.government_code(basic_pay, UnitType::Administrative).unwrap().to_string(), "50101");
    /// assert_eq!(set.government_code(basic_pay, UnitType::Institution).unwrap().to_string(), "50501");
    /// ```
    pub fn econ_mappings(&self, department: EconCode) -> Vec<EconMapping<'_>> {
        let rows: Vec<MapRow<&str>> = match &self.storage {
            Storage::Embedded => {
                generated::ECON_MAP.iter().filter(|m| m.dept_key == department.key()).copied().collect()
            }
            Storage::Loaded(l) => l.map.iter().filter(|m| m.dept_key == department.key()).map(MapRow::borrow).collect(),
        };
        rows.into_iter()
            .filter_map(|m| {
                Some(EconMapping {
                    department: EconCode::from_key(m.dept_key)?,
                    government: EconCode::from_key(m.gov_key)?,
                    condition: MappingCondition::parse(m.condition),
                    condition_text: m.condition,
                    evidence: m.evidence,
                })
            })
            .collect()
    }

    /// The 政府预算 code a 部门预算 code maps to for a unit of type `unit`.
    ///
    /// ```
    /// use kemu::{CatalogSet, EconCode, UnitType};
    /// let set = CatalogSet::embedded();
    /// let pay = EconCode::parse("30101").unwrap();
    /// assert_eq!(set.government_code(pay, UnitType::Administrative).unwrap().to_string(), "50101");
    /// ```
    pub fn government_code(&self, department: EconCode, unit: UnitType) -> Option<EconCode> {
        self.econ_mappings(department).into_iter().find(|m| m.condition.applies_to(unit)).map(|m| m.government)
    }
}

/// One fiscal year of a catalog: look-ups, navigation and name checks.
///
/// ```
/// use kemu::{Catalog, FuncCode};
/// let catalog = Catalog::year(2020)?;
/// let code = FuncCode::parse("2010301").unwrap();
/// let path: Vec<String> = catalog.path(code).iter().map(|e| e.to_string()).collect();
/// assert_eq!(path, ["201 一般公共服务支出", "20103 政府办公厅（室）及相关机构事务", "2010301 行政运行"]);
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Catalog<'a> {
    set: &'a CatalogSet,
    year: FiscalYear,
    /// Key → the row valid this year.
    rows: &'a KeyMap,
}

impl fmt::Debug for Catalog<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Catalog({}, {:?})", self.year, self.set)
    }
}

impl Catalog<'static> {
    /// The embedded catalog of one fiscal year (2019–2026).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2024)?;
    /// assert_eq!(catalog.fiscal_year().get(), 2024);
    /// assert!(kemu::Catalog::year(2030).is_err());
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn year(year: u16) -> Result<Catalog<'static>, CatalogError> {
        CatalogSet::embedded().year(year)
    }
}

impl<'a> Catalog<'a> {
    /// The fiscal year.
    ///
    /// ```
    /// assert_eq!(kemu::Catalog::year(2021)?.fiscal_year().get(), 2021);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn fiscal_year(&self) -> FiscalYear {
        self.year
    }

    /// The set this year belongs to.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2021)?;
    /// assert_eq!(catalog.set().years(), 2019..=2026);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn set(&self) -> &'a CatalogSet {
        self.set
    }

    fn valid(&self, row: &Row<&str>) -> bool {
        (row.from..=row.to).contains(&self.year.get())
    }

    /// The code's entry in this year, if it is valid then.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let code = FuncCode::parse("20805").unwrap();
    /// assert_eq!(Catalog::year(2020)?.entry(code).unwrap().name(), "行政事业单位离退休");
    /// assert_eq!(Catalog::year(2021)?.entry(code).unwrap().name(), "行政事业单位养老支出");
    /// assert!(Catalog::year(2020)?.entry(FuncCode::parse("2013901").unwrap()).is_none()); // from 2024
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    #[inline]
    pub fn entry(&self, code: impl Into<Code>) -> Option<Entry<'a>> {
        self.rows.get(code.into().key()).map(|i| self.set.entry_at(i))
    }

    /// Whether the code is valid in this year.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let code = FuncCode::parse("2013950").unwrap(); // 事业运行 under 社会工作事务, new in 2024
    /// assert!(Catalog::year(2024)?.contains(code));
    /// assert!(!Catalog::year(2023)?.contains(code));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn contains(&self, code: impl Into<Code>) -> bool {
        self.entry(code).is_some()
    }

    /// The code's name in this year.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// assert_eq!(catalog.name(kemu::EconCode::parse("30101").unwrap()), Some("基本工资"));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn name(&self, code: impl Into<Code>) -> Option<&'a str> {
        self.entry(code).map(|e| e.name())
    }

    /// The entries from the 类 down to the code itself (empty if the code is unknown).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let names: Vec<&str> = catalog.path(kemu::EconCode::parse("30101").unwrap()).iter().map(|e| e.name()).collect();
    /// assert_eq!(names, ["工资福利支出", "基本工资"]);
    /// assert!(catalog.path(kemu::FuncCode::parse("2010397").unwrap()).is_empty(), "not in the catalog");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn path(&self, code: impl Into<Code>) -> Vec<Entry<'a>> {
        let code = code.into();
        let mut path: Vec<Entry<'a>> =
            std::iter::successors(Some(code), |c| c.parent()).filter_map(|c| self.entry(c)).collect();
        if path.first().map(|e| e.code()) != Some(code) {
            return Vec::new();
        }
        path.reverse();
        path
    }

    /// The entries strictly below `code` valid this year, in tree order.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let catalog = Catalog::year(2020)?;
    /// let below = catalog.descendants(FuncCode::parse("20103").unwrap()).count();
    /// assert!(below >= 5);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn descendants(&self, code: impl Into<Code>) -> impl Iterator<Item = Entry<'a>> + 'a {
        let code = code.into();
        let span = match code {
            Code::Func(c) if c.level() == Level::Class => 9_999,
            Code::Func(c) if c.level() == Level::Section => 99,
            Code::Econ(c) if c.level() == Level::Class => 99,
            _ => 0,
        };
        let this = *self;
        let range = self.set.key_range(code.key() + 1..=code.key() + span);
        range
            .map(move |i| this.set.row(i))
            .filter(move |r| this.valid(r))
            .map(move |r| Entry::from_row(r, this.set.last_year))
    }

    /// The entries one level below `code` valid this year, in tree order.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode};
    /// let catalog = Catalog::year(2024)?;
    /// let names: Vec<&str> = catalog.children(FuncCode::parse("20139").unwrap()).map(|e| e.name()).collect();
    /// assert!(names.contains(&"事业运行"));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn children(&self, code: impl Into<Code>) -> impl Iterator<Item = Entry<'a>> + 'a {
        let code = code.into();
        let level = code.level().child();
        self.descendants(code).filter(move |e| Some(e.level()) == level)
    }

    /// Every entry valid this year, in tree order: 经济分类 (部门, then 政府), then 功能分类.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let codes: Vec<kemu::Code> = catalog.iter().map(|e| e.code()).collect();
    /// assert!(codes.windows(2).all(|w| w[0] < w[1]), "in code order");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Entry<'a>> + 'a {
        let this = *self;
        (0..self.set.keys().len())
            .map(move |i| this.set.row(i))
            .filter(move |r| this.valid(r))
            .map(move |r| Entry::from_row(r, this.set.last_year))
    }

    /// Every entry of one classification valid this year, in tree order.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let catalog = Catalog::year(2020)?;
    /// assert!(catalog.classification(Classification::Function).all(|e| matches!(e.code(), kemu::Code::Func(_))));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn classification(&self, classification: Classification) -> impl Iterator<Item = Entry<'a>> + 'a {
        self.iter().filter(move |e| e.code().classification() == classification)
    }

    /// The codes of one classification with nothing below them this year, in tree order: where
    /// line items go (a 款 without 项 is a leaf).
    ///
    /// ```
    /// use kemu::{Catalog, Classification, Level};
    /// let catalog = Catalog::year(2020)?;
    /// let leaves: Vec<_> = catalog.leaves(Classification::Function).collect();
    /// assert!(leaves.iter().all(|c| catalog.children(*c).next().is_none()));
    /// assert!(leaves.iter().any(|c| c.level() == Level::Item));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn leaves(&self, classification: Classification) -> impl Iterator<Item = Code> + 'a {
        self.leaf_index(classification).keys.iter().map(|&key| Code::from_validated_key(key))
    }

    /// The leaves of `classification` this year and their positions, built once a year and
    /// classification and kept by the set (a roll-up's leaf look-up).
    pub(crate) fn leaf_index(&self, classification: Classification) -> &'a LeafIndex {
        let set: &'a CatalogSet = self.set;
        let per_year =
            set.leaves.get_or_init(|| (0..set.years().len() * CLASSIFICATIONS).map(|_| OnceLock::new()).collect());
        let at = usize::from(self.year.get() - set.first_year) * CLASSIFICATIONS + classification as usize;
        per_year[at].get_or_init(|| {
            let keys: Box<[u32]> = self.compute_leaves(classification).map(Code::key).collect();
            let spare = u16::try_from(keys.len()).expect("fewer than 65,535 leaves");
            let entries: Vec<(u32, usize)> = keys.iter().enumerate().map(|(i, &key)| (key, i)).collect();
            LeafIndex { positions: DenseMap::new(&entries, spare), keys }
        })
    }

    /// The leaves of `classification`, worked out from the codes.
    fn compute_leaves(&self, classification: Classification) -> impl Iterator<Item = Code> + 'a {
        let mut codes = self.classification(classification).map(|e| e.code()).peekable();
        // In tree order a code's first child comes right after it.
        std::iter::from_fn(move || {
            loop {
                let code = codes.next()?;
                if codes.peek().is_none_or(|next| next.parent() != Some(code)) {
                    return Some(code);
                }
            }
        })
    }

    /// Every 支出功能分类 code valid this year, in tree order.
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// assert_eq!(catalog.func_codes().next().unwrap().to_string(), "201");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn func_codes(&self) -> impl Iterator<Item = FuncCode> + 'a {
        self.iter().filter_map(|e| match e.code() {
            Code::Func(c) => Some(c),
            Code::Econ(_) => None,
        })
    }

    /// Every 经济分类 code of one kind valid this year, in tree order.
    ///
    /// ```
    /// use kemu::{Catalog, EconKind};
    /// let catalog = Catalog::year(2020)?;
    /// assert_eq!(catalog.econ_codes(EconKind::Department).next().unwrap().to_string(), "301");
    /// assert_eq!(catalog.econ_codes(EconKind::Government).next().unwrap().to_string(), "501");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn econ_codes(&self, kind: EconKind) -> impl Iterator<Item = EconCode> + 'a {
        self.iter().filter_map(move |e| match e.code() {
            Code::Econ(c) if c.kind() == kind => Some(c),
            _ => None,
        })
    }

    /// Every code whose name this year matches `name`, ignoring line-wrap spaces and full-/
    /// half-width punctuation. Names repeat under different 款 (行政运行).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let hits = catalog.find_by_name("政府办公厅(室)及相 关机构事务");
    /// assert_eq!(hits.len(), 1);
    /// assert_eq!(hits[0].code().to_string(), "20103");
    /// assert!(catalog.find_by_name("行政运行").len() > 20);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn find_by_name(&self, name: &str) -> Vec<Entry<'a>> {
        self.entries_named(name).collect()
    }

    /// [`find_by_name`](Self::find_by_name) without a `Vec`: the entries borrowed from the catalog,
    /// one by one, in tree order. The look-up allocates nothing unless the name needs
    /// normalizing (line-wrap spaces, full-width punctuation).
    ///
    /// ```
    /// let catalog = kemu::Catalog::year(2020)?;
    /// let first = catalog.entries_named("行政运行").next().unwrap();
    /// assert_eq!(first.code().to_string(), "2010101");
    /// assert_eq!(catalog.entries_named("行政运行").count(), catalog.find_by_name("行政运行").len());
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn entries_named(&self, name: &str) -> impl Iterator<Item = Entry<'a>> + 'a {
        let (set, year) = (self.set, self.year.get());
        set.rows_named(&normalized(name))
            .iter()
            .map(move |&i| set.row(usize::from(i)))
            .filter(move |r| (r.from..=r.to).contains(&year))
            .map(move |r| Entry::from_row(r, set.last_year))
    }

    /// Compares a printed name with the catalog's name of `code` this year.
    ///
    /// ```
    /// use kemu::{Catalog, FuncCode, NameMatch};
    /// let code = FuncCode::parse("20805").unwrap();
    /// let catalog = Catalog::year(2023)?;
    /// assert!(matches!(catalog.match_name(code, "行政事业单位养老支出"), NameMatch::Current(_)));
    /// let old = catalog.match_name(code, "行政事业单位离退休");
    /// assert!(old.is_older_name());
    /// assert!(matches!(catalog.match_name(code, "住房公积金"), NameMatch::Mismatch { .. }));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn match_name(&self, code: impl Into<Code>, printed: &str) -> NameMatch<'a> {
        let code = code.into();
        let Some(current) = self.entry(code) else {
            return NameMatch::UnknownCode;
        };
        if same_name(current.name(), printed) {
            return NameMatch::Current(current);
        }
        if let Some(entry) = self.set.name_history(code).into_iter().find(|e| same_name(e.name(), printed)) {
            return NameMatch::OtherPeriod { entry, current };
        }
        // A cell too narrow for the name prints its start; two characters or fewer prove nothing.
        let mut name = normal_chars(current.name());
        if normal_chars(printed).count() > 2 && normal_chars(printed).all(|c| name.next() == Some(c)) {
            return NameMatch::Truncated { current };
        }
        NameMatch::Mismatch { current }
    }
}

/// The name normalization of `source.rs`, tested here: that file is also built by the generator,
/// which has no proptest.
#[cfg(test)]
mod normalization {
    use super::normalized;
    use super::source::{normal_chars, normalize_name};
    use proptest::prelude::*;

    /// Normalizing as its doc says, char by char.
    fn by_definition(name: &str) -> String {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '〔' | '【' => '[',
                '〕' | '】' => ']',
                c => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn names_normalize_as_defined(name in "[ \t\u{a0}\u{2009}\u{3000}\u{3001}（）〔】ａ０a行政运行]{0,10}") {
            let want = by_definition(&name);
            prop_assert_eq!(&normalize_name(&name), &want);
            prop_assert_eq!(&normal_chars(&name).collect::<String>(), &want);
            let borrowed = normalized(&name);
            prop_assert_eq!(borrowed.as_ref(), want.as_str());
        }

        #[test]
        fn any_text_normalizes_as_defined(name in any::<String>()) {
            prop_assert_eq!(normalize_name(&name), by_definition(&name));
        }
    }
}

#[cfg(test)]
mod leaves {
    use super::{Classification, Code, EMBEDDED};
    use std::collections::HashSet;

    /// The leaf index against its definition: every key of a classification's range (and one past
    /// either end) reads its position among the leaves, which are exactly the codes with no child.
    #[test]
    fn leaf_indexes_hold_the_leaves_and_nothing_else() {
        for year in EMBEDDED.years() {
            let catalog = EMBEDDED.year(year).unwrap();
            for classification in
                [Classification::Function, Classification::EconDepartment, Classification::EconGovernment]
            {
                let index = catalog.leaf_index(classification);
                let codes: Vec<u32> = catalog.classification(classification).map(|e| e.code().key()).collect();
                let parents: HashSet<u32> =
                    codes.iter().filter_map(|&c| Code::from_validated_key(c).parent()).map(Code::key).collect();
                let want: Vec<u32> = codes.iter().copied().filter(|k| !parents.contains(k)).collect();
                assert_eq!(&index.keys[..], &want[..], "{year} {classification:?}");
                let positions = index.positions.view();
                for key in codes[0] - 1..=codes[codes.len() - 1] + 1 {
                    assert_eq!(
                        positions.get(key),
                        index.keys.binary_search(&key).ok(),
                        "{year} {classification:?} {key}"
                    );
                }
                assert!(std::ptr::eq(index, catalog.leaf_index(classification)), "built once");
            }
        }
    }
}
