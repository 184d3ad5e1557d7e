#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# ./caravel run: the backend (jar with the web app inside) + the local stack (relay, wallets, zooid emulator, Stripe
# emulator), on an SQLite file under data/ (CARAVEL_DATA to use another folder). Secrets for local use are
# generated once into data/local.env. Fails before building or starting anything when one of its ports is taken.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/local.sh"
cd "$ROOT"
local_init run

echo "==> installing local stack packages"
ensure_npm "$ROOT/stack"
if [ -f "$ROOT/web/package.json" ]; then
  echo "==> installing the web app's packages"
  ensure_bun
  (cd "$ROOT/web" && { bun install --frozen-lockfile >/dev/null 2>&1 || bun install >/dev/null; })
fi
echo "==> building the backend and the web app (Maven; a few minutes the first time)"
mvn -q -B -ntp -Dstyle.color=never -f backend/pom.xml package -DskipTests

# the build takes minutes: check the ports again before starting
local_check_ports
trap stop_local EXIT
trap 'exit 130' INT TERM
start_stack
start_backend "$ROOT/backend/target/caravel.jar"
print_banner "http://localhost:$PORT"
rc=0
wait -n "$BACKEND_PID" "$STACK_CHILD" || rc=$?
if ! kill -0 "$BACKEND_PID" 2>/dev/null; then
  echo "caravel: the backend stopped (status $rc); the end of $BACKEND_LOG:" >&2; tail -15 "$BACKEND_LOG" >&2
else
  echo "caravel: the local stack stopped (status $rc); the end of $STACK_LOG:" >&2; tail -5 "$STACK_LOG" >&2
fi
exit 1
