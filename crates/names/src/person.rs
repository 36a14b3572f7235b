//! The person match score: are two (name, birth date, gender) triples the same person?
//!
//! Evidence is summed in log-odds units and turned into a score in [0, 1] by the logistic
//! function. Each comparison adds a line to the explanation, so a vetting officer reads why:
//! `patronymic: Kazakh form vs Russian form, same stem` or `birth year 1971 vs 1994`.
//!
//! The weights encode what vetting needs (research/screening.md): an omitted patronymic costs
//! little and a contradicted one much; birth dates tolerate a day's error, a day/month swap and a
//! one-digit year typo, give strong negative evidence three or more years apart, and cost nothing
//! when absent.

use std::fmt;

use crate::given_names::are_different_names;
use crate::morph::{Form, Gender};
use crate::parse::{Lexicon, ParsedName, Role, Token, parse};

/// A birth date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthDate {
    /// The year.
    pub year: i32,
    /// 1-12, if known.
    pub month: Option<u8>,
    /// 1-31, if known (only with a month).
    pub day: Option<u8>,
}

/// A birth date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or nothing)", self.0)
    }
}

impl BirthDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty text is `None`.
    pub fn parse(text: &str) -> Result<Option<BirthDate>, BadDate> {
        // Dates are nearly always written without spaces around: trimming (which knows all of
        // Unicode's white space) only when an end is not a digit.
        let bytes = text.as_bytes();
        let text = match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) if first.is_ascii_digit() && last.is_ascii_digit() => text,
            _ => text.trim(),
        };
        if text.is_empty() {
            return Ok(None);
        }
        let bad = || BadDate(text.to_owned());
        let bytes = text.as_bytes();
        // `YYYY-MM-DD`, nearly every date given: its digits at once.
        if let Some(&[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]) = bytes.first_chunk::<10>()
            && bytes.len() == 10
            && [y1, y2, y3, y4, m1, m2, d1, d2].iter().all(u8::is_ascii_digit)
        {
            let number = |digits: &[u8]| digits.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
            let (year, month, day) = (number(&[y1, y2, y3, y4]), number(&[m1, m2]), number(&[d1, d2]));
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                return Err(bad());
            }
            return Ok(Some(BirthDate { year: year as i32, month: Some(month as u8), day: Some(day as u8) }));
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
        };
        let dash = |at: usize| bytes.get(at) == Some(&b'-');
        let (year, month, day) = match bytes.len() {
            4 => (digits(0..4), None, None),
            7 if dash(4) => (digits(0..4), Some(digits(5..7).ok_or_else(bad)?), None),
            10 if dash(4) && dash(7) => {
                (digits(0..4), Some(digits(5..7).ok_or_else(bad)?), Some(digits(8..10).ok_or_else(bad)?))
            }
            _ => return Err(bad()),
        };
        let year = year.ok_or_else(bad)?;
        if month.is_some_and(|m| !(1..=12).contains(&m)) || day.is_some_and(|d| !(1..=31).contains(&d)) {
            return Err(bad());
        }
        Ok(Some(BirthDate { year: year as i32, month: month.map(|m| m as u8), day: day.map(|d| d as u8) }))
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

/// A person as given for matching: a name in any script and order, a birth date, a gender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    name: ParsedName,
    birth_date: Option<BirthDate>,
    gender: Option<Gender>,
}

impl Person {
    /// Parses the name once, so that a person compared with many others is parsed once.
    pub fn new(name: &str, birth_date: Option<BirthDate>, gender: Option<Gender>) -> Person {
        Person { name: parse(name), birth_date, gender }
    }

    /// Like [`Person::new`], reusing the analysis of words already in `lexicon`: the way to build
    /// many persons.
    pub fn with_lexicon(
        lexicon: &mut Lexicon,
        name: &str,
        birth_date: Option<BirthDate>,
        gender: Option<Gender>,
    ) -> Person {
        Person { name: lexicon.parse(name), birth_date, gender }
    }

    /// The parsed name.
    pub fn name(&self) -> &ParsedName {
        &self.name
    }
}

/// The outcome of comparing two persons.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// In [0, 1]; 0.5 is the default threshold.
    pub score: f64,
    /// One line per piece of evidence, strongest first.
    pub explanation: Vec<String>,
}

/// The default decision threshold on [`Match::score`].
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Log-odds subtracted before the logistic function: how much evidence a match needs.
const BIAS: f64 = 3.0;

/// One piece of evidence and why.
struct Evidence {
    weight: f64,
    reason: String,
}

/// The evidence of one comparison. Reasons are written only when an explanation is wanted:
/// scoring millions of pairs must not format millions of sentences.
struct Notes<'m> {
    /// Typo decisions already made for this pair of persons, shared by all its readings.
    memo: &'m mut TypoMemo,
    explain: bool,
    /// Kept only when explaining; the fast path needs the sums alone.
    items: Vec<Evidence>,
    total: f64,
    n_items: usize,
    n_positive: usize,
}

