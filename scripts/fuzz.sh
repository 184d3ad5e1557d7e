#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Fuzzes every route of the running jar from its OpenAPI document with schemathesis, as a tenant and as an
# administrator (bearer sessions obtained with strict NIP-98), and fails on any response >= 500 or any response that
# does not match the document: every schemathesis check (405 with Allow for undeclared methods, invalid data refused,
# missing auth refused, ...) but positive_data_acceptance. The document states the input rules a schema can (patterns
# for names, descriptions, icons, subdomains and public keys; settings that cannot be switched; null where it means
# empty; the served document's plan enums, which here, with no payment rail, offer the free plans), and
# scripts/fuzz/hooks.py gives generated npubs their checksum and keeps after apart from before, so generated data is
# mostly accepted; but some schema-valid requests are still refused by rules no schema states (after together with
# before in the coverage phase, which runs no hooks; calls switched on where the platform has none, when the relay
# has them off; a tenant's wallet connection, which must answer).
#   scripts/fuzz.sh [MAX_EXAMPLES]     default 30 per operation (the bounded run of ./caravel test);
#   ./caravel bench fuzz                runs it with 500
# One worker: CPython 3.11 can fail compiling regex strategies on two threads ("AST constructor recursion depth").
# Production outbound rules (OUTBOUND_ALLOW_LOCAL=false); zooid and the platform wallet are absent, so provisioning
# fails in the background and paid plans answer 400, as they would with those services down.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
find_java >/dev/null
MAX="${1:-30}"
ensure_npm "$ROOT/stack" >/dev/null
VENV="$ROOT/.tools/venv"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "==> installing schemathesis (PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'schemathesis>=4,<5'
fi
JAR="$ROOT/backend/target/caravel.jar"
if [ ! -f "$JAR" ] || [ -n "$(find backend/src -newer "$JAR" -type f | head -1)" ]; then
  echo "==> building the jar"
  mvn -q -B -ntp -f backend/pom.xml package -DskipTests -Dskip.web
fi
WORK="$(mktemp -d)"
export CARAVEL_ROOT="$ROOT"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
hex() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }
ADMIN="$(node scripts/fuzz/session.mjs keys)"; TENANT="$(node scripts/fuzz/session.mjs keys)"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
env -i PATH="$PATH" HOME="$HOME" \
  DATABASE_URL="sqlite://$WORK/fuzz.db" HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" ADMINS="$(field "$ADMIN" pubkey)" \
  ZOOID_API_URL=http://127.0.0.1:9 ZOOID_API_SECRET="$(hex)" RELAY_DOMAIN=relays.fuzz.test ENCRYPTION_SECRET="$(hex)" \
  ROBOT_SECRET="$(hex)" ROBOT_OUTBOX_RELAYS=ws://127.0.0.1:9 ROBOT_INDEXER_RELAYS=ws://127.0.0.1:9 ROBOT_MESSAGING_RELAYS=ws://127.0.0.1:9 \
  OUTBOUND_ALLOW_LOCAL=false RATE_REQUESTS_PER_MINUTE_KEY=1000000 RATE_REQUESTS_PER_MINUTE_IP=1000000 \
  QUOTA_FREE_RELAYS=100000 QUOTA_RELAYS=100000 METRICS_TOKEN="$(hex)" TENANT_WALLET_TIMEOUT_SECONDS=3 LOG_LEVEL=WARN \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m -jar "$JAR" > "$WORK/backend.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/healthz" >/dev/null || { echo "backend did not start:"; cat "$WORK/backend.log"; exit 1; }
TENANT_TOKEN="$(node scripts/fuzz/session.mjs session "$BASE" "$(field "$TENANT" secret)")"
ADMIN_TOKEN="$(node scripts/fuzz/session.mjs session "$BASE" "$(field "$ADMIN" secret)")"
rc=0
for who in tenant admin; do
  token="$TENANT_TOKEN"; [ "$who" = admin ] && token="$ADMIN_TOKEN"
  echo "==> schemathesis as $who ($MAX examples per operation)"
  # card routes (stripe/*, and choosing the card rail) answer 503 by design here, where Stripe is not configured;
  # DELETE /auth/session would revoke the very token the run uses (it is covered by the JUnit tests); /live is an
  # event stream that stays open for minutes; /readyz rightly answers 503 here, where zooid is unreachable on purpose
  # (its answers are tested by the JUnit tests)
  SCHEMATHESIS_HOOKS="$ROOT/scripts/fuzz/hooks.py" "$VENV/bin/schemathesis" run "$BASE/openapi.json" --url "$BASE" -H "Authorization: Bearer $token" \
    --checks all --exclude-checks positive_data_acceptance \
    --exclude-path-regex 'stripe|/rail$|^/live$|^/readyz$' --exclude-operation-id deleteSession \
    --max-examples "$MAX" --workers 1 --seed 12 --no-color || rc=1
done
if grep -q "ERROR" "$WORK/backend.log"; then echo "==> backend logged errors:"; grep -A3 "ERROR" "$WORK/backend.log" | head -40; rc=1; fi
[ "$rc" = 0 ] && echo "fuzz: no server errors, every response matches the document"
exit $rc
