//! Unit names to tokens, and the weighted token match of a nominee's unit name against every name
//! variant of every unit (English, Russian, Kazakh, over time).
//!
//! A name is normalised (`names::normalize`), cut at every character that is neither letter nor
//! digit, and each word folded to its transliteration skeleton (`names::skeleton`), so that
//! `СОБР «Арлан» ДП г. Алматы`, `SOBR Arlan DP g. Almaty` and `ҚАЗБАТ`/`KAZBAT` meet. A word that
//! starts with digits is a unit number (`38th`, `38-я`, `в/ч 6655`): its digits only. Function
//! words (`of`, `the`, `по`, `г.`, ordinal endings, the `в/ч` marker) are dropped.
//!
//! Each word weighs its inverse document frequency over units (a word in few units says much).
//! For a variant V and the nominee's words Q: `q = w(Q ∩ V) / w(Q)` (how much of what the nominee
//! wrote the variant explains) and `v = w(Q ∩ V) / w(V)`; the score is `q² (0.7 + 0.3 v)`. A
//! nominee may write less than the full name (`KAZBRIG` for `38th Air Assault Brigade (KAZBRIG)`)
//! but not more: `Military Institute of the Ground Forces` is not `Ground Forces`. Two different
//! unit numbers never match; a match needs a shared distinctive word (in at most
//! [`DISTINCTIVE_UNITS`] units, fewer in a small registry) or nearly the whole variant, so that `Police Department` alone
//! matches no department. Of the units that match, those more than a margin below the best are
//! dropped, and all but the full matches when the nominee wrote a variant in full (`Almaty City
//! Police Department` is the department, not also its `SOBR "Arlan" of the Almaty City Police
//! Department`).

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// A word in at most this many units identifies a unit, with the other words of the name.
pub(crate) const DISTINCTIVE_UNITS: u32 = 5;

/// A score this high is a name variant given in full.
const EXACT: f64 = 0.999;

/// Function words, as written; folded to skeletons when the matcher is built.
const STOP_WORDS: &[&str] = &[
    "of",
    "the",
    "and",
    "for",
    "in",
    "on",
    "at",
    "to",
    "по",
    "в",
    "во",
    "на",
    "и",
    "при",
    "г",
    "гор",
    "я",
    "й",
    "ая",
    "ой",
    "го",
    "ого",
    "th",
    "st",
    "nd",
    "rd",
    "ші",
    "шы",
    "інші",
    "ыншы",
    "нің",
    "ның",
    "дің",
    "дың",
    "тің",
    "тың",
    "бойынша",
    "ч",
    "вч",
    "no",
    "nr",
];

/// One word of a unit name: a skeleton, or a unit number (digits, marked by a leading `#`).
pub(crate) fn tokens(text: &str, stop: &StopWords) -> Vec<String> {
    let normalized = names::normalize::normalize(text);
    let mut out: Vec<String> = Vec::new();
    for piece in normalized.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
        let token = if !digits.is_empty() {
            // `38th`, `38-я`: the number; the ending, if cut off by a hyphen, is a stop word.
            format!("#{}", digits.trim_start_matches('0'))
        } else {
            let skeleton = names::skeleton::token_skeleton(piece);
            if skeleton.is_empty() || stop.contains(&skeleton) {
                continue;
            }
            skeleton
        };
        if !out.contains(&token) {
            out.push(token);
        }
    }
    out
}

/// The stop words as skeletons.
pub(crate) struct StopWords(Vec<String>);

impl StopWords {
    pub(crate) fn new() -> StopWords {
        let mut words: Vec<String> =
            STOP_WORDS.iter().map(|w| names::skeleton::token_skeleton(&names::normalize::normalize(w))).collect();
        words.sort();
        words.dedup();
        StopWords(words)
    }

    fn contains(&self, skeleton: &str) -> bool {
        self.0.binary_search_by(|w| w.as_str().cmp(skeleton)).is_ok()
    }
}

/// One name variant of one unit, as token ids.
struct Variant {
    unit: u32,
    /// Index of the name in the unit's `names`.
    name: u32,
    tokens: Box<[u32]>,
    weight: f32,
    has_number: bool,
}

/// A unit-name match: the unit, which of its names, and the score.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UnitMatch {
    pub(crate) unit: u32,
    pub(crate) name: u32,
    pub(crate) score: f64,
    /// The nominee's words the variant shares, as skeletons.
    pub(crate) shared: Vec<String>,
}

