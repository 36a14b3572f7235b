//! Comparing two records: for each comparison, the level the pair falls in (and the frequency of
//! the agreeing value, for term-frequency adjustment).
//!
//! Levels are numbered 0 = missing (either side empty; weight 0), 1..=k = the configured levels in
//! order (the first whose predicate holds wins), k+1 = else.
//!
//! A person name is compared as three parts (surname, given name, father's name) at once: words
//! whose role the parser left open are tried in each open role, and the reading of both names that
//! agrees best is kept (scored by a fixed ranking of levels, so that the choice does not depend on
//! estimated parameters). When both surnames are -ұлы/-қызы forms they are compared as surnames;
//! otherwise such a form is the father's name and meets the other side's patronymic.

use names::given_names::are_different_names;
use names::parse::Role;

use crate::Error;
use crate::place;
use crate::prepare::{DateValue, FieldData, MISSING, NameToken, NameValue, Prepared, TextValue, Word};
use crate::settings::{ComparisonSpec, FieldKind, FieldSpec, Part, Predicate};
use crate::similarity::{jaro_winkler_from, osa_within};

/// Level 0: either side has no value.
pub(crate) const LEVEL_MISSING: u8 = 0;

/// One comparison, with field and swap partner resolved to indices.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub(crate) spec: ComparisonSpec,
    pub(crate) field: usize,
    pub(crate) kind: FieldKind,
    /// For a given-name comparison with a `swapped` level: the surname field.
    swap_field: Option<usize>,
    /// Per level (0..n_levels): how much the level counts when choosing the reading of a name.
    reading_score: Vec<f64>,
    /// Whether any level uses term frequencies.
    pub(crate) uses_tf: bool,
    /// The lowest Jaro-Winkler threshold and the largest edit distance of the levels: each pair's
    /// similarity is computed once, only as far as these need.
    min_jw: f64,
    max_edits: usize,
}

impl Compiled {
    /// Levels including `missing` and `else`.
    pub(crate) fn n_levels(&self) -> usize {
        self.spec.levels.len() + 2
    }

    pub(crate) fn else_level(&self) -> u8 {
        (self.spec.levels.len() + 1) as u8
    }

    /// The label of a level.
    pub(crate) fn label(&self, level: u8) -> &str {
        match level {
            LEVEL_MISSING => "missing",
            l if l == self.else_level() => "else",
            l => &self.spec.levels[usize::from(l) - 1].label,
        }
    }

    /// Whether the level's weight is adjusted by term frequency.
    pub(crate) fn level_uses_tf(&self, level: u8) -> bool {
        level != LEVEL_MISSING && level != self.else_level() && self.spec.levels[usize::from(level) - 1].term_frequency
    }
}

/// All comparisons of a linkage, ready to run on pairs.
#[derive(Debug, Clone)]
pub(crate) struct Comparator {
    pub(crate) comparisons: Vec<Compiled>,
    /// Person-name fields and the comparisons (index, part) that read them.
    name_groups: Vec<(usize, Vec<(usize, Part)>)>,
    /// Comparisons of the surname field that a swap makes missing: (surname comparison, given
    /// field, surname field).
    swap_targets: Vec<(usize, usize, usize)>,
    /// Index among comparisons using term frequencies, per comparison.
    pub(crate) tf_slot: Vec<Option<usize>>,
    pub(crate) n_tf: usize,
}

/// Outcomes of value pairs, remembered by one worker: a direct-mapped table per kind, so that a
/// lookup is one probe and the memory is fixed.
pub(crate) struct CompareCache {
    values: Vec<ValueEntry>,
    names: Vec<NameEntry>,
    words: WordTable,
    /// Slots - 1 (slots are a power of two).
    mask: usize,
}

#[derive(Clone, Copy)]
struct ValueEntry {
    key: u64,
    comparison: u32,
    level: u8,
    count: u32,
}

#[derive(Clone, Copy)]
struct NameEntry {
    key: u64,
    group: u32,
    levels: [u8; 4],
    tf: [u32; 4],
}

/// Levels of word pairs per comparison and slot, direct-mapped.
pub(crate) struct WordTable {
    entries: Vec<(u64, u32, u8)>,
    mask: usize,
}

impl WordTable {
    fn new(slots: usize) -> WordTable {
        WordTable { entries: vec![(u64::MAX, u32::MAX, 0); slots], mask: slots - 1 }
    }

    fn level(&mut self, c: usize, slot: Slot, a: NameToken, b: NameToken, compute: impl FnOnce() -> u8) -> u8 {
        let key = (u64::from(a.word) << 32) | u64::from(b.word);
        let tag = ((c as u32) << 4) | ((slot as u32) << 2) | (u32::from(a.initial) << 1) | u32::from(b.initial);
        let h = (key ^ u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        let entry = &mut self.entries[(h >> 32) as usize & self.mask];
        if entry.0 != key || entry.1 != tag {
            *entry = (key, tag, compute());
        }
        entry.2
    }
}

/// Entries of each table of a [`CompareCache`] at most (a power of two).
const CACHE_SLOTS: usize = 1 << 15;

impl CompareCache {
    /// A cache for comparing about `n_pairs` pairs: never larger than the pairs need, so that few
    /// pairs do not pay for clearing a large table.
    pub(crate) fn for_pairs(n_pairs: usize) -> CompareCache {
        let slots = n_pairs.next_power_of_two().clamp(256, CACHE_SLOTS);
        CompareCache {
            values: vec![ValueEntry { key: u64::MAX, comparison: u32::MAX, level: 0, count: 0 }; slots],
            names: vec![NameEntry { key: u64::MAX, group: u32::MAX, levels: [0; 4], tf: [0; 4] }; slots],
            words: WordTable::new(slots),
            mask: slots - 1,
        }
    }

