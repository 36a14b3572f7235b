//! Parsing a free-text personal name into given name, patronymic, surname and initials, in any
//! order: `Серикбаев Ерлан Серикович` (official lists put the surname first), `Erlan Serikbaev`,
//! `SERIKBAYEV Erlan`, `Е.С. Серикбаев`, `Серікұлы Ерлан`.
//!
//! Roles come from the form of each token: patronymic suffixes (-ович, -ұлы ...), surname suffixes
//! (-ов, -ева ...), capitals in a mixed-case name (`SERIKBAYEV Erlan`), initials, and position.
//! Where the form does not decide, the role stays [`Role::Unknown`] and the scorer tries both.

use std::sync::Arc;

use smallvec::SmallVec;

use crate::morph;

/// What a token of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The given (first) name.
    Given,
    /// The father's name: -ович/-овна or -ұлы/-қызы.
    Patronymic,
    /// The family name.
    Surname,
    /// A -ұлы/-қызы form that may be the surname (made from the father's name) or a patronymic.
    SurnameOrPatronymic,
    /// Not decided by form or position.
    Unknown,
}

/// Everything the engine derives from one written word, whatever its role: computed once per
/// distinct word and shared ([`Lexicon`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms {
    /// The word as written, normalised (lower case, NFKC), for explanations.
    pub text: String,
    /// Its skeleton ([`crate::skeleton`]).
    pub skeleton: String,
    /// Its plain Latin form before folding ([`crate::skeleton::plain_latin`]).
    pub plain: String,
    /// The word read as a surname ([`morph::surname`]).
    pub surname: morph::Stem,
    /// The word read as a patronymic, when it has a patronymic suffix ([`morph::patronymic`]).
    pub patronymic: Option<morph::Stem>,
    /// The word as its own stem, without any suffix removed.
    bare: morph::Stem,
    /// The conventional forms ([`morph::conventional`]) of the skeleton, the surname stem and
    /// the father's stem, when they differ from them: worked out once per word, not per pair.
    conventional: [Option<&'static str>; 3],
    /// The role the word's form gives it, whatever name it is in ([`Role::Unknown`] when its form
    /// does not decide): worked out once per word, not per name.
    role: Role,
}

impl WordForms {
    /// The normalised text of a raw word, the key of its analysis.
    fn normalized(raw: &str) -> String {
        crate::normalize::normalize_joined(raw)
    }

    fn analyse(text: String) -> WordForms {
        let plain = crate::skeleton::plain_latin(&text);
        let skeleton = crate::skeleton::fold_plain(&plain);
        let surname = morph::surname(&skeleton);
        let patronymic = morph::patronymic(&skeleton);
        let bare =
            morph::Stem { stem: skeleton.clone(), alternatives: Vec::new(), gender: None, form: morph::Form::Bare };
        let conventional = [
            morph::conventional_form(&skeleton),
            morph::conventional_form(&surname.stem),
            morph::conventional_form(&patronymic.as_ref().unwrap_or(&bare).stem),
        ];
        let role = match &patronymic {
            Some(stem) if stem.form == morph::Form::Kazakh => Role::SurnameOrPatronymic,
            Some(_) => Role::Patronymic,
            None if surname.form == morph::Form::Russian
                && !morph::is_common_given_name(&skeleton)
                // -ин also ends Kazakh given names and bare surnames (Еркін, Тұрсын): not decisive.
                && !skeleton.ends_with("in")
                && !skeleton.ends_with("ina") =>
            {
                Role::Surname
            }
            None => Role::Unknown,
        };
        WordForms { text, skeleton, plain, surname, patronymic, bare, conventional, role }
    }

    /// The conventional form of the word as a given name: `morph::conventional(&self.skeleton)`.
    pub(crate) fn given_key(&self) -> &str {
        self.conventional[0].unwrap_or(&self.skeleton)
    }

    /// The conventional form of the surname stem: `morph::conventional(&self.surname.stem)`.
    pub(crate) fn surname_key(&self) -> &str {
        self.conventional[1].unwrap_or(&self.surname.stem)
    }

    /// The conventional form of the father's stem: `morph::conventional(&self.father_stem().stem)`.
    pub(crate) fn father_key(&self) -> &str {
        self.conventional[2].unwrap_or(&self.father_stem().stem)
    }

    /// The stem of the father's name this word gives when read as a patronymic: its patronymic
    /// stem, or the word itself when it has no patronymic suffix (an initial, a bare name).
    pub fn father_stem(&self) -> &morph::Stem {
        self.patronymic.as_ref().unwrap_or(&self.bare)
    }
}

/// One token of a parsed name: a word's forms, and its role in this name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The forms of the word (shared between names that contain it).
    pub word: Arc<WordForms>,
    /// What the token is taken to be.
    pub role: Role,
    /// Written as an initial (`Е.`, `E`, `Ж.`).
    pub initial: bool,
}

impl std::ops::Deref for Token {
    type Target = WordForms;

    fn deref(&self) -> &WordForms {
        &self.word
    }
}

