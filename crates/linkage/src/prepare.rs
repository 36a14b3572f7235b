//! Preparing records: every field of every record becomes a small integer id of a distinct value,
//! and each distinct value is analysed once into compact features (normalised text, skeleton,
//! stems, parsed dates, parsed names). Comparing two records then never allocates.
//!
//! Names come from small stocks of words, so 1,000,000 records hold far fewer distinct values; the
//! analysis runs on distinct values only, in parallel, each worker with its own name lexicon.

use std::collections::HashMap;

use names::parse::{Lexicon, Role};
use rayon::prelude::*;

use crate::Error;
use crate::input::Source;
use crate::place;
use crate::settings::{AtFallback, FieldKind, FieldSpec};

/// The id of a missing value.
pub(crate) const MISSING: u32 = u32::MAX;

type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// All records, prepared.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The source of each record (records are numbered source by source).
    pub(crate) source_of: Vec<u32>,
    /// Where each source's records start.
    pub(crate) source_starts: Vec<usize>,
    /// The fields, in settings order.
    pub(crate) fields: Vec<PreparedField>,
}

impl Prepared {
    pub(crate) fn n_records(&self) -> usize {
        self.source_of.len()
    }
}

/// One field of every record.
#[derive(Debug)]
pub(crate) struct PreparedField {
    pub(crate) kind: FieldKind,
    /// Per record: the id of its value, or [`MISSING`].
    pub(crate) values: Vec<u32>,
    /// Per value id: how many records hold it.
    pub(crate) counts: Vec<u32>,
    /// Per stem id: how many records hold a value with that stem (names and places).
    pub(crate) stem_counts: Vec<u32>,
    /// How many records have the field.
    pub(crate) n_present: u32,
    pub(crate) data: FieldData,
}

/// The analysed distinct values of a field.
#[derive(Debug)]
pub(crate) enum FieldData {
    Text(Vec<TextValue>),
    Name {
        names: Vec<NameValue>,
        words: Vec<Word>,
        /// The text of each stem id (skeleton letters).
        stems: Vec<Box<str>>,
    },
    Date(Vec<DateValue>),
}

/// A single-text value: a name word, a place, a code, free text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextValue {
    /// Normalised text (codes: trimmed only).
    pub(crate) text: Box<str>,
    /// Plain Latin before folding (names, places); otherwise the text.
    pub(crate) plain: Box<str>,
    /// The skeleton (names, places); otherwise the text.
    pub(crate) skeleton: Box<str>,
    /// The skeleton's id (among the field's stems), so that equality is one integer comparison.
    pub(crate) skeleton_id: u32,
    /// Stem ids: conventional stems of a name, the main word of a place; the first is the term
    /// whose frequency adjusts transliterated agreement.
    pub(crate) stems: Box<[u32]>,
    /// Skeletons of the words of three or more letters (stem ids), for `shared-word`.
    pub(crate) words: Box<[u32]>,
    /// Written as a single letter (an initial).
    pub(crate) initial: bool,
    /// Places: the region of Kazakhstan it lies in (`place::region`), 0 for none or not a place.
    pub(crate) region: u8,
}

/// A distinct word of a person-name field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub(crate) text: Box<str>,
    pub(crate) plain: Box<str>,
    pub(crate) skeleton: Box<str>,
    /// The word read as a surname: stem readings (stem ids).
    pub(crate) surname_stems: Box<[u32]>,
    /// The word read as a father's name: patronymic stem readings, or the word itself.
    pub(crate) father_stems: Box<[u32]>,
    /// The word read as a given name: its conventional form (stem id).
    pub(crate) given_stem: u32,
    /// The stem read as a surname and as a father's name, each kept only when it is a common
    /// given name (`Нұржанов`: `nurjan`): two such stems that are different names are two
    /// families or two fathers, however alike (`Нұржанов`, `Нұрланов`).
    pub(crate) surname_name: Option<Box<str>>,
    pub(crate) father_name: Option<Box<str>>,
    /// A -ұлы/-қызы form: as a surname it names the father.
    pub(crate) kazakh: bool,
    /// The gender its suffix marks (-ович, -ова, -қызы ...), if any.
    pub(crate) gender: Option<names::morph::Gender>,
}

/// One word of a parsed name, in its role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NameToken {
    pub(crate) word: u32,
    pub(crate) role: Role,
    pub(crate) initial: bool,
}

/// A parsed person name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameValue {
    /// What was written, for explanations.
    pub(crate) display: Box<str>,
    pub(crate) tokens: Box<[NameToken]>,
    /// The name engine's blocking keys ([`names::keys::blocking_keys`]), hashed; computed only for
    /// fields that a blocking rule keys on this way.
    pub(crate) keys: Box<[u64]>,
    /// The stems of its full words for word keys (stem ids, sorted, without duplicates): the
    /// surname reading of each word that is not a patronymic.
    pub(crate) pair_words: Box<[u32]>,
    /// The readings of its words in roles ([`crate::compare::readings`]).
    pub(crate) readings: Box<[crate::compare::Reading]>,
    /// Only an initial stands for the given name (`Серикбаев Е.С.`): the name identifies weakly.
    pub(crate) weak: bool,
}

