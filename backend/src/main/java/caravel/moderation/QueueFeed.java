package caravel.moderation;

import caravel.domain.Epoch;
import caravel.domain.InvisibleCharacters;
import caravel.domain.WebhookEvent;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.names.RelayMemberStore;
import caravel.nostr.Event;
import caravel.relayaccess.CommunityStore;
import caravel.store.OutboxStore;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Map;

/**
 * What fills the moderation queue: members' reports as the watch hears them (and the hide after N distinct members'
 * reports they may set off), and the events the automatic rules removed ({@link QueueIntake}). A hide is a durable
 * job, queued in the report's transaction, so the watch's reader never waits on the relay ({@link QueueHides} does it).
 */
public final class QueueFeed implements QueueIntake {
    public static final String HIDE_JOB = "moderation.hide";
    static final int MAX_REASON = 500;
    /** Reports older than this were made while Caravel was not watching: queued, but they tell no one. */
    static final long FRESH_SECONDS = 86_400;

    private final RelayStore relayStore;
    private final CommunityStore communityStore;
    private final Clock clock;
    private final QueueStore store;
    private final RelayMemberStore members;
    private final JobQueue jobs;
    private final QueueDigest digest;
    /** Where a report's webhook event is written, with the report (a report is in no activity line). */
    private final OutboxStore outbox;
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

    public QueueFeed(
            RelayStore relayStore,
            CommunityStore communityStore,
            Clock clock,
            QueueStore store,
            RelayMemberStore members,
            JobQueue jobs,
            QueueDigest digest) {
        this.relayStore = relayStore;
        this.communityStore = communityStore;
        this.clock = clock;
        this.store = store;
        this.members = members;
        this.jobs = jobs;
        this.digest = digest;
        this.outbox = new OutboxStore(store.jdbi());
    }

    /**
     * A kind 1984 report the relay holds (heard live, or again when the watch subscribes anew): recorded once, put on
     * its event's item (or its person's, for a report naming no event), counted toward the hide when its author is a
     * member, and the team told by the digest.
     */
    public void reportArrived(String relayId, Event report) {
        if (report.kind() != 1984) return;
        long now = Epoch.seconds(clock);
        Relay r = relayStore.find(relayId).orElse(null);
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
        store.jdbi().useTransaction(h -> {
            boolean fresh =
                    communityStore.reportSeen(h, relayId, report.id(), report.pubkey(), report.createdAt(), now);
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
            Map<String, Object> told = new java.util.LinkedHashMap<>();
            told.put("report_id", report.id());
            told.put("reporter", report.pubkey());
            told.put("reported_event", eventId);
            told.put("reported_pubkey", person);
            told.put("type", Reports.reportType(report));
            told.put("at", now);
            outbox.add(
                    h,
                    r.tenant(),
                    relayId,
                    WebhookEvent.REPORT_RECEIVED.wire(),
                    told,
                    "report:" + relayId + ":" + report.id(),
                    System.currentTimeMillis());
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
        long now = Epoch.seconds(clock);
        Relay r = relayStore.find(relayId).orElse(null);
        if (r == null) return;
        store.jdbi().useTransaction(h -> {
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

    /** A reporter's text as the queue shows it: nothing invisible or direction-changing, at most MAX_REASON. */
    static String cut(String s) {
        if (s == null) return "";
        String t = InvisibleCharacters.remove(s).strip();
        return t.length() <= MAX_REASON ? t : t.substring(0, MAX_REASON);
    }
}
