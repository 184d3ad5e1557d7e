package caravel.moves;

import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.config.Config;
import caravel.config.ZooidNode;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.nostr.Hex;
import caravel.relayaccess.Deps;
import caravel.relayaccess.RelayAccess;
import caravel.relays.RelayJob;
import caravel.relays.RelayStateMachine;
import caravel.relays.Relays;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.zooid.NodeClients;
import caravel.zooid.OperatorCommand;
import caravel.zooid.RelaySecrets;
import caravel.zooid.TeamKeys;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidConfig;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
 *   <li>caught_up: events written to the old node during the copy, or through a connection opened to it before the
 *       switch, are copied again. This is how nothing is lost without a write pause: zooid has no read-only mode, and
 *       a relay made inactive can no longer be read either, so instead the copy is repeated until a pass finds nothing
 *       new and at least the drain time has passed since the switch (connections the proxy opened before the switch
 *       close within it);
 *   <li>done: the relay removed from the old node.
 * </ol>
 */
public final class RelayMoves implements JobHandler {
    public static final String JOB = "relay.move";
    private static final Logger log = LoggerFactory.getLogger(RelayMoves.class);
    private static final int ATTEMPTS = 20;
    private static final int MAX_CATCH_UP_PASSES = 50;

    /**
     * @param drain how long after the switch the old node may still receive writes (the proxy's connections)
     * @param copyCommand the operator's program (and its first arguments) that copies a relay's stored events from one
     *     node's database to another's (MOVE_COPY_COMMAND), run with the relay's schema, the old node's name and the
     *     new node's; empty: none, and relays holding members' events cannot be moved
     * @param copyTimeout how long one run of it may take
     */
    public record Settings(Duration drain, List<String> copyCommand, Duration copyTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), List.of(), COPY_TIMEOUT);
        }
    }

    /** How long one run of the operator's copy may take: a large relay's events over ssh, with room to spare. */
    public static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

    /** The job's payload: which move. */
    public record MoveJob(String move) {}

    private final Deps d;
    private final NodeClients nodes;
    private final SecretBox box;
    private final Config config;
    private final JobQueue jobs;
    private final MoveStore store;
    private final Importer copier;
    private final Exporter exporter;
    private final Consumer<String> switched;
    private final Settings settings;
    private final Function<String, TeamKeys> team;

    /**
     * What a move reads from, and tells, the rest of the platform.
     *
     * @param switched called with the relay's id after its row names the new node (the proxy's routes follow it)
     * @param team each relay's team as its config carries it (the keys {@code RelaySync} writes too): the new node's
     *     config names the team's roles from the start, not only after the next sync
     */
    public record Ports(Consumer<String> switched, Function<String, TeamKeys> team) {}

    public RelayMoves(
            Deps d,
            NodeClients nodes,
            SecretBox box,
            Config config,
            JobQueue jobs,
            Exporter exporter,
            Ports ports,
            Settings settings) {
        this.d = d;
        this.team = ports.team();
        this.nodes = nodes;
        this.box = box;
        this.config = config;
        this.jobs = jobs;
        this.store = new MoveStore(d.jdbi());
        // a move copies the whole relay, however large: the upload bound of a person's import does not apply
        this.copier = new Importer(d, Long.MAX_VALUE, Importer.RELAY_MESSAGE_LIMIT);
        this.exporter = exporter;
        this.switched = ports.switched();
        this.settings = settings;
    }

    public MoveStore store() {
        return store;
    }

    /** Queues a move of the relay to the node named {@code to}; a conflict when it is there already or a move is under way. */
    public MoveStore.Move start(String relayId, String to, String actor) {
        Relay r = d.provisioned(relayId);
        ZooidNode target = nodes.nodes()
                .byName(to)
                .orElseThrow(() -> Failure.invalidField("node", "no zooid node is named '" + to + "'"));
        String from = nodes.node(r).name();
        if (from.equals(target.name())) throw Failure.conflict("the relay is on zooid node '" + to + "' already");
        long now = d.now();
        MoveStore.Move m = new MoveStore.Move(
                Ids.newId(), r.id(), from, target.name(), MoveStore.Step.QUEUED, 0, null, actor, now, null, now);
        d.jdbi().useTransaction(h -> {
            if (!store.insert(h, m)) throw Failure.conflict("a move of this relay is under way");
            jobs.enqueue(h, JOB, JobPayloads.write(new MoveJob(m.id())), "move:" + m.id(), ATTEMPTS);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            r.id(),
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
        Relay r = d.relayStore().find(m.relayId()).orElseThrow(() -> new PermanentFailure("the relay is gone"));
        Relay onOld = r.onNode(m.fromNode());
        Relay onNew = r.onNode(m.toNode());
        switch (m.step()) {
            case QUEUED -> {
                create(onNew);
                copyPeople(onOld, onNew);
                advance(m, MoveStore.Step.CREATED, m.events());
            }
            case CREATED -> {
                try {
                    copyStored(onOld, m);
                } catch (IllegalStateException e) {
                    String why =
                            e.getMessage() + "; the relay stays on node '" + m.fromNode() + "' with all its events";
                    abandon(m, why);
                    throw new PermanentFailure(why);
                }
                Importer.Result copied = copy(onOld, onNew, m);
                if (copied.refused() > 0 || copied.invalid() > 0) {
                    String why = copied.refused() + " of the relay's events were refused by zooid node '" + m.toNode()
                            + "'"
                            + copied.problems().stream()
                                    .findFirst()
                                    .map(p -> " (first: " + p.message() + ")")
                                    .orElse("")
                            + (settings.copyCommand().isEmpty()
                                    ? " (zooid takes an event only from its author: set MOVE_COPY_COMMAND to copy a"
                                            + " relay's stored events between the nodes' databases)"
                                    : " (missing on the new node after the copy command ran)")
                            + "; the relay stays on node '" + m.fromNode() + "' with all of them";
                    abandon(m, why);
                    throw new PermanentFailure(why);
                }
                advance(m, MoveStore.Step.COPIED, copied.imported() + copied.alreadyPresent());
            }
            case COPIED -> {
                long now = d.now();
                d.jdbi().useTransaction(h -> {
                    d.relayStore().moveToNode(h, r.id(), m.toNode(), nodes.domain(r));
                    // a settings change made during the copy was written to the old node only
                    jobs.enqueueNow(
                            h, Relays.JOB_SYNC, JobPayloads.write(new RelayJob(r.id())), Relays.jobKey(r.id()), 12);
                    store.advance(h, m.id(), MoveStore.Step.COPIED, MoveStore.Step.SWITCHED, m.events(), now);
                });
                switched.accept(r.id());
            }
            case SWITCHED -> {
                long events = m.events();
                for (int pass = 0; ; pass++) {
                    copyStored(onOld, m); // a failure here is retried: the relay is served by the new node already
                    Importer.Result again = copy(onOld, onNew, m);
                    if (again.refused() > 0)
                        throw new IllegalStateException(again.refused() + " events written to zooid node '"
                                + m.fromNode() + "' during the move were refused by '" + m.toNode()
                                + "'; the old node keeps them");
                    events += again.imported();
                    long sinceSwitch = d.now() - (m.switchedAt() == null ? 0 : m.switchedAt());
                    if (again.imported() == 0 && sinceSwitch >= settings.drain().toSeconds()) break;
                    if (pass >= MAX_CATCH_UP_PASSES)
                        throw new IllegalStateException("the old node kept receiving events after the switch");
                    sleep(Duration.ofSeconds(1));
                }
                advance(m, MoveStore.Step.CAUGHT_UP, events);
            }
            case CAUGHT_UP -> {
                ZooidResult gone = nodes.client(m.fromNode()).delete(r.schema());
                if (!(gone instanceof ZooidResult.Ok) && !(gone instanceof ZooidResult.NotFound))
                    throw new IllegalStateException(gone.describe());
                advance(m, MoveStore.Step.DONE, m.events());
                d.log(
                        r,
                        "moved",
                        "Moved the relay from zooid node '" + m.fromNode() + "' to '" + m.toNode() + "' with "
                                + m.events() + " events; its address is unchanged",
                        m.actor());
            }
            default -> {}
        }
    }

    /** The relay's config on the new node, as provisioning would write it there (a patch when a retry finds it). */
    private void create(Relay onNew) {
        String secret = Hex.encode(box.open(onNew.secretEnc(), RelaySecrets.context(onNew.id())));
        boolean inactive = !RelayStateMachine.served(onNew.status());
        ZooidLine line = nodes.lines().line(onNew.zooidNode());
        ObjectNode desired = ZooidConfig.build(
                onNew, nodes.address(onNew).host(), secret, inactive, config, line, team.apply(onNew.id()));
        ZooidClient to = nodes.client(onNew);
        ZooidResult result = to.create(onNew.schema(), desired);
        // an earlier attempt's config: patched like every later write, so nothing the node holds beyond it is erased
        if (result instanceof ZooidResult.Conflict)
            result = to.patch(onNew.schema(), ZooidConfig.patchOf(desired, null, line));
        if (!(result instanceof ZooidResult.Ok)) throw new IllegalStateException(result.describe());
    }

    /** Members and banned people, which zooid keeps as the relay's own signed lists: set again over NIP-86. */
    private void copyPeople(Relay onOld, Relay onNew) {
        RelayAccess.Target from = d.access().target(onOld);
        RelayAccess.Target to = d.access().target(onNew);
        for (String pk : pubkeys(d.rpc().call(from, "listallowedpubkeys", List.of(), "list its members")))
            d.rpc().call(to, "allowpubkey", List.of(pk, "moved"), "add a member");
        for (String pk : pubkeys(d.rpc().call(from, "listbannedpubkeys", List.of(), "list its banned people")))
            d.rpc().call(to, "banpubkey", List.of(pk, "moved"), "ban a person");
        for (var ban : d.store().eventBans(onOld.id()))
            if (ban.liftedAt() == null) d.rpc().call(to, "banevent", List.of(ban.eventId(), "moved"), "ban an event");
    }

    private static List<String> pubkeys(JsonNode list) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (list != null && list.isArray())
            for (JsonNode e : list) {
                JsonNode pk = e.isObject() ? e.get("pubkey") : e;
                if (pk != null && pk.isTextual()) out.add(pk.asText());
            }
        return out;
    }

    /**
     * The operator's copy of the relay's stored events (MOVE_COPY_COMMAND), run before each pass of {@link #copy},
     * which then finds them on the new node and publishes only what is still missing there: the command is trusted for
     * nothing, and an event it failed to copy that zooid takes from its author only is refused, stopping the move.
     */
    private void copyStored(Relay onOld, MoveStore.Move m) {
        if (settings.copyCommand().isEmpty()) return;
        List<String> argv = new java.util.ArrayList<>(settings.copyCommand());
        argv.addAll(List.of(onOld.schema(), m.fromNode(), m.toNode()));
        try {
            OperatorCommand.Ran ran = OperatorCommand.run(argv, settings.copyTimeout());
            if (!ran.inTime())
                throw new IllegalStateException(
                        "the copy command (MOVE_COPY_COMMAND) did not end within " + settings.copyTimeout());
            if (ran.status() != 0)
                throw new IllegalStateException("the copy command (MOVE_COPY_COMMAND) failed with exit status "
                        + ran.status() + ": " + tail(ran.output()));
        } catch (IOException e) {
            throw new IllegalStateException("the copy command (MOVE_COPY_COMMAND) could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the copy command ran");
        }
    }

    /** The end of the command's output, on one line, for the move's error (what went wrong is usually last). */
    private static String tail(String output) {
        String text = output.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 300));
    }

    /** One pass of the copy: every event on the old node, through a temporary file, into the new one. */
    private Importer.Result copy(Relay onOld, Relay onNew, MoveStore.Move m) {
        Path file = null;
        try {
            file = Files.createTempFile("caravel-move-", ".jsonl");
            try (OutputStream out = Files.newOutputStream(file)) {
                exporter.export(onOld, new java.io.BufferedOutputStream(out, 1 << 16), m.actor());
            }
            skipRelayState(file);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return copier.importLines(onNew, in, -1, m.actor());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null)
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("could not remove the move's temporary file {}", file.getFileName());
                }
        }
    }

    /**
     * Leaves out of the copy the events zooid writes itself as the relay's state: its member list (8000, 8001, 13534)
     * and its internal lists (30078 under {@code zooid/}, e.g. bans). zooid takes none of them from a client; the new
     * node writes its own as the members and bans are set there over NIP-86 ({@link #copyPeople}).
     */
    private static void skipRelayState(Path file) throws IOException {
        Path kept = file.resolveSibling(file.getFileName() + ".kept");
        try (var in = Files.newBufferedReader(file);
                var out = Files.newBufferedWriter(kept)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || isRelayState(caravel.json.Json.parse(line))) continue;
                out.write(line);
                out.write('\n');
            }
        }
        Files.move(kept, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static boolean isRelayState(JsonNode e) {
        int kind = e.path("kind").asInt(-1);
        if (kind == 8000 || kind == 8001 || kind == 13534) return true;
        if (kind != 30078) return false;
        for (JsonNode t : e.path("tags"))
            if (t.path(0).asText().equals("d")) return t.path(1).asText().startsWith("zooid/");
        return false;
    }

    private void advance(MoveStore.Move m, MoveStore.Step to, long events) {
        d.jdbi().useTransaction(h -> store.advance(h, m.id(), m.step(), to, events, d.now()));
    }

    /** Ends a move before its switch: the copy on the new node removed, the relay whole where it was. */
    private void abandon(MoveStore.Move m, String why) {
        d.relayStore().find(m.relayId()).ifPresent(r -> {
            ZooidResult gone = nodes.client(m.toNode()).delete(r.schema());
            if (!(gone instanceof ZooidResult.Ok) && !(gone instanceof ZooidResult.NotFound))
                log.warn(
                        "move {}: the partial copy on node {} was not removed: {}",
                        m.id(),
                        m.toNode(),
                        gone.describe());
            d.log(r, "move_failed", "The move to zooid node '" + m.toNode() + "' stopped: " + why, m.actor());
        });
        d.jdbi().useTransaction(h -> store.fail(h, m.id(), why, d.now()));
    }

    private static void sleep(Duration t) {
        try {
            Thread.sleep(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
