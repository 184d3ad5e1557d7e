#!/usr/bin/env bash
# ./caravel test: installs what the tests need (JDK located, npm packages, Bun, Debian's chromium when the browser
# tests exist), then runs every suite: local stack peers (node), backend (Maven/JUnit), web app (bun test),
# end-to-end in Chromium. Prints one closing line "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
find_java || exit 1
LOGS="$ROOT/test-output"
rm -rf "$LOGS"; mkdir -p "$LOGS"
PASSED=0; FAILED=0; SUITES_FAILED=()

need_chromium() { [ -d "$ROOT/web/e2e" ]; }
if need_chromium && ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing chromium (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { echo "could not install chromium" >&2; exit 1; }
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || { echo "could not install chromium" >&2; exit 1; }
  fi
fi
echo "==> installing npm packages"
ensure_npm "$ROOT/stack" || { echo "npm install failed in stack/" >&2; exit 1; }
if [ -f "$ROOT/web/package.json" ]; then
  ensure_bun || exit 1
  (cd "$ROOT/web" && { bun install --frozen-lockfile >/dev/null 2>&1 || bun install >/dev/null; }) || { echo "bun install failed in web/" >&2; exit 1; }
fi

# counts LOG: "passed failed" from a node (--test-reporter=spec: "ℹ pass N") or bun ("N pass") summary
counts() {
  local p f
  p=$(grep -E '^ℹ pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  [ -z "$p" ] && p=$(grep -E '^ *[0-9]+ pass$' "$1" | tail -1 | awk '{print $1}')
  [ -z "$f" ] && f=$(grep -E '^ *[0-9]+ fail$' "$1" | tail -1 | awk '{print $1}')
  echo "${p:-0} ${f:-0}"
}

# record NAME PASSED FAILED EXIT: adds a suite's counts; a suite that exits non-zero counts as failed even without counts
record() {
  local name="$1" p="${2:-0}" f="${3:-0}" rc="$4"
  [ -z "$p" ] && p=0; [ -z "$f" ] && f=0
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  [ "$f" != 0 ] && SUITES_FAILED+=("$name")
  echo "==> $name: $p passed, $f failed"
}

echo "==> local stack tests (node --test)"
(cd stack && npm run -s lint && npm run -s typecheck && node --test --test-reporter=spec --test-concurrency=2 test/) > "$LOGS/stack.log" 2>&1; rc=$?
tail -12 "$LOGS/stack.log"
record stack $(counts "$LOGS/stack.log") $rc

echo "==> backend tests (Maven Surefire)"
mvn -B -ntp -f backend/pom.xml verify > "$LOGS/backend.log" 2>&1; rc=$?
grep -E "Tests run:|FAIL|ERROR\]" "$LOGS/backend.log" | grep -v "^\[INFO\] Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: 0, Time" | tail -25
summary=$(grep -E "^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$" "$LOGS/backend.log" | tail -1)
bt=$(echo "$summary" | sed -E 's/.*Tests run: ([0-9]+).*/\1/'); bf=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1+\2/')
bs=$(echo "$summary" | sed -E 's/.*Skipped: ([0-9]+).*/\1/')
if [ -n "$summary" ]; then record backend $((bt - bf - bs)) $((bf)) $rc; else record backend 0 0 $rc; fi

if [ -f "$ROOT/web/package.json" ]; then
  echo "==> web app tests (bun test)"
  (cd web && bun run lint && bun run typecheck && bun test) > "$LOGS/web.log" 2>&1; rc=$?
  tail -6 "$LOGS/web.log"
  record web $(counts "$LOGS/web.log") $rc
fi

echo "==> API fuzzing (schemathesis from PyPI against the jar, bounded)"
bash "$ROOT/scripts/fuzz.sh" "${FUZZ_EXAMPLES:-30}" > "$LOGS/fuzz.log" 2>&1; rc=$?
grep -E "schemathesis as|generated|fuzz:|Failed|_____ " "$LOGS/fuzz.log" | tail -8
if [ "$rc" = 0 ]; then record fuzz 1 0 0; else record fuzz 0 1 "$rc"; fi

if need_chromium; then
  echo "==> end-to-end tests (playwright-core + chromium, full local stack)"
  (cd web && bun run e2e) > "$LOGS/e2e.log" 2>&1; rc=$?
  tail -15 "$LOGS/e2e.log"
  record e2e $(counts "$LOGS/e2e.log") $rc
fi

echo
[ ${#SUITES_FAILED[@]} -gt 0 ] && echo "failed suites: ${SUITES_FAILED[*]} (logs in test-output/)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
