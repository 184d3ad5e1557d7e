package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checked-in exceptions of the ratchets (backend/ratchets/exceptions.txt): the offenders the build allows today,
 * one a line as {@code KIND OFFENDER: REASON}. The file may only shrink: a ratchet fails on an offender it does not
 * list, on a listed line that no longer offends (delete it), and on a line without a reason, so fixing an offender
 * means deleting its line and nothing else.
 */
final class RatchetExceptions {
    static final Path FILE = Path.of("ratchets/exceptions.txt");
    static final Set<String> KINDS = Set.of("file", "method", "constructor", "http-status");

    private RatchetExceptions() {}

    /**
     * Checks one ratchet's offenders (kind as in the file) against the file's lines of that kind, both ways, and that
     * each of those lines gives a reason.
     */
    static void check(String kind, Set<String> offenders, String rule) {
        var listed = listed(kind);
        List<String> unlisted = new TreeSet<>(offenders)
                .stream().filter(o -> !listed.containsKey(o)).toList();
        List<String> stale =
                listed.keySet().stream().filter(o -> !offenders.contains(o)).toList();
        List<String> unexplained = listed.entrySet().stream()
                .filter(e -> e.getValue().isBlank())
                .map(e -> kind + " " + e.getKey())
                .toList();
        assertThat(unlisted)
                .as(
                        "%s (%s): fix these, or (only where the code is right as it is) add a line \"%s OFFENDER: REASON\" to %s",
                        rule, kind, kind, FILE)
                .isEmpty();
        assertThat(stale)
                .as("listed in %s as %s but no longer offending (%s): delete their lines", FILE, kind, rule)
                .isEmpty();
        assertThat(unexplained)
                .as("lines of %s without a reason after the colon", FILE)
                .isEmpty();
    }

    /** The file's lines of one kind: offender → reason (blank when the line gives none). */
    private static Map<String, String> listed(String kind) {
        TreeMap<String, String> byOffender = new TreeMap<>();
        List<String> malformed = new ArrayList<>();
        for (String line : lines()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int space = l.indexOf(' ');
            String k = space < 0 ? l : l.substring(0, space);
            if (!KINDS.contains(k)) {
                malformed.add(line);
                continue;
            }
            if (!k.equals(kind)) continue;
            String rest = l.substring(space + 1);
            int colon = rest.indexOf(": ");
            String offender = (colon < 0 ? rest.replaceFirst(":$", "") : rest.substring(0, colon)).strip();
            String reason = colon < 0 ? "" : rest.substring(colon + 2).strip();
            if (byOffender.put(offender, reason) != null) malformed.add(line + "   (listed twice)");
        }
        assertThat(malformed)
                .as("lines of %s that are not \"KIND OFFENDER: REASON\" with KIND one of %s", FILE, KINDS)
                .isEmpty();
        return byOffender;
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
