#!/usr/bin/env python3
"""Independent lists of the dead of January 2022 in Kazakhstan, with known truth, for record linkage.

Why this exists: the linkage engine and the demo's list generator were written together, so a score
on the demo's own lists can flatter the engine. This generator was written blind: without reading
the engine (crates/linkage, crates/names), the demo generator (crates/demo) or any of their output.
It rests on the research notes (shared/research/kazakhstan.md), on general knowledge of how such
lists are written, and on the name stocks and transliteration tables of bench/names/independent.py
(itself written blind), which it imports.

What it models:

- A population of true deaths (default 240): mostly men, some women and a few children; mostly
  Kazakh names, some Russian, Uzbek, Uyghur, Korean, Tatar and German ones. Places of January 2022
  (Almaty about 60 %, then Kyzylorda, Shymkent, Taraz, Taldykorgan, Almaty region, Aktobe, the west),
  death dates 4-10 January (peak 5-6), a few later deaths in custody; security personnel; birth dates.
- Hard cases: unrelated namesakes (same surname and given name, another father and birth year:
  Серикбаев Ерлан twice), brothers (same surname and patronymic), fathers and sons (the father's
  given name is the son's patronymic), persons with the same surname and initials (Ахметов Е.С. for
  Ерлан Серикович and Ержан Сапарович), and a family shot together in Taldykorgan on 8 January.
- Four lists, each with its own coverage and style. Coverage is correlated: a latent visibility per
  person (children, security personnel and Almaty deaths are better known; some deaths are almost
  unseen) drives each list's probability, so some persons are on all four lists, many on one only,
  and some on none (they are not in the truth).
  * official (prosecutor's list): Russian Cyrillic, surname plus initials only (Абдирахманов Б.С.,
    sometimes in capitals), sorted by surname; seldom a birth or death date; the official category.
  * ngo (human-rights group): Kazakh Cyrillic with Kazakh letters, full names, -ұлы/-қызы
    patronymics or surnames, age rather than birth date (sometimes computed from the year only),
    places in Kazakh (Алматы қ., Алмалы ауданы).
  * media (English-language press): Latin in several romanisations (informal press, ICAO passport,
    BGN/PCGN, 2018 and 2021 Kazakh Latin, ISO 9), several word orders (SURNAME Given, Given Surname),
    patronymic seldom, many blank fields, place spellings (Almaty, Alma-Ata, Taldyqorghan).
  * morgue (forensic register): Russian Cyrillic full names with patronymic, birth date mostly
    present but with copying errors (a digit of the year, day and month swapped, a day off), name
    typos, intake date for the death date, a few bodies still unidentified.
  Each list also holds a few duplicates (one person entered twice with small variations) and
  blank fields.

Output (UTF-8 CSV with a header) in the output folder: official.csv, ngo.csv, media.csv, morgue.csv
with columns record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,
place,circumstances; and truth.csv with list,record_id,person_key (listed records only).

usage: independent_lists.py --seed N --out DIR [--n 240]

Standard library only; deterministic per seed.
"""
import argparse
import csv
import datetime
import os
import random
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "names"))
import independent as ind  # noqa: E402  (bench/names/independent.py: name stocks and renderings)

# ---------------------------------------------------------------------------------------------
# Extra name stock: Uzbek Kazakhstanis (Shymkent, Turkestan region), not in independent.py.
# ---------------------------------------------------------------------------------------------
UZBEK_MALE = ["Шерзод", "Бахтиёр", "Улугбек", "Жасур", "Азиз", "Фаррух", "Дилшод", "Отабек", "Шухрат",
              "Рустам", "Бобур", "Абдулла", "Равшан", "Илхом", "Зафар", "Анвар", "Сардор", "Хуршид"]
UZBEK_FEMALE = ["Дилноза", "Гулнора", "Малика", "Шахноза", "Зарина", "Нигора", "Феруза", "Мафтуна"]
UZBEK_SURNAMES = ["Юлдашев", "Каримов", "Рахимов", "Усманов", "Ташпулатов", "Умаров", "Абдуллаев",
                  "Исмаилов", "Хакимов", "Мирзаев", "Турсунов", "Алимов", "Назаров", "Султанов"]

