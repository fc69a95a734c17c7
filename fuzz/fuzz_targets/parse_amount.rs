#![no_main]
//! Amount parsing: never panics; a parsed amount prints back to the same value.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(Some(d)) = kemu::amount::parse_amount(s) {
        assert_eq!(kemu::amount::parse_amount(&d.to_string()), Ok(Some(d)));
        let _ = kemu::Unit::Yuan.convert(d, kemu::Unit::WanYuan, 2);
    }
});
