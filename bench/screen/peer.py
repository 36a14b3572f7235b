#!/usr/bin/env python3
"""The peer side of the screening benchmark: nomenklatura's blocking index (DuckDB, as its xref
and matching use it) over the registry's persons as FollowTheMoney Person entities, then its
logic-v2 matcher (yente's default) on every candidate the index gives each person nominee.

Writes `nominee_id,person_id,score` for every candidate scoring at least 0.5 (the caller applies
the threshold) and prints the time of each stage (wall and CPU seconds) on stdout as JSON.

usage: peer.py REGISTRY_DIR NOMINEES.csv MATCHES.csv WORK_DIR
"""
import csv
import json
import logging
import sys
import time
from pathlib import Path

from followthemoney import Dataset, StatementEntity
from nomenklatura.blocker import Index
from nomenklatura.matching import LogicV2

DATASET = Dataset.make({"name": "registry", "title": "Synthetic security-force registry"})
GENDER = {"m": "male", "f": "female"}


def person_entity(entity_id, name, birth_date, gender):
    properties = {"name": [name]}
    # FtM dates are prefixes of ISO dates; a range has no FtM form, so it is left out.
    if birth_date and ".." not in birth_date:
        properties["birthDate"] = [birth_date]
    if gender in GENDER:
        properties["gender"] = [GENDER[gender]]
    return StatementEntity.from_data(DATASET, {"id": entity_id, "schema": "Person", "properties": properties})


class RegistryView:
    """The part of a nomenklatura View that the blocking index reads: every entity, once."""

    def __init__(self, persons):
        self.persons = persons

    def entities(self, include_schemata=None):
        for person_id, (name, birth, gender) in self.persons.items():
            yield person_entity(person_id, name, birth, gender)

    def __repr__(self):
        return f"<RegistryView {len(self.persons)} persons>"


def read_persons(path):
    persons = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            name = p["names"][0]["text"] if p["names"] else ""
            persons[p["id"]] = (name, p.get("birth_date") or "", p.get("gender") or "")
    return persons


def main():
    registry_dir, nominees_path, out_path, work = map(Path, sys.argv[1:5])
    logging.basicConfig(level=logging.WARNING)
    timings = {}

    wall, cpu = time.perf_counter(), time.process_time()
    persons = read_persons(registry_dir / "persons.jsonl")
    timings["read"] = (time.perf_counter() - wall, time.process_time() - cpu)

    wall, cpu = time.perf_counter(), time.process_time()
    index = Index(RegistryView(persons), work / "peer-index")
    index.build()
    timings["index"] = (time.perf_counter() - wall, time.process_time() - cpu)

    with open(nominees_path, newline="", encoding="utf-8") as f:
        nominees = [row for row in csv.DictReader(f) if row["kind"] == "person"]
    queries = {
        f"nominee-{n['nominee_id']}": person_entity(f"nominee-{n['nominee_id']}", n["name"], n["birth_date"], n["gender"])
        for n in nominees
    }
    config = LogicV2.default_config()
    # The name tagger builds once per process (several seconds): outside the timed screen, as a
    # server would have it warm.
    first = next(iter(queries.values()))
    LogicV2.compare(first, first, config)

    wall, cpu = time.perf_counter(), time.process_time()
    rows = []
    candidates = 0
    for identifier, matches in index.match_entities(queries.values()):
        query = queries[identifier.id]
        for match_id, _blocking_score in matches:
            candidates += 1
            name, birth, gender = persons[match_id.id]
            result = LogicV2.compare(query, person_entity(match_id.id, name, birth, gender), config)
            if result.score >= 0.5:
                rows.append((identifier.id.removeprefix("nominee-"), match_id.id, result.score))
    timings["screen"] = (time.perf_counter() - wall, time.process_time() - cpu)

    with open(out_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["nominee_id", "person_id", "score"])
        for nominee_id, person_id, score in rows:
            writer.writerow([nominee_id, person_id, f"{score:.4f}"])
    print(json.dumps({"timings": timings, "nominees": len(queries), "candidates": candidates}))


if __name__ == "__main__":
    main()
