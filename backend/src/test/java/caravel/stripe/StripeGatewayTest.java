package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.StripeEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every Stripe call Caravel makes, through stripe-java over HTTP against the local stack's emulator: the requests are
 * the library's own, so this checks both that Caravel asks what it means to and that the emulator answers in shapes
 * the official library reads.
 */
@Tag("peer")
class StripeGatewayTest {
    static StripeEmulator stripe;
    static StripeJavaGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        stripe = new StripeEmulator();
        gateway = new StripeJavaGateway(stripe.secretKey, stripe.url);
    }

    @AfterAll
    static void stop() throws Exception {
        stripe.close();
    }

    Map<String, Long> q(long basic, long growth) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(stripe.priceBasic, basic);
        m.put(stripe.priceGrowth, growth);
        return m;
    }

    /** A customer with a paid subscription for these quantities, through Checkout as a browser would. */
    StripeGateway.Subscription subscribed(String tenant, long basic, long growth) {
        String customer = gateway.createCustomer(tenant, "k-" + tenant);
        var checkout = gateway.createCheckout(
                customer, tenant, q(basic, growth), null, "http://app/ok", "http://app/no", "co-" + tenant);
        JsonNode session = stripe.control(
                "POST", "complete-checkout", "{\"session\":\"" + checkout.id() + "\",\"card\":\"4242424242424242\"}");
        return gateway.retrieveSubscription(session.get("subscription").asText());
    }

    @Test
    void customersAreCreatedOncePerIdempotencyKey() {
        String a = gateway.createCustomer("t1", "caravel-customer-t1");
        String again = gateway.createCustomer("t1", "caravel-customer-t1");
        String other = gateway.createCustomer("t2", "caravel-customer-t2");
        assertThat(a).startsWith("cus_").isEqualTo(again);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void checkoutCreatesASessionWithAHostedPageAndItsSubscription() {
        String customer = gateway.createCustomer("t3", "k-t3");
        var checkout = gateway.createCheckout(
                customer,
                "t3",
                q(2, 0),
                null,
                "http://app/account?card=success",
                "http://app/account?card=cancelled",
                "co-t3");
        assertThat(checkout.id()).startsWith("cs_test_");
        assertThat(checkout.url()).startsWith(stripe.url + "/checkout/");
        // the declined test card leaves the session open, with the reason on the page
        var declined = stripe.form("/checkout/" + checkout.id(), "card=4000+0000+0000+0002");
        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("Your card was declined.");
        var paid = stripe.form("/checkout/" + checkout.id(), "card=4242+4242+4242+4242");
        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("location")).hasValue("http://app/account?card=success");
        String subId = null;
        for (JsonNode s : stripe.state().get("sessions"))
            if (s.get("id").asText().equals(checkout.id()))
                subId = s.get("subscription").asText();
        var sub = gateway.retrieveSubscription(subId);
        assertThat(sub.status()).isEqualTo("active");
        assertThat(sub.customer()).isEqualTo(customer);
        assertThat(sub.quantity(stripe.priceBasic)).isEqualTo(2);
        assertThat(sub.metadata()).containsEntry("tenant", "t3");
        var first = gateway.retrieveInvoice(sub.latestInvoice());
        assertThat(first.status()).isEqualTo("paid");
        assertThat(first.billingReason()).isEqualTo("subscription_create");
        assertThat(first.amountPaid()).isEqualTo(1800);
        assertThat(first.subscription()).isEqualTo(sub.id());
        assertThat(first.hostedInvoiceUrl()).startsWith(stripe.url + "/invoice/in_");
        assertThat(first.periodEnd()).isGreaterThan(first.periodStart());
    }

    @Test
    void aTrialStartsTheSubscriptionWithoutCharging() {
        String customer = gateway.createCustomer("t4", "k-t4");
        long trialEnd = System.currentTimeMillis() / 1000 + 10 * 86_400;
        var checkout =
                gateway.createCheckout(customer, "t4", q(1, 0), trialEnd, "http://app/ok", "http://app/no", "co-t4");
        JsonNode session = stripe.control("POST", "complete-checkout", "{\"session\":\"" + checkout.id() + "\"}");
        var sub = gateway.retrieveSubscription(session.get("subscription").asText());
        assertThat(sub.status()).isEqualTo("trialing");
        assertThat(sub.periodEnd()).isEqualTo(trialEnd);
        assertThat(gateway.retrieveInvoice(sub.latestInvoice()).amountDue()).isZero();
    }

    @Test
    void moreRelaysAreChargedNowAndARefusedCardChangesNothing() {
        var sub = subscribed("t5", 1, 0);
        var raised = gateway.updateQuantities(sub.id(), q(2, 1), true, "up-t5");
        assertThat(raised.quantity(stripe.priceBasic)).isEqualTo(2);
        assertThat(raised.quantity(stripe.priceGrowth)).isEqualTo(1);
        var proration = gateway.retrieveInvoice(raised.latestInvoice());
        assertThat(proration.billingReason()).isEqualTo("subscription_update");
        assertThat(proration.status()).isEqualTo("paid");
        assertThat(proration.amountDue())
                .isBetween(3700L, 3800L); // a whole period of 1 basic + 1 growth, less the seconds gone
        // a key reused for other parameters is refused (Stripe's rule): a retry must ask exactly the same
        assertThatThrownBy(() -> gateway.updateQuantities(sub.id(), q(5, 1), true, "up-t5"))
                .isInstanceOf(StripeGateway.Rejected.class)
                .hasMessageContaining("same parameters");

        stripe.control("POST", "card", "{\"customer\":\"" + sub.customer() + "\",\"card\":\"4000000000000341\"}");
        assertThatThrownBy(() -> gateway.updateQuantities(sub.id(), q(3, 1), true, "up2-t5"))
                .isInstanceOf(StripeGateway.Declined.class)
                .hasMessageContaining("declined");
        assertThat(gateway.retrieveSubscription(sub.id()).quantity(stripe.priceBasic))
                .isEqualTo(2);
        // fewer relays: no charge now, the next period bills less
        var lowered = gateway.updateQuantities(sub.id(), q(1, 0), false, "down-t5");
        assertThat(lowered.quantity(stripe.priceBasic)).isEqualTo(1);
        assertThat(lowered.items()).noneMatch(i -> i.price().equals(stripe.priceGrowth));
        assertThat(lowered.latestInvoice()).isEqualTo(raised.latestInvoice());
    }

    @Test
    void cancellationAtPeriodEndCanBeTakenBackAndCancelNowEnds() {
        var sub = subscribed("t6", 1, 0);
        assertThat(gateway.cancelAtPeriodEnd(sub.id(), true).cancelAtPeriodEnd())
                .isTrue();
        assertThat(gateway.cancelAtPeriodEnd(sub.id(), false).cancelAtPeriodEnd())
                .isFalse();
        var ended = gateway.cancelNow(sub.id());
        assertThat(ended.status()).isEqualTo("canceled");
        assertThat(ended.live()).isFalse();
    }

    @Test
    void thePortalSessionReturnsToTheAccountPage() {
        String customer = gateway.createCustomer("t7", "k-t7");
        String url = gateway.portalSession(customer, "http://app/account");
        assertThat(url).startsWith(stripe.url + "/portal/bps_");
    }

    @Test
    void errorsAreStripesOwn() {
        assertThatThrownBy(() -> gateway.retrieveSubscription("sub_missing"))
                .isInstanceOf(StripeGateway.Rejected.class)
                .hasMessageContaining("No such subscription");
        var wrongKey = new StripeJavaGateway("sk_test_wrong", stripe.url);
        assertThatThrownBy(() -> wrongKey.createCustomer("t8", null)).isInstanceOf(StripeGateway.Rejected.class);
        var nobody = new StripeJavaGateway(stripe.secretKey, "http://127.0.0.1:9");
        assertThatThrownBy(() -> nobody.createCustomer("t8", null)).isInstanceOf(StripeGateway.Unavailable.class);
    }
}
