package caravel.stripe;

import caravel.billing.Cycles;
import caravel.testing.MutableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stripe in memory for the property test (thousands of steps; the HTTP emulator is for the other tests): the same
 * rules as stack/stripe-emulator — subscriptions whose periods follow their anchor month by month, proration charged
 * now or refused without change, renewals that fail on a failing card, retries — and events kept in an outbox that
 * the test delivers, signed with the real scheme, in any order and any number of times. {@link FakeStripeContractTest}
 * holds it to what the emulator answers through the product's gateway ({@link StripeGatewayContract}).
 */
final class FakeStripe implements StripeGateway {
    static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock;
    final String priceBasic, priceGrowth;
    final long basicCents = 900, growthCents = 2900;
    final Map<String, String> customerTenant = new HashMap<>(); // every customer → its tenant
    final Map<String, Boolean> cardWorks = new HashMap<>(); // customer → charges succeed
    final Map<String, Session> sessions = new LinkedHashMap<>(); // Checkout sessions, both modes
    final Map<String, Long> checkoutTrial = new HashMap<>();
    final Map<String, Sub> subs = new LinkedHashMap<>();
    final Map<String, StripeInvoice> invoices = new LinkedHashMap<>();
    final Map<String, Replay> replays = new HashMap<>(); // idempotency key → its first request and answer
    final List<String> outbox = new ArrayList<>(); // event payloads not delivered yet
    final List<String> delivered = new ArrayList<>();
    final AtomicInteger ids = new AtomicInteger();

    static final class Sub {
        String id, customer, status;
        boolean cancelAtPeriodEnd;
        long anchor;
        int k; // current period index from anchor
        Long trialEnd;
        long trialStart;
        Map<String, Long> q = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        String latestInvoice;
    }

    /** A Checkout session: subscription mode (quantities, trial) or payment mode (one amount for one invoice). */
    static final class Session {
        String id, url, customer, tenant, status = "open", paymentStatus = "unpaid", subscription;
        boolean payment;
        Map<String, Long> quantities = Map.of();
        Long trialEnd;
        String invoice, currency = "usd";
        long amount;
    }

    /** What Stripe keeps for an idempotency key: the request's parameters, and its answer (a result or a refusal). */
    record Replay(String fingerprint, Object result, RuntimeException error) {}

    FakeStripe(MutableClock clock, String priceBasic, String priceGrowth) {
        this.clock = clock;
        this.priceBasic = priceBasic;
        this.priceGrowth = priceGrowth;
    }

    String id(String prefix) {
        return prefix + "_" + Integer.toString(ids.incrementAndGet(), 36) + "f"
                + Long.toString(System.nanoTime() % 100000, 36);
    }

    long now() {
        return clock.seconds();
    }

    long unit(String price) {
        if (price.equals(priceBasic)) return basicCents;
        if (price.equals(priceGrowth)) return growthCents;
        throw new Rejected("No such price: '" + price + "'", null);
    }

    /**
     * A request under an idempotency key, as Stripe answers it: the first answer (a result or a card refusal) again
     * for the same parameters, whatever changed since; a refusal for other parameters.
     */
    @SuppressWarnings("unchecked")
    <T> T once(String key, String fingerprint, java.util.function.Supplier<T> request) {
        if (key == null) return request.get();
        Replay seen = replays.get(key);
        if (seen != null) {
            if (!seen.fingerprint().equals(fingerprint))
                throw new Rejected(
                        "Keys for idempotent requests can only be used with the same parameters they were first used"
                                + " with.",
                        null);
            if (seen.error() != null) throw seen.error();
            return (T) seen.result();
        }
        try {
            T result = request.get();
            replays.put(key, new Replay(fingerprint, result, null));
            return result;
        } catch (Declined | Rejected e) {
            replays.put(key, new Replay(fingerprint, null, e));
            throw e;
        }
    }

    String customer(String id) {
        if (!customerTenant.containsKey(id)) throw new Rejected("No such customer: '" + id + "'", null);
        return id;
    }

    Session session(String id) {
        Session s = sessions.get(id);
        if (s == null) throw new Rejected("No such checkout session: '" + id + "'", null);
        return s;
    }

    Sub sub(String id) {
        Sub s = subs.get(id);
        if (s == null) throw new Rejected("No such subscription: '" + id + "'", null);
        return s;
    }

    // ---- the gateway ----

