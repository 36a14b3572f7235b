#!/usr/bin/env python3
"""An independent labelled evaluation set for person-name matching (Kazakhstan, Kazakh/Russian names).

Why this exists: the name engine (crates/names) was tuned on pairs from the demo generator. This
script was written without reading either, from the published transliteration standards and
general knowledge of Kazakh and Russian naming, so its pairs are data the engine was not tuned on.

It draws thousands of synthetic persons (Kazakh, Russian, Korean, Uyghur, Tatar and German
Kazakhstanis, with Zipf-like name frequencies so that common names collide), renders each one as a
list would write it (Kazakh or Russified Cyrillic, ICAO 9303, BGN/PCGN, GOST 7.79 System B, ISO 9,
the Kazakh Latin alphabets of 2018 and 2021, informal press spellings; several word orders,
initials, typos, Kazakh vs Russian patronymics, surname-form changes, conventional spellings,
noisy birth dates) and emits labelled pairs: about 55 % the same person, 45 % hard negatives
(namesakes born three or more years apart, another father, siblings, brother and sister,
parent and child, similar-looking names, same surname) and a few random pairs.

usage: independent.py --seed N --n 15000 --output PAIRS.csv

Output columns: pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b,label,phenomenon.
Positive tags read `positive:<scheme>/<scheme>/<phenomenon>/...` (the two renderings first, as
evaluate.py groups them); namesakes are tagged exactly `negative:namesake-3y+`, which is what
evaluate.py counts for its namesake false-alarm rate. Standard library only; deterministic per seed.
"""
import argparse
import csv
import datetime
import random
import sys
import unicodedata
from collections import Counter

# ---------------------------------------------------------------------------------------------
# Name pools. Each entry is (Kazakh Cyrillic form, Russified form(s) or None). Several Russified
# forms are separated by "/", the commonest first; None means the regular Kazakh-to-Russian rule
# (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и, йы→и) gives the usual Russian spelling. The order is
# a rough frequency rank (most frequent first) and drives the Zipf weights.
# ---------------------------------------------------------------------------------------------

KAZ_MALE = [
    ("Нұрлан", None), ("Ерлан", None), ("Азамат", None), ("Асхат", None), ("Қайрат", None),
    ("Ержан", None), ("Бауыржан", "Бауыржан/Бауржан"), ("Дәурен", None), ("Серік", None),
    ("Марат", None), ("Мұрат", None), ("Талғат", None), ("Жандос", None), ("Ербол", None),
    ("Данияр", None), ("Арман", None), ("Айдар", None), ("Ғалым", "Галым/Галим"), ("Руслан", None),
    ("Нұрсұлтан", None), ("Болат", None), ("Қанат", None), ("Асқар", None), ("Берік", None),
    ("Бақытжан", None), ("Мұхтар", None), ("Ермек", None), ("Дархан", None), ("Нұржан", None),
    ("Әділет", None), ("Тимур", None), ("Дамир", None), ("Алмас", None), ("Ерболат", None),
    ("Санжар", None), ("Бекзат", None), ("Еркебұлан", None), ("Жасұлан", None), ("Мейірбек", None),
    ("Абай", None), ("Ғабит", None), ("Әлібек", None), ("Құрманғазы", None),
    ("Шыңғыс", "Чингиз/Шынгыс/Чингис"), ("Мұхамед", "Мухамед/Мухаммед/Мухаммад"), ("Мағжан", None),
    ("Бағдат", None), ("Ерасыл", None), ("Диас", None), ("Әли", None), ("Алихан", None),
    ("Нұрбол", None), ("Олжас", None), ("Темірлан", None), ("Ақжол", None), ("Жанболат", None),
    ("Әсет", None), ("Бағлан", None), ("Ақылбек", None), ("Тілек", None), ("Ілияс", "Ильяс/Илияс"),
    ("Ислам", None), ("Нұрислам", None), ("Ерік", None), ("Сәкен", None), ("Жарқын", None),
    ("Аслан", None), ("Самат", None), ("Рахат", None), ("Дидар", None), ("Бейбіт", None),
    ("Ерназар", None), ("Мақсат", None), ("Ұлан", None), ("Айбек", None), ("Нұрболат", None),
    ("Асылбек", None), ("Бақыт", None), ("Ғани", None), ("Жұмабек", None),
    ("Төлеген", "Тулеген/Толеген"), ("Әбілқайыр", "Абулхаир/Абилкаир"), ("Сұлтан", None),
    ("Қасым", None), ("Мирас", None), ("Нұрдәулет", None), ("Дәулет", None),
    ("Ықылас", "Ыкылас/Икылас"), ("Ысқақ", "Искак/Ыскак"), ("Амангелді", "Амангельды/Амангелди"),
    ("Қасым-Жомарт", None), ("Әли-Асқар", None), ("Тоқтар", None), ("Бекжан", None),
    ("Мұқағали", None), ("Құдайберген", None), ("Жақсылық", None),
    ("Әбдірахман", "Абдрахман/Абдурахман"), ("Сәбит", None), ("Рүстем", "Рустем/Рустам"),
    ("Әлжан", "Альжан/Алжан"), ("Ғазиз", None), ("Елдос", None), ("Ерсайын", None),
    ("Нұрғиса", None), ("Жансейіт", "Жансеит"), ("Серікжан", None), ("Серікбол", None),
    ("Ертай", None), ("Оралбек", None), ("Мейіржан", None), ("Дулат", None), ("Жомарт", None),
    ("Болатбек", None), ("Арлан", None), ("Талант", None), ("Айдос", None), ("Азат", None),
    ("Алмат", None), ("Даниял", None), ("Нұрбек", None), ("Амир", None), ("Дәулетбек", None),
    ("Ербақыт", None), ("Айдын", None), ("Ерзат", None),
]

KAZ_FEMALE = [
    ("Айгүл", "Айгуль/Айгул"), ("Гүлнар", "Гульнар/Гульнара"), ("Жанар", None),
    ("Әсел", "Асель/Асел"), ("Динара", None), ("Айгерім", None), ("Салтанат", None),
    ("Гүлмира", "Гульмира"), ("Мадина", None), ("Назгүл", "Назгуль/Назгул"), ("Жанна", None),
    ("Ақмарал", None), ("Айжан", None), ("Жұлдыз", None), ("Сәуле", None), ("Гүлжан", "Гульжан"),
    ("Ботагөз", None), ("Меруерт", None), ("Нұргүл", "Нургуль/Нургул"), ("Айнұр", None),
    ("Анар", None), ("Арайлым", None), ("Әсем", None), ("Дана", None), ("Диана", None),
    ("Аружан", None), ("Ақбота", None), ("Балжан", None), ("Гаухар", None), ("Дариға", None),
    ("Жансая", None), ("Зарина", None), ("Інжу", None), ("Қарлығаш", None), ("Күләш", "Куляш/Кулаш"),
    ("Ләззат", "Ляззат/Лаззат"), ("Мөлдір", None), ("Назерке", None), ("Нұрсұлу", None),
    ("Перизат", None), ("Раушан", None), ("Сабина", None), ("Толқын", None), ("Ұлжан", None),
    ("Шынар", "Шынар/Чинара"), ("Әлия", None), ("Аида", None), ("Алтынай", None), ("Жібек", None),
    ("Айым", None), ("Томирис", None), ("Аяулым", None), ("Бибігүл", "Бибигуль"),
    ("Гүлшат", "Гульшат"), ("Данагүл", "Данагуль"), ("Эльмира", None), ("Камила", None),
    ("Асылым", None), ("Айдана", None), ("Индира", None), ("Мақпал", None), ("Сандуғаш", None),
    ("Роза", None), ("Жазира", None), ("Гүлназ", "Гульназ"), ("Нұржамал", None), ("Айсұлу", None),
    ("Алма", None), ("Дамира", None), ("Амина", None), ("Маржан", None), ("Әсия", None),
    ("Кәмшат", None), ("Шолпан", None), ("Сымбат", None), ("Ақерке", None), ("Ақтоты", None),
    ("Амира", None), ("Руслана", None), ("Алина", None), ("Арина", None), ("Марина", None),
    ("Карина", None),
]

