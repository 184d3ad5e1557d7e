package caravel.admission;

import static caravel.admission.TownAdmission.ok;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.billing.LightningWallet;
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
 * Paid admission over real sockets: strangers join the fixture's relay by paying invoices its owner's wallet made
 * (the in-memory wallet), zooid (the emulator) lets them in, the robot DMs them through a real development relay, and
 * the clock runs them through renewal, grace and lapse. Attacks on the payment proof are tried here end to end; the
 * proof itself, case by case, is {@link SettlementProofTest}.
 */
@Tag("peer")
@BothDatabases
class PaidAdmissionFlowTest {
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

    void start(RelayAdmission.Mode mode, int trialDays) throws Exception {
        start(CommunityFixture.Options.defaults(), mode, trialDays);
    }

    void start(CommunityFixture.Options options, RelayAdmission.Mode mode, int trialDays) throws Exception {
        fx = CommunityFixture.start(dir, options, "Town Square", "town");
        api = fx.api;
        app = fx.backend.app;
        town = new TownAdmission(fx);
        fx.watched();
        price(mode, trialDays);
    }

    void price(RelayAdmission.Mode mode, int trialDays) {
        town.sell(mode, PRICE, trialDays, "Be kind.");
    }

    boolean canPost(Member m) {
        return m.publish(1, List.of(), "hello " + System.nanoTime()).get("ok").asBoolean();
    }