    @Override
    public synchronized String createCustomer(String tenant, String key) {
        return once(key, "customer " + tenant, () -> {
            String c = id("cus");
            customerTenant.put(c, tenant);
            cardWorks.put(c, true);
            return c;
        });
    }

    @Override
    public synchronized Checkout createCheckout(
            String customer,
            String tenant,
            Map<String, Long> quantities,
            Long trialEnd,
            String ok,
            String cancel,
            String key) {
        Map<String, Long> items = new LinkedHashMap<>(quantities);
        items.values().removeIf(q -> q <= 0); // the line items the request carries
        String fingerprint =
                "checkout " + customer + " " + tenant + " " + items + " " + trialEnd + " " + ok + " " + cancel;
        return once(key, fingerprint, () -> {
            customer(customer);
            if (items.isEmpty()) throw new Rejected("Missing required param: line_items.", null);
            items.keySet().forEach(this::unit);
            if (trialEnd != null && trialEnd < now() + 48 * 3600)
                throw new Rejected("trial_end must be at least 48 hours in the future.", null);
            Session s = new Session();
            s.id = id("cs_test");
            s.url = "http://fake/checkout/" + s.id;
            s.customer = customer;
            s.tenant = tenant;
            s.quantities = items;
            s.trialEnd = trialEnd;
            s.amount = trialEnd != null
                    ? 0
                    : items.entrySet().stream()
                            .mapToLong(e -> unit(e.getKey()) * e.getValue())
                            .sum();
            sessions.put(s.id, s);
            if (trialEnd != null) checkoutTrial.put(s.id, trialEnd);
            return new Checkout(s.id, s.url);
        });
    }

    @Override
    public synchronized CheckoutSession retrieveCheckout(String id) {
        Session s = session(id);
        return new CheckoutSession(id, s.status, s.subscription);
    }

    @Override
    public synchronized Checkout createPaymentCheckout(InvoiceCharge charge, String key) {
        String customer = charge.customer();
        String tenant = charge.tenant();
        String invoice = charge.invoice();
        String currency = charge.currency();
        long amount = charge.amount();
        String fingerprint = "payment " + customer + " " + tenant + " " + invoice + " " + currency + " " + amount + " "
                + charge.description() + " " + charge.successUrl() + " " + charge.cancelUrl();
        return once(key, fingerprint, () -> {
            customer(customer);
            // Stripe's smallest charge in USD
            if (currency.equalsIgnoreCase("usd") && amount < 50)
                throw new Rejected("The Checkout Session's total amount due must add up to at least $0.50 usd", null);
            Session s = new Session();
            s.id = id("cs_test");
            s.url = "http://fake/checkout/" + s.id;
            s.customer = customer;
            s.tenant = tenant;
            s.payment = true;
            s.invoice = invoice;
            s.currency = currency.toLowerCase(java.util.Locale.ROOT);
            s.amount = amount;
            sessions.put(s.id, s);
            return new Checkout(s.id, s.url);
        });
    }

    @Override
    public synchronized PaymentCheckout retrievePaymentCheckout(String id) {
        Session s = session(id);
        return new PaymentCheckout(id, s.status, s.paymentStatus, s.amount, s.currency, s.invoice);
    }

    @Override
    public synchronized boolean expireCheckout(String id) {
        Session s = session(id);
        if (s.status.equals("open")) {
            s.status = "expired";
            event("checkout.session.expired", s.id, s.customer, null);
        }
        return s.status.equals("expired"); // false once it completed
    }

    @Override
    public synchronized Subscription retrieveSubscription(String id) {
        return view(sub(id));
    }

    @Override
    public synchronized Subscription updateQuantities(
            String id, Map<String, Long> quantities, boolean chargeNow, String key) {
        Sub s = sub(id);
        // the request as the real gateway sends it: the items it changes, and how
        Map<String, Long> asked = new LinkedHashMap<>(quantities);
        asked.entrySet().removeIf(e -> e.getValue() == 0 && !s.q.containsKey(e.getKey()));
        return once(key, "update " + id + " " + asked + " " + chargeNow, () -> update(s, asked, chargeNow));
    }

