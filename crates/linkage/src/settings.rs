//! What a linkage is asked to do: the link type, the fields and their kinds, the comparisons with
//! their levels, the blocking rules, training and clustering options.
//!
//! Settings are plain values; the command line reads them from TOML and converts them by hand, so
//! the engine's types carry no serialisation. Comparisons left out get the defaults of their
//! field's kind ([`default_comparisons`]).

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// Which pairs of records may be linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkType {
    /// Every pair, as if all sources were one table.
    Dedupe,
    /// Only pairs whose records come from different sources; a cluster never holds two records of
    /// one source.
    LinkOnly,
    /// Every pair, within and across sources.
    LinkAndDedupe,
}

impl LinkType {
    /// The name used in settings files.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkType::Dedupe => "dedupe",
            LinkType::LinkOnly => "link-only",
            LinkType::LinkAndDedupe => "link-and-dedupe",
        }
    }
}

impl FromStr for LinkType {
    type Err = Error;

    fn from_str(text: &str) -> Result<LinkType, Error> {
        match text {
            "dedupe" | "dedupe-only" => Ok(LinkType::Dedupe),
            "link-only" => Ok(LinkType::LinkOnly),
            "link-and-dedupe" => Ok(LinkType::LinkAndDedupe),
            other => Err(Error::Settings(format!(
                "unknown link type `{other}` (expected dedupe, link-only or link-and-dedupe)"
            ))),
        }
    }
}

/// What a field holds, which decides how it is prepared, compared and blocked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A free-text full name in any script and order, parsed by the name engine into given name,
    /// patronymic, surname and initials; compared part by part.
    PersonName,
    /// A given (first) name.
    GivenName,
    /// A family name.
    Surname,
    /// A father's name (-ович, -ұлы ...).
    Patronymic,
    /// A date: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`, `DD.MM.YYYY`.
    Date,
    /// `m`/`f` and their spellings.
    Gender,
    /// A place name in any script (`г. Алматы`, `Almaty, Abai Avenue`, `Alma-Ata`).
    Place,
    /// A code compared only for equality.
    Exact,
    /// Generic text, compared with fuzzy bands.
    String,
    /// An identifier of digits, where typing errors are edits (social security numbers).
    Numeric,
    /// A postcode: an identifier whose common values weigh less.
    Postcode,
}

impl FieldKind {
    /// Every kind, for listing in messages.
    pub const ALL: [FieldKind; 11] = [
        FieldKind::PersonName,
        FieldKind::GivenName,
        FieldKind::Surname,
        FieldKind::Patronymic,
        FieldKind::Date,
        FieldKind::Gender,
        FieldKind::Place,
        FieldKind::Exact,
        FieldKind::String,
        FieldKind::Numeric,
        FieldKind::Postcode,
    ];

    /// The name used in settings files.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::PersonName => "person-name",
            FieldKind::GivenName => "given-name",
            FieldKind::Surname => "surname",
            FieldKind::Patronymic => "patronymic",
            FieldKind::Date => "date",
            FieldKind::Gender => "gender",
            FieldKind::Place => "place",
            FieldKind::Exact => "exact",
            FieldKind::String => "string",
            FieldKind::Numeric => "numeric",
            FieldKind::Postcode => "postcode",
        }
    }

    /// A single name word kind (not a whole name).
    pub(crate) fn is_name_part(self) -> bool {
        matches!(self, FieldKind::GivenName | FieldKind::Surname | FieldKind::Patronymic)
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FieldKind {
    type Err = Error;

    fn from_str(text: &str) -> Result<FieldKind, Error> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == text).ok_or_else(|| {
            let all: Vec<&str> = FieldKind::ALL.iter().map(|k| k.as_str()).collect();
            Error::Settings(format!("unknown field kind `{text}` (expected one of {})", all.join(", ")))
        })
    }
}

/// Columns that give the parts of a person name separately, beside the full name: their words take
/// those roles instead of the roles the parser guesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    /// The surname column.
    pub surname: Option<String>,
    /// The given-name column.
    pub given: Option<String>,
    /// The patronymic column.
    pub patronymic: Option<String>,
}

/// An age column and the date column at which the age was reached: when a date field is empty,
/// they give a range of birth years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeColumns {
    /// Age in whole years.
    pub age: String,
    /// The date the age was reached at (a death date); when empty, `at_fallback` says what to do.
    pub at: String,
    /// What an age without its date is referred to.
    pub at_fallback: AtFallback,
}

/// What an age is referred to when its record has no `at` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtFallback {
    /// The age is not used.
    #[default]
    None,
    /// The dates of the record's own source (or of all sources, when its source has none): lists
    /// of the dead come from one event, so an age is an age at about the time the others died.
    /// The birth years are widened to cover the middle 80% of those dates, so a list spread over
    /// years is not read as if all died on one day.
    Median,
}

impl FromStr for AtFallback {
    type Err = Error;

    fn from_str(text: &str) -> Result<AtFallback, Error> {
        match text {
            "none" => Ok(AtFallback::None),
            "median" => Ok(AtFallback::Median),
            _ => Err(Error::Settings(format!("unknown age_at_fallback `{text}` (expected none or median)"))),
        }
    }
}

