#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests and prints its URL (export it as TEST_POSTGRES_URL).
# Installs PostgreSQL with apt-get when it is missing. The server listens on 127.0.0.1:$PGPORT only,
# keeps its data under /tmp, and is stopped with `scripts/postgres.sh stop`.
set -euo pipefail

PGPORT=${AQIQAT_TEST_PGPORT:-54329}
DATA=/tmp/aqiqat-test-pg-$PGPORT
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "${1:-}" = "stop" ]; then
  [ -d "$DATA" ] && runuser -u postgres -- "$(bin_dir)/pg_ctl" -D "$DATA" stop -m fast >/dev/null 2>&1 || true
  exit 0
fi

if [ -z "$(bin_dir)" ]; then
  echo "postgres.sh: installing PostgreSQL with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(bin_dir)

if ! runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    install -d -o postgres -g postgres "$DATA"
    runuser -u postgres -- "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
