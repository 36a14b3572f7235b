//! The security forces of the scenario: the unit hierarchy (with names and parents over time),
//! officials and their postings, deployments to the cities in January 2022, and foreign assistance.
//! Modelled on research §4; personnel names are generated and belong to no real person.

use jiff::civil::{Date, date};
use rand::Rng as _;

use crate::geo::{CITIES, KAPCHAGAY};
use crate::names::NameParts;
use crate::util::{Rng, Sources, add_days, chance, day, pick};
use domain::date::FuzzyDate;
use domain::entity::{
    Assistance, AssistanceKind, Deployment, Gender, Person, PersonName, Posting, Reliability, Script, SourceKind,
    Subject, Unit, UnitKind, UnitName, UnitParent,
};
use domain::id::{AssistanceId, DeploymentId, PersonId, PostingId, SourceId, UnitId};

/// The day the Internal Troops became the National Guard.
const NG_RENAMED: Date = date(2014, 4, 21);
const CSTO_IN: Date = date(2022, 1, 6);
const CSTO_OUT: Date = date(2022, 1, 19);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Branch {
    Police,
    Military,
    Security,
    Foreign,
}

/// A unit as specified here: key, kind, branch, base, names (language, name, from, to), parents.
struct Spec {
    key: &'static str,
    kind: UnitKind,
    branch: Branch,
    base: Option<&'static str>,
    names: &'static [(&'static str, &'static str, Option<Date>, Option<Date>)],
    parents: &'static [(&'static str, Option<Date>, Option<Date>)],
    /// How many officials to generate for the unit (commander included).
    staff: usize,
}

const BEFORE_NG: Option<Date> = Some(date(2014, 4, 20));

macro_rules! names {
    ($en:literal, $ru:literal, $kk:literal) => {
        &[("en", $en, None, None), ("ru", $ru, None, None), ("kk", $kk, None, None)]
    };
}

