//! The accountability funnel (how many allegations were registered, investigated, reached
//! identified suspects, a charge, a conviction) and the counts of withdrawals and reported
//! pressure, by region, unit and month. The grouping is pure ([`funnel_of`], [`pressure_counts_of`])
//! over the facts the store reads; the official figures (claims) are shown beside the funnel.
//!
//! Stages are cumulative: an allegation that was charged was also investigated, whatever steps its
//! timeline skipped. Convicted means a conviction (conditional or posthumous included) in a verdict
//! step or a case's outcome.

use std::collections::BTreeMap;

use domain::access::{Action, Actor, authorize};
use domain::date::Timestamp;
use domain::entity::{AllegationStatus as S, CaseOutcome, Claim, PressureReport, VerdictKind, Withdrawal};
use domain::id::UnitId;
use store::complaints::AllegationFacts;

use crate::{App, Result};

/// A stage of the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Registered,
    Investigated,
    SuspectsIdentified,
    Charged,
    Convicted,
}

impl Stage {
    pub const ALL: [Stage; 5] =
        [Stage::Registered, Stage::Investigated, Stage::SuspectsIdentified, Stage::Charged, Stage::Convicted];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Registered => "registered",
            Stage::Investigated => "investigated",
            Stage::SuspectsIdentified => "suspects-identified",
            Stage::Charged => "charged",
            Stage::Convicted => "convicted",
        }
    }
}

/// How many allegations reached each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunnelCounts(pub [u64; 5]);

impl FunnelCounts {
    pub fn get(&self, stage: Stage) -> u64 {
        self.0[stage as usize]
    }
}

/// One row of a grouping: its key (a region, a unit's id, a month `YYYY-MM`), label and counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelGroup {
    pub key: String,
    pub label: String,
    pub counts: FunnelCounts,
}

/// The funnel in total and by region, unit and month, with the official figures beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    pub total: FunnelCounts,
    pub by_region: Vec<FunnelGroup>,
    pub by_unit: Vec<FunnelGroup>,
    pub by_month: Vec<FunnelGroup>,
    /// Claims (official figures) with their source's title.
    pub claims: Vec<(Claim, String)>,
}

/// Which stages an allegation reached.
pub(crate) fn stages_reached(facts: &AllegationFacts) -> [bool; 5] {
    let has = |statuses: &[S]| facts.statuses.iter().any(|s| statuses.contains(s));
    let convicted = facts
        .outcomes
        .iter()
        .any(|o| matches!(o, CaseOutcome::Conviction | CaseOutcome::ConditionalSentence))
        || facts.verdicts.iter().any(|v| {
            matches!(v, VerdictKind::Conviction | VerdictKind::ConditionalSentence | VerdictKind::PosthumousConviction)
        });
    let charged = convicted || has(&[S::Charged, S::Tried, S::Verdict, S::Appeal]);
    let suspects = charged || facts.case_suspects || has(&[S::SuspectsIdentified]);
    let investigated = suspects || has(&[S::InvestigationOpened]);
    [true, investigated, suspects, charged, convicted]
}

/// The label a missing region or unit is grouped under.
pub(crate) const UNKNOWN: &str = "";

fn month(date: Option<jiff::civil::Date>) -> String {
    date.map(|d| format!("{:04}-{:02}", d.year(), d.month())).unwrap_or_default()
}

fn add(map: &mut BTreeMap<String, FunnelCounts>, key: &str, reached: &[bool; 5]) {
    let counts = map.entry(key.to_owned()).or_default();
    for (count, reached) in counts.0.iter_mut().zip(reached) {
        *count += u64::from(*reached);
    }
}

fn groups(map: BTreeMap<String, FunnelCounts>, label: impl Fn(&str) -> String) -> Vec<FunnelGroup> {
    map.into_iter().map(|(key, counts)| FunnelGroup { label: label(&key), key, counts }).collect()
}

