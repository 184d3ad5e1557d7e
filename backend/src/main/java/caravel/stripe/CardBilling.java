package caravel.stripe;

import caravel.billing.Cycles;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.Rails;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Rail;
import caravel.domain.RelayStatus;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.Periodic;
import caravel.relays.RelayStateMachine;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.CardCheckout;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import caravel.stripe.StripeGateway.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The card rail: what billing calls for a tenant who pays by card ({@link Rails}), and what the account page
 * asks of Stripe (Checkout, the customer portal, switching rails).
 *
 * <p>A tenant's one subscription has one item per paid plan whose quantity is the number of its relays that should
 * be paid for on that plan (relays in service, suspended ones, relays waiting for their first payment, and the
 * target plan of an upgrade). A sync job brings Stripe in line with that: more relays are charged at once with
 * Stripe's proration and fail without changing anything when the card is refused (paid before served); fewer are
 * billed from the next period without refunds, as on Lightning. Only verified webhooks change relays
 * ({@link StripeWebhooks}): a successful API call here changes nothing but the cached quantities.
 */
public final class CardBilling {
    public static final String JOB_SYNC = "stripe.sync";
    public static final String JOB_TICK = "stripe.tick";

    /**
     * What a "pay by card" asks: go to Stripe Checkout, or the card on file was charged (or refused).
     * @param waitingOnLightning relays the card does not start now because they still wait for their first Lightning
     *     invoice (a switch to card that waits for the renewal); the answer names them and says why
     */
    public record PayResult(String checkoutUrl, String status, String error, List<LightningWait> waitingOnLightning) {
        public PayResult(String checkoutUrl, String status, String error) {
            this(checkoutUrl, status, error, List.of());
        }

        /** The sentence that tells the tenant about the relays left on their Lightning invoice, or null. */
        public String notice() {
            if (waitingOnLightning.isEmpty()) return null;
            String names = String.join(
                    ", ", waitingOnLightning.stream().map(LightningWait::name).toList());
            boolean one = waitingOnLightning.size() == 1;
            return names + (one ? " is" : " are")
                    + " not in this card checkout: " + (one ? "it still waits" : "they still wait")
                    + " for " + (one ? "its" : "their")
                    + " first Lightning invoice, because card payments start only at the next renewal. Pay that"
                    + " invoice (over Lightning, or once by card from the invoice) to start " + (one ? "it" : "them")
                    + " now; if it is still unpaid when card payments start, it is cancelled and the card pays for "
                    + (one ? "the relay" : "them") + " from then.";
        }
    }

    /** A relay waiting for its first payment on a Lightning invoice that the card does not take over yet. */
    public record LightningWait(String relay, String name, String invoice) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final StripeGateway stripe;
    private final RelayStore relayStore;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final Invoicing invoicing;
    private final Prices prices;
    private final String appUrl;
    private final long tickSeconds;
    private final Notices notices;
    private final CardRail rail;
    private final RailSwitch switches;

    public CardBilling(CardDeps deps, Prices prices, String appUrl, long tickSeconds) {
        this.notices = deps.notices();
        this.rail = deps.rail();
        this.jdbi = deps.jdbi();
        this.clock = deps.clock();
        this.stripe = deps.stripe();
        this.relayStore = deps.relayStore();
        this.tenants = deps.tenants();
        this.activity = deps.activity();
        this.invoicing = deps.invoicing();
        this.prices = prices;
        this.appUrl = appUrl.replaceAll("/+$", "");
        this.tickSeconds = tickSeconds;
        this.switches = new RailSwitch(this, jdbi, stripe, relayStore, tenants, activity, invoicing, rail);
    }

    Prices prices() {
        return prices;
    }

    long now() {
        return Epoch.seconds(clock);
    }

    // ---- what should be paid for ----

