//! The XLSX import: any bytes read as a workbook (the zip signature prepended when missing, so
//! the fuzzer reaches the zip and sheet readers), then mapped and parsed; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let workbook = if bytes.starts_with(b"PK\x03\x04") { bytes.to_vec() } else { [b"PK\x03\x04", bytes].concat() };
    if let Ok(table) = app::read_table("fuzz.xlsx", &workbook) {
        let mapping = app::detect_mapping(&table.headers);
        let _ = app::parse_records(&table, &mapping);
    }
});
