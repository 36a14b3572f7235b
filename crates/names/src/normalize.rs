//! Normalisation: Unicode NFKC, lower case, and one space between words.
//!
//! Punctuation inside names that carries no sound (dots of initials, hyphens, apostrophes, quotes)
//! becomes a word boundary or disappears, so `Е.С.Серикбаев` and `Е. С. Серикбаев` normalise alike.

use unicode_normalization::UnicodeNormalization;

/// NFKC, lower case, punctuation to spaces, runs of spaces to one, trimmed.
///
/// Rust's `to_lowercase` is Unicode's full lower-case mapping, which for Cyrillic and Latin names
/// equals case folding; the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) fold to their lower-case forms.
pub fn normalize(text: &str) -> String {
    lower_word(text).unwrap_or_else(|| normalize_generally(text))
}

/// [`normalize`] without its spaces: the key of a word's analysis in the lexicon. The fast paths
/// give no spaces, so only the general path's output is searched for them.
pub(crate) fn normalize_joined(text: &str) -> String {
    lower_word(text).unwrap_or_else(|| {
        let mut joined = normalize_generally(text);
        joined.retain(|c| c != ' ');
        joined
    })
}

/// The fast paths of [`normalize`]: a single word whose letters only need lower case.
fn lower_word(text: &str) -> Option<String> {
    // A word of plain ASCII letters (most Latin spellings) only needs lower case.
    if text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(text.to_ascii_lowercase());
    }
    // A word of Cyrillic letters only needs each letter in lower case: byte by byte.
    // A word of other letters that NFKC leaves alone (Latin with diacritics) too, letter by letter.
    lower_cyrillic_word(text).or_else(|| lower_simple_word(text))
}

fn normalize_generally(text: &str) -> String {
    // Most names are ASCII or Cyrillic, which are NFKC as written; others get a quick check, and
    // only text that fails it is decomposed and recomposed.
    let simple = text.chars().all(is_nfkc_stable);
    if simple || unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        fold_case_and_spacing(text.chars())
    } else {
        fold_case_and_spacing(text.nfkc())
    }
}

/// The lower case of a word made only of Cyrillic letters (U+0400..U+04FF, in two bytes each),
/// or `None` if it holds anything else. Works on the bytes: an upper-case letter's code is 32 or
/// 80 below its small letter's (А-Я, Ѐ-Џ), or one below it in the extended block (Kazakh letters
/// among them), where the rare exceptions (U+04C0..U+04CF) are left to the general path.
fn lower_cyrillic_word(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    for pair in bytes.chunks_exact(2) {
        let (lead, tail) = (pair[0], pair[1]);
        if !(0x80..=0xBF).contains(&tail) {
            return None;
        }
        let lower = match lead {
            // U+0400..U+040F to U+0450..U+045F, U+0410..U+041F to U+0430..U+043F, U+0420..U+042F
            // to U+0440..U+044F; U+0430..U+043F are small letters.
            0xD0 => match tail {
                0x80..=0x8F => [0xD1, tail + 0x10],
                0x90..=0x9F => [0xD0, tail + 0x20],
                0xA0..=0xAF => [0xD1, tail - 0x20],
                _ => [0xD0, tail],
            },
            // U+0440..U+045F are small letters; U+0460..U+047F pair an even capital with the next.
            0xD1 => [0xD1, if tail >= 0xA0 { tail | 1 } else { tail }],
            // U+0482..U+0489 are signs and combining marks, not letters.
            0xD2 if !(0x82..=0x89).contains(&tail) => [0xD2, tail | 1],
            0xD3 if tail >= 0x90 => [0xD3, tail | 1],
            _ => return None,
        };
        out.extend_from_slice(&lower);
    }
    String::from_utf8(out).ok()
}

/// What the general path ([`fold_case_and_spacing`] over NFKC) gives for a word of letters and
/// digits that NFKC leaves alone whatever surrounds them ([`is_nfkc_stable`]), with apostrophes
/// and primes, which NFKC also leaves alone: each character in lower case, silent marks dropped.
/// `None` for anything else (a space or hyphen, a combining mark, a compatibility form, a letter
/// whose lower case is two characters), which the general path takes.
fn lower_simple_word(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_nfkc_stable(c) && !matches!(c, '’' | '‘' | 'ʼ' | 'ʹ' | 'ʺ') {
            return None;
        }
        let lower = crate::script::lower(c)?;
        if crate::script::is_letter(lower) || lower.is_numeric() {
            out.push(lower);
        } else if !is_silent(lower) {
            return None;
        }
    }
    Some(out)
}

