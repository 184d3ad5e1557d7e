package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile builds the web app (Vite) in its build stage: the Node it installs there must satisfy the web
 * build's own requirement, web/package.json's "engines" (which web/test/engines.test.ts keeps at least Vite's). The
 * image once installed the base image's packaged Node 18 and could not build at all; no container engine runs here,
 * so this reads both files.
 */
class NodeVersionTest {
    private static final Path ROOT = NostrTools.root();

    @Test
    void theImagesNodeSatisfiesTheWebBuildsEngines() throws Exception {
        String range = new ObjectMapper()
                .readTree(ROOT.resolve("web/package.json").toFile())
                .path("engines")
                .path("node")
                .asText("");
        assertThat(range).as("web/package.json engines.node").isNotBlank();
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        // the Node stage: FROM node:<version>[-variant] AS <name>, copied into the build stage
        Matcher from =
                Pattern.compile("(?m)^FROM node:([0-9][0-9.]*)[^ ]* AS (\\w+)$").matcher(dockerfile);
        assertThat(from.find())
                .as("a FROM node:<version> AS <stage> line in deploy/Dockerfile")
                .isTrue();
        int[] lowest = lowest(from.group(1));
        assertThat(satisfies(lowest, range))
                .as(
                        "node:%s (at its lowest %s) satisfies web's engines '%s'",
                        from.group(1), Arrays.toString(lowest), range)
                .isTrue();
        assertThat(dockerfile).contains("COPY --from=" + from.group(2) + " /usr/local/bin/node ");
        // the distribution's Node (18 in the Maven image's Ubuntu) must not come back beside it
        assertThat(dockerfile).doesNotContainPattern("apt-get install[^\\n]*\\bnodejs\\b");
    }

    @Test
    void theRangeCheckRefusesWhatViteRefuses() {
        String vite = "^20.19.0 || >=22.12.0";
        assertThat(satisfies(lowest("18"), vite)).isFalse();
        assertThat(satisfies(lowest("20"), vite)).isFalse(); // node:20 may be 20.0.0
        assertThat(satisfies(lowest("20.19"), vite)).isTrue();
        assertThat(satisfies(lowest("21.7"), vite)).isFalse();
        assertThat(satisfies(lowest("22"), vite)).isFalse();
        assertThat(satisfies(lowest("22.12.0"), vite)).isTrue();
        assertThat(satisfies(lowest("24"), vite)).isTrue();
        assertThat(satisfies(lowest("24"), ">= 20")).isTrue();
        assertThat(satisfies(lowest("20.19.1"), ">=20.19 <21")).isTrue();
        assertThat(satisfies(lowest("21.0"), ">=20.19 <21")).isFalse();
    }

    /** The lowest version an image tag can stand for: node:22 may be 22.0.0. */
    static int[] lowest(String tag) {
        int[] v = new int[3];
        String[] parts = tag.split("\\.", -1);
        for (int i = 0; i < Math.min(3, parts.length); i++) v[i] = Integer.parseInt(parts[i]);
        return v;
    }

    /** A version against an npm range made of `||` branches of space-separated comparators (^, ~, >=, >, <=, <, =). */
    static boolean satisfies(int[] v, String range) {
        for (String branch : range.split("\\|\\|", -1)) {
            boolean all = true;
            Matcher m = Pattern.compile("(\\^|~|>=|<=|>|<|=)?\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?")
                    .matcher(branch);
            int comparators = 0;
            while (m.find()) {
                comparators++;
                int[] b = {Integer.parseInt(m.group(2)), num(m.group(3)), num(m.group(4))};
                int c = compare(v, b);
                String op = m.group(1) == null ? "=" : m.group(1);
                all &= switch (op) {
                    case "^" -> c >= 0 && v[0] == b[0];
                    case "~" -> c >= 0 && v[0] == b[0] && v[1] == b[1];
                    case ">=" -> c >= 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    case "<" -> c < 0;
                    default -> m.group(3) == null ? v[0] == b[0] : c == 0;
                };
            }
            if (comparators > 0 && all) return true;
        }
        return false;
    }

    private static int num(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }
}