/// A date, partial date, or a range of years from an age.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateValue {
    /// What was written, for explanations.
    pub(crate) text: Box<str>,
    /// The digits as `YYYYMMDD` (`YYYYMM`, `YYYY` when partial; empty for an age).
    pub(crate) digits: Box<str>,
    /// Month and day, 0 when unknown.
    pub(crate) month: u8,
    pub(crate) day: u8,
    /// Days since 1970-01-01, for complete valid dates.
    pub(crate) days: Option<i32>,
    /// The possible years, inclusive.
    pub(crate) years: (i32, i32),
    /// Known only roughly: a year or month only, an age, or 1 January (written when only the
    /// year is known).
    pub(crate) partial: bool,
}

/// Prepares every field of every source.
pub(crate) fn prepare(sources: &[Source], fields: &[FieldSpec], name_keys: &[&str]) -> Result<Prepared, Error> {
    let n_records: usize = sources.iter().map(Source::n_records).sum();
    if n_records >= MISSING as usize {
        return Err(Error::TooManyRecords { n_records, limit: MISSING as usize - 1 });
    }
    let mut source_of = Vec::with_capacity(n_records);
    let mut source_starts = Vec::with_capacity(sources.len() + 1);
    for (s, source) in sources.iter().enumerate() {
        source_starts.push(source_of.len());
        source_of.extend(std::iter::repeat_n(s as u32, source.n_records()));
    }
    source_starts.push(n_records);
    // Check columns first, so that a missing column is reported before any work.
    for source in sources {
        for field in fields {
            for column in columns_of(field) {
                let values = source.column(column).ok_or_else(|| Error::MissingColumn {
                    source_name: source.name.clone(),
                    column: column.to_owned(),
                    field: field.name.clone(),
                })?;
                if values.len() != source.n_records() {
                    return Err(Error::ColumnLength {
                        source_name: source.name.clone(),
                        column: column.to_owned(),
                        n_values: values.len(),
                        n_records: source.n_records(),
                    });
                }
            }
        }
    }
    let mut prepared: Vec<PreparedField> = fields
        .par_iter()
        .map(|field| prepare_field(sources, field, name_keys.contains(&field.name.as_str())))
        .collect::<Result<Vec<_>, _>>()?;
    for (g, spec) in fields.iter().enumerate() {
        if let Some(name_field) = &spec.gender_from {
            let n = fields.iter().position(|f| &f.name == name_field && f.kind == FieldKind::PersonName).ok_or_else(
                || Error::UnknownField {
                    context: format!("field `{}` (gender_from, a person-name field)", spec.name),
                    field: name_field.clone(),
                },
            )?;
            let (names_field, gender_field) = if n < g {
                let (left, right) = prepared.split_at_mut(g);
                (&left[n], &mut right[0])
            } else {
                let (left, right) = prepared.split_at_mut(n);
                (&right[0], &mut left[g])
            };
            infer_gender(gender_field, names_field);
        }
    }
    Ok(Prepared { source_of, source_starts, fields: prepared })
}

/// Fills empty genders from the suffixes of the names (a surname or patronymic that marks one
/// gender, and no word that marks the other).
fn infer_gender(gender: &mut PreparedField, name: &PreparedField) {
    let (FieldData::Text(texts), FieldData::Name { names, words, .. }) = (&mut gender.data, &name.data) else { return };
    let mut id_of = |code: &str, texts: &mut Vec<TextValue>| -> u32 {
        if let Some(i) = texts.iter().position(|t| &*t.text == code) {
            return i as u32;
        }
        texts.push(TextValue {
            text: code.into(),
            plain: code.into(),
            skeleton: code.into(),
            skeleton_id: u32::MAX,
            stems: Box::new([]),
            words: Box::new([]),
            initial: false,
            region: 0,
        });
        gender.counts.push(0);
        (texts.len() - 1) as u32
    };
    let male = id_of("m", texts);
    let female = id_of("f", texts);
    for (record, value) in gender.values.iter_mut().enumerate() {
        let name_value = name.values[record];
        if *value != MISSING || name_value == MISSING {
            continue;
        }
        let marked: Vec<names::morph::Gender> = names[name_value as usize]
            .tokens
            .iter()
            .filter(|t| !t.initial && t.role != Role::Given)
            .filter_map(|t| words[t.word as usize].gender)
            .collect();
        let inferred = match marked.first() {
            Some(first) if marked.iter().all(|g| g == first) => *first,
            _ => continue,
        };
        *value = if inferred == names::morph::Gender::Male { male } else { female };
        gender.counts[*value as usize] += 1;
        gender.n_present += 1;
    }
}