/// Whether a character is unchanged by NFKC whatever surrounds it: ASCII, the Cyrillic block, and
/// precomposed Latin letters (U+00C0..U+024F) other than the few with compatibility forms
/// (`ĳ`, `ŀ`, `ŉ`, `ſ`, `ǆ` ...). Names in any of the project's schemes are made of these.
fn is_nfkc_stable(c: char) -> bool {
    match c {
        '\u{0000}'..='\u{007F}' | '\u{0400}'..='\u{04FF}' => true,
        '\u{0132}' | '\u{0133}' | '\u{013F}' | '\u{0140}' | '\u{0149}' | '\u{017F}' => false,
        '\u{01C4}'..='\u{01CC}' | '\u{01F1}'..='\u{01F3}' => false,
        '\u{00C0}'..='\u{024F}' => true,
        _ => false,
    }
}

fn fold_case_and_spacing(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(32);
    let mut pending_space = false;
    let mut push = |c: char| {
        if crate::script::is_letter(c) || c.is_numeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if is_silent(c) {
            // Apostrophes and modifier marks stand for softness or a glottal stop: not a boundary.
        } else {
            pending_space = true;
        }
    };
    for c in chars {
        match crate::script::lower(c) {
            Some(lower) => push(lower),
            None => c.to_lowercase().for_each(&mut push),
        }
    }
    out
}

/// Characters that are dropped without splitting a word.
fn is_silent(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʹ' | 'ʺ' | '`' | '´' | '"' | '\u{0300}'..='\u{036F}')
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Expect) {
        expect.assert_eq(&normalize(input));
    }

    #[test]
    fn stable_characters_are_nfkc_as_written() {
        // A text of stable characters holds no combining mark, so NFKC can only change it by
        // mapping one of its characters: none may be mapped.
        let stable: String = ('\u{0000}'..='\u{0530}').filter(|&c| is_nfkc_stable(c)).collect();
        for c in stable.chars() {
            assert_eq!(c.to_string().nfkc().collect::<String>(), c.to_string(), "{c:?}");
        }
        assert_eq!(stable.nfkc().collect::<String>(), stable);
    }

    proptest::proptest! {
        /// The fast paths give what the general path gives.
        #[test]
        fn fast_paths_agree_with_the_general_path(word in "[a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{1,12}") {
            let general = fold_case_and_spacing(word.nfkc());
            proptest::prop_assert_eq!(normalize(&word), general);
        }

        /// Latin schemes with diacritics, apostrophes and primes, and what must leave the fast
        /// path (İ, whose lower case is two characters; combining marks; ĳ and ſ; × and ´).
        #[test]
        fn fast_paths_agree_with_the_general_path_on_any_scheme(word in "[a-zA-Zа-яӘәҚқӀÀ-ÿĀ-ſ0-9'’‘ʼʹʺ`\"´\u{301}\u{307} .-]{1,12}") {
            let mut joined = normalize(&word);
            joined.retain(|c| c != ' ');
            proptest::prop_assert_eq!(normalize_joined(&word), joined);
            let general = fold_case_and_spacing(word.nfkc());
            proptest::prop_assert_eq!(normalize(&word), general);
        }
    }

    #[test]
    fn folds_case_and_spacing() {
        check("  SERIKBAYEV   Erlan ", expect!["serikbayev erlan"]);
        check("ҚҰРМАНҒАЗЫ Сағырбайұлы", expect!["құрманғазы сағырбайұлы"]);
    }

    #[test]
    fn initials_and_hyphens_split() {
        check("Е.С.Серикбаев", expect!["е с серикбаев"]);
        check("Kassym-Jomart", expect!["kassym jomart"]);
    }

    #[test]
    fn compatibility_forms_and_apostrophes() {
        check("ＡＢＣ", expect!["abc"]);
        check("O'Brien Ural'sk", expect!["obrien uralsk"]);
    }
}
