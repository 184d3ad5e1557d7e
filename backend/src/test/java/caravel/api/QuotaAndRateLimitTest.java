package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-account quotas (403) and rate limits per key, per address and per invoice (429 with Retry-After), over HTTP. */
@BothDatabases
class QuotaAndRateLimitTest {
    @TempDir
    Path dir;

    TestBackend backend;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    private TestBackend start(java.util.function.Consumer<java.util.Map<String, String>> env) {
        MutableClock clock = new MutableClock();
        MemoryWallet wallet = new MemoryWallet(clock);
        backend = new TestBackend(dir, env, new Wallets(Optional.of(wallet), url -> wallet), clock);
        return backend;
    }

    static String relay(String sub, String plan) {
        return "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}";
    }

    @Test
    void freeRelaysPendingInvoicesAndAllRelaysAreCappedPerAccount() {
        TestBackend b = start(env -> {
            env.put("QUOTA_FREE_RELAYS", "2");
            env.put("QUOTA_PENDING_INVOICES", "1");
        });
        Keys user = Keys.generate();
        assertThat(b.api.as(user, "POST", "/relays", relay("free-one", "free")).status())
                .isEqualTo(201);
        assertThat(b.api.as(user, "POST", "/relays", relay("free-two", "free")).status())
                .isEqualTo(201);
        Api.Response third = b.api.as(user, "POST", "/relays", relay("free-three", "free"));
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.error()).contains("2 free relays");
        // administrators acting for the account are not bound
        Api.Response byAdmin = b.api.as(
                b.admin,
                "POST",
                "/relays",
                "{\"name\":\"x\",\"subdomain\":\"free-admin\",\"plan\":\"free\",\"tenant\":\"" + user.pubkey() + "\"}");
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);

        // one unpaid invoice at most: the second paid relay waits until the first is paid
        Api.Response paid = b.api.as(user, "POST", "/relays", relay("paid-one", "basic"));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        Api.Response paid2 = b.api.as(user, "POST", "/relays", relay("paid-two", "basic"));
        assertThat(paid2.status()).isEqualTo(403);
        assertThat(paid2.error()).contains("unpaid invoices");
        // moving the unpaid relay to free is a new free relay: over the quota too
        String paidId = paid.json().path("relay").path("id").asText();
        Api.Response toFree = b.api.as(user, "PUT", "/relays/" + paidId, "{\"plan\":\"free\"}");
        assertThat(toFree.status()).isEqualTo(403);
        assertThat(b.api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays", null)
                        .json()
                        .path("total")
                        .asInt())
                .isEqualTo(4);
    }

    /** The create form hints the free quota before it is submitted: GET /quote on a free plan says what is left. */
    @Test
    void aFreePlansQuoteSaysHowManyFreeRelaysAreLeft() {
        TestBackend b = start(env -> env.put("QUOTA_FREE_RELAYS", "2"));
        Keys user = Keys.generate();
        assertThat(b.api.as(user, "GET", "/quote?plan=free", null)
                        .json()
                        .path("free_relays_left")
                        .asInt())
                .isEqualTo(2);
        assertThat(b.api.as(user, "POST", "/relays", relay("left-one", "free")).status())
                .isEqualTo(201);
        Api.Response one = b.api.as(user, "GET", "/quote?plan=free", null);
        assertThat(one.json().path("free_relays_left").asInt()).as(one.body()).isEqualTo(1);
        // a paid plan's quote has nothing to say about the free quota
        assertThat(b.api.as(user, "GET", "/quote?plan=basic", null)
                        .json()
                        .path("free_relays_left")
                        .isNull())
                .isTrue();
        assertThat(b.api.as(user, "POST", "/relays", relay("left-two", "free")).status())
                .isEqualTo(201);
        // at the quota the free plan's quote is the creation's own refusal, so the form can show it before submitting
        Api.Response none = b.api.as(user, "GET", "/quote?plan=free", null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.error()).contains("2 free relays");
    }

    @Test
    void requestsPerKeyAnswer429WithRetryAfter() throws Exception {
        TestBackend b = start(env -> env.put("RATE_REQUESTS_PER_MINUTE_KEY", "10"));
        Keys user = Keys.generate(), other = Keys.generate();
        String token = b.api.as(user, "POST", "/auth/session", null)
                .json()
                .path("token")
                .asText();
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 15 && limited == null; i++) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b.api.base() + "/identity"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) ok++;
            else limited = r;
        }
        assertThat(ok).isEqualTo(9); // the session's creation was the first request of this key
        assertThat(limited).isNotNull();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(limited.body()).contains("too many requests for this key");
        // another key is not affected
        assertThat(b.api.as(other, "GET", "/identity", null).status()).isEqualTo(200);
    }

    @Test
    void requestsPerAddressAnswer429BeforeAnythingElse() throws Exception {
        TestBackend b = start(env -> env.put("RATE_REQUESTS_PER_MINUTE_IP", "5"));
        int ok = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 8; i++) {
            last = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b.api.base() + "/config")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 200) ok++;
        }
        assertThat(ok).isEqualTo(5);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void walletLookupsPerInvoiceAreLimited() {
        TestBackend b = start(env -> env.put("RATE_WALLET_LOOKUPS_PER_INVOICE", "3"));
        Keys user = Keys.generate();
        Api.Response created = b.api.as(user, "POST", "/relays", relay("paid-check", "basic"));
        String invoice = created.json().path("invoice").path("id").asText();
        int ok = 0, limited = 0;
        for (int i = 0; i < 5; i++) {
            int s = b.api.as(user, "POST", "/invoices/" + invoice + "/check", null)
                    .status();
            if (s == 200) ok++;
            if (s == 429) limited++;
        }
        assertThat(ok).isEqualTo(3);
        assertThat(limited).isEqualTo(2);
    }
}
