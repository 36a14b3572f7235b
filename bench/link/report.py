"""Print the linkage benchmark's table from the runs that bench/link/run.sh recorded.

Reads, for one data set, a directory holding `times.tsv` (tool, run, the `/usr/bin/time -v`
file of that run) and `eval-TOOL.json` (evaluate.py --json of that tool's clusters), and prints
one row per tool: runs, median wall s, median CPU s (user + sys), peak RSS MiB (highest of the
runs), cluster pairwise P/R/F1, B-cubed F1, pairwise F1 of the scored pairs at p >= 0.5 when the
tool wrote them; then the ratios Splink / Aqiqat of median wall and median CPU seconds.

    python3 bench/link/report.py DIR DATASET_LABEL
"""

import csv
import json
import os
import statistics
import sys


def parse_time_v(path):
    """Wall s, CPU s, peak RSS MiB and exit status from a `/usr/bin/time -v -o` file."""
    wall = user = sys_ = rss = None
    status = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                parts = [float(x) for x in line.rsplit(" ", 1)[1].split(":")]
                wall = 0.0
                for p in parts:
                    wall = wall * 60 + p
            elif line.startswith("User time (seconds):"):
                user = float(line.split(":")[1])
            elif line.startswith("System time (seconds):"):
                sys_ = float(line.split(":")[1])
            elif line.startswith("Maximum resident set size (kbytes):"):
                rss = int(line.split(":")[1]) / 1024
            elif line.startswith("Exit status:"):
                status = int(line.split(":")[1])
            elif line.startswith("Command exited with non-zero status"):
                status = int(line.rsplit(" ", 1)[1])
    return wall, (user or 0) + (sys_ or 0), rss, status


def main():
    d, label = sys.argv[1], sys.argv[2]
    runs = {}
    with open(os.path.join(d, "times.tsv"), encoding="utf-8") as f:
        for tool, _run, path in csv.reader(f, delimiter="\t"):
            runs.setdefault(tool, []).append(parse_time_v(path))
    rows = {}
    print(f"\n== {label}")
    head = (f"{'tool':<8} {'runs':>4} {'wall s':>8} {'CPU s':>8} {'RSS MiB':>8}  "
            f"{'P':>6} {'R':>6} {'F1':>6}  {'B3 F1':>6}  {'F1@0.5':>6}  clusters")
    print(head)
    print("-" * len(head))
    for tool, rs in runs.items():
        ok = [r for r in rs if r[3] == 0 and r[0] is not None]
        failed = len(rs) - len(ok)
        if not ok:
            print(f"{tool:<8} all {len(rs)} runs failed")
            continue
        wall = statistics.median(r[0] for r in ok)
        cpu = statistics.median(r[1] for r in ok)
        rss = max(r[2] for r in ok)
        rows[tool] = (wall, cpu)
        ev_path = os.path.join(d, f"eval-{tool}.json")
        acc = "   n/a    n/a    n/a     n/a     n/a"
        clusters = ""
        if os.path.exists(ev_path) and os.path.getsize(ev_path):
            with open(ev_path, encoding="utf-8") as f:
                ev = json.load(f)
            pw, b3 = ev["pairwise"], ev["bcubed"]
            f05 = next((s["f1"] for s in ev.get("scored_pairs", []) if s["threshold"] == 0.5), None)
            acc = (f"{pw['precision']:6.4f} {pw['recall']:6.4f} {pw['f1']:6.4f}  {b3['f1']:6.4f}  "
                   + (f"{f05:6.4f}" if f05 is not None else "   n/a"))
            clusters = f"{ev['clusters']:,} / {ev['entities']:,} entities"
            if ev["records_missing_from_clusters"]:
                clusters += f", {ev['records_missing_from_clusters']:,} records missing"
        note = f"  ({failed} failed)" if failed else ""
        print(f"{tool:<8} {len(ok):>4} {wall:8.2f} {cpu:8.2f} {rss:8.0f}  {acc}  {clusters}{note}")
    if "aqiqat" in rows and "splink" in rows:
        (aw, ac), (sw, sc) = rows["aqiqat"], rows["splink"]
        print(f"Splink / Aqiqat: wall {sw / aw:.1f}x, CPU {sc / ac:.1f}x" if aw and ac else
              "Splink / Aqiqat: n/a (zero time)")
    print("P/R/F1: pairwise, of the pairs implied by the clusters; B3: B-cubed; "
          "F1@0.5: of the scored pairs at p >= 0.5 (Splink only).")


if __name__ == "__main__":
    main()
