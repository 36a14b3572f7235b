//! Synthetic personal names and the ways the four lists of the dead write them.
//!
//! A person's name is generated once as parts in Kazakh Cyrillic (stems, given name, father's name)
//! and then rendered per source: Russified Cyrillic (official and morgue lists), Kazakh Cyrillic with
//! -ұлы/-қызы or bare-stem surnames (NGO list), or Latin under one of several transliteration
//! schemes (media list). Only common name stocks are used; no real victim's name is reproduced.

use rand::Rng as _;

use crate::util::{Rng, chance, pick};
use domain::entity::Gender;

pub(crate) const KK_MALE: &[&str] = &[
    "Ерлан",
    "Нұрлан",
    "Азамат",
    "Руслан",
    "Дәурен",
    "Бауыржан",
    "Ержан",
    "Асхат",
    "Талғат",
    "Серік",
    "Марат",
    "Болат",
    "Қайрат",
    "Ғалым",
    "Дархан",
    "Жандос",
    "Әлихан",
    "Нұрсұлтан",
    "Ерасыл",
    "Диас",
    "Санжар",
    "Арман",
    "Бекзат",
    "Мейіржан",
    "Жасұлан",
    "Ақылбек",
    "Темірлан",
    "Алмас",
    "Ерболат",
    "Нұржан",
    "Айдос",
    "Ілияс",
    "Мұхтар",
    "Қанат",
    "Еркін",
    "Бақытжан",
    "Дәулет",
    "Әділет",
    "Ғани",
    "Аслан",
];
pub(crate) const KK_FEMALE: &[&str] = &[
    "Айгерім",
    "Айдана",
    "Мадина",
    "Гүлнар",
    "Әсел",
    "Жанар",
    "Динара",
    "Сәуле",
    "Гүлмира",
    "Назерке",
    "Ақмарал",
    "Айжан",
    "Аружан",
    "Индира",
    "Айнұр",
    "Ләззат",
    "Жазира",
    "Томирис",
    "Аиша",
    "Нұргүл",
];
/// Fathers' names, from which patronymics and -ұлы/-қызы surnames are formed.
pub(crate) const KK_FATHERS: &[&str] = &[
    "Серік",
    "Болат",
    "Марат",
    "Қайрат",
    "Ғани",
    "Мұрат",
    "Амангелді",
    "Бақыт",
    "Ерғали",
    "Сапар",
    "Жұмабай",
    "Тоқтар",
    "Әбдірахман",
    "Нұрлан",
    "Ахмет",
    "Омар",
    "Оспан",
    "Қали",
    "Сұлтан",
    "Есен",
    "Ермек",
    "Талғат",
    "Дәулет",
    "Кенжебек",
    "Абай",
    "Жақсылық",
    "Нұрғали",
    "Қуаныш",
    "Сейіт",
    "Мұса",
];
/// Surname stems (the ancestor's name without a Russian ending).
pub(crate) const KK_STEMS: &[&str] = &[
    "Ахмет",
    "Омар",
    "Оспан",
    "Сүлеймен",
    "Ысқақ",
    "Әбдірахман",
    "Қали",
    "Садық",
    "Смағұл",
    "Сұлтан",
    "Нұрғали",
    "Кәрім",
    "Серік",
    "Амангелді",
    "Болат",
    "Марат",
    "Серікбай",
    "Мұрат",
    "Құсайын",
    "Жұмабай",
    "Тоқтар",
    "Есенбай",
    "Қасым",
    "Байжан",
    "Жақсыбек",
    "Құрманғазы",
    "Төлеген",
    "Әлімжан",
    "Бекмұхамбет",
    "Дүйсен",
    "Бейсен",
    "Ержан",
    "Мұхамеджан",
    "Исабек",
    "Шәкен",
    "Тұрсын",
    "Әбіл",
    "Жексен",
    "Ибрай",
    "Сағынтай",
];
pub(crate) const RU_MALE: &[&str] = &[
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Владимир",
    "Николай",
    "Евгений",
    "Виктор",
    "Игорь",
    "Денис",
    "Максим",
    "Олег",
    "Роман",
    "Вячеслав",
    "Станислав",
];
pub(crate) const RU_FEMALE: &[&str] =
    &["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Юлия", "Марина", "Людмила"];