/// One field: a name, a kind, and the column(s) it is read from.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The field's name, used by comparisons and blocking rules.
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// The column it is read from.
    pub column: String,
    /// For person names: columns with the parts.
    pub parts: Option<NameParts>,
    /// For dates: an age and the date it refers to.
    pub age: Option<AgeColumns>,
    /// For given names: the surname field, so that swapped given name and surname are recognised.
    pub swap_with: Option<String>,
    /// For a gender field: a person-name field whose surname or patronymic form (-ова, -овна,
    /// -қызы ...) gives the gender when the field is empty.
    pub gender_from: Option<String>,
    /// Whether agreement on a common value weighs less than on a rare one (term frequencies).
    pub term_frequency: bool,
}

impl FieldSpec {
    /// A field read from the column of the same name, with term frequencies where its kind
    /// usually wants them (names, places, postcodes).
    pub fn new(name: &str, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name: name.to_owned(),
            kind,
            column: name.to_owned(),
            parts: None,
            age: None,
            swap_with: None,
            gender_from: None,
            term_frequency: matches!(
                kind,
                FieldKind::PersonName
                    | FieldKind::GivenName
                    | FieldKind::Surname
                    | FieldKind::Patronymic
                    | FieldKind::Place
                    | FieldKind::Postcode
            ),
        }
    }
}

/// Which part of a field a comparison looks at: a person name is compared as three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole value.
    Whole,
    /// The surname of a person name (or, when both are -ұлы/-қызы forms, those).
    Surname,
    /// The given name of a person name.
    Given,
    /// The father's name: patronymic, or a -ұлы/-қызы surname.
    Patronymic,
}

impl Part {
    /// The name used in settings files.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Whole => "whole",
            Part::Surname => "surname",
            Part::Given => "given",
            Part::Patronymic => "patronymic",
        }
    }
}

impl FromStr for Part {
    type Err = Error;

    fn from_str(text: &str) -> Result<Part, Error> {
        match text {
            "whole" => Ok(Part::Whole),
            "surname" => Ok(Part::Surname),
            "given" => Ok(Part::Given),
            "patronymic" => Ok(Part::Patronymic),
            other => {
                Err(Error::Settings(format!("unknown part `{other}` (expected whole, surname, given or patronymic)")))
            }
        }
    }
}

/// A test on two values; a comparison level holds when any of its predicates does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predicate {
    /// Equal after normalisation (case, spacing, Unicode forms).
    Exact,
    /// Equal after transliteration and morphology: same skeleton, same surname or patronymic
    /// stem, or conventional variants of one name (names and places).
    Transliterated,
    /// Jaro-Winkler similarity at least this (on the plain Latin form and the skeleton of names).
    JaroWinkler(f64),
    /// Damerau-Levenshtein (optimal string alignment) distance at most this; both values must be
    /// longer than the distance.
    DamerauLevenshtein(u8),
    /// An initial that fits the other side's word (`Е.` and `Ерлан`, `E.` and `Ерлан`), or two
    /// equal initials.
    Initials,
    /// Given name and surname swapped between the records.
    Swapped,
    /// Dates one day apart, with day and month swapped, one digit apart, or the same day of
    /// years one apart.
    DateClose,
    /// Dates at most this many days apart.
    WithinDays(u32),
    /// The same year, or overlapping year ranges for partial dates and ages.
    SameYear,
    /// Years at most this far apart.
    WithinYears(u32),
    /// Years at most this far apart where either date is partial: a year or a month only, an age,
    /// or 1 January (which registers write when only the year is known). Two complete dates that
    /// differ are two dates, not one date known roughly.
    PartialWithinYears(u32),
    /// A word of three or more letters in common, after transliteration (places, text).
    SharedWord,
    /// Surnames of two kinds: one a -ұлы/-қызы form made from the father's name, the other a
    /// family surname. Kazakh lists name one person either way, so this is not the evidence of
    /// two different surnames (person names only).
    FatherForm,
    /// A place and the region of Kazakhstan it lies in: one names the region, the other the region
    /// or a town in it (places only).
    SameRegion,
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Predicate::Exact => f.write_str("exact"),
            Predicate::Transliterated => f.write_str("transliterated"),
            Predicate::JaroWinkler(t) => write!(f, "jaro-winkler >= {t}"),
            Predicate::DamerauLevenshtein(d) => write!(f, "damerau-levenshtein <= {d}"),
            Predicate::Initials => f.write_str("initials"),
            Predicate::Swapped => f.write_str("swapped"),
            Predicate::DateClose => f.write_str("date-close"),
            Predicate::WithinDays(d) => write!(f, "within-days {d}"),
            Predicate::SameYear => f.write_str("same-year"),
            Predicate::WithinYears(y) => write!(f, "within-years {y}"),
            Predicate::PartialWithinYears(y) => write!(f, "partial-within-years {y}"),
            Predicate::SharedWord => f.write_str("shared-word"),
            Predicate::FatherForm => f.write_str("father-form"),
            Predicate::SameRegion => f.write_str("same-region"),
        }
    }
}

impl FromStr for Predicate {
    type Err = Error;

