package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge removes for good (issue 53, D3): with PURGE_RELAY_COMMAND the relay's stored events and media leave its
 * zooid node when its undo window ends, and its activity says so; a second run of the command is harmless. Runs on the
 * emulator (its stand-in command) and, with ZOOID_BIN, on a real zooid (deploy/zooid-purge-relay on zooid's own
 * database and media folder). A purge that dies after the command did its work runs again and finishes.
 */
@Tag("peer")
class RelayPurgeTest {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String PLANS =
            "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"blossom\":true,\"backups\":3}]";

    @TempDir
    Path dir;

    CommunityFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @Test
    void thePurgeLeavesNoEventsTableAndNoMediaOfTheRelayOnTheNode() throws Exception {
        // the first run does the whole work, then dies as if killed before the purge was recorded: the job runs again
        Path died = dir.resolve("died-once");
        Path wrapper = dir.resolve("dies-once.sh");
        Files.writeString(
                wrapper, "\"$@\" || exit $?\n[ -e '" + died + "' ] && exit 0\ntouch '" + died + "'\nexit 137\n");
        fx = CommunityFixture.start(
                dir,
                CommunityFixture.Options.defaults()
                        .withoutDms()
                        .withEnv(Map.of("PLANS", PLANS, "PURGE_RELAY_COMMAND", "sh " + wrapper + " {purge-relay}")),
                "Hall",
                "hall");
        fx.clock.set(Instant.now()); // Blossom's authorizations expire by zooid's own clock
        Api api = fx.api;
        Keys owner = fx.owner, alice = Keys.generate();
        String id = fx.relayId;
        ZooidEmulator zooid = fx.zooid();
        assertThat(api.as(owner, "GET", "/config", null)
                        .json()
                        .get("purge_removes_data")
                        .asBoolean())
                .isTrue();

        assertThat(api.as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isEqualTo(201);
        try (Member a = new Member(alice, fx.relayUrl)) {
            assertThat(a.publish(1, List.of(), "a member's post").path("ok").asBoolean())
                    .isTrue();
        }
        upload(alice, "a member's picture".getBytes(StandardCharsets.UTF_8));
        ZooidEmulator.Kept before = zooid.kept("hall");
        assertThat(before.events()).isNotNull().isPositive();
        assertThat(before.mediaFiles()).isEqualTo(1);

        assertThat(api.as(owner, "POST", "/relays/" + id + "/delete", "{\"confirm\":\"hall\"}")
                        .status())
                .isEqualTo(200);
        fx.backend.awaitJobsSettled();
        // in the undo window nothing is removed: an undo brings the relay back with its posts and media
        assertThat(zooid.kept("hall")).isEqualTo(before);

        fx.clock.advance(Duration.ofDays(7).plusSeconds(1));
        Wait.until(
                "the purge",
                Duration.ofSeconds(30),
                () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                r -> !r.at("/deletion/purged_at").isNull());
        assertThat(zooid.relay("hall")).isNull();
        assertThat(zooid.kept("hall"))
                .as("no events table and no media of the relay are left on the node")
                .isEqualTo(new ZooidEmulator.Kept(null, 0));
        assertThat(died).as("the first run died after its work").exists();
        String purge = activity(api, owner, id, "purge");
        assertThat(purge).startsWith("Relay removed for good: ").contains("stored events and media were removed");

        // the command run again (a purge that died after it, run once more) finds nothing and succeeds
        Process again = new ProcessBuilder(command(zooid.purgeCommand(), "hall", "default"))
                .redirectErrorStream(true)
                .start();
        String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(out).isZero();
        assertThat(out).contains("purged hall on node 'default': 0 events, 0 media files");
        assertThat(zooid.kept("hall")).isEqualTo(new ZooidEmulator.Kept(null, 0));
    }

    /** The activity entry of {@code kind} (the newest), as the owner reads it. */
    static String activity(Api api, Keys owner, String relayId, String kind) {
        for (JsonNode a : api.as(owner, "GET", "/relays/" + relayId + "/activity", null)
                .json()
                .get("items"))
            if (a.get("kind").asText().equals(kind)) return a.get("message").asText();
        throw new AssertionError("no " + kind + " in the relay's activity");
    }

    /** A configured command (split on spaces, as Caravel splits it) with its last arguments. */
    static List<String> command(String configured, String... args) {
        List<String> argv = new ArrayList<>(List.of(configured.trim().split("\\s+")));
        argv.addAll(List.of(args));
        return argv;
    }

    private void upload(Keys k, byte[] body) throws Exception {
        String sha = Hex.encode(Event.sha256(body));
        long now = System.currentTimeMillis() / 1000;
        Event auth = k.sign(
                now,
                24242,
                List.of(List.of("t", "upload"), List.of("expiration", Long.toString(now + 60)), List.of("x", sha)),
                "upload");
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(fx.zooid().url + "/upload"))
                        .header("Host", "hall.localhost:" + fx.zooid().port)
                        .header(
                                "Authorization",
                                "Nostr "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        auth.toJsonString().getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
                .as(r.headers().firstValue("X-Reason").orElse(""))
                .isEqualTo(200);
    }
}
