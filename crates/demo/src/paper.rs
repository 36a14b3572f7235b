//! The paper trail around the incidents: attributions to units and commanders, evidence files,
//! witness testimonies, the official and NGO figures as dated claims (research §2.1, §3), and a
//! vetting request whose nominees include officers of implicated units under other spellings.

use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::dead::IncidentMeta;
use crate::forces::{Branch, Forces};
use crate::geo::{ALMATY, CITIES};
use crate::names::{NameParts, Scheme};
use crate::util::{Rng, Sources, add_days, chance, day, digits, pick, pick_ref};
use domain::date::{FuzzyDate, Timestamp};
use domain::entity::{
    Attribution, Claim, Confidence, Evidence, Gender, Incident, NewTestimony, Nominee, NomineeKind, Reliability,
    SourceKind, Subject, VettingRequest, ViolationKind,
};
use domain::id::{
    AttributionId, ClaimId, EvidenceId, NomineeId, PersonId, SourceId, TestimonyId, UnitId, VettingRequestId,
};
use domain::protected::Protected;

pub(crate) struct Paper {
    pub(crate) attributions: Vec<Attribution>,
    pub(crate) evidence: Vec<Evidence>,
    pub(crate) testimonies: Vec<NewTestimony>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) vetting: VettingRequest,
    pub(crate) vetting_truth: Vec<crate::NomineeTruth>,
}

/// The role a unit is said to have played in a shooting, and how sure the sources are.
fn killing_role(key: &str, branch: Branch) -> (&'static str, Confidence) {
    match key {
        "kazbat" => {
            ("present at the scene in UN-marked helmets; used stun grenades and firearms (alleged)", Confidence::Medium)
        }
        "arlan" | "sunkar" | "burkit" | "arystan" | "sobr-shymkent" => {
            ("opened fire on the crowd (alleged)", Confidence::Medium)
        }
        _ if key.starts_with("csto") => ("guarded a strategic facility nearby", Confidence::Low),
        _ => match branch {
            Branch::Military => ("opened fire at a checkpoint (alleged)", Confidence::Medium),
            _ => ("commanded the operation at the scene", Confidence::Low),
        },
    }
}

