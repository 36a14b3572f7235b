//! Morphology of surnames and patronymics: every form reduced to a stem and a gender.
//!
//! Works on skeleton tokens ([`crate::skeleton`]). Russian forms carry -ов/-ев/-ин (-ова/-ева/-ина)
//! and -ович/-евич (-овна/-евна); Kazakh forms drop them (the bare stem, `Серікбай`) or use
//! -ұлы/-қызы, either as a patronymic or in place of a surname (Marriage and Family Code, art. 194).
//! `Серикбаев`, `Серікбай`, `Серикбаева`: stem `serikbai`; `Серикович`, `Серікұлы`: stem `serik`.
//! After a stem ending in a vowel, Russian writes й+ев as `-аев`: the й comes back in the stem.

/// Grammatical gender read off a suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// -ов, -ович, -ұлы ...
    Male,
    /// -ова, -овна, -қызы ...
    Female,
}

/// Which way a surname or patronymic is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// With a Russian suffix: -ов, -ова, -ович, -овна, -ский ...
    Russian,
    /// With -ұлы or -қызы.
    Kazakh,
    /// Without any suffix (the bare stem, or a name that takes none: Kim, Tsoi, Shevchenko).
    Bare,
}

/// A surname or patronymic reduced to its stem.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stem {
    /// The stem in skeleton letters. Some forms are ambiguous (`serikizi` is serik+kizi, the k
    /// written once): `alternatives` holds the other readings.
    pub stem: String,
    /// Other readings of the stem.
    pub alternatives: Vec<String>,
    /// The gender the suffix marks, if any.
    pub gender: Option<Gender>,
    /// How the token is written.
    pub form: Form,
}

impl Stem {
    /// Whether any reading of `self` equals any reading of `other`, or the two stems are
    /// conventional variants of one name ([`conventional`]).
    pub fn same_stem(&self, other: &Stem) -> bool {
        self.same_reading(other) || conventional(&self.stem) == conventional(&other.stem)
    }

    /// Whether any reading of `self` equals any reading of `other`; alternatives are rare, so
    /// the stems are compared first, without iterators.
    #[inline]
    pub(crate) fn same_reading(&self, other: &Stem) -> bool {
        self.stem == other.stem
            || (!(self.alternatives.is_empty() && other.alternatives.is_empty())
                && self.readings().any(|a| other.readings().any(|b| a == b)))
    }

    /// The stem and its alternatives.
    pub fn readings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.stem.as_str()).chain(self.alternatives.iter().map(String::as_str))
    }
}

const VOWELS: &str = "aeiou";

/// Puts back the й that Russian spelling folds into -аев/-аевич (Серикбай → Серикбаев).
fn restore_i(stem: &str) -> String {
    if stem.len() >= 3 && stem.ends_with(|c| VOWELS.contains(c)) && !stem.ends_with('i') {
        joined(stem, "i")
    } else {
        stem.to_owned()
    }
}

/// `stem` followed by `tail`, in one allocation of the right size (`format!` showed in profiles:
/// this runs on every new word).
fn joined(stem: &str, tail: &str) -> String {
    let mut text = String::with_capacity(stem.len() + tail.len());
    text.push_str(stem);
    text.push_str(tail);
    text
}

/// Strips `suffix` (ASCII, a few letters) from `token` when a stem of at least two letters
/// remains. The suffix is compared byte by byte: the general comparison's call cost more than the
/// comparison itself, for the dozen suffixes tried on every new word.
#[inline]
fn strip<'a>(token: &'a str, suffix: &str) -> Option<&'a str> {
    let (bytes, tail) = (token.as_bytes(), suffix.as_bytes());
    let cut = bytes.len().checked_sub(tail.len())?;
    if !bytes[cut..].iter().zip(tail).all(|(a, b)| a == b) {
        return None;
    }
    // The suffix is ASCII, so the cut falls between characters.
    let stem = token.get(..cut)?;
    // Two letters: two bytes of ASCII, and surely in eight bytes of anything (at most four a letter).
    (stem.len() >= 2 && (stem.len() >= 8 || stem.is_ascii() || stem.chars().count() >= 2)).then_some(stem)
}

/// The Kazakh patronymic suffixes in skeleton letters, with their gender.
const KAZAKH_SUFFIXES: &[(&str, Gender)] = &[("uli", Gender::Male), ("kizi", Gender::Female)];

