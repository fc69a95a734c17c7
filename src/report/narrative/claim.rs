//! Phase 2b of the narrative: each sentence's tokens → claims, by a walker that keeps the
//! sentence's topic (the last amount with a subject of its own), the budget beside it, the last
//! change, and the enumerations open (其中 …, a parenthesis after an amount). Relations are
//! read only where the words say them; a percentage whose relation is not said is unread.

use super::prose::Sentence;
use super::subject::{GENERIC, stated_year, subject_of};
use super::token::{Token, tokens};
use super::{Base, Claim, ClaimKind, Measure, Stated, Subject, Unread};
use crate::amount::Unit;
use crate::report::rules::stripped;
use rust_decimal::Decimal;

/// What carries from sentence to sentence: the year last stated, the subject a heading names
/// (`1、一般公共服务支出(类)…行政运行(项)。` names the figures of the paragraph after it), the
/// amounts stated so far (a share may name its whole: 占本年支出合计的100%), and within a
/// paragraph its topic (`…总计2069.69万元。与上年相比，减少387.94万元`), budget and last year.
struct Context<'s> {
    year: Option<u16>,
    heading: Heading<'s>,
    earlier: Vec<Stated>,
    paragraph: usize,
    topic: Option<Stated>,
    budget: Option<Stated>,
    adjusted: Option<Stated>,
    before: Option<Stated>,
    /// The walkers' word buffers, kept from sentence to sentence so that they grow once.
    spare: [String; 3],
}

/// Every claim of the prose.
pub(super) fn claims(sentences: &[Sentence<'_>], report_year: Option<u16>) -> Vec<Claim> {
    let mut cx = Context {
        year: report_year,
        heading: Heading::Subject(String::new()),
        earlier: Vec::new(),
        paragraph: usize::MAX,
        topic: None,
        budget: None,
        adjusted: None,
        before: None,
        spare: Default::default(),
    };
    let mut out = Vec::new();
    // Each heading's numbering and the first of its claims, for the outline's enumerations.
    let mut headings: Vec<super::outline::Heading> = Vec::new();
    for sentence in sentences {
        if sentence.heading {
            headings.push(super::outline::Heading::new(sentence.text, out.len()));
        }
        if sentence.paragraph != cx.paragraph {
            (cx.paragraph, cx.topic, cx.budget, cx.adjusted, cx.before) = (sentence.paragraph, None, None, None, None);
        }
        // Most prose states no figure and no year: only a heading matters then.
        if !sentence.text.bytes().any(|b| b.is_ascii_digit()) {
            if sentence.heading {
                cx.heading = Heading::Text(sentence.text);
            }
            continue;
        }
        if let Some(year) = stated_year(sentence.text) {
            cx.year = Some(year);
        }
        // A figure needs a unit (元) or a percent sign.
        if !super::prose::states_figure(sentence.text) {
            if sentence.heading {
                cx.heading = Heading::Text(sentence.text);
            }
            continue;
        }
        let tokens = tokens(sentence.text);
        let figures = tokens.iter().any(|t| matches!(t, Token::Money(..) | Token::Percent(_)));
        if sentence.heading {
            // A heading that is itself a statement (（1）进修及培训（20508）102.32万元…) names its
            // subject before its first figure.
            cx.heading = match tokens.first() {
                Some(Token::Words(words)) if figures => Heading::Subject(heading_subject(words)),
                _ if figures => Heading::Subject(String::new()),
                _ => Heading::Text(sentence.text),
            };
        }
        if figures {
            out.extend(Walker::new(sentence, &mut cx).walk(&tokens));
        }
    }
    let outlined = super::outline::enumerations(&headings, &out);
    out.extend(outlined);
    out
}

/// The subject a heading names: its numbering and closing mark taken off.
fn heading_subject(text: &str) -> String {
    let subject = stripped(text.trim_start_matches(['-', ' ']));
    let subject = subject.trim_end_matches(['。', ':']);
    // A section about a figure (二、收入预算情况说明) names that figure: its budget's 收入.
    match subject.strip_suffix("预算情况说明") {
        Some(figure) if !figure.is_empty() => figure.to_string(),
        _ => subject.to_string(),
    }
}

/// The last heading: its text until a claim asks for its subject (most headings name no
/// figure's subject, and a paragraph's first sentence is often long).
enum Heading<'s> {
    Text(&'s str),
    Subject(String),
}

impl Heading<'_> {
    fn subject(&mut self) -> &str {
        if let Heading::Text(text) = *self {
            *self = Heading::Subject(heading_subject(text));
        }
        match self {
            Heading::Subject(subject) => subject,
            Heading::Text(_) => unreachable!("read just above"),
        }
    }
}

