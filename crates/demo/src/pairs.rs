//! Labelled person pairs for evaluating the person match score: the same identity written two
//! ways (scripts, schemes, orders, initials, Kazakh and Russified forms, typos, birth-date errors),
//! and hard negatives (namesakes born years apart, the same surname with another given name,
//! another father, siblings, unrelated people).
//!
//! Names are rendered by this crate's own tables, independent of the `names` engine, so that the
//! evaluation does not grade the engine against itself.

use rand::{Rng as _, SeedableRng};

use crate::names::{NameParts, Scheme, initial, typo, uppercase};
use crate::util::{Rng, chance, pick};
use domain::entity::Gender;

/// One labelled pair in the layout of `aqiqat screen score-pairs`, plus its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPair {
    pub pair_id: String,
    pub name_a: String,
    pub birth_date_a: String,
    pub gender_a: String,
    pub name_b: String,
    pub birth_date_b: String,
    pub gender_b: String,
    /// Whether the two sides are one person.
    pub same: bool,
    /// What the pair tests, e.g. `positive:kk-uly/ru-full` or `negative:namesake-3y+`.
    pub phenomenon: String,
}

/// A birth date as parts, so that errors can be made in one part.
#[derive(Clone, Copy)]
struct Birth {
    year: i32,
    month: u8,
    day: u8,
}

impl Birth {
    fn draw(rng: &mut Rng) -> Birth {
        Birth { year: rng.random_range(1950..2006), month: rng.random_range(1..13), day: rng.random_range(1..29) }
    }

