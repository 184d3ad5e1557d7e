package caravel.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIP-98 event ids seen within their validity window. Memory is authoritative for this process (an atomic
 * putIfAbsent, so a racing replay loses); ids are written behind to nip98_seen in batches and loaded at start,
 * so a restart inside the window still rejects a replay. Entries expire once their event could no longer pass
 * the created_at check anyway.
 */
public final class ReplayCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Map.Entry<String, Long>> pending = new ConcurrentLinkedQueue<>();
    private final Jdbi jdbi;
    private final Clock clock;
    private final Thread flusher;
    private volatile boolean running = true;

    public ReplayCache(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        long now = clock.millis() / 1000;
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM nip98_seen WHERE expires_at < :now").bind("now", now).execute();
            h.createQuery("SELECT event_id, expires_at FROM nip98_seen").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> seen.put(e.getKey(), e.getValue()));
        });
        this.flusher = Thread.ofVirtual().name("nip98-replay-flush").start(this::flushLoop);
    }

    /** True the first time an id is presented; false for a replay. */
    public boolean markUsed(String eventId, long expiresAt) {
        if (seen.putIfAbsent(eventId, expiresAt) != null) return false;
        pending.add(Map.entry(eventId, expiresAt));
        return true;
    }

    private void flushLoop() {
        long lastPrune = 0;
        while (running) {
            try {
                Thread.sleep(250);
                flush();
                long now = clock.millis() / 1000;
                if (now - lastPrune >= 30) {
                    seen.values().removeIf(exp -> exp < now);
                    jdbi.useHandle(h -> h.createUpdate("DELETE FROM nip98_seen WHERE expires_at < :now").bind("now", now).execute());
                    lastPrune = now;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("could not persist NIP-98 replay ids: {}", e.getMessage());
            }
        }
    }

    public void flush() {
        List<Map.Entry<String, Long>> batch = new ArrayList<>();
        Map.Entry<String, Long> e;
        while ((e = pending.poll()) != null) batch.add(e);
        if (batch.isEmpty()) return;
        jdbi.useTransaction(h -> {
            var b = h.prepareBatch("INSERT OR IGNORE INTO nip98_seen (event_id, expires_at) VALUES (:id, :exp)");
            for (var entry : batch) b.bind("id", entry.getKey()).bind("exp", entry.getValue()).add();
            b.execute();
        });
    }

    @Override public void close() {
        running = false;
        flusher.interrupt();
        try {
            flusher.join(2000);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
