package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.FlotillaClient;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.Pay;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flotilla's account and relay calls against a backend with a zooid emulator and a wallet, as Flotilla sends them. */
@Tag("peer")
@BothDatabases
class FlotillaHostingTest {
    static final String FLOTILLA = "https://app.flotilla.social";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    /** Every tenant's autopay wallet. */
    final MemoryWallet tenantWallet = new MemoryWallet(clock);

    final Keys zooidKey = Keys.generate(), alice = Keys.generate(), bob = Keys.generate();
    ZooidEmulator zooid;
    caravel.testing.LocalDns dns;
    /** The proxy: custom_domain_verified is 1 once the domain is routed too. */
    caravel.testing.FakeCaddy caddy;

    TestBackend backend;
    FlotillaClient f;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        dns = new caravel.testing.LocalDns();
        caddy = new caravel.testing.FakeCaddy();
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("DNS_RESOLVERS", dns.address());
                    env.put("CADDY_ADMIN_URL", caddy.url());
                    env.put("FIAT_RATE", "USD:100000");
                    FlotillaClient.listener(FLOTILLA).accept(env);
                },
                AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> tenantWallet)),
                clock);
        f = FlotillaClient.of(backend);
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        zooid.close();
        dns.close();
        caddy.close();
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        assertThat(r.json().has("data")).as(r.body()).isTrue();
        return r.json().path("data");
    }

    JsonNode createRelay(Keys who, String sub, String plan) {
        f.as(who, "POST", "/tenants", "{\"return_url\":\"" + FLOTILLA + "/settings/hosting\"}");
        // what Flotilla's create screen sends
        String body = "{\"tenant_pubkey\":\"" + who.pubkey() + "\",\"subdomain\":\"" + sub
                + "\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"" + plan + "\",\"info_name\":\"" + sub
                + " space\",\"info_icon\":\"\",\"info_description\":\"\",\"policy_public_read\":0,"
                + "\"policy_public_write\":0,\"policy_public_join\":0,\"policy_strip_signatures\":0,"
                + "\"groups_enabled\":1,\"management_enabled\":1,\"members_can_invite\":1,\"push_enabled\":1,"
                + "\"blossom_enabled\":" + (plan.equals("free") ? 0 : 1) + ",\"livekit_enabled\":"
                + (plan.equals("free") ? 0 : 1) + "}";
        Api.Response r = f.as(who, "POST", "/relays", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("data");
    }

    @Test
    void openingAnAccountIsIdempotentAndKeepsOnlyAnAllowedReturnUrl() {
        JsonNode t = ok(f.as(alice, "POST", "/tenants", "{\"return_url\":\"" + FLOTILLA + "/settings/hosting\"}"));
        assertThat(t.path("pubkey").asText()).isEqualTo(alice.pubkey());
        assertThat(t.path("return_url").asText()).isEqualTo(FLOTILLA + "/settings/hosting");
        assertThat(t.path("nwc_is_set").asBoolean()).isFalse();
        assertThat(t.path("stripe_customer_id").isTextual()).isTrue();
        assertThat(t.path("churned_at").isNull()).isTrue();
        // again, with a foreign origin: the account stays, the foreign URL is not kept (no open redirect)
        for (String evil : new String[] {
            "https://evil.example/settings/hosting",
            "https://app.flotilla.social@evil.example/",
            "javascript:alert(1)",
            "//evil.example"
        }) {
            JsonNode again = ok(f.as(alice, "POST", "/tenants", "{\"return_url\":\"" + evil + "\"}"));
            assertThat(again.path("return_url").asText()).as(evil).isEqualTo(FLOTILLA + "/settings/hosting");
            assertThat(again.path("created_at").asLong())
                    .isEqualTo(t.path("created_at").asLong());
        }
        // Bob never allowed: his account opens with no return URL
        assertThat(ok(f.as(bob, "POST", "/tenants", "{\"return_url\":\"https://evil.example/\"}"))
                        .path("return_url")
                        .asText())
                .isEmpty();
        assertThat(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey(), null))
                        .path("pubkey")
                        .asText())
                .isEqualTo(alice.pubkey());
    }

    @Test
    void aWalletConnectsAndEmptyDisconnects() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        Api.Response bad = f.as(alice, "PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"not a wallet\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asText()).isEqualTo("nwc_url");
        assertThat(bad.error()).startsWith("Nwc_url").endsWith(".");
        JsonNode off = ok(f.as(alice, "PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"\"}"));
        assertThat(off.path("nwc_is_set").asBoolean()).isFalse();
        Api.Response budget =
                f.as(alice, "PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"\",\"autopay_budget\":99999999}");
        assertThat(budget.status())
                .as("the budget is not reachable with a reusable token")
                .isEqualTo(400);
        assertThat(budget.json().path("field").asText()).isEqualTo("autopay_budget");
    }

    @Test
    void aWalletThatFailsToPayShowsAsTheAccountsWalletError() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        String nwc = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fr.example&secret="
                + Keys.generate().secretHex();
        JsonNode on = ok(f.as(alice, "PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"" + nwc + "\"}"));
        assertThat(on.path("nwc_is_set").asBoolean()).isTrue();
        assertThat(on.path("nwc_error").isNull()).isTrue();
        tenantWallet.offline = true; // the invoice stays open
        String relay = createRelay(alice, "autopaid", "basic").path("id").asText();
        String invoice =
                Inside.of(backend.app).relayStore().find(relay).orElseThrow().awaitingPaymentInvoice();
        // what autopay records when the wallet refuses (its failure paths are billing's tests)
        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(backend.app)
                        .invoices()
                        .setAutopayError(h, invoice, "your wallet could not pay: insufficient balance"));
        JsonNode failed = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey(), null));
        assertThat(failed.path("nwc_error").asText()).isEqualTo("your wallet could not pay: insufficient balance");
        // disconnected, the account has no wallet error to show
        JsonNode off = ok(f.as(alice, "PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"\"}"));
        assertThat(off.path("nwc_error").isNull()).isTrue();
    }

    @Test
    void aFreeSpaceIsCreatedInFlotillasShapesAndItsSettingsToggle() {
        JsonNode r = createRelay(alice, "freespace", "free");
        assertThat(r.path("id").isTextual()).isTrue();
        assertThat(r.path("tenant_pubkey").asText()).isEqualTo(alice.pubkey());
        assertThat(r.path("zooid_domain").asText()).isEqualTo("relays.test");
        assertThat(r.path("plan_id").asText()).isEqualTo("free");
        assertThat(r.path("info_name").asText()).isEqualTo("freespace space");
        assertThat(r.path("info_description").asText()).isEmpty();
        assertThat(r.path("sync_error").asText()).isEmpty();
        assertThat(r.path("custom_domain").asText()).isEmpty();
        assertThat(r.path("custom_domain_verified").asInt()).isZero();
        assertThat(r.path("members_can_invite").asInt()).isEqualTo(1);
        assertThat(r.path("push_enabled").asInt()).isEqualTo(1);
        assertThat(r.path("blossom_enabled").asInt()).isZero();
        for (String s : new String[] {"status", "plan_id", "sync_error", "info_description", "info_icon"})
            assertThat(r.path(s).isTextual()).as(s).isTrue();
        String id = r.path("id").asText();
        Wait.until(
                "provisioned",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText()
                        .equals("active"));
        JsonNode list = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/relays", null));
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("synced").asInt()).isEqualTo(1);

        // one flag per call, as the relay card toggles them
        assertThat(ok(f.as(alice, "PUT", "/relays/" + id, "{\"policy_public_join\":1}"))
                        .path("policy_public_join")
                        .asInt())
                .isEqualTo(1);
        assertThat(ok(f.as(alice, "PUT", "/relays/" + id, "{\"members_can_invite\":0}"))
                        .path("members_can_invite")
                        .asInt())
                .isZero();
        Api.Response read = f.as(alice, "PUT", "/relays/" + id, "{\"policy_public_read\":1}");
        assertThat(read.status()).isEqualTo(400);
        assertThat(read.json().path("field").asText()).isEqualTo("policy_public_read");
        Api.Response media = f.as(alice, "PUT", "/relays/" + id, "{\"blossom_enabled\":1}");
        assertThat(media.status()).isEqualTo(403);
        assertThat(media.error()).contains("Free");
        Api.Response two = f.as(alice, "PUT", "/relays/" + id, "{\"push_enabled\":2}");
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.error()).isEqualTo("Push_enabled must be 0 or 1.");
        // the edit form's fields, under Flotilla's names
        JsonNode edited = ok(
                f.as(alice, "PUT", "/relays/" + id, "{\"info_name\":\"Renamed\",\"info_description\":\"About us\"}"));
        assertThat(edited.path("info_name").asText()).isEqualTo("Renamed");
        assertThat(edited.path("info_description").asText()).isEqualTo("About us");
        Api.Response blank = f.as(alice, "PUT", "/relays/" + id, "{\"info_name\":\"\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().path("field").asText()).isEqualTo("info_name");

        JsonNode members = ok(f.as(alice, "GET", "/relays/" + id + "/members", null));
        assertThat(members.path("members").isArray()).isTrue();
        JsonNode activity =
                ok(f.as(alice, "GET", "/relays/" + id + "/activity", null)).path("activity");
        assertThat(activity.findValuesAsText("activity_type"))
                .contains("create_relay", "complete_relay_sync", "update_relay");
        assertThat(activity.get(0).path("id").isTextual()).isTrue();
        assertThat(activity.get(0).path("resource_type").asText()).isEqualTo("relay");

        Api.Response export = f.as(alice, "GET", "/relays/" + id + "/export", null);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).doesNotStartWith("{\"data\"");

        // deactivate and reactivate answer JSON (Flotilla ignores the value but needs a body)
        assertThat(ok(f.as(alice, "POST", "/relays/" + id + "/deactivate", null))
                        .path("status")
                        .asText())
                .isEqualTo("inactive");
        assertThat(ok(f.as(alice, "POST", "/relays/" + id + "/reactivate", null))
                        .path("status")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    void domainsOtherThanOursAreRefused() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        Api.Response other = f.as(
                alice,
                "POST",
                "/relays",
                "{\"subdomain\":\"elsewhere\",\"zooid_domain\":\"zooid.example\",\"plan_id\":\"free\"}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().path("field").asText()).isEqualTo("zooid_domain");
        // a refused custom domain makes no relay
        Api.Response bad = f.as(
                alice,
                "POST",
                "/relays",
                "{\"subdomain\":\"mine\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\","
                        + "\"custom_domain\":\"x.relays.test\"}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().path("field").asText()).isEqualTo("custom_domain");
        assertThat(Inside.of(backend.app).relayStore().idsByTenant(alice.pubkey()))
                .isEmpty();
    }

    @Test
    void aCustomDomainIsSetShownWithItsRecordsAndCleared() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        Api.Response custom = f.as(
                alice,
                "POST",
                "/relays",
                "{\"subdomain\":\"mine\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\","
                        + "\"custom_domain\":\"Relay.Example.org\"}");
        JsonNode r = ok(custom);
        String id = r.path("id").asText();
        assertThat(r.path("custom_domain").asText()).isEqualTo("relay.example.org");
        assertThat(r.path("custom_domain_verified").asInt()).isZero();
        // Flotilla shows only the CNAME: both records are in the sentence while sync itself is fine
        String todo = r.path("sync_error").asText();
        assertThat(todo).contains("CNAME record relay.example.org → mine.relays.test");
        String token = Inside.of(backend.app).domains().of(id).orElseThrow().token();
        assertThat(todo).contains("TXT record _caravel.relay.example.org = \"caravel-verify=" + token + "\"");

        // the records in place: verified on the owner's next save (or the background check), the sentence gone; the
        // relay online first, for only a served relay's domain is routed and so its address
        Wait.until(
                "provisioned",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText()
                        .equals("active"));
        dns.cname("relay.example.org", "mine.relays.test").txt("_caravel.relay.example.org", "caravel-verify=" + token);
        JsonNode again = ok(f.as(alice, "PUT", "/relays/" + id, "{\"custom_domain\":\"relay.example.org\"}"));
        assertThat(again.path("custom_domain_verified").asInt()).isEqualTo(1);
        assertThat(again.path("sync_error").asText()).isEmpty();
        assertThat(Inside.of(backend.app).domains().of(id).orElseThrow().token())
                .isEqualTo(token);
        JsonNode listed = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/relays", null));
        assertThat(listed.get(0).path("custom_domain").asText()).isEqualTo("relay.example.org");
        assertThat(listed.get(0).path("custom_domain_verified").asInt()).isEqualTo(1);

        // bob cannot take it while alice's relay is served at it
        String bobs = createRelay(bob, "bobs", "free").path("id").asText();
        Api.Response taken = f.as(bob, "PUT", "/relays/" + bobs, "{\"custom_domain\":\"relay.example.org\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().path("field").asText()).isEqualTo("custom_domain");

        JsonNode cleared = ok(f.as(alice, "PUT", "/relays/" + id, "{\"custom_domain\":\"\"}"));
        assertThat(cleared.path("custom_domain").asText()).isEmpty();
        assertThat(cleared.path("custom_domain_verified").asInt()).isZero();
        assertThat(Inside.of(backend.app).domains().of(id)).isEmpty();
        Api.Response forOther = f.as(
                alice,
                "POST",
                "/relays",
                "{\"tenant_pubkey\":\"" + bob.pubkey()
                        + "\",\"subdomain\":\"forbob\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\"}");
        assertThat(forOther.status()).isEqualTo(403);
    }

    @Test
    void aPaidSpaceWaitsForItsInvoiceAndReactivateSaysWhichToPay() {
        JsonNode r = createRelay(alice, "paidspace", "basic");
        String id = r.path("id").asText();
        assertThat(r.path("status").asText()).isEqualTo("awaiting_payment");
        assertThat(r.path("blossom_enabled").asInt()).isEqualTo(1);
        String invoice =
                Inside.of(backend.app).relayStore().find(id).orElseThrow().awaitingPaymentInvoice();
        assertThat(invoice).isNotNull();
        Api.Response again = f.as(alice, "POST", "/relays/" + id + "/reactivate", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("pay invoice " + invoice).endsWith(".");
        Pay.invoice(backend.app, wallet, invoice);
        Wait.until(
                "served once paid",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText()
                        .equals("active"));
    }

    @Test
    void anotherAccountsTenantAndRelaysAnswerNotFound() {
        String id = createRelay(alice, "alices", "free").path("id").asText();
        ok(f.as(bob, "POST", "/tenants", "{}"));
        // also an ADMINS key: over Flotilla it is an ordinary account
        for (Keys k : new Keys[] {bob, backend.admin}) {
            for (String[] call : new String[][] {
                {"GET", "/tenants/" + alice.pubkey(), null},
                {"PUT", "/tenants/" + alice.pubkey(), "{\"nwc_url\":\"\"}"},
                {"GET", "/tenants/" + alice.pubkey() + "/relays", null},
                {"GET", "/relays/" + id, null},
                {"PUT", "/relays/" + id, "{\"info_name\":\"Mine now\"}"},
                {"POST", "/relays/" + id + "/deactivate", null},
                {"POST", "/relays/" + id + "/reactivate", null},
                {"GET", "/relays/" + id + "/members", null},
                {"GET", "/relays/" + id + "/activity", null},
                {"GET", "/relays/" + id + "/export", null},
                {"POST", "/relays/" + id + "/import", null}
            }) {
                Api.Response r = f.as(k, call[0], call[1], call[2]);
                assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(404);
                assertThat(r.body()).doesNotContain(alice.pubkey()).doesNotContain("alices");
            }
        }
        assertThat(ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("info_name")
                        .asText())
                .isEqualTo("alices space");
    }

    @Test
    void aTokenStopsWorkingOnceItIsOlderThanElevenMinutes() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        String token = f.tokenFor(alice);
        clock.advance(Duration.ofMinutes(9));
        assertThat(f.send("GET", "/tenants/" + alice.pubkey(), null, null, token)
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        Api.Response late = f.send("GET", "/tenants/" + alice.pubkey(), null, null, token);
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.error()).isEqualTo("Your sign-in has expired; sign in again.");
        // unauthenticated calls are refused before anything is read
        assertThat(f.as(null, "GET", "/tenants/" + alice.pubkey(), null).status())
                .isEqualTo(401);
        assertThat(f.as(null, "POST", "/relays", "{}").status()).isEqualTo(401);
    }

    @Test
    void importStreamsIntoTheSpaceAndReportsEachBadLine() throws Exception {
        String id = createRelay(alice, "importer", "free").path("id").asText();
        Wait.until(
                "provisioned",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText()
                        .equals("active"));
        long now = System.currentTimeMillis() / 1000;
        caravel.nostr.Event gift =
                Keys.generate().sign(now, 1059, java.util.List.of(java.util.List.of("p", alice.pubkey())), "sealed");
        String good = gift.toJsonString() + "\n";
        String tampered = good.replace("sealed", "opened");
        Api.Response r =
                f.send("POST", "/relays/" + id + "/import", good + tampered, "application/x-ndjson", f.tokenFor(alice));
        JsonNode done = ok(r);
        assertThat(done.path("imported").asLong()).isEqualTo(1);
        assertThat(done.path("invalid").asLong()).isEqualTo(1);
        assertThat(done.path("problems").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(done.path("problems").get(0).path("message").asText()).isNotBlank();
        // the same file again changes nothing
        JsonNode again =
                ok(f.send("POST", "/relays/" + id + "/import", good, "application/x-ndjson", f.tokenFor(alice)));
        assertThat(again.path("imported").asLong()).isZero();
        assertThat(again.path("already_present").asLong()).isEqualTo(1);
        // not JSON lines: refused before the body is read, with a sentence
        Api.Response json = f.send("POST", "/relays/" + id + "/import", good, "application/json", f.tokenFor(alice));
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.error()).contains("JSON lines");
        // another person's space is not found, and nothing is read into it
        Api.Response other = f.send("POST", "/relays/" + id + "/import", good, "application/x-ndjson", f.tokenFor(bob));
        assertThat(other.status()).isEqualTo(404);
    }
}
