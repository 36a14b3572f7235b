//! A large synthetic dedupe set with known truth, for the linkage benchmark (issue 4): one victim
//! list in the standard layout in which each person has one to five records, each record written
//! in the style of some source (Cyrillic with Russian or Kazakh spelling; Latin as in passports,
//! BGN/PCGN, the 2021 Kazakh alphabet or the informal spelling of the press), with fields missing
//! as they are on real lists and, on the duplicates, the errors of copying. The truth names the
//! person of every record.
//!
//! The design is that of the synthetic set the peer measurements used (`linkage.md` §3), built on
//! this crate's own name stocks and transliteration schemes and never on the `names` engine, so the
//! linkage engine is not graded against itself.
//!
//! Pure and deterministic for a seed. Fast and small: every spelling of every stock word is
//! rendered once up front; records are built in reused buffers and lent to a callback one at a
//! time; only the shuffled plan of 8 bytes per record is held in memory. Each person and each
//! record draws from its own generator, seeded from the master seed and its index, so records can
//! be written in shuffled order without keeping the persons.

use std::fmt::Write as _;

use jiff::civil::Date;
use rand::seq::SliceRandom as _;
use rand::{Rng as _, SeedableRng as _};

use crate::geo::TOWNS;
use crate::lists::HEADER;
use crate::names::{
    self, KK_FATHERS, KK_FATHERS_MORE, KK_FEMALE, KK_FEMALE_MORE, KK_MALE, KK_MALE_MORE, KK_STEMS, KK_STEMS_MORE,
    KO_SURNAMES, KO_SURNAMES_MORE, Origin, RU_FATHERS, RU_FATHERS_MORE, RU_FEMALE, RU_FEMALE_MORE, RU_MALE,
    RU_MALE_MORE, RU_SURNAMES, RU_SURNAMES_MORE, Scheme, SurnameStyle, russify, transliterate,
};
use crate::util::{Rng, chance, weighted};

/// The columns of the records file: the standard victim-list layout.
pub const DEDUPE_HEADER: [&str; 11] = HEADER;

/// The columns of the truth file.
pub const DEDUPE_TRUTH_HEADER: [&str; 3] = ["source", "record_id", "entity_id"];

/// The source named in the truth file: the stem of the records file, `dedupe.csv`.
pub const DEDUPE_SOURCE: &str = "dedupe";

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DedupeConfig {
    pub seed: u64,
    /// Exactly this many records are generated (the last person's records are cut to fit).
    pub n_records: usize,
}

/// How a source writes names: the script, and for Latin the transliteration scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceStyle {
    /// Russian spelling of every name (`Серикбаев Ерлан Серикович`), as official registers write.
    CyrillicRussian,
    /// Kazakh letters and -ұлы/-қызы patronymics (`Серікбаев Ерлан Серікұлы`).
    CyrillicKazakh,
    /// Passport romanisation of the Russian spelling, mostly in capitals (`SERIKBAYEV ERLAN`).
    LatinIcao,
    /// BGN/PCGN romanisation of the Kazakh spelling (`Serikbayev`, `Qurmanghazy`).
    LatinBgn,
    /// The 2021 Kazakh Latin alphabet (`Qurmanğazy`, `Serıkuly`).
    LatinKazakh2021,
    /// The informal spelling of the press (`Kurmangazi`, `Jandos`).
    LatinInformal,
}

impl SourceStyle {
    /// Every style, in the order of [`DedupeSummary::records_per_style`].
    pub const ALL: [SourceStyle; 6] = [
        SourceStyle::CyrillicRussian,
        SourceStyle::CyrillicKazakh,
        SourceStyle::LatinIcao,
        SourceStyle::LatinBgn,
        SourceStyle::LatinKazakh2021,
        SourceStyle::LatinInformal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SourceStyle::CyrillicRussian => "cyrillic-russian",
            SourceStyle::CyrillicKazakh => "cyrillic-kazakh",
            SourceStyle::LatinIcao => "latin-icao",
            SourceStyle::LatinBgn => "latin-bgn-pcgn",
            SourceStyle::LatinKazakh2021 => "latin-kazakh-2021",
            SourceStyle::LatinInformal => "latin-informal",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    fn is_latin(self) -> bool {
        !matches!(self, SourceStyle::CyrillicRussian | SourceStyle::CyrillicKazakh)
    }

    /// Whether the source spells from the Kazakh form of a name rather than the Russian one.
    fn is_kazakh_spelling(self) -> bool {
        matches!(self, SourceStyle::CyrillicKazakh | SourceStyle::LatinBgn | SourceStyle::LatinKazakh2021)
    }

    /// Shares of the peer set (`linkage.md` §3), in per cent.
    fn draw(rng: &mut Rng) -> SourceStyle {
        match rng.random_range(0..100) {
            0..33 => SourceStyle::CyrillicRussian,
            33..47 => SourceStyle::CyrillicKazakh,
            47..69 => SourceStyle::LatinIcao,
            69..79 => SourceStyle::LatinBgn,
            79..88 => SourceStyle::LatinKazakh2021,
            _ => SourceStyle::LatinInformal,
        }
    }
}

/// One generated record, lent to the callback of [`generate_dedupe`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DedupeRecord {
    pub record_id: String,
    pub full_name: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: String,
    pub birth_date: String,
    pub age: String,
    pub gender: String,
    pub death_date: String,
    pub place: String,
    pub circumstances: String,
    /// The true person, e.g. `P0000042`: equal for all records of one person and only for them.
    pub entity_id: String,
    pub style: SourceStyle,
}

