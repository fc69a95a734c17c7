//! The embedded catalog: code round trips, tree integrity, names, history and the parse errors.

use kemu::{Catalog, CatalogSet, Code, EconCode, FuncCode, Level, NameMatch, ParseCodeProblem};

#[test]
#[cfg(feature = "serde")]
fn every_embedded_code_round_trips_through_display_fromstr_and_serde() {
    let set = CatalogSet::embedded();
    let mut seen = 0;
    for year in set.years() {
        for entry in set.year(year).unwrap().iter() {
            let code = entry.code();
            let text = code.to_string();
            assert_eq!(text.len() as u32, code.level().digits());
            assert_eq!(text.parse::<Code>().unwrap(), code);
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
            match code {
                Code::Func(c) => assert_eq!(serde_json::from_str::<FuncCode>(&json).unwrap(), c),
                Code::Econ(c) => assert_eq!(serde_json::from_str::<EconCode>(&json).unwrap(), c),
            }
            seen += 1;
        }
    }
    assert!(seen > 14_000, "{seen}");
}

#[test]
fn every_year_is_a_tree_in_tree_order() {
    let set = CatalogSet::embedded();
    for year in set.years() {
        let catalog = set.year(year).unwrap();
        let entries: Vec<_> = catalog.iter().collect();
        for pair in entries.windows(2) {
            assert!(pair[0].code() < pair[1].code(), "{year}: {} before {}", pair[0], pair[1]);
        }
        for e in &entries {
            if let Some(parent) = e.code().parent() {
                assert!(catalog.contains(parent), "{year}: {} has no parent {parent}", e.code());
                assert!(catalog.children(parent).any(|c| c.code() == e.code()));
            }
            let below = catalog.descendants(e.code()).count();
            let children = catalog.children(e.code()).count();
            assert!(children <= below);
            if e.level() == Level::Item {
                assert_eq!(below, 0);
            }
        }
    }
}

#[test]
fn names_and_their_history() {
    let c2020 = Catalog::year(2020).unwrap();
    let c2024 = Catalog::year(2024).unwrap();
    let f = |s: &str| FuncCode::parse(s).unwrap();
    assert_eq!(c2020.name(f("208")), Some("社会保障和就业支出"));
    assert_eq!(c2020.name(f("20805")), Some("行政事业单位离退休"));
    assert_eq!(c2024.name(f("20805")), Some("行政事业单位养老支出"));
    assert_eq!(c2024.name(f("2013950")), Some("事业运行"));
    assert_eq!(c2020.name(f("20139")), None, "社会工作事务 starts in 2024");
    let history = CatalogSet::embedded().name_history(f("20805").into());
    assert_eq!(history.len(), 2);
    assert!(history[0].is_superseded() && !history[1].is_superseded());
    // Old name identified in a later year.
    let m = c2024.match_name(f("20805"), "行政事业单位离退休");
    assert!(matches!(m, NameMatch::OtherPeriod { entry, .. } if entry.valid_years() == (2019..=2020)));
    // Names repeat under different 款.
    let runs: Vec<String> = c2020.find_by_name("行政运行").iter().map(|e| e.code().to_string()).collect();
    assert!(runs.contains(&"2010101".to_string()) && runs.contains(&"2010301".to_string()));
    // Full-width vs half-width punctuation and line-wrap spaces.
    let hits = c2020.find_by_name("因公出国(境)费用");
    let codes: Vec<String> = hits.iter().map(|e| e.code().to_string()).collect();
    assert_eq!(codes, ["30212", "50207"], "部门 and 政府 economic codes share the name");
    // Truncated name.
    let e = EconCode::parse("30108").unwrap();
    assert!(matches!(c2020.match_name(e, "机关事业单位基本养老保险"), NameMatch::Truncated { .. }));
}

