#!/usr/bin/env bash
# The estimation benchmark (issue 5): the latent-class sampler of `aqiqat estimate` on the Kosovo
# table in the settings R's LCMCR was timed in (shared/research/mse.md, sections 3 and 4), with
# iterations (sweeps) per CPU-second, effective samples of N per CPU-second, CPU seconds, and the
# ratios to R's figures. R is not installed here: its figures are the ones measured and recorded
# in mse.md on a 2-core machine like this one.
#
# usage: bench/mse/run.sh [REPEATS]   (default 3; each figure is the median over the repeats)
# Settings run:
#   production  HRDAG's setting: K = 15, burn-in 10,000, 10,000 draws at thinning 500 (5.01 M
#               sweeps), one chain, seed 19481210; once with the collapsed moves (the default) and
#               once with LCMCR's plain sweep (--collapsed-moves 0).
#   long        K = 10, burn-in 10,000, 10,000 draws at thinning 100 (1.01 M sweeps), one chain.
#   documented  K = 10, burn-in 10,000, 1,000 draws at thinning 100 (110,000 sweeps), one chain,
#               seeds 1, 2, 3 (R's three seeds); and four chains at once to show both cores in use.
#   fast        the sampler with its Hamiltonian moves (`LcmcrConfig::fast`), which `aqiqat estimate`
#               does not offer yet, so run through crates/mse/examples/lcmcr_speed.rs: K = 15,
#               burn-in 10,000, 10,000 draws at thinning 10 (110,000 sweeps), seed 19481210,
#               against R's production figures (as many effective draws from 45 times fewer
#               sweeps); and K = 10 with the same draws against R's long setting.
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-3}
table=crates/mse/tests/data/kosovo_1999_4lists.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# AQIQAT_BIN and LCMCR_SPEED_BIN run binaries built earlier (when the workspace is busy building).
if [[ -z ${AQIQAT_BIN:-} || -z ${LCMCR_SPEED_BIN:-} ]]; then
  cargo build --release -p cli --locked -q
  cargo build --release -p mse --example lcmcr_speed --locked -q
fi
bin=${AQIQAT_BIN:-${CARGO_TARGET_DIR:-target}/release/aqiqat}
example=${LCMCR_SPEED_BIN:-${CARGO_TARGET_DIR:-target}/release/examples/lcmcr_speed}

echo "R is not installed on this machine: R's figures below are those recorded in shared/research/mse.md (LCMCR 0.4.14, MCMC CPU time inside R)."
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# run NAME REPEAT ARGS...: one timed run, its JSON and its CPU time in $work.
run() {
  local name=$1 repeat=$2
  shift 2
  /usr/bin/time -f "%U %S %e %M" -o "$work/$name.$repeat.time" \
    "$bin" estimate --input "$table" --method lcmcr --json "$@" > "$work/$name.$repeat.json"
}

# run_example NAME REPEAT K THINNING DRAWS SEED: one timed run of the example with the collapsed
# and Hamiltonian moves, its text output and CPU time in $work.
run_example() {
  local name=$1 repeat=$2
  shift 2
  /usr/bin/time -f "%U %S %e %M" -o "$work/$name.$repeat.time" \
    "$example" "$table" "$@" 3 1 > "$work/$name.$repeat.txt"
}

# report_example NAME LABEL SWEEPS R_CPU R_SWEEPS_PER_CPU R_ESS: as report, from the example's
# text output.
report_example() {
  python3 - "$work" "$@" <<'PY'
import re, statistics, sys, glob
work, name, label, sweeps, r_cpu, r_rate, r_ess = sys.argv[1:8]
sweeps, r_cpu, r_rate, r_ess = float(sweeps), float(r_cpu), float(r_rate), float(r_ess)
rows = []
for path in sorted(glob.glob(f"{work}/{name}.*.txt")):
    text = open(path).read()
    median, low, high, ess = re.search(r"median (\d+) \[(\d+), (\d+)\], ESS (\d+)", text).groups()
    user, system, wall, rss = open(path[:-4] + ".time").read().split()
    cpu = float(user) + float(system)
    rows.append((cpu, float(wall), int(rss) / 1024, sweeps / cpu, float(ess), median, low, high))
cpu = statistics.median(r[0] for r in rows)
wall = statistics.median(r[1] for r in rows)
rss = statistics.median(r[2] for r in rows)
rate = statistics.median(r[3] for r in rows)
ess = statistics.median(r[4] for r in rows)
ess_rate = statistics.median(r[4] / r[0] for r in rows)
r_ess_rate = r_ess / r_cpu
print(f"== {label}")
for r in rows:
    print(f"   run: {r[0]:.2f} CPU-s, {r[1]:.2f} s wall, N {int(r[5]):,} [{int(r[6]):,} - {int(r[7]):,}], ESS {r[4]:,.0f}")
print(f"   aqiqat: {cpu:.2f} CPU-s (wall {wall:.2f} s, {rss:.0f} MB), {rate:,.0f} sweeps/CPU-s, ESS of N {ess:,.0f}, {ess_rate:,.1f} ESS/CPU-s")
print(f"   R:      {r_cpu:.2f} CPU-s, {r_rate:,.0f} sweeps/CPU-s, ESS of N {r_ess:,.0f}, {r_ess_rate:,.1f} ESS/CPU-s")
print(f"   ratio:  {r_cpu / cpu:.1f}x less CPU time, {ess / r_ess:.2f}x the effective draws, {ess_rate / r_ess_rate:.1f}x ESS/CPU-s")
PY
}

