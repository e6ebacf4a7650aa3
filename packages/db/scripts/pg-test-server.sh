#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (never for real data: fsync is off).
#
#   packages/db/scripts/pg-test-server.sh start   # starts it if needed, prints the URL on stdout
#   packages/db/scripts/pg-test-server.sh stop    # stops it and deletes its data directory
#   packages/db/scripts/pg-test-server.sh url     # prints the URL
#
#   export TEST_DATABASE_URL="$(packages/db/scripts/pg-test-server.sh start)"
#
# Both commands are idempotent. Works as root (the server then runs as the `postgres` user, which
# Debian's postgresql package creates) or as an ordinary user. Needs the server binaries:
# Debian/Ubuntu `apt-get install postgresql` puts them in /usr/lib/postgresql/<version>/bin.
#
# Environment: PG_TEST_PORT (default 5433), PG_TEST_DIR (default /tmp/scorecard-pg-test),
# PG_TEST_BIN (the directory holding initdb and pg_ctl, found automatically otherwise).
set -euo pipefail

PORT="${PG_TEST_PORT:-5433}"
DIR="${PG_TEST_DIR:-/tmp/scorecard-pg-test}"
DATA="$DIR/data"
LOG="$DIR/server.log"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

say() { echo "pg-test-server: $*" >&2; }

find_bin() {
  if [[ -n "${PG_TEST_BIN:-}" ]]; then echo "$PG_TEST_BIN"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$d" && -x "$d/pg_ctl" ]]; then echo "$d"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  say "找不到 PostgreSQL 服务器程序（initdb、pg_ctl）。请安装：apt-get install postgresql，或用 PG_TEST_BIN 指明目录。"
  exit 1
}

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    if ! id postgres >/dev/null 2>&1; then
      say "以 root 运行时需要系统用户 postgres（安装 postgresql 软件包会创建它）。"
      exit 1
    fi
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  if is_running; then
    say "already running on port $PORT"
    echo "$URL"
    return
  fi
  mkdir -p "$DIR"
  if [[ "$(id -u)" == "0" ]]; then chown postgres "$DIR"; fi
  chmod 700 "$DIR"
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    rm -rf "$DATA"
    say "initdb $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null 2>"$DIR/initdb.err" \
      || as_owner "$BIN/initdb" -D "$DATA" -A trust -U postgres -E UTF8 --locale=C >/dev/null 2>"$DIR/initdb.err" \
      || { cat "$DIR/initdb.err" >&2; exit 1; }
  fi
  say "starting on 127.0.0.1:$PORT (log: $LOG)"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -n 30 "$LOG" >&2 || true; exit 1; }
  echo "$URL"
}

stop() {
  if is_running; then
    say "stopping"
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  fi
  rm -rf "$DIR"
  say "stopped"
}

BIN="$(find_bin)"
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