    fn slot(&self, key: u64, salt: u64) -> usize {
        let h = (key ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        (h >> 32) as usize & self.mask
    }
}

/// The level ranking used to choose readings of names: agreeing levels count for, `else` against.
fn reading_score(levels: &[crate::settings::Level]) -> Vec<f64> {
    let mut scores = vec![0.0];
    for level in levels {
        let score = match level.predicates.first() {
            Some(Predicate::Exact | Predicate::Transliterated) => 4.0,
            Some(Predicate::JaroWinkler(t)) if *t >= 0.9 => 2.5,
            Some(Predicate::DamerauLevenshtein(1)) => 2.5,
            Some(Predicate::JaroWinkler(_) | Predicate::DamerauLevenshtein(_)) => 1.5,
            Some(Predicate::Initials) => 0.7,
            // Two kinds of surname agree in nothing: a reading that pairs them is chosen only
            // over one that disagrees.
            Some(Predicate::FatherForm) => -1.0,
            _ => 1.0,
        };
        scores.push(score);
    }
    scores.push(-5.0);
    scores
}

impl Comparator {
    pub(crate) fn new(fields: &[FieldSpec], specs: &[ComparisonSpec]) -> Result<Comparator, Error> {
        let field_index = |context: &str, name: &str| {
            fields
                .iter()
                .position(|f| f.name == name)
                .ok_or_else(|| Error::UnknownField { context: context.to_owned(), field: name.to_owned() })
        };
        let mut comparisons = Vec::with_capacity(specs.len());
        for spec in specs {
            let context = format!("comparison `{}`", spec.name);
            let field = field_index(&context, &spec.field)?;
            let kind = fields[field].kind;
            if spec.levels.len() > crate::settings::MAX_LEVELS {
                return Err(Error::Settings(format!(
                    "comparison `{}` has {} levels; at most {} are allowed",
                    spec.name,
                    spec.levels.len(),
                    crate::settings::MAX_LEVELS
                )));
            }
            let part_fits = match spec.part {
                Part::Whole => kind != FieldKind::PersonName,
                _ => kind == FieldKind::PersonName,
            };
            if !part_fits {
                return Err(Error::Settings(format!(
                    "comparison `{}`: part `{}` does not fit field `{}` of kind `{kind}` (person names are compared \
                     by part: surname, given, patronymic; other fields whole)",
                    spec.name,
                    spec.part.as_str(),
                    spec.field
                )));
            }
            let mut swap_field = None;
            for level in &spec.levels {
                for predicate in &level.predicates {
                    if !predicate.applies_to(kind) {
                        return Err(Error::PredicateMismatch {
                            comparison: spec.name.clone(),
                            predicate: predicate.to_string(),
                            kind: kind.to_string(),
                        });
                    }
                    if *predicate == Predicate::Swapped {
                        let partner = fields[field].swap_with.as_deref().ok_or_else(|| {
                            Error::Settings(format!(
                                "comparison `{}` has a `swapped` level, but field `{}` has no `swap_with`",
                                spec.name, spec.field
                            ))
                        })?;
                        swap_field = Some(field_index(&format!("field `{}` (swap_with)", spec.field), partner)?);
                    }
                }
                for probability in [level.m, level.u].into_iter().flatten() {
                    if !(probability > 0.0 && probability <= 1.0) {
                        return Err(Error::Settings(format!(
                            "comparison `{}`, level `{}`: probabilities must be in (0, 1]",
                            spec.name, level.label
                        )));
                    }
                }
            }
            let uses_tf = spec.levels.iter().any(|l| l.term_frequency);
            let predicates = || spec.levels.iter().flat_map(|l| l.predicates.iter());
            let min_jw = predicates()
                .filter_map(|p| if let Predicate::JaroWinkler(t) = p { Some(*t) } else { None })
                .fold(1.0, f64::min);
            let max_edits = predicates()
                .filter_map(|p| if let Predicate::DamerauLevenshtein(d) = p { Some(usize::from(*d)) } else { None })
                .max()
                .unwrap_or(0);
            comparisons.push(Compiled {
                min_jw,
                max_edits,
                reading_score: reading_score(&spec.levels),
                spec: spec.clone(),
                field,
                kind,
                swap_field,
                uses_tf,
            });
        }
        let mut name_groups: Vec<(usize, Vec<(usize, Part)>)> = Vec::new();
        for (c, compiled) in comparisons.iter().enumerate() {
            if compiled.kind == FieldKind::PersonName {
                match name_groups.iter_mut().find(|(f, _)| *f == compiled.field) {
                    Some((_, members)) => members.push((c, compiled.spec.part)),
                    None => name_groups.push((compiled.field, vec![(c, compiled.spec.part)])),
                }
            }
        }
        let mut swap_targets = Vec::new();
        for compiled in &comparisons {
            if let Some(surname_field) = compiled.swap_field {
                for (c, other) in comparisons.iter().enumerate() {
                    if other.field == surname_field {
                        swap_targets.push((c, compiled.field, surname_field));
                    }
                }
            }
        }
        let mut n_tf = 0;
        let tf_slot = comparisons
            .iter()
            .map(|c| {
                c.uses_tf.then(|| {
                    n_tf += 1;
                    n_tf - 1
                })
            })
            .collect();
        Ok(Comparator { comparisons, name_groups, swap_targets, tf_slot, n_tf })
    }