impl DedupeRecord {
    /// The cells in [`DEDUPE_HEADER`] order.
    pub fn cells(&self) -> [&str; 11] {
        [
            &self.record_id,
            &self.full_name,
            &self.surname,
            &self.given_name,
            &self.patronymic,
            &self.birth_date,
            &self.age,
            &self.gender,
            &self.death_date,
            &self.place,
            &self.circumstances,
        ]
    }

    fn empty() -> DedupeRecord {
        DedupeRecord {
            record_id: String::new(),
            full_name: String::new(),
            surname: String::new(),
            given_name: String::new(),
            patronymic: String::new(),
            birth_date: String::new(),
            age: String::new(),
            gender: String::new(),
            death_date: String::new(),
            place: String::new(),
            circumstances: String::new(),
            entity_id: String::new(),
            style: SourceStyle::CyrillicRussian,
        }
    }
}

/// What a run generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DedupeSummary {
    pub n_records: usize,
    pub n_entities: usize,
    /// Persons with 1, 2, 3, 4 and 5 records.
    pub cluster_sizes: [usize; 5],
    /// Records per style, in [`SourceStyle::ALL`] order.
    pub records_per_style: [usize; 6],
}

impl DedupeSummary {
    /// Pairs of records of one person: what pairwise recall is measured against.
    pub fn n_true_pairs(&self) -> u64 {
        self.cluster_sizes.iter().enumerate().map(|(i, n)| (i * (i + 1) / 2 * n) as u64).sum()
    }
}

/// Persons with 1..=5 records in the peer set of 1,000,000 records (`linkage.md` §3): about 62% of
/// persons, and 37% of records, stand alone.
const CLUSTER_SIZE_WEIGHTS: [f64; 5] = [366_849.0, 112_236.0, 58_952.0, 32_392.0, 20_451.0];

/// Weights of the days of death, 2 to 13 January 2022: the peak on 5-6 January (research §2).
const DEATH_DAY_WEIGHTS: [f64; 12] = [0.01, 0.02, 0.08, 0.28, 0.27, 0.12, 0.08, 0.05, 0.04, 0.02, 0.02, 0.01];

const CIRCUMSTANCES_RU: &[&str] = &[
    "огнестрельное ранение",
    "огнестрельное ранение головы",
    "ранение при разгоне митинга",
    "смерть в больнице от ранений",
    "смерть после задержания",
    "ранение у блокпоста",
];
const CIRCUMSTANCES_KK: &[&str] =
    &["оқ жарақатынан қаза тапты", "ауруханада қайтыс болды", "ұсталғаннан кейін қайтыс болды", "митингте атылды"];
const CIRCUMSTANCES_EN: &[&str] = &[
    "gunshot wound",
    "shot at a checkpoint",
    "died of wounds in hospital",
    "died after detention",
    "shot at the rally",
];

const LETTERS_RU: &[char] = &[
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц',
    'ч', 'ш', 'ы', 'ь', 'я',
];
const LETTERS_KK: &[char] = &[
    'а', 'ә', 'б', 'г', 'ғ', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'қ', 'л', 'м', 'н', 'ң', 'о', 'ө', 'п', 'р', 'с', 'т',
    'у', 'ұ', 'ү', 'ш', 'ы', 'і',
];
pub(crate) const LETTERS_LATIN: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'y',
    'z',
];

/// A word in the spelling of every style, indexed by [`SourceStyle::index`].
type Spellings = [Box<str>; 6];

/// Spells a word given in Kazakh and Russian Cyrillic: Kazakh-spelling styles start from `kk`, the
/// others from `ru` (passports and the press take the Russian form, as `names::Scheme` documents).
fn spell(kk: &str, ru: &str) -> Spellings {
    [
        ru.into(),
        kk.into(),
        transliterate(ru, Scheme::Passport).into(),
        transliterate(kk, Scheme::Bgn).into(),
        transliterate(kk, Scheme::Kz2021).into(),
        transliterate(ru, Scheme::Informal).into(),
    ]
}

fn spell_kk(kk: &str) -> Spellings {
    spell(kk, &russify(kk))
}

/// Relative weights of the items of a list, kept cumulative for drawing an index.
struct Weights {
    cumulative: Vec<f64>,
}

impl Weights {
    /// Zipf-Mandelbrot weights `1 / (rank + offset)`: the first words of a stock are the most
    /// common, so common names collide as they do on real lists; the offset keeps the head from
    /// taking most of a small stock.
    fn zipf(n: usize, offset: f64) -> Weights {
        Weights::new((0..n).map(|rank| 1.0 / (rank as f64 + offset)))
    }

