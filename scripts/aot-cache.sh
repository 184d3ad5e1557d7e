# shellcheck shell=bash
# The JDK's ahead-of-time cache (JEP 483 and 514, JDK 25) for the jar ./caravel run starts: the classes the backend
# loads and links on its way to ready, read from a file instead of being parsed, verified and linked again at every
# restart (measured on a loaded 2-core machine: the jar ready in 3.2-5.5 s instead of 10.7-11.9 s; bench/README.md,
# round five). The code run is the same; only where the JVM finds its classes' parsed form differs. Source it after lib.sh and local.sh; don't run it.
#
# The cache is made once per jar, JDK and JVM options, by a backend started only for that, in the background after the
# banner: on its own empty database in a temporary folder, on ports the system picks, with every outside service
# pointed at a closed port (nothing reaches the local stack or the running backend's data). It is written under a name
# of its own and renamed into place once the JVM has exited, so no JVM maps a file being written. Its name holds the
# jar's size and time: a rebuilt jar is never started on an older jar's cache (the JDK checks this too, and without
# -XX:AOTMode=on only warns). Without JDK 25, or with CARAVEL_AOT=false, nothing changes.

# aot_enabled: whether this JDK makes and reads caches, and they are not turned off.
aot_enabled() {
  [ "${CARAVEL_AOT:-true}" != false ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null
}

# aot_cache_file JAR: where the cache for this jar, this JDK and deploy/jvm.options is (made or not).
aot_cache_file() {
  local jar="$1" key
  key="$( { stat -c '%s %Y' "$jar"; cat "$JAVA_HOME/release" "$ROOT/deploy/jvm.options"; } 2>/dev/null | sha256sum | cut -c1-16)"
  echo "$(dirname "$jar")/aot/caravel-$key.aot"
}

# aot_options JAR: the JVM options that start JAR on its cache, when there is one (none otherwise).
aot_options() {
  aot_enabled || return 0
  local cache; cache="$(aot_cache_file "$1")"
  if [ -f "$cache" ]; then echo "-XX:AOTCache=$cache"; fi
}

# aot_train_in_background JAR: starts the backend that makes JAR's cache, unless there is one, or one is being made
# (by another ./caravel run of this checkout). Sets AOT_TRAIN_PID; stop_aot_training stops it.
aot_train_in_background() {
  aot_enabled || return 0
  local jar="$1" cache dir
  cache="$(aot_cache_file "$jar")"
  [ -f "$cache" ] && return 0
  dir="$(dirname "$cache")"
  [ -d "$dir" ] || mkdir -p "$dir"
  local marker="$cache.training"
  if [ -f "$marker" ] && kill -0 "$(cat "$marker" 2>/dev/null)" 2>/dev/null; then return 0; fi
  # none is being made: what earlier jars and interrupted trainings left goes (a cache is ~60 MB)
  find "$dir" -maxdepth 1 -type f ! -name "$(basename "$cache")" -delete 2>/dev/null || true
  # the lowest priority: the person's own backend and browser come first
  aot_train "$jar" "$cache" 19 &
  AOT_TRAIN_PID=$!
  echo "$AOT_TRAIN_PID" > "$marker"
}

# aot_train JAR CACHE NICENESS: the training run (in a subshell of its own), at that priority: started, ready,
# stopped gracefully (the JDK writes the cache as the JVM exits), renamed into place. Its log stays beside the cache
# when no cache came of it.
aot_train() {
  local jar="$1" cache="$2" niceness="$3" tmp java_pid="" log="$2.log" ready=""
  mkdir -p "$(dirname "$cache")"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/caravel-aot.XXXXXX")"
  local partial="$cache.partial-$BASHPID"
  trap '[ -n "$java_pid" ] && kill "$java_pid" 2>/dev/null; rm -rf "$tmp"; rm -f "$partial" "$cache.training"; exit 0' TERM INT
  env -i PATH="$PATH" HOME="${HOME:-$tmp}" \
    DATABASE_URL="sqlite://$tmp/caravel.db" RELAY_BACKUP_DIR="$tmp/relay-backups" \
    HOST=127.0.0.1 PORT=0 FLOTILLA_PORT=0 PUBLIC_URL="http://127.0.0.1:9" FLOTILLA_PUBLIC_URL="http://127.0.0.1:9" \
    ENCRYPTION_SECRET="$(openssl rand -hex 32)" ROBOT_SECRET="$(openssl rand -hex 32)" \
    ZOOID_API_SECRET="$(openssl rand -hex 32)" \
    ZOOID_API_URL="http://127.0.0.1:9" RELAY_DOMAIN="relays.invalid" \
    ROBOT_OUTBOX_RELAYS="ws://127.0.0.1:9" ROBOT_INDEXER_RELAYS="ws://127.0.0.1:9" \
    ROBOT_MESSAGING_RELAYS="ws://127.0.0.1:9" NIP46_RELAYS="ws://127.0.0.1:9" \
    OUTBOUND_ALLOW_LOCAL=true LIGHTNING_NETWORK=regtest RELAY_BACKUP_SCHEDULE=off \
    nice -n "$niceness" java @"$ROOT/deploy/jvm.options" -XX:AOTCacheOutput="$partial" -jar "$jar" > "$log" 2>&1 &
  java_pid=$!
  local i
  for i in $(seq 1 1200); do
    if grep -q "Caravel is running at" "$log" 2>/dev/null; then ready=1; break; fi
    kill -0 "$java_pid" 2>/dev/null || break
    sleep 0.1
  done
  # stopped as Ctrl-C stops it (its exit status is then 143, not 0): the JDK writes the cache on the way out
  kill "$java_pid" 2>/dev/null || true
  wait "$java_pid" 2>/dev/null || true
  java_pid=""
  if [ -n "$ready" ] && [ -s "$partial" ]; then mv -f "$partial" "$cache" && rm -f "$log"; fi
  rm -rf "$tmp"
  rm -f "$partial" "$cache.training"
}

# stop_aot_training: stops a training run this shell started (the next run starts another).
stop_aot_training() {
  if [ -n "${AOT_TRAIN_PID:-}" ]; then
    kill "$AOT_TRAIN_PID" 2>/dev/null || true
    wait "$AOT_TRAIN_PID" 2>/dev/null || true
    AOT_TRAIN_PID=""
  fi
}