    pub(crate) fn n_comparisons(&self) -> usize {
        self.comparisons.len()
    }

    /// Compares records `x` and `y`: one level per comparison into `levels`, and for comparisons
    /// with term frequencies the count of the agreeing value into `tf` (0 when not applicable).
    pub(crate) fn compare(&self, data: &Prepared, x: usize, y: usize, levels: &mut [u8], tf: &mut [u32]) {
        self.compare_with(data, x, y, levels, tf, None);
    }

    /// [`Comparator::compare`], remembering the outcomes of value pairs in `cache`: names come from
    /// small stocks, and the records of one block repeat the same few spellings.
    pub(crate) fn compare_with(
        &self,
        data: &Prepared,
        x: usize,
        y: usize,
        levels: &mut [u8],
        tf: &mut [u32],
        mut cache: Option<&mut CompareCache>,
    ) {
        for (c, compiled) in self.comparisons.iter().enumerate() {
            if compiled.kind == FieldKind::PersonName {
                continue;
            }
            let field = &data.fields[compiled.field];
            let (a, b) = (field.values[x], field.values[y]);
            let (level, count) = if a == MISSING || b == MISSING {
                (LEVEL_MISSING, 0)
            } else {
                let compute = || match &field.data {
                    FieldData::Text(texts) => self.text_level(data, compiled, texts, (a, b), (x, y)),
                    FieldData::Date(dates) => (date_level(compiled, &dates[a as usize], &dates[b as usize]), 0),
                    FieldData::Name { .. } => (LEVEL_MISSING, 0),
                };
                match cache.as_deref_mut() {
                    Some(cache) if compiled.swap_field.is_none() => {
                        let key = (u64::from(a) << 32) | u64::from(b);
                        let slot = cache.slot(key, c as u64);
                        let entry = &mut cache.values[slot];
                        if entry.key == key && entry.comparison == c as u32 {
                            (entry.level, entry.count)
                        } else {
                            let (level, count) = compute();
                            *entry = ValueEntry { key, comparison: c as u32, level, count };
                            (level, count)
                        }
                    }
                    _ => compute(),
                }
            };
            levels[c] = level;
            if let Some(slot) = self.tf_slot[c] {
                tf[slot] = if compiled.level_uses_tf(level) { count } else { 0 };
            }
        }
        for (g, (field_index, members)) in self.name_groups.iter().enumerate() {
            let field = &data.fields[*field_index];
            let FieldData::Name { names, words, .. } = &field.data else { continue };
            let (a, b) = (field.values[x], field.values[y]);
            if a == MISSING || b == MISSING {
                for &(c, _) in members {
                    levels[c] = LEVEL_MISSING;
                    if let Some(slot) = self.tf_slot[c] {
                        tf[slot] = 0;
                    }
                }
                continue;
            }
            let compute = |table: Option<&mut WordTable>| {
                let best = best_reading(self, members, words, &names[a as usize], &names[b as usize], table);
                let mut entry = NameEntry { key: 0, group: g as u32, levels: [LEVEL_MISSING; 4], tf: [0; 4] };
                for (k, &(c, _)) in members.iter().enumerate().take(4) {
                    entry.levels[k] = best.levels[k];
                    if self.comparisons[c].level_uses_tf(best.levels[k]) {
                        let stem_count = |stem: u32| field.stem_counts[stem as usize];
                        entry.tf[k] = best.stems[k].map_or(0, |(s, t)| stem_count(s).max(stem_count(t)));
                    }
                }
                entry
            };
            let key = (u64::from(a) << 32) | u64::from(b);
            let entry = match cache.as_deref_mut() {
                Some(cache) => {
                    let slot = cache.slot(key, g as u64 | 1 << 16);
                    let CompareCache { names: entries, words: table, .. } = cache;
                    let cached = &mut entries[slot];
                    if cached.key != key || cached.group != g as u32 {
                        *cached = NameEntry { key, ..compute(Some(table)) };
                    }
                    *cached
                }
                None => compute(None),
            };
            for (k, &(c, _)) in members.iter().enumerate().take(4) {
                levels[c] = entry.levels[k];
                if let Some(slot) = self.tf_slot[c] {
                    tf[slot] = entry.tf[k];
                }
            }
        }
        // A swapped pair's surname comparison says nothing more: the given-name comparison holds
        // the swap.
        for &(c, given_field, surname_field) in &self.swap_targets {
            if is_swapped(data, given_field, surname_field, x, y) {
                levels[c] = LEVEL_MISSING;
                if let Some(slot) = self.tf_slot[c] {
                    tf[slot] = 0;
                }
            }
        }
    }

