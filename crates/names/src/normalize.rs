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
    // Most names are ASCII or Cyrillic, which are NFKC as written; others get a quick check, and
    // only text that fails it is decomposed and recomposed.
    let simple = text.chars().all(|c| c.is_ascii() || ('\u{0400}'..='\u{04FF}').contains(&c));
    if simple || unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        fold_case_and_spacing(text.chars())
    } else {
        fold_case_and_spacing(text.nfkc())
    }
}

fn fold_case_and_spacing(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    let lowered = chars.flat_map(|c| match crate::script::lower(c) {
        Some(l) => LowerIter::One(Some(l)),
        None => LowerIter::Many(c.to_lowercase()),
    });
    for c in lowered {
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
    }
    out
}

/// The lower case of one character: usually one character, rarely several.
enum LowerIter {
    One(Option<char>),
    Many(std::char::ToLowercase),
}

impl Iterator for LowerIter {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            LowerIter::One(c) => c.take(),
            LowerIter::Many(iter) => iter.next(),
        }
    }
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
