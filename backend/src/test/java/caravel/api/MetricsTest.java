package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.http.PlatformMetrics;
import caravel.nostr.Keys;
import caravel.nostr.Nip19;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics: closed without METRICS_TOKEN, 401 without the right bearer token, and with it the platform's figures,
 * which move when a relay is created and an invoice is paid; no label ever holds a key, an id or the token.
 */
@Tag("peer")
@BothDatabases
class MetricsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "metrics-" + Keys.generate().secretHex().substring(0, 32);

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    void start(boolean withToken) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    if (withToken) env.put("METRICS_TOKEN", TOKEN);
                },
                new caravel.Wallets(Optional.of(wallet), url -> wallet),
                clock);
    }

    HttpResponse<String> scrape(String authorization) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(backend.api.base() + "/metrics"));
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String scrape() throws Exception {
        HttpResponse<String> r = scrape("Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The value of one series (name and exact label set as the registry writes them), or -1 when absent. */
    static double value(String text, String series) {
        for (String line : text.lines().toList())
            if (line.startsWith(series + " "))
                return Double.parseDouble(line.substring(series.length() + 1).trim());
        return -1;
    }

    @Test
    void withoutMetricsTokenTheRouteDoesNotExist() throws Exception {
        start(false);
        assertThat(scrape(null).statusCode()).isEqualTo(404);
        assertThat(scrape("Bearer anything-at-all-here").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheRightBearerTokenOpensIt() throws Exception {
        start(true);
        assertThat(scrape(null).statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer ").statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).statusCode())
                .isEqualTo(401);
        assertThat(scrape("Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer " + TOKEN.toUpperCase(java.util.Locale.ROOT)).statusCode())
                .isEqualTo(401);
        assertThat(scrape("Basic " + TOKEN).statusCode()).isEqualTo(401);
        // a valid session or NIP-98 signature is not the metrics token, an admin's neither
        assertThat(backend.api.as(backend.admin, "GET", "/metrics", null).status())
                .isEqualTo(401);
        HttpResponse<String> ok = scrape("Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(ok.body()).contains("# TYPE jvm_memory_used_bytes gauge");
        assertThat(ok.body()).contains("process_uptime_seconds");
        // the wrong-token answers never echo what was sent
        assertThat(scrape("Bearer " + TOKEN + "x").body()).doesNotContain(TOKEN);
    }

    @Test
    void theTokenIsComparedAsFixedLengthDigests() {
        byte[] expected = MetricsRoutes.digest(TOKEN);
        // whatever is sent, the comparison is between two 32-byte digests (MessageDigest.isEqual over all of them), so
        // neither the length of a guess nor how many of its first characters are right changes the work done
        for (String guess : List.of("", "x", TOKEN.substring(0, 10), TOKEN + "x", "y".repeat(5000)))
            assertThat(MetricsRoutes.digest(guess)).hasSameSizeAs(expected).isNotEqualTo(expected);
        assertThat(MetricsRoutes.digest(TOKEN)).isEqualTo(expected);
    }

    @Test
    void figuresMoveWhenARelayIsCreatedAndAnInvoiceIsPaid() throws Exception {
        start(true);
        String before = scrape();
        assertThat(value(before, "caravel_invoices{rail=\"lightning\",status=\"paid\"}"))
                .isLessThanOrEqualTo(0);

        Api.Response free = backend.api.as(
                user, "POST", "/relays", "{\"name\":\"Free\",\"subdomain\":\"metrics-free\",\"plan\":\"free\"}");
        assertThat(free.status()).as(free.body()).isEqualTo(201);
        Api.Response paid = backend.api.as(
                user, "POST", "/relays", "{\"name\":\"Paid\",\"subdomain\":\"metrics-paid\",\"plan\":\"basic\"}");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        String hash = paid.json().at("/invoice/payment_hash").asText();

        // the provisioning job ran against zooid and was timed; the requests are counted under their route template
        String afterCreate = Wait.until(
                "the free relay's provisioning timed",
                Duration.ofSeconds(20),
                PlatformMetrics.DB_READ_EVERY.dividedBy(5), // a whole scrape per poll: not every 50 ms
                () -> {
                    try {
                        return scrape();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                // the database figures are read at most every few seconds, the timings at once
                t -> value(t, "caravel_zooid_sync_seconds_count{kind=\"relay.provision\",outcome=\"ok\"}") >= 1
                        && value(t, "caravel_invoices{rail=\"lightning\",status=\"pending\"}") == 1);
        assertThat(afterCreate)
                .contains(
                        "caravel_http_requests_seconds_count{listener=\"api\",method=\"POST\",route=\"/relays\",status=\"201\"} 2");
        assertThat(afterCreate).contains("caravel_zooid_reachable 1");
        assertThat(afterCreate).contains("caravel_db_pool_connections{state=\"active\"}");
        assertThat(afterCreate).contains("caravel_relay_watches ");
        assertThat(afterCreate).contains("caravel_live_streams 0");
        // insight's buffer dropped nothing (its per-plan series appear once a relay has figures)
        assertThat(afterCreate).contains("caravel_insight_dropped 0");
        assertThat(afterCreate).contains("disk_free_bytes");

        wallet.pay(hash);
        Inside.of(backend.app).payments().onPaymentReceived(hash);
        String afterPay = Wait.until(
                "the paid invoice counted",
                Duration.ofSeconds(20),
                PlatformMetrics.DB_READ_EVERY.dividedBy(5), // a whole scrape per poll: not every 50 ms
                () -> {
                    try {
                        return scrape();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                t -> value(t, "caravel_invoices{rail=\"lightning\",status=\"paid\"}") == 1
                        && value(t, "caravel_payments_credited{rail=\"lightning\"}") == 1);
        assertThat(value(afterPay, "caravel_payments_credited{rail=\"lightning\"}"))
                .isEqualTo(1);
        assertThat(value(afterPay, "caravel_invoices{rail=\"lightning\",status=\"pending\"}"))
                .isEqualTo(0);

        // no label holds a key, an npub, a relay id, a subdomain, a payment hash or the token
        String relayId = free.json().at("/relay/id").asText();
        List<String> labels = labelValues(afterPay);
        assertThat(labels).isNotEmpty();
        for (String v : labels) {
            assertThat(v).doesNotMatch("(?i).*[0-9a-f]{32,}.*");
            assertThat(v).doesNotContain("npub1").doesNotContain("nsec1");
            assertThat(v).doesNotContain(relayId).doesNotContain("metrics-free").doesNotContain("metrics-paid");
        }
        assertThat(afterPay)
                .doesNotContain(user.pubkey())
                .doesNotContain(Nip19.npub(user.pubkey()))
                .doesNotContain(hash)
                .doesNotContain(TOKEN)
                .doesNotContain(backend.env.get("ZOOID_API_SECRET"))
                .doesNotContain(backend.env.get("ENCRYPTION_SECRET"));
        // requests for paths holding ids are counted under the template
        assertThat(backend.api.as(user, "GET", "/relays/" + relayId, null).status())
                .isEqualTo(200);
        assertThat(scrape()).contains("route=\"/relays/{id}\"");
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        start(true);
        HttpResponse<String> fresh = HTTP.send(
                HttpRequest.newBuilder(URI.create(backend.api.base() + "/config"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = fresh.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{24}");
        HttpResponse<String> given = HTTP.send(
                HttpRequest.newBuilder(URI.create(backend.api.base() + "/config"))
                        .header("X-Request-Id", "caddy-abc.123")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("caddy-abc.123");
        // not sane (too long, or characters that could break a log line): replaced
        for (String bad : List.of("x".repeat(65), "a b", "a\"b", "<script>")) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(backend.api.base() + "/config"))
                            .header("X-Request-Id", bad)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{24}");
        }
        // also on errors and refusals
        assertThat(scrape(null).headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void theFlotillaListenersRequestsAreCountedAndCarryIdsToo() throws Exception {
        int flotillaPort = caravel.testing.TestEnv.freePort();
        backend = new TestBackend(dir, env -> {
            env.put("METRICS_TOKEN", TOKEN);
            env.put("FLOTILLA_PORT", Integer.toString(flotillaPort));
        });
        HttpResponse<String> plans = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + flotillaPort + "/openapi.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plans.statusCode()).isEqualTo(200);
        assertThat(plans.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(scrape())
                .contains(
                        "caravel_http_requests_seconds_count{listener=\"flotilla\",method=\"GET\",route=\"/openapi.json\",status=\"200\"} 1");
    }

    static final Pattern LABEL = Pattern.compile("[a-z_]+=\"([^\"]*)\"");

    static List<String> labelValues(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !line.contains("{")) continue;
            Matcher m = LABEL.matcher(line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1));
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }
}