# Surname stems of Kazakh persons: (Kazakh stem, Russified stem(s) or None, suffix kind). The
# stem takes -ов/-ев (or -ин for "in") in the Russified surname form, stays bare in the
# ending-less form, and takes -ұлы/-қызы in the Kazakh form. Ordered by rough frequency, after
# the Ministry of Justice list of common surnames (Ахметов, Омаров, Оспанов, ... Серік, Амангелді).
KAZ_STEMS = [
    ("Ахмет", None, "ov"), ("Омар", None, "ov"), ("Оспан", None, "ov"),
    ("Сүлеймен", None, "ov"), ("Ысқақ", "Искак", "ov"), ("Әбдірахман", "Абдрахман", "ov"),
    ("Ыбырай", "Ибрай", "ov"), ("Қали", None, "ov"), ("Садық", None, "ov"), ("Смағұл", None, "ov"),
    ("Әбдулла", None, "ov"), ("Иса", None, "ov"), ("Сұлтан", None, "ov"),
    ("Жүсіп", "Жусуп/Юсуп", "ov"), ("Ысмайыл", "Исмаил", "ov"), ("Нұрғали", None, "ov"),
    ("Кәрім", None, "ov"), ("Құсайын", "Кусаин", "ov"), ("Серік", None, "ov"),
    ("Амангелді", "Амангельды/Амангелди", "ov"), ("Болат", None, "ov"), ("Марат", None, "ov"),
    ("Серікбай", None, "ov"), ("Мұрат", None, "ov"), ("Тоқа", None, "ov"), ("Жұмабай", None, "ov"),
    ("Қасым", None, "ov"), ("Жақып", "Жакуп/Жакып", "ov"), ("Мұқан", None, "ov"),
    ("Тұрсын", "Турсун/Турсын", "ov"), ("Бейсен", None, "ov"), ("Шәріп", None, "ov"),
    ("Қуаныш", None, "ov"), ("Әлімжан", None, "ov"), ("Сәрсен", None, "ov"), ("Байжан", None, "ov"),
    ("Есен", None, "ov"), ("Ержан", None, "ov"), ("Нұрлан", None, "ov"), ("Қонай", "Кунай/Конай", "ov"),
    ("Сәтбай", "Сатпай/Сатбай", "ov"), ("Әуез", "Ауэз/Ауез", "ov"), ("Мұхамеджан", None, "ov"),
    ("Бекмұхамбет", None, "ov"), ("Кенжебай", None, "ov"), ("Кенжебек", None, "ov"),
    ("Төлеген", "Тулеген/Толеген", "ov"), ("Тілеубай", "Тлеубай/Тилеубай", "ov"),
    ("Жексенбай", None, "ov"), ("Әбен", None, "ov"), ("Бектұр", None, "ov"), ("Сейіт", "Сеит/Сейт", "ov"),
    ("Жанұзақ", None, "ov"), ("Мамыт", None, "ov"), ("Ермек", None, "ov"), ("Әлібек", None, "ov"),
    ("Досжан", None, "ov"), ("Ержігіт", None, "ov"), ("Ибраһим", "Ибрагим", "ov"),
    ("Нұрмағамбет", "Нурмагамбет/Нурмухамбет", "ov"), ("Бекет", None, "ov"), ("Сағынтай", None, "ov"),
    ("Дүйсен", None, "ov"), ("Ақылбай", None, "ov"), ("Қожа", None, "ov"), ("Мұса", None, "in"),
    ("Бақыт", None, "ov"), ("Жаңабай", None, "ov"), ("Бөкейхан", "Букейхан/Бокейхан", "ov"),
    ("Өтеген", "Утеген/Отеген", "ov"), ("Үсен", None, "ov"), ("Тәжі", "Тажи", "ov"), ("Елеу", None, "ov"),
    ("Әлі", "Али", "ov"), ("Ғали", None, "ov"), ("Жұмағұл", None, "ov"), ("Сәрсенбай", "Сарсенбай/Сарсембай", "ov"),
    ("Серікбек", None, "ov"), ("Нұрбек", None, "ov"), ("Абыл", None, "ov"), ("Әбу", "Абу", "ov"),
    ("Исабек", None, "ov"), ("Исай", None, "ov"), ("Тұрлыбек", None, "ov"), ("Тұрлыбай", None, "ov"),
    ("Оразбай", None, "ov"), ("Оразбек", None, "ov"), ("Қасен", None, "ov"), ("Ақмолда", None, "ov"),
]

RUS_MALE = [
    "Александр", "Сергей", "Андрей", "Алексей", "Дмитрий", "Владимир", "Евгений", "Николай", "Игорь",
    "Виктор", "Юрий", "Олег", "Максим", "Иван", "Павел", "Денис", "Артём", "Михаил", "Роман", "Вадим",
    "Константин", "Василий", "Анатолий", "Валерий", "Геннадий", "Виталий", "Станислав", "Вячеслав",
    "Владислав", "Антон", "Илья", "Никита", "Кирилл", "Григорий", "Пётр", "Борис", "Леонид", "Степан",
    "Егор", "Даниил", "Тимофей", "Аркадий", "Лев", "Фёдор", "Яков", "Георгий", "Эдуард", "Ярослав",
    "Семён", "Глеб", "Богдан", "Валентин", "Арсений", "Матвей", "Юлий",
]
RUS_FEMALE = [
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Марина", "Юлия", "Екатерина",
    "Людмила", "Галина", "Оксана", "Валентина", "Надежда", "Анастасия", "Мария", "Любовь", "Нина",
    "Вера", "Лариса", "Евгения", "Виктория", "Алина", "Дарья", "Ксения", "Кристина", "Александра",
    "Валерия", "Полина", "Алёна", "Яна", "Зоя", "Раиса", "Тамара", "Лидия", "Жанна", "Инна", "Олеся",
    "Софья", "Елизавета", "Диана", "Вероника", "Маргарита", "Дина", "Владислава", "Станислава",
    "Ярослава", "Карина", "Арина",
]
# Spellings the registry office accepts for one name (a person may appear under either).
RUS_GIVEN_VARIANTS = {"Наталья": "Наталья/Наталия", "Софья": "Софья/София", "Дарья": "Дарья/Дария"}

RUS_SURNAMES = [
    "Иванов", "Кузнецов", "Попов", "Смирнов", "Бондаренко", "Петров", "Васильев", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов",
    "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев",
    "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Ковалёв",
    "Ткаченко", "Коваленко", "Шевченко", "Кравченко", "Мельник", "Ковальчук", "Бойко", "Савченко",
    "Руденко", "Литвиненко", "Ковалевский", "Вишневский", "Покровский", "Белинский", "Медведев",
    "Ершов", "Никифоров", "Жуков", "Фролов", "Крылов", "Максимов", "Сидоров", "Осипов", "Белоусов",
    "Калинин", "Антонов", "Тимофеев", "Филиппов", "Марков", "Миронов", "Александров", "Коновалов",
    "Казаков", "Денисов", "Громов", "Фомин", "Давыдов", "Мельников", "Щербаков", "Колесников",
    "Карпов", "Афанасьев", "Власов", "Маслов", "Исаков", "Тихонов", "Гаврилов", "Котов", "Быков",
    "Зуев", "Панов", "Абрамов", "Мухин", "Чернов", "Назаров", "Жданов", "Ермаков", "Дроздов",
    "Игнатьев", "Кириллов", "Ефремов", "Калашников", "Прохоров", "Нестеров", "Гусев", "Титов",
    "Кудрявцев", "Баранов", "Куликов", "Поляков", "Цветков", "Данилов", "Чайковский", "Шаповалов",
    "Королёв", "Пономарёв", "Лаптев", "Лапин", "Лазарев",
]
# Korean Kazakhstanis (Koryo-saram): invariant surnames, Russian given names; some have an
# established Latin spelling from Korea that English-language sources use instead of a transliteration.
KOREAN_SURNAMES = [
    ("Ким", "Kim"), ("Пак", "Park"), ("Цой", "Choi"), ("Ли", "Lee"), ("Тен", None), ("Хван", "Hwang"),
    ("Югай", None), ("Шин", "Shin"), ("Хан", "Han"), ("Нам", "Nam"), ("Ни", None), ("Огай", None),
    ("Когай", None), ("Ан", "Ahn"), ("Лим", "Lim"), ("Тян", None), ("Пян", None), ("Кан", "Kang"),
]
# German Kazakhstanis: Russian given names or German ones, German original spelling in Latin.
GERMAN_SURNAMES = [
    ("Шмидт", "Schmidt"), ("Миллер/Мюллер", "Müller/Mueller/Miller"), ("Шнайдер/Шнейдер", "Schneider"),
    ("Вебер", "Weber"), ("Майер/Мейер", "Meyer/Maier"), ("Вагнер", "Wagner"), ("Беккер", "Becker"),
    ("Шульц", "Schulz"), ("Гофман/Хофман", "Hoffmann"), ("Фишер", "Fischer"), ("Кох", "Koch"),
    ("Рихтер", "Richter"), ("Келлер", "Keller"), ("Вольф", "Wolf"), ("Нейман/Нойман", "Neumann"),
    ("Шефер/Шеффер", "Schäfer/Schaefer"), ("Бауэр", "Bauer"), ("Циммерман", "Zimmermann"),
    ("Крюгер", "Krüger/Krueger"), ("Гартман", "Hartmann"), ("Классен", "Klassen"), ("Фризен", "Friesen"),
]
GERMAN_MALE = ["Вальдемар", "Эдуард", "Роберт", "Артур", "Герман", "Фридрих", "Андреас", "Александр", "Виктор"]
GERMAN_FEMALE = ["Ирма", "Фрида", "Эльза", "Эмма", "Ольга", "Лилия", "Ирина", "Елена", "Амалия"]