/// Reads a Kazakh -ұлы/-қызы form. `serikkizi` is written `serikizi`, so a stem ending in k is
/// also tried.
fn kazakh(token: &str) -> Option<Stem> {
    for &(suffix, gender) in KAZAKH_SUFFIXES {
        if let Some(stem) = strip(token, suffix) {
            let mut alternatives = Vec::new();
            if suffix.starts_with('k') {
                alternatives.push(joined(stem, "k"));
            }
            return Some(Stem { stem: stem.to_owned(), alternatives, gender: Some(gender), form: Form::Kazakh });
        }
    }
    None
}

/// Reads a patronymic: Russian -ович/-евич/-ич, -овна/-евна/-ична, or Kazakh -ұлы/-қызы.
/// `None` when the token has no patronymic suffix.
pub fn patronymic(token: &str) -> Option<Stem> {
    const RUSSIAN: &[(&str, Gender)] = &[
        ("ovic", Gender::Male),
        ("evic", Gender::Male),
        ("ovna", Gender::Female),
        ("evna", Gender::Female),
        ("icna", Gender::Female),
        ("ic", Gender::Male),
    ];
    for &(suffix, gender) in RUSSIAN {
        if let Some(stem) = strip(token, suffix) {
            // -ич alone only after a consonant stem long enough to be a name (Ильич, Кузьмич).
            if suffix == "ic" && (stem.len() < 2 || stem.ends_with(|c| VOWELS.contains(c))) {
                continue;
            }
            return Some(Stem {
                stem: restore_i(stem),
                alternatives: Vec::new(),
                gender: Some(gender),
                form: Form::Russian,
            });
        }
    }
    kazakh(token).or_else(|| misspelt_patronymic(token))
}

/// Reads a patronymic whose suffix carries one typing error (`Оралбековтч`, `Кайраткыщы`,
/// `Ивановуч`, `Александрован`): lists of the dead are typed in haste, and a broken suffix would
/// otherwise turn the father's name into a second surname. Only the four-letter suffixes, only
/// after a stem of three letters or more, and never for a word that ends like a surname.
fn misspelt_patronymic(token: &str) -> Option<Stem> {
    const SUFFIXES: [(&str, Gender, Form); 5] = [
        ("ovic", Gender::Male, Form::Russian),
        ("evic", Gender::Male, Form::Russian),
        ("ovna", Gender::Female, Form::Russian),
        ("evna", Gender::Female, Form::Russian),
        ("kizi", Gender::Female, Form::Kazakh),
    ];
    const SURNAME_ENDINGS: [&str; 7] = ["ov", "ev", "in", "ova", "eva", "ina", "ski"];
    if !token.is_ascii() || token.len() < 7 || SURNAME_ENDINGS.iter().any(|e| token.ends_with(e)) {
        return None;
    }
    // The error may replace, drop or add a letter of the suffix: tails of four, three and five.
    for tail_len in [4, 3, 5] {
        let (stem, tail) = token.split_at(token.len() - tail_len);
        if stem.len() < 3 {
            continue;
        }
        if let Some((_, gender, form)) =
            SUFFIXES.into_iter().find(|(suffix, ..)| one_edit_apart(tail.as_bytes(), suffix.as_bytes()))
        {
            let stem = if form == Form::Russian { restore_i(stem) } else { stem.to_owned() };
            return Some(Stem { stem, alternatives: Vec::new(), gender: Some(gender), form });
        }
    }
    None
}

/// Whether two different short strings are one edit apart: a letter replaced, dropped, added,
/// or two neighbours swapped. Runs on every new word, so without the general edit distance.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => false,
        (m, n) if m == n => a[1..] == b[1..] || (m >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        (m, n) if m == n + 1 => a[1..] == *b,
        (m, n) if m + 1 == n => *a == b[1..],
        _ => false,
    }
}

/// The conventional form of a name or stem that is spelt differently by convention, not by
/// transliteration (Шыңғыс/Чингиз, Қонаев/Кунаев, Сәтбаев/Сатпаев, Жүсіп/Юсуп ...), so that
/// both spellings compare equal. Takes and gives skeleton letters.
pub fn conventional(stem: &str) -> &str {
    conventional_form(stem).unwrap_or(stem)
}

