//! The CSV import: any bytes read as a table, its columns mapped by header, its rows parsed into
//! records and problems; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(table) = app::read_table("fuzz.csv", bytes) {
        let mapping = app::detect_mapping(&table.headers);
        let (records, _problems) = app::parse_records(&table, &mapping);
        assert!(records.len() <= table.rows.len());
    }
});
