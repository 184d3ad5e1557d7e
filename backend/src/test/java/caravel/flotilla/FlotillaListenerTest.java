package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flotilla listener as Flotilla meets it: its own origin, envelope, errors as sentences, CORS, plans in cents. */
class FlotillaListenerTest {
    @TempDir
    Path dir;

    TestBackend backend(String... origins) {
        return new TestBackend(dir, env -> {
            FlotillaClient.listener(origins).accept(env);
            env.put("FIAT_RATE", "USD:100000");
        });
    }

    @Test
    void offUnlessConfigured() {
        try (TestBackend b = new TestBackend(dir)) {
            assertThat(Inside.of(b.app).flotilla()).isEmpty();
        }
    }

    @Test
    void plansAreABareArrayInUsCentsUnderData() {
        try (TestBackend b = backend()) {
            FlotillaClient f = FlotillaClient.of(b);
            // Flotilla sends its sign-in on this public route too; with or without it the answer is the same
            for (Keys k : new Keys[] {null, Keys.generate()}) {
                Api.Response r = f.as(k, "GET", "/plans", null);
                assertThat(r.status()).isEqualTo(200);
                JsonNode plans = r.json().path("data");
                assertThat(plans.isArray()).isTrue();
                assertThat(plans).hasSize(3);
                JsonNode free = plans.get(0), basic = plans.get(1), growth = plans.get(2);
                assertThat(free.path("id").asText()).isEqualTo("free");
                assertThat(free.path("amount").asLong()).isZero();
                assertThat(free.path("members").asInt()).isEqualTo(10);
                assertThat(free.path("hidden").asBoolean()).isFalse();
                assertThat(free.path("blossom").asBoolean()).isFalse();
                assertThat(basic.path("id").asText()).isEqualTo("basic");
                // 10,000 sats at $100,000 per bitcoin = $10.00
                assertThat(basic.path("amount").asLong()).isEqualTo(1000);
                assertThat(basic.path("livekit").asBoolean()).isTrue();
                assertThat(growth.path("members").isNull()).isTrue();
                assertThat(growth.has("members")).isTrue();
            }
        }
    }

    @Test
    void plansWithoutAUsdRateSayWhatIsMissing() {
        try (TestBackend b = new TestBackend(dir, FlotillaClient.listener())) {
            Api.Response r = FlotillaClient.of(b).as(null, "GET", "/plans", null);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).startsWith("Prices in US dollars").endsWith(".");
            assertThat(r.json().has("data")).isFalse();
        }
    }

    @Test
    void errorsAreSentencesUnderError() throws Exception {
        try (TestBackend b = backend()) {
            FlotillaClient f = FlotillaClient.of(b);
            Api.Response r = f.as(null, "GET", "/nothing-here", null);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.error()).isEqualTo("There is nothing at this address.");
            Api.Response big =
                    f.send("POST", "/plans", "{\"x\":\"" + "a".repeat(70_000) + "\"}", "application/json", null);
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.error()).endsWith(".");
            // a body declared and never sent is refused at once, not after the idle timeout
            int port = Inside.of(b.app).flotilla().orElseThrow().port();
            for (String line : new String[] {"POST /plans", "POST /nothing-here", "PUT /relays/x"})
                assertThat(caravel.testing.RawHttp.declaredOnly(port, line, 3_000_000_000L))
                        .as(line)
                        .isEqualTo(413);
            Api.Response notJson = f.send("POST", "/plans", "hello", "text/plain", null);
            assertThat(notJson.status()).isEqualTo(415);
            assertThat(notJson.error()).startsWith("Request bodies must be JSON");
        }
    }

    @Test
    void theNativeApiStaysOnItsOwnPortWithStrictSignIn() {
        try (TestBackend b = backend()) {
            Keys alice = Keys.generate();
            // a Flotilla token is refused on the native API, whatever its u says
            String flotillaToken = FlotillaClient.token(alice, b.env.get("FLOTILLA_PUBLIC_URL"), b.clock.seconds());
            String nativeBase = FlotillaClient.token(alice, b.api.base(), b.clock.seconds());
            for (String t : new String[] {flotillaToken, nativeBase}) {
                Api.Response r = b.api.send("POST", "/tenants", null, t);
                assertThat(r.status()).isEqualTo(401);
            }
            // and the native API's answers keep their own shape
            assertThat(b.api.send("GET", "/plans", null, null).json().has("items"))
                    .isTrue();
            assertThat(Inside.of(b.app).flotilla().orElseThrow().port()).isNotEqualTo(b.app.port());
        }
    }

    @Test
    void corsLetsFlotillasOriginSendItsHeadersAndNoOtherOrigin() throws Exception {
        try (TestBackend b = backend("https://app.flotilla.social")) {
            FlotillaClient f = FlotillaClient.of(b);
            HttpResponse<String> ok = preflight(f.base(), "https://app.flotilla.social", "PUT");
            assertThat(ok.statusCode()).isEqualTo(204);
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.flotilla.social");
            assertThat(ok.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                    .contains("GET", "POST", "PUT");
            assertThat(ok.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                    .contains("Authorization", "Content-Type");
            HttpResponse<String> other = preflight(f.base(), "https://evil.example", "PUT");
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(other.headers().firstValue("Access-Control-Allow-Methods"))
                    .isEmpty();
            // a simple request from the allowed origin is answered with the header, so the browser lets Flotilla read
            // it
            HttpResponse<String> get = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(f.base() + "/plans"))
                                    .header("Origin", "https://app.flotilla.social")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.flotilla.social");
        }
    }

    static HttpResponse<String> preflight(String base, String origin, String method) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/tenants"))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("Origin", origin)
                                .header("Access-Control-Request-Method", method)
                                .header("Access-Control-Request-Headers", "authorization,content-type")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
