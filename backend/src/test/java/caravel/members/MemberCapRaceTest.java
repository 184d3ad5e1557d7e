package caravel.members;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan change and a member add on one relay at the same moment: the plan change refuses a plan below the member
 * count, and an add refuses a member beyond the allowance, so the two must not each pass a check the other makes
 * false. Here the add has passed its check and not yet reached the relay when the plan change asks for a plan that
 * holds the members before the add but not after it: the plan change must count the member being added.
 */
@Tag("peer")
@BothDatabases
class MemberCapRaceTest {
    /** Moving from roomy to small is a downgrade to a smaller allowance. */
    static final String PLANS = "[{\"id\":\"roomy\",\"name\":\"Roomy\",\"price\":1000,\"members\":3},"
            + "{\"id\":\"small\",\"name\":\"Small\",\"price\":0,\"members\":2}]";

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    @Test
    void aPlanChangeCountsTheMemberAnAddInFlightIsAdding() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        int zooidPort = zooid.port;
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("RELAY_DOMAIN", "localhost:" + zooidPort);
                    env.put("PLANS", PLANS);
                },
                new Wallets(Optional.of(wallet), url -> wallet),
                clock);
        Api api = backend.api;
        Api.Response created =
                api.as(owner, "POST", "/relays", "{\"name\":\"Race\",\"subdomain\":\"race\",\"plan\":\"roomy\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String relayId = created.json().at("/relay/id").asText();
        pay(api, created.json().at("/invoice/id").asText());
        Wait.until(
                "relay active",
                Duration.ofSeconds(20),
                () -> api.as(owner, "GET", "/relays/" + relayId, null).json(),
                j -> j.get("status").asText().equals("active")
                        && j.at("/sync/state").asText().equals("synced"));
        String members = "/relays/" + relayId + "/members";
        for (int i = 0; i < 2; i++) added(api.as(owner, "POST", members, member()));

        MemberAdding service = Inside.of(backend.app).community().members.adding();
        CountDownLatch checked = new CountDownLatch(1), release = new CountDownLatch(1);
        service.afterAllowanceChecked = () -> {
            checked.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Api.Response> add = requests.submit(() -> api.as(owner, "POST", members, member()));
            assertThat(checked.await(20, TimeUnit.SECONDS))
                    .as("the third add passed its check")
                    .isTrue();
            service.afterAllowanceChecked = () -> {};
            Future<Api.Response> change =
                    requests.submit(() -> api.as(owner, "PUT", "/relays/" + relayId, "{\"plan\":\"small\"}"));
            // the plan change either waits for the add to finish (counted together) or has answered without it
            Wait.until(
                    "the plan change waits for the add, or answered",
                    Duration.ofSeconds(20),
                    () -> change.isDone() || service.changeWaiting(relayId));
            release.countDown();
            added(add.get(30, TimeUnit.SECONDS));
            Api.Response changed = change.get(30, TimeUnit.SECONDS);
            assertThat(changed.status()).as(changed.body()).isEqualTo(409);
            assertThat(changed.error()).contains("allows 2").contains("has 3");
        } finally {
            release.countDown();
        }
        JsonNode relay = api.as(owner, "GET", "/relays/" + relayId, null).json();
        assertThat(relay.get("plan").asText()).isEqualTo("roomy");
        assertThat(relay.get("pending_plan").isNull()).as(relay.toString()).isTrue();
    }

    /** Pays the relay's first invoice from the test wallet, as its owner's wallet would. */
    void pay(Api api, String invoice) {
        String bolt11 = api.as(owner, "GET", "/invoices/" + invoice + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        wallet.pay(wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash());
        Api.Response checked = api.as(owner, "POST", "/invoices/" + invoice + "/check", null);
        assertThat(checked.json().get("status").asText()).as(checked.body()).isEqualTo("paid");
    }

    static String member() {
        return "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}";
    }

    static void added(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
