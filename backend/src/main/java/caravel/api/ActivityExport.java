package caravel.api;

import caravel.bans.PlatformBanStore;
import caravel.domain.Failure;
import caravel.json.Json;
import caravel.moves.MoveStore;
import caravel.store.Activity;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The activity log as a file (docs/activity-export.md): CSV or JSON lines, written row by row as the batches are read,
 * so an export of any size holds one batch in memory. A CSV cell a spreadsheet would take for a formula (one starting
 * with =, +, -, @, a tab or a carriage return: OWASP's "CSV injection") is prefixed with a single quote, and every cell
 * is quoted, so a relay's name, a member's note or an event's text cannot run in the operator's spreadsheet.
 */
final class ActivityExport {
    static final String[] COLUMNS = {"id", "created_at", "relay", "tenant", "kind", "actor", "via_token", "message"};
    /** Rows read per query: the memory an export holds, and how often it returns to the database. */
    static final int BATCH = 500;

    enum Format {
        CSV("text/csv; charset=utf-8", "csv"),
        JSONL("application/x-ndjson; charset=utf-8", "jsonl");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }
    }

    /** The range asked for, in seconds: {@code from} inclusive, {@code to} exclusive (the end of the last day). */
    record Range(long from, long to, String label) {}

    private ActivityExport() {}

    static Format format(String value) {
        if (value == null || value.equals("csv")) return Format.CSV;
        if (value.equals("jsonl")) return Format.JSONL;
        throw Failure.invalidField("format", "format must be csv or jsonl");
    }

    /**
     * {@code from} and {@code to} as days (YYYY-MM-DD, UTC), both included; absent, the last 30 days up to today.
     * Refused (invalid, naming the field): a malformed day, or a range that ends before it starts.
     */
    static Range range(String from, String to, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = to == null ? today : day("to", to);
        LocalDate first = from == null ? last.minusDays(29) : day("from", from);
        if (last.isBefore(first)) throw Failure.invalidField("to", "to (" + last + ") is before from (" + first + ")");
        return new Range(
                first.atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
                first + "_" + last);
    }

    private static LocalDate day(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Failure.invalidField(field, field + " must be a day as YYYY-MM-DD (UTC), e.g. 2026-01-31");
        }
    }

    /** One source of lines between two times (seconds, from inclusive, to exclusive), a batch at a time, in order. */
    interface Source {
        void each(long from, long to, int batch, Consumer<List<Line>> each);
    }

    /**
     * The whole file: the header, then each source's lines as they are read, a batch at a time, each batch flushed to
     * the client before the next is asked for.
     */
    static void write(Writer out, Format f, Range range, List<Source> sources) throws IOException {
        header(out, f);
        for (Source s : sources) s.each(range.from(), range.to(), BATCH, rows -> rows(out, f, rows));
    }

    static void header(Writer out, Format f) throws IOException {
        if (f == Format.CSV) out.write(String.join(",", COLUMNS) + "\r\n");
    }

    /**
     * One line of the file: an activity entry, or an administrator's action recorded by its own feature (a platform
     * ban, a move), which has a text id ("platform_ban:…", "relay_move:…") where the activity log's is a number.
     */
    record Line(
            Object id,
            long createdAt,
            String relay,
            String tenant,
            String kind,
            String actor,
            String viaToken,
            String message) {
        static Line of(Activity a) {
            return new Line(
                    a.id(), a.createdAt(), a.relay(), a.tenant(), a.kind(), a.actor(), a.viaToken(), a.message());
        }

        static Line of(PlatformBanStore.Status b) {
            return new Line(
                    "platform_ban:" + b.id(),
                    b.createdAt(),
                    null,
                    null,
                    "platform_ban",
                    b.createdBy(),
                    null,
                    "platform ban of " + b.pubkey() + " (" + b.status() + ", " + b.done() + " of " + b.total()
                            + " relays done, " + b.failed() + " failed): " + b.reason());
        }

        static Line of(MoveStore.Move m) {
            return new Line(
                    "relay_move:" + m.id(),
                    m.startedAt(),
                    m.relayId(),
                    null,
                    "relay_move",
                    m.actor(),
                    null,
                    "move from node " + m.fromNode() + " to node " + m.toNode() + " ("
                            + m.step().text() + ")" + (m.error() == null ? "" : ": " + m.error()));
        }
    }

    static void rows(Writer out, Format f, List<Line> rows) {
        try {
            for (Line a : rows) out.write(f == Format.CSV ? csv(a) : jsonl(a));
            out.flush(); // each batch leaves as it is read: the client sees the export grow
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] cells(Line a) {
        return new String[] {
            a.id().toString(),
            Instant.ofEpochSecond(a.createdAt()).toString(),
            a.relay(),
            a.tenant(),
            a.kind(),
            a.actor(),
            a.viaToken(),
            a.message()
        };
    }

    static String csv(Line a) {
        String[] cells = cells(a);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) line.append(',');
            line.append(cell(cells[i]));
        }
        return line.append("\r\n").toString();
    }

    /** One CSV cell: neutralized if a spreadsheet would read it as a formula, then quoted (RFC 4180). */
    static String cell(String value) {
        if (value == null) return "";
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static String jsonl(Line a) {
        String[] cells = cells(a);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.length; i++) row.put(COLUMNS[i], i == 0 ? a.id() : cells[i]);
        try {
            return Json.MAPPER.writeValueAsString(row) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an activity row as JSON", e);
        }
    }
}