    /// Reads `exact`, `transliterated`, `jaro-winkler >= 0.92`, `damerau-levenshtein <= 1`,
    /// `initials`, `swapped`, `date-close`, `within-days 7`, `same-year`, `within-years 2`,
    /// `shared-word`, `father-form`, `same-region`.
    fn from_str(text: &str) -> Result<Predicate, Error> {
        let bad = || {
            Error::Settings(format!(
                "unknown level predicate `{text}` (expected exact, transliterated, jaro-winkler >= X, \
                 damerau-levenshtein <= N, initials, swapped, date-close, within-days N, same-year, \
                 within-years N, partial-within-years N, shared-word, father-form or same-region)"
            ))
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        let number = |word: &str| word.parse::<f64>().map_err(|_| bad());
        Ok(match words[..] {
            ["exact"] => Predicate::Exact,
            ["transliterated"] => Predicate::Transliterated,
            ["initials"] => Predicate::Initials,
            ["swapped"] => Predicate::Swapped,
            ["date-close"] => Predicate::DateClose,
            ["same-year"] => Predicate::SameYear,
            ["shared-word"] => Predicate::SharedWord,
            ["father-form"] => Predicate::FatherForm,
            ["same-region"] => Predicate::SameRegion,
            ["jaro-winkler", ">=", t] => {
                let t = number(t)?;
                if !(0.0..=1.0).contains(&t) {
                    return Err(bad());
                }
                Predicate::JaroWinkler(t)
            }
            ["damerau-levenshtein", "<=", d] => Predicate::DamerauLevenshtein(d.parse().map_err(|_| bad())?),
            ["within-days", d] => Predicate::WithinDays(d.parse().map_err(|_| bad())?),
            ["within-years", y] => Predicate::WithinYears(y.parse().map_err(|_| bad())?),
            ["partial-within-years", y] => Predicate::PartialWithinYears(y.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        })
    }
}

impl Predicate {
    /// Whether the predicate can be evaluated on a field of this kind (for this part).
    pub(crate) fn applies_to(self, kind: FieldKind) -> bool {
        use FieldKind as K;
        match self {
            Predicate::Exact => true,
            Predicate::Transliterated => kind.is_name_part() || matches!(kind, K::PersonName | K::Place),
            Predicate::JaroWinkler(_) | Predicate::DamerauLevenshtein(_) => {
                !matches!(kind, K::Date | K::Gender | K::Exact)
                    || matches!(self, Predicate::DamerauLevenshtein(_)) && kind == K::Date
            }
            Predicate::Initials => kind.is_name_part() || kind == K::PersonName,
            Predicate::Swapped => matches!(kind, K::GivenName | K::Surname),
            Predicate::DateClose
            | Predicate::WithinDays(_)
            | Predicate::SameYear
            | Predicate::WithinYears(_)
            | Predicate::PartialWithinYears(_) => kind == K::Date,
            Predicate::SharedWord => matches!(kind, K::Place | K::String),
            Predicate::FatherForm => kind == K::PersonName,
            Predicate::SameRegion => kind == K::Place,
        }
    }
}

/// One level of a comparison: a label, the predicates that put a pair in it, and optionally fixed
/// probabilities instead of estimated ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// Shown in explanations, e.g. `same after transliteration`.
    pub label: String,
    /// The level holds when any of these does.
    pub predicates: Vec<Predicate>,
    /// Whether the weight of this level is adjusted by the frequency of the value.
    pub term_frequency: bool,
    /// A fixed m probability (not estimated).
    pub m: Option<f64>,
    /// A fixed u probability (not estimated).
    pub u: Option<f64>,
}

impl Level {
    /// A level without fixed probabilities or term frequencies.
    pub fn new(label: &str, predicates: Vec<Predicate>) -> Level {
        Level { label: label.to_owned(), predicates, term_frequency: false, m: None, u: None }
    }

    fn with_tf(mut self, term_frequency: bool) -> Level {
        self.term_frequency = term_frequency;
        self
    }
}

/// How one field (or one part of a person name) is compared: levels from strongest to weakest,
/// then an implicit `else` level, and an implicit `missing` level (weight 0) when either side is
/// empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonSpec {
    /// Shown in explanations: the field name, or `name.surname` for a part.
    pub name: String,
    /// The field compared.
    pub field: String,
    /// The part of the field.
    pub part: Part,
    /// The levels, strongest first (at most 13).
    pub levels: Vec<Level>,
    /// A fixed m probability for the `else` level.
    pub else_m: Option<f64>,
    /// A fixed u probability for the `else` level.
    pub else_u: Option<f64>,
}

/// The most levels a comparison may have besides `missing` and `else` (patterns pack four bits per
/// comparison).
pub const MAX_LEVELS: usize = 13;

