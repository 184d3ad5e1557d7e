package caravel.store;

import caravel.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhooks' outbox (webhook_outbox, V100): an event to tell, written in the transaction of the change it tells of,
 * so a crash loses none and invents none. The webhooks' drain turns waiting rows into deliveries; the services that
 * make the changes write here (through the activity log, or the moderation queue for a report) and know nothing of
 * webhooks. A row with a {@code sourceKey} is written once however often its source is heard.
 */
public final class OutboxStore {
    /** A waiting event: {@code relayId} null for one of the account; {@code data} a JSON object. */
    public record Waiting(String id, String tenant, String relayId, String kind, String data, long createdMs) {}

    /** Woken on each write in this process, so the drain need not wait for its next poll. */
    private static final Object WRITTEN = new Object();

    private static long writes;

    private final Jdbi jdbi;

    public OutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records an event in the caller's transaction; a second one with the same non-null source key is left out. */
    public void add(
            Handle h, String tenant, String relayId, String kind, Map<String, ?> data, String sourceKey, long ms) {
        insert(h, new Row(tenant, relayId, kind, json(data), sourceKey, ms), null, null);
    }

    private record Row(String tenant, String relayId, String kind, String data, String sourceKey, long ms) {}

    /**
     * Writes one event; left out on any unique key's conflict: its source key, or for a membership change ({@code
     * member} set) another change told after the same one ({@code after}), by a writer that read what this one read.
     */
    private void insert(Handle h, Row r, String member, String after) {
        h.execute("""
                INSERT INTO webhook_outbox (id, tenant, relay_id, kind, data, source_key, created_ms, member, member_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", Ids.newId(), r.tenant(), r.relayId(), r.kind(), r.data(), r.sourceKey(), r.ms(), member, after);
        synchronized (WRITTEN) {
            writes++;
            WRITTEN.notifyAll();
        }
    }

    /**
     * How long a membership change heard from the relay waits before the drain takes it: Caravel's own change is
     * echoed by the relay at once, often before Caravel's activity line commits, and that line (which names who acted
     * and through which token) replaces the heard one when it comes within this time.
     */
    public static final long HEARD_GRACE_MS = 1500;

    /**
     * Records a member's join or leave ({@code kind} {@code member.joined} or {@code member.left}) unless it is already
     * told: every path that changes a membership passes here, Caravel's own changes through their activity line
     * ({@link ActivityLog#add}) and the relay's membership events the watch hears (a join by invite on the relay
     * itself, a change another tool made there, and the echo of Caravel's own change). One change reaches this twice
     * (Caravel's line and the relay's 8000/8001 for it, in either order), so the rule is the member's state as told:
     * a change whose kind is the member's newest told one on this relay is left out. {@code member} is the member's
     * short npub, as the activity lines name them.
     *
     * <p>{@code heardAtMs}: for a change heard from the relay, the end of the second its event was signed in; a change
     * told after that makes the heard one stale (a join heard late, after Caravel already removed the member), so it
     * is left out too; the heard one waits {@link #HEARD_GRACE_MS} when it is the echo of a change this process asked
     * the relay for ({@link MembershipEchoes}), and is told at once otherwise. Null for Caravel's own change, which is current:
     * when the relay's echo of it came first and still waits, Caravel's line takes its place.
     */
    public void addMemberChange(
            Handle h,
            String tenant,
            String relayId,
            String kind,
            String member,
            Map<String, Object> data,
            String sourceKey,
            Long heardAtMs) {
        data.put("member", member);
        record Told(String id, String kind, long createdMs, boolean waiting, boolean heard) {}
        var newest = h.select("""
                        SELECT id, kind, created_ms, drained_at, source_key FROM webhook_outbox
                        WHERE relay_id = ? AND member = ?
                        ORDER BY created_ms DESC, id DESC LIMIT 1""", relayId, member)
                .map((rs, c) -> new Told(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null,
                        rs.getString(5) != null))
                .findOne();
        long now = System.currentTimeMillis();
        // the change this one follows: a second writer that read the same one collides with this row (unique index)
        String after = newest.map(Told::id).orElse("");
        if (heardAtMs == null) {
            if (newest.isPresent() && newest.get().kind().equals(kind)) {
                Told t = newest.get();
                if (t.heard() && t.waiting())
                    h.execute(
                            "UPDATE webhook_outbox SET data = ?, created_ms = ? WHERE id = ? AND drained_at IS NULL",
                            json(data),
                            now,
                            t.id());
                return;
            }
            insert(h, new Row(tenant, relayId, kind, json(data), sourceKey, now), member, after);
            return;
        }
        if (newest.isPresent()
                && (newest.get().kind().equals(kind) || newest.get().createdMs() > heardAtMs)) return;
        // only the echo of a change this process asked for waits for Caravel's line (MembershipEchoes)
        long due = MembershipEchoes.expected(relayId, member, now) ? now + HEARD_GRACE_MS : now;
        insert(h, new Row(tenant, relayId, kind, json(data), sourceKey, due), member, after);
    }

    private static String json(Map<String, ?> data) {
        try {
            return Json.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }

    /** Waits up to {@code ms} for a write in this process (it may not be committed yet); returns at once on one. */
    public static void awaitWrite(long seen, long ms) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000;
        synchronized (WRITTEN) {
            long left;
            while (writes == seen && (left = until - System.nanoTime()) > 0)
                WRITTEN.wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The writes this process has made so far (what {@link #awaitWrite} compares with). */
    public static long writes() {
        synchronized (WRITTEN) {
            return writes;
        }
    }

    /** The oldest waiting events that are due (a heard membership change waits its grace), at most {@code limit}. */
    public List<Waiting> waiting(Handle h, int limit) {
        return h.select("""
                        SELECT id, tenant, relay_id, kind, data, created_ms FROM webhook_outbox
                        WHERE drained_at IS NULL AND created_ms <= ? ORDER BY created_ms, id LIMIT ?""", System.currentTimeMillis(), limit)
                .map((rs, c) -> new Waiting(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6)))
                .list();
    }

    /** Claims a waiting event for the caller's transaction; false when another drain took it first. */
    public boolean claim(Handle h, String id, long now) {
        return h.execute("UPDATE webhook_outbox SET drained_at = ? WHERE id = ? AND drained_at IS NULL", now, id) == 1;
    }

    /** Forgets drained events older than {@code before} (ms); a source key's guard against repeats lasts as long. */
    public int forget(long before) {
        return jdbi.withHandle(
                h -> h.execute("DELETE FROM webhook_outbox WHERE drained_at IS NOT NULL AND created_ms < ?", before));
    }

    /**
     * A relay's events that name {@code pubkey} (hex, as the bodies carry it), or that tell of their membership by its
     * short npub {@code member} (as Caravel's own activity lines name them), removed for good: their erasure. Then a
     * membership end is recorded as told and never sent (drained at once), so that by {@link #addMemberChange}'s rule
     * neither the erasure's own end of the membership nor the relay's echo of it (8001, heard by the watch) is told:
     * an erased person is not announced to third parties again. A later join is a change and is told as usual.
     */
    public void forgetPerson(Handle h, String tenant, String relayId, String pubkey, String member) {
        h.execute(
                "DELETE FROM webhook_outbox WHERE relay_id = ? AND (member = ? OR data LIKE ?)",
                relayId,
                member,
                "%" + pubkey + "%");
        long now = System.currentTimeMillis();
        // the member's only change now, so it follows none ('')
        h.execute("""
                INSERT INTO webhook_outbox
                    (id, tenant, relay_id, kind, data, source_key, created_ms, drained_at, member, member_after)
                VALUES (?, ?, ?, 'member.left', ?, NULL, ?, ?, ?, '')""", Ids.newId(), tenant, relayId, json(Map.of("member", member, "erased", true)), now, now, member);
    }

    /** A relay's events, drained or not, removed for good (the relay's purge). */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM webhook_outbox WHERE relay_id = ?", relayId);
    }
}
