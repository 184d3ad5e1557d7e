#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A throwaway PostgreSQL server for the tests: Debian's postgresql package (installed when missing), a new cluster in
# a temporary folder, trust login on 127.0.0.1 at a free port, no fsync (the data is thrown away after the run).
# PostgreSQL refuses to run as root, so under root the cluster belongs to the postgres user the package creates.
#   start_test_postgres DIR   starts it; exports CARAVEL_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/postgres
#   stop_test_postgres        stops it (also called on exit by the caller's trap)

# pg_bin NAME: a PostgreSQL server program from Debian's package (newest major version first), or nothing
pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
    [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  command -v "$1" 2>/dev/null
}

TEST_PG_DIR=""
TEST_PG_USER=""

start_test_postgres() {
  local dir="$1" initdb pg_ctl port
  initdb="$(pg_bin initdb)"; pg_ctl="$(pg_bin pg_ctl)"
  if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
    apt_install postgresql || { echo "could not install postgresql" >&2; return 1; }
    initdb="$(pg_bin initdb)"; pg_ctl="$(pg_bin pg_ctl)"
  fi
  [ -n "$initdb" ] || { echo "postgresql is installed but its initdb was not found" >&2; return 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  rm -rf "$dir"; mkdir -p "$dir"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    TEST_PG_USER=postgres
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { echo "initdb failed (see $dir/initdb.log)" >&2; return 1; }
  "${run[@]}" "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null || { echo "PostgreSQL did not start (see $dir/server.log)" >&2; return 1; }
  TEST_PG_DIR="$dir"
  export CARAVEL_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "==> PostgreSQL $("$(pg_bin postgres)" --version | awk '{print $3}') for the tests on 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "$TEST_PG_DIR" ] || return 0
  local run=(); [ -n "$TEST_PG_USER" ] && run=(runuser -u "$TEST_PG_USER" --)
  "${run[@]}" "$(pg_bin pg_ctl)" -D "$TEST_PG_DIR/data" -m immediate stop >/dev/null 2>&1
  TEST_PG_DIR=""
}