/// The default comparisons of a field, by its kind.
pub fn default_comparisons(field: &FieldSpec) -> Vec<ComparisonSpec> {
    use Predicate as P;
    let tf = field.term_frequency;
    let name_levels = |swapped: bool| {
        let mut levels = vec![
            Level::new("exact", vec![P::Exact]).with_tf(tf),
            Level::new("same after transliteration and morphology", vec![P::Transliterated]).with_tf(tf),
            Level::new("jaro-winkler >= 0.92 or one edit", vec![P::JaroWinkler(0.92), P::DamerauLevenshtein(1)]),
            Level::new("jaro-winkler >= 0.85 or two edits", vec![P::JaroWinkler(0.85), P::DamerauLevenshtein(2)]),
            Level::new("initial fits", vec![P::Initials]),
        ];
        if swapped {
            levels.push(Level::new("swapped with the surname", vec![P::Swapped]));
        }
        levels
    };
    let spec = |name: String, part: Part, levels: Vec<Level>| ComparisonSpec {
        name,
        field: field.name.clone(),
        part,
        levels,
        else_m: None,
        else_u: None,
    };
    let whole = |levels: Vec<Level>| vec![spec(field.name.clone(), Part::Whole, levels)];
    match field.kind {
        FieldKind::PersonName => [Part::Surname, Part::Given, Part::Patronymic]
            .into_iter()
            .map(|part| spec(format!("{}.{}", field.name, part.as_str()), part, name_levels(false)))
            .collect(),
        FieldKind::GivenName => whole(name_levels(field.swap_with.is_some())),
        FieldKind::Surname | FieldKind::Patronymic => whole(name_levels(false)),
        FieldKind::Date => whole(vec![
            Level::new("exact", vec![P::Exact]),
            Level::new("one day, day and month swapped, one digit or the year one apart", vec![P::DateClose]),
            Level::new("same year", vec![P::SameYear]),
            Level::new("within a year", vec![P::WithinYears(1)]),
            Level::new("within 5 years", vec![P::WithinYears(5)]),
        ]),
        FieldKind::Gender => whole(vec![Level::new("exact", vec![P::Exact])]),
        FieldKind::Place => whole(vec![
            Level::new("exact", vec![P::Exact]).with_tf(tf),
            Level::new("same place after transliteration", vec![P::Transliterated]).with_tf(tf),
            Level::new("similar", vec![P::JaroWinkler(0.88), P::SharedWord]),
            // After `similar`: a town and its region agree less than two spellings of one town.
            Level::new("in one region", vec![P::SameRegion]),
        ]),
        FieldKind::Exact => whole(vec![Level::new("exact", vec![P::Exact]).with_tf(tf)]),
        FieldKind::String => whole(vec![
            Level::new("exact", vec![P::Exact]).with_tf(tf),
            Level::new("jaro-winkler >= 0.92", vec![P::JaroWinkler(0.92)]),
            Level::new("jaro-winkler >= 0.80", vec![P::JaroWinkler(0.8)]),
        ]),
        FieldKind::Numeric | FieldKind::Postcode => whole(vec![
            Level::new("exact", vec![P::Exact]).with_tf(tf),
            Level::new("one edit", vec![P::DamerauLevenshtein(1)]),
            Level::new("two edits", vec![P::DamerauLevenshtein(2)]),
        ]),
    }
}

/// One part of a blocking key (or a rule's condition or limit).
#[derive(Debug, Clone, PartialEq)]
pub enum KeyPart {
    /// Every record: one block of all records (`all`), for data small enough to compare every
    /// pair (give the rule a block size limit).
    All,
    /// The normalised value of a field (`surname`).
    Value(String),
    /// The skeleton of a name or place: the same for every spelling (`skeleton(surname)`); for a
    /// person name, each word's skeleton is a key.
    Skeleton(String),
    /// The name engine's blocking keys of a name: conventional stems, alone and with another
    /// word's initial (`name-keys(name)`).
    NameKeys(String),
    /// Each full word of a person name by stem, whatever its role (`words(name)`).
    Words(String),
    /// Every two full words of a person name by stem, unordered and whatever their roles, so that
    /// a swapped given name and surname still meet (`word-pairs(name)`).
    WordPairs(String),
    /// Every two words of a person name (initials too) by the first letter of their skeletons,
    /// unordered (`word-initials(name)`): with a complete birth date, it brings together names
    /// with a typing error in every word (`Tegmirlan Ospanob`, `Temırlan OSPANOV`), which no word
    /// key reaches.
    WordInitials(String),
    /// Word pairs one typing error apart: records whose word pairs differ in one word, where the
    /// two stems are one edit apart (a letter changed, added, dropped, or two swapped) or one
    /// deletion each from a common string (`word-typos(name)`). Only pairs that share no word pair
    /// exactly; a rule with this key has no other key parts.
    WordTypos(String),
    /// The given name of a person name, by skeleton (`given(name)`).
    Given(String),
    /// The first N characters of the normalised value (`first(3, surname)`).
    First(String, usize),
    /// The year of a date; an age gives every year of its range (`year(birth_date)`).
    Year(String),
    /// Two fields as an unordered pair, so that swapped values meet
    /// (`unordered(given_name, surname)`).
    Unordered(String, String),
    /// Not a key: a condition on the rule's pairs (`where birth_date within-years 1`).
    Where(Condition),
    /// Not a key: the rule skips blocks of more records than this (`max-block 100`).
    MaxBlock(u64),
}