pub(crate) const RU_FATHERS: &[&str] =
    &["Александр", "Сергей", "Владимир", "Николай", "Виктор", "Юрий", "Петр", "Иван", "Геннадий", "Анатолий"];
pub(crate) const RU_SURNAMES: &[&str] = &[
    "Иванов",
    "Кузнецов",
    "Попов",
    "Смирнов",
    "Волков",
    "Петров",
    "Соколов",
    "Морозов",
    "Бондаренко",
    "Шевченко",
    "Ткаченко",
    "Лебедев",
    "Новиков",
    "Федоров",
];
pub(crate) const KO_SURNAMES: &[&str] = &["Ким", "Ли", "Цой", "Пак", "Тен", "Хан", "Шин", "Ни", "Югай"];

// Further common names, one string per stock, words separated by spaces. The large dedupe set
// (`dedupe`) draws from the core stock above followed by these, so that a million records hold
// realistic numbers of distinct names; the scenario draws from the core stock only, which keeps
// its output unchanged. Kazakh names are in Kazakh Cyrillic. No stem ends in -а (`russified_stem`
// would make -аов of it), and no Russian father's name has an irregular patronymic (Павел,
// Игорь, Илья, Дмитрий), which `russian_patronymic` does not know.

pub(crate) const KK_MALE_MORE: &str = "Абылай Айбек Айдар Әлібек Алмат Амир Арсен Асқар Ақжол Бағдат Бақыт Бейбіт \
    Берік Данияр Дамир Досжан Досым Елдос Ербол Еркебұлан Ермек Ерғали Ернар Ерсін Жалғас Жанболат Жәнібек Жомарт \
    Жұмабек Ибраһим Мағжан Мақсат Медет Мирас Мұрат Нұрбол Нұрдәулет Нұрым Олжас Оспан Рахат Ринат Самат Саят Сұлтан \
    Сәкен Сырым Тимур Төлеген Ұлан Шыңғыс Шәміл Ықылас Ғабит Бекжан Бекарыс Дінмұхамед Ерқанат Қуаныш Мұхаммед \
    Нұрлыбек Рүстем Тілек Хамит Ерхан Әсет Ақан Бекнұр Нұрислам Ғалымжан Жарас";
pub(crate) const KK_FEMALE_MORE: &str = "Айсұлу Ақбота Әлия Анар Ардақ Ботагөз Гауһар Гүлжан Гүлназ Гүлсім Дана \
    Дариға Жібек Жұлдыз Зарина Зәуре Қарлығаш Камила Ләйлә Мөлдір Назгүл Нұрсұлу Раушан Салтанат Сымбат Тоғжан \
    Толқын Ұлжан Шынар Шолпан Бибігүл Балжан Жансая Мәншүк Сандуғаш Ақерке Ділназ Меруерт";
pub(crate) const KK_FATHERS_MORE: &str = "Абдолла Бағлан Бейсен Бекболат Бердібек Дүйсенбай Ерболат Есентай Жанұзақ \
    Жүсіп Зейнолла Ислам Қабдол Қасым Қожахмет Құдайберген Мақсұт Мейрам Нұртай Орынбай Рақым Сағат Сәбит \
    Серікбай Төлеубай Тұрар Ұзақ Шәкір Ыбырай Әбілхан Байжан Бекмұрат Досбол Жақып Кенес Мұхит Оразбай Сатыбалды \
    Темірбек Тұрсынбек Үсен Хасен Берік Қанат Асқар Бақытжан Ермұхан Әлімжан Мырзахмет Қалдыбай";
pub(crate) const KK_STEMS_MORE: &str = "Әбен Айтжан Айтбай Әкім Әли Әлім Әмір Бекіш Бекен Берден Досан Ермек Есім \
    Жақсылық Жұмабек Жүсіп Ізбасар Ысмайыл Қасен Кенжебай Қуаныш Мамыр Нығмет Ораз Рақым Сапар Сәрсен Тастан Үкібай \
    Есен Жәнібек Мұқаш Нұржан Әбдіқадыр Жақып Алпысбай Бекболат Ерәлі Жүніс Қожахмет Мұратбек Нұрмахан Рысбек \
    Сәдуақас Сатыбалды Тәжібай Танатар Төлеубай Өтебай Хасен Шәріп Ахметжан Бектұр Дәулет Жолдасбек Мұсабек \
    Айдарбек Байсейіт Мәлік Оразбай Уәли Шаймерден Асан Бақыт Елемес Мейрам Нұрпейіс Темірбай Қабдол \
    Жанұзақ Сейітқали Бейсенбай Тілеубай Аманжол Қайырбек Құдайберген Мырзахмет Көшербай";
