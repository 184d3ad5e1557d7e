package caravel.relays;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.logging.Hops;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.NodeClients;
import caravel.zooid.SyncErrors;
import caravel.zooid.ZooidConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What a provisioning or sync run leaves on the relay: the state machine's outcome, the config zooid accepted
 * (redacted), and an activity entry the first time it is provisioned, fails, or recovers.
 *
 * @param nodes where each relay is served (the address its "provisioned" entry names)
 */
public record SyncOutcomes(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        ActivityLog activity,
        RelayTransitions transitions,
        NodeClients nodes) {

    void recordSuccess(Relay r, ObjectNode desired, boolean mayServe) {
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            Relay current = relayStore.find(h, r.id()).orElse(null);
            if (current == null) return;
            boolean firstTime = !current.zooidCreated();
            // if the row changed while we talked to zooid, a newer sync job is queued: stay 'pending' until it runs
            boolean unchanged = current.updatedAt() == r.updatedAt()
                    && current.subdomain().equals(r.subdomain())
                    && current.plan().equals(r.plan())
                    && current.status() == r.status();
            transitions.apply(
                    h, r.id(), RelayStateMachine.Action.PROVISIONED, RelayStateMachine.Actor.PROVISIONING, null, null);
            relayStore.recordSynced(h, r.id(), ZooidConfig.redacted(desired).toString(), unchanged, now);
            if (firstTime)
                activity.add(
                        h,
                        r.tenant(),
                        r.id(),
                        "provisioned",
                        "Relay provisioned at "
                                + nodes.address(r).url()
                                + (mayServe
                                        ? ""
                                        : " (offline while " + r.status().wire().replace('_', ' ') + ")"),
                        Actor.SYSTEM,
                        now);
            else if (current.syncState().equals("failed"))
                activity.add(
                        h,
                        r.tenant(),
                        r.id(),
                        "sync_recovered",
                        "The relay's settings are in effect again",
                        Actor.SYSTEM,
                        now);
        });
        Hops.mark("relay.synced", r.id());
    }

    void recordFailure(Relay r, String error) {
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            Relay current = relayStore.find(h, r.id()).orElse(null);
            if (current == null) return;
            transitions.apply(
                    h,
                    r.id(),
                    RelayStateMachine.Action.PROVISIONING_FAILED,
                    RelayStateMachine.Actor.PROVISIONING,
                    null,
                    null);
            relayStore.recordSyncFailed(h, r.id(), error);
            if (current.syncAttempts() == 0)
                // the activity log is the tenant's: the detail stays on the relay (admins) and in the log
                activity.add(
                        h,
                        r.tenant(),
                        r.id(),
                        current.zooidCreated() ? "sync_failed" : "provisioning_failed",
                        SyncErrors.forTenant(error),
                        Actor.SYSTEM,
                        now);
        });
    }
}