ETHNIC_WEIGHTS = [("kazakh", 84), ("russian", 6), ("uzbek", 3), ("uyghur", 2.5), ("korean", 1.5),
                  ("tatar", 2), ("german", 1)]


class Pools(ind.Pools):
    def __init__(self):
        super().__init__()
        self.uzb_m = [ind.Word(n) for n in UZBEK_MALE]
        self.uzb_f = [ind.Word(n) for n in UZBEK_FEMALE]
        self.uzb_sur = [ind.Word(n) for n in UZBEK_SURNAMES]

    def given_pool(self, eth, gender):
        if eth == "uzbek":
            return self.uzb_m if gender == "m" else self.uzb_f
        return super().given_pool(eth, gender)

    def father_pool(self, eth):
        return self.uzb_m if eth == "uzbek" else super().father_pool(eth)

    def surname_pool(self, eth):
        return self.uzb_sur if eth == "uzbek" else super().surname_pool(eth)


# ---------------------------------------------------------------------------------------------
# Places. Each: weight, Russian forms (official first), Kazakh forms, Latin forms, official
# region form, districts (Russian, Kazakh) for the big cities.
# ---------------------------------------------------------------------------------------------
ALMATY_DISTRICTS = [("Алмалинский", "Алмалы"), ("Бостандыкский", "Бостандық"), ("Медеуский", "Медеу"),
                    ("Ауэзовский", "Әуезов"), ("Алатауский", "Алатау"), ("Жетысуский", "Жетісу"),
                    ("Наурызбайский", "Наурызбай"), ("Турксибский", "Түрксіб")]
PLACES = {
    "almaty": dict(w=60, ru=["г. Алматы", "Алматы", "Алма-Ата", "г.Алматы"], kk=["Алматы қ.", "Алматы", "Алматы қаласы"],
                   lat=["Almaty", "Almaty", "Almaty", "Alma-Ata", "Almaty city"], region="г. Алматы",
                   districts=ALMATY_DISTRICTS),
    "kyzylorda": dict(w=10, ru=["г. Кызылорда", "Кызылорда", "Кызыл-Орда"], kk=["Қызылорда", "Қызылорда қ."],
                      lat=["Kyzylorda", "Qyzylorda", "Kyzyl-Orda"], region="Кызылординская область"),
    "shymkent": dict(w=8, ru=["г. Шымкент", "Шымкент", "Чимкент"], kk=["Шымкент", "Шымкент қ."],
                     lat=["Shymkent", "Chimkent"], region="г. Шымкент"),
    "taraz": dict(w=7, ru=["г. Тараз", "Тараз"], kk=["Тараз", "Тараз қ."], lat=["Taraz"],
                  region="Жамбылская область"),
    "taldykorgan": dict(w=5, ru=["г. Талдыкорган", "Талдыкорган", "г.Талдыкорган"], kk=["Талдықорған", "Талдықорған қ."],
                        lat=["Taldykorgan", "Taldyqorghan", "Taldyqorǵan"], region="Алматинская область"),
    "kapchagay": dict(w=2, ru=["г. Капчагай", "Капшагай", "Капчагай"], kk=["Қапшағай"],
                      lat=["Kapchagay", "Kapshagai", "Qapshaghay"], region="Алматинская область"),
    "almaty_reg": dict(w=2, ru=["Алматинская обл., Карасайский р-н", "Каскелен", "Алматинская область"],
                       kk=["Алматы облысы", "Қаскелең"], lat=["Almaty region", "Kaskelen"],
                       region="Алматинская область"),
    "aktobe": dict(w=2, ru=["г. Актобе", "Актобе", "Актюбинск"], kk=["Ақтөбе"], lat=["Aktobe", "Aqtobe", "Aktyubinsk"],
                   region="Актюбинская область"),
    "aktau": dict(w=1, ru=["г. Актау", "Актау"], kk=["Ақтау"], lat=["Aktau", "Aqtau"], region="Мангистауская область"),
    "zhanaozen": dict(w=1, ru=["г. Жанаозен", "Жанаозен"], kk=["Жаңаөзен"], lat=["Zhanaozen", "Janaozen"],
                      region="Мангистауская область"),
    "oral": dict(w=1, ru=["г. Уральск", "Уральск"], kk=["Орал"], lat=["Uralsk", "Oral"],
                 region="Западно-Казахстанская область"),
    "semey": dict(w=0.5, ru=["г. Семей", "Семей"], kk=["Семей"], lat=["Semey", "Semei"],
                  region="Восточно-Казахстанская область"),
}