pub(crate) const RU_MALE_MORE: &str = "Михаил Иван Артем Павел Антон Илья Кирилл Никита Георгий Константин Валерий \
    Юрий Анатолий Геннадий Василий Борис Григорий Леонид Вадим Тимофей Егор Даниил Артур Эдуард Ярослав Федор \
    Петр Степан Семен Виталий Валентин Владислав Глеб Матвей Богдан Филипп";
pub(crate) const RU_FEMALE_MORE: &str = "Екатерина Мария Ксения Дарья Галина Надежда Валентина Любовь Вера Оксана \
    Алена Кристина Виктория Евгения Алла Лариса Нина Полина Тамара Лидия Валерия Анастасия Софья";
pub(crate) const RU_FATHERS_MORE: &str = "Алексей Андрей Василий Валерий Виталий Евгений Олег Борис Вадим Леонид \
    Константин Степан Семен Федор Эдуард Вячеслав Станислав Валентин Роман Максим Денис Владислав Григорий \
    Аркадий Тимофей";
pub(crate) const RU_SURNAMES_MORE: &str = "Соловьев Васильев Зайцев Павлов Семенов Голубев Виноградов Богданов \
    Воробьев Михайлов Беляев Тарасов Белов Комаров Орлов Киселев Макаров Андреев Ковалев Ильин Гусев Титов Кузьмин \
    Кудрявцев Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов Королев Герасимов \
    Пономарев Григорьев Лазарев Медведев Ершов Никитин Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлев \
    Николаев Крылов Максимов Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин \
    Анисимов Петухов Антонов Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов Миронов Ширяев \
    Александров Коновалов Шестаков Казаков Ефимов Денисов Громов Фомин Давыдов Мельников Щербаков Блинов \
    Колесников Карпов Афанасьев Власов Маслов Исаков Тихонов Аксенов Гаврилов Родионов Котов Горбунов Быков Зуев \
    Третьяков Савельев Панов Рыбаков Суворов Абрамов Воронин Мухин Архипов Трофимов Мартынов Емельянов Горшков \
    Чернов Овчинников Селезнев Копылов Михеев Галкин Назаров Лобанов Лукин Потапов Некрасов Хохлов Жданов Наумов \
    Шилов Воронцов Ермаков Дроздов Игнатьев Савин Логинов Сафонов Капустин Кириллов Моисеев Елисеев Костин \
    Горбачев Ефремов Исаев Евдокимов Калашников Носков Юдин Прохоров Нестеров Харитонов Зимин Филатов Крюков \
    Коваленко Кравченко Олейник Мельник Савченко Руденко Марченко Лысенко Петренко Клименко";
pub(crate) const KO_SURNAMES_MORE: &str = "Лим Хегай Огай Тян Мун Ан Когай Нам";

/// Where a person's name comes from, which decides how it is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Kazakh,
    Russian,
    Korean,
}

/// How a Kazakh surname is recorded in the person's documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SurnameStyle {
    /// Stem plus -ов/-ев/-ин (the Soviet form, still the most common).
    Russified,
    /// The stem alone (Marriage and Family Code, Art. 194).
    BareStem,
    /// Father's name plus -ұлы/-қызы as the surname, and no patronymic.
    Uly,
}

/// Latin transliteration schemes seen in media lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// BGN/PCGN-like, from Kazakh Cyrillic (`Qurmanghazy`).
    Bgn,
    /// Passport/ICAO-like, from the Russian form (`Kurmangazy`).
    Passport,
    /// Informal, from the Russian form (`Kurmangazi`).
    Informal,
    /// Kazakh 2021 Latin alphabet-like, from Kazakh Cyrillic (`Qurmanğazy`).
    Kz2021,
    /// GOST 7.79-2000 System B, from the Russian form (`Kurmangazy`, `Jurij`, `Cziolkovskij`).
    Gost,
    /// ISO 9:1995, from Kazakh Cyrillic (`Ķūrmanġazy`).
    Iso9,
}

