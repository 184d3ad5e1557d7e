package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.domain.Plans;
import caravel.domain.RelayProfile;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.testing.AppOptions;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-process App with both rails, for tests of a tenant's way between them: Lightning through an in-memory wallet,
 * card through {@link FakeStripe}, whose webhooks wait in its outbox until {@link #deliverAll()}. One tenant (signed
 * up, nothing bought), the clock at 2027-03-01 10:00 UTC, which the test moves.
 */
final class CardRailFixture implements AutoCloseable {
    static final String WEBHOOK_SECRET = "whsec_card_rail_fixture";

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final FakeStripe stripe = new FakeStripe(clock, "price_basic", "price_growth");
    final String tenant = Keys.generate().pubkey();
    final App app;
    final CardPayments card;

    CardRailFixture(Path dir) {
        clock.set(Instant.parse("2027-03-01T10:00:00Z"));
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        env.put("STRIPE_SECRET_KEY", "sk_test_fake");
        env.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("STRIPE_PRICE_BASIC", "price_basic");
        env.put("STRIPE_PRICE_GROWTH", "price_growth");
        app = new App(
                Config.fromEnv(env),
                clock,
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), u -> wallet))
                        .stripe(stripe)
                        .build());
        card = Inside.of(app).card().orElseThrow();
        Inside.of(app).db().jdbi().useTransaction(h -> Inside.of(app).tenants().ensure(h, tenant, clock.seconds()));
    }

    /** The tenant orders a basic relay and pays its first invoice over Lightning: the tenant's cycle runs from now. */
    void paidBasic(String name, String subdomain) throws Exception {
        var created = Inside.of(app)
                .relays()
                .create(
                        NewRelay.of(
                                tenant,
                                RelayProfile.EMPTY.withName(name),
                                subdomain,
                                Plans.seed().of("basic")),
                        caravel.relays.RelayStateMachine.Actor.tenant(tenant));
        payLightning(created.invoiceId());
        boolean paid = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> Inside.of(app).invoicing().isPaid(h, created.invoiceId()));
        assertThat(paid).as("the first invoice paid over Lightning").isTrue();
    }

    /** The tenant's wallet pays the invoice's current bolt11, and the platform checks it as its look-up would. */
    void payLightning(String invoice) throws Exception {
        var withBolt11 = Inside.of(app).payments().ensureBolt11(invoice);
        wallet.pay(withBolt11.paymentHash());
        Inside.of(app).payments().check(invoice);
    }

    /** The end of the tenant's current billing cycle (epoch seconds). */
    long cycleEnd() {
        long anchor = Inside.of(app).tenants().find(tenant).orElseThrow().billingAnchor();
        return caravel.billing.Cycles.at(anchor, clock.seconds()).end();
    }

    /** Delivers every webhook Stripe has sent so far, signed as Stripe signs them, in the order it sent them. */
    void deliverAll() {
        List<String> all = new ArrayList<>(stripe.outbox);
        stripe.outbox.clear();
        for (String p : all) card.webhooks.handle(p, stripe.sign(p, WEBHOOK_SECRET));
    }

    @Override
    public void close() {
        app.close();
    }
}