/// The columns a field reads, main column first.
fn columns_of(field: &FieldSpec) -> Vec<&str> {
    let mut columns = vec![field.column.as_str()];
    if let Some(parts) = &field.parts {
        columns.extend([&parts.surname, &parts.given, &parts.patronymic].into_iter().flatten().map(String::as_str));
    }
    if let Some(age) = &field.age {
        columns.extend([age.age.as_str(), age.at.as_str()]);
    }
    columns
}

/// Separates the pieces of a composite raw key; never typed in a name.
const SEPARATOR: char = '\u{1f}';

/// The columns one source gives a field, looked up once.
struct FieldColumns<'a> {
    main: &'a [String],
    parts: Option<[Option<&'a [String]>; 3]>,
    age: Option<(&'a [String], &'a [String])>,
    /// The dates an age without its own date is referred to: the first and last of a range.
    at_fallback: Option<(&'a str, &'a str)>,
}

impl<'a> FieldColumns<'a> {
    fn of(source: &'a Source, field: &FieldSpec, at_fallback: Option<(&'a str, &'a str)>) -> FieldColumns<'a> {
        let column = |name: &str| source.column(name).unwrap_or(&[]);
        FieldColumns {
            main: column(&field.column),
            parts: field
                .parts
                .as_ref()
                .map(|parts| [&parts.surname, &parts.given, &parts.patronymic].map(|c| c.as_deref().map(column))),
            age: field.age.as_ref().map(|age| (column(&age.age), column(&age.at))),
            at_fallback,
        }
    }

    /// The raw key of one record's field into `out`: its text, or its parts joined; false when
    /// empty.
    fn raw_key(&self, row: usize, out: &mut String) -> bool {
        out.clear();
        let cell = |values: &'a [String]| values.get(row).map_or("", |v| v.trim());
        let main = cell(self.main);
        if let Some(parts) = &self.parts {
            let pieces = parts.map(|c| c.map_or("", cell));
            if main.is_empty() && pieces.iter().all(|p| p.is_empty()) {
                return false;
            }
            out.push_str(main);
            for piece in pieces {
                out.push(SEPARATOR);
                out.push_str(piece);
            }
            return true;
        }
        if main.is_empty() {
            if let Some((age, at)) = self.age {
                let (years, at) = (cell(age), cell(at));
                if !years.is_empty() && !at.is_empty() {
                    out.push(SEPARATOR);
                    out.push_str(years);
                    out.push(SEPARATOR);
                    out.push_str(at);
                    return true;
                }
                if let (false, Some((first, last))) = (years.is_empty(), self.at_fallback) {
                    // Three pieces: an age at some date from `first` to `last`.
                    for piece in [years, first, last] {
                        out.push(SEPARATOR);
                        out.push_str(piece);
                    }
                    return true;
                }
            }
            return false;
        }
        out.push_str(main);
        true
    }
}

/// A distinct value analysed, before its stems and words get ids.
enum Analysed {
    Text { text: String, plain: String, skeleton: String, stems: Vec<String>, words: Vec<String>, initial: bool },
    Name { display: String, tokens: Vec<(names::parse::Token, Role)>, keys: Vec<u64>, weak: bool },
    Date(DateValue),
}

impl Analysed {
    /// The normalised key: two raw values with the same key are the same value.
    fn key(&self, key: &mut String) {
        key.clear();
        match self {
            Analysed::Text { text, .. } => key.push_str(text),
            Analysed::Name { tokens, .. } => {
                for (token, role) in tokens {
                    key.push_str(&token.text);
                    key.push(if token.initial { '.' } else { ' ' });
                    key.push(match role {
                        Role::Given => 'g',
                        Role::Patronymic => 'p',
                        Role::Surname => 's',
                        Role::SurnameOrPatronymic => 'k',
                        Role::Unknown => 'u',
                    });
                    key.push(SEPARATOR);
                }
            }
            Analysed::Date(date) => {
                use std::fmt::Write as _;
                let _ = write!(key, "{}{SEPARATOR}{}{SEPARATOR}{:?}", date.digits, date.text, date.years);
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Analysed::Text { text, .. } => text.is_empty(),
            Analysed::Name { tokens, .. } => tokens.is_empty(),
            Analysed::Date(_) => false,
        }
    }
}

/// Share of a list's dates left out at each end of the range an age without its date is referred
/// to: a few stray dates (a death reported weeks later, a typing error in a year) do not widen it.
const AT_FALLBACK_TAIL: f64 = 0.1;

/// Per source, the range of dates (as written) that an age without its `at` date is referred to
/// under [`AtFallback::Median`]: the middle of the source's own `at` dates, or of all sources' when
/// it has none. `None` when the field has no such fallback or no source has a date.
fn at_fallbacks(sources: &[Source], field: &FieldSpec) -> Vec<Option<(String, String)>> {
    let Some(age) = field.age.as_ref().filter(|a| a.at_fallback == AtFallback::Median) else {
        return Vec::new();
    };
    // Dates that parse, ordered by their earliest year and their digits (YYYYMMDD, or shorter).
    let dated = |source: &Source| -> Vec<((i32, Box<str>), String)> {
        let mut dates: Vec<_> = source
            .column(&age.at)
            .unwrap_or(&[])
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .filter_map(|v| analyse_date(v).ok().map(|d| ((d.years.0, d.digits), v.to_owned())))
            .collect();
        dates.sort_unstable();
        dates
    };
    let middle = |dates: &[((i32, Box<str>), String)]| -> Option<(String, String)> {
        if dates.is_empty() {
            return None;
        }
        let last = dates.len() - 1;
        let lo = (last as f64 * AT_FALLBACK_TAIL).round() as usize;
        let hi = (last as f64 * (1.0 - AT_FALLBACK_TAIL)).round() as usize;
        Some((dates[lo].1.clone(), dates[hi].1.clone()))
    };
    let per_source: Vec<Vec<_>> = sources.iter().map(dated).collect();
    let mut all: Vec<_> = per_source.iter().flatten().cloned().collect();
    all.sort_unstable();
    let overall = middle(&all);
    per_source.iter().map(|dates| middle(dates).or_else(|| overall.clone())).collect()
}

fn prepare_field(sources: &[Source], field: &FieldSpec, name_keys: bool) -> Result<PreparedField, Error> {
    // 1. Raw keys to raw ids, record by record.
    let mut raw_ids: Map<Box<str>, u32> = Map::default();
    let mut raw_keys: Vec<Box<str>> = Vec::new();
    let mut first_seen: Vec<(usize, usize)> = Vec::new();
    let mut record_raw: Vec<u32> = Vec::with_capacity(sources.iter().map(Source::n_records).sum());
    let mut buffer = String::new();
    let fallbacks = at_fallbacks(sources, field);
    for (s, source) in sources.iter().enumerate() {
        let fallback = fallbacks.get(s).and_then(|f| f.as_ref()).map(|(a, b)| (a.as_str(), b.as_str()));
        let columns = FieldColumns::of(source, field, fallback);
        for row in 0..source.n_records() {
            let id = if !columns.raw_key(row, &mut buffer) {
                MISSING
            } else if let Some(&id) = raw_ids.get(buffer.as_str()) {
                id
            } else {
                let id = raw_keys.len() as u32;
                raw_ids.insert(buffer.as_str().into(), id);
                raw_keys.push(buffer.as_str().into());
                first_seen.push((s, row));
                id
            };
            record_raw.push(id);
        }
    }
    drop(raw_ids);
    // 2. Each distinct raw value analysed once, in parallel; a lexicon per worker.
    let analysed: Vec<Result<Analysed, String>> =
        raw_keys.par_iter().map_init(Lexicon::new, |lexicon, key| analyse(field, key, lexicon, name_keys)).collect();
    // 3. Normalised keys to value ids; stems and words to stem ids.
    let mut value_ids: Map<Box<str>, u32> = Map::default();
    let mut raw_to_value: Vec<u32> = Vec::with_capacity(raw_keys.len());
    let mut stems = Interner::default();
    let mut texts = Vec::new();
    let mut name_values = Vec::new();
    let mut dates = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut word_ids: Map<Box<str>, u32> = Map::default();
    for (raw, result) in analysed.into_iter().enumerate() {
        let analysed = result.map_err(|problem| {
            let (s, row) = first_seen[raw];
            let source = &sources[s];
            // The column that failed: the age columns when the main one is empty.
            let column = match &field.age {
                Some(age) if raw_keys[raw].starts_with(SEPARATOR) => format!("{}/{}", age.age, age.at),
                _ => field.column.clone(),
            };
            Error::BadValue {
                source_name: source.name.clone(),
                record_index: row + 1,
                record_id: source.record_ids[row].clone(),
                column,
                problem,
            }
        })?;
        if analysed.is_empty() {
            raw_to_value.push(MISSING);
            continue;
        }
        analysed.key(&mut buffer);
        if let Some(id) = value_ids.get(buffer.as_str()) {
            raw_to_value.push(*id);
            continue;
        }
        let id = value_ids.len() as u32;
        value_ids.insert(buffer.as_str().into(), id);
        raw_to_value.push(id);
        match analysed {
            Analysed::Text { text, plain, skeleton, stems: value_stems, words: value_words, initial } => {
                let region = if field.kind == FieldKind::Place { place::region(&text) } else { 0 };
                texts.push(TextValue {
                    region,
                    skeleton_id: stems.id(&skeleton),
                    text: text.into(),
                    plain: plain.into(),
                    skeleton: skeleton.into(),
                    stems: value_stems.iter().map(|s| stems.id(s)).collect(),
                    words: value_words.iter().map(|w| stems.id(w)).collect(),
                    initial,
                });
            }
            Analysed::Name { display, tokens, keys, weak } => {
                let tokens: Box<[NameToken]> = tokens
                    .iter()
                    .map(|(token, role)| {
                        let word = match word_ids.get(token.text.as_str()) {
                            Some(&word) => word,
                            None => {
                                words.push(word_of(token, &mut stems));
                                let word = (words.len() - 1) as u32;
                                word_ids.insert(token.text.as_str().into(), word);
                                word
                            }
                        };
                        NameToken { word, role: *role, initial: token.initial }
                    })
                    .collect();
                name_values.push(NameValue {
                    display: display.into(),
                    keys: keys.into(),
                    pair_words: pair_words(&tokens, &words, &stems),
                    readings: crate::compare::readings(&tokens, false).into(),
                    tokens,
                    weak,
                });
            }
            Analysed::Date(date) => dates.push(date),
        }
    }
    let values: Vec<u32> =
        record_raw.iter().map(|&raw| if raw == MISSING { MISSING } else { raw_to_value[raw as usize] }).collect();
    let data = match field.kind {
        FieldKind::PersonName => FieldData::Name { names: name_values, words, stems: std::mem::take(&mut stems.texts) },
        FieldKind::Date => FieldData::Date(dates),
        _ => FieldData::Text(texts),
    };
    let n_values = value_ids.len();
    let mut counts = vec![0u32; n_values];
    for &value in &values {
        if value != MISSING {
            counts[value as usize] += 1;
        }
    }
    // Stem frequencies: each record counts once per distinct stem of its value.
    let mut stem_counts = vec![0u32; stems.len()];
    match &data {
        FieldData::Text(texts) => {
            for (text, &count) in texts.iter().zip(&counts) {
                if let Some(&stem) = text.stems.first() {
                    stem_counts[stem as usize] += count;
                }
            }
        }
        FieldData::Name { names, words, .. } => {
            let mut value_stems: Vec<u32> = Vec::new();
            for (name, &count) in names.iter().zip(&counts) {
                value_stems.clear();
                for token in name.tokens.iter().filter(|t| !t.initial) {
                    let word = &words[token.word as usize];
                    value_stems.extend(word.surname_stems.first());
                    value_stems.extend(word.father_stems.first());
                    value_stems.push(word.given_stem);
                }
                value_stems.sort_unstable();
                value_stems.dedup();
                for &stem in &value_stems {
                    stem_counts[stem as usize] += count;
                }
            }
        }
        FieldData::Date(_) => {}
    }
    let n_present = counts.iter().sum();
    Ok(PreparedField { kind: field.kind, values, counts, stem_counts, n_present, data })
}

/// Gives each distinct string an id.
#[derive(Default)]
struct Interner {
    ids: Map<String, u32>,
    texts: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(text.to_owned(), id);
        self.texts.push(text.into());
        id
    }

    fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A stem kept when it is a common given name ([`Word::surname_name`]).
fn known_name(stem: &str) -> Option<Box<str>> {
    names::given_names::is_known_name(stem).then(|| stem.into())
}

fn word_of(token: &names::parse::Token, stems: &mut Interner) -> Word {
    let readings = |stem: &names::morph::Stem, stems: &mut Interner| -> Box<[u32]> {
        let mut ids: Vec<u32> = Vec::new();
        for reading in std::iter::once(names::morph::conventional(&stem.stem)).chain(stem.readings()) {
            let id = stems.id(reading);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids.into()
    };
    let kazakh = token.patronymic.as_ref().is_some_and(|p| p.form == names::morph::Form::Kazakh);
    let gender = token.patronymic.as_ref().and_then(|p| p.gender).or(token.surname.gender);
    Word {
        text: token.text.as_str().into(),
        plain: token.plain.as_str().into(),
        skeleton: token.skeleton.as_str().into(),
        surname_stems: readings(&token.surname, stems),
        father_stems: readings(token.father_stem(), stems),
        given_stem: stems.id(names::morph::conventional(&token.skeleton)),
        surname_name: known_name(&token.surname.stem),
        father_name: known_name(&token.father_stem().stem),
        kazakh,
        gender,
    }
}

/// Analyses one distinct raw value of a field.
fn analyse(field: &FieldSpec, raw: &str, lexicon: &mut Lexicon, name_keys: bool) -> Result<Analysed, String> {
    match field.kind {
        FieldKind::PersonName => Ok(analyse_name(raw, lexicon, name_keys)),
        FieldKind::Date => analyse_date(raw).map(Analysed::Date),
        FieldKind::GivenName | FieldKind::Surname | FieldKind::Patronymic => Ok(analyse_name_word(field.kind, raw)),
        FieldKind::Place => Ok(analyse_place(raw)),
        FieldKind::Gender => analyse_gender(raw),
        FieldKind::Exact | FieldKind::Numeric | FieldKind::Postcode => {
            let text = raw.trim().to_owned();
            Ok(Analysed::Text {
                plain: text.clone(),
                skeleton: text.clone(),
                stems: vec![text.clone()],
                words: Vec::new(),
                initial: false,
                text,
            })
        }
        FieldKind::String => {
            let text = names::normalize::normalize(raw);
            let words = text.split(' ').filter(|w| w.chars().count() >= 3).map(str::to_owned).collect();
            Ok(Analysed::Text {
                plain: text.clone(),
                skeleton: text.clone(),
                stems: vec![text.clone()],
                words,
                initial: false,
                text,
            })
        }
    }
}

fn analyse_name_word(kind: FieldKind, raw: &str) -> Analysed {
    let text = names::normalize::normalize(raw);
    let joined: String = text.split(' ').collect();
    let plain = names::skeleton::plain_latin(&joined);
    let skeleton = names::skeleton::fold_plain(&plain);
    let initial = joined.chars().count() == 1;
    let mut stems: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !stems.iter().any(|x| x == s) {
            stems.push(s.to_owned());
        }
    };
    match kind {
        FieldKind::Surname => {
            let stem = names::morph::surname(&skeleton);
            push(names::morph::conventional(&stem.stem));
            stem.readings().for_each(&mut push);
        }
        FieldKind::Patronymic => match names::morph::patronymic(&skeleton) {
            Some(stem) => {
                push(names::morph::conventional(&stem.stem));
                stem.readings().for_each(&mut push);
            }
            None => push(names::morph::conventional(&skeleton)),
        },
        _ => push(names::morph::conventional(&skeleton)),
    }
    Analysed::Text { text, plain, skeleton, stems, words: Vec::new(), initial }
}

fn analyse_place(raw: &str) -> Analysed {
    let text = names::normalize::normalize(raw);
    // The place proper is what comes before the first comma (`Almaty, Abai Avenue`).
    let head = names::normalize::normalize(raw.split(',').next().unwrap_or(""));
    let plain: String =
        head.split(' ').filter(|w| !place::is_generic_word(w)).map(names::skeleton::plain_latin).collect();
    let skeleton = place::key(raw).unwrap_or_default();
    let words = text
        .split(' ')
        .filter(|w| !place::is_generic_word(w))
        .map(names::skeleton::token_skeleton)
        .filter(|w| w.len() >= 3)
        .collect();
    let stems = if skeleton.is_empty() { Vec::new() } else { vec![skeleton.clone()] };
    Analysed::Text { text, plain, skeleton, stems, words, initial: false }
}

fn analyse_gender(raw: &str) -> Result<Analysed, String> {
    let text = names::normalize::normalize(raw);
    let code = match text.as_str() {
        "m" | "male" | "man" | "м" | "муж" | "мужской" | "ер" | "еркек" => "m",
        "f" | "female" | "woman" | "w" | "ж" | "жен" | "женский" | "әйел" => "f",
        "" => "",
        other => return Err(format!("`{other}` is not a gender (expected m or f)")),
    };
    Ok(Analysed::Text {
        text: code.to_owned(),
        plain: code.to_owned(),
        skeleton: code.to_owned(),
        stems: vec![code.to_owned()],
        words: Vec::new(),
        initial: false,
    })
}

/// Parses a full name, or its separate parts when the settings give part columns: words of a
/// part take that part's role.
fn analyse_name(raw: &str, lexicon: &mut Lexicon, name_keys: bool) -> Analysed {
    let mut pieces = raw.split(SEPARATOR);
    let full = pieces.next().unwrap_or("");
    let parts: Vec<&str> = pieces.collect();
    let mut tokens: Vec<(names::parse::Token, Role)> = Vec::new();
    let has_parts = parts.len() == 3 && (!parts[0].is_empty() || !parts[1].is_empty());
    if has_parts {
        for (text, role) in parts.iter().zip([Role::Surname, Role::Given, Role::Patronymic]) {
            for token in lexicon.parse(text).tokens {
                tokens.push((token, role));
            }
        }
    } else {
        let text = if full.is_empty() { parts.join(" ") } else { full.to_owned() };
        for token in lexicon.parse(&text).tokens {
            let role = token.role;
            tokens.push((token, role));
        }
    }
    // Weak: every word that could be the given name is an initial.
    let could_be_given =
        |(token, role): &(names::parse::Token, Role)| !token.initial && matches!(role, Role::Given | Role::Unknown);
    let weak = !tokens.is_empty()
        && !tokens.iter().any(could_be_given)
        && tokens.iter().any(|(t, r)| t.initial && matches!(r, Role::Given | Role::Unknown));
    let display = if full.is_empty() { parts.join(" ").trim().to_owned() } else { full.to_owned() };
    let parsed = names::parse::ParsedName {
        tokens: tokens.iter().map(|(token, role)| names::parse::Token { role: *role, ..token.clone() }).collect(),
    };
    let keys = if name_keys {
        names::keys::blocking_keys(&parsed).iter().map(|key| crate::blocking::hash_text(key)).collect()
    } else {
        Vec::new()
    };
    Analysed::Name { display, tokens, keys, weak }
}

/// Words of a name that word keys use, at most.
const PAIR_WORDS: usize = 4;

/// The stems of a name's full words for word keys ([`NameValue::pair_words`]).
fn pair_words(tokens: &[NameToken], words: &[Word], stems: &Interner) -> Box<[u32]> {
    let mut out: Vec<u32> = Vec::with_capacity(tokens.len());
    for token in tokens.iter().filter(|t| !t.initial && t.role != Role::Patronymic) {
        let stem = words[token.word as usize].surname_stems[0];
        if stems.text(stem).len() >= 2 && !out.contains(&stem) && out.len() < PAIR_WORDS {
            out.push(stem);
        }
    }
    out.sort_unstable();
    out.into()
}

/// Parses a date: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`, `DD.MM.YYYY`, `YYYY/MM/DD`; or an
/// age at a date (raw keys starting with the separator). Month and day outside the calendar are
/// kept as digits (registers mistype them), but give no day count.
fn analyse_date(raw: &str) -> Result<DateValue, String> {
    if let Some(rest) = raw.strip_prefix(SEPARATOR) {
        // `age SEP at`, or `age SEP first SEP last` for an age referred to a range of dates.
        let mut pieces = rest.split(SEPARATOR);
        let age = pieces.next().unwrap_or("");
        let years: i32 = age
            .trim()
            .parse()
            .ok()
            .filter(|a| (0..=150).contains(a))
            .ok_or_else(|| format!("`{age}` is not an age in years"))?;
        let at = analyse_date(pieces.next().unwrap_or(""))?;
        let (last, text) = match pieces.next() {
            Some(last) => {
                let last = analyse_date(last)?;
                let text = if last.text == at.text {
                    format!("age {years} at about {}", at.text)
                } else {
                    format!("age {years} at about {} to {}", at.text, last.text)
                };
                (last, text)
            }
            None => (at.clone(), format!("age {years} at {}", at.text)),
        };
        let lo = at.years.0 - years - 1;
        let hi = last.years.1 - years;
        return Ok(DateValue {
            text: text.into(),
            digits: "".into(),
            month: 0,
            day: 0,
            days: None,
            years: (lo, hi),
            partial: true,
        });
    }
    let text = raw.trim();
    let bad = || format!("`{text}` is not a date (expected YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYY or DD.MM.YYYY)");
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(|p| all_digits(p)) {
        return Err(bad());
    }
    let (year, month, day) = match parts[..] {
        [ymd] if ymd.len() == 8 => (&ymd[0..4], &ymd[4..6], &ymd[6..8]),
        [y] if y.len() == 4 => (y, "", ""),
        [y, m] if y.len() == 4 && m.len() <= 2 => (y, m, ""),
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (y, m, d),
        [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (y, m, d),
        _ => return Err(bad()),
    };
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (y, m, d) = (number(year) as i32, number(month), number(day));
    if m > 99 || d > 99 {
        return Err(bad());
    }
    let digits = match (month.is_empty(), day.is_empty()) {
        (true, _) => format!("{y:04}"),
        (false, true) => format!("{y:04}{m:02}"),
        (false, false) => format!("{y:04}{m:02}{d:02}"),
    };
    let valid = (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
    let days = (valid && !day.is_empty()).then(|| days_from_civil(y, m, d));
    let partial = day.is_empty() || (m == 1 && d == 1);
    Ok(DateValue {
        text: text.into(),
        digits: digits.into(),
        month: m as u8,
        day: d as u8,
        days,
        years: (y, y),
        partial,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = year - i32::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::input::Column;

    #[track_caller]
    fn check_date(raw: &str, expect: Expect) {
        let shown = match analyse_date(raw) {
            Ok(d) => format!("{} {} {}-{} {:?} {:?}", d.text, d.digits, d.month, d.day, d.days, d.years),
            Err(e) => e,
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn dates() {
        check_date("1971-02-03", expect!["1971-02-03 19710203 2-3 Some(398) (1971, 1971)"]);
        check_date("19710203", expect!["19710203 19710203 2-3 Some(398) (1971, 1971)"]);
        check_date("03.02.1971", expect!["03.02.1971 19710203 2-3 Some(398) (1971, 1971)"]);
        check_date("19450493", expect!["19450493 19450493 4-93 None (1945, 1945)"]);
        check_date("1971", expect!["1971 1971 0-0 None (1971, 1971)"]);
        check_date("\u{1f}50\u{1f}2022-01-05", expect!["age 50 at 2022-01-05  0-0 None (1971, 1972)"]);
        check_date(
            "3 Feb 1971",
            expect!["`3 Feb 1971` is not a date (expected YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYY or DD.MM.YYYY)"],
        );
    }

    /// Ages and death dates per source (`age/death` cells) to the years of birth each record's age
    /// gives under the median fallback (`-` when none), one line per source.
    #[track_caller]
    fn check_age_fallback(sources: &[&[&str]], expect: Expect) {
        let sources: Vec<Source> = sources
            .iter()
            .enumerate()
            .map(|(s, cells)| {
                let (ages, deaths): (Vec<String>, Vec<String>) = cells
                    .iter()
                    .map(|cell| cell.split_once('/').unwrap())
                    .map(|(a, d)| (a.to_owned(), d.to_owned()))
                    .unzip();
                Source {
                    name: format!("s{s}"),
                    record_ids: (0..cells.len()).map(|r| r.to_string()).collect(),
                    columns: vec![
                        Column { name: "age".into(), values: ages },
                        Column { name: "death_date".into(), values: deaths },
                    ],
                }
            })
            .collect();
        let mut field = FieldSpec::new("birth_date", FieldKind::Date);
        field.age = Some(crate::settings::AgeColumns {
            age: "age".into(),
            at: "death_date".into(),
            at_fallback: AtFallback::Median,
        });
        let fallbacks = at_fallbacks(&sources, &field);
        let mut out = String::new();
        let mut key = String::new();
        for (s, source) in sources.iter().enumerate() {
            let fallback = fallbacks[s].as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            let columns = FieldColumns::of(source, &field, fallback);
            let shown: Vec<String> = (0..source.n_records())
                .map(|row| match columns.raw_key(row, &mut key) {
                    false => "-".to_owned(),
                    true => {
                        let d = analyse_date(&key).unwrap();
                        format!("{}..{}", d.years.0, d.years.1)
                    }
                })
                .collect();
            out += &format!("{}\n", shown.join(" "));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn an_age_without_its_date_is_an_age_at_the_time_of_its_list() {
        // Its own list's dates (22 at about 2022-01-06); a list with no dates at all takes all
        // the inputs' dates.
        check_age_fallback(
            &[&["22/", "30/2022-01-05", "/2022-01-06", "/2022-01-07"], &["22/", "/"]],
            expect![[r#"
            1999..2000 1991..1992 - -
            1999..2000 -
        "#]],
        );
        // A list spread over years: the middle 80% of its dates, the strays (1990, 2030) left out.
        check_age_fallback(
            &[&[
                "40/",
                "/1990",
                "/2000-01-01",
                "/2001-01-01",
                "/2002-01-01",
                "/2003-01-01",
                "/2004-01-01",
                "/2005-01-01",
                "/2006-01-01",
                "/2007-01-01",
                "/2008-01-01",
                "/2030",
            ]],
            expect![[r#"
                1959..1968 - - - - - - - - - - -
            "#]],
        );
        // No dates anywhere: the age is not used.
        check_age_fallback(
            &[&["22/", "30/"]],
            expect![[r#"
            - -
        "#]],
        );
    }

    #[track_caller]
    fn check_name(raw: &str, expect: Expect) {
        let Analysed::Name { tokens, weak, .. } = analyse_name(raw, &mut Lexicon::new(), true) else { unreachable!() };
        let shown: Vec<String> =
            tokens.iter().map(|(t, r)| format!("{}{}={r:?}", t.skeleton, if t.initial { "." } else { "" })).collect();
        expect.assert_eq(&format!("{}{}", shown.join(" "), if weak { " (weak)" } else { "" }));
    }

    #[test]
    fn names_with_and_without_parts() {
        check_name("Серикбаев Е.С.", expect!["serikbaev=Surname e.=Given s.=Patronymic (weak)"]);
        check_name(
            "Аслан Кәрімов\u{1f}Кәрімов\u{1f}Аслан\u{1f}Нұрланұлы",
            expect!["karimov=Surname aslan=Given nurlanuli=Patronymic"],
        );
        check_name("Абайулы Д.\u{1f}Абайулы\u{1f}Д.\u{1f}", expect!["abaiuli=Surname d.=Given (weak)"]);
        check_name("Nursultan MURAT", expect!["nursultan=Given murat=Surname"]);
        // A patronymic written as two words is one word, the father's name with -ұлы/-қызы.
        check_name("Ахметов Марат Ербол ұлы", expect!["ahmetov=Surname marat=Given erboluli=Patronymic"]);
        check_name("Ахметов Марат Ерлан улы", expect!["ahmetov=Surname marat=Given erlanuli=Patronymic"]);
        check_name("Akhmetov Marat Erbol uly", expect!["ahmetov=Surname marat=Given erboluli=Patronymic"]);
        check_name("Ахметова Айгүл Ержан қызы", expect!["ahmetova=Surname aigul=Given erjankizi=Patronymic"]);
        check_name("Akhmetova Aigul Erzhan kyzy", expect!["ahmetova=Surname aigul=Given erjankizi=Patronymic"]);
        check_name(
            "\u{1f}Ахметов\u{1f}Марат\u{1f}Ербол ұлы",
            expect!["ahmetov=Surname marat=Given erboluli=Patronymic"],
        );
    }
}