/// The index of every unit name variant by word.
pub(crate) struct UnitMatcher {
    stop: StopWords,
    vocabulary: HashMap<String, u32, FixedState>,
    words: Vec<String>,
    /// Per word: in how many units it appears.
    units_with: Vec<u32>,
    /// Per word: the variants that contain it, ascending.
    variants_with: Vec<Vec<u32>>,
    variants: Vec<Variant>,
    unit_count: u32,
}

impl UnitMatcher {
    /// `names[u]` is every name variant of unit `u`.
    pub(crate) fn build(names: &[Vec<&str>]) -> UnitMatcher {
        let stop = StopWords::new();
        let mut vocabulary: HashMap<String, u32, FixedState> = HashMap::with_hasher(FixedState::with_seed(0));
        let mut words = Vec::new();
        let mut units_with: Vec<u32> = Vec::new();
        let mut variants_with: Vec<Vec<u32>> = Vec::new();
        let mut raw: Vec<(u32, u32, Vec<u32>, bool)> = Vec::new();
        for (unit, variants) in names.iter().enumerate() {
            let mut seen_in_unit: Vec<u32> = Vec::new();
            for (name, text) in variants.iter().enumerate() {
                let toks = tokens(text, &stop);
                if toks.is_empty() {
                    continue;
                }
                let has_number = toks.iter().any(|t| t.starts_with('#'));
                let ids: Vec<u32> = toks
                    .into_iter()
                    .map(|t| {
                        let next = words.len() as u32;
                        *vocabulary.entry(t.clone()).or_insert_with(|| {
                            words.push(t);
                            units_with.push(0);
                            variants_with.push(Vec::new());
                            next
                        })
                    })
                    .collect();
                let variant = raw.len() as u32;
                for &id in &ids {
                    variants_with[id as usize].push(variant);
                    if !seen_in_unit.contains(&id) {
                        seen_in_unit.push(id);
                        units_with[id as usize] += 1;
                    }
                }
                raw.push((unit as u32, name as u32, ids, has_number));
            }
        }
        let unit_count = names.len() as u32;
        let mut matcher = UnitMatcher {
            stop,
            vocabulary,
            words,
            units_with,
            variants_with,
            variants: Vec::with_capacity(raw.len()),
            unit_count,
        };
        for (unit, name, ids, has_number) in raw {
            let weight = ids.iter().map(|&id| matcher.idf(Some(id))).sum();
            matcher.variants.push(Variant { unit, name, tokens: ids.into_boxed_slice(), weight, has_number });
        }
        matcher
    }

    /// A word in at most this many units is distinctive: [`DISTINCTIVE_UNITS`], or fewer in a
    /// small registry (a twentieth of its units, at least one).
    fn distinctive_units(&self) -> u32 {
        (self.unit_count / 20).clamp(1, DISTINCTIVE_UNITS)
    }

    /// The weight of a word: its inverse document frequency over units (unknown words the most).
    fn idf(&self, id: Option<u32>) -> f32 {
        let df = id.map_or(0, |id| self.units_with[id as usize]) as f32;
        ((self.unit_count as f32 + 1.0) / (df + 0.5)).ln().max(0.05)
    }

