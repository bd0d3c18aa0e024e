#!/usr/bin/env bash
# Prints a DATABASE_URL for a PostgreSQL server on loopback that tests may use.
# Uses THEODOI_TEST_DATABASE_URL when set; otherwise installs PostgreSQL with apt when it is
# missing and starts a throw-away cluster in $THEODOI_PG_DATA (default /tmp/theodoi-pg).
set -euo pipefail
log() { echo "ensure-postgres: $*" >&2; }

if [ -n "${THEODOI_TEST_DATABASE_URL:-}" ]; then
  echo "$THEODOI_TEST_DATABASE_URL"; exit 0
fi

PORT="${THEODOI_PG_PORT:-54329}"
DATA="${THEODOI_PG_DATA:-/tmp/theodoi-pg}"
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -z "$(pgbin)" ]; then
  log "PostgreSQL chưa có: cài bằng apt…"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(pgbin)"
URL="postgres://theodoi@127.0.0.1:${PORT}/postgres"

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "$URL"; exit 0
fi

# initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  run() { runuser -u postgres -- "$@"; }
  mkdir -p "$DATA" && chown postgres "$DATA"
else
  run() { "$@"; }
  mkdir -p "$DATA"
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "Khởi tạo cụm PostgreSQL thử nghiệm tại $DATA"
  run "$BIN/initdb" -D "$DATA" -U theodoi -A trust -E UTF8 --locale=C.UTF-8 >&2
fi
log "Khởi động PostgreSQL trên 127.0.0.1:$PORT"
run "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
echo "$URL"