    fn new(weights: impl Iterator<Item = f64>) -> Weights {
        let mut total = 0.0;
        let cumulative = weights
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Weights { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or_default();
        let x = rng.random::<f64>() * total;
        self.cumulative.partition_point(|c| *c <= x).min(self.cumulative.len() - 1)
    }
}

/// A core stock of `names` followed by its further words.
fn stock(core: &[&'static str], more: &'static str) -> Vec<&'static str> {
    core.iter().copied().chain(more.split_whitespace()).collect()
}

/// Indexed by `usize::from(female)`.
type ByGender<T> = [T; 2];

/// A town's names, each in every style.
struct TownSpellings {
    ru: Spellings,
    kk: Spellings,
    aliases: Vec<Spellings>,
}

/// Every spelling of every stock word, and how often each word is drawn.
pub(crate) struct Stock {
    kk_given: ByGender<Vec<Spellings>>,
    kk_given_weights: ByGender<Weights>,
    kk_fathers_weights: Weights,
    kk_stems_weights: Weights,
    /// By stem: `Серікбаев`/`Серікбаева`.
    kk_russified: ByGender<Vec<Spellings>>,
    /// By stem: `Серікбай`.
    kk_bare: Vec<Spellings>,
    /// By father: `Серікұлы`/`Серікқызы`, the surname of some and the patronymic of more.
    kk_uly: ByGender<Vec<Spellings>>,
    /// By father: `Серік ұлы`, written apart.
    kk_uly_apart: ByGender<Vec<Spellings>>,
    /// By father: `Серикович`/`Сериковна`.
    kk_patronymic_ru: ByGender<Vec<Spellings>>,
    ru_given: ByGender<Vec<Spellings>>,
    ru_given_weights: ByGender<Weights>,
    ru_fathers_weights: Weights,
    ru_surnames_weights: Weights,
    ru_surnames: ByGender<Vec<Spellings>>,
    ru_patronymic: ByGender<Vec<Spellings>>,
    ko_surnames_weights: Weights,
    ko_surnames: Vec<Spellings>,
    towns: Vec<TownSpellings>,
    towns_weights: Weights,
    death_days: Weights,
}

impl Stock {
    pub(crate) fn new() -> Stock {
        let kk_given = [stock(KK_MALE, KK_MALE_MORE), stock(KK_FEMALE, KK_FEMALE_MORE)];
        let kk_fathers = stock(KK_FATHERS, KK_FATHERS_MORE);
        let kk_stems = stock(KK_STEMS, KK_STEMS_MORE);
        let ru_given = [stock(RU_MALE, RU_MALE_MORE), stock(RU_FEMALE, RU_FEMALE_MORE)];
        let ru_fathers = stock(RU_FATHERS, RU_FATHERS_MORE);
        let ru_surnames = stock(RU_SURNAMES, RU_SURNAMES_MORE);
        let ko_surnames = stock(KO_SURNAMES, KO_SURNAMES_MORE);
        let by_gender = |f: &dyn Fn(bool) -> Vec<Spellings>| [f(false), f(true)];
        let russian_patronymic = |father: &str, female: bool| {
            let ru = names::russian_patronymic(&russify(father), female);
            spell(&ru, &ru)
        };
        Stock {
            kk_given: by_gender(&|female| kk_given[usize::from(female)].iter().map(|w| spell_kk(w)).collect()),
            kk_given_weights: [Weights::zipf(kk_given[0].len(), 3.0), Weights::zipf(kk_given[1].len(), 3.0)],
            kk_fathers_weights: Weights::zipf(kk_fathers.len(), 3.0),
            kk_stems_weights: Weights::zipf(kk_stems.len(), 4.0),
            kk_russified: by_gender(&|female| {
                kk_stems.iter().map(|s| spell_kk(&names::feminine(&names::russified_stem(s), female))).collect()
            }),
            kk_bare: kk_stems.iter().map(|s| spell_kk(s)).collect(),
            kk_uly: by_gender(&|female| kk_fathers.iter().map(|f| spell_kk(&names::uly(f, female))).collect()),
            kk_uly_apart: by_gender(&|female| {
                kk_fathers.iter().map(|f| spell_kk(&format!("{f} {}", if female { "қызы" } else { "ұлы" }))).collect()
            }),
            kk_patronymic_ru: by_gender(&|female| kk_fathers.iter().map(|f| russian_patronymic(f, female)).collect()),
            ru_given: by_gender(&|female| ru_given[usize::from(female)].iter().map(|w| spell_kk(w)).collect()),
            ru_given_weights: [Weights::zipf(ru_given[0].len(), 3.0), Weights::zipf(ru_given[1].len(), 3.0)],
            ru_fathers_weights: Weights::zipf(ru_fathers.len(), 3.0),
            ru_surnames_weights: Weights::zipf(ru_surnames.len(), 4.0),
            ru_surnames: by_gender(&|female| {
                ru_surnames.iter().map(|s| spell_kk(&names::feminine(s, female))).collect()
            }),
            ru_patronymic: by_gender(&|female| ru_fathers.iter().map(|f| russian_patronymic(f, female)).collect()),
            ko_surnames_weights: Weights::zipf(ko_surnames.len(), 2.0),
            ko_surnames: ko_surnames.iter().map(|s| spell_kk(s)).collect(),
            towns: TOWNS
                .iter()
                .map(|t| TownSpellings {
                    ru: spell(t.ru, t.ru),
                    kk: spell_kk(t.kk),
                    aliases: t.aliases.iter().map(|a| spell(a, a)).collect(),
                })
                .collect(),
            towns_weights: Weights::new(TOWNS.iter().map(|t| t.weight)),
            death_days: Weights::new(DEATH_DAY_WEIGHTS.into_iter()),
        }
    }
}

/// One true person: indices into the stocks, and the true dates and place.
#[derive(Clone)]
pub(crate) struct Person {
    origin: Origin,
    pub(crate) female: bool,
    given: usize,
    father: usize,
    /// A Kazakh surname stem, a Russian surname or a Korean surname, by origin.
    surname: usize,
    surname_style: SurnameStyle,
    pub(crate) birth: Date,
    death: Date,
    town: usize,
}

impl Person {
    pub(crate) fn draw(stock: &Stock, rng: &mut Rng) -> Person {
        let roll: f64 = rng.random();
        let origin = if roll < 0.70 {
            Origin::Kazakh
        } else if roll < 0.95 {
            Origin::Russian
        } else {
            Origin::Korean
        };
        let female = chance(rng, 0.2);
        let g = usize::from(female);
        let (given, father, surname, surname_style) = match origin {
            Origin::Kazakh => {
                let style = match rng.random_range(0..100) {
                    0..72 => SurnameStyle::Russified,
                    72..86 => SurnameStyle::BareStem,
                    _ => SurnameStyle::Uly,
                };
                (
                    stock.kk_given_weights[g].draw(rng),
                    stock.kk_fathers_weights.draw(rng),
                    stock.kk_stems_weights.draw(rng),
                    style,
                )
            }
            Origin::Russian | Origin::Korean => {
                let surname = if origin == Origin::Korean {
                    stock.ko_surnames_weights.draw(rng)
                } else {
                    stock.ru_surnames_weights.draw(rng)
                };
                (
                    stock.ru_given_weights[g].draw(rng),
                    stock.ru_fathers_weights.draw(rng),
                    surname,
                    SurnameStyle::Russified,
                )
            }
        };
        let death = jiff::civil::date(2022, 1, 2 + stock.death_days.draw(rng) as i8);
        // Age 31 ± 11 (the peer set's): an Irwin-Hall sum of six uniforms, which needs only
        // additions, so the draw is the same on every platform (no libm).
        let sum: f64 = (0..6).map(|_| rng.random::<f64>()).sum();
        let age = (31.0 + 11.0 * (sum - 3.0) * std::f64::consts::SQRT_2).round().clamp(2.0, 90.0) as i16;
        let month = rng.random_range(1..=12);
        let mut year = 2021 - age;
        let days = jiff::civil::date(year, month, 1).days_in_month();
        let day = rng.random_range(1..=days);
        // A birthday in January up to the day of death was already this age's.
        if month == 1 && day <= death.day() {
            year += 1;
        }
        Person {
            origin,
            female,
            given,
            father,
            surname,
            surname_style,
            birth: jiff::civil::date(year, month, day),
            death,
            town: stock.towns_weights.draw(rng),
        }
    }

