package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.domain.Actor;
import caravel.domain.Plans;
import caravel.domain.Rail;
import caravel.domain.RelayProfile;
import caravel.relays.NewRelay;
import caravel.relays.Relays;
import caravel.testing.BothDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 53: an account with one relay in service (paid over Lightning) and one relay waiting for its first Lightning
 * invoice switches to card. The switch waits for the renewal, so the card's Checkout (a trial until then) lists only
 * the relay it carries; the answer names the waiting relay and says it still waits for its Lightning invoice. Before,
 * Checkout listed both, the trial served neither new one, and the waiting relay stayed offline. Nothing is ever paid
 * on both rails: the waiting relay's invoice is either paid over Lightning (then the card bills it from the renewal)
 * or cancelled when the card takes it over at the renewal.
 */
@BothDatabases
class CardSwitchWaitingRelayTest {
    /** Served (no zooid in this fixture: a served relay stays pending, as provisioning never completes). */
    static final List<String> SERVED = List.of("pending", "active");

    @TempDir
    Path dir;

    CardRailFixture fx;
    FakeStripe stripe;
    String tenant;
    App app;
    CardPayments card;
    String active;
    Relays.Created waiting;

    @BeforeEach
    void start() throws Exception {
        fx = new CardRailFixture(dir);
        stripe = fx.stripe;
        tenant = fx.tenant;
        app = fx.app;
        card = fx.card;
        fx.paidBasic("Active", "active");
        active = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT id FROM relays WHERE tenant = :t")
                        .bind("t", tenant)
                        .mapTo(String.class)
                        .one());
        fx.clock.set(fx.clock.instant().plusSeconds(3 * 86_400));
        waiting = Inside.of(app)
                .relays()
                .create(
                        NewRelay.of(
                                tenant,
                                RelayProfile.EMPTY.withName("Waiting"),
                                "waiting",
                                Plans.seed().of("basic")),
                        caravel.relays.RelayStateMachine.Actor.tenant(tenant));
        assertThat(status(waiting.relay().id())).isEqualTo("awaiting_payment");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    String status(String relay) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM relays WHERE id = :id")
                        .bind("id", relay)
                        .mapTo(String.class)
                        .one()
                        .toLowerCase(java.util.Locale.ROOT));
    }

    String invoiceStatus(String invoice) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM invoices WHERE id = :id")
                        .bind("id", invoice)
                        .mapTo(String.class)
                        .one()
                        .toLowerCase(java.util.Locale.ROOT));
    }

    /** Amounts of this tenant's invoices on a rail that were paid. */
    List<Long> paid(String rail) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT amount FROM invoices WHERE tenant = :t AND rail = :r AND lower(status) = 'paid' ORDER BY created_at, id")
                        .bind("t", tenant)
                        .bind("r", rail)
                        .mapTo(Long.class)
                        .list());
    }

    CardBilling.PayResult switchToCard() {
        var r = card.billing.chooseRail(tenant, Rail.CARD, Actor.person(tenant));
        assertThat(r.status()).isEqualTo("scheduled");
        return r;
    }

    static String session(CardBilling.PayResult r) {
        return r.checkoutUrl().substring(r.checkoutUrl().lastIndexOf('/') + 1);
    }

    FakeStripe.Sub sub() {
        return stripe.subs.values().iterator().next();
    }

    /** Stripe ends the trial at the boundary and renews; then Caravel's periodic run and the card's sync. */
    void passBoundary() {
        passBoundary(() -> {});
    }

    void passBoundary(Runnable afterRenewal) {
        long boundary = fx.cycleEnd();
        fx.clock.set(Instant.ofEpochSecond(boundary + 120));
        for (FakeStripe.Sub s : new ArrayList<>(stripe.subs.values()))
            while (!s.status.equals("canceled") && stripe.pEnd(s) <= fx.clock.seconds()) stripe.advance(s);
        Inside.of(app).renewals().runCycle();
        afterRenewal.run();
        fx.deliverAll();
        card.billing.sync(tenant); // the sync job the renewal queued
        fx.deliverAll();
    }

    @Test
    void theCheckoutListsOnlyWhatTheCardStartsAndTheAnswerNamesTheRelayLeftOnLightning() {
        var r = switchToCard();
        FakeStripe.Session s = stripe.sessions.get(session(r));
        // one place: the relay in service, carried by the trial; the waiting relay is not listed
        assertThat(s.quantities).isEqualTo(Map.of("price_basic", 1L));
        assertThat(r.waitingOnLightning())
                .containsExactly(new CardBilling.LightningWait(waiting.relay().id(), "Waiting", waiting.invoiceId()));
        assertThat(r.notice()).contains("Waiting is not in this card checkout").contains("first Lightning invoice");

        assertThat(stripe.completeCheckout(session(r), true)).isTrue();
        fx.deliverAll();
        card.billing.sync(tenant); // the periodic tick's sync does not add it behind the listing's back
        assertThat(sub().q).isEqualTo(Map.of("price_basic", 1L));
        assertThat(invoiceStatus(waiting.invoiceId())).isEqualTo("pending"); // still payable over Lightning

        // a second switch (cancelled, then asked again) lists the same and says the same
        card.billing.chooseRail(tenant, Rail.LIGHTNING, Actor.person(tenant));
        fx.clock.set(fx.clock.instant().plusSeconds(120)); // a later click: a fresh Checkout session
        var again = switchToCard();
        assertThat(session(again)).isNotEqualTo(session(r));
        assertThat(stripe.sessions.get(session(again)).status).isEqualTo("open");
        assertThat(stripe.sessions.get(session(again)).quantities).isEqualTo(Map.of("price_basic", 1L));
        assertThat(again.notice()).contains("Waiting");
    }

    @Test
    void unpaidOnLightningAtTheRenewalTheCardTakesItOverItsInvoiceCancelledAndChargesItOnce() throws Exception {
        var r = switchToCard();
        assertThat(stripe.completeCheckout(session(r), true)).isTrue();
        fx.deliverAll();
        // the renewal that switches the rail cancels the invoice at once: nothing is paid on it while the card's sync
        // is queued
        passBoundary(() -> assertThat(invoiceStatus(waiting.invoiceId())).isEqualTo("void"));

        assertThat(status(active)).isIn(SERVED);
        assertThat(status(waiting.relay().id())).isIn(SERVED);
        assertThat(invoiceStatus(waiting.invoiceId())).isEqualTo("void");
        assertThat(sub().q).isEqualTo(Map.of("price_basic", 2L));
        // the card was charged the listed relay's renewal and the waiting relay's place: no Lightning renewal
        assertThat(paid("lightning")).hasSize(1); // the active relay's first invoice, before the switch
        assertThat(paid("card")).hasSize(2).allMatch(a -> a > 0);

        // the cancelled Lightning invoice paid anyway: it never pays for the relay a second time
        try {
            fx.payLightning(waiting.invoiceId());
        } catch (RuntimeException | AssertionError refused) {
            // refused as a cancelled invoice: fine
        }
        assertThat(invoiceStatus(waiting.invoiceId())).isEqualTo("void");
        assertThat(paid("lightning")).hasSize(1);
    }

    @Test
    void paidOnLightningAfterTheSwitchItIsServedAndTheCardBillsItOnlyFromTheRenewal() throws Exception {
        var r = switchToCard();
        assertThat(stripe.completeCheckout(session(r), true)).isTrue();
        fx.deliverAll();
        fx.payLightning(waiting.invoiceId());
        assertThat(status(waiting.relay().id())).isIn(SERVED);
        card.billing.sync(tenant); // the trial now carries both, uncharged
        assertThat(sub().q).isEqualTo(Map.of("price_basic", 2L));
        assertThat(paid("card")).isEmpty();

        passBoundary();
        assertThat(status(active)).isIn(SERVED);
        assertThat(status(waiting.relay().id())).isIn(SERVED);
        assertThat(paid("lightning")).hasSize(2); // two first invoices, no Lightning renewal
        assertThat(paid("card")).hasSize(1); // the renewal of both places, once
        assertThat(sub().q).isEqualTo(Map.of("price_basic", 2L));
    }
}
