package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.billing.AccountSummary;
import caravel.billing.AccountSummary.Method;
import caravel.billing.Autopay;
import caravel.domain.Actor;
import caravel.domain.Plans;
import caravel.domain.Rail;
import caravel.domain.RelayProfile;
import caravel.relays.NewRelay;
import caravel.relays.Relays;
import caravel.testing.MutableClock;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25: the account page's one answer to "what you pay next, when and how" (AccountSummary.NextPayment) for each
 * combination the page met contradicting itself: autopay on and off, a switch to card scheduled (with and without its
 * card set up), on card, nothing to pay; and what autopay's own sentence says beside it. Against {@link FakeStripe}.
 */
class NextPaymentTest {
    @TempDir
    Path dir;

    CardRailFixture fx;
    MutableClock clock;
    FakeStripe stripe;
    String tenant;
    App app;
    CardPayments card;

    @BeforeEach
    void start() {
        fx = new CardRailFixture(dir);
        clock = fx.clock;
        stripe = fx.stripe;
        tenant = fx.tenant;
        app = fx.app;
        card = fx.card;
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    AccountSummary.Summary summary() {
        return Inside.of(app).accountSummary().of(tenant);
    }

    /** The summary once Stripe's prices were read (they are read in the background, never on the reader's thread). */
    AccountSummary.Summary summaryWithPrices() {
        return Wait.until(
                "Stripe's prices",
                Duration.ofSeconds(10),
                this::summary,
                s -> s.nextPayment().perPeriod() != null);
    }

    void paidBasic() throws Exception {
        fx.paidBasic("Next", "next");
    }

    void autopayOn() {
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(app)
                        .tenants()
                        .setNwcUrl(
                                h,
                                tenant,
                                Inside.of(app).box().sealString("nostr+walletconnect://w", Autopay.nwcContext(tenant)),
                                clock.seconds()));
    }

    @Test
    void nothingToPayWithoutPaidRelays() {
        var n = summary().nextPayment();
        assertThat(n.method()).isEqualTo(Method.NONE);
        assertThat(n.at()).isNull();
        assertThat(n.railSwitch()).isNull();
        assertThat(n.cardDue()).isFalse();
    }

    @Test
    void autopayOffMeansAnInvoicePaidByHandAndAutopayPromisesNoRenewal() throws Exception {
        paidBasic();
        var s = summary();
        assertThat(s.nextPayment().method()).isEqualTo(Method.INVOICE);
        assertThat(s.nextPayment().at()).isEqualTo(fx.cycleEnd());
        assertThat(s.nextPayment().sats()).isEqualTo(10_000);
        assertThat(s.autopay().next()).startsWith("Autopay is off").doesNotContain("renewal");
    }

    @Test
    void autopayOnPaysTheRenewalFromTheWalletAndSaysSo() throws Exception {
        paidBasic();
        autopayOn();
        var s = summary();
        assertThat(s.nextPayment().method()).isEqualTo(Method.AUTOPAY);
        assertThat(s.nextPayment().sats()).isEqualTo(10_000);
        assertThat(s.autopay().next()).contains("will pay the renewal of 10,000 sats");
    }

    @Test
    void aScheduledSwitchToCardIsKnownAndAutopayStopsPromisingTheRenewalOnceTheCardIsSetUp() throws Exception {
        paidBasic();
        autopayOn();
        var r = card.billing.chooseRail(tenant, Rail.CARD, Actor.person(tenant));
        assertThat(r.status()).isEqualTo("scheduled");

        // Checkout not finished: the switch would not happen, Lightning (autopay) still pays the renewal
        var s = summaryWithPrices();
        assertThat(s.nextPayment().railSwitch().to()).isEqualTo(Rail.CARD);
        assertThat(s.nextPayment().railSwitch().ready()).isFalse();
        assertThat(s.nextPayment().railSwitch().at()).isEqualTo(fx.cycleEnd());
        assertThat(s.nextPayment().method()).isEqualTo(Method.AUTOPAY);
        assertThat(s.nextPayment().cardDue()).isTrue();
        // the price the card will be charged is known before Checkout: Stripe's price for one basic relay
        assertThat(s.nextPayment().perPeriod()).isEqualTo(new caravel.billing.CardPrices.Money(900, "usd"));

        String session = r.checkoutUrl().substring(r.checkoutUrl().lastIndexOf('/') + 1);
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        fx.deliverAll();

        s = summary();
        assertThat(s.nextPayment().railSwitch().ready()).isTrue();
        assertThat(s.nextPayment().method()).isEqualTo(Method.CARD);
        assertThat(s.nextPayment().cardAmount()).isEqualTo(900);
        assertThat(s.nextPayment().cardCurrency()).isEqualTo("usd");
        assertThat(s.nextPayment().at()).isEqualTo(fx.cycleEnd());
        assertThat(s.nextPayment().cardDue()).isFalse();
        assertThat(s.autopay().next()).doesNotContain("will pay the renewal");
    }

    @Test
    void theTrialASwitchStartsWithLeavesNoZeroPaidRowInTheHistory() throws Exception {
        paidBasic();
        var r = card.billing.chooseRail(tenant, Rail.CARD, Actor.person(tenant));
        String session = r.checkoutUrl().substring(r.checkoutUrl().lastIndexOf('/') + 1);
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        fx.deliverAll();
        long cardRows = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM invoices WHERE tenant = :t AND rail = 'card'")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
        assertThat(cardRows).isZero();
    }

