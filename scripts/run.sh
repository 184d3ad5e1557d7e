#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# ./caravel run: the backend (jar with the web app inside) + the local stack (relay, wallets, zooid emulator, Stripe
# emulator), on an SQLite file under data/ (CARAVEL_DATA to use another folder). Secrets for local use are
# generated once into data/local.env. Fails before building or starting anything when one of its ports is taken.
set -euo pipefail
# the banner says how long the run took to be ready, and where that time went
STARTED=$EPOCHREALTIME
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/local.sh"
source "$(dirname "$0")/aot-cache.sh"
cd "$ROOT"
local_init run

echo "==> installing local stack packages"
ensure_npm "$ROOT/stack"
JAR="$ROOT/backend/target/caravel.jar"
BUILD_STAMP="$ROOT/backend/target/caravel-run.stamp"
BUILD_LOG="$DATA/build.log"
# The jar is rebuilt only when something that goes into it changed since the last build by this script: the stamp
# holds a hash of those inputs and the jar's size and mtime, so a jar rebuilt by anything else (a test run, maybe
# without the web app) is rebuilt here too.
build_inputs_hash() {
  (cd "$ROOT" && find backend/pom.xml backend/src/main scripts/build-web.sh \
    web/index.html web/package.json web/bun.lock web/bunfig.toml web/tsconfig.json web/vite.config.ts \
    web/src web/public web/scripts -type f -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
}
build_stamp() { printf '%s\n%s\n' "$(build_inputs_hash)" "$(stat -c '%s %Y' "$JAR" 2>/dev/null)"; }
if [ -f "$JAR" ] && [ -f "$BUILD_STAMP" ] && [ "$(build_stamp)" = "$(cat "$BUILD_STAMP")" ]; then
  echo "==> the backend and the web app are up to date (nothing changed since the last build)"
else
  echo "==> building the backend and the web app (a few minutes the first time); log: $BUILD_LOG"
  # the last build's output only, so its tail on failure is this build's
  : > "$BUILD_LOG"
  rm -f "$BUILD_STAMP"
  # NO_COLOR, FORCE_COLOR=0 and -B: plain text in the log, no escape codes (the web app's packages are installed
  # by scripts/build-web.sh, which Maven runs)
  # -Prun (backend/pom.xml): no style gate and no test compiled; ./caravel test runs those
  if ! NO_COLOR=1 FORCE_COLOR=0 mvn -B -ntp -Dstyle.color=never -f backend/pom.xml -Prun package >>"$BUILD_LOG" 2>&1; then
    echo "caravel: the build failed; the end of $BUILD_LOG:" >&2
    tail -30 "$BUILD_LOG" >&2
    exit 1
  fi
  build_stamp > "$BUILD_STAMP"
fi

BUILT=$EPOCHREALTIME

# the build takes minutes: check the ports again before starting
local_check_ports
trap stop_local EXIT
trap 'exit 130' INT TERM
start_stack
STACK_READY=$EPOCHREALTIME
# on the JDK's ahead-of-time cache for this jar when there is one (made in the background after the first start)
aot=()
mapfile -t aot < <(aot_options "$JAR")
start_backend "$JAR" "${aot[@]}"
# seconds from A to B, both $EPOCHREALTIME values, to a tenth (a locale may write them with a decimal comma)
took() { awk -v a="${1/,/.}" -v b="${2/,/.}" 'BEGIN { printf "%.1f", b - a }'; }
BACKEND_READY=$EPOCHREALTIME
on_cache=""
[ ${#aot[@]} = 0 ] || on_cache=" on its AOT cache"
READY_IN="$(took "$STARTED" "$BACKEND_READY") s: checks and build $(took "$STARTED" "$BUILT") s, local stack \
$(took "$BUILT" "$STACK_READY") s, backend $(took "$STACK_READY" "$BACKEND_READY") s$on_cache"
EXTRA_LOGS="$BUILD_LOG (the last build)" print_banner "http://localhost:$PORT"
aot_train_in_background "$JAR"
rc=0
wait -n "$BACKEND_PID" "$STACK_CHILD" || rc=$?
if ! kill -0 "$BACKEND_PID" 2>/dev/null; then
  echo "caravel: the backend stopped (status $rc); the end of $BACKEND_LOG:" >&2; tail -15 "$BACKEND_LOG" >&2
else
  echo "caravel: the local stack stopped (status $rc); the end of $STACK_LOG:" >&2; tail -5 "$STACK_LOG" >&2
fi
exit 1
