//! The cities of the scenario: names in each script, regions then and now, and how deaths and
//! detentions are spread across them (modelled on the January 2022 figures, research §2 and §5.3).

use domain::entity::Place;

/// One city where people died or were detained.
pub(crate) struct City {
    /// English name as at January 2022.
    pub(crate) en: &'static str,
    pub(crate) ru: &'static str,
    pub(crate) kk: &'static str,
    /// Latin spellings seen in media (passport-like, BGN-like).
    pub(crate) latin: [&'static str; 2],
    pub(crate) region_2022: &'static str,
    pub(crate) region_now: &'static str,
    /// Relative share of deaths.
    pub(crate) deaths: f64,
    /// Relative share of detentions.
    pub(crate) detentions: f64,
    /// Sites where shootings happened (Almaty gets several so that the peak days split into incidents).
    pub(crate) sites: &'static [&'static str],
}

pub(crate) const ALMATY: usize = 0;
pub(crate) const TALDYKORGAN: usize = 1;
pub(crate) const SEMEY: usize = 6;
pub(crate) const KAPCHAGAY: usize = 10;

pub(crate) const CITIES: &[City] = &[
    City {
        en: "Almaty",
        ru: "Алматы",
        kk: "Алматы",
        latin: ["Almaty", "Alma-Ata"],
        region_2022: "Almaty (city of republican significance)",
        region_now: "Almaty (city of republican significance)",
        deaths: 0.60,
        detentions: 0.45,
        sites: &["Republic Square", "the city akimat", "Almaty International Airport", "Abai Avenue", "Tole Bi Street"],
    },
    City {
        en: "Taldykorgan",
        ru: "Талдыкорган",
        kk: "Талдықорған",
        latin: ["Taldykorgan", "Taldyqorghan"],
        region_2022: "Almaty region",
        region_now: "Zhetysu region",
        deaths: 0.05,
        detentions: 0.06,
        sites: &["a military checkpoint on the city outskirts", "the regional akimat"],
    },
    City {
        en: "Kyzylorda",
        ru: "Кызылорда",
        kk: "Қызылорда",
        latin: ["Kyzylorda", "Qyzylorda"],
        region_2022: "Kyzylorda region",
        region_now: "Kyzylorda region",
        deaths: 0.10,
        detentions: 0.07,
        sites: &["the regional akimat"],
    },
    City {
        en: "Shymkent",
        ru: "Шымкент",
        kk: "Шымкент",
        latin: ["Shymkent", "Chimkent"],
        region_2022: "Shymkent (city of republican significance)",
        region_now: "Shymkent (city of republican significance)",
        deaths: 0.07,
        detentions: 0.08,
        sites: &["the city akimat"],
    },
    City {
        en: "Taraz",
        ru: "Тараз",
        kk: "Тараз",
        latin: ["Taraz", "Taraz"],
        region_2022: "Zhambyl region",
        region_now: "Zhambyl region",
        deaths: 0.07,
        detentions: 0.07,
        sites: &["the regional akimat"],
    },
    City {
        en: "Aktobe",
        ru: "Актобе",
        kk: "Ақтөбе",
        latin: ["Aktobe", "Aqtobe"],
        region_2022: "Aktobe region",
        region_now: "Aktobe region",
        deaths: 0.02,
        detentions: 0.10,
        sites: &["the central square"],
    },
    City {
        en: "Semey",
        ru: "Семей",
        kk: "Семей",
        latin: ["Semey", "Semei"],
        region_2022: "East Kazakhstan region",
        region_now: "Abai region",
        deaths: 0.02,
        detentions: 0.04,
        sites: &["the city centre"],
    },
    City {
        en: "Zhanaozen",
        ru: "Жанаозен",
        kk: "Жаңаөзен",
        latin: ["Zhanaozen", "Janaozen"],
        region_2022: "Mangystau region",
        region_now: "Mangystau region",
        deaths: 0.01,
        detentions: 0.03,
        sites: &["the city square"],
    },
    City {
        en: "Aktau",
        ru: "Актау",
        kk: "Ақтау",
        latin: ["Aktau", "Aqtau"],
        region_2022: "Mangystau region",
        region_now: "Mangystau region",
        deaths: 0.015,
        detentions: 0.04,
        sites: &["the regional akimat"],
    },
    City {
        en: "Uralsk",
        ru: "Уральск",
        kk: "Орал",
        latin: ["Uralsk", "Oral"],
        region_2022: "West Kazakhstan region",
        region_now: "West Kazakhstan region",
        deaths: 0.01,
        detentions: 0.04,
        sites: &["the central square"],
    },
    City {
        en: "Kapchagay",
        ru: "Капчагай",
        kk: "Қапшағай",
        latin: ["Kapchagay", "Kapshagay"],
        region_2022: "Almaty region",
        region_now: "Almaty region",
        deaths: 0.015,
        detentions: 0.02,
        sites: &["the city police department"],
    },
];

impl City {
    /// The place as named and administered in January 2022, with its region now.
    pub(crate) fn place(&self) -> Place {
        Place {
            name: self.en.to_owned(),
            region_at_event: self.region_2022.to_owned(),
            current_region: self.region_now.to_owned(),
        }
    }