    fn text_level(
        &self,
        data: &Prepared,
        compiled: &Compiled,
        texts: &[TextValue],
        (a, b): (u32, u32),
        (x, y): (usize, usize),
    ) -> (u8, u32) {
        let field = &data.fields[compiled.field];
        let (ta, tb) = (&texts[a as usize], &texts[b as usize]);
        let is_code = matches!(compiled.kind, FieldKind::Exact | FieldKind::Numeric | FieldKind::Postcode);
        let full = !ta.initial && !tb.initial;
        let mut measures = Measures::new(compiled, (&ta.plain, &ta.skeleton), (&tb.plain, &tb.skeleton), !is_code);
        for (l, level) in compiled.spec.levels.iter().enumerate() {
            let holds = level.predicates.iter().any(|p| match *p {
                Predicate::Exact => a == b,
                Predicate::Transliterated => {
                    full && (ta.skeleton_id == tb.skeleton_id || ta.stems.iter().any(|s| tb.stems.contains(s)))
                }
                Predicate::JaroWinkler(t) => full && measures.jaro_winkler() >= t,
                Predicate::DamerauLevenshtein(d) => {
                    let d = usize::from(d);
                    let shortest = ta.plain.len().min(tb.plain.len());
                    let long_enough = if is_code { shortest > d } else { shortest > 2 * d };
                    long_enough && measures.edits().is_some_and(|e| e <= d)
                }
                Predicate::Initials => (ta.initial || tb.initial) && initial_fits(&ta.text, &tb.text),
                Predicate::Swapped => {
                    compiled.swap_field.is_some_and(|surname| is_swapped(data, compiled.field, surname, x, y))
                }
                Predicate::SharedWord => ta.words.iter().any(|w| tb.words.contains(w)),
                Predicate::FatherForm => false,
                // A town and the region it lies in: one side names the region itself. Two towns
                // of one region are two places.
                Predicate::SameRegion => {
                    let region = |r: u8| r & !place::REGION_NAMED;
                    region(ta.region) != 0
                        && region(ta.region) == region(tb.region)
                        && (ta.region | tb.region) & place::REGION_NAMED != 0
                }
                Predicate::DateClose
                | Predicate::WithinDays(_)
                | Predicate::SameYear
                | Predicate::WithinYears(_)
                | Predicate::PartialWithinYears(_) => false,
            });
            if holds {
                let count = if level.term_frequency {
                    if level.predicates.contains(&Predicate::Exact) && a == b {
                        field.counts[a as usize].max(field.counts[b as usize])
                    } else {
                        let stem = |t: &TextValue| t.stems.first().map_or(0, |s| field.stem_counts[*s as usize]);
                        stem(ta).max(stem(tb))
                    }
                } else {
                    0
                };
                return ((l + 1) as u8, count);
            }
        }
        (compiled.else_level(), 0)
    }
}

/// The similarity of two values, computed at most once per pair and only as far as the levels
/// need: the better of the plain Latin forms and (for names) the skeletons.
struct Measures<'a> {
    a: (&'a str, &'a str),
    b: (&'a str, &'a str),
    use_skeleton: bool,
    min_jw: f64,
    max_edits: usize,
    jw: Option<f64>,
    edits: Option<Option<usize>>,
}

impl<'a> Measures<'a> {
    fn new(compiled: &Compiled, a: (&'a str, &'a str), b: (&'a str, &'a str), use_skeleton: bool) -> Measures<'a> {
        let use_skeleton = use_skeleton && (a.0 != a.1 || b.0 != b.1);
        Measures { a, b, use_skeleton, min_jw: compiled.min_jw, max_edits: compiled.max_edits, jw: None, edits: None }
    }

    fn jaro_winkler(&mut self) -> f64 {
        *self.jw.get_or_insert_with(|| {
            let plain = jaro_winkler_from(self.a.0, self.b.0, self.min_jw);
            if self.use_skeleton { plain.max(jaro_winkler_from(self.a.1, self.b.1, self.min_jw)) } else { plain }
        })
    }

    fn edits(&mut self) -> Option<usize> {
        *self.edits.get_or_insert_with(|| {
            let plain = osa_within(self.a.0, self.b.0, self.max_edits);
            let skeleton = if self.use_skeleton { osa_within(self.a.1, self.b.1, self.max_edits) } else { None };
            let best = match (plain, skeleton) {
                (Some(p), Some(s)) => Some(p.min(s)),
                (p, s) => p.or(s),
            };
            // A typing error in a Latin spelling of a Cyrillic name: the skeleton folds the
            // spelling but also a doubled letter the error made (`Qaat` is `kat`, two edits from
            // `kanat`), and the plain forms differ in letters that spell one sound (q and k, x and
            // kh): counted once more on the typing forms, which undo only those. Only a spelling
            // with q, x or j can differ so (the plain forms of Cyrillic have none), and only one
            // edit is worth the look (the two-edit level weighs about nothing).
            let latin_only = |w: &str| w.bytes().any(|b| matches!(b, b'q' | b'x' | b'j'));
            if self.use_skeleton && best.is_none_or(|e| e > 1) && (latin_only(self.a.0) || latin_only(self.b.0)) {
                let (mut a, mut b) = ([0u8; TYPING_MAX], [0u8; TYPING_MAX]);
                if let (Some(a), Some(b)) = (typing_form(self.a.0, &mut a), typing_form(self.b.0, &mut b))
                    && a.len().abs_diff(b.len()) <= 1
                    && osa_within(a, b, 1).is_some()
                {
                    return Some(1);
                }
            }
            best
        })
    }
}

/// The longest plain word that gets a typing form ([`typing_form`]).
const TYPING_MAX: usize = 48;

