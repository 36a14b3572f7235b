#!/usr/bin/env bash
# The linkage benchmark: Aqiqat's `aqiqat link` against Splink 5 (DuckDB), end to end (load,
# train, predict, cluster, write), in one invocation, interleaved, RUNS times each (default 3),
# each run under `/usr/bin/time -v`. Prints per data set: median wall s, median CPU s
# (user + sys), peak RSS, cluster pairwise P/R/F1 and B-cubed F1 against the truth, and the
# ratios Splink / Aqiqat of wall and CPU seconds. Compare on CPU seconds and medians: the
# machine is shared.
#
# usage: bench/link/run.sh [febrl4|febrl3|synth N|all]...     (default: all)
#   all      = febrl4 febrl3 synth 1000000
#   synth N  = `aqiqat demo --export-dedupe DIR --n-records N --seed 7`, then
#              `aqiqat link --preset victims` against bench/link/splink_synth.py;
#              SYNTH_DIR=DIR uses an existing DIR/dedupe.csv + DIR/dedupe-truth.csv instead.
# env: RUNS (default 3); AQIQAT_BIN (default target/release/aqiqat); SPLINK_ARGS (extra
# arguments to the Splink scripts, e.g. '--u-max-pairs 1e7' for linkage.md's u-1e7 rows).
#
# Uses the release binary target/release/aqiqat as it is (build it first with
# `cargo build --release -p cli`); when it lacks `link`, or a config is missing, only Splink runs.
# Both tools may use both cores (no taskset). The Splink side lives in target/link-venv
# (bench/link/setup.sh), the FEBRL data in target/link-data, the outputs in target/link-out.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
bin=${AQIQAT_BIN:-target/release/aqiqat}
data=target/link-data
outroot=target/link-out

py=$(bench/link/setup.sh)
"$py" bench/link/prepare_febrl.py --out "$data" >/dev/null

have_link() { [ -x "$bin" ] && "$bin" link --help >/dev/null 2>&1; }

# timed TOOL RUN DIR CMD... : one run under /usr/bin/time -v; records it in DIR/times.tsv.
timed() {
  local tool=$1 run=$2 dir=$3
  shift 3
  local tf="$dir/time-$tool-$run.txt" log="$dir/log-$tool-$run.txt" rc=0
  /usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1 || rc=$?
  printf '%s\t%s\t%s\n' "$tool" "$run" "$tf" >>"$dir/times.tsv"
  local wall cpu rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tf")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tf")
  printf '  %-7s run %s: wall %s, CPU %s s, peak %s MiB' "$tool" "$run" "$wall" "$cpu" "$rss"
  if [ "$rc" -ne 0 ]; then
    printf '  FAILED (exit %s), see %s\n' "$rc" "$log"
    return 0
  fi
  printf '\n'
  sed -n 's/^splink .*stages (s): /           stages (s): /p' "$log"
}

# bench_set LABEL TRUTH EVAL_FLAGS AQIQAT_OK : runs the commands in the arrays AQIQAT and SPLINK
# (set by the caller; @OUT@ stands for the clusters file, @PAIRS@ for Splink's scored pairs)
# interleaved, evaluates the outputs, prints the table.
bench_set() {
  local label=$1 truth=$2 eval_flags=$3 aqiqat_ok=$4
  local dir=$outroot/$label
  rm -rf "$dir"
  mkdir -p "$dir"
  : >"$dir/times.tsv"
  echo "== $label: $runs interleaved runs per tool"
  local i
  for i in $(seq 1 "$runs"); do
    if [ "$aqiqat_ok" = yes ]; then
      timed aqiqat "$i" "$dir" "${AQIQAT[@]//@OUT@/$dir/aqiqat-$i.csv}"
    fi
    local cmd=("${SPLINK[@]//@OUT@/$dir/splink-$i.csv}")
    timed splink "$i" "$dir" "${cmd[@]//@PAIRS@/$dir/splink-pairs-$i.csv}"
  done
  # Accuracy is deterministic for both tools: score the last run that wrote its output.
  local tool last pairs
  for tool in aqiqat splink; do
    last=""
    for i in $(seq "$runs" -1 1); do
      if [ -s "$dir/$tool-$i.csv" ]; then last=$i; break; fi
    done
    [ -n "$last" ] || continue
    pairs=()
    [ "$tool" = splink ] && [ -s "$dir/splink-pairs-$last.csv" ] && pairs=(--pairs "$dir/splink-pairs-$last.csv")
    # shellcheck disable=SC2086
    "$py" bench/link/evaluate.py --truth "$truth" --clusters "$dir/$tool-$last.csv" $eval_flags \
      "${pairs[@]}" --json >"$dir/eval-$tool.json" || echo "  evaluation of $tool failed"
  done
  "$py" bench/link/report.py "$dir" "$label"
  echo
}