/// A cache of analysed words. Names are built from small stocks of words, so a batch of
/// thousands of names analyses each distinct word once. Owned by the caller: no global state.
#[derive(Debug, Default)]
pub struct Lexicon {
    table: WordTable,
}

/// How many distinct words a lexicon keeps before it starts afresh, to bound its memory.
const LEXICON_CAPACITY: usize = 500_000;

impl Lexicon {
    /// An empty cache.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// An empty cache whose table has room for about `words` distinct words before it grows.
    pub fn with_capacity(words: usize) -> Lexicon {
        // Each distinct word is kept as written and as normalised: two entries.
        Lexicon { table: WordTable::with_capacity(2 * words.min(LEXICON_CAPACITY)) }
    }

    fn forms(&mut self, raw: &str) -> Arc<WordForms> {
        let raw_hash = WordTable::hash(raw, Key::Written);
        match self.table.get(raw, Key::Written, raw_hash) {
            Some(entry) => Arc::clone(&entry.forms),
            None => self.analyse(raw, raw_hash, letter_counts(raw)),
        }
    }

    /// The forms of a word as written that is not in the table yet, which it joins with its
    /// letter counts.
    fn analyse(&mut self, raw: &str, raw_hash: u64, counts: (u32, u32)) -> Arc<WordForms> {
        if self.table.written >= LEXICON_CAPACITY {
            self.table.clear();
        }
        let text = WordForms::normalized(raw);
        let text_hash = WordTable::hash(&text, Key::Normalized);
        let forms = match self.table.get(&text, Key::Normalized, text_hash) {
            Some(entry) => Arc::clone(&entry.forms),
            None => {
                let forms = Arc::new(WordForms::analyse(text));
                self.table.insert(&forms.text, Key::Normalized, text_hash, (0, 0), Arc::clone(&forms));
                forms
            }
        };
        self.table.insert(raw, Key::Written, raw_hash, counts, Arc::clone(&forms));
        forms
    }

    /// A piece of a name: its letter counts and forms, from the table when the word is known.
    /// `None` for a piece without letters (a lone hyphen), which is no word.
    #[inline]
    fn word(&mut self, raw: &str) -> Option<(u32, u32, Arc<WordForms>)> {
        let raw_hash = WordTable::hash(raw, Key::Written);
        if let Some(entry) = self.table.get(raw, Key::Written, raw_hash) {
            return Some((entry.letters, entry.lower, Arc::clone(&entry.forms)));
        }
        let (letters, lower) = letter_counts(raw);
        (letters > 0).then(|| (letters, lower, self.analyse(raw, raw_hash, (letters, lower))))
    }

    /// Parses a free-text name, reusing the analysis of words seen before.
    ///
    /// One pass over the text, as [`pieces_of`] splits it (the reference, property-tested), but
    /// looking only for the ends of pieces: a known word's letter counts and forms come from the
    /// table together. Tokens are made as pieces end; a chunk (between spaces) written with a dot
    /// turns its short pieces into initials when it ends.
    pub fn parse(&mut self, text: &str) -> ParsedName {
        let mut tokens = Tokens::new();
        // Per token: written in capitals; per token of the current chunk: short enough to be an
        // initial if the chunk has a dot.
        let (mut caps, mut short) = (Bits::default(), Bits::default());
        // The piece of the last token (for joining a separate ұлы/қызы).
        let mut last_piece: Option<(usize, usize)> = None;
        let (mut chunk_first, mut chunk_dotted) = (0usize, false);
        let bytes = text.as_bytes();
        let (mut start, mut i) = (0usize, 0usize);
        loop {
            // The end of the next piece, and what ends it (a break, a dot, or the text's end).
            let (end, class, width) = loop {
                if i >= bytes.len() {
                    break (bytes.len(), SPLIT_BREAK, 0);
                }
                // Eight bytes at a time through the inside of words, to the first that may end one.
                if let Some(eight) = bytes[i..].first_chunk::<8>() {
                    let skip = (may_split(u64::from_le_bytes(*eight)).trailing_zeros() / 8) as usize;
                    if skip > 0 {
                        i += skip;
                        continue;
                    }
                }
                match SPLIT_CLASS[usize::from(bytes[i])] {
                    PART => i += 1,
                    MAYBE_SPACE => {
                        let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                        if c.is_whitespace() {
                            break (i, SPLIT_BREAK, c.len_utf8());
                        }
                        i += c.len_utf8();
                    }
                    class => break (i, class, 1),
                }
            };
            if start < end
                && let Some((letters, lower, forms)) = self.word(&text[start..end])
                && !forms.skeleton.is_empty()
            {
                // `Серік ұлы`: a separate ұлы/қызы belongs to the word before it.
                if matches!(forms.skeleton.as_str(), "uli" | "kizi")
                    && let (Some((from, to)), Some(token)) = (last_piece, tokens.last_mut())
                {
                    let joined = [&text[from..to], &text[start..end]].concat();
                    token.word = self.forms(&joined);
                } else {
                    caps.push(lower == 0 && letters > 1);
                    short.push(letters <= 2 && end - start <= 4);
                    tokens.push(Token { word: forms, role: Role::Unknown, initial: letters == 1 });
                    last_piece = Some((start, end));
                }
            }
            if class == SPLIT_DOT {
                chunk_dotted = true;
            } else {
                // In a chunk written with dots, short pieces are initials too (`Ж.`, `Sh.`).
                if chunk_dotted {
                    for (k, token) in tokens[chunk_first..].iter_mut().enumerate() {
                        token.initial |= short.get(k);
                    }
                }
                chunk_first = tokens.len();
                chunk_dotted = false;
                short.clear();
            }
            if end >= bytes.len() {
                break;
            }
            i = end + width;
            start = i;
        }
        let capitals = |i: usize| caps.get(i);
        let mixed_case = tokens.iter().enumerate().any(|(i, t)| !capitals(i) && !t.initial);
        for (i, token) in tokens.iter_mut().enumerate() {
            token.role = if token.initial {
                Role::Unknown
            } else if token.word.role != Role::Unknown {
                token.word.role
            } else if mixed_case && capitals(i) {
                Role::Surname
            } else {
                Role::Unknown
            };
        }
        assign_by_position(&mut tokens);
        ParsedName { tokens }
    }
}