/// A plain Latin word with the letters that Latin spellings of Kazakh and Russian names use for
/// one sound made one (`kh` and `x` are `h`, `q` is `k`, `zh` is `j`), and nothing else folded: the
/// form on which a typing error is one edit. Written into `out`; `None` for a word that is not
/// ASCII or longer than [`TYPING_MAX`].
fn typing_form<'b>(plain: &str, out: &'b mut [u8; TYPING_MAX]) -> Option<&'b str> {
    let bytes = plain.as_bytes();
    if !plain.is_ascii() || bytes.len() > TYPING_MAX {
        return None;
    }
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        let (letter, width) = match (bytes[i], bytes.get(i + 1)) {
            (b'k', Some(b'h')) => (b'h', 2),
            (b'z', Some(b'h')) => (b'j', 2),
            (b'x', _) => (b'h', 1),
            (b'q', _) => (b'k', 1),
            (other, _) => (other, 1),
        };
        out[n] = letter;
        n += 1;
        i += width;
    }
    std::str::from_utf8(&out[..n]).ok()
}

/// Whether the given name of each record equals the other's surname (and they are not simply
/// equal): by skeleton.
fn is_swapped(data: &Prepared, given_field: usize, surname_field: usize, x: usize, y: usize) -> bool {
    // Skeleton ids are per field: the two fields' skeletons are compared as text, but only after
    // the cheap checks that rule out most pairs.
    let text = |field: usize, record: usize| -> Option<&TextValue> {
        let f = &data.fields[field];
        let v = f.values[record];
        match &f.data {
            FieldData::Text(texts) if v != MISSING => Some(&texts[v as usize]),
            _ => None,
        }
    };
    let (Some(gx), Some(sx), Some(gy), Some(sy)) =
        (text(given_field, x), text(surname_field, x), text(given_field, y), text(surname_field, y))
    else {
        return false;
    };
    gx.skeleton_id != gy.skeleton_id
        && gx.skeleton.len() == sy.skeleton.len()
        && sx.skeleton.len() == gy.skeleton.len()
        && gx.skeleton == sy.skeleton
        && sx.skeleton == gy.skeleton
}

fn date_level(compiled: &Compiled, a: &DateValue, b: &DateValue) -> u8 {
    for (l, level) in compiled.spec.levels.iter().enumerate() {
        if level.predicates.iter().any(|p| date_predicate(*p, a, b)) {
            return (l + 1) as u8;
        }
    }
    compiled.else_level()
}

fn date_predicate(predicate: Predicate, a: &DateValue, b: &DateValue) -> bool {
    let complete = |d: &DateValue| d.digits.len() == 8;
    let year_gap = || {
        if a.years.1 < b.years.0 {
            b.years.0 - a.years.1
        } else if b.years.1 < a.years.0 {
            a.years.0 - b.years.1
        } else {
            0
        }
    };
    match predicate {
        Predicate::Exact => !a.digits.is_empty() && a.digits == b.digits,
        Predicate::DateClose => {
            if !complete(a) || !complete(b) {
                return false;
            }
            let one_day = matches!((a.days, b.days), (Some(x), Some(y)) if (x - y).abs() == 1);
            let swapped = a.years.0 == b.years.0 && a.month == b.day && a.day == b.month;
            // A year written one off (1989 for 1990 changes two digits).
            let year_off = a.month == b.month && a.day == b.day && (a.years.0 - b.years.0).abs() == 1;
            one_day || swapped || year_off || osa_within(&a.digits, &b.digits, 1).is_some()
        }
        Predicate::WithinDays(n) => {
            matches!((a.days, b.days), (Some(x), Some(y)) if (x - y).unsigned_abs() <= n)
        }
        Predicate::SameYear => year_gap() == 0,
        Predicate::WithinYears(n) => year_gap().unsigned_abs() <= n,
        Predicate::PartialWithinYears(n) => (a.partial || b.partial) && year_gap().unsigned_abs() <= n,
        Predicate::DamerauLevenshtein(d) => {
            !a.digits.is_empty() && osa_within(&a.digits, &b.digits, usize::from(d)).is_some()
        }
        _ => false,
    }
}

/// Whether an initial can stand for a word (or another initial), across scripts: the first
/// letters as written, since skeletons fold too much (Ю is `iu`, which an И must not fit). The
/// letter table is the name engine's, so that linkage and the person match score agree.
pub(crate) fn initial_fits(a: &str, b: &str) -> bool {
    let (Some(i), Some(f)) = (a.chars().next(), b.chars().next()) else { return false };
    i == f || names::person::initial_letter_fits(i, f)
}

/// Which role a token plays when compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Surname,
    Given,
    Father,
}

/// One reading of a name: the token in each slot (indices), and words left over.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Reading {
    given: Option<u8>,
    patronymic: Option<u8>,
    surname: Option<u8>,
    n_extra: u8,
}

/// At most this many readings of one name are tried.
const MAX_READINGS: usize = 16;