DEATH_DAY_WEIGHTS = [(4, 7), (5, 34), (6, 30), (7, 12), (8, 7), (9, 6), (10, 4)]

# Categories of death: official wording (Russian), NGO wording (Kazakh), press wording, morgue wording.
CIRC = {
    "protester": (["участник массовых беспорядков", "нападавший", ""],
                  ["наразылық акциясына қатысушы, оқ тиген", "атылып өлтірілді", "оқ тиген жарақаттан қайтыс болды"],
                  ["shot during protests", "killed on Republic Square", "shot dead", "protester"],
                  ["огнестрельное ранение", "огнестрельное пулевое ранение грудной клетки", "огнестрельное ранение головы"]),
    "violator": (["нарушитель режима ЧП", "нарушение режима КТО", ""],
                 ["коменданттық сағат кезінде атылды", "көлікте келе жатқанда атылды"],
                 ["shot after curfew", "shot in a car", "killed at a checkpoint"],
                 ["огнестрельное ранение", "множественные огнестрельные ранения"]),
    "bystander": (["случайно попал под огонь", ""],
                  ["жай жүргінші, оқ тиген", "үйінің жанында атылды", "жұмыстан қайтып келе жатқан"],
                  ["bystander, stray bullet", "shot on his way home", "passer-by killed"],
                  ["огнестрельное ранение", "сквозное огнестрельное ранение"]),
    "security": (["сотрудник органов внутренних дел", "военнослужащий", "сотрудник полиции"],
                 ["полиция қызметкері", "әскери қызметші"],
                 ["police officer", "serviceman", "National Guard soldier"],
                 ["огнестрельное ранение", "колото-резаная рана", "черепно-мозговая травма"]),
    "custody": (["умер в местах содержания под стражей"],
                ["ұсталғаннан кейін азаптаудан қайтыс болды", "тергеу изоляторында қайтыс болды"],
                ["died in custody", "died after torture in detention"],
                ["тупая травма", "множественные травмы", "причина смерти устанавливается"]),
    "child": (["случайно попал под огонь", ""],
              ["бала, көлікте атылды", "ата-анасымен келе жатқанда атылды"],
              ["child shot in a car", "child killed by gunfire"],
              ["огнестрельное ранение"]),
}

LISTS = ["official", "ngo", "media", "morgue"]
ID_STYLE = {"official": "GPK-{:04d}", "ngo": "QQ22-{:04d}", "media": "PRESS-{:03d}", "morgue": "SME-22-{:04d}"}
# Base log-odds of each list and how strongly it follows a person's visibility.
COVERAGE = {"official": (1.3, 1.3), "ngo": (0.0, 1.4), "media": (-1.3, 1.6), "morgue": (0.3, 0.9)}
DUP_RATE = {"official": 0.02, "ngo": 0.035, "media": 0.03, "morgue": 0.025}

HEADER = ["record_id", "full_name", "surname", "given_name", "patronymic", "birth_date", "age", "gender",
          "death_date", "place", "circumstances"]


class Death:
    """A true death: a name (an ind.Person) plus date, place and category."""

    def __init__(self, person, death, place, district, category):
        self.p = person
        self.death = death
        self.place = place
        self.district = district
        self.category = category
        self.key = ""
        self.vis = 0.0


def pick(rng, pairs):
    return ind.pick_weighted(rng, pairs)


def death_date(rng, category):
    if category == "custody":
        return datetime.date(2022, 1, rng.randint(9, 28))
    return datetime.date(2022, 1, pick(rng, DEATH_DAY_WEIGHTS))