    @Test
    void aStrangerPaysTheOwnersWalletIsAdmittedRenewsLapsesAndComesBack() throws Exception {
        start(RelayAdmission.Mode.MONTHLY, 0);
        Keys alice = Keys.generate();
        Member asAlice = new Member(alice, fx.relayUrl);
        assertThat(town.status(alice)).isEqualTo("none");
        assertThat(canPost(asAlice)).as("not a member yet").isFalse();

        Api.Response joined = town.call(alice, "POST", "/join");
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        JsonNode invoice = joined.json().get("invoice");
        assertThat(joined.json().get("status").asText()).isEqualTo("pending");
        assertThat(invoice.get("purpose").asText()).isEqualTo("join");
        assertThat(invoice.get("amount_sats").asLong()).isEqualTo(PRICE);
        String hash = invoice.get("payment_hash").asText();
        // the invoice is the owner's wallet's: Caravel only passes it on
        assertThat(fx.wallet.invoices).containsKey(hash);

        // joining again hands back the same invoice, without asking the wallet for another
        int made = fx.wallet.makeCalls.get();
        Api.Response again = town.call(alice, "POST", "/join");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().at("/invoice/payment_hash").asText()).isEqualTo(hash);
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);

        // unpaid: checks change nothing
        assertThat(ok(town.call(alice, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");

        fx.wallet.pay(hash);
        JsonNode active = town.awaitStatus(alice, "active");
        long period = Inside.of(app).config().paidAdmission().period().toSeconds();
        assertThat(active.get("paid_until").asLong())
                .isBetween(fx.clock.seconds() + period - 5, fx.clock.seconds() + period);
        assertThat(active.get("total_paid_sats").asLong()).isEqualTo(PRICE);
        assertThat(active.get("invoice").isNull()).isTrue();
        assertThat(active.get("flotilla_url").asText())
                .startsWith("https://app.flotilla.social/join?r=")
                .contains("town.localhost");
        Wait.until("alice can post", Duration.ofSeconds(10), () -> canPost(asAlice));
        Wait.until(
                "welcome DM",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(alice),
                dms -> dms.stream().anyMatch(d -> d.contains(fx.relayUrl) && d.contains("app.flotilla.social")));

        // a member joining again is told so; the wallet is not asked
        Api.Response twice = town.call(alice, "POST", "/join");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asText()).isEqualTo("already_member");
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);

        // before the period ends, a renewal invoice from the owner's wallet, DMed
        long paidUntil = active.get("paid_until").asLong();
        fx.clock.advance(Duration.ofSeconds(paidUntil
                - fx.clock.seconds()
                - Inside.of(app).config().paidAdmission().notice().toSeconds()
                + 60));
        town.tick();
        JsonNode renewal = ok(town.call(alice, "GET", "/me"));
        assertThat(renewal.get("status").asText()).isEqualTo("active");
        assertThat(renewal.at("/invoice/purpose").asText()).isEqualTo("renewal");
        String renewalBolt11 = renewal.at("/invoice/bolt11").asText();
        Wait.until(
                "renewal DM",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(alice),
                dms -> dms.stream().anyMatch(d -> d.contains(renewalBolt11)));
        // a member with a renewal open may "join" to get it back
        assertThat(ok(town.call(alice, "POST", "/join")).at("/invoice/bolt11").asText())
                .isEqualTo(renewalBolt11);

        // the period ends unpaid: grace, still a member
        fx.clock.advance(Duration.ofSeconds(paidUntil - fx.clock.seconds() + 1));
        town.tick();
        assertThat(town.status(alice)).isEqualTo("grace");
        assertThat(canPost(asAlice)).isTrue();

        // grace ends unpaid: lapsed, removed from the relay
        fx.clock.advance(Inside.of(app).config().paidAdmission().grace());
        town.tick();
        town.tick(); // the lapse job the first tick queued has run; a second tick finds nothing more to do
        assertThat(town.status(alice)).isEqualTo("lapsed");
        Wait.until("alice can no longer post", Duration.ofSeconds(10), () -> !canPost(asAlice));
        Wait.until(
                "lapse DM",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(alice),
                dms -> dms.stream().anyMatch(d -> d.contains("lapsed") || d.contains("ended")));

        // paying again brings her back
        Api.Response back = town.call(alice, "POST", "/join");
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        fx.wallet.pay(back.json().at("/invoice/payment_hash").asText());
        JsonNode again2 = town.awaitStatus(alice, "active");
        assertThat(again2.get("total_paid_sats").asLong()).isEqualTo(2 * PRICE);
        Wait.until("alice posts again", Duration.ofSeconds(10), () -> canPost(asAlice));
        assertThat(fx.wallet.paidTotal()).isEqualTo(2 * PRICE);
    }

    @Test
    void nobodyGetsInWithoutTheirOwnInvoiceProvenPaid() throws Exception {
        start(RelayAdmission.Mode.ONCE, 0);
        Keys alice = Keys.generate(), mallory = Keys.generate();
        Member asMallory = new Member(mallory, fx.relayUrl);

        String aliceHash = ok(town.call(alice, "POST", "/join"))
                .at("/invoice/payment_hash")
                .asText();
        String malloryHash = ok(town.call(mallory, "POST", "/join"))
                .at("/invoice/payment_hash")
                .asText();
        assertThat(malloryHash).isNotEqualTo(aliceHash);

        // Mallory pays Alice's invoice (or watches Alice pay it): Alice is in, Mallory is not
        fx.wallet.pay(aliceHash);
        town.awaitStatus(alice, "active");
        assertThat(ok(town.call(mallory, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");

        // a wallet that lies: "settled" with no proof
        fx.wallet.lie = l -> new LightningWallet.Lookup(true, 1L, false, null, l.amountMsat(), l.paymentHash());
        fx.clock.advance(Duration.ofSeconds(3));
        assertThat(ok(town.call(mallory, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");
        // "settled" with Alice's (real, spent) preimage: the replay of an old proof
        String alicePreimage = fx.wallet.preimage(aliceHash);
        fx.wallet.lie =
                l -> new LightningWallet.Lookup(true, 1L, false, alicePreimage, l.amountMsat(), l.paymentHash());
        fx.clock.advance(Duration.ofSeconds(3));
        assertThat(ok(town.call(mallory, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");
        // the answer about another invoice (Alice's, settled, with its true proof)
        fx.wallet.lie = l -> new LightningWallet.Lookup(true, 1L, false, alicePreimage, PRICE * 1000, aliceHash);
        fx.clock.advance(Duration.ofSeconds(3));
        assertThat(ok(town.call(mallory, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");
        // the right proof but 1 sat received
        String malloryPreimage = fx.wallet.preimage(malloryHash);
        fx.wallet.lie = l -> new LightningWallet.Lookup(true, 1L, false, malloryPreimage, 1000L, l.paymentHash());
        fx.clock.advance(Duration.ofSeconds(3));
        assertThat(ok(town.call(mallory, "POST", "/check")).get("status").asText())
                .isEqualTo("pending");
        // the background checks are no more credulous
        town.tick();
        assertThat(town.status(mallory)).isEqualTo("pending");
        assertThat(canPost(asMallory)).isFalse();
        assertThat(Inside.of(app)
                        .community()
                        .members
                        .list(Inside.of(app).relayStore().find(fx.relayId).orElseThrow())
                        .items()
                        .stream()
                        .map(m -> m.pubkey()))
                .contains(alice.pubkey())
                .doesNotContain(mallory.pubkey());
        // every refused proof left a trace for the owner
        assertThat(town.activityKinds()).contains("admission_unproven");

        // the truth again, and Mallory pays for real: in
        fx.wallet.lie = null;
        fx.wallet.pay(malloryHash);
        fx.clock.advance(Duration.ofSeconds(3));
        town.awaitStatus(mallory, "active");
        assertThat(fx.wallet.paidTotal()).isEqualTo(2 * PRICE);
    }

    @Test
    void aTrialLetsANewcomerInOnceAndThenAsksForPayment() throws Exception {
        start(RelayAdmission.Mode.MONTHLY, 7);
        Keys erin = Keys.generate();
        Api.Response trial = town.call(erin, "POST", "/join");
        assertThat(trial.status()).as(trial.body()).isEqualTo(200);
        assertThat(trial.json().get("invoice").isNull()).isTrue();
        JsonNode in = town.awaitStatus(erin, "trial");
        assertThat(in.get("paid_until").asLong())
                .isBetween(fx.clock.seconds() + 7 * 86_400 - 5, fx.clock.seconds() + 7 * 86_400);
        assertThat(fx.wallet.makeCalls.get()).isZero();
        Wait.until("erin can post", Duration.ofSeconds(10), () -> canPost(new Member(erin, fx.relayUrl)));

        // the trial runs out unpaid: grace, then lapse; a second trial is not given
        fx.clock.advance(Duration.ofDays(7).plusSeconds(1));
        town.tick();
        fx.clock.advance(Inside.of(app).config().paidAdmission().grace());
        town.tick();
        town.tick();
        assertThat(town.status(erin)).isEqualTo("lapsed");
        Api.Response back = town.call(erin, "POST", "/join");
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        assertThat(back.json().at("/invoice/purpose").asText()).isEqualTo("join");
    }

    @Test
    void noRenewalIsAskedForWhileTheRelayIsNotServedAndItComesOnceItIsBack() throws Exception {
        start(RelayAdmission.Mode.MONTHLY, 0);
        Keys jo = Keys.generate();
        fx.wallet.pay(
                ok(town.call(jo, "POST", "/join")).at("/invoice/payment_hash").asText());
        long paidUntil = town.awaitStatus(jo, "active").get("paid_until").asLong();
        int made = fx.wallet.makeCalls.get();

        // the owner takes the relay offline; the renewal notice comes due: nothing is asked of the member
        Api.Response off = api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/deactivate", null);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        fx.clock.advance(Duration.ofSeconds(paidUntil
                - fx.clock.seconds()
                - Inside.of(app).config().paidAdmission().notice().toSeconds()
                + 60));
        town.tick();
        town.tick();
        assertThat(ok(town.call(jo, "GET", "/me")).get("invoice").isNull()).isTrue();
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);

        // back online before the period ends: the next tick makes the renewal and it can be paid as usual
        Api.Response on = api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/reactivate", null);
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        Wait.until(
                "the relay is active again",
                Duration.ofSeconds(20),
                () -> Inside.of(app).relayStore().find(fx.relayId).orElseThrow().status(),
                s -> s == caravel.domain.RelayStatus.ACTIVE);
        town.tick();
        JsonNode renewal = ok(town.call(jo, "GET", "/me"));
        assertThat(renewal.at("/invoice/purpose").asText()).isEqualTo("renewal");
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made + 1);
    }

    @Test
    void theOwnerRemovingSomeoneWhoPaidSaysWhatTheyPaidAndStopsSellingToThem() throws Exception {
        start(RelayAdmission.Mode.MONTHLY, 0);
        Keys frank = Keys.generate();
        fx.wallet.pay(ok(town.call(frank, "POST", "/join"))
                .at("/invoice/payment_hash")
                .asText());
        town.awaitStatus(frank, "active");

        Api.Response removed = api.as(fx.owner, "DELETE", "/relays/" + fx.relayId + "/members/" + frank.pubkey(), null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(town.status(frank)).isEqualTo("removed");
        JsonNode entries = ok(api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/activity?limit=100", null))
                .get("items");
        assertThat(entries.findValuesAsText("message"))
                .anyMatch(m -> m.contains("had paid " + PRICE + " sats in 1 payment") && m.contains("refund"));
        Api.Response rejoin = town.call(frank, "POST", "/join");
        assertThat(rejoin.status()).isEqualTo(409);
        assertThat(rejoin.json().get("code").asText()).isEqualTo("removed_by_owner");
        // no renewal is ever made for them
        fx.clock.advance(Inside.of(app).config().paidAdmission().period());
        town.tick();
        assertThat(ok(town.call(frank, "GET", "/me")).get("invoice").isNull()).isTrue();
    }

    @Test
    void aFullRelayStopsSellingAndWhoPaidIntoAFullRelayGetsInWhenThereIsRoom() throws Exception {
        // a free plan of one member besides the owner
        start(
                CommunityFixture.Options.defaults()
                        .withEnv(java.util.Map.of(
                                "PLANS", "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":1}]")),
                RelayAdmission.Mode.ONCE,
                0);
        Keys gina = Keys.generate(), hank = Keys.generate();
        // both get invoices while there is room; both pay
        String ginaHash =
                ok(town.call(gina, "POST", "/join")).at("/invoice/payment_hash").asText();
        String hankHash =
                ok(town.call(hank, "POST", "/join")).at("/invoice/payment_hash").asText();
        fx.wallet.pay(ginaHash);
        town.awaitStatus(gina, "active");
        fx.wallet.pay(hankHash);
        // Hank paid, but the relay is full: blocked, not charged again, told why
        town.awaitStatus(hank, "blocked");
        Wait.until(
                "Hank is told",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(hank),
                dms -> dms.stream().anyMatch(d -> d.contains("full")));
        // once the relay's member list shows it full, the page stops selling, and says so
        Keys ivy = Keys.generate();
        Api.Response full = Wait.until(
                "the relay is seen full",
                Duration.ofSeconds(20),
                () -> town.call(ivy, "POST", "/join"),
                r -> r.status() == 409);
        assertThat(full.json().get("code").asText()).isEqualTo("relay_full");
        assertThat(full.json().get("error").asText()).contains("full");

        // the owner makes room: Hank, who paid, gets in without paying again
        assertThat(api.as(fx.owner, "DELETE", "/relays/" + fx.relayId + "/members/" + gina.pubkey(), null)
                        .status())
                .isEqualTo(204);
        int made = fx.wallet.makeCalls.get();
        Wait.until(
                "room is seen", Duration.ofSeconds(20), () -> town.call(hank, "POST", "/join"), r -> r.status() == 200);
        town.awaitStatus(hank, "active");
        assertThat(fx.wallet.makeCalls.get()).isEqualTo(made);
        assertThat(ok(town.call(hank, "GET", "/me")).get("total_paid_sats").asLong())
                .isEqualTo(PRICE);
    }
}
