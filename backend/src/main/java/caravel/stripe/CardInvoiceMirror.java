package caravel.stripe;

import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.Messages;
import caravel.billing.Notices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.Renewals;
import caravel.domain.Actor;
import caravel.domain.InvoiceStatus;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.TenantStore;
import caravel.stripe.StripeGateway.StripeInvoice;
import org.jdbi.v3.core.Handle;

/**
 * Stripe's invoices mirrored into invoices (rail card), inside the webhook's transaction, so a failed renewal is an
 * unpaid invoice like any other: 7 days of grace, then suspension, lifted when Stripe's retry (or the customer) pays
 * it. Works from the invoice fetched fresh from Stripe, as {@link CardLedger} does from the subscription.
 */
public final class CardInvoiceMirror {
    private final CardStore cards;
    private final InvoiceStore invoices;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final Notices notices;
    private final PaymentConfirmation payments;

    /** @param payments lifts a suspension once the invoices that caused it are paid */
    public CardInvoiceMirror(
            CardStore cards,
            InvoiceStore invoices,
            TenantStore tenants,
            ActivityLog activity,
            Notices notices,
            PaymentConfirmation payments) {
        this.cards = cards;
        this.invoices = invoices;
        this.tenants = tenants;
        this.activity = activity;
        this.notices = notices;
        this.payments = payments;
    }

    /**
     * A Stripe invoice mirrored into invoices. Its status only moves forward (a paid or void row never goes back),
     * so a late copy of an older state changes nothing.
     * @param failure why the card was refused (invoice.payment_failed), else null
     */
    void applyInvoice(Handle h, String tenant, StripeInvoice si, String failure, long now) {
        if (si.subscription() != null && !cards.adopted(h, si.subscription(), tenant))
            return; // not a subscription the tenant took up
        InvoiceStatus status = switch (si.status()) {
            case "paid" -> InvoiceStatus.PAID;
            case "void" -> InvoiceStatus.VOID;
            default -> InvoiceStatus.PENDING; // draft, open, uncollectible: still owed
        };
        if (status == InvoiceStatus.PENDING && !"open".equals(si.status()) && !"uncollectible".equals(si.status()))
            return; // drafts are not owed yet
        String kind = switch (si.billingReason() == null ? "" : si.billingReason()) {
            case "subscription_create" -> "initial";
            case "subscription_cycle" -> "renewal";
            default -> "proration";
        };
        // a creation or quantity change is paid before it is served (never suspends); a renewal bills service given
        boolean gated = !kind.equals("renewal");
        String id = invoices.idByStripeInvoice(h, si.id()).orElse(null);
        // a paid invoice of nothing (the trial a switch from Lightning starts with: the card is first charged when the
        // Lightning period ends) charged no one: a "$0.00 Paid" row for no relays would only say a payment happened
        if (id == null && status == InvoiceStatus.PAID && si.amountDue() <= 0 && si.amountPaid() <= 0) return;
        InvoiceStatus before = null;
        if (id == null) {
            id = Ids.newId();
            invoices.insertCard(
                    h,
                    id,
                    tenant,
                    Math.max(0, si.amountDue()),
                    si.created(),
                    si.periodStart(),
                    si.periodEnd(),
                    kind,
                    gated,
                    si.currency(),
                    si.id(),
                    si.hostedInvoiceUrl());
            before = InvoiceStatus.PENDING;
        } else {
            before = invoices.status(h, id);
            invoices.updateCard(h, id, Math.max(0, si.amountDue()), si.hostedInvoiceUrl());
        }
        if (failure != null && status == InvoiceStatus.PENDING && invoices.setPaymentError(h, id, failure)) {
            Invoice inv = invoices.find(h, id).orElseThrow();
            activity.add(
                    h,
                    tenant,
                    null,
                    "card_payment_failed",
                    "A card payment of " + Messages.money(inv) + " failed: " + failure
                            + (gated
                                    ? ""
                                    : ". Stripe retries the card; relays are suspended if it is still unpaid 7 days after "
                                            + Messages.day(inv.dueAt())),
                    Actor.SYSTEM,
                    now);
            notices.send(
                    h,
                    tenant,
                    null,
                    "Your card payment of " + Messages.money(inv) + " for Caravel invoice " + id + " failed: " + failure
                            + "."
                            + (gated
                                    ? ""
                                    : " Stripe will try again; your paid relays are suspended if it is still unpaid on "
                                            + Messages.day(inv.dueAt() + Renewals.GRACE_SECONDS) + ".")
                            + (si.hostedInvoiceUrl() != null
                                    ? "\n\nPay it or change your card here:\n" + si.hostedInvoiceUrl()
                                    : ""),
                    "dm:card-failed:" + si.id());
        }
        if (before != InvoiceStatus.PENDING || status == InvoiceStatus.PENDING) return;
        if (!invoices.closeCard(h, id, status, status == InvoiceStatus.PAID ? now : null)) return;
        if (status == InvoiceStatus.VOID) return;
        Invoice inv = invoices.find(h, id).orElseThrow();
        activity.add(
                h,
                tenant,
                null,
                "card_payment",
                "Card payment of " + Messages.money(inv) + " received",
                Actor.SYSTEM,
                now);
        tenants.setCardError(h, tenant, null);
        notices.send(h, tenant, null, Messages.paymentReceived(inv), "dm:paid:" + id);
        payments.liftIfSettled(h, tenant); // a renewal paid late (Stripe's retry) lifts the suspension it caused
    }
}
