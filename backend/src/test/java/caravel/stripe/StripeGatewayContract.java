package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What Caravel relies on from Stripe, asked of every stand-in: FakeStripe (in the JVM, for the property tests) and
 * the product's own gateway against stack/stripe-emulator must answer these alike, so a test passing on the fake says
 * something about Stripe. Where they disagreed the emulator's answer (checked against Stripe's documentation) is the
 * one written here. Each test makes its own customer, so one emulator serves a whole subclass.
 */
abstract class StripeGatewayContract {
    /** The gateway under test. */
    abstract StripeGateway gateway();

    abstract String priceBasic();

    abstract String priceGrowth();

    /** Stripe's current time (epoch seconds). */
    abstract long now();

    /** The customer pays on the hosted Checkout page with a working card or a declined one: whether it went through. */
    abstract boolean pay(StripeGateway.Checkout checkout, boolean cardWorks);

    /** The customer's saved card starts failing its later charges, or works again. */
    abstract void cardFails(String customer, boolean fails);

    /** The subscription reaches the end of its current period (renewed and charged, or ended). */
    abstract void periodEnds(String subscription);

    /** Stripe's automatic retry of an open invoice. */
    abstract void retry(String invoice);

    /** Every event Stripe has sent so far, oldest first, as "type object-id". */
    abstract List<String> events();

    /** The events Caravel's webhook acts on that {@code action} made Stripe send, in order. */
    List<String> eventsOf(Runnable action) {
        int before = events().size();
        action.run();
        List<String> all = events();
        return all.subList(before, all.size()).stream()
                .filter(e -> StripeWebhooks.HANDLED.contains(e.substring(0, e.indexOf(' '))))
                .toList();
    }

    static final long BASIC_CENTS = 900, GROWTH_CENTS = 2900;
    static final long MONTH_MIN = 28 * 86_400L, MONTH_MAX = 31 * 86_400L;

    final String tenant = "t-" + UUID.randomUUID();