    fn full(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How one side writes the name.
const RENDERINGS: &[&str] = &[
    "ru-full",
    "ru-initials",
    "kk-full",
    "kk-uly",
    "kk-bare",
    "latin",
    "latin-caps",
    "latin-initial",
    "latin-reversed",
    "ru-given-first",
    "ru-caps",
    "latin-patronymic",
    "latin-all-caps",
];

fn render(rng: &mut Rng, parts: &NameParts, rendering: &str) -> String {
    let scheme = Scheme::draw(rng);
    let surname_ru = parts.surname_ru();
    match rendering {
        "ru-full" => parts.full_ru(),
        "ru-initials" => {
            let patronymic = parts.patronymic_ru().map(|p| initial(&p)).unwrap_or_default();
            format!("{surname_ru} {}{patronymic}", initial(&parts.given_ru()))
        }
        "kk-full" => match parts.patronymic_kk() {
            Some(p) if chance(rng, 0.5) => format!("{} {} {}", parts.given_kk(), p, parts.surname_kk()),
            _ => parts.full_kk(),
        },
        "kk-uly" => {
            // The father's name with -ұлы/-қызы in place of the surname, first (as in documents).
            let uly = match parts.patronymic_kk() {
                Some(p) if p.ends_with("ұлы") || p.ends_with("қызы") => p,
                _ => parts.surname_kk(),
            };
            format!("{uly} {}", parts.given_kk())
        }
        "kk-bare" => format!("{} {}", parts.given_kk(), parts.surname_kk_bare()),
        "latin" => parts.full_latin(scheme),
        "latin-caps" => format!("{} {}", uppercase(&parts.surname_latin(scheme)), parts.given_latin(scheme)),
        "latin-initial" => format!("{} {}", initial(&parts.given_latin(scheme)), parts.surname_latin(scheme)),
        // `Ерлан Серикович Серикбаев`: the Russian order of speech, given name first.
        "ru-given-first" => match parts.patronymic_ru() {
            Some(p) => format!("{} {p} {surname_ru}", parts.given_ru()),
            None => format!("{} {surname_ru}", parts.given_ru()),
        },
        // Registers typed in capitals: `СЕРИКБАЕВ ЕРЛАН СЕРИКОВИЧ`.
        "ru-caps" => uppercase(&parts.full_ru()),
        // A passport-style Latin name with the Russian patronymic transliterated.
        "latin-patronymic" => match parts.patronymic_ru() {
            Some(p) => format!(
                "{} {} {}",
                parts.given_latin(scheme),
                crate::names::transliterate(&p, scheme),
                parts.surname_latin(scheme)
            ),
            None => parts.full_latin(scheme),
        },
        "latin-all-caps" => uppercase(&format!("{} {}", parts.surname_latin(scheme), parts.given_latin(scheme))),
        _ => format!("{} {}", parts.surname_latin(scheme), parts.given_latin(scheme)),
    }
}

fn gender_code(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "m",
        Gender::Female => "f",
    }
}

/// Writes a birth date the way a second list might: the same, missing, the year only, or with an
/// error (a day off, day and month swapped, one digit of the year wrong). Returns the text and the
/// name of the variation.
fn vary_birth(rng: &mut Rng, birth: Birth) -> (String, &'static str) {
    match rng.random_range(0..100) {
        0..=44 => (birth.full(), "dob-same"),
        45..=64 => (String::new(), "dob-missing"),
        65..=74 => (format!("{:04}", birth.year), "dob-year"),
        75..=81 => {
            let day = if birth.day > 1 { birth.day - 1 } else { birth.day + 1 };
            (Birth { day, ..birth }.full(), "dob-day-off")
        }
        82..=88 if birth.day <= 12 && birth.day != birth.month => {
            (Birth { month: birth.day, day: birth.month, ..birth }.full(), "dob-swap")
        }
        _ => {
            // One digit of the year: the last, or the tens.
            // The digit changes alone, without a carry: 1999 becomes 1990 or 1909, not 2009.
            let (ones, tens) = (birth.year % 10, birth.year / 10 % 10);
            let year = if chance(rng, 0.5) {
                birth.year - ones + (ones + 1) % 10
            } else {
                birth.year - tens * 10 + (tens + 1) % 10 * 10
            };
            (Birth { year, ..birth }.full(), "dob-year-digit")
        }
    }
}

/// `n_pairs` labelled pairs, about half of them positives, deterministic for `seed`.
pub fn labelled_pairs(seed: u64, n_pairs: usize) -> Vec<LabelledPair> {
    let mut rng = Rng::seed_from_u64(seed);
    let mut pairs = Vec::with_capacity(n_pairs);
    while pairs.len() < n_pairs {
        let gender = if chance(&mut rng, 0.8) { Gender::Male } else { Gender::Female };
        let parts = NameParts::draw(&mut rng, gender, 0.75);
        let birth = Birth::draw(&mut rng);
        let id = format!("P{:06}", pairs.len() + 1);
        let g = gender_code(gender).to_owned();
        let roll = rng.random_range(0..100);
        let pair = if roll < 50 {
            let (ra, rb) = (pick(&mut rng, RENDERINGS), pick(&mut rng, RENDERINGS));
            let mut name_b = render(&mut rng, &parts, rb);
            let typo_b = chance(&mut rng, 0.15);
            if typo_b {
                let words: Vec<&str> = name_b.split(' ').collect();
                let at = rng.random_range(0..words.len());
                let bent: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| if i == at { typo(&mut rng, w) } else { (*w).to_owned() })
                    .collect();
                name_b = bent.join(" ");
            }
            let (dob_b, dob_variation) = vary_birth(&mut rng, birth);
            let gender_b = if chance(&mut rng, 0.5) { g.clone() } else { String::new() };
            LabelledPair {
                pair_id: id,
                name_a: render(&mut rng, &parts, ra),
                birth_date_a: birth.full(),
                gender_a: g,
                name_b,
                birth_date_b: dob_b,
                gender_b,
                same: true,
                phenomenon: format!("positive:{ra}/{rb}/{dob_variation}{}", if typo_b { "/typo" } else { "" }),
            }
        } else {
            let (kind, other, other_birth) = match roll {
                50..=64 => {
                    // A namesake: the same name, born three to forty years apart.
                    let years = rng.random_range(3..40) * if chance(&mut rng, 0.5) { 1 } else { -1 };
                    ("namesake-3y+", parts.clone(), Birth { year: birth.year + years, ..Birth::draw(&mut rng) })
                }
                65..=76 => {
                    // Another given name with another first letter: with the same initial, a pair
                    // written with initials could not be told apart at all.
                    let mut other = NameParts::draw(&mut rng, gender, 0.75);
                    while other.given.chars().next() == parts.given.chars().next() {
                        other = NameParts::draw(&mut rng, gender, 0.75);
                    }
                    other.stem = parts.stem;
                    other.origin = parts.origin;
                    other.style = parts.style;
                    other.father = parts.father;
                    ("other-given", other, Birth::draw(&mut rng))
                }
                77..=86 => {
                    let mut other = parts.clone();
                    let mut father = NameParts::draw(&mut rng, gender, 0.75);
                    while father.father == parts.father {
                        father = NameParts::draw(&mut rng, gender, 0.75);
                    }
                    other.father = father.father;
                    ("other-father", other, Birth::draw(&mut rng))
                }
                _ => ("unrelated", NameParts::draw(&mut rng, gender, 0.75), Birth::draw(&mut rng)),
            };
            if other.given == parts.given
                && other.father == parts.father
                && kind != "namesake-3y+"
                && other.stem == parts.stem
            {
                continue;
            }
            let (ra, rb) = (pick(&mut rng, RENDERINGS), pick(&mut rng, RENDERINGS));
            // Negatives that hinge on the patronymic need it written on both sides.
            let (ra, rb) = if kind == "other-father" { ("ru-full", "ru-full") } else { (ra, rb) };
            let dob_b = if kind == "namesake-3y+" {
                if chance(&mut rng, 0.7) { other_birth.full() } else { format!("{:04}", other_birth.year) }
            } else if chance(&mut rng, 0.6) {
                other_birth.full()
            } else {
                String::new()
            };
            LabelledPair {
                pair_id: id,
                name_a: render(&mut rng, &parts, ra),
                birth_date_a: birth.full(),
                gender_a: g.clone(),
                name_b: render(&mut rng, &other, rb),
                birth_date_b: dob_b,
                gender_b: if chance(&mut rng, 0.5) { g } else { String::new() },
                same: false,
                phenomenon: format!("negative:{kind}"),
            }
        };
        pairs.push(pair);
    }
    pairs
}

