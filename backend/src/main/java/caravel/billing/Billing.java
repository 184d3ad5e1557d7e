package caravel.billing;

import caravel.domain.Actor;
import caravel.domain.Plan;
import caravel.relays.RelayBilling;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * Billing as the relay lifecycle sees it ({@link RelayBilling}). Its operations belong to three owners that depend
 * on each other one way only (payments need charges, the grace rules need both), so no one of them can present the
 * whole interface: charges and voids are {@link Invoicing}'s, asking the wallet before a change is
 * {@link PaymentConfirmation}'s, waiving an overdue invoice is {@link Renewals}' (the grace rules).
 */
public final class Billing implements RelayBilling {
    private final Invoicing invoicing;
    private final PaymentConfirmation payments;
    private final Renewals renewals;

    public Billing(Invoicing invoicing, PaymentConfirmation payments, Renewals renewals) {
        this.invoicing = invoicing;
        this.payments = payments;
        this.renewals = renewals;
    }

    @Override
    public String firstInvoice(Handle h, Relay r, Actor causedBy) {
        return invoicing.firstInvoice(h, r, causedBy);
    }

    @Override
    public String upgradeInvoice(Handle h, Relay r, Plan to, Actor causedBy) {
        return invoicing.upgradeInvoice(h, r, to, causedBy);
    }

    @Override
    public boolean reactivationPaid(Handle h, Relay r) {
        return invoicing.reactivationPaid(h, r);
    }

    @Override
    public String onReactivated(Handle h, Relay r, Actor causedBy) {
        return invoicing.onReactivated(h, r, causedBy);
    }

    @Override
    public void renewNow(Handle h, String tenant) {
        invoicing.renewNow(h, tenant);
    }

    @Override
    public boolean isPaid(Handle h, String invoice) {
        return invoicing.isPaid(h, invoice);
    }

    @Override
    public void voidUnpaid(Handle h, String invoice, String why) {
        invoicing.voidUnpaid(h, invoice, why);
    }

    @Override
    public void settleKnownPayments(Relay r) {
        payments.settleKnownPayments(r);
    }

    @Override
    public java.util.List<String> unpaidServiceInvoices(Handle h, Relay r) {
        return invoicing.unpaidServiceInvoices(h, r);
    }

    @Override
    public void waiveOverdue(Handle h, String tenant, Actor admin) {
        renewals.waiveOverdue(h, tenant, admin);
    }

    @Override
    public boolean owesFor(Handle h, Relay r) {
        return invoicing.owesFor(h, r);
    }

    @Override
    public void ownerChanged(Handle h, Relay r, String from, String to) {
        invoicing.ownerChanged(h, r, from, to);
    }
}
