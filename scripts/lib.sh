# shellcheck shell=bash
# Shared shell helpers for the caravel script, .ci/run and bench. Source, don't run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# JDK_HOME's feature version (21, 25...): from its release file, which every JDK since 9 has, so no JVM is started
# for it (each start costs ./caravel run a few tenths of a second); else from the JVM itself.
java_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  if [ -z "$v" ]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')"
  fi
  echo "$v"
}

# A JDK 21+ for Maven and the jar: JAVA_HOME if it is new enough, else the newest under /usr/lib/jvm.
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    export PATH="$JAVA_HOME/bin:$PATH"
    quiet_maven
    return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -x "$d/bin/javac" ] || continue
    v="$(java_major "$d")"
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    {
      echo "caravel: no JDK 21 or newer found (JAVA_HOME is ${JAVA_HOME:-unset}; nothing suitable under /usr/lib/jvm)."
      echo "  Install one, e.g. on Debian/Ubuntu: sudo apt-get install openjdk-21-jdk-headless (or any newer JDK),"
      echo "  or point JAVA_HOME at a JDK 21+ (a full JDK: Maven needs javac)."
    } >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  quiet_maven
}

# Maven 3.8's bundled Guava uses sun.misc.Unsafe, which JDK 23+ warns about on every run.
quiet_maven() {
  local v; v="$(java_major "$JAVA_HOME")"
  if [ -n "$v" ] && [ "$v" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
  export MAVEN_ARGS="${MAVEN_ARGS:-} -Dstyle.color=never"
}

# Bun comes from the npm registry's `bun` package, installed once into .tools/.
ensure_bun() {
  if [ -x "$ROOT/.tools/node_modules/.bin/bun" ]; then
    export PATH="$ROOT/.tools/node_modules/.bin:$PATH"; return 0
  fi
  mkdir -p "$ROOT/.tools"
  [ -f "$ROOT/.tools/package.json" ] || echo '{"name":"caravel-tools","private":true}' > "$ROOT/.tools/package.json"
  (cd "$ROOT/.tools" && npm install --no-audit --no-fund --silent bun@1 >/dev/null) || { echo "caravel: could not install bun" >&2; return 1; }
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
}

# npm dependencies of a folder, installed only when package.json changed since the last install.
ensure_npm() {
  local dir="$1" stamp="$1/node_modules/.caravel-stamp"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package.json" ] && { [ ! -f "$dir/package-lock.json" ] || [ "$stamp" -nt "$dir/package-lock.json" ]; }; then return 0; fi
  (cd "$dir" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi) || return 1
  touch "$stamp"
}

mvn_q() { mvn -q -B -f "$ROOT/backend/pom.xml" "$@"; }

# log_begin FILE WHAT: appends a separator line (date, command) to FILE, so each run's log follows the previous one's.
log_begin() {
  mkdir -p "$(dirname "$1")"
  printf '\n===== %s  %s  (pid %s) =====\n' "$(date '+%Y-%m-%d %H:%M:%S %z')" "$2" "$$" >> "$1"
}

# check_ports PORT=WHAT ...: fails, naming every busy port and what needs it, when something already listens on
# one of them (on 127.0.0.1). Call it before starting anything.
check_ports() {
  local spec port what holder busy=0
  for spec in "$@"; do
    port="${spec%%=*}"; what="${spec#*=}"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      holder=""
      if command -v ss >/dev/null 2>&1; then
        holder="$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 pid \2/p' | head -1 | tr -d '"')"
      fi
      echo "caravel: port $port is already in use${holder:+ (by $holder)}; it is needed for $what" >&2
      busy=1
    fi
  done
  if [ "$busy" = 1 ]; then
    {
      echo "  Nothing was started. Another ./caravel run or ./caravel dev (maybe from another checkout) is probably"
      echo "  running: stop it, or give this run other ports through the variables named above, e.g."
      echo "    PORT=2902 RELAY_PORT=4858 CONTROL_PORT=4859 ZOOID_PORT=3344 STRIPE_PORT=12121 ${VITE_PORT:+VITE_PORT=5183 }./caravel ${CMD_NAME:-run}"
    } >&2
    return 1
  fi
}