UYGHUR_MALE = ["Дильмурат", "Адил", "Абдумалик", "Ильхам", "Шухрат", "Рахман", "Алим", "Азат", "Парид",
               "Ильяр", "Мурат", "Аблимит", "Шавкат", "Махмут", "Кахар", "Рустам", "Анвар", "Илахун"]
UYGHUR_FEMALE = ["Гульмира", "Дильназ", "Паризат", "Маригуль", "Аминам", "Рукия", "Зульфия", "Гульнур",
                 "Райхан", "Мадина", "Дильнура", "Хасиям", "Назугум", "Мунира"]
UYGHUR_SURNAMES = ["Розахунов", "Насыров", "Масимов", "Юсупов", "Исмаилов", "Абдуллаев", "Туниязов",
                   "Мамутов", "Хасанов", "Сабитов", "Кадыров", "Ахмедов", "Турдиев", "Нурахунов", "Аюпов",
                   "Садыров", "Ниязов", "Тохтахунов"]

TATAR_MALE = ["Ринат", "Рустам", "Ильдар", "Рашид", "Фарид", "Рафаэль", "Ильнур", "Айрат", "Наиль",
              "Рамиль", "Альберт", "Радик", "Ильшат", "Марсель", "Тимур", "Марат"]
TATAR_FEMALE = ["Альфия", "Гульнара", "Лейсан", "Эльмира", "Резеда", "Гульшат", "Алсу", "Венера",
                "Зульфия", "Лилия", "Рамиля", "Фарида", "Гузель", "Дина"]
TATAR_SURNAMES = ["Хайруллин", "Галиев", "Сабиров", "Гарипов", "Валиев", "Закиров", "Шарипов", "Ахметшин",
                  "Мухаметзянов", "Нуриев", "Файзуллин", "Хабибуллин", "Гилязов", "Зарипов", "Ибрагимов",
                  "Шайхутдинов", "Габдуллин", "Камалов", "Салихов", "Мусин"]

# Share of each group among the persons drawn (roughly the make-up of the population in the cities
# of January 2022, with the small groups kept large enough to matter).
ETHNIC_WEIGHTS = [("kazakh", 68), ("russian", 18), ("tatar", 4), ("uyghur", 3.5), ("korean", 3.5), ("german", 3)]

# Russian patronymics that do not follow the -ович/-евич rule.
RUS_PATRONYMIC_EXCEPTIONS = {
    "Илья": ("Ильич", "Ильинична"), "Никита": ("Никитич", "Никитична"), "Лев": ("Львович", "Львовна"),
    "Павел": ("Павлович", "Павловна"), "Пётр": ("Петрович", "Петровна"), "Михаил": ("Михайлович", "Михайловна"),
    "Яков": ("Яковлевич", "Яковлевна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Георгий": ("Георгиевич", "Георгиевна"), "Арсений": ("Арсеньевич", "Арсеньевна"),
    "Даниил": ("Даниилович", "Данииловна"), "Юлий": ("Юльевич", "Юльевна"),
}

# Press exonyms: English-language media write some Russian names in an English form.
PRESS_EXONYMS = {
    "Александр": ["Alexander", "Alexandr"], "Алексей": ["Alexei", "Alexey"], "Пётр": ["Pyotr", "Petr"],
    "Фёдор": ["Fyodor", "Fedor"], "Юрий": ["Yuri", "Yury"], "Дмитрий": ["Dmitry", "Dmitri"],
    "Евгений": ["Yevgeny", "Evgeny"], "Наталья": ["Natalia", "Natalya"], "Татьяна": ["Tatiana", "Tatyana"],
}

# Pairs of distinct names that look alike (hard negatives). Both must be real, separate names,
# never spellings of one name (so not Ахмет/Ахмед, Ербол/Ерболат, Ирина/Арина).
SIMILAR_GIVEN = {
    ("kazakh", "m"): [("Ерлан", "Ербол"), ("Ерлан", "Ержан"), ("Нұрлан", "Нұржан"), ("Нұрлан", "Нұрбол"),
                      ("Марат", "Мұрат"), ("Дәурен", "Дәулет"), ("Бауыржан", "Бақытжан"), ("Қанат", "Қайрат"),
                      ("Талғат", "Талант"), ("Айдар", "Айдос"), ("Азамат", "Азат"), ("Арман", "Арлан"),
                      ("Алмас", "Алмат"), ("Данияр", "Даниял"), ("Асхат", "Асқар"), ("Серік", "Берік"),
                      ("Ерік", "Берік"), ("Ержан", "Ерзат"), ("Мейірбек", "Мейіржан"), ("Айдар", "Айдын"),
                      ("Бекзат", "Бекжан"), ("Нұрбек", "Нұрбол"), ("Самат", "Санжар"), ("Дамир", "Амир")],
    ("kazakh", "f"): [("Әсел", "Әсем"), ("Айгүл", "Айгерім"), ("Айгүл", "Айнұр"), ("Жанар", "Жанна"),
                      ("Мадина", "Марина"), ("Дана", "Диана"), ("Әлия", "Алина"), ("Камила", "Карина"),
                      ("Гүлмира", "Гүлнар"), ("Назерке", "Назгүл"), ("Айжан", "Айнұр"), ("Алина", "Арина"),
                      ("Айдана", "Айжан"), ("Дамира", "Динара"), ("Амина", "Амира"), ("Гүлжан", "Гүлназ")],
    ("russian", "m"): [("Юрий", "Юлий"), ("Олег", "Глеб"), ("Вадим", "Вячеслав"), ("Виктор", "Виталий"),
                       ("Станислав", "Владислав"), ("Валерий", "Валентин"), ("Даниил", "Денис"),
                       ("Андрей", "Аркадий"), ("Роман", "Родион"), ("Семён", "Степан")],
    ("russian", "f"): [("Алина", "Арина"), ("Марина", "Карина"), ("Дина", "Диана"), ("Яна", "Анна"),
                       ("Лариса", "Раиса"), ("Вера", "Венера"), ("Валерия", "Виктория"), ("Елена", "Алёна")],
}
# Алёна is historically a form of Елена but is registered as a separate name; a person has one.

SIMILAR_STEMS = [  # Kazakh surname stems that differ by a syllable
    ("Серікбай", "Серікбек"), ("Кенжебай", "Кенжебек"), ("Тұрлыбай", "Тұрлыбек"), ("Оразбай", "Оразбек"),
    ("Омар", "Оспан"), ("Иса", "Исай"), ("Қали", "Ғали"), ("Мұрат", "Марат"), ("Нұрлан", "Нұрбек"),
    ("Әбен", "Әбу"), ("Сәрсен", "Сәрсенбай"), ("Қасым", "Қасен"), ("Ысқақ", "Иса"), ("Болат", "Бекет"),
    ("Есен", "Ержан"), ("Абыл", "Әбен"), ("Ақылбай", "Ақмолда"), ("Исабек", "Исай"),
]
SIMILAR_RUS_SURNAMES = [
    ("Иванов", "Ивашов"), ("Петров", "Петренко"), ("Кузнецов", "Кузьмин"), ("Попов", "Попков"),
    ("Смирнов", "Смолин"), ("Соколов", "Сорокин"), ("Морозов", "Моргунов"), ("Волков", "Волохов"),
    ("Лебедев", "Лебедько"), ("Захаров", "Захарченко"), ("Фомин", "Фокин"), ("Лапин", "Лаптев"),
    ("Котов", "Котиков"), ("Марков", "Маркин"), ("Быков", "Бычков"),
]

# Given names with a feminine counterpart (brother/sister pairs that share the root).
COGNATES = [("Александр", "Александра"), ("Евгений", "Евгения"), ("Валерий", "Валерия"),
            ("Виктор", "Виктория"), ("Валентин", "Валентина"), ("Владислав", "Владислава"),
            ("Станислав", "Станислава"), ("Ярослав", "Ярослава"), ("Руслан", "Руслана"),
            ("Дамир", "Дамира"), ("Амир", "Амира"), ("Рамиль", "Рамиля"), ("Фарид", "Фарида")]

# ---------------------------------------------------------------------------------------------
# Transliteration tables, one per scheme, written from the standards (lower case; capitalisation is
# restored afterwards). Kazakh letters: ә ғ қ ң ө ұ ү һ і.
# ---------------------------------------------------------------------------------------------

KK_TO_RU = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
VOWELS_CYR = set("аәеёиоөуұүыіэюя")

# ICAO Doc 9303 part 3, Cyrillic table (machine-readable passports). Kazakh letters are not in the
# table; Kazakh passports fold them to the base Latin letter, as done here.
ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y",
    "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}

# BGN/PCGN 1947 for Russian; е/ё become ye/yë initially and after a vowel, й, ъ or ь.
BGN_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "”", "ы": "y",
    "ь": "’", "э": "e", "ю": "yu", "я": "ya",
}

