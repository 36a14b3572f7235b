#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for a bounded time, from the committed seeds, on
# stable Rust: cargo-fuzz needs nightly flags, which RUSTC_BOOTSTRAP=1 allows. Installs cargo-fuzz
# when it is missing. A crash fails the run; its input is left in fuzz/artifacts/TARGET/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (default 20, or AQIQAT_FUZZ_SECONDS).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-${AQIQAT_FUZZ_SECONDS:-20}}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build
for target in $(cargo fuzz list); do
  mkdir -p "corpus/$target"
  leaks=1
  # `screen score-pairs` leaves its word cache to the process's exit on purpose (freeing every
  # word costs several percent of a run): not a leak to report.
  [ "$target" = screen_csv ] && leaks=0
  echo "fuzzing $target for $seconds s"
  ASAN_OPTIONS=detect_leaks=$leaks cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -detect_leaks=$leaks 2>&1 | grep -v '^"' | tail -n 40
done