#[test]
fn malformed_codes_give_typed_errors_naming_the_input() {
    let cases: &[(&str, bool, ParseCodeProblem)] = &[
        ("20103O1", false, ParseCodeProblem::NotADigit { ch: 'O', at: 5 }),
        ("20103O1", true, ParseCodeProblem::NotADigit { ch: 'O', at: 5 }),
        ("2010", false, ParseCodeProblem::WrongLength { len: 4, expected: "3, 5 or 7" }),
        ("", false, ParseCodeProblem::Empty),
        ("   ", true, ParseCodeProblem::Empty),
        ("99999999999999999999", false, ParseCodeProblem::WrongLength { len: 20, expected: "3, 5 or 7" }),
        ("301 2", true, ParseCodeProblem::PartLength { part: 2, text: "2".into(), len: 1, expected: 2 }),
        ("201 03 01 01", true, ParseCodeProblem::TooManyParts { parts: 4, max: 3 }),
        ("20100", false, ParseCodeProblem::ZeroPart { level: Level::Section }),
        ("2010300", false, ParseCodeProblem::ZeroPart { level: Level::Item }),
        (
            "1010101",
            false,
            ParseCodeProblem::WrongFirstDigit {
                found: '1',
                expected: "2",
                classification: kemu::Classification::Function,
            },
        ),
        (" 2010301", false, ParseCodeProblem::NotADigit { ch: ' ', at: 0 }),
    ];
    for (input, lenient, problem) in cases {
        let err = if *lenient { FuncCode::parse_lenient(input) } else { FuncCode::parse(input) }.unwrap_err();
        assert_eq!(&err.problem, problem, "{input:?}");
        assert_eq!(err.input, *input);
        assert!(err.to_string().contains(&format!("{input:?}")));
    }
    assert_eq!(
        EconCode::parse_lenient("301 2").unwrap_err().to_string(),
        "cannot read \"301 2\" as a 部门预算支出经济分类 code: part 2 (\"2\") has 1 digits, expected 2"
    );
    assert!(EconCode::parse("2010301").is_err());
}

#[test]
fn lenient_forms_agree_with_strict() {
    let code = FuncCode::parse("2010301").unwrap();
    for s in [
        "2010301",
        " 2010301 ",
        "201 03 01",
        "201\t03\t01",
        "２０１０３０１",
        "2010301 行政运行",
        "2010301行政运行",
        "201　03　01",
    ] {
        assert_eq!(FuncCode::parse_lenient(s).unwrap(), code, "{s:?}");
    }
}

/// Every coded cell of the canonical report is followed by its name; each must be the catalog's
/// 2020 name, a name of the same code in another period, or a name cut short by a narrow cell.
#[test]
fn the_names_printed_in_the_2020_report_are_in_the_catalog() {
    let text = include_str!("../data/reports/hn-szb-2020-js.txt");
    let catalog = Catalog::year(2020).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| l.contains('\t')) {
        let cells: Vec<&str> = line.split('\t').collect();
        for pair in cells.windows(2) {
            let Ok(code) = Code::parse(pair[0].trim()) else { continue };
            let m = catalog.match_name(code, pair[1]);
            let ok = match m {
                NameMatch::Current(_) | NameMatch::OtherPeriod { .. } => true,
                NameMatch::Truncated { current } => ["30108", "39908"].contains(&current.code().to_string().as_str()),
                _ => false,
            };
            assert!(ok, "{code} {:?}: {m:?}", pair[1]);
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 12 + 25 * 3 + 5, "coded cells: 12 rows in each of 02, 03 and 05; table 06 in three blocks");
}

/// The data files loaded at run time give the catalog that is embedded: the same years, and in
/// each year the same codes, names, periods and evidence.
#[test]
fn the_data_loaded_at_run_time_is_the_embedded_catalog() {
    let loaded = kemu::CatalogSet::from_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data")).unwrap();
    let embedded = kemu::CatalogSet::embedded();
    assert_eq!(loaded.years(), embedded.years());
    for year in embedded.years() {
        let entries = |set: &kemu::CatalogSet| -> Vec<(String, String, std::ops::RangeInclusive<u16>, String)> {
            let catalog = set.year(year).unwrap();
            catalog
                .iter()
                .map(|e| (e.code().to_string(), e.name().to_string(), e.valid_years(), e.evidence().to_string()))
                .collect()
        };
        assert_eq!(entries(&loaded), entries(embedded), "{year}");
    }
    let pay = kemu::EconCode::parse("30101").unwrap();
    for unit in [kemu::UnitType::Administrative, kemu::UnitType::Institution] {
        assert_eq!(loaded.government_code(pay, unit), embedded.government_code(pay, unit));
    }
}