impl KeyPart {
    /// The fields the key reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            KeyPart::All | KeyPart::MaxBlock(_) => Vec::new(),
            KeyPart::Where(c) => vec![&c.field],
            KeyPart::Value(f)
            | KeyPart::Skeleton(f)
            | KeyPart::NameKeys(f)
            | KeyPart::Words(f)
            | KeyPart::WordPairs(f)
            | KeyPart::WordInitials(f)
            | KeyPart::WordTypos(f)
            | KeyPart::Given(f)
            | KeyPart::First(f, _)
            | KeyPart::Year(f) => vec![f],
            KeyPart::Unordered(a, b) => vec![a, b],
        }
    }
}

impl fmt::Display for KeyPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPart::All => f.write_str("all"),
            KeyPart::Value(field) => f.write_str(field),
            KeyPart::Skeleton(field) => write!(f, "skeleton({field})"),
            KeyPart::NameKeys(field) => write!(f, "name-keys({field})"),
            KeyPart::Words(field) => write!(f, "words({field})"),
            KeyPart::WordPairs(field) => write!(f, "word-pairs({field})"),
            KeyPart::WordInitials(field) => write!(f, "word-initials({field})"),
            KeyPart::WordTypos(field) => write!(f, "word-typos({field})"),
            KeyPart::Given(field) => write!(f, "given({field})"),
            KeyPart::First(field, n) => write!(f, "first({n}, {field})"),
            KeyPart::Year(field) => write!(f, "year({field})"),
            KeyPart::Unordered(a, b) => write!(f, "unordered({a}, {b})"),
            KeyPart::Where(condition) => write!(f, "{condition}"),
            KeyPart::MaxBlock(n) => write!(f, "max-block {n}"),
        }
    }
}

impl FromStr for KeyPart {
    type Err = Error;

    fn from_str(text: &str) -> Result<KeyPart, Error> {
        let bad = || {
            Error::Settings(format!(
                "cannot read blocking key `{text}` (expected all, FIELD, skeleton(FIELD), name-keys(FIELD), \
                 words(FIELD), word-pairs(FIELD), word-typos(FIELD), given(FIELD), first(N, FIELD), year(FIELD) or unordered(FIELD, FIELD))"
            ))
        };
        let text = text.trim();
        if text.starts_with("where ") {
            return Ok(KeyPart::Where(text.parse()?));
        }
        if let Some(limit) = text.strip_prefix("max-block ") {
            return limit.trim().parse().map(KeyPart::MaxBlock).map_err(|_| bad());
        }
        let Some((function, rest)) = text.split_once('(') else {
            if text == "all" {
                return Ok(KeyPart::All);
            }
            if text.is_empty() || text.contains([',', ')', ' ']) {
                return Err(bad());
            }
            return Ok(KeyPart::Value(text.to_owned()));
        };
        let arguments: Vec<String> =
            rest.strip_suffix(')').ok_or_else(bad)?.split(',').map(|a| a.trim().to_owned()).collect();
        if arguments.iter().any(String::is_empty) {
            return Err(bad());
        }
        Ok(match (function.trim(), &arguments[..]) {
            ("skeleton", [field]) => KeyPart::Skeleton(field.clone()),
            ("name-keys", [field]) => KeyPart::NameKeys(field.clone()),
            ("words", [field]) => KeyPart::Words(field.clone()),
            ("word-pairs", [field]) => KeyPart::WordPairs(field.clone()),
            ("word-initials", [field]) => KeyPart::WordInitials(field.clone()),
            ("word-typos", [field]) => KeyPart::WordTypos(field.clone()),
            ("given", [field]) => KeyPart::Given(field.clone()),
            ("year", [field]) => KeyPart::Year(field.clone()),
            ("first", [n, field]) => {
                let n: usize = n.parse().map_err(|_| bad())?;
                if n == 0 {
                    return Err(bad());
                }
                KeyPart::First(field.clone(), n)
            }
            ("unordered", [a, b]) => KeyPart::Unordered(a.clone(), b.clone()),
            _ => return Err(bad()),
        })
    }
}

/// A test a pair of records must pass to become a candidate, besides sharing a key: checked on
/// every pair of a block before anything else, so it is cheap where a key would multiply the keys
/// of every record. A pair where either record lacks the field passes: a missing value is no
/// evidence against a match.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The field tested.
    pub field: String,
    /// The tests, any of which passes the pair: `exact`; for dates `same-year`, `within-years N`,
    /// `within-days N` or `date-close`; for person names `initials` (either record gives the name
    /// by initials only, whatever the other).
    pub predicates: Vec<Predicate>,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tests: Vec<String> = self.predicates.iter().map(ToString::to_string).collect();
        write!(f, "where {} {}", self.field, tests.join(" or "))
    }
}

impl FromStr for Condition {
    type Err = Error;

