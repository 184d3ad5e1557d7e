package caravel.archive;

import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.RelayMessage;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Imports events from JSON lines (what {@link Exporter} writes) into a hosted relay, streamed: the body is read line
 * by line with a bound on the whole file and on each line, and at most a few batches of events are held at a time (one
 * being checked, one asked about, one being published).
 *
 * <p>Each event's id and signature are checked here first (a line that fails never reaches the relay). Events reach
 * the relay as any Nostr client's would: published over the relay key's NIP-42-authenticated connection, so the
 * relay applies its own rules and its refusals are reported per line in its own words. zooid accepts from that
 * connection only events the relay key wrote, zap receipts (9735) and gift wraps (1059) addressed to a member; it
 * offers no way for an owner to import other people's events, so those are refused and reported, never forced in.
 *
 * <p>Idempotent by event id: before publishing a batch the relay is asked which of its ids it already holds; those
 * count as already present and are not sent again, so importing the same file twice changes nothing.
 */
public record Importer(RelayKeySockets sockets, OutcomeLog outcomes, long maxBytes, int maxLineBytes) {
    /** zooid (khatru) closes any connection that sends a message larger than this. */
    public static final int RELAY_MESSAGE_LIMIT = 512_000;
    /** Problems listed in a result; the rest are only counted. */
    public static final int MAX_PROBLEMS = 100;

    /** Ids asked about in one query (zooid answers at most 1000 events a filter). */
    private static final int BATCH_EVENTS = 500;

    private static final int BATCH_BYTES = 2 << 20;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    /** One line the import could not take, with the reason (the relay's own words for its refusals). */
    public record Problem(int line, String eventId, String message) {}

    /**
     * What an import did.
     *
     * @param lines           non-empty lines read
     * @param imported        events the relay accepted now
     * @param alreadyPresent  events the relay already held (not sent again)
     * @param invalid         lines that are not a well-formed event with a valid id and signature, or too long
     * @param refused         valid events the relay refused
     * @param duplicates      lines repeating an event already seen earlier in the same file
     * @param problems        the first {@link #MAX_PROBLEMS} invalid or refused lines
     * @param problemsOmitted how many more problems there were
     */
    // the API answers an import with this record as it is: the counts in the order a person reads them
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({
        "imported",
        "invalid",
        "alreadyPresent",
        "refused",
        "duplicates",
        "lines",
        "skipped",
        "problems",
        "problemsOmitted"
    })
    public record Result(
            long lines,
            long imported,
            long alreadyPresent,
            long invalid,
            long refused,
            long duplicates,
            List<Problem> problems,
            long problemsOmitted) {
        public Result {
            problems = List.copyOf(problems);
        }

        /** Lines that were not imported now, for whatever reason. */
        @com.fasterxml.jackson.annotation.JsonProperty
        public long skipped() {
            return lines - imported;
        }
    }

    /** The import had to stop; what it did before stopping is in {@link #result()}. */
    public static final class Stopped extends Failure {
        private final transient Result result;

