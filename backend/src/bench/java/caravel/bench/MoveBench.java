package caravel.bench;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.MoveNodes;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Issue 27's move: a relay holding 50,000 events (default; -Devents=N) moved from zooid node a to node b, two local
 * zooid emulators or, with {@code ZOOID_BIN} set, two real zooid nodes, through the admin API's job (create, copy,
 * switch, catch up, remove), timed end to end and by step, then every event checked on b and none left on a. The
 * events are members' posts (100 members), written straight into node a's storage as zooid would have stored them
 * (50,000 through a relay would take minutes before the bench starts): the emulator's data file, or a real zooid's
 * database through the deploy's restore script. They move as zooid's stored rows do, through MOVE_COPY_COMMAND
 * (docs/deploy.md, "Moving a relay"): the stack's copier between emulators, deploy/zooid-copy-events between real
 * zooid databases as in production; the move then checks each of them on b over Nostr.
 */
public final class MoveBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("events", 50_000);
        Path dir = Files.createTempDirectory("caravel-move-bench");
        Keys keyA = Keys.generate(), keyB = Keys.generate(), owner = Keys.generate();
        ZooidEmulator a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), 0);
        ZooidEmulator b = new ZooidEmulator(dir.resolve("zooid-b"), keyB.pubkey(), 0);
        System.out.printf("nodes a and b: %s (load average %s)%n", a.program.describe(), load());
        TestBackend backend = new TestBackend(dir, env -> {
            MoveNodes.configure(env, a, keyA, b, keyB);
            env.put("MOVE_COPY_COMMAND", a.real() ? MoveNodes.deployCopier(a, b) : MoveNodes.copier(a, b));
        });
        HeapWatch heap = new HeapWatch();
        ZooidEmulator seeded = a;
        try {
            Api.Response created = backend.api.as(
                    owner, "POST", "/relays", "{\"name\":\"Big\",\"subdomain\":\"big\",\"plan\":\"free\"}");
            if (created.status() != 201) throw new IllegalStateException(created.body());
            String id = created.json().at("/relay/id").asText();
            Wait.until(
                    "relay active",
                    Duration.ofSeconds(60),
                    () -> backend.api.as(owner, "GET", "/relays/" + id, null).json(),
                    v -> v.path("status").asText().equals("active")
                            && v.at("/sync/state").asText().equals("synced"));
            String schema =
                    Inside.of(backend.app).relayStore().find(id).orElseThrow().schema();
            List<Keys> members = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) members.add(Keys.generate());

            // n members' posts of 1 KiB each, 7 per second, straight into node a's storage; only a sum of their ids
            // is kept (the bench runs in the heap it measures)
            long t0 = System.currentTimeMillis() / 1000 - n / 7;
            String filler = "x".repeat(1024);
            long[] idSum = {0};
            IntFunction<Event> post = i -> {
                Event e = members.get(i % members.size())
                        .sign(t0 + i / 7, 1, List.of(List.of("n", Integer.toString(i))), filler);
                idSum[0] += NodePosts.idBits(e.id());
                return e;
            };
            long seeding = System.nanoTime();
            if (a.real()) ZooidRestore.write(a, schema, n, post); // zooid writes alongside, as a restore does
            else {
                int port = a.port;
                a.close();
                EmulatorData.append(dir.resolve("zooid-a/.emulator-data/" + schema + ".json"), n, post);
                seeded = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), port);
            }
            System.out.printf(
                    "  seeded %,d posts on node a in %.1f s, signing included (load average %s)%n",
                    n, (System.nanoTime() - seeding) / 1e9, load());
            java.util.Map<String, Double> at = new java.util.HashMap<>();
            long started = System.nanoTime();
            Api.Response move =
                    backend.api.as(backend.admin, "POST", "/admin/relays/" + id + "/move", "{\"node\":\"b\"}");
            if (move.status() != 202) throw new IllegalStateException(move.body());
            String step = "";
            long stepAt = started;
            JsonNode m;
            while (true) {
                m = backend.api
                        .as(backend.admin, "GET", "/admin/relays/" + id + "/move", null)
                        .json();
                String now = m.path("step").asText();
                if (!now.equals(step)) {
                    long t = System.nanoTime();
                    System.out.printf("  %-10s after %6.1f s%n", now, (t - started) / 1e9);
                    at.put(now, (t - started) / 1e9);
                    step = now;
                    stepAt = t;
                }
                if (now.equals("done") || now.equals("failed")) break;
                Thread.sleep(100); // polling the move's step, as the admin page does
            }
            double seconds = (stepAt - started) / 1e9;
            if (!step.equals("done")) throw new IllegalStateException("the move failed: " + m);
            // the posts on b, counted and their ids summed as b's answer streams in
            NodePosts onB = NodePosts.on(b, schema);
            boolean whole = onB.count() == n && onB.idSum() == idSum[0];
            System.out.printf(
                    "moved a relay with %,d events from node a to node b in %.1f s (%,.0f events/s); on b: %,d"
                            + " posts, %s; on a: %s (load average %s)%n",
                    n,
                    seconds,
                    n / seconds,
                    onB.count(),
                    whole ? "every one of them" : "NOT the same posts",
                    seeded.relays().has(schema) ? "still there" : "removed",
                    load());
            Double made = at.get("created"),
                    copied = at.getOrDefault("copied", at.get("switched")),
                    switched = at.get("switched"),
                    // a catch-up shorter than the 100 ms poll is never seen as its own step: it ended by "done"
                    caughtUp = at.getOrDefault("caught_up", at.get("done"));
            if (made != null && copied != null && switched != null && caughtUp != null)
                System.out.printf(
                        "  the copy: %,.0f events/s (created -> copied, %.1f s); the catch-up after the switch:"
                                + " %s%.1f s%n",
                        n / (copied - made),
                        copied - made,
                        at.containsKey("caught_up") ? "" : "at most ",
                        caughtUp - switched);
            System.out.println("  " + heap.describe());
            if (!whole) throw new IllegalStateException("the posts on b are not the ones moved");
        } finally {
            heap.close();
            backend.close();
            seeded.close();
            b.close();
        }
    }

    /** The machine's load average over the last minute (figures on a shared machine are read beside it). */
    private static String load() throws java.io.IOException {
        String line = Files.readString(Path.of("/proc/loadavg"));
        return line.substring(0, line.indexOf(' '));
    }
}