febrl() {
  local set=$1 eval_flags=$2
  local config=examples/link/$set.toml aqiqat_ok=no
  if ! have_link; then
    echo "note: $bin is missing or has no \`link\` subcommand: running Splink only"
  elif [ ! -f "$config" ]; then
    echo "note: $config does not exist yet: running Splink only"
  else
    aqiqat_ok=yes
  fi
  AQIQAT=("$bin" link --config "$config" --data-dir "$data" --output @OUT@)
  SPLINK=("$py" "bench/link/splink_$set.py" --data-dir "$data" --output @OUT@ --pairs-output @PAIRS@)
  # shellcheck disable=SC2206
  SPLINK+=(${SPLINK_ARGS:-})
  bench_set "$set" "$data/$set-truth.csv" "$eval_flags" "$aqiqat_ok"
}

synth() {
  local n=$1 dir aqiqat_ok=no
  if [ -n "${SYNTH_DIR:-}" ]; then
    dir=$SYNTH_DIR
  else
    dir=$data/synth-$n
    if [ -x "$bin" ] && "$bin" demo --help 2>/dev/null | grep -q -- --export-dedupe; then
      rm -rf "$dir"
      mkdir -p "$dir"
      echo "generating $n records: $bin demo --export-dedupe $dir --n-records $n --seed 7"
      "$bin" demo --export-dedupe "$dir" --n-records "$n" --seed 7 >"$dir/generate.log" 2>&1 ||
        { echo "the generator failed, see $dir/generate.log"; return 0; }
    else
      echo "note: $bin has no \`demo --export-dedupe\` yet and SYNTH_DIR is not set: skipping synth $n"
      return 0
    fi
  fi
  for f in dedupe.csv dedupe-truth.csv; do
    [ -f "$dir/$f" ] || { echo "note: $dir/$f is missing: skipping synth"; return 0; }
  done
  if have_link; then aqiqat_ok=yes; else echo "note: $bin has no \`link\` subcommand: running Splink only"; fi
  local input=$dir/dedupe.csv
  AQIQAT=("$bin" link --preset victims --input "$input" --output @OUT@)
  SPLINK=("$py" bench/link/splink_synth.py --input "$input" --output @OUT@ --pairs-output @PAIRS@)
  # shellcheck disable=SC2206
  SPLINK+=(${SPLINK_ARGS:-})
  local records
  records=$(($(wc -l <"$input") - 1))
  bench_set "synth-$records" "$dir/dedupe-truth.csv" "" "$aqiqat_ok"
}

[ $# -gt 0 ] || set -- all
while [ $# -gt 0 ]; do
  case $1 in
    febrl4) febrl febrl4 --cross-source-only ;;
    febrl3) febrl febrl3 "" ;;
    synth)
      n=${2:-1000000}
      [ $# -gt 1 ] && shift
      synth "$n"
      ;;
    all)
      febrl febrl4 --cross-source-only
      febrl febrl3 ""
      synth 1000000
      ;;
    *)
      echo "usage: $0 [febrl4|febrl3|synth N|all]..." >&2
      exit 2
      ;;
  esac
  shift
done
