#![no_main]
//! The importer and the audit on arbitrary text: never panic, every line accounted for.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = kemu::report::import(&text);
    let l = report.lines;
    assert_eq!(l.layout + l.prose + l.header_rows + l.data_rows + l.empty_rows + l.rejected_rows + l.other_table_rows, l.total);
    let _ = kemu::report::audit_report(&report, kemu::CatalogSet::embedded());
});