    fn age_at_death(&self) -> i16 {
        let before_birthday = (self.death.month(), self.death.day()) < (self.birth.month(), self.birth.day());
        self.death.year() - self.birth.year() - i16::from(before_birthday)
    }
}

/// Buffers reused from record to record, so that rendering allocates only as buffers grow.
struct Scratch {
    chars: Vec<char>,
    text: String,
}

/// Generates the set, lending each record to `emit` in file order; returns what was generated, or
/// the first error of `emit` (which stops the generation).
pub fn generate_dedupe<E>(
    config: &DedupeConfig,
    mut emit: impl FnMut(&DedupeRecord) -> Result<(), E>,
) -> Result<DedupeSummary, E> {
    let stock = Stock::new();
    let mut master = Rng::seed_from_u64(config.seed);
    // The plan: one entry per record, `person << 3 | record of the person`, shuffled so that the
    // records of a person lie apart, as on a list compiled from many sources.
    let mut plan: Vec<u64> = Vec::with_capacity(config.n_records);
    let mut cluster_sizes = [0usize; 5];
    let mut n_entities = 0u64;
    while plan.len() < config.n_records {
        let size = (weighted(&mut master, &CLUSTER_SIZE_WEIGHTS) + 1).min(config.n_records - plan.len());
        plan.extend((0..size as u64).map(|dup| n_entities << 3 | dup));
        cluster_sizes[size - 1] += 1;
        n_entities += 1;
    }
    plan.shuffle(&mut master);
    let base: u64 = master.random();

    let mut record = DedupeRecord::empty();
    let mut scratch = Scratch { chars: Vec::new(), text: String::new() };
    let mut records_per_style = [0usize; 6];
    for (record_idx, key) in plan.iter().enumerate() {
        let (person_idx, dup) = (key >> 3, (key & 7) as u8);
        // Invariant: keys are distinct for distinct (person, record), and 7 is never a record's.
        let person = Person::draw(&stock, &mut Rng::seed_from_u64(base ^ (person_idx << 3 | 7)));
        let mut rng = Rng::seed_from_u64(base ^ key);
        render(&stock, &person, dup, &mut rng, &mut record, &mut scratch);
        record.record_id.clear();
        let _ = write!(record.record_id, "R{:07}", record_idx + 1);
        record.entity_id.clear();
        let _ = write!(record.entity_id, "P{:07}", person_idx + 1);
        records_per_style[record.style.index()] += 1;
        emit(&record)?;
    }
    Ok(DedupeSummary { n_records: plan.len(), n_entities: n_entities as usize, cluster_sizes, records_per_style })
}

/// The records file and the truth file as CSV bytes (UTF-8, header rows), for small sets and tests.
pub fn dedupe_csv(config: &DedupeConfig) -> (Vec<u8>, Vec<u8>, DedupeSummary) {
    let mut records = csv::Writer::from_writer(Vec::new());
    let mut truth = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    records.write_record(DEDUPE_HEADER).expect("write to memory");
    truth.write_record(DEDUPE_TRUTH_HEADER).expect("write to memory");
    let summary = generate_dedupe(config, |r| {
        records.write_record(r.cells())?;
        truth.write_record([DEDUPE_SOURCE, &r.record_id, &r.entity_id])
    })
    .expect("write to memory");
    (records.into_inner().unwrap_or_default(), truth.into_inner().unwrap_or_default(), summary)
}

/// Renders one record of `person` into `out` (all cells but the ids); `dup` 0 is the person's
/// first record, written without copying errors.
fn render(stock: &Stock, person: &Person, dup: u8, rng: &mut Rng, out: &mut DedupeRecord, scratch: &mut Scratch) {
    let style = SourceStyle::draw(rng);
    out.style = style;
    let s = style.index();
    let (given, surname, patronymic) = name_parts(stock, person, style, rng);

    set(&mut out.given_name, given);
    set(&mut out.surname, surname);
    set(&mut out.patronymic, patronymic.unwrap_or(""));
    if style == SourceStyle::LatinInformal && chance(rng, 0.4) {
        // Press spelling of ж as j (`Jandos`, `Jumabayev`).
        for part in [&mut out.given_name, &mut out.surname, &mut out.patronymic] {
            replace_zh(part, &mut scratch.text);
        }
    }

    // Copying errors, on duplicates only: the first record of a person is the clean one.
    let noisy = dup > 0;
    if noisy {
        let letters = match style {
            SourceStyle::CyrillicRussian => LETTERS_RU,
            SourceStyle::CyrillicKazakh => LETTERS_KK,
            _ => LETTERS_LATIN,
        };
        if chance(rng, 0.15) {
            typo(rng, &mut out.given_name, letters, &mut scratch.chars);
        }
        if chance(rng, 0.15) {
            typo(rng, &mut out.surname, letters, &mut scratch.chars);
        }
        if chance(rng, 0.10) {
            typo(rng, &mut out.patronymic, letters, &mut scratch.chars);
        }
        if chance(rng, 0.04) {
            std::mem::swap(&mut out.given_name, &mut out.surname);
        }
        if chance(rng, 0.03) {
            // `Серикбаев` → `С.`: some lists abbreviate the surname of persons named elsewhere.
            if let Some(first) = out.surname.chars().next() {
                out.surname.clear();
                out.surname.push(first);
                out.surname.push('.');
            }
        }
    }

    // Capitals: passports and some registers write whole names in capitals, the press often the surname.
    let (all_caps, surname_caps) = match style {
        SourceStyle::LatinIcao => (chance(rng, 0.7), false),
        SourceStyle::CyrillicRussian => (chance(rng, 0.08), false),
        SourceStyle::CyrillicKazakh => (chance(rng, 0.03), false),
        _ => (false, chance(rng, 0.2)),
    };
    if all_caps {
        for part in [&mut out.given_name, &mut out.patronymic] {
            uppercase(part, &mut scratch.text);
        }
    }
    if all_caps || surname_caps {
        uppercase(&mut out.surname, &mut scratch.text);
    }

    // Cyrillic lists put the surname first; Latin ones more often the given name.
    let surname_first = chance(
        rng,
        match style {
            SourceStyle::CyrillicRussian => 0.85,
            SourceStyle::CyrillicKazakh => 0.5,
            _ => 0.4,
        },
    );
    out.full_name.clear();
    let order: [&str; 3] = if surname_first {
        [&out.surname, &out.given_name, &out.patronymic]
    } else {
        [&out.given_name, &out.patronymic, &out.surname]
    };
    for part in order.into_iter().filter(|p| !p.is_empty()) {
        if !out.full_name.is_empty() {
            out.full_name.push(' ');
        }
        out.full_name.push_str(part);
    }
    // Half the records give the name both whole and in parts, a quarter only whole, a quarter only in parts.
    match rng.random_range(0..4) {
        0 => {
            out.surname.clear();
            out.given_name.clear();
            out.patronymic.clear();
        }
        1 => out.full_name.clear(),
        _ => {}
    }

    // Dates, age, gender.
    out.birth_date.clear();
    if !chance(rng, 0.08) {
        if noisy && chance(rng, 0.10) {
            wrong_birth_date(rng, person.birth, &mut out.birth_date);
        } else {
            write_date(&mut out.birth_date, person.birth);
        }
    }
    out.age.clear();
    if chance(rng, 0.35) {
        let off = if noisy && chance(rng, 0.05) { if chance(rng, 0.5) { -1 } else { 1 } } else { 0 };
        let _ = write!(out.age, "{}", (person.age_at_death() + off).max(0));
    }
    set(
        &mut out.gender,
        if chance(rng, 0.3) {
            ""
        } else if person.female {
            "f"
        } else {
            "m"
        },
    );
    out.death_date.clear();
    if !chance(rng, 0.2) {
        let death = if noisy && chance(rng, 0.15) {
            person
                .death
                .checked_add(jiff::Span::new().days(if chance(rng, 0.5) { -1 } else { 1 }))
                .unwrap_or(person.death)
        } else {
            person.death
        };
        write_date(&mut out.death_date, death);
    }

    // Place: the town under its Russian, Kazakh or an older name, in this style's spelling.
    out.place.clear();
    if !chance(rng, 0.2) {
        let town = &stock.towns[person.town];
        let alias = (!town.aliases.is_empty()).then(|| &town.aliases[rng.random_range(0..town.aliases.len())]);
        let roll = rng.random_range(0..100);
        let name: &str = match style {
            SourceStyle::CyrillicRussian | SourceStyle::LatinIcao | SourceStyle::LatinInformal => match (roll, alias) {
                (0..15, Some(alias)) => &alias[s],
                (85.., _) => &town.kk[s],
                _ => &town.ru[s],
            },
            SourceStyle::CyrillicKazakh => match (roll, alias) {
                (0..10, Some(alias)) => &alias[s],
                (80.., _) => &town.ru[s],
                _ => &town.kk[s],
            },
            // English-language sources keep the conventional (passport-like) spelling of towns.
            SourceStyle::LatinBgn | SourceStyle::LatinKazakh2021 => match roll {
                0..65 => &town.kk[s],
                _ => &town.ru[SourceStyle::LatinIcao.index()],
            },
        };
        if style == SourceStyle::CyrillicRussian && chance(rng, 0.25) {
            out.place.push_str("г. ");
        }
        out.place.push_str(name);
    }

    let circumstances = match style {
        SourceStyle::CyrillicRussian => CIRCUMSTANCES_RU,
        SourceStyle::CyrillicKazakh => CIRCUMSTANCES_KK,
        _ => CIRCUMSTANCES_EN,
    };
    set(
        &mut out.circumstances,
        if chance(rng, 0.4) { circumstances[rng.random_range(0..circumstances.len())] } else { "" },
    );
}

/// The person's given name, surname and patronymic (if given) in a style's spelling, with the
/// choices a source makes (bare stem or russified surname, Kazakh or Russian patronymic, none).
pub(crate) fn name_parts<'s>(
    stock: &'s Stock,
    person: &Person,
    style: SourceStyle,
    rng: &mut Rng,
) -> (&'s str, &'s str, Option<&'s str>) {
    let s = style.index();
    let g = usize::from(person.female);

    // The name parts in this style's spelling.
    let given: &str = match person.origin {
        Origin::Kazakh => &stock.kk_given[g][person.given][s],
        Origin::Russian | Origin::Korean => &stock.ru_given[g][person.given][s],
    };
    let surname: &str = match (person.origin, person.surname_style) {
        (Origin::Kazakh, SurnameStyle::Uly) => &stock.kk_uly[g][person.father][s],
        (Origin::Kazakh, SurnameStyle::BareStem) => &stock.kk_bare[person.surname][s],
        (Origin::Kazakh, SurnameStyle::Russified) => {
            // Families and Kazakh-language sources often write the bare stem the person goes by.
            let bare = if style.is_kazakh_spelling() { 0.15 } else { 0.03 };
            if chance(rng, bare) {
                &stock.kk_bare[person.surname][s]
            } else {
                &stock.kk_russified[g][person.surname][s]
            }
        }
        (Origin::Russian, _) => &stock.ru_surnames[g][person.surname][s],
        (Origin::Korean, _) => &stock.ko_surnames[person.surname][s],
    };
    let patronymic: Option<&str> = match (person.origin, person.surname_style) {
        // The -ұлы/-қызы surname already names the father.
        (Origin::Kazakh, SurnameStyle::Uly) => None,
        (Origin::Kazakh, _) => {
            let kazakh_form = match style {
                SourceStyle::CyrillicRussian => 0.10,
                SourceStyle::CyrillicKazakh => 0.80,
                SourceStyle::LatinBgn | SourceStyle::LatinKazakh2021 => 0.65,
                SourceStyle::LatinIcao | SourceStyle::LatinInformal => 0.25,
            };
            Some(if !chance(rng, kazakh_form) {
                &stock.kk_patronymic_ru[g][person.father][s]
            } else if chance(rng, 0.3) {
                &stock.kk_uly_apart[g][person.father][s]
            } else {
                &stock.kk_uly[g][person.father][s]
            })
        }
        (Origin::Russian | Origin::Korean, _) => Some(&stock.ru_patronymic[g][person.father][s]),
    };
    // Latin lists seldom give a patronymic.
    let patronymic = patronymic.filter(|_| !chance(rng, if style.is_latin() { 0.5 } else { 0.15 }));
    (given, surname, patronymic)
}

