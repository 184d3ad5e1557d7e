package caravel.relays;

import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The shared stores, queue and state machine paid admission's assembly is still built from. Every other package and
 * assembly takes its collaborators one by one; this goes when paid admission does too.
 */
public record RelayDeps(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        TenantStore tenants,
        ActivityLog activity,
        JobQueue jobs,
        SecretBox box,
        RelayTransitions transitions) {}
