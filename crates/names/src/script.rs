//! Script detection: is a name written in Kazakh Cyrillic, Russian Cyrillic, Latin, or a mix?

/// The writing system of a text, as far as names need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Cyrillic with at least one of the nine Kazakh letters (ә ғ қ ң ө ұ ү һ і).
    CyrillicKazakh,
    /// Cyrillic without Kazakh letters (Russian, or Kazakh written the Russian way).
    CyrillicRussian,
    /// Latin letters only (with or without diacritics).
    Latin,
    /// Both Cyrillic and Latin letters.
    Mixed,
    /// No Cyrillic or Latin letter at all (digits, punctuation, other scripts).
    Unknown,
}

/// The nine letters of the Kazakh Cyrillic alphabet that Russian does not have, in lower case.
pub const KAZAKH_LETTERS: [char; 9] = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

/// Whether `c` is a Cyrillic letter (basic block and supplement).
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// Whether `c` is a Kazakh-specific Cyrillic letter, in either case.
pub fn is_kazakh_letter(c: char) -> bool {
    c.to_lowercase().any(|lower| KAZAKH_LETTERS.contains(&lower))
}

/// Whether `c` is a Latin letter (ASCII or with diacritics).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || (c.is_alphabetic() && matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'))
}

/// Whether `c` is a letter, with fast answers for ASCII and the Cyrillic block (names are nearly
/// all in these) before Unicode's general table.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0000}'..='\u{007F}' => false,
        // Cyrillic letters: the block minus its signs and combining marks (U+0482..U+0489).
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        // Latin letters with diacritics (Latin-1, Extended-A and -B), minus × and ÷.
        '×' | '÷' => false,
        '\u{00C0}'..='\u{024F}' => true,
        _ => c.is_alphabetic(),
    }
}

/// The lower-case form of a letter, with fast answers for ASCII and Cyrillic; `None` when the
/// letter's lower case is not a single character (then use `char::to_lowercase`).
#[inline]
pub fn lower(c: char) -> Option<char> {
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{0000}'..='\u{007F}' => c,
        // А..Я → а..я, Ѐ..Џ → ѐ..џ.
        'А'..='Я' => char::from_u32(c as u32 + 0x20)?,
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50)?,
        'а'..='џ' => c,
        // Extended Cyrillic (Kazakh letters among them) pairs capitals on even code points with
        // small letters on the next odd one, with a few exceptions handled by the general table.
        '\u{0460}'..='\u{0481}' | '\u{048A}'..='\u{04BF}' | '\u{04D0}'..='\u{052F}' => {
            if (c as u32).is_multiple_of(2) {
                char::from_u32(c as u32 + 1)?
            } else {
                c
            }
        }
        // Latin-1 and Latin Extended-A, the letters of Latin schemes with diacritics: capitals
        // 32 below their small letters, or paired with the next code point (even or odd first),
        // the exceptions (İ, ı, ĸ, ŉ, Ÿ, ſ) left to the general table.
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00DE}' => char::from_u32(c as u32 + 0x20)?,
        '\u{00DF}'..='\u{00FF}' => c,
        '\u{0100}'..='\u{012F}' | '\u{0132}'..='\u{0137}' | '\u{014A}'..='\u{0177}' => {
            if (c as u32).is_multiple_of(2) {
                char::from_u32(c as u32 + 1)?
            } else {
                c
            }
        }
        '\u{0139}'..='\u{0148}' | '\u{0179}'..='\u{017E}' => {
            if (c as u32).is_multiple_of(2) {
                c
            } else {
                char::from_u32(c as u32 + 1)?
            }
        }
        _ => {
            let mut lower = c.to_lowercase();
            let first = lower.next()?;
            if lower.next().is_some() {
                return None;
            }
            first
        }
    })
}

/// For a letter, whether it is a capital; `None` for anything else. One match instead of
/// [`is_letter`] then [`is_capital`]: the name parser asks both of every character.
#[inline]
pub fn letter_case(c: char) -> Option<bool> {
    match c {
        'a'..='z' | 'а'..='я' => Some(false),
        'A'..='Z' | 'А'..='Я' => Some(true),
        '\u{0000}'..='\u{007F}' => None,
        'Ѐ'..='Џ' => Some(true),
        'ѐ'..='џ' => Some(false),
        '\u{0460}'..='\u{0481}' | '\u{048A}'..='\u{04BF}' | '\u{04D0}'..='\u{052F}' => {
            Some((c as u32).is_multiple_of(2))
        }
        '\u{0482}'..='\u{0489}' => None,
        _ if is_letter(c) => Some(is_capital(c)),
        _ => None,
    }
}

/// Whether a letter is a capital, with fast answers for ASCII and Cyrillic.
#[inline]
pub fn is_capital(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' => true,
        '\u{0000}'..='\u{007F}' | 'а'..='џ' => false,
        '\u{0460}'..='\u{0481}' | '\u{048A}'..='\u{04BF}' | '\u{04D0}'..='\u{052F}' => (c as u32).is_multiple_of(2),
        _ => c.is_uppercase(),
    }
}

/// Detects the script of `text` from its letters; other characters are ignored.
pub fn detect(text: &str) -> Script {
    let (mut cyrillic, mut kazakh, mut latin) = (false, false, false);
    for c in text.chars() {
        if is_cyrillic(c) {
            cyrillic = true;
            kazakh |= is_kazakh_letter(c);
        } else if is_latin(c) {
            latin = true;
        }
    }
    match (cyrillic, latin) {
        (true, true) => Script::Mixed,
        (true, false) if kazakh => Script::CyrillicKazakh,
        (true, false) => Script::CyrillicRussian,
        (false, true) => Script::Latin,
        (false, false) => Script::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_case_agrees_with_unicode() {
        for c in ('\u{0000}'..='\u{0530}').chain('À'..='ʯ') {
            let expected: Vec<char> = c.to_lowercase().collect();
            match lower(c) {
                Some(l) => assert_eq!(vec![l], expected, "{c:?}"),
                None => assert!(expected.len() > 1, "{c:?}"),
            }
            assert_eq!(is_capital(c), c.is_uppercase(), "{c:?}");
            assert_eq!(letter_case(c), is_letter(c).then(|| is_capital(c)), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic() && !('\u{0483}'..='\u{0489}').contains(&c), "{c:?}");
        }
    }

    #[test]
    fn detects_scripts() {
        assert_eq!(detect("Серікұлы Ерлан"), Script::CyrillicKazakh);
        assert_eq!(detect("Ерлан Серикович Серикбаев"), Script::CyrillicRussian);
        assert_eq!(detect("SERIKBAYEV ERLAN"), Script::Latin);
        assert_eq!(detect("Qurmanğazy"), Script::Latin);
        assert_eq!(detect("Erlan Серикбаев"), Script::Mixed);
        assert_eq!(detect("1971 -"), Script::Unknown);
        // Kazakh letters in capitals count too.
        assert_eq!(detect("ӘБДІЛДА"), Script::CyrillicKazakh);
    }
}