/// The funnel of `facts`; `unit_name` labels a unit's id. An allegation alleging several units
/// counts once under each; one alleging none under [`UNKNOWN`].
pub fn funnel_of(facts: &[AllegationFacts], unit_name: impl Fn(&str) -> String) -> Funnel {
    let mut total = FunnelCounts::default();
    let (mut regions, mut units, mut months) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for fact in facts {
        let reached = stages_reached(fact);
        for (count, reached) in total.0.iter_mut().zip(&reached) {
            *count += u64::from(*reached);
        }
        add(&mut regions, fact.region.as_deref().unwrap_or(UNKNOWN), &reached);
        add(&mut months, &month(fact.registered_on), &reached);
        if fact.unit_ids.is_empty() {
            add(&mut units, UNKNOWN, &reached);
        }
        for unit in &fact.unit_ids {
            add(&mut units, unit.as_str(), &reached);
        }
    }
    Funnel {
        total,
        by_region: groups(regions, str::to_owned),
        by_unit: groups(units, |key| if key.is_empty() { String::new() } else { unit_name(key) }),
        by_month: groups(months, str::to_owned),
        claims: Vec::new(),
    }
}

/// Withdrawals and pressure reports of one group, beside the allegations in it (which the
/// withdrawals leave in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PressureGroup {
    pub key: String,
    pub label: String,
    pub allegations: u64,
    pub withdrawals: u64,
    pub pressure: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PressureCounts {
    pub total: PressureGroup,
    pub by_region: Vec<PressureGroup>,
    pub by_unit: Vec<PressureGroup>,
    /// By the month of the withdrawal or report (allegations by the month of registration).
    pub by_month: Vec<PressureGroup>,
}

fn date_of(at: Timestamp) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_millisecond(at.as_millis()).ok().map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Counts of withdrawals and pressure reports by the region and units of their allegation, and by
/// their own month.
pub fn pressure_counts_of(
    facts: &[AllegationFacts],
    withdrawals: &[Withdrawal],
    reports: &[PressureReport],
    unit_name: impl Fn(&str) -> String,
) -> PressureCounts {
    #[derive(Default, Clone, Copy)]
    struct Tally([u64; 3]);
    let by_id: BTreeMap<&str, &AllegationFacts> = facts.iter().map(|f| (f.id.as_str(), f)).collect();
    let (mut regions, mut units, mut months) =
        (BTreeMap::<String, Tally>::new(), BTreeMap::<String, Tally>::new(), BTreeMap::<String, Tally>::new());
    let mut total = Tally::default();
    let unit_keys = |fact: Option<&&AllegationFacts>| -> Vec<String> {
        match fact {
            Some(fact) if !fact.unit_ids.is_empty() => fact.unit_ids.iter().map(UnitId::to_string).collect(),
            _ => vec![UNKNOWN.to_owned()],
        }
    };
    let mut count = |fact: Option<&&AllegationFacts>, month_key: String, column: usize| {
        total.0[column] += 1;
        let region = fact.and_then(|f| f.region.clone()).unwrap_or_default();
        regions.entry(region).or_default().0[column] += 1;
        for unit in unit_keys(fact) {
            units.entry(unit).or_default().0[column] += 1;
        }
        months.entry(month_key).or_default().0[column] += 1;
    };
    for fact in facts {
        count(Some(&fact), month(fact.registered_on), 0);
    }
    for withdrawal in withdrawals {
        count(by_id.get(withdrawal.allegation_id.as_str()), month(Some(withdrawal.on)), 1);
    }
    for report in reports {
        count(by_id.get(report.allegation_id.as_str()), month(date_of(report.at)), 2);
    }
    let group = |key: String, label: String, tally: Tally| PressureGroup {
        key,
        label,
        allegations: tally.0[0],
        withdrawals: tally.0[1],
        pressure: tally.0[2],
    };
    let list = |map: BTreeMap<String, Tally>, label: &dyn Fn(&str) -> String| -> Vec<PressureGroup> {
        map.into_iter().map(|(key, tally)| group(key.clone(), label(&key), tally)).collect()
    };
    PressureCounts {
        total: group(String::new(), String::new(), total),
        by_region: list(regions, &|key| key.to_owned()),
        by_unit: list(units, &|key| if key.is_empty() { String::new() } else { unit_name(key) }),
        by_month: list(months, &|key| key.to_owned()),
    }
}

impl App {
    async fn unit_names(&self, facts: &[AllegationFacts]) -> Result<BTreeMap<String, String>> {
        let mut names = BTreeMap::new();
        for unit in facts.iter().flat_map(|f| &f.unit_ids) {
            if !names.contains_key(unit.as_str()) {
                let name = self.store.unit_name(unit).await?.unwrap_or_else(|| unit.to_string());
                names.insert(unit.to_string(), name);
            }
        }
        Ok(names)
    }