        Stopped(Failure.Kind kind, String message, Result result) {
            super(kind, message);
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    /**
     * Reads {@code body} to its end (or its bound) and imports every event the relay takes.
     *
     * @param declaredLength the body's declared length, or -1 when unknown (chunked): a declared length above the
     *                       bound is refused before anything is read
     * @throws Failure TOO_LARGE before reading when the declared length is over the bound; {@link Stopped} when the
     *                 body turns out larger than the bound or the relay connection fails part-way
     */
    public Result importLines(Relay relay, InputStream body, long declaredLength, Actor actor) {
        return lines(relay, body, declaredLength, actor, false);
    }

    /**
     * As {@link #importLines}, for lines whose events were all checked when the file was written and which are proven
     * unchanged since (a backup's events, summed against its manifest): each line is still read, bounded and parsed,
     * but its id and signature are not checked a second time.
     */
    public Result importCheckedLines(Relay relay, InputStream body, Actor actor) {
        return lines(relay, body, -1, actor, true);
    }

    private Result lines(Relay relay, InputStream body, long declaredLength, Actor actor, boolean checkedBefore) {
        if (declaredLength > maxBytes) throw tooLarge();
        Run run = new Run(checkedBefore);
        try (RelaySocket socket = sockets.open(relay)) {
            run.socket = socket;
            LineReader lines = new LineReader(body, maxBytes, maxLineBytes);
            while (true) {
                LineReader.Line line;
                try {
                    line = lines.next();
                } catch (IOException e) {
                    run.finish();
                    Result partial = run.result();
                    record(relay, partial, actor);
                    throw new Stopped(
                            Failure.Kind.INVALID,
                            "The upload was interrupted after line " + lines.number() + "; the lines read before were"
                                    + " imported.",
                            partial);
                }
                if (line == null) break;
                if (line.overBound()) {
                    run.finish();
                    Result partial = run.result();
                    record(relay, partial, actor);
                    throw new Stopped(
                            Failure.Kind.TOO_LARGE,
                            "The file is larger than " + maxBytes + " bytes (the import bound). The lines before line "
                                    + line.number() + " were imported; split the file and import the rest.",
                            partial);
                }
                run.take(line);
            }
            run.finish();
        } catch (RelaySocket.RelayUnavailable e) {
            Result partial = run.result();
            if (partial.lines() > 0) record(relay, partial, actor);
            throw new Stopped(
                    Failure.Kind.UNAVAILABLE,
                    "The relay stopped answering during the import (" + e.getMessage() + "); " + partial.imported()
                            + " events were imported. Importing the file again skips those.",
                    partial);
        } catch (RelaySocket.RelayRefused e) {
            Result partial = run.result();
            if (partial.lines() > 0) record(relay, partial, actor);
            throw new Stopped(
                    Failure.Kind.UPSTREAM,
                    "The relay refused to say which events it already holds (" + e.getMessage() + "); "
                            + partial.imported() + " events were imported.",
                    partial);
        }
        Result result = run.result();
        record(relay, result, actor);
        return result;
    }

    /**
     * Imports events already verified by whoever hands them over (a move's copy: {@link Exporter#each} reads them over
     * the relay key's socket, which checks each one), as {@link #importLines} does from then on: batched, each batch's
     * ids asked for first, the rest published. {@code source} hands its events to the given sink on this thread; the
     * n-th event stands for "line" n in the result's problems.
     *
     * @throws Stopped when either relay's connection fails part-way (what was done before is in its result)
     */
    public Result importVerified(Relay relay, Consumer<Consumer<Event>> source, Actor actor) {
        Run run = new Run(true);
        try (RelaySocket socket = sockets.open(relay)) {
            run.socket = socket;
            source.accept(e -> run.add(e, (int) Math.min(Integer.MAX_VALUE, ++run.lines)));
            run.flush();
            run.settle();
        } catch (RelaySocket.RelayUnavailable | RelaySocket.RelayRefused e) {
            Result partial = run.result();
            throw new Stopped(
                    Failure.Kind.UNAVAILABLE,
                    "A relay stopped answering during the copy (" + e.getMessage() + "); " + partial.imported()
                            + " events were copied. Copying again skips those.",
                    partial);
        }
        Result result = run.result();
        outcomes.record(
                relay,
                "imported",
                "Copied in " + result.imported() + " events (" + result.alreadyPresent() + " already present, "
                        + result.refused() + " refused by the relay)",
                actor);
        return result;
    }

    private Failure tooLarge() {
        return new Failure(
                Failure.Kind.TOO_LARGE,
                "The file is larger than " + maxBytes + " bytes, the most one import reads; split it into smaller"
                        + " files.");
    }

    private void record(Relay relay, Result r, Actor actor) {
        outcomes.record(
                relay,
                "imported",
                "Imported " + r.imported() + " events from JSON lines (" + r.alreadyPresent() + " already present, "
                        + r.refused() + " refused by the relay, " + r.invalid() + " invalid)",
                actor);
    }

    /** A line's event, parsed but not yet checked, with its line number and the id it claims. */
    private record Unchecked(Event event, int line, String claimedId) {}

    /** One import's counters and its current batch. */
    private final class Run {
        /** The lines' events were checked when their file was written ({@link #importCheckedLines}). */
        final boolean checkedBefore;

        RelaySocket socket;
        long lines, imported, alreadyPresent, invalid, refused, duplicates, omitted;
        final List<Problem> problems = new ArrayList<>();
        final IdSet seen = new IdSet();
        /** Lines read and parsed whose ids and signatures are not checked yet ({@link #check}). */
        final List<Unchecked> unchecked = new ArrayList<>();

        long uncheckedBytes;
        final List<Event> batch = new ArrayList<>();
        final List<Integer> batchLines = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
        long batchBytes;
        /** The batch whose ids the relay was asked about last, and its answer to come. */
        java.util.concurrent.CompletableFuture<List<Event>> asked;

        List<Event> askedBatch = List.of();
        List<Integer> askedLines = List.of();

        Run(boolean checkedBefore) {
            this.checkedBefore = checkedBefore;
        }

        void take(LineReader.Line line) {
            lines++;
            if (line.truncated()) {
                invalid(line.number(), null, "The line is longer than " + maxLineBytes + " bytes; it was skipped.");
                return;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(line.bytes(), 0, line.length()))
                        .toString();
            } catch (CharacterCodingException e) {
                invalid(line.number(), null, "The line is not valid UTF-8.");
                return;
            }
            JsonNode node;
            try {
                node = Json.parse(text);
            } catch (IllegalArgumentException e) {
                invalid(line.number(), null, "The line is not valid JSON.");
                return;
            }
            String claimedId = node.path("id").isTextual() ? node.path("id").asText() : null;
            Event e;
            try {
                e = Event.fromJson(node);
            } catch (IllegalArgumentException ex) {
                invalid(line.number(), claimedId, "The line is not a Nostr event: " + ex.getMessage() + ".");
                return;
            }
            unchecked.add(new Unchecked(e, line.number(), claimedId));
            uncheckedBytes += line.length();
            if (unchecked.size() >= BATCH_EVENTS || uncheckedBytes >= BATCH_BYTES) check();
        }

        /**
         * Checks the ids and signatures of the lines read since the last check on every core at once, then takes them
         * in file order: a line that fails is reported, the rest go into the batch.
         */
        void check() {
            List<Unchecked> lines = List.copyOf(unchecked);
            unchecked.clear();
            uncheckedBytes = 0;
            boolean[] genuine = new boolean[lines.size()];
            java.util.stream.IntStream.range(0, lines.size())
                    .parallel()
                    .forEach(i ->
                            genuine[i] = checkedBefore || lines.get(i).event().verify());
            for (int i = 0; i < lines.size(); i++) {
                Unchecked u = lines.get(i);
                if (genuine[i]) add(u.event(), u.line());
                else
                    invalid(
                            u.line(),
                            u.claimedId(),
                            "The event's id or signature is not valid (the event was changed after it was signed).");
            }
        }

        /** The end of the input: what was read is checked, sent and answered. */
        void finish() {
            check();
            flush();
            settle();
        }

        /** A verified event into the batch (a repeat of one seen before only counted). */
        void add(Event e, int lineNumber) {
            if (!seen.add(e.id())) {
                duplicates++;
                return;
            }
            int size = messageSize(e);
            if (size > RELAY_MESSAGE_LIMIT) {
                refused(
                        lineNumber,
                        e.id(),
                        "The event is " + size + " bytes; the relay takes messages of at most " + RELAY_MESSAGE_LIMIT
                                + " bytes.");
                return;
            }
            batch.add(e);
            batchLines.add(lineNumber);
            batchSizes.add(size);
            batchBytes += size;
            if (batch.size() >= BATCH_EVENTS || batchBytes >= BATCH_BYTES) flush();
        }

        /**
         * The size of the EVENT message carrying {@code e}: exact when it could come near the relay's limit, else
         * estimated (the event written out again only to be measured cost as much as the rest of a copy's work). A
         * character takes at most 6 bytes in JSON (an escaped control character), so an event whose text is under a
         * sixth of the limit cannot pass it.
         */
        private static int messageSize(Event e) {
            long chars = e.content().length();
            for (List<String> tag : e.tags()) for (String v : tag) chars += v.length() + 3;
            if (512 + 6 * chars > RELAY_MESSAGE_LIMIT)
                return e.toJsonString().getBytes(StandardCharsets.UTF_8).length + "[\"EVENT\",]".length();
            return (int) (512 + chars);
        }

        /**
         * Asks the relay which of the batch it holds, without waiting: the answer is read when the next batch is
         * ready (or at the end, {@link #settle}), so the relay looks the ids up while the next lines are read and
         * checked. The answer's events are only compared by id, so their signatures are not checked again.
         */
        void flush() {
            if (batch.isEmpty()) return;
            settle();
            List<String> ids = batch.stream().map(Event::id).toList();
            asked = socket.fetch(
                    List.of(new Filter(ids, null, null, Map.of(), null, null, ids.size())),
                    ids.size(),
                    RelayKeySockets.TIMEOUT);
            askedBatch = List.copyOf(batch);
            askedLines = List.copyOf(batchLines);
            batch.clear();
            batchLines.clear();
            batchSizes.clear();
            batchBytes = 0;
        }

        /** Reads the answer to the batch asked about last, publishes what the relay lacks and records each answer. */
        void settle() {
            if (asked == null) return;
            List<Event> held;
            try {
                held = asked.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            } finally {
                asked = null;
            }
            Set<String> present = new HashSet<>();
            for (Event h : held) present.add(h.id());
            List<Event> send = new ArrayList<>();
            List<Integer> sendLines = new ArrayList<>();
            for (int i = 0; i < askedBatch.size(); i++) {
                if (present.contains(askedBatch.get(i).id())) alreadyPresent++;
                else {
                    send.add(askedBatch.get(i));
                    sendLines.add(askedLines.get(i));
                }
            }
            askedBatch = List.of();
            askedLines = List.of();
            if (send.isEmpty()) return;
            List<RelayMessage.Ok> answers = socket.publishAll(send, PUBLISH_TIMEOUT);
            for (int i = 0; i < send.size(); i++) {
                RelayMessage.Ok ok = answers.get(i);
                if (ok == null) refused(sendLines.get(i), send.get(i).id(), "The relay did not answer in time.");
                else if (ok.accepted()) imported++;
                else {
                    String why = ok.message();
                    refused(sendLines.get(i), send.get(i).id(), why.isBlank() ? "The relay refused the event." : why);
                }
            }
        }

        void invalid(int line, String id, String message) {
            invalid++;
            problem(line, id, message);
        }

        void refused(int line, String id, String message) {
            refused++;
            problem(line, id, message);
        }

        void problem(int line, String id, String message) {
            if (problems.size() < MAX_PROBLEMS) problems.add(new Problem(line, id, message));
            else omitted++;
        }

        Result result() {
            // refusals come back a batch later than invalid lines are found: list them in file order
            List<Problem> ordered = new ArrayList<>(problems);
            ordered.sort(java.util.Comparator.comparingInt(Problem::line));
            return new Result(lines, imported, alreadyPresent, invalid, refused, duplicates, ordered, omitted);
        }
    }
}