impl<'m> Notes<'m> {
    fn new(explain: bool, memo: &'m mut TypoMemo) -> Notes<'m> {
        Notes { memo, explain, items: Vec::new(), total: 0.0, n_items: 0, n_positive: 0 }
    }

    /// Whether two tokens compared as `part` are a typing error apart, decided once per pair of
    /// tokens: the readings of a name compare the same tokens again and again.
    fn typo(&mut self, part: u8, a: &Token, b: &Token, decide: impl FnOnce() -> bool) -> bool {
        let key = (std::ptr::from_ref(a) as usize, std::ptr::from_ref(b) as usize, part);
        let memo = &mut *self.memo;
        if let Some(&(_, _, _, answer)) = memo.entries[..memo.len].iter().find(|(x, y, p, _)| (*x, *y, *p) == key) {
            return answer;
        }
        let answer = decide();
        if memo.len < memo.entries.len() {
            memo.entries[memo.len] = (key.0, key.1, key.2, answer);
            memo.len += 1;
        }
        answer
    }

    fn push(&mut self, evidence: Evidence) {
        self.total += evidence.weight;
        self.n_items += 1;
        self.n_positive += usize::from(evidence.weight > 0.0);
        if self.explain {
            self.items.push(evidence);
        }
    }

    fn total(&self) -> f64 {
        self.total
    }
}

/// Typo decisions of one pair of persons: (token, token, part, answer), on the stack.
#[derive(Default)]
struct TypoMemo {
    entries: [(usize, usize, u8, bool); 16],
    len: usize,
}

/// `format!` when the notes are for an explanation, an empty (unallocated) string otherwise.
macro_rules! note {
    ($out:expr, $($arg:tt)*) => {
        if $out.explain { format!($($arg)*) } else { String::new() }
    };
}

/// The name with each token in one slot; unknown roles are resolved one way per interpretation.
#[derive(Default, Clone, Copy)]
struct Slots<'a> {
    given: Option<&'a Token>,
    patronymic: Option<&'a Token>,
    surname: Option<&'a Token>,
    /// Words left without a slot (a second given name, a surname written twice ...).
    n_extra: usize,
    /// A -ұлы/-қызы surname read as the family's surname in Kazakh form (Қалиев's daughter
    /// Қалиқызы), not as made of the father's name (Серік's son Серікұлы).
    kazakh_family: bool,
}

impl<'a> Slots<'a> {
    fn is_taken(&self, role: Role) -> bool {
        match role {
            Role::Given => self.given.is_some(),
            Role::Patronymic => self.patronymic.is_some(),
            _ => self.surname.is_some(),
        }
    }

    /// The token that names the father: the patronymic, or a surname made of the father's name
    /// with -ұлы/-қызы.
    fn father(&self) -> Option<&'a Token> {
        self.patronymic.or(self.fathers_surname())
    }

    /// The surname, when it is a -ұлы/-қызы form made of the father's name.
    fn fathers_surname(&self) -> Option<&'a Token> {
        self.surname.filter(|t| is_kazakh_form(t) && !self.kazakh_family)
    }

    /// The family surname: any surname but one made of the father's name.
    fn family_surname(&self) -> Option<&'a Token> {
        self.surname.filter(|t| !is_kazakh_form(t) || self.kazakh_family)
    }

    fn place(&mut self, role: Role, token: &'a Token) {
        let slot = match role {
            Role::Given => &mut self.given,
            Role::Patronymic => &mut self.patronymic,
            _ => &mut self.surname,
        };
        if slot.is_none() {
            *slot = Some(token);
        } else {
            self.n_extra += 1;
        }
    }
}

/// At most this many readings of one name are kept: long names do not multiply them without end.
const MAX_READINGS: usize = 16;

/// The readings of a name, on the stack and not initialised beyond their length: this runs
/// twice per scored pair. Readings past [`MAX_READINGS`] are dropped.
type Readings<'a> = arrayvec::ArrayVec<Slots<'a>, MAX_READINGS>;

/// The slots a token may fill. A table lookup, not a `match`: roles vary from word to word, and
/// the jump a `match` compiles to was mispredicted on most names.
fn slots_for(token: &Token) -> &'static [Role] {
    const BY_ROLE: [&[Role]; 5] = [
        &[Role::Given],
        &[Role::Patronymic],
        &[Role::Surname],
        &[Role::Surname, Role::Patronymic],
        &[Role::Given, Role::Surname],
    ];
    const UNKNOWN_INITIAL: &[Role] = &[Role::Given, Role::Patronymic];
    let index = token.role as usize;
    if token.initial && token.role == Role::Unknown { UNKNOWN_INITIAL } else { BY_ROLE[index] }
}

/// Every reasonable reading of a name: tokens whose role is open are tried in each open slot.
/// The readings are written into `out`; `scratch` is the second buffer of the two used in turn,
/// so that no buffer is copied per word, and the last word's readings land in `out`.
fn interpretations<'a>(name: &'a ParsedName, out: &mut Readings<'a>, scratch: &mut Readings<'a>) {
    // Every role decided (most names): one reading, each token in its slot in turn, which is
    // what the general way below gives, without its two buffers.
    if name.tokens.iter().all(|token| slots_for(token).len() == 1) {
        let mut slots = Slots::default();
        for token in &name.tokens {
            slots.place(slots_for(token)[0], token);
        }
        out.clear();
        out.push(slots);
        add_kazakh_family_readings(out);
        return;
    }
    let buffers = [out, scratch];
    // Each word moves the readings to the other buffer: start where an even count ends in `out`.
    let (mut current, mut next) = if name.tokens.len().is_multiple_of(2) { (0, 1) } else { (1, 0) };
    buffers[next].clear();
    buffers[current].clear();
    buffers[current].push(Slots::default());
    for token in &name.tokens {
        let roles = slots_for(token);
        let open = roles.len() > 1;
        buffers[next].clear();
        for k in 0..buffers[current].len() {
            let reading = buffers[current][k];
            for &role in roles {
                // An open role goes only to a free slot: two words read as two surnames would
                // hide a given name that contradicts.
                if open && reading.is_taken(role) {
                    continue;
                }
                let mut slots = reading;
                slots.place(role, token);
                let _ = buffers[next].try_push(slots);
            }
            if open && roles.iter().all(|&role| reading.is_taken(role)) {
                let mut slots = reading;
                slots.n_extra += 1;
                let _ = buffers[next].try_push(slots);
            }
        }
        (current, next) = (next, current);
    }
    debug_assert_eq!(current, 0, "the readings end in `out`");
    add_kazakh_family_readings(&mut *buffers[current]);
}

