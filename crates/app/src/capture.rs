//! Capture histories: for every person of the registry, which lists name them, tabulated as the
//! multiple-systems-estimation data sets are (`../shared/data/mse/`): one 0/1 column per list and
//! `count`, one row per observable pattern (all `2^J - 1` of them, zeros included), the first list
//! varying fastest. Stratified tables put a `stratum` column first and repeat the patterns for
//! each stratum.
//!
//! The lists are the sources of the latest link run, in its order.

use std::collections::BTreeMap;

use domain::access::{Action, Actor, authorize};
use domain::entity::SourceKind;
use domain::id::{PersonId, SourceId};

use crate::{App, Error, Result};

/// The most lists a table may have (2^J - 1 rows per stratum).
const MAX_LISTS: usize = 16;

/// How a table is split into strata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stratify {
    /// By the place of death (the town, whatever its spelling); `unknown` when no list gives one.
    Place,
    /// By the ISO week of the date of death (`2022-W01`); `unknown` when no list gives one.
    Period,
}

impl Stratify {
    pub fn parse(text: &str) -> Option<Stratify> {
        match text {
            "place" => Some(Stratify::Place),
            "period" => Some(Stratify::Period),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stratify::Place => "place",
            Stratify::Period => "period",
        }
    }
}

/// Counts of persons per capture pattern, per stratum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureHistories {
    /// The list columns' names, in order.
    pub columns: Vec<String>,
    pub source_ids: Vec<SourceId>,
    /// `None` for an unstratified table.
    pub by: Option<Stratify>,
    /// Each stratum's label and counts; `counts[pattern - 1]` for patterns 1 ..= 2^J - 1, where
    /// bit j of a pattern is list j.
    pub strata: Vec<(String, Vec<u64>)>,
}

impl CaptureHistories {
    /// Persons counted in all strata.
    pub fn n_persons(&self) -> u64 {
        self.strata.iter().flat_map(|(_, counts)| counts).sum()
    }

    /// The table as CSV.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let quote = |text: &str| {
            if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
        };
        let mut header: Vec<String> = Vec::new();
        if self.by.is_some() {
            header.push("stratum".to_owned());
        }
        header.extend(self.columns.iter().map(|c| quote(c)));
        header.push("count".to_owned());
        out.push_str(&header.join(","));
        out.push('\n');
        for (label, counts) in &self.strata {
            for (index, count) in counts.iter().enumerate() {
                let pattern = index + 1;
                let mut row: Vec<String> = Vec::new();
                if self.by.is_some() {
                    row.push(quote(label));
                }
                row.extend((0..self.columns.len()).map(|j| ((pattern >> j) & 1).to_string()));
                row.push(count.to_string());
                out.push_str(&row.join(","));
                out.push('\n');
            }
        }
        out
    }
}

/// Short column names for lists: their kind (`official`, `ngo`, …), numbered when repeated.
fn column_names(kinds: &[SourceKind]) -> Vec<String> {
    let base: Vec<&str> = kinds
        .iter()
        .map(|kind| match kind {
            SourceKind::OfficialList => "official",
            SourceKind::NgoList => "ngo",
            SourceKind::MediaList => "media",
            SourceKind::MorgueList => "morgue",
            SourceKind::FamilyReport => "family",
            SourceKind::Document => "document",
            SourceKind::Dataset => "dataset",
            SourceKind::Interview => "interview",
            SourceKind::MediaItem => "media_item",
        })
        .collect();
    base.iter()
        .enumerate()
        .map(|(i, name)| {
            let total = base.iter().filter(|other| *other == name).count();
            if total == 1 {
                (*name).to_owned()
            } else {
                format!("{name}_{}", base[..=i].iter().filter(|other| *other == name).count())
            }
        })
        .collect()
}

/// Tabulates patterns: `members` gives each person's lists (indices), `stratum` each person's label.
pub(crate) fn tabulate(
    n_lists: usize,
    members: &BTreeMap<PersonId, Vec<usize>>,
    stratum: impl Fn(&PersonId) -> String,
) -> Vec<(String, Vec<u64>)> {
    let n_patterns = (1usize << n_lists) - 1;
    let mut strata: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (person, lists) in members {
        let pattern: usize = lists.iter().map(|j| 1usize << j).fold(0, |a, b| a | b);
        if pattern == 0 {
            continue;
        }
        strata.entry(stratum(person)).or_insert_with(|| vec![0; n_patterns])[pattern - 1] += 1;
    }
    strata.into_iter().collect()
}

