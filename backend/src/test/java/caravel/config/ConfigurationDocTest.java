package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code, both ways: every environment variable {@link Config#fromEnv} reads is a row
 * of the page's tables, and every variable the tables list is read by it (or by logback.xml, which reads LOG_LEVEL).
 * What Config reads is not a second list kept by hand: it is recorded while Config reads real environments, once with
 * the single-node settings and every optional group on, once with several zooid nodes, which between them take every
 * branch that reads a variable. Names made from a plan or node name match the page's placeholder rows
 * ({@code STRIPE_PRICE_<ID>}, {@code ZOOID_API_SECRET_<NAME>}).
 */
class ConfigurationDocTest {
    /** The tests run in backend/; the page is the repository's. */
    private static final Path ROOT = Path.of("..");

    private static final Path PAGE = ROOT.resolve("docs/configuration.md");

    /** A backticked variable in a table's first cell: `NAME` or `NAME_<PLACEHOLDER>`. */
    private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*(?:<[A-Z]+>)?)`");

    @Test
    void everyVariableConfigReadsIsDocumented() throws Exception {
        Set<String> documented = documented();
        List<String> undocumented = read().stream()
                .filter(name -> documented.stream().noneMatch(d -> matches(d, name)))
                .toList();
        assertThat(undocumented)
                .as("variables Config reads that docs/configuration.md does not list (add a row)")
                .isEmpty();
    }

    @Test
    void everyDocumentedVariableIsRead() throws Exception {
        Set<String> read = read();
        read.addAll(logbackVariables());
        List<String> unread = documented().stream()
                .filter(d -> read.stream().noneMatch(name -> matches(d, name)))
                .toList();
        assertThat(unread)
                .as("variables docs/configuration.md lists that nothing reads (remove the row, or read it)")
                .isEmpty();
    }

    /** A documented name matches itself, and a placeholder row matches any name that fills it in. */
    private static boolean matches(String documented, String name) {
        int at = documented.indexOf('<');
        if (at < 0) return documented.equals(name);
        return name.length() > at
                && name.startsWith(documented.substring(0, at))
                && name.substring(at).matches("[A-Z0-9_]+");
    }

    /** The variables in the first column of every "| variable |" table of the page. */
    private static Set<String> documented() throws Exception {
        assertThat(PAGE)
                .as("docs/configuration.md, from the backend's working directory")
                .exists();
        Set<String> out = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(PAGE)) {
            if (line.startsWith("| variable |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (!inTable || line.startsWith("|---")) continue;
            String first = line.substring(1, line.indexOf('|', 1));
            Matcher m = VARIABLE.matcher(first);
            int found = 0;
            while (m.find()) {
                out.add(m.group(1));
                found++;
            }
            assertThat(found).as("a variable in the row " + line).isPositive();
        }
        assertThat(out).as("the page's variables").hasSizeGreaterThan(40);
        return out;
    }

    /** Every name Config asks the environment for, over the environments that between them take every branch. */
    private static Set<String> read() {
        Set<String> names = new TreeSet<>();
        Map<String, String> everythingOn = base();
        everythingOn.put("STRIPE_SECRET_KEY", "sk_test_doc");
        everythingOn.put("STRIPE_WEBHOOK_SECRET", "whsec_doc");
        everythingOn.put("STRIPE_PRICE_BASIC", "price_basic");
        everythingOn.put("STRIPE_PRICE_GROWTH", "price_growth");
        Config.fromEnv(new Recording(everythingOn, names));
        assertThat(names).as("Stripe on: each paid plan's price read").contains("STRIPE_PRICE_BASIC");

        Map<String, String> nodes = base();
        nodes.remove("ZOOID_API_URL");
        nodes.remove("RELAY_DOMAIN");
        nodes.put(
                "ZOOID_NODES",
                "default api=http://127.0.0.1:9 domain=relays.test; b api=http://127.0.0.1:10 domain=b.test");
        nodes.put("ZOOID_API_SECRET_B", Keys.generate().secretHex());
        Config.fromEnv(new Recording(nodes, names));
        assertThat(names).as("several nodes: each node's own key read").contains("ZOOID_API_SECRET_B");
        return names;
    }

    private static Map<String, String> base() {
        Map<String, String> e = new HashMap<>();
        e.put("DATABASE_URL", "sqlite://target/configuration-doc-test/caravel.db"); // settings read, nothing opened
        e.put("ZOOID_API_URL", "http://127.0.0.1:9");
        e.put("ZOOID_API_SECRET", Keys.generate().secretHex());
        e.put("RELAY_DOMAIN", "relays.test");
        e.put("ENCRYPTION_SECRET", Keys.generate().secretHex());
        e.put("ROBOT_SECRET", Keys.generate().secretHex());
        for (String list : List.of("ROBOT_OUTBOX_RELAYS", "ROBOT_INDEXER_RELAYS", "ROBOT_MESSAGING_RELAYS"))
            e.put(list, "wss://relay.test");
        return e;
    }

    /** logback.xml's ${NAME} placeholders, less the ones it defines itself. */
    private static Set<String> logbackVariables() throws Exception {
        String xml = Files.readString(Path.of("src/main/resources/logback.xml"));
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(xml);
        while (m.find()) out.add(m.group(1));
        Matcher defined = Pattern.compile("<define name=\"([A-Z0-9_]+)\"").matcher(xml);
        while (defined.find()) out.remove(defined.group(1));
        assertThat(out).as("logback.xml's environment variables").contains("LOG_LEVEL");
        return out;
    }

    /**
     * An environment that notes every name asked for. Listing it would hide which names Config needs, so it refuses
     * to be listed: a Config that starts iterating its environment fails here instead of passing unread names by.
     */
    private static final class Recording extends AbstractMap<String, String> {
        private final Map<String, String> values;
        private final Set<String> asked;

        Recording(Map<String, String> values, Set<String> asked) {
            this.values = values;
            this.asked = asked;
        }

        @Override
        public String get(Object key) {
            asked.add((String) key);
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            asked.add((String) key);
            return values.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            asked.add((String) key);
            return values.getOrDefault(key, fallback);
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            throw new UnsupportedOperationException("Config reads its environment by name, never by listing it");
        }
    }
}
