//! A registry person as their records describe them: the names they go by (the fullest first),
//! and the gender, dates, place and age most records give.
//!
//! Pure and deterministic: records are taken in (source, row, id) order, and ties go to the
//! earlier record.

use std::collections::HashMap;

use domain::date::FuzzyDate;
use domain::entity::{Gender, Person, PersonName, Record, Script};
use domain::id::PersonId;
use domain::registry::{RegistryPerson, RegistryStatus};

use linkage::place::key as place_key;

/// The most names a person keeps (the rest are still on the records).
const MAX_NAMES: usize = 12;

/// The name a record gives: the full name, or the parts.
pub(crate) fn record_name(record: &Record) -> String {
    let f = &record.fields;
    match &f.full_name {
        Some(full) if !full.trim().is_empty() => full.trim().to_owned(),
        _ => [&f.surname, &f.given_name, &f.patronymic]
            .into_iter()
            .flatten()
            .map(|part| part.trim())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Whether a word is an initial (`Е.`, `Е.С.`, `E`).
fn is_initial(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 || (word.contains('.') && letters <= 3 && word.chars().all(|c| c.is_alphabetic() || c == '.'))
}

fn script_of(text: &str) -> Script {
    match names::script::detect(text) {
        names::script::Script::CyrillicKazakh => Script::CyrillicKazakh,
        names::script::Script::CyrillicRussian | names::script::Script::Mixed => Script::CyrillicRussian,
        names::script::Script::Latin | names::script::Script::Unknown => Script::Latin,
    }
}

/// The value most records give; ties go to the first record that gave it.
fn mode<T: Clone + Eq + std::hash::Hash>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (position, value) in values.into_iter().enumerate() {
        counts.entry(value).or_insert((0, position)).0 += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1))).map(|(value, _)| value)
}

/// The date most records give, exact dates first.
fn date_mode(dates: impl Iterator<Item = FuzzyDate> + Clone) -> Option<FuzzyDate> {
    mode(dates.clone().filter(FuzzyDate::is_exact)).or_else(|| mode(dates))
}

