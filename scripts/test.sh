#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# ./caravel test: installs what the tests need (JDK located, npm packages, Bun, Debian's chromium when the browser
# tests exist and caddy for the deploy test, schemathesis from PyPI for the fuzzing), then runs every suite: local stack peers (node), backend
# (Maven/JUnit, on SQLite and again on Debian's PostgreSQL), web app (bun test), API fuzzing, the Flotilla hosting API's flows (bun test), the deploy test
# (Debian's caddy with deploy/Caddyfile), end-to-end in Chromium. Logs go to test-output/ (no colour codes).
# The summary names every failed test, and says which suites did not run because a build failed. Its last line is
# "N passed, N failed"; the exit status is non-zero when anything failed (.ci/run relies on both). Before it, each
# suite's time.
# The PostgreSQL pass runs the classes tagged "both-databases" (caravel.testing.BothDatabases: stores, migrations,
# SQL-heavy flows, locking and concurrency, one end-to-end flow per service); the rest runs on SQLite alone.
# The summary (also in test-output/summary.txt, from scripts/test/summary.mjs) gives each suite's time and the 15
# slowest test classes and files, and fails the run when a backend test class takes over 30 s or an end-to-end file
# over 90 s unless scripts/test/budget.txt allows it, with a reason — where CI is set (.ci/run sets it; on a machine
# busy with other work a class over its budget is named, not failed: the budget is wall-clock time).
#   ./caravel test --fast   a few minutes, no peer: lint and types (stack, web), the ratchets (copies, sizes), the web app's unit tests and the backend
#                           tests that start no local-stack peer (JUnit tags "peer" and "slow" left out; a test that
#                           starts a peer without its "peer" tag fails there, saying so; the billing and card
#                           property tests with 300 and 40 histories instead of 2000 and 150); no apt packages, no
#                           fuzzing, no jar, so none of the suites that need the jar and the stack
#   ./caravel test --full   everything the default run does, with the whole backend suite on PostgreSQL too (not only
#                           the "both-databases" classes), and every benchmark run at its smallest size (bench/run
#                           --smallest: a benchmark that breaks fails the "bench" suite): before a release, and after
#                           touching SQL
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/postgres.sh"
# the PostgreSQL pass's server and its folder (gigabytes after a pass) go when the run ends, however it ends
PG_DIR=""
remove_test_postgres() {
  stop_test_postgres
  [ -z "$PG_DIR" ] || rm -rf "$PG_DIR"
  PG_DIR=""
}
trap remove_test_postgres EXIT
cd "$ROOT" || exit 1
FAST=""; FULL=""
case "${1:-}" in
  "") ;;
  --fast) FAST=1 ;;
  --full) FULL=1 ;;
  *) echo "usage: ./caravel test [--fast | --full]" >&2; exit 2 ;;
esac
find_java || exit 1
LOGS="$ROOT/test-output"
rm -rf "$LOGS"; mkdir -p "$LOGS"
# each suite's reports (Surefire's XML, Bun's JUnit XML, the node reporter's per-file times) for the summary
REPORTS="$LOGS/reports"; mkdir -p "$REPORTS"/{stack,backend,backend-pg,web,flotilla,flotilla-newer,deploy,e2e}
# node --test's reporters: the spec one for the log, and each file's time for the summary
node_reporters() { echo "--test-reporter=spec --test-reporter-destination=stdout --test-reporter=$ROOT/scripts/test/file-times-reporter.mjs --test-reporter-destination=$REPORTS/$1/files.tsv"; }
PASSED=0; FAILED=0; SUITES_FAILED=(); FAILED_TESTS=(); FLAKY_TESTS=(); NOT_RUN=()
# no colours in the logs: every tool here honours one of these
export NO_COLOR=1 FORCE_COLOR=0
export MAVEN_ARGS="${MAVEN_ARGS:-} -Dstyle.color=never"

