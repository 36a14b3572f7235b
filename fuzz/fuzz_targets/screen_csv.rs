//! `aqiqat screen score-pairs`'s hand-written CSV reader (compiled in from the command line's
//! source): any bytes as a pair file are scored or refused with an error; never a panic.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../crates/cli/src/screen.rs"]
mod screen;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir().join(format!("aqiqat-fuzz-screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let input = dir.join("pairs.csv");
    std::fs::write(&input, bytes).expect("a scratch file");
    let options = screen::ScorePairs { input, output: dir.join("scores.csv"), explain: true, threshold: 0.5 };
    let _ = screen::score_pairs(&options);
});