# BGN/PCGN 1979 for Kazakh (и ī, у ū, ғ gh, қ q, ң ng, э ė).
BGN_KK = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "ī", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ū", "ұ": "u", "ү": "ü", "ф": "f", "х": "kh",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "\"", "ы": "y", "і": "i", "ь": "’",
    "э": "ė", "ю": "yu", "я": "ya",
}

# GOST 7.79-2000 System B (ASCII, backtick marks). ц is "c" before е, и, ы, й and "cz" elsewhere.
# The Kazakh rows follow the standard's convention of a base letter plus backtick (our reading of
# its table for non-Slavic languages).
GOST_B = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "cz", "ч": "ch", "ш": "sh", "щ": "shh", "ъ": "``", "ы": "y`",
    "ь": "`", "э": "e`", "ю": "yu", "я": "ya",
    "ә": "a`", "ғ": "g`", "қ": "k`", "ң": "n`", "ө": "o`", "ұ": "u`", "ү": "u``", "һ": "h`", "і": "i`",
}

# ISO 9:1995 (= GOST 7.79 System A): one Latin letter, with diacritics, per Cyrillic letter.
ISO9 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "ž", "з": "z", "и": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ",
    "э": "è", "ю": "û", "я": "â",
    "ә": "a\u030b", "ғ": "ġ", "қ": "ķ", "ң": "ņ", "ө": "ô", "ұ": "u\u0307", "ү": "ù", "һ": "ḩ", "і": "ì",
}

# Kazakh Latin alphabet of 2021 (decree of January 2021): ä ğ q ñ ö ū ü ş ç, ı for і and i for и/й.
# Russian-only letters follow the accompanying spelling rules (ц ts, щ şş, ю iu, я ia, ё io).
KZ2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}

# Kazakh Latin alphabet of February 2018 (acute accents; used by official sites 2018-2020:
# Qasym-Jomart Toqaev, Qaraǵandy). и and й are ı, у is ý.
KZ2018 = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "ıo", "ж": "j",
    "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ń", "о": "o",
    "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u", "ү": "ú", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "ıý", "я": "ıa",
}

# How often each rendering appears on one side of a pair. Cyrillic dominates (official lists and
# Russian-language NGO lists); Latin comes from passports, English-language press and sanctions or
# vetting databases.
SCHEME_WEIGHTS = [("kk-cyr", 16), ("ru-cyr", 27), ("icao", 12), ("bgn-ru", 7), ("bgn-kk", 5),
                  ("gost-b", 4), ("iso9", 5), ("kz-2021", 7), ("kz-2018", 3), ("press", 14)]
CYRILLIC_SCHEMES = {"kk-cyr", "ru-cyr"}

# Word orders: G given, P patronymic, S surname; I. an initial.
ORDER_WEIGHTS_CYR = [("SGP", 50), ("GPS", 22), ("SG", 6), ("GS", 5), ("S_IP", 8), ("IP_S", 5), ("S_I", 2), ("I_S", 2)]
ORDER_WEIGHTS_ICAO = [("SGP", 55), ("GPS", 20), ("GS", 17), ("SG", 8)]
ORDER_WEIGHTS_LATIN = [("GPS", 32), ("SGP", 30), ("GS", 18), ("SG", 6), ("S_IP", 3), ("IP_S", 3), ("S_I", 4), ("I_S", 4)]

# Keyboard neighbours for typos (a typist hits the key next to the intended one).
LATIN_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
CYR_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def zipf_weights(n, s=0.85):
    """Weights 1/rank^s: a few names are very common, many are rare, so namesakes occur."""
    return [1.0 / (r ** s) for r in range(1, n + 1)]


def pick(rng, items, weights=None):
    return rng.choices(items, weights=weights, k=1)[0]


def pick_weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def russify(kk):
    """Regular Russian rendering of a Kazakh word (official instruction: ә→а, ө→о, ү/ұ→у, ...)."""
    s = kk.replace("йы", "и").replace("ЙЫ", "И")
    return "".join(KK_TO_RU.get(c, KK_TO_RU.get(c.lower(), c).upper() if c.isupper() else c) for c in s)


class Word:
    """A name word: its Kazakh Cyrillic form and its Russian forms (the first is the commonest)."""

    def __init__(self, kk, ru=None, latin=None):
        self.kk = kk
        self.ru = ru.split("/") if ru else [russify(kk)]
        self.latin = latin.split("/") if latin else []   # established Latin spellings (German, Korean)

    def __repr__(self):
        return f"Word({self.kk}/{'/'.join(self.ru)})"


def variant_weights(n):
    return [0.72, 0.2, 0.08][:n] if n <= 3 else [1.0 / (i + 1) for i in range(n)]


def female_surname(s):
    """Russian feminine form: -ов/-ев/-ин → -ова/-ева/-ина, -ский → -ская; other endings are invariant."""
    if s.endswith("ский") or s.endswith("цкий"):
        return s[:-2] + "ая"
    if s[-2:] in ("ов", "ев", "ёв", "ин", "ын"):
        return s + "а"
    return s


def add_ov(stem, kind="ov"):
    """Kazakh stem → Russified surname: consonant + ов; vowel, й, ж, ш, ч, щ, ц + ев; or + ин."""
    if kind == "in":
        return (stem[:-1] if stem[-1] in "аяе" else stem) + "ин"
    last = stem[-1]
    if last == "й":
        return stem[:-1] + "ев"
    if last == "ь":
        return stem[:-1] + "ев"
    if last in VOWELS_CYR or last in "жшчщц":
        return stem + "ев"
    return stem + "ов"


def russian_patronymic(father, gender):
    """Russian-style patronymic from the father's name as written (Серик → Серикович/Сериковна)."""
    if father in RUS_PATRONYMIC_EXCEPTIONS:
        return RUS_PATRONYMIC_EXCEPTIONS[father][0 if gender == "m" else 1]
    f = father
    if f.endswith("ий"):
        base, soft = f[:-2] + "ь", True          # Василий → Васильевич
    elif f[-1] == "й":
        base, soft = f[:-1], True                # Сергей → Сергеевич, Серикбай → Серикбаевич
    elif f[-1] == "ь":
        base, soft = f[:-1], True                # Игорь → Игоревич
    elif f[-1] in VOWELS_CYR:
        base, soft = f, True                     # Али → Алиевич, Муса → Мусаевич
    elif f[-1] in "жшчщц":
        base, soft = f, True                     # Куаныш → Куанышевич
    else:
        base, soft = f, False
    if gender == "m":
        return base + ("евич" if soft else "ович")
    return base + ("евна" if soft else "овна")


# ---------------------------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------------------------


class Person:
    """A synthetic person. Name parts are stored in their source forms; rendering happens later."""

    def __init__(self, eth, gender, dob, given, father, surname, sur_kind, sur_form, pat_style,
                 second_surname=None):
        self.eth = eth              # kazakh, russian, korean, uyghur, tatar, german
        self.gender = gender        # m / f
        self.dob = dob              # datetime.date
        self.given = given          # Word
        self.father = father        # Word (father's given name) or None
        self.surname = surname      # Word: a Kazakh stem, or a masculine non-Kazakh surname
        self.sur_kind = sur_kind    # ov / in for Kazakh stems, fixed for others
        self.sur_form = sur_form    # Kazakh: ov (Ахметов), bare (Ахмет), uly (Ахметұлы); others: fixed
        self.pat_style = pat_style  # ru (Серикович), kz (Серікұлы), none
        self.second_surname = second_surname  # the husband (a Person) for a rare double surname

    def copy(self, **changes):
        p = Person(self.eth, self.gender, self.dob, self.given, self.father, self.surname, self.sur_kind,
                   self.sur_form, self.pat_style, self.second_surname)
        for k, v in changes.items():
            setattr(p, k, v)
        return p


