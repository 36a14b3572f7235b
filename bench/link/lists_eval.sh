#!/usr/bin/env bash
# Link the four lists of the dead with `aqiqat link --preset victims` and score the clusters
# against the truth, over several seeds.
#
#   bench/link/lists_eval.sh [--seeds S] [--n N] [--demo] [--demo-only]
#
# By default the lists come from bench/link/independent_lists.py (written without sight of the
# engine or the demo generator), seeds 1..S (S = 5), into target/lists-eval/seedN. With --demo the
# demo's own lists (`aqiqat demo --export-lists`) are scored too, into target/lists-eval/demo-seedN,
# so both sets can be compared in one run; --demo-only scores the demo's lists alone.
# Prints per seed pairwise precision / recall / F1 and B-cubed F1, then the mean and min F1.
set -euo pipefail
cd "$(dirname "$0")/../.."

SEEDS=5
N=240
DEMO=0
INDEP=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) SEEDS="$2"; shift 2 ;;
        --seeds=*) SEEDS="${1#*=}"; shift ;;
        --n) N="$2"; shift 2 ;;
        --demo) DEMO=1; shift ;;
        --demo-only) DEMO=1; INDEP=0; shift ;;
        [0-9]*) SEEDS="$1"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

BIN=target/release/aqiqat
if [ ! -x "$BIN" ]; then
    echo "building $BIN ..." >&2
    cargo build --release -p cli >&2
fi
ROOT=target/lists-eval
mkdir -p "$ROOT"

# score DIR: link the four lists in DIR and print "P R F1 B3F1" (pairwise, B-cubed).
score() {
    local dir="$1"
    (cd "$dir" && "$OLDPWD/$BIN" link --preset victims --input official.csv --input ngo.csv \
        --input media.csv --input morgue.csv --output clusters.csv >link.log 2>&1) || {
        echo "link failed in $dir (see $dir/link.log)" >&2; return 1; }
    python3 bench/link/evaluate.py --truth "$dir/truth.csv" --clusters "$dir/clusters.csv" --json >"$dir/score.json"
    python3 - "$dir/score.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
def find(o, *names):
    # the evaluator's JSON: look for pairwise and B-cubed figures wherever they sit
    if isinstance(o, dict):
        for k, v in o.items():
            if k in names:
                return v
        for v in o.values():
            r = find(v, *names)
            if r is not None:
                return r
    return None
pw = find(d, "pairwise") or {}
b3 = find(d, "bcubed", "b_cubed", "b3") or {}
print(f"{pw['precision']:.4f} {pw['recall']:.4f} {pw['f1']:.4f} {b3['f1']:.4f}")
EOF
}

run_set() {   # run_set NAME: prints the table for one kind of lists
    local name="$1" s dir line f1s="" b3s=""
    printf '\n%s lists\n' "$name"
    printf '%-6s %9s %9s %9s %9s   %s\n' seed P R F1 B3-F1 records
    for s in $(seq 1 "$SEEDS"); do
        if [ "$name" = independent ]; then
            dir="$ROOT/seed$s"
            rm -rf "$dir"; mkdir -p "$dir"
            python3 bench/link/independent_lists.py --seed "$s" --n "$N" --out "$dir" >"$dir/summary.txt"
        else
            dir="$ROOT/demo-seed$s"
            rm -rf "$dir"; mkdir -p "$dir"
            "$BIN" demo --db "$dir/d.db" --seed "$s" --no-serve --export-lists "$dir" >"$dir/demo.log" 2>&1
        fi
        line=$(score "$dir")
        local recs=$(( $(tail -n +2 "$dir/truth.csv" | wc -l) ))
        set -- $line
        printf '%-6s %9s %9s %9s %9s   %s\n' "$s" "$1" "$2" "$3" "$4" "$recs"
        f1s="$f1s $3"; b3s="$b3s $4"
    done
    python3 - "$f1s" "$b3s" <<'EOF'
import sys
f1 = [float(x) for x in sys.argv[1].split()]
b3 = [float(x) for x in sys.argv[2].split()]
print(f"{'mean':6s} {'':9s} {'':9s} {sum(f1)/len(f1):9.4f} {sum(b3)/len(b3):9.4f}")
print(f"{'min':6s} {'':9s} {'':9s} {min(f1):9.4f} {min(b3):9.4f}")
EOF
}

[ "$INDEP" = 1 ] && run_set independent
[ "$DEMO" = 1 ] && run_set demo
exit 0