fn set(cell: &mut String, text: &str) {
    cell.clear();
    cell.push_str(text);
}

fn write_date(out: &mut String, date: Date) {
    let _ = write!(out, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
}

/// A birth date as mis-keyed or half known: day and month swapped, the year one off, one digit
/// wrong, or only the year (as `YYYY`, or as `YYYY-01-01`, the way some registers fill it).
pub(crate) fn wrong_birth_date(rng: &mut Rng, birth: Date, out: &mut String) {
    let (year, month, day) = (birth.year(), birth.month(), birth.day());
    let wrong = match rng.random_range(0..4) {
        0 if day <= 12 && day != month => Date::new(year, day, month).ok(),
        0 | 1 => Date::new(year + if chance(rng, 0.5) { -1 } else { 1 }, month, day).ok(),
        2 => {
            // One digit: the last of the year or of the day, changed alone (no carry).
            let digit = rng.random_range(1..10);
            if chance(rng, 0.5) {
                Date::new(year - year % 10 + (year % 10 + digit) % 10, month, day).ok()
            } else {
                Date::new(year, month, day - day % 10 + (day % 10 + digit as i8) % 10).ok()
            }
        }
        _ => {
            let _ = if chance(rng, 0.5) { write!(out, "{year:04}") } else { write!(out, "{year:04}-01-01") };
            return;
        }
    };
    // A digit change that makes no date (day 35) becomes a year off instead.
    let wrong = wrong.or_else(|| Date::new(year + 1, month, day).ok());
    write_date(out, wrong.unwrap_or(birth));
}

/// One keying error in the record's own alphabet: a letter deleted, inserted, replaced, or
/// swapped with the next. The first letter is kept: lists are looked up by it.
pub(crate) fn typo(rng: &mut Rng, text: &mut String, letters: &[char], chars: &mut Vec<char>) {
    chars.clear();
    chars.extend(text.chars());
    if chars.len() < 3 {
        return;
    }
    let i = rng.random_range(1..chars.len());
    let upper = chars[i].is_uppercase();
    let mut letter = letters[rng.random_range(0..letters.len())];
    if upper {
        letter = letter.to_uppercase().next().unwrap_or(letter);
    }
    match rng.random_range(0..4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, letter),
        2 => chars[i] = letter,
        _ if i + 1 < chars.len() => chars.swap(i, i + 1),
        _ => chars.swap(i - 1, i),
    }
    text.clear();
    text.extend(chars.iter());
}