/// A -ұлы/-қызы surname is read both ways: made of the father's name, or the family's surname
/// in Kazakh form (families changed -ов to -ұлы; Қалиева and Қалиқызы may be one woman).
fn add_kazakh_family_readings(readings: &mut Readings<'_>) {
    for k in 0..readings.len() {
        let reading = readings[k];
        if reading.surname.is_some_and(is_kazakh_form) {
            let _ = readings.try_push(Slots { kazakh_family: true, ..reading });
        }
    }
}

fn is_kazakh_form(token: &Token) -> bool {
    token.patronymic.as_ref().is_some_and(|stem| stem.form == Form::Kazakh)
}

fn form_name(form: Form) -> &'static str {
    match form {
        Form::Russian => "Russian form",
        Form::Kazakh => "Kazakh form",
        Form::Bare => "bare form",
    }
}

/// Whether two tokens are a typing error apart, judged on their skeletons and on their plain Latin
/// forms (where a swapped pair of letters is one edit even inside a digraph). The reference for
/// [`stems_or_tokens_typo`].
#[cfg(test)]
fn tokens_typo(a: &Token, b: &Token) -> bool {
    is_typo(&a.skeleton, &b.skeleton) || is_typo(&a.plain, &b.plain)
}

/// `is_typo(x, y) || tokens_typo(a, b)`, without asking again about the same two spellings: a
/// stem is often the skeleton itself (a bare surname, a given name), and a plain form often the
/// skeleton too (most Latin spellings), and the answer would only be the same.
fn stems_or_tokens_typo(x: &str, y: &str, a: &Token, b: &Token) -> bool {
    let same = |p: (&str, &str), q: (&str, &str)| p.0.len() == q.0.len() && p.1.len() == q.1.len() && p == q;
    let (stems, skeletons, plain) =
        ((x, y), (a.skeleton.as_str(), b.skeleton.as_str()), (a.plain.as_str(), b.plain.as_str()));
    is_typo(x, y)
        || (!same(skeletons, stems) && is_typo(skeletons.0, skeletons.1))
        || (!same(plain, stems) && !same(plain, skeletons) && is_typo(plain.0, plain.1))
}

/// Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions) by
/// Hyyrö's bit-parallel algorithm (2003): one machine word holds a whole column of the dynamic
/// programme, so a pair of names costs a few instructions per letter. Names' skeletons and plain
/// forms are short ASCII; anything else falls back to `strsim`.
fn osa_distance(a: &str, b: &str) -> usize {
    let lowercase = |text: &str| text.bytes().all(|byte| byte.is_ascii_lowercase());
    let both_lowercase = lowercase(a) && lowercase(b);
    if a.is_empty() || a.len() > 64 || !(both_lowercase || a.is_ascii() && b.is_ascii()) {
        return strsim::osa_distance(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Skeletons and plain forms are lower-case letters, which the low five bits tell apart: a
    // table of 32 masks is enough then; other text gets one per ASCII byte.
    if both_lowercase {
        let mut positions = [0u64; 32];
        for (i, &byte) in a.iter().enumerate() {
            positions[usize::from(byte & 31)] |= 1 << i;
        }
        return osa_bit_parallel(a.len(), b.iter().map(|&byte| positions[usize::from(byte & 31)]));
    }
    // For each byte value, the positions of `a` where it occurs.
    let mut positions = [0u64; 128];
    for (i, &byte) in a.iter().enumerate() {
        positions[usize::from(byte)] |= 1 << i;
    }
    osa_bit_parallel(a.len(), b.iter().map(|&byte| positions[usize::from(byte)]))
}

/// Hyyrö's recurrence over the match masks of `b`'s letters against `a` (of length `a_len`,
/// at most 64).
fn osa_bit_parallel(a_len: usize, matches_of_b: impl Iterator<Item = u64>) -> usize {
    let last = 1u64 << (a_len - 1);
    // Vertical differences +1 and -1 of the current column, the distance in the last row, and
    // the previous letter's match mask and diagonal zeros (for transpositions).
    let (mut plus, mut minus, mut distance) = (u64::MAX, 0u64, a_len);
    let (mut previous_match, mut previous_zero) = (0u64, 0u64);
    for matches in matches_of_b {
        let transposed = ((!previous_zero & matches) << 1) & previous_match;
        let zero = (((matches & plus).wrapping_add(plus)) ^ plus) | matches | minus | transposed;
        let horizontal_plus = minus | !(zero | plus);
        let horizontal_minus = zero & plus;
        if horizontal_plus & last != 0 {
            distance += 1;
        } else if horizontal_minus & last != 0 {
            distance -= 1;
        }
        let shifted = (horizontal_plus << 1) | 1;
        minus = shifted & zero;
        plus = (horizontal_minus << 1) | !(shifted | zero);
        previous_match = matches;
        previous_zero = zero;
    }
    distance
}

/// Jaro-Winkler similarity, on bytes with the matched letters of each side kept in one machine
/// word: names' skeletons and plain forms are short ASCII. Anything else goes to `strsim`, whose
/// general version allocates its flags on every call.
fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.is_empty() || y.is_empty() || x.len() > 64 || y.len() > 64 || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    let window = (x.len().max(y.len()) / 2).saturating_sub(1);
    let (mut matched_x, mut matched_y) = (0u64, 0u64);
    for (i, &letter) in x.iter().enumerate() {
        let (low, high) = (i.saturating_sub(window), (i + window + 1).min(y.len()));
        if let Some(j) = (low..high).find(|&j| matched_y & (1 << j) == 0 && y[j] == letter) {
            matched_x |= 1 << i;
            matched_y |= 1 << j;
        }
    }
    let matches = matched_x.count_ones();
    if matches == 0 {
        return 0.0;
    }
    // Transpositions: matched letters of each side, in order, that differ.
    let (mut rest_x, mut rest_y, mut half_transpositions) = (matched_x, matched_y, 0u32);
    while rest_x != 0 {
        let (i, j) = (rest_x.trailing_zeros() as usize, rest_y.trailing_zeros() as usize);
        half_transpositions += u32::from(x[i] != y[j]);
        rest_x &= rest_x - 1;
        rest_y &= rest_y - 1;
    }
    let m = f64::from(matches);
    let jaro = (m / x.len() as f64 + m / y.len() as f64 + (m - f64::from(half_transpositions / 2)) / m) / 3.0;
    // Winkler's bonus for a shared prefix, given only above his boost threshold of 0.7.
    if jaro <= 0.7 {
        return jaro;
    }
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

/// The L1 distance between the byte histograms of two strings (bytes folded into 64 buckets).
fn letter_count_difference(a: &str, b: &str) -> u32 {
    // 32 buckets tell the lower-case letters apart; merging other bytes only lowers the sum, which
    // stays a lower bound of the true difference. Longer texts than fit the counters are not
    // words; they get no bound.
    if a.len() > 127 || b.len() > 127 {
        return 0;
    }
    let mut counts = [0i8; 32];
    for byte in a.bytes() {
        counts[usize::from(byte & 31)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte & 31)] -= 1;
    }
    counts.iter().map(|c| u32::from(c.unsigned_abs())).sum()
}

/// Whether two spellings are a typing error apart: one edit (or two in a long name), or very
/// close by Jaro-Winkler.
pub fn is_typo(a: &str, b: &str) -> bool {
    let len = a.len().min(b.len());
    // More than two letters apart in length is never a typing error of this kind; checking it
    // first spares the edit distance on most unrelated pairs.
    if a.len().abs_diff(b.len()) > 2 || len < 4 {
        return false;
    }
    // Each edit changes the letter counts by at most two: a cheap bound that rules out most
    // unrelated pairs before the edit distance is computed.
    if letter_count_difference(a, b) > 6 {
        return false;
    }
    // Optimal string alignment: Damerau-Levenshtein with adjacent transpositions.
    let edits = osa_distance(a, b);
    edits <= 1 || (len >= 8 && edits <= 2) || (edits <= 3 && jaro_winkler(a, b) >= 0.95)
}

/// The Latin letters an initial may be written with for a word starting with `c` (any script):
/// `Е` is `E` or `Y` (Yerlan), `Ж` is `Z` or `J`, `Ш` is `S` or `Ş`, `Ю` is `Y`, `I` or `J` ...
fn initial_letters(c: char) -> &'static [char] {
    match c {
        'а' | 'ә' | 'a' | 'ä' | 'á' => &['a'],
        'б' | 'b' => &['b'],
        'в' | 'v' | 'w' => &['v', 'w'],
        'г' | 'ғ' | 'g' | 'ğ' | 'ġ' => &['g'],
        'д' | 'd' => &['d'],
        'е' | 'e' | 'é' | 'è' | 'ë' => &['e', 'y'],
        'ё' => &['e', 'y'],
        'ж' | 'ž' => &['z', 'j'],
        'з' | 'z' => &['z'],
        'и' | 'і' | 'i' | 'ı' | 'ī' | 'ì' | 'İ' => &['i'],
        'й' => &['y', 'i', 'j'],
        'к' | 'қ' | 'k' | 'q' | 'ķ' => &['k', 'q'],
        'л' | 'l' => &['l'],
        'м' | 'm' => &['m'],
        'н' | 'ң' | 'n' | 'ñ' | 'ņ' => &['n'],
        'о' | 'ө' | 'o' | 'ö' | 'ô' => &['o'],
        'п' | 'p' => &['p'],
        'р' | 'r' => &['r'],
        'с' | 's' => &['s'],
        'т' | 't' => &['t'],
        'у' | 'ұ' | 'ү' | 'u' | 'ü' | 'ū' | 'ù' => &['u'],
        'ф' | 'f' => &['f'],
        'х' | 'h' | 'ḩ' => &['k', 'h', 'x'],
        'һ' => &['h'],
        'ц' => &['t', 'c'],
        'ч' | 'ç' | 'č' => &['c', 'ç'],
        'c' => &['c', 'k', 't'],
        'ш' | 'щ' | 'ş' | 'š' => &['s', 'ş'],
        'ы' => &['y', 'i'],
        'э' => &['e'],
        'ю' | 'я' => &['y', 'i', 'j'],
        'j' => &['j', 'z', 'y', 'i'],
        'y' => &['y', 'e', 'i', 'j'],
        'x' => &['x', 'k', 'h'],
        _ => &[],
    }
}

/// Whether an initial can stand for a full word, across scripts: compares the first letters as
/// written, not skeletons (the skeleton of Ю is `iu`, which an И must not fit).
pub fn initial_fits(initial: &Token, full: &Token) -> bool {
    let (Some(i), Some(f)) = (initial.text.chars().next(), full.text.chars().next()) else { return false };
    initial_letter_fits(i, f)
}