    /**
     * As Stripe: charged now, the unused time on the old quantities is credited and the rest of the period on the new
     * ones charged, line by line, on an invoice paid at once (nothing due when the credit covers it); a card that
     * fails a positive charge changes nothing. Otherwise the quantities change for the next period, no proration.
     */
    Subscription update(Sub s, Map<String, Long> quantities, boolean chargeNow) {
        if (s.status.equals("canceled"))
            throw new Rejected("A canceled subscription can only update its cancellation_details and metadata.", null);
        Map<String, Long> next = new LinkedHashMap<>(s.q);
        quantities.forEach((price, q) -> {
            if (q == 0) next.remove(price);
            else {
                unit(price);
                next.put(price, q);
            }
        });
        long start = pStart(s), end = pEnd(s);
        double fraction = s.status.equals("trialing") ? 0 : Math.max(0, end - now()) / (double) (end - start);
        List<Long> lines = new ArrayList<>();
        java.util.Set<String> prices = new java.util.LinkedHashSet<>(s.q.keySet());
        prices.addAll(next.keySet());
        for (String price : prices) {
            long before = s.q.getOrDefault(price, 0L), after = next.getOrDefault(price, 0L);
            if (before == after || !chargeNow) continue;
            if (before > 0) lines.add(-Math.round(unit(price) * before * fraction));
            if (after > 0) lines.add(Math.round(unit(price) * after * fraction));
        }
        long due = lines.stream().mapToLong(Long::longValue).sum();
        if (!lines.isEmpty() && due > 0 && !cardWorks.get(s.customer)) throw new Declined("Your card was declined.");
        s.q = next;
        event("customer.subscription.updated", s.id, s.customer, null);
        if (!lines.isEmpty()) {
            StripeInvoice inv = invoice(s, "subscription_update", Math.max(0, due), now(), end, true);
            event("invoice.paid", inv.id(), s.customer, s.id);
        }
        return view(s);
    }

    @Override
    public synchronized Subscription cancelAtPeriodEnd(String id, boolean cancel) {
        Sub s = sub(id);
        if (s.status.equals("canceled"))
            throw new Rejected("A canceled subscription can only update its cancellation_details and metadata.", null);
        s.cancelAtPeriodEnd = cancel;
        event("customer.subscription.updated", s.id, s.customer, null);
        return view(s);
    }

    @Override
    public synchronized Subscription cancelNow(String id) {
        Sub s = sub(id);
        if (s.status.equals("canceled")) throw new Rejected("This subscription is already canceled.", null);
        s.status = "canceled";
        event("customer.subscription.deleted", s.id, s.customer, null);
        return view(s);
    }

    @Override
    public synchronized Price retrievePrice(String id) {
        return new Price(id, unit(id), "usd");
    }

    @Override
    public synchronized StripeInvoice retrieveInvoice(String id) {
        StripeInvoice i = invoices.get(id);
        if (i == null) throw new Rejected("No such invoice: '" + id + "'", null);
        return i;
    }

    @Override
    public synchronized String portalSession(String customer, String returnUrl) {
        return "http://fake/portal/" + customer(customer);
    }

    // ---- what a browser or time does ----

    /**
     * The Checkout page's Pay button: a working card pays (a subscription session starts its subscription), a declined
     * one changes nothing and leaves the session open; a session that is not open cannot be paid.
     */
    synchronized boolean completeCheckout(String checkoutId, boolean cardOk) {
        Session session = sessions.get(checkoutId);
        if (session == null || !session.status.equals("open") || !cardOk) return false;
        String customer = session.customer;
        cardWorks.put(customer, true);
        session.status = "complete"; // a session completes once
        if (session.payment) {
            session.paymentStatus = "paid"; // charged there and then
            event("checkout.session.completed", checkoutId, customer, null, "payment");
            return true;
        }
        Sub s = new Sub();
        s.id = id("sub");
        s.customer = customer;
        s.metadata = Map.of("tenant", session.tenant);
        Long trial = session.trialEnd;
        s.trialEnd = trial;
        s.status = trial != null ? "trialing" : "active";
        s.anchor = trial != null ? trial : now();
        s.k = trial != null ? -1 : 0;
        s.trialStart = now();
        s.q.putAll(session.quantities);
        subs.put(s.id, s);
        session.subscription = s.id;
        session.paymentStatus = trial != null ? "no_payment_required" : "paid";
        event("customer.subscription.created", s.id, customer, null);
        StripeInvoice inv = invoice(s, "subscription_create", session.amount, pStart(s), pEnd(s), true);
        event("invoice.paid", inv.id(), customer, s.id);
        event("checkout.session.completed", checkoutId, customer, s.id, "subscription");
        return true;
    }

