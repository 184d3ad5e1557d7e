package caravel.relays;

import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.PermanentFailure;
import caravel.json.Json;
import caravel.nostr.Hex;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.ConfigWrites;
import caravel.zooid.NodeClients;
import caravel.zooid.RelaySecrets;
import caravel.zooid.SyncErrors;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidConfig;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning and sync: one idempotent reconcile of a relay's desired config with zooid. zooid has no GET, so
 * the relay row remembers whether zooid accepted a create; every later write is a PATCH of every key Caravel sets
 * (those it owns and leaves out are deleted), which makes every run converge on Caravel's part while what the node
 * holds beyond it survives: create when zooid never had it (or lost it), patch otherwise. zooid refusing the change (a conflict or an invalid request) cannot be fixed by
 * retrying and is surfaced on the relay; zooid unreachable or failing retries with backoff through the job runner.
 */
public final class RelaySync implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(RelaySync.class);

    private final Jdbi jdbi;
    private final RelayStore relayStore;
    private final ActivityLog activity;
    private final NodeClients nodes;
    private final SecretBox box;
    private final Config config;
    private final Clock clock;
    private final RelayInfoAdoption adoption;
    private final RelayTransitions transitions;
    private final ConfigWrites writes;
    private final java.util.function.Function<String, caravel.zooid.TeamKeys> team;

    public RelaySync(
            RelayDeps deps, Config config, NodeClients nodes, RelayInfoAdoption adoption, ConfigWrites writes) {
        this(deps, config, nodes, adoption, writes, relayId -> caravel.zooid.TeamKeys.NONE);
    }

    /** @param team each relay's team, read when its config is written (the team service's table) */
    public RelaySync(
            RelayDeps deps,
            Config config,
            NodeClients nodes,
            RelayInfoAdoption adoption,
            ConfigWrites writes,
            java.util.function.Function<String, caravel.zooid.TeamKeys> team) {
        this.team = team;
        this.writes = writes;
        this.adoption = adoption;
        this.transitions = deps.transitions();
        this.jdbi = deps.jdbi();
        this.relayStore = deps.relayStore();
        this.activity = deps.activity();
        this.nodes = nodes;
        this.box = deps.box();
        this.config = config;
        this.clock = deps.clock();
    }

    @Override
    public void run(Job job) throws Exception {
        String relayId = JobPayloads.read(job.payload(), RelayJob.class).relay();
        Optional<Relay> found = relayStore.find(relayId);
        if (found.isEmpty()) return; // nothing to reconcile
        // a purged relay was removed from zooid for good: a sync would create it again
        if (found.get().deleted() && found.get().deletion().purged()) return;
        // every write sets info.*, which would undo what the owner changed on the relay over NIP-86: take that in first
        reconcile(adoption.adopt(found.get()));
    }

    private void reconcile(Relay r) {
        // the state machine decides: zooid serves only relays in service, with the features of the paid-for plan
        boolean mayServe = RelayStateMachine.served(r.status());
        boolean inactive = !mayServe;
        String secret = Hex.encode(box.open(r.secretEnc(), RelaySecrets.context(r.id())));
        // public reading and writing pass through only to a node known to run zooid's newer line (see ZooidConfig)
        // asked now when the node's line is not known yet (one signed GET): Caravel's role names and the form of
        // "members can invite" differ by line, and a guess could write over a role the owner made on the newer line
        ZooidLine line = nodes.lines().lineNow(r.zooidNode());
        ObjectNode desired =
                ZooidConfig.build(r, nodes.address(r).host(), secret, inactive, config, line, team.apply(r.id()));
        // what Caravel wrote last time: only that is Caravel's to remove (roles the owner created stay)
        JsonNode previous = previousWrite(r);
        // the node the row names at this moment: a relay is reconciled wherever it is placed
        ZooidClient zooid = nodes.client(r);
        ZooidResult result;
        if (!r.zooidCreated()) {
            result = zooid.create(r.schema(), desired);
            if (result instanceof ZooidResult.Conflict conflict) {
                // Either an earlier attempt created it and we never recorded that, or another config holds the
                // schema/host. A patch tells the two apart: it succeeds only in the first case.
                ZooidResult patched = zooid.patch(r.schema(), ZooidConfig.patchOf(desired, previous, line));
                result = patched instanceof ZooidResult.NotFound ? conflict : patched;
            }
        } else {
            // a patch, not a whole-config replace: what the node holds and Caravel does not set stays
            result = zooid.patch(r.schema(), ZooidConfig.patchOf(desired, previous, line));
            if (result instanceof ZooidResult.NotFound) {
                log.warn("zooid lost the config of relay {}; recreating it", r.id());
                result = zooid.create(r.schema(), desired);
            }
        }
        if (result instanceof ZooidResult.Ok) {
            recordSuccess(r, desired, mayServe);
            // zooid now serves the relay from a new instance: subscriptions to the old one have gone deaf. Told after
            // the row records it, so a listener reading the relay (a platform ban reaching it) sees it provisioned
            writes.written(r.id());
            return;
        }
        String error = result.describe();
        recordFailure(r, error);
        if (result instanceof ZooidResult.Conflict || result instanceof ZooidResult.Invalid)
            throw new PermanentFailure(error);
        throw new IllegalStateException(error);
    }

    /** The config zooid last accepted from Caravel for the relay (kept redacted), or null when none is known. */
    private static JsonNode previousWrite(Relay r) {
        if (r.syncedConfig() == null) return null;
        try {
            JsonNode sent = Json.MAPPER.readTree(r.syncedConfig());
            return sent.isObject() ? sent : null;
        } catch (java.io.IOException e) {
            return null; // unreadable: treated as unknown, so only the names Caravel has used are removed
        }
    }

    private void recordSuccess(Relay r, ObjectNode desired, boolean mayServe) {
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
    }

    private void recordFailure(Relay r, String error) {
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