/// Whether an initial `i` can stand for a word whose first letter is `f`, across scripts: the
/// test behind [`initial_fits`], for callers that keep words as text (the linkage engine).
pub fn initial_letter_fits(i: char, f: char) -> bool {
    let (is, fs) = (initial_letters(i), initial_letters(f));
    let cyrillic = |c: char| crate::script::is_cyrillic(c);
    match (cyrillic(i), cyrillic(f)) {
        // Same script: the same letter, Kazakh and Russian letters alike (қ/к, ұ/у ...).
        (true, true) => {
            i == f || crate::skeleton::skeleton(&i.to_string()) == crate::skeleton::skeleton(&f.to_string())
        }
        (false, false) => is.iter().any(|c| fs.contains(c)),
        // A Latin initial for a Cyrillic word: one of the letters the Cyrillic may be written with.
        (false, true) => is.first().is_some_and(|c| fs.contains(c)) || fs.contains(&i),
        (true, false) => fs.first().is_some_and(|c| is.contains(c)) || is.contains(&f),
    }
}

fn compare_given(a: Option<&Token>, b: Option<&Token>, out: &mut Notes<'_>) {
    let (Some(a), Some(b)) = (a, b) else { return };
    let evidence = match (a.initial, b.initial) {
        (true, true) if initial_fits(a, b) => (0.5, note!(out, "given name: initials {} and {} agree", a.text, b.text)),
        (true, true) => (-4.0, note!(out, "given name: initials {} vs {}", a.text, b.text)),
        (true, false) | (false, true) => {
            let (initial, full) = if a.initial { (a, b) } else { (b, a) };
            if initial_fits(initial, full) {
                (0.8, note!(out, "given name: initial {} fits {}", initial.text, full.text))
            } else {
                (-4.0, note!(out, "given name: initial {} does not fit {}", initial.text, full.text))
            }
        }
        (false, false) => {
            let (x, y) = (a.word.given_key(), b.word.given_key());
            if a.skeleton == b.skeleton {
                (4.0, note!(out, "given name: {} = {}", a.text, b.text))
            } else if x == y {
                (3.5, note!(out, "given name: {} and {} are conventional variants", a.text, b.text))
            } else if out.typo(b'g', a, b, || stems_or_tokens_typo(x, y, a, b)) && !are_different_names(x, y) {
                (2.0, note!(out, "given name: {} vs {}, a spelling error apart", a.text, b.text))
            } else {
                (-5.0, note!(out, "given name: {} vs {}", a.text, b.text))
            }
        }
    };
    out.push(Evidence { weight: evidence.0, reason: evidence.1 });
}

fn compare_surname(a: Option<&Token>, b: Option<&Token>, out: &mut Notes<'_>) {
    let (Some(a), Some(b)) = (a, b) else { return };
    let (x, y) = (&a.surname, &b.surname);
    let forms =
        if x.form == y.form { String::new() } else { note!(out, " ({} vs {})", form_name(x.form), form_name(y.form)) };
    // `x.same_stem(y)`, with the conventional forms the lexicon worked out.
    let same = x.same_reading(y) || a.word.surname_key() == b.word.surname_key();
    let (weight, reason) = if a.skeleton == b.skeleton {
        (5.0, note!(out, "surname: {} = {}", a.text, b.text))
    } else if same {
        (5.0, note!(out, "surname: {} and {} share the stem {}{forms}", a.text, b.text, x.stem))
    } else if out.typo(b's', a, b, || stems_or_tokens_typo(&x.stem, &y.stem, a, b))
        && !are_different_names(&x.stem, &y.stem)
    {
        (3.0, note!(out, "surname: {} vs {}, a spelling error apart{forms}", a.text, b.text))
    } else {
        (-6.0, note!(out, "surname: {} vs {}", a.text, b.text))
    };
    out.push(Evidence { weight, reason });
    if let (Some(g), Some(h)) = (x.gender, y.gender)
        && g != h
    {
        out.push(Evidence {
            weight: -2.5,
            reason: note!(
                out,
                "surname: {} is a {} form, {} a {} form",
                a.text,
                gender_word(g),
                b.text,
                gender_word(h)
            ),
        });
    }
}

fn gender_word(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

fn compare_patronymic(a: Option<&Token>, b: Option<&Token>, out: &mut Notes<'_>) {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        (Some(only), None) | (None, Some(only)) => {
            out.push(Evidence { weight: -0.3, reason: note!(out, "patronymic: {} given on one side only", only.text) });
            return;
        }
        (None, None) => return,
    };
    if a.initial || b.initial {
        let (initial, other) = if a.initial { (a, b) } else { (b, a) };
        let (weight, reason) = if initial_fits(initial, other) {
            (0.5, note!(out, "patronymic: initial {} fits {}", initial.text, other.text))
        } else {
            (-4.0, note!(out, "patronymic: initial {} does not fit {}", initial.text, other.text))
        };
        out.push(Evidence { weight, reason });
        return;
    }
    // A token read as a patronymic without a patronymic suffix is its own stem.
    let (x, y) = (a.father_stem(), b.father_stem());
    let forms =
        if x.form == y.form { String::new() } else { note!(out, ", {} vs {}", form_name(x.form), form_name(y.form)) };
    let (weight, reason) = if x.same_reading(y) || a.word.father_key() == b.word.father_key() {
        (2.5, note!(out, "patronymic: {} and {}{forms}, same stem {}", a.text, b.text, x.stem))
    } else if out.typo(b'p', a, b, || stems_or_tokens_typo(&x.stem, &y.stem, a, b))
        && !are_different_names(&x.stem, &y.stem)
    {
        (1.5, note!(out, "patronymic: {} vs {}, a spelling error apart{forms}", a.text, b.text))
    } else {
        (-7.0, note!(out, "patronymic: {} vs {}: different fathers", a.text, b.text))
    };
    out.push(Evidence { weight, reason });
}

