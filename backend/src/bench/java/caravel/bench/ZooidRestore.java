package caravel.bench;

import caravel.nostr.Event;
import caravel.testing.NostrTools;
import caravel.testing.ZooidEmulator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Events written straight into a running real zooid's database (ZOOID_BIN) for a schema, as zooid stores them:
 * streamed into a file of JSON lines, then written by the operator's deploy/zooid-restore-events (one transaction), so
 * the bench knows nothing of zooid's tables that the deploy's scripts do not. zooid takes an event over a relay's
 * connection only from its author; this seeds a relay far faster than its members could publish.
 */
final class ZooidRestore {
    private ZooidRestore() {}

    /** Writes {@code n} events, the i-th made by {@code event}, into {@code schema} on {@code node}. */
    static void write(ZooidEmulator node, String schema, int n, IntFunction<Event> event) throws Exception {
        Path lines = Files.createTempFile("caravel-bench-seed", ".jsonl");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(lines, StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    out.write(event.apply(i).toJsonString());
                    out.newLine();
                }
            }
            ProcessBuilder pb = new ProcessBuilder(
                            "sh",
                            NostrTools.root()
                                    .resolve("deploy/zooid-restore-events")
                                    .toString(),
                            schema,
                            "seed",
                            lines.toString())
                    .redirectErrorStream(true);
            pb.environment().put("ZOOID_DB_SEED", node.database().toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || !output.contains("restored " + n + " events"))
                throw new IllegalStateException("seeding zooid's database: " + output);
        } finally {
            Files.deleteIfExists(lines);
        }
    }
}
