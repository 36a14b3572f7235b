"""Splink 5 (DuckDB) deduplicating a synthetic victim list: the peer side of the linkage benchmark.

Configured as /work/shared/research/linkage.md section 4.3 (Splink's documented person-linkage
practice), adapted to Aqiqat's standard victim-list layout:

    record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,
    circumstances

Pre-processing (inside the timed job), one fixed normalisation as a typical user would write it:

- names: when surname and given name are both empty, full_name is split as
  "Surname Given [Patronymic]" (a trailing Kazakh `X ұлы/қызы` (or uly/kyzy) is kept as a
  two-word patronymic; dotted initials are separate words);
- Kazakh letters are folded to Russian ones (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и) and
  Cyrillic is romanised as in ICAO Doc 9303; Latin diacritics are folded; text is lower-cased and
  reduced to [a-z ]. Differences between romanisation schemes (zh/j, kh/h, ia/ya) and between
  patronymic forms (-ovich / uly) are not reconciled: that is left to the fuzzy comparators;
- `jellyfish.metaphone` keys for first and last name; a `full_name` column (first + last, for
  term frequencies) and a `birth_year` column;
- birth_date -> birth_date, gender -> sex, death_date -> event_date, place -> event_place
  (normalised like names). Dates that are not a full YYYY-MM-DD count as missing in the date
  comparisons (invalid_dates_as_null), but still block on string equality.

The layout has no IIN and no birth place, so section 4.3's iin blocking rule, iin and
birth_place comparisons and the iin deterministic rule are left out; everything else is as there:

- blocking: metaphone(first)+metaphone(last); swapped metaphones; metaphone(last)+birth_date;
  metaphone(first)+birth_date; patronymic+birth_date; first 2 letters of first and of last name +
  birth_date;
- comparisons: ForenameSurnameComparison(first_name, last_name, full_name); NameComparison
  (patronymic); DateOfBirthComparison(birth_date, %Y-%m-%d); AbsoluteDateDifferenceAtThresholds
  (event_date, day, [1]); ExactMatch(event_place) with TF; ExactMatch(sex);
- training: lambda from {first+last+birth_date} at recall 0.7; u by random sampling, max_pairs
  1e7, seed 1; EM on birth_date and on metaphone(first)+metaphone(last), each with max_pairs 5e6
  and estimate_without_term_frequencies;
- predict at p >= 0.01; connected components at p >= 0.9.

Writes `source,record_id,cluster_id` (source = the input file's stem) to --output; stage times go
to stderr.

    target/link-venv/bin/python bench/link/splink_synth.py --input DIR/dedupe.csv \
        --output /tmp/splink-synth.csv
"""

import argparse
import logging
import re
import sys
import unicodedata

sys.dont_write_bytecode = True  # keep bench/link free of __pycache__
from splink_common import Stages, add_output_args, stem, write_clusters, write_pairs  # noqa: E402

stages = Stages()
import duckdb  # noqa: E402
import jellyfish  # noqa: E402
import pandas as pd  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

stages.done("import")

KAZAKH_TO_RUSSIAN = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
                     "һ": "х", "і": "и"}
ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
# Latin letters that NFKD does not decompose.
LATIN_EXTRA = {"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d",
               "þ": "th"}
TABLE = str.maketrans({**{k: ICAO[v] for k, v in KAZAKH_TO_RUSSIAN.items()}, **ICAO, **LATIN_EXTRA})
APOSTROPHES = re.compile(r"['’ʼ`´]")
NOT_AZ = re.compile(r"[^a-z ]+")
SPACES = re.compile(r" +")
KAZAKH_PATRONYMIC_WORDS = {"uly", "ully", "ugly", "uli", "ulu", "kyzy", "kizi", "qyzy", "gyzy"}
_cache = {}


def normalise(s):
    """Kazakh -> Russian letters, ICAO romanisation, diacritics folded, [a-z ] only."""
    if not s:
        return ""
    out = _cache.get(s)
    if out is None:
        t = s.lower().translate(TABLE)
        t = unicodedata.normalize("NFKD", t)
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
        t = APOSTROPHES.sub("", t)
        t = SPACES.sub(" ", NOT_AZ.sub(" ", t)).strip()
        out = _cache[s] = t
    return out