pub(crate) fn uppercase(text: &mut String, scratch: &mut String) {
    scratch.clear();
    scratch.extend(text.chars().flat_map(char::to_uppercase));
    std::mem::swap(text, scratch);
}

/// `Zhandos` → `Jandos`, `ZHUMABAYEV` → `JUMABAYEV`.
fn replace_zh(text: &mut String, scratch: &mut String) {
    if !text.contains("zh") && !text.contains("Zh") && !text.contains("ZH") {
        return;
    }
    scratch.clear();
    scratch.push_str(&text.replace("zh", "j").replace("Zh", "J").replace("ZH", "J"));
    std::mem::swap(text, scratch);
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use expect_test::{Expect, expect};

    use super::*;

    fn config(seed: u64, n_records: usize) -> DedupeConfig {
        DedupeConfig { seed, n_records }
    }

    /// The first lines of the records file and the truth file.
    fn check_head(config: DedupeConfig, n_lines: usize, expect: Expect) {
        let (records, truth, _) = dedupe_csv(&config);
        let head = |bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).unwrap().lines().take(n_lines).collect::<Vec<_>>().join("\n")
        };
        expect.assert_eq(&format!("{}\n\n{}\n", head(&records), head(&truth)));
    }

    #[test]
    fn first_records_of_a_small_set() {
        check_head(
            config(7, 1000),
            11,
            expect![[r#"
            record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances
            R0000001,,Орлова,Ирина,,2007-04-02,,f,2022-01-06,г. Алматы,ранение при разгоне митинга
            R0000002,Erasyl Qaliev,,,,1992-12-27,,m,2022-01-04,Almaty,
            R0000003,,Галина,Волкова,Владиславовна,1994-02-28,,f,2022-01-05,г. Алматы,ранение у блокпоста
            R0000004,Erzhan Kuanishuli,,,,1970-02-22,,,,Almati,died of wounds in hospital
            R0000005,Zhomart Akhmetov,Akhmetov,Zhomart,,1995-02-04,,m,,Almaty,
            R0000006,,Кузнецов,Олег,Романович,1989-10-31,31,m,2022-01-06,Алматы,
            R0000007,Gani Bolatuli,Bolatuli,Gani,,1988-06-13,33,,2022-01-06,Almati,
            R0000008,,Бейсенбаев,Марат,Ганиевич,1993-07-09,,,2022-01-06,г. Алматы,
            R0000009,Serikov Erasyl,Serikov,Erasyl,,1994-10-31,,m,2022-01-05,Almaty,shot at a checkpoint
            R0000010,Ashat Kenesovich Esimov,,,,1987-08-16,34,m,,Alma-Ata,died of wounds in hospital

            source,record_id,entity_id
            dedupe,R0000001,P0000492
            dedupe,R0000002,P0000530
            dedupe,R0000003,P0000199
            dedupe,R0000004,P0000335
            dedupe,R0000005,P0000137
            dedupe,R0000006,P0000586
            dedupe,R0000007,P0000395
            dedupe,R0000008,P0000230
            dedupe,R0000009,P0000041
            dedupe,R0000010,P0000482
        "#]],
        );
    }

    #[test]
    fn same_seed_same_bytes() {
        let a = dedupe_csv(&config(7, 3000));
        assert_eq!(a, dedupe_csv(&config(7, 3000)));
        assert_ne!(a.0, dedupe_csv(&config(8, 3000)).0);
        let (records, truth, summary) = dedupe_csv(&config(7, 0));
        assert_eq!(String::from_utf8(records).unwrap(), DEDUPE_HEADER.join(",") + "\n");
        assert_eq!(String::from_utf8(truth).unwrap(), DEDUPE_TRUTH_HEADER.join(",") + "\n");
        assert_eq!(summary.n_entities, 0);
    }

    #[test]
    fn truth_names_the_person_of_every_record() {
        let n = 40_000;
        let (records, truth, summary) = dedupe_csv(&config(11, n));
        let records = String::from_utf8(records).unwrap();
        let truth = String::from_utf8(truth).unwrap();
        assert_eq!(records.lines().next().unwrap(), DEDUPE_HEADER.join(","));
        assert_eq!(truth.lines().next().unwrap(), "source,record_id,entity_id");
        assert_eq!(summary.n_records, n);

        let mut ids = HashSet::new();
        let mut per_entity: HashMap<&str, usize> = HashMap::new();
        for (line, record) in truth.lines().skip(1).zip(csv::Reader::from_reader(records.as_bytes()).records()) {
            let record = record.unwrap();
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[0], "dedupe");
            assert_eq!(cells[1], &record[0], "the truth follows the records file line by line");
            assert!(cells[2].starts_with('P') && cells[2].len() == 8, "{line}");
            assert!(ids.insert(cells[1].to_owned()), "record ids are unique");
            assert!(!record[1].is_empty() || !record[2].is_empty() || !record[3].is_empty(), "every record has a name");
            *per_entity.entry(cells[2]).or_default() += 1;
        }
        assert_eq!(ids.len(), n);
        assert_eq!(per_entity.len(), summary.n_entities);
        let mut sizes = [0usize; 5];
        for size in per_entity.values() {
            sizes[size - 1] += 1;
        }
        assert_eq!(sizes, summary.cluster_sizes);

        // Cluster sizes and styles near the peer set's shares (linkage.md §3).
        let total: f64 = CLUSTER_SIZE_WEIGHTS.iter().sum();
        for (k, (n, weight)) in sizes.iter().zip(CLUSTER_SIZE_WEIGHTS).enumerate() {
            let (got, want) = (*n as f64 / summary.n_entities as f64, weight / total);
            assert!((got - want).abs() < 0.01, "size {}: {got} vs {want}", k + 1);
        }
        for (style, want) in SourceStyle::ALL.iter().zip([0.33, 0.14, 0.22, 0.10, 0.09, 0.12]) {
            let got = summary.records_per_style[style.index()] as f64 / n as f64;
            assert!((got - want).abs() < 0.01, "{}: {got}", style.code());
        }
    }

    #[test]
    fn stocks_hold_each_word_once() {
        for (core, more) in [
            (KK_MALE, KK_MALE_MORE),
            (KK_FEMALE, KK_FEMALE_MORE),
            (KK_FATHERS, KK_FATHERS_MORE),
            (KK_STEMS, KK_STEMS_MORE),
            (RU_MALE, RU_MALE_MORE),
            (RU_FEMALE, RU_FEMALE_MORE),
            (RU_FATHERS, RU_FATHERS_MORE),
            (RU_SURNAMES, RU_SURNAMES_MORE),
            (KO_SURNAMES, KO_SURNAMES_MORE),
        ] {
            let words = stock(core, more);
            let distinct: HashSet<&str> = words.iter().copied().collect();
            let mut seen = HashSet::new();
            let twice: Vec<&str> = words.iter().copied().filter(|w| !seen.insert(*w)).collect();
            assert_eq!(distinct.len(), words.len(), "{twice:?}");
        }
    }
}
