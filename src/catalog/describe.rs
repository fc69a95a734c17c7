//! A code or a name looked up, as text for people: what the `lookup` example and the `kemu
//! lookup` command print.

use super::{Catalog, CatalogSet};
use crate::codes::Code;
use std::fmt::Write;

/// A code's name and ancestry, or every code a name is carried by (names repeat under different
/// 款) with the years an old or new name held; `Err` says why nothing was found.
///
/// ```
/// let set = kemu::CatalogSet::embedded();
/// let text = kemu::catalog::describe(set, 2020, "2010301").unwrap();
/// assert!(text.starts_with("201 一般公共服务支出 › 20103"));
/// assert!(kemu::catalog::describe(set, 2020, "不存在的名称").is_err());
/// ```
pub fn describe(set: &CatalogSet, year: u16, query: &str) -> Result<String, String> {
    let catalog = Catalog::year(year).map_err(|e| e.to_string())?;
    let mut out = String::new();
    if query.trim().starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let code = Code::parse_lenient(query).map_err(|e| e.to_string())?;
        let path = catalog.path(code);
        let history = set.name_history(code);
        if path.is_empty() {
            let mut msg = format!("{code} is not in the {year} catalog");
            for e in history {
                let years = e.valid_years();
                let _ = write!(msg, "\n  {}–{}: {}", years.start(), years.end(), e.name());
            }
            return Err(msg);
        }
        let trail: Vec<String> = path.iter().map(|e| e.to_string()).collect();
        let _ = writeln!(out, "{}", trail.join(" › "));
        let entry = path[path.len() - 1];
        let uncertain = if entry.is_uncertain() { ", uncertain" } else { "" };
        let _ = writeln!(out, "level {}, {year}, evidence: {:?}{uncertain}", entry.level(), entry.confirmation());
        for e in history {
            let years = e.valid_years();
            let _ = writeln!(out, "  {}–{}: {}", years.start(), years.end(), e.name());
        }
        return Ok(out);
    }
    let hits = catalog.find_by_name(query);
    for e in &hits {
        let trail: Vec<String> = catalog.path(e.code()).iter().map(|p| p.to_string()).collect();
        let _ = writeln!(out, "{}", trail.join(" › "));
    }
    let other: Vec<_> =
        set.find_by_name_any_year(query).into_iter().filter(|e| !e.valid_years().contains(&year)).collect();
    for e in &other {
        let years = e.valid_years();
        let _ = writeln!(out, "{query} was {} in {}–{}", e.code(), years.start(), years.end());
    }
    if hits.is_empty() && other.is_empty() {
        return Err(format!("no code is named {query:?} in {year}"));
    }
    Ok(out)
}
