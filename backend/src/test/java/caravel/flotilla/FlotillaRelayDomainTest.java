package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.FlotillaClient;
import caravel.testing.LocalDns;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay and its custom domain change together or not at all: Flotilla sends both in one request, and a domain
 * refused after the request's own checks passed must leave the relay as it was (it used to keep the rest of the
 * edit, an upgrade and its invoice included, and answer 403).
 */
@Tag("peer")
@BothDatabases
class FlotillaRelayDomainTest {
    /** free has no custom domains; basic, dearer, has them. */
    static final String PLANS =
            "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"custom_domain\":false},"
                    + "{\"id\":\"basic\",\"name\":\"Basic\",\"price\":1000,\"members\":50}]";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final Keys zooidKey = Keys.generate(), alice = Keys.generate();
    ZooidEmulator zooid;
    LocalDns dns;
    TestBackend backend;
    FlotillaClient f;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        dns = new LocalDns();
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("DNS_RESOLVERS", dns.address());
                    env.put("PLANS", PLANS);
                    FlotillaClient.listener().accept(env);
                },
                AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> wallet)),
                clock);
        f = FlotillaClient.of(backend);
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        zooid.close();
        dns.close();
    }

    @Test
    void anUpgradeWithADomainTheCurrentPlanRefusesChangesNothing() {
        assertThat(f.as(alice, "POST", "/tenants", "{}").status()).isBetween(200, 201);
        Api.Response made = f.as(
                alice,
                "POST",
                "/relays",
                "{\"subdomain\":\"mine\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\",\"info_name\":\"Mine\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.json().at("/data/id").asText();
        Relay before = Inside.of(backend.app).relayStore().find(id).orElseThrow();

        // the domain passes its rules against the plan asked for (basic has domains); the relay keeps free until the
        // upgrade is paid, and free refuses the domain: one refusal, and the name, the upgrade and its invoice with it
        Api.Response edit = f.as(
                alice,
                "PUT",
                "/relays/" + id,
                "{\"plan_id\":\"basic\",\"info_name\":\"Renamed\",\"custom_domain\":\"relay.example.org\"}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(403);
        assertThat(edit.json().path("code").asText()).isEqualTo("not_in_plan");
        assertThat(edit.json().path("field").asText()).isEqualTo("custom_domain");

        Relay after = Inside.of(backend.app).relayStore().find(id).orElseThrow();
        assertThat(after.name()).isEqualTo("Mine");
        assertThat(after.plan()).isEqualTo("free");
        assertThat(after.upgradePlan()).isNull();
        assertThat(after.upgradeInvoice()).isNull();
        assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        assertThat(Inside.of(backend.app).domains().of(id)).isEmpty();
    }
}