    /// Units whose names match `text`, each once (its best variant), best first, ties by unit.
    /// Only matches scoring at least `threshold` and within `margin` of the best are returned.
    pub(crate) fn matches(&self, text: &str, threshold: f64, margin: f64) -> Vec<UnitMatch> {
        let query = tokens(text, &self.stop);
        if query.is_empty() {
            return Vec::new();
        }
        let ids: Vec<Option<u32>> = query.iter().map(|t| self.vocabulary.get(t).copied()).collect();
        let query_weight: f32 = ids.iter().map(|&id| self.idf(id)).sum();
        let query_numbers: Vec<u32> =
            query.iter().zip(&ids).filter(|(t, _)| t.starts_with('#')).filter_map(|(_, id)| *id).collect();
        let query_has_number = query.iter().any(|t| t.starts_with('#'));
        // Per candidate variant: shared weight, a distinctive word shared, a number shared.
        let mut shared: HashMap<u32, (f32, bool, bool), FixedState> = HashMap::with_hasher(FixedState::with_seed(0));
        for &id in ids.iter().flatten() {
            let weight = self.idf(Some(id));
            let distinctive = self.units_with[id as usize] <= self.distinctive_units();
            let number = query_numbers.contains(&id);
            for &variant in &self.variants_with[id as usize] {
                let entry = shared.entry(variant).or_insert((0.0, false, false));
                entry.0 += weight;
                entry.1 |= distinctive;
                entry.2 |= number;
            }
        }
        let mut best: Vec<UnitMatch> = Vec::new();
        let mut candidates: Vec<(u32, (f32, bool, bool))> = shared.into_iter().collect();
        candidates.sort_unstable_by_key(|(variant, _)| *variant);
        for (variant, (weight, distinctive, number)) in candidates {
            let v = &self.variants[variant as usize];
            // Two unit numbers that differ are two units.
            if query_has_number && v.has_number && !number {
                continue;
            }
            let q = f64::from(weight / query_weight).min(1.0);
            let cover = f64::from(weight / v.weight).min(1.0);
            if !distinctive && cover < 0.9 {
                continue;
            }
            let score = q * q * (0.7 + 0.3 * cover);
            if score < threshold {
                continue;
            }
            match best.iter_mut().find(|m| m.unit == v.unit) {
                Some(m) if m.score >= score => {}
                Some(m) => {
                    m.score = score;
                    m.name = v.name;
                    m.shared = self.shared_words(&query, v);
                }
                None => {
                    best.push(UnitMatch { unit: v.unit, name: v.name, score, shared: self.shared_words(&query, v) })
                }
            }
        }
        best.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.unit.cmp(&b.unit)));
        // A name given in full is that unit, not the units whose longer names contain it.
        let floor = match best.first().map(|m| m.score) {
            Some(top) if top >= EXACT => EXACT,
            Some(top) => top - margin,
            None => 0.0,
        };
        best.retain(|m| m.score >= floor);
        best
    }

    fn shared_words(&self, query: &[String], variant: &Variant) -> Vec<String> {
        query
            .iter()
            .filter(|t| variant.tokens.iter().any(|&id| self.words[id as usize] == **t))
            .map(|t| t.trim_start_matches('#').to_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> UnitMatcher {
        let units: Vec<Vec<&str>> = vec![
            vec![
                "KAZBAT",
                "Kazakhstan Peacekeeping Battalion",
                "КАЗБАТ",
                "ҚАЗБАТ",
                "Қазақстан бітімгершілік батальоны",
            ],
            vec!["38th Air Assault Brigade (KAZBRIG)", "38-я отдельная десантно-штурмовая бригада"],
            vec!["SOBR \"Arlan\" of the Almaty City Police Department", "СОБР «Арлан» ДП г. Алматы"],
            vec!["Almaty City Police Department", "Департамент полиции города Алматы"],
            vec!["Shymkent City Police Department", "Департамент полиции города Шымкент"],
            vec!["Regional Command East", "Региональное командование «Восток»"],
            vec!["Regional Command South", "Региональное командование «Юг»"],
            vec!["Ground Forces", "Сухопутные войска"],
            vec!["Military unit 6655", "Войсковая часть 6655"],
            vec!["Military unit 3655", "Войсковая часть 3655"],
        ];
        UnitMatcher::build(&units)
    }

    #[track_caller]
    fn check(query: &str, expect: &[u32]) {
        let m = matcher();
        let got: Vec<u32> = m.matches(query, 0.6, 0.1).iter().map(|m| m.unit).collect();
        assert_eq!(got, expect, "{query}: {:?}", m.matches(query, 0.0, 1.0));
    }

    #[test]
    fn names_in_any_script_and_abbreviations_match() {
        check("KAZBAT", &[0]);
        check("Казбат", &[0]);
        check("Kazakhstan peacekeeping battalion", &[0]);
        check("KAZBRIG", &[1]);
        check("38-я бригада", &[1]);
        check("SOBR Arlan DP g. Almaty", &[2]);
        check("SOBR Arlan", &[2]);
        check("Almaty City Police Department", &[3]);
        check("в/ч 6655", &[8]);
        check("3655", &[9]);
        check("Military unit 3655", &[9]);
    }

    #[test]
    fn other_units_do_not_match() {
        check("Regional Command West", &[]);
        check("Regional Command West, Engineer Battalion", &[]);
        check("Military Institute of the Ground Forces", &[]);
        check("Police Department", &[]);
        check("Military unit 1234", &[]);
        check("Naval Forces", &[]);
        check("", &[]);
    }
}
