package caravel.relays;

import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.PermanentFailure;
import caravel.json.Json;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.ConfigWrites;
import caravel.zooid.NodeClients;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidConfig;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
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

    private final RelayStore relayStore;
    private final NodeClients nodes;
    private final RelayInfoAdoption adoption;
    private final DesiredConfig desired;
    private final SyncOutcomes outcomes;
    private final ConfigWrites writes;

    /**
     * @param adoption what the owner changed on the relay over NIP-86, taken in before each write
     * @param writes   told of each config zooid accepted (subscriptions to the old instance have gone deaf)
     */
    public RelaySync(
            RelayStore relayStore,
            NodeClients nodes,
            RelayInfoAdoption adoption,
            DesiredConfig desired,
            SyncOutcomes outcomes,
            ConfigWrites writes) {
        this.relayStore = relayStore;
        this.nodes = nodes;
        this.adoption = adoption;
        this.desired = desired;
        this.outcomes = outcomes;
        this.writes = writes;
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
        // asked now when the node's line is not known yet (one signed GET): Caravel's role names and the form of
        // "members can invite" differ by line, and a guess could write over a role the owner made on the newer line
        ZooidLine line = nodes.lines().lineNow(r.zooidNode());
        ObjectNode desired = this.desired.of(r, line);
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
            outcomes.recordSuccess(r, desired, mayServe);
            // zooid now serves the relay from a new instance: subscriptions to the old one have gone deaf. Told after
            // the row records it, so a listener reading the relay (a platform ban reaching it) sees it provisioned
            writes.written(r.id());
            return;
        }
        String error = result.describe();
        outcomes.recordFailure(r, error);
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
}
