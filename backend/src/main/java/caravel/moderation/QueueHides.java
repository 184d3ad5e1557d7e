package caravel.moderation;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.PermanentFailure;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hide {@link QueueFeed} queues when enough members reported an event ({@value QueueFeed#HIDE_JOB}): the event is
 * kept whole, then banned on the relay, and its item shows as hidden, unless a moderator decided it meanwhile.
 */
public record QueueHides(
        RelayStore relayStore,
        RelayAccess access,
        RelayCalls calls,
        RelayKeySockets sockets,
        CommunityStore communityStore,
        OutcomeLog outcomes,
        Clock clock,
        QueueStore store)
        implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(QueueHides.class);

    /** The hide: the event is kept whole, then banned on the relay, and its item shows as hidden. */
    @Override
    public void run(Job job) {
        QueueFeed.Hide hide;
        try {
            hide = JobPayloads.read(job.payload(), QueueFeed.Hide.class);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("hide job payload is not JSON");
        }
        Relay r = relayStore.find(hide.relay()).orElse(null);
        if (r == null) return;
        QueueStore.Item before = store.item(r.id(), hide.event()).orElse(null);
        if (before == null || !before.state().equals("waiting") || before.isRemoved()) return;
        Integer n = store.settings(r.id()).hideAfter();
        if (n == null) return; // turned off since
        Event e = fetch(r, hide.event());
        if (e != null && e.pubkey().equals(access.target(r).pubkey())) return; // the relay's own record
        String why = "hidden after reports by " + n + " members, pending a moderator's decision";
        calls.call(r, "banevent", List.of(hide.event(), why), "hide this event");
        long now = Epoch.seconds(clock);
        boolean marked = store.jdbi().inTransaction(h -> {
            if (!store.hidden(h, r.id(), hide.event(), e == null ? null : e.toJsonString(), why, now)) return false;
            communityStore.eventBanned(
                    h,
                    r.id(),
                    hide.event(),
                    e == null ? null : e.pubkey(),
                    e == null ? null : e.kind(),
                    why,
                    Actor.SYSTEM,
                    now);
            outcomes.record(
                    h,
                    r,
                    "event_hidden",
                    "Event " + hide.event().substring(0, 8) + " hidden: reported by " + n
                            + " members; it waits in the moderation queue",
                    Actor.SYSTEM,
                    now);
            return true;
        });
        if (!marked) {
            // a moderator decided the item while the relay was being asked: their decision stands, not the hide
            QueueStore.Item now2 = store.item(r.id(), hide.event()).orElse(null);
            if (now2 != null && !now2.isRemoved())
                calls.call(r, "allowevent", List.of(hide.event()), "allow this event again");
        }
    }

    private Event fetch(Relay r, String id) {
        try (RelaySocket s = sockets.open(r)) {
            List<Event> got = s.query(
                    List.of(new Filter(List.of(id), null, null, Map.of(), null, null, 1)), RelayKeySockets.TIMEOUT);
            return got.isEmpty() ? null : got.get(0);
        } catch (RelaySocket.RelayRefused e) {
            log.info("relay {}: the event to hide could not be read: {}", r.id(), e.getMessage());
            return null;
        }
    }
}
