package caravel.bench;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An erasure's cost by the person's number of events (issue 56): a relay on the zooid emulator holding -Devents=N notes
 * by one author (beside as many by another, who stays), written straight into the emulator's data file; the owner
 * erases the author, and the bench times the request → done, with the NIP-86 calls it took (one {@code banevent} per
 * event: erasure.EventRemoval) and the REQ pages read (200 events each), and checks the other author's notes stayed.
 */
public final class ErasureBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("events", 2000);
        Path dir = Files.createTempDirectory("caravel-erasure-bench");
        Keys zooidKey = Keys.generate(), owner = Keys.generate(), author = Keys.generate(), other = Keys.generate();
        ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        int port = zooid.port;
        TestBackend backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("RELAY_DOMAIN", "localhost:" + port);
            env.put("PLANS", "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":200}]");
        });
        ZooidEmulator z = zooid;
        try {
            Api api = backend.api;
            String id = BackupBench.create(api, owner, "gone");
            String schema =
                    Inside.of(backend.app).relayStore().find(id).orElseThrow().schema();
            z.close();
            long t0 = System.currentTimeMillis() / 1000 - 2L * n;
            EmulatorData.append(
                    dir.resolve("zooid/.emulator-data/" + schema + ".json"),
                    2 * n,
                    i -> (i % 2 == 0 ? author : other).sign(t0 + i, 1, List.of(), "note " + i));
            z = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), port);
            for (Keys k : List.of(author, other))
                if (api.as(owner, "POST", "/relays/" + id + "/members", Api.json(Map.of("pubkey", k.pubkey())))
                                .status()
                        != 201) throw new IllegalStateException("member not added");

            long asked = System.nanoTime();
            Api.Response erased = api.as(
                    owner,
                    "POST",
                    "/relays/" + id + "/members/" + author.pubkey() + "/erase",
                    Api.json(Map.of("confirm", author.npub())));
            if (erased.status() != 202) throw new IllegalStateException(erased.body());
            JsonNode done = Wait.until(
                    "erasure done",
                    Duration.ofMinutes(30),
                    () -> {
                        for (JsonNode i : api.as(owner, "GET", "/relays/" + id + "/erasures", null)
                                .json()
                                .path("items")) if (i.path("step").asText().equals("done")) return i;
                        return null;
                    },
                    i -> i != null);
            double s = (System.nanoTime() - asked) / 1e9;
            long removed = done.path("events_removed").asLong();
            if (removed != n) throw new IllegalStateException("removed " + removed + " of " + n + ": " + done);
            System.out.printf(
                    "erasure of an author with %,d events: %.1f s request → done (%,.0f events/s); %,d NIP-86 banevent"
                            + " calls (one per event), %d REQ pages of 200%n",
                    n, s, n / s, removed, (n + 199) / 200 + 1);
        } finally {
            backend.close();
            z.close();
        }
        System.exit(0);
    }
}
