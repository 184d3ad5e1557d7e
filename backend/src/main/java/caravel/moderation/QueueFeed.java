package caravel.moderation;

import caravel.domain.InvisibleCharacters;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.names.RelayMemberStore;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.Deps;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What fills the moderation queue: members' reports as the watch hears them (and the hide after N distinct members'
 * reports they may set off), and the events the automatic rules removed ({@link QueueIntake}). A hide is a durable
 * job, queued in the report's transaction, so the watch's reader never waits on the relay.
 */
public final class QueueFeed implements QueueIntake, JobHandler {
    private static final Logger log = LoggerFactory.getLogger(QueueFeed.class);
    public static final String HIDE_JOB = "moderation.hide";
    static final int MAX_REASON = 500;
    /** Reports older than this were made while Caravel was not watching: queued, but they tell no one. */
    static final long FRESH_SECONDS = 86_400;

    private final Deps d;
    private final QueueStore store;
    private final RelayMemberStore members;
    private final JobQueue jobs;
    private final QueueDigest digest;
    /**
     * Whether a member is on a free trial of the relay's paid admission (told by admission, which this package does
     * not see): a trial's report is shown, never counted toward the hide, so throw-away trial keys hide nothing.
     */
    private volatile FreeTrials freeTrials = (relay, pubkey) -> false;

    record Hide(String relay, String event) {}

    /** Who is on a free trial of a relay's paid admission now. */
    @FunctionalInterface
    public interface FreeTrials {
        boolean onFreeTrial(String relayId, String pubkey);
    }

    /** Set once at assembly, before the watch hands over any report (paid admission knows its trials). */
    public void freeTrials(FreeTrials trials) {
        this.freeTrials = trials;
    }

    public QueueFeed(Deps d, QueueStore store, RelayMemberStore members, JobQueue jobs, QueueDigest digest) {
        this.d = d;
        this.store = store;
        this.members = members;
        this.jobs = jobs;
        this.digest = digest;
    }

    /**
     * A kind 1984 report the relay holds (heard live, or again when the watch subscribes anew): recorded once, put on
     * its event's item (or its person's, for a report naming no event), counted toward the hide when its author is a
     * member, and the team told by the digest.
     */
    public void reportArrived(String relayId, Event report) {
        if (report.kind() != 1984) return;
        long now = d.now();
        Relay r = d.relayStore().find(relayId).orElse(null);
        if (r == null) return;
        String eventId = Reports.reportedEvent(report);
        String person = Reports.reportedPubkey(report, Map.of());
        String item = eventId != null ? eventId : person != null ? "p:" + person : null;
        // membership as Caravel last heard it from the relay's member list: non-members' reports are shown, not
        // counted,
        // and so are those of members on a free trial (two throw-away trial keys must not hide a post)
        boolean member = item != null
                && members.isMember(relayId, report.pubkey())
                && !freeTrials.onFreeTrial(relayId, report.pubkey());
        d.jdbi().useTransaction(h -> {
            boolean fresh = d.store().reportSeen(h, relayId, report.id(), report.pubkey(), report.createdAt(), now);
            if (item == null) return;
            boolean firstHere = store.report(
                    h,
                    relayId,
                    report.id(),
                    item,
                    report.pubkey(),
                    member,
                    Reports.reportType(report),
                    cut(report.content()),
                    report.createdAt(),
                    now);
            if (!firstHere) return;
            store.openItem(h, relayId, item, eventId, person, true, now);
            QueueStore.Item it = store.item(h, relayId, item).orElseThrow();
            Integer n = store.settings(h, relayId).hideAfter();
            if (n != null && eventId != null && it.state().equals("waiting") && !it.isRemoved()) {
                long since = it.decidedAt() == null ? 0 : it.decidedAt();
                if (store.memberReporters(h, relayId, item, since) >= n)
                    jobs.enqueueNow(
                            h,
                            HIDE_JOB,
                            JobPayloads.write(new Hide(relayId, eventId)),
                            HIDE_JOB + ":" + relayId + ":" + eventId,
                            5);
            }
            if (fresh && report.createdAt() >= now - FRESH_SECONDS) digest.somethingWaits(h, r);
        });
    }

    @Override
    public void removed(String relayId, Event event, Cause cause, String detail) {
        long now = d.now();
        Relay r = d.relayStore().find(relayId).orElse(null);
        if (r == null) return;
        d.jdbi().useTransaction(h -> {
            boolean wasWaiting = store.item(h, relayId, event.id())
                    .map(i -> i.state().equals("waiting") && i.isRemoved())
                    .orElse(false);
            store.removedItem(
                    h,
                    relayId,
                    event.id(),
                    event.id(),
                    event.pubkey(),
                    event.toJsonString(),
                    cause.name().toLowerCase(java.util.Locale.ROOT),
                    cut(detail),
                    now);
            if (!wasWaiting) digest.somethingWaits(h, r);
        });
    }

    /** The hide: the event is kept whole, then banned on the relay, and its item shows as hidden. */
    @Override
    public void run(Job job) {
        Hide hide;
        try {
            hide = JobPayloads.read(job.payload(), Hide.class);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("hide job payload is not JSON");
        }
        Relay r = d.relayStore().find(hide.relay()).orElse(null);
        if (r == null) return;
        QueueStore.Item before = store.item(r.id(), hide.event()).orElse(null);
        if (before == null || !before.state().equals("waiting") || before.isRemoved()) return;
        Integer n = store.settings(r.id()).hideAfter();
        if (n == null) return; // turned off since
        Event e = fetch(r, hide.event());
        if (e != null && e.pubkey().equals(d.access().target(r).pubkey())) return; // the relay's own record
        String why = "hidden after reports by " + n + " members, pending a moderator's decision";
        d.rpc().call(d.access().target(r), "banevent", List.of(hide.event(), why), "hide this event");
        long now = d.now();
        boolean marked = d.jdbi().inTransaction(h -> {
            if (!store.hidden(h, r.id(), hide.event(), e == null ? null : e.toJsonString(), why, now)) return false;
            d.store()
                    .eventBanned(
                            h,
                            r.id(),
                            hide.event(),
                            e == null ? null : e.pubkey(),
                            e == null ? null : e.kind(),
                            why,
                            "system",
                            now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            r.id(),
                            "event_hidden",
                            "Event " + hide.event().substring(0, 8) + " hidden: reported by " + n
                                    + " members; it waits in the moderation queue",
                            "system",
                            now);
            return true;
        });
        if (!marked) {
            // a moderator decided the item while the relay was being asked: their decision stands, not the hide
            QueueStore.Item now2 = store.item(r.id(), hide.event()).orElse(null);
            if (now2 != null && !now2.isRemoved())
                d.rpc().call(d.access().target(r), "allowevent", List.of(hide.event()), "allow this event again");
        }
    }

    private Event fetch(Relay r, String id) {
        try (RelaySocket s = d.socket(r)) {
            List<Event> got =
                    s.query(List.of(new Filter(List.of(id), null, null, Map.of(), null, null, 1)), Deps.SOCKET_TIMEOUT);
            return got.isEmpty() ? null : got.get(0);
        } catch (RelaySocket.RelayRefused e) {
            log.info("relay {}: the event to hide could not be read: {}", r.id(), e.getMessage());
            return null;
        }
    }

    /** A reporter's text as the queue shows it: nothing invisible or direction-changing, at most MAX_REASON. */
    static String cut(String s) {
        if (s == null) return "";
        String t = InvisibleCharacters.remove(s).strip();
        return t.length() <= MAX_REASON ? t : t.substring(0, MAX_REASON);
    }
}