/// An enumeration being read: a whole and its parts at one depth of parentheses.
struct Group {
    whole: Stated,
    parts: Vec<(i8, Stated)>,
    depth: u32,
    /// A 其中 inside another enumeration's part: closed by the next ；.
    nested: bool,
}

/// Words that state a change, with its sign.
const CHANGES: &[(&str, i8)] = &[
    ("增加", 1),
    ("增长", 1),
    ("上升", 1),
    ("增支", 1),
    ("超支", 1),
    ("减少", -1),
    ("下降", -1),
    ("降低", -1),
    ("减支", -1),
    ("节约", -1),
    ("节省", -1),
];

/// Words of a part that is taken off its whole (年内追加…，财政扣减一般性支出指标9.6万元).
const SUBTRACTIVE: &[&str] = &["扣减", "扣除", "核减", "冲减", "减少", "压减"];

/// Words that open an enumeration of the topic.
const ENUMERATES: &[&str] = &["其中", "主要用于", "包括"];

struct Walker<'a, 's> {
    cx: &'a mut Context<'s>,
    line: usize,
    sentence: &'a str,
    /// Words since the last figure or clause mark.
    lead: String,
    /// Words since the last figure.
    since_figure: String,
    /// Words since the topic was stated (since the sentence start when it is an earlier one's).
    since_topic: String,
    change: Option<usize>,
    groups: Vec<Group>,
    depth: u32,
    out: Vec<Claim>,
}

impl<'a, 's> Walker<'a, 's> {
    fn new(sentence: &'a Sentence<'_>, cx: &'a mut Context<'s>) -> Walker<'a, 's> {
        let [mut lead, mut since_figure, mut since_topic] = std::mem::take(&mut cx.spare);
        for buffer in [&mut lead, &mut since_figure, &mut since_topic] {
            buffer.clear();
        }
        Walker {
            cx,
            line: sentence.line,
            sentence: sentence.text,
            lead,
            since_figure,
            since_topic,
            change: None,
            groups: Vec::new(),
            depth: 0,
            out: Vec::new(),
        }
    }

    fn walk(mut self, tokens: &[Token]) -> Vec<Claim> {
        for token in tokens {
            match token {
                Token::Words(w) => {
                    self.lead.push_str(w);
                    self.since_figure.push_str(w);
                    self.since_topic.push_str(w);
                }
                Token::Comma | Token::Colon => self.lead.clear(),
                Token::Semicolon => {
                    self.lead.clear();
                    self.close(|g, depth| g.nested && g.depth == depth);
                }
                Token::Open => {
                    self.lead.clear();
                    self.depth += 1;
                    if self.since_figure.is_empty()
                        && let Some(topic) = self.cx.topic.clone()
                    {
                        self.groups.push(Group { whole: topic, parts: Vec::new(), depth: self.depth, nested: false });
                    }
                }
                Token::Close => {
                    self.lead.clear();
                    self.close(|g, depth| g.depth >= depth);
                    self.depth = self.depth.saturating_sub(1);
                }
                Token::Money(value, unit) => self.money(*value, *unit),
                Token::Percent(value) => self.percent(*value),
            }
        }
        self.direction();
        self.close(|_, _| true);
        self.cx.spare = [self.lead, self.since_figure, self.since_topic];
        self.out
    }

    fn claim(&mut self, kind: ClaimKind) -> usize {
        self.out.push(Claim {
            line: self.line,
            sentence: self.sentence.to_string(),
            heading: self.cx.heading.subject().to_string(),
            kind,
        });
        self.out.len() - 1
    }

