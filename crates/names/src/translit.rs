//! Transliteration of Kazakh and Russian Cyrillic into Latin, under the schemes that names are
//! actually written in: passports (ICAO 9303), BGN/PCGN for Russian and for Kazakh, GOST 7.79
//! System B, ISO 9, the 2021 Kazakh Latin alphabet, and the informal spelling of the press.
//!
//! Tables are written from the published standards. Where a Russian scheme meets a Kazakh letter,
//! it uses the Russian rendering of that letter (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и), as
//! official Russian-language documents do. Characters that are not Cyrillic pass through.

/// A transliteration scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// ICAO Doc 9303 (machine-readable travel documents), as in Kazakh and Russian passports.
    Icao9303,
    /// BGN/PCGN 1947 for Russian.
    BgnPcgnRussian,
    /// BGN/PCGN 1979 for Kazakh.
    BgnPcgnKazakh,
    /// GOST 7.79-2000, System B (ASCII only).
    Gost779B,
    /// ISO 9:1995 (one Latin letter, with diacritics, per Cyrillic letter).
    Iso9,
    /// The Kazakh Latin alphabet of 2021.
    Kazakh2021,
    /// The informal spelling of English-language media (`Kurmangazy`, `Yerlan`, `Zhanaozen`).
    Informal,
}

impl Scheme {
    /// Every scheme, for generating variants.
    pub const ALL: [Scheme; 7] = [
        Scheme::Icao9303,
        Scheme::BgnPcgnRussian,
        Scheme::BgnPcgnKazakh,
        Scheme::Gost779B,
        Scheme::Iso9,
        Scheme::Kazakh2021,
        Scheme::Informal,
    ];

    /// A short stable code, e.g. for the `scheme` of a stored name variant.
    pub fn code(self) -> &'static str {
        match self {
            Scheme::Icao9303 => "icao-9303",
            Scheme::BgnPcgnRussian => "bgn-pcgn-ru",
            Scheme::BgnPcgnKazakh => "bgn-pcgn-kk",
            Scheme::Gost779B => "gost-7.79-b",
            Scheme::Iso9 => "iso-9",
            Scheme::Kazakh2021 => "kk-latn-2021",
            Scheme::Informal => "informal",
        }
    }
}

/// The Russian letter a Russian-language document writes for a Kazakh letter.
fn russified(c: char) -> char {
    match c {
        'ә' => 'а',
        'ғ' => 'г',
        'қ' => 'к',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        other => other,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я')
}

/// The Latin for one lower-case Cyrillic letter; `previous` is the letter before it in the word
/// (`None` at the start of a word), for the schemes whose `е` depends on position.
fn letter(scheme: Scheme, c: char, previous: Option<char>) -> Option<&'static str> {
    let after_vowel_or_start = previous.is_none_or(|p| is_vowel(p) || matches!(p, 'й' | 'ъ' | 'ь'));
    let russian = |c: char| -> Option<&'static str> {
        Some(match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'ж' => "zh",
            'з' => "z",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ы' => "y",
            _ => return None,
        })
    };
    match scheme {
        Scheme::Icao9303 => match russified(c) {
            'е' | 'ё' | 'э' => Some("e"),
            'и' | 'й' => Some("i"),
            'х' => Some("kh"),
            'ъ' => Some("ie"),
            'ь' => Some(""),
            'ю' => Some("iu"),
            'я' => Some("ia"),
            other => russian(other),
        },
        Scheme::BgnPcgnRussian | Scheme::Informal => match russified(c) {
            'е' if after_vowel_or_start => Some("ye"),
            'е' | 'э' => Some("e"),
            'ё' if after_vowel_or_start => Some("yo"),
            'ё' => Some(if scheme == Scheme::Informal { "yo" } else { "ë" }),
            'и' => Some("i"),
            'й' => Some("y"),
            'х' if c == 'һ' => Some("h"),
            'х' => Some("kh"),
            'ъ' => Some(if scheme == Scheme::Informal { "" } else { "\"" }),
            'ь' => Some(if scheme == Scheme::Informal { "" } else { "'" }),
            'ю' => Some("yu"),
            'я' => Some("ya"),
            other => russian(other),
        },
        Scheme::BgnPcgnKazakh => match c {
            'ә' => Some("ä"),
            'ғ' => Some("gh"),
            'е' => Some("e"),
            'ё' => Some("yo"),
            'и' => Some("ī"),
            'й' => Some("y"),
            'қ' => Some("q"),
            'ң' => Some("ng"),
            'ө' => Some("ö"),
            'у' => Some("ū"),
            'ұ' => Some("u"),
            'ү' => Some("ü"),
            'х' => Some("kh"),
            'һ' => Some("h"),
            'ъ' => Some("\""),
            'ь' => Some("'"),
            'э' => Some("é"),
            'і' => Some("i"),
            'ю' => Some("yu"),
            'я' => Some("ya"),
            other => russian(other),
        },
        Scheme::Gost779B => match c {
            'ә' => Some("a`"),
            'ғ' => Some("g`"),
            'қ' => Some("k`"),
            'ң' => Some("n`"),
            'ө' => Some("o`"),
            'ұ' => Some("u`"),
            'ү' => Some("u'"),
            'һ' => Some("h`"),
            'і' => Some("i`"),
            'е' => Some("e"),
            'ё' => Some("yo"),
            'и' => Some("i"),
            'й' => Some("j"),
            'х' => Some("x"),
            'щ' => Some("shh"),
            'ъ' => Some("``"),
            'ы' => Some("y`"),
            'ь' => Some("`"),
            'э' => Some("e`"),
            'ю' => Some("yu"),
            'я' => Some("ya"),
            other => russian(other),
        },
        Scheme::Iso9 => Some(match c {
            'а' => "a",
            'ә' => "a̋",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => "ġ",
            'д' => "d",
            'е' => "e",
            'ё' => "ë",
            'ж' => "ž",
            'з' => "z",
            'и' => "i",
            'й' => "j",
            'к' => "k",
            'қ' => "ķ",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'ң' => "ņ",
            'о' => "o",
            'ө' => "ô",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ұ' => "ū",
            'ү' => "ù",
            'ф' => "f",
            'х' => "h",
            'һ' => "ḩ",
            'ц' => "c",
            'ч' => "č",
            'ш' => "š",
            'щ' => "ŝ",
            'ъ' => "ʺ",
            'ы' => "y",
            'і' => "ì",
            'ь' => "ʹ",
            'э' => "è",
            'ю' => "û",
            'я' => "â",
            _ => return None,
        }),
        Scheme::Kazakh2021 => match c {
            'ә' => Some("ä"),
            'ғ' => Some("ğ"),
            'е' | 'э' => Some("e"),
            'ё' => Some("io"),
            'ж' => Some("j"),
            'и' | 'й' => Some("i"),
            'қ' => Some("q"),
            'ң' => Some("ñ"),
            'ө' => Some("ö"),
            'ұ' => Some("ū"),
            'ү' => Some("ü"),
            'х' | 'һ' => Some("h"),
            'ч' => Some("ç"),
            'ш' => Some("ş"),
            'щ' => Some("şş"),
            'ъ' | 'ь' => Some(""),
            'і' => Some("ı"),
            'ю' => Some("iu"),
            'я' => Some("ia"),
            other => russian(other),
        },
    }
}