    /** The subscription reaches its period end (the clock is moved there by the test). */
    synchronized void advance(Sub s) {
        if (s.status.equals("canceled")) return;
        if (s.cancelAtPeriodEnd) {
            s.status = "canceled";
            event("customer.subscription.deleted", s.id, s.customer, null);
            return;
        }
        s.k++;
        if (s.status.equals("trialing")) s.status = "active";
        long amount = s.q.entrySet().stream()
                .mapToLong(e -> unit(e.getKey()) * e.getValue())
                .sum();
        boolean ok = amount == 0 || cardWorks.get(s.customer);
        StripeInvoice inv = invoice(s, "subscription_cycle", amount, pStart(s), pEnd(s), ok);
        event("customer.subscription.updated", s.id, s.customer, null); // the new period
        collected(s, inv, ok);
    }

    /**
     * Stripe's retry of an open invoice: paid with a working card, another failed attempt (and its event) with a
     * failing one.
     */
    synchronized void retry(String invoiceId) {
        StripeInvoice i = invoices.get(invoiceId);
        if (!i.status().equals("open")) return;
        boolean ok = cardWorks.get(i.customer());
        if (ok) {
            i = new StripeInvoice(
                    i.id(),
                    i.customer(),
                    i.subscription(),
                    "paid",
                    i.amountDue(),
                    i.amountDue(),
                    i.currency(),
                    i.billingReason(),
                    i.hostedInvoiceUrl(),
                    i.periodStart(),
                    i.periodEnd(),
                    i.created());
            invoices.put(i.id(), i);
        }
        collected(subs.get(i.subscription()), i, ok);
    }

    /**
     * After a charge of an invoice, as Stripe: a failure turns an active subscription past_due (its own update); a
     * payment that leaves none of its invoices open makes a past_due one active again.
     */
    void collected(Sub s, StripeInvoice inv, boolean paid) {
        if (!paid && s.status.equals("active")) {
            s.status = "past_due";
            event("customer.subscription.updated", s.id, s.customer, null);
        }
        if (paid
                && s.status.equals("past_due")
                && invoices.values().stream()
                        .noneMatch(
                                x -> s.id.equals(x.subscription()) && x.status().equals("open"))) {
            s.status = "active";
            event("customer.subscription.updated", s.id, s.customer, null);
        }
        event(paid ? "invoice.paid" : "invoice.payment_failed", inv.id(), s.customer, s.id);
    }

    long pStart(Sub s) {
        return s.k < 0 ? s.trialStart : Cycles.boundary(s.anchor, s.k);
    }

    long pEnd(Sub s) {
        return s.k < 0 ? s.trialEnd : Cycles.boundary(s.anchor, s.k + 1);
    }

    StripeInvoice invoice(Sub s, String reason, long amount, long start, long end, boolean paid) {
        StripeInvoice inv = new StripeInvoice(
                id("in"),
                s.customer,
                s.id,
                paid ? "paid" : "open",
                amount,
                paid ? amount : 0,
                "usd",
                reason,
                "http://fake/invoice",
                start,
                end,
                now());
        invoices.put(inv.id(), inv);
        s.latestInvoice = inv.id();
        return inv;
    }

    Subscription view(Sub s) {
        List<Item> items = new ArrayList<>();
        s.q.forEach((p, q) -> items.add(new Item("si_" + s.id + p, p, q, pStart(s), pEnd(s))));
        return new Subscription(s.id, s.customer, s.status, s.cancelAtPeriodEnd, items, s.metadata, s.latestInvoice);
    }

    void event(String type, String objectId, String customer, String subscription) {
        event(type, objectId, customer, subscription, null);
    }

    /** @param mode a Checkout session's (subscription or payment), which the webhook handler reads */
    void event(String type, String objectId, String customer, String subscription, String mode) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id("evt"))
                .put("object", "event")
                .put("type", type)
                .put("created", now())
                .put("api_version", "2026-07-29.dahlia");
        ObjectNode o = e.putObject("data").putObject("object");
        o.put("id", objectId).put("customer", customer);
        if (subscription != null) o.put("subscription", subscription);
        if (mode != null) o.put("mode", mode);
        outbox.add(e.toString());
    }

    /** A delivery's Stripe-Signature header, made as Stripe makes it, at the current time. */
    String sign(String payload, String secret) {
        try {
            long t = now();
            return "t=" + t + ",v1=" + Webhook.Util.computeHmacSha256(secret, t + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