    /// The accountability funnel, with the official figures stored as claims.
    pub async fn funnel(&self, actor: &Actor) -> Result<Funnel> {
        authorize(actor, Action::ReadRegistry)?;
        let facts = self.store.allegation_facts().await?;
        let names = self.unit_names(&facts).await?;
        let mut funnel = funnel_of(&facts, |id| names.get(id).cloned().unwrap_or_else(|| id.to_owned()));
        funnel.claims = self.store.claims_with_sources().await?;
        Ok(funnel)
    }

    /// Withdrawals and reported pressure by region, unit and month.
    pub async fn pressure_counts(&self, actor: &Actor) -> Result<PressureCounts> {
        authorize(actor, Action::ReadRegistry)?;
        let facts = self.store.allegation_facts().await?;
        let names = self.unit_names(&facts).await?;
        let withdrawals = self.store.all_withdrawals().await?;
        let reports = self.store.all_pressure_reports().await?;
        Ok(pressure_counts_of(&facts, &withdrawals, &reports, |id| {
            names.get(id).cloned().unwrap_or_else(|| id.to_owned())
        }))
    }

    /// Every case, and one case.
    pub async fn cases(&self, actor: &Actor) -> Result<Vec<domain::entity::Case>> {
        authorize(actor, Action::ReadRegistry)?;
        use crate::classified::Withhold;
        self.store.all_cases().await?.withhold(actor)
    }

    pub async fn case(&self, actor: &Actor, id: &str) -> Result<domain::entity::Case> {
        authorize(actor, Action::ReadRegistry)?;
        let id = domain::id::CaseId::parse(id)?;
        use crate::classified::Withhold;
        let case =
            self.store.case(&id).await?.ok_or_else(|| crate::Error::NotFound { what: "case", id: id.to_string() })?;
        case.withhold(actor)
    }
}

#[cfg(test)]
mod tests {
    use domain::id::AllegationId;

    use super::*;

    fn facts(statuses: &[S], outcomes: &[CaseOutcome]) -> AllegationFacts {
        AllegationFacts {
            id: AllegationId::from_bits(1),
            registered_on: Some(jiff::civil::date(2022, 2, 3)),
            region: Some("Almaty".to_owned()),
            unit_ids: Vec::new(),
            statuses: statuses.to_vec(),
            verdicts: Vec::new(),
            outcomes: outcomes.to_vec(),
            case_suspects: false,
        }
    }

    fn check(statuses: &[S], outcomes: &[CaseOutcome], expect: [bool; 5]) {
        assert_eq!(stages_reached(&facts(statuses, outcomes)), expect, "{statuses:?} {outcomes:?}");
    }

    #[test]
    fn stages_are_cumulative() {
        check(&[S::Registered], &[], [true, false, false, false, false]);
        check(&[S::Registered, S::Examination, S::Closed], &[], [true, false, false, false, false]);
        check(&[S::Registered, S::InvestigationOpened], &[], [true, true, false, false, false]);
        check(&[S::Registered, S::Charged], &[], [true, true, true, true, false]);
        check(&[S::Registered, S::Verdict], &[CaseOutcome::Acquittal], [true, true, true, true, false]);
        check(&[S::Registered], &[CaseOutcome::ConditionalSentence], [true, true, true, true, true]);
    }

    #[test]
    fn groups_by_region_unit_and_month() {
        let mut a = facts(&[S::Registered, S::InvestigationOpened], &[]);
        a.unit_ids = vec![UnitId::from_bits(7)];
        let b = facts(&[S::Registered], &[]);
        let funnel = funnel_of(&[a, b], |_| "Unit seven".to_owned());
        assert_eq!(funnel.total.0, [2, 1, 0, 0, 0]);
        assert_eq!(funnel.by_month[0].key, "2022-02");
        assert_eq!(funnel.by_unit.len(), 2);
        assert_eq!(funnel.by_unit[1].label, "Unit seven");
        assert_eq!(funnel.by_unit[1].counts.0, [1, 1, 0, 0, 0]);
    }
}
