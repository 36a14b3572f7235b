#!/usr/bin/env python3
"""Scores a pair file with the peers of `aqiqat screen score-pairs`, writing score files in the same
layout (`pair_id,score`): nomenklatura's logic-v2 matcher (yente's default) and a rapidfuzz baseline
(token-set ratio with logic-v2's birth-date penalties). Prints each peer's pairs per second on one core.

usage: peers.py PAIRS.csv OUT_DIR
"""
import csv
import os
import sys
import time


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_scores(path, scores):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["pair_id", "score"])
        writer.writerows(scores)


def logic_v2(pairs):
    from followthemoney import EntityProxy
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()

    def entity(pair_id, side, row):
        data = {"id": f"{pair_id}-{side}", "schema": "Person", "properties": {"name": [row[f"name_{side}"]]}}
        if row[f"birth_date_{side}"]:
            data["properties"]["birthDate"] = [row[f"birth_date_{side}"]]
        gender = {"m": "male", "f": "female"}.get(row[f"gender_{side}"])
        if gender:
            data["properties"]["gender"] = [gender]
        return EntityProxy.from_dict(data)

    entities = [(p["pair_id"], entity(p["pair_id"], "a", p), entity(p["pair_id"], "b", p)) for p in pairs]
    # Warm the name tagger (a one-off build of several seconds) outside the timed run.
    LogicV2.compare(entities[0][1], entities[0][2], config)
    started = time.process_time()
    scores = [(pair_id, LogicV2.compare(a, b, config).score) for pair_id, a, b in entities]
    return scores, time.process_time() - started


def rapidfuzz_baseline(pairs):
    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    def score(row):
        s = fuzz.token_set_ratio(row["name_a"], row["name_b"], processor=default_process) / 100.0
        a, b = row["birth_date_a"], row["birth_date_b"]
        if a and b:
            if a[:4] != b[:4]:
                s -= 0.15
            if len(a) == 10 and len(b) == 10 and a != b:
                s -= 0.25
        return max(0.0, min(1.0, s))

    started = time.process_time()
    scores = [(p["pair_id"], score(p)) for p in pairs]
    return scores, time.process_time() - started


def main():
    pairs_path, out_dir = sys.argv[1], sys.argv[2]
    pairs = read_pairs(pairs_path)
    for name, run in [("logic-v2", logic_v2), ("rapidfuzz", rapidfuzz_baseline)]:
        scores, seconds = run(pairs)
        write_scores(os.path.join(out_dir, f"{name}.csv"), scores)
        print(f"{name}: {len(pairs)} pairs in {seconds:.2f} s CPU = {len(pairs) / seconds:,.0f} pairs/s")


if __name__ == "__main__":
    main()
