//! Parsing a free-text personal name into given name, patronymic, surname and initials, in any
//! order: `Серикбаев Ерлан Серикович` (official lists put the surname first), `Erlan Serikbaev`,
//! `SERIKBAYEV Erlan`, `Е.С. Серикбаев`, `Серікұлы Ерлан`.
//!
//! Roles come from the form of each token: patronymic suffixes (-ович, -ұлы ...), surname suffixes
//! (-ов, -ева ...), capitals in a mixed-case name (`SERIKBAYEV Erlan`), initials, and position.
//! Where the form does not decide, the role stays [`Role::Unknown`] and the scorer tries both.

use std::collections::HashMap;
use std::sync::Arc;

use smallvec::SmallVec;

use crate::morph;
use crate::normalize::normalize;

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
}

impl WordForms {
    /// The normalised text of a raw word, the key of its analysis.
    fn normalized(raw: &str) -> String {
        let mut text = normalize(raw);
        if text.contains(' ') {
            text.retain(|c| c != ' ');
        }
        text
    }

    fn analyse(text: String) -> WordForms {
        let plain = crate::skeleton::plain_latin(&text);
        let skeleton = crate::skeleton::fold_plain(&plain);
        let surname = morph::surname(&skeleton);
        let patronymic = morph::patronymic(&skeleton);
        let bare =
            morph::Stem { stem: skeleton.clone(), alternatives: Vec::new(), gender: None, form: morph::Form::Bare };
        WordForms { text, skeleton, plain, surname, patronymic, bare }
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
    /// By the word as written.
    words: HashMap<String, Arc<WordForms>, foldhash::fast::FixedState>,
    /// By the normalised word: `SERIKOV`, `Serikov` and `serikov` are analysed once.
    normalized: HashMap<String, Arc<WordForms>, foldhash::fast::FixedState>,
}

/// How many distinct words a lexicon keeps before it starts afresh, to bound its memory.
const LEXICON_CAPACITY: usize = 500_000;

impl Lexicon {
    /// An empty cache.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// An empty cache with room for about `words` distinct words before it grows.
    pub fn with_capacity(words: usize) -> Lexicon {
        let capacity = words.min(LEXICON_CAPACITY);
        Lexicon {
            words: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            normalized: HashMap::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    fn forms(&mut self, raw: &str) -> Arc<WordForms> {
        if let Some(forms) = self.words.get(raw) {
            return Arc::clone(forms);
        }
        if self.words.len() >= LEXICON_CAPACITY {
            self.words.clear();
            self.normalized.clear();
        }
        let text = WordForms::normalized(raw);
        let forms = match self.normalized.get(&text) {
            Some(forms) => Arc::clone(forms),
            None => {
                let forms = Arc::new(WordForms::analyse(text.clone()));
                self.normalized.insert(text, Arc::clone(&forms));
                forms
            }
        };
        self.words.insert(raw.to_owned(), Arc::clone(&forms));
        forms
    }

    /// Parses a free-text name, reusing the analysis of words seen before.
    pub fn parse(&mut self, text: &str) -> ParsedName {
        let pieces = pieces_of(text);
        let mut tokens = Tokens::new();
        // Per token: written in capitals, and its piece (for joining a separate ұлы/қызы).
        let mut all_caps: SmallVec<[bool; INLINE_TOKENS]> = SmallVec::new();
        let mut last_piece: Option<Piece> = None;
        for &piece in &pieces {
            let forms = self.forms(&text[piece.range()]);
            if forms.skeleton.is_empty() {
                continue;
            }
            // `Серік ұлы`: a separate ұлы/қызы belongs to the word before it.
            if matches!(forms.skeleton.as_str(), "uli" | "kizi")
                && let (Some(previous), Some(token)) = (last_piece, tokens.last_mut())
            {
                let joined = [&text[previous.range()], &text[piece.range()]].concat();
                token.word = self.forms(&joined);
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
                // -ин also ends Kazakh given names and bare surnames (Еркін, Тұрсын): not decisive.
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
#[derive(Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    letters: u32,
    all_caps: bool,
    initial: bool,
}

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

/// Splits the input into words, keeping what case and dots say; `Е.С.` gives two initials.
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

fn push_piece(pieces: &mut SmallVec<[Piece; INLINE_TOKENS]>, start: usize, end: usize, letters: u32, lower: u32) {
    if letters > 0 {
        let all_caps = lower == 0 && letters > 1;
        // Names are short; a text over 4 GiB is not a name, and its positions are cut, not wrapped.
        let (start, end) = (u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX));
        pieces.push(Piece { start, end, letters, all_caps, initial: letters == 1 });
    }
}

/// In a chunk written with dots, short pieces are initials too (`Ж.`, `Sh.`).
fn mark_initials(chunk: &mut [Piece], dotted: bool) {
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

    proptest::proptest! {
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
