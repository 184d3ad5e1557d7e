package caravel.relays;

import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The shared stores, queue and state machine the package assemblies are still built from (billing, paid admission,
 * the community tools, backups, the HTTP adapters, the card rail). The relay services and custom domains take their
 * collaborators one by one; this goes when those assemblies are split so that each takes what it uses in eight
 * parameters at most.
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
