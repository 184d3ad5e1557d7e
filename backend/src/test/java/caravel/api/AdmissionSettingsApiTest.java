package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.billing.LightningWallet;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay owner's paid admission settings through the API: the round trip, every refusal with its field, the owner's
 * wallet checked before it is kept (its permissions, offline, refusing), who may read and change them, and the wallet
 * connection never coming back in any answer.
 */
@BothDatabases
class AdmissionSettingsApiTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static final MutableClock clock = new MutableClock();
    static final Keys owner = Keys.generate(), other = Keys.generate();
    /** Owners' wallets by connection URL: what the tenant wallet factory hands out. */
    static final Map<String, LightningWallet> wallets = new ConcurrentHashMap<>();

    static final String GOOD = nwc(), NO_INVOICE = nwc(), NO_LOOKUP = nwc(), OFFLINE = nwc(), REFUSING = nwc();

    static String nwc() {
        return "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fwallet.example&secret="
                + Keys.generate().secretHex();
    }

    @BeforeAll
    static void setUp() {
        wallets.put(GOOD, new MemoryWallet(clock));
        wallets.put(NO_INVOICE, info(List.of("pay_invoice", "lookup_invoice", "get_info")));
        wallets.put(NO_LOOKUP, info(List.of("make_invoice", "get_info")));
        wallets.put(OFFLINE, failing("TIMEOUT"));
        wallets.put(REFUSING, failing("UNAUTHORIZED"));
        backend = new TestBackend(
                dir,
                env -> {},
                new Wallets(Optional.empty(), url -> {
                    LightningWallet w = wallets.get(url);
                    if (w == null) throw new AssertionError("no test wallet for this URL");
                    return w;
                }),
                clock);
        api = backend.api;
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    static LightningWallet info(List<String> methods) {
        return new Stub() {
            @Override
            public Info getInfo() {
                return new Info("limited", methods);
            }
        };
    }

    static LightningWallet failing(String code) {
        return new Stub() {
            @Override
            public Info getInfo() throws WalletException {
                throw new WalletException(code, "the wallet says no (" + code + ")");
            }
        };
    }

    /** A wallet whose only call a settings check may make is get_info. */
    abstract static class Stub implements LightningWallet {
        @Override
        public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) {
            throw new AssertionError("a settings check makes no invoice");
        }

        @Override
        public Lookup lookupInvoice(String paymentHash) {
            throw new AssertionError("a settings check looks nothing up");
        }

        @Override
        public String payInvoice(String bolt11) {
            throw new AssertionError("a settings check pays nothing");
        }
    }

    static int relays;

    static String relay(Keys k) {
        relays++;
        String sub = "adm-" + relays + "-" + k.pubkey().substring(0, 6);
        Api.Response r =
                api.as(k, "POST", "/relays", "{\"name\":\"Hikers\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static Api.Response put(Keys k, String relayId, String body) {
        return api.as(k, "PUT", "/relays/" + relayId + "/admission", body);
    }

    static void assertNoSecret(Api.Response r) {
        for (String url : List.of(GOOD, NO_INVOICE, NO_LOOKUP, OFFLINE, REFUSING)) {
            assertThat(r.body()).doesNotContain(url);
            assertThat(r.body()).doesNotContain(url.substring(url.indexOf("secret=") + 7));
        }
        assertThat(r.body()).doesNotContain("walletconnect");
    }

    @Test
    void roundTripSellsOnceTheRelayIsOnlineAndKeepsTheWalletSealed() {
        String id = relay(owner);
        Api.Response first = api.as(owner, "GET", "/relays/" + id + "/admission", null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("mode").asText()).isEqualTo("free");
        assertThat(first.json().path("price_sats").asLong()).isZero();
        assertThat(first.json().at("/wallet/connected").asBoolean()).isFalse();
        assertThat(first.json().path("selling").asBoolean()).isFalse();
        assertThat(first.json().path("not_selling_reason").asText()).isEqualTo("free");
        assertThat(first.json().path("join_url").asText()).startsWith(api.base() + "/join/adm-");
        assertThat(first.json().path("period_seconds").asLong()).isEqualTo(30L * 86_400);
        assertThat(first.json().path("grace_seconds").asLong()).isEqualTo(3L * 86_400);

        long before = clock.seconds();
        Api.Response set = put(
                owner,
                id,
                "{\"mode\":\"monthly\",\"price_sats\":2100,\"trial_days\":7,\"rules\":\"  Be kind.  \",\"nwc_url\":\""
                        + GOOD + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertNoSecret(set);
        assertThat(set.json().path("mode").asText()).isEqualTo("monthly");
        assertThat(set.json().path("price_sats").asLong()).isEqualTo(2100);
        assertThat(set.json().path("trial_days").asInt()).isEqualTo(7);
        assertThat(set.json().path("rules").asText()).isEqualTo("Be kind.");
        assertThat(set.json().at("/wallet/connected").asBoolean()).isTrue();
        assertThat(set.json().at("/wallet/alias").asText()).isEqualTo("memory");
        assertThat(set.json().at("/wallet/methods").toString()).contains("make_invoice", "lookup_invoice");
        // the test clock runs with real time, so the check happened somewhere between sending and now
        assertThat(set.json().at("/wallet/checked_at").asLong()).isBetween(before, clock.seconds());
        // the relay is not online here (no zooid): priced and connected, it does not sell yet
        assertThat(set.json().path("not_selling_reason").asText()).isEqualTo("inactive");

        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> h.execute("UPDATE relays SET status = 'active' WHERE id = ?", id));
        Api.Response online = api.as(owner, "GET", "/relays/" + id + "/admission", null);
        assertNoSecret(online);
        assertThat(online.json().path("selling").asBoolean()).isTrue();
        assertThat(online.json().path("not_selling_reason").isNull()).isTrue();

        // the stored connection is sealed: neither the URL nor its secret is in the row
        String stored = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT wallet_enc FROM relay_admissions WHERE relay_id = :r")
                        .bind("r", id)
                        .mapTo(String.class)
                        .one());
        assertThat(stored)
                .isNotBlank()
                .doesNotContain("walletconnect")
                .doesNotContain(GOOD.substring(GOOD.length() - 64));

        // omitted fields keep what is set; once has no trial
        Api.Response once = put(owner, id, "{\"mode\":\"once\",\"trial_days\":5}");
        assertThat(once.status()).as(once.body()).isEqualTo(200);
        assertThat(once.json().path("price_sats").asLong()).isEqualTo(2100);
        assertThat(once.json().path("trial_days").asInt()).isZero();
        assertThat(once.json().path("rules").asText()).isEqualTo("Be kind.");
        assertThat(once.json().at("/wallet/connected").asBoolean()).isTrue();
        assertThat(once.json().path("selling").asBoolean()).isTrue();

        // the public join info says the same, and carries no wallet at all
        String sub = first.json().path("join_url").asText().replaceFirst(".*/join/", "");
        Api.Response pub = api.send("GET", "/admissions/" + sub, null, null);
        assertThat(pub.status()).as(pub.body()).isEqualTo(200);
        assertNoSecret(pub);
        assertThat(pub.json().has("wallet")).isFalse();
        assertThat(pub.json().path("name").asText()).isEqualTo("Hikers");
        assertThat(pub.json().path("mode").asText()).isEqualTo("once");
        assertThat(pub.json().path("price_sats").asLong()).isEqualTo(2100);
        assertThat(pub.json().path("rules").asText()).isEqualTo("Be kind.");
        assertThat(pub.json().path("selling").asBoolean()).isTrue();
        assertThat(pub.json().path("icon").isNull()).isTrue();
        assertThat(pub.json().path("relay_url").asText()).startsWith("ws");
        assertThat(pub.json().path("join_url").asText()).isEqualTo(api.base() + "/join/" + sub);

        // each change is in the relay's activity, without the connection
        Api.Response activity = api.as(owner, "GET", "/relays/" + id + "/activity", null);
        assertNoSecret(activity);
        assertThat(activity.body()).contains("Admission set to 2,100 sats per period with a 7-day free trial");
        assertThat(activity.body()).contains("wallet connected (memory)");
        assertThat(activity.body()).contains("Admission set to 2,100 sats once");
    }

    @Test
    void badInputIsRefusedWithItsField() {
        String id = relay(owner);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "mode");
        cases.put("{\"mode\":\"weekly\"}", "mode");
        cases.put("{\"mode\":5}", "mode");
        cases.put("{\"mode\":\"once\"}", "price_sats");
        cases.put("{\"mode\":\"once\",\"price_sats\":0}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":100000001}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":-1}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":1.5}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":\"100\"}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":null}", "price_sats");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":100,\"trial_days\":91}", "trial_days");
        cases.put("{\"mode\":\"monthly\",\"price_sats\":100,\"trial_days\":-1}", "trial_days");
        cases.put("{\"mode\":\"free\",\"rules\":\"" + "x".repeat(4001) + "\"}", "rules");
        cases.put("{\"mode\":\"free\",\"rules\":7}", "rules");
        cases.put("{\"mode\":\"free\",\"rules\":null}", "rules");
        cases.put("{\"mode\":\"free\",\"currency\":\"usd\"}", "currency");
        cases.put("{\"mode\":\"free\",\"nwc_url\":\"https://wallet.example\"}", "nwc_url");
        cases.put("{\"mode\":\"free\",\"nwc_url\":\"\"}", "nwc_url");
        cases.put("{\"mode\":\"free\",\"nwc_url\":42}", "nwc_url");
        cases.put("{\"mode\":\"free\",\"nwc_url\":\"" + "nostr+walletconnect://" + "a".repeat(2100) + "\"}", "nwc_url");
        cases.forEach((body, field) -> {
            Api.Response r = put(owner, id, body);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(r.json().path("field").asText()).as(body).isEqualTo(field);
            assertThat(r.error()).as(body).isNotBlank();
        });
        // 4000 characters is the limit, not one less
        assertThat(put(owner, id, "{\"mode\":\"free\",\"rules\":\"" + "x".repeat(4000) + "\"}")
                        .status())
                .isEqualTo(200);
        // nothing refused was kept
        Api.Response now = api.as(owner, "GET", "/relays/" + id + "/admission", null);
        assertThat(now.json().path("mode").asText()).isEqualTo("free");
        assertThat(now.json().at("/wallet/connected").asBoolean()).isFalse();
    }

    /**
     * The rules are shown on the public join page: bidirectional overrides and isolates, or zero-width characters,
     * would make them read other than they are (the rule relay names have, written once in Validation).
     */
    @Test
    void rulesWithInvisibleFormattingAreRefusedAsInRelayNames() {
        String id = relay(owner);
        assertThat(put(owner, id, "{\"mode\":\"free\",\"rules\":\"Be kind.\\nNo spam.\"}")
                        .status())
                .isEqualTo(200);
        for (String hidden : new String[] {
            "\\u202E", "\\u202A", "\\u2066", "\\u2067", "\\u2068", "\\u2069", "\\u200E", "\\u200F", "\\u061C",
            "\\u200B", "\\u2060", "\\uFEFF", "\\u00AD", "\\u0007",
        }) {
            String body = "{\"mode\":\"free\",\"rules\":\"Pay first, " + hidden + "refunds always\"}";
            Api.Response r = put(owner, id, body);
            assertThat(r.status()).as(hidden + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().path("field").asText()).as(hidden).isEqualTo("rules");
            // the character is named as the refusal's writer would look it up ("U+202E")
            String named = hidden.equals("\\u0007")
                    ? "rules must not contain control characters"
                    : "rules contains an invisible or direction-changing character (U+" + hidden.substring(2) + ")";
            assertThat(r.error()).as(hidden).contains(named);
            // the same characters are refused in a relay's name, with the same words
            if (!hidden.equals("\\u0007"))
                assertThat(api.as(owner, "PUT", "/relays/" + id, "{\"name\":\"Hikers" + hidden + "\"}")
                                .error())
                        .as(hidden)
                        .contains("name contains an invisible or direction-changing character (U+" + hidden.substring(2)
                                + ")");
        }
        // an emoji sequence joined by a zero-width joiner is still an emoji
        assertThat(put(
                                owner,
                                id,
                                "{\"mode\":\"free\",\"rules\":\"Coders welcome \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB\"}")
                        .status())
                .isEqualTo(200);
        // nothing refused was kept
        assertThat(api.as(owner, "GET", "/relays/" + id + "/admission", null)
                        .json()
                        .path("rules")
                        .asText())
                .isEqualTo("Coders welcome \uD83D\uDC69\u200D\uD83D\uDCBB");
    }

    @Test
    void aWalletThatCannotMakeOrLookUpInvoicesIsRefusedNamingThePermission() {
        String id = relay(owner);
        Api.Response noMake =
                put(owner, id, "{\"mode\":\"once\",\"price_sats\":500,\"nwc_url\":\"" + NO_INVOICE + "\"}");
        assertThat(noMake.status()).as(noMake.body()).isEqualTo(400);
        assertThat(noMake.json().path("field").asText()).isEqualTo("nwc_url");
        assertThat(noMake.error()).contains("make_invoice").doesNotContain("lookup_invoice,");
        assertNoSecret(noMake);
        Api.Response noLookup =
                put(owner, id, "{\"mode\":\"once\",\"price_sats\":500,\"nwc_url\":\"" + NO_LOOKUP + "\"}");
        assertThat(noLookup.status()).isEqualTo(400);
        assertThat(noLookup.error()).contains("lookup_invoice");
        // neither was kept, nor the price that came with it
        Api.Response now = api.as(owner, "GET", "/relays/" + id + "/admission", null);
        assertThat(now.json().path("mode").asText()).isEqualTo("free");
        assertThat(now.json().at("/wallet/connected").asBoolean()).isFalse();
    }

    @Test
    void anOfflineWalletIs503AndARefusingOne502() {
        String id = relay(owner);
        Api.Response offline = put(owner, id, "{\"mode\":\"free\",\"nwc_url\":\"" + OFFLINE + "\"}");
        assertThat(offline.status()).as(offline.body()).isEqualTo(503);
        assertThat(offline.json().path("code").asText()).isEqualTo("wallet_unavailable");
        assertThat(offline.json().path("field").asText()).isEqualTo("nwc_url");
        assertNoSecret(offline);
        Api.Response refusing = put(owner, id, "{\"mode\":\"free\",\"nwc_url\":\"" + REFUSING + "\"}");
        assertThat(refusing.status()).as(refusing.body()).isEqualTo(502);
        assertThat(refusing.json().path("code").asText()).isEqualTo("wallet_refused");
        assertThat(refusing.error()).contains("UNAUTHORIZED");
        assertNoSecret(refusing);
        assertThat(api.as(owner, "GET", "/relays/" + id + "/admission", null)
                        .json()
                        .at("/wallet/connected")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aPricedAdmissionKeepsItsWalletAndMaySaveBeforeOneIsConnected() {
        String id = relay(owner);
        // priced without a wallet: saved, and the page says why it does not sell
        Api.Response noWallet = put(owner, id, "{\"mode\":\"monthly\",\"price_sats\":1000}");
        assertThat(noWallet.status()).as(noWallet.body()).isEqualTo(200);
        assertThat(noWallet.json().path("selling").asBoolean()).isFalse();
        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> h.execute("UPDATE relays SET status = 'active' WHERE id = ?", id));
        assertThat(api.as(owner, "GET", "/relays/" + id + "/admission", null)
                        .json()
                        .path("not_selling_reason")
                        .asText())
                .isEqualTo("no_wallet");
        assertThat(put(owner, id, "{\"mode\":\"monthly\",\"nwc_url\":\"" + GOOD + "\"}")
                        .status())
                .isEqualTo(200);
        // disconnecting while members pay through it is refused; free first, then it may go
        Api.Response keep = put(owner, id, "{\"mode\":\"monthly\",\"nwc_url\":null}");
        assertThat(keep.status()).as(keep.body()).isEqualTo(409);
        assertThat(keep.json().path("code").asText()).isEqualTo("wallet_needed");
        assertThat(keep.json().path("field").asText()).isEqualTo("nwc_url");
        Api.Response off = put(owner, id, "{\"mode\":\"free\",\"nwc_url\":null}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().at("/wallet/connected").asBoolean()).isFalse();
        assertThat(off.json().at("/wallet/methods").size()).isZero();
        assertThat(api.as(owner, "GET", "/relays/" + id + "/activity", null).body())
                .contains("wallet disconnected");
    }

    @Test
    void onlyTheOwnerAndAdministratorsReachTheSettingsAndOnlyTheOwnerConnectsAWallet() {
        String id = relay(owner);
        String body = "{\"mode\":\"once\",\"price_sats\":10,\"nwc_url\":\"" + GOOD + "\"}";
        for (String path : List.of("/admission", "/admission/members", "/admission/members.csv")) {
            assertThat(api.send("GET", "/relays/" + id + path, null, null).status())
                    .as("anonymous " + path)
                    .isEqualTo(401);
            assertThat(api.as(other, "GET", "/relays/" + id + path, null).status())
                    .as("another tenant " + path)
                    .isEqualTo(404);
            assertThat(api.as(backend.admin, "GET", "/relays/" + id + path, null)
                            .status())
                    .as("admin " + path)
                    .isEqualTo(200);
        }
        assertThat(api.send("PUT", "/relays/" + id + "/admission", body, null).status())
                .isEqualTo(401);
        assertThat(put(other, id, body).status()).isEqualTo(404);
        assertThat(put(other, "no-such-relay", body).status()).isEqualTo(404);
        // an administrator may stop sales, never point the payments at another wallet
        Api.Response admin = put(backend.admin, id, body);
        assertThat(admin.status()).as(admin.body()).isEqualTo(403);
        assertThat(put(backend.admin, id, "{\"mode\":\"free\"}").status()).isEqualTo(200);
        assertThat(put(owner, id, body).status()).isEqualTo(200);
        assertThat(api.as(other, "GET", "/relays/" + id + "/admission", null).body())
                .doesNotContain("price_sats");
    }

    /**
     * The wallet receives the members' money: a stolen session must not be able to point the payments at another
     * wallet. Connecting (or replacing) it takes a fresh NIP-98 signature; everything else works with a session.
     */
    @Test
    void connectingAWalletNeedsAFreshSignatureNotASession() {
        String id = relay(owner);
        String session = api.as(owner, "POST", "/auth/session", null)
                .json()
                .path("token")
                .asText();
        assertThat(session).isNotBlank();
        String path = "/relays/" + id + "/admission";

        Api.Response bySession =
                api.bearer(session, "PUT", path, "{\"mode\":\"once\",\"price_sats\":500,\"nwc_url\":\"" + GOOD + "\"}");
        assertThat(bySession.status()).as(bySession.body()).isEqualTo(403);
        assertThat(bySession.error()).contains("fresh signature (NIP-98)", "not a session");
        assertNoSecret(bySession);
        // nothing was kept: neither the wallet nor the price that came with it
        Api.Response untouched = api.as(owner, "GET", path, null);
        assertThat(untouched.json().path("mode").asText()).isEqualTo("free");
        assertThat(untouched.json().at("/wallet/connected").asBoolean()).isFalse();
        int sealed = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM relay_admissions WHERE relay_id = :r AND wallet_enc IS NOT NULL")
                        .bind("r", id)
                        .mapTo(Integer.class)
                        .one());
        assertThat(sealed).isZero();
        // a wallet that would fail its check is refused for the signature first: the wallet is never called
        Api.Response offline = api.bearer(session, "PUT", path, "{\"mode\":\"free\",\"nwc_url\":\"" + OFFLINE + "\"}");
        assertThat(offline.status()).as(offline.body()).isEqualTo(403);

        // the owner's fresh signature connects it
        Api.Response signed = put(owner, id, "{\"mode\":\"once\",\"price_sats\":500,\"nwc_url\":\"" + GOOD + "\"}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().at("/wallet/connected").asBoolean()).isTrue();

        // a session changes the price, mode and rules, and keeps the connected wallet
        Api.Response price =
                api.bearer(session, "PUT", path, "{\"mode\":\"monthly\",\"price_sats\":900,\"rules\":\"Be kind.\"}");
        assertThat(price.status()).as(price.body()).isEqualTo(200);
        assertThat(price.json().path("mode").asText()).isEqualTo("monthly");
        assertThat(price.json().path("price_sats").asLong()).isEqualTo(900);
        assertThat(price.json().at("/wallet/connected").asBoolean()).isTrue();
        // replacing the wallet with a session is refused like connecting one
        String another = nwc();
        wallets.put(another, new MemoryWallet(clock));
        Api.Response replace =
                api.bearer(session, "PUT", path, "{\"mode\":\"monthly\",\"nwc_url\":\"" + another + "\"}");
        assertThat(replace.status()).as(replace.body()).isEqualTo(403);
        // and a session may disconnect it (free first)
        Api.Response off = api.bearer(session, "PUT", path, "{\"mode\":\"free\",\"nwc_url\":null}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().at("/wallet/connected").asBoolean()).isFalse();
    }

    @Test
    void anUnknownJoinPageIs404() {
        Api.Response r = api.send("GET", "/admissions/no-such-community", null, null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("code").asText()).isEqualTo("not_found");
    }
}
