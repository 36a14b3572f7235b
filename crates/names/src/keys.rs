//! Blocking keys: short strings that two spellings of one person's name share, so that record
//! linkage and screening compare only the pairs that share a key instead of all pairs.
//!
//! Keys are built from the conventional stem of each word that can be a surname or a father's
//! name (`serikbai`, `serik`), alone and with the first letter of another word (`serikbai+e`):
//! every order, script and suffix form of a name yields the same keys.

use std::collections::BTreeSet;

use crate::morph;
use crate::parse::{ParsedName, Role};

/// The blocking keys of a parsed name, sorted and without duplicates.
pub fn blocking_keys(name: &ParsedName) -> Vec<String> {
    let mut keys = BTreeSet::new();
    let stems: Vec<&str> = name
        .tokens
        .iter()
        .filter(|t| !t.initial && t.role != Role::Given)
        .flat_map(|t| {
            let father = t.patronymic.as_ref().map(|p| morph::conventional(&p.stem));
            std::iter::once(morph::conventional(&t.surname.stem)).chain(father)
        })
        .filter(|stem| stem.len() >= 2)
        .collect();
    for stem in &stems {
        keys.insert((*stem).to_owned());
        for other in &name.tokens {
            let Some(first) = other.skeleton.chars().next() else { continue };
            if other.role == Role::Patronymic || morph::conventional(&other.surname.stem) == *stem {
                continue;
            }
            keys.insert(format!("{stem}+{first}"));
        }
    }
    keys.into_iter().collect()
}

/// Looser keys that survive one typing error in a surname (Каримов/Каирмов, Оспанов/Оспаов),
/// for a second blocking pass: each stem's consonants, and its first four letters, each with the
/// first letter of another word (`#krm+m`, `^kari+m`). They make larger blocks than
/// [`blocking_keys`], so a linkage engine should guard their block sizes.
pub fn typo_blocking_keys(name: &ParsedName) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for token in name.tokens.iter().filter(|t| !t.initial && t.role != Role::Given && t.role != Role::Patronymic) {
        let stem = morph::conventional(&token.surname.stem);
        if stem.len() < 4 {
            continue;
        }
        let consonants: String = stem.chars().filter(|c| !"aeiou".contains(*c)).collect();
        for other in &name.tokens {
            let Some(first) = other.skeleton.chars().next() else { continue };
            if std::ptr::eq(other, token) || other.role == Role::Patronymic {
                continue;
            }
            if consonants.len() >= 2 {
                keys.insert(format!("#{consonants}+{first}"));
            }
            // Skeletons are ASCII; a word in another script has no four-byte prefix to share.
            if let Some(prefix) = stem.get(..4) {
                keys.insert(format!("^{prefix}+{first}"));
            }
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn spellings_of_one_name_share_keys() {
        let spellings = ["Серикбаев Ерлан Серикович", "SERIKBAYEV ERLAN", "E. Serikbaev", "Ерлан Серікбай"];
        let key_sets: Vec<Vec<String>> = spellings.iter().map(|s| blocking_keys(&parse(s))).collect();
        for (spelling, keys) in spellings.iter().zip(&key_sets) {
            assert!(keys.contains(&"serikbai+e".to_owned()), "{spelling}: {keys:?}");
        }
        assert_eq!(blocking_keys(&parse("Ерлан Серикович Серикбаев")), key_sets[0]);
    }

    #[test]
    fn typo_keys_survive_one_typing_error() {
        let shared = |a: &str, b: &str| {
            let (x, y) = (typo_blocking_keys(&parse(a)), typo_blocking_keys(&parse(b)));
            x.iter().any(|k| y.contains(k))
        };
        assert!(shared("Каримов Мурат", "Каирмов М."));
        assert!(shared("Оспанов Асхат", "Оспаов Асхат"));
        assert!(shared("Серикбаев Ерлан", "SERIKBAYEV E."));
        assert!(!shared("Серикбаев Ерлан", "Ахметов Ерлан"));
    }

    #[test]
    fn kazakh_patronymic_surnames_key_on_the_father() {
        assert!(blocking_keys(&parse("Серікұлы Ерлан")).contains(&"serik+e".to_owned()));
    }
}