/// Which spelling of a word a [`WordTable`] entry is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// The word as written (`SERIKOV`, `Serikov`).
    Written,
    /// The normalised word (`serikov`): spellings that differ only in case share its analysis.
    Normalized,
}

/// Whether `text` starts `stored` (which is at least as long): by the first and last eight or
/// four bytes of a short word, without calling the general comparison.
#[inline]
fn same_bytes(stored: &[u8], text: &[u8]) -> bool {
    let Some(stored) = stored.get(..text.len()) else { return false };
    match (stored.first_chunk::<8>(), text.first_chunk::<8>(), stored.last_chunk::<8>(), text.last_chunk::<8>()) {
        (Some(a), Some(b), Some(c), Some(d)) => a == b && c == d && (text.len() <= 16 || stored == text),
        _ => {
            match (stored.first_chunk::<4>(), text.first_chunk::<4>(), stored.last_chunk::<4>(), text.last_chunk::<4>())
            {
                (Some(a), Some(b), Some(c), Some(d)) => a == b && c == d,
                _ => stored == text,
            }
        }
    }
}

/// The lexicon's hash table: words as written and as normalised, each to its analysis and letter
/// counts. Built for few cache misses, since the words of a large batch do not fit in the
/// processor's nearer caches and a lookup runs for every word of every name: slots are four
/// bytes, and an entry fills one cache line with the key itself (up to [`INLINE_KEY`] bytes,
/// longer ones in `long_keys`), so a known word costs a slot and an entry.
/// A new word costs no allocation of its own. (Two standard maps, keyed by owned copies of each
/// spelling, cost two allocations per new word and a cache miss more per lookup.)
#[derive(Debug, Default)]
struct WordTable {
    /// Open addressing with linear probing: 0 is an empty slot, otherwise an index into
    /// `entries` plus one. The length is zero or a power of two, at least twice the entries.
    slots: Vec<u32>,
    entries: Vec<Entry>,
    /// Keys longer than [`INLINE_KEY`] bytes, one after the other.
    long_keys: String,
    /// How many entries are keyed by the written word.
    written: usize,
}

/// How many bytes of a key an entry holds itself: entries are 64 bytes.
const INLINE_KEY: usize = 32;

#[derive(Debug)]
#[repr(align(64))]
struct Entry {
    hash: u64,
    forms: Arc<WordForms>,
    /// How many letters, and lower-case letters, the key has ([`letter_counts`]; 0 for a
    /// normalised key, which is only looked up for its forms).
    letters: u32,
    lower: u32,
    len: u32,
    key: Key,
    /// The key, or for a longer one its start in `long_keys` (four bytes, little-endian).
    inline: [u8; INLINE_KEY],
}

impl Entry {
    fn key_bytes<'t>(&'t self, long_keys: &'t str) -> &'t [u8] {
        let len = self.len as usize;
        match self.inline.get(..len) {
            Some(inline) if len <= INLINE_KEY => inline,
            _ => {
                let start = u32::from_le_bytes([self.inline[0], self.inline[1], self.inline[2], self.inline[3]]);
                &long_keys.as_bytes()[start as usize..start as usize + len]
            }
        }
    }
}

impl WordTable {
    fn with_capacity(entries: usize) -> WordTable {
        // Entries grow as words come (fresh memory costs the kernel a zeroed page, and the guess
        // of how many words a batch has is rough); the slots are small.
        WordTable { slots: vec![0; entries.next_power_of_two().max(16)], ..WordTable::default() }
    }