/// Every reasonable reading of a name: a token whose role is open is tried in each free slot.
/// With `swap`, given name and surname trade places (lists swap their columns, and a name after
/// an initial is not always the surname).
pub(crate) fn readings(tokens: &[NameToken], swap: bool) -> Vec<Reading> {
    let mut current: Vec<Reading> = vec![Reading::default()];
    let mut next: Vec<Reading> = Vec::new();
    for (t, token) in tokens.iter().enumerate().take(usize::from(u8::MAX)) {
        let role = match (swap, token.role) {
            (true, Role::Given) => Role::Surname,
            (true, Role::Surname) => Role::Given,
            (_, role) => role,
        };
        let roles: &[Role] = match role {
            Role::Unknown if token.initial => &[Role::Given, Role::Patronymic],
            Role::Unknown => &[Role::Given, Role::Surname],
            Role::SurnameOrPatronymic => &[Role::Surname, Role::Patronymic],
            Role::Given => &[Role::Given],
            Role::Patronymic => &[Role::Patronymic],
            Role::Surname => &[Role::Surname],
        };
        let open = roles.len() > 1;
        next.clear();
        for reading in &current {
            let taken = |role: Role| match role {
                Role::Given => reading.given.is_some(),
                Role::Patronymic => reading.patronymic.is_some(),
                _ => reading.surname.is_some(),
            };
            let mut push = |r: Reading| {
                if next.len() < MAX_READINGS {
                    next.push(r);
                }
            };
            for &role in roles {
                // An open role goes only to a free slot.
                if open && taken(role) {
                    continue;
                }
                let mut r = *reading;
                let slot = match role {
                    Role::Given => &mut r.given,
                    Role::Patronymic => &mut r.patronymic,
                    _ => &mut r.surname,
                };
                if slot.is_none() {
                    *slot = Some(t as u8);
                } else {
                    r.n_extra += 1;
                }
                push(r);
            }
            if open && roles.iter().all(|&role| taken(role)) {
                let mut r = *reading;
                r.n_extra += 1;
                push(r);
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
    current
}

/// The outcome of comparing two names: a level per member comparison, with the stems that agreed
/// (for term frequencies), and the tokens compared (for explanations).
#[derive(Clone, Copy)]
pub(crate) struct NameOutcome {
    pub(crate) levels: [u8; 4],
    stems: [Option<(u32, u32)>; 4],
    pub(crate) tokens: [(Option<NameToken>, Option<NameToken>); 4],
}

impl NameOutcome {
    const MISSING: NameOutcome =
        NameOutcome { levels: [LEVEL_MISSING; 4], stems: [None; 4], tokens: [(None, None); 4] };
}

/// Token pairs whose levels are remembered within one comparison of two names.
const MEMO_TOKENS: usize = 8;

/// Levels of token pairs per slot, computed at most once while readings are tried; and the
/// worker's table of word pairs, which names drawn from small stocks repeat across pairs.
struct Memo<'a> {
    levels: [[[u8; 3]; MEMO_TOKENS]; MEMO_TOKENS],
    words: Option<&'a mut WordTable>,
}

const UNKNOWN: u8 = u8::MAX;

fn best_reading(
    comparator: &Comparator,
    members: &[(usize, Part)],
    words: &[Word],
    a: &NameValue,
    b: &NameValue,
    table: Option<&mut WordTable>,
) -> NameOutcome {
    let mut memo = Memo { levels: [[[UNKNOWN; 3]; MEMO_TOKENS]; MEMO_TOKENS], words: table };
    let (best, score) = best_of(comparator, members, words, a, b, &a.readings, &mut memo);
    // Given name and surname in each other's place: tried only when neither agrees as read, so
    // that a swap explains a pair only when nothing else does.
    // Two kinds of surname (-ұлы against a family surname) agree in nothing either.
    let fails = |level: u8, c: usize| {
        let compiled = &comparator.comparisons[c];
        level == compiled.else_level()
            || level == LEVEL_MISSING
            || compiled.spec.levels[usize::from(level) - 1].predicates.first() == Some(&Predicate::FatherForm)
    };
    let part_fails = |part: Part| {
        members.iter().enumerate().find(|(_, (_, p))| *p == part).is_none_or(|(k, &(c, _))| fails(best.levels[k], c))
    };
    if part_fails(Part::Surname) && part_fails(Part::Given) && a.tokens.len() > 1 {
        let swapped = readings(&a.tokens, true);
        let (alternative, alternative_score) = best_of(comparator, members, words, a, b, &swapped, &mut memo);
        if alternative_score > score + 1.0 {
            return alternative;
        }
    }
    best
}

fn best_of(
    comparator: &Comparator,
    members: &[(usize, Part)],
    words: &[Word],
    a: &NameValue,
    b: &NameValue,
    readings_a: &[Reading],
    memo: &mut Memo<'_>,
) -> (NameOutcome, f64) {
    let mut best: Option<(f64, NameOutcome)> = None;
    for x in readings_a {
        for y in b.readings.iter() {
            let outcome = compare_readings(comparator, members, words, a, b, x, y, memo);
            let mut score = -0.5 * f64::from(x.n_extra + y.n_extra);
            for (k, &(c, _)) in members.iter().enumerate() {
                score += comparator.comparisons[c].reading_score[usize::from(outcome.levels[k])];
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, outcome));
            }
        }
    }
    best.map_or((NameOutcome::MISSING, f64::NEG_INFINITY), |(s, o)| (o, s))
}

