package caravel.billing;

import caravel.domain.Actor;
import caravel.store.ActivityLog;
import caravel.store.Tenant;
import org.jdbi.v3.core.Jdbi;

/**
 * What autopay records and tells the tenant: an invoice held back for the owner to confirm, a payment that failed
 * (on the invoice, in the activity, by DM once), a payment made.
 */
public record AutopayNotes(
        Jdbi jdbi, InvoiceStore invoices, ActivityLog activity, Notices notices, InvoiceLinks links) {
    /** An invoice held back {@code why}: on the invoice (the web app shows it), in the activity, and by DM once. */
    void held(Invoice inv, Tenant t, String why, long now) {
        // the hold, its activity row and the owner's DM commit together: whoever sees the hold sees why, and a crash
        // between them cannot leave a hold nobody was told of
        jdbi.useTransaction(h -> {
            if (!invoices.holdAutopay(h, inv.id(), why)) return;
            activity.add(
                    h,
                    t.pubkey(),
                    null,
                    "autopay_held",
                    "Autopay did not pay an invoice of " + Messages.sats(inv.amount()) + ": " + why,
                    Actor.SYSTEM,
                    now);
            notices.send(
                    h,
                    t.pubkey(),
                    null,
                    Messages.invoiceIssued(inv, why, links.pay(inv.id())),
                    "dm:invoice:" + inv.id());
        });
    }

    /** Records why autopay did not pay: the tenant sees it on the invoice and in the activity, and by DM once. */
    void failed(Invoice inv, Tenant t, String msg, boolean dm, long now) {
        jdbi.useHandle(h -> invoices.setAutopayError(h, inv.id(), msg));
        activity.add(
                t.pubkey(),
                null,
                "autopay_failed",
                "Autopay could not pay an invoice of " + Messages.sats(inv.amount()) + ": " + msg,
                Actor.SYSTEM,
                now);
        if (dm)
            jdbi.useHandle(h -> notices.send(
                    h,
                    t.pubkey(),
                    null,
                    Messages.invoiceIssued(inv, msg, links.pay(inv.id())),
                    "dm:invoice:" + inv.id()));
    }

    /** A payment autopay sent from the tenant's wallet (confirmed by the owner, or within the budget). */
    void paid(Invoice inv, Tenant t, boolean confirmed, long now) {
        activity.add(
                t.pubkey(),
                null,
                "autopay",
                "Autopay paid " + Messages.sats(inv.amount() - inv.creditApplied()) + " from your wallet"
                        + (confirmed ? " (confirmed by you)" : ""),
                Actor.SYSTEM,
                now);
    }
}
