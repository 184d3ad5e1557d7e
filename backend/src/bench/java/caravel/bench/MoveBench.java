package caravel.bench;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 27's move: a relay holding 50,000 events (default; -Devents=N) moved from zooid node a to node b, two local
 * zooid emulators, through the admin API's job (create, copy, switch, catch up, remove), timed end to end and by step,
 * then every event checked on b and none left on a. The events are members' posts (100 members), written straight into
 * node a's data file as zooid would have stored them (50,000 through a relay would take minutes before the bench
 * starts); they move as zooid's stored rows do, through MOVE_COPY_COMMAND (docs/deploy.md, "Moving a relay"), here the
 * stack's copier between emulators, and the move then checks each of them on b over Nostr.
 */
public final class MoveBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("events", 50_000);
        Path dir = Files.createTempDirectory("caravel-move-bench");
        Keys keyA = Keys.generate(), keyB = Keys.generate(), owner = Keys.generate();
        ZooidEmulator a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), 0);
        ZooidEmulator b = new ZooidEmulator(dir.resolve("zooid-b"), keyB.pubkey(), 0);
        TestBackend backend = new TestBackend(dir, env -> {
            env.remove("ZOOID_API_URL");
            env.remove("ZOOID_API_SECRET");
            env.remove("RELAY_DOMAIN");
            env.put(
                    "ZOOID_NODES",
                    "a api=" + a.url + " origin=" + a.url + " domain=a.relays.test\n" + "b api=" + b.url + " origin="
                            + b.url + " domain=b.relays.test capacity=0");
            env.put("ZOOID_API_SECRET_A", keyA.secretHex());
            env.put("ZOOID_API_SECRET_B", keyB.secretHex());
            // no connection outlives the switch here: the catch-up needs one pass that finds nothing new
            env.put("MOVE_DRAIN_SECONDS", "0");
            env.put(
                    "MOVE_COPY_COMMAND",
                    "node " + caravel.testing.NostrTools.root().resolve("stack/zooid-emulator/copy-events.mjs")
                            + " --node a=" + a.url + " --node b=" + b.url);
        });
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

            // n members' posts of 1 KiB each, 7 per second, straight into node a's data file
            int port = a.port;
            a.close();
            Path data = dir.resolve("zooid-a/.emulator-data/" + schema + ".json");
            ObjectNode file = (ObjectNode) Api.JSON.readTree(Files.readString(data));
            ArrayNode events = (ArrayNode) file.get("events");
            Set<String> ids = new HashSet<>();
            long t0 = System.currentTimeMillis() / 1000 - n / 7;
            String filler = "x".repeat(1024);
            for (int i = 0; i < n; i++) {
                Event e = members.get(i % members.size())
                        .sign(t0 + i / 7, 1, List.of(List.of("n", Integer.toString(i))), filler);
                ids.add(e.id());
                events.add(e.toJson());
            }
            Files.writeString(data, file.toString());
            file = null;
            events = null;
            ZooidEmulator a2 = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), port);
            try {
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
                        step = now;
                        stepAt = t;
                    }
                    if (now.equals("done") || now.equals("failed")) break;
                    Thread.sleep(100); // polling the move's step, as the admin page does
                }
                double seconds = (stepAt - started) / 1e9;
                if (!step.equals("done")) throw new IllegalStateException("the move failed: " + m);
                Set<String> onB = new HashSet<>();
                for (JsonNode e : b.control("GET", "/_emulator/relays/" + schema + "/events?kinds=1", null))
                    onB.add(e.path("id").asText());
                long missing = ids.stream().filter(x -> !onB.contains(x)).count();
                System.out.printf(
                        "moved a relay with %,d events from node a to node b in %.1f s (%,.0f events/s); on b: %,d of"
                                + " them, %d missing; on a: %s%n",
                        n,
                        seconds,
                        n / seconds,
                        n - missing,
                        missing,
                        a2.relays().has(schema) ? "still there" : "removed");
                if (missing > 0) throw new IllegalStateException(missing + " events missing after the move");
            } finally {
                a2.close();
            }
        } finally {
            backend.close();
            b.close();
        }
    }
}
