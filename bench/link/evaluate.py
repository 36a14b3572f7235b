"""Score a record-linkage result (clusters, optionally scored pairs) against known truth.

Part of the linkage benchmark (bench/link/). Standard library only, so any python3 runs it.

    python3 bench/link/evaluate.py --truth TRUTH.csv --clusters CLUSTERS.csv
        [--cross-source-only] [--pairs PAIRS.csv [--threshold 0.5 ...]] [--json]
    python3 bench/link/evaluate.py --self-test

Inputs:

- truth: `source,record_id,entity_id` (generic format), or the demo's `list,record_id,person_key`
  (the list is taken as the source);
- clusters: `source,record_id,cluster_id`, where source is the input file's stem;
- pairs (optional): `source_l,record_id_l,source_r,record_id_r,match_probability`, the scored
  candidate pairs of a tool; a pair counts as predicted when its probability is >= the threshold.

A record is the key (source, record_id). The truth defines the universe: truth records missing
from the clusters file count as singleton clusters (their number is reported), and cluster rows
that are not in the truth are ignored (also reported).

Metrics, all from contingency counts (entity x cluster, and x source when needed), never from
materialised pairs, so a 1,000,000-record file scores in seconds:

- pairwise precision / recall / F1 of the pairs implied by the clusters against the true pairs;
  with --cross-source-only, only pairs of records from different sources count, on both sides
  (use it for link-only data such as FEBRL4);
- B-cubed precision / recall / F1 over records (always over all records);
- counts of records, clusters, entities, true pairs, predicted pairs, and the share of entities
  reproduced exactly (some cluster holds exactly the entity's records).

Recall is measured over all true pairs, so pairs that a tool's blocking never generated are misses.
"""

import argparse
import csv
import json
import os
import sys
import tempfile
from collections import Counter


def c2(n):
    return n * (n - 1) // 2


def prf(tp, predicted, true):
    p = tp / predicted if predicted else 1.0
    r = tp / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


SEP = "\x1f"   # joins source and record_id into one key


def rec_key(source, record_id):
    return source + SEP + record_id


