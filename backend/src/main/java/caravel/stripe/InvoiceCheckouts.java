package caravel.stripe;

import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.PaymentChecks;
import caravel.billing.PaymentConfirmation;
import caravel.billing.UsdPrices;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paying one Lightning invoice by card, once (Flotilla's "Pay $X by card"): a Stripe Checkout session in payment
 * mode for the invoice's amount due in US cents, fixed when the session is made. A paid session pays the invoice as a
 * Lightning payment would; it is found paid by reading Stripe (reconciling) or by its webhook, whichever comes first,
 * and credited once. A card invoice (an account paying by subscription) is paid on its own Stripe page instead.
 *
 * @param payments credits a paid session's invoice as a Lightning payment would
 */
public record InvoiceCheckouts(
        Jdbi jdbi,
        Clock clock,
        StripeGateway stripe,
        TenantStore tenants,
        InvoiceStore invoices,
        PaymentConfirmation payments,
        CardBilling billing,
        UsdPrices usd)
        implements PaymentChecks.CardChecks {
    private static final InvoiceCheckoutStore CHECKOUTS = new InvoiceCheckoutStore();

    private static final Logger log = LoggerFactory.getLogger(InvoiceCheckouts.class);
    /** Stripe's smallest charge in US dollars. */
    public static final long MIN_CENTS = 50;

    /**
     * The page where the invoice is paid by card: the session handed out before while it is open and for the same
     * amount, else a new one that returns to {@code returnUrl} (resolved by the caller against the allowed origins).
     */
    public String checkout(String invoiceId, String returnUrl) {
        Invoice inv = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
        if (inv.status() != InvoiceStatus.PENDING)
            throw Failure.conflict("invoice " + inv.id() + " is " + inv.status() + ": there is nothing to pay");
        if (inv.onCard()) {
            String page = inv.card().hostedInvoiceUrl();
            if (page == null) throw Failure.conflict("this invoice is charged to your card by Stripe automatically");
            return page;
        }
        long cents = usd.centsDue(inv);
        if (cents < MIN_CENTS)
            throw Failure.conflict(
                    "this invoice is below Stripe's smallest card payment ($0.50): pay it over Lightning");
        for (InvoiceCheckoutStore.Session s : jdbi.withHandle(h -> CHECKOUTS.forInvoice(h, invoiceId))) {
            if (s.paidAt() != null)
                throw Failure.conflict("invoice " + inv.id() + " was paid by card: it is being confirmed");
            StripeGateway.PaymentCheckout now = stripe.retrievePaymentCheckout(s.id());
            if (now.paid()) {
                settle(s, now);
                throw Failure.conflict("invoice " + inv.id() + " was paid by card a moment ago");
            }
            if (now.status().equals("open") && s.amount() == cents) return s.url();
        }
        String customer = billing.ensureCustomer(inv.tenant());
        long created = Epoch.seconds(clock);
        // a double click within the minute gets the same session from Stripe; a later try, a fresh one
        StripeGateway.Checkout c = stripe.createPaymentCheckout(
                new StripeGateway.InvoiceCharge(
                        customer, inv.tenant(), inv.id(), "usd", cents, "Invoice " + inv.id(), returnUrl, returnUrl),
                "caravel-invoice-checkout-"
                        + CardSync.sha256(inv.id() + "|" + cents + "|" + returnUrl + "|" + created / 60));
        jdbi.useHandle(h -> {
            if (CHECKOUTS.find(h, c.id()).isEmpty())
                CHECKOUTS.insert(
                        h,
                        new InvoiceCheckoutStore.Session(
                                c.id(), inv.id(), inv.tenant(), c.url(), cents, "usd", created, null));
        });
        return c.url();
    }

    /** Whether a card checkout paid this invoice (Flotilla's method "stripe"). */
    public boolean paidByCheckout(String invoiceId) {
        return jdbi.withHandle(h -> CHECKOUTS.paidInvoice(h, invoiceId));
    }

    @Override
    public void checkInvoice(String invoice) {
        for (InvoiceCheckoutStore.Session s : jdbi.withHandle(h -> CHECKOUTS.forInvoice(h, invoice)))
            if (s.paidAt() == null) settleIfPaid(s);
    }

    @Override
    public void checkTenant(String tenant) {
        for (InvoiceCheckoutStore.Session s : jdbi.withHandle(h -> CHECKOUTS.unpaidForTenant(h, tenant)))
            settleIfPaid(s);
        // a portal visit may have changed the subscription (cancelled it, or a card that now pays it)
        boolean subscribed = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .map(CardAccount::subscription)
                .isPresent();
        if (subscribed) billing.sync(tenant);
    }

    /** A completed session's webhook: settled after reading the session from Stripe (the webhook only says when). */
    void onCompleted(String sessionId) {
        jdbi.withHandle(h -> CHECKOUTS.find(h, sessionId)).ifPresent(s -> {
            if (s.paidAt() == null) settleIfPaid(s);
        });
    }

    private void settleIfPaid(InvoiceCheckoutStore.Session s) {
        StripeGateway.PaymentCheckout now = stripe.retrievePaymentCheckout(s.id());
        if (now.paid()) settle(s, now);
    }

    private void settle(InvoiceCheckoutStore.Session s, StripeGateway.PaymentCheckout now) {
        // what Stripe charged must be what this session was made for: anything else is looked at by a person
        if (now.amountTotal() != s.amount() || !s.invoice().equals(now.invoice())) {
            log.warn(
                    "card checkout {} for invoice {} does not match what was asked ({} {}); not credited",
                    s.id(),
                    s.invoice(),
                    now.amountTotal(),
                    now.currency());
            return;
        }
        long at = Epoch.seconds(clock);
        if (payments.settleByCard(s.invoice(), "stripe:" + s.id(), h -> CHECKOUTS.markPaid(h, s.id(), at)))
            log.info("invoice {} paid by card (checkout {})", s.invoice(), s.id());
    }
}
