package caravel.admission;

import static caravel.admission.TownAdmission.ok;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ban is final for paid admission: a banned key cannot buy, trial or be re-admitted its way back (zooid's
 * allowpubkey, which admission adds with, would lift the ban), money that arrives from a key banned meanwhile is
 * recorded and never admits, and a ban ends a paying member's standing (no renewal offered or taken). Each attack is
 * run for real against the emulator and the owner's in-memory wallet.
 */
@Tag("peer")
@BothDatabases
class BannedAdmissionTest {
    static final long PRICE = 1_000;

    @TempDir
    Path dir;

    CommunityFixture fx;
    Api api;
    App app;
    TownAdmission town;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    void start(int trialDays) throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults(), "Town Square", "town");
        api = fx.api;
        app = fx.backend.app;
        town = new TownAdmission(fx);
        fx.watched();
        town.sell(RelayAdmission.Mode.MONTHLY, PRICE, trialDays, "Be kind.");
    }

    void ownerBans(Keys who) {
        Api.Response r = api.as(
                fx.owner,
                "POST",
                "/relays/" + fx.relayId + "/bans",
                "{\"pubkey\":\"" + who.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    boolean bannedOnRelay(Keys who) {
        return fx.zooid()
                .control("GET", "/_emulator/relays/town/banned", null)
                .findValuesAsText("pubkey")
                .contains(who.pubkey());
    }

    boolean memberOnRelay(Keys who) {
        return fx.zooid()
                .control("GET", "/_emulator/relays/town/members", null)
                .findValuesAsText("pubkey")
                .contains(who.pubkey());
    }

    boolean canPost(Keys who) {
        return new Member(who, fx.relayUrl)
                .publish(1, List.of(), "hello " + System.nanoTime())
                .get("ok")
                .asBoolean();
    }

    void assertRefusedAsBanned(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().get("code").asText()).isEqualTo("banned");
        assertThat(r.json().get("error").asText()).contains("banned");
    }

    @Test
    void aBannedKeyCannotPayTrialOrBeAddedBackAndABanEndsWhatWasPaid() throws Exception {
        start(7);
        Keys mallory = Keys.generate(), dave = Keys.generate();

        // the owner bans a stranger: joining is refused before the wallet is asked or a trial day given
        ownerBans(mallory);
        int made = fx.wallet.makeCalls.get();
        assertRefusedAsBanned(town.call(mallory, "POST", "/join"));
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);
        assertThat(town.status(mallory)).isEqualTo("none");
        // nor may the owner add them as a member (allowpubkey would lift the ban): the ban is lifted first
        assertRefusedAsBanned(api.as(
                fx.owner, "POST", "/relays/" + fx.relayId + "/members", "{\"pubkey\":\"" + mallory.pubkey() + "\"}"));
        assertThat(bannedOnRelay(mallory)).isTrue();
        assertThat(canPost(mallory)).isFalse();

        // the admit job never lets a banned key in, whatever queued it (its row says "admitting", as after a payment)
        long now = fx.clock.seconds();
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(app)
                        .admission()
                        .members
                        .put(
                                h,
                                new PaidMember(
                                        fx.relayId,
                                        mallory.pubkey(),
                                        PaidMember.Status.ADMITTING,
                                        RelayAdmission.Mode.MONTHLY,
                                        now,
                                        now + 86_400,
                                        true,
                                        PRICE,
                                        1,
                                        now,
                                        null,
                                        now)));
        Inside.of(app).admission().admitting.admit(fx.relayId, mallory.pubkey());
        fx.backend.awaitJobsSettled();
        assertThat(town.status(mallory)).isEqualTo("blocked");
        assertThat(bannedOnRelay(mallory)).isTrue();
        assertThat(memberOnRelay(mallory)).isFalse();

        // a trial member, then banned: their standing ends and no renewal is offered at the trial's end
        JsonNode trial = ok(town.call(dave, "POST", "/join"));
        assertThat(trial.get("status").asText()).isIn("admitting", "trial");
        town.awaitStatus(dave, "trial");
        Wait.until("dave is a member", Duration.ofSeconds(10), () -> memberOnRelay(dave));
        ownerBans(dave);
        assertThat(town.status(dave)).isEqualTo("blocked");
        assertThat(town.activityKinds()).contains("admission_banned");
        assertRefusedAsBanned(town.call(dave, "POST", "/join"));
        made = fx.wallet.makeCalls.get();
        fx.clock.advance(Duration.ofDays(7)
                .minus(Inside.of(app).config().paidAdmission().notice())
                .plusSeconds(60));
        town.tick();
        assertThat(fx.wallet.makeCalls.get())
                .as("no renewal invoice for a banned key")
                .isEqualTo(made);
        assertThat(ok(town.call(dave, "GET", "/me")).get("invoice").isNull()).isTrue();

        // the owner takes someone back only by lifting the ban, which can make them a member in the same step
        Api.Response lifted = api.as(
                fx.owner,
                "DELETE",
                "/relays/" + fx.relayId + "/bans/" + mallory.pubkey() + "?restore_membership=true",
                null);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().get("membership_restored").asBoolean()).isTrue();
        assertThat(bannedOnRelay(mallory)).isFalse();
        assertThat(memberOnRelay(mallory)).isTrue();
    }

    @Test
    void aBannedMemberRenewsNothingAPaymentAfterTheBanIsBlockedAndAPlatformBanIsFinal() throws Exception {
        start(0);
        Keys carol = Keys.generate(), erin = Keys.generate(), frank = Keys.generate();

        JsonNode joined = ok(town.call(carol, "POST", "/join"));
        fx.wallet.pay(joined.at("/invoice/payment_hash").asText());
        JsonNode active = town.awaitStatus(carol, "active");
        Wait.until("carol is a member", Duration.ofSeconds(10), () -> memberOnRelay(carol));
        ownerBans(carol);
        assertThat(town.status(carol)).isEqualTo("blocked");
        int made = fx.wallet.makeCalls.get();
        long paidUntil = active.get("paid_until").asLong();
        fx.clock.advance(Duration.ofSeconds(paidUntil
                - fx.clock.seconds()
                - Inside.of(app).config().paidAdmission().notice().toSeconds()
                + 60));
        town.tick();
        assertThat(fx.wallet.makeCalls.get())
                .as("no renewal invoice for a banned member")
                .isEqualTo(made);
        fx.clock.advance(Duration.ofSeconds(paidUntil - fx.clock.seconds() + 1));
        town.tick();
        assertThat(town.status(carol)).isEqualTo("blocked");
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);

        // an invoice made before the ban, paid after it: recorded, blocked, the owner told to refund; never admitted
        String hash =
                ok(town.call(erin, "POST", "/join")).at("/invoice/payment_hash").asText();
        assertThat(hash).isNotEmpty();
        ownerBans(erin);
        fx.wallet.pay(hash);
        JsonNode blocked = town.awaitStatus(erin, "blocked");
        assertThat(blocked.get("total_paid_sats").asLong()).isEqualTo(PRICE);
        assertThat(town.activityKinds()).contains("admission_blocked");
        assertThat(ok(api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/activity?limit=100", null))
                        .get("items")
                        .findValuesAsText("message"))
                .anyMatch(m -> m.contains("banned here") && m.contains("refund"));
        fx.backend.awaitJobsSettled();
        assertThat(memberOnRelay(erin)).isFalse();
        assertThat(bannedOnRelay(erin)).isTrue();
        assertRefusedAsBanned(town.call(erin, "POST", "/join"));
        made = fx.wallet.makeCalls.get();

        // a platform ban: no join, no trial, no add by the owner
        Api.Response started = api.as(
                fx.backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + frank.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertRefusedAsBanned(town.call(frank, "POST", "/join"));
        assertThat(town.call(frank, "POST", "/join").json().get("error").asText())
                .contains("every relay");
        assertRefusedAsBanned(api.as(
                fx.owner, "POST", "/relays/" + fx.relayId + "/members", "{\"pubkey\":\"" + frank.pubkey() + "\"}"));
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);
        Wait.until("banned on the relay", Duration.ofSeconds(20), () -> bannedOnRelay(frank));
        // an invite does not get them in either: the relay refuses a banned key's join
        String claim = ok(api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/invite", null))
                .get("claim")
                .asText();
        assertThat(new Member(frank, fx.relayUrl).join(claim).get("ok").asBoolean())
                .isFalse();
        assertThat(memberOnRelay(frank)).isFalse();
    }
}
