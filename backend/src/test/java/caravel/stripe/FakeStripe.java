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
 * the test delivers, signed with the real scheme, in any order and any number of times.
 */
final class FakeStripe implements StripeGateway {
    static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock;
    final String priceBasic, priceGrowth;
    final long basicCents = 900, growthCents = 2900;
    final Map<String, String> customerByKey = new HashMap<>();
    final Map<String, Boolean> cardWorks = new HashMap<>(); // customer → charges succeed
    final Map<String, Checkout> checkouts = new HashMap<>();
    final Map<String, Map<String, Long>> checkoutQuantities = new HashMap<>();
    final Map<String, Long> checkoutTrial = new HashMap<>();
    final Map<String, String> checkoutCustomer = new HashMap<>();
    final Map<String, Sub> subs = new LinkedHashMap<>();
    final Map<String, StripeInvoice> invoices = new LinkedHashMap<>();
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
        String latestInvoice;
    }

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
        return price.equals(priceBasic) ? basicCents : growthCents;
    }

    // ---- the gateway ----

    @Override
    public synchronized String createCustomer(String tenant, String key) {
        return customerByKey.computeIfAbsent(key, k -> {
            String c = id("cus");
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
        String id = id("cs_test");
        checkoutQuantities.put(id, new LinkedHashMap<>(quantities));
        if (trialEnd != null) checkoutTrial.put(id, trialEnd);
        checkoutCustomer.put(id, customer);
        Checkout c = new Checkout(id, "http://fake/checkout/" + id);
        checkouts.put(id, c);
        return c;
    }

    final Map<String, String> completed = new HashMap<>(); // checkout session → the subscription it started

    @Override
    public synchronized CheckoutSession retrieveCheckout(String id) {
        if (!checkouts.containsKey(id)) throw new Rejected("No such checkout session: " + id, null);
        String status = checkoutCustomer.containsKey(id) ? "open" : completed.containsKey(id) ? "complete" : "expired";
        return new CheckoutSession(id, status, completed.get(id));
    }

    /** Payment-mode sessions: id → [invoice, currency, amount]; paid ones are in paidPayments. */
    final Map<String, String[]> payments = new HashMap<>();

    final java.util.Set<String> paidPayments = new java.util.HashSet<>();

    @Override
    public synchronized Checkout createPaymentCheckout(
            String customer,
            String tenant,
            String invoice,
            String currency,
            long amount,
            String description,
            String ok,
            String cancel,
            String key) {
        String id = id("cs_test");
        payments.put(id, new String[] {invoice, currency, Long.toString(amount)});
        Checkout c = new Checkout(id, "http://fake/checkout/" + id);
        checkouts.put(id, c);
        return c;
    }

    @Override
    public synchronized PaymentCheckout retrievePaymentCheckout(String id) {
        String[] p = payments.get(id);
        if (p == null) throw new Rejected("No such checkout session: " + id, null);
        boolean paid = paidPayments.contains(id);
        return new PaymentCheckout(
                id, paid ? "complete" : "open", paid ? "paid" : "unpaid", Long.parseLong(p[2]), p[1], p[0]);
    }

    @Override
    public synchronized boolean expireCheckout(String id) {
        return checkoutCustomer.remove(id) != null; // false once it completed (or expired)
    }

    @Override
    public synchronized Subscription retrieveSubscription(String id) {
        Sub s = subs.get(id);
        if (s == null) throw new Rejected("No such subscription: " + id, null);
        return view(s);
    }

    @Override
    public synchronized Subscription updateQuantities(
            String id, Map<String, Long> quantities, boolean chargeNow, String key) {
        Sub s = subs.get(id);
        if (s.status.equals("canceled")) throw new Rejected("canceled", null);
        long start = pStart(s), end = pEnd(s);
        double fraction = s.status.equals("trialing") ? 0 : Math.max(0, end - now()) / (double) (end - start);
        long due = 0;
        for (var e : quantities.entrySet())
            due += Math.round(unit(e.getKey()) * (e.getValue() - s.q.getOrDefault(e.getKey(), 0L)) * fraction);
        boolean increase =
                quantities.entrySet().stream().anyMatch(e -> e.getValue() > s.q.getOrDefault(e.getKey(), 0L));
        if (chargeNow && increase && due > 0 && !cardWorks.get(s.customer))
            throw new Declined("Your card was declined.");
        s.q = new LinkedHashMap<>(quantities);
        s.q.values().removeIf(v -> v == 0);
        event("customer.subscription.updated", s.id, s.customer, null);
        if (chargeNow && increase) {
            StripeInvoice inv = invoice(s, "subscription_update", Math.max(0, due), now(), end, true);
            event("invoice.paid", inv.id(), s.customer, s.id);
        }
        return view(s);
    }

    @Override
    public synchronized Subscription cancelAtPeriodEnd(String id, boolean cancel) {
        Sub s = subs.get(id);
        s.cancelAtPeriodEnd = cancel;
        event("customer.subscription.updated", s.id, s.customer, null);
        return view(s);
    }

    @Override
    public synchronized Subscription cancelNow(String id) {
        Sub s = subs.get(id);
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
        return invoices.get(id);
    }

    @Override
    public String portalSession(String customer, String returnUrl) {
        return "http://fake/portal/" + customer;
    }

    // ---- what a browser or time does ----

    /** The Checkout page's Pay button: a working card subscribes, a declined one changes nothing. */
    synchronized boolean completeCheckout(String checkoutId, boolean cardOk) {
        String customer = checkoutCustomer.get(checkoutId);
        if (customer == null || !cardOk) return false;
        cardWorks.put(customer, true);
        Sub s = new Sub();
        s.id = id("sub");
        s.customer = customer;
        Long trial = checkoutTrial.get(checkoutId);
        s.trialEnd = trial;
        s.status = trial != null ? "trialing" : "active";
        s.anchor = trial != null ? trial : now();
        s.k = trial != null ? -1 : 0;
        s.trialStart = now();
        checkoutQuantities.get(checkoutId).forEach((p, q) -> {
            if (q > 0) s.q.put(p, q);
        });
        subs.put(s.id, s);
        checkoutCustomer.remove(checkoutId); // a session completes once
        completed.put(checkoutId, s.id);
        event("customer.subscription.created", s.id, customer, null);
        long amount = trial != null
                ? 0
                : s.q.entrySet().stream()
                        .mapToLong(e -> unit(e.getKey()) * e.getValue())
                        .sum();
        StripeInvoice inv = invoice(s, "subscription_create", amount, pStart(s), pEnd(s), true);
        event("invoice.paid", inv.id(), customer, s.id);
        event("checkout.session.completed", checkoutId, customer, s.id);
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
        if (!ok) s.status = "past_due";
        event("customer.subscription.updated", s.id, s.customer, null);
        event(ok ? "invoice.paid" : "invoice.payment_failed", inv.id(), s.customer, s.id);
    }

    /** Stripe's retry of an open invoice. */
    synchronized void retry(String invoiceId) {
        StripeInvoice i = invoices.get(invoiceId);
        if (!i.status().equals("open") || !cardWorks.get(i.customer())) return;
        invoices.put(
                i.id(),
                new StripeInvoice(
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
                        i.created()));
        Sub s = subs.get(i.subscription());
        if (s.status.equals("past_due")
                && invoices.values().stream()
                        .noneMatch(
                                x -> x.subscription().equals(s.id) && x.status().equals("open"))) {
            s.status = "active";
            event("customer.subscription.updated", s.id, s.customer, null);
        }
        event("invoice.paid", i.id(), i.customer(), s.id);
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
        return new Subscription(s.id, s.customer, s.status, s.cancelAtPeriodEnd, items, Map.of(), s.latestInvoice);
    }

    void event(String type, String objectId, String customer, String subscription) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id("evt"))
                .put("object", "event")
                .put("type", type)
                .put("created", now())
                .put("api_version", "2026-07-29.dahlia");
        ObjectNode o = e.putObject("data").putObject("object");
        o.put("id", objectId).put("customer", customer);
        if (subscription != null) o.put("subscription", subscription);
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