    /// A named site within the city, as a place (the site prefixes the city name).
    pub(crate) fn place_at(&self, site: &str) -> Place {
        Place { name: format!("{}, {site}", self.en), ..self.place() }
    }
}

/// A town as lists of the dead name it, for the large dedupe set (`dedupe`): its Russian and
/// Kazakh names and older names still in use (Алма-Ата, Семипалатинск) or given since (Конаев).
pub(crate) struct Town {
    pub(crate) ru: &'static str,
    pub(crate) kk: &'static str,
    /// Other names, in Russian Cyrillic.
    pub(crate) aliases: &'static [&'static str],
    /// Relative share of deaths.
    pub(crate) weight: f64,
}

/// Almaty first and heaviest (research §2), then the other towns where people died or were detained.
pub(crate) const TOWNS: &[Town] = &[
    Town { ru: "Алматы", kk: "Алматы", aliases: &["Алма-Ата"], weight: 55.0 },
    Town { ru: "Шымкент", kk: "Шымкент", aliases: &["Чимкент"], weight: 5.0 },
    Town {
        ru: "Талдыкорган", kk: "Талдықорған", aliases: &["Талды-Курган"], weight: 5.0
    },
    Town { ru: "Кызылорда", kk: "Қызылорда", aliases: &["Кзыл-Орда"], weight: 4.0 },
    Town { ru: "Тараз", kk: "Тараз", aliases: &["Джамбул"], weight: 4.0 },
    Town { ru: "Капчагай", kk: "Қапшағай", aliases: &["Конаев"], weight: 3.0 },
    Town { ru: "Актобе", kk: "Ақтөбе", aliases: &["Актюбинск"], weight: 2.5 },
    Town { ru: "Семей", kk: "Семей", aliases: &["Семипалатинск"], weight: 2.0 },
    Town { ru: "Жанаозен", kk: "Жаңаөзен", aliases: &["Новый Узень"], weight: 2.0 },
    Town { ru: "Актау", kk: "Ақтау", aliases: &["Шевченко"], weight: 2.0 },
    Town { ru: "Уральск", kk: "Орал", aliases: &[], weight: 1.5 },
    Town { ru: "Нур-Султан", kk: "Нұр-Сұлтан", aliases: &["Астана"], weight: 1.5 },
    Town { ru: "Караганда", kk: "Қарағанды", aliases: &[], weight: 1.2 },
    Town { ru: "Усть-Каменогорск", kk: "Өскемен", aliases: &[], weight: 1.0 },
    Town { ru: "Атырау", kk: "Атырау", aliases: &["Гурьев"], weight: 1.0 },
    Town { ru: "Талгар", kk: "Талғар", aliases: &[], weight: 1.0 },
    Town { ru: "Есик", kk: "Есік", aliases: &["Иссык"], weight: 0.8 },
    Town { ru: "Каскелен", kk: "Қаскелең", aliases: &[], weight: 0.8 },
    Town { ru: "Узынагаш", kk: "Ұзынағаш", aliases: &[], weight: 0.6 },
    Town { ru: "Костанай", kk: "Қостанай", aliases: &["Кустанай"], weight: 0.6 },
    Town { ru: "Петропавловск", kk: "Петропавл", aliases: &[], weight: 0.5 },
    Town { ru: "Павлодар", kk: "Павлодар", aliases: &[], weight: 0.5 },
    Town { ru: "Туркестан", kk: "Түркістан", aliases: &[], weight: 0.5 },
    Town { ru: "Кокшетау", kk: "Көкшетау", aliases: &["Кокчетав"], weight: 0.4 },
    Town { ru: "Жаркент", kk: "Жаркент", aliases: &["Панфилов"], weight: 0.4 },
    Town { ru: "Экибастуз", kk: "Екібастұз", aliases: &[], weight: 0.3 },
    Town { ru: "Темиртау", kk: "Теміртау", aliases: &[], weight: 0.3 },
    Town { ru: "Сатпаев", kk: "Сәтбаев", aliases: &["Никольский"], weight: 0.2 },
    Town { ru: "Кентау", kk: "Кентау", aliases: &[], weight: 0.3 },
    Town { ru: "Аральск", kk: "Арал", aliases: &[], weight: 0.2 },
    Town { ru: "Байконур", kk: "Байқоңыр", aliases: &["Ленинск"], weight: 0.2 },
    Town { ru: "Жезказган", kk: "Жезқазған", aliases: &["Джезказган"], weight: 0.2 },
    Town { ru: "Балхаш", kk: "Балқаш", aliases: &[], weight: 0.2 },
    Town { ru: "Каратау", kk: "Қаратау", aliases: &[], weight: 0.2 },
    Town { ru: "Шу", kk: "Шу", aliases: &["Чу"], weight: 0.2 },
    Town { ru: "Сарыагаш", kk: "Сарыағаш", aliases: &[], weight: 0.3 },
    Town { ru: "Ленгер", kk: "Ленгір", aliases: &[], weight: 0.2 },
];
