//! An audit for people: grouped by severity and table, in 中文, in English or in both (one
//! language per line), every line at most 100 columns (a CJK character is two).
//!
//! Messages are written `中文 | English` throughout the crate; this is the one place that picks
//! a side.

use super::audit::{Audit, CorrectionRecord};
use super::narrative::NARRATIVE;
use crate::balance::{Finding, Severity, Typo};
use std::fmt::{self, Write};
use unicode_width::UnicodeWidthChar;

/// Which language a rendering speaks.
///
/// ```
/// use kemu::report::Lang;
/// assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
/// assert!("fr".parse::<Lang>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
    /// Both, one language per line.
    #[default]
    Both,
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            "both" => Ok(Lang::Both),
            other => Err(format!("{other}: the languages are zh, en and both")),
        }
    }
}

/// The widest line a rendering prints, in terminal columns.
///
/// ```
/// assert_eq!(kemu::report::WIDTH, 100);
/// ```
pub const WIDTH: usize = 100;

impl Audit {
    /// The audit as text for a terminal, in `lang`.
    ///
    /// ```
    /// let audit = kemu::report::audit(kemu::report::EMBEDDED_REPORT);
    /// let en = audit.render(kemu::report::Lang::En);
    /// assert!(en.contains("does not balance") && !en.contains("不平衡"));
    /// assert!(en.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 100));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write(&mut out, lang);
        out
    }

    fn write(&self, out: &mut String, lang: Lang) -> fmt::Result {
        let r = &self.report;
        let year = r.year.map_or("?".to_string(), |y| y.to_string());
        let kind = r.kind.map_or("?", |k| k.chinese());
        label(out, lang, "", &format!("{} — {year} {kind} ({})", r.title, r.unit.map_or("?", |u| u.chinese())));
        let mut tables: Vec<&str> = self.findings.iter().map(|f| f.table.as_str()).collect();
        tables.sort();
        tables.dedup();
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for table in &tables {
                let group: Vec<&Finding> =
                    self.findings.iter().filter(|x| x.severity == severity && x.table == *table).collect();
                if group.is_empty() {
                    continue;
                }
                out.push('\n');
                let title = self.tables.iter().find(|t| t.id == *table).map_or("", |t| t.title.as_str());
                let heading = match *table {
                    "" => "表外 | outside the tables".to_string(),
                    t if t == NARRATIVE => "说明 | the narrative".to_string(),
                    t => format!("表{t} {title}"),
                };
                label(out, lang, &format!("{severity} · "), &heading);
                for x in group {
                    wrap(out, &format!("  [{}] ", x.rule), &place(x));
                    message(out, lang, &x.message);
                }
            }
        }
        self.write_corrections(out, lang);
        writeln!(
            out,
            "\n{} tables, {} identities checked, {} errors, {} warnings, {} infos, {} corrections",
            self.tables.len(),
            self.identities_checked,
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info),
            self.corrections.iter().filter(|c| c.is_definite()).count()
        )
    }

    fn write_corrections(&self, out: &mut String, lang: Lang) {
        if self.corrections.iter().any(CorrectionRecord::is_definite) {
            out.push('\n');
            label(out, lang, "", "建议更正 | proposed corrections");
            for c in self.corrections.iter().filter(|c| c.is_definite()) {
                label(out, lang, "  ", &correction(c));
            }
        }
        if self.corrections.iter().any(|c| !c.is_definite()) {
            out.push('\n');
            label(
                out,
                lang,
                "",
                "可能的更正（数字本身无法确定是哪一种；有录入错误特征者列前） | possible fixes (the figures cannot tell which; typing slips first)",
            );
            for c in self.corrections.iter().filter(|c| !c.is_definite()) {
                label(out, lang, &format!("  #{} ", c.fix), &correction(c));
            }
        }
    }
}

impl fmt::Display for Audit {
    /// [`Audit::render`] in both languages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Both))
    }
}

/// Where a finding is: its line (unless its row names it), row and column.
fn place(x: &Finding) -> String {
    let page = x.page.map_or(String::new(), |p| format!("第{p}页 "));
    let line = x.line.filter(|_| !x.row.starts_with('第')).map_or(String::new(), |l| format!("第{l}行 "));
    let line = format!("{page}{line}");
    let column = if x.column.is_empty() { String::new() } else { format!(" / {}", x.column) };
    format!("{line}{}{column}", x.row)
}

