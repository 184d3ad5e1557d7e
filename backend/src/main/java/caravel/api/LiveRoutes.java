package caravel.api;

import caravel.auth.Principal;
import caravel.community.Community;
import caravel.domain.Failure;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.live.ChangeFeed;
import caravel.live.MemberChangeStore;
import caravel.live.MemberCounts;
import caravel.live.RecentCounts;
import caravel.live.StreamSlots;
import caravel.logging.Hops;
import caravel.store.RelayStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * GET /live: a Server-Sent Events stream of one tenant's live state (its relays with status and sync, its open and
 * just-paid invoices, the newest activity id, its active relays' member counts and newest refused joins, its billing
 * summary as GET /tenants/:pk/billing gives it). Authenticated like every route, with the Authorization header: the
 * web app reads it with fetch() streaming, since EventSource cannot send headers. A state event is sent at once
 * (so a reconnecting page catches up), then whenever the tenant's data changes (see ChangeFeed), only if it differs
 * from the last one sent; a comment every 5 s keeps proxies and the connection's idle timeout from closing it, and
 * finds out soon when the page has gone (only a write to its closed connection fails).
 */
public record LiveRoutes(
        Jdbi jdbi,
        RelayStore relayStore,
        Community community,
        ChangeFeed feed,
        StreamSlots slots,
        RateLimits rateLimits,
        PlatformMetrics metrics,
        LiveState state,
        RecentCounts recentCounts)
        implements Server.Routes {
    static final long PING_MILLIS = 5_000;
    /** Streams end after this long and the client reconnects, so a revoked or expired session stops being served. */
    static final long MAX_STREAM_MILLIS = 5 * 60_000;
    /**
     * Open streams per tenant: a few tabs and an admin, not an unbounded number of held connections. A closed page's
     * stream counts until a write to it fails, so a stream asked for at the cap first has the others pinged.
     */
    static final int MAX_STREAMS_PER_TENANT = 32;
    /** The Retry-After of a stream refused for the platform's or an address's stream cap. */
    static final long STREAM_RETRY_SECONDS = 10;
    /** How long a stream asked for at the cap waits for pings to find closed pages' streams. */
    static final long ROOM_WAIT_MILLIS = 1_000;
    /**
     * How often an open stream counts all its active relays' members (one zooid call per relay), besides counting a
     * relay at once when the membership watcher hears a join or leave on it: for changes it did not hear.
     */
    static final long MEMBERS_MILLIS = 20_000;

    /** Writes the state events; shared by every stream (its configuration is never changed). */
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/live", auth.required(this::stream));
    }

    private void stream(Context ctx) throws Exception {
        Principal p = Http.principal(ctx);
        String asked = Http.query(ctx, "tenant");
        String tenant = asked == null || asked.isBlank()
                ? p.pubkey()
                : Http.pubkey(asked, "tenant must be a 64-hex public key or an npub");
        if (!p.canAccessTenant(tenant)) throw Failure.notFound("tenant not found");
        StreamSlots.Result taken = slots.acquire(rateLimits.clientAddress(ctx));
        if (taken.refusal() != null)
            metrics.liveStreamRefused(taken.refusal() == StreamSlots.Refusal.ADDRESS_FULL ? "address" : "platform");
        if (taken.refusal() == StreamSlots.Refusal.ADDRESS_FULL)
            throw new RateLimits.Limited(
                    "too many live streams open from your address; close some pages and try again in "
                            + STREAM_RETRY_SECONDS + " s",
                    STREAM_RETRY_SECONDS);
        if (taken.refusal() == StreamSlots.Refusal.PLATFORM_FULL) {
            ctx.header("Retry-After", Long.toString(STREAM_RETRY_SECONDS));
            throw new Failure(
                    Failure.Kind.UNAVAILABLE,
                    "the platform holds as many live streams as it can; try again in " + STREAM_RETRY_SECONDS + " s");
        }
        // the slot is given back however the stream ends: refused below, the page gone, the time limit, shutdown
        StreamSlots.Slot slot = taken.slot().orElseThrow();
        try {
            if (!roomFor(tenant))
                throw new Failure(Failure.Kind.RATE_LIMITED, "too many live streams open for this account");
            serve(ctx, p, tenant);
        } finally {
            slot.close();
        }
    }

    @SuppressWarnings("try") // the membership listener is held open for the stream's life, not used in the body
    private void serve(Context ctx, Principal p, String tenant) throws Exception {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no"); // a reverse proxy must pass events through, not buffer them
        long until = System.currentTimeMillis() + MAX_STREAM_MILLIS;
        try (ChangeFeed.Subscription sub = feed.subscribe(tenant);
                MemberCounts members = new MemberCounts(
                        () -> jdbi.withHandle(h -> relayStore.byTenant(h, tenant)),
                        community.members::count,
                        r -> community.memberCap.cap(r),
                        community.changes,
                        sub::wake,
                        MEMBERS_MILLIS,
                        recentCounts,
                        () -> heardVersions(tenant));
                // joins and leaves heard on the tenant's relays are counted at once, not at the next periodic count
                AutoCloseable heard = community.changes.listen(tenant, members::recount)) {
            OutputStream out = res.getOutputStream();
            write(out, "retry: 1000\n\n");
            String last = null;
            boolean changed = true;
            Map<String, MemberChangeStore.Change> toldChanges = null;
            while (true) {
                if (changed) {
                    toldChanges = recountHeardElsewhere(tenant, toldChanges, members);
                    // the database first, then the counts: a refusal the state shows was made after its join was
                    // reversed on the relay, so the count read after it never still includes the refused member
                    Hops.mark("live.compose", tenant);
                    LiveState.State s = state.of(tenant, members::current, p);
                    String data = JSON.writeValueAsString(s);
                    if (!data.equals(last)) {
                        write(out, "id: " + s.version() + "\nevent: state\ndata: " + data + "\n\n");
                        if (Hops.on()) Hops.mark("live.sent", tenant + " v" + s.version());
                        last = data;
                    } else if (sub.pingAsked()) {
                        write(out, ": ping\n\n");
                    }
                } else {
                    write(out, ": ping\n\n");
                }
                long left = until - System.currentTimeMillis();
                if (left <= 0 || feed.closed()) break;
                changed = sub.awaitChange(Math.min(PING_MILLIS, left));
            }
        } catch (IOException e) {
            // the page went away; nothing to answer
        }
    }

    /**
     * Relays whose members changed since {@code before} (a join or leave heard by any process, told through the
     * database) are counted again, their holds ended by the check that settled the change. Returns what was read, or
     * {@code before} when the database could not be read (the next wake reads again).
     */
    private Map<String, MemberChangeStore.Change> recountHeardElsewhere(
            String tenant, Map<String, MemberChangeStore.Change> before, MemberCounts members) {
        Map<String, MemberChangeStore.Change> now;
        try {
            now = jdbi.withHandle(h -> new MemberChangeStore(jdbi).ofTenant(h, tenant));
        } catch (RuntimeException e) {
            return before;
        }
        if (before != null)
            now.forEach((relayId, change) -> {
                MemberChangeStore.Change seen = before.get(relayId);
                if (seen != null && seen.version() == change.version()) return;
                community.changes.toldElsewhere(relayId, change.checkedFrom());
                members.recount(relayId);
            });
        return now;
    }

    /** The tenant's relays' membership-change versions (member_changes), for {@link RecentCounts}. */
    private Map<String, Long> heardVersions(String tenant) {
        Map<String, Long> out = new java.util.HashMap<>();
        jdbi.withHandle(h -> new MemberChangeStore(jdbi).ofTenant(h, tenant))
                .forEach((relayId, change) -> out.put(relayId, change.version()));
        return out;
    }

    /**
     * Whether the tenant may open one more stream. At the cap, its streams are pinged (repeatedly: the first write to a
     * connection the page has closed usually still succeeds, the peer's reset fails a later one) until one is found
     * gone or {@link #ROOM_WAIT_MILLIS} has passed.
     */
    private boolean roomFor(String tenant) throws InterruptedException {
        long end = System.currentTimeMillis() + ROOM_WAIT_MILLIS;
        while (feed.subscriberCount(tenant) >= MAX_STREAMS_PER_TENANT) {
            if (System.currentTimeMillis() >= end) return false;
            feed.askPings(tenant);
            Thread.sleep(50);
        }
        return true;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Wakes the open streams so they end before the server stops. */
    @Override
    public void close() {
        feed.close();
    }
}