need_chromium() { [ -d "$ROOT/web/e2e" ]; }
# the deploy test runs deploy/Caddyfile in Debian's caddy
need_caddy() { [ -f "$ROOT/web/e2e/deploy.test.mjs" ]; }
# apt_install PACKAGE: Debian's package through apt-get (with sudo when not root); the package index is updated once
APT_UPDATED=""
apt_install() {
  echo "==> installing $1 (Debian package, apt-get)"
  local sudo_=(); [ "$(id -u)" = 0 ] || sudo_=(sudo)
  # another package run holding dpkg's lock (an unattended upgrade, a second clone's test run) is waited for
  local apt=("${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  if [ -z "$APT_UPDATED" ]; then "${apt[@]}" update -qq || return 1; APT_UPDATED=1; fi
  # (on a machine run by systemd, caddy's package also starts its own caddy.service with Debian's default site on
  # port 80; the deploy test never uses it and runs its own Caddy on free ports)
  if "${apt[@]}" install -y -qq "$1" >/dev/null; then return 0; fi
  # a machine whose earlier package run was cut off refuses every install until dpkg finishes that run's
  # configuration (and apt reinstalls a package left half unpacked); do both once and try again, and when that
  # fails too, leave in the log what dpkg says is unfinished
  echo "==> apt-get failed; finishing an interrupted dpkg run (dpkg --configure -a, apt-get install -f) and retrying"
  "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >&2 || echo "dpkg --configure -a failed" >&2
  "${apt[@]}" install -y -qq -f >&2 || echo "apt-get install -f failed" >&2
  "${apt[@]}" install -y -qq "$1" >/dev/null && return 0
  echo "==> still failing; dpkg --audit says:" >&2
  "${sudo_[@]}" dpkg --audit >&2 || true
  return 1
}
# the fast run needs none of the Debian packages (they serve the end-to-end, deploy and alert-rule tests)
if [ -n "$FAST" ]; then need_chromium() { false; }; need_caddy() { false; }; fi
# debian_packages: the Debian packages this run needs and the machine lacks
debian_packages() {
  if need_chromium && ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium || { echo "could not install chromium" >&2; return 1; }
  fi
  if need_caddy && ! command -v caddy >/dev/null 2>&1; then
    apt_install caddy || { echo "could not install caddy" >&2; return 1; }
  fi
  # the sqlite3 shell runs deploy/zooid-copy-events, the operator's copy of a relay's events between zooid nodes
  # (ZooidCopyEventsTest, in every run: a small package)
  if ! command -v sqlite3 >/dev/null 2>&1; then
    apt_install sqlite3 || { echo "could not install sqlite3" >&2; return 1; }
  fi
  # promtool (Debian's prometheus package) checks deploy/prometheus and runs its alert rules' unit tests
  # (PrometheusFilesTest); without it that test checks the files as YAML only, so a failed install is not fatal (on a
  # machine run by systemd the package also starts its own prometheus.service on port 9090, which no test uses)
  if [ -z "$FAST" ] && [ -d "$ROOT/deploy/prometheus" ] && ! command -v promtool >/dev/null 2>&1; then
    apt_install prometheus || echo "could not install prometheus: deploy/prometheus is checked as YAML only" >&2
  fi
  # PostgreSQL's server for the backend's second pass (scripts/postgres.sh would install it then, in the middle of the run)
  if [ -z "$FAST" ] && [ -z "$(pg_bin initdb)" ]; then
    apt_install postgresql || { echo "could not install postgresql" >&2; return 1; }
  fi
}
# They install in the background (apt waits on the network and dpkg) while the npm packages install and the local
# stack's tests run; the backend suite, the first that needs them, waits for them (wait_debian_packages).
debian_packages > "$LOGS/apt.log" 2>&1 &
APT_PID=$!
wait_debian_packages() {
  [ -n "$APT_PID" ] || return 0
  local rc=0
  wait "$APT_PID" || rc=$?
  APT_PID=""
  strip_ansi "$LOGS/apt.log"
  grep -E '^==>|could not|failed' "$LOGS/apt.log" || true
  [ "$rc" = 0 ] || { echo "the Debian packages the tests need could not be installed (test-output/apt.log)" >&2; exit 1; }
}
echo "==> installing npm packages"
ensure_npm "$ROOT/stack" || { echo "npm install failed in stack/" >&2; exit 1; }
if [ -f "$ROOT/web/package.json" ]; then
  ensure_bun || exit 1
  (cd "$ROOT/web" && { bun install --frozen-lockfile >/dev/null 2>&1 || bun install >/dev/null; }) || { echo "bun install failed in web/" >&2; exit 1; }
  # installed: the web build Maven runs (scripts/build-web.sh) does not install again while the web suite reads them
  touch "$ROOT/web/node_modules/.caravel-stamp"
fi

# strip_ansi FILE: removes terminal escape codes a tool wrote anyway
strip_ansi() { [ -f "$1" ] && sed -i -E 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b\][^\x07]*\x07//g' "$1"; }

# counts LOG: "passed failed" from a node (--test-reporter=spec: "ℹ pass N") or bun ("N pass") summary
counts() {
  local p f
  p=$(grep -E '^ℹ pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  [ -z "$p" ] && p=$(grep -E '^ *[0-9]+ pass$' "$1" | tail -1 | awk '{print $1}')
  [ -z "$f" ] && f=$(grep -E '^ *[0-9]+ fail$' "$1" | tail -1 | awk '{print $1}')
  echo "${p:-0} ${f:-0}"
}

# Failed test names, one a line, from each runner's log.
# node --test (spec reporter): the "✖ failing tests:" list, "test at FILE:LINE:COL" then "✖ NAME (TIME)"
node_failures() {
  sed -n '/^✖ failing tests:/,$p' "$1" | awk '
    /^test at / { loc = $3; sub(/:[0-9]+$/, "", loc); next }
    /^✖ / && !/failing tests:/ { n = substr($0, 5); sub(/ \([0-9.]+m?s\)$/, "", n); print n (loc ? "  (" loc ")" : ""); loc = "" }'
}
# bun test: "(fail) describe > name [TIME]" after a "FILE:" header
bun_failures() {
  awk '
    /^[^ ()].*\.(test|spec)\.[cm]?[jt]sx?:$/ { file = substr($0, 1, length($0) - 1); next }
    /^\(fail\) / { n = substr($0, 8); sub(/ \[[0-9.]+m?s\]$/, "", n); print n (file ? "  (" file ")" : "") }' "$1"
}
# what a failed bun test said: the lines since the test before it, up to its "(fail)" line (bun prints the failing
# assertion, its expected and received values and the source line there), the last 30 of each
bun_failure_details() {
  awk '/^\((pass|skip|todo)\) / { n = 0; next }
       /^\(fail\) / { s = n > 30 ? n - 30 : 0; for (i = s; i < n; i++) print buf[i]; print; print ""; n = 0; next }
       { buf[n++] = $0 }' "$1" | head -"${2:-120}"
}
# what failed node tests said: the spec reporter repeats each failure with its error at the end of the run
node_failure_details() {
  sed -n '/^✖ failing tests:/,$p' "$1" | head -"${2:-120}"
}
# Maven Surefire 3: "[ERROR] pkg.Class.method -- Time elapsed: … <<< FAILURE!" (or ERROR!)
# A test that failed and then passed on its rerun (pom.xml: surefire.reruns) is listed under "Flakes:" in the results,
# not failed: surefire_flakes names those, and surefire_failures leaves them out.
surefire_failures() {
  grep -E '<<< (FAILURE|ERROR)!' "$1" | grep -v 'Tests run:' | sed -E 's/^\[(ERROR|WARNING)\] //; s/ +(--|) *Time elapsed.*//' | sort -u \
    | grep -vxF -f <(surefire_flakes "$1"; echo "#none")
}
surefire_flakes() {
  # a test's runs and their messages (some over several lines) follow its name, up to the closing Tests run line
  awk '/^\[WARNING\] Flakes: *$/ { on = 1; next }
       on && /^\[(ERROR|INFO|WARNING)\] Tests run:/ { on = 0; next }
       on && /^\[WARNING\] [^ ]+$/ { print substr($0, 11) }' "$1" | sort -u
}

# duration SECONDS: "42s", "3m 07s"
duration() { if [ "$1" -lt 60 ]; then echo "${1}s"; else printf '%dm %02ds\n' $(($1 / 60)) $(($1 % 60)); fi; }
SUITE_START=$SECONDS
# children_cpu: seconds of CPU (user + system) used so far by every process this script has waited for, the
# processes they waited for included (bash's `times`, second line). On a 2-core machine the suite's time is bounded by
# its CPU: each record gives the CPU its suite used, so a suite that grows shows as CPU, not only as wall clock.
children_cpu() {
  # `times` runs in this shell (a command substitution's subshell would report its own children): its output goes to
  # a file of this process's own, then CPU_NOW holds the seconds
  local f="$LOGS/.times.$BASHPID"
  times > "$f"
  CPU_NOW=$(sed -n 2p "$f" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%d", s }')
  rm -f "$f"
}
# CPU_ASIDE: the CPU of suites that ran in the background and ended since the last record (they report their own);
# SUITE_CPU: the next record's CPU when its suite measured it itself
CPU_ASIDE=0
SUITE_CPU=""
# suite_started: the next record's suite starts now (its time and CPU, installs excluded, go into the summary)
suite_started() {
  SUITE_START=$SECONDS
  children_cpu; CPU_MARK=$CPU_NOW
}
suite_started

# record NAME PASSED FAILED EXIT [FAILED TEST NAMES…]: adds a suite's counts and time since suite_started; a suite
# that exits non-zero counts as failed even without counts
record() {
  local name="$1" p="${2:-0}" f="${3:-0}" rc="$4" t took
  shift 4
  [ -z "$p" ] && p=0; [ -z "$f" ] && f=0
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  [ "$f" != 0 ] && SUITES_FAILED+=("$name")
  for t in "$@"; do FAILED_TESTS+=("$name: $t"); done
  took="$(duration $((SECONDS - SUITE_START)))"
  # the CPU of what was waited for since the last record: this suite's processes (a suite run in the background is
  # waited for just before its record)
  [ -z "$SUITE_CPU" ] && background_cpu_aside
  children_cpu
  local cpu="${SUITE_CPU:-$((CPU_NOW - CPU_MARK - CPU_ASIDE))}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" $((SECONDS - SUITE_START)) "$p" "$f" "$cpu" >> "$LOGS/suite-times.tsv"
  echo "==> $name: $p passed, $f failed ($took, $(duration "$cpu") of CPU)"
  CPU_MARK=$CPU_NOW; CPU_ASIDE=0; SUITE_CPU=""
}

# run_steps LOG STEP… : runs "label=command" steps in order into LOG, stopping at the first failure; sets STEP_FAILED
# to that step's label (empty when all passed) and returns its status
run_steps() {
  local log="$1" step rc; shift
  STEP_FAILED=""
  for step in "$@"; do
    echo "----- ${step%%=*}: ${step#*=}" >> "$log"
    bash -c "${step#*=}" >> "$log" 2>&1; rc=$?
    if [ "$rc" != 0 ]; then STEP_FAILED="${step%%=*}"; strip_ansi "$log"; return "$rc"; fi
  done
  strip_ansi "$log"
}

# a suite whose tests never ran because a step before them failed is one failure named after that step
suite_result() {
  local name="$1" log="$2" rc="$3" kind="$4" names=()
  if [ -n "$STEP_FAILED" ] && [ "$STEP_FAILED" != tests ]; then
    record "$name" 0 1 "$rc" "$STEP_FAILED failed, so its tests did not run (see test-output/$(basename "$log"))"
    return
  fi
  mapfile -t names < <("${kind}_failures" "$log")
  # shellcheck disable=SC2046 # counts prints two numbers
  record "$name" $(counts "$log") "$rc" "${names[@]}"
}

# in_background NAME LOG STEP…: runs a suite's steps (run_steps) beside what follows; finish_background records it.
# The local stack's and the web app's suites run while Maven builds the backend: its compiler and formatter use one
# core of two for over a minute, and neither suite needs the jar.
declare -A BACKGROUND=() ASIDE=()
in_background() {
  local name="$1"; shift
  ( start=$SECONDS; run_steps "$@"; rc=$?; children_cpu
    printf '%s %s %s %s\n' "$rc" $((SECONDS - start)) "$CPU_NOW" "$STEP_FAILED" > "$LOGS/.$name.done" ) &
  BACKGROUND[$name]=$!
}
# background_cpu_aside: the background suites that have ended are waited for and their CPU set aside, so that the
# record made now (the backend's) counts its own CPU only
background_cpu_aside() {
  local name rc took cpu rest
  for name in "${!BACKGROUND[@]}"; do
    [ -f "$LOGS/.$name.done" ] || continue
    [ -n "${ASIDE[$name]:-}" ] && continue
    wait "${BACKGROUND[$name]}"
    read -r rc took cpu rest < "$LOGS/.$name.done"
    CPU_ASIDE=$((CPU_ASIDE + cpu)); ASIDE[$name]=1
  done
}
# finish_background NAME LOG KIND TAIL [BESIDE]: waits for the suite, prints its log's last TAIL lines (and what
# failed) and records it with its own time; BESIDE names what it ran beside (the backend's build)
finish_background() {
  local name="$1" log="$2" kind="$3" rc took
  [ -n "${ASIDE[$name]:-}" ] || wait "${BACKGROUND[$name]}"
  rc=1; took=0; STEP_FAILED=tests; SUITE_CPU=0
  [ -f "$LOGS/.$name.done" ] && read -r rc took SUITE_CPU STEP_FAILED < "$LOGS/.$name.done"
  rm -f "$LOGS/.$name.done"
  local beside=${5:-"the backend's build"}
  echo "==> $name (ran beside $beside)"
  tail -"$4" "$log"
  [ "$rc" != 0 ] && "${kind}_failure_details" "$log"
  SUITE_START=$((SECONDS - took))
  suite_result "$name" "$log" "$rc" "$kind"
}

if [ -n "$FAST" ]; then
  # the stack's own tests start its servers: the fast run checks its lint and types only
  echo "==> local stack: lint and types (beside the backend)"
  in_background stack "$LOGS/stack.log" "lint=cd stack && npm run -s lint" "typecheck=cd stack && npm run -s typecheck"
else
  echo "==> local stack tests (node --test, beside the backend)"
  in_background stack "$LOGS/stack.log" "lint=cd stack && npm run -s lint" "typecheck=cd stack && npm run -s typecheck" \
    "tests=cd stack && node --test $(node_reporters stack) --test-concurrency=2 test/"
fi
if [ -f "$ROOT/web/package.json" ]; then
  echo "==> web app tests (bun test, beside the backend)"
  in_background web "$LOGS/web.log" "lint=cd web && bun run lint" "typecheck=cd web && bun run typecheck" "copies=cd web && bun run copies" "tests=cd web && bun test --reporter=junit --reporter-outfile=$REPORTS/web/junit.xml"
fi

wait_debian_packages
suite_started
# Failing tests do not stop the build (-Dmaven.test.failure.ignore), so the jar the fuzzing and the end-to-end tests
# use is always built from these sources; a build failure (format, web app, compile) leaves no new jar.
BUILD_STAMP="$LOGS/.build-start"; touch "$BUILD_STAMP"
if [ -n "$FAST" ]; then
  # no jar and no web build (the web suite below lints and type-checks it); caravel.peers=none makes a test that
  # starts a peer without the "peer" tag fail, naming the tag
  echo "==> backend tests without peers (Maven Surefire; tags peer and slow left out)"
  mvn -B -ntp -Dstyle.color=never -Dmaven.test.failure.ignore=true -Dsurefire.reruns=1 -Dsurefire.forkCount=2 -Dskip.web=true \
    -Dsurefire.excludedGroups=peer,slow -Dcaravel.peers=none -Dbilling.histories=300 -Dcard.histories=40 -f backend/pom.xml test > "$LOGS/backend.log" 2>&1; rc=$?
else
  echo "==> backend tests (Maven Surefire)"
  # --full also compiles the benchmarks (profile "bench"), which the default run leaves to ./caravel bench. The
  # default run takes fewer random samples of the property and crash tests than --full, and the same checks on each:
  # 600 of the 2000 billing histories, 6 of CrashLoopTest's 10 kill cycles, and 2 of TwoProcessCrashTest's 4 cycles
  # (its PostgreSQL pass, the setting where two processes share a database in production, keeps all 4)
  sampled=()
  [ -z "$FULL" ] && sampled=(-Dbilling.histories=600 -Dcrash.cycles=6 -Dcrash.twoprocess.cycles=2)
  mvn -B -ntp -Dstyle.color=never -Dmaven.test.failure.ignore=true -Dsurefire.reruns=1 -Dsurefire.forkCount=2 ${FULL:+-Pbench} \
    "${sampled[@]}" -f backend/pom.xml verify > "$LOGS/backend.log" 2>&1; rc=$?
fi
strip_ansi "$LOGS/backend.log"
grep -E "Tests run:|FAIL|ERROR\]" "$LOGS/backend.log" | grep -v "^\[INFO\] Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: 0, Time" | tail -25
JAR="$ROOT/backend/target/caravel.jar"
BUILD_BROKEN=""
# the fast run builds no jar: there, a build failure is Maven's own failure (failing tests do not fail it)
if { [ -n "$FAST" ] && [ "$rc" != 0 ]; } || { [ -z "$FAST" ] && { [ ! -f "$JAR" ] || [ ! "$JAR" -nt "$BUILD_STAMP" ]; }; }; then
  goal="$(grep -m1 -E '^\[ERROR\] Failed to execute goal' "$LOGS/backend.log")"
  case "$goal" in
    *spotless*) BUILD_BROKEN="the backend's formatting check failed (fix: mvn -f backend/pom.xml spotless:apply)" ;;
    *maven-pmd-plugin*) BUILD_BROKEN="the copy ratchet failed: backend/src/main has more copies than copies.most in backend/pom.xml allows (the copies: test-output/backend.log, backend/target/cpd.xml)" ;;
    *exec-maven-plugin*) BUILD_BROKEN="the web app build (scripts/build-web.sh, run by Maven) failed" ;;
    *maven-compiler-plugin*testCompile*) BUILD_BROKEN="the backend's tests did not compile" ;;
    *maven-compiler-plugin*) BUILD_BROKEN="the backend did not compile" ;;
    "") BUILD_BROKEN="the backend build produced no jar" ;;
    *) BUILD_BROKEN="the backend build failed: ${goal#\[ERROR\] }" ;;
  esac
  echo "==> $BUILD_BROKEN:"
  grep -E '^\[ERROR\] .*\.(java|ts|tsx):|^\[ERROR\] .*(error|ERROR)' "$LOGS/backend.log" | head -10