def age_at(dob, when):
    return when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))


def new_death(rng, pools, eth=None, gender=None, category=None, place=None, dob=None):
    eth = eth or pick(rng, ETHNIC_WEIGHTS)
    if category is None:
        category = pick(rng, [("protester", 30), ("violator", 45), ("bystander", 12), ("security", 8),
                              ("custody", 2.5)])
    if gender is None:
        gender = "m" if category in ("security", "custody") or rng.random() < 0.9 else "f"
    person = ind.new_person(rng, pools, eth=eth, gender=gender)
    person.second_surname = None
    if dob is not None:
        person.dob = dob
    elif category == "child":
        person.dob = ind.random_dob(rng, 2022 - rng.randint(4, 16))
    elif category == "security":
        person.dob = ind.random_dob(rng, rng.randint(1978, 2003))
    else:
        person.dob = ind.random_dob(rng, int(rng.triangular(1955, 2004, 1993)))
    if place is None:
        place = pick(rng, [(k, v["w"]) for k, v in PLACES.items()])
    district = rng.randrange(len(PLACES[place]["districts"])) if "districts" in PLACES[place] else None
    return Death(person, death_date(rng, category), place, district, category)


def related(rng, base, **changes):
    """Another death that shares name parts with base (a relative or a namesake)."""
    p = base.p.copy(**{k: v for k, v in changes.items() if k in ("given", "father", "dob", "gender")})
    d = Death(p, changes.get("death", death_date(rng, "violator")), changes.get("place", base.place),
              base.district, changes.get("category", "violator"))
    return d


