package caravel.store;

import caravel.domain.Actor;
import caravel.domain.WebhookEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The append-only activity table. Writes take the caller's handle so they commit with the change they describe. */
public final class ActivityLog {
    private static final RowMapper<Activity> ACTIVITY = ConstructorMapper.of(Activity.class);

    private final Jdbi jdbi;
    private final OutboxStore outbox;

    public ActivityLog(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.outbox = new OutboxStore(jdbi);
    }

    /** The id of the tenant's newest entry (0 when it has none): a page compares it to know the log grew. */
    public long latestId(Handle h, String tenant) {
        return h.select("SELECT coalesce(max(id), 0) FROM activity WHERE tenant = ?", tenant)
                .mapTo(Long.class)
                .one();
    }

    /**
     * Appends an entry; {@code actor} null when no one acted (what an outside party claimed, such as a wallet's word
     * that it was paid): the entry then names nobody.
     */
    public void add(Handle h, String tenant, String relay, String kind, String message, Actor actor, long now) {
        h.execute(
                "INSERT INTO activity (tenant, relay, kind, message, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                tenant,
                relay,
                kind,
                message,
                actor == null ? null : actor.key(),
                now);
        // an entry that tells of something webhooks announce is their event too, in the same transaction
        WebhookEvent.ofActivity(kind).ifPresent(e -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("activity", kind);
            data.put("message", message);
            data.put("actor", actor == null ? null : actor.key());
            data.put("at", now);
            outbox.add(h, tenant, relay, e.wire(), data, null, System.currentTimeMillis());
        });
    }

    public void add(String tenant, String relay, String kind, String message, Actor actor, long now) {
        jdbi.useHandle(h -> add(h, tenant, relay, kind, message, actor, now));
    }

    public Page<Activity> forRelay(String relay, Page.Request req) {
        return jdbi.withHandle(h -> new Filters()
                .eq("relay", "relay", relay)
                .page(h, "SELECT *", "FROM activity", "id DESC", req, ACTIVITY));
    }
}