class Pools:
    """Weighted name pools, built once per run."""

    def __init__(self):
        self.kaz_m = [Word(k, r) for k, r in KAZ_MALE]
        self.kaz_f = [Word(k, r) for k, r in KAZ_FEMALE]
        self.kaz_fathers = [w for w in self.kaz_m if "-" not in w.kk]
        self.kaz_stems = [(Word(k, r), kind) for k, r, kind in KAZ_STEMS]
        self.rus_m = [Word(n) for n in RUS_MALE]
        self.rus_f = [Word(n, RUS_GIVEN_VARIANTS.get(n)) for n in RUS_FEMALE]
        self.rus_sur = [Word(n) for n in RUS_SURNAMES]
        self.kor_sur = [Word(c, None, l) for c, l in KOREAN_SURNAMES]
        for w, (c, _) in zip(self.kor_sur, KOREAN_SURNAMES):
            w.ru = [c]
        self.ger_sur = [Word(c.split("/")[0], c, l) for c, l in GERMAN_SURNAMES]
        self.ger_m = [Word(n) for n in GERMAN_MALE]
        self.ger_f = [Word(n) for n in GERMAN_FEMALE]
        self.uyg_m = [Word(n) for n in UYGHUR_MALE]
        self.uyg_f = [Word(n) for n in UYGHUR_FEMALE]
        self.uyg_sur = [Word(n) for n in UYGHUR_SURNAMES]
        self.tat_m = [Word(n) for n in TATAR_MALE]
        self.tat_f = [Word(n) for n in TATAR_FEMALE]
        self.tat_sur = [Word(n) for n in TATAR_SURNAMES]
        self.by_kk = {}
        for w in self.kaz_m + self.kaz_f + self.rus_m + self.rus_f:
            self.by_kk.setdefault(w.kk, w)
        self.stem_by_kk = {w.kk: (w, kind) for w, kind in self.kaz_stems}
        self.rus_sur_by = {w.kk: w for w in self.rus_sur}

    def given_pool(self, eth, gender):
        return {
            "kazakh": (self.kaz_m, self.kaz_f), "russian": (self.rus_m, self.rus_f),
            "korean": (self.rus_m, self.rus_f), "german": (self.ger_m + self.rus_m, self.ger_f + self.rus_f),
            "uyghur": (self.uyg_m, self.uyg_f), "tatar": (self.tat_m, self.tat_f),
        }[eth][0 if gender == "m" else 1]

    def father_pool(self, eth):
        return {"kazakh": self.kaz_fathers, "russian": self.rus_m, "korean": self.rus_m,
                "german": self.ger_m + self.rus_m, "uyghur": self.uyg_m, "tatar": self.tat_m}[eth]

    def surname_pool(self, eth):
        return {"russian": self.rus_sur, "korean": self.kor_sur, "german": self.ger_sur,
                "uyghur": self.uyg_sur, "tatar": self.tat_sur}[eth]


def zipf_pick(rng, pool, s=0.85):
    return rng.choices(pool, weights=zipf_weights(len(pool), s), k=1)[0]


def random_dob(rng, year=None):
    """Adults in 2022: protesters, bystanders and security-force members, mostly born 1975-2003."""
    if year is None:
        year = int(rng.triangular(1950, 2005, 1990))
    month = rng.randint(1, 12)
    day = rng.randint(1, days_in_month(year, month))
    return datetime.date(year, month, day)


def days_in_month(year, month):
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - datetime.timedelta(days=1)).day


def new_person(rng, pools, eth=None, gender=None):
    eth = eth or pick_weighted(rng, ETHNIC_WEIGHTS)
    gender = gender or rng.choice("mf")
    given = zipf_pick(rng, pools.given_pool(eth, gender))
    father = zipf_pick(rng, pools.father_pool(eth))
    while father.kk == given.kk:       # a son is seldom named after his living father
        father = zipf_pick(rng, pools.father_pool(eth))
    if eth == "kazakh":
        stem, kind = zipf_pick(rng, pools.kaz_stems, 0.8)
        sur_form = pick_weighted(rng, [("ov", 78), ("bare", 12), ("uly", 10)])
        if sur_form == "uly":
            # Art. 194: with a -ұлы/-қызы surname no patronymic is recorded.
            pat_style = pick_weighted(rng, [("none", 80), ("ru", 10), ("kz", 10)])
        else:
            pat_style = pick_weighted(rng, [("ru", 70), ("kz", 25), ("none", 5)])
        person = Person(eth, gender, random_dob(rng), given, father, stem, kind, sur_form, pat_style)
    else:
        surname = zipf_pick(rng, pools.surname_pool(eth), 0.9)
        person = Person(eth, gender, random_dob(rng), given, father, surname, "fixed", "fixed", "ru")
    if gender == "f" and rng.random() < 0.012:
        # A married woman who joined her husband's surname to her own (rare, kept for coverage).
        other = new_person(rng, pools, gender="m")
        person.second_surname = other
    return person


# ---------------------------------------------------------------------------------------------
# Cyrillic forms of each part
# ---------------------------------------------------------------------------------------------


def choose_ru(rng, word):
    """One Russian spelling of a word and its index among the word's conventional variants."""
    i = rng.choices(range(len(word.ru)), weights=variant_weights(len(word.ru)), k=1)[0]
    return word.ru[i], i


def spelling_key(word, basis, text):
    """The Russian spelling a rendering rests on (for Kazakh Cyrillic: its regular Russian form), so
    that two renderings differ in a conventional variant when these keys differ (Чингиз / Шыңғыс)."""
    return russify(word.kk) if basis == "kk" else text


def given_cyr(rng, person, basis):
    if basis == "kk":
        return person.given.kk, spelling_key(person.given, basis, person.given.kk)
    text, _ = choose_ru(rng, person.given)
    return text, text


def surname_cyr(rng, person, basis, form):
    """The surname in Cyrillic, in the given form (ov / bare / uly for Kazakhs)."""
    w = person.surname
    if person.sur_kind == "fixed":
        text, _ = (w.kk, 0) if basis == "kk" and len(w.ru) == 1 else choose_ru(rng, w)
        key = text
        text = female_surname(text) if person.gender == "f" else text
    else:
        stem, _ = (w.kk, 0) if basis == "kk" else choose_ru(rng, w)
        key = spelling_key(w, basis, stem)
        if form == "ov":
            text = add_ov(stem, person.sur_kind)
            text = text + "а" if person.gender == "f" else text
        elif form == "bare":
            text = stem
        else:
            suffix = ("ұлы" if person.gender == "m" else "қызы") if basis == "kk" else \
                     ("улы" if person.gender == "m" else "кызы")
            text = stem + suffix
    if person.second_surname is not None:
        other = person.second_surname.copy(gender="f")
        second, _ = surname_cyr(rng, other, basis, other.sur_form)
        text = second + "-" + text
    return text, key


def patronymic_cyr(rng, person, basis, style, split):
    """Russian style (Серикович/Сериковна) or Kazakh style (Серікұлы/Серікқызы, or in two words)."""
    if person.father is None or style == "none":
        return None, None
    father, _ = (person.father.kk, 0) if basis == "kk" else choose_ru(rng, person.father)
    idx = spelling_key(person.father, basis, father)
    if style == "ru":
        return russian_patronymic(father, person.gender), idx
    suffix = ("ұлы" if person.gender == "m" else "қызы") if basis == "kk" else \
             ("улы" if person.gender == "m" else "кызы")
    return (father + " " + suffix if split else father + suffix), idx


# ---------------------------------------------------------------------------------------------
# Schemes: each takes one lower-case Cyrillic word and returns lower-case Latin.
# ---------------------------------------------------------------------------------------------


def translit_icao(w, opts):
    return "".join(ICAO.get(c, c) for c in w)


def translit_bgn_ru(w, opts):
    out = []
    for i, c in enumerate(w):
        prev = w[i - 1] if i else ""
        if c in "её" and (i == 0 or prev in VOWELS_CYR or prev in "йъь"):
            out.append("ye" if c == "е" else "yë")
        else:
            out.append(BGN_RU.get(c, c))
    return "".join(out)


def translit_bgn_kk(w, opts):
    return "".join(BGN_KK.get(c, c) for c in w)


def translit_gost_b(w, opts):
    out = []
    for i, c in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        out.append("c" if c == "ц" and nxt in "еиыйі" and nxt else GOST_B.get(c, c))
    return "".join(out)


def translit_iso9(w, opts):
    return unicodedata.normalize("NFC", "".join(ISO9.get(c, c) for c in w))


def translit_kz2021(w, opts):
    return "".join(KZ2021.get(c, c) for c in w)


def translit_kz2018(w, opts):
    return "".join(KZ2018.get(c, c) for c in w)


def press_options(rng):
    """Spelling habits of one writer, fixed for a whole name: Yerlan or Erlan, Zhanar or Janar, ..."""
    return {
        "ye_initial": rng.random() < 0.55, "ye_after_vowel": rng.random() < 0.5,
        "zh": "zh" if rng.random() < 0.7 else "j", "kh": "kh" if rng.random() < 0.65 else "h",
        "ya": "ya" if rng.random() < 0.7 else "ia", "yu": "yu" if rng.random() < 0.7 else "iu",
        "yo": "yo" if rng.random() < 0.6 else "e", "y_short": "y" if rng.random() < 0.6 else "i",
        "iy_final": pick(rng, ["iy", "ii", "y", "i"], [35, 20, 30, 15]),
        "q": rng.random() < 0.15, "gh": rng.random() < 0.2, "ng": rng.random() < 0.15,
        "ae": rng.random() < 0.05, "ou": rng.random() < 0.04, "ss": rng.random() < 0.12,
        "soft": "'" if rng.random() < 0.15 else "", "shch": "shch" if rng.random() < 0.7 else "sch",
        "exonym": rng.random() < 0.35, "native_latin": rng.random() < 0.5,
    }


