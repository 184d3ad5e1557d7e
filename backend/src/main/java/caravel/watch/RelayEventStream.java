package caravel.watch;

import caravel.members.CapEnforcer;
import caravel.members.MembershipChanges;
import caravel.names.RelayNames;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one stream of the watched relays' events that every consumer reads: whatever way an event reached the watch (a
 * live subscription, the stored events a new socket asks for, the deafness probe's late hand-over, the socket of a
 * process that took the relay's shard over), each consumer is handed it here, and once: {@link HandledEvents} keeps, by
 * relay and event id, which consumers had it. Delivered at least once: a consumer that throws gets the event again
 * the next time it arrives.
 *
 * <p>The consumers: {@link Consumer#MEMBERSHIP} (a join queues the allowance check and holds the pages' counts,
 * {@link MembershipChanges}), {@link Consumer#MEMBER_LIST} (the member mirror and the NIP-05 names it releases,
 * {@link RelayNames#memberList}), {@link Consumer#REPORTS} (the moderation queue, {@link ReportsHeard}) and
 * {@link Consumer#EVERY_EVENT} (the automatic rules and insight, {@link WatchedEvents}). Membership and reports are
 * handled on the caller's thread; the member list and every event one at a time in arrival order on a thread of their
 * own, so a database write there never holds up the membership events the pages wait on.
 *
 * <p>Remembered for {@link WatchSettings.Backfill#handledKept()}: every second delivery a new socket asks for falls
 * within it. Past it (a report older than that, asked for again by every new socket), and across processes, the
 * consumers' own keys by event id are what keep a second delivery from counting (the queue's reports, insight's seen
 * ids).
 */
public final class RelayEventStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayEventStream.class);

    /** Who reads the stream; each handles an event once. */
    public enum Consumer {
        MEMBERSHIP(1),
        MEMBER_LIST(2),
        REPORTS(4),
        EVERY_EVENT(8);

        /** Its bit in what {@link HandledEvents} keeps of an event. */
        final int bit;

        Consumer(int bit) {
            this.bit = bit;
        }
    }

    /** Whose events: the relay, its tenant (the pages told of its joins), and its key (which signs 8000/8001/13534). */
    public record Origin(String relayId, String tenant, String relayPubkey) {}

    private final CapEnforcer caps;
    private final MembershipChanges membership;
    private final RelayNames names;
    private final ReportsHeard reports;
    private final WatchedEvents events;
    private final HandledEvents handled;
    private final MembershipHeard heard;
    private final Map<Consumer, AtomicLong> handedOver = new EnumMap<>(Consumer.class);
    private final AtomicLong repeats = new AtomicLong();
    private volatile BiConsumer<Consumer, Event> observer = (c, e) -> {};
    private volatile ExecutorService mirror;
    private volatile ExecutorService delivery;

    public RelayEventStream(
            CapEnforcer caps,
            MembershipChanges membership,
            RelayNames names,
            ReportsHeard reports,
            WatchedEvents events,
            WatchSettings.Backfill kept,
            org.jdbi.v3.core.Jdbi jdbi) {
        this.caps = caps;
        this.membership = membership;
        this.names = names;
        this.reports = reports;
        this.events = events;
        this.handled = new HandledEvents(kept.handledKept(), kept.handledMax());
        this.heard = new MembershipHeard(jdbi);
        for (Consumer c : Consumer.values()) handedOver.put(c, new AtomicLong());
    }

    /** Whether anyone wants every event (the watch then subscribes to every event of each relay). */
    boolean wantsEveryEvent() {
        return !events.equals(WatchedEvents.NONE);
    }

    /** What the deafness probe asks a socket for: the kinds the subscriptions follow (every kind when they all are). */
    Filter followed() {
        return wantsEveryEvent()
                ? Filter.any()
                : Filter.any()
                        .kinds(
                                WatchedKinds.MEMBER_ADDED,
                                WatchedKinds.MEMBER_REMOVED,
                                WatchedKinds.MEMBER_LIST,
                                WatchedKinds.REPORT);
    }

    synchronized void start() {
        if (mirror != null) return;
        mirror = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("community-mirror").factory());
        delivery = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("community-events").factory());
    }

    /** An event a subscription that feeds {@code to} delivered. */
    void heard(Origin from, Event e, Consumer to) {
        handled.heard(from.relayId(), e.id());
        handOver(from, e, to);
    }

    /**
     * An event the socket's subscriptions should have delivered and did not (the deafness probe found it stored):
     * handed to every consumer it is for, as the subscriptions would have.
     */
    void late(Origin from, Event e) {
        if (!e.verify()) return;
        handled.heard(from.relayId(), e.id());
        boolean byRelay = e.pubkey().equals(from.relayPubkey());
        int kind = e.kind();
        if (byRelay && WatchedKinds.membership(kind)) handOver(from, e, Consumer.MEMBERSHIP);
        if (byRelay && kind == WatchedKinds.MEMBER_LIST) handOver(from, e, Consumer.MEMBER_LIST);
        if (kind == WatchedKinds.REPORT) handOver(from, e, Consumer.REPORTS);
        if (wantsEveryEvent()) handOver(from, e, Consumer.EVERY_EVENT);
    }

    /** The event reached the watch, to be handed over shortly (the deafness probe found it). */
    void noteHeard(String relayId, String eventId) {
        handled.heard(relayId, eventId);
    }

    /** Whether the relay's event reached the watch lately, by whatever way (the deafness probe compares with it). */
    boolean wasHeard(String relayId, String eventId) {
        return handled.wasHeard(relayId, eventId);
    }

    /** A socket to the relay was opened: joins made while none was are checked against the allowance too. */
    void opened(String relayId) {
        caps.enqueue(relayId);
    }

    /** Forgets what was handled longer ago than it is kept (the pass calls it). */
    void prune() {
        handled.prune();
    }

    private void handOver(Origin from, Event e, Consumer to) {
        if (!handled.claim(from.relayId(), e.id(), to)) {
            repeats.incrementAndGet();
            return;
        }
        switch (to) {
            case MEMBERSHIP -> handle(from, e, to, () -> onMembership(from.tenant(), from.relayId(), e));
            case REPORTS -> handle(from, e, to, () -> reports.arrived(from.relayId(), e));
            case MEMBER_LIST -> later(mirror, from, e, to, () -> names.memberList(from.relayId(), e));
            case EVERY_EVENT -> later(delivery, from, e, to, () -> events.accepted(from.relayId(), e));
        }
    }

    private void later(ExecutorService on, Origin from, Event e, Consumer to, Runnable handler) {
        try {
            if (on == null) throw new RejectedExecutionException("not started");
            on.execute(() -> handle(from, e, to, handler));
        } catch (RejectedExecutionException closing) {
            handled.release(from.relayId(), e.id(), to);
        }
    }

    private void handle(Origin from, Event e, Consumer to, Runnable handler) {
        try {
            handler.run();
            handedOver.get(to).incrementAndGet();
            observer.accept(to, e);
        } catch (RuntimeException ex) {
            // not handled: the next delivery of it (the next socket's first ones, a check) hands it over again
            handled.release(from.relayId(), e.id(), to);
            log.info("relay {}: {} did not handle event {}: {}", from.relayId(), to, e.id(), ex.toString());
        }
    }

    /**
     * The relay key wrote a membership event: a join (8000) is held for the allowance check it queues, which tells the
     * pages when done; a leave or removal (8001) is told at once. The new member list (13534) is held and checked again
     * like a join: zooid writes it after the 8000, and its member listing reads that list, so a check that ran between
     * the two saw the relay without the new member and let a join past the allowance stand (seen with real zooid).
     * A join or leave is also the webhooks' {@code member.joined} / {@code member.left} ({@link MembershipHeard}).
     */
    void onMembership(String tenant, String relayId, Event e) {
        // recorded first: a failure here leaves the event unhandled, to be handed over again (once it commits, a
        // repeat is left out by its key)
        heard.heard(tenant, relayId, e);
        if (e.kind() == WatchedKinds.MEMBER_ADDED || e.kind() == WatchedKinds.MEMBER_LIST) {
            membership.joined(tenant, relayId);
            caps.enqueue(relayId);
        } else {
            membership.changed(tenant, relayId);
        }
    }

    /** Events handed to the consumer so far (the metrics, tests). */
    public long handedOver(Consumer to) {
        return handedOver.get(to).get();
    }

    /** Deliveries of an event a consumer had already handled, left out (the metrics, tests). */
    public long repeats() {
        return repeats.get();
    }

    /** Told of each event as a consumer handled it (tests count them). */
    void observe(BiConsumer<Consumer, Event> observer) {
        this.observer = observer;
    }

    @Override
    public synchronized void close() {
        if (mirror != null) mirror.shutdownNow();
        if (delivery != null) delivery.shutdownNow();
        mirror = null;
        delivery = null;
    }
}
