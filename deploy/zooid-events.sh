# shellcheck shell=sh
# Shared by zooid-copy-events, zooid-restore-events and zooid-purge-relay (sourced, not run): finding a zooid node's
# database and media folder, running sqlite3 or a shell command there (here or over ssh), and the statements that write
# events into a relay's tables as zooid keeps them. Keep it beside those scripts.
#
# zooid keeps each relay in two tables named by its schema: <schema>__events (id, created_at, kind, pubkey, content,
# tags as a JSON array, sig; id is the key) and <schema>__event_tags (event_id, key, value: one row for each tag whose
# name is one byte and that has a value, deleted with its event through the foreign key), and keeps its full-text
# index up to date itself through triggers on the events table.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# zooid's schema names: letters, digits and underscores (they become table names)
check_schema() {
  case $1 in ''|[!a-z_]*|*[!a-z0-9_]*) die "not a zooid schema name: $1" ;; esac
}

# the database of node NAME: ZOOID_DB_<NAME> (upper case, - as _)
db_of() {
  var="ZOOID_DB_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"
  eval "value=\${$var:-}"
  [ -n "$value" ] || die "$var is not set (the database of zooid node '$1')"
  printf '%s' "$value"
}

# the media folder of node NAME: ZOOID_MEDIA_<NAME> (upper case, - as _), zooid's $MEDIA there
media_of() {
  var="ZOOID_MEDIA_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"
  eval "value=\${$var:-}"
  [ -n "$value" ] || die "$var is not set (the media folder of zooid node '$1')"
  printf '%s' "$value"
}

# on_host WHERE SCRIPT: the shell command SCRIPT run where WHERE is (here for a path, over ssh for host:path), with
# WHERE's path as its $1
on_host() {
  where=$1 script=$2
  case $where in
    /*) sh -c "$script" sh "$where" ;;
    *:*) printf '%s\n' "$script" | ssh -o BatchMode=yes "${where%%:*}" "sh -s -- '${where#*:}'" ;;
    *) die "a folder is a path or host:path, not '$where'" ;;
  esac
}

# sqlite3 on a node's database, locally or over ssh, its statements on stdin; a busy database is waited for 15 s
on_db() {
  where=$1 mode=$2
  case $where in
    /*) sqlite3 -batch $mode "$where" ;;
    *:*) ssh -o BatchMode=yes "${where%%:*}" "sqlite3 -batch $mode '${where#*:}'" ;;
    *) die "a database is a path or host:path, not '$where'" ;;
  esac
}

# The statements before the rows: the temporary tables moved_events and moved_tags that the rows go into.
moved_tables_sql() {
  echo ".timeout 15000"
  echo ".bail on"
  echo "PRAGMA foreign_keys = ON;"
  echo "CREATE TEMP TABLE moved_events (id TEXT PRIMARY KEY, created_at INTEGER, kind INTEGER, pubkey TEXT,"
  echo "  content TEXT, tags TEXT, sig TEXT);"
  echo "CREATE TEMP TABLE moved_tags (event_id TEXT, key TEXT, value TEXT);"
}

# write_moved_sql SCHEMA VERB: the statements after the rows, inside the caller's transaction. They write
# moved_events (with moved_tags) into the relay's tables as zooid keeps events, and print "VERB N events of SCHEMA".
# Running them again with the same rows changes nothing:
#   - an event whose id is there already is skipped;
#   - of a replaceable or addressable event (kinds 0, 3, 10000-19999, 30000-39999) the newer version wins, as zooid
#     keeps it (of two rows with the same key, the later one; at the same second, the lower id), and a stored version
#     as new as the row's stays (the relay's own member list written on a new node stays the one of record).
write_moved_sql() {
  schema=$1 verb=$2
  cat <<SQL
DELETE FROM moved_events WHERE id IN (SELECT id FROM ${schema}__events);
CREATE TEMP VIEW moved_keys AS
  SELECT m.id, m.kind, m.pubkey, m.created_at,
         CASE WHEN m.kind BETWEEN 30000 AND 39999 THEN
           coalesce((SELECT t.value FROM moved_tags t WHERE t.event_id = m.id AND t.key = 'd' LIMIT 1), '')
         END AS d
  FROM moved_events m
  WHERE m.kind IN (0, 3) OR m.kind BETWEEN 10000 AND 19999 OR m.kind BETWEEN 30000 AND 39999;
CREATE TEMP VIEW kept_keys AS
  SELECT e.id, e.kind, e.pubkey, e.created_at,
         CASE WHEN e.kind BETWEEN 30000 AND 39999 THEN
           coalesce((SELECT t.value FROM ${schema}__event_tags t WHERE t.event_id = e.id AND t.key = 'd' LIMIT 1), '')
         END AS d
  FROM ${schema}__events e
  WHERE e.kind IN (0, 3) OR e.kind BETWEEN 10000 AND 19999 OR e.kind BETWEEN 30000 AND 39999;
-- two versions among the rows themselves: only the newest is written
DELETE FROM moved_events WHERE id IN (
  SELECT a.id FROM moved_keys a JOIN moved_keys b
    ON b.kind = a.kind AND b.pubkey = a.pubkey AND b.d IS a.d
   AND (b.created_at > a.created_at OR (b.created_at = a.created_at AND b.id < a.id)));
-- an older (or same-second) version than the one the relay holds: not written
DELETE FROM moved_events WHERE id IN (
  SELECT m.id FROM moved_keys m JOIN kept_keys k
    ON k.kind = m.kind AND k.pubkey = m.pubkey AND k.d IS m.d AND k.created_at >= m.created_at);
-- a newer version arrives: the relay's older one goes (its tags by the foreign key, its text by zooid's trigger)
DELETE FROM ${schema}__events WHERE id IN (
  SELECT k.id FROM kept_keys k JOIN moved_keys m
    ON k.kind = m.kind AND k.pubkey = m.pubkey AND k.d IS m.d AND m.created_at > k.created_at
  WHERE m.id IN (SELECT id FROM moved_events));
INSERT INTO ${schema}__events (id, created_at, kind, pubkey, content, tags, sig)
  SELECT id, created_at, kind, pubkey, content, tags, sig FROM moved_events;
INSERT INTO ${schema}__event_tags (event_id, key, value)
  SELECT event_id, key, value FROM moved_tags WHERE event_id IN (SELECT id FROM moved_events);
SELECT '${verb} ' || count(*) || ' events of ${schema}' FROM moved_events;
SQL
}
