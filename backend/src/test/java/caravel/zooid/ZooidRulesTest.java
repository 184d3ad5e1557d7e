package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.nostr.Nip98Signer;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.FreeRelays;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caravel against zooid's real rules, over real sockets with the emulator: NIP-86 signed for the relay's base URL
 * whatever address it travels to, members as zooid lists them, inactive relays not served, both zooid lines, S3
 * settings as zooid validates them, and owner edits made on the relay kept rather than reverted.
 */
@Tag("peer")
class ZooidRulesTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    void start(String line, Consumer<Map<String, String>> extra) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, line);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            extra.accept(env);
        });
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    String createActive(String sub) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub
                        + "\",\"plan\":\"free\",\"icon\":\"https://img.example/i.png\",\"description\":\"About " + sub
                        + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/relay/id").asText();
        waitFor(id, "active");
        return id;
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    JsonNode waitFor(String id, String status) {
        return FreeRelays.awaitSynced(api, user, id, status);
    }

    JsonNode members(String id) {
        Api.Response r = api.as(user, "GET", "/relays/" + id + "/members", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items");
    }

    /** The relay key zooid holds for a relay: what the archived line lists as a member of its own relay. */
    String relayPubkey(String schema) {
        return new Keys(caravel.nostr.Hex.decode(
                        zooid.relay(schema).get("secret").asText()))
                .pubkey();
    }

    @Test
    void membersAreListedWithRolesAndWithoutTheRelayKey() throws Exception {
        start("archived", env -> {});
        String id = createActive("crew");
        Keys m1 = Keys.generate();
        zooid.addMember("crew", m1.pubkey());
        JsonNode items = members(id);
        assertThat(items.findValuesAsText("pubkey"))
                .containsExactly(user.pubkey(), m1.pubkey())
                .doesNotContain(relayPubkey("crew"));
        assertThat(items.findValuesAsText("role")).containsExactly("owner", "member");
        // zooid itself lists the relay key (archived line): Caravel is what leaves it out
        assertThat(zooid.control("GET", "/_emulator/relays/crew/members", null).findValuesAsText("pubkey"))
                .contains(relayPubkey("crew"));
    }

    @Test
    void anInactiveRelayIsReportedAsInactiveNotAsAFailure() throws Exception {
        start("archived", env -> {});
        String id = createActive("sleepy");
        api.as(user, "POST", "/relays/" + id + "/deactivate", null);
        waitFor(id, "inactive");
        Api.Response down = api.as(user, "GET", "/relays/" + id + "/members", null);
        assertThat(down.status()).isEqualTo(409);
        assertThat(down.error()).contains("inactive").doesNotContain("404");
        JsonNode health = api.as(user, "GET", "/relays/" + id + "/health", null).json();
        assertThat(health.get("reachable").asBoolean()).isFalse();
        assertThat(health.get("error").asText()).contains("inactive");
    }

    @Test
    void theNewerLineAnswersMembersOnItsApiEvenWhileInactive() throws Exception {
        start("newer", env -> {});
        String id = createActive("modern");
        Keys m1 = Keys.generate();
        zooid.addMember("modern", m1.pubkey());
        assertThat(members(id).findValuesAsText("pubkey")).containsExactly(user.pubkey(), m1.pubkey());
        api.as(user, "POST", "/relays/" + id + "/deactivate", null);
        waitFor(id, "inactive");
        // the relay's host is gone, but the newer API still knows its members
        assertThat(members(id).findValuesAsText("pubkey")).containsExactly(user.pubkey(), m1.pubkey());
    }

    @Test
    void aLocalStackHostWithAPortIsSignedAsWs() throws Exception {
        // like ./caravel run: no proxy, RELAY_DOMAIN carries zooid's port, so the relay's own URL is ws://…:port
        int[] port = new int[1];
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, "archived");
        port[0] = zooid.port;
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("RELAY_DOMAIN", "localhost:" + port[0]);
        });
        api = backend.api;
        String id = createActive("local");
        JsonNode r = relay(id);
        assertThat(r.get("url").asText()).isEqualTo("ws://local.localhost:" + port[0]);
        assertThat(zooid.relay("local").get("host").asText()).isEqualTo("local.localhost:" + port[0]);
        assertThat(members(id).findValuesAsText("role")).containsExactly("owner");
        assertThat(api.as(user, "GET", "/relays/" + id + "/health", null)
                        .json()
                        .get("reachable")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void s3IsSentWithTheAdapterAndOnePlatformPrefix() throws Exception {
        start("newer", env -> {
            env.put("BLOSSOM_S3_ENDPOINT", "https://s3.example");
            env.put("BLOSSOM_S3_REGION", "eu-1");
            env.put("BLOSSOM_S3_BUCKET", "media");
            env.put("BLOSSOM_S3_ACCESS_KEY", "ak");
            env.put("BLOSSOM_S3_SECRET_KEY", "sk");
            env.put("BLOSSOM_S3_KEY_PREFIX", "/caravel/");
        });
        var relay = Inside.of(backend.app)
                .relayStore()
                .find(createActive("gallery"))
                .orElseThrow();
        var desired = ZooidConfig.build(
                withPlan(relay, "basic"),
                "gallery.relays.test",
                Keys.generate().secretHex(),
                false,
                Inside.of(backend.app).config());
        assertThat(desired.at("/blossom/adapter").asText()).isEqualTo("s3");
        assertThat(desired.at("/blossom/s3/key_prefix").asText()).isEqualTo("caravel");
        assertThat(desired.at("/blossom/s3/bucket").asText()).isEqualTo("media");
        // the newer line validates S3 settings: what Caravel sends is accepted and stored as sent
        ZooidClient client = new HttpZooidClient(zooid.url, zooidKey, Clock.systemUTC());
        assertThat(client.replace("gallery", desired)).isInstanceOf(ZooidResult.Ok.class);
        assertThat(zooid.relay("gallery").at("/blossom/adapter").asText()).isEqualTo("s3");
        assertThat(zooid.relay("gallery").at("/blossom/s3/key_prefix").asText()).isEqualTo("caravel");
        // and one without the adapter's required fields is refused, as zooid refuses it
        desired.withObjectProperty("blossom").withObjectProperty("s3").remove("bucket");
        assertThat(client.replace("gallery", desired)).isInstanceOf(ZooidResult.Invalid.class);
    }

    @Test
    void aNameChangedOnTheRelayIsAdoptedNotReverted() throws Exception {
        start("archived", env -> {});
        String id = createActive("renamed");
        String host = "renamed.relays.test";
        // the owner renames the relay from a Nostr app, over NIP-86 on the relay's host
        JsonNode answer = nip86(user, host, "{\"method\":\"changerelayname\",\"params\":[\"Night Owls\"]}");
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        Wait.until(
                "zooid holds the new name",
                Duration.ofSeconds(10),
                () -> zooid.relay("renamed"),
                c -> c.at("/info/name").asText().equals("Night Owls"));
        // then edits the description in the dashboard: the sync must not put the old name back
        Api.Response edit = api.as(user, "PUT", "/relays/" + id, "{\"description\":\"Late talk\"}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        JsonNode synced = Wait.until(
                "description synced",
                Duration.ofSeconds(20),
                () -> zooid.relay("renamed"),
                c -> c.at("/info/description").asText().equals("Late talk"));
        assertThat(synced.at("/info/name").asText()).isEqualTo("Night Owls");
        assertThat(relay(id).get("name").asText()).isEqualTo("Night Owls");
        assertThat(api.as(user, "GET", "/relays/" + id + "/activity", null).body())
                .contains("info_adopted", "Night Owls");
    }

    @Test
    void nip86ThroughAnotherOriginIsSignedForTheRelayUrlNotTheOrigin() throws Exception {
        start("archived", env -> {});
        String id = createActive("signed");
        // a request signed for the address it travels to (the emulator's http://127.0.0.1:port) is refused by zooid
        JsonNode wrong =
                nip86(user, "signed.relays.test", "{\"method\":\"supportedmethods\",\"params\":[]}", zooid.url + "/");
        assertThat(wrong.has("error")).as(wrong.toString()).isTrue();
        // Caravel's own calls succeed through that origin
        assertThat(members(id)).isNotEmpty();
    }

    /** The same row on another plan (a copy through the record's components, whatever fields it has). */
    static Relay withPlan(Relay r, String plan) throws Exception {
        RecordComponent[] parts = Relay.class.getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            values[i] = parts[i].getName().equals("plan")
                    ? plan
                    : parts[i].getAccessor().invoke(r);
        }
        return Relay.class.getDeclaredConstructor(types).newInstance(values);
    }

    JsonNode nip86(Keys signer, String host, String body) throws Exception {
        return nip86(signer, host, body, "wss://" + host);
    }

    /** POSTs a NIP-86 call to the emulator with the relay's Host, signed by {@code signer} for {@code u}. */
    JsonNode nip86(Keys signer, String host, String body, String u) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(zooid.url + "/"))
                .header("Host", host)
                .header("Content-Type", "application/nostr+json+rpc")
                .header("Authorization", Nip98Signer.header(signer, u, "POST", bytes, Clock.systemUTC()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode())
                .as("zooid answers NIP-86 with 200 whatever the outcome: " + resp.body())
                .isEqualTo(200);
        return Api.JSON.readTree(resp.body());
    }
}
