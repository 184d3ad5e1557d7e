package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.App;
import caravel.Inside;
import caravel.domain.Actor;
import caravel.domain.Rail;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a tenant on Lightning switches to card, and the renewal boundary passes before Checkout's webhooks
 * arrive. The renewal run asks Stripe about the session itself: a paid one switches the tenant to card with no
 * Lightning renewal (the card bills the cycle once), an unpaid one is expired so it can never be paid, and Lightning
 * renews. Against the in-process {@link FakeStripe}, whose webhooks wait in an outbox until the test delivers them.
 */
@BothDatabases
class CardSwitchBoundaryTest {
    @TempDir
    Path dir;

    CardRailFixture fx;
    MutableClock clock;
    FakeStripe stripe;
    String tenant;
    App app;
    CardPayments card;

    /** A basic relay paid over Lightning: the tenant's cycle runs from now. */
    @BeforeEach
    void start() throws Exception {
        fx = new CardRailFixture(dir);
        clock = fx.clock;
        stripe = fx.stripe;
        tenant = fx.tenant;
        app = fx.app;
        card = fx.card;
        fx.paidBasic("Boundary", "boundary");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    String switchToCard() {
        var r = card.billing.chooseRail(tenant, Rail.CARD, Actor.person(tenant));
        assertThat(r.status()).isEqualTo("scheduled");
        return r.checkoutUrl().substring(r.checkoutUrl().lastIndexOf('/') + 1);
    }

    /** The clock passes the boundary: Stripe ends trials and renews first, then Caravel's periodic run. */
    void passBoundary(long boundary) {
        clock.set(Instant.ofEpochSecond(boundary + 120));
        for (FakeStripe.Sub s : new ArrayList<>(stripe.subs.values()))
            while (!s.status.equals("canceled") && stripe.pEnd(s) <= clock.seconds()) stripe.advance(s);
        Inside.of(app).renewals().runCycle();
    }

    /** Renewals of this tenant's cycles: rail, period start (Lightning's from its items). */
    List<String> renewals() {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h ->
                        h.createQuery("""
                        SELECT rail || ':' || coalesce(period_start, 0) FROM invoices
                        WHERE tenant = :t AND kind = 'renewal' AND status <> 'void' ORDER BY rail""").bind("t", tenant).mapTo(String.class).list());
    }

