//! A 50 MB report-like input: imported and audited in time and memory in proportion to its size.
//! (Its own test binary, so the peak memory read from /proc is this test's alone.)

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn fifty_megabytes_of_report_text() {
    let one = kemu::report::EMBEDDED_REPORT;
    let copies = 50 * 1024 * 1024 / one.len() + 1;
    let text = one.repeat(copies);
    let before = peak_rss_kib();
    let start = std::time::Instant::now();
    let report = kemu::report::import(&text);
    assert_eq!(report.tables.len(), 9 * copies);
    let l = report.lines;
    assert_eq!(
        l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows,
        l.total
    );
    let audit = kemu::report::audit_report(&report, kemu::CatalogSet::embedded());
    // Every copy's tables are checked within themselves (cross-table rules read the first copy).
    let one_copy = kemu::report::audit(one).identities_checked;
    // (Cross-table identities, about a quarter of one copy's, are not repeated.)
    assert!(audit.identities_checked > one_copy / 2 * copies, "{} for {copies} copies", audit.identities_checked);
    let elapsed = start.elapsed();
    // Linear: about 2 s in a release build; generous for a debug build on a busy 2-core machine.
    assert!(elapsed.as_secs() < 240, "{elapsed:?}");
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        let grown = (after.saturating_sub(before)) * 1024;
        // Measured: about 4.6 × the input in a release build.
        assert!(grown < 8 * text.len() as u64, "peak memory grew by {grown} bytes for {} bytes of input", text.len());
    }
}