    /// Reads `where FIELD TEST [or TEST ...]`, e.g. `where birth_date within-years 1 or date-close`.
    fn from_str(text: &str) -> Result<Condition, Error> {
        let bad = || {
            Error::Settings(format!(
                "cannot read condition `{text}` (expected `where FIELD TEST`, the tests `exact`, `same-year`, \
                 `within-years N`, `within-days N`, `date-close` or `initials`, several joined by `or`)"
            ))
        };
        let rest = text.trim().strip_prefix("where ").ok_or_else(bad)?;
        let (field, tests) = rest.trim().split_once(' ').ok_or_else(bad)?;
        let predicates = tests
            .split(" or ")
            .map(|t| {
                let predicate: Predicate = t.trim().parse().map_err(|_| bad())?;
                let fits = matches!(
                    predicate,
                    Predicate::Exact
                        | Predicate::SameYear
                        | Predicate::WithinYears(_)
                        | Predicate::WithinDays(_)
                        | Predicate::DateClose
                        | Predicate::Initials
                );
                if fits { Ok(predicate) } else { Err(bad()) }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Condition { field: field.to_owned(), predicates })
    }
}

/// A blocking rule: pairs of records that agree on every key part, and pass every condition, are
/// candidates. Its list may also hold conditions ([`KeyPart::Where`]) and a limit on block size
/// ([`KeyPart::MaxBlock`]), so that a rule stays one list, as in the settings file.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockingRule {
    /// The conjunction of keys, with the rule's conditions and limit.
    pub keys: Vec<KeyPart>,
}

impl BlockingRule {
    /// A rule of these keys.
    pub fn new(keys: Vec<KeyPart>) -> BlockingRule {
        BlockingRule { keys }
    }

    /// The same rule, with a condition on its pairs: any of the predicates holds (or a value is
    /// missing).
    pub fn condition(mut self, field: &str, predicates: &[Predicate]) -> BlockingRule {
        self.keys.push(KeyPart::Where(Condition { field: field.to_owned(), predicates: predicates.to_vec() }));
        self
    }

    /// The same rule, skipping blocks of more than `limit` records.
    pub fn max_block_size(mut self, limit: u64) -> BlockingRule {
        self.keys.push(KeyPart::MaxBlock(limit));
        self
    }

    /// The conditions of the rule.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.keys.iter().filter_map(|k| if let KeyPart::Where(c) = k { Some(c) } else { None })
    }

    /// The rule's limit on block size, if any (the smallest given).
    pub fn block_limit(&self) -> Option<u64> {
        self.keys.iter().filter_map(|k| if let KeyPart::MaxBlock(n) = k { Some(*n) } else { None }).min()
    }

    /// The key parts proper: neither conditions nor limits.
    pub fn key_parts(&self) -> impl Iterator<Item = &KeyPart> {
        self.keys.iter().filter(|k| !matches!(k, KeyPart::Where(_) | KeyPart::MaxBlock(_)))
    }
}

impl fmt::Display for BlockingRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = self.key_parts().map(ToString::to_string).collect();
        f.write_str(&keys.join(" & "))?;
        for condition in self.conditions() {
            write!(f, " {condition}")?;
        }
        if let Some(limit) = self.block_limit() {
            write!(f, " (blocks up to {limit})")?;
        }
        Ok(())
    }
}

/// How the model's parameters are estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// Seed of the random pairs that estimate u.
    pub seed: u64,
    /// How many random pairs estimate u; when the data have fewer pairs, all are used.
    pub max_u_pairs: u64,
    /// Iterations of expectation-maximisation at most.
    pub max_iterations: u32,
    /// EM runs on at most this many candidate pairs, taken evenly from all of them (the patterns'
    /// shares, which is all EM sees, hardly move beyond a few hundred thousand pairs).
    pub max_em_pairs: u64,
    /// EM stops when no probability moves by more than this.
    pub tolerance: f64,
    /// Pseudo-pairs of prior belief in the default m probabilities: keeps small data sets from
    /// estimating extreme m values (large data sets outweigh it).
    pub prior_strength: f64,
}

impl Training {
    /// The recommended options: 15,000 random pairs for u (exact agreement on text is counted
    /// from the values' frequencies, over all pairs; the sample shares out the other levels, and
    /// term frequencies refine the rarest agreements), up to 300 EM iterations on up to 2,000,000
    /// candidate pairs.
    pub fn recommended() -> Training {
        Training {
            seed: 1,
            max_u_pairs: 15_000,
            max_iterations: 300,
            max_em_pairs: 2_000_000,
            tolerance: 1e-6,
            prior_strength: 10.0,
        }
    }
}

/// How scored pairs become clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Pairs at or above this match probability may join clusters.
    pub threshold: f64,
    /// Two clusters are not merged when some pair across them carries this much evidence against
    /// a match or more: the sum of its negative comparison weights at or below this many bits
    /// (different fathers' names and birth years far apart, say). Missing values are not evidence.
    pub veto_weight: f64,
    /// Sources known to hold each person at most once (besides every source in link-only mode).
    pub unique_sources: Vec<String>,
    /// Whether a record whose given name is only an initial joins a cluster only when no other
    /// cluster competes for it.
    pub initials_rule: bool,
    /// With the initials rule: a record named by initials also claims clusters through pairs
    /// below the threshold with at least this much evidence (Bayes factor in bits: the match
    /// weight without the prior) and nothing strongly against, still only when no other cluster
    /// competes for it.
    pub initials_weight: Option<f64>,
    /// With the initials rule: a full-name record still alone after clustering claims a person
    /// of another source through a pair below the threshold with at least this much evidence
    /// (Bayes factor in bits), the surname and given name the same in any spelling or one typing
    /// error apart and nothing against it, only when no other person it fits is within 2 bits
    /// (lists of the dead: a media line with a common name and nothing else, when one person on
    /// the lists has that name).
    pub sparse_weight: Option<f64>,
}

