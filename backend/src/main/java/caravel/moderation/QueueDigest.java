package caravel.moderation;

import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.relayaccess.RelayAccess;
import caravel.robot.Robot;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The digest DM: when items wait in a relay's moderation queue, its team is told by NIP-17 DM, at most once an hour
 * per relay (unless the relay turned the digest off). The first item after a quiet hour is told at once; items that
 * arrive within the hour after a digest are told by one delayed digest at the hour's end, which counts what still
 * waits then (nothing, if the team already worked the queue).
 */
public final class QueueDigest implements JobHandler {
    public static final String JOB = "moderation.digest";
    static final Duration EVERY = Duration.ofHours(1);

    private final RelayStore relayStore;
    private final RelayAccess access;
    private final Robot robot;
    private final Clock clock;
    private final QueueStore store;
    private final JobQueue jobs;
    private final ModerationRecipients recipients;
    /** Where the relay's Moderation page is ({@code <base>/relays/<id>/moderation}); null: no link. */
    private final String appUrl;

    record Due(String relay) {}

    /**
     * @param appUrl where the Caravel app is served (the digest links to the relay's Moderation page), null for none
     */
    public QueueDigest(
            RelayStore relayStore,
            RelayAccess access,
            Robot robot,
            Clock clock,
            QueueStore store,
            JobQueue jobs,
            ModerationRecipients recipients,
            String appUrl) {
        this.relayStore = relayStore;
        this.access = access;
        this.robot = robot;
        this.clock = clock;
        this.store = store;
        this.jobs = jobs;
        this.recipients = recipients;
        this.appUrl = appUrl == null || appUrl.isBlank() ? null : appUrl.replaceAll("/+$", "");
    }

    /** Something new waits on the relay (in the caller's transaction): a digest now, or one at the hour's end. */
    void somethingWaits(Handle h, Relay r) {
        if (!store.settings(h, r.id()).digest()) return;
        long now = Epoch.seconds(clock);
        Long last = lastSent(h, r.id());
        if (last == null || last <= now - EVERY.toSeconds()) send(h, r, now);
        else
            jobs.enqueueAt(
                    h,
                    JOB,
                    JobPayloads.write(new Due(r.id())),
                    JOB + ":" + r.id(),
                    3,
                    (last + EVERY.toSeconds()) * 1000);
    }

    @Override
    public void run(Job job) {
        String relayId;
        try {
            relayId = JobPayloads.read(job.payload(), Due.class).relay();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("digest job payload is not JSON");
        }
        Relay r = relayStore.find(relayId).orElse(null);
        if (r == null) return;
        store.jdbi().useTransaction(h -> {
            if (!store.settings(h, r.id()).digest()) return;
            long now = Epoch.seconds(clock);
            Long last = lastSent(h, r.id());
            if (last != null && last > now - EVERY.toSeconds()) return; // told within the hour after all
            send(h, r, now);
        });
    }

    private Long lastSent(Handle h, String relayId) {
        return jobs.lastQueuedAt(h, Robot.DM_JOB, "dm:" + keyPrefix(relayId)).orElse(null);
    }

    static String keyPrefix(String relayId) {
        return "queue-digest:" + relayId + ":";
    }

    private void send(Handle h, Relay r, long now) {
        int waiting = store.waiting(h, r.id());
        if (waiting == 0) return;
        String text = message(r, waiting, store.waitingByCause(h, r.id()));
        int i = 0;
        for (String to : new LinkedHashSet<>(recipients.of(r)))
            robot.sendDm(h, to, text, r.tenant(), r.id(), keyPrefix(r.id()) + now + ":" + i++);
    }

    String message(Relay r, int waiting, List<QueueStore.CauseCount> causes) {
        StringBuilder s = new StringBuilder();
        s.append(waiting)
                .append(waiting == 1 ? " item waits" : " items wait")
                .append(" in the moderation queue of ")
                .append(r.name())
                .append(" (")
                .append(access.address(r).url())
                .append("): ");
        List<String> parts = causes.stream()
                .map(c -> c.count() + " " + Cause.words(c.cause(), c.count()))
                .toList();
        s.append(String.join(", ", parts)).append(". ");
        if (appUrl != null)
            s.append("Review them: ")
                    .append(appUrl)
                    .append("/relays/")
                    .append(r.id())
                    .append("/moderation");
        else s.append("Review them on the relay's Moderation page in Caravel.");
        return s.toString();
    }

    /** How a cause reads in the digest. */
    static final class Cause {
        private Cause() {}

        static String words(String cause, int n) {
            if (cause == null) return "reported";
            return switch (cause) {
                case "blocked_words" -> "removed for blocked words";
                case "first_post_held" -> n == 1 ? "first post held" : "first posts held";
                case "hidden_after_reports" -> "hidden after reports";
                default -> cause;
            };
        }
    }
}