    @Test
    void onCardTheCardPaysAndAutopayIsNotUsed() throws Exception {
        autopayOn();
        // nothing billed yet: the switch is immediate
        assertThat(card.billing
                        .chooseRail(tenant, Rail.CARD, Actor.person(tenant))
                        .status())
                .isEqualTo("switched");
        Inside.of(app)
                .relays()
                .create(
                        NewRelay.of(
                                tenant,
                                RelayProfile.EMPTY.withName("Card"),
                                "cardrelay",
                                Plans.seed().of("basic")),
                        caravel.relays.RelayStateMachine.Actor.tenant(tenant));
        // a relay waiting for its first card payment: "Pay by card" has something to do
        var waiting = Wait.until(
                        "the Checkout charge priced",
                        Duration.ofSeconds(10),
                        this::summary,
                        x -> x.nextPayment().checkoutCharge() != null)
                .nextPayment();
        assertThat(waiting.cardDue()).isTrue();
        assertThat(waiting.rail()).isEqualTo(Rail.CARD);
        // what Checkout will charge, said before anyone is sent there: a first month of the basic relay
        assertThat(waiting.checkoutCharge()).isEqualTo(new caravel.billing.CardPrices.Money(900, "usd"));

        var pay = card.billing.pay(tenant);
        String session = pay.checkoutUrl().substring(pay.checkoutUrl().lastIndexOf('/') + 1);
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        fx.deliverAll();

        var s = Wait.until(
                "card renewal priced",
                Duration.ofSeconds(10),
                this::summary,
                x -> x.nextPayment().method() == Method.CARD && x.nextPayment().cardAmount() != null);
        assertThat(s.nextPayment().cardAmount()).isEqualTo(900);
        assertThat(s.nextPayment().checkoutCharge()).isNull(); // the card is set up: nothing for Checkout
        assertThat(s.nextPayment().railSwitch()).isNull();
        assertThat(s.nextPayment().cardDue()).isFalse();
        assertThat(s.autopay().next()).startsWith("Your card pays").doesNotContain("will pay the renewal");
    }

    @Test
    void onCardAQuoteSpeaksOfTheCardNotOfSatsNorAutopay() throws Exception {
        autopayOn();
        var created = onCardWithOneRelay("cardquote");

        var upgrade = Wait.until(
                "a priced quote",
                Duration.ofSeconds(10),
                () -> Inside.of(app)
                        .quotes()
                        .forChange(
                                created.relay().id(),
                                Plans.seed().of("growth"),
                                caravel.relays.RelayStateMachine.Actor.tenant(tenant)),
                q -> q.cardPrice() != null);
        assertThat(upgrade.rail()).isEqualTo(Rail.CARD);
        assertThat(upgrade.chargeNow()).isNull();
        // the upgrade waits for the card's charge: not "moves now, nothing to pay"
        assertThat(upgrade.takesEffect()).isEqualTo("on_payment");
        assertThat(upgrade.autopay()).isNull();
        assertThat(upgrade.cardPrice()).isEqualTo(new caravel.billing.CardPrices.Money(2900, "usd"));

        var fresh = Inside.of(app).quotes().forNew(tenant, Plans.seed().of("basic"));
        assertThat(fresh.rail()).isEqualTo(Rail.CARD);
        assertThat(fresh.takesEffect()).isEqualTo("on_payment");
        assertThat(fresh.autopay()).isNull();
    }

    @Test
    void onLightningAQuoteIsInSatsAndKnowsAutopay() throws Exception {
        paidBasic();
        autopayOn();
        var fresh = Inside.of(app).quotes().forNew(tenant, Plans.seed().of("basic"));
        assertThat(fresh.rail()).isEqualTo(Rail.LIGHTNING);
        assertThat(fresh.cardPrice()).isNull();
        assertThat(fresh.chargeNow().amountDue()).isPositive();
        assertThat(fresh.autopay()).isIn("pays", "needs_confirmation");
    }

    @Test
    void aSwitchBackToLightningIsPaidOverLightningFromTheBoundary() throws Exception {
        onCardWithOneRelay("cardback");

        assertThat(card.billing
                        .chooseRail(tenant, Rail.LIGHTNING, Actor.person(tenant))
                        .status())
                .isEqualTo("scheduled");
        var n = summary().nextPayment();
        assertThat(n.railSwitch().to()).isEqualTo(Rail.LIGHTNING);
        assertThat(n.railSwitch().ready()).isTrue();
        assertThat(n.method()).isEqualTo(Method.INVOICE);
        assertThat(n.sats()).isEqualTo(10_000);
    }

    /** Switches to card, creates a Basic relay at {@code sub} and pays it through Checkout; the card pays next. */
    Relays.Created onCardWithOneRelay(String sub) throws Exception {
        assertThat(card.billing
                        .chooseRail(tenant, Rail.CARD, Actor.person(tenant))
                        .status())
                .isEqualTo("switched");
        var created = Inside.of(app)
                .relays()
                .create(
                        NewRelay.of(
                                tenant,
                                RelayProfile.EMPTY.withName("Card"),
                                sub,
                                Plans.seed().of("basic")),
                        caravel.relays.RelayStateMachine.Actor.tenant(tenant));
        var pay = card.billing.pay(tenant);
        stripe.completeCheckout(pay.checkoutUrl().substring(pay.checkoutUrl().lastIndexOf('/') + 1), true);
        fx.deliverAll();
        Wait.until(
                "served",
                Duration.ofSeconds(10),
                this::summary,
                x -> x.nextPayment().method() == Method.CARD);
        return created;
    }
}
