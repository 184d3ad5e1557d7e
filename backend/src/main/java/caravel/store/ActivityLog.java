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

    /** The periodic job that removes lines older than ACTIVITY_RETENTION_DAYS. */
    public static final String JOB_RETENTION = "activity_retention";

    private static final int PRUNE_BATCH = 1000;

    /** The member a membership line names (nostr.Nip19.shortNpub: "npub1" and 7 characters, "…", the last 6). */
    private static final java.util.regex.Pattern SHORT_NPUB =
            java.util.regex.Pattern.compile("npub1[02-9ac-hj-np-z]{7}…[02-9ac-hj-np-z]{6}");

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
        add(h, tenant, relay, kind, message, actor, now, Map.of());
    }

    /**
     * {@link #add(Handle, String, String, String, String, Actor, long)} with {@code told}: what the webhook event this
     * entry makes (if any) carries in its {@code data} beside the line itself (a plan change's plans, which a receiver
     * reads better than the line's words).
     */
    public void add(
            Handle h,
            String tenant,
            String relay,
            String kind,
            String message,
            Actor actor,
            long now,
            Map<String, ?> told) {
        h.execute(
                "INSERT INTO activity (tenant, relay, kind, message, actor, created_at, via_token)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                tenant,
                relay,
                kind,
                message,
                actor == null ? null : actor.key(),
                now,
                actor == null ? null : actor.viaToken());
        // an entry that tells of something webhooks announce is their event too, in the same transaction
        WebhookEvent.ofActivity(kind).ifPresent(e -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("activity", kind);
            data.put("message", message);
            data.put("actor", actor == null ? null : actor.key());
            if (actor != null && actor.viaToken() != null) data.put("via_token", actor.viaToken());
            data.put("at", now);
            data.putAll(told);
            var member = e == WebhookEvent.MEMBER_JOINED || e == WebhookEvent.MEMBER_LEFT
                    ? SHORT_NPUB.matcher(message)
                    : null;
            // a membership change the relay will echo (8000/8001, heard by the watch): told once, by the outbox's rule
            if (member != null && member.find())
                outbox.addMemberChange(h, tenant, relay, e.wire(), member.group(), data, null, null);
            else outbox.add(h, tenant, relay, e.wire(), data, null, System.currentTimeMillis());
        });
    }

    public void add(String tenant, String relay, String kind, String message, Actor actor, long now) {
        jdbi.useHandle(h -> add(h, tenant, relay, kind, message, actor, now));
    }

    /**
     * The entries from {@code fromSeconds} (inclusive) to {@code toSeconds} (exclusive), oldest first, handed to {@code
     * each} in batches of {@code batch} read one after another by id (each batch its own short read: nothing holds a
     * connection or the whole range in memory while a slow client takes the export). {@code relay} null: the entries
     * of every relay and tenant whose actor is one of {@code actors} (the platform's administrators' actions).
     */
    public void eachBetween(
            String relay,
            java.util.Collection<String> actors,
            long fromSeconds,
            long toSeconds,
            int batch,
            java.util.function.Consumer<java.util.List<Activity>> each) {
        if (relay == null && actors.isEmpty()) return;
        long after = -1;
        while (true) {
            long cursor = after;
            java.util.List<Object> args = new java.util.ArrayList<>();
            String who;
            if (relay != null) {
                who = "relay = ?";
                args.add(relay);
            } else {
                who = "actor IN (" + String.join(", ", java.util.Collections.nCopies(actors.size(), "?")) + ")";
                args.addAll(actors);
            }
            args.addAll(java.util.List.of(fromSeconds, toSeconds, cursor, batch));
            java.util.List<Activity> rows = jdbi.withHandle(h -> h.select(
                            "SELECT * FROM activity WHERE " + who
                                    + " AND created_at >= ? AND created_at < ? AND id > ? ORDER BY id LIMIT ?",
                            args.toArray())
                    .map(ACTIVITY)
                    .list());
            if (rows.isEmpty()) return;
            each.accept(rows);
            if (rows.size() < batch) return;
            after = rows.get(rows.size() - 1).id();
        }
    }

    /**
     * Removes up to {@code batch} entries older than {@code beforeSeconds}, oldest first; the count removed. The
     * retention job calls it until it removes fewer, so no statement locks the table for long.
     */
    public int pruneBefore(long beforeSeconds, int batch) {
        return jdbi.withHandle(h -> h.execute(
                "DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE created_at < ? ORDER BY created_at, id"
                        + " LIMIT ?)",
                beforeSeconds,
                batch));
    }

    /**
     * Removes every line older than {@code retention} (zero: keeps them all), a batch at a time; the count removed.
     */
    public long keepFor(java.time.Duration retention, java.time.Clock clock) {
        if (retention.isZero()) return 0;
        long cutoff = clock.millis() / 1000 - retention.toSeconds();
        long removed = 0;
        int n;
        do {
            n = pruneBefore(cutoff, PRUNE_BATCH);
            removed += n;
        } while (n == PRUNE_BATCH);
        return removed;
    }

    public Page<Activity> forRelay(String relay, Page.Request req) {
        return jdbi.withHandle(h -> new Filters()
                .eq("relay", "relay", relay)
                .page(h, "SELECT *", "FROM activity", "id DESC", req, ACTIVITY));
    }
}
