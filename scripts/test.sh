#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with only the Rust toolchain installed:
# system packages, format and lint checks, every test on SQLite and PostgreSQL, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "system packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v c++ >/dev/null 2>&1 || missing+=(g++) # libFuzzer's C++ sources, for scripts/fuzz.sh
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
fi

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "PostgreSQL"
TEST_POSTGRES_URL=$(./scripts/postgres.sh)
export TEST_POSTGRES_URL
trap './scripts/postgres.sh stop' EXIT
echo "$TEST_POSTGRES_URL"

step "tests (SQLite and PostgreSQL)"
cargo test --workspace --locked

step "fuzzing (20 s per target)"
./scripts/fuzz.sh 20

step "browser tests"
cargo build -p cli --locked
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
AQIQAT_BIN="$PWD/target/debug/aqiqat" node --test tests/browser/

step "done"
