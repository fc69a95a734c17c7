//! Phase 2c of the narrative: enumerations the outline makes. A heading (or the paragraph under
//! it) states a whole, and the headings numbered one level below it each state a part:
//!
//! ```text
//! 二、收入预算情况说明
//! 2026 年度收入预算 1448787.35 万元，……
//! （一）本年财政拨款收入 1378967.75 万元
//! 1.一般公共预算拨款收入 1368602.75 万元。
//! ……
//! （二）本年其他资金收入 5455.88 万元
//! ……
//! ```
//!
//! Each becomes a [`ClaimKind::Parts`] claim, checked as an enumeration in a sentence is: only
//! where its parts are known to be all of its whole.

use super::{Claim, ClaimKind, Measure, Stated};
use crate::text::is_cjk_numeral;

/// A heading of the prose: how deep its numbering stands, and where its claims start.
pub(super) struct Heading {
    /// 0 第一部分, 1 一、, 2 （一）, 3 1. or 1、, 4 （1）; `None` for a numbering of another kind.
    depth: Option<u8>,
    /// The index of its first claim among the claims of the prose.
    first_claim: usize,
}

impl Heading {
    /// The heading `text`, whose claims start at `first_claim`.
    pub(super) fn new(text: &str, first_claim: usize) -> Heading {
        Heading { depth: depth(text.trim_start()), first_claim }
    }
}

/// How deep a numbering stands in the outline of a 情况说明.
fn depth(text: &str) -> Option<u8> {
    use crate::text::Numbering::{BracketedDigit, BracketedNumeral, Digit, Numeral};
    if let Some(rest) = text.strip_prefix('第') {
        let numeral = |n: &str| !n.is_empty() && n.chars().all(|c| is_cjk_numeral(c) || c.is_ascii_digit());
        return rest.split_once("部分").filter(|(n, _)| numeral(n)).map(|_| 0);
    }
    match crate::text::numbering(&crate::catalog::normalized(text))? {
        Numeral => Some(1),
        BracketedNumeral => Some(2),
        Digit => Some(3),
        BracketedDigit => Some(4),
    }
}

/// The enumerations of the outline: a heading's first claim's amount as the whole, and the first
/// claim's amount under each heading one level below it (up to the next heading at its level or
/// above) as the parts. A run is taken only where every part states an amount in the whole's measure (or none)
/// and year, and its parts are known to be all of the whole (see `check::COMPLETE`).
pub(super) fn enumerations(headings: &[Heading], claims: &[Claim]) -> Vec<Claim> {
    // The claims under heading `h` before the next heading of any depth.
    let own = |h: usize| {
        let end = headings.get(h + 1).map_or(claims.len(), |next| next.first_claim);
        &claims[headings[h].first_claim..end]
    };
    let mut out = Vec::new();
    for (h, heading) in headings.iter().enumerate() {
        let Some(depth) = heading.depth else { continue };
        // Its first claim, and the first under each child: a figure read later in the paragraph
        // may be of another subject (比上年…).
        let Some(claim) = own(h).first() else { continue };
        let Some(whole) = first_stated(claim) else { continue };
        // The children: the depth of the first heading after it, every heading of that depth
        // until one at its own depth or above (or of another numbering).
        let Some(child) = headings.get(h + 1).and_then(|g| g.depth).filter(|&d| d > depth) else { continue };
        let children: Vec<usize> = (h + 1..headings.len())
            .take_while(|&i| headings[i].depth.is_some_and(|d| d > depth))
            .filter(|&i| headings[i].depth == Some(child))
            .collect();
        let parts: Option<Vec<(i8, Stated)>> = children
            .iter()
            .map(|&c| {
                let part = own(c).first().and_then(first_stated)?;
                // (`本年财政拨款收入` under `收入预算` states no measure of its own.)
                let measure =
                    part.subject.measure == whole.subject.measure || part.subject.measure == Measure::Unstated;
                let alike = measure && part.subject.year == whole.subject.year;
                alike.then(|| (1, part.clone()))
            })
            .collect();
        // Only a whole whose parts are known to be these: a heading's first amount is not always
        // the whole of the headings below it (公务接待费 8.34 … 1、公务接待费 … 3、公务用车 …), and a
        // part taken for one would be read in its whole's scope.
        let Some(parts) = parts.filter(|p| p.len() >= 2 && super::check::is_complete(whole, p)) else { continue };
        out.push(Claim {
            line: claim.line,
            sentence: claim.sentence.clone(),
            heading: claim.heading.clone(),
            kind: ClaimKind::Parts { whole: whole.clone(), parts },
        });
    }
    out
}

/// The first amount a claim states: its own, a share's part, a change's figure, an enumeration's
/// whole.
fn first_stated(claim: &Claim) -> Option<&Stated> {
    match &claim.kind {
        ClaimKind::Amount(s) | ClaimKind::Share { part: s, .. } | ClaimKind::Change { of: s, .. } => Some(s),
        ClaimKind::Parts { whole, .. } => Some(whole),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn numberings_stand_at_their_depth() {
        let depths: Vec<Option<u8>> = [
            "第一部分 情况说明",
            "二、收入预算",
            "（一）本年财政拨款收入",
            "(三)结转",
            "1.一般公共预算",
            "10、其他",
            "（1）进修",
            "图 1",
            "2026年",
        ]
        .iter()
        .map(|t| depth(t))
        .collect();
        assert_eq!(depths, [Some(0), Some(1), Some(2), Some(2), Some(3), Some(3), Some(4), None, None]);
    }
}
