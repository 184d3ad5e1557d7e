package caravel.relays;

import caravel.domain.Actor;
import caravel.domain.Plan;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * What the relay lifecycle needs from billing, called inside the relay change's own transaction. Billing implements
 * it; the relays package never sees billing's classes, so the dependency points one way (billing → relays).
 */
public interface RelayBilling {
    /**
     * The gated first invoice of a relay on a paid plan; null when nothing is to be invoiced (free plan, card rail).
     * {@code causedBy}, here and below: who acts to cause the charge ({@link Actor#SYSTEM} for billing's own steps);
     * autopay pays only what the account's own key or the system caused.
     */
    String firstInvoice(Handle h, Relay r, Actor causedBy);

    /** The gated invoice for an upgrade to {@code to}; null when the card rail charges it instead. */
    String upgradeInvoice(Handle h, Relay r, Plan to, Actor causedBy);

    /**
     * Whether a paid relay may come back into service before anything more is charged: true on Lightning (the rest of
     * the cycle is invoiced afterwards, with grace, by {@link #onReactivated}); on card only when the subscription
     * already pays for its place this period. Otherwise it waits for payment as a new relay does.
     */
    boolean reactivationPaid(Handle h, Relay r);

    /** A paid relay back in service mid-cycle: the invoice for the rest of the cycle, or null when it is covered. */
    String onReactivated(Handle h, Relay r, Actor causedBy);

    /** Renews the tenant's cycle if it turned, before a change is priced. */
    void renewNow(Handle h, String tenant);

    boolean isPaid(Handle h, String invoice);

    /** Cancels a pending invoice, returning any credit it used. */
    void voidUnpaid(Handle h, String invoice, String why);

    /** Outside any transaction: asks the wallet whether the relay's unpaid invoices were paid, before they are voided. */
    void settleKnownPayments(Relay r);

    /**
     * The unpaid invoices with a line for this relay other than its first and upgrade invoices (those bill service it
     * has not had yet): renewals and prorations for time it was in service, which its deletion does not cancel.
     */
    java.util.List<String> unpaidServiceInvoices(Handle h, Relay r);

    /** An administrator lifts the suspension an overdue invoice causes. */
    void waiveOverdue(Handle h, String tenant, Actor admin);

    /** Whether the relay has an invoice not yet paid (its first, an upgrade, a renewal line): a transfer waits for it. */
    boolean owesFor(Handle h, Relay r);

    /**
     * The relay changed owners (in the caller's transaction, the row already moved): the period already paid stays
     * paid; from the next renewal the relay is the receiver's to pay.
     */
    void ownerChanged(Handle h, Relay r, String from, String to);
}
