#!/usr/bin/env bash
# Creates the Python environment of the linkage benchmark's peer side: a venv at
# target/link-venv with the versions pinned in bench/link/requirements.txt (Splink 5 with
# DuckDB, recordlinkage for the FEBRL data, pandas, jellyfish). Idempotent: does nothing when
# the venv exists and was installed from the same requirements file.
#
# usage: bench/link/setup.sh        (prints the venv's python on stdout)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/link-venv
req=bench/link/requirements.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
  "$venv/bin/python" -c 'import splink, recordlinkage, pandas, jellyfish, duckdb' 2>/dev/null; then
  echo "$venv/bin/python"
  exit 0
fi
echo "setting up $venv from $req" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q -r "$req" >&2
"$venv/bin/python" -c 'import splink, recordlinkage, pandas, jellyfish, duckdb; print("splink", splink.__version__, "duckdb", duckdb.__version__)' >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