// One stage of `generate`: its inputs are the earlier stages' outputs, passed explicitly.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    rng: &mut Rng,
    incidents: &[Incident],
    meta: &[IncidentMeta],
    forces: &Forces,
    sources: &mut Sources,
    incident_sources: &[SourceId],
    scale: crate::Scale,
) -> Paper {
    let video = incident_sources[1].clone();
    let mut attributions = Vec::new();
    for (incident, m) in incidents.iter().zip(meta) {
        let mut subjects: Vec<(Subject, &str, Confidence)> = Vec::new();
        match m.kind {
            ViolationKind::Killing => {
                let mut deployed = forces.deployed(m.city, m.date);
                deployed.retain(|k| !k.starts_with("csto") && *k != "kazbrig" && !k.starts_with("knb"));
                // Keep KAZBAT first so that it survives the cap on attributed units.
                deployed.sort_by_key(|k| *k != "kazbat");
                deployed.truncate(4);
                for key in deployed {
                    let (role, confidence) = killing_role(key, forces.branch(forces.index(key)));
                    subjects.push((Subject::Unit(forces.unit(key).id.clone()), role, confidence));
                }
                if m.city == ALMATY
                    && chance(rng, 0.3)
                    && let Some(commander) = forces.staff("arlan").first()
                {
                    subjects.push((
                        Subject::Person(commander.person.id.clone()),
                        "commanded the unit at the scene",
                        Confidence::Low,
                    ));
                }
            }
            ViolationKind::Torture | ViolationKind::DeathInCustody => {
                if let Some(key) = m.unit {
                    subjects.push((
                        Subject::Unit(forces.unit(key).id.clone()),
                        "held and interrogated the detainees",
                        Confidence::High,
                    ));
                }
            }
            _ => {
                if let Some(key) = m.unit {
                    subjects.push((
                        Subject::Unit(forces.unit(key).id.clone()),
                        "detaining authority",
                        Confidence::High,
                    ));
                }
            }
        }
        for (subject, role, confidence) in subjects {
            attributions.push(Attribution {
                id: AttributionId::from_bits(rng.random()),
                incident_id: incident.id.clone(),
                subject,
                role: role.to_owned(),
                confidence,
                source_ids: if m.kind == ViolationKind::Killing {
                    vec![video.clone(), incident.source_ids[0].clone()]
                } else {
                    incident.source_ids.clone()
                },
            });
        }
    }

    let killings: Vec<usize> = (0..incidents.len()).filter(|i| meta[*i].kind == ViolationKind::Killing).collect();
    let torture: Vec<usize> = (0..incidents.len()).filter(|i| meta[*i].kind == ViolationKind::Torture).collect();
    let small = scale == crate::Scale::Small;

    // Evidence: files received by the project, known by their digest.
    let mut evidence = Vec::new();
    let kinds = [
        ("Video", "video/mp4", 5_000_000u64..400_000_000),
        ("Photograph", "image/jpeg", 800_000..8_000_000),
        ("Forensic report scan", "application/pdf", 200_000..3_000_000),
    ];
    for _ in 0..if small { 6 } else { 16 } {
        let i = *pick_ref(rng, &killings);
        let (what, media_type, sizes) = pick_ref(rng, &kinds).clone();
        let m = &meta[i];
        evidence.push(Evidence {
            id: EvidenceId::from_bits(rng.random()),
            title: format!("{what}: {} near {}, {} (synthetic)", m.date, m.site, CITIES[m.city].en),
            // Not a digest of real bytes: a deterministic stand-in with the shape of a SHA-256.
            sha256: (0..4).map(|_| format!("{:016x}", rng.random::<u64>())).collect(),
            size_bytes: rng.random_range(sizes),
            media_type: media_type.to_owned(),
            received_at: Timestamp::from_millis(1_641_772_800_000 + rng.random_range(0..90) * 86_400_000),
            incident_id: Some(incidents[i].id.clone()),
            source_id: Some(video.clone()),
            derived_from: None,
            derivation: None,
        });
    }

    // Testimonies: witnesses of the shootings and survivors of torture.
    let mut testimonies = Vec::new();
    for _ in 0..if small { 10 } else { 40 } {
        let i =
            if chance(rng, 0.7) || torture.is_empty() { *pick_ref(rng, &killings) } else { *pick_ref(rng, &torture) };
        let m = &meta[i];
        let gender = pick(rng, &[Gender::Male, Gender::Female]);
        let witness = NameParts::draw(rng, gender, 0.85);
        let (language, name, text) = match rng.random_range(0..3) {
            0 => (
                "ru",
                witness.full_ru(),
                if m.kind == ViolationKind::Killing {
                    format!(
                        "Я видел(а), как у {} военные открыли огонь без предупреждения. Люди бежали, один мужчина упал рядом со мной.",
                        m.site
                    )
                } else {
                    "Меня держали трое суток, били дубинками и угрожали семье, требовали признаться в участии в беспорядках.".to_owned()
                },
            ),
            1 => (
                "kk",
                witness.full_kk(),
                if m.kind == ViolationKind::Killing {
                    "Біз үйге қайтып келе жатқанда атыс басталды. Көлікке оқ тиді, інім жараланды.".to_owned()
                } else {
                    "Тергеу кезінде мені ұрып-соқты, ұйықтатпады, қағазға қол қоюға мәжбүрледі.".to_owned()
                },
            ),
            _ => (
                "en",
                witness.full_latin(Scheme::Passport),
                if m.kind == ViolationKind::Killing {
                    format!(
                        "Soldiers in helmets fired towards the crowd near {}. I helped carry two wounded men to a car.",
                        m.site
                    )
                } else {
                    "They put a bag over my head and beat me for hours; I signed whatever they gave me.".to_owned()
                },
            ),
        };
        testimonies.push(NewTestimony {
            id: TestimonyId::from_bits(rng.random()),
            incident_id: Some(incidents[i].id.clone()),
            witness: Protected::new(name),
            contact: chance(rng, 0.6).then(|| {
                Protected::new(format!("+7 70{} {} {}", rng.random_range(0..10), digits(rng, 3), digits(rng, 4)))
            }),
            text: Protected::new(text),
            language: language.to_owned(),
            given_on: add_days(m.date, rng.random_range(10..200)),
        });
    }

    let claims = claims(rng, sources);
    let (vetting, who) = vetting(rng, forces);
    let vetting_truth = nominee_truth(&vetting, &who, forces, incidents, &attributions);
    Paper { attributions, evidence, testimonies, claims, vetting, vetting_truth }
}

