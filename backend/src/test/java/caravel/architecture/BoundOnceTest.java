package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rows are bound once: a statement takes its arguments positionally ({@code Handle.select/execute}), a record's
 * accessors ({@code bindMethods}) or a map ({@code bindMap}), not a chain of {@code .bind(name, value)} per column,
 * which is where copies of the same statement grew (issue 42). A few named binds stay where JDBI needs names (beside
 * {@code bindList}, or a value a record lacks).
 */
class BoundOnceTest {
    static final Path MAIN = NostrTools.root().resolve("backend/src/main/java/caravel");

    /** Named binds one source file may keep. */
    static final int MOST_PER_FILE = 3;

    /**
     * The two invoice stores still bind their state transitions by name (52 and 14 after the lifecycle's rework, from
     * 129 and 35): their partial indexes on pending invoices need the state named as SQLite's planner sees it.
     */
    static final Set<String> NOT_YET = Set.of(
            "billing/InvoiceStore.java",
            "billing/InvoiceItemStore.java",
            "billing/InvoicePaymentStore.java",
            "billing/OwedInvoiceStore.java",
            "admission/AdmissionInvoiceStore.java");

    private static final Pattern BIND = Pattern.compile("\\.bind\\(");

    @Test
    void noSourceBindsColumnByColumn() throws IOException {
        Map<String, Integer> over = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f).toString().replace('\\', '/');
                if (NOT_YET.contains(rel)) continue;
                int n = count(Files.readString(f));
                if (n > MOST_PER_FILE) over.put(rel, n);
            }
        }
        assertThat(over)
                .as("files binding more than %d parameters one by one", MOST_PER_FILE)
                .isEmpty();
    }

    @Test
    void theCountSeesABindChain() {
        assertThat(count("h.createUpdate(\"...\").bind(\"a\", a).bind(\"b\", b).bindMethods(r).bindList(\"l\", l)"))
                .isEqualTo(2);
    }

    private static int count(String src) {
        int n = 0;
        for (Matcher m = BIND.matcher(src); m.find(); ) n++;
        return n;
    }
}
