package caravel.relays;

import caravel.jobs.Job;
import caravel.jobs.JobPayloads;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;

/** The payload of a provision or sync job: which relay to reconcile with zooid. */
public record RelayJob(String relay) {
    /** The relay a relay job names, as it is now (empty once its row is gone). */
    static Optional<Relay> relayOf(RelayStore relays, Job job) {
        return relays.find(JobPayloads.read(job.payload(), RelayJob.class).relay());
    }
}