    /// A multiplicative hash of the first and last eight bytes (words are short: no loop, no
    /// copy), then of any bytes between; the kind of key is mixed in, so a written and a
    /// normalised spelling that are the same text are two entries.
    #[inline]
    fn hash(text: &str, key: Key) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mix = |hash: u64, word: u64| (hash ^ word).wrapping_mul(K).rotate_left(26);
        let mut hash = (len as u64) << 1 | u64::from(key == Key::Normalized);
        if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            hash = mix(mix(hash, u64::from_le_bytes(*first)), u64::from_le_bytes(*last));
            // Longer words: the whole eights between (a few bytes may be left out of the hash,
            // never out of the comparison of keys).
            if len > 16 {
                for chunk in bytes[8..len - 8].chunks_exact(8) {
                    hash = mix(hash, u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
                }
            }
        } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            hash = mix(hash, u64::from(u32::from_le_bytes(*first)) << 32 | u64::from(u32::from_le_bytes(*last)));
        } else {
            for &byte in bytes {
                hash = mix(hash, u64::from(byte));
            }
        }
        hash.wrapping_mul(K)
    }

    /// The slot where the probe for `hash` starts: the top bits of the hash.
    #[inline]
    fn start(&self, hash: u64) -> usize {
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    // Always inlined: a call's saving and restoring of registers cost as much as the probe.
    #[inline(always)]
    fn get(&self, text: &str, key: Key, hash: u64) -> Option<&Entry> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.start(hash);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            let entry = &self.entries[slot as usize - 1];
            if entry.hash == hash
                && entry.key == key
                && entry.len as usize == text.len()
                && same_bytes(entry.key_bytes(&self.long_keys), text.as_bytes())
            {
                return Some(entry);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds an entry for a key not in the table.
    fn insert(&mut self, text: &str, key: Key, hash: u64, (letters, lower): (u32, u32), forms: Arc<WordForms>) {
        if 2 * (self.entries.len() + 1) > self.slots.len() {
            self.grow();
        }
        // Keys are words: a lexicon of over 4 GiB of them is cleared long before.
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let mut inline = [0u8; INLINE_KEY];
        match inline.get_mut(..text.len()) {
            Some(place) => place.copy_from_slice(text.as_bytes()),
            None => {
                let start = u32::try_from(self.long_keys.len()).unwrap_or(u32::MAX);
                inline[..4].copy_from_slice(&start.to_le_bytes());
                self.long_keys.push_str(text);
            }
        }
        self.entries.push(Entry { hash, forms, letters, lower, len, key, inline });
        self.written += usize::from(key == Key::Written);
        let index = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.place(hash, index);
    }

    fn place(&mut self, hash: u64, index: u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.start(hash);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = index;
    }

    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(16);
        self.slots = vec![0; size];
        for i in 0..self.entries.len() {
            self.place(self.entries[i].hash, i as u32 + 1);
        }
    }

    fn clear(&mut self) {
        self.slots.fill(0);
        self.entries.clear();
        self.long_keys.clear();
        self.written = 0;
    }
}

/// How many tokens a name holds without a heap allocation: nearly all names have two to four.
const INLINE_TOKENS: usize = 5;

/// The tokens of one name, inline up to [`INLINE_TOKENS`]: scoring a batch parses two names per
/// pair, and three small heap allocations per name showed in profiles.
pub type Tokens = SmallVec<[Token; INLINE_TOKENS]>;

/// A name split into tokens with roles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedName {
    /// The tokens in the order written.
    pub tokens: Tokens,
}

impl ParsedName {
    /// Tokens with the given role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(move |t| t.role == role)
    }
}

/// A raw word of the input: where it is, and whether it was written in capitals or as an initial.
#[cfg(test)]
#[derive(Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    letters: u32,
    all_caps: bool,
    initial: bool,
}