/// The conventional form of `stem` when it is one of the names spelt by convention ([`conventional`]),
/// `None` when it is its own: the lexicon keeps this per word, so that scoring does not look
/// every word up again.
pub(crate) fn conventional_form(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "winis" | "ciniz" | "cinis" => "ciniz",
        "konai" | "kunai" => "konai",
        "satbai" | "satpai" => "satbai",
        "jusip" | "iusup" | "jusup" => "jusip",
        "muhamed" | "muhamad" | "mohamed" | "magomed" => "muhamed",
        "ibrahim" | "ibragim" => "ibrahim",
        "ahmet" | "ahmed" | "ahmad" => "ahmet",
        "hamit" | "hamid" => "hamit",
        "abdula" | "abdola" => "abdula",
        "bakit" | "bahit" => "bakit",
        "abilkair" | "abulhair" => "abilkair",
        "jakip" | "iakub" => "jakip",
        "ibirai" | "ibrai" => "ibrai",
        "aleksander" | "aleksandr" => "aleksandr",
        // Korean surnames of Kazakhstan's Koryo-saram, romanised the Russian way or the Korean way.
        "le" | "li" => "li",
        "win" | "sin" => "sin",
        "park" | "pak" => "pak",
        "coi" | "koi" | "qoi" => "qoi",
        // `Ashat` is Асхат with х dropped, not Ашат.
        "awat" | "ashat" => "ashat",
        _ => return None,
    })
}

/// Whether a skeleton is a common given name that ends like a surname (Марина, Галина, Алина ...),
/// so that its suffix does not make it a surname.
pub fn is_common_given_name(skeleton: &str) -> bool {
    matches!(
        skeleton,
        "marina"
            | "galina"
            | "polina"
            | "alina"
            | "karina"
            | "regina"
            | "irina"
            | "arina"
            | "zarina"
            | "madina"
            | "amina"
            | "dina"
            | "kristina"
            | "valentina"
            | "ekaterina"
            | "angelina"
            | "larisa"
            | "elmira"
            | "ramin"
            | "marlen"
            | "ruslan"
            | "erlan"
            | "nurlan"
            | "aselina"
            | "alevtina"
            | "rimma"
            | "nina"
            | "zlata"
            | "emin"
            | "amin"
            | "kamilla"
            | "liliana"
            | "adelina"
            | "evelina"
            | "karolina"
            | "zhanna"
            | "ianina"
            | "marin"
    )
}

