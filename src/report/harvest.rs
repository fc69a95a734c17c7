//! What published reports say about the catalog: every (code, name, year) a report's tables
//! print, and whether it confirms, contradicts or extends the catalog of that year. Each new
//! batch of reports raises the share of catalog rows a published report confirms.

use super::import::Report;
use super::names::{is_catalog_name, table_names};
use crate::catalog::{CatalogSet, Confirmation, NameMatch};
use crate::codes::Code;

/// What one printed (code, name) is to the catalog of the report's year.
///
/// ```
/// use kemu::report::harvest::{harvest, Verdict};
/// let text = kemu::report::EMBEDDED_REPORT.replace("2010301\t行政运行", "2010301\t行政执行");
/// let printed = harvest(&kemu::report::import(&text), kemu::CatalogSet::embedded());
/// let row = printed.iter().find(|p| p.code.to_string() == "2010301").unwrap();
/// assert_eq!(row.verdict, Verdict::Differs { catalog: "行政运行".into() });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case", tag = "verdict"))]
#[non_exhaustive]
pub enum Verdict {
    /// The catalog's name of the year: the report confirms the row. `before` says whether a
    /// published report confirmed it already.
    Confirms {
        /// Whether the row's evidence named a published report before.
        before: bool,
    },
    /// The name the code carries in another period of the catalog.
    OtherPeriod {
        /// The catalog's name of the year.
        catalog: String,
    },
    /// The start of the catalog's name, cut short by a narrow cell: no evidence either way.
    Truncated,
    /// Another name than the catalog's.
    Differs {
        /// The catalog's name of the year.
        catalog: String,
    },
    /// A code the catalog lacks in that year.
    Extends,
}

impl Verdict {
    /// The verdict's one-word name (`confirms`, `other_period`, `truncated`, `differs`, `extends`).
    ///
    /// ```
    /// assert_eq!(kemu::report::harvest::Verdict::Extends.word(), "extends");
    /// ```
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Confirms { .. } => "confirms",
            Verdict::OtherPeriod { .. } => "other_period",
            Verdict::Truncated => "truncated",
            Verdict::Differs { .. } => "differs",
            Verdict::Extends => "extends",
        }
    }
}

/// One coded row a report prints.
///
/// ```
/// let printed = kemu::report::harvest::harvest(&kemu::report::import(kemu::report::EMBEDDED_REPORT), kemu::CatalogSet::embedded());
/// assert!(printed.iter().all(|p| p.year == 2020 && !p.name.is_empty()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Printed {
    /// The report's fiscal year.
    pub year: u16,
    /// The code.
    pub code: Code,
    /// The name as printed.
    pub name: String,
    /// What it is to the catalog of the year.
    pub verdict: Verdict,
    /// The table (its id).
    pub table: String,
    /// The row's 1-based line.
    pub line: Option<usize>,
}

/// The coded rows `report` prints with a name, judged against the catalog of its year. Nothing
/// is harvested from a report whose year is unknown or outside the set, from a table that lists
/// items by repeated codes (its names are the items'), nor from a table whose names sit one row
/// off their codes (an extraction shift).
///
/// ```
/// use kemu::report::{harvest, import, EMBEDDED_REPORT};
/// let printed = harvest::harvest(&import(EMBEDDED_REPORT), kemu::CatalogSet::embedded());
/// let admin = printed.iter().find(|p| p.code.to_string() == "2010301").unwrap();
/// assert_eq!((admin.year, admin.name.as_str()), (2020, "行政运行"));
/// assert_eq!(admin.verdict, harvest::Verdict::Confirms { before: true });
/// ```
pub fn harvest(report: &Report, set: &CatalogSet) -> Vec<Printed> {
    let Some(year) = report.year.filter(|y| set.years().contains(y)) else { return Vec::new() };
    let Ok(catalog) = set.year(year) else { return Vec::new() };
    let mut out = Vec::new();
    for imported in &report.tables {
        let Some(names) = table_names(imported, &imported.table, &catalog) else { continue };
        if names.is_shifted() {
            continue;
        }
        for (&(code, label, line), m) in names.coded.iter().zip(&names.matches) {
            if label.is_empty() {
                continue;
            }
            let verdict = verdict_of(label, m);
            out.push(Printed { year, code, name: label.to_string(), verdict, table: imported.table.id.clone(), line });
        }
        // The 政府 economic codes printed beside 部门 ones are printed codes too.
        for p in &imported.paired {
            let m = catalog.match_name(p.code, &p.name);
            let line = imported.table.rows.get(p.row).and_then(|r| r.line);
            out.push(Printed {
                year,
                code: p.code,
                name: p.name.clone(),
                verdict: verdict_of(&p.name, &m),
                table: imported.table.id.clone(),
                line,
            });
        }
    }
    out
}

/// What a printed name is to the catalog's entry of its code.
fn verdict_of(label: &str, m: &NameMatch<'_>) -> Verdict {
    match *m {
        NameMatch::Current(entry) | NameMatch::Mismatch { current: entry } if is_catalog_name(label, m) => {
            Verdict::Confirms { before: entry.confirmation() == Confirmation::PublishedReport }
        }
        NameMatch::OtherPeriod { current, .. } => Verdict::OtherPeriod { catalog: current.name().to_string() },
        NameMatch::Truncated { .. } => Verdict::Truncated,
        NameMatch::Current(current) | NameMatch::Mismatch { current } => {
            Verdict::Differs { catalog: current.name().to_string() }
        }
        NameMatch::UnknownCode => Verdict::Extends,
    }
}
