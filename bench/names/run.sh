#!/usr/bin/env bash
# The person-match benchmark: on one labelled pair file, scores with `aqiqat screen score-pairs`,
# with nomenklatura's logic-v2 (yente's default matcher) and with a rapidfuzz baseline, and prints
# precision, recall, F1, ROC AUC, namesake false alarms and pairs per second, with the ratios.
# Accuracy is measured twice: on pairs from the demo generator, and on pairs from an independent
# generator written without sight of the engine (bench/names/independent.py).
#
# usage: bench/names/run.sh [SEED] [N_PAIRS] [N_SPEED_PAIRS]
# Installs the peers from PyPI into target/bench-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-11}
n_pairs=${2:-15000}
n_speed=${3:-300000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -p cli --locked -q
bin=target/release/aqiqat
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q nomenklatura rapidfuzz
fi

"$bin" demo --db "$work/demo.db" --small --no-serve --seed "$seed" --export-pairs "$work/pairs.csv" --n-pairs "$n_pairs" 2>/dev/null
"$bin" demo --db "$work/demo2.db" --small --no-serve --seed "$((seed + 1))" --export-pairs "$work/speed.csv" --n-pairs "$n_speed" 2>/dev/null

echo "== accuracy on $n_pairs labelled pairs (seed $seed)"
"$bin" screen score-pairs --input "$work/pairs.csv" --output "$work/aqiqat.csv" 2>/dev/null
"$venv/bin/python" bench/names/peers.py "$work/pairs.csv" "$work" > "$work/peers.txt"
for tool in aqiqat logic-v2 rapidfuzz; do
  # Each tool at its own default threshold: Aqiqat 0.5, yente 0.7 (logic-v2 and the baseline).
  threshold=0.7; [ "$tool" = aqiqat ] && threshold=0.5
  echo "-- $tool (threshold $threshold)"
  python3 bench/names/evaluate.py "$work/pairs.csv" "$work/$tool.csv" --threshold "$threshold"
done

echo "== accuracy on $n_pairs pairs of the independent generator (bench/names/independent.py, seed $seed)"
python3 bench/names/independent.py --seed "$seed" --n "$n_pairs" --output "$work/independent.csv" --quiet
"$bin" screen score-pairs --input "$work/independent.csv" --output "$work/independent-aqiqat.csv" 2>/dev/null
mkdir -p "$work/independent"
"$venv/bin/python" bench/names/peers.py "$work/independent.csv" "$work/independent" > /dev/null
for tool in aqiqat logic-v2 rapidfuzz; do
  threshold=0.7; [ "$tool" = aqiqat ] && threshold=0.5
  scores="$work/independent/$tool.csv"; [ "$tool" = aqiqat ] && scores="$work/independent-aqiqat.csv"
  echo "-- $tool (threshold $threshold)"
  python3 bench/names/evaluate.py "$work/independent.csv" "$scores" --threshold "$threshold"
done

echo "== speed: the whole score-pairs process on $n_speed pairs, one core (median of 3)"
times=()
for _ in 1 2 3; do
  start=$(date +%s.%N)
  taskset -c 0 "$bin" screen score-pairs --input "$work/speed.csv" --output "$work/speed-out.csv" 2>/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
aqiqat_rate=$(echo "$n_speed / $median" | bc -l)
printf 'aqiqat: %.3f s, %.0f pairs/s (runs: %s)\n' "$median" "$aqiqat_rate" "${times[*]}"
# The targets are stated on a file of about 15,000 pairs, where start-up and the first analysis
# of every distinct word weigh more: time both accuracy files too (median of 11 runs).
for file in pairs independent; do
  small=()
  for _ in $(seq 11); do
    start=$(date +%s.%N)
    taskset -c 0 "$bin" screen score-pairs --input "$work/$file.csv" --output "$work/small-out.csv" 2>/dev/null
    end=$(date +%s.%N)
    small+=("$(echo "$end - $start" | bc -l)")
  done
  small_median=$(printf '%s\n' "${small[@]}" | sort -n | sed -n 6p)
  printf 'aqiqat on the %s file (%s pairs): %.1f ms, %.0f pairs/s\n' "$file" "$n_pairs" \
    "$(echo "$small_median * 1000" | bc -l)" "$(echo "$n_pairs / $small_median" | bc -l)"
done
cat "$work/peers.txt"
logic_rate=$(sed -n 's/^logic-v2: .* = \([0-9,]*\) pairs\/s$/\1/p' "$work/peers.txt" | tr -d ,)
rapid_rate=$(sed -n 's/^rapidfuzz: .* = \([0-9,]*\) pairs\/s$/\1/p' "$work/peers.txt" | tr -d ,)
printf 'ratio aqiqat / logic-v2: %.0fx; aqiqat / rapidfuzz: %.2fx\n' \
  "$(echo "$aqiqat_rate / $logic_rate" | bc -l)" "$(echo "$aqiqat_rate / $rapid_rate" | bc -l)"