    /// Closes the groups `which` selects (innermost first), each with parts a claim.
    fn close(&mut self, which: impl Fn(&Group, u32) -> bool) {
        while self.groups.last().is_some_and(|g| which(g, self.depth)) {
            let Some(group) = self.groups.pop() else { break };
            if !group.parts.is_empty() {
                self.claim(ClaimKind::Parts { whole: group.whole, parts: group.parts });
            }
        }
    }

    fn stated(&self, subject: Subject, value: Decimal, unit: Unit) -> Stated {
        Stated { subject, value, unit, line: self.line }
    }

    /// An amount: read with the words before it, which it then clears (their buffers kept).
    fn money(&mut self, value: Decimal, unit: Unit) {
        let mut lead = std::mem::take(&mut self.lead);
        let mut prefix = std::mem::take(&mut self.since_figure);
        self.money_after(&lead, &prefix, value, unit);
        lead.clear();
        prefix.clear();
        (self.lead, self.since_figure) = (lead, prefix);
    }

    fn money_after(&mut self, lead: &str, prefix: &str, value: Decimal, unit: Unit) {
        if let Some((words, sign)) = change_of(lead) {
            let since_topic = std::mem::take(&mut self.since_topic);
            self.changed(words, &since_topic, Decimal::from(sign) * value, unit);
            self.since_topic = since_topic;
            return;
        }
        let mut subject = subject_of(lead);
        subject.year = subject.year.or(self.cx.year);
        // A general word (支出, 收入) is the subject before it only where that subject ends with
        // it: after 年初结转和结余58,830.98万元，收入决算… is another subject.
        let word = subject.entity.as_str();
        let before = match &self.cx.topic {
            Some(topic) => topic.subject.entity.as_str(),
            None => self.cx.heading.subject(),
        };
        // (支出 is also the spending of a fee or of a classified item: 公务接待费, …行政运行(项).)
        let generic_of_before = before.ends_with(word) || word == "支出" && before.ends_with(['费', ')']);
        let inherited = word.is_empty() || GENERIC.contains(&word) && generic_of_before;
        if !inherited && GENERIC.contains(&word) {
            self.claim(ClaimKind::Unread { value, unit: Some(unit), reason: Unread::NoSubject });
            return;
        }
        // Words between the last figure and this clause may name its subject (其中：因公出国费用
        // 由于…，年初没有预算，实际支出10.96万元): the topic is then not certainly its subject.
        if inherited && prefix != lead {
            self.claim(ClaimKind::Unread { value, unit: Some(unit), reason: Unread::NoSubject });
            return;
        }
        if inherited {
            subject.entity = match &self.cx.topic {
                Some(topic) => topic.subject.entity.clone(),
                None => self.cx.heading.subject().to_string(),
            };
        }
        if subject.entity.is_empty() {
            self.claim(ClaimKind::Unread { value, unit: Some(unit), reason: Unread::NoSubject });
            return;
        }
        let stated = self.stated(subject, value, unit);
        if stated.subject.measure == Measure::LastYear && inherited {
            self.cx.before = Some(stated.clone());
        }
        self.claim(ClaimKind::Amount(stated.clone()));
        if !inherited {
            self.within(prefix, lead);
            self.enumerate(prefix, lead, &stated);
        }
        match stated.subject.measure {
            Measure::Budget => self.cx.budget = Some(stated.clone()),
            Measure::AdjustedBudget => self.cx.adjusted = Some(stated.clone()),
            _ => {}
        }
        self.cx.earlier.push(stated.clone());
        if stated.subject.measure != Measure::LastYear {
            self.cx.topic = Some(stated);
            self.since_topic.clear();
        }
    }

    /// `…支出决算中，公务接待费支出决算8.34万元，占47.47%`: words before the clause that end in 中
    /// name a whole stated before; its parts follow.
    fn within(&mut self, prefix: &str, lead: &str) {
        let Some(head) = prefix.strip_suffix(lead) else { return };
        let Some(head) = head.strip_suffix('中') else { return };
        if !self.groups.is_empty() || head.ends_with("其") {
            return;
        }
        let named = subject_of(head);
        if named.entity.is_empty() {
            return;
        }
        if let Some(whole) = self.named(&named.entity, Some(named.measure)) {
            self.groups.push(Group { whole, parts: Vec::new(), depth: self.depth, nested: false });
        }
    }

