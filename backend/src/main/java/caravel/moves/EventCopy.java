package caravel.moves;

import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.store.Relay;
import caravel.zooid.OperatorCommand;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A move's copy of the relay's events ({@link RelayMoves}): the operator's copy of what is stored (MOVE_COPY_COMMAND),
 * then every event the relay key reads on the old node published to the new one, and again after the switch until
 * the old node has stopped receiving any.
 */
public final class EventCopy {
    private static final Logger log = LoggerFactory.getLogger(EventCopy.class);
    private static final int MAX_CATCH_UP_PASSES = 50;

    private final Exporter exporter;
    private final Importer copier;
    private final RelayMoves.Settings settings;
    private final Clock clock;
    /** Each move's copy before its switch, by move id, until its catch-up reads it. */
    private final java.util.Map<String, Pass> lastFullPass = new java.util.concurrent.ConcurrentHashMap<>();

    public EventCopy(Exporter exporter, Importer copier, RelayMoves.Settings settings, Clock clock) {
        this.exporter = exporter;
        this.copier = copier;
        this.settings = settings;
        this.clock = clock;
    }

    /** Why a first copy stops the move: the new node refused some of the relay's events. */
    String refused(Importer.Result copied, MoveStore.Move m) {
        return copied.refused() + " of the relay's events were refused by zooid node '" + m.toNode()
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
    }

    /**
     * How far before the move's start the catch-up reads back: an event written during the copy by an author whose
     * clock runs behind carries an earlier time than its arrival.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    /**
     * After the switch: the events written to the old node since the move started (its copy, and connections opened
     * before the switch) copied again, pass after pass, until a pass finds the same events there as the one before
     * and has nothing left to copy (and, with MOVE_DRAIN_SECONDS set, that time has passed since the switch). Each
     * pass reads only what was written since the move started, so the catch-up costs what arrived, not the relay's
     * size; the copy before the switch checked everything older. Returns the events copied in all.
     */
    long catchUp(Relay onOld, Relay onNew, MoveStore.Move m) {
        long events = m.events();
        long since = window(m);
        // what this process's copy before the switch found written since then: when the catch-up's first pass finds
        // the same, nothing arrived in between and one pass is enough (after a restart there is none: one more pass)
        Pass before = lastFullPass.remove(m.id());
        for (int pass = 0; ; pass++) {
            copyStored(onOld, m); // a failure here is retried: the relay is served by the new node already
            Pass again = copy(onOld, onNew, m, since);
            if (again.copied().refused() > 0)
                throw new IllegalStateException(again.copied().refused() + " events written to zooid node '"
                        + m.fromNode() + "' during the move were refused by '" + m.toNode()
                        + "'; the old node keeps them");
            events += again.copied().imported();
            long sinceSwitch = Epoch.seconds(clock) - (m.switchedAt() == null ? 0 : m.switchedAt());
            boolean settled = again.copied().imported() == 0 && again.sameEvents(before);
            if (settled && sinceSwitch >= settings.drain().toSeconds()) break;
            if (pass >= MAX_CATCH_UP_PASSES)
                throw new IllegalStateException("the old node kept receiving events after the switch");
            // only a drain set for a proxy whose connections outlive the switch is waited out
            if (settled) sleep(Duration.ofSeconds(1));
            before = again;
        }
        return events;
    }

    /**
     * The operator's copy of the relay's stored events (MOVE_COPY_COMMAND), run before each pass of {@link #copy},
     * which then finds them on the new node and publishes only what is still missing there: the command is trusted for
     * nothing, and an event it failed to copy that zooid takes from its author only is refused, stopping the move.
     */
    void copyStored(Relay onOld, MoveStore.Move m) {
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

    /**
     * One pass of the copy: every event the relay key reads on the old node (created at or after {@code since}; null:
     * all), each verified as it is read, straight into the import on the new node, a batch at a time: nothing is held
     * but the batch, so a relay of any size copies in the same memory. The relay's own state is left out ({@link
     * #isRelayState}).
     */
    Pass copy(Relay onOld, Relay onNew, MoveStore.Move m, Long since) {
        return copy(onOld, onNew, m, since, since == null ? window(m) : since);
    }

    /** As {@link #copy(Relay, Relay, MoveStore.Move, Long)}; the pass's fingerprint is of the events from {@code window}. */
    private Pass copy(Relay onOld, Relay onNew, MoveStore.Move m, Long since, long window) {
        long started = System.nanoTime();
        long[] read = {0};
        long[] sum = {0};
        Importer.Result done = copier.importVerified(
                onNew,
                sink -> exporter.each(onOld, since, e -> {
                    if (e.createdAt() >= window) {
                        read[0]++;
                        sum[0] += Long.parseUnsignedLong(e.id(), 0, 16, 16);
                    }
                    if (!isRelayState(e)) sink.accept(e);
                }),
                Actor.stored(m.actor()));
        log.info(
                "move {}: read the events{} on node {} ({} since {}) and copied them to node {} in {} ms ({} new there)",
                m.id(),
                since == null ? "" : " written since " + since,
                m.fromNode(),
                read[0],
                window,
                m.toNode(),
                (System.nanoTime() - started) / 1_000_000,
                done.imported());
        Pass pass = new Pass(done, read[0], sum[0]);
        if (since == null) lastFullPass.put(m.id(), pass);
        return pass;
    }

    /** Where the catch-up starts reading: the move's start, less the clocks' skew. */
    private static long window(MoveStore.Move m) {
        return m.startedAt() - CLOCK_SKEW.toSeconds();
    }

    /**
     * One pass's copy, and which events written since the move's window it read on the old node: how many, and the
     * sum of their ids' first 64 bits (the same events in any order give the same sum; a pass that read others
     * almost never does).
     */
    record Pass(Importer.Result copied, long read, long idSum) {
        boolean sameEvents(Pass other) {
            return other != null && other.read == read && other.idSum == idSum;
        }
    }

    /**
     * Leaves out of the copy the events zooid writes itself as the relay's state: its member list (8000, 8001, 13534)
     * and its internal lists (30078 under {@code zooid/}, e.g. bans). zooid takes none of them from a client; the new
     * node writes its own as the members and bans are set there over NIP-86 ({@link MoveNodes#copyPeople}).
     */
    static boolean isRelayState(Event e) {
        int kind = e.kind();
        if (kind == 8000 || kind == 8001 || kind == 13534) return true;
        if (kind != 30078) return false;
        for (List<String> t : e.tags())
            if (!t.isEmpty() && t.get(0).equals("d"))
                return t.size() > 1 && t.get(1).startsWith("zooid/");
        return false;
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