/// Reads a surname in any of its forms. A token without a known suffix is its own stem.
pub fn surname(token: &str) -> Stem {
    const RUSSIAN: &[(&str, Gender)] = &[
        ("skaia", Gender::Female),
        ("ski", Gender::Male),
        ("ova", Gender::Female),
        ("eva", Gender::Female),
        ("ina", Gender::Female),
        ("ov", Gender::Male),
        ("ev", Gender::Male),
        ("in", Gender::Male),
    ];
    for &(suffix, gender) in RUSSIAN {
        if let Some(stem) = strip(token, suffix) {
            // -ин only after a consonant: Ильин, Кузьмин; not a bare Kazakh stem like Әмин (amin).
            if (suffix.ends_with("in") || suffix == "ina") && stem.ends_with(|c| VOWELS.contains(c)) {
                continue;
            }
            let stem_text = if suffix.starts_with('s') { joined(stem, "sk") } else { restore_i(stem) };
            // A final -ин may belong to the stem (Тұрсын, Еркін): keep that reading too.
            let alternatives = match suffix {
                "in" => vec![token.to_owned()],
                "ina" => vec![joined(stem, "in")],
                _ => Vec::new(),
            };
            return Stem { stem: stem_text, alternatives, gender: Some(gender), form: Form::Russian };
        }
    }
    kazakh(token).unwrap_or_else(|| Stem {
        stem: token.to_owned(),
        alternatives: Vec::new(),
        gender: None,
        form: Form::Bare,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::skeleton::skeleton;

    fn show(stem: &Stem) -> String {
        let alternatives = if stem.alternatives.is_empty() {
            String::new()
        } else {
            format!(" (or {})", stem.alternatives.join(", "))
        };
        format!("{}{alternatives} {:?} {:?}", stem.stem, stem.gender, stem.form)
    }

    #[track_caller]
    fn check_surnames(inputs: &[&str], expect: Expect) {
        let lines: Vec<String> =
            inputs.iter().map(|input| format!("{input}: {}", show(&surname(&skeleton(input))))).collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[track_caller]
    fn check_patronymics(inputs: &[&str], expect: Expect) {
        let lines: Vec<String> = inputs
            .iter()
            .map(|input| {
                format!("{input}: {}", patronymic(&skeleton(input)).map_or("not a patronymic".to_owned(), |s| show(&s)))
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn conventional_variants_are_written_as_skeletons() {
        let groups: &[&[&str]] = &[
            &["Шыңғыс", "Чингиз", "Chingis"],
            &["Қонаев", "Кунаев"],
            &["Сәтбаев", "Сатпаев"],
            &["Жүсіп", "Юсуп", "Жусуп"],
            &["Мұхаммед", "Muhammad", "Mohammed", "Магомед"],
            &["Ибраһим", "Ибрагим"],
            &["Ахмет", "Ахмед", "Ахмад"],
            &["Хамит", "Хамид"],
            &["Абдулла", "Абдолла"],
            &["Бақыт", "Бахыт"],
            &["Әбілқайыр", "Абулхаир"],
            &["Жақып", "Якуб"],
            &["Ыбырай", "Ибрай"],
            &["Alexander", "Александр"],
        ];
        for group in groups {
            let stems: Vec<String> = group.iter().map(|name| surname(&skeleton(name)).stem).collect();
            let canonical: Vec<&str> = stems.iter().map(|stem| conventional(stem)).collect();
            assert!(canonical.windows(2).all(|w| w[0] == w[1]), "{group:?}: {stems:?} → {canonical:?}");
        }
    }

    #[test]
    fn surname_forms_share_a_stem() {
        check_surnames(
            &[
                "Серикбаев",
                "Серикбаева",
                "Серікбай",
                "SERIKBAYEV",
                "Ахметов",
                "Ахмет",
                "Серікұлы",
                "Ілиясқызы",
                "Ильин",
                "Ковальская",
                "Цой",
                "Шевченко",
            ],
            expect![[r#"
                Серикбаев: serikbai Some(Male) Russian
                Серикбаева: serikbai Some(Female) Russian
                Серікбай: serikbai None Bare
                SERIKBAYEV: serikbai Some(Male) Russian
                Ахметов: ahmet Some(Male) Russian
                Ахмет: ahmet None Bare
                Серікұлы: serik Some(Male) Kazakh
                Ілиясқызы: ilias (or iliask) Some(Female) Kazakh
                Ильин: il (or ilin) Some(Male) Russian
                Ковальская: kovalsk Some(Female) Russian
                Цой: qoi None Bare
                Шевченко: wevcenko None Bare"#]],
        );
    }

    proptest::proptest! {
        #[test]
        fn strip_agrees_with_the_standard_library(token in "[a-cік]{0,6}", suffix in "[a-c]{1,3}") {
            let reference = token
                .strip_suffix(suffix.as_str())
                .filter(|stem| if stem.is_ascii() { stem.len() >= 2 } else { stem.chars().count() >= 2 });
            proptest::prop_assert_eq!(strip(&token, &suffix), reference);
        }

        #[test]
        fn one_edit_agrees_with_osa(a in "[a-c]{0,5}", b in "[a-c]{0,5}") {
            proptest::prop_assert_eq!(one_edit_apart(a.as_bytes(), b.as_bytes()), strsim::osa_distance(&a, &b) == 1);
        }
    }

    #[test]
    fn patronymic_forms_share_a_stem() {
        check_patronymics(
            &[
                "Серикович",
                "Серікұлы",
                "Serikuly",
                "Жумабаевич",
                "Жұмабайұлы",
                "Нурлановна",
                "Нұрланқызы",
                "Серікқызы",
                "Ильич",
                "Ерлан",
                "Оралбековтч",
                "Кайраткыщы",
                "Александрован",
                "Иванова",
            ],
            expect![[r#"
                Серикович: serik Some(Male) Russian
                Серікұлы: serik Some(Male) Kazakh
                Serikuly: serik Some(Male) Kazakh
                Жумабаевич: jumabai Some(Male) Russian
                Жұмабайұлы: jumabai Some(Male) Kazakh
                Нурлановна: nurlan Some(Female) Russian
                Нұрланқызы: nurlan (or nurlank) Some(Female) Kazakh
                Серікқызы: seri (or serik) Some(Female) Kazakh
                Ильич: il Some(Male) Russian
                Ерлан: not a patronymic
                Оралбековтч: oralbek Some(Male) Russian
                Кайраткыщы: kairat Some(Female) Kazakh
                Александрован: aleksandr Some(Female) Russian
                Иванова: not a patronymic"#]],
        );
    }
}
