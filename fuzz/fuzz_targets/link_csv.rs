//! `aqiqat link`'s CSV reader (compiled in from the command line's source): any bytes as an input
//! file are read into a source or refused with an error; never a panic.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../crates/cli/src/link.rs"]
mod link;

use libfuzzer_sys::fuzz_target;

const NEEDED: [&str; 4] = ["full_name", "birth_date", "gender", "place"];

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir().join(format!("aqiqat-fuzz-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("list.csv");
    std::fs::write(&path, bytes).expect("a scratch file");
    let needed: Vec<String> = NEEDED.iter().map(|c| (*c).to_owned()).collect();
    if let Ok(source) = link::read_source(&path, "record_id", &needed) {
        assert!(source.columns.iter().all(|c| c.values.len() == source.record_ids.len()));
    }
});
