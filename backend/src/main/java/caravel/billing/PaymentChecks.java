package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.util.List;
import java.util.Optional;

/**
 * "Check payment" for one invoice or a whole account, asking the payment rails themselves rather than waiting for
 * their notifications: the platform wallet for Lightning requests, Stripe (when card payments are on) for card
 * checkouts and the card subscription. A hosting app calls this when the browser comes back from a payment page, so a
 * payment made there counts at once even if the wallet's notification or Stripe's webhook is late or lost.
 */
public final class PaymentChecks {
    /** What the card rail reads from Stripe (implemented by the card rail, absent without Stripe). */
    public interface CardChecks {
        /** Settles the invoice's paid card checkouts. */
        void checkInvoice(String invoice);

        /** Settles the account's paid card checkouts and brings its card subscription up to date. */
        void checkTenant(String tenant);
    }

    /** How many open Lightning invoices one account check asks the wallet about (each is one look-up per request). */
    static final int LIGHTNING_CHECKS_PER_ACCOUNT = 5;

    private final PaymentConfirmation payments;
    private final InvoiceStore invoices;
    private final Optional<? extends CardChecks> cards;
    private final TenantStore tenants;

    public PaymentChecks(
            PaymentConfirmation payments,
            InvoiceStore invoices,
            Optional<? extends CardChecks> cards,
            TenantStore tenants) {
        this.payments = payments;
        this.invoices = invoices;
        this.cards = cards;
        this.tenants = tenants;
    }

    /** The invoice as it is once every way it could have been paid was asked. */
    public Invoice invoice(String id) throws LightningWallet.WalletException {
        cards.ifPresent(c -> c.checkInvoice(id));
        Invoice inv = invoices.find(id).orElseThrow();
        if (inv.status() == InvoiceStatus.PENDING && !inv.onCard()) inv = payments.check(id);
        return inv;
    }

    /**
     * The account as it is once its card side was read from Stripe and its oldest open Lightning invoices from the
     * wallet (a bounded number: the payment listener settles the rest as the wallet reports them).
     */
    public Tenant tenant(String tenant) throws LightningWallet.WalletException {
        cards.ifPresent(c -> c.checkTenant(tenant));
        List<Invoice> open =
                invoices
                        .forTenant(tenant, InvoiceStatus.PENDING, new caravel.store.Page.Request(1, 50))
                        .items()
                        .stream()
                        .filter(i -> !i.onCard() && i.paymentHash() != null)
                        .sorted(java.util.Comparator.comparingLong(Invoice::createdAt))
                        .limit(LIGHTNING_CHECKS_PER_ACCOUNT)
                        .toList();
        for (Invoice i : open) payments.check(i.id());
        return tenants.find(tenant).orElseThrow();
    }
}