    /// `stated` as a part of the enumeration open at this depth, or of one its words open.
    fn enumerate(&mut self, prefix: &str, lead: &str, stated: &Stated) {
        if ENUMERATES.iter().any(|w| prefix.contains(w))
            && let Some(topic) = self.cx.topic.clone()
        {
            let open_here = self.groups.last().is_some_and(|g| g.depth == self.depth);
            let topic_is_part = self.groups.last().is_some_and(|g| g.parts.last().is_some_and(|(_, p)| *p == topic));
            if !open_here || topic_is_part {
                self.groups.push(Group { whole: topic, parts: Vec::new(), depth: self.depth, nested: open_here });
            }
        }
        let depth = self.depth;
        if let Some(group) = self.groups.last_mut().filter(|g| g.depth == depth) {
            let measure = group.whole.subject.measure;
            if measure == stated.subject.measure || stated.subject.measure == Measure::Unstated {
                let sign = if SUBTRACTIVE.iter().any(|w| lead.contains(w)) { -1 } else { 1 };
                group.parts.push((sign, stated.clone()));
            }
        }
    }

    /// A change of the topic by `delta` (`与上年相比，减少387.94万元`).
    fn changed(&mut self, words: &str, prefix: &str, delta: Decimal, unit: Unit) {
        // The base named last before the change: …完成预算的46.33%…，与上年相比减少1.70万元.
        let budget = prefix.rfind("预算");
        let last_year = ["上年", "去年", "同比", "上一年"].iter().filter_map(|w| prefix.rfind(w)).max();
        let base = match (budget, last_year) {
            (Some(b), Some(y)) if b > y => Some(Base::Budget),
            (Some(_), None) => Some(Base::Budget),
            (_, Some(_)) => Some(Base::LastYear),
            (None, None) => None,
        };
        // 比2025年年初预算数28479.84万元增加…: against an earlier year's figure just stated, its
        // budget or not.
        let earlier = self.cx.before.as_ref().and_then(|b| b.subject.year);
        let now = self.cx.topic.as_ref().and_then(|t| t.subject.year);
        let base = if earlier.is_some() && now.is_some() && earlier < now { Some(Base::LastYear) } else { base };
        let subject = subject_of(words);
        // The change is of the topic only where the words name it or nothing: not where they
        // restate a year or a measure (2026年预算比2025年预算增加…) and not where the topic is a
        // part of an enumeration (其中：A…、B…，较上年增加…: of B or of the whole?).
        let restated = subject.entity.is_empty() && (subject.year.is_some() || subject.measure != Measure::Unstated);
        let in_enumeration = self.groups.iter().any(|g| g.parts.iter().any(|(_, p)| Some(p) == self.cx.topic.as_ref()));
        let topic = self
            .cx
            .topic
            .clone()
            .filter(|t| subject.entity.is_empty() || t.subject.entity == subject.entity)
            .filter(|_| !restated && !in_enumeration);
        match (topic, base) {
            (Some(of), Some(base)) => {
                let before = if base == Base::LastYear { self.cx.before.take() } else { None };
                let kind = ClaimKind::Change { of, base, delta, unit, percent: None, before };
                self.change = Some(self.claim(kind));
            }
            _ => {
                self.claim(ClaimKind::Unread { value: delta.abs(), unit: Some(unit), reason: Unread::UnstatedBase });
            }
        }
    }

    /// A percentage: read with the words before it, which it then clears (their buffer kept).
    fn percent(&mut self, value: Decimal) {
        let mut lead = std::mem::take(&mut self.lead);
        self.since_figure.clear();
        self.percent_after(&lead, value);
        lead.clear();
        self.lead = lead;
    }

