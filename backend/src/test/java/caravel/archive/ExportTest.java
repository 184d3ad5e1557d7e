package caravel.archive;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /relays/:id/export on a relay holding 50,000 events: every event exactly once, as JSON lines, while the heap
 * that stays live during the export (measured after a GC every 200 ms) grows by far less than the events' size.
 */
@Tag("peer")
class ExportTest {
    static final int EVENTS = 50_000;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    CommunityFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @Test
    void fiftyThousandEventsStreamInConstantMemory() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Archive", "archive");
        // the events are written straight into the emulator's data file: 50,000 of them through a relay would take
        // minutes
        fx.zooid().requireEmulator("seeding events into the emulator's data file");
        Keys owner = fx.owner;
        Api api = fx.api;
        String relayId = fx.relayId;

        // 50,000 signed events (1 KiB of content each, many sharing a second) written into the emulator's data file
        fx.stopZooid();
        Path data = dir.resolve("zooid/.emulator-data/archive.json");
        ObjectNode file = (ObjectNode) Api.JSON.readTree(Files.readString(data));
        ArrayNode events = (ArrayNode) file.get("events");
        int before = events.size();
        Keys author = Keys.generate();
        long t0 = System.currentTimeMillis() / 1000 - EVENTS / 7;
        String filler = "x".repeat(1024);
        for (int i = 0; i < EVENTS; i++)
            events.add(author.sign(t0 + i / 7, 1, List.of(List.of("n", Integer.toString(i))), filler)
                    .toJson()); // 7 per second
        Files.writeString(data, file.toString());
        file = null;
        events = null;
        fx.startZooidAgain();

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = mem.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(200); // the heap sampler's period: a measurement, not a wait for an event
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        String url = api.base() + "/relays/" + relayId + "/export";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", Api.nip98(owner, url, "GET", null, System.currentTimeMillis() / 1000))
                .build();
        long started = System.nanoTime();
        HttpResponse<InputStream> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        Set<String> ids = new HashSet<>();
        long lines = 0, bytes = 0, previous = Long.MAX_VALUE;
        boolean ordered = true;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
                JsonNode e = Api.JSON.readTree(line);
                Event ev = Event.fromJson(e);
                assertThat(ev.verify()).isTrue();
                ids.add(ev.id());
                if (ev.createdAt() > previous) ordered = false;
                previous = ev.createdAt();
                if (lines == 1000) Thread.sleep(1500); // a slow reader: the relay socket must wait, not buffer
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        running.set(false);
        sampler.join();
        long grewMb = (peak.get() - baseline) >> 20;
        System.out.printf(
                "export: %d events, %d MiB of JSON lines in %d ms; live heap grew by at most %d MiB%n",
                lines, bytes >> 20, ms, grewMb);

        assertThat(lines).isEqualTo(ids.size()); // none twice
        assertThat(ids.size())
                .isGreaterThanOrEqualTo(
                        EVENTS + before - 1); // all of them (the relay hides none of these from its key)
        assertThat(ordered).isTrue();
        assertThat(bytes).isGreaterThan(50L << 20);
        assertThat(grewMb).as("live heap growth during the export, MiB").isLessThan(24);
        JsonNode activity = api.as(owner, "GET", "/relays/" + relayId + "/activity", null)
                .json()
                .get("items");
        assertThat(activity.get(0).get("message").asText()).contains("Exported " + lines + " events");
    }
}