impl Scheme {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Scheme::Bgn => "bgn-pcgn-like",
            Scheme::Passport => "passport-like",
            Scheme::Informal => "informal",
            Scheme::Kz2021 => "kazakh-latin-2021-like",
            Scheme::Gost => "gost-7.79-b",
            Scheme::Iso9 => "iso-9",
        }
    }

    pub(crate) fn draw(rng: &mut Rng) -> Scheme {
        match rng.random_range(0..20) {
            0..=3 => Scheme::Bgn,
            4..=10 => Scheme::Passport,
            11..=15 => Scheme::Informal,
            16..=17 => Scheme::Kz2021,
            18 => Scheme::Gost,
            _ => Scheme::Iso9,
        }
    }
}

/// The parts of one person's name, from which every rendering is derived.
#[derive(Clone, Debug)]
pub(crate) struct NameParts {
    pub(crate) origin: Origin,
    pub(crate) gender: Gender,
    /// Given name as the person writes it (Kazakh Cyrillic for Kazakhs).
    pub(crate) given: &'static str,
    pub(crate) father: &'static str,
    /// Kazakh: surname stem; others: the masculine surname.
    pub(crate) stem: &'static str,
    pub(crate) style: SurnameStyle,
}

impl NameParts {
    /// Draws a name; `kazakh_share` is the probability of a Kazakh name, the rest split Russian/Korean.
    pub(crate) fn draw(rng: &mut Rng, gender: Gender, kazakh_share: f64) -> NameParts {
        let female = gender == Gender::Female;
        let roll: f64 = rng.random();
        if roll < kazakh_share {
            let style = match rng.random_range(0..100) {
                0..=71 => SurnameStyle::Russified,
                72..=85 => SurnameStyle::BareStem,
                _ => SurnameStyle::Uly,
            };
            NameParts {
                origin: Origin::Kazakh,
                gender,
                given: pick(rng, if female { KK_FEMALE } else { KK_MALE }),
                father: pick(rng, KK_FATHERS),
                stem: pick(rng, KK_STEMS),
                style,
            }
        } else {
            let korean = roll > kazakh_share + (1.0 - kazakh_share) * 0.65;
            NameParts {
                origin: if korean { Origin::Korean } else { Origin::Russian },
                gender,
                given: pick(rng, if female { RU_FEMALE } else { RU_MALE }),
                father: pick(rng, RU_FATHERS),
                stem: pick(rng, if korean { KO_SURNAMES } else { RU_SURNAMES }),
                style: SurnameStyle::Russified,
            }
        }
    }

    fn female(&self) -> bool {
        self.gender == Gender::Female
    }

    /// The surname in Kazakh Cyrillic as recorded in documents.
    pub(crate) fn surname_kk(&self) -> String {
        match (self.origin, self.style) {
            (Origin::Kazakh, SurnameStyle::Russified) => feminine(&russified_stem(self.stem), self.female()),
            (Origin::Kazakh, SurnameStyle::BareStem) => self.stem.to_owned(),
            (Origin::Kazakh, SurnameStyle::Uly) => uly(self.father, self.female()),
            (Origin::Russian, _) => feminine(self.stem, self.female()),
            (Origin::Korean, _) => self.stem.to_owned(),
        }
    }

    /// The bare stem a family member or NGO may use instead of the -ов form.
    pub(crate) fn surname_kk_bare(&self) -> String {
        match self.origin {
            Origin::Kazakh => self.stem.to_owned(),
            _ => self.surname_kk(),
        }
    }

    pub(crate) fn surname_ru(&self) -> String {
        russify(&self.surname_kk())
    }

