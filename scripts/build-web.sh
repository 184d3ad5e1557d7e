#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the web app (Bun + Vite) into backend/target/classes/web so the jar serves it. Called by Maven's
# generate-resources phase; skipped with -Dskip.web (or when web/ is absent).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUT="${1:-$ROOT/backend/target/classes/web}"
[ -f "$ROOT/web/package.json" ] || { echo "no web/ folder: skipping the web build"; exit 0; }
ensure_bun
cd "$ROOT/web"
# reuse node_modules when bun.lock has not changed since the last install
if [ ! -f node_modules/.caravel-stamp ] || [ bun.lock -nt node_modules/.caravel-stamp ] || [ package.json -nt node_modules/.caravel-stamp ]; then
  bun install --frozen-lockfile >/dev/null 2>&1 || bun install >/dev/null
  touch node_modules/.caravel-stamp
fi
bun run build
rm -rf "$OUT"; mkdir -p "$OUT"
cp -R dist/. "$OUT/"