const SPECS: &[Spec] = &[
    Spec {
        key: "mvd",
        kind: UnitKind::Ministry,
        branch: Branch::Police,
        base: Some("Astana"),
        names: names!("Ministry of Internal Affairs", "Министерство внутренних дел", "Ішкі істер министрлігі"),
        parents: &[],
        staff: 0,
    },
    Spec {
        key: "police-almaty",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Almaty"),
        names: names!(
            "Almaty City Police Department",
            "Департамент полиции города Алматы",
            "Алматы қаласының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 8,
    },
    Spec {
        key: "ivs-almaty",
        kind: UnitKind::Unit,
        branch: Branch::Police,
        base: Some("Almaty"),
        names: names!(
            "Temporary Holding Facility of the Almaty City Police Department",
            "Изолятор временного содержания ДП г. Алматы",
            "Алматы қаласы ПД уақытша ұстау изоляторы"
        ),
        parents: &[("police-almaty", None, None)],
        staff: 6,
    },
    Spec {
        key: "arlan",
        kind: UnitKind::Unit,
        branch: Branch::Police,
        base: Some("Almaty"),
        names: names!(
            "SOBR \"Arlan\" of the Almaty City Police Department",
            "СОБР «Арлан» ДП г. Алматы",
            "Алматы қаласы ПД «Арлан» арнайы жедел жасағы"
        ),
        parents: &[("police-almaty", None, None)],
        staff: 10,
    },
    Spec {
        key: "sunkar",
        kind: UnitKind::Unit,
        branch: Branch::Police,
        base: Some("Almaty"),
        names: names!(
            "Special Purpose Unit \"Sunkar\"",
            "Отряд специального назначения «Сункар»",
            "«Сұңқар» арнайы мақсаттағы жасағы"
        ),
        parents: &[("mvd", None, None)],
        staff: 8,
    },
    Spec {
        key: "police-almaty-region",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Taldykorgan"),
        names: names!(
            "Almaty Region Police Department",
            "Департамент полиции Алматинской области",
            "Алматы облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 6,
    },
    Spec {
        key: "police-kyzylorda",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Kyzylorda"),
        names: names!(
            "Kyzylorda Region Police Department",
            "Департамент полиции Кызылординской области",
            "Қызылорда облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 4,
    },
    Spec {
        key: "police-shymkent",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Shymkent"),
        names: names!(
            "Shymkent City Police Department",
            "Департамент полиции города Шымкент",
            "Шымкент қаласының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 4,
    },
    Spec {
        key: "sobr-shymkent",
        kind: UnitKind::Unit,
        branch: Branch::Police,
        base: Some("Shymkent"),
        names: names!(
            "SOBR of the Shymkent City Police Department",
            "СОБР ДП г. Шымкент",
            "Шымкент қаласы ПД арнайы жедел жасағы"
        ),
        parents: &[("police-shymkent", None, None)],
        staff: 5,
    },
    Spec {
        key: "police-zhambyl",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Taraz"),
        names: names!(
            "Zhambyl Region Police Department",
            "Департамент полиции Жамбылской области",
            "Жамбыл облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 4,
    },
    Spec {
        key: "police-aktobe",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Aktobe"),
        names: names!(
            "Aktobe Region Police Department",
            "Департамент полиции Актюбинской области",
            "Ақтөбе облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 4,
    },
    Spec {
        key: "police-east",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Oskemen"),
        names: names!(
            "East Kazakhstan Region Police Department",
            "Департамент полиции Восточно-Казахстанской области",
            "Шығыс Қазақстан облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 3,
    },
    Spec {
        key: "police-semey",
        kind: UnitKind::Unit,
        branch: Branch::Police,
        base: Some("Semey"),
        names: names!(
            "Semey City Police Department",
            "Управление полиции города Семей",
            "Семей қаласының полиция басқармасы"
        ),
        parents: &[("police-east", None, Some(date(2022, 6, 7)))],
        staff: 5,
    },
    Spec {
        key: "police-mangystau",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Aktau"),
        names: names!(
            "Mangystau Region Police Department",
            "Департамент полиции Мангистауской области",
            "Маңғыстау облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 3,
    },
    Spec {
        key: "police-west",
        kind: UnitKind::Department,
        branch: Branch::Police,
        base: Some("Uralsk"),
        names: names!(
            "West Kazakhstan Region Police Department",
            "Департамент полиции Западно-Казахстанской области",
            "Батыс Қазақстан облысының полиция департаменті"
        ),
        parents: &[("mvd", None, None)],
        staff: 3,
    },
    Spec {
        key: "ng",
        kind: UnitKind::Service,
        branch: Branch::Military,
        base: Some("Astana"),
        names: &[
            ("en", "Internal Troops", None, BEFORE_NG),
            ("ru", "Внутренние войска МВД Республики Казахстан", None, BEFORE_NG),
            ("kk", "Ішкі әскерлер", None, BEFORE_NG),
            ("en", "National Guard", Some(NG_RENAMED), None),
            ("ru", "Национальная гвардия Республики Казахстан", Some(NG_RENAMED), None),
            ("kk", "Қазақстан Республикасының Ұлттық ұланы", Some(NG_RENAMED), None),
        ],
        parents: &[("mvd", None, None)],
        staff: 2,
    },
    Spec {
        key: "ng-south",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Shymkent"),
        names: names!(
            "National Guard Regional Command \"Ontustik\"",
            "Региональное командование «Оңтүстік» Национальной гвардии",
            "Ұлттық ұланның «Оңтүстік» өңірлік қолбасшылығы"
        ),
        parents: &[("ng", None, None)],
        staff: 3,
    },
    Spec {
        key: "ng-west",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Aktobe"),
        names: names!(
            "National Guard Regional Command \"Batys\"",
            "Региональное командование «Батыс» Национальной гвардии",
            "Ұлттық ұланның «Батыс» өңірлік қолбасшылығы"
        ),
        parents: &[("ng", None, None)],
        staff: 3,
    },
    Spec {
        key: "ng-east",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Oskemen"),
        names: names!(
            "National Guard Regional Command \"Shygys\"",
            "Региональное командование «Шығыс» Национальной гвардии",
            "Ұлттық ұланның «Шығыс» өңірлік қолбасшылығы"
        ),
        parents: &[("ng", None, None)],
        staff: 3,
    },
    Spec {
        key: "burkit",
        kind: UnitKind::Unit,
        branch: Branch::Military,
        base: Some("Almaty"),
        names: names!(
            "Special Purpose Unit \"Burkit\"",
            "Отряд специального назначения «Беркут»",
            "«Бүркіт» арнайы мақсаттағы жасағы"
        ),
        parents: &[("ng", None, None)],
        staff: 8,
    },
    Spec {
        key: "knb",
        kind: UnitKind::Service,
        branch: Branch::Security,
        base: Some("Astana"),
        names: names!(
            "National Security Committee",
            "Комитет национальной безопасности",
            "Ұлттық қауіпсіздік комитеті"
        ),
        parents: &[],
        staff: 2,
    },
    Spec {
        key: "knb-almaty",
        kind: UnitKind::Department,
        branch: Branch::Security,
        base: Some("Almaty"),
        names: names!(
            "KNB Department for Almaty",
            "Департамент КНБ по городу Алматы",
            "ҰҚК-нің Алматы қаласы бойынша департаменті"
        ),
        parents: &[("knb", None, None)],
        staff: 6,
    },
    Spec {
        key: "knb-almaty-region",
        kind: UnitKind::Department,
        branch: Branch::Security,
        base: Some("Taldykorgan"),
        names: names!(
            "KNB Department for Almaty Region",
            "Департамент КНБ по Алматинской области",
            "ҰҚК-нің Алматы облысы бойынша департаменті"
        ),
        parents: &[("knb", None, None)],
        staff: 5,
    },
    Spec {
        key: "knb-kyzylorda",
        kind: UnitKind::Department,
        branch: Branch::Security,
        base: Some("Kyzylorda"),
        names: names!(
            "KNB Department for Kyzylorda Region",
            "Департамент КНБ по Кызылординской области",
            "ҰҚК-нің Қызылорда облысы бойынша департаменті"
        ),
        parents: &[("knb", None, None)],
        staff: 3,
    },
    Spec {
        key: "service-a",
        kind: UnitKind::Service,
        branch: Branch::Security,
        base: Some("Astana"),
        names: names!("Service \"A\"", "Служба «А»", "«А» қызметі"),
        parents: &[("knb", None, None)],
        staff: 2,
    },
    Spec {
        key: "arystan",
        kind: UnitKind::Unit,
        branch: Branch::Security,
        base: Some("Almaty"),
        names: names!("Special Unit \"Arystan\"", "Спецподразделение «Арыстан»", "«Арыстан» арнайы бөлімшесі"),
        parents: &[("service-a", None, None)],
        staff: 8,
    },
    Spec {
        key: "mod",
        kind: UnitKind::Ministry,
        branch: Branch::Military,
        base: Some("Astana"),
        names: names!("Ministry of Defence", "Министерство обороны", "Қорғаныс министрлігі"),
        parents: &[],
        staff: 1,
    },
    Spec {
        key: "ground",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Astana"),
        names: names!("Ground Forces", "Сухопутные войска", "Құрлық әскерлері"),
        parents: &[("mod", None, None)],
        staff: 1,
    },
    Spec {
        key: "rc-south",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Taraz"),
        names: names!("Regional Command South", "Региональное командование «Юг»", "«Оңтүстік» өңірлік қолбасшылығы"),
        parents: &[("ground", None, None)],
        staff: 3,
    },
    Spec {
        key: "rc-east",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Semey"),
        names: names!("Regional Command East", "Региональное командование «Восток»", "«Шығыс» өңірлік қолбасшылығы"),
        parents: &[("ground", None, None)],
        staff: 3,
    },
    Spec {
        key: "taldykorgan-brigade",
        kind: UnitKind::Unit,
        branch: Branch::Military,
        base: Some("Taldykorgan"),
        names: names!(
            "Motorised Rifle Brigade, Taldykorgan garrison",
            "Мотострелковая бригада Талдыкорганского гарнизона",
            "Талдықорған гарнизонының мотоатқыштар бригадасы"
        ),
        parents: &[("rc-east", None, None)],
        staff: 5,
    },
    Spec {
        key: "air-assault",
        kind: UnitKind::Command,
        branch: Branch::Military,
        base: Some("Astana"),
        names: names!("Air Assault Forces", "Десантно-штурмовые войска", "Әуе-десанттық әскерлері"),
        parents: &[("mod", None, None)],
        staff: 2,
    },
    Spec {
        key: "kazbrig",
        kind: UnitKind::Unit,
        branch: Branch::Military,
        base: Some("Kapchagay"),
        names: names!(
            "38th Air Assault Brigade (KAZBRIG)",
            "38-я отдельная десантно-штурмовая бригада",
            "38-ші жеке десанттық-шабуылдаушы бригадасы"
        ),
        parents: &[("air-assault", None, None)],
        staff: 5,
    },
    Spec {
        key: "kazbat",
        kind: UnitKind::Unit,
        branch: Branch::Military,
        base: Some("Kapchagay"),
        names: &[
            ("en", "KAZBAT", None, None),
            ("en", "Kazakhstan Peacekeeping Battalion", None, None),
            ("ru", "КАЗБАТ", None, None),
            ("ru", "Казахстанский миротворческий батальон", None, None),
            ("kk", "ҚАЗБАТ", None, None),
            ("kk", "Қазақстан бітімгершілік батальоны", None, None),
        ],
        parents: &[("kazbrig", None, None)],
        staff: 14,
    },
    Spec {
        key: "csto",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: Some("Almaty"),
        names: names!(
            "CSTO Collective Peacekeeping Forces",
            "Коллективные миротворческие силы ОДКБ",
            "ҰҚШҰ ұжымдық бітімгершілік күштері"
        ),
        parents: &[],
        staff: 0,
    },
    Spec {
        key: "csto-ru",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: None,
        names: names!(
            "Russian contingent (45th Separate Guards Special Purpose Brigade, VDV)",
            "Российский контингент (45-я отдельная гвардейская бригада специального назначения ВДВ)",
            "Ресей контингенті"
        ),
        parents: &[("csto", Some(CSTO_IN), Some(CSTO_OUT))],
        staff: 0,
    },
    Spec {
        key: "csto-by",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: None,
        names: names!(
            "Belarusian contingent (peacekeeping company, 103rd Airborne Brigade)",
            "Белорусский контингент (миротворческая рота 103-й воздушно-десантной бригады)",
            "Беларусь контингенті"
        ),
        parents: &[("csto", Some(CSTO_IN), Some(CSTO_OUT))],
        staff: 0,
    },
    Spec {
        key: "csto-am",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: None,
        names: names!("Armenian contingent", "Армянский контингент", "Армения контингенті"),
        parents: &[("csto", Some(CSTO_IN), Some(CSTO_OUT))],
        staff: 0,
    },
    Spec {
        key: "csto-kg",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: None,
        names: names!("Kyrgyz contingent", "Киргизский контингент", "Қырғызстан контингенті"),
        parents: &[("csto", Some(CSTO_IN), Some(CSTO_OUT))],
        staff: 0,
    },
    Spec {
        key: "csto-tj",
        kind: UnitKind::ForeignContingent,
        branch: Branch::Foreign,
        base: None,
        names: names!("Tajik contingent", "Таджикский контингент", "Тәжікстан контингенті"),
        parents: &[("csto", Some(CSTO_IN), Some(CSTO_OUT))],
        staff: 0,
    },
];

/// Deployments in January 2022: unit key, city index, first and last day (1-31 January).
const DEPLOYMENTS: &[(&str, usize, i8, i8)] = &[
    ("police-almaty", 0, 4, 20),
    ("arlan", 0, 4, 19),
    ("sunkar", 0, 5, 15),
    ("burkit", 0, 5, 15),
    ("arystan", 0, 6, 12),
    ("kazbrig", 0, 5, 12),
    ("kazbat", 0, 5, 10),
    ("kazbat", KAPCHAGAY, 4, 5),
    ("knb-almaty", 0, 4, 20),
    ("csto-ru", 0, 6, 13),
    ("csto-by", 0, 7, 14),
    ("csto-am", 0, 7, 13),
    ("csto-kg", 0, 7, 13),
    ("csto-tj", 0, 7, 13),
    ("police-almaty-region", 1, 4, 15),
    ("taldykorgan-brigade", 1, 6, 12),
    ("arystan", 1, 7, 10),
    ("knb-almaty-region", 1, 4, 20),
    ("police-kyzylorda", 2, 4, 15),
    ("ng-south", 2, 5, 12),
    ("knb-kyzylorda", 2, 4, 15),
    ("police-shymkent", 3, 4, 15),
    ("sobr-shymkent", 3, 5, 12),
    ("ng-south", 3, 5, 12),
    ("rc-south", 4, 5, 12),
    ("police-zhambyl", 4, 4, 15),
    ("ng-south", 4, 5, 12),
    ("police-aktobe", 5, 4, 15),
    ("ng-west", 5, 5, 12),
    ("police-semey", 6, 4, 15),
    ("ng-east", 6, 5, 12),
    ("police-mangystau", 7, 2, 15),
    ("police-mangystau", 8, 3, 15),
    ("ng-west", 8, 5, 12),
    ("police-west", 9, 4, 15),
    ("police-almaty-region", KAPCHAGAY, 4, 12),
];

/// A generated official with the posting they held in January 2022.
#[derive(Clone, Debug)]
pub(crate) struct Official {
    pub(crate) person: Person,
    pub(crate) name: NameParts,
    pub(crate) birth: Date,
    /// Index into `SPECS` / `Forces::units`.
    pub(crate) unit: usize,
    pub(crate) rank: String,
}

pub(crate) struct Forces {
    pub(crate) units: Vec<Unit>,
    pub(crate) officials: Vec<Official>,
    pub(crate) postings: Vec<Posting>,
    pub(crate) deployments: Vec<Deployment>,
    pub(crate) assistance: Vec<Assistance>,
}

impl Forces {
    pub(crate) fn index(&self, key: &str) -> usize {
        SPECS.iter().position(|s| s.key == key).unwrap_or(0)
    }

    pub(crate) fn unit(&self, key: &str) -> &Unit {
        &self.units[self.index(key)]
    }

    pub(crate) fn branch(&self, unit: usize) -> Branch {
        SPECS[unit].branch
    }

    /// Units deployed in `city` on `on`.
    pub(crate) fn deployed(&self, city: usize, on: Date) -> Vec<&'static str> {
        DEPLOYMENTS
            .iter()
            .filter(|(_, c, from, to)| *c == city && day(2022, 1, *from) <= on && on <= day(2022, 1, *to))
            .map(|(key, ..)| *key)
            .collect()
    }

    /// Officials posted to the unit with this key.
    pub(crate) fn staff(&self, key: &str) -> Vec<&Official> {
        let unit = self.index(key);
        self.officials.iter().filter(|o| o.unit == unit).collect()
    }
}

fn ranks(branch: Branch) -> [&'static str; 6] {
    match branch {
        Branch::Police => [
            "Police Lieutenant",
            "Police Senior Lieutenant",
            "Police Captain",
            "Police Major",
            "Police Lieutenant Colonel",
            "Police Colonel",
        ],
        _ => ["Lieutenant", "Senior Lieutenant", "Captain", "Major", "Lieutenant Colonel", "Colonel"],
    }
}

fn roles(spec: &Spec) -> &'static [&'static str] {
    match (spec.key, spec.kind) {
        ("ivs-almaty", _) => &["duty officer", "guard", "deputy head of the facility"],
        ("kazbat", _) => &["company commander", "platoon commander", "deputy battalion commander", "staff officer"],
        (_, UnitKind::Department) => &["deputy head", "investigator", "operative", "head of division"],
        (_, UnitKind::Unit) => &["deputy commander", "group commander", "operator", "platoon commander"],
        _ => &["deputy commander", "staff officer", "chief of staff"],
    }
}

fn commander_role(spec: &Spec) -> &'static str {
    match spec.kind {
        UnitKind::Department | UnitKind::Ministry | UnitKind::Service => "head",
        _ if spec.key == "ivs-almaty" => "head of the facility",
        _ => "commander",
    }
}

pub(crate) fn build(rng: &mut Rng, sources: &mut Sources) -> Forces {
    let register = sources.add(
        rng,
        SourceKind::Document,
        "Register of security-force units compiled from open sources (synthetic)",
        "Aqiqat research team (synthetic)",
        Some(day(2022, 10, 1)),
        Reliability::B,
    );
    let roster = sources.add(
        rng,
        SourceKind::Dataset,
        "Personnel roster extracts and appointment decrees (synthetic)",
        "Aqiqat research team (synthetic)",
        Some(day(2022, 11, 15)),
        Reliability::C,
    );
    let deployment_src = sources.add(
        rng,
        SourceKind::Document,
        "Deployment reports for the state of emergency, January 2022 (synthetic)",
        "Open-source investigations group (synthetic)",
        Some(day(2022, 2, 10)),
        Reliability::B,
    );
    let assistance_src = sources.add(
        rng,
        SourceKind::Document,
        "Foreign security assistance records (synthetic)",
        "Government accountability office (synthetic)",
        Some(day(2022, 9, 1)),
        Reliability::A,
    );

    let ids: Vec<UnitId> = SPECS.iter().map(|_| UnitId::from_bits(rng.random())).collect();
    let id_of = |key: &str| ids[SPECS.iter().position(|s| s.key == key).unwrap_or(0)].clone();
    let units: Vec<Unit> = SPECS
        .iter()
        .zip(&ids)
        .map(|(s, id)| Unit {
            id: id.clone(),
            kind: s.kind,
            base: s.base.map(str::to_owned),
            names: s
                .names
                .iter()
                .map(|(language, name, from, to)| UnitName {
                    name: (*name).to_owned(),
                    language: (*language).to_owned(),
                    valid_from: *from,
                    valid_to: *to,
                })
                .collect(),
            parents: s
                .parents
                .iter()
                .map(|(parent, from, to)| UnitParent { parent_id: id_of(parent), valid_from: *from, valid_to: *to })
                .collect(),
            source_ids: vec![register.clone()],
        })
        .collect();

    let mut officials = Vec::new();
    let mut postings = Vec::new();
    for (ui, spec) in SPECS.iter().enumerate() {
        for n in 0..spec.staff {
            let gender = if chance(rng, 0.05) { Gender::Female } else { Gender::Male };
            let name = NameParts::draw(rng, gender, 0.8);
            let commander = n == 0;
            let age = if commander { rng.random_range(40..=55) } else { rng.random_range(24..=45) };
            let birth = add_days(day(2022 - age, 1, 1), rng.random_range(0..365));
            let rank_ladder = ranks(spec.branch);
            let rank =
                if commander { rank_ladder[rng.random_range(4..6)] } else { rank_ladder[rng.random_range(0..5)] };
            let role = if commander { commander_role(spec) } else { pick(rng, roles(spec)) };
            let person = Person {
                id: PersonId::from_bits(rng.random()),
                names: vec![PersonName { text: name.full_ru(), script: Script::CyrillicRussian, scheme: None }],
                gender: Some(gender),
                birth_date: Some(if chance(rng, 0.9) {
                    FuzzyDate::exact(birth)
                } else {
                    FuzzyDate::year(birth.year()).unwrap_or(FuzzyDate::exact(birth))
                }),
                death_date: None,
                notes: "Official (synthetic demo person).".to_owned(),
            };
            let start = add_days(day(rng.random_range(2014..=2021), 1, 1), rng.random_range(0..365));
            // Many were moved or dismissed after January; security-service heads most of all.
            let end = if chance(rng, if spec.branch == Branch::Security { 0.6 } else { 0.3 }) {
                Some(add_days(day(2022, 1, 20), rng.random_range(10..700)))
            } else {
                None
            };
            if chance(rng, 0.15) {
                // An earlier posting elsewhere, so that careers cross units.
                let other = rng.random_range(1..SPECS.len());
                if SPECS[other].staff > 0 && other != ui {
                    postings.push(Posting {
                        id: PostingId::from_bits(rng.random()),
                        person_id: person.id.clone(),
                        unit_id: ids[other].clone(),
                        role: pick(rng, roles(&SPECS[other])).to_owned(),
                        rank: Some(rank_ladder[0].to_owned()),
                        start: Some(add_days(start, -rng.random_range(900..2000))),
                        end: Some(add_days(start, -1)),
                        source_id: roster.clone(),
                    });
                }
            }
            postings.push(Posting {
                id: PostingId::from_bits(rng.random()),
                person_id: person.id.clone(),
                unit_id: ids[ui].clone(),
                role: role.to_owned(),
                rank: Some(rank.to_owned()),
                start: Some(start),
                end,
                source_id: roster.clone(),
            });
            officials.push(Official { person, name, birth, unit: ui, rank: rank.to_owned() });
        }
    }

    let deployments = DEPLOYMENTS
        .iter()
        .map(|(key, city, from, to)| Deployment {
            id: DeploymentId::from_bits(rng.random()),
            unit_id: id_of(key),
            place: CITIES[*city].place(),
            start: day(2022, 1, *from),
            end: Some(day(2022, 1, *to)),
            source_id: deployment_src.clone(),
        })
        .collect();

    let assistance = assistance(rng, &id_of, &assistance_src);
    Forces { units, officials, postings, deployments, assistance }
}

fn assistance(rng: &mut Rng, id_of: &dyn Fn(&str) -> UnitId, source: &SourceId) -> Vec<Assistance> {
    let items: &[(&str, AssistanceKind, &str, &str, Date, Date)] = &[
        (
            "kazbat",
            AssistanceKind::Training,
            "United States",
            "Peacekeeping training (US Special Forces training teams)",
            date(2003, 3, 1),
            date(2005, 6, 30),
        ),
        (
            "kazbat",
            AssistanceKind::Training,
            "United States",
            "Exercise Steppe Eagle 2018 (peacekeeping certification)",
            date(2018, 6, 4),
            date(2018, 6, 22),
        ),
        (
            "kazbat",
            AssistanceKind::Training,
            "United States",
            "Exercise Steppe Eagle 2019 (peacekeeping certification)",
            date(2019, 6, 10),
            date(2019, 6, 28),
        ),
        (
            "kazbat",
            AssistanceKind::Training,
            "United States",
            "Exercise Steppe Eagle 2021 (peacekeeping certification)",
            date(2021, 8, 16),
            date(2021, 9, 3),
        ),
        (
            "kazbat",
            AssistanceKind::Equipment,
            "United States",
            "Peacekeeping training equipment (communications and protective gear)",
            date(2019, 3, 1),
            date(2019, 3, 31),
        ),
        (
            "kazbrig",
            AssistanceKind::Training,
            "United States",
            "State Partnership Program exchanges (Arizona National Guard)",
            date(2017, 1, 1),
            date(2021, 12, 31),
        ),
        (
            "police-almaty",
            AssistanceKind::Training,
            "OSCE",
            "Human-rights-compliant policing of assemblies (course)",
            date(2019, 10, 7),
            date(2019, 10, 11),
        ),
    ];
    items
        .iter()
        .map(|(key, kind, provider, programme, start, end)| Assistance {
            id: AssistanceId::from_bits(rng.random()),
            recipient: Subject::Unit(id_of(key)),
            kind: *kind,
            provider: (*provider).to_owned(),
            programme: (*programme).to_owned(),
            start: Some(*start),
            end: Some(*end),
            source_id: source.clone(),
        })
        .collect()
}
