package caravel.stripe;

import java.util.List;
import java.util.Map;

/**
 * Every call Caravel makes to Stripe, and nothing else: card billing depends on this interface, so the rest of the
 * platform never sees the Stripe library. Amounts are in the currency's minor unit (cents), as Stripe gives them.
 * Implementations throw {@link Declined} when Stripe refuses a card and {@link Unavailable} for anything that may
 * succeed when tried again (network, Stripe's server errors, rate limits).
 */
public interface StripeGateway {
    /** A customer for the tenant; the idempotency key makes a retried first call create one customer, not two. */
    String createCustomer(String tenant, String idempotencyKey);

    /**
     * A hosted Checkout session in subscription mode for these quantities (price id → quantity).
     * @param trialEnd when set, the subscription starts now but is first charged then (a switch from Lightning,
     *                 whose paid period runs until that time)
     */
    Checkout createCheckout(
            String customer,
            String tenant,
            Map<String, Long> quantities,
            Long trialEnd,
            String successUrl,
            String cancelUrl,
            String idempotencyKey);

    /**
     * A Checkout session as Stripe has it now (asked with the secret key, so unlike the browser's return to the success
     * URL it can be trusted): its status (open, complete or expired) and, once complete, the subscription it started.
     */
    CheckoutSession retrieveCheckout(String id);

    /**
     * Expires an open Checkout session so it can no longer be paid.
     * @return whether it is expired now (true too when it had expired already); false when it was completed
     */
    boolean expireCheckout(String id);

    Subscription retrieveSubscription(String id);

    /**
     * Sets the subscription's quantities (price id → quantity; 0 removes the item).
     * @param chargeNow prorate and invoice at once, and fail without changing anything when the payment fails
     *                  (paid before served); otherwise change the quantities for the next period without proration
     */
    Subscription updateQuantities(
            String subscription, Map<String, Long> quantities, boolean chargeNow, String idempotencyKey);

    /** Ends the subscription at the end of its current period (true) or takes that back (false). */
    Subscription cancelAtPeriodEnd(String subscription, boolean cancel);

    /** Ends the subscription now (nothing is owed on it when Caravel does this). */
    Subscription cancelNow(String subscription);

    StripeInvoice retrieveInvoice(String id);

    /** A price's amount per unit (minor unit) and currency: what one relay on its plan costs per period by card. */
    Price retrievePrice(String id);

    record Price(String id, long unitAmount, String currency) {}

    /**
     * A hosted Checkout session in payment mode: one charge of {@code amount} (the currency's minor unit) for one
     * Caravel invoice, named in the session's metadata ({@code invoice}, {@code tenant}).
     */
    Checkout createPaymentCheckout(InvoiceCharge charge, String idempotencyKey);

    /** What a payment-mode Checkout session charges, for which invoice, and where the payer returns to. */
    record InvoiceCharge(
            String customer,
            String tenant,
            String invoice,
            String currency,
            long amount,
            String description,
            String successUrl,
            String cancelUrl) {}

    /** A payment-mode Checkout session as Stripe has it now (asked with the secret key, so it can be trusted). */
    PaymentCheckout retrievePaymentCheckout(String id);

    /**
     * @param status        open, complete or expired
     * @param paymentStatus paid, unpaid or no_payment_required (Stripe's: "complete" alone does not mean paid, as
     *                      with delayed payment methods)
     * @param invoice       the Caravel invoice in the session's metadata (null if none)
     */
    record PaymentCheckout(
            String id, String status, String paymentStatus, long amountTotal, String currency, String invoice) {
        public boolean paid() {
            return status.equals("complete") && paymentStatus.equals("paid");
        }
    }

    /** A customer-portal session URL that returns to returnUrl. */
    String portalSession(String customer, String returnUrl);

    record Checkout(String id, String url) {}

    /** @param subscription the subscription the session started (null until it is complete) */
    record CheckoutSession(String id, String status, String subscription) {
        public boolean complete() {
            return status.equals("complete");
        }
    }

    record Item(String id, String price, long quantity, Long periodStart, Long periodEnd) {}

    /** @param status Stripe's: incomplete, incomplete_expired, trialing, active, past_due, canceled, unpaid, paused */
    record Subscription(
            String id,
            String customer,
            String status,
            boolean cancelAtPeriodEnd,
            List<Item> items,
            Map<String, String> metadata,
            String latestInvoice) {
        /** Whether the subscription still pays for its quantities (everything but never-paid and ended ones). */
        public boolean live() {
            return !(status.equals("incomplete") || status.equals("incomplete_expired") || status.equals("canceled"));
        }

        public long quantity(String price) {
            return items.stream()
                    .filter(i -> i.price().equals(price))
                    .mapToLong(Item::quantity)
                    .sum();
        }

        public Long periodEnd() {
            return items.stream()
                    .map(Item::periodEnd)
                    .filter(java.util.Objects::nonNull)
                    .max(Long::compare)
                    .orElse(null);
        }

        public Long periodStart() {
            return items.stream()
                    .map(Item::periodStart)
                    .filter(java.util.Objects::nonNull)
                    .min(Long::compare)
                    .orElse(null);
        }
    }

    /** @param status draft, open, paid, uncollectible, void */
    record StripeInvoice(
            String id,
            String customer,
            String subscription,
            String status,
            long amountDue,
            long amountPaid,
            String currency,
            String billingReason,
            String hostedInvoiceUrl,
            Long periodStart,
            Long periodEnd,
            long created) {}

    /** Stripe refused the card (or the payment needs an action the customer has not taken). */
    final class Declined extends RuntimeException {
        public Declined(String message) {
            super(message);
        }
    }

    /** Stripe could not be reached or answered with an error worth retrying. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Stripe refused the request itself (a programming or configuration error: not retried). */
    final class Rejected extends RuntimeException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
