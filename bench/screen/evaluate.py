#!/usr/bin/env python3
"""Scores the screening benchmark's outputs against the generator's truth.

Identification (person nominees): of the nominees who are registry persons, how many have their
true person among the matches at or above the threshold (recall), and how many of the matches
are true (precision); for Aqiqat's `--matches` file and for nomenklatura's.

Screening: Aqiqat's hits against the truth's `implicated` (a person named by an attribution,
posted to an attributed unit at the time, commanding a unit above it at the time, or put forward
with an attributed unit; a unit named by an attribution): recall of implicated nominees hit by a
direct reason, and clean nominees hit (direct reasons, and any reason with context). For the peer,
which matches names only, a person nominee counts as flagged when one of its matches is an
implicated registry person; both tools are compared on the nominees implicated as persons.

usage: evaluate.py WORK_DIR AQIQAT_MATCHES.csv AQIQAT_HITS.csv PEER_MATCHES.csv
Prints a JSON object on stdout.
"""
import csv
import json
import sys
from pathlib import Path

DIRECT = {
    "person-implicated",
    "commanded-implicated-unit",
    "served-in-implicated-unit",
    "unit-implicated",
    "commanded-parent-of-implicated-unit",
}


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def identification(matches, truth, kinds, threshold):
    persons = {t["nominee_id"]: t["person_id"] for t in truth if kinds[t["nominee_id"]] == "person"}
    pairs = {(m["nominee_id"], m["person_id"]) for m in matches if float(m["score"]) >= threshold}
    in_registry = [n for n, p in persons.items() if p]
    found = sum(1 for n in in_registry if (n, persons[n]) in pairs)
    true_pairs = sum(1 for n, p in pairs if persons.get(n) == p)
    return {
        "threshold": threshold,
        "nominees_in_registry": len(in_registry),
        "recall": round(found / max(1, len(in_registry)), 4),
        "precision": round(true_pairs / max(1, len(pairs)), 4),
        "pairs": len(pairs),
    }


def flagged_by_matches(matches, implicated_persons, threshold):
    return {m["nominee_id"] for m in matches if float(m["score"]) >= threshold and m["person_id"] in implicated_persons}


def main():
    work, ours_matches, ours_hits, peer_matches = map(Path, sys.argv[1:5])
    truth = rows(work / "registry" / "truth.csv")
    nominees = {n["nominee_id"]: n for n in rows(work / "registry" / "nominees.csv")}
    kinds = {k: n["kind"] for k, n in nominees.items()}
    implicated_persons = {r["person_id"] for r in rows(work / "registry" / "implicated-persons.csv")}
    ours = rows(ours_matches)
    peer = rows(peer_matches)
    hits = rows(ours_hits)

    direct = {h["nominee_id"] for h in hits if h["reason"] in DIRECT}
    any_hit = {h["nominee_id"] for h in hits}
    screening = {}
    for kind in ("person", "unit"):
        of_kind = [t for t in truth if kinds[t["nominee_id"]] == kind]
        implicated = [t["nominee_id"] for t in of_kind if t["implicated"] == "1"]
        clean = [t["nominee_id"] for t in of_kind if t["implicated"] == "0"]
        screening[kind] = {
            "implicated": len(implicated),
            "recall": round(sum(n in direct for n in implicated) / max(1, len(implicated)), 4),
            "clean": len(clean),
            "clean_hit_direct": round(sum(n in direct for n in clean) / max(1, len(clean)), 4),
            "clean_hit_any": round(sum(n in any_hit for n in clean) / max(1, len(clean)), 4),
        }
    # Nominees implicated as persons (their registry person is implicated): the peer's ground.
    as_persons = [t["nominee_id"] for t in truth if t["person_id"] in implicated_persons]
    not_persons = [
        t["nominee_id"] for t in truth if kinds[t["nominee_id"]] == "person" and t["person_id"] not in implicated_persons
    ]
    person_direct = {h["nominee_id"] for h in hits if h["reason"] in DIRECT and h["entity_kind"] == "person"}
    peer_flagged = flagged_by_matches(peer, implicated_persons, 0.7)

    def flag_rates(flagged):
        return {
            "recall": round(sum(n in flagged for n in as_persons) / max(1, len(as_persons)), 4),
            "false_flags": round(sum(n in flagged for n in not_persons) / max(1, len(not_persons)), 4),
        }

    print(
        json.dumps(
            {
                "identification": {
                    "aqiqat": identification(ours, truth, kinds, 0.5),
                    "nomenklatura_0.7": identification(peer, truth, kinds, 0.7),
                    "nomenklatura_0.5": identification(peer, truth, kinds, 0.5),
                },
                "screening": screening,
                "implicated_as_persons": {
                    "nominees": len(as_persons),
                    "others": len(not_persons),
                    "aqiqat": flag_rates(person_direct),
                    "nomenklatura_0.7": flag_rates(peer_flagged),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