/// A published figure: value, category, scope, date, issuing body, kind of source.
type Figure = (i64, &'static str, &'static str, (i16, i8, i8), &'static str, SourceKind);

/// The published figures (research §2.1, §3.1, §3.3), each with its issuing body and date.
fn claims(rng: &mut Rng, sources: &mut Sources) -> Vec<Claim> {
    let figures: &[Figure] = &[
        (
            164,
            "dead",
            "Kazakhstan",
            (2022, 1, 10),
            "Ministry of Health (retracted as a \"technical error\")",
            SourceKind::MediaItem,
        ),
        (225, "dead", "Kazakhstan", (2022, 1, 15), "Prosecutor General's Office", SourceKind::Document),
        (19, "dead-security", "Kazakhstan", (2022, 1, 15), "Prosecutor General's Office", SourceKind::Document),
        (4353, "injured", "Kazakhstan", (2022, 1, 15), "Prosecutor General's Office", SourceKind::Document),
        (227, "dead", "Kazakhstan", (2022, 1, 26), "Government officials", SourceKind::MediaItem),
        (230, "dead", "Kazakhstan", (2022, 3, 14), "Prosecutor General's Office", SourceKind::Document),
        (139, "dead", "Almaty", (2022, 3, 14), "Prosecutor General's Office", SourceKind::Document),
        (232, "dead", "Kazakhstan", (2022, 6, 29), "Prosecutor General's Office", SourceKind::Document),
        (188, "dead", "Kazakhstan", (2022, 7, 1), "Radio Azattyq", SourceKind::MediaItem),
        (221, "dead", "Kazakhstan", (2022, 7, 29), "Ar.Rukh.Khak foundation", SourceKind::Document),
        (238, "dead", "Kazakhstan", (2022, 8, 16), "Prosecutor General's Office", SourceKind::Document),
        (6, "deaths-in-custody", "Kazakhstan", (2022, 8, 16), "Prosecutor General's Office", SourceKind::Document),
        (7939, "detained", "Kazakhstan", (2022, 1, 10), "Ministry of Internal Affairs", SourceKind::MediaItem),
        (
            9900,
            "detained",
            "Kazakhstan",
            (2022, 1, 11),
            "OHCHR (citing the Ministry of Internal Affairs)",
            SourceKind::Document,
        ),
        (243, "torture-cases", "Kazakhstan", (2022, 3, 14), "Prosecutor General's Office", SourceKind::Document),
        (234, "torture-cases", "Kazakhstan", (2022, 3, 14), "Anti-Corruption Service", SourceKind::Document),
    ];
    let mut by_statement: Vec<(String, SourceId)> = Vec::new();
    figures
        .iter()
        .map(|(figure, category, scope, (y, m, d), body, kind)| {
            let on = day(*y, *m, *d);
            // One source per statement: figures stated together share it.
            let statement = format!("{body} {on}");
            let source_id = match by_statement.iter().find(|(k, _)| *k == statement) {
                Some((_, id)) => id.clone(),
                None => {
                    let title = format!("Statement by {body}, {on} (paraphrased; synthetic demo source)");
                    let id = sources.add(rng, *kind, &title, body, Some(on), Reliability::C);
                    by_statement.push((statement, id.clone()));
                    id
                }
            };
            Claim {
                id: ClaimId::from_bits(rng.random()),
                figure: *figure,
                category: (*category).to_owned(),
                scope: (*scope).to_owned(),
                as_of: on,
                issuing_body: (*body).to_owned(),
                source_id,
            }
        })
        .collect()
}

/// Who a nominee truly is: a registry person or unit of the scenario, or nobody in the registry.
#[derive(Clone)]
enum Who {
    Person(PersonId),
    Unit(UnitId),
    Nobody,
}

/// The truth about each nominee, from the scenario's own attributions, incidents and postings: a
/// person is implicated when an attribution names them or they were posted to a unit an
/// attribution names while its incident took place; a unit when an attribution names it.
fn nominee_truth(
    request: &VettingRequest,
    who: &[Who],
    forces: &Forces,
    incidents: &[Incident],
    attributions: &[Attribution],
) -> Vec<crate::NomineeTruth> {
    let date_of = |a: &Attribution| incidents.iter().find(|i| i.id == a.incident_id).map(|i| i.date);
    request
        .nominees
        .iter()
        .zip(who)
        .map(|(nominee, who)| {
            let (person_id, unit_id, implicated) = match who {
                Who::Person(id) => {
                    let named = attributions.iter().any(|a| a.subject == Subject::Person(id.clone()));
                    let served = forces.postings.iter().filter(|p| p.person_id == *id).any(|p| {
                        attributions.iter().filter(|a| a.subject == Subject::Unit(p.unit_id.clone())).any(|a| {
                            date_of(a).is_some_and(|d| {
                                p.start.is_none_or(|s| s <= d.latest()) && p.end.is_none_or(|e| e >= d.earliest())
                            })
                        })
                    });
                    (Some(id.clone()), None, named || served)
                }
                Who::Unit(id) => {
                    (None, Some(id.clone()), attributions.iter().any(|a| a.subject == Subject::Unit(id.clone())))
                }
                Who::Nobody => (None, None, false),
            };
            crate::NomineeTruth { nominee_id: nominee.id.clone(), person_id, unit_id, implicated }
        })
        .collect()
}

fn vetting(rng: &mut Rng, forces: &Forces) -> (VettingRequest, Vec<Who>) {
    let mut nominees = Vec::new();
    let mut who = Vec::new();
    // Officers of implicated units, written in Latin script as a foreign partner would.
    for (key, n) in [("kazbat", 3), ("arlan", 2), ("burkit", 1), ("arystan", 1), ("ivs-almaty", 1)] {
        let staff = forces.staff(key);
        for o in staff.iter().skip(1).take(n) {
            let scheme = pick(rng, &[Scheme::Passport, Scheme::Passport, Scheme::Bgn, Scheme::Kz2021]);
            let name = if chance(rng, 0.5) {
                o.name.full_latin(scheme)
            } else {
                format!("{} {}", o.name.surname_latin(scheme).to_uppercase(), o.name.given_latin(scheme))
            };
            let birth_date = match rng.random_range(0..10) {
                0..=6 => Some(FuzzyDate::exact(o.birth)),
                7..=8 => FuzzyDate::year(o.birth.year()),
                _ => None,
            };
            let unit = &forces.units[o.unit];
            let unit_name = if chance(rng, 0.7) {
                unit.display_name().to_owned()
            } else {
                unit.names
                    .iter()
                    .find(|n| n.language == "ru")
                    .map_or(unit.display_name(), |n| n.name.as_str())
                    .to_owned()
            };
            nominees.push(Nominee {
                id: NomineeId::from_bits(rng.random()),
                kind: NomineeKind::Person,
                name,
                birth_date,
                gender: o.person.gender,
                unit: Some(unit_name),
                rank: Some(o.rank.clone()),
            });
            who.push(Who::Person(o.person.id.clone()));
        }
    }
    nominees.push(Nominee {
        id: NomineeId::from_bits(rng.random()),
        kind: NomineeKind::Unit,
        name: "KAZBAT".to_owned(),
        birth_date: None,
        gender: None,
        unit: None,
        rank: None,
    });
    who.push(Who::Unit(forces.unit("kazbat").id.clone()));
    nominees.push(Nominee {
        id: NomineeId::from_bits(rng.random()),
        kind: NomineeKind::Unit,
        name: "Regional Command West, Engineer Battalion".to_owned(),
        birth_date: None,
        gender: None,
        unit: None,
        rank: None,
    });
    who.push(Who::Nobody);
    // Officers from units with no record in the registry.
    let clean_units =
        ["Regional Command West", "Air Defence Forces", "Military Institute of the Ground Forces", "Naval Forces"];
    for _ in 0..12 {
        let gender = if chance(rng, 0.1) { Gender::Female } else { Gender::Male };
        let name = NameParts::draw(rng, gender, 0.8);
        let birth = add_days(day(rng.random_range(1975..=1998), 1, 1), rng.random_range(0..365));
        nominees.push(Nominee {
            id: NomineeId::from_bits(rng.random()),
            kind: NomineeKind::Person,
            name: name.full_latin(Scheme::Passport),
            birth_date: Some(FuzzyDate::exact(birth)),
            gender: Some(gender),
            unit: Some(pick(rng, &clean_units).to_owned()),
            rank: Some(pick(rng, &["Lieutenant", "Captain", "Major", "Senior Lieutenant"]).to_owned()),
        });
        who.push(Who::Nobody);
    }
    // A name that matches nothing at all, so the screen's "no match" path is exercised.
    nominees.push(Nominee {
        id: NomineeId::from_bits(rng.random()),
        kind: NomineeKind::Person,
        name: "Ingvar Thorsen".to_owned(),
        birth_date: Some(FuzzyDate::exact(day(1984, 3, 9))),
        gender: Some(Gender::Male),
        unit: Some("Logistics Directorate".to_owned()),
        rank: Some("Captain".to_owned()),
    });
    who.push(Who::Nobody);
    // One shuffle of both: the draws depend only on the length, so the order is as before.
    let mut paired: Vec<(Nominee, Who)> = nominees.into_iter().zip(who).collect();
    paired.shuffle(rng);
    let (nominees, who): (Vec<Nominee>, Vec<Who>) = paired.into_iter().unzip();
    let request = VettingRequest {
        id: VettingRequestId::from_bits(rng.random()),
        activity: "Exercise Steppe Eagle 2024: peacekeeping company certification".to_owned(),
        provider: "United States".to_owned(),
        programme: "Peacekeeping training".to_owned(),
        start: Some(day(2024, 6, 10)),
        end: Some(day(2024, 6, 28)),
        nominees,
    };
    (request, who)
}
