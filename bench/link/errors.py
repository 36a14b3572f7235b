"""List the errors of a record-linkage result against known truth, records side by side.

Part of the linkage benchmark (bench/link/). Standard library only. Meant for small sets (the
demo's four lists, a few hundred records) where every error can be read:

    python3 bench/link/errors.py --truth TRUTH.csv --clusters CLUSTERS.csv \
        --input A.csv --input B.csv ... [--pairs PAIRS.csv] [--id-column record_id]

- truth: `source,record_id,entity_id` or the demo's `list,record_id,person_key`;
- clusters: `source,record_id,cluster_id` (source = the input file's stem);
- inputs: the linked CSV files, shown as `full_name | birth_date | age | gender | death_date | place`
  (columns that are absent are left out);
- pairs (optional): `aqiqat link --pairs P.csv --explain` output; each error pair's score and
  waterfall is printed when the pair was scored ("not scored" otherwise: blocking missed it or it
  fell under --pairs-min-probability).

False links are listed per predicted cluster (every record of the cluster, with its true entity),
then each wrong pair; missed links per true entity split across clusters. The pair counts match
bench/link/evaluate.py's pairwise figures.
"""

import argparse
import csv
import os
from collections import defaultdict
from itertools import combinations

SHOWN = ["full_name", "birth_date", "age", "gender", "death_date", "place"]


def read_truth(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            source = row.get("source") or row.get("list")
            entity = row.get("entity_id") or row.get("person_key")
            out[(source, row["record_id"])] = entity
    return out


def read_records(paths, id_column):
    out = {}
    for path in paths:
        source = os.path.splitext(os.path.basename(path))[0]
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                shown = [row[c] if row.get(c) else "-" for c in SHOWN if c in row]
                out[(source, row[id_column])] = " | ".join(shown)
    return out


def read_pairs(path):
    out = {}
    if not path:
        return out
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a = (row["source_l"], row["record_id_l"])
            b = (row["source_r"], row["record_id_r"])
            info = "p %s w %s rule %s" % (row["match_probability"], row["match_weight"], row.get("blocking_rule", "?"))
            explanation = row.get("explanation", "")
            out[frozenset((a, b))] = (info, explanation)
    return out


def show_pair(a, b, records, pairs):
    info, explanation = pairs.get(frozenset((a, b)), ("not scored", ""))
    print("    %s/%s  ~  %s/%s: %s" % (a[0], a[1], b[0], b[1], info))
    for part in explanation.split("; "):
        if part:
            print("        " + part)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--clusters", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--pairs")
    ap.add_argument("--id-column", default="record_id")
    ap.add_argument("--no-waterfall", action="store_true", help="print scores only")
    args = ap.parse_args()

    truth = read_truth(args.truth)
    records = read_records(args.input, args.id_column)
    pairs = read_pairs(args.pairs)
    if args.no_waterfall:
        pairs = {k: (v[0], "") for k, v in pairs.items()}
    cluster = {}
    with open(args.clusters, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["source"], row["record_id"])
            if key in truth:
                cluster[key] = row["cluster_id"]
    for key in truth:
        cluster.setdefault(key, "single:" + key[0] + ":" + key[1])

    def line(key):
        return "%-8s %-12s [%s] %s" % (key[0], key[1], truth[key], records.get(key, "?"))

    by_cluster = defaultdict(list)
    by_entity = defaultdict(list)
    for key in sorted(truth):
        by_cluster[cluster[key]].append(key)
        by_entity[truth[key]].append(key)

    n_false = 0
    print("== false links (clusters holding more than one true person)")
    for cid, members in sorted(by_cluster.items()):
        if len({truth[k] for k in members}) < 2:
            continue
        wrong = [(a, b) for a, b in combinations(members, 2) if truth[a] != truth[b]]
        n_false += len(wrong)
        print("\n-- cluster %s: %d wrong pairs" % (cid, len(wrong)))
        for key in members:
            print("  " + line(key))
        for a, b in wrong:
            show_pair(a, b, records, pairs)

    n_missed = 0
    print("\n== missed links (true persons split across clusters)")
    for entity, members in sorted(by_entity.items()):
        if len({cluster[k] for k in members}) < 2:
            continue
        missed = [(a, b) for a, b in combinations(members, 2) if cluster[a] != cluster[b]]
        n_missed += len(missed)
        print("\n-- person %s: %d missed pairs" % (entity, len(missed)))
        for key in members:
            print("  %s  (cluster %s)" % (line(key), cluster[key]))
        for a, b in missed:
            show_pair(a, b, records, pairs)
    print("\n%d false pairs, %d missed pairs" % (n_false, n_missed))


if __name__ == "__main__":
    main()