def translit_press(w, o):
    """Informal English-language press spelling (no standard: each writer's habits, see press_options)."""
    out = []
    n = len(w)
    i = 0
    while i < n:
        c = w[i]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        if c in "иы" and nxt == "й" and i + 2 == n:      # -ий / -ый at the end of a word
            out.append(o["iy_final"] if c == "и" else ("y" if o["iy_final"] in ("y", "i") else "iy"))
            i += 2
            continue
        if c == "е":
            if i == 0:
                out.append("ye" if o["ye_initial"] else "e")
            elif prev in VOWELS_CYR or prev in "йъь":
                out.append("ye" if o["ye_after_vowel"] else "e")
            else:
                out.append("e")
        elif c == "ё":
            out.append(o["yo"])
        elif c == "ж":
            out.append(o["zh"])
        elif c == "х":
            out.append(o["kh"])
        elif c == "я":
            out.append(o["ya"])
        elif c == "ю":
            out.append(o["yu"])
        elif c == "й":
            out.append(o["y_short"])
        elif c == "қ":
            out.append("q" if o["q"] else "k")
        elif c == "ғ":
            out.append("gh" if o["gh"] else "g")
        elif c == "ң":
            out.append("ng" if o["ng"] else "n")
        elif c == "ә":
            out.append("ae" if o["ae"] else "a")
        elif c in "уұү":
            out.append("ou" if o["ou"] else "u")
        elif c == "с" and o["ss"] and prev in VOWELS_CYR and nxt in VOWELS_CYR and prev:
            out.append("ss")                                # Kassym, Nursoultan-style French/English habit
        elif c in "ьъ":
            out.append(o["soft"])
        elif c == "щ":
            out.append(o["shch"])
        else:
            out.append({"ө": "o", "і": "i", "һ": "h", "э": "e", "ц": "ts", "ч": "ch", "ш": "sh"}.get(c, ICAO.get(c, c)))
        i += 1
    return "".join(out)


SCHEME_FUNCS = {
    "icao": translit_icao, "bgn-ru": translit_bgn_ru, "bgn-kk": translit_bgn_kk, "gost-b": translit_gost_b,
    "iso9": translit_iso9, "kz-2021": translit_kz2021, "kz-2018": translit_kz2018, "press": translit_press,
}


def capitalise(latin, scheme):
    """Upper-case the first letter; the 2021 alphabet keeps İ for i and I for ı."""
    if not latin:
        return latin
    first = latin[0]
    if scheme == "kz-2021" and first == "i":
        return "İ" + latin[1:]
    if first == "ı":
        return "I" + latin[1:]
    return first.upper() + latin[1:]


def to_scheme(text, scheme, opts):
    """Render a Cyrillic name part (possibly hyphenated or two words) in a scheme."""
    if scheme in CYRILLIC_SCHEMES:
        return text
    func = SCHEME_FUNCS[scheme]
    out = []
    for word in text.split(" "):
        segs = [capitalise(func(seg.lower(), opts), scheme) if seg[:1].isupper() else func(seg.lower(), opts)
                for seg in word.split("-")]
        out.append("-".join(segs))
    return " ".join(out)


def upper(text, scheme):
    if scheme == "kz-2021":
        text = text.replace("i", "İ")
    return text.upper()


# ---------------------------------------------------------------------------------------------
# Phenomena applied to one rendering
# ---------------------------------------------------------------------------------------------


def hyphen_variant(rng, text):
    """A double name written with a hyphen, a space, or joined (Касым-Жомарт / Касым Жомарт / Касымжомарт)."""
    if "-" not in text:
        return text
    how = pick(rng, ["hyphen", "space", "joined"], [60, 15, 25])
    if how == "hyphen":
        return text
    if how == "space":
        return text.replace("-", " ")
    head, _, tail = text.partition("-")
    return head + tail[:1].lower() + tail[1:]


def typo(rng, word):
    """One keyboard slip in the word's own script: insert, delete, substitute or transpose."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.choice(letters[1:])   # the first letter is rarely mistyped
    c = word[i]
    rows = CYR_ROWS if "\u0400" <= c.lower() <= "\u04ff" else LATIN_ROWS
    base = unicodedata.normalize("NFD", c.lower())[0]

    def neighbour(ch):
        for row in rows:
            j = row.find(ch)
            if j >= 0:
                cands = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
                return rng.choice(cands)
        return rng.choice(rows[1])

    def same_case(new):
        return new.upper() if c.isupper() else new

    op = pick(rng, ["insert", "delete", "substitute", "transpose"], [25, 25, 30, 20])
    if op == "insert":
        return word[:i] + same_case(rng.choice([base, neighbour(base)])) + word[i:]
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "substitute":
        return word[:i] + same_case(neighbour(base)) + word[i + 1:]
    if i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != c:
        return word[:i] + word[i + 1] + c + word[i + 2:]
    return word[:i] + word[i + 1:]


def initial(word, scheme, rng):
    """Initial of a rendered word: Е., E., and for Latin digraphs often Zh., Sh., Ye."""
    if not word:
        return ""
    if scheme not in CYRILLIC_SCHEMES and len(word) > 1 and word[:2].lower() in ("zh", "sh", "ch", "kh", "ts", "ye", "yu", "ya") \
            and rng.random() < 0.5:
        return word[0] + word[1].lower() + "."
    return word[0].upper() + "."


def noise(rng, text, surname_first):
    """Typing and formatting noise: doubled or stray spaces, a comma after a leading surname, a final dot."""
    kind = pick(rng, ["double-space", "edge-space", "comma", "dot", "lower"], [30, 20, 25, 10, 15])
    if kind == "double-space" and " " in text:
        i = rng.choice([k for k, ch in enumerate(text) if ch == " "])
        return text[:i] + "  " + text[i + 1:], kind
    if kind == "edge-space":
        return " " + text + (" " if rng.random() < 0.5 else ""), kind
    if kind == "comma" and surname_first and " " in text:
        head, _, tail = text.partition(" ")
        return head + ", " + tail, kind
    if kind == "dot":
        return text + ".", kind
    if kind == "lower":
        return text.replace("İ", "i").lower(), kind
    return text, None


def choose_scheme(rng):
    return pick_weighted(rng, SCHEME_WEIGHTS)


def basis_for(rng, scheme):
    """Which Cyrillic spelling a scheme starts from: Kazakh standards from Kazakh Cyrillic, Russian
    ones from Russified Cyrillic; ISO 9, GOST and the press from either."""
    if scheme in ("kk-cyr", "bgn-kk", "kz-2021", "kz-2018"):
        return "kk"
    if scheme in ("ru-cyr", "icao", "bgn-ru"):
        return "ru"
    if scheme == "press":
        return "kk" if rng.random() < 0.3 else "ru"
    return "kk" if rng.random() < 0.5 else "ru"


def alternate_surname_form(rng, person):
    """A Kazakh may appear with another surname form (Ахметов / Ахмет / Ахметұлы), e.g. after
    dropping the Russian ending under Art. 194 of the Marriage and Family Code."""
    forms = [f for f in ("ov", "bare", "uly") if f != person.sur_form]
    return rng.choice(forms)


def render(rng, person, scheme=None, protect=(), force_patronymic=False, no_initials=False):
    """Write a person's name as one list would. Returns (text, features)."""
    scheme = scheme or choose_scheme(rng)
    basis = basis_for(rng, scheme)
    opts = press_options(rng) if scheme == "press" else {}
    f = {"scheme": scheme, "basis": basis, "typo": False, "noise": None, "initials": False, "caps": False}

    # Surname form and patronymic style: usually the person's own, sometimes the other list's.
    sur_form = person.sur_form
    if person.eth == "kazakh" and rng.random() < 0.08:
        sur_form = alternate_surname_form(rng, person)
    pat_style = person.pat_style
    if person.eth == "kazakh" and pat_style != "none" and rng.random() < 0.2:
        pat_style = "kz" if pat_style == "ru" else "ru"
    split = pat_style == "kz" and rng.random() < 0.3
    f["sur_form"], f["pat_style"] = sur_form, pat_style

    g_cyr, g_var = given_cyr(rng, person, basis)
    s_cyr, s_var = surname_cyr(rng, person, basis, sur_form)
    p_cyr, p_var = patronymic_cyr(rng, person, basis, pat_style, split)
    f["variants"] = (g_var, s_var, p_var)
    if basis == "ru" and rng.random() < 0.6:
        # Most Russian texts write е for ё (Семенов for Семёнов).
        g_cyr, s_cyr = g_cyr.replace("ё", "е"), s_cyr.replace("ё", "е")
        p_cyr = p_cyr.replace("ё", "е") if p_cyr else p_cyr
    g_cyr = hyphen_variant(rng, g_cyr)
    f["hyphen"] = "-" in person.given.kk or person.second_surname is not None

    g, s = to_scheme(g_cyr, scheme, opts), to_scheme(s_cyr, scheme, opts)
    p = to_scheme(p_cyr, scheme, opts) if p_cyr else None
    if scheme == "press":
        # English-language media: exonyms (Alexander) and established Latin spellings (Schmidt, Park).
        if opts["exonym"] and person.given.kk in PRESS_EXONYMS:
            g = rng.choice(PRESS_EXONYMS[person.given.kk])
            f["variants"] = ("exonym", s_var, p_var)
        if opts["native_latin"] and person.surname.latin and person.sur_kind == "fixed":
            s = rng.choice(person.surname.latin)
            f["variants"] = (f["variants"][0], "native", p_var)
            f["native_latin"] = True

    # Word order, initials and a dropped patronymic.
    weights = ORDER_WEIGHTS_CYR if scheme in CYRILLIC_SCHEMES else \
        ORDER_WEIGHTS_ICAO if scheme == "icao" else ORDER_WEIGHTS_LATIN
    if no_initials:
        weights = [w for w in weights if "I" not in w[0]]
    order = pick_weighted(rng, weights)
    if p and not force_patronymic and rng.random() < 0.08:
        p = None
    if force_patronymic and p and order in ("SG", "GS", "S_I", "I_S"):
        order = {"SG": "SGP", "GS": "GPS", "S_I": "S_IP", "I_S": "IP_S"}[order]
    if p is None:
        order = {"SGP": "SG", "GPS": "GS", "S_IP": "S_I", "IP_S": "I_S"}.get(order, order)
    if order in ("SG", "GS", "S_I", "I_S"):
        p = None
    f["dropped"] = person.father is not None and pat_style != "none" and p is None
    if p is None:
        f["variants"] = f["variants"][:2] + (None,)
    if "I" in order:   # an initial hides how the given name and patronymic were spelt
        f["variants"] = (None, f["variants"][1], None)
    f["order"] = order
    f["surname_first"] = order.startswith("S")

    # A typo in one word (never in a word whose difference makes a negative pair).
    roles = {"given": g, "sur": s, "pat": p}
    if rng.random() < 0.1:
        eligible = [r for r, v in roles.items() if v and r not in protect and len(v) >= 4
                    and (r == "sur" or "I" not in order)]
        if eligible:
            r = rng.choice(eligible)
            roles[r] = typo(rng, roles[r])
            f["typo"] = True
    g, s, p = roles["given"], roles["sur"], roles["pat"]

    if "I" in order:
        f["initials"] = True
        sep = "" if rng.random() < 0.7 else " "
        ini = initial(g, scheme, rng) + (sep + initial(p, scheme, rng) if p and "P" in order else "")
        text = f"{s} {ini}" if order.startswith("S") else f"{ini} {s}"
    else:
        if order.startswith("S") and scheme != "icao" and rng.random() < 0.3:
            s = upper(s, scheme)          # official-list style: SURNAME Given Patronymic
            f["caps"] = True
        seq = {"SGP": [s, g, p], "GPS": [g, p, s], "SG": [s, g], "GS": [g, s]}[order]
        text = " ".join(x for x in seq if x)

    if scheme == "icao" and rng.random() < 0.85:
        text, f["caps"] = upper(text, scheme), True
    elif rng.random() < 0.04:
        text, f["caps"] = upper(text, scheme), True
    if rng.random() < 0.08:
        text, f["noise"] = noise(rng, text, f["surname_first"])
    return text, f


