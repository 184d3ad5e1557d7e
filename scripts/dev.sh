#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# ./caravel dev: ./caravel run with hot reload. The local stack, the backend (built without the web app) and the Vite
# dev server for web/ (VITE_PORT, 5173), which proxies API calls to the backend. Changes under web/src reach the
# browser at once; changes under backend/src (or backend/pom.xml) rebuild the jar and restart the backend, keeping the
# running one when the build fails. Same ports, data dir and logs as ./caravel run, plus data/dev-build.log and
# data/vite.log. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/local.sh"
cd "$ROOT"
[ -f "$ROOT/web/package.json" ] || { echo "caravel: ./caravel dev needs the web app in web/" >&2; exit 1; }
VITE_PORT="${VITE_PORT:-5173}"
local_init dev
DEV="$DATA/dev"
mkdir -p "$DEV"
BUILD_LOG="$DATA/dev-build.log"
VITE_LOG="$DATA/vite.log"
EXTRA_LOGS="$BUILD_LOG, $VITE_LOG"

echo "==> installing local stack and web app packages"
ensure_npm "$ROOT/stack"
ensure_bun
(cd "$ROOT/web" && { bun install --frozen-lockfile >/dev/null 2>&1 || bun install >/dev/null; })

# build_backend: the jar without the web app (Vite serves it) and without the formatting check (a save in the middle
# of an edit should not stop the reload; ./caravel test still checks formatting). Runs the jar from a copy, so a
# rebuild never rewrites the file a running JVM reads.
build_backend() {
  log_begin "$BUILD_LOG" "./caravel dev: mvn package"
  touch "$DEV/stamp.next" # changes saved during the build trigger another one
  # in the background and waited for, so a TERM reaches the trap at once (bash runs traps only between commands)
  mvn -B -ntp -Dstyle.color=never -f backend/pom.xml package -DskipTests -Dskip.web -Dspotless.check.skip=true \
    >> "$BUILD_LOG" 2>&1 &
  BUILD_PID=$!
  local rc=0
  wait "$BUILD_PID" || rc=$?
  BUILD_PID=""
  if [ "$rc" = 0 ]; then
    mv "$DEV/stamp.next" "$DEV/stamp"
    cp "$ROOT/backend/target/caravel.jar" "$DEV/caravel.jar"
  else
    mv "$DEV/stamp.next" "$DEV/stamp"
    echo "caravel: the backend build failed; the errors in $BUILD_LOG:" >&2
    grep -E '^\[ERROR\]' "$BUILD_LOG" | tail -15 >&2 || tail -15 "$BUILD_LOG" >&2
    return 1
  fi
}
backend_changed() { [ -n "$(find backend/src backend/pom.xml -newer "$DEV/stamp" -print -quit 2>/dev/null)" ]; }

trap stop_local EXIT
trap 'exit 130' INT TERM
echo "==> building the backend (Maven, without the web app; a few minutes the first time); log: $BUILD_LOG"
build_backend

# the build takes minutes: check the ports again before starting
local_check_ports
# NIP-98 signatures are made for the page's origin, which is now the Vite dev server
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$VITE_PORT,http://localhost:$VITE_PORT,http://localhost:$PORT,http://127.0.0.1:$PORT}"
start_stack
start_backend "$DEV/caravel.jar"

echo "==> starting the Vite dev server; log: $VITE_LOG"
log_begin "$VITE_LOG" "./caravel dev"
API_URL="http://127.0.0.1:$PORT"
# (vite.config.ts reads PORT as its own port and CARAVEL_API_URL as the backend)
(cd "$ROOT/web" && CARAVEL_API_URL="$API_URL" PORT="$VITE_PORT" NO_COLOR=1 \
  exec node_modules/.bin/vite --port "$VITE_PORT" --strictPort) >> "$VITE_LOG" 2>&1 < /dev/null &
VITE_PID=$!
for _ in $(seq 1 60); do
  if curl -sf "http://127.0.0.1:$VITE_PORT/" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$VITE_PID" 2>/dev/null; then
    echo "caravel: the Vite dev server exited; the end of $VITE_LOG:" >&2; tail -15 "$VITE_LOG" >&2; exit 1
  fi
  sleep 0.5
done

print_banner "http://127.0.0.1:$VITE_PORT"
cat <<MSG
  Hot reload: saving under web/src updates the page at once; saving under backend/src rebuilds and restarts the
  backend (a failed build keeps the running one and prints the errors). The backend alone is at http://127.0.0.1:$PORT.

MSG

while sleep 2; do
  if ! kill -0 "$VITE_PID" 2>/dev/null; then
    echo "caravel: the Vite dev server stopped; the end of $VITE_LOG:" >&2; tail -15 "$VITE_LOG" >&2; exit 1
  fi
  if ! kill -0 "$STACK_CHILD" 2>/dev/null; then
    echo "caravel: the local stack stopped; the end of $STACK_LOG:" >&2; tail -5 "$STACK_LOG" >&2; exit 1
  fi
  if [ -n "${BACKEND_PID:-}" ] && ! kill -0 "$BACKEND_PID" 2>/dev/null; then
    BACKEND_PID=""
    echo "caravel: the backend stopped (see $BACKEND_LOG); it restarts at the next change under backend/src" >&2
  fi
  if backend_changed; then
    echo "==> backend sources changed: rebuilding"
    if build_backend; then
      stop_backend
      if start_backend "$DEV/caravel.jar"; then echo "==> backend restarted"; fi
    fi
  fi
done