impl Clustering {
    /// Threshold 0.9, veto at -8 bits of contradiction, the initials rule on.
    pub fn recommended() -> Clustering {
        Clustering {
            threshold: 0.9,
            veto_weight: -8.0,
            unique_sources: Vec::new(),
            initials_rule: true,
            initials_weight: None,
            sparse_weight: None,
        }
    }
}

/// The guard on candidate pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    /// A rule estimated to generate more pairs than this is refused.
    pub max_candidate_pairs: u64,
    /// When set, blocks of more records than this are skipped (with a warning) instead.
    pub skip_blocks_over: Option<u64>,
    /// Scored pairs below this match probability are dropped (never below the clustering
    /// threshold, so no edge is lost): blocking may yield tens of millions of candidates, nearly
    /// all of them different people.
    pub keep_pairs_from: f64,
}

/// Everything a linkage needs besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Which pairs may link.
    pub link_type: LinkType,
    /// The fields.
    pub fields: Vec<FieldSpec>,
    /// The comparisons; fields without any get their kind's defaults.
    pub comparisons: Vec<ComparisonSpec>,
    /// The blocking rules, in order: a pair found by an earlier rule is not generated again.
    pub blocking: Vec<BlockingRule>,
    /// Training options.
    pub training: Training,
    /// Clustering options.
    pub clustering: Clustering,
    /// The guard on candidate pairs.
    pub guard: Guard,
}

/// Blocks of the name engine's keys larger than this are left to the other rules in `victims`.
const VICTIMS_NAME_KEY_BLOCK: u64 = 100;

/// The evidence (bits) with which a record named by initials claims a person in `victims`: a
/// surname that agrees and an initial that fits, when no one else fits.
const VICTIMS_INITIALS_WEIGHT: f64 = 5.0;

/// The evidence (bits) with which a full-name record still alone claims a person in `victims`:
/// a surname and a given name that agree, common ones weighed down by their frequency, when no
/// one else fits.
const VICTIMS_SPARSE_WEIGHT: f64 = 5.0;

/// The fixed m of two places that agree at no level in `victims` (about -5 bits).
const VICTIMS_PLACE_ELSE_M: f64 = 0.02;

/// Death dates at most this many days apart are `within 6 weeks` in `victims`.
const VICTIMS_DEATH_WEEKS_DAYS: u32 = 42;

/// The fixed m of death dates weeks apart in `victims`: about one pair of records of one person in
/// fifty (on lists whose death dates span a week or two, u is 0.05-0.1, so the level weighs about
/// -1 bit).
const VICTIMS_DEATH_WEEKS_M: f64 = 0.02;

/// Lists of at most this many records together are compared pair by pair in `victims`.
const VICTIMS_FULL_COMPARISON: u64 = 3_000;

