package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renamed relay's old address answers NIP-11 with redirect_to its new one (what the proxy sends to Caravel for hosts
 * zooid no longer serves), for RELAY_REDIRECT_SECONDS; never for a look-alike host, a plain page request, a subdomain
 * another relay serves now, or after the period.
 */
@Tag("peer")
class RelayRedirectTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), other = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    /** A GET of "/" with another Host: {status, body}. */
    String[] get(String host, String accept) throws IOException {
        caravel.testing.RawHttp.Answer a = caravel.testing.RawHttp.getRoot(backend.app.port(), host, accept);
        return new String[] {Integer.toString(a.status()), a.body()};
    }

    @Test
    void theOldAddressRedirectsToTheNewOneForThePeriod() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("RELAY_REDIRECT_SECONDS", String.valueOf(Duration.ofDays(30).toSeconds()));
        });
        Api api = backend.api;
        Api.Response made = api.as(
                owner, "POST", "/relays", "{\"name\":\"Moving\",\"subdomain\":\"first-name\",\"plan\":\"free\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().at("/relay/id").asText();
        String nip11 = "application/nostr+json";
        // before any rename nothing is redirected
        assertThat(get("first-name.relays.test", nip11)[0]).isNotEqualTo("200");

        Api.Response renamed = api.as(owner, "PUT", "/relays/" + id, "{\"subdomain\":\"second-name\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        String[] answer = get("first-name.relays.test", nip11);
        assertThat(answer[0]).isEqualTo("200");
        JsonNode info = Api.JSON.readTree(answer[1]);
        assertThat(info.get("redirect_to").asText()).isEqualTo("wss://second-name.relays.test");
        assertThat(info.get("name").asText()).isEqualTo("Moving");
        // with a port, as Nostr apps on the local stack ask
        assertThat(get("first-name.relays.test:443", nip11)[0]).isEqualTo("200");

        // renamed again: the first old name follows to the newest address
        assertThat(api.as(owner, "PUT", "/relays/" + id, "{\"subdomain\":\"third-name\"}")
                        .status())
                .isEqualTo(200);
        assertThat(Api.JSON
                        .readTree(get("first-name.relays.test", nip11)[1])
                        .get("redirect_to")
                        .asText())
                .isEqualTo("wss://third-name.relays.test");

        // not a look-alike under another domain, not a page request (the web app's), nothing else
        assertThat(get("first-name.evil.example", nip11)[1]).doesNotContain("redirect_to");
        assertThat(get("first-name.relays.test", "text/html")[1]).doesNotContain("redirect_to");
        assertThat(get("nobody-here.relays.test", nip11)[1]).doesNotContain("redirect_to");

        // another relay takes the old name: it is zooid's to serve, no redirect
        assertThat(api.as(
                                other,
                                "POST",
                                "/relays",
                                "{\"name\":\"New\",\"subdomain\":\"second-name\",\"plan\":\"free\"}")
                        .status())
                .isEqualTo(201);
        assertThat(get("second-name.relays.test", nip11)[1]).doesNotContain("redirect_to");

        // after the period, the old address no longer redirects
        backend.clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertThat(get("first-name.relays.test", nip11)[1]).doesNotContain("redirect_to");
    }
}