# report NAME LABEL R_CPU R_SWEEPS_PER_CPU R_ESS: medians over the repeats and the ratios to R.
report() {
  python3 - "$work" "$@" <<'PY'
import json, statistics, sys, glob
work, name, label, r_cpu, r_rate, r_ess = sys.argv[1:7]
r_cpu, r_rate, r_ess = float(r_cpu), float(r_rate), float(r_ess)
rows = []
for path in sorted(glob.glob(f"{work}/{name}.*.json")):
    document = json.load(open(path))["methods"]["lcmcr"]
    user, system, wall, rss = open(path[:-5] + ".time").read().split()
    cpu = float(user) + float(system)
    settings = document["settings"]
    # Sweeps as R counts them: burn-in + draws x thinning per chain (the 500 warm-up sweeps,
    # which R runs too, are left out of both sides).
    sweeps = (settings["burn_in"] + settings["draws_per_chain"] * settings["thinning"]) * settings["chains"]
    rows.append((cpu, float(wall), int(rss) / 1024, sweeps / cpu, document["diagnostics"]["effective_size"],
                 document["estimate"], document["interval"], document["diagnostics"]["r_hat"]))
cpu = statistics.median(r[0] for r in rows)
wall = statistics.median(r[1] for r in rows)
rss = statistics.median(r[2] for r in rows)
rate = statistics.median(r[3] for r in rows)
ess = statistics.median(r[4] for r in rows)
ess_rate = statistics.median(r[4] / r[0] for r in rows)
r_ess_rate = r_ess / r_cpu
print(f"== {label}")
for r in rows:
    r_hat = "-" if r[7] is None else f"{r[7]:.3f}"
    print(f"   run: {r[0]:.2f} CPU-s, {r[1]:.2f} s wall, N {r[5]:,.0f} [{r[6][0]:,.0f} - {r[6][1]:,.0f}], ESS {r[4]:,.0f}, R-hat {r_hat}")
print(f"   aqiqat: {cpu:.2f} CPU-s (wall {wall:.2f} s, {rss:.0f} MB), {rate:,.0f} sweeps/CPU-s, ESS of N {ess:,.0f}, {ess_rate:,.1f} ESS/CPU-s")
print(f"   R:      {r_cpu:.2f} CPU-s, {r_rate:,.0f} sweeps/CPU-s, ESS of N {r_ess:,.0f}, {r_ess_rate:,.1f} ESS/CPU-s")
print(f"   ratio:  {r_cpu / cpu:.1f}x less CPU time, {rate / r_rate:.1f}x sweeps/CPU-s, {ess_rate / r_ess_rate:.1f}x ESS/CPU-s")
PY
}

for repeat in $(seq "$repeats"); do
  run production "$repeat" --setting production --seed 19481210
  run production-plain "$repeat" --setting production --seed 19481210 --collapsed-moves 0
  run long "$repeat" --chains 1 --draws 10000 --seed "$repeat"
  run documented "$repeat" --chains 1 --seed "$repeat"
  run documented-4-chains "$repeat" --seed "$repeat"
  run_example fast "$repeat" 15 10 10000 19481210
  run_example fast-k10 "$repeat" 10 10 10000 "$repeat"
done

# R: production 114.3 / 113.6 CPU-s at 43.8k / 44.1k sweeps per CPU-s, ESS 6,937 / 5,759; long
# 17.95 / 17.40 CPU-s, ESS 1,203 / 1,161; documented 1.93 / 1.85 / 1.88 CPU-s, ESS 193 / 172 / 179.
report production "production setting, collapsed moves on (default): K = 15, 5.01 M sweeps, one chain" 113.95 43950 6348
report production-plain "production setting, LCMCR's plain sweep (--collapsed-moves 0)" 113.95 43950 6348
report long "long setting: K = 10, 10,000 draws at thinning 100 (1.01 M sweeps), one chain" 17.675 57200 1182
report documented "documented setting: K = 10, 1,000 draws at thinning 100 (110,000 sweeps), one chain" 1.887 58300 181
report documented-4-chains "documented setting, four chains at once (R: one chain; ratios per chain of work)" 7.548 58300 724
report_example fast "fast: K = 15, 10,000 draws at thinning 10 with the Hamiltonian moves (110,000 sweeps), against R's production setting (5.01 M sweeps)" 110000 113.95 43950 6348
report_example fast-k10 "fast, K = 10: 10,000 draws at thinning 10 with the Hamiltonian moves (110,000 sweeps), seeds 1-3, against R's long setting (1.01 M sweeps)" 110000 17.675 57200 1182
