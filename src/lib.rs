//! # kemu — 政府收支分类科目 for Rust
//!
//! China's government budget classification as typed codes and per-year catalogs, a roll-up
//! engine that proves totals balance (exactly, or within what 四舍五入 legitimately explains), and
//! an auditor for published 部门预算/部门决算 disclosures.
//!
//! ```
//! use kemu::{Catalog, FuncCode};
//! let catalog = Catalog::year(2020)?;
//! let code = FuncCode::parse("2010301")?;
//! assert_eq!(catalog.name(code), Some("行政运行"));
//! assert_eq!(catalog.name(code.parent().unwrap()), Some("政府办公厅（室）及相关机构事务"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Architecture
//! Layers, each using only those below it:
//!
//! | layer | what it knows |
//! |---|---|
//! | [`codes`], [`amount`] | a code and a printed amount, on their own |
//! | [`catalog`] | which codes exist in a fiscal year, their names and their history; per year, key → entry and each classification's leaves with key → leaf (built once, shared by every roll-up) |
//! | [`rollup`], [`balance`] | sums of line items (exact [`rollup::RollUp`], the columnar [`rollup::rollup_columns`]); declared tables, identities, findings, the fewest cells to change |
//! | [`report`] | published 公开表: read (text, PDF, workbook), import, the rules and the required tables of a table set, names, the narrative, the audit, the harvest of printed codes |
//!
//! A text is first cut into its reports ([`report::documents()`]: at `#####` lines, and at the
//! cover of each report printed after another, `bundle`). The import ([`report::import()`]) of
//! each is one planned step in named phases with one direction:
//! the text's lines and their tab positions found in one pass → each line on its own (cells,
//! trimmed once; cell kinds, layout and page furniture, extraction artefacts; titles, read by one
//! automaton over the title rules' words; table numbers, the year) and the furniture only the pages
//! tell (a running head or foot, `pages`) → a scanner with an explicit state that assembles each
//! table's rows across pages (a page printed in another spread of cells than the one before placed at its
//! columns, a page printed columns off the others shifted onto them, a row that lost its leading empty
//! cells right-aligned where its kinds say so; a row that fits no placement reported, not read) → a
//! wide table's column blocks joined → a code and its name printed in one cell under a
//! column for each given back their two cells (`joined_labels`) → one table's header (header rows, side-by-side blocks, the role
//! of each position) → its rows (keys, names, figures by column; a 部门 code printed beside each
//! 政府 code it is paid under keys its rows by both, and they roll up under the row both name;
//! a table listed unit by unit rolls up within each unit, each unit a part of 合计; a code printed
//! twice, the second time beside the name of a sibling the table does not print, is read as that
//! sibling's misprint).
//! Whatever a phase cannot place
//! is an [`report::ImportIssue`] of a typed kind on its line; a table whose reading is not certain
//! carries [`report::Doubt`]s (rows it could not place, codes that repeat, a continuation it
//! could not read, figures finer than the cent, blank cells the extraction dropped — in a report
//! that keeps no blank cell anywhere, any table whose rows differ in length — or a group label
//! that may stand over the middle of the columns it spans), and the audit
//! checks no identity that touches it (where its only doubt is rows it could not read, none that
//! reads those rows or that a lost row, by its code, would be a part of); where a doubt may move its figures
//! ([`report::Doubt::blurs_figures`]) no prose figure is compared with it either, and its
//! names are not checked.
//!
//! The audit ([`report::audit()`]) then runs, on what the import read: the performance tables
//! outside the set ([`report::performance`]: fund blocks, execution rates, score totals, from the
//! rows the import kept for them), the catalog's names
//! (and the 部门 → 政府 mapping of the codes printed in pairs), the completeness of the table set
//! ([`report::completeness`]), the narrative ([`report::narrative`]), the identities of the table
//! set ([`report::rules`]: roll-ups, cross-footing, a column of changes against its two periods,
//! the rules across tables) checked within the rounding each figure's table explains, and the
//! localization of what does not balance. An identity whose figures are not all read (a 类 sum
//! with a figure on a row that is no 类, a 人员经费合计 whose classes are not read) is not
//! built. Findings are values, rendered at the edge. What a table set asks (its identities
//! between tables, its required tables, its performance tables' fund labels) is one value, a
//! [`report::RuleSet`], that a caller passes to [`report::audit_with`] for a province of its own.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs builds every feature and marks what each item needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The README's examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod amount;
pub mod balance;
pub mod catalog;
pub mod codes;
mod generated;
mod keymap;
pub mod report;
pub mod rollup;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;
mod text;

pub use amount::Unit;
pub use balance::Severity;
pub use catalog::{
    Catalog, CatalogError, CatalogSet, Confirmation, EconMapping, Entry, MappingCondition, NameMatch, UnitType,
};
/// The decimal type of every amount at kemu's API (`rust_decimal` 1.x), so that users need not
/// match its version by hand.
///
/// ```
/// let d: kemu::Decimal = "951.38".parse()?;
/// assert_eq!(kemu::amount::parse_amount("951.38")?, Some(d));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use rust_decimal::Decimal;

pub use codes::{
    Classification, Code, EconCode, EconKind, FiscalYear, FuncCode, Level, ParseCodeError, ParseCodeProblem,
    WrongClassification, YearError,
};
