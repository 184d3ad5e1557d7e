package caravel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.nostr.Keys;
import caravel.testing.FlotillaClient;
import caravel.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flotilla's reusable sign-in, tried like an attacker would: only exactly Flotilla's shape passes. */
class FlotillaTokensTest {
    static final String BASE = "https://hosting.example.com";
    final MutableClock clock = MutableClock.stopped();
    final FlotillaTokens tokens = new FlotillaTokens(BASE + "/", clock, 5);
    final Keys alice = Keys.generate();

    String token(String u, String method, long createdAt) {
        return FlotillaClient.token(alice, createdAt, 27235, List.of(List.of("u", u), List.of("method", method)));
    }

    @Test
    void flotillasOwnShapeIsAcceptedAndReusedAndNeverAdmin() {
        String t = token(BASE, "GET", clock.seconds());
        for (int i = 0; i < 3; i++) {
            Principal p = tokens.authenticate(t);
            assertThat(p.pubkey()).isEqualTo(alice.pubkey());
            assertThat(p.admin()).isFalse();
            assertThat(p.freshSignature()).isFalse();
            assertThat(p.proof()).isEqualTo(Principal.Proof.FLOTILLA_TOKEN);
        }
        // the base with a trailing slash is the same base
        assertThat(tokens.authenticate(token(BASE + "/", "GET", clock.seconds()))
                        .pubkey())
                .isEqualTo(alice.pubkey());
    }

    @Test
    void otherServicesAndExactRequestUrlsAreRefused() {
        for (String u : List.of(
                "https://evil.example.com",
                BASE + "/tenants/" + alice.pubkey(),
                BASE + "/relays",
                BASE + "?x=1",
                "http://hosting.example.com",
                BASE + ":443",
                ""))
            assertThatThrownBy(() -> tokens.authenticate(token(u, "GET", clock.seconds())))
                    .as(u)
                    .isInstanceOf(AuthException.class)
                    .hasMessageContaining("another service");
        String noU = FlotillaClient.token(alice, clock.seconds(), 27235, List.of(List.of("method", "GET")));
        assertThatThrownBy(() -> tokens.authenticate(noU)).hasMessageContaining("another service");
    }

    @Test
    void expiredAndFutureEventsAreRefused() {
        long now = clock.seconds();
        assertThatThrownBy(() -> tokens.authenticate(token(BASE, "GET", now - 11 * 60 - 1)))
                .hasMessageContaining("expired");
        assertThat(tokens.authenticate(token(BASE, "GET", now - 11 * 60)).pubkey())
                .isEqualTo(alice.pubkey());
        assertThatThrownBy(() -> tokens.authenticate(token(BASE, "GET", now + 61)))
                .hasMessageContaining("future");
        assertThat(tokens.authenticate(token(BASE, "GET", now + 60)).pubkey()).isEqualTo(alice.pubkey());
    }

    @Test
    void reuseEndsWithTheWindow() {
        String t = token(BASE, "GET", clock.seconds());
        tokens.authenticate(t);
        clock.advance(Duration.ofMinutes(11).plusSeconds(1));
        assertThatThrownBy(() -> tokens.authenticate(t)).hasMessageContaining("expired");
    }

    @Test
    void reuseIsCappedPerEvent() {
        String t = token(BASE, "GET", clock.seconds());
        for (int i = 0; i < 5; i++) tokens.authenticate(t);
        assertThatThrownBy(() -> tokens.authenticate(t)).hasMessageContaining("too many times");
        // a new event from the same key is a new count
        assertThat(tokens.authenticate(token(BASE, "GET", clock.seconds() - 1)).pubkey())
                .isEqualTo(alice.pubkey());
    }

    @Test
    void wrongKindMethodOrAPayloadAreRefused() {
        long now = clock.seconds();
        String kind1 = FlotillaClient.token(alice, now, 1, List.of(List.of("u", BASE), List.of("method", "GET")));
        assertThatThrownBy(() -> tokens.authenticate(kind1)).hasMessageContaining("kind 27235");
        for (String m : List.of("POST", "PUT", "get", ""))
            assertThatThrownBy(() -> tokens.authenticate(token(BASE, m, now)))
                    .as(m)
                    .hasMessageContaining("method GET");
        String noMethod = FlotillaClient.token(alice, now, 27235, List.of(List.of("u", BASE)));
        assertThatThrownBy(() -> tokens.authenticate(noMethod)).hasMessageContaining("method GET");
        String payload = FlotillaClient.token(
                alice,
                now,
                27235,
                List.of(List.of("u", BASE), List.of("method", "GET"), List.of("payload", "00".repeat(32))));
        assertThatThrownBy(() -> tokens.authenticate(payload)).hasMessageContaining("payload");
    }

    @Test
    void forgedSignaturesAndOtherSchemesAreRefused() throws Exception {
        String good = token(BASE, "GET", clock.seconds());
        String json = new String(
                java.util.Base64.getDecoder().decode(good.substring(6)), java.nio.charset.StandardCharsets.UTF_8);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        node.put("pubkey", Keys.generate().pubkey()); // claims another key with alice's signature
        String forged = "Nostr "
                + java.util.Base64.getEncoder()
                        .encodeToString(node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.authenticate(forged)).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.authenticate("Bearer cvs_abc")).hasMessageContaining("Nostr");
        assertThatThrownBy(() -> tokens.authenticate("Nostr !!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> tokens.authenticate(null)).isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> tokens.authenticate("Nostr ")).isInstanceOf(AuthException.class);
    }
}
