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
    // A word of plain ASCII letters (most Latin spellings) only needs lower case.
    if text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.to_ascii_lowercase();
    }
    // A word of Cyrillic letters only needs each letter in lower case (Kazakh letters included).
    if let Some(lower) = lower_cyrillic_word(text) {
        return lower;
    }
    // Most names are ASCII or Cyrillic, which are NFKC as written; others get a quick check, and
    // only text that fails it is decomposed and recomposed.
    let simple = text.chars().all(is_nfkc_stable);
    if simple || unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        fold_case_and_spacing(text.chars())
    } else {
        fold_case_and_spacing(text.nfkc())
    }
}

/// The lower case of a word made only of Cyrillic letters, or `None` if it holds anything else.
fn lower_cyrillic_word(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !('\u{0400}'..='\u{04FF}').contains(&c) || !crate::script::is_letter(c) {
            return None;
        }
        out.push(crate::script::lower(c)?);
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