impl App {
    /// The capture histories of the registry over the lists of the latest link run.
    pub async fn capture_histories(&self, actor: &Actor, by: Option<Stratify>) -> Result<CaptureHistories> {
        authorize(actor, Action::ReadRegistry)?;
        let run = self.store.latest_link_run().await?.ok_or_else(|| Error::BadInput {
            what: "capture histories",
            detail: "no sources were linked into the registry yet".to_owned(),
        })?;
        let source_ids = run.source_ids.clone();
        if source_ids.len() > MAX_LISTS {
            return Err(Error::BadInput {
                what: "capture histories",
                detail: format!("{} lists; at most {MAX_LISTS} can be tabulated", source_ids.len()),
            });
        }
        let mut kinds = Vec::with_capacity(source_ids.len());
        for id in &source_ids {
            kinds.push(self.store.source(id).await?.map_or(SourceKind::Dataset, |s| s.kind));
        }
        let mut members: BTreeMap<PersonId, Vec<usize>> = BTreeMap::new();
        for (person, source) in self.store.memberships().await? {
            if let Some(j) = source_ids.iter().position(|s| *s == source) {
                members.entry(person).or_default().push(j);
            }
        }
        let strata_of = self.store.person_strata().await?;
        let labels: BTreeMap<PersonId, String> = strata_of
            .into_iter()
            .map(|s| {
                let label = match by {
                    None => String::new(),
                    Some(Stratify::Place) => s.place_key.clone().unwrap_or_else(|| "unknown".to_owned()),
                    Some(Stratify::Period) => s.death_earliest.map_or_else(
                        || "unknown".to_owned(),
                        |d| {
                            let week = d.iso_week_date();
                            format!("{:04}-W{:02}", week.year(), week.week())
                        },
                    ),
                };
                (s.person_id, label)
            })
            .collect();
        let strata = tabulate(source_ids.len(), &members, |p| labels.get(p).cloned().unwrap_or_default());
        Ok(CaptureHistories { columns: column_names(&kinds), source_ids, by, strata })
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn patterns_run_first_list_fastest_with_zero_rows() {
        let mut members = BTreeMap::new();
        members.insert(PersonId::from_bits(1), vec![0]);
        members.insert(PersonId::from_bits(2), vec![0, 1]);
        members.insert(PersonId::from_bits(3), vec![0, 1]);
        members.insert(PersonId::from_bits(4), vec![2]);
        let table = CaptureHistories {
            columns: column_names(&[SourceKind::OfficialList, SourceKind::NgoList, SourceKind::NgoList]),
            source_ids: vec![],
            by: None,
            strata: tabulate(3, &members, |_| String::new()),
        };
        expect![[r#"
            official,ngo_1,ngo_2,count
            1,0,0,1
            0,1,0,0
            1,1,0,2
            0,0,1,1
            1,0,1,0
            0,1,1,0
            1,1,1,0
        "#]]
        .assert_eq(&table.to_csv());
        assert_eq!(table.n_persons(), 4);
    }

    #[test]
    fn strata_repeat_the_patterns() {
        let mut members = BTreeMap::new();
        members.insert(PersonId::from_bits(1), vec![0]);
        members.insert(PersonId::from_bits(2), vec![1]);
        let table = CaptureHistories {
            columns: vec!["a".to_owned(), "b".to_owned()],
            source_ids: vec![],
            by: Some(Stratify::Place),
            strata: tabulate(2, &members, |p| {
                if *p == PersonId::from_bits(1) { "almati".into() } else { "unknown".into() }
            }),
        };
        expect![[r#"
            stratum,a,b,count
            almati,1,0,1
            almati,0,1,0
            almati,1,1,0
            unknown,1,0,0
            unknown,0,1,1
            unknown,1,1,0
        "#]]
        .assert_eq(&table.to_csv());
    }
}
