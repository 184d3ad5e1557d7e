package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.billing.Renewals;
import caravel.config.Config;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.Rail;
import caravel.domain.RelayProfile;
import caravel.domain.RelayStatus;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.store.Relay;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The billing invariants with card histories: tenants on card (and switching rails) create, upgrade, downgrade and
 * deactivate relays, pay through Checkout with working and declined cards, their cards start failing and work again,
 * renewals fail and Stripe retries, they cancel in the portal and take it back, while webhooks arrive late, out of
 * order and more than once, and the clock jumps. After every step:
 * <ol>
 *   <li>an event id is applied once: card payments recorded = mirrored card invoices paid, each Stripe invoice mirrored
 *       at most once, and nothing is paid here that Stripe has not been paid;</li>
 *   <li>after grace, no paid relay is served while a card renewal is unpaid past its due date + 7 days;</li>
 *   <li>a billing suspension is lifted only by a payment;</li>
 *   <li>no period is renewed on both rails (a tenant's Lightning and card renewals never overlap).</li>
 * </ol>
 * and whenever every event has been delivered: every Stripe invoice is mirrored with Stripe's status (but a paid one of
 * nothing, a switch's trial, which is left out of the history), and a tenant on
 * card never has more relays served on a plan (or dearer ones) than its live subscription pays for (none without one).
 * {@code -Dcard.histories=N}, replay one with {@code -Dcard.seed=S -Dcard.histories=1}.
 */
@BothDatabases
class CardAdversarialTest {
    @TempDir
    Path dir;

    static final int HISTORIES = Integer.getInteger("card.histories", 150);
    static final int STEPS = Integer.getInteger("card.steps", 30);
    static final String[] PLANS = {"free", "basic", "growth"};

    @Test
    void invariantsHoldOverCardHistories() throws Exception {
        // A fixed base seed keeps CI deterministic; explore new histories with -Dcard.seed=<any> (a failure names
        // its seed for the replay). Seeds that found bugs are replayed below on every run.
        histories(Long.getLong("card.seed", 8644358507989629389L), HISTORIES);
    }

    /**
     * Issue 13: a switch to card whose Checkout was paid before the renewal boundary while its webhooks came after the
     * renewal run billed the cycle on both rails. Replayed on every run.
     */
    @Test
    void lateCheckoutWebhooksOfASwitchToCardNeverBillACycleTwice() throws Exception {
        histories(2205912523978856606L, 1);
    }

    /**
     * Issue 13: cancelling a scheduled downgrade after the subscription's quantities were lowered asked the card for
     * a charge, and a declined card then left relays served beyond what the subscription paid. Replayed every run.
     */
    @Test
    void cancellingASyncedDowngradeNeverChargesOrLeavesRelaysUnpaid() throws Exception {
        for (long seed : new long[] {-1272436685530248481L, -6373249702519001282L, 6293928178450829635L})
            histories(seed, 1);
    }

    private void histories(long base, int count) throws Exception {
        MutableClock clock = new MutableClock();
        MemoryWallet wallet = new MemoryWallet(clock);
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        env.put("STRIPE_SECRET_KEY", "sk_test_fake");
        env.put("STRIPE_WEBHOOK_SECRET", "whsec_property_test");
        env.put("STRIPE_PRICE_BASIC", "price_basic");
        env.put("STRIPE_PRICE_GROWTH", "price_growth");
        FakeStripe stripe = new FakeStripe(clock, "price_basic", "price_growth");
        Map<String, Integer> ops = new HashMap<>();
        try (App app = new App(
                Config.fromEnv(env),
                clock,
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), u -> wallet))
                        .stripe(stripe)
                        .build())) {
            for (int i = 0; i < count; i++) {
                long seed = base + i;
                History h = new History(app, clock, wallet, stripe, seed, ops);
                try {
                    h.run();
                } catch (Throwable e) {
                    throw new AssertionError(
                            "card history seed " + seed + " failed (replay: -Dcard.seed=" + seed
                                    + " -Dcard.histories=1): " + e.getMessage() + "\nhistory:\n" + h.log,
                            e);
                }
            }
        }
        System.out.printf(
                "card adversarial: %d histories (base seed %d); ops %s%n", count, base, new java.util.TreeMap<>(ops));
        if (count >= 50)
            for (String op : List.of(
                    "create",
                    "checkout_paid",
                    "checkout_declined",
                    "charged",
                    "declined",
                    "renewal_failed",
                    "retry_paid",
                    "portal_cancel",
                    "period_end",
                    "rail_switch",
                    "suspension_seen",
                    "deliver_reordered",
                    "deliver_duplicate"))
                assertThat(ops.getOrDefault(op, 0)).as("op " + op + " happened").isGreaterThan(0);
    }

    static final class History {
        final App app;
        final CardPayments card;
        final MutableClock clock;
        final MemoryWallet wallet;
        final FakeStripe stripe;
        final Random rnd;
        final long seed;
        final Map<String, Integer> ops;
        final List<String> tenants = new ArrayList<>(), relayIds = new ArrayList<>();
        final StringBuilder log = new StringBuilder();
        int n;

        History(
                App app,
                MutableClock clock,
                MemoryWallet wallet,
                FakeStripe stripe,
                long seed,
                Map<String, Integer> ops) {
            this.app = app;
            this.card = Inside.of(app).card().orElseThrow();
            this.clock = clock;
            this.wallet = wallet;
            this.stripe = stripe;
            this.seed = seed;
            this.rnd = new Random(seed);
            this.ops = ops;
        }

        void count(String op) {
            ops.merge(op, 1, Integer::sum);
        }

        <T> T pick(List<T> l) {
            return l.get(rnd.nextInt(l.size()));
        }

        void run() {
            clock.set(Instant.parse("2027-01-01T00:00:00Z").plusSeconds(rnd.nextInt(365 * 86_400)));
            stripe.outbox.clear();
            int count = 1 + rnd.nextInt(2);
            for (int i = 0; i < count; i++) {
                String t = Keys.generate().pubkey();
                tenants.add(t);
                Inside.of(app)
                        .db()
                        .jdbi()
                        .useTransaction(h -> Inside.of(app).tenants().ensure(h, t, clock.seconds()));
                if (rnd.nextInt(4) > 0) card.billing.chooseRail(t, Rail.CARD, Actor.person(t));
            }
            for (int step = 0; step < STEPS; step++) {
                Map<String, Boolean> suspended = suspendedNow();
                Map<String, Long> paid = paidByTenant();
                String op = step();
                log.append(step)
                        .append(" @")
                        .append(clock.seconds())
                        .append(": ")
                        .append(op)
                        .append('\n');
                check(op, suspended, paid);
                if (rnd.nextInt(6) == 0) {
                    quiesce();
                    checkQuiescent();
                }
            }
            quiesce();
            checkQuiescent();
            retire();
        }

        /** The next history starts at another time: this one's tenants and subscriptions leave the stage. */
        void retire() {
            // no product path ends a history: its tenants are parked and its open invoices and queued jobs closed
            // in place (never run), so the next history meets none of them. SQL on purpose, a state only a test needs
            Inside.of(app).db().jdbi().useHandle(h -> {
                h.createUpdate(
                                "UPDATE tenants SET billing_anchor = NULL, status = 'suspended', stripe_subscription_id = NULL WHERE pubkey IN (<t>)")
                        .bindList("t", tenants)
                        .execute();
                h.createUpdate("UPDATE invoices SET status = 'void' WHERE tenant IN (<t>) AND status = 'pending'")
                        .bindList("t", tenants)
                        .execute();
                h.createUpdate("UPDATE jobs SET status = 'done' WHERE status = 'queued'")
                        .execute();
            });
            for (FakeStripe.Sub s : stripe.subs.values()) s.status = "canceled";
            stripe.outbox.clear();
        }

        Relay relay(String id) {
            return Inside.of(app).relayStore().find(id).orElseThrow();
        }

        String step() {
            int op = rnd.nextInt(100);
            String tenant = pick(tenants);
            try {
                if (op < 14 || relayIds.isEmpty()) {
                    Plan plan = Plans.seed().byId(PLANS[rnd.nextInt(3)]).orElseThrow();
                    relayIds.add(Inside.of(app)
                            .relays()
                            .create(
                                    NewRelay.of(
                                            tenant,
                                            RelayProfile.EMPTY.withName("C" + n),
                                            "card-" + seed + "-" + n++,
                                            plan),
                                    caravel.relays.RelayStateMachine.Actor.tenant(tenant))
                            .relay()
                            .id());
                    count("create");
                    return "create " + plan.id() + " for " + tenant.substring(0, 6);
                }
                Relay r = relay(pick(relayIds));
                if (op < 24) {
                    String plan = PLANS[rnd.nextInt(3)];
                    Inside.of(app)
                            .relays()
                            .update(
                                    r.id(),
                                    Relays.Changes.NONE.withPlan(
                                            Plans.seed().byId(plan).orElseThrow()),
                                    RelayStateMachine.Actor.tenant(r.tenant()));
                    return "plan " + r.plan() + "→" + plan + " (" + r.status() + ")";
                }
                if (op < 30) {
                    Inside.of(app).relays().deactivate(r.id(), RelayStateMachine.Actor.tenant(r.tenant()), "test");
                    return "deactivate " + r.status();
                }
                if (op < 42) return pay(tenant);
                if (op < 50) {
                    var res = card.billing.sync(tenant);
                    if (res.status().equals("charged")) count("charged");
                    if (res.status().equals("declined")) count("declined");
                    return "sync → " + res.status();
                }
                if (op < 66) return deliver();
                if (op < 71) {
                    String customer = customer(tenant);
                    if (customer == null) return "no customer";
                    boolean works = !stripe.cardWorks.getOrDefault(customer, true);
                    stripe.cardWorks.put(customer, works);
                    return "card now " + (works ? "works" : "fails");
                }
                if (op < 80) return jump(rnd.nextInt(3) == 0 ? Duration.ofDays(1 + rnd.nextInt(9)) : null);
                if (op < 84) {
                    var open = stripe.invoices.values().stream()
                            .filter(i -> i.status().equals("open"))
                            .toList();
                    if (open.isEmpty()) return "nothing to retry";
                    var inv = pick(open);
                    // sometimes the customer put a working card in the portal first (Stripe then retries at once)
                    if (rnd.nextBoolean()) stripe.cardWorks.put(inv.customer(), true);
                    stripe.retry(inv.id());
                    if (stripe.invoices.get(inv.id()).status().equals("paid")) count("retry_paid");
                    return "retry " + inv.id() + " → "
                            + stripe.invoices.get(inv.id()).status();
                }
                if (op < 88) {
                    String sub = subscription(tenant);
                    if (sub == null) return "no subscription to cancel";
                    // an ended subscription (its webhook still on the way) has nothing to cancel or resume: Stripe
                    // refuses the change, as the emulator's portal shows
                    if (stripe.subs.get(sub).status.equals("canceled")) return "portal: " + sub + " has ended";
                    boolean cancel = !stripe.subs.get(sub).cancelAtPeriodEnd;
                    stripe.cancelAtPeriodEnd(sub, cancel);
                    if (cancel) count("portal_cancel");
                    return (cancel ? "portal cancel " : "portal resume ") + sub;
                }
                if (op < 93) {
                    // through StripeCalls, as the route calls it: Stripe refusing a request (a subscription that
                    // ended while its webhook is on the way) reaches the tenant as an error, changing nothing
                    Rail to = rnd.nextBoolean() ? Rail.CARD : Rail.LIGHTNING;
                    String rail = StripeCalls.<String, RuntimeException>call(() -> card.billing
                            .chooseRail(tenant, to, Actor.person(tenant))
                            .status());
                    count("rail_switch");
                    return "rail → " + rail;
                }
                return payLightning(tenant);
            } catch (Failure | StripeGateway.Declined e) {
                count("refused");
                return "refused: " + e.getMessage();
            }
        }

        String customer(String tenant) {
            return Inside.of(app).tenants().find(tenant).orElseThrow().stripeCustomerId();
        }

        String subscription(String tenant) {
            return Inside.of(app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT stripe_subscription_id FROM tenants WHERE pubkey = :t")
                            .bind("t", tenant)
                            .mapTo(String.class)
                            .findOne()
                            .orElse(null));
        }

        String pay(String tenant) {
            var res = card.billing.pay(tenant);
            if (res.checkoutUrl() == null) {
                if (res.status().equals("charged")) count("charged");
                if (res.status().equals("declined")) count("declined");
                return "pay by card → " + res.status();
            }
            String id = res.checkoutUrl().substring(res.checkoutUrl().lastIndexOf('/') + 1);
            boolean ok = rnd.nextInt(5) > 0;
            boolean done = stripe.completeCheckout(id, ok);
            count(done ? "checkout_paid" : "checkout_declined");
            return "checkout " + (done ? "paid" : "declined");
        }

        /** Some of the outbox, shuffled, some of it twice. */
        String deliver() {
            if (stripe.outbox.isEmpty()) return "nothing to deliver";
            List<String> batch = new ArrayList<>(stripe.outbox.subList(0, 1 + rnd.nextInt(stripe.outbox.size())));
            stripe.outbox.subList(0, batch.size()).clear();
            if (batch.size() > 1 && rnd.nextBoolean()) {
                Collections.shuffle(batch, rnd);
                count("deliver_reordered");
            }
            if (rnd.nextInt(3) == 0) {
                batch.add(pick(batch));
                if (!stripe.delivered.isEmpty()) batch.add(pick(stripe.delivered));
                count("deliver_duplicate");
            }
            for (String payload : batch) {
                card.webhooks.handle(payload, stripe.sign(payload, "whsec_property_test"));
                stripe.delivered.add(payload);
            }
            return "delivered " + batch.size();
        }

        /** Time passes: Stripe renews every subscription whose period ended, then Caravel's periodic run. */
        String jump(Duration d) {
            if (d == null) {
                long next = stripe.subs.values().stream()
                        .filter(s -> !s.status.equals("canceled"))
                        .mapToLong(stripe::pEnd)
                        .min()
                        .orElse(0);
                if (next == 0) d = Duration.ofDays(1);
                else d = Duration.ofSeconds(Math.max(1, next - clock.seconds() + 1));
            }
            clock.advance(d);
            for (FakeStripe.Sub s : new ArrayList<>(stripe.subs.values())) {
                while (!s.status.equals("canceled") && stripe.pEnd(s) <= clock.seconds()) {
                    boolean cancelling = s.cancelAtPeriodEnd;
                    stripe.advance(s);
                    count(cancelling ? "period_end" : "renewal");
                    if (s.status.equals("past_due")) count("renewal_failed");
                }
            }
            Inside.of(app).renewals().runCycle();
            checkGrace();
            return "jump " + d.toHours() + " h";
        }

        String payLightning(String tenant) {
            var pending = Inside.of(app)
                    .invoices()
                    .forTenant(tenant, InvoiceStatus.PENDING, new caravel.store.Page.Request(1, 200))
                    .items()
                    .stream()
                    .filter(i -> !i.onCard())
                    .toList();
            if (pending.isEmpty()) return "no Lightning invoice to pay";
            var inv = pick(pending);
            try {
                var withBolt11 = Inside.of(app).payments().ensureBolt11(inv.id());
                wallet.pay(withBolt11.paymentHash());
                Inside.of(app).payments().check(inv.id());
            } catch (Exception e) {
                return "lightning pay failed: " + e.getMessage();
            }
            return "paid Lightning invoice " + inv.id();
        }

        /** Every event delivered and every tenant's subscription in line with its relays. */
        void quiesce() {
            for (int i = 0; i < 10; i++) {
                for (String t : tenants) {
                    try {
                        card.billing.sync(t);
                    } catch (StripeGateway.Rejected ignored) {
                        // a refused sync is one of the outcomes this history explores
                    }
                }
                if (stripe.outbox.isEmpty()) break;
                List<String> all = new ArrayList<>(stripe.outbox);
                stripe.outbox.clear();
                for (String p : all) card.webhooks.handle(p, stripe.sign(p, "whsec_property_test"));
            }
        }

        // ---- the invariants ----

        record CardInv(
                String id,
                String tenant,
                String stripeId,
                String status,
                String kind,
                long amount,
                long dueAt,
                Long start,
                Long end,
                boolean waived) {}

        List<CardInv> cardInvoices() {
            return Inside.of(app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("""
                            SELECT id, tenant, stripe_invoice_id, status, kind, amount, due_at, period_start, period_end, waived_at FROM invoices
                            WHERE rail = 'card' AND tenant IN (<t>)""")
                            .bindList("t", tenants)
                            .map((rs, c) -> new CardInv(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getLong(6),
                                    rs.getLong(7),
                                    rs.getObject(8) == null ? null : rs.getLong(8),
                                    rs.getObject(9) == null ? null : rs.getLong(9),
                                    rs.getObject(10) != null))
                            .list());
        }

        Map<String, Boolean> suspendedNow() {
            Map<String, Boolean> m = new HashMap<>();
            for (String id : relayIds)
                m.put(id, RelayStateMachine.billingSuspended(RelayTransitions.stateOf(relay(id))));
            return m;
        }

        Map<String, Long> paidByTenant() {
            Map<String, Long> m = new HashMap<>();
            for (String t : tenants)
                m.put(
                        t,
                        Inside.of(app)
                                .db()
                                .jdbi()
                                .withHandle(h -> h.createQuery(
                                                "SELECT count(*) FROM invoices WHERE tenant = :t AND status = 'paid'")
                                        .bind("t", t)
                                        .mapTo(Long.class)
                                        .one()));
            return m;
        }

        void check(String op, Map<String, Boolean> suspendedBefore, Map<String, Long> paidBefore) {
            List<CardInv> mine = cardInvoices();
            // 1. once per event, never ahead of Stripe
            long payments = Inside.of(app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) FROM activity WHERE kind = 'card_payment' AND tenant IN (<t>)")
                            .bindList("t", tenants)
                            .mapTo(Long.class)
                            .one());
            assertThat(payments)
                    .as("card payments recorded once each")
                    .isEqualTo(
                            mine.stream().filter(i -> i.status().equals("paid")).count());
            for (CardInv i : mine) {
                if (i.status().equals("paid"))
                    assertThat(stripe.invoices.get(i.stripeId()).status())
                            .as("paid here only when paid at Stripe: " + i)
                            .isEqualTo("paid");
            }
            assertThat(mine.stream().map(CardInv::stripeId).distinct().count())
                    .as("each Stripe invoice mirrored once")
                    .isEqualTo(mine.size());
            // 3. suspensions lift only with a payment
            for (String id : relayIds) {
                Relay r = relay(id);
                if (suspendedBefore.getOrDefault(id, false)
                        && !RelayStateMachine.billingSuspended(RelayTransitions.stateOf(r)))
                    assertThat(paidByTenant().get(r.tenant()))
                            .as("relay " + id + " left its suspension after " + op + " without a payment")
                            .isGreaterThan(paidBefore.get(r.tenant()));
            }
            // 4. one rail per relay-period
            for (String t : tenants) {
                List<long[]> lightning = Inside.of(app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery("""
                                SELECT i.period_start, i.period_end FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                                WHERE v.tenant = :t AND v.rail = 'lightning' AND v.status <> 'void' AND v.kind = 'renewal' AND i.amount > 0""")
                                .bind("t", t)
                                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)})
                                .list());
                for (CardInv c : mine) {
                    if (!c.tenant().equals(t)
                            || c.status().equals("void")
                            || c.amount() == 0
                            || c.start() == null
                            || !c.kind().equals("renewal")) continue;
                    for (long[] l : lightning)
                        assertThat(Math.min(l[1], c.end()) - Math.max(l[0], c.start()))
                                .as("Lightning " + l[0] + "–" + l[1] + " and card " + c + " overlap")
                                .isLessThanOrEqualTo(60);
                }
            }
        }

        /** 2. After the periodic run, a card renewal past its grace leaves no paid relay of the tenant served. */
        void checkGrace() {
            long now = clock.seconds();
            for (CardInv i : cardInvoices()) {
                if (!i.status().equals("pending")
                        || !i.kind().equals("renewal")
                        || i.waived()
                        || i.dueAt() + Renewals.GRACE_SECONDS > now) continue;
                for (String id : relayIds) {
                    Relay r = relay(id);
                    if (!r.tenant().equals(i.tenant())
                            || !Plans.seed().byId(r.plan()).orElseThrow().paid()) continue;
                    assertThat(RelayStateMachine.served(r.status()))
                            .as("relay " + id + " served while card invoice " + i + " is past its grace")
                            .isFalse();
                    count("suspension_seen");
                }
            }
        }

        String dump(String t) {
            StringBuilder sb = new StringBuilder();
            Inside.of(app)
                    .db()
                    .jdbi()
                    .useHandle(h -> sb.append(h.createQuery(
                                    "SELECT billing_rail || '/' || coalesce(next_rail, '-') FROM tenants WHERE pubkey = :t")
                            .bind("t", t)
                            .mapTo(String.class)
                            .one()));
            for (String id : relayIds) {
                Relay r = relay(id);
                if (r.tenant().equals(t))
                    sb.append(" [")
                            .append(r.plan())
                            .append(' ')
                            .append(r.status())
                            .append(r.upgradePlan() == null ? "" : "→" + r.upgradePlan())
                            .append(']');
            }
            Inside.of(app)
                    .db()
                    .jdbi()
                    .useHandle(h -> sb.append(" activity: ")
                            .append(h.createQuery(
                                            "SELECT string_agg(kind || ':' || message, ' | ') FROM activity WHERE tenant = :t")
                                    .bind("t", t)
                                    .mapTo(String.class)
                                    .one()));
            return sb.toString();
        }

        void checkQuiescent() {
            List<CardInv> mine = cardInvoices();
            for (String t : tenants) {
                String customer = customer(t);
                if (customer == null) continue;
                List<String> taken = Inside.of(app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery("SELECT id FROM stripe_subscriptions WHERE tenant = :t")
                                .bind("t", t)
                                .mapTo(String.class)
                                .list());
                for (FakeStripe.Sub s : stripe.subs.values())
                    if (s.customer.equals(customer) && !taken.contains(s.id))
                        assertThat(s.status)
                                .as("a subscription the tenant did not take up is ended: " + s.id)
                                .isEqualTo("canceled");
                for (var si : stripe.invoices.values()) {
                    if (!si.customer().equals(customer) || !taken.contains(si.subscription())) continue;
                    var row = mine.stream()
                            .filter(i -> i.stripeId().equals(si.id()))
                            .findFirst();
                    if (si.status().equals("paid") && si.amountDue() <= 0 && si.amountPaid() <= 0) {
                        // a paid invoice of nothing (a switch's trial) charged no one: no row in the history
                        assertThat(row)
                                .as("Stripe invoice " + si.id() + " of nothing not mirrored")
                                .isEmpty();
                        continue;
                    }
                    assertThat(row)
                            .as("Stripe invoice " + si.id() + " mirrored")
                            .isPresent();
                    assertThat(row.get().status())
                            .as("status of " + si.id())
                            .isEqualTo(si.status().equals("paid") ? "paid" : "pending");
                }
                boolean onCard = Inside.of(app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery("SELECT billing_rail = 'card' FROM tenants WHERE pubkey = :t")
                                .bind("t", t)
                                .mapTo(Boolean.class)
                                .one());
                if (!onCard) continue;
                String subId = subscription(t);
                FakeStripe.Sub sub = subId == null ? null : stripe.subs.get(subId);
                boolean live = sub != null && !sub.status.equals("canceled");
                // a place on a dearer plan covers a cheaper relay (a downgrade not yet reflected overpays, never
                // underpays)
                long served = 0, paidFor = 0;
                for (String plan : List.of("growth", "basic")) {
                    served += relayIds.stream()
                            .map(this::relay)
                            .filter(r -> r.tenant().equals(t)
                                    && (r.pendingPlan() != null ? r.pendingPlan() : r.plan())
                                            .equals(plan)) // paid at the old plan until the period ends
                            .filter(r -> RelayStateMachine.served(r.status()) || r.status() == RelayStatus.SUSPENDED)
                            .count();
                    paidFor += live ? sub.q.getOrDefault(plan.equals("basic") ? "price_basic" : "price_growth", 0L) : 0;
                    assertThat(served)
                            .as(t.substring(0, 6) + ": relays served or suspended on " + plan
                                    + " or dearer vs the subscription's places; " + dump(t) + " sub "
                                    + (sub == null ? null : sub.status + " " + sub.q))
                            .isLessThanOrEqualTo(paidFor);
                }
            }
        }
    }
}
