package caravel.moves;

import caravel.archive.Importer;
import caravel.config.ZooidNode;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.ProvisionedRelays;
import caravel.relays.RelayJob;
import caravel.relays.Relays;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.ZooidResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a relay from one zooid node to another, as a job in steps; each finished step is recorded in relay_moves
 * ({@link MoveStore}) before the next begins, so a process that dies part-way resumes at the step it was on, and each
 * step is safe to run again (creates fall back to replaces, copies skip events already there, the switch and the
 * removal are idempotent):
 *
 * <ol>
 *   <li>created: the relay's config (the one provisioning writes, the same host, so its URL never changes) on the new
 *       node, with its members and banned people copied over NIP-86;
 *   <li>copied: every event the relay key can read on the old node published to the new one (exported as JSON lines
 *       to a temporary file, imported as {@link Importer} does: checked, batched, skipping ids already there). An event
 *       the new node refuses stops the move here: the copy on the new node is removed and the relay stays where it
 *       was, whole;
 *   <li>switched: the relay row names the new node (every call about it goes there from now on), the proxy is told to
 *       route its host there, and its config is synced once more (a settings change made during the copy reached only
 *       the old node);
 *   <li>caught_up: events written to the old node since the move started (during the copy, or through a connection
 *       opened to it before the switch) are copied again. This is how nothing is lost without a write pause: zooid has
 *       no read-only mode, and a relay made inactive can no longer be read either, so instead the copy of what arrived
 *       since the move started is repeated until a pass finds the same events as the one before and nothing to copy
 *       (the proxy closes the connections it opened before the switch when its route changes; a drain time, when set,
 *       is waited out too);
 *   <li>done: the relay removed from the old node.
 * </ol>
 *
 * @param switched called with the relay's id after its row names the new node (the proxy's routes follow it)
 */
