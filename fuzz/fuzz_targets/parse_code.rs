#![no_main]
//! Code parsing: never panics; whatever parses displays back to a strict parse of itself.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for parsed in [kemu::Code::parse(s), kemu::Code::parse_lenient(s)] {
        if let Ok(code) = parsed {
            assert_eq!(kemu::Code::parse(&code.to_string()), Ok(code));
        }
    }
    let _ = kemu::FuncCode::parse_lenient(s);
    let _ = kemu::EconCode::parse_lenient(s);
});