    String rails() {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT billing_rail || '/' || coalesce(next_rail, '-') FROM tenants WHERE pubkey = :t")
                        .bind("t", tenant)
                        .mapTo(String.class)
                        .one());
    }

    List<String> activity(String kind) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT message FROM activity WHERE tenant = :t AND kind = :k")
                        .bind("t", tenant)
                        .bind("k", kind)
                        .mapTo(String.class)
                        .list());
    }

    @Test
    void aSwitchInThePeriodsLastDayPutsTheFirstChargeOffToStripesShortestTrial() {
        long boundary = fx.cycleEnd();
        clock.set(Instant.ofEpochSecond(boundary - 86_400)); // a day before the Lightning period ends
        String session = switchToCard(); // Stripe refused the trial to the boundary: no session, a 502
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        long trialEnd = stripe.retrieveSubscription(
                        stripe.retrieveCheckout(session).subscription())
                .periodEnd();
        assertThat(trialEnd).isGreaterThanOrEqualTo(clock.seconds() + 48 * 3600);
        assertThat(trialEnd).isLessThan(boundary + 2 * 86_400);
        fx.deliverAll();
        passBoundary(boundary);
        assertThat(rails()).isEqualTo("card/-");
        assertThat(renewals()).noneMatch(r -> r.startsWith("lightning"));
    }

    /** On card: the switch's checkout paid, its webhooks delivered, the boundary passed. Returns the subscription. */
    String onCard() {
        String session = switchToCard();
        long boundary = fx.cycleEnd();
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        fx.deliverAll();
        passBoundary(boundary);
        fx.deliverAll();
        assertThat(rails()).isEqualTo("card/-");
        return stripe.subs.keySet().iterator().next();
    }

    /** The card period ends with the subscription cancelled; its webhook has not reached Caravel yet. */
    void subscriptionEndsUnheard(String sub) {
        FakeStripe.Sub s = stripe.sub(sub);
        clock.set(Instant.ofEpochSecond(stripe.pEnd(s) + 60));
        stripe.advance(s);
        assertThat(stripe.retrieveSubscription(sub).live()).isFalse();
    }

    @Test
    void switchingToLightningAfterTheSubscriptionEndedUnheardIsScheduledNotRefusedByStripe() {
        String sub = onCard();
        stripe.cancelAtPeriodEnd(sub, true); // cancelled in Stripe's portal
        subscriptionEndsUnheard(sub);
        // Stripe refuses any change to an ended subscription: asking it for one answered the tenant with a 502
        var r = card.billing.chooseRail(tenant, Rail.LIGHTNING, Actor.person(tenant));
        assertThat(r.status()).isEqualTo("scheduled");
        fx.deliverAll();
        assertThat(rails()).startsWith("lightning/");
    }

    @Test
    void keepingCardAfterTheSubscriptionEndedUnheardSaysWhyInsteadOfAStripeError() {
        String sub = onCard();
        assertThat(card.billing
                        .chooseRail(tenant, Rail.LIGHTNING, Actor.person(tenant))
                        .status())
                .isEqualTo("scheduled");
        subscriptionEndsUnheard(sub);
        assertThatThrownBy(() -> card.billing.chooseRail(tenant, Rail.CARD, Actor.person(tenant)))
                .isInstanceOf(caravel.domain.Failure.class)
                .hasMessageContaining("subscription has ended");
        fx.deliverAll();
        assertThat(rails()).startsWith("lightning/");
    }

    @Test
    void aCheckoutPaidBeforeTheBoundaryWithLateWebhooksSwitchesToCardWithNoLightningRenewal() {
        String session = switchToCard();
        long boundary = fx.cycleEnd();
        assertThat(stripe.completeCheckout(session, true)).isTrue();
        // its webhooks are late: nothing has told Caravel about the subscription yet
        clock.set(Instant.ofEpochSecond(boundary + 60));
        // a renewal started by a request (not the periodic run) waits: only Stripe's answer decides the cycle's rail
        Inside.of(app)
                .db()
                .jdbi()
                .useTransaction(h -> Inside.of(app).invoicing().renewNow(h, tenant));
        assertThat(renewals()).isEmpty();

        passBoundary(boundary);
        assertThat(rails()).isEqualTo("card/-");
        assertThat(renewals()).noneMatch(r -> r.startsWith("lightning"));
        assertThat(activity("rail_switched")).hasSize(1);

        // the webhooks arrive after all: the card renewal is mirrored once, and nothing is billed over Lightning
        fx.deliverAll();
        fx.deliverAll();
        assertThat(renewals()).containsExactly("card:" + boundary);
        assertThat(rails()).isEqualTo("card/-");
        assertThat(stripe.retrieveCheckout(session).status()).isEqualTo("complete");
    }

    @Test
    void aCheckoutNotPaidByTheBoundaryIsExpiredAndLightningRenews() {
        String session = switchToCard();
        long boundary = fx.cycleEnd();
        passBoundary(boundary);

        assertThat(stripe.retrieveCheckout(session).status()).isEqualTo("expired");
        assertThat(renewals()).containsExactly("lightning:" + boundary);
        assertThat(rails()).isEqualTo("lightning/card"); // the switch stays asked for
        assertThat(activity("card_checkout_expired")).hasSize(1);
        // the old page can never be paid now, so the card never bills the cycle Lightning renewed
        assertThat(stripe.completeCheckout(session, true)).isFalse();
        fx.deliverAll();
        assertThat(stripe.subs).isEmpty();

        // a new Checkout sets the switch up for the next boundary (its trial ends there)
        var again = card.billing.pay(tenant);
        String next = again.checkoutUrl().substring(again.checkoutUrl().lastIndexOf('/') + 1);
        assertThat(next).isNotEqualTo(session);
        assertThat(stripe.checkoutTrial.get(next)).isEqualTo(fx.cycleEnd());
        assertThat(fx.cycleEnd()).isGreaterThan(boundary);
        // and it does not hold the renewal of this cycle, which Lightning already has
        Inside.of(app).renewals().runCycle();
        assertThat(renewals()).containsExactly("lightning:" + boundary);
    }
}
