package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** A relay's provisioning and sync jobs as people see them: queued, retried by an administrator, pending again. */
public record RelayProvisioning(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayTransitions transitions,
        ActivityLog activity,
        JobQueue jobs) {

    /** Admin: try provisioning/sync again now, with a fresh set of attempts. */
    Relay retryProvisioning(String id, Actor by) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> {
            Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            transitions.apply(h, id, Action.RETRY_PROVISIONING, by, null, null);
            relayStore.resetSyncAttempts(h, id, now);
            activity.add(
                    h,
                    r.tenant(),
                    id,
                    "provisioning_retried",
                    "Provisioning retried by an administrator",
                    by.who(),
                    now);
            String kind = r.zooidCreated() ? Relays.JOB_SYNC : Relays.JOB_PROVISION;
            jobs.enqueueNow(h, kind, JobPayloads.write(new RelayJob(id)), Relays.jobKey(id), 12);
            return relayStore.find(h, id).orElseThrow();
        });
    }

    /** The next attempt of each failed relay that will be tried again ({@link Relays#retries}). */
    Map<String, JobQueue.Pending> retries(Handle h, Collection<Relay> relays) {
        Map<String, String> failed = new HashMap<>();
        for (Relay r : relays) if ("failed".equals(r.syncState())) failed.put(Relays.jobKey(r.id()), r.id());
        if (failed.isEmpty()) return Map.of();
        Map<String, JobQueue.Pending> out = new HashMap<>();
        jobs.pending(h, failed.keySet()).forEach((key, p) -> out.put(failed.get(key), p));
        return out;
    }

    Map<String, JobQueue.Pending> retries(Collection<Relay> relays) {
        return jdbi.withHandle(h -> retries(h, relays));
    }

    void enqueueSync(Handle h, String relayId) {
        transitions.enqueueSync(h, relayId);
    }
}