#[cfg(test)]
impl Piece {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a character is to the name splitter, as bits: the splitter adds them up instead of
/// branching on them, since upper and lower case alternate unpredictably within a name.
const LETTER: u8 = 1;
const LOWER: u8 = 2;
/// A dot: ends a piece and marks its chunk as written with initials.
const DOT: u8 = 4;
/// A space, comma or semicolon: ends a piece and a chunk.
const BREAK: u8 = 8;

/// The bits of every ASCII character.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LETTER | LOWER,
            b'A'..=b'Z' => LETTER,
            b'.' => DOT,
            // Unicode's white space in ASCII, and the separators of name lists.
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b',' | b';' => BREAK,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The class bits and width of the character at byte `i` of `text`: ASCII by table, the basic
/// Cyrillic block by its code, anything else by the general tables. This runs on every character
/// of every name.
#[inline]
fn classify(text: &str, i: usize) -> (u8, usize) {
    let bytes = text.as_bytes();
    let lead = bytes[i];
    if lead < 0x80 {
        return (ASCII_CLASS[usize::from(lead)], 1);
    }
    if (0xD0..=0xD1).contains(&lead) && i + 1 < bytes.len() {
        // U+0400..U+045F are all letters: capitals below U+0430.
        let code = (u32::from(lead & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        if code < 0x460 {
            return (LETTER | (u8::from(code >= 0x430) << 1), 2);
        }
    }
    let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    let class = match crate::script::letter_case(c) {
        Some(true) => LETTER,
        Some(false) => LETTER | LOWER,
        None if c.is_whitespace() => BREAK,
        None => 0,
    };
    (class, c.len_utf8())
}

/// What a byte is to the splitter of a name into pieces ([`split`]): part of a word, a break
/// (space, comma, semicolon), a dot, or the lead byte of a character that may be white space.
const PART: u8 = 0;
const SPLIT_BREAK: u8 = 1;
const SPLIT_DOT: u8 = 2;
const MAYBE_SPACE: u8 = 3;

/// The splitter's class of every byte. Unicode's white space beyond ASCII (U+0085, U+00A0,
/// U+1680, U+2000..U+3000) starts with one of the lead bytes C2, E1, E2, E3.
const SPLIT_CLASS: [u8; 256] = {
    let mut table = [PART; 256];
    let mut b = 0;
    while b < 256 {
        if b < 128 && ASCII_CLASS[b] & BREAK != 0 {
            table[b] = SPLIT_BREAK;
        } else if b < 128 && ASCII_CLASS[b] & DOT != 0 {
            table[b] = SPLIT_DOT;
        }
        b += 1;
    }
    table[0xC2] = MAYBE_SPACE;
    table[0xE1] = MAYBE_SPACE;
    table[0xE2] = MAYBE_SPACE;
    table[0xE3] = MAYBE_SPACE;
    table
};

/// Of eight bytes (the first in the low byte), the high bit of the first that may end a piece is
/// set and none before it: a byte below `<` (white space, commas, dots and semicolons among
/// others) or a lead byte C2 or E0..E3 (white space beyond ASCII among others). Letters of Latin
/// and Cyrillic names are none of these, so whole words pass eight bytes a time.
#[inline]
fn may_split(bytes: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A zero byte has no high bit and borrows when one is subtracted; a borrow can only mark
    // bytes after a true zero, so the first mark is exact.
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    // Bytes below 0x3C (ASCII only: no high bit), by the same borrow.
    let below = bytes.wrapping_sub(0x3C * ONES) & !bytes & HIGHS;
    below | zeros(bytes ^ (0xC2 * ONES)) | zeros((bytes & (0xFC * ONES)) ^ (0xE0 * ONES))
}

/// Whether all eight bytes are ASCII letters (A-Z, a-z).
#[inline]
fn all_ascii_letters(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Upper case folded onto lower case; then each byte must be in 'a'..='z': no byte with its
    // high bit set, none below 'a' and none above 'z' (the borrow and carry tests are exact for
    // bytes below 0x80).
    let folded = word | (0x20 * ONES);
    let below = folded.wrapping_sub(u64::from(b'a') * ONES) & !folded;
    let above = folded.wrapping_add((0x7F - u64::from(b'z')) * ONES);
    (word | below | above) & HIGHS == 0
}

/// How many letters, and lower-case letters, a piece of a name has ([`classify`]).
fn letter_counts(piece: &str) -> (u32, u32) {
    let (mut letters, mut lower) = (0u32, 0u32);
    let bytes = piece.as_bytes();
    let mut i = 0;
    // Eight ASCII letters at a time (most Latin words): a letter is lower case when it has 0x20.
    while let Some(eight) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*eight);
        if !all_ascii_letters(word) {
            break;
        }
        letters += 8;
        lower += (word & 0x2020_2020_2020_2020).count_ones();
        i += 8;
    }
    while i < piece.len() {
        let (class, width) = classify(piece, i);
        letters += u32::from(class & LETTER);
        lower += u32::from((class & LOWER) >> 1);
        i += width;
    }
    (letters, lower)
}

/// Flags, one per token: in a word, and in a vector only past 64 (names have a handful).
#[derive(Default)]
struct Bits {
    low: u64,
    len: usize,
    more: Vec<bool>,
}

impl Bits {
    #[inline]
    fn push(&mut self, flag: bool) {
        if self.len < 64 {
            self.low |= u64::from(flag) << self.len;
        } else {
            self.more.push(flag);
        }
        self.len += 1;
    }

    #[inline]
    fn get(&self, i: usize) -> bool {
        if i < 64 { self.low >> i & 1 == 1 } else { self.more[i - 64] }
    }