    fn percent_after(&mut self, lead: &str, value: Decimal) {
        let topic = self.cx.topic.clone();
        if lead.contains("预算的") {
            // 完成年初预算的 / 完成预算的: the budget; 完成全年预算的 / 调整预算的: the adjusted one.
            let adjusted = lead.contains("调整") || lead.contains("全年预算");
            let budget = if adjusted { self.cx.adjusted.clone() } else { self.cx.budget.clone() };
            let budget = budget.filter(|b| topic.as_ref().is_some_and(|t| t.subject.entity == b.subject.entity));
            let actual = topic.filter(|t| !matches!(t.subject.measure, Measure::Budget | Measure::AdjustedBudget));
            if let (Some(budget), Some(actual)) = (budget, actual) {
                self.claim(ClaimKind::Execution { budget, actual, percent: value });
                return;
            }
        } else if let Some(named) = lead.strip_prefix('占') {
            let named = named.trim_end_matches("的比重").trim_end_matches("的比例").trim_end_matches('的');
            let whole = if named.is_empty() { self.enumerated_whole() } else { self.named(named, None) };
            if let (Some(part), Some(whole)) = (topic, whole) {
                self.claim(ClaimKind::Share { part, whole, percent: value });
                return;
            }
        } else if change_of(lead).is_some()
            && let Some(ClaimKind::Change { percent, .. }) =
                self.change.and_then(|i| self.out.get_mut(i)).map(|c| &mut c.kind)
        {
            *percent = Some(value);
            return;
        }
        self.claim(ClaimKind::Unread { value, unit: None, reason: Unread::UnstatedWhole });
    }

    /// The whole of the enumeration the topic is a part of.
    fn enumerated_whole(&self) -> Option<Stated> {
        let topic = self.cx.topic.as_ref()?;
        let group = self.groups.iter().rev().find(|g| g.parts.iter().any(|(_, p)| p == topic))?;
        Some(group.whole.clone())
    }

    /// The latest amount stated of a subject the words name (占基本支出的 → 财政拨款基本支出),
    /// of the measure they name if they name one.
    fn named(&self, words: &str, measure: Option<Measure>) -> Option<Stated> {
        let words = crate::catalog::normalize_name(words);
        let words = words.as_str();
        let measure = measure.filter(|m| *m != Measure::Unstated);
        let year = self.cx.year;
        self.cx
            .earlier
            .iter()
            .rev()
            .find(|s| {
                let e = s.subject.entity.as_str();
                s.subject.year == year
                    && s.subject.measure != Measure::LastYear
                    && measure.is_none_or(|m| m == s.subject.measure)
                    && (e == words || e.ends_with(words) || words.ends_with(e) && e.chars().count() >= 2)
            })
            .cloned()
    }

    /// `决算数大于年初预算数` / `小于`: a direction the topic and its budget must agree with.
    fn direction(&mut self) {
        let larger = match (self.sentence.contains("决算数大于"), self.sentence.contains("决算数小于")) {
            (true, false) => true,
            (false, true) => false,
            _ => return,
        };
        let (Some(budget), Some(actual)) = (self.cx.budget.clone(), self.cx.topic.clone()) else { return };
        let outturn = !matches!(actual.subject.measure, Measure::Budget | Measure::AdjustedBudget);
        if budget.subject.entity == actual.subject.entity && outturn {
            self.claim(ClaimKind::Direction { budget, actual, larger });
        }
    }
}

/// The subject words and sign of a change stated by `lead` (`减少`, `财政拨款支出增加`,
/// `比年初预算数减少`, `增加支出`).
fn change_of(lead: &str) -> Option<(&str, i8)> {
    // Every change word holds one of these: most leads hold none.
    if !lead.contains(['增', '减', '降', '上', '节', '超']) {
        return None;
    }
    let lead = lead.trim_end_matches('了');
    CHANGES.iter().find_map(|&(word, sign)| {
        let at = lead.find(word)?;
        let after = &lead[at + word.len()..];
        // The change word ends the lead or is followed by what changed (增加支出).
        (after.is_empty() || after == "支出" || after == "了").then(|| {
            let mut before = &lead[..at];
            // 与上年相比 / 与年初预算相比 / 同比 name the base, not the subject.
            if let Some((_, rest)) = before.split_once("相比") {
                before = rest;
            }
            let before = before.strip_prefix("同比").unwrap_or(before);
            (before.rsplit_once(['比', '较']).map_or(before, |(b, _)| b), sign)
        })
    })
}
