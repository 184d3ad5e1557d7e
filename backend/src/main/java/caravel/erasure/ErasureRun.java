package caravel.erasure;

import caravel.domain.Epoch;
import caravel.domain.RelayRole;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.relayparts.Caller;
import caravel.relayparts.Erasure;
import caravel.relayparts.RelayParts;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The job that runs one erasure, in steps a crash resumes: {@code events} (the person's events removed from zooid,
 * {@link EventRemoval}), {@code parts} (every relay part ends their state, {@link RelayParts#erase}), then {@code done}
 * with the activity entry and the person's DM in the same transaction ({@link ErasureNotices}). Each step is idempotent,
 * so a retry after a failure repeats only what it must.
 */
final class ErasureRun implements JobHandler {
    private final ErasureStore store;
    private final EventRemoval removal;
    private final RelayParts parts;
    private final RelayStore relays;
    private final ErasureNotices notices;
    private final Clock clock;

    ErasureRun(
            ErasureStore store,
            EventRemoval removal,
            RelayParts parts,
            RelayStore relays,
            ErasureNotices notices,
            Clock clock) {
        this.store = store;
        this.removal = removal;
        this.parts = parts;
        this.relays = relays;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public void run(Job job) {
        Erasures.Run run = JobPayloads.read(job.payload(), Erasures.Run.class);
        Optional<ErasureStore.Row> found = store.find(run.relay(), run.pubkey(), run.until());
        Optional<Relay> relay = relays.find(run.relay());
        if (found.isEmpty() || relay.isEmpty()) return;
        ErasureStore.Row row = found.get();
        Relay r = relay.get();
        if (row.step().equals("events")) {
            removal.removeAll(r, row.pubkey(), row.untilS(), n -> store.removed(r.id(), row.pubkey(), row.untilS(), n));
            store.jdbi().useHandle(h -> store.step(h, r.id(), row.pubkey(), row.untilS(), "parts", null));
        }
        if (!row.step().equals("done")) {
            parts.erase(new Erasure.Request(r, row.pubkey(), row.untilS(), caller(r, row)));
            ErasureStore.Row counted =
                    store.find(r.id(), row.pubkey(), row.untilS()).orElse(row);
            store.jdbi().useTransaction(h -> {
                store.step(h, r.id(), row.pubkey(), row.untilS(), "done", Epoch.seconds(clock));
                notices.done(h, r, counted);
            });
        }
    }

    /**
     * Who ends the person's state: the owner or admin who erased them, or, for their own request, the person themselves
     * with the least role (the parts then end only what is their own: their seat, their membership, their name).
     */
    static Caller caller(Relay r, ErasureStore.Row row) {
        return switch (row.callerRole()) {
            case "owner" -> Caller.on(r, row.requestedBy(), RelayRole.OWNER);
            case "admin" -> new Caller(row.requestedBy(), RelayRole.ADMIN, false);
            default -> new Caller(row.pubkey(), RelayRole.MODERATOR, false);
        };
    }
}