    Map<String, Long> q(long basic, long growth) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(priceBasic(), basic);
        m.put(priceGrowth(), growth);
        return m;
    }

    static String key(String what) {
        return what + "-" + UUID.randomUUID();
    }

    String customer() {
        return gateway().createCustomer(tenant, key("customer"));
    }

    StripeGateway.Checkout checkout(String customer, Map<String, Long> quantities, Long trialEnd) {
        return gateway()
                .createCheckout(
                        customer,
                        tenant,
                        quantities,
                        trialEnd,
                        "http://app/account?card=success",
                        "http://app/account?card=cancelled",
                        key("checkout"));
    }

    /** A customer with a paid subscription for these quantities, through Checkout. */
    StripeGateway.Subscription subscribed(long basic, long growth) {
        var c = checkout(customer(), q(basic, growth), null);
        assertThat(pay(c, true)).isTrue();
        return gateway().retrieveSubscription(gateway().retrieveCheckout(c.id()).subscription());
    }

    StripeGateway.Checkout paymentCheckout(String customer, String invoice, long cents, String key) {
        return gateway()
                .createPaymentCheckout(
                        new StripeGateway.InvoiceCharge(
                                customer,
                                tenant,
                                invoice,
                                "usd",
                                cents,
                                "Invoice " + invoice,
                                "http://app/invoices",
                                "http://app/invoices"),
                        key);
    }

    // ---- customers ----

    @Test
    void aCustomerIsCreatedOncePerIdempotencyKey() {
        String k = key("customer");
        String a = gateway().createCustomer(tenant, k);
        assertThat(a).startsWith("cus_").isEqualTo(gateway().createCustomer(tenant, k));
        assertThat(gateway().createCustomer(tenant, key("customer"))).isNotEqualTo(a);
        // without a key every call is a new customer
        assertThat(gateway().createCustomer(tenant, null))
                .isNotEqualTo(gateway().createCustomer(tenant, null));
        // a key is bound to the parameters it was first used with
        assertThatThrownBy(() -> gateway().createCustomer(tenant + "-other", k))
                .isInstanceOf(StripeGateway.Rejected.class);
    }

    // ---- subscription Checkout ----

    @Test
    void aCheckoutIsOpenUntilPaidAndThenNamesTheSubscriptionItStarted() {
        String customer = customer();
        var c = checkout(customer, q(2, 0), null);
        assertThat(c.id()).startsWith("cs_");
        assertThat(c.url()).startsWith("http");
        var open = gateway().retrieveCheckout(c.id());
        assertThat(open.status()).isEqualTo("open");
        assertThat(open.complete()).isFalse();
        assertThat(open.subscription()).isNull();
        // a declined card leaves the session open: the customer may try another
        assertThat(pay(c, false)).isFalse();
        assertThat(gateway().retrieveCheckout(c.id()).status()).isEqualTo("open");

        long before = now();
        assertThat(pay(c, true)).isTrue();
        var done = gateway().retrieveCheckout(c.id());
        assertThat(done.complete()).isTrue();
        assertThat(done.subscription()).startsWith("sub_");
        // a session is paid once
        assertThat(pay(c, true)).isFalse();

        var sub = gateway().retrieveSubscription(done.subscription());
        assertThat(sub.id()).isEqualTo(done.subscription());
        assertThat(sub.customer()).isEqualTo(customer);
        assertThat(sub.status()).isEqualTo("active");
        assertThat(sub.live()).isTrue();
        assertThat(sub.cancelAtPeriodEnd()).isFalse();
        assertThat(sub.quantity(priceBasic())).isEqualTo(2);
        assertThat(sub.quantity(priceGrowth())).isZero();
        assertThat(sub.items()).extracting(StripeGateway.Item::price).containsExactly(priceBasic());
        assertThat(sub.metadata()).containsEntry("tenant", tenant);
        assertThat(sub.periodStart()).isBetween(before - 5, now() + 5);
        assertThat(sub.periodEnd() - sub.periodStart()).isBetween(MONTH_MIN, MONTH_MAX);

        var first = gateway().retrieveInvoice(sub.latestInvoice());
        assertThat(first.id()).isEqualTo(sub.latestInvoice());
        assertThat(first.customer()).isEqualTo(customer);
        assertThat(first.subscription()).isEqualTo(sub.id());
        assertThat(first.status()).isEqualTo("paid");
        assertThat(first.billingReason()).isEqualTo("subscription_create");
        assertThat(first.amountDue()).isEqualTo(2 * BASIC_CENTS);
        assertThat(first.amountPaid()).isEqualTo(2 * BASIC_CENTS);
        assertThat(first.currency()).isEqualTo("usd");
        assertThat(first.hostedInvoiceUrl()).startsWith("http");
        assertThat(first.periodStart()).isEqualTo(sub.periodStart());
        assertThat(first.periodEnd()).isEqualTo(sub.periodEnd());
        assertThat(first.created()).isBetween(before - 5, now() + 5);
    }

    @Test
    void aCheckoutKeyGivesTheSameSessionForTheSameRequestOnly() {
        String customer = customer();
        String k = key("checkout");
        var a = gateway().createCheckout(customer, tenant, q(1, 0), null, "http://app/ok", "http://app/no", k);
        var again = gateway().createCheckout(customer, tenant, q(1, 0), null, "http://app/ok", "http://app/no", k);
        assertThat(again).isEqualTo(a);
        assertThat(checkout(customer, q(1, 0), null).id()).isNotEqualTo(a.id());
        assertThatThrownBy(() ->
                        gateway().createCheckout(customer, tenant, q(2, 0), null, "http://app/ok", "http://app/no", k))
                .isInstanceOf(StripeGateway.Rejected.class);
    }

    @Test
    void aCheckoutForNothingOrForAnUnknownCustomerOrPriceIsRefused() {
        String customer = customer();
        assertThatThrownBy(() -> checkout(customer, q(0, 0), null)).isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> checkout("cus_missing", q(1, 0), null)).isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> checkout(customer, Map.of("price_missing", 1L), null))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> checkout(customer, q(1, 0), now() - 3600)).isInstanceOf(StripeGateway.Rejected.class);
    }

    @Test
    void aCheckoutTrialEndingWithinTwoDaysIsRefused() {
        // Stripe's Checkout: subscription_data.trial_end has to be at least 48 hours in the future
        String customer = customer();
        assertThatThrownBy(() -> checkout(customer, q(1, 0), now() + 47 * 3600))
                .isInstanceOf(StripeGateway.Rejected.class)
                .hasMessageContaining("48 hours");
        assertThat(checkout(customer, q(1, 0), now() + 48 * 3600 + 120).id()).isNotNull();
    }

    @Test
    void anOpenCheckoutExpiresAndCannotBePaidAfterwards() {
        var c = checkout(customer(), q(1, 0), null);
        assertThat(gateway().expireCheckout(c.id())).isTrue();
        var expired = gateway().retrieveCheckout(c.id());
        assertThat(expired.status()).isEqualTo("expired");
        assertThat(expired.subscription()).isNull();
        assertThat(pay(c, true)).isFalse();
        // already expired: it is as the caller wants it (nothing can pay it any more)
        assertThat(gateway().expireCheckout(c.id())).isTrue();
        assertThat(gateway().retrieveCheckout(c.id()).subscription()).isNull();
    }

    @Test
    void aPaidCheckoutDoesNotExpire() {
        var c = checkout(customer(), q(1, 0), null);
        assertThat(pay(c, true)).isTrue();
        assertThat(gateway().expireCheckout(c.id())).isFalse();
        var s = gateway().retrieveCheckout(c.id());
        assertThat(s.status()).isEqualTo("complete");
        assertThat(gateway().retrieveSubscription(s.subscription()).live()).isTrue();
    }

    @Test
    void aTrialStartsTheSubscriptionNowAndChargesAtItsEnd() {
        long trialEnd = now() + 10 * 86_400L;
        var c = checkout(customer(), q(1, 0), trialEnd);
        assertThat(pay(c, true)).isTrue();
        var sub = gateway()
                .retrieveSubscription(gateway().retrieveCheckout(c.id()).subscription());
        assertThat(sub.status()).isEqualTo("trialing");
        assertThat(sub.live()).isTrue();
        assertThat(sub.periodEnd()).isEqualTo(trialEnd);
        var first = gateway().retrieveInvoice(sub.latestInvoice());
        assertThat(first.status()).isEqualTo("paid");
        assertThat(first.amountDue()).isZero();
        assertThat(first.billingReason()).isEqualTo("subscription_create");

        // more relays during the trial: nothing is charged before it ends, even with a failing card
        cardFails(sub.customer(), true);
        var more = gateway().updateQuantities(sub.id(), q(2, 0), true, key("up"));
        assertThat(more.quantity(priceBasic())).isEqualTo(2);
        assertThat(gateway().retrieveInvoice(more.latestInvoice()).amountDue()).isZero();
        cardFails(sub.customer(), false);

        periodEnds(sub.id());
        var renewed = gateway().retrieveSubscription(sub.id());
        assertThat(renewed.status()).isEqualTo("active");
        assertThat(renewed.periodStart()).isEqualTo(trialEnd);
        var charged = gateway().retrieveInvoice(renewed.latestInvoice());
        assertThat(charged.billingReason()).isEqualTo("subscription_cycle");
        assertThat(charged.status()).isEqualTo("paid");
        assertThat(charged.amountPaid()).isEqualTo(2 * BASIC_CENTS);
        assertThat(charged.periodStart()).isEqualTo(trialEnd);
    }

    // ---- quantities ----

    @Test
    void moreRelaysAreChargedNowForTheRestOfThePeriod() {
        var sub = subscribed(1, 0);
        var raised = gateway().updateQuantities(sub.id(), q(2, 1), true, key("up"));
        assertThat(raised.quantity(priceBasic())).isEqualTo(2);
        assertThat(raised.quantity(priceGrowth())).isEqualTo(1);
        assertThat(raised.periodEnd()).isEqualTo(sub.periodEnd());
        assertThat(raised.latestInvoice()).isNotEqualTo(sub.latestInvoice());
        var proration = gateway().retrieveInvoice(raised.latestInvoice());
        assertThat(proration.billingReason()).isEqualTo("subscription_update");
        assertThat(proration.status()).isEqualTo("paid");
        assertThat(proration.subscription()).isEqualTo(sub.id());
        // one more basic and one growth for the whole period, less the seconds gone since it started
        assertThat(proration.amountDue()).isBetween(BASIC_CENTS + GROWTH_CENTS - 5, BASIC_CENTS + GROWTH_CENTS);
        assertThat(proration.amountPaid()).isEqualTo(proration.amountDue());
        assertThat(gateway().retrieveSubscription(sub.id()).quantity(priceGrowth()))
                .isEqualTo(1);
    }

    @Test
    void aDeclinedCardChangesNothingAndItsKeyKeepsTheRefusal() {
        var sub = subscribed(1, 0);
        cardFails(sub.customer(), true);
        String k = key("up");
        assertThatThrownBy(() -> gateway().updateQuantities(sub.id(), q(3, 0), true, k))
                .isInstanceOf(StripeGateway.Declined.class)
                .hasMessageContaining("declined");
        var after = gateway().retrieveSubscription(sub.id());
        assertThat(after.quantity(priceBasic())).isEqualTo(1);
        assertThat(after.latestInvoice()).isEqualTo(sub.latestInvoice());
        assertThat(after.status()).isEqualTo("active");
        // Stripe keeps a key's answer: the same request again is refused again, even with a card that now works
        cardFails(sub.customer(), false);
        assertThatThrownBy(() -> gateway().updateQuantities(sub.id(), q(3, 0), true, k))
                .isInstanceOf(StripeGateway.Declined.class);
        assertThat(gateway().retrieveSubscription(sub.id()).quantity(priceBasic()))
                .isEqualTo(1);
        assertThat(gateway()
                        .updateQuantities(sub.id(), q(3, 0), true, key("up"))
                        .quantity(priceBasic()))
                .isEqualTo(3);
    }

    @Test
    void anUpdateKeyReplaysItsAnswerAndIsBoundToItsParameters() {
        var sub = subscribed(1, 0);
        String k = key("up");
        var raised = gateway().updateQuantities(sub.id(), q(2, 0), true, k);
        var again = gateway().updateQuantities(sub.id(), q(2, 0), true, k);
        assertThat(again.latestInvoice()).isEqualTo(raised.latestInvoice()); // not charged twice
        assertThat(again.quantity(priceBasic())).isEqualTo(2);
        assertThatThrownBy(() -> gateway().updateQuantities(sub.id(), q(5, 0), true, k))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThat(gateway().retrieveSubscription(sub.id()).quantity(priceBasic()))
                .isEqualTo(2);
    }

    @Test
    void changesWithoutChargingWaitForTheNextPeriod() {
        var sub = subscribed(2, 1);
        cardFails(sub.customer(), true);
        var more = gateway().updateQuantities(sub.id(), q(4, 1), false, key("up"));
        assertThat(more.quantity(priceBasic())).isEqualTo(4);
        assertThat(more.latestInvoice()).isEqualTo(sub.latestInvoice());
        var fewer = gateway().updateQuantities(sub.id(), q(1, 0), false, key("down"));
        assertThat(fewer.quantity(priceBasic())).isEqualTo(1);
        assertThat(fewer.items()).noneMatch(i -> i.price().equals(priceGrowth()));
        assertThat(fewer.latestInvoice()).isEqualTo(sub.latestInvoice());
        assertThat(fewer.periodEnd()).isEqualTo(sub.periodEnd());
        assertThat(fewer.status()).isEqualTo("active");
        cardFails(sub.customer(), false);
        // the next period bills what the subscription has then, nothing for the change
        periodEnds(sub.id());
        var renewal = gateway()
                .retrieveInvoice(gateway().retrieveSubscription(sub.id()).latestInvoice());
        assertThat(renewal.billingReason()).isEqualTo("subscription_cycle");
        assertThat(renewal.amountDue()).isEqualTo(BASIC_CENTS);
    }

    @Test
    void fewerRelaysChargedNowInvoiceNothingDue() {
        var sub = subscribed(2, 0);
        cardFails(sub.customer(), true);
        var fewer = gateway().updateQuantities(sub.id(), q(1, 0), true, key("down"));
        assertThat(fewer.quantity(priceBasic())).isEqualTo(1);
        // the unused time is credited, not refunded: an invoice with nothing to pay
        assertThat(fewer.latestInvoice()).isNotEqualTo(sub.latestInvoice());
        var credit = gateway().retrieveInvoice(fewer.latestInvoice());
        assertThat(credit.billingReason()).isEqualTo("subscription_update");
        assertThat(credit.amountDue()).isZero();
        assertThat(credit.status()).isEqualTo("paid");
        assertThat(fewer.status()).isEqualTo("active");
    }

    // ---- renewals ----

    @Test
    void aRenewalChargesTheNextPeriodAndAFailingCardLeavesItOpenUntilARetryPays() {
        var sub = subscribed(1, 1);
        periodEnds(sub.id());
        var renewed = gateway().retrieveSubscription(sub.id());
        assertThat(renewed.status()).isEqualTo("active");
        assertThat(renewed.periodStart()).isEqualTo(sub.periodEnd());
        assertThat(renewed.periodEnd() - renewed.periodStart()).isBetween(MONTH_MIN, MONTH_MAX);
        var paid = gateway().retrieveInvoice(renewed.latestInvoice());
        assertThat(paid.billingReason()).isEqualTo("subscription_cycle");
        assertThat(paid.status()).isEqualTo("paid");
        assertThat(paid.amountPaid()).isEqualTo(BASIC_CENTS + GROWTH_CENTS);
        assertThat(paid.periodStart()).isEqualTo(renewed.periodStart());
        assertThat(paid.periodEnd()).isEqualTo(renewed.periodEnd());

        cardFails(sub.customer(), true);
        periodEnds(sub.id());
        var due = gateway().retrieveSubscription(sub.id());
        assertThat(due.status()).isEqualTo("past_due");
        assertThat(due.live()).isTrue();
        var open = gateway().retrieveInvoice(due.latestInvoice());
        assertThat(open.status()).isEqualTo("open");
        assertThat(open.amountDue()).isEqualTo(BASIC_CENTS + GROWTH_CENTS);
        assertThat(open.amountPaid()).isZero();
        retry(open.id());
        assertThat(gateway().retrieveInvoice(open.id()).status()).isEqualTo("open");
        assertThat(gateway().retrieveSubscription(sub.id()).status()).isEqualTo("past_due");

        cardFails(sub.customer(), false);
        retry(open.id());
        var settled = gateway().retrieveInvoice(open.id());
        assertThat(settled.status()).isEqualTo("paid");
        assertThat(settled.amountPaid()).isEqualTo(BASIC_CENTS + GROWTH_CENTS);
        assertThat(gateway().retrieveSubscription(sub.id()).status()).isEqualTo("active");
    }

    // ---- cancelling ----

    @Test
    void cancellingAtThePeriodEndCanBeTakenBackAndEndsTheSubscriptionThere() {
        var sub = subscribed(1, 0);
        var cancelling = gateway().cancelAtPeriodEnd(sub.id(), true);
        assertThat(cancelling.cancelAtPeriodEnd()).isTrue();
        assertThat(cancelling.status()).isEqualTo("active");
        assertThat(cancelling.live()).isTrue();
        assertThat(gateway().cancelAtPeriodEnd(sub.id(), false).cancelAtPeriodEnd())
                .isFalse();
        assertThat(gateway().retrieveSubscription(sub.id()).cancelAtPeriodEnd()).isFalse();
        gateway().cancelAtPeriodEnd(sub.id(), true);
        periodEnds(sub.id());
        var ended = gateway().retrieveSubscription(sub.id());
        assertThat(ended.status()).isEqualTo("canceled");
        assertThat(ended.live()).isFalse();
        assertThat(ended.latestInvoice()).isEqualTo(sub.latestInvoice()); // nothing billed for a period not served
    }

    @Test
    void cancellingNowEndsItAndAnEndedSubscriptionChangesNoMore() {
        var sub = subscribed(1, 0);
        var ended = gateway().cancelNow(sub.id());
        assertThat(ended.status()).isEqualTo("canceled");
        assertThat(ended.live()).isFalse();
        assertThat(gateway().retrieveSubscription(sub.id()).status()).isEqualTo("canceled");
        assertThatThrownBy(() -> gateway().cancelNow(sub.id())).isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().cancelAtPeriodEnd(sub.id(), true))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().updateQuantities(sub.id(), q(2, 0), true, key("up")))
                .isInstanceOf(StripeGateway.Rejected.class);
    }

    // ---- what the webhook is told ----

    @Test
    void eachChangeSendsTheEventsTheWebhookActsOn() {
        String customer = customer();
        var c = checkout(customer, q(1, 0), null);
        List<String> paid = eventsOf(() -> assertThat(pay(c, true)).isTrue());
        String id = gateway().retrieveCheckout(c.id()).subscription();
        assertThat(paid)
                .containsExactly(
                        "customer.subscription.created " + id,
                        "invoice.paid " + gateway().retrieveSubscription(id).latestInvoice(),
                        "checkout.session.completed " + c.id());
        assertThat(eventsOf(() -> gateway().updateQuantities(id, q(2, 0), true, key("up"))))
                .containsExactly(
                        "customer.subscription.updated " + id,
                        "invoice.paid " + gateway().retrieveSubscription(id).latestInvoice());
        assertThat(eventsOf(() -> gateway().updateQuantities(id, q(1, 0), false, key("down"))))
                .containsExactly("customer.subscription.updated " + id);
        cardFails(customer, true);
        assertThat(eventsOf(() -> assertThatThrownBy(() -> gateway().updateQuantities(id, q(3, 0), true, key("up")))
                        .isInstanceOf(StripeGateway.Declined.class)))
                .isEmpty();
        // a failed renewal: the new period, then past_due, then the failed payment; each failed retry tells again
        assertThat(eventsOf(() -> periodEnds(id)))
                .containsExactly(
                        "customer.subscription.updated " + id,
                        "customer.subscription.updated " + id,
                        "invoice.payment_failed "
                                + gateway().retrieveSubscription(id).latestInvoice());
        String open = gateway().retrieveSubscription(id).latestInvoice();
        assertThat(eventsOf(() -> retry(open))).containsExactly("invoice.payment_failed " + open);
        cardFails(customer, false);
        assertThat(eventsOf(() -> retry(open)))
                .containsExactly("customer.subscription.updated " + id, "invoice.paid " + open);
        assertThat(eventsOf(() -> gateway().cancelAtPeriodEnd(id, true)))
                .containsExactly("customer.subscription.updated " + id);
        assertThat(eventsOf(() -> periodEnds(id))).containsExactly("customer.subscription.deleted " + id);

        var other = subscribed(1, 0);
        assertThat(eventsOf(() -> gateway().cancelNow(other.id())))
                .containsExactly("customer.subscription.deleted " + other.id());
        var payment = paymentCheckout(customer, "inv-4", 700, key("pay"));
        assertThat(eventsOf(() -> assertThat(pay(payment, true)).isTrue()))
                .containsExactly("checkout.session.completed " + payment.id());
    }

    // ---- prices, payments, portal ----

    @Test
    void pricesAreTheAmountPerRelayAndPeriod() {
        assertThat(gateway().retrievePrice(priceBasic()))
                .isEqualTo(new StripeGateway.Price(priceBasic(), BASIC_CENTS, "usd"));
        assertThat(gateway().retrievePrice(priceGrowth()))
                .isEqualTo(new StripeGateway.Price(priceGrowth(), GROWTH_CENTS, "usd"));
        assertThatThrownBy(() -> gateway().retrievePrice("price_missing")).isInstanceOf(StripeGateway.Rejected.class);
    }

    @Test
    void aPaymentCheckoutChargesOneInvoiceOnce() {
        String customer = customer();
        String k = key("pay");
        var c = paymentCheckout(customer, "inv-1", 1234, k);
        assertThat(c.id()).startsWith("cs_");
        assertThat(c.url()).startsWith("http");
        assertThat(paymentCheckout(customer, "inv-1", 1234, k)).isEqualTo(c);
        assertThatThrownBy(() -> paymentCheckout(customer, "inv-1", 1300, k))
                .isInstanceOf(StripeGateway.Rejected.class);

        var open = gateway().retrievePaymentCheckout(c.id());
        assertThat(open).isEqualTo(new StripeGateway.PaymentCheckout(c.id(), "open", "unpaid", 1234, "usd", "inv-1"));
        assertThat(open.paid()).isFalse();
        assertThat(gateway().retrieveCheckout(c.id()).status()).isEqualTo("open");
        assertThat(pay(c, false)).isFalse();
        assertThat(gateway().retrievePaymentCheckout(c.id()).paid()).isFalse();

        assertThat(pay(c, true)).isTrue();
        var paid = gateway().retrievePaymentCheckout(c.id());
        assertThat(paid).isEqualTo(new StripeGateway.PaymentCheckout(c.id(), "complete", "paid", 1234, "usd", "inv-1"));
        assertThat(paid.paid()).isTrue();
        var asSession = gateway().retrieveCheckout(c.id());
        assertThat(asSession.status()).isEqualTo("complete");
        assertThat(asSession.subscription()).isNull(); // a payment starts no subscription
        assertThat(gateway().expireCheckout(c.id())).isFalse();
        assertThat(pay(c, true)).isFalse();
    }

    @Test
    void anOpenPaymentCheckoutExpiresUnpaid() {
        var c = paymentCheckout(customer(), "inv-2", 500, key("pay"));
        assertThat(gateway().expireCheckout(c.id())).isTrue();
        var expired = gateway().retrievePaymentCheckout(c.id());
        assertThat(expired.status()).isEqualTo("expired");
        assertThat(expired.paymentStatus()).isEqualTo("unpaid");
        assertThat(expired.paid()).isFalse();
        assertThat(pay(c, true)).isFalse();
    }

    @Test
    void aPaymentBelowStripesMinimumOrForAnUnknownCustomerIsRefused() {
        String customer = customer();
        assertThatThrownBy(() -> paymentCheckout(customer, "inv-3", 49, key("pay")))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> paymentCheckout("cus_missing", "inv-3", 500, key("pay")))
                .isInstanceOf(StripeGateway.Rejected.class);
    }

    @Test
    void thePortalOpensForAKnownCustomerOnly() {
        assertThat(gateway().portalSession(customer(), "http://app/account")).startsWith("http");
        assertThatThrownBy(() -> gateway().portalSession("cus_missing", "http://app/account"))
                .isInstanceOf(StripeGateway.Rejected.class);
    }

    @Test
    void unknownObjectsAreRejected() {
        assertThatThrownBy(() -> gateway().retrieveSubscription("sub_missing"))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().retrieveInvoice("in_missing")).isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().retrieveCheckout("cs_test_missing"))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().retrievePaymentCheckout("cs_test_missing"))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().expireCheckout("cs_test_missing"))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().updateQuantities("sub_missing", q(1, 0), false, key("up")))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().cancelAtPeriodEnd("sub_missing", true))
                .isInstanceOf(StripeGateway.Rejected.class);
        assertThatThrownBy(() -> gateway().cancelNow("sub_missing")).isInstanceOf(StripeGateway.Rejected.class);
    }
}