/// The registry entry of `person_id` for these records. `notes` are kept from the person as it was.
pub(crate) fn summarize(person_id: &PersonId, notes: &str, records: &[&Record]) -> RegistryPerson {
    let mut records: Vec<&Record> = records.to_vec();
    records.sort_by(|a, b| (&a.source_id, a.row_number, &a.id).cmp(&(&b.source_id, b.row_number, &b.id)));
    let mut names: Vec<(bool, usize, u8, usize, String)> = Vec::new();
    for (position, record) in records.iter().enumerate() {
        let text = record_name(record);
        if text.is_empty() || names.iter().any(|n| n.4.to_lowercase() == text.to_lowercase()) {
            continue;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let has_initials = words.iter().any(|w| is_initial(w));
        let script_rank = match script_of(&text) {
            Script::CyrillicKazakh => 0,
            Script::CyrillicRussian => 1,
            Script::Latin => 2,
        };
        names.push((has_initials, usize::MAX - words.len(), script_rank, position, text));
    }
    names.sort();
    let names: Vec<PersonName> = names
        .into_iter()
        .take(MAX_NAMES)
        .map(|(_, _, _, _, text)| PersonName { script: script_of(&text), text, scheme: None })
        .collect();
    let genders: Vec<Gender> = records.iter().filter_map(|r| r.fields.gender).collect();
    let gender = genders.first().copied().filter(|g| genders.iter().all(|other| other == g));
    let birth_date = date_mode(records.iter().filter_map(|r| r.fields.birth_date));
    let death_date = date_mode(records.iter().filter_map(|r| r.fields.death_date));
    let places: Vec<(String, String)> = records
        .iter()
        .filter_map(|r| r.fields.place.as_deref())
        .filter_map(|place| place_key(place).map(|key| (key, place.trim().to_owned())))
        .collect();
    let place_key = mode(places.iter().map(|(key, _)| key.clone()));
    let place =
        place_key.as_ref().and_then(|key| mode(places.iter().filter(|(k, _)| k == key).map(|(_, text)| text.clone())));
    // The age most records give; else the age the dates of birth and death give, when both are
    // known to the day.
    let age = mode(records.iter().filter_map(|r| r.fields.age)).or_else(|| {
        let (birth, death) = (birth_date.filter(FuzzyDate::is_exact)?, death_date.filter(FuzzyDate::is_exact)?);
        let (b, d) = (birth.earliest(), death.earliest());
        let before_birthday = (d.month(), d.day()) < (b.month(), b.day());
        let years = i32::from(d.year()) - i32::from(b.year()) - i32::from(before_birthday);
        u8::try_from(years).ok().filter(|age| *age <= 120)
    });
    let mut sources: Vec<&domain::id::SourceId> = records.iter().map(|r| &r.source_id).collect();
    sources.sort();
    sources.dedup();
    RegistryPerson {
        person: Person { id: person_id.clone(), names, gender, birth_date, death_date, notes: notes.to_owned() },
        status: if records.is_empty() { RegistryStatus::Empty } else { RegistryStatus::Active },
        merged_into: None,
        n_records: records.len() as u32,
        n_sources: sources.len() as u32,
        place,
        place_key,
        age,
    }
}

#[cfg(test)]
mod tests {
    use domain::entity::VictimFields;
    use domain::id::{RecordId, SourceId};

    use super::*;

    fn record(bits: u128, source: u128, full_name: &str, fields: VictimFields) -> Record {
        Record {
            id: RecordId::from_bits(bits),
            source_id: SourceId::from_bits(source),
            row_number: bits as u32,
            source_record_id: None,
            verbatim: vec![],
            fields: VictimFields { full_name: Some(full_name.to_owned()), ..fields },
        }
    }

    #[test]
    fn the_fullest_name_leads_and_most_records_decide() {
        let day = |s: &str| Some(s.parse::<FuzzyDate>().unwrap());
        let records = [
            record(1, 1, "Серикбаев Е.С.", VictimFields { death_date: day("2022-01-05"), ..Default::default() }),
            record(
                2,
                2,
                "Ерлан Серікбаев",
                VictimFields {
                    gender: Some(Gender::Male),
                    place: Some("Алматы".to_owned()),
                    death_date: day("2022-01-05"),
                    age: Some(41),
                    ..Default::default()
                },
            ),
            record(
                3,
                3,
                "Серикбаев Ерлан Серикович",
                VictimFields {
                    place: Some("г. Алматы".to_owned()),
                    birth_date: day("1980"),
                    death_date: day("2022-01-06"),
                    ..Default::default()
                },
            ),
            record(4, 4, "Erlan Serikbayev", VictimFields { place: Some("Almaty".to_owned()), ..Default::default() }),
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let entry = summarize(&PersonId::from_bits(9), "", &refs);
        let names: Vec<&str> = entry.person.names.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(names, ["Серикбаев Ерлан Серикович", "Ерлан Серікбаев", "Erlan Serikbayev", "Серикбаев Е.С."]);
        assert_eq!(entry.person.names[1].script, Script::CyrillicKazakh);
        assert_eq!(entry.person.gender, Some(Gender::Male));
        assert_eq!(entry.person.death_date.map(|d| d.to_string()).as_deref(), Some("2022-01-05"));
        assert_eq!(entry.person.birth_date.map(|d| d.to_string()).as_deref(), Some("1980"));
        assert_eq!((entry.place_key.as_deref(), entry.place.as_deref()), (Some("almati"), Some("Алматы")));
        assert_eq!((entry.n_records, entry.n_sources, entry.age), (4, 4, Some(41)));
        let dated = [record(
            5,
            1,
            "Шин Олег Николаевич",
            VictimFields { birth_date: day("2005-04-06"), death_date: day("2022-01-05"), ..Default::default() },
        )];
        let refs: Vec<&Record> = dated.iter().collect();
        assert_eq!(summarize(&PersonId::from_bits(8), "", &refs).age, Some(16), "from the dates, before the birthday");
        assert_eq!(entry.status, RegistryStatus::Active);
    }
}