/// Writes `text` in Latin under `scheme`. Capitals are kept: a capital Cyrillic letter gives a
/// capitalised Latin group, or an all-capital one inside an all-capital word (`ЖАНАОЗЕН` →
/// `ZHANAOZEN`, `Жанаозен` → `Zhanaozen`).
pub fn transliterate(text: &str, scheme: Scheme) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut previous: Option<char> = None;
    for (index, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let Some(latin) = letter(scheme, lower, previous) else {
            out.push(c);
            previous = None;
            continue;
        };
        previous = Some(lower);
        if c == lower {
            out.push_str(latin);
            continue;
        }
        // A capital: the whole group in capitals when a neighbouring letter is a capital too.
        let neighbour_upper =
            chars.get(index + 1).is_some_and(|n| n.is_uppercase()) || (index > 0 && chars[index - 1].is_uppercase());
        if neighbour_upper {
            out.extend(latin.chars().flat_map(char::to_uppercase));
        } else {
            let mut group = latin.chars();
            if let Some(first) = group.next() {
                out.extend(first.to_uppercase());
                out.push_str(group.as_str());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Expect) {
        let lines: Vec<String> =
            Scheme::ALL.iter().map(|scheme| format!("{}: {}", scheme.code(), transliterate(input, *scheme))).collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn kazakh_name() {
        check(
            "Құрманғазы Сағырбайұлы",
            expect![[r#"
                icao-9303: Kurmangazy Sagyrbaiuly
                bgn-pcgn-ru: Kurmangazy Sagyrbayuly
                bgn-pcgn-kk: Qurmanghazy Saghyrbayuly
                gost-7.79-b: K`u`rmang`azy` Sag`y`rbaju`ly`
                iso-9: Ķūrmanġazy Saġyrbajūly
                kk-latn-2021: Qūrmanğazy Sağyrbaiūly
                informal: Kurmangazy Sagyrbayuly"#]],
        );
    }

    #[test]
    fn russian_name_with_soft_signs_and_ye() {
        check(
            "Ерлан Серикович Серикбаев",
            expect![[r#"
                icao-9303: Erlan Serikovich Serikbaev
                bgn-pcgn-ru: Yerlan Serikovich Serikbayev
                bgn-pcgn-kk: Erlan Serīkovīch Serīkbaev
                gost-7.79-b: Erlan Serikovich Serikbaev
                iso-9: Erlan Serikovič Serikbaev
                kk-latn-2021: Erlan Serikoviç Serikbaev
                informal: Yerlan Serikovich Serikbayev"#]],
        );
    }

    #[test]
    fn capitals_and_other_characters() {
        assert_eq!(transliterate("ЖАҢАӨЗЕН", Scheme::BgnPcgnKazakh), "ZHANGAÖZEN");
        assert_eq!(transliterate("Щербаков Юрий", Scheme::BgnPcgnRussian), "Shcherbakov Yuriy");
        assert_eq!(transliterate("Шевченко, 1964-1991", Scheme::Icao9303), "Shevchenko, 1964-1991");
    }
}