    pub(crate) fn given_kk(&self) -> &'static str {
        self.given
    }

    pub(crate) fn given_ru(&self) -> String {
        russify(self.given)
    }

    /// Russian patronymic (-ович/-овна), or `None` when -ұлы/-қызы is the surname.
    pub(crate) fn patronymic_ru(&self) -> Option<String> {
        (self.style != SurnameStyle::Uly).then(|| russian_patronymic(&russify(self.father), self.female()))
    }

    /// Kazakh patronymic (Серікұлы), or the Russian one for non-Kazakhs.
    pub(crate) fn patronymic_kk(&self) -> Option<String> {
        match (self.origin, self.style) {
            (_, SurnameStyle::Uly) => None,
            (Origin::Kazakh, _) => Some(uly(self.father, self.female())),
            _ => self.patronymic_ru(),
        }
    }

    /// Full Russian form as on a morgue register or ID card: `Серикбаев Ерлан Серикович`.
    pub(crate) fn full_ru(&self) -> String {
        match self.patronymic_ru() {
            Some(p) => format!("{} {} {}", self.surname_ru(), self.given_ru(), p),
            None => format!("{} {}", self.surname_ru(), self.given_ru()),
        }
    }

    /// Kazakh Cyrillic, given name first.
    pub(crate) fn full_kk(&self) -> String {
        format!("{} {}", self.given_kk(), self.surname_kk())
    }

    /// Latin, given name first, under a scheme.
    pub(crate) fn full_latin(&self, scheme: Scheme) -> String {
        format!("{} {}", self.given_latin(scheme), self.surname_latin(scheme))
    }

    pub(crate) fn given_latin(&self, scheme: Scheme) -> String {
        latin(self.given, &self.given_ru(), scheme)
    }

    pub(crate) fn surname_latin(&self, scheme: Scheme) -> String {
        latin(&self.surname_kk(), &self.surname_ru(), scheme)
    }
}

fn latin(kk: &str, ru: &str, scheme: Scheme) -> String {
    match scheme {
        Scheme::Bgn | Scheme::Kz2021 | Scheme::Iso9 => transliterate(kk, scheme),
        Scheme::Passport | Scheme::Informal | Scheme::Gost => transliterate(ru, scheme),
    }
}

/// `Серікбай` → `Серікбаев`, `Қали` → `Қалиев`, `Ахмет` → `Ахметов`.
pub(crate) fn russified_stem(stem: &str) -> String {
    if let Some(s) = stem.strip_suffix('й') {
        format!("{s}ев")
    } else if let Some(s) = stem.strip_suffix(['і', 'ы']) {
        format!("{s}иев")
    } else if stem.ends_with(['и', 'е']) {
        format!("{stem}ев")
    } else {
        format!("{stem}ов")
    }
}

/// Russian feminine surname (-ова/-ева/-ина); -ко and Korean surnames do not change.
pub(crate) fn feminine(surname: &str, female: bool) -> String {
    if female && (surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин")) {
        format!("{surname}а")
    } else {
        surname.to_owned()
    }
}

/// `Серік` → `Серікұлы` / `Серікқызы`, written together (Art. 194).
pub(crate) fn uly(father: &str, female: bool) -> String {
    format!("{father}{}", if female { "қызы" } else { "ұлы" })
}

pub(crate) fn russian_patronymic(father: &str, female: bool) -> String {
    let (m, f) = ("вич", "вна");
    let ending = if female { f } else { m };
    if let Some(s) = father.strip_suffix("ий") {
        format!("{s}ье{ending}")
    } else if let Some(s) = father.strip_suffix('й') {
        format!("{s}е{ending}")
    } else if father.ends_with(['а', 'и', 'я']) {
        format!("{father}е{ending}")
    } else {
        format!("{father}о{ending}")
    }
}

/// Russian rendering of a Kazakh name (official instruction): ә→а, ө→о, ү/ұ→у, қ→к, ң→н, ғ→г,
/// і→и, һ→х, йы/йі→и, and an initial Ы→И.
pub(crate) fn russify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == 'й' && matches!(chars.get(i + 1), Some('ы' | 'і'))) || (c == 'Ы' && i == 0) {
            out.push(if c == 'Ы' { 'И' } else { 'и' });
            i += if c == 'й' { 2 } else { 1 };
            continue;
        }
        out.push(match c {
            'ә' => 'а',
            'Ә' => 'А',
            'ө' => 'о',
            'Ө' => 'О',
            'ү' | 'ұ' => 'у',
            'Ү' | 'Ұ' => 'У',
            'қ' => 'к',
            'Қ' => 'К',
            'ң' => 'н',
            'Ң' => 'Н',
            'ғ' => 'г',
            'Ғ' => 'Г',
            'і' => 'и',
            'І' => 'И',
            'һ' => 'х',
            'Һ' => 'Х',
            other => other,
        });
        i += 1;
    }
    out
}

fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяәөүұі".contains(c)
}

/// Transliterates Cyrillic text to Latin under `scheme`, keeping word capitalisation.
pub(crate) fn transliterate(text: &str, scheme: Scheme) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for original in text.chars() {
        let upper = original.is_uppercase();
        let c = original.to_lowercase().next().unwrap_or(original);
        let after_vowel_or_start = prev.is_none_or(|p| is_vowel(p) || !p.is_alphabetic());
        let piece: &str = match (scheme, c) {
            // GOST 7.79 System B (ASCII) and ISO 9 (one letter with diacritics per Cyrillic letter)
            // differ from the others in these letters.
            (Scheme::Gost, 'й') => "j",
            (Scheme::Gost, 'х') => "x",
            (Scheme::Gost, 'ц') => "cz",
            (Scheme::Gost, 'щ') => "shh",
            (Scheme::Gost, 'ы') => "y`",
            (Scheme::Gost, 'ь') => "`",
            (Scheme::Gost, 'ъ') => "``",
            (Scheme::Gost, 'э') => "e`",
            (Scheme::Iso9, 'ж') => "ž",
            (Scheme::Iso9, 'й') => "j",
            (Scheme::Iso9, 'х') => "h",
            (Scheme::Iso9, 'ц') => "c",
            (Scheme::Iso9, 'ч') => "č",
            (Scheme::Iso9, 'ш') => "š",
            (Scheme::Iso9, 'щ') => "ŝ",
            (Scheme::Iso9, 'ё') => "ë",
            (Scheme::Iso9, 'э') => "è",
            (Scheme::Iso9, 'ю') => "û",
            (Scheme::Iso9, 'я') => "â",
            (Scheme::Iso9, 'ә') => "a̋",
            (Scheme::Iso9, 'ғ') => "ġ",
            (Scheme::Iso9, 'қ') => "ķ",
            (Scheme::Iso9, 'ң') => "ņ",
            (Scheme::Iso9, 'ө') => "ô",
            (Scheme::Iso9, 'ұ') => "ū",
            (Scheme::Iso9, 'ү') => "ù",
            (Scheme::Iso9, 'һ') => "ḩ",
            (Scheme::Iso9, 'і') => "ì",
            (_, 'а') => "a",
            (_, 'б') => "b",
            (_, 'в') => "v",
            (_, 'г') => "g",
            (_, 'д') => "d",
            (Scheme::Passport, 'е') if after_vowel_or_start => "ye",
            (_, 'е') | (_, 'э') => "e",
            (Scheme::Kz2021, 'ё') => "io",
            (_, 'ё') => "yo",
            (Scheme::Kz2021, 'ж') => "j",
            (_, 'ж') => "zh",
            (_, 'з') => "z",
            (_, 'и') => "i",
            (Scheme::Bgn | Scheme::Informal, 'й') => "y",
            (_, 'й') => "i",
            (_, 'к') => "k",
            (_, 'л') => "l",
            (_, 'м') => "m",
            (_, 'н') => "n",
            (_, 'о') => "o",
            (_, 'п') => "p",
            (_, 'р') => "r",
            (_, 'с') => "s",
            (_, 'т') => "t",
            (_, 'у') => "u",
            (_, 'ф') => "f",
            (Scheme::Informal | Scheme::Kz2021, 'х' | 'һ') => "h",
            (_, 'х') => "kh",
            (_, 'ц') => "ts",
            (Scheme::Kz2021, 'ч') => "ç",
            (_, 'ч') => "ch",
            (Scheme::Kz2021, 'ш') => "ş",
            (_, 'ш') => "sh",
            (Scheme::Kz2021, 'щ') => "şş",
            (_, 'щ') => "shch",
            (Scheme::Informal, 'ы') => "i",
            (_, 'ы') => "y",
            (_, 'ь' | 'ъ') => "",
            (Scheme::Kz2021, 'ю') => "iu",
            (_, 'ю') => "yu",
            (Scheme::Kz2021, 'я') => "ia",
            (_, 'я') => "ya",
            (Scheme::Bgn | Scheme::Kz2021, 'ә') => "ä",
            (Scheme::Bgn | Scheme::Kz2021, 'ө') => "ö",
            (Scheme::Bgn | Scheme::Kz2021, 'ү') => "ü",
            (Scheme::Bgn, 'ғ') => "gh",
            (Scheme::Kz2021, 'ғ') => "ğ",
            (Scheme::Bgn | Scheme::Kz2021, 'қ') => "q",
            (Scheme::Bgn, 'ң') => "ng",
            (Scheme::Kz2021, 'ң') => "ñ",
            (Scheme::Kz2021, 'і') => "ı",
            (_, 'і') => "i",
            (_, 'ұ') => "u",
            // Passport and informal schemes see only Russian text, but stay total.
            (_, 'ә') => "a",
            (_, 'ө') => "o",
            (_, 'ү') => "u",
            (_, 'ғ') => "g",
            (_, 'қ') => "k",
            (_, 'ң') => "n",
            (_, 'һ') => "h",
            (_, other) => {
                out.push(other);
                prev = Some(other);
                continue;
            }
        };
        for (k, pc) in piece.chars().enumerate() {
            if upper && k == 0 {
                out.extend(pc.to_uppercase());
            } else {
                out.push(pc);
            }
        }
        prev = Some(c);
    }
    out
}

