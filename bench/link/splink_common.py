"""Shared helpers of the Splink peer scripts of the linkage benchmark (bench/link/splink_*.py).

Stage timing, loading a CSV into DuckDB with stripped strings and empty-as-NULL, and writing
Splink's clusters as `source,record_id,cluster_id` and its scored pairs as
`source_l,record_id_l,source_r,record_id_r,match_probability` (the layouts evaluate.py reads).
"""

import os
import sys
import time

T0 = time.perf_counter()


class Stages:
    """Wall seconds per named stage; the first stage also covers interpreter start to T0."""

    def __init__(self):
        self.last = T0
        self.rows = []

    def done(self, name):
        now = time.perf_counter()
        self.rows.append((name, now - self.last))
        self.last = now

    def print(self, label):
        total = sum(s for _, s in self.rows)
        parts = "  ".join(f"{n} {s:.2f}" for n, s in self.rows)
        print(f"{label} stages (s): {parts}  | total in-process {total:.2f}", file=sys.stderr)


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def load_csv_stripped(con, path, name):
    """Register `name` as a DuckDB table: every column a string, trimmed, empty -> NULL."""
    rel = con.read_csv(path, all_varchar=True, header=True)
    cols = ", ".join(f"nullif(trim({q(c)}), '') as {q(c)}" for c in rel.columns)
    con.execute(f"create or replace table {q(name)} as select {cols} from read_csv("
                f"{sql_str(path)}, all_varchar = true, header = true)")
    return con.table(name)


def q(ident):
    return '"' + ident.replace('"', '""') + '"'


def write_clusters(con, clusters, uid, output, source=None):
    """Write Splink's clusters table as source,record_id,cluster_id.

    `source` is a constant for dedupe jobs; link jobs take Splink's source_dataset column.
    """
    rel = clusters.as_duckdbpyrelation()
    src = sql_str(source) if source is not None else "source_dataset"
    out = rel.query("c", f"select {src} as source, {q(uid)} as record_id, cluster_id from c "
                         f"order by cluster_id, source, record_id")
    out.write_csv(output, header=True)
    return out


def write_pairs(predictions, uid, output, min_probability, source=None):
    """Write scored pairs with match_probability >= min_probability."""
    rel = predictions.as_duckdbpyrelation()
    if source is not None:
        sl = sr = sql_str(source)
    else:
        sl, sr = "source_dataset_l", "source_dataset_r"
    out = rel.query(
        "p",
        f"select {sl} as source_l, {q(uid + '_l')} as record_id_l, {sr} as source_r, "
        f"{q(uid + '_r')} as record_id_r, match_probability from p "
        f"where match_probability >= {float(min_probability)!r}")
    out.write_csv(output, header=True)


def add_output_args(ap):
    ap.add_argument("--output", required=True, help="clusters CSV to write (source,record_id,cluster_id)")
    ap.add_argument("--pairs-output", help="also write the scored pairs to this CSV")
    ap.add_argument("--pairs-min", type=float, default=0.5,
                    help="lowest match probability written to --pairs-output (default 0.5)")
    ap.add_argument("--predict-threshold", type=float, default=0.01,
                    help="match probability kept by predict (default 0.01)")
    ap.add_argument("--cluster-threshold", type=float, default=0.9,
                    help="connected components over pairs with p >= this (default 0.9)")
    ap.add_argument("--verbose", action="store_true", help="show Splink's INFO log")
