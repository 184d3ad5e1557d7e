package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free trials cannot fill a relay with throw-away keys: on a free-plan relay (10 members) selling monthly with a
 * 30-day trial, fresh keys start trials only up to the owner's daily number and only into half of the seats paying
 * members do not hold; past that a join asks for payment, and a paying person can still join. The owner sees the open
 * trials and ends one or all of them.
 */
@Tag("peer")
@BothDatabases
class TrialLimitsTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    App app;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    void start() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Town Square", "town");
        app = fx.backend.app;
        new TownAdmission(fx).sell(RelayAdmission.Mode.MONTHLY, 100, 30, "");
    }

    /** The owner sets trials per day through the settings route, as the admission page does. */
    void trialsPerDay(int n) {
        Api.Response r = fx.api.as(
                fx.owner,
                "PUT",
                "/relays/" + fx.relayId + "/admission",
                "{\"mode\":\"monthly\",\"trials_per_day\":" + n + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("trials_per_day").asInt()).isEqualTo(n);
    }

    JsonNode join(Keys who) {
        Api.Response r = fx.api.as(who, "POST", "/admissions/town/join", "{}");
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json();
    }

    String status(Keys who) {
        return fx.api
                .as(who, "GET", "/admissions/town/me", null)
                .json()
                .get("status")
                .asText();
    }

    @Test
    void throwAwayKeysGetHalfTheFreeSeatsAtMostAndAPayingPersonStillJoins() throws Exception {
        start();
        trialsPerDay(100);
        assertThat(fx.api
                        .as(null, "GET", "/admissions/town", null)
                        .json()
                        .get("trial_days")
                        .asInt())
                .as("the page offers the trial while one can start")
                .isEqualTo(30);
        List<Keys> trials = new ArrayList<>();
        int invoiced = 0;
        for (int i = 0; i < 12; i++) {
            Keys k = Keys.generate();
            JsonNode j = join(k);
            if (j.get("invoice").isNull()) trials.add(k);
            else invoiced++;
        }
        // 10 seats, none held: trials take at most half of them; the other joins were asked to pay
        assertThat(trials).hasSize(5);
        assertThat(invoiced).isEqualTo(7);
        fx.backend.awaitJobsSettled();
        for (Keys k : trials) assertThat(status(k)).isEqualTo("trial");
        JsonNode page = fx.api.as(null, "GET", "/admissions/town", null).json();
        assertThat(page.toString()).doesNotContain("\"full\"");
        assertThat(page.get("trial_days").asInt())
                .as("with the trial seats taken, the page no longer promises a trial the join would not give")
                .isZero();

        // someone who pays is let in: the seats trials may not take are theirs
        Keys payer = Keys.generate();
        String hash = join(payer).at("/invoice/payment_hash").asText();
        assertThat(hash).isNotEmpty();
        fx.wallet.pay(hash);
        caravel.testing.Wait.until(
                "the payer is a member",
                Duration.ofSeconds(20),
                () -> fx.api
                        .as(payer, "POST", "/admissions/town/check", "{}")
                        .json()
                        .get("status")
                        .asText(),
                s -> s.equals("active"));

        // the owner sees the open trials, and ends one, then all the others
        Api.Response list = fx.api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/admission/trials", null);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(5);
        assertThat(list.json().at("/items/0/started_at").asLong()).isPositive();
        // a stranger sees none of it, and ends none
        assertThat(fx.api
                        .as(payer, "GET", "/relays/" + fx.relayId + "/admission/trials", null)
                        .status())
                .isEqualTo(404);
        assertThat(fx.api
                        .as(payer, "POST", "/relays/" + fx.relayId + "/admission/trials/end", "{\"all\":true}")
                        .status())
                .isEqualTo(404);

        Api.Response one = fx.api.as(
                fx.owner,
                "POST",
                "/relays/" + fx.relayId + "/admission/trials/end",
                "{\"pubkey\":\"" + trials.get(0).pubkey() + "\"}");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(status(trials.get(0))).isEqualTo("lapsed");
        Api.Response again = fx.api.as(
                fx.owner,
                "POST",
                "/relays/" + fx.relayId + "/admission/trials/end",
                "{\"pubkey\":\"" + trials.get(0).pubkey() + "\"}");
        assertThat(again.status()).as("no open trial any more").isEqualTo(404);
        Api.Response both = fx.api.as(
                fx.owner,
                "POST",
                "/relays/" + fx.relayId + "/admission/trials/end",
                "{\"pubkey\":\"" + trials.get(1).pubkey() + "\",\"all\":true}");
        assertThat(both.status()).isEqualTo(400);

        Api.Response all =
                fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/admission/trials/end", "{\"all\":true}");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("ended").asInt()).isEqualTo(4);
        for (Keys k : trials) assertThat(status(k)).isEqualTo("lapsed");
        assertThat(fx.api
                        .as(fx.owner, "GET", "/relays/" + fx.relayId + "/admission/trials", null)
                        .json()
                        .get("items"))
                .isEmpty();
        String onRelay = fx.api
                .as(fx.owner, "GET", "/relays/" + fx.relayId + "/members", null)
                .body();
        for (Keys k : trials)
            assertThat(onRelay).as("the ended trials left the relay").doesNotContain(k.pubkey());
        assertThat(onRelay).contains(payer.pubkey());
        // an ended trial does not start again: joining asks for payment
        assertThat(join(trials.get(2)).get("invoice").isNull()).isFalse();
    }

    @Test
    void onlyTheOwnersNumberOfTrialsStartsPerDay() throws Exception {
        start();
        trialsPerDay(2);
        assertThat(join(Keys.generate()).get("invoice").isNull()).isTrue();
        assertThat(join(Keys.generate()).get("invoice").isNull()).isTrue();
        assertThat(join(Keys.generate()).get("invoice").isNull())
                .as("the third of the day is asked to pay")
                .isFalse();
        fx.backend.awaitJobsSettled();
        fx.clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(join(Keys.generate()).get("invoice").isNull())
                .as("a new day")
                .isTrue();
        // 0: no trials at all
        trialsPerDay(0);
        assertThat(join(Keys.generate()).get("invoice").isNull()).isFalse();
        Api.Response tooMany = fx.api.as(
                fx.owner,
                "PUT",
                "/relays/" + fx.relayId + "/admission",
                "{\"mode\":\"monthly\",\"trials_per_day\":1001}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asText()).isEqualTo("trials_per_day");
    }
}