/// Upper case, as media lists often write surnames (`SERIKBAYEV Erlan`).
pub(crate) fn uppercase(text: &str) -> String {
    text.chars().flat_map(char::to_uppercase).collect()
}

/// A copying or keying error: a letter dropped, doubled, or swapped with its neighbour.
pub(crate) fn typo(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 4 {
        return text.to_owned();
    }
    // Never touch the first letter: indexing by initial is how people look names up.
    let i = rng.random_range(1..chars.len() - 1);
    match rng.random_range(0..3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        _ => chars.swap(i, i + 1),
    }
    chars.into_iter().collect()
}

/// The first letter and a dot: `Ерлан` → `Е.`.
pub(crate) fn initial(name: &str) -> String {
    name.chars().next().map(|c| format!("{c}.")).unwrap_or_default()
}

/// Applies a typo with probability `p`.
pub(crate) fn maybe_typo(rng: &mut Rng, text: String, p: f64) -> String {
    if chance(rng, p) { typo(rng, &text) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kazakh(given: &'static str, father: &'static str, stem: &'static str, style: SurnameStyle) -> NameParts {
        NameParts { origin: Origin::Kazakh, gender: Gender::Male, given, father, stem, style }
    }

    #[test]
    fn russified_and_transliterated_forms() {
        let n = kazakh("Ерлан", "Серік", "Серікбай", SurnameStyle::Russified);
        assert_eq!(n.full_ru(), "Серикбаев Ерлан Серикович");
        assert_eq!(n.surname_kk(), "Серікбаев");
        assert_eq!(n.surname_latin(Scheme::Passport), "Serikbayev");
        let q = kazakh("Ерлан", "Мұса", "Құрманғазы", SurnameStyle::BareStem);
        assert_eq!(q.surname_latin(Scheme::Bgn), "Qurmanghazy");
        assert_eq!(q.surname_latin(Scheme::Passport), "Kurmangazy");
        assert_eq!(q.surname_latin(Scheme::Informal), "Kurmangazi");
        assert_eq!(q.surname_latin(Scheme::Kz2021), "Qurmanğazy");
        assert_eq!(q.patronymic_ru().as_deref(), Some("Мусаевич"));
        let u = kazakh("Ерлан", "Серік", "Ахмет", SurnameStyle::Uly);
        assert_eq!(u.surname_kk(), "Серікұлы");
        assert_eq!(u.patronymic_ru(), None);
        assert_eq!(russify("Құсайынов"), "Кусаинов");
        assert_eq!(russify("Ысқақов"), "Искаков");
        assert_eq!(russian_patronymic("Юрий", true), "Юрьевна");
    }
}