    fn clear(&mut self) {
        *self = Bits { more: std::mem::take(&mut self.more), ..Bits::default() };
        self.more.clear();
    }
}

/// Splits the input into words, keeping what case and dots say; `Е.С.` gives two initials.
/// The reference for [`split`], which the lexicon uses.
#[cfg(test)]
fn pieces_of(text: &str) -> SmallVec<[Piece; INLINE_TOKENS]> {
    // One pass over the characters: pieces end at spaces, commas, semicolons and dots; a chunk
    // (between spaces) with a dot is written with initials (`Е.С.`, `E.S.`).
    let mut pieces: SmallVec<[Piece; INLINE_TOKENS]> = SmallVec::new();
    let (mut start, mut letters, mut lower) = (0usize, 0u32, 0u32);
    let (mut chunk_first, mut chunk_dotted) = (0usize, false);
    let mut i = 0;
    while i < text.len() {
        let (class, width) = classify(text, i);
        if class & (DOT | BREAK) == 0 {
            letters += u32::from(class & LETTER);
            lower += u32::from((class & LOWER) >> 1);
        } else {
            push_piece(&mut pieces, start, i, letters, lower);
            if class & DOT != 0 {
                chunk_dotted = true;
            } else {
                mark_initials(&mut pieces[chunk_first..], chunk_dotted);
                chunk_first = pieces.len();
                chunk_dotted = false;
            }
            start = i + width;
            letters = 0;
            lower = 0;
        }
        i += width;
    }
    push_piece(&mut pieces, start, text.len(), letters, lower);
    mark_initials(&mut pieces[chunk_first..], chunk_dotted);
    pieces
}

#[cfg(test)]
fn push_piece(pieces: &mut SmallVec<[Piece; INLINE_TOKENS]>, start: usize, end: usize, letters: u32, lower: u32) {
    if letters > 0 {
        let all_caps = lower == 0 && letters > 1;
        // Names are short; a text over 4 GiB is not a name, and its positions are cut, not wrapped.
        let (start, end) = (u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX));
        pieces.push(Piece { start, end, letters, all_caps, initial: letters == 1 });
    }
}

/// In a chunk written with dots, short pieces are initials too (`Ж.`, `Sh.`).
#[cfg(test)]
fn mark_initials<'p>(chunk: impl IntoIterator<Item = &'p mut Piece>, dotted: bool) {
    if dotted {
        for piece in chunk {
            piece.initial |= piece.letters <= 2 && piece.end - piece.start <= 4;
        }
    }
}

/// Parses a free-text name.
pub fn parse(text: &str) -> ParsedName {
    Lexicon::new().parse(text)
}

