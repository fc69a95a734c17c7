//! Inputs the fuzzers found (kept in tests/fuzz-regressions/): each imports and audits without a
//! panic and accounts for every line. How long they take is set in `benches/hostile.rs` (they
//! took 100+ ms before localization was bounded).

#[test]
fn fuzz_found_inputs_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let report = kemu::report::import(&text);
        let l = report.lines;
        assert_eq!(
            l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
            l.total,
            "{}",
            path.display()
        );
        let audit = kemu::report::audit_report(&report, kemu::CatalogSet::embedded());
        assert!(!audit.to_string().is_empty());
        for line in text.lines() {
            let _ = kemu::Code::parse_lenient(line);
            let _ = kemu::amount::parse_amount(line);
        }
        seen += 1;
    }
    assert!(seen >= 2);
}
