//! A code printed twice in a table where the second row's name is a sibling code's
//! (`30208 取暖费` then `30208 物业管理费`, the name of 30209): a misprinted code, not a table
//! that lists items by code. Its row is read as the code its name says, and the import says so.

use crate::balance::{Row, RowKey};
use crate::catalog::CatalogSet;
use crate::codes::Code;
use crate::report::issue::{ImportIssue, ImportIssueKind};

/// Reads each misprinted code of table `id` as the code its name says, with an issue on its
/// line, and empties `repeated` (a code and the line it repeats on), when every repeat is a
/// misprint ([`misprinted_codes`]); otherwise leaves everything as printed.
pub(super) fn read_misprints(
    id: &str,
    rows: &mut [Row],
    repeated: &mut Vec<(Code, usize)>,
    issues: &mut Vec<ImportIssue>,
) {
    if repeated.is_empty() {
        return;
    }
    let Some(misprints) = misprinted_codes(rows, repeated) else { return };
    for (r, named) in misprints {
        let RowKey::Code(printed) = rows[r].key else { continue };
        let kind = ImportIssueKind::MisprintedCode { printed, named, name: rows[r].label.clone() };
        issues.push(ImportIssue::new(rows[r].line.unwrap_or(0), Some(id), kind));
        rows[r].key = RowKey::Code(named);
    }
    repeated.clear();
}

/// The rows of `rows` to read under another code, each with that code, when every repeat of a
/// code in `repeated` (a code and the line it repeats on) is a misprint: exactly one of the
/// code's rows is named as the code (in some year), and each other one is named as exactly one
/// code, in every year that name was used, which is a sibling of the printed code (the same
/// parent) that the table prints nowhere and no other row is read as. Otherwise `None`: the rows
/// stay as printed and the repeats keep the table's roll-ups unchecked.
fn misprinted_codes(rows: &[Row], repeated: &[(Code, usize)]) -> Option<Vec<(usize, Code)>> {
    let names = CatalogSet::embedded();
    let printed = |code: Code| rows.iter().any(|r| r.key == RowKey::Code(code));
    let mut codes: Vec<Code> = repeated.iter().map(|&(code, _)| code).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut rekeyed: Vec<(usize, Code)> = Vec::new();
    for code in codes {
        code.parent()?;
        let mut own = 0;
        for (r, row) in rows.iter().enumerate().filter(|(_, row)| row.key == RowKey::Code(code)) {
            let mut named: Vec<Code> = names.find_by_name_any_year(&row.label).iter().map(|e| e.code()).collect();
            named.sort_unstable();
            named.dedup();
            if named.contains(&code) {
                own += 1;
                continue;
            }
            let [sibling] = named[..] else { return None };
            let taken = rekeyed.iter().any(|&(_, c)| c == sibling);
            if sibling.parent() != code.parent() || printed(sibling) || taken {
                return None;
            }
            rekeyed.push((r, sibling));
        }
        if own != 1 {
            return None;
        }
    }
    Some(rekeyed)
}

#[cfg(test)]
mod tests {
    use super::misprinted_codes;
    use crate::balance::Row;
    use crate::codes::Code;

    fn rows(printed: &[(&str, &str)]) -> Vec<Row> {
        printed.iter().map(|&(code, name)| Row::code(Code::parse(code).unwrap(), name, vec![None])).collect()
    }

    fn repeats(rows: &[Row]) -> Vec<(Code, usize)> {
        let mut seen = std::collections::BTreeSet::new();
        rows.iter()
            .enumerate()
            .filter_map(|(i, r)| match r.key {
                crate::balance::RowKey::Code(c) if !seen.insert(c) => Some((c, i)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_repeat_named_as_an_unprinted_sibling_is_that_sibling() {
        let table =
            rows(&[("302", "商品和服务支出"), ("30208", "取暖费"), ("30208", "物业管理费"), ("30211", "差旅费")]);
        let fixed = misprinted_codes(&table, &repeats(&table));
        assert_eq!(fixed, Some(vec![(2, Code::parse("30209").unwrap())]));
    }

    #[test]
    fn repeats_that_are_items_or_printed_codes_stay_as_printed() {
        // Both rows carry the code's own name: a listing by unit or project.
        let items =
            rows(&[("2080505", "机关事业单位基本养老保险缴费支出"), ("2080505", "机关事业单位基本养老保险缴费支出")]);
        assert_eq!(misprinted_codes(&items, &repeats(&items)), None);
        // The name's code is printed too: which row is which cannot be told.
        let both = rows(&[("30208", "取暖费"), ("30208", "物业管理费"), ("30209", "物业管理费")]);
        assert_eq!(misprinted_codes(&both, &repeats(&both)), None);
        // A name that is no code's (a project) says nothing.
        let project = rows(&[("30208", "取暖费"), ("30208", "供暖改造项目")]);
        assert_eq!(misprinted_codes(&project, &repeats(&project)), None);
        // A name of a code under another parent is no slip of one digit's place in the list.
        let far = rows(&[("30208", "取暖费"), ("30208", "基本工资")]);
        assert_eq!(misprinted_codes(&far, &repeats(&far)), None);
    }
}
