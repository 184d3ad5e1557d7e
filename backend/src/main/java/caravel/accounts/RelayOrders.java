package caravel.accounts;

import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.LightningWallet;
import caravel.billing.PaymentConfirmation;
import caravel.relays.Relays;
import caravel.store.Relay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant orders a relay: the relay is created (with its first invoice, on a paid plan) and that invoice gets its
 * bolt11 at once when the platform wallet answers in time, so the creating page can show it without a second call.
 * Lives above relays and billing because it uses both, and relays must not see billing's classes.
 */
public final class RelayOrders {
    private static final Logger log = LoggerFactory.getLogger(RelayOrders.class);

    /** The new relay and its first invoice (null on the free plan or the card rail). */
    public record Order(Relay relay, Invoice invoice) {}

    private final Relays relays;
    private final PaymentConfirmation billing;
    private final InvoiceStore invoices;

    public RelayOrders(Relays relays, PaymentConfirmation billing, InvoiceStore invoices) {
        this.relays = relays;
        this.billing = billing;
        this.invoices = invoices;
    }

    public Order create(Relays.NewRelay n, String actor) {
        Relays.Created created = relays.create(n, actor);
        return new Order(created.relay(), created.invoiceId() == null ? null : issueNow(created.invoiceId()));
    }

    /**
     * A just-created invoice with its bolt11 when the wallet answers in time; without it otherwise (the issue job and
     * GET /bolt11 retry). BILLING: this is billing's operation; it belongs in Billing (e.g. Billing.issueNow) and this
     * method should call that once the billing branch has it.
     */
    private Invoice issueNow(String invoiceId) {
        try {
            return billing.ensureBolt11(invoiceId);
        } catch (LightningWallet.WalletException | RuntimeException e) {
            log.warn("invoice {}: no bolt11 yet ({}); it will be retried", invoiceId, e.getMessage());
            return invoices.find(invoiceId).orElseThrow();
        }
    }
}
