package caravel.auth;

import caravel.store.Sql;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIP-98 event ids seen within their validity window. The database is authoritative: an id is inserted into
 * nip98_seen synchronously, before the request goes on, and a unique violation means another request (in this or
 * any other backend sharing the database) used it first — so neither a second backend nor a restart after a crash
 * accepts a replay. Memory is only a fast path in front: a replay this process has already seen is refused without
 * touching the database. Entries expire once their event could no longer pass the created_at check anyway.
 */
public final class ReplayCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);
    private static final long PRUNE_EVERY_MS = 30_000;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Jdbi jdbi;
    private final Clock clock;
    private volatile long lastPruneMs;

    public ReplayCache(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** True the first time an id is presented anywhere on this database; false for a replay. */
    public boolean markUsed(String eventId, long expiresAt) {
        if (seen.putIfAbsent(eventId, expiresAt) != null) return false;
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO nip98_seen (event_id, expires_at) VALUES (:id, :exp)")
                    .bind("id", eventId)
                    .bind("exp", expiresAt)
                    .execute());
        } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) return false; // recorded by another backend (or before a restart)
            seen.remove(eventId, expiresAt); // not recorded: the request fails, and a retry of it may still pass
            throw e;
        }
        pruneNowAndThen();
        return true;
    }

    /** Drops expired ids from memory and the table, at most every 30 s (on a request thread: one cheap DELETE). */
    private void pruneNowAndThen() {
        long nowMs = clock.millis();
        if (nowMs - lastPruneMs < PRUNE_EVERY_MS) return;
        lastPruneMs = nowMs;
        long now = nowMs / 1000;
        seen.values().removeIf(exp -> exp < now);
        try {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM nip98_seen WHERE expires_at < :now")
                    .bind("now", now)
                    .execute());
        } catch (RuntimeException e) {
            log.warn("could not prune NIP-98 replay ids: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        // nothing is held back: every id is written before its request proceeds
    }
}