def _read(path, layouts, what):
    """Return {source SEP record_id: value} from a CSV with one of the given header layouts."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        for cols in layouts:
            if all(c in header for c in cols):
                i_s, i_r, i_v = (header.index(c) for c in cols)
                break
        else:
            sys.exit(f"{path}: {what} header must have "
                     f"{' or '.join(','.join(c) for c in layouts)}; got {','.join(header)}")
        out = {}
        n = 0
        for row in reader:
            if row:
                out[row[i_s] + SEP + row[i_r]] = row[i_v]
                n += 1
        if len(out) != n:
            sys.exit(f"{path}: {n - len(out)} (source, record_id) keys appear more than once")
    return out


def read_truth(path):
    """Return {key: entity} from either truth layout (generic or the demo's)."""
    return _read(path, (("source", "record_id", "entity_id"), ("list", "record_id", "person_key")),
                 "truth")


def read_clusters(path):
    """Return {key: cluster_id}."""
    return _read(path, (("source", "record_id", "cluster_id"),), "clusters")


def score_clusters(truth, clusters, cross_source_only=False):
    """All cluster-level metrics from contingency counts."""
    ents = list(truth.values())
    clus = []
    missing = 0
    for key in truth:
        clu = clusters.get(key)
        if clu is None:
            missing += 1
            clu = "\x00" + key   # a singleton cluster id no input file can hold
        clus.append(clu)
    extra = sum(1 for key in clusters if key not in truth)

    cells = Counter(zip(ents, clus))      # (entity, cluster) -> n
    ent_size = Counter(ents)
    clu_size = Counter(clus)
    tp = sum(c2(n) for n in cells.values())
    true_pairs = sum(c2(n) for n in ent_size.values())
    pred_pairs = sum(c2(n) for n in clu_size.values())
    if cross_source_only:
        # Remove the pairs within one source: counts per (group, source).
        srcs = [key.split(SEP, 1)[0] for key in truth]
        tp -= sum(c2(n) for n in Counter(zip(ents, clus, srcs)).values())
        true_pairs -= sum(c2(n) for n in Counter(zip(ents, srcs)).values())
        pred_pairs -= sum(c2(n) for n in Counter(zip(clus, srcs)).values())
    p, r, f = prf(tp, pred_pairs, true_pairs)

    n = len(truth)
    bp = sum(m * m / clu_size[clu] for (_, clu), m in cells.items()) / n if n else 1.0
    br = sum(m * m / ent_size[ent] for (ent, _), m in cells.items()) / n if n else 1.0
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0

    exact = sum(1 for (ent, clu), m in cells.items() if m == ent_size[ent] == clu_size[clu])

    return {
        "records": n,
        "records_missing_from_clusters": missing,
        "cluster_rows_not_in_truth": extra,
        "clusters": len(clu_size),
        "entities": len(ent_size),
        "cross_source_only": cross_source_only,
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "true_positive_pairs": tp,
        "pairwise": {"precision": p, "recall": r, "f1": f},
        "bcubed": {"precision": bp, "recall": br, "f1": bf},
        "entities_exact": exact,
        "entities_exact_share": exact / len(ent_size) if ent_size else 1.0,
    }


def score_pairs(truth, path, thresholds, true_pairs, cross_source_only=False):
    """Pairwise P/R/F1 of a tool's scored pairs at each threshold (recall over all true pairs)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        cols = ("source_l", "record_id_l", "source_r", "record_id_r", "match_probability")
        try:
            idx = [header.index(c) for c in cols]
        except ValueError:
            sys.exit(f"{path}: pairs header must have {','.join(cols)}; got {','.join(header)}")
        best = {}   # unordered pair -> (prob, is_true)
        for row in reader:
            if not row:
                continue
            if cross_source_only and row[idx[0]] == row[idx[2]]:
                continue
            a = row[idx[0]] + SEP + row[idx[1]]
            b = row[idx[2]] + SEP + row[idx[3]]
            if a == b:
                continue
            prob = float(row[idx[4]])
            pair = (a, b) if a < b else (b, a)
            ea, eb = truth.get(a), truth.get(b)
            is_true = ea is not None and ea == eb
            old = best.get(pair)
            if old is None or prob > old[0]:
                best[pair] = (prob, is_true)
    out = []
    for t in thresholds:
        pred = tp = 0
        for prob, is_true in best.values():
            if prob >= t:
                pred += 1
                tp += is_true
        p, r, f1 = prf(tp, pred, true_pairs)
        out.append({"threshold": t, "predicted_pairs": pred, "true_positive_pairs": tp,
                    "precision": p, "recall": r, "f1": f1})
    return out


def report(res, pairs=None):
    lines = [
        f"records {res['records']:,} (missing from clusters, counted as singletons: "
        f"{res['records_missing_from_clusters']:,}; cluster rows not in truth, ignored: "
        f"{res['cluster_rows_not_in_truth']:,})",
        f"clusters {res['clusters']:,}, entities {res['entities']:,}, entities reproduced exactly "
        f"{res['entities_exact']:,} ({100 * res['entities_exact_share']:.1f} %)",
        f"pairs{' (cross-source only)' if res['cross_source_only'] else ''}: true "
        f"{res['true_pairs']:,}, predicted by clusters {res['predicted_pairs']:,}, "
        f"correct {res['true_positive_pairs']:,}",
        "cluster pairwise  P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}".format(**res["pairwise"]),
        "B-cubed           P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}".format(**res["bcubed"]),
    ]
    for s in pairs or []:
        lines.append("scored pairs p>={threshold:<5g} P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}"
                     "  ({predicted_pairs:,} pairs)".format(**s))
    return "\n".join(lines)


def self_test():
    """Hand-computed figures on six records.

    Truth: entity A = {1,2,3}, B = {4,5}, C = {6}; sources 1:a 2:b 3:a 4:a 5:b 6:b.
    Clusters: X = {1,2}, Y = {3,4,5}; record 6 is missing (a singleton).
    All pairs: true 3+1 = 4, predicted 1+3 = 4, correct (1,2),(4,5) = 2 -> P = R = F1 = 1/2.
    B-cubed precision per record 1, 1, 1/3, 2/3, 2/3, 1 and recall 2/3, 2/3, 1/3, 1, 1, 1
    -> P = R = F1 = 7/9. Entities reproduced exactly: C only (1 of 3).
    Cross-source pairs: true (1,2),(2,3),(4,5) = 3; predicted (1,2),(3,5),(4,5) = 3; correct 2
    -> P = R = 2/3.
    Scored pairs (1,2) 0.9, (2,1) 0.8 (the same pair), (3,4) 0.6, (4,5) 0.4: at 0.5 predicted
    2, correct 1 -> P 1/2, R 1/4; at 0.3 predicted 3, correct 2 -> P 2/3, R 1/2.
    """
    d = tempfile.mkdtemp()
    src = {"1": "a", "2": "b", "3": "a", "4": "a", "5": "b", "6": "b"}
    ent = {"1": "A", "2": "A", "3": "A", "4": "B", "5": "B", "6": "C"}
    clu = {"1": "X", "2": "X", "3": "Y", "4": "Y", "5": "Y"}
    with open(os.path.join(d, "truth.csv"), "w") as f:
        f.write("source,record_id,entity_id\n" + "".join(f"{src[r]},{r},{ent[r]}\n" for r in ent))
    with open(os.path.join(d, "demo-truth.csv"), "w") as f:
        f.write("list,record_id,person_key\n" + "".join(f"{src[r]},{r},{ent[r]}\n" for r in ent))
    with open(os.path.join(d, "clusters.csv"), "w") as f:
        f.write("source,record_id,cluster_id\n" + "".join(f"{src[r]},{r},{clu[r]}\n" for r in clu))
    with open(os.path.join(d, "pairs.csv"), "w") as f:
        f.write("source_l,record_id_l,source_r,record_id_r,match_probability\n"
                "a,1,b,2,0.9\nb,2,a,1,0.8\na,3,a,4,0.6\na,4,b,5,0.4\n")

    def close(x, y):
        return abs(x - y) < 1e-12

    failures = []
    counted = [0]

    def check(name, got, want):
        counted[0] += 1
        ok = close(got, want) if isinstance(want, float) else got == want
        if not ok:
            failures.append(f"{name}: got {got}, want {want}")
        return ok

    truth = read_truth(os.path.join(d, "truth.csv"))
    check("demo truth layout", read_truth(os.path.join(d, "demo-truth.csv")), truth)
    clusters = read_clusters(os.path.join(d, "clusters.csv"))
    res = score_clusters(truth, clusters)
    for k, v in (("records", 6), ("records_missing_from_clusters", 1), ("clusters", 3),
                 ("entities", 3), ("true_pairs", 4), ("predicted_pairs", 4),
                 ("true_positive_pairs", 2), ("entities_exact", 1)):
        check(k, res[k], v)
    for k in ("precision", "recall", "f1"):
        check(f"pairwise {k}", res["pairwise"][k], 0.5)
        check(f"bcubed {k}", res["bcubed"][k], 7 / 9)
    x = score_clusters(truth, clusters, cross_source_only=True)
    check("cross true_pairs", x["true_pairs"], 3)
    check("cross predicted_pairs", x["predicted_pairs"], 3)
    check("cross tp", x["true_positive_pairs"], 2)
    check("cross precision", x["pairwise"]["precision"], 2 / 3)
    check("cross recall", x["pairwise"]["recall"], 2 / 3)
    s5, s3 = score_pairs(truth, os.path.join(d, "pairs.csv"), [0.5, 0.3], res["true_pairs"])
    check("pairs@0.5 predicted", s5["predicted_pairs"], 2)
    check("pairs@0.5 precision", s5["precision"], 0.5)
    check("pairs@0.5 recall", s5["recall"], 0.25)
    check("pairs@0.3 precision", s3["precision"], 2 / 3)
    check("pairs@0.3 recall", s3["recall"], 0.5)
    for name in os.listdir(d):
        os.remove(os.path.join(d, name))
    os.rmdir(d)
    checks = counted[0]
    if failures:
        print("\n".join(failures))
        print(f"self-test: {checks - len(failures)} passed, {len(failures)} failed")
        return 1
    print(f"self-test: {checks} passed, 0 failed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth")
    ap.add_argument("--clusters")
    ap.add_argument("--cross-source-only", action="store_true",
                    help="count only pairs of records from different sources (link-only data)")
    ap.add_argument("--pairs", help="optional scored pairs file of the tool")
    ap.add_argument("--threshold", type=float, action="append",
                    help="match probability threshold(s) for --pairs (default 0.5)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.truth or not args.clusters:
        ap.error("--truth and --clusters are required")
    truth = read_truth(args.truth)
    clusters = read_clusters(args.clusters)
    if truth and clusters and not any(k in truth for k in clusters):
        sys.exit("no record of the clusters file is in the truth: do the sources "
                 "(file stems) and record ids match?")
    res = score_clusters(truth, clusters, args.cross_source_only)
    pairs = None
    if args.pairs:
        pairs = score_pairs(truth, args.pairs, args.threshold or [0.5], res["true_pairs"],
                            args.cross_source_only)
        res["scored_pairs"] = pairs
    if args.json:
        print(json.dumps(res))
    else:
        print(report(res, pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