/// The pairs as CSV: the `screen score-pairs` columns, then `label` (1 same, 0 not) and `phenomenon`.
pub fn pairs_csv(pairs: &[LabelledPair]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header =
        ["pair_id", "name_a", "birth_date_a", "gender_a", "name_b", "birth_date_b", "gender_b", "label", "phenomenon"];
    writer.write_record(header).expect("writing to memory cannot fail");
    for p in pairs {
        writer
            .write_record([
                p.pair_id.as_str(),
                &p.name_a,
                &p.birth_date_a,
                &p.gender_a,
                &p.name_b,
                &p.birth_date_b,
                &p.gender_b,
                if p.same { "1" } else { "0" },
                &p.phenomenon,
            ])
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_deterministic_and_balanced() {
        let pairs = labelled_pairs(3, 2000);
        assert_eq!(pairs, labelled_pairs(3, 2000));
        assert_ne!(pairs, labelled_pairs(4, 2000));
        let positives = pairs.iter().filter(|p| p.same).count();
        assert!((900..1100).contains(&positives), "{positives}");
        for kind in ["namesake-3y+", "other-given", "other-father", "unrelated"] {
            assert!(pairs.iter().any(|p| p.phenomenon == format!("negative:{kind}")), "{kind}");
        }
        let csv = String::from_utf8(pairs_csv(&pairs[..3])).unwrap();
        assert!(
            csv.starts_with("pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b,label,phenomenon\n")
        );
    }
}
