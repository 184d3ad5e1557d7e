package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join page's answers that admit nobody, over real sockets: a burst of joins by one person, the owner's wallet
 * offline or refusing, nothing for sale, the owner joining their own relay, unsigned calls. They share one community
 * (each sets what its relay sells and uses keys of its own); the paid walks through renewal and lapse are
 * {@link PaidAdmissionFlowTest}.
 */
@Tag("peer")
@BothDatabases
class JoinRefusalsTest {
    static final long PRICE = PaidAdmissionFlowTest.PRICE;

    @TempDir
    static Path dir;

    static CommunityFixture fx;
    static Api api;
    static TownAdmission town;

    @BeforeAll
    static void start() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults(), "Town Square", "town");
        api = fx.api;
        town = new TownAdmission(fx);
        fx.watched();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
        Member.shutdown();
    }

    static void price(RelayAdmission.Mode mode, int trialDays) {
        town.sell(mode, PRICE, trialDays, "Be kind.");
    }

    @Test
    void manyJoinsAtOnceMakeOneOpenInvoice() throws Exception {
        price(RelayAdmission.Mode.ONCE, 0);
        Keys bob = Keys.generate();
        var pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Api.Response>> joins = new ArrayList<>();
            for (int i = 0; i < 6; i++) joins.add(() -> town.call(bob, "POST", "/join"));
            List<String> hashes = new ArrayList<>();
            for (Future<Api.Response> f : pool.invokeAll(joins)) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isIn(200, 201);
                hashes.add(r.json().at("/invoice/payment_hash").asText());
            }
            assertThat(hashes).as("every answer hands out the one open invoice").containsOnly(hashes.get(0));

            // the invoice runs out unpaid: asking again gets a new one, and the old one can no longer admit anyone
            fx.clock.advance(Duration.ofSeconds(Joins.JOIN_EXPIRY_SECONDS + 1));
            Api.Response fresh = town.call(bob, "POST", "/join");
            assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
            assertThat(fresh.json().at("/invoice/payment_hash").asText()).isNotEqualTo(hashes.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOwnersWalletThatCannotMakeInvoicesIsSaidPlainly() throws Exception {
        price(RelayAdmission.Mode.ONCE, 0);
        Keys carol = Keys.generate();
        fx.wallet.offline = true;
        Api.Response offline = town.call(carol, "POST", "/join");
        assertThat(offline.status()).as(offline.body()).isEqualTo(503);
        assertThat(offline.json().get("code").asText()).isEqualTo("wallet_unavailable");
        fx.wallet.offline = false;
        fx.wallet.refuseMake = "RESTRICTED";
        Api.Response restricted = town.call(carol, "POST", "/join");
        assertThat(restricted.status()).as(restricted.body()).isEqualTo(502);
        assertThat(restricted.json().get("code").asText()).isEqualTo("wallet_refused");
        assertThat(restricted.body()).doesNotContain("walletconnect");
        assertThat(town.status(carol)).isEqualTo("none");
        // fixed: the next try works
        fx.wallet.refuseMake = null;
        assertThat(town.call(carol, "POST", "/join").status()).isEqualTo(201);
    }

    @Test
    void whatIsNotForSaleIsRefusedWithItsReason() throws Exception {
        price(RelayAdmission.Mode.FREE, 0);
        Keys dave = Keys.generate();
        Api.Response free = town.call(dave, "POST", "/join");
        assertThat(free.status()).isEqualTo(409);
        assertThat(free.json().get("code").asText()).isEqualTo("not_selling");
        assertThat(free.json().get("error").asText()).contains("invite only");
        // the owner is a member already
        price(RelayAdmission.Mode.ONCE, 0);
        Api.Response owner = town.call(fx.owner, "POST", "/join");
        assertThat(owner.status()).isEqualTo(409);
        assertThat(owner.json().get("code").asText()).isEqualTo("already_member");
        assertThat(town.status(fx.owner)).isEqualTo("member");
        // no such community; and the person's own routes need a signature
        assertThat(api.as(dave, "GET", "/admissions/nowhere/me", null).status()).isEqualTo(404);
        assertThat(api.send("POST", "/admissions/town/join", "{}", null).status())
                .isEqualTo(401);
        assertThat(api.send("GET", "/admissions/town/me", null, null).status()).isEqualTo(401);
    }
}
