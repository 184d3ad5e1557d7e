package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Wallets;
import caravel.billing.RecordingNotices;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blossom media end to end with zooid (emulator) in the loop: the owner of a relay on a paid plan with media uploads a
 * blob to the relay's own host and reads it back; on a free relay (no media) the same upload is refused. This proves
 * that what Caravel writes to zooid ({@code blossom.enabled} per plan) is what turns media on and off.
 */
@Tag("peer")
class BlossomMediaTest {
    // HTTP/1.1: an HTTP/2 client's h2c upgrade offer on a plain request would reach the emulator's WebSocket path
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    // The wallet's clock must be near real time: Blossom auth events expire by the emulator's own clock.
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.now());
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    // relays at <sub>.localhost:<port>: the Host header the emulator routes a relay's requests by
                    env.put("RELAY_DOMAIN", "localhost:" + zooid.port);
                },
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), url -> wallet))
                        .notices(new RecordingNotices()),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    JsonNode create(String sub, String plan) {
        Api.Response r = api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    void pay(JsonNode invoice) {
        String id = invoice.get("id").asText();
        String bolt11 = api.as(owner, "GET", "/invoices/" + id + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        wallet.pay(wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash());
        assertThat(api.as(owner, "POST", "/invoices/" + id + "/check", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("paid");
    }

    /**
     * Waits until zooid has {@code schema} with media as {@code media} and its host answers NIP-11: zooid is not
     * loaded for a moment after each config write, and a request in that moment gets a plain 404 like an unknown host.
     */
    void awaitServed(String schema, boolean media) {
        Wait.until(
                schema + " configured, media " + media,
                Duration.ofSeconds(20),
                () -> zooid.relays().has(schema) ? zooid.relay(schema) : null,
                z -> z != null
                        && !z.path("inactive").asBoolean()
                        && z.at("/blossom/enabled").asBoolean() == media);
        Wait.until(schema + " loaded", Duration.ofSeconds(20), () -> infoStatus(schema), status -> status == 200);
    }

    int infoStatus(String sub) {
        try {
            return HTTP.send(
                            onRelay(sub, "/")
                                    .header("Accept", "application/nostr+json")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code Authorization: Nostr <base64>} of a kind 24242 event for {@code verb}, valid for a minute. */
    String blossomAuth(String verb, String sha256) {
        long now = System.currentTimeMillis() / 1000;
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("t", verb));
        tags.add(List.of("expiration", Long.toString(now + 60)));
        if (sha256 != null) tags.add(List.of("x", sha256));
        Event auth = owner.sign(now, 24242, tags, verb + " media");
        return "Nostr " + Base64.getEncoder().encodeToString(auth.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder onRelay(String sub, String path) {
        return HttpRequest.newBuilder(URI.create(zooid.url + path)).header("Host", sub + ".localhost:" + zooid.port);
    }

    HttpResponse<String> upload(String sub, byte[] body) throws Exception {
        String sha = Hex.encode(Event.sha256(body));
        return HTTP.send(
                onRelay(sub, "/upload")
                        .header("Authorization", blossomAuth("upload", sha))
                        .header("Content-Type", "image/png")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ownerUploadsMediaOnAPaidRelayAndAFreeRelayRefusesIt() throws Exception {
        JsonNode paid = create("gallery", "basic");
        pay(paid.get("invoice"));
        awaitServed("gallery", true);

        byte[] image = new byte[300_000];
        new java.util.Random(7).nextBytes(image);
        String sha = Hex.encode(Event.sha256(image));
        HttpResponse<String> up = upload("gallery", image);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonNode descriptor = Api.JSON.readTree(up.body());
        assertThat(descriptor.get("sha256").asText()).isEqualTo(sha);
        assertThat(descriptor.get("size").asLong()).isEqualTo(image.length);
        assertThat(descriptor.get("type").asText()).isEqualTo("image/png");
        // zooid's Blossom service URL is https://<relay host>, whatever scheme the upload came over
        assertThat(descriptor.get("url").asText())
                .isEqualTo("https://gallery.localhost:" + zooid.port + "/" + sha + ".png");

        HttpResponse<byte[]> back = HTTP.send(
                onRelay("gallery", "/" + sha + ".png")
                        .header("Authorization", blossomAuth("get", sha)) // zooid wants the blob named (x)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(image);

        create("plain", "free");
        awaitServed("plain", false);
        assertThat(upload("plain", image).statusCode()).isEqualTo(404);
    }
}