fi
# backend_result NAME LOG RC: records a Maven Surefire run (its failed and flaky tests by name)
backend_result() {
  local name="$1" log="$2" rc="$3" summary bt bf bs t names flakes
  summary=$(grep -E "^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+(, Flakes: [0-9]+)?$" "$log" | tail -1)
  mapfile -t names < <(surefire_failures "$log")
  mapfile -t flakes < <(surefire_flakes "$log")
  for t in "${flakes[@]}"; do FLAKY_TESTS+=("$name: $t"); done
  if [ -n "$BUILD_BROKEN" ] && [ -z "$summary" ]; then
    record "$name" 0 1 1 "$BUILD_BROKEN, so no backend test ran (see test-output/$(basename "$log"))"
  elif [ -n "$summary" ]; then
    bt=$(echo "$summary" | sed -E 's/.*Tests run: ([0-9]+).*/\1/'); bf=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1+\2/')
    bs=$(echo "$summary" | sed -E 's/.*Skipped: ([0-9]+).*/\1/')
    bf=$((bf))
    # failing tests do not fail the build here: make sure they count even if the summary line changes its form
    if [ "$bf" = 0 ] && { [ ${#names[@]} -gt 0 ] || { [ ${#flakes[@]} = 0 ] && grep -q "There are test failures" "$log"; }; }; then
      bf=$(( ${#names[@]} > 0 ? ${#names[@]} : 1 ))
    fi
    [ -n "$BUILD_BROKEN" ] && [ "$name" = backend ] && names+=("$BUILD_BROKEN (after the tests)")
    record "$name" $((bt - bf - bs)) "$bf" "$rc" "${names[@]}"
  else
    record "$name" 0 "${#names[@]}" "$rc" "${names[@]}"
  fi
}
backend_result backend "$LOGS/backend.log" "$rc"
# keep_reports SUITE: this Maven run's Surefire reports, before the next run writes over them
keep_reports() { cp backend/target/surefire-reports/TEST-*.xml "$REPORTS/$1/" 2>/dev/null || true; }
keep_reports backend
finish_background stack "$LOGS/stack.log" node 12
[ -f "$ROOT/web/package.json" ] && finish_background web "$LOGS/web.log" bun 6

# The backend on PostgreSQL (a throwaway server of Debian's package): every test that opens the platform's database
# opens a PostgreSQL database instead of its SQLite file. The default run takes the classes tagged "both-databases"
# (what can differ between the two databases); --full takes them all. Always left out: the tests of the SQLite file
# itself (tag "sqlite": backups, restores, file modes, SQLite's migration history).
if [ -z "$FAST" ]; then
  suite_started
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("backend on PostgreSQL")
    echo "==> backend tests on PostgreSQL: not run ($BUILD_BROKEN)"
  elif PG_DIR="$(mktemp -d /tmp/caravel-pg.XXXXXX)" && start_test_postgres "$PG_DIR"; then
    if [ -n "$FULL" ]; then
      echo "==> backend tests on PostgreSQL, every class (Maven Surefire)"; pg_groups=()
    else
      echo "==> backend tests on PostgreSQL, the classes tagged both-databases (Maven Surefire; --full runs them all)"
      # the billing and card property tests take 200 of their 2000 and 60 of their 150 histories here: enough for
      # every operation to happen (they check that) on PostgreSQL's SQL; the SQLite pass and --full take them all.
      # TwoProcessCrashTest takes 2 of its 4 cycles, as on SQLite: one with one process killed, one with both (the
      # whole run had reached its 20 minutes; --full takes all 4)
      pg_groups=(-Dsurefire.groups=both-databases -Dbilling.histories=200 -Dcard.histories=60 -Dcrash.twoprocess.cycles=2)
    fi
    # the SQLite pass's reports go, so this pass's summary names only the classes it ran
    rm -rf backend/target/surefire-reports
    mvn -B -ntp -Dstyle.color=never -Dmaven.test.failure.ignore=true -Dsurefire.reruns=1 -Dsurefire.forkCount=2 -Dskip.web=true \
      -Dspotless.check.skip=true -Dcpd.skip=true "${pg_groups[@]}" -Dsurefire.excludedGroups=sqlite -f backend/pom.xml test > "$LOGS/backend-postgresql.log" 2>&1; rc=$?
    remove_test_postgres
    strip_ansi "$LOGS/backend-postgresql.log"
    backend_result backend-pg "$LOGS/backend-postgresql.log" "$rc"
    keep_reports backend-pg
  else
    remove_test_postgres
    record backend-pg 0 1 1 "PostgreSQL for the tests did not start"
  fi
fi


if [ -n "$FAST" ]; then
  echo "==> fast run: fuzz, flotilla, deploy and e2e not run (they need the jar and the local stack; ./caravel test runs them)"
else
# The end-to-end files run beside the fuzzing, flotilla and deploy suites, which have no per-class budget to break.
# The gain is small: the fuzzing is starved there (1m54 alone, 6m11 beside, the same CPU), and the phase took 7m04
# against 7m39 in turn. Beside the PostgreSQL pass they were tried and lost: that pass's classes, which wait on the
# database server, took twice their time and over their budgets (MoneyViewTest 15 s to 64 s).
E2E_BESIDE=""
if need_chromium; then
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("e2e")
    echo "==> end-to-end tests: not run ($BUILD_BROKEN; they need the jar)"
  else
    echo "==> end-to-end tests (playwright-core + chromium; one local stack and one jar, two files at a time; beside the fuzzing, flotilla and deploy)"
    in_background e2e "$LOGS/e2e.log" "tests=cd web && bun run e2e"
    E2E_BESIDE=1
  fi
fi

suite_started
if [ -n "$BUILD_BROKEN" ]; then
  NOT_RUN+=("fuzz")
  echo "==> API fuzzing: not run ($BUILD_BROKEN; it needs the jar)"
else
  echo "==> API fuzzing (schemathesis from PyPI against the jar, bounded)"
  bash "$ROOT/scripts/fuzz.sh" "${FUZZ_EXAMPLES:-15}" > "$LOGS/fuzz.log" 2>&1; rc=$?
  strip_ansi "$LOGS/fuzz.log"
  grep -E "schemathesis as|generated|fuzz:|Failed|_____ " "$LOGS/fuzz.log" | tail -8
  mapfile -t names < <(grep -E '^_+ .* _+$' "$LOGS/fuzz.log" | sed -E 's/^_+ (.*) _+$/\1/' | sort -u)
  if [ "$rc" = 0 ]; then record fuzz 1 0 0; else record fuzz 0 1 "$rc" "${names[@]}"; fi
fi

if [ -d "$ROOT/web/e2e/flotilla" ]; then
  suite_started
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("flotilla")
    echo "==> Flotilla hosting API flows: not run ($BUILD_BROKEN; they need the jar)"
  else
    echo "==> Flotilla hosting API flows (our client from the contract, against the jar and the local stack)"
    run_steps "$LOGS/flotilla.log" "tests=cd web && E2E_LOGS=$LOGS/flotilla bun run e2e:flotilla --reporter=junit --reporter-outfile=$REPORTS/flotilla/junit.xml"; rc=$?
    tail -10 "$LOGS/flotilla.log"
    [ "$rc" != 0 ] && bun_failure_details "$LOGS/flotilla.log"
    suite_result flotilla "$LOGS/flotilla.log" "$rc" bun
  fi
  # the same flows against the emulator's mode of zooid's newer line: public reading and writing pass through
  suite_started
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("flotilla-newer")
  else
    echo "==> Flotilla hosting API flows against zooid's newer line (the emulator's newer-line mode)"
    run_steps "$LOGS/flotilla-newer.log" "tests=cd web && E2E_LOGS=$LOGS/flotilla-newer bun run e2e:flotilla:newer --reporter=junit --reporter-outfile=$REPORTS/flotilla-newer/junit.xml"; rc=$?
    tail -10 "$LOGS/flotilla-newer.log"
    [ "$rc" != 0 ] && bun_failure_details "$LOGS/flotilla-newer.log"
    suite_result flotilla-newer "$LOGS/flotilla-newer.log" "$rc" bun
  fi
fi

if need_caddy; then
  suite_started
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("deploy")
    echo "==> deploy test: not run ($BUILD_BROKEN; it needs the jar)"
  else
    echo "==> deploy test (deploy/Caddyfile in Debian's caddy, the jar, the local stack's zooid; https and wss on loopback)"
    run_steps "$LOGS/deploy.log" "tests=cd web && E2E_LOGS=../test-output/deploy node --test $(node_reporters deploy) e2e/deploy.test.mjs"; rc=$?
    tail -10 "$LOGS/deploy.log"
    [ "$rc" != 0 ] && node_failure_details "$LOGS/deploy.log"
    suite_result deploy "$LOGS/deploy.log" "$rc" node
  fi
fi

if [ -n "$E2E_BESIDE" ]; then
  finish_background e2e "$LOGS/e2e.log" node 15 "the fuzzing, flotilla and deploy"
  cp "$LOGS/e2e-times.tsv" "$REPORTS/e2e/files.tsv" 2>/dev/null || true
fi

# --full: every benchmark at its smallest size (bench/run --smallest; each one's figures in test-output/bench.log), so
# that a change which breaks one fails here and not in the next ./caravel bench. After the others, not beside them:
# each starts its own local stack and backend, and its figures are timings.
if [ -n "$FULL" ]; then
  suite_started
  if [ -n "$BUILD_BROKEN" ]; then
    NOT_RUN+=("bench")
    echo "==> benchmarks at their smallest sizes: not run ($BUILD_BROKEN)"
  else
    echo "==> benchmarks at their smallest sizes (bench/run --smallest; figures in test-output/bench.log)"
    bash "$ROOT/bench/run" --smallest > "$LOGS/bench.log" 2>&1; rc=$?
    strip_ansi "$LOGS/bench.log"
    # one line per benchmark: "bench NAME: passed (N s)" or "bench NAME: FAILED, why (N s)"
    grep -E '^bench [^:]+: |^benchmarks: ' "$LOGS/bench.log" || tail -15 "$LOGS/bench.log"
    mapfile -t names < <(sed -nE 's/^bench ([^:]+): FAILED, (.*)$/\1: \2/p' "$LOGS/bench.log")
    record bench "$(grep -cE '^bench [^:]+: passed' "$LOGS/bench.log")" "${#names[@]}" "$rc" "${names[@]}"
  fi
fi
fi # not the fast run

# the suites' own files too (e2e/*.log: backend, stack and browser logs)
while IFS= read -r -d '' f; do strip_ansi "$f"; done < <(find "$LOGS" -type f \( -name '*.log' -o -name '*.txt' \) -print0)

echo
# each suite's time, the slowest classes and files, and the budget (test-output/summary.txt)
BUDGET_OVER=()
if ! node scripts/test/summary.mjs test-output scripts/test/budget.txt; then
  mapfile -t BUDGET_OVER < <(sed -n 's/^  over budget: //p' "$LOGS/summary.txt")
  [ ${#BUDGET_OVER[@]} = 0 ] && BUDGET_OVER=("scripts/test/summary.mjs failed (see above)")
  for t in "${BUDGET_OVER[@]}"; do FAILED_TESTS+=("budget: $t"); done
  FAILED=$((FAILED + ${#BUDGET_OVER[@]}))
fi
# The default run's budget is 20 minutes, installs included. It is shown, not enforced: what the installs take on a
# new machine (downloads) is no test's doing; the classes' and files' budgets above are what a feature must keep to.
RUN_BUDGET=1200
run_budget=""
if [ -z "$FAST" ] && [ -z "$FULL" ]; then
  if [ "$SECONDS" -le "$RUN_BUDGET" ]; then run_budget=", within its budget of $(duration "$RUN_BUDGET")"
  else run_budget=", OVER its budget of $(duration "$RUN_BUDGET") by $(duration $((SECONDS - RUN_BUDGET)))"; fi
fi
echo "the whole run: $(duration "$SECONDS") (installs included)${FAST:+, fast}${FULL:+, full}$run_budget" | tee -a "$LOGS/summary.txt"
if [ ${#FAILED_TESTS[@]} -gt 0 ]; then
  echo "failed tests:"
  printf '  %s\n' "${FAILED_TESTS[@]}"
fi
if [ ${#FLAKY_TESTS[@]} -gt 0 ]; then
  echo "flaky (failed once, passed on the rerun; a bug to fix, not a pass to trust):"
  printf '  %s\n' "${FLAKY_TESTS[@]}"
fi
[ ${#SUITES_FAILED[@]} -gt 0 ] && echo "failed suites: ${SUITES_FAILED[*]} (logs in test-output/)"
if [ ${#NOT_RUN[@]} -gt 0 ]; then
  echo "not run, because $BUILD_BROKEN: ${NOT_RUN[*]} (each counted as 1 failed)"
  FAILED=$((FAILED + ${#NOT_RUN[@]}))
fi
rm -f "$BUILD_STAMP"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