/// Fills in roles that the forms left open, from the usual orders of names.
fn assign_by_position(tokens: &mut [Token]) {
    let has = |tokens: &[Token], role: Role| tokens.iter().any(|t| t.role == role);
    // A -ұлы form is a patronymic when another token is clearly the surname.
    if has(tokens, Role::Surname) {
        for token in tokens.iter_mut().filter(|t| t.role == Role::SurnameOrPatronymic) {
            token.role = Role::Patronymic;
        }
    }
    // Initials: the first is the given name, the second the patronymic (`Е.С. Серикбаев`).
    let mut initial_roles = [Role::Given, Role::Patronymic].into_iter();
    for token in tokens.iter_mut().filter(|t| t.initial) {
        token.role = initial_roles.next().unwrap_or(Role::Unknown);
    }
    // Positions of the tokens still unknown; only up to three matter below.
    let mut unknown_at = [0usize; 3];
    let mut n_unknown = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.role == Role::Unknown {
            if n_unknown < unknown_at.len() {
                unknown_at[n_unknown] = i;
            }
            n_unknown += 1;
        }
    }
    let unknown = &unknown_at[..n_unknown.min(unknown_at.len())];
    let unknown = if n_unknown > unknown_at.len() { &unknown_at[..0] } else { unknown };
    if let [first, second] = unknown[..]
        && (first + 1..second).any(|i| tokens[i].role == Role::SurnameOrPatronymic)
    {
        // `Ерлан Серікұлы Серікбай`: given name, patronymic, surname.
        tokens[first].role = Role::Given;
        tokens[second].role = Role::Surname;
        for token in &mut tokens[first + 1..second] {
            if token.role == Role::SurnameOrPatronymic {
                token.role = Role::Patronymic;
            }
        }
        return;
    }
    let surname_known = has(tokens, Role::Surname) || has(tokens, Role::SurnameOrPatronymic);
    match unknown[..] {
        [only] if surname_known => tokens[only].role = Role::Given,
        [only] if has(tokens, Role::Given) => tokens[only].role = Role::Surname,
        // `SURNAME Given Patronymic` when a patronymic follows; otherwise either order is common
        // and the scorer tries both.
        [first, second] if !surname_known && tokens.iter().skip(second + 1).any(|t| t.role == Role::Patronymic) => {
            tokens[first].role = Role::Surname;
            tokens[second].role = Role::Given;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Expect) {
        let parsed = parse(input);
        let shown: Vec<String> = parsed
            .tokens
            .iter()
            .map(|t| format!("{}={}{:?}", t.skeleton, if t.initial { "initial " } else { "" }, t.role))
            .collect();
        expect.assert_eq(&shown.join(" | "));
    }

    /// The splitter as first written, one `char` at a time through the general tables: the
    /// reference for the fast one.
    fn pieces_reference(text: &str) -> Vec<(usize, usize, u32, bool, bool)> {
        let mut pieces: SmallVec<[Piece; INLINE_TOKENS]> = SmallVec::new();
        let (mut start, mut letters, mut lower) = (0usize, 0u32, 0u32);
        let (mut chunk_first, mut chunk_dotted) = (0usize, false);
        for (i, c) in text.char_indices() {
            match crate::script::letter_case(c) {
                Some(capital) => {
                    letters += 1;
                    lower += u32::from(!capital);
                }
                None if c == '.' || c == ',' || c == ';' || c.is_whitespace() => {
                    push_piece(&mut pieces, start, i, letters, lower);
                    if c == '.' {
                        chunk_dotted = true;
                    } else {
                        mark_initials(&mut pieces[chunk_first..], chunk_dotted);
                        chunk_first = pieces.len();
                        chunk_dotted = false;
                    }
                    start = i + c.len_utf8();
                    letters = 0;
                    lower = 0;
                }
                None => {}
            }
        }
        push_piece(&mut pieces, start, text.len(), letters, lower);
        mark_initials(&mut pieces[chunk_first..], chunk_dotted);
        pieces.iter().map(|p| (p.range().start, p.range().end, p.letters, p.all_caps, p.initial)).collect()
    }

    /// The parser as first written (the splitter by letters, each word's role worked out from its
    /// forms per name): the reference for the one the lexicon runs.
    fn parse_reference(lexicon: &mut Lexicon, text: &str) -> ParsedName {
        let pieces = pieces_of(text);
        let mut tokens = Tokens::new();
        let mut all_caps: Vec<bool> = Vec::new();
        let mut last_piece: Option<Piece> = None;
        for &piece in &pieces {
            let forms = lexicon.forms(&text[piece.range()]);
            if forms.skeleton.is_empty() {
                continue;
            }
            if matches!(forms.skeleton.as_str(), "uli" | "kizi")
                && let (Some(previous), Some(token)) = (last_piece, tokens.last_mut())
            {
                let joined = [&text[previous.range()], &text[piece.range()]].concat();
                token.word = lexicon.forms(&joined);
                continue;
            }
            tokens.push(Token { word: forms, role: Role::Unknown, initial: piece.initial });
            all_caps.push(piece.all_caps);
            last_piece = Some(piece);
        }
        let mixed_case = tokens.iter().zip(&all_caps).any(|(t, caps)| !caps && !t.initial);
        for (token, &caps) in tokens.iter_mut().zip(&all_caps) {
            let word = &token.word;
            token.role = if token.initial {
                Role::Unknown
            } else if let Some(stem) = &word.patronymic {
                if stem.form == morph::Form::Kazakh { Role::SurnameOrPatronymic } else { Role::Patronymic }
            } else if (word.surname.form == morph::Form::Russian
                && !morph::is_common_given_name(&word.skeleton)
                && !word.skeleton.ends_with("in")
                && !word.skeleton.ends_with("ina"))
                || (mixed_case && caps)
            {
                Role::Surname
            } else {
                Role::Unknown
            };
        }
        assign_by_position(&mut tokens);
        ParsedName { tokens }
    }

    proptest::proptest! {
        /// Names of words from a small stock, in any case, with initials, dots, commas and a
        /// separate ұлы/қызы: the lexicon (fresh, and reused across names) parses as the reference.
        #[test]
        fn parser_agrees_with_the_reference(
            names in proptest::collection::vec(
                proptest::collection::vec(
                    "(Серикбаев|СЕРИКБАЕВ|Ерлан|ERLAN|Erlan|Серикович|Серік|ұлы|қызы|Нұрланқызы|Марина|Ильин|Ильина|Е\\.|E\\.С\\.|Sh\\.|Калиева|Kim|-|Ж|SERIKBAYEV|Тұрсын)",
                    0..6,
                ),
                1..4,
            ),
            separator in "( |, |\\.| \\u{a0})",
        ) {
            let mut shared = Lexicon::new();
            for words in &names {
                let name = words.join(&separator);
                let reference = parse_reference(&mut Lexicon::new(), &name);
                proptest::prop_assert_eq!(&Lexicon::new().parse(&name), &reference, "{}", name);
                proptest::prop_assert_eq!(&shared.parse(&name), &reference, "{}", name);
            }
        }
    }

    #[test]
    fn long_words_and_many_words_are_kept() {
        // Keys longer than an entry holds, and enough words for the table to grow several times.
        let mut lexicon = Lexicon::new();
        let long = "Абдурахмановаабдурахмановаабдурахмановна";
        let names: Vec<String> = (0..300).map(|i| format!("{long}{} Ерлан{i} SERIK{i}", i % 7)).collect();
        for _ in 0..2 {
            for name in &names {
                assert_eq!(lexicon.parse(name), parse_reference(&mut Lexicon::new(), name), "{name}");
            }
        }
        assert!(lexicon.table.written <= 2 * 300 + 7);
    }

    /// The conventional forms the lexicon keeps are what `morph::conventional` gives, and
    /// comparing stems with them is `Stem::same_stem`.
    #[track_caller]
    fn check_kept_forms(a: &str, b: &str) {
        let mut lexicon = Lexicon::new();
        let (Some((_, _, x)), Some((_, _, y))) = (lexicon.word(a), lexicon.word(b)) else { return };
        for w in [&x, &y] {
            assert_eq!(w.given_key(), morph::conventional(&w.skeleton));
            assert_eq!(w.surname_key(), morph::conventional(&w.surname.stem));
            assert_eq!(w.father_key(), morph::conventional(&w.father_stem().stem));
        }
        assert_eq!(
            x.surname.same_reading(&y.surname) || x.surname_key() == y.surname_key(),
            x.surname.same_stem(&y.surname)
        );
        assert_eq!(
            x.father_stem().same_reading(y.father_stem()) || x.father_key() == y.father_key(),
            x.father_stem().same_stem(y.father_stem())
        );
    }

    #[test]
    fn kept_conventional_forms_on_conventional_names() {
        let names = [
            "Шыңғыс",
            "Чингиз",
            "Сәтбаев",
            "Сатпаев",
            "Жүсіпов",
            "Юсупович",
            "Ахмедовна",
            "Ахмет",
            "Ли",
            "Ле",
            "Пак",
            "Park",
            "Цой",
            "Ашат",
            "Асхатұлы",
            "Ілиясқызы",
            "Ильина",
            "Тұрсын",
        ];
        for a in names {
            for b in names {
                check_kept_forms(a, b);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn kept_conventional_forms(a in "[a-zа-яәқұі]{1,10}", b in "[a-zа-яәқұі]{1,10}") {
            check_kept_forms(&a, &b);
        }

        #[test]
        fn eight_ascii_letters_are_told_apart(bytes in proptest::array::uniform8(proptest::num::u8::ANY)) {
            proptest::prop_assert_eq!(
                all_ascii_letters(u64::from_le_bytes(bytes)),
                bytes.iter().all(u8::is_ascii_alphabetic)
            );
        }

        #[test]
        fn letter_counts_agree_with_the_classes(text in "[a-zA-Zа-яА-ЯәӘ@\\[`{ \u{a0}-]{0,20}") {
            let (mut letters, mut lower, mut i) = (0, 0, 0);
            while i < text.len() {
                let (class, width) = classify(&text, i);
                letters += u32::from(class & LETTER);
                lower += u32::from((class & LOWER) >> 1);
                i += width;
            }
            proptest::prop_assert_eq!(letter_counts(&text), (letters, lower));
        }

        #[test]
        fn eight_bytes_may_split_when_one_does(bytes in proptest::array::uniform8(proptest::num::u8::ANY)) {
            let first = bytes.iter().position(|&b| b < 0x3C || b == 0xC2 || (0xE0..=0xE3).contains(&b));
            let found = may_split(u64::from_le_bytes(bytes));
            proptest::prop_assert_eq!((found != 0).then(|| found.trailing_zeros() as usize / 8), first);
            // Every byte the splitter stops at is one of them.
            for b in 0..=255u8 {
                if SPLIT_CLASS[usize::from(b)] != PART {
                    proptest::prop_assert!(b < 0x3C || b == 0xC2 || (0xE0..=0xE3).contains(&b));
                }
            }
        }

        #[test]
        fn fast_splitter_agrees_with_the_reference(text in "[a-zA-Zа-яА-ЯЁёәғқңөұүһіӘҒҚҢӨҰҮҺІӀäöüšžčīūñ .,;\t\u{a0}'’ʹ0-9-]{0,24}") {
            let fast: Vec<_> =
                pieces_of(&text).iter().map(|p| (p.range().start, p.range().end, p.letters, p.all_caps, p.initial)).collect();
            proptest::prop_assert_eq!(fast, pieces_reference(&text));
        }
    }

    #[test]
    fn official_list_order_with_initials() {
        check("Серикбаев Е.С.", expect!["serikbaev=Surname | e=initial Given | s=initial Patronymic"]);
        check("Е.С.Серикбаев", expect!["e=initial Given | s=initial Patronymic | serikbaev=Surname"]);
    }

    #[test]
    fn full_russian_forms() {
        check("Ерлан Серикович Серикбаев", expect!["erlan=Given | serikovic=Patronymic | serikbaev=Surname"]);
        check("Серикбаев Ерлан Серикович", expect!["serikbaev=Surname | erlan=Given | serikovic=Patronymic"]);
    }

    #[test]
    fn kazakh_forms() {
        check("Серікұлы Ерлан", expect!["serikuli=SurnameOrPatronymic | erlan=Given"]);
        check("Ерлан Серік ұлы", expect!["erlan=Given | serikuli=SurnameOrPatronymic"]);
        check("Ерлан Серікұлы Серікбай", expect!["erlan=Given | serikuli=Patronymic | serikbai=Surname"]);
    }

    #[test]
    fn latin_with_capitals() {
        check("SERIKBAYEV Erlan", expect!["serikbaev=Surname | erlan=Given"]);
        check("SERIKBAYEV ERLAN", expect!["serikbaev=Surname | erlan=Given"]);
        check("Erlan Serikbai", expect!["erlan=Unknown | serikbai=Unknown"]);
    }
}
