//! A 50 MB report-like input: imported and audited whole, every line accounted for. How long it
//! takes and how much memory it needs are set in `benches/hostile.rs`.

#[test]
fn fifty_megabytes_of_report_text() {
    let one = kemu::report::EMBEDDED_REPORT;
    let copies = 50 * 1024 * 1024 / one.len() + 1;
    let text = one.repeat(copies);
    let report = kemu::report::import(&text);
    assert_eq!(report.tables.len(), 9 * copies);
    let l = report.lines;
    assert_eq!(
        l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
        l.total
    );
    assert_eq!(l.total, text.lines().count());
    let audit = kemu::report::audit_report(&report, kemu::CatalogSet::embedded());
    // Every copy's tables are checked within themselves (cross-table rules read the first copy).
    let one_copy = kemu::report::audit(one).identities_checked;
    // (Cross-table identities, about a quarter of one copy's, are not repeated.)
    assert!(audit.identities_checked > one_copy / 2 * copies, "{} for {copies} copies", audit.identities_checked);
}
