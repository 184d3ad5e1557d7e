package caravel.webhooks;

import caravel.store.Columns;
import caravel.store.Ids;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The webhooks' tables (V100): endpoints, their deliveries and each delivery's attempts. Every statement on them. */
public final class WebhookStore {
    /**
     * An endpoint: of a relay ({@code relayId}, {@code tenant} its owner), or of the platform (both null). {@code
     * secret} is sealed; {@code failures} counts failed attempts in a row since {@code failingSince} (ms).
     */
    public record Endpoint(
            String id,
            String relayId,
            String tenant,
            String url,
            List<String> events,
            String secret,
            int failures,
            Long failingSince,
            Long pausedAt,
            String createdBy,
            long createdAt,
            Long retiredAt) {
        public boolean platform() {
            return relayId == null;
        }

        /** The relay passed to another owner: this endpoint waits only to be told so, then goes. */
        public boolean retired() {
            return retiredAt != null;
        }

        public boolean paused() {
            return pausedAt != null;
        }
    }

    /** One event for one endpoint, its body as signed and sent. */
    public record Delivery(
            String id,
            String endpointId,
            String relayId,
            String kind,
            String body,
            String status,
            int attempts,
            long createdMs,
            Long deliveredMs) {}

    /** One try and its answer ({@code statusCode} null when none came). */
    public record Attempt(
            String id,
            String deliveryId,
            long atMs,
            Integer statusCode,
            long latencyMs,
            String excerpt,
            boolean ok,
            boolean replay) {}

    private static final String ENDPOINT_COLUMNS =
            "id, relay_id, tenant, url, events, secret, failures, failing_since, paused_at, created_by, created_at,"
                    + " retired_at";

    /** A retired endpoint's retired_at once its farewell delivery is made: it hears no later transfer. */
    private static final long FAREWELL_MADE = Long.MAX_VALUE;

    private static final RowMapper<Endpoint> ENDPOINT = (rs, c) -> new Endpoint(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            Arrays.asList(rs.getString(5).split(",")),
            rs.getString(6),
            rs.getInt(7),
            Columns.nullableLong(rs, 8),
            Columns.nullableLong(rs, 9),
            rs.getString(10),
            rs.getLong(11),
            Columns.nullableLong(rs, 12));
    private static final String DELIVERY_COLUMNS =
            "id, endpoint_id, relay_id, kind, body, status, attempts, created_ms, delivered_ms";
    private static final RowMapper<Delivery> DELIVERY = (rs, c) -> new Delivery(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getInt(7),
            rs.getLong(8),
            Columns.nullableLong(rs, 9));
    private static final RowMapper<Attempt> ATTEMPT = (rs, c) -> new Attempt(
            rs.getString(1),
            rs.getString(2),
            rs.getLong(3),
            Columns.nullableInt(rs, 4),
            rs.getLong(5),
            rs.getString(6),
            rs.getInt(7) == 1,
            rs.getInt(8) == 1);

    private final Jdbi jdbi;

