package caravel.watch;

import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.nostr.Event;
import org.jdbi.v3.core.Jdbi;

/**
 * NIP-62 requests to vanish (kind 62) among the events a watched relay accepted: each is queued, by its id, as a job
 * the erasure package handles ({@link #JOB}), which checks it and honours it on the relays it names. Queuing is all
 * that happens here, on the watch's delivery thread; a request heard twice is queued once.
 */
public final class VanishRequestsHeard implements WatchedEvents {
    /** The job kind a heard request becomes. */
    public static final String JOB = "erasure.vanish_heard";

    /** NIP-62's kind. */
    static final int KIND = 62;

    /** The job's payload: the relay it was heard on and the event as it came. */
    public record Heard(String relay, String event) {}

    private final Jdbi jdbi;
    private final JobQueue jobs;

    public VanishRequestsHeard(Jdbi jdbi, JobQueue jobs) {
        this.jdbi = jdbi;
        this.jobs = jobs;
    }

    @Override
    public void accepted(String relayId, Event event) {
        if (event.kind() != KIND) return;
        String payload = JobPayloads.write(new Heard(relayId, event.toJsonString()));
        jdbi.useHandle(h -> jobs.enqueue(h, JOB, payload, JOB + ":" + relayId + ":" + event.id(), 10));
    }
}