def population(rng, pools, n):
    deaths = []
    # A family shot together at a checkpoint in Taldykorgan on 8 January (husband, wife, daughter of 15).
    if n >= 80:
        day = datetime.date(2022, 1, 8)
        husband = new_death(rng, pools, eth="kazakh", gender="m", category="bystander", place="taldykorgan",
                            dob=ind.random_dob(rng, rng.randint(1975, 1984)))
        wife = new_death(rng, pools, eth="kazakh", gender="f", category="bystander", place="taldykorgan",
                         dob=ind.random_dob(rng, rng.randint(1978, 1987)))
        daughter_p = husband.p.copy(gender="f", given=ind.zipf_pick(rng, pools.given_pool("kazakh", "f")),
                                    father=husband.p.given, dob=ind.random_dob(rng, 2006))
        daughter = Death(daughter_p, day, "taldykorgan", None, "child")
        for d in (husband, wife, daughter):
            d.death = day
        deaths += [husband, wife, daughter]
    # Other children (an 11-year-old boy and a 4-year-old girl in Almaty, one more elsewhere).
    for _ in range(max(1, n // 80)):
        deaths.append(new_death(rng, pools, eth="kazakh", category="child",
                                place="almaty" if rng.random() < 0.7 else None, gender=rng.choice("mf")))

    hard = max(1, n // 40)
    # Unrelated namesakes: same surname and given name, another father and birth year.
    for _ in range(hard + 1):
        a = new_death(rng, pools, eth="kazakh", gender="m")
        b = new_death(rng, pools, eth="kazakh", gender="m")
        b.p.surname, b.p.sur_kind, b.p.sur_form, b.p.given = a.p.surname, a.p.sur_kind, a.p.sur_form, a.p.given
        b.p.pat_style = a.p.pat_style if rng.random() < 0.7 else b.p.pat_style
        while b.p.father.kk == a.p.father.kk:
            b.p.father = ind.zipf_pick(rng, pools.father_pool("kazakh"))
        if abs(a.p.dob.year - b.p.dob.year) < 3:
            b.p.dob = ind.shifted_dob(rng, a.p.dob, 3, 25)
        deaths += [a, b]
    # Cousins named after the same grandfather: same surname, same given name, fathers differ, close ages.
    for _ in range(max(1, hard // 3)):
        a = new_death(rng, pools, eth="kazakh", gender="m")
        b = related(rng, a, father=ind.other_word(rng, pools.kaz_fathers, a.p.father),
                    dob=ind.shifted_dob(rng, a.p.dob, 1, 4), place=a.place)
        deaths += [a, b]
    # Brothers: same surname and patronymic, often the same day and place.
    for _ in range(hard):
        a = new_death(rng, pools, gender="m", eth=pick(rng, ETHNIC_WEIGHTS))
        b = related(rng, a, given=ind.other_word(rng, pools.given_pool(a.p.eth, "m"), a.p.given),
                    dob=ind.shifted_dob(rng, a.p.dob, 1, 10),
                    death=a.death if rng.random() < 0.6 else death_date(rng, "violator"))
        deaths += [a, b]
    # Father and son: the father's given name is the son's patronymic.
    for _ in range(max(1, hard * 2 // 3)):
        son = new_death(rng, pools, gender="m", eth="kazakh" if rng.random() < 0.85 else "russian",
                        dob=ind.random_dob(rng, rng.randint(1994, 2003)))
        father = related(rng, son, given=son.p.father,
                         father=ind.zipf_pick(rng, pools.father_pool(son.p.eth)),
                         dob=ind.random_dob(rng, son.p.dob.year - rng.randint(20, 32)),
                         death=son.death if rng.random() < 0.5 else death_date(rng, "violator"))
        deaths += [son, father]
    # Same surname and initials, different persons (Ахметов Е.С.: Ерлан Серикович / Ержан Сапарович).
    for _ in range(max(1, hard * 2 // 3)):
        a = new_death(rng, pools, eth="kazakh", gender="m")
        g = [w for w in pools.kaz_m if w.ru[0][0] == a.p.given.ru[0][0] and w.kk != a.p.given.kk]
        f = [w for w in pools.kaz_fathers if w.ru[0][0] == a.p.father.ru[0][0] and w.kk != a.p.father.kk]
        if not g or not f:
            continue
        b = related(rng, a, given=rng.choice(g), father=rng.choice(f), dob=ind.random_dob(rng),
                    place=pick(rng, [(k, v["w"]) for k, v in PLACES.items()]))
        deaths += [a, b]
    while len(deaths) < n:
        deaths.append(new_death(rng, pools))
    deaths = deaths[:n] if len(deaths) > n else deaths
    rng.shuffle(deaths)
    for i, d in enumerate(deaths):
        d.key = f"V{i + 1:04d}"
        # Visibility: a latent "how well known" score; children, security personnel and Almaty are
        # better known, a share of deaths (far regions, no relatives speaking) is almost unseen.
        v = rng.gauss(0, 1)
        if d.category in ("child", "security"):
            v += 1.5
        if d.place == "almaty":
            v += 0.3
        if rng.random() < 0.15:
            v -= 3.0
        d.vis = v
    return deaths


# ---------------------------------------------------------------------------------------------
# Name parts per list
# ---------------------------------------------------------------------------------------------


def cyr_parts(rng, p, basis, sur_form=None, pat_style=None, split=False):
    """(surname, given, patronymic) in Cyrillic on a Kazakh ('kk') or Russified ('ru') basis."""
    sur_form = sur_form or p.sur_form
    pat_style = p.pat_style if pat_style is None else pat_style
    given, _ = ind.given_cyr(rng, p, basis)
    sur, _ = ind.surname_cyr(rng, p, basis, sur_form)
    pat, _ = ind.patronymic_cyr(rng, p, basis, pat_style, split)
    if basis == "ru" and rng.random() < 0.6:
        given, sur = given.replace("ё", "е"), sur.replace("ё", "е")
        pat = pat.replace("ё", "е") if pat else pat
    given = ind.hyphen_variant(rng, given)
    return sur, given, pat or ""


def maybe_typo(rng, word, rate):
    if word and rng.random() < rate:
        return ind.typo(rng, word)
    return word


def fmt(d):
    return d.isoformat() if d else ""


def place_text(rng, d, lst):
    P = PLACES[d.place]
    if lst == "official":
        return "" if rng.random() < 0.45 else P["region"]
    if lst == "ngo":
        t = rng.choice(P["kk"])
        if d.district is not None and rng.random() < 0.35:
            t = f"{t}, {P['districts'][d.district][1]} ауданы"
        return "" if rng.random() < 0.1 else t
    if lst == "media":
        if rng.random() < 0.35:
            return ""
        t = rng.choice(P["lat"])
        if d.place == "almaty" and rng.random() < 0.15:
            t = rng.choice(["Republic Square, Almaty", "near the Almaty akimat", "Almaty, Tole Bi street"])
        return t
    t = rng.choice(P["ru"])
    if d.district is not None and rng.random() < 0.5:
        t = f"{t}, {P['districts'][d.district][0]} р-н"
    return "" if rng.random() < 0.05 else t


def circ_text(rng, d, lst, p_blank):
    if rng.random() < p_blank:
        return ""
    texts = CIRC[d.category][LISTS.index(lst)]
    return rng.choice(texts)


def initials_of(*words):
    return "".join(w[0].upper() + "." for w in words if w)


def render_official(rng, d):
    p = d.p
    form = p.sur_form if p.sur_form != "bare" or rng.random() < 0.7 else "ov"
    sur, given, pat = cyr_parts(rng, p, "ru", sur_form=form,
                                pat_style=p.pat_style if rng.random() < 0.8 else "ru" if p.pat_style != "none" else "none")
    sur = maybe_typo(rng, sur, 0.03)
    if rng.random() < 0.05:
        pat = ""                                   # the patronymic initial left out
    gi, pi = initials_of(given), initials_of(pat)
    style = pick(rng, [("plain", 60), ("caps", 22), ("spaced", 13), ("caps-only-sur", 5)])
    shown_sur = sur.upper() if style in ("caps", "caps-only-sur") else sur
    if style == "caps-only-sur" or (not gi):
        full = shown_sur + (" " + gi if gi and style != "caps-only-sur" else "")
        if style == "caps-only-sur":
            gi, pi = "", ""
    elif style == "spaced":
        full = f"{shown_sur} {gi} {pi}".strip()
    else:
        full = f"{shown_sur} {gi}{pi}"
    dob = fmt(p.dob) if rng.random() < 0.12 else ""
    dd = fmt(d.death) if rng.random() < 0.35 else ""
    gender = p.gender if rng.random() < 0.3 else ""
    return [full, shown_sur, gi, pi, dob, "", gender, dd, place_text(rng, d, "official"),
            circ_text(rng, d, "official", 0.4)]


def render_ngo(rng, d):
    p = d.p
    eth_kk = p.eth == "kazakh"
    basis = "kk" if eth_kk or rng.random() < 0.3 else "ru"
    pat_style = p.pat_style
    if eth_kk and pat_style != "none" and rng.random() < 0.55:
        pat_style = "kz"                           # the NGO writes the Kazakh patronymic
    form = p.sur_form
    if eth_kk and rng.random() < 0.1:
        form = ind.alternate_surname_form(rng, p)
        if form == "uly":
            pat_style = "none"
    sur, given, pat = cyr_parts(rng, p, basis, sur_form=form, pat_style=pat_style, split=rng.random() < 0.15)
    if rng.random() < 0.25:
        pat = ""
    sur = maybe_typo(rng, sur, 0.04)
    given = maybe_typo(rng, given, 0.03)
    order = pick(rng, [("SGP", 62), ("GS", 20), ("GPS", 8), ("SG", 10)])
    seq = {"SGP": [sur, given, pat], "GS": [given, sur], "GPS": [given, pat, sur], "SG": [sur, given]}[order]
    if order in ("GS", "SG"):
        pat = ""
    full = " ".join(x for x in seq if x)
    age = ""
    r = rng.random()
    if r < 0.72:
        age = str(age_at(p.dob, d.death) if rng.random() < 0.7 else 2022 - p.dob.year)
    dob = fmt(p.dob) if rng.random() < (0.25 if age else 0.35) else ""
    dd = fmt(d.death) if rng.random() < 0.85 else ""
    if dd and rng.random() < 0.06:
        dd = fmt(d.death + datetime.timedelta(days=rng.choice([-1, 1])))
    gender = p.gender if rng.random() < 0.9 else ""
    return [full, sur, given, pat, dob, age, gender, dd, place_text(rng, d, "ngo"), circ_text(rng, d, "ngo", 0.2)]


MEDIA_SCHEMES = [("press", 52), ("icao", 18), ("bgn-ru", 6), ("bgn-kk", 5), ("kz-2021", 8), ("kz-2018", 4),
                 ("iso9", 2), ("gost-b", 1), ("ru-cyr", 4)]


def render_media(rng, d):
    p = d.p
    scheme = pick(rng, MEDIA_SCHEMES)
    basis = ind.basis_for(rng, scheme)
    opts = ind.press_options(rng) if scheme == "press" else {}
    sur_c, given_c, pat_c = cyr_parts(rng, p, basis)
    sur, given = ind.to_scheme(sur_c, scheme, opts), ind.to_scheme(given_c, scheme, opts)
    pat = ind.to_scheme(pat_c, scheme, opts) if pat_c else ""
    if scheme == "press":
        if opts["exonym"] and p.given.kk in ind.PRESS_EXONYMS:
            given = rng.choice(ind.PRESS_EXONYMS[p.given.kk])
        if opts["native_latin"] and p.surname.latin and p.sur_kind == "fixed":
            sur = rng.choice(p.surname.latin)
    if rng.random() < 0.85:
        pat = ""
    sur = maybe_typo(rng, sur, 0.05)
    given = maybe_typo(rng, given, 0.04)
    order = pick(rng, [("GS", 48), ("SURG", 22), ("SG", 14), ("GPS", 8), ("G_only", 2), ("S_comma_G", 6)])
    if pat and order not in ("GPS",):
        order = "GPS" if rng.random() < 0.5 else order
        if order != "GPS":
            pat = ""
    if order == "GS":
        full = f"{given} {sur}"
    elif order == "SURG":
        full = f"{ind.upper(sur, scheme)} {given}"
    elif order == "SG":
        full = f"{sur} {given}"
    elif order == "S_comma_G":
        full = f"{sur}, {given}"
    elif order == "GPS":
        full = " ".join(x for x in (given, pat, sur) if x)
    else:
        full, sur = f"{given} {sur[0]}.", f"{sur[0]}."  # only the surname's initial was published
    if scheme == "icao" and rng.random() < 0.5:
        full = ind.upper(full, scheme)
    split = rng.random() < 0.7                     # many press lists give only the full name
    age = str(age_at(p.dob, d.death)) if rng.random() < 0.45 else ""
    dob = fmt(p.dob) if rng.random() < 0.05 else ""
    dd = fmt(d.death) if rng.random() < 0.45 else ""
    gender = p.gender if rng.random() < 0.35 else ""
    return [full, sur if split else "", given if split else "", pat if split else "", dob, age, gender, dd,
            place_text(rng, d, "media"), circ_text(rng, d, "media", 0.3)]


def year_typo(rng, dob):
    last = dob.year % 10
    digits = [x for x in range(10) if x != last and abs(x - last) <= 3]
    year = dob.year - last + rng.choice(digits)
    return datetime.date(year, dob.month, min(dob.day, ind.days_in_month(year, dob.month)))


def render_morgue(rng, d):
    p = d.p
    if rng.random() < 0.015:                       # a body not yet identified when the register was copied
        g = "муж." if p.gender == "m" else "жен."
        est = age_at(p.dob, d.death) + rng.randint(-5, 5)
        full = rng.choice([f"Неустановленное лицо ({g})", f"Неизвестный ({g}), ~{max(est, 1)} лет"])
        return [full, "", "", "", "", str(max(est, 1)) if rng.random() < 0.6 else "", p.gender,
                fmt(d.death), place_text(rng, d, "morgue"), circ_text(rng, d, "morgue", 0.1)]
    pat_style = p.pat_style
    if p.eth == "kazakh" and pat_style == "kz" and rng.random() < 0.4:
        pat_style = "ru"
    sur, given, pat = cyr_parts(rng, p, "ru", pat_style=pat_style)
    sur = maybe_typo(rng, sur, 0.06)
    given = maybe_typo(rng, given, 0.05)
    pat = maybe_typo(rng, pat, 0.05)
    if rng.random() < 0.06:
        pat = ""
    caps = rng.random() < 0.25
    parts = [x.upper() if caps else x for x in (sur, given, pat)]
    full = " ".join(x for x in parts if x)
    dob = None
    if rng.random() < 0.88:
        kind = pick(rng, [("ok", 84), ("year", 6), ("swap", 5), ("day", 3), ("year-only", 2)])
        dob = p.dob
        if kind == "year":
            dob = year_typo(rng, p.dob)
        elif kind == "swap" and p.dob.day <= 12 and p.dob.day != p.dob.month:
            dob = datetime.date(p.dob.year, p.dob.day, p.dob.month)
        elif kind == "day":
            dob = p.dob + datetime.timedelta(days=rng.choice([-1, 1]))
        elif kind == "year-only":
            dob = datetime.date(p.dob.year, 1, 1)   # recorded as 01.01 of the year, as registers do
    age = str(age_at(p.dob, d.death)) if rng.random() < 0.3 else ""
    intake = d.death + datetime.timedelta(days=pick(rng, [(0, 80), (1, 17), (2, 3)]))
    if d.category == "custody":
        intake = d.death
    gender = p.gender if rng.random() < 0.95 else ""
    return [full, parts[0], parts[1], parts[2], fmt(dob), age, gender, fmt(intake),
            place_text(rng, d, "morgue"), circ_text(rng, d, "morgue", 0.15)]


RENDER = {"official": render_official, "ngo": render_ngo, "media": render_media, "morgue": render_morgue}


def order_key(lst, d, row):
    if lst == "official":
        return (row[1].lower(), row[2], row[3])
    if lst == "ngo":
        return (row[7] or "9", row[9])
    if lst == "morgue":
        return (row[7], 0)
    return (0, 0)


def generate(seed, n):
    import math
    rng = random.Random(seed)
    pools = Pools()
    deaths = population(rng, pools, n)
    lists = {}
    for lst in LISTS:
        base, slope = COVERAGE[lst]
        entries = []
        for d in deaths:
            prob = 1 / (1 + math.exp(-(base + slope * d.vis)))
            if lst == "official" and d.category == "security":
                prob = 0.97
            if lst == "morgue" and d.place not in ("almaty", "taldykorgan", "kapchagay", "almaty_reg"):
                prob *= 0.6                        # the register copied is from the Almaty forensic bureau
            if rng.random() < prob:
                entries.append((d, RENDER[lst](rng, d)))
                if rng.random() < DUP_RATE[lst] * 1.2:
                    entries.append((d, RENDER[lst](rng, d)))
        if lst == "media":
            rng.shuffle(entries)
        else:
            entries.sort(key=lambda e: order_key(lst, e[0], e[1]))
        rows = []
        for i, (d, row) in enumerate(entries):
            rows.append((d.key, [ID_STYLE[lst].format(i + 1)] + row))
        lists[lst] = rows
    return deaths, lists


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=240)
    args = ap.parse_args()
    deaths, lists = generate(args.seed, args.n)
    os.makedirs(args.out, exist_ok=True)
    for lst, rows in lists.items():
        with open(os.path.join(args.out, lst + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            w.writerows(row for _, row in rows)
    with open(os.path.join(args.out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["list", "record_id", "person_key"])
        for lst, rows in lists.items():
            for key, row in rows:
                w.writerow([lst, row[0], key])
    per_person = Counter(key for rows in lists.values() for key, _ in rows)
    true_pairs = sum(c * (c - 1) // 2 for c in per_person.values())
    n_lists = Counter(len({l for l, rows in lists.items() if any(k == key for k, _ in rows)}) for key in per_person)
    print(f"seed {args.seed}: {len(deaths)} persons, {len(per_person)} listed "
          f"(on 1/2/3/4 lists: {'/'.join(str(n_lists[i]) for i in range(1, 5))}), records "
          + ", ".join(f"{l} {len(r)}" for l, r in lists.items())
          + f", {true_pairs} true pairs")


if __name__ == "__main__":
    main()