# ---------------------------------------------------------------------------------------------
# Birth dates and gender
# ---------------------------------------------------------------------------------------------


def fmt_date(d, year_only=False):
    return f"{d.year:04d}" if year_only else d.isoformat()


def positive_dates(rng, dob):
    """Both records of one person: same date, missing, year only, ±1 day, day/month swapped, or one
    digit of the year mistyped (kept within two years: a positive is never three or more apart)."""
    kind = pick(rng, ["dob-same", "dob-missing-one", "dob-missing-both", "dob-year-only", "dob-year-only-both",
                      "dob-1day", "dob-swap", "dob-year-typo"], [44, 14, 5, 9, 3, 7, 6, 7])
    full = fmt_date(dob)
    if kind == "dob-swap" and not (dob.day <= 12 and dob.day != dob.month):
        kind = "dob-same"
    if kind == "dob-same":
        a, b = full, full
    elif kind == "dob-missing-one":
        a, b = full if rng.random() < 0.8 else fmt_date(dob, True), ""
    elif kind == "dob-missing-both":
        a, b = "", ""
    elif kind == "dob-year-only":
        a, b = full, fmt_date(dob, True)
    elif kind == "dob-year-only-both":
        a, b = fmt_date(dob, True), fmt_date(dob, True)
    elif kind == "dob-1day":
        a, b = full, fmt_date(dob + datetime.timedelta(days=rng.choice([-1, 1])))
    elif kind == "dob-swap":
        a, b = full, fmt_date(datetime.date(dob.year, dob.day, dob.month))
    else:
        last = dob.year % 10
        digits = [d for d in range(10) if d != last and abs(d - last) <= 2]
        year = dob.year - last + rng.choice(digits)
        day = min(dob.day, days_in_month(year, dob.month))
        a, b = full, fmt_date(datetime.date(year, dob.month, day))
    if rng.random() < 0.5:
        a, b = b, a
    return a, b, kind


def one_date(rng, dob, required=False):
    """A date as one list of a different person gives it: usually full, sometimes year only or missing
    (the same rates as on positives, so missing dates do not give the label away)."""
    r = rng.random()
    if required:
        return fmt_date(dob, r < 0.08)
    if r < 0.12:
        return ""
    return fmt_date(dob, r < 0.20)


def genders(rng, ga, gb):
    a = ga if rng.random() < 0.82 else ""
    b = gb if rng.random() < 0.82 else ""
    return a, b


# ---------------------------------------------------------------------------------------------
# Pairs
# ---------------------------------------------------------------------------------------------


def positive_pair(rng, pools):
    person = new_person(rng, pools)
    a, fa = render(rng, person)
    b, fb = render(rng, person)
    da, db, dkind = positive_dates(rng, person.dob)
    ga, gb = genders(rng, person.gender, person.gender)
    tags = []
    if fa["pat_style"] != fb["pat_style"] and "none" not in (fa["pat_style"], fb["pat_style"]) \
            and not fa["dropped"] and not fb["dropped"]:
        tags.append("patronymic-kz-ru")
    if fa["dropped"] != fb["dropped"]:
        tags.append("dropped-patronymic")
    if fa["sur_form"] != fb["sur_form"]:
        tags.append("surname-form")
    if any(x != y and x is not None and y is not None for x, y in zip(fa["variants"], fb["variants"])):
        tags.append("variant")
    if fa["initials"] or fb["initials"]:
        tags.append("initials")
    if fa["typo"] or fb["typo"]:
        tags.append("typo")
    if fa["hyphen"]:
        tags.append("double-name")
    if fa["surname_first"] != fb["surname_first"]:
        tags.append("order")
    if fa["noise"] or fb["noise"]:
        tags.append("noise")
    tags.append(dkind)
    if not ga or not gb:
        tags.append("gender-missing")
    schemes = sorted([fa["scheme"], fb["scheme"]])
    tag = "positive:" + "/".join(schemes + tags)
    return (a, da, ga, b, db, gb, 1, tag)


def negative_row(rng, pa, pb, tag, protect=(), force_patronymic=False, no_initials=False, dates_required=False):
    a, _ = render(rng, pa, protect=protect, force_patronymic=force_patronymic, no_initials=no_initials)
    b, _ = render(rng, pb, protect=protect, force_patronymic=force_patronymic, no_initials=no_initials)
    da, db = one_date(rng, pa.dob, dates_required), one_date(rng, pb.dob, dates_required)
    ga, gb = genders(rng, pa.gender, pb.gender)
    if rng.random() < 0.5:
        a, b, da, db, ga, gb = b, a, db, da, gb, ga
    return (a, da, ga, b, db, gb, 0, tag)