public record RelayMoves(
        RelayStore relayStore,
        MoveStore store,
        JobQueue jobs,
        Clock clock,
        OutcomeLog outcomes,
        MoveNodes nodes,
        EventCopy eventCopy,
        Consumer<String> switched)
        implements JobHandler {
    public static final String JOB = "relay.move";
    private static final Logger log = LoggerFactory.getLogger(RelayMoves.class);
    private static final int ATTEMPTS = 20;

    /**
     * @param drain how long after the switch the old node may still receive writes through a proxy that keeps its
     *     connections when its routes change (0: the catch-up ends as soon as nothing more arrives)
     * @param copyCommand the operator's program (and its first arguments) that copies a relay's stored events from one
     *     node's database to another's (MOVE_COPY_COMMAND), run with the relay's schema, the old node's name and the
     *     new node's; empty: none, and relays holding members' events cannot be moved
     * @param copyTimeout how long one run of it may take
     */
    public record Settings(Duration drain, List<String> copyCommand, Duration copyTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ZERO, List.of(), COPY_TIMEOUT);
        }
    }

    /** How long one run of the operator's copy may take: a large relay's events over ssh, with room to spare. */
    public static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

    /** The job's payload: which move. */
    public record MoveJob(String move) {}

    /** The moves {@code actors} started in [from, to), oldest first, a batch at a time (the activity export). */
    public void eachStartedBetween(caravel.store.Batches.Window window, Consumer<List<MoveStore.Move>> each) {
        store.eachStartedBetween(window, each);
    }

    /** Queues a move of the relay to the node named {@code to}; a conflict when it is there already or a move is under way. */
    public MoveStore.Move start(String relayId, String to, Actor actor) {
        Relay r = new ProvisionedRelays(relayStore).get(relayId);
        ZooidNode target = nodes.named(to);
        String from = nodes.nodeOf(r);
        if (from.equals(target.name())) throw Failure.conflict("the relay is on zooid node '" + to + "' already");
        long now = Epoch.seconds(clock);
        MoveStore.Move m = new MoveStore.Move(
                Ids.newId(), r.id(), from, target.name(), MoveStore.Step.QUEUED, 0, null, actor.key(), now, null, now);
        store.jdbi().useTransaction(h -> {
            if (!store.insert(h, m)) throw Failure.conflict("a move of this relay is under way");
            jobs.enqueue(h, JOB, JobPayloads.write(new MoveJob(m.id())), "move:" + m.id(), ATTEMPTS);
            outcomes.record(
                    h,
                    r,
                    "move_started",
                    "Moving the relay from zooid node '" + from + "' to '" + target.name() + "'",
                    actor,
                    now);
        });
        return m;
    }

    @Override
    public void run(Job job) throws Exception {
        String id = JobPayloads.read(job.payload(), MoveJob.class).move();
        while (true) {
            MoveStore.Move m = store.find(id).orElse(null);
            if (m == null || m.step().finished()) return;
            step(m);
        }
    }

    @Override
    public void onGiveUp(Job job, String error) {
        String id = JobPayloads.read(job.payload(), MoveJob.class).move();
        store.find(id).ifPresent(m -> {
            // before the switch the relay is whole on its old node: the move ends there. After it, the relay is
            // served by the new node and the old one still holds its copy: left for an operator to look at
            if (m.step().beforeSwitch()) abandon(m, error);
        });
    }

    private void step(MoveStore.Move m) {
        Relay r = relayStore.find(m.relayId()).orElseThrow(() -> new PermanentFailure("the relay is gone"));
        Relay onOld = r.onNode(m.fromNode());
        Relay onNew = r.onNode(m.toNode());
        switch (m.step()) {
            case QUEUED -> {
                nodes.create(onNew);
                nodes.copyPeople(onOld, onNew);
                advance(m, MoveStore.Step.CREATED, m.events());
            }
            case CREATED -> {
                try {
                    eventCopy.copyStored(onOld, m);
                } catch (IllegalStateException e) {
                    String why =
                            e.getMessage() + "; the relay stays on node '" + m.fromNode() + "' with all its events";
                    abandon(m, why);
                    throw new PermanentFailure(why);
                }
                Importer.Result copied = eventCopy.copy(onOld, onNew, m, null).copied();
                if (copied.refused() > 0 || copied.invalid() > 0) {
                    String why = eventCopy.refused(copied, m);
                    abandon(m, why);
                    throw new PermanentFailure(why);
                }
                advance(m, MoveStore.Step.COPIED, copied.imported() + copied.alreadyPresent());
            }
            case COPIED -> {
                long now = Epoch.seconds(clock);
                store.jdbi().useTransaction(h -> {
                    relayStore.moveToNode(h, r.id(), m.toNode(), nodes.domain(r));
                    // a settings change made during the copy was written to the old node only
                    jobs.enqueueNow(
                            h, Relays.JOB_SYNC, JobPayloads.write(new RelayJob(r.id())), Relays.jobKey(r.id()), 12);
                    store.advance(h, m.id(), MoveStore.Step.COPIED, MoveStore.Step.SWITCHED, m.events(), now);
                });
                switched.accept(r.id());
            }
            case SWITCHED -> advance(m, MoveStore.Step.CAUGHT_UP, eventCopy.catchUp(onOld, onNew, m));
            case CAUGHT_UP -> {
                ZooidResult gone = nodes.remove(m.fromNode(), r);
                if (!(gone instanceof ZooidResult.Ok) && !(gone instanceof ZooidResult.NotFound))
                    throw new IllegalStateException(gone.describe());
                advance(m, MoveStore.Step.DONE, m.events());
                outcomes.record(
                        r,
                        "moved",
                        "Moved the relay from zooid node '" + m.fromNode() + "' to '" + m.toNode() + "' with "
                                + m.events() + " events; its address is unchanged",
                        Actor.stored(m.actor()));
            }
            default -> {}
        }
    }

    private void advance(MoveStore.Move m, MoveStore.Step to, long events) {
        store.jdbi().useTransaction(h -> store.advance(h, m.id(), m.step(), to, events, Epoch.seconds(clock)));
    }

    /** Ends a move before its switch: the copy on the new node removed, the relay whole where it was. */
    private void abandon(MoveStore.Move m, String why) {
        relayStore.find(m.relayId()).ifPresent(r -> {
            ZooidResult gone = nodes.remove(m.toNode(), r);
            if (!(gone instanceof ZooidResult.Ok) && !(gone instanceof ZooidResult.NotFound))
                log.warn(
                        "move {}: the partial copy on node {} was not removed: {}",
                        m.id(),
                        m.toNode(),
                        gone.describe());
            outcomes.record(
                    r,
                    "move_failed",
                    "The move to zooid node '" + m.toNode() + "' stopped: " + why,
                    Actor.stored(m.actor()));
        });
        store.jdbi().useTransaction(h -> store.fail(h, m.id(), why, Epoch.seconds(clock)));
    }
}