/// The settings for lists of the dead in the standard victim-list layout
/// (`record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,
/// circumstances`): one source is deduplicated, several are linked and deduplicated.
pub fn victims(n_sources: usize) -> Settings {
    let mut name = FieldSpec::new("name", FieldKind::PersonName);
    name.column = "full_name".to_owned();
    name.parts = Some(NameParts {
        surname: Some("surname".to_owned()),
        given: Some("given_name".to_owned()),
        patronymic: Some("patronymic".to_owned()),
    });
    let mut birth = FieldSpec::new("birth_date", FieldKind::Date);
    birth.age =
        Some(AgeColumns { age: "age".to_owned(), at: "death_date".to_owned(), at_fallback: AtFallback::Median });
    let death = FieldSpec::new("death_date", FieldKind::Date);
    let mut gender = FieldSpec::new("gender", FieldKind::Gender);
    gender.gender_from = Some("name".to_owned());
    // Fixed m for the `else` levels that mean "two people": a list rarely gives a wholly different
    // given name, father's name or birth year for one person (spelling variants have their own
    // levels). On a few hundred records EM cannot tell brothers from one person alone and would
    // make these levels far too forgiving.
    let mut comparisons = default_comparisons(&name);
    // A surname made from the father's name (-ұлы) against a family surname: its own level, since
    // one person is listed either way, where two family surnames that differ are two families.
    // Its m is fixed, as the `else` level's is: where the lists seldom name a person both ways EM
    // drives it to nothing, below the `else` level itself, and two kinds of surname would weigh
    // more against a pair than two different family surnames. 0.015 is about what EM gives on the
    // demo's lists (0.016-0.032), and did better than 0.03 on the 100,000-record synthetic set.
    for comparison in comparisons.iter_mut().filter(|c| c.part == Part::Surname) {
        let mut level = Level::new(
            "one made from the father's name (-ұлы), the other a family surname",
            vec![Predicate::FatherForm],
        );
        level.m = Some(0.015);
        comparison.levels.push(level);
    }
    for comparison in &mut comparisons {
        comparison.else_m = match comparison.part {
            Part::Surname => Some(0.03),
            Part::Given => Some(0.02),
            Part::Patronymic => Some(0.03),
            _ => None,
        };
    }
    // Two complete birth dates that differ (and are not one typing error apart) are two people's;
    // a year, an age or a 1 January agree only roughly.
    comparisons.push(ComparisonSpec {
        name: "birth_date".to_owned(),
        field: "birth_date".to_owned(),
        part: Part::Whole,
        levels: vec![
            Level::new("exact", vec![Predicate::Exact]),
            Level::new("one day, day and month swapped, one digit or the year one apart", vec![Predicate::DateClose]),
            Level::new("same year, one date partial", vec![Predicate::PartialWithinYears(0)]),
            Level::new("a year apart, one date partial", vec![Predicate::PartialWithinYears(1)]),
        ],
        else_m: Some(0.02),
        else_u: None,
    });
    // A death date weeks from another list's is mild evidence against, not a contradiction: an
    // official list may give the day a body was identified or a death registered, or the day a
    // wounded person died in hospital, where a witness gives the day of the shooting. Its m is
    // fixed, as EM on lists that seldom differ so would make it as strong as the `else` level
    // (-4 bits on the demo's lists, enough to keep a record out of its person's cluster).
    let mut within_weeks = Level::new("within 6 weeks", vec![Predicate::WithinDays(VICTIMS_DEATH_WEEKS_DAYS)]);
    within_weeks.m = Some(VICTIMS_DEATH_WEEKS_M);
    comparisons.push(ComparisonSpec {
        name: "death_date".to_owned(),
        field: "death_date".to_owned(),
        part: Part::Whole,
        levels: vec![
            Level::new("exact", vec![Predicate::Exact]),
            Level::new("within 3 days", vec![Predicate::WithinDays(3), Predicate::DateClose]),
            within_weeks,
        ],
        else_m: None,
        else_u: None,
    });
    comparisons.extend(default_comparisons(&gender));
    // Two places that agree at no level (a place of residence for a place of death, a street for a
    // town) happen to one person now and then; EM's m fell to its floor (-5.5 bits, as strong as a
    // veto) on the independent lists once towns and their regions had their own level. 0.02 did
    // better than 0.05 on the demo's lists, the independent lists and the synthetic set alike.
    let place = FieldSpec::new("place", FieldKind::Place);
    let mut place_comparisons = default_comparisons(&place);
    for comparison in &mut place_comparisons {
        comparison.else_m = Some(VICTIMS_PLACE_ELSE_M);
    }
    comparisons.extend(place_comparisons);
    Settings {
        link_type: if n_sources > 1 { LinkType::LinkAndDedupe } else { LinkType::Dedupe },
        fields: vec![name, birth, gender, death, place],
        comparisons,
        // Names first: two words in common in any roles (or one typing error apart), with birth
        // years that agree roughly or are missing; then one word and the birth date; then the
        // words' first letters and the birth date (a typing error in every word); then the name
        // engine's keys (a stem with an initial, for lists that give initials) within small
        // blocks; and every pair of lists small enough to compare in full.
        blocking: {
            let near_birth = [Predicate::WithinYears(1), Predicate::DateClose];
            let name = || "name".to_owned();
            vec![
                BlockingRule::new(vec![KeyPart::WordPairs(name())]).condition("birth_date", &near_birth),
                BlockingRule::new(vec![KeyPart::Words(name()), KeyPart::Value("birth_date".to_owned())]),
                BlockingRule::new(vec![KeyPart::WordTypos(name())]).condition("birth_date", &near_birth),
                BlockingRule::new(vec![KeyPart::WordInitials(name()), KeyPart::Value("birth_date".to_owned())]),
                BlockingRule::new(vec![KeyPart::NameKeys(name())])
                    .condition("name", &[Predicate::Initials])
                    .max_block_size(VICTIMS_NAME_KEY_BLOCK),
                BlockingRule::new(vec![KeyPart::All]).max_block_size(VICTIMS_FULL_COMPARISON),
            ]
        },
        // Names are compared part by part, where no count gives exact agreement: a larger sample.
        training: Training { max_u_pairs: 200_000, ..Training::recommended() },
        // Lists of the dead give little besides names: a pair that agrees on name and dates is
        // as likely as not one person, and the vetoes and the initials rule guard the clusters.
        // The threshold is below one half: for F1 the best threshold on calibrated probabilities
        // is half the F1 reached, and the model is underconfident between 0.2 and 0.5 (on the
        // demo's lists and the synthetic set alike, half or more of such pairs are one person).
        // The veto is as strong as one clear contradiction (two birth years, fixed above at about
        // -5.5 bits): a record that lacks a birth date must not bring two people born years apart
        // into one cluster.
        clustering: Clustering {
            threshold: 0.4,
            veto_weight: -5.0,
            initials_weight: Some(VICTIMS_INITIALS_WEIGHT),
            sparse_weight: Some(VICTIMS_SPARSE_WEIGHT),
            ..Clustering::recommended()
        },
        // The name rules consider many pairs at a million records, and their conditions keep few.
        guard: Guard { max_candidate_pairs: 1_000_000_000, skip_blocks_over: None, keep_pairs_from: 0.001 },
    }
}
