//! The person name index: every name variant of every registry person, parsed once, under the
//! blocking keys of the `names` crate (hashed), so that a nominee is scored only against the
//! persons whose names share a key with theirs.
//!
//! Keys come in two kinds: a stem with another word's initial (`serikbai+e`, selective) and a bare
//! stem (`serikbai`, a whole family). A nominee is looked up under every key of the first kind and
//! under bare stems whose block holds at most `max_bare_block` names, or under every bare stem
//! when the name gives no key of the first kind (a surname alone).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use names::parse::Lexicon;
use names::person::{BirthDate, Person as NamePerson};
use rayon::prelude::*;

use domain::date::FuzzyDate;
use domain::entity::{Gender, Person};

/// Persons per parallel chunk when building (each chunk has its own lexicon).
const CHUNK: usize = 16_384;

/// (key hash, entry) pairs.
type Keys = Vec<(u64, u32)>;

/// One name variant of one registry person, parsed.
pub(crate) struct Entry {
    pub(crate) person: u32,
    /// The person's birth year, when known to the year.
    pub(crate) year: Option<i16>,
    pub(crate) name: NamePerson,
}

/// The blocking index over registry person names.
pub(crate) struct PersonNames {
    pub(crate) entries: Vec<Entry>,
    /// (key hash with the bare flag in the lowest bit, entry), sorted.
    keys: Keys,
}

fn hasher() -> FixedState {
    FixedState::with_seed(0x5c4e_e71e)
}

/// A key's hash, its lowest bit set for a bare stem.
fn key_hash(key: &str) -> u64 {
    let bare = u64::from(!key.contains('+'));
    (hasher().hash_one(key) & !1) | bare
}

/// The `names` crate's birth date for a fuzzy date: to the day, month or year as far as known.
pub(crate) fn birth_date(date: Option<FuzzyDate>) -> Option<BirthDate> {
    let date = date?;
    let (a, b) = (date.earliest(), date.latest());
    let year = i32::from(a.year());
    if a.year() != b.year() {
        return None;
    }
    if a == b {
        return Some(BirthDate { year, month: Some(a.month() as u8), day: Some(a.day() as u8) });
    }
    if a.month() == b.month() {
        return Some(BirthDate { year, month: Some(a.month() as u8), day: None });
    }
    Some(BirthDate { year, month: None, day: None })
}

pub(crate) fn gender(gender: Option<Gender>) -> Option<names::morph::Gender> {
    gender.map(|g| match g {
        Gender::Male => names::morph::Gender::Male,
        Gender::Female => names::morph::Gender::Female,
    })
}

impl PersonNames {
    pub(crate) fn build(persons: &[Person]) -> PersonNames {
        let chunks: Vec<(Vec<Entry>, Keys)> = persons
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut lexicon = Lexicon::with_capacity(chunk.len());
                let mut entries = Vec::with_capacity(chunk.len());
                let mut keys = Vec::with_capacity(chunk.len() * 6);
                for (i, person) in chunk.iter().enumerate() {
                    let index = (c * CHUNK + i) as u32;
                    let born = birth_date(person.birth_date);
                    let year = born.map(|b| b.year as i16);
                    let sex = gender(person.gender);
                    for name in &person.names {
                        let parsed = NamePerson::with_lexicon(&mut lexicon, &name.text, born, sex);
                        // The entry's number within the chunk; made global below.
                        let local = entries.len() as u32;
                        for key in names::keys::blocking_keys(parsed.name()) {
                            keys.push((key_hash(&key), local));
                        }
                        entries.push(Entry { person: index, year, name: parsed });
                    }
                }
                (entries, keys)
            })
            .collect();
        let total: usize = chunks.iter().map(|(e, _)| e.len()).sum();
        let mut entries = Vec::with_capacity(total);
        let mut keys = Vec::with_capacity(chunks.iter().map(|(_, k)| k.len()).sum());
        for (chunk_entries, chunk_keys) in chunks {
            let offset = entries.len() as u32;
            keys.extend(chunk_keys.into_iter().map(|(hash, local)| (hash, local + offset)));
            entries.extend(chunk_entries);
        }
        keys.par_sort_unstable();
        keys.dedup();
        PersonNames { entries, keys }
    }

    fn block(&self, hash: u64) -> &[(u64, u32)] {
        let start = self.keys.partition_point(|(h, _)| *h < hash);
        let end = start + self.keys[start..].partition_point(|(h, _)| *h == hash);
        &self.keys[start..end]
    }

    /// The entries that share a key with `name`, ascending, each once.
    pub(crate) fn candidates(&self, name: &NamePerson, max_bare_block: usize) -> Vec<u32> {
        let keys = names::keys::blocking_keys(name.name());
        let paired = keys.iter().any(|k| k.contains('+'));
        let mut out: Vec<u32> = Vec::new();
        for key in &keys {
            let block = self.block(key_hash(key));
            let bare = !key.contains('+');
            if bare && paired && block.len() > max_bare_block {
                continue;
            }
            out.extend(block.iter().map(|(_, entry)| *entry));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