#[allow(clippy::too_many_arguments)]
fn compare_readings(
    comparator: &Comparator,
    members: &[(usize, Part)],
    words: &[Word],
    a: &NameValue,
    b: &NameValue,
    x: &Reading,
    y: &Reading,
    memo: &mut Memo<'_>,
) -> NameOutcome {
    let token = |name: &NameValue, i: Option<u8>| i.map(|i| (i, name.tokens[usize::from(i)]));
    let kazakh = |t: Option<(u8, NameToken)>| t.is_some_and(|(_, t)| !t.initial && words[t.word as usize].kazakh);
    let (sx, sy) = (token(a, x.surname), token(b, y.surname));
    let (px, py) = (token(a, x.patronymic), token(b, y.patronymic));
    // A -ұлы word (read as surname or as father's name) on one side, a family surname in another
    // form and no father's name on the other: read as the father's name, it would leave nothing of
    // either family compared, and namesakes would meet on the given name alone. It is compared
    // with the surname instead (Нурланулы and Нурланов agree; Ахметұлы and Дуйсенов do not).
    // The same when the other side gives a father's name too, but the -ұлы word is its surname in
    // Kazakh form and not its father's name (`Ержан Ахметұлы` and `Ахметов Ержан Маратович`,
    // `Ахметов Е.М.`): lists write the family surname Ахметов as Ахметұлы, and one person read so
    // agrees in his surname where, read as a son of Ахмет, he would disagree in his father.
    let stems_meet = |w: (u8, NameToken), o: (u8, NameToken), slot: Slot| {
        let (ww, wo) = (&words[w.1.word as usize], &words[o.1.word as usize]);
        !o.1.initial && slot_stems(ww, slot).iter().any(|s| slot_stems(wo, slot).contains(s))
    };
    let father_fits = |w: (u8, NameToken), o: (u8, NameToken)| {
        let (ww, wo) = (&words[w.1.word as usize], &words[o.1.word as usize]);
        if o.1.initial { initial_fits(&wo.text, &ww.text) } else { stems_meet(w, o, Slot::Father) }
    };
    let lone = |s: Option<(u8, NameToken)>,
                p: Option<(u8, NameToken)>,
                so: Option<(u8, NameToken)>,
                po: Option<(u8, NameToken)>| {
        let word = if kazakh(s) {
            s
        } else if s.is_none() && kazakh(p) {
            p
        } else {
            None
        };
        word.filter(|&w| {
            so.is_some_and(|so| {
                !kazakh(Some(so)) && po.is_none_or(|po| stems_meet(w, so, Slot::Surname) && !father_fits(w, po))
            })
        })
    };
    let ((surname_a, surname_b), (father_a, father_b)) = if kazakh(sx) && kazakh(sy) {
        ((sx, sy), (px, py))
    } else if let Some(word) = lone(sx, px, sy, py) {
        ((Some(word), sy), (px.filter(|p| p.0 != word.0), py))
    } else if let Some(word) = lone(sy, py, sx, px) {
        ((sx, Some(word)), (px, py.filter(|p| p.0 != word.0)))
    } else {
        let family = |s: Option<(u8, NameToken)>| s.filter(|_| !kazakh(s));
        let father = |p: Option<(u8, NameToken)>, s: Option<(u8, NameToken)>| p.or(s.filter(|_| kazakh(s)));
        ((family(sx), family(sy)), (father(px, sx), father(py, sy)))
    };
    let mut outcome = NameOutcome::MISSING;
    for (k, &(c, part)) in members.iter().enumerate().take(4) {
        let (ta, tb, slot) = match part {
            Part::Surname => (surname_a, surname_b, Slot::Surname),
            Part::Given => (token(a, x.given), token(b, y.given), Slot::Given),
            Part::Patronymic | Part::Whole => (father_a, father_b, Slot::Father),
        };
        outcome.tokens[k] = (ta.map(|t| t.1), tb.map(|t| t.1));
        let (Some((i, ta)), Some((j, tb))) = (ta, tb) else { continue };
        let (i, j) = (usize::from(i), usize::from(j));
        let compiled = &comparator.comparisons[c];
        let level_of = |memo: &mut Memo<'_>| match memo.words.as_deref_mut() {
            Some(table) => table.level(c, slot, ta, tb, || token_level(compiled, words, ta, tb, slot)),
            None => token_level(compiled, words, ta, tb, slot),
        };
        let level = if i < MEMO_TOKENS && j < MEMO_TOKENS {
            if memo.levels[i][j][slot as usize] == UNKNOWN {
                memo.levels[i][j][slot as usize] = level_of(memo);
            }
            memo.levels[i][j][slot as usize]
        } else {
            level_of(memo)
        };
        outcome.levels[k] = level;
        if level != compiled.else_level() {
            let primary = |t: NameToken| slot_stems(&words[t.word as usize], slot)[0];
            outcome.stems[k] = Some((primary(ta), primary(tb)));
        }
    }
    outcome
}

fn slot_stems(w: &Word, slot: Slot) -> &[u32] {
    match slot {
        Slot::Surname => &w.surname_stems,
        Slot::Father => &w.father_stems,
        Slot::Given => std::slice::from_ref(&w.given_stem),
    }
}

