//! `aqiqat link`'s TOML settings reader (compiled in from the command line's source): any text as
//! a settings file becomes engine settings or an error; never a panic.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../crates/cli/src/link.rs"]
mod link;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir().join(format!("aqiqat-fuzz-toml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("settings.toml");
    std::fs::write(&path, bytes).expect("a scratch file");
    if let Ok((settings, _files, _record_id)) = link::read_config(&path, Some(&dir)) {
        let _ = link::needed_columns(&settings);
    }
});
