//! Parsing a free-text personal name into given name, patronymic, surname and initials, in any
//! order: `Серикбаев Ерлан Серикович` (official lists put the surname first), `Erlan Serikbaev`,
//! `SERIKBAYEV Erlan`, `Е.С. Серикбаев`, `Серікұлы Ерлан`.
//!
//! Roles come from the form of each token: patronymic suffixes (-ович, -ұлы ...), surname suffixes
//! (-ов, -ева ...), capitals in a mixed-case name (`SERIKBAYEV Erlan`), initials, and position.
//! Where the form does not decide, the role stays [`Role::Unknown`] and the scorer tries both.

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

/// One token of a parsed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as written, normalised (lower case, NFKC), for explanations.
    pub text: String,
    /// Its skeleton ([`crate::skeleton`]).
    pub skeleton: String,
    /// Its plain Latin form before folding ([`crate::skeleton::plain_latin`]).
    pub plain: String,
    /// The token read as a surname ([`morph::surname`]).
    pub surname: morph::Stem,
    /// The token read as a patronymic, when it has a patronymic suffix ([`morph::patronymic`]).
    pub patronymic: Option<morph::Stem>,
    /// The token as its own stem, without any suffix removed.
    bare: morph::Stem,
    /// What the token is taken to be.
    pub role: Role,
    /// Written as an initial (`Е.`, `E`, `Ж.`).
    pub initial: bool,
}

/// A name split into tokens with roles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedName {
    /// The tokens in the order written.
    pub tokens: Vec<Token>,
}

impl Token {
    /// The stem of the father's name this token gives when read as a patronymic: its patronymic
    /// stem, or the token itself when it has no patronymic suffix (an initial, a bare name).
    pub fn father_stem(&self) -> &morph::Stem {
        self.patronymic.as_ref().unwrap_or(&self.bare)
    }
}

impl ParsedName {
    /// Tokens with the given role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(move |t| t.role == role)
    }
}

/// A raw word of the input: its text and whether it was written in capitals or as an initial.
struct Word {
    text: String,
    all_caps: bool,
    initial: bool,
}

/// Splits the input into words, keeping what case and dots say; `Е.С.` gives two initials.
fn words_of(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for chunk in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        // `Е.С.` and `E.S.` are several initials written together.
        let pieces: Vec<&str> = chunk.split('.').collect();
        let dotted = pieces.len() > 1;
        for piece in pieces {
            let (mut letters, mut lower) = (0usize, 0usize);
            for c in piece.chars().filter(|c| crate::script::is_letter(*c)) {
                letters += 1;
                lower += usize::from(!crate::script::is_capital(c));
            }
            if letters == 0 {
                continue;
            }
            let all_caps = lower == 0 && letters > 1;
            words.push(Word {
                text: piece.to_owned(),
                all_caps,
                initial: letters == 1 || (dotted && letters <= 2 && piece.len() <= 4),
            });
        }
    }
    words
}

/// Parses a free-text name.
pub fn parse(text: &str) -> ParsedName {
    // Each word once: normalised text, plain Latin, skeleton.
    let mut words: Vec<(Word, String, String, String)> = Vec::new();
    for word in words_of(text) {
        let normal = normalize(&word.text).replace(' ', "");
        let plain = crate::skeleton::plain_latin(&normal);
        let skeleton = crate::skeleton::fold_plain(&plain);
        if skeleton.is_empty() {
            continue;
        }
        // `Серік ұлы`: a separate ұлы/қызы belongs to the word before it.
        if matches!(skeleton.as_str(), "uli" | "kizi")
            && let Some(previous) = words.last_mut()
        {
            previous.0.text.push_str(&word.text);
            previous.1.push_str(&normal);
            previous.2 = crate::skeleton::plain_latin(&previous.1);
            previous.3 = crate::skeleton::fold_plain(&previous.2);
            continue;
        }
        words.push((word, normal, plain, skeleton));
    }
    let mixed_case = words.iter().any(|(w, ..)| !w.all_caps && !w.initial);
    let mut tokens: Vec<Token> = words
        .into_iter()
        .map(|(word, text, plain, skeleton)| {
            let surname = morph::surname(&skeleton);
            let patronymic = if word.initial { None } else { morph::patronymic(&skeleton) };
            let role = if word.initial {
                Role::Unknown
            } else if let Some(stem) = &patronymic {
                if stem.form == morph::Form::Kazakh { Role::SurnameOrPatronymic } else { Role::Patronymic }
            } else if (surname.form == morph::Form::Russian && !morph::is_common_given_name(&skeleton)
                // -ин also ends Kazakh given names and bare surnames (Еркін, Тұрсын): not decisive.
                && !skeleton.ends_with("in") && !skeleton.ends_with("ina"))
                || (mixed_case && word.all_caps)
            {
                Role::Surname
            } else {
                Role::Unknown
            };
            let bare =
                morph::Stem { stem: skeleton.clone(), alternatives: Vec::new(), gender: None, form: morph::Form::Bare };
            Token { text, skeleton, plain, surname, patronymic, bare, role, initial: word.initial }
        })
        .collect();
    assign_by_position(&mut tokens);
    ParsedName { tokens }
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
    let unknown: Vec<usize> = (0..tokens.len()).filter(|&i| tokens[i].role == Role::Unknown).collect();
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
