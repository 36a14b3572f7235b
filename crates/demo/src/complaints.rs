//! What followed the complaints: the Istanbul (and for deaths Minnesota) Protocol details of each
//! allegation, deadlines on steps still waiting, withdrawals kept as records beside the allegations
//! they withdraw, and the pressure reported on complainants (research §3 and §7: complaints
//! withdrawn after visits by officers).
//!
//! A stage of its own, drawing from its own generator, so that the stages before it are unchanged.

use domain::date::Timestamp;
use domain::entity::{
    AllegationDetails, AllegationStatus as S, AllegedAct, Consistency, DeathDetails, Examination, ExaminationKind,
    Incident, MannerOfDeath, NewAllegation, PressureReport, ReportedBy, ViolationKind, Withdrawal,
};
use domain::id::{PressureReportId, WithdrawalId};
use rand::Rng as _;

use crate::util::{Rng, add_days, chance, pick};

/// How long an examination or an investigation may wait before its next step is overdue.
const EXAMINATION_DAYS: i64 = 30;
const INVESTIGATION_DAYS: i64 = 60;

pub(crate) struct Complaints {
    pub(crate) withdrawals: Vec<Withdrawal>,
    pub(crate) pressure_reports: Vec<PressureReport>,
}

const REASONS: &[&str] = &[
    "The complainant no longer wishes to pursue the complaint.",
    "The complainant says the injuries came from a fall.",
    "The complainant reconciled with the officers.",
];

const CIRCUMSTANCES: &[&str] = &[
    "Police officers visited the complainant's home twice the week before.",
    "Relatives were told the complainant's son would lose his job.",
    "The complainant was summoned for questioning as a suspect in the riots the day before.",
    "A payment was offered through an intermediary.",
];

/// Noon UTC of a date, as the time of a demo event.
fn noon(date: jiff::civil::Date) -> Timestamp {
    let days = date.since(jiff::civil::date(1970, 1, 1)).map_or(0, |span| i64::from(span.get_days()));
    Timestamp::from_millis(days * 86_400_000 + 12 * 3_600_000)
}

pub(crate) fn build(rng: &mut Rng, allegations: &mut [NewAllegation], incidents: &[Incident]) -> Complaints {
    let mut withdrawals = Vec::new();
    let mut pressure_reports = Vec::new();
    for allegation in allegations.iter_mut() {
        let registered = allegation.timeline[0].on;
        let incident = allegation.incident_id.as_ref().and_then(|id| incidents.iter().find(|i| &i.id == id));
        let death = matches!(allegation.kind, ViolationKind::Killing | ViolationKind::DeathInCustody);
        let mut details = AllegationDetails {
            occurred: incident.map(|i| i.date),
            place: incident.map(|i| i.place.clone()),
            registered_on: Some(registered),
            ..AllegationDetails::default()
        };
        if death {
            let autopsy = add_days(registered, -rng.random_range(3..10));
            details.death = Some(DeathDetails {
                cause_of_death: pick(
                    rng,
                    &["gunshot wound to the chest", "blunt-force head injury", "gunshot wound to the head"],
                )
                .to_owned(),
                manner_of_death: pick(
                    rng,
                    &[MannerOfDeath::Homicide, MannerOfDeath::Undetermined, MannerOfDeath::Pending],
                ),
                autopsy_on: Some(autopsy),
                autopsy_by: "Forensic medicine centre (synthetic)".to_owned(),
                independent_autopsy: chance(rng, 0.1),
                body_released_on: Some(add_days(autopsy, rng.random_range(1..6))),
                family_informed_on: Some(add_days(autopsy, rng.random_range(-2..3))),
            });
        } else {
            let n = rng.random_range(1..=3);
            for _ in 0..n {
                let act = pick(
                    rng,
                    &[
                        AllegedAct::Beating,
                        AllegedAct::Burns,
                        AllegedAct::ElectricShock,
                        AllegedAct::Threats,
                        AllegedAct::StressPositions,
                    ],
                );
                if !details.acts.contains(&act) {
                    details.acts.push(act);
                }
            }
            details.place_of_detention = incident.map(|i| i.place.name.clone());
            if allegation.medical.is_some() {
                details.examinations.push(Examination {
                    kind: ExaminationKind::Medical,
                    on: Some(add_days(registered, rng.random_range(3..25))),
                    by: "Forensic medicine centre (synthetic)".to_owned(),
                    consistency: Some(pick(
                        rng,
                        &[
                            Consistency::Consistent,
                            Consistency::HighlyConsistent,
                            Consistency::TypicalOf,
                            Consistency::NotConsistent,
                        ],
                    )),
                });
                if chance(rng, 0.3) {
                    details.examinations.push(Examination {
                        kind: ExaminationKind::Psychological,
                        on: Some(add_days(registered, rng.random_range(20..90))),
                        by: "Independent psychologist of the NGO coalition (synthetic)".to_owned(),
                        consistency: Some(Consistency::HighlyConsistent),
                    });
                }
            }
        }
        allegation.details = Some(details);
        // A step still waiting has a deadline; the demo's are long past, so these are overdue.
        if let Some(last) = allegation.timeline.last_mut() {
            last.deadline = match last.status {
                S::Examination => Some(add_days(last.on, EXAMINATION_DAYS)),
                S::InvestigationOpened => Some(add_days(last.on, INVESTIGATION_DAYS)),
                _ => None,
            };
        }
        if let Some(step) = allegation.timeline.iter().find(|s| s.status == S::Withdrawn) {
            let circumstances = pick(rng, CIRCUMSTANCES);
            withdrawals.push(Withdrawal {
                id: WithdrawalId::from_bits(rng.random()),
                allegation_id: allegation.id.clone(),
                testimony_id: None,
                on: step.on,
                reason: pick(rng, REASONS).to_owned(),
                circumstances: circumstances.to_owned(),
            });
            pressure_reports.push(PressureReport {
                id: PressureReportId::from_bits(rng.random()),
                allegation_id: allegation.id.clone(),
                at: noon(add_days(step.on, -rng.random_range(1..5))),
                reported_by: ReportedBy::Investigator,
                circumstances: circumstances.to_owned(),
            });
        } else if chance(rng, 0.04) {
            // Pressure reported without a withdrawal (yet).
            pressure_reports.push(PressureReport {
                id: PressureReportId::from_bits(rng.random()),
                allegation_id: allegation.id.clone(),
                at: noon(add_days(registered, rng.random_range(5..60))),
                reported_by: ReportedBy::Investigator,
                circumstances: pick(rng, CIRCUMSTANCES).to_owned(),
            });
        }
    }
    Complaints { withdrawals, pressure_reports }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noon_is_twelve_hours_into_the_day() {
        assert_eq!(noon(jiff::civil::date(1970, 1, 2)).as_millis(), 86_400_000 + 43_200_000);
    }
}