    public WebhookStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public void insert(Handle h, Endpoint e) {
        h.execute(
                "INSERT INTO webhook_endpoints (" + ENDPOINT_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?, NULL)",
                e.id(),
                e.relayId(),
                e.tenant(),
                e.url(),
                String.join(",", e.events()),
                e.secret(),
                e.createdBy(),
                e.createdAt());
    }

    public Optional<Endpoint> endpoint(Handle h, String id) {
        return h.select("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = ?", id)
                .map(ENDPOINT)
                .findOne();
    }

    /** A relay's endpoints (not the retired ones), or the platform's when {@code relayId} is null, oldest first. */
    public List<Endpoint> endpoints(Handle h, String relayId) {
        return relayId == null
                ? h.select("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE relay_id IS NULL"
                                + " ORDER BY created_at, id")
                        .map(ENDPOINT)
                        .list()
                : h.select(
                                "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE relay_id = ?"
                                        + " AND retired_at IS NULL ORDER BY created_at, id",
                                relayId)
                        .map(ENDPOINT)
                        .list();
    }

    /**
     * The endpoints not paused that hear an event of {@code tenant}'s relay {@code relayId} (null: an event of the
     * account, heard by each of the account's relays' endpoints): the relay's own and the platform's. A {@code
     * relay.transferred} is heard by the endpoints its transfer retired too (in its transaction, after its event was
     * recorded: the event waits in the outbox till it commits), once each ({@link #farewellMade}).
     */
    public List<Endpoint> listening(Handle h, String tenant, String relayId, String kind) {
        String whose = relayId == null ? "tenant = ?" : "relay_id = ?";
        boolean farewell = relayId != null && kind.equals(TRANSFERRED);
        List<Object> args = new java.util.ArrayList<>();
        args.add(relayId == null ? tenant : relayId);
        if (farewell) {
            args.add(relayId);
            args.add(FAREWELL_MADE);
        }
        return h.select(
                        "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE paused_at IS NULL"
                                + " AND (relay_id IS NULL OR (" + whose + " AND retired_at IS NULL)"
                                + (farewell ? " OR (relay_id = ? AND retired_at < ?)" : "")
                                + ") ORDER BY created_at, id",
                        args.toArray())
                .map(ENDPOINT)
                .list();
    }

    private static final String TRANSFERRED = caravel.domain.WebhookEvent.RELAY_TRANSFERRED.wire();

    /**
     * The relay passed to another owner: its endpoints that asked for {@code relay.transferred} (and are not paused)
     * are retired, to hear that one event; the others are removed now, with what they were sent.
     */
    public void retireEndpoints(Handle h, String relayId, long nowMs) {
        for (Endpoint e : endpoints(h, relayId))
            if (e.paused() || !e.events().contains(TRANSFERRED)) delete(h, e.id());
            else h.execute("UPDATE webhook_endpoints SET retired_at = ? WHERE id = ?", nowMs, e.id());
    }

    /** The retired endpoint's farewell delivery is made: it hears no later transfer of the relay. */
    public void farewellMade(Handle h, String id) {
        h.execute(
                "UPDATE webhook_endpoints SET retired_at = ? WHERE id = ? AND retired_at IS NOT NULL",
                FAREWELL_MADE,
                id);
    }

    public void secret(Handle h, String id, String sealed) {
        h.execute("UPDATE webhook_endpoints SET secret = ? WHERE id = ?", sealed, id);
    }

    /** One more failed attempt in a row; returns the endpoint as it is now. */
    public Endpoint failed(Handle h, String id, long nowMs) {
        h.execute(
                "UPDATE webhook_endpoints SET failures = failures + 1, failing_since = coalesce(failing_since, ?)"
                        + " WHERE id = ?",
                nowMs,
                id);
        return endpoint(h, id).orElseThrow();
    }

    public void succeeded(Handle h, String id) {
        h.execute("UPDATE webhook_endpoints SET failures = 0, failing_since = NULL WHERE id = ?", id);
    }

    /** Pauses the endpoint; false when it was paused already. */
    public boolean pause(Handle h, String id, long nowMs) {
        return h.execute("UPDATE webhook_endpoints SET paused_at = ? WHERE id = ? AND paused_at IS NULL", nowMs, id)
                == 1;
    }

    public void resume(Handle h, String id) {
        h.execute("UPDATE webhook_endpoints SET paused_at = NULL, failures = 0, failing_since = NULL WHERE id = ?", id);
    }

    /** The endpoint, its deliveries and their attempts, removed. */
    public void delete(Handle h, String id) {
        h.execute(
                "DELETE FROM webhook_attempts WHERE delivery_id IN"
                        + " (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)",
                id);
        h.execute("DELETE FROM webhook_deliveries WHERE endpoint_id = ?", id);
        h.execute("DELETE FROM webhook_endpoints WHERE id = ?", id);
    }

    /** Every endpoint of the relay (retired ones too), with what it delivered, removed (the platform's stay). */
    public void removeEndpoints(Handle h, String relayId) {
        for (String id : h.select("SELECT id FROM webhook_endpoints WHERE relay_id = ?", relayId)
                .mapTo(String.class)
                .list()) delete(h, id);
    }

    /**
     * What any endpoint was sent of the relay that names {@code pubkey} (a member's key, hex as the bodies carry it),
     * with its attempts, removed for good: the person's erasure. A key is 64 hex characters, so a LIKE on it matches
     * nothing by chance.
     */
    public void forgetPerson(Handle h, String relayId, String pubkey) {
        String naming = "%" + pubkey + "%";
        h.execute(
                "DELETE FROM webhook_attempts WHERE delivery_id IN"
                        + " (SELECT id FROM webhook_deliveries WHERE relay_id = ? AND body LIKE ?)",
                relayId,
                naming);
        h.execute("DELETE FROM webhook_deliveries WHERE relay_id = ? AND body LIKE ?", relayId, naming);
    }

    /** Everything of the relay removed for good: its endpoints, and what any endpoint was sent of it. */
    public void removeRelay(Handle h, String relayId) {
        removeEndpoints(h, relayId);
        // what the platform's endpoints were sent of this relay goes too: a purged relay leaves nothing behind
        h.execute(
                "DELETE FROM webhook_attempts WHERE delivery_id IN"
                        + " (SELECT id FROM webhook_deliveries WHERE relay_id = ?)",
                relayId);
        h.execute("DELETE FROM webhook_deliveries WHERE relay_id = ?", relayId);
    }

    public String insertDelivery(Handle h, Endpoint e, String relayId, String kind, String body, long nowMs) {
        String id = Ids.newId();
        h.execute(
                "INSERT INTO webhook_deliveries (" + DELIVERY_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL)",
                id,
                e.id(),
                relayId,
                kind,
                body,
                nowMs);
        return id;
    }

    public Optional<Delivery> delivery(Handle h, String id) {
        return h.select("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = ?", id)
                .map(DELIVERY)
                .findOne();
    }

    /** The endpoint's newest deliveries, at most {@code limit}. */
    public List<Delivery> deliveries(Handle h, String endpointId, int limit) {
        return h.select(
                        "SELECT " + DELIVERY_COLUMNS
                                + " FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_ms DESC, id LIMIT ?",
                        endpointId,
                        limit)
                .map(DELIVERY)
                .list();
    }

    /** The delivery's status after an attempt (pending, delivered, failed, skipped); counts the attempt. */
    public void settle(Handle h, String id, String status, Long deliveredMs) {
        if (deliveredMs == null)
            h.execute("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1 WHERE id = ?", status, id);
        else
            h.execute(
                    "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, delivered_ms = ? WHERE id = ?",
                    status,
                    deliveredMs,
                    id);
    }

    /** The delivery waits for another try (a replay asked by hand). */
    public void pending(Handle h, String id) {
        h.execute("UPDATE webhook_deliveries SET status = 'pending' WHERE id = ?", id);
    }

    /** Marks a delivery not attempted (its endpoint paused or gone), without counting an attempt. */
    public void skip(Handle h, String id) {
        h.execute("UPDATE webhook_deliveries SET status = 'skipped' WHERE id = ? AND status = 'pending'", id);
    }

    public void giveUp(Handle h, String id) {
        h.execute("UPDATE webhook_deliveries SET status = 'failed' WHERE id = ? AND status = 'pending'", id);
    }

    public void attempt(Handle h, Attempt a) {
        h.execute(
                "INSERT INTO webhook_attempts (id, delivery_id, at_ms, status_code, latency_ms, excerpt, ok, replay)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(),
                a.deliveryId(),
                a.atMs(),
                a.statusCode(),
                a.latencyMs(),
                a.excerpt(),
                a.ok() ? 1 : 0,
                a.replay() ? 1 : 0);
    }

    /** A delivery's attempts, newest first. */
    public List<Attempt> attempts(Handle h, String deliveryId) {
        return h.select(
                        "SELECT id, delivery_id, at_ms, status_code, latency_ms, excerpt, ok, replay"
                                + " FROM webhook_attempts WHERE delivery_id = ? ORDER BY at_ms DESC, id",
                        deliveryId)
                .map(ATTEMPT)
                .list();
    }
}