/// Whether two digit strings differ in exactly one place.
fn one_digit_apart(a: i32, b: i32) -> bool {
    let (mut a, mut b, mut differing) = (a.abs(), b.abs(), 0);
    while a > 0 || b > 0 {
        differing += usize::from(a % 10 != b % 10);
        a /= 10;
        b /= 10;
    }
    differing == 1
}

fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    // Howard Hinnant's algorithm: days since 1970-01-01 for the proleptic Gregorian calendar.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn compare_birth_dates(a: Option<BirthDate>, b: Option<BirthDate>, out: &mut Notes<'_>) {
    let (Some(a), Some(b)) = (a, b) else { return };
    let years_apart = (a.year - b.year).abs();
    let full = |d: BirthDate| d.month.zip(d.day);
    let (weight, reason) = match (full(a), full(b)) {
        (Some((am, ad)), Some((bm, bd))) => {
            let days = (days_from_civil(a.year, am, ad) - days_from_civil(b.year, bm, bd)).abs();
            if days == 0 {
                (3.0, note!(out, "birth date: {a} on both sides"))
            } else if days == 1 {
                (2.0, note!(out, "birth date: {a} vs {b}, one day apart"))
            } else if a.year == b.year && am == bd && ad == bm {
                (2.0, note!(out, "birth date: {a} vs {b}, day and month swapped"))
            } else if am == bm && ad == bd && one_digit_apart(a.year, b.year) {
                (1.5, note!(out, "birth date: {a} vs {b}, one digit of the year differs"))
            } else if years_apart >= 3 {
                (-12.0, note!(out, "birth year {} vs {}: {years_apart} years apart", a.year, b.year))
            } else {
                (-2.0, note!(out, "birth date: {a} vs {b}"))
            }
        }
        _ => {
            if years_apart == 0 {
                (1.0, note!(out, "birth year {} on both sides", a.year))
            } else if years_apart == 10 && one_digit_apart(a.year, b.year) {
                // The tens digit off by one (1961/1971) is a common slip; with the year alone
                // there is no day and month to confirm it.
                (-3.0, note!(out, "birth year {} vs {}: the tens digit differs", a.year, b.year))
            } else if years_apart >= 3 {
                (-12.0, note!(out, "birth year {} vs {}: {years_apart} years apart", a.year, b.year))
            } else {
                (-0.5, note!(out, "birth year {} vs {}", a.year, b.year))
            }
        }
    };
    out.push(Evidence { weight, reason });
}

/// The gender of a person: as given, or as the suffixes of the surname and patronymic mark it.
fn gender_of(person: &Person, slots: &Slots<'_>) -> Option<Gender> {
    person.gender.or_else(|| {
        let from_patronymic = slots.patronymic.and_then(|t| t.patronymic.as_ref()).and_then(|s| s.gender);
        from_patronymic.or_else(|| slots.surname.and_then(|t| t.surname.gender))
    })
}

fn compare_genders(a: Option<Gender>, b: Option<Gender>, out: &mut Notes<'_>) {
    if let (Some(a), Some(b)) = (a, b)
        && a != b
    {
        out.push(Evidence { weight: -4.0, reason: note!(out, "gender: {} vs {}", gender_word(a), gender_word(b)) });
    }
}

fn evaluate<'m>(
    a: &Person,
    b: &Person,
    x: &Slots<'_>,
    y: &Slots<'_>,
    explain: bool,
    memo: &'m mut TypoMemo,
) -> Notes<'m> {
    let mut out = Notes::new(explain, memo);
    let both_kazakh_surnames = x.surname.is_some_and(is_kazakh_form) && y.surname.is_some_and(is_kazakh_form);
    if both_kazakh_surnames {
        // Both surnames are -ұлы/-қызы forms: made of the fathers' names or of the families',
        // comparing them is right either way, and reading them differently would hide a conflict.
        compare_surname(x.surname, y.surname, &mut out);
        compare_patronymic(x.patronymic, y.patronymic, &mut out);
    } else {
        compare_surname(x.family_surname(), y.family_surname(), &mut out);
        compare_patronymic(x.father(), y.father(), &mut out);
    }
    compare_given(x.given, y.given, &mut out);
    let extras = x.n_extra + y.n_extra;
    if extras > 0 {
        out.push(Evidence {
            weight: -0.5 * extras as f64,
            reason: note!(out, "name: {extras} word(s) without a counterpart"),
        });
    }
    if out.n_positive == 0 && out.n_items < 2 {
        out.push(Evidence { weight: -3.0, reason: note!(out, "name: no part of the names corresponds") });
    }
    compare_birth_dates(a.birth_date, b.birth_date, &mut out);
    compare_genders(gender_of(a, x), gender_of(b, y), &mut out);
    out
}

/// The readings of both names that explain the pair best, and their total evidence.
fn best_readings<'a, 'b>(a: &'a Person, b: &'b Person) -> (f64, Option<(Slots<'a>, Slots<'b>)>) {
    let (mut readings_a, mut scratch_a) = (Readings::new(), Readings::new());
    let (mut readings_b, mut scratch_b) = (Readings::new(), Readings::new());
    interpretations(&a.name, &mut readings_a, &mut scratch_a);
    interpretations(&b.name, &mut readings_b, &mut scratch_b);
    let mut best: (f64, Option<(Slots<'a>, Slots<'b>)>) = (f64::NEG_INFINITY, None);
    let mut memo = TypoMemo::default();
    // A -ұлы/-қызы surname is read as the family's only against a family surname in another form
    // (Қалиева): against a patronymic or nothing, that reading would only hide a contradiction.
    let family_fits =
        |s: &Slots<'_>, other: &Slots<'_>| !s.kazakh_family || other.surname.is_some_and(|t| !is_kazakh_form(t));
    for x in readings_a.as_slice() {
        for y in readings_b.as_slice() {
            if !family_fits(x, y) || !family_fits(y, x) {
                continue;
            }
            let total = evaluate(a, b, x, y, false, &mut memo).total();
            if best.1.is_none() || total > best.0 {
                best = (total, Some((*x, *y)));
            }
        }
    }
    best
}