def split_full_name(full):
    """'Surname Given [Patronymic]' -> (surname, given, patronymic), on normalised text."""
    words = normalise(full.replace(".", ". ")).split()
    if not words:
        return "", "", ""
    patronymic = ""
    if len(words) >= 4 and words[-1] in KAZAKH_PATRONYMIC_WORDS:
        patronymic = " ".join(words[-2:])
        words = words[:-2]
    elif len(words) >= 3:
        patronymic = " ".join(words[2:])
        words = words[:2]
    surname = words[0]
    given = " ".join(words[1:])
    return surname, given, patronymic


def metaphone(s):
    return jellyfish.metaphone(s) if s else ""


def prepare(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    need = ["record_id", "full_name", "surname", "given_name", "patronymic", "birth_date",
            "gender", "death_date", "place"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise SystemExit(f"{path}: missing columns {missing}")
    first, last, patr = [], [], []
    for full, sur, giv, pat in zip(df["full_name"], df["surname"], df["given_name"], df["patronymic"]):
        if not sur.strip() and not giv.strip() and full.strip():
            s, g, p = split_full_name(full)
            if pat.strip():
                p = normalise(pat)
        else:
            s, g, p = normalise(sur), normalise(giv), normalise(pat)
        first.append(g)
        last.append(s)
        patr.append(p)
    out = pd.DataFrame({
        "record_id": df["record_id"].str.strip(),
        "first_name": first,
        "last_name": last,
        "patronymic": patr,
    })
    out["first_name_mp"] = [metaphone(x) for x in first]
    out["last_name_mp"] = [metaphone(x) for x in last]
    out["full_name"] = [f"{f} {s}" if f and s else "" for f, s in zip(first, last)]
    out["birth_date"] = df["birth_date"].str.strip()
    out["birth_year"] = out["birth_date"].str.slice(0, 4)
    out["sex"] = df["gender"].str.strip().str.lower()
    out["event_date"] = df["death_date"].str.strip()
    out["event_place"] = [normalise(x) for x in df["place"]]
    return out.replace("", None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True, help="victim list in the standard layout")
    ap.add_argument("--u-max-pairs", type=float, default=1e7)
    ap.add_argument("--u-seed", type=int, default=1)
    ap.add_argument("--em-max-pairs", type=float, default=5e6)
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: DuckDB's, all cores)")
    add_output_args(ap)
    args = ap.parse_args()
    source = stem(args.input)

    data = prepare(args.input)
    stages.done("load+prep")

    con = duckdb.connect()
    if args.threads:
        con.execute(f"set threads = {int(args.threads)}")
    con.register("prepared", data)
    con.execute("create table input_records as select * from prepared")
    con.unregister("prepared")
    del data
    db_api = DuckDBAPI(connection=con)
    df = db_api.register(con.table("input_records"), dataset_display_name=source)

    settings = SettingsCreator(
        unique_id_column_name="record_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name_mp", "last_name_mp"),
            "l.first_name_mp = r.last_name_mp and l.last_name_mp = r.first_name_mp",
            block_on("last_name_mp", "birth_date"),
            block_on("first_name_mp", "birth_date"),
            block_on("patronymic", "birth_date"),
            "substr(l.first_name, 1, 2) = substr(r.first_name, 1, 2) "
            "and substr(l.last_name, 1, 2) = substr(r.last_name, 1, 2) "
            "and l.birth_date = r.birth_date",
        ],
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "last_name", forename_surname_concat_col_name="full_name"
            ),
            cl.NameComparison("patronymic"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=True, metrics=["day"], thresholds=[1],
                datetime_format="%Y-%m-%d",
            ),
            cl.ExactMatch("event_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(df, settings, log_level=logging.INFO if args.verbose else logging.WARNING)
    stages.done("register")

    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date")], recall=0.7
    )
    stages.done("lambda")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=args.u_seed)
    stages.done("u")
    for rule in (block_on("birth_date"), block_on("first_name_mp", "last_name_mp")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=args.em_max_pairs
        )
    stages.done("em")

    predictions = linker.inference.predict(threshold_match_probability=args.predict_threshold)
    stages.done("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.cluster_threshold
    )
    stages.done("cluster")
    write_clusters(con, clusters, "record_id", args.output, source=source)
    if args.pairs_output:
        write_pairs(predictions, "record_id", args.pairs_output, args.pairs_min, source=source)
    stages.done("write")
    stages.print(f"splink synth ({source})")


if __name__ == "__main__":
    main()
