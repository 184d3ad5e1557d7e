package caravel.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link StripeGateway} through the official stripe-java client, against STRIPE_API_BASE (Stripe's own API by default). */
public final class StripeJavaGateway implements StripeGateway {
    private final StripeClient client;

    public StripeJavaGateway(String secretKey, String apiBase) {
        // retries are the job runner's (with backoff); stripe-java's own would hide a slow Stripe from the caller
        this.client = StripeClient.builder()
                .setApiKey(secretKey)
                .setApiBase(apiBase)
                .setMaxNetworkRetries(0)
                .setConnectTimeout(10_000)
                .setReadTimeout(30_000)
                .build();
    }

    private static RequestOptions idempotent(String key) {
        return key == null
                ? RequestOptions.getDefault()
                : RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private interface Call<T> {
        T run() throws StripeException;
    }

    /** Maps the library's exceptions onto the gateway's three kinds (the message never carries the secret key). */
    private static <T> T call(String what, Call<T> c) {
        try {
            return c.run();
        } catch (CardException e) {
            throw new Declined(
                    e.getStripeError() != null && e.getStripeError().getMessage() != null
                            ? e.getStripeError().getMessage()
                            : "your card was declined");
        } catch (ApiConnectionException | RateLimitException e) {
            throw new Unavailable(what + ": " + e.getMessage(), e);
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            if (status != null && status == 402)
                throw new Declined(
                        e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage());
            if (status == null || status >= 500 || status == 409)
                throw new Unavailable(what + ": " + e.getMessage(), e);
            throw new Rejected(what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String createCustomer(String tenant, String idempotencyKey) {
        return call(
                "create customer",
                () -> client.v1()
                        .customers()
                        .create(
                                CustomerCreateParams.builder()
                                        .setDescription("Caravel tenant " + tenant)
                                        .putMetadata("tenant", tenant)
                                        .build(),
                                idempotent(idempotencyKey))
                        .getId());
    }

    @Override
    public Checkout createCheckout(
            String customer,
            String tenant,
            Map<String, Long> quantities,
            Long trialEnd,
            String successUrl,
            String cancelUrl,
            String idempotencyKey) {
        SessionCreateParams.SubscriptionData.Builder sub =
                SessionCreateParams.SubscriptionData.builder().putMetadata("tenant", tenant);
        if (trialEnd != null) sub.setTrialEnd(trialEnd);
        SessionCreateParams.Builder b = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customer)
                .setClientReferenceId(tenant)
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .setSubscriptionData(sub.build())
                .putMetadata("tenant", tenant);
        quantities.forEach((price, q) -> {
            if (q > 0)
                b.addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price)
                        .setQuantity(q)
                        .build());
        });
        var s = call(
                "create checkout session",
                () -> client.v1().checkout().sessions().create(b.build(), idempotent(idempotencyKey)));
        return new Checkout(s.getId(), s.getUrl());
    }

    @Override
    public CheckoutSession retrieveCheckout(String id) {
        var s = call(
                "retrieve checkout session",
                () -> client.v1().checkout().sessions().retrieve(id));
        return new CheckoutSession(s.getId(), s.getStatus(), s.getSubscription());
    }

    @Override
    public Checkout createPaymentCheckout(InvoiceCharge c, String idempotencyKey) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setCustomer(c.customer())
                .setClientReferenceId(c.tenant())
                .setSuccessUrl(c.successUrl())
                .setCancelUrl(c.cancelUrl())
                .putMetadata("tenant", c.tenant())
                .putMetadata("invoice", c.invoice())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(c.currency())
                                .setUnitAmount(c.amount())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(c.description())
                                        .build())
                                .build())
                        .build())
                .build();
        var s = call(
                "create payment checkout session",
                () -> client.v1().checkout().sessions().create(params, idempotent(idempotencyKey)));
        return new Checkout(s.getId(), s.getUrl());
    }

    @Override
    public PaymentCheckout retrievePaymentCheckout(String id) {
        var s = call(
                "retrieve checkout session",
                () -> client.v1().checkout().sessions().retrieve(id));
        return new PaymentCheckout(
                s.getId(),
                s.getStatus(),
                s.getPaymentStatus(),
                nz(s.getAmountTotal()),
                s.getCurrency(),
                s.getMetadata() == null ? null : s.getMetadata().get("invoice"));
    }

    @Override
    public boolean expireCheckout(String id) {
        var s = call(
                "retrieve checkout session",
                () -> client.v1().checkout().sessions().retrieve(id));
        if (!"open".equals(s.getStatus())) return "expired".equals(s.getStatus());
        try {
            return "expired"
                    .equals(call(
                                    "expire checkout session",
                                    () -> client.v1().checkout().sessions().expire(id))
                            .getStatus());
        } catch (Rejected e) {
            return false; // completed between the two calls
        }
    }

    @Override
    public Subscription retrieveSubscription(String id) {
        return map(
                call("retrieve subscription", () -> client.v1().subscriptions().retrieve(id)));
    }

    @Override
    public Subscription updateQuantities(
            String subscription, Map<String, Long> quantities, boolean chargeNow, String idempotencyKey) {
        com.stripe.model.Subscription current =
                call("retrieve subscription", () -> client.v1().subscriptions().retrieve(subscription));
        Map<String, String> itemByPrice = new HashMap<>();
        for (SubscriptionItem i : current.getItems().getData())
            itemByPrice.put(i.getPrice().getId(), i.getId());
        SubscriptionUpdateParams.Builder b = SubscriptionUpdateParams.builder();
        quantities.forEach((price, q) -> {
            String item = itemByPrice.get(price);
            if (item == null && q == 0) return;
            SubscriptionUpdateParams.Item.Builder ib = SubscriptionUpdateParams.Item.builder();
            if (item == null) ib.setPrice(price).setQuantity(q);
            else if (q == 0) ib.setId(item).setDeleted(true);
            else ib.setId(item).setQuantity(q);
            b.addItem(ib.build());
        });
        if (chargeNow) {
            // the proration is invoiced and paid now; a refused card changes nothing (paid before served)
            b.setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.ALWAYS_INVOICE)
                    .setPaymentBehavior(SubscriptionUpdateParams.PaymentBehavior.ERROR_IF_INCOMPLETE);
        } else {
            b.setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE);
        }
        return map(call(
                "update subscription",
                () -> client.v1().subscriptions().update(subscription, b.build(), idempotent(idempotencyKey))));
    }

    @Override
    public Subscription cancelAtPeriodEnd(String subscription, boolean cancel) {
        return map(call(
                "update subscription",
                () -> client.v1()
                        .subscriptions()
                        .update(
                                subscription,
                                SubscriptionUpdateParams.builder()
                                        .setCancelAtPeriodEnd(cancel)
                                        .build())));
    }

    @Override
    public Subscription cancelNow(String subscription) {
        return map(call(
                "cancel subscription",
                () -> client.v1()
                        .subscriptions()
                        .cancel(subscription, SubscriptionCancelParams.builder().build())));
    }

    @Override
    public Price retrievePrice(String id) {
        var p = call("retrieve price", () -> client.v1().prices().retrieve(id));
        return new Price(p.getId(), p.getUnitAmount() == null ? 0 : p.getUnitAmount(), p.getCurrency());
    }

    @Override
    public StripeInvoice retrieveInvoice(String id) {
        var i = call("retrieve invoice", () -> client.v1().invoices().retrieve(id));
        String sub = i.getParent() != null && i.getParent().getSubscriptionDetails() != null
                ? i.getParent().getSubscriptionDetails().getSubscription()
                : null;
        // the lines' periods are the service paid for (the invoice's own period is the one before, for renewals)
        Long start = null, end = null;
        if (i.getLines() != null)
            for (var line : i.getLines().getData())
                if (line.getPeriod() != null) {
                    start = start == null
                            ? line.getPeriod().getStart()
                            : Math.min(start, line.getPeriod().getStart());
                    end = end == null
                            ? line.getPeriod().getEnd()
                            : Math.max(end, line.getPeriod().getEnd());
                }
        return new StripeInvoice(
                i.getId(),
                i.getCustomer(),
                sub,
                i.getStatus(),
                nz(i.getAmountDue()),
                nz(i.getAmountPaid()),
                i.getCurrency(),
                i.getBillingReason(),
                i.getHostedInvoiceUrl(),
                start != null ? start : i.getPeriodStart(),
                end != null ? end : i.getPeriodEnd(),
                nz(i.getCreated()));
    }

    @Override
    public String portalSession(String customer, String returnUrl) {
        return call(
                        "create portal session",
                        () -> client.v1()
                                .billingPortal()
                                .sessions()
                                .create(com.stripe.param.billingportal.SessionCreateParams.builder()
                                        .setCustomer(customer)
                                        .setReturnUrl(returnUrl)
                                        .build()))
                .getUrl();
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static Subscription map(com.stripe.model.Subscription s) {
        List<Item> items = new ArrayList<>();
        if (s.getItems() != null)
            for (SubscriptionItem i : s.getItems().getData())
                items.add(new Item(
                        i.getId(),
                        i.getPrice().getId(),
                        nz(i.getQuantity()),
                        i.getCurrentPeriodStart(),
                        i.getCurrentPeriodEnd()));
        return new Subscription(
                s.getId(),
                s.getCustomer(),
                s.getStatus(),
                Boolean.TRUE.equals(s.getCancelAtPeriodEnd()),
                items,
                s.getMetadata() == null ? Map.of() : Map.copyOf(s.getMetadata()),
                s.getLatestInvoice());
    }
}