fn logistic(total: f64) -> f64 {
    1.0 / (1.0 + (-(total - BIAS)).exp())
}

/// The score alone, without writing an explanation: the fast path for large batches.
pub fn score_persons(a: &Person, b: &Person) -> f64 {
    let (total, readings) = best_readings(a, b);
    if readings.is_none() { 0.0 } else { logistic(total) }
}

/// Scores whether `a` and `b` are the same person, with an explanation.
pub fn match_persons(a: &Person, b: &Person) -> Match {
    let (total, readings) = best_readings(a, b);
    let Some((x, y)) = readings else { return Match { score: 0.0, explanation: Vec::new() } };
    let mut memo = TypoMemo::default();
    let mut notes = evaluate(a, b, &x, &y, true, &mut memo);
    notes.items.sort_by(|p, q| q.weight.abs().total_cmp(&p.weight.abs()));
    Match {
        score: logistic(total),
        explanation: notes.items.into_iter().map(|e| format!("{} ({:+.1})", e.reason, e.weight)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    fn person(text: &str) -> Person {
        // `name | birth date | gender`
        let mut parts = text.split('|').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let birth = BirthDate::parse(parts.next().unwrap_or_default()).unwrap();
        let gender = match parts.next().unwrap_or_default() {
            "m" => Some(Gender::Male),
            "f" => Some(Gender::Female),
            _ => None,
        };
        Person::new(name, birth, gender)
    }

    #[track_caller]
    fn check(a: &str, b: &str, expect: Expect) {
        let result = match_persons(&person(a), &person(b));
        let decision = if result.score >= DEFAULT_THRESHOLD { "match" } else { "no-match" };
        expect.assert_eq(&format!("{:.3} {decision}\n{}", result.score, result.explanation.join("\n")));
    }

    #[test]
    fn kazakh_patronymic_as_surname_vs_russian_full_name() {
        check(
            "Серікұлы Ерлан",
            "Ерлан Серикович Серикбаев",
            expect![[r#"
            0.971 match
            given name: ерлан = ерлан (+4.0)
            patronymic: серікұлы and серикович, Kazakh form vs Russian form, same stem serik (+2.5)"#]],
        );
    }

    #[test]
    fn passport_capitals_vs_initials() {
        check(
            "SERIKBAYEV ERLAN",
            "E. Serikbaev",
            expect![[r#"
            0.943 match
            surname: serikbayev = serikbaev (+5.0)
            given name: initial e fits erlan (+0.8)"#]],
        );
    }

    #[test]
    fn namesakes_born_decades_apart() {
        check(
            "Erlan Serikbaev | 1971",
            "Erlan Serikbaev | 1994",
            expect![[r#"
                0.002 no-match
                birth year 1971 vs 1994: 23 years apart (-12.0)
                surname: serikbaev = serikbaev (+5.0)
                given name: erlan = erlan (+4.0)"#]],
        );
    }

    #[test]
    fn contradicted_patronymic() {
        check(
            "Серикбаев Ерлан Серикович",
            "Серикбаев Ерлан Нурланович",
            expect![[r#"
            0.269 no-match
            patronymic: серикович vs нурланович: different fathers (-7.0)
            surname: серикбаев = серикбаев (+5.0)
            given name: ерлан = ерлан (+4.0)"#]],
        );
    }

    #[test]
    fn birth_date_typos() {
        check(
            "Айгүл Нұрланқызы | 1985-03-04 | f",
            "Aigul Nurlanovna | 1985-04-03",
            expect![[r#"
            0.996 match
            given name: айгүл = aigul (+4.0)
            patronymic: нұрланқызы and nurlanovna, Kazakh form vs Russian form, same stem nurlan (+2.5)
            birth date: 1985-03-04 vs 1985-04-03, day and month swapped (+2.0)"#]],
        );
        check(
            "Айгүл Нұрланқызы | 1985-03-04",
            "Aigul Nurlankyzy | 1986-03-04",
            expect![[r#"
            0.999 match
            surname: нұрланқызы = nurlankyzy (+5.0)
            given name: айгүл = aigul (+4.0)
            birth date: 1985-03-04 vs 1986-03-04, one digit of the year differs (+1.5)"#]],
        );
    }

    #[test]
    fn same_surname_other_given_name() {
        check(
            "Ахметов Бауыржан",
            "Ахметов Нұрлан",
            expect![[r#"
            0.047 no-match
            surname: ахметов = ахметов (+5.0)
            given name: бауыржан vs нұрлан (-5.0)"#]],
        );
    }

    #[test]
    fn conventional_spellings() {
        check(
            "Шыңғыс Сәтбаев",
            "Чингиз Сатпаев",
            expect![[r#"
            0.996 match
            surname: сәтбаев and сатпаев share the stem satbai (+5.0)
            given name: шыңғыс and чингиз are conventional variants (+3.5)"#]],
        );
    }

    #[test]
    fn slots_follow_the_roles() {
        let name = parse("Ерлан");
        for role in [Role::Given, Role::Patronymic, Role::Surname, Role::SurnameOrPatronymic, Role::Unknown] {
            for initial in [false, true] {
                let token = Token { role, initial, ..name.tokens[0].clone() };
                let expected: &[Role] = match role {
                    Role::Unknown if initial => &[Role::Given, Role::Patronymic],
                    Role::Unknown => &[Role::Given, Role::Surname],
                    Role::SurnameOrPatronymic => &[Role::Surname, Role::Patronymic],
                    Role::Given => &[Role::Given],
                    Role::Patronymic => &[Role::Patronymic],
                    Role::Surname => &[Role::Surname],
                };
                assert_eq!(slots_for(&token), expected);
            }
        }
    }

    #[test]
    fn two_known_names_one_letter_apart_are_two_names() {
        check(
            "Карпова Алина Юрьевна",
            "Karpova Arina Yuryevna",
            expect![[r#"
            0.378 no-match
            surname: карпова = karpova (+5.0)
            given name: алина vs arina (-5.0)
            patronymic: юрьевна and yuryevna, same stem iur (+2.5)"#]],
        );
        check(
            "Кенжебеков Мирас",
            "Кенжебаев Мирас",
            expect![[r#"
            0.007 no-match
            surname: кенжебеков vs кенжебаев (-6.0)
            given name: мирас = мирас (+4.0)"#]],
        );
    }

    #[test]
    fn kazakh_form_surname_as_the_family_name() {
        check(
            "Асель Калиева",
            "Асель Калиқызы",
            expect![[r#"
            0.998 match
            surname: калиева and калиқызы share the stem kali (Russian form vs Kazakh form) (+5.0)
            given name: асель = асель (+4.0)"#]],
        );
        // Read as made of the fathers' names, two -ұлы surnames still contradict.
        check(
            "Нурланулы Нуржан",
            "Амангелдиулы Нуржан",
            expect![[r#"
            0.007 no-match
            surname: нурланулы vs амангелдиулы (-6.0)
            given name: нуржан = нуржан (+4.0)"#]],
        );
    }

    proptest::proptest! {
        #[test]
        fn osa_on_bytes_agrees_with_strsim(a in "[a-e]{0,12}", b in "[a-e]{0,12}") {
            proptest::prop_assert_eq!(osa_distance(&a, &b), strsim::osa_distance(&a, &b));
        }

        #[test]
        fn jaro_winkler_on_bytes_agrees_with_strsim(a in "[a-f]{0,40}", b in "[a-f]{0,40}") {
            let (ours, theirs) = (jaro_winkler(&a, &b), strsim::jaro_winkler(&a, &b));
            proptest::prop_assert!((ours - theirs).abs() < 1e-12, "{} vs {}", ours, theirs);
        }

        #[test]
        fn osa_on_any_ascii_agrees_with_strsim(a in "[a-cA-C0-2 ]{0,12}", b in "[a-cA-C0-2 ]{0,12}") {
            proptest::prop_assert_eq!(osa_distance(&a, &b), strsim::osa_distance(&a, &b));
        }

        #[test]
        fn osa_on_long_words_agrees_with_strsim(a in "[a-z]{50,64}", b in "[a-z]{0,70}") {
            proptest::prop_assert_eq!(osa_distance(&a, &b), strsim::osa_distance(&a, &b));
        }
    }

    proptest::proptest! {
        /// The fast path for `YYYY-MM-DD` gives what the general one gives.
        #[test]
        fn full_dates_parse_as_the_general_path_does(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            let bytes = text.as_bytes();
            let digits = |range: std::ops::Range<usize>| -> u32 { text[range].parse().unwrap() };
            let (year, month, day) = (digits(0..4), digits(5..7), digits(8..10));
            let expected = if (1..=12).contains(&month) && (1..=31).contains(&day) {
                Ok(Some(BirthDate { year: year as i32, month: Some(month as u8), day: Some(day as u8) }))
            } else {
                Err(BadDate(text.clone()))
            };
            proptest::prop_assert_eq!(bytes.len(), 10);
            proptest::prop_assert_eq!(BirthDate::parse(&text), expected);
        }
    }

    proptest::proptest! {
        /// Skipping spellings already asked about changes no answer.
        #[test]
        fn typo_questions_asked_once_agree(a in "[a-zа-яқұ]{3,9}", b in "[a-zа-яқұ]{3,9}", typo in 0..3usize) {
            // Half the time, `b` is `a` with one letter changed.
            let b = if typo == 0 { b } else {
                let mut letters: Vec<char> = a.chars().collect();
                let at = letters.len() / 2;
                letters[at] = if letters[at] == 'a' { 'o' } else { 'a' };
                letters.into_iter().collect()
            };
            let (x, y) = (parse(&a), parse(&b));
            let (Some(x), Some(y)) = (x.tokens.first(), y.tokens.first()) else { return Ok(()) };
            for (p, q) in [(&x.surname, &y.surname), (x.father_stem(), y.father_stem())] {
                proptest::prop_assert_eq!(
                    stems_or_tokens_typo(&p.stem, &q.stem, x, y),
                    is_typo(&p.stem, &q.stem) || tokens_typo(x, y)
                );
            }
            let (g, h) = (x.word.given_key(), y.word.given_key());
            proptest::prop_assert_eq!(stems_or_tokens_typo(g, h, x, y), is_typo(g, h) || tokens_typo(x, y));
        }
    }

    #[test]
    fn birth_dates_parse() {
        assert_eq!(BirthDate::parse("1971").unwrap(), Some(BirthDate { year: 1971, month: None, day: None }));
        assert_eq!(BirthDate::parse("").unwrap(), None);
        assert!(BirthDate::parse("1971-13-01").is_err());
        assert!(BirthDate::parse("02.03.1971").is_err());
    }
}
