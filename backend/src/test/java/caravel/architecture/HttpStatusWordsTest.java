package caravel.architecture;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HTTP statuses are named only in the HTTP layer: {@code http}, {@code api} and {@code flotilla} (issue 54). Below it
 * a comment or a string names the kind of failure (refused as forbidden, not found, in conflict, unavailable) and the
 * HTTP layer maps the kind to its status ({@code http.Failure}), so a service's words stay true when a status changes.
 *
 * <p>Also left out: {@code zooid}, the client of zooid's HTTP API, whose statuses are zooid's answers it reads, not
 * ours. Elsewhere a status is three digits from the statuses in use (or "4xx"/"5xx") in a comment or a string, unless
 * a unit or a comparison shows it is a count ("200 characters", "LIMIT 200", "≤ 200", "between 500 and"). Today's exceptions are in
 * backend/ratchets/exceptions.txt as {@code http-status FILE: REASON}.
 */
class HttpStatusWordsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Set<String> HTTP_LAYER = Set.of("caravel/http/", "caravel/api/", "caravel/flotilla/");
    private static final Set<String> HTTP_CLIENTS = Set.of("caravel/zooid/");
    private static final Pattern STATUS = Pattern.compile(
            "(?<![\\w.,≤<>=-]|LIMIT |between )(?<![≤<>=] )"
                    + "(?:20[0-4]|30[1-8]|40[0-9]|41[0-8]|42[2-9]|50[0-4]|[1-5]xx)"
                    + "(?![\\w%-]|[.,]\\d|\\s*(?:ms|µs|s|MB|KB|bytes|characters|chars|days|lines|relays|rows|sats|tries|x)\\b)");

    @Test
    void onlyTheHttpLayerNamesHttpStatuses() throws IOException {
        Set<String> naming = new TreeSet<>();
        List<String> where = new ArrayList<>();
        for (Path f : sources()) {
            String name = MAIN.relativize(f).toString().replace('\\', '/');
            if (HTTP_LAYER.stream().anyMatch(name::startsWith)
                    || HTTP_CLIENTS.stream().anyMatch(name::startsWith)) continue;
            for (String text : commentsAndStrings(Files.readString(f, UTF_8))) {
                Matcher m = STATUS.matcher(text);
                while (m.find()) {
                    naming.add(name);
                    where.add(name + ": \"…" + around(text, m.start(), m.end()) + "…\"");
                }
            }
        }
        where.forEach(System.out::println);
        RatchetExceptions.check(
                "http-status",
                naming,
                "HTTP statuses named only in http, api and flotilla (below them, name the kind of failure)");
    }

    private static String around(String text, int start, int end) {
        return text.substring(Math.max(0, start - 40), Math.min(text.length(), end + 20))
                .replaceAll("\\s+", " ");
    }

    /** The text of every comment, string literal and text block of a Java source, in order. */
    static List<String> commentsAndStrings(String src) {
        return SqlInSources.texts(src, true);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