    /**
     * plan id → how many of the tenant's relays the subscription should bill from its next period (see the class
     * comment): scheduled downgrades count at their new plan (they were paid for at the old plan until then). What
     * is owed this period is {@link CardLedger#places}'s question.
     */
    Map<String, Long> desired(Handle h, String tenant) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : prices.plans().paid()) out.put(p.id(), 0L);
        boolean onCard = tenants.onCard(h, tenant);
        for (Relay r : relayStore.byTenant(h, tenant)) {
            RelayStatus st = r.status();
            // a switch to card that waits for the renewal: a relay still waiting for its first Lightning invoice is
            // not the card's until then (its trial would serve it unpaid), so it is neither listed nor billed by it
            if (!onCard && waitsOnLightning(r)) continue;
            String plan;
            if (RelayStateMachine.served(st)) plan = r.upgradePlan() != null ? r.upgradePlan() : r.plan();
            else if (st == RelayStatus.SUSPENDED || st == RelayStatus.AWAITING_PAYMENT) plan = r.plan();
            else continue;
            if (r.pendingPlan() != null && r.upgradePlan() == null) plan = r.pendingPlan();
            if (out.containsKey(plan)) out.merge(plan, 1L, Long::sum);
        }
        return out;
    }

    private static boolean waitsOnLightning(Relay r) {
        return r.status() == RelayStatus.AWAITING_PAYMENT && r.awaitingPaymentInvoice() != null;
    }

    /** The tenant's relays that still wait for their first Lightning invoice (see {@link #desired}). */
    List<LightningWait> lightningWaits(String tenant) {
        return jdbi.withHandle(h -> relayStore.byTenant(h, tenant).stream()
                .filter(CardBilling::waitsOnLightning)
                .filter(r -> prices.plans().of(r.plan()).paid())
                .map(r -> new LightningWait(r.id(), r.name(), r.awaitingPaymentInvoice()))
                .toList());
    }

    /**
     * On card, a relay still waiting on a first Lightning invoice from before the switch is the card's now: the invoice
     * is cancelled before the card is charged for the relay, so it can never be paid on both rails. A Lightning payment
     * that came first put the relay in service, and {@link CardLedger#places} then counts its place as paid.
     */
    private void takeOverLightningInvoices(String tenant) {
        jdbi.useTransaction(h -> {
            for (Relay r : relayStore.byTenant(h, tenant)) {
                if (!waitsOnLightning(r)) continue;
                invoicing.voidUnpaid(h, r.awaitingPaymentInvoice(), "the card pays for the relay instead");
                relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
            }
        });
    }

    private static boolean increases(Map<String, Long> want, Map<String, Long> have) {
        return want.entrySet().stream().anyMatch(e -> e.getValue() > have.getOrDefault(e.getKey(), 0L));
    }

    /**
     * Brings the subscription's quantities in line with what the tenant should pay for. More relays are charged now
     * (only while the tenant is on card; otherwise the subscription is being prepared for a switch and changes
     * without charging); a refusal is kept on the account and told to the tenant.
     */
    public PayResult sync(String tenant) {
        CardAccount a = jdbi.withHandle(h -> tenants.cardAccount(h, tenant)).orElse(null);
        if (a == null || a.subscription() == null) return new PayResult(null, "no_subscription", null);
        Subscription sub = stripe.retrieveSubscription(a.subscription());
        if (!sub.live()) return new PayResult(null, "ended", null); // its webhook clears it
        Map<String, Long> have = prices.plans(sub);
        long now = now();
        jdbi.useHandle(h -> tenants.setStripeSubscription(h, tenant, sub.id(), have, now));
        if (a.onCard()) takeOverLightningInvoices(tenant);
        Map<String, Long> want = jdbi.withHandle(h -> desired(h, tenant));
        if (want.equals(have)) return new PayResult(null, "in_sync", null);
        // steps, so a charge never carries a credit nor charges a place this period has paid for: first the places of
        // relays in service (a cancelled scheduled downgrade's, lowered for the next period), uncharged; then what must
        // be paid now (relays waiting, paid upgrades), charged pro rata; then what changes from the next period (fewer
        // relays, scheduled downgrades), uncharged
        CardLedger.Places places =
                jdbi.withHandle(h -> CardLedger.places(relayStore.byTenant(h, tenant), have, prices.plans()));
        boolean charge = a.onCard() && !places.charged().equals(places.paid());
        Map<String, Long> first = charge ? places.charged() : want;
        // one key per attempt (the gateway's own retries of a request reuse it). A key derived from the change alone
        // made Stripe replay an old answer: the same 1 → 2 asked again later in the period (a relay deactivated, then
        // reactivated) got the first charge's success back without charging, and a retry after the card was fixed got
        // the old refusal. Repeating an attempt never charges twice: quantities are absolute, and each attempt starts
        // from the subscription as Stripe has it now.
        String key =
                "caravel-sync-" + sha256(sub.id() + "|" + have + "|" + first + "|" + charge + "|" + UUID.randomUUID());
        try {
            if (charge && !places.paid().equals(have))
                stripe.updateQuantities(sub.id(), prices.byPrice(places.paid()), false, key + "-paid");
            Subscription after = stripe.updateQuantities(sub.id(), prices.byPrice(first), charge, key);
            if (charge && !first.equals(want))
                after = stripe.updateQuantities(sub.id(), prices.byPrice(want), false, key + "-next");
            Subscription done = after;
            jdbi.useTransaction(h -> {
                tenants.setStripeSubscription(h, tenant, done.id(), prices.plans(done), now);
                tenants.setCardError(h, tenant, null);
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_subscription_updated",
                        "Card subscription now pays for " + describe(prices.plans(done))
                                + (charge ? " (the difference charged now)" : " (from the next period)"),
                        Actor.SYSTEM,
                        now);
            });
            return new PayResult(null, charge ? "charged" : "updated", null);
        } catch (StripeGateway.Declined d) {
            String msg = d.getMessage();
            jdbi.useTransaction(h -> {
                tenants.setCardError(h, tenant, msg);
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_declined",
                        "Card payment refused: " + msg + ". Relays waiting for it stay waiting.",
                        Actor.SYSTEM,
                        now);
                notices.send(
                        h,
                        tenant,
                        null,
                        "Your card payment for Caravel was refused: " + msg
                                + ". Relays waiting for it stay waiting; update your card from your account page and pay again.",
                        "dm:card-declined:" + key);
            });
            return new PayResult(null, "declined", msg);
        }
    }

    static String describe(Map<String, Long> q) {
        StringBuilder sb = new StringBuilder();
        q.forEach((plan, n) -> {
            if (n > 0)
                sb.append(sb.isEmpty() ? "" : ", ").append(n).append(" × ").append(plan);
        });
        return sb.isEmpty() ? "no relays" : sb.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public JobHandler syncHandler() {
        return job -> {
            try {
                sync(JobPayloads.read(job.payload(), TenantJob.class).tenant());
            } catch (StripeGateway.Rejected e) {
                throw new caravel.jobs.PermanentFailure(e.getMessage());
            }
        };
    }

    /**
     * The periodic check: a tenant whose relays changed without billing being asked (a deactivation) gets a sync.
     * Charges after a refusal wait for the tenant to pay again; lowering quantities never waits.
     */
    public Periodic.Work tick() {
        return () -> jdbi.useTransaction(h -> {
            for (String tenant : tenants.tenantsWithStripeSubscription(h)) {
                CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
                Map<String, Long> want = desired(h, tenant);
                if (a.quantities().isEmpty() || want.equals(a.quantities())) continue;
                if (a.cardError() != null && a.onCard() && increases(want, a.quantities())) continue;
                this.rail.changed(h, tenant);
            }
        });
    }

    /** How often {@link #tick()} runs. */
    public java.time.Duration tickPeriod() {
        return java.time.Duration.ofSeconds(tickSeconds);
    }

    // ---- the account page ----

    /** The tenant's Stripe customer, created on first need (one per tenant even when two requests race). */
    String ensureCustomer(String tenant) {
        String existing = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .map(CardAccount::customer)
                .orElse(null);
        if (existing != null) return existing;
        // the key is per tenant: a retry, or a racing second request, gets the same customer back from Stripe
        String created = stripe.createCustomer(tenant, "caravel-customer-" + tenant);
        long now = now();
        jdbi.useTransaction(h -> {
            if (tenants.setStripeCustomerIfAbsent(h, tenant, created, now))
                activity.add(
                        h, tenant, null, "card_customer", "Stripe customer " + created + " created", Actor.SYSTEM, now);
        });
        return jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .orElseThrow()
                .customer();
    }

    /**
     * "Pay by card": without a subscription, a Checkout session for everything that should be paid for (its URL);
     * with one, the card on file is charged for what is waiting now; a refused card is a PAYMENT_REFUSED failure.
     */
    public PayResult pay(String tenant) {
        CardAccount a = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .orElseThrow(() -> Failure.notFound("tenant not found"));
        if (!a.onCard() && a.nextRail() != Rail.CARD)
            throw Failure.conflict("this account pays over Lightning: choose card payments first");
        if (a.subscription() != null) {
            jdbi.useHandle(h -> tenants.setCardError(h, tenant, null));
            PayResult r = sync(tenant);
            // the person paying is told of a refused card at once (the refusal is already recorded and sent as a DM)
            if (r.status().equals("declined")) throw StripeCalls.declined(r.error());
            if (!r.status().equals("no_subscription") && !r.status().equals("ended")) return r;
        }
        Map<String, Long> want = jdbi.withHandle(h -> desired(h, tenant));
        if (want.values().stream().allMatch(q -> q == 0))
            throw Failure.conflict("nothing is waiting for a card payment");
        long now = now();
        // the session handed out before: still open, it is handed out again; paid (its webhooks on the way), a second
        // one would subscribe twice; only an expired one makes way for a new session
        CardCheckout last =
                jdbi.withHandle(h -> tenants.cardCheckout(h, tenant)).orElseThrow();
        if (last.id() != null) {
            String status = stripe.retrieveCheckout(last.id()).status();
            if (status.equals("open"))
                return new PayResult(last.url(), "checkout", null, a.onCard() ? List.of() : lightningWaits(tenant));
            if (status.equals("complete"))
                throw Failure.conflict(
                        "your card payment went through and is being confirmed: the relays are served as soon as Stripe confirms it");
        }
        Long trialEnd = a.onCard() ? null : switchTrialEnd(tenant);
        String customer = ensureCustomer(tenant);
        // one session per tenant and minute: a double click gets the same page, a later try a fresh one
        var session = stripe.createCheckout(
                customer,
                tenant,
                prices.byPrice(want),
                trialEnd,
                appUrl + "/account?card=success",
                appUrl + "/account?card=cancelled",
                "caravel-checkout-" + sha256(tenant + "|" + want + "|" + trialEnd + "|" + now / 60));
        jdbi.useTransaction(h -> {
            tenants.setCardCheckout(h, tenant, session.id(), session.url(), now);
            activity.add(
                    h,
                    tenant,
                    null,
                    "card_checkout",
                    "Card checkout started for " + describe(want),
                    Actor.person(tenant),
                    now);
        });
        return new PayResult(session.url(), "checkout", null, a.onCard() ? List.of() : lightningWaits(tenant));
    }

    /**
     * Stripe's Checkout takes a trial only when it ends at least 48 hours after the session is made; the margin covers
     * the clocks of the two sides.
     */
    static final long SHORTEST_TRIAL_SECONDS = 48 * 3600 + 600;

    /**
     * A switch from Lightning: Stripe charges first when the period paid over Lightning ends. In the period's last two
     * days Stripe takes no trial that short, so the first charge waits for the shortest one it takes (the relays stay
     * served meanwhile, those hours unbilled).
     */
    private Long switchTrialEnd(String tenant) {
        Long anchor = tenants.find(tenant).orElseThrow().billingAnchor();
        long now = now();
        if (anchor == null || anchor > now) return null;
        return Math.max(Cycles.at(anchor, now).end(), now + SHORTEST_TRIAL_SECONDS);
    }

    /** A customer-portal session (change card, see invoices, cancel) that returns to the account page. */
    public String portal(String tenant) {
        return portal(tenant, appUrl + "/account");
    }

    /**
     * A customer-portal session that returns to {@code returnUrl} (the caller resolved it against the allowed
     * origins). It opens before the account has any card: the Stripe customer is created on demand, so the first
     * card can be added there.
     */
    public String portal(String tenant, String returnUrl) {
        if (jdbi.withHandle(h -> tenants.cardAccount(h, tenant)).isEmpty()) throw Failure.notFound("tenant not found");
        return stripe.portalSession(ensureCustomer(tenant), returnUrl);
    }

    /**
     * Choosing a rail. At once when nothing is billed on the current rail; otherwise at the next renewal boundary
     * (next_rail), so one relay-period is never billed on both. Choosing the current rail cancels a pending switch.
     * @return the account after the change, and a Checkout URL when card payments must be set up first
     */
    public PayResult chooseRail(String tenant, Rail rail, Actor actor) {
        return switches.choose(tenant, rail, actor);
    }
}