fn correction(c: &CorrectionRecord) -> String {
    let (zh, en) = match c.typo {
        Some(Typo::WrongDigit) => ("（一位数字录入错误）", " (one digit mistyped)"),
        Some(Typo::SwappedDigits) => ("（相邻数字颠倒）", " (adjacent digits swapped)"),
        None => ("", ""),
    };
    let (zh, en) = if c.or_unprinted_row {
        (format!("{zh}（或同级漏印一行）"), format!("{en} (or a row beside it is not printed)"))
    } else {
        (zh.to_string(), en.to_string())
    };
    let from = |blank: &str| c.from.map_or(blank.to_string(), |d| d.to_string());
    let cell = format!("表{} {} / {}", c.table, c.row, c.column);
    if zh.is_empty() && c.from.is_some() {
        return format!("{cell}: {} → {}", from(""), c.to);
    }
    format!("{cell}: {} → {}{zh} | {cell}: {} → {}{en}", from("空白"), c.to, from("blank"), c.to)
}

/// A short label (`中文 | English`): one side, or both as printed on one line.
fn label(out: &mut String, lang: Lang, prefix: &str, text: &str) {
    let (zh, en) = text.split_once(" | ").unwrap_or((text, text));
    match lang {
        Lang::Zh => wrap(out, prefix, zh),
        Lang::En => wrap(out, prefix, en),
        Lang::Both => wrap(out, prefix, text),
    }
}

/// A finding's message under its place: one language, or each on its own line.
fn message(out: &mut String, lang: Lang, text: &str) {
    const INDENT: &str = "      ";
    let (zh, en) = text.split_once(" | ").unwrap_or((text, text));
    match lang {
        Lang::Zh => wrap(out, INDENT, zh),
        Lang::En => wrap(out, INDENT, en),
        Lang::Both if zh == en => wrap(out, INDENT, zh),
        Lang::Both => {
            wrap(out, INDENT, zh);
            wrap(out, INDENT, en);
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `prefix` then `text`, broken into lines of at most [`WIDTH`] columns (continuations indented
/// two columns past the prefix; English breaks at spaces where it can).
fn wrap(out: &mut String, prefix: &str, text: &str) {
    let indent = " ".repeat((width(prefix) + 2).min(WIDTH / 2));
    let mut line = prefix.to_string();
    let mut used = width(prefix);
    let mut last_space: Option<usize> = None;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > WIDTH {
            // Break at the last space of the line if there is one, else here.
            let carry = match last_space {
                Some(at) if at > indent.len() && line.len() - at < 40 => line.split_off(at + 1),
                _ => String::new(),
            };
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{indent}{carry}");
            used = width(&line);
            last_space = None;
        }
        if c == ' ' {
            last_space = Some(line.len());
        }
        line.push(c);
        used += w;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_wrapped_at_the_width_and_keep_every_character() {
        let text = "不平衡：申报 1013.91，按类 201 = Σ 下级科目应为 971.38，差额 42.53，容差 0.510，".repeat(3);
        let mut out = String::new();
        wrap(&mut out, "  [rollup] 201: ", &text);
        assert!(out.lines().all(|l| width(l) <= WIDTH), "{out}");
        let joined: String = out.lines().map(str::trim).collect::<Vec<_>>().join("");
        assert_eq!(joined.replace(' ', ""), format!("[rollup]201:{text}").replace(' ', ""));
        let mut out = String::new();
        wrap(&mut out, "", &"does not balance ".repeat(12));
        assert!(out.lines().all(|l| width(l) <= WIDTH && !l.ends_with(' ')), "{out}");
        // English breaks between words, and continues two columns in.
        assert!(out.split_whitespace().all(|w| ["does", "not", "balance"].contains(&w)), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("  ") && !l.starts_with("   ")), "{out}");
    }

    #[test]
    fn one_language_or_both_on_their_own_lines() {
        let mut out = String::new();
        message(&mut out, Lang::Both, "表内无数据 | the table holds no figures");
        assert_eq!(out, "      表内无数据\n      the table holds no figures\n");
        let mut out = String::new();
        message(&mut out, Lang::En, "表内无数据 | the table holds no figures");
        assert_eq!(out, "      the table holds no figures\n");
        let mut out = String::new();
        label(&mut out, Lang::Zh, "error · ", "表外 | outside the tables");
        assert_eq!(out, "error · 表外\n");
    }
}
