package caravel.moves;

import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.store.Relay;
import caravel.zooid.OperatorCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * After the switch: events written to the old node during the copy, or through a connection opened to it before
     * the switch, copied again until a pass finds nothing new and the drain time has passed; the events copied in all.
     */
    long catchUp(Relay onOld, Relay onNew, MoveStore.Move m) {
        long events = m.events();
        for (int pass = 0; ; pass++) {
            copyStored(onOld, m); // a failure here is retried: the relay is served by the new node already
            Importer.Result again = copy(onOld, onNew, m);
            if (again.refused() > 0)
                throw new IllegalStateException(again.refused() + " events written to zooid node '"
                        + m.fromNode() + "' during the move were refused by '" + m.toNode()
                        + "'; the old node keeps them");
            events += again.imported();
            long sinceSwitch = Epoch.seconds(clock) - (m.switchedAt() == null ? 0 : m.switchedAt());
            if (again.imported() == 0 && sinceSwitch >= settings.drain().toSeconds()) break;
            if (pass >= MAX_CATCH_UP_PASSES)
                throw new IllegalStateException("the old node kept receiving events after the switch");
            sleep(Duration.ofSeconds(1));
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

    /** One pass of the copy: every event on the old node, through a temporary file, into the new one. */
    Importer.Result copy(Relay onOld, Relay onNew, MoveStore.Move m) {
        Path file = null;
        try {
            file = Files.createTempFile("caravel-move-", ".jsonl");
            try (OutputStream out = Files.newOutputStream(file)) {
                exporter.export(onOld, new java.io.BufferedOutputStream(out, 1 << 16), Actor.stored(m.actor()));
            }
            skipRelayState(file);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return copier.importLines(onNew, in, -1, Actor.stored(m.actor()));
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
     * node writes its own as the members and bans are set there over NIP-86 ({@link MoveNodes#copyPeople}).
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

    private static void sleep(Duration t) {
        try {
            Thread.sleep(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
