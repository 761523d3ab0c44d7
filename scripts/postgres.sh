#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests and CI.
#   scripts/postgres.sh start   install Debian's postgresql if missing, initdb, start, create db; print the URL
#   scripts/postgres.sh stop    stop the server and delete its directory
#   scripts/postgres.sh status  exit 0 when our server is running
#   scripts/postgres.sh url     print the URL
# Idempotent: start on a running server prints the URL; stop on a stopped one does nothing.
set -euo pipefail

PORT=${NETBRAKE_PG_PORT:-55432}
DB=netbrake
STATE=${NETBRAKE_PG_STATE:-${TMPDIR:-/tmp}/netbrake-postgres-$PORT}   # holds the server's root dir
URL="postgresql+psycopg://app@127.0.0.1:$PORT/$DB"
# A throwaway test server need not survive a power cut; NETBRAKE_PG_FSYNC=on to measure real commits.
FSYNC=${NETBRAKE_PG_FSYNC:-off}

say() { echo "postgres.sh: $*" >&2; }

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

root_dir() { [ -f "$STATE" ] && cat "$STATE" || true; }

running() {
  local root; root=$(root_dir)
  [ -n "$root" ] && [ -d "$root/data" ] && [ -n "$(pgbin)" ] \
    && as_postgres "$(pgbin)/pg_ctl" -D "$root/data" status >/dev/null 2>&1
}

install() {
  [ -n "$(pgbin)" ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "PostgreSQL binaries missing and cannot apt-get install them (need root on Debian)"
    return 1
  fi
  say "installing Debian's postgresql package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

start() {
  if running; then echo "$URL"; return 0; fi
  install
  local bin root; bin=$(pgbin)
  # A stale state file from a crashed run: forget it (its directory may be gone).
  [ -n "$(root_dir)" ] && rm -rf "$(root_dir)" "$STATE"
  root=$(mktemp -d "${TMPDIR:-/tmp}/netbrake-pg.XXXXXX")
  echo "$root" > "$STATE"
  mkdir -p "$root/data"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$root"; fi
  chmod 700 "$root/data"
  as_postgres "$bin/initdb" -N -D "$root/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || { say "initdb failed:"; cat "$root/initdb.log" >&2; stop; return 1; }
  as_postgres "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $root -c fsync=$FSYNC" start >/dev/null \
    || { say "server did not start:"; cat "$root/server.log" >&2; stop; return 1; }
  "$bin/psql" -h 127.0.0.1 -p "$PORT" -U app -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" \
    | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U app "$DB"
  echo "$URL"
}

stop() {
  local root; root=$(root_dir)
  [ -z "$root" ] && return 0
  if [ -d "$root/data" ] && [ -n "$(pgbin)" ]; then
    as_postgres "$(pgbin)/pg_ctl" -D "$root/data" stop -m fast >/dev/null 2>&1 || true
  fi
  rm -rf "$root" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