fn token_level(compiled: &Compiled, words: &[Word], a: NameToken, b: NameToken, slot: Slot) -> u8 {
    let (wa, wb) = (&words[a.word as usize], &words[b.word as usize]);
    let full = !a.initial && !b.initial;
    let mut measures = Measures::new(compiled, (&wa.plain, &wa.skeleton), (&wb.plain, &wb.skeleton), true);
    // Two different common given names (Алексей and Александр, Нұржан and Нұрлан) are two names,
    // however alike: no similarity level holds for them, as in the `names` engine's score; so too
    // surnames and fathers' names made of two such names (Нұржанов and Нұрланов).
    // Looked up only once a similarity level is reached (most pairs stop at `exact`).
    let mut similar = None;
    let mut similar = || {
        *similar.get_or_insert_with(|| {
            full && !match slot {
                Slot::Given => are_different_names(&wa.skeleton, &wb.skeleton),
                Slot::Surname => wa
                    .surname_name
                    .as_deref()
                    .zip(wb.surname_name.as_deref())
                    .is_some_and(|(x, y)| are_different_names(x, y)),
                Slot::Father => wa
                    .father_name
                    .as_deref()
                    .zip(wb.father_name.as_deref())
                    .is_some_and(|(x, y)| are_different_names(x, y)),
            }
        })
    };
    for (l, level) in compiled.spec.levels.iter().enumerate() {
        let holds = level.predicates.iter().any(|p| match *p {
            Predicate::Exact => a.word == b.word && a.initial == b.initial,
            Predicate::Transliterated => {
                full && (wa.skeleton == wb.skeleton
                    || slot_stems(wa, slot).iter().any(|s| slot_stems(wb, slot).contains(s)))
            }
            Predicate::JaroWinkler(t) => similar() && measures.jaro_winkler() >= t,
            Predicate::DamerauLevenshtein(d) => {
                let d = usize::from(d);
                similar() && wa.plain.len().min(wb.plain.len()) > 2 * d && measures.edits().is_some_and(|e| e <= d)
            }
            Predicate::Initials => (a.initial || b.initial) && initial_fits(&wa.text, &wb.text),
            Predicate::FatherForm => full && slot == Slot::Surname && wa.kazakh != wb.kazakh,
            _ => false,
        });
        if holds {
            return (l + 1) as u8;
        }
    }
    compiled.else_level()
}

/// What each comparison compared, as text, for explanations: (left, right) per comparison.
pub(crate) fn describe(comparator: &Comparator, data: &Prepared, x: usize, y: usize) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new()); comparator.n_comparisons()];
    for (c, compiled) in comparator.comparisons.iter().enumerate() {
        let field = &data.fields[compiled.field];
        let show = |record: usize| -> String {
            let v = field.values[record];
            if v == MISSING {
                return String::new();
            }
            match &field.data {
                FieldData::Text(texts) => texts[v as usize].text.to_string(),
                FieldData::Date(dates) => dates[v as usize].text.to_string(),
                FieldData::Name { names, .. } => names[v as usize].display.to_string(),
            }
        };
        out[c] = (show(x), show(y));
    }
    for (field_index, members) in &comparator.name_groups {
        let field = &data.fields[*field_index];
        let FieldData::Name { names, words, .. } = &field.data else { continue };
        let (a, b) = (field.values[x], field.values[y]);
        if a == MISSING || b == MISSING {
            continue;
        }
        let best = best_reading(comparator, members, words, &names[a as usize], &names[b as usize], None);
        for (k, &(c, _)) in members.iter().enumerate() {
            let show = |t: Option<NameToken>| {
                t.map_or(String::new(), |t| {
                    let text = &words[t.word as usize].text;
                    if t.initial { format!("{text}.") } else { text.to_string() }
                })
            };
            out[c] = (show(best.tokens[k].0), show(best.tokens[k].1));
        }
    }
    out
}

/// Whether a record identifies its person weakly: its name (or given name) is only an initial.
pub(crate) fn is_weak(data: &Prepared, record: usize) -> bool {
    data.fields.iter().any(|field| {
        let v = field.values[record];
        if v == MISSING {
            return false;
        }
        match (&field.data, field.kind) {
            (FieldData::Name { names, .. }, _) => names[v as usize].weak,
            (FieldData::Text(texts), FieldKind::GivenName) => texts[v as usize].initial,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[track_caller]
    fn check_typing_form(plain: &str, expect: Option<&str>) {
        assert_eq!(typing_form(plain, &mut [0; TYPING_MAX]), expect, "{plain}");
    }

    #[test]
    fn typing_forms_make_one_sound_one_letter() {
        check_typing_form("darxan", Some("darhan"));
        check_typing_form("darkhan", Some("darhan"));
        check_typing_form("qanat", Some("kanat"));
        check_typing_form("zhanar", Some("janar"));
        check_typing_form("janar", Some("janar"));
        check_typing_form("qaat", Some("kaat"));
        // Not plain ASCII: no typing form (the skeleton compares it).
        check_typing_form("süleymenov", None);
    }

    proptest! {
        /// Words without the letters it unifies (q, x, kh, zh) are their own typing form.
        #[test]
        fn typing_form_leaves_other_words_alone(word in "[abcdefgilmnoprstuvwy]{0,12}") {
            let mut out = [0; TYPING_MAX];
            prop_assert_eq!(typing_form(&word, &mut out), Some(word.as_str()));
        }
    }

    #[test]
    fn initials_across_scripts() {
        assert!(initial_fits("е", "ерлан"));
        assert!(initial_fits("e", "ерлан"));
        assert!(initial_fits("y", "ерлан"));
        assert!(initial_fits("ж", "zhandos"));
        assert!(!initial_fits("и", "юрий"));
        assert!(!initial_fits("а", "ерлан"));
    }
}