def shifted_dob(rng, dob, lo, hi, direction=0):
    """A birth date lo..hi years away (earlier, later, or either when direction is 0), kept within a
    plausible range."""
    for _ in range(20):
        years = rng.randint(lo, hi) * (direction or rng.choice([-1, 1]))
        year = dob.year + years
        if 1925 <= year <= 2006:
            return random_dob(rng, year)
    return random_dob(rng, dob.year + lo * (direction or (1 if dob.year - lo < 1925 else -1)))


def other_word(rng, pool, word, s=0.85):
    """A different name from the pool (not a spelling of the same one)."""
    for _ in range(50):
        w = zipf_pick(rng, pool, s)
        if w.kk != word.kk and not set(w.ru) & set(word.ru):
            return w
    return w


def neg_namesake(rng, pools):
    """Same full name, another person born 3-30 years apart (the case namesake false alarms count)."""
    a = new_person(rng, pools)
    dob = shifted_dob(rng, a.dob, 3, 30)
    while abs((dob - a.dob).days) < 3 * 366:      # three full years apart, whatever the day and month
        dob = shifted_dob(rng, a.dob, 3, 30)
    b = a.copy(dob=dob)
    return negative_row(rng, a, b, "negative:namesake-3y+", dates_required=True)


def neg_other_father(rng, pools):
    """Same given name and surname, but the patronymics name different fathers."""
    a = new_person(rng, pools)
    if a.pat_style == "none":
        a.pat_style = "ru"
    b = a.copy(father=other_word(rng, pools.father_pool(a.eth), a.father), dob=random_dob(rng))
    return negative_row(rng, a, b, "negative:other-father", protect=("pat",), force_patronymic=True,
                        no_initials=True)


def neg_siblings(rng, pools):
    """Brothers or sisters: same surname and patronymic, different given name, born apart (rarely twins)."""
    a = new_person(rng, pools)
    a.second_surname = None
    dob = a.dob if rng.random() < 0.03 else shifted_dob(rng, a.dob, 1, 14)
    b = a.copy(given=other_word(rng, pools.given_pool(a.eth, a.gender), a.given), dob=dob)
    return negative_row(rng, a, b, "negative:siblings", protect=("given",), no_initials=True)


def neg_brother_sister(rng, pools):
    """Brother and sister: the surname and patronymic share the stem but agree with another gender."""
    a = new_person(rng, pools, gender="m")
    other = "f"
    cognate = [f for m, f in COGNATES if m == a.given.kk and pools.by_kk.get(f)]
    if cognate and rng.random() < 0.8:
        given = pools.by_kk[cognate[0]]
    else:
        given = zipf_pick(rng, pools.given_pool(a.eth, other))
    b = a.copy(gender=other, given=given, dob=shifted_dob(rng, a.dob, 1, 14), second_surname=None)
    if rng.random() < 0.5:
        a, b = b, a
    return negative_row(rng, a, b, "negative:brother-sister", protect=("given",), no_initials=True)


def neg_parent_child(rng, pools):
    """Father and child: the father's given name is the child's patronymic (and, for some Kazakh
    children, the child's ending-less surname: Серік Ахметов's son Ерлан Серік)."""
    child = new_person(rng, pools)
    if child.pat_style == "none":
        child.pat_style = "ru"
    father_given = child.father
    grandfather = zipf_pick(rng, pools.father_pool(child.eth))
    father = child.copy(gender="m", given=father_given, father=grandfather,
                        dob=shifted_dob(rng, child.dob, 20, 40, direction=-1), second_surname=None)
    if child.eth == "kazakh" and rng.random() < 0.2:
        stem = Word(father_given.kk, "/".join(father_given.ru))
        child = child.copy(surname=stem, sur_kind="ov", sur_form=pick(rng, ["bare", "uly"]), pat_style="ru")
    a, b = (father, child) if rng.random() < 0.5 else (child, father)
    return negative_row(rng, a, b, "negative:parent-child", protect=("given", "pat"), no_initials=True)


def neg_same_surname(rng, pools):
    """Another person with the same surname (and usually the same gender)."""
    a = new_person(rng, pools)
    gender = a.gender if rng.random() < 0.7 else ("f" if a.gender == "m" else "m")
    b = new_person(rng, pools, eth=a.eth, gender=gender)
    b.surname, b.sur_kind, b.sur_form = a.surname, a.sur_kind, a.sur_form
    if b.given.kk == a.given.kk:
        b.given = other_word(rng, pools.given_pool(b.eth, b.gender), a.given)
    return negative_row(rng, a, b, "negative:same-surname", protect=("given",), no_initials=True)


def neg_similar_given(rng, pools):
    """Same surname, a look-alike but different given name (Ерлан/Ербол, Әсел/Әсем, Юрий/Юлий)."""
    eth = "kazakh" if rng.random() < 0.75 else "russian"
    gender = rng.choice("mf")
    x, y = rng.choice(SIMILAR_GIVEN[(eth, gender)])
    if rng.random() < 0.5:
        x, y = y, x
    a = new_person(rng, pools, eth=eth, gender=gender)
    a.given = pools.by_kk.get(x) or Word(x)
    b = a.copy(given=pools.by_kk.get(y) or Word(y), dob=random_dob(rng))
    if rng.random() < 0.6:
        b.father = zipf_pick(rng, pools.father_pool(eth))
    return negative_row(rng, a, b, "negative:similar-given", protect=("given",), no_initials=True)


def neg_similar_surname(rng, pools):
    """Same given name, a look-alike but different surname (Серикбаев/Серикбеков, Иванов/Ивашов)."""
    if rng.random() < 0.75:
        a = new_person(rng, pools, eth="kazakh")
        x, y = rng.choice(SIMILAR_STEMS)
        if rng.random() < 0.5:
            x, y = y, x
        (wx, kx), (wy, ky) = pools.stem_by_kk[x], pools.stem_by_kk[y]
        a.surname, a.sur_kind = wx, kx
        b = a.copy(surname=wy, sur_kind=ky, dob=random_dob(rng))
    else:
        a = new_person(rng, pools, eth="russian")
        x, y = rng.choice(SIMILAR_RUS_SURNAMES)
        if rng.random() < 0.5:
            x, y = y, x
        a.surname = Word(x)
        b = a.copy(surname=Word(y), dob=random_dob(rng))
    if rng.random() < 0.5:
        b.father = zipf_pick(rng, pools.father_pool(a.eth))
    return negative_row(rng, a, b, "negative:similar-surname", protect=("sur",))


def neg_random(rng, pools):
    """Two unrelated persons (mostly of the same group, so they may still share a common name)."""
    a = new_person(rng, pools)
    b = new_person(rng, pools, eth=a.eth if rng.random() < 0.7 else None)
    return negative_row(rng, a, b, "negative:random")


# Shares of the whole file (percent): 55 positive, 45 negative.
NEGATIVE_SHARES = [
    (neg_namesake, 12), (neg_other_father, 7), (neg_siblings, 6), (neg_brother_sister, 4),
    (neg_same_surname, 4), (neg_similar_given, 4), (neg_similar_surname, 3), (neg_parent_child, 2),
    (neg_random, 3),
]
POSITIVE_SHARE = 55


def plan(n):
    """Exact counts per kind so that every seed gives the same mix."""
    counts = [(positive_pair, round(n * POSITIVE_SHARE / 100))]
    for func, share in NEGATIVE_SHARES:
        counts.append((func, round(n * share / 100)))
    total = sum(c for _, c in counts)
    counts[0] = (positive_pair, counts[0][1] + n - total)
    return [func for func, c in counts for _ in range(c)]


def generate(seed, n):
    rng = random.Random(seed)
    pools = Pools()
    kinds = plan(n)
    rng.shuffle(kinds)
    rows = []
    for i, func in enumerate(kinds):
        rows.append((f"ind{seed}-{i + 1:06d}",) + func(rng, pools))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=15000)
    ap.add_argument("--output", required=True)
    ap.add_argument("--quiet", action="store_true", help="do not print the phenomenon counts")
    args = ap.parse_args()
    rows = generate(args.seed, args.n)
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["pair_id", "name_a", "birth_date_a", "gender_a", "name_b", "birth_date_b", "gender_b",
                    "label", "phenomenon"])
        w.writerows(rows)
    if not args.quiet:
        labels = Counter(r[7] for r in rows)
        print(f"{len(rows)} pairs: {labels[1]} positive, {labels[0]} negative", file=sys.stderr)
        counts = Counter()
        for r in rows:
            parts = r[8].split("/")
            if r[7] == 1:
                counts["positive"] += 1
                for p in parts[2:]:
                    counts["positive/" + p] += 1
                for s in set(parts[0].split(":")[1:] + parts[1:2]):
                    counts["positive/scheme:" + s] += 1
            else:
                counts[r[8]] += 1
        for k, v in sorted(counts.items()):
            print(f"  {v:6d}  {k}", file=sys.stderr)


if __name__ == "__main__":
    main()
