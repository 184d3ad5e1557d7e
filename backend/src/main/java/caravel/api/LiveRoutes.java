package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.http.RateLimits;
import caravel.live.ChangeFeed;
import caravel.live.ChangeStore;
import caravel.live.MemberChangeStore;
import caravel.live.MemberCounts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * GET /live: a Server-Sent Events stream of one tenant's live state (its relays with status and sync, its open and
 * just-paid invoices, the newest activity id, its active relays' member counts and newest refused joins, its billing
 * summary as GET /tenants/:pk/billing gives it). Authenticated like every route, with the Authorization header: the
 * web app reads it with fetch() streaming, since EventSource cannot send headers. A state event is sent at once
 * (so a reconnecting page catches up), then whenever the tenant's data changes (see ChangeFeed), only if it differs
 * from the last one sent; a comment every 5 s keeps proxies and the connection's idle timeout from closing it, and
 * finds out soon when the page has gone (only a write to its closed connection fails).
 */
final class LiveRoutes {
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
    /** Paid invoices stay in the state this long, so a page open during the payment sees it turn paid. */
    static final long RECENTLY_PAID_SECONDS = 3600;

    record InvoiceState(String id, String status, long amount, String kind, Long paidAt) {}

    /**
     * How often an open stream counts all its active relays' members (one zooid call per relay), besides counting a
     * relay at once when the membership watcher hears a join or leave on it: for changes it did not hear.
     */
    static final long MEMBERS_MILLIS = 20_000;

    record State(
            long version,
            List<Views.RelayView> relays,
            List<InvoiceState> invoices,
            long activityId,
            java.util.Map<String, Integer> members,
            caravel.billing.AccountSummary.Summary billing,
            // relay id → its newest refused join's id: the members card reads the refusals again when it moves
            java.util.Map<String, Long> memberRefusals) {}

    private final Server.Deps d;
    private final ChangeFeed feed;
    private final caravel.live.StreamSlots slots;
    private final RateLimits rateLimits;
    private final ChangeStore changes;
    private final MemberChangeStore memberChanges;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    LiveRoutes(Server.Deps d, ChangeFeed feed, caravel.live.StreamSlots slots, RateLimits rateLimits) {
        this.d = d;
        this.feed = feed;
        this.slots = slots;
        this.rateLimits = rateLimits;
        this.changes = new ChangeStore(d.jdbi());
        this.memberChanges = new MemberChangeStore(d.jdbi());
    }

    void register(Javalin app, Server.Auth auth) {
        app.get("/live", auth.required(this::stream));
    }

    private void stream(Context ctx) throws Exception {
        Principal p = Http.principal(ctx);
        String asked = Http.query(ctx, "tenant");
        String tenant = asked == null || asked.isBlank()
                ? p.pubkey()
                : Http.pubkey(asked, "tenant must be a 64-hex public key or an npub");
        if (!p.canAccessTenant(tenant)) throw Failure.notFound("tenant not found");
        caravel.live.StreamSlots.Result taken = slots.acquire(rateLimits.clientAddress(ctx));
        if (taken.refusal() != null)
            d.metrics()
                    .liveStreamRefused(
                            taken.refusal() == caravel.live.StreamSlots.Refusal.ADDRESS_FULL ? "address" : "platform");
        if (taken.refusal() == caravel.live.StreamSlots.Refusal.ADDRESS_FULL)
            throw new RateLimits.Limited(
                    "too many live streams open from your address; close some pages and try again in "
                            + STREAM_RETRY_SECONDS + " s",
                    STREAM_RETRY_SECONDS);
        if (taken.refusal() == caravel.live.StreamSlots.Refusal.PLATFORM_FULL) {
            ctx.header("Retry-After", Long.toString(STREAM_RETRY_SECONDS));
            throw new Failure(
                    Failure.Kind.UNAVAILABLE,
                    "the platform holds as many live streams as it can; try again in " + STREAM_RETRY_SECONDS + " s");
        }
        // the slot is given back however the stream ends: refused below, the page gone, the time limit, shutdown
        caravel.live.StreamSlots.Slot slot = taken.slot().orElseThrow();
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
                        () -> d.jdbi().withHandle(h -> d.relayStore().byTenant(h, tenant)),
                        d.community().members::count,
                        r -> d.community().deps.caps().cap(r),
                        d.community().changes,
                        sub::wake,
                        MEMBERS_MILLIS);
                // joins and leaves heard on the tenant's relays are counted at once, not at the next periodic count
                AutoCloseable heard = d.community().changes.listen(tenant, members::recount)) {
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
                    State s = state(tenant, members::current, p);
                    String data = json.writeValueAsString(s);
                    if (!data.equals(last)) {
                        write(out, "id: " + s.version() + "\nevent: state\ndata: " + data + "\n\n");
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
            now = d.jdbi().withHandle(h -> memberChanges.ofTenant(h, tenant));
        } catch (RuntimeException e) {
            return before;
        }
        if (before != null)
            now.forEach((relayId, change) -> {
                MemberChangeStore.Change seen = before.get(relayId);
                if (seen != null && seen.version() == change.version()) return;
                d.community().changes.toldElsewhere(relayId, change.checkedFrom());
                members.recount(relayId);
            });
        return now;
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

    /**
     * One snapshot. Not in a transaction: write transactions here are IMMEDIATE (they take the write lock), and a
     * change landing between the reads bumps the version again, so the next event carries the settled state.
     */
    State state(String tenant, java.util.function.Supplier<java.util.Map<String, Integer>> members, Principal p) {
        long now = d.clock().millis() / 1000;
        // what the account page says about money, pushed with the rest so every card on it agrees after any change (its
        // own handle, read before this one: a second connection is never taken while one is held)
        var billing = d.tenants().find(tenant).isPresent() ? d.accounts().of(tenant) : null;
        return d.jdbi().withHandle(h -> {
            long version = changes.version(h, tenant);
            // each relay exactly as GET /relays/:id shows it to this caller: errors worded for tenants, offered actions
            var facts = d.transitions().facts(h, tenant);
            List<caravel.store.Relay> rows = d.relayStore().byTenant(h, tenant);
            var domains =
                    d.domains().of(h, rows.stream().map(caravel.store.Relay::id).toList());
            var retries = d.relays().retries(h, rows);
            List<Views.RelayView> relays = rows.stream()
                    .map(r -> Views.relay(
                            r,
                            d.config().zooidNodes(),
                            d.relays().settingsRules(),
                            p.admin(),
                            caravel.relays.RelayStateMachine.offered(
                                    caravel.relays.RelayTransitions.stateOf(r),
                                    RelayRoutes.actor(p, r).role(),
                                    facts),
                            Views.domain(d.domains(), r, domains.get(r.id())),
                            retries.get(r.id())))
                    .toList();
            List<InvoiceState> invoices = d.invoices().openOrPaidSince(h, tenant, now - RECENTLY_PAID_SECONDS).stream()
                    .map(i -> new InvoiceState(i.id(), i.status().wire(), i.amount(), i.kind(), i.paidAt()))
                    .toList();
            long activityId = d.activity().latestId(h, tenant);
            var refusals = d.community()
                    .store
                    .newestRefusals(h, relays.stream().map(Views.RelayView::id).toList());
            return new State(version, relays, invoices, activityId, members.get(), billing, refusals);
        });
    }
}
