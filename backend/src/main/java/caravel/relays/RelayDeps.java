package caravel.relays;

import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** What the relay services share: the relay rows, where outcomes are recorded, the job queue, the state machine. */
public record RelayDeps(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        TenantStore tenants,
        ActivityLog activity,
        JobQueue jobs,
        SecretBox box,
        RelayTransitions transitions) {}
