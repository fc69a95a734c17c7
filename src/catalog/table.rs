//! The storage rows shared by the generated tables and a catalog loaded at run time.

/// One code and one name period; `S` is `&'static str` in the generated tables, `Box<str>` when
/// loaded at run time. `to` is closed: the last year the name is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row<S> {
    pub key: u32,
    pub digits: u8,
    pub from: u16,
    pub to: u16,
    pub name: S,
    pub evidence: S,
}

/// One 部门预算 → 政府预算 economic mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MapRow<S> {
    pub dept_key: u32,
    pub gov_key: u32,
    pub condition: S,
    pub evidence: S,
}

impl<S: AsRef<str>> Row<S> {
    pub fn borrow(&self) -> Row<&str> {
        Row {
            key: self.key,
            digits: self.digits,
            from: self.from,
            to: self.to,
            name: self.name.as_ref(),
            evidence: self.evidence.as_ref(),
        }
    }
}

impl<S: AsRef<str>> MapRow<S> {
    pub fn borrow(&self) -> MapRow<&str> {
        MapRow {
            dept_key: self.dept_key,
            gov_key: self.gov_key,
            condition: self.condition.as_ref(),
            evidence: self.evidence.as_ref(),
        }
    }
}
